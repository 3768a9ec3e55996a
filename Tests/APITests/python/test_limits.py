"""Limits per state machine (Stepwise tags) over the API, with boto3. Usage: python3 test_limits.py ENDPOINT"""
import json
import sys
import time
import unittest
import urllib.request
import uuid

import boto3
import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ENDPOINT = sys.argv.pop(1) if len(sys.argv) > 1 else "http://127.0.0.1:8083"
ROLE = "arn:aws:iam::123456789012:role/r"
WAIT = json.dumps({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}})


def client(key="test", secret="test"):
    return boto3.client("stepfunctions", endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id=key,
                        aws_secret_access_key=secret, config=botocore.config.Config(retries={"max_attempts": 0}))


def stepwise(action, body):
    data = json.dumps(body).encode()
    request = AWSRequest(method="POST", url=ENDPOINT + "/", data=data,
                         headers={"X-Amz-Target": "Stepwise." + action, "Content-Type": "application/x-amz-json-1.0"})
    SigV4Auth(Credentials("test", "test"), "states", "us-east-1").add_auth(request)
    req = urllib.request.Request(ENDPOINT + "/", data=data, headers=dict(request.headers), method="POST")
    return json.loads(urllib.request.urlopen(req).read())


def tags(**values):
    return [{"key": "stepwise:" + k, "value": v} for k, v in values.items()]


class Limits(unittest.TestCase):
    def setUp(self):
        self.sfn = client()

    def machine(self, **limits):
        return self.sfn.create_state_machine(name="l-" + uuid.uuid4().hex[:8], definition=WAIT, roleArn=ROLE,
                                             tags=tags(**limits))["stateMachineArn"]

    def error(self, call, code, message=None, **kwargs):
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            call(**kwargs)
        self.assertEqual(cm.exception.response["Error"]["Code"], code, cm.exception.response)
        if message:
            self.assertIn(message, cm.exception.response["Error"]["Message"])
        return cm.exception.response["Error"]["Message"]

    def status(self, arn):
        return self.sfn.describe_execution(executionArn=arn)["status"]

    def wait_status(self, arn, status, seconds=10):
        deadline = time.time() + seconds
        while time.time() < deadline and self.status(arn) != status:
            time.sleep(0.05)
        self.assertEqual(self.status(arn), status, arn)

    def test_bad_limits_are_refused_before_anything_is_written(self):
        arn = self.machine()
        for value in ["0", "-1", "abc", "1.5", "1000001", ""]:
            self.error(self.sfn.tag_resource, "ValidationException", "stepwise:maxOpen", resourceArn=arn, tags=tags(maxOpen=value))
        self.error(self.sfn.tag_resource, "ValidationException", "stepwise:maxOpenPerTree", resourceArn=arn, tags=tags(maxOpenPerTree="0"))
        self.error(self.sfn.tag_resource, "ValidationException", "'fail' or 'queue'", resourceArn=arn, tags=tags(onLimit="wait"))
        self.error(self.sfn.tag_resource, "ValidationException", "Unknown Stepwise tag", resourceArn=arn, tags=tags(maxopen="3"))
        self.assertEqual(self.sfn.list_tags_for_resource(resourceArn=arn)["tags"], [])
        name = "bad-" + uuid.uuid4().hex[:8]
        self.error(self.sfn.create_state_machine, "ValidationException", name=name, definition=WAIT, roleArn=ROLE, tags=tags(maxOpen="0"))
        self.assertNotIn(name, [m["name"] for m in self.sfn.list_state_machines()["stateMachines"]])
        activity = self.sfn.create_activity(name="a-" + uuid.uuid4().hex[:8])["activityArn"]
        self.error(self.sfn.tag_resource, "ValidationException", "is not one", resourceArn=activity, tags=tags(maxOpen="3"))
        # Another account's state machine does not exist for this caller.
        self.error(client("test2", "test2").tag_resource, "ResourceNotFound", resourceArn=arn, tags=tags(maxOpen="3"))

    def test_a_limit_that_fails(self):
        arn = self.machine(maxOpen="1")
        first = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        message = self.error(self.sfn.start_execution, "ExecutionLimitExceeded", stateMachineArn=arn)
        self.assertIn("its limit is 1", message)
        self.sfn.stop_execution(executionArn=first)
        self.sfn.start_execution(stateMachineArn=arn)

    def test_a_limit_that_queues(self):
        arn = self.machine(maxOpen="2", onLimit="queue")
        starts = [self.sfn.start_execution(stateMachineArn=arn, name=f"e{i}", input="{}") for i in range(5)]
        arns = [s["executionArn"] for s in starts]
        self.assertEqual([self.status(a) for a in arns], ["RUNNING", "RUNNING", "PENDING", "PENDING", "PENDING"])
        # Same name and input while it waits: the same execution, as for a running one.
        again = self.sfn.start_execution(stateMachineArn=arn, name="e2", input="{}")
        self.assertEqual(again["executionArn"], arns[2])
        self.assertEqual(self.sfn.get_execution_history(executionArn=arns[2])["events"], [])
        pending = self.sfn.list_executions(stateMachineArn=arn, statusFilter="PENDING")["executions"]
        self.assertEqual(sorted(e["executionArn"] for e in pending), sorted(arns[2:]))
        quota = stepwise("DescribeAccountQuota", {})
        entry = next(m for m in quota["stateMachineLimits"] if m["stateMachineArn"] == arn)
        self.assertEqual(entry, {"stateMachineArn": arn, "maxOpenExecutions": 2, "onLimit": "queue",
                                 "openExecutions": 2, "pendingExecutions": 3})
        metrics = urllib.request.urlopen(ENDPOINT + "/metrics").read().decode()
        labels = '{account="123456789012",state_machine="%s"}' % arn.split(":")[-1]
        self.assertIn("stepwise_state_machine_max_open_executions%s 2" % labels, metrics)
        self.assertIn("stepwise_state_machine_open_executions%s 2" % labels, metrics)
        self.assertIn("stepwise_state_machine_pending_executions%s 3" % labels, metrics)
        # A queued execution stops where it is.
        stopped = self.sfn.stop_execution(executionArn=arns[3], error="Cancelled", cause="not needed")
        self.assertIn("stopDate", stopped)
        self.assertEqual(self.status(arns[3]), "ABORTED")
        history = self.sfn.get_execution_history(executionArn=arns[3])["events"]
        self.assertEqual([e["type"] for e in history], ["ExecutionAborted"])
        self.assertEqual(history[0]["executionAbortedEventDetails"], {"error": "Cancelled", "cause": "not needed"})
        # A slot frees: the first in the queue starts, the one behind it still waits.
        self.sfn.stop_execution(executionArn=arns[0])
        self.wait_status(arns[2], "RUNNING")
        self.assertEqual(self.status(arns[4]), "PENDING")
        history = self.sfn.get_execution_history(executionArn=arns[2])["events"]
        self.assertEqual(history[0]["type"], "ExecutionStarted")
        self.assertGreaterEqual(history[0]["timestamp"], starts[2]["startDate"])
        # Raising the limit lets the rest go at once.
        self.sfn.tag_resource(resourceArn=arn, tags=tags(maxOpen="3"))
        self.wait_status(arns[4], "RUNNING")
        # Removing it: no limit (and no queue) any more.
        self.sfn.untag_resource(resourceArn=arn, tagKeys=["stepwise:maxOpen", "stepwise:onLimit"])
        for i in range(4):
            self.assertEqual(self.status(self.sfn.start_execution(stateMachineArn=arn)["executionArn"]), "RUNNING")


if __name__ == "__main__":
    unittest.main(verbosity=2)
