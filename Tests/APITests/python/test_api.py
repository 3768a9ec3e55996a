"""The Step Functions API of a running Stepwise, driven by boto3 as a user would.

Usage: python3 test_api.py ENDPOINT   (exit 0 when every check passes)
"""
import json
import socket
import sys
import time
import unittest
import uuid

import boto3
import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
import http.client
import urllib.parse
import urllib.request

ENDPOINT = sys.argv.pop(1) if len(sys.argv) > 1 else "http://127.0.0.1:8083"
ROLE = "arn:aws:iam::123456789012:role/test"
ECHO = "arn:aws:lambda:us-east-1:123456789012:function:echo"
PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})


def client(key="test", secret="test"):
    return boto3.client("stepfunctions", endpoint_url=ENDPOINT, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={"max_attempts": 0}))


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def wait_end(sfn, arn, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING":
            return d
        time.sleep(0.05)
    raise AssertionError(f"{arn} still RUNNING")


def history(sfn, arn, **kw):
    events, token = [], None
    while True:
        page = sfn.get_execution_history(executionArn=arn, **kw, **({"nextToken": token} if token else {}))
        events += page["events"]
        token = page.get("nextToken")
        if not token:
            return events


class API(unittest.TestCase):
    sfn = client()

    def error(self, call, code, **kw):
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            call(**kw)
        self.assertEqual(cm.exception.response["Error"]["Code"], code, cm.exception.response)
        return cm.exception.response

    def machine(self, definition=PASS, name=None):
        return self.sfn.create_state_machine(name=name or unique("sm"), definition=definition, roleArn=ROLE)["stateMachineArn"]

    def test_state_machine_lifecycle(self):
        name = unique("life")
        created = self.sfn.create_state_machine(name=name, definition=PASS, roleArn=ROLE)
        arn = created["stateMachineArn"]
        self.assertEqual(arn, f"arn:aws:states:us-east-1:123456789012:stateMachine:{name}")
        d = self.sfn.describe_state_machine(stateMachineArn=arn)
        self.assertEqual((d["name"], d["status"], d["type"], d["definition"], d["roleArn"]), (name, "ACTIVE", "STANDARD", PASS, ROLE))
        # The same request again is idempotent; a different definition is a conflict.
        self.assertEqual(self.sfn.create_state_machine(name=name, definition=PASS, roleArn=ROLE)["stateMachineArn"], arn)
        other = json.dumps({"StartAt": "Q", "States": {"Q": {"Type": "Succeed"}}})
        self.error(self.sfn.create_state_machine, "StateMachineAlreadyExists", name=name, definition=other, roleArn=ROLE)
        # A start reads the machine through this process's short cache; an update or delete made
        # here must show in the very next start.
        before = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        u = self.sfn.update_state_machine(stateMachineArn=arn, definition=other)
        self.assertIn("updateDate", u)
        self.assertEqual(self.sfn.describe_state_machine(stateMachineArn=arn)["definition"], other)
        after = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        used = lambda ex: self.sfn.describe_state_machine_for_execution(executionArn=ex)
        self.assertEqual(used(before)["definition"], PASS)
        self.assertEqual((used(after)["definition"], used(after)["revisionId"]), (other, u["revisionId"]))
        wait_end(self.sfn, after)
        self.sfn.delete_state_machine(stateMachineArn=arn)
        self.error(self.sfn.describe_state_machine, "StateMachineDoesNotExist", stateMachineArn=arn)
        self.error(self.sfn.start_execution, "StateMachineDoesNotExist", stateMachineArn=arn)

    def test_validation_errors(self):
        self.error(self.sfn.create_state_machine, "InvalidName", name="bad name", definition=PASS, roleArn=ROLE)
        self.error(self.sfn.create_state_machine, "InvalidName", name="x" * 81, definition=PASS, roleArn=ROLE)
        self.error(self.sfn.create_state_machine, "InvalidDefinition", name=unique("d"), definition="{not json", roleArn=ROLE)
        self.error(self.sfn.create_state_machine, "InvalidDefinition", name=unique("d"),
                   definition=json.dumps({"StartAt": "Nope", "States": {"P": {"Type": "Pass", "End": True}}}), roleArn=ROLE)
        self.error(self.sfn.describe_state_machine, "InvalidArn", stateMachineArn="not-an-arn")
        missing = "arn:aws:states:us-east-1:123456789012:stateMachine:missing-" + uuid.uuid4().hex
        self.error(self.sfn.describe_state_machine, "StateMachineDoesNotExist", stateMachineArn=missing)
        self.error(self.sfn.start_execution, "StateMachineDoesNotExist", stateMachineArn=missing)
        self.error(self.sfn.describe_execution, "ExecutionDoesNotExist",
                   executionArn="arn:aws:states:us-east-1:123456789012:execution:missing:x")
        arn = self.machine()
        self.error(self.sfn.start_execution, "InvalidExecutionInput", stateMachineArn=arn, input="{oops")
        self.error(self.sfn.start_execution, "ValidationException", stateMachineArn=arn, input=json.dumps({"a": "x" * 262144}))
        self.error(self.sfn.start_execution, "InvalidName", stateMachineArn=arn, name="a/b")
        v = self.sfn.validate_state_machine_definition(definition="{\"StartAt\": 1}")
        self.assertEqual(v["result"], "FAIL")
        self.assertTrue(v["diagnostics"])
        self.assertEqual(self.sfn.validate_state_machine_definition(definition=PASS)["result"], "OK")

    def test_unknown_action_and_bad_body(self):
        for target, body, code in [("AWSStepFunctions.Nope", b"{}", "UnknownOperationException"),
                                   ("AWSStepFunctions.ListStateMachines", b"[1,", "SerializationException")]:
            request = AWSRequest(method="POST", url=ENDPOINT + "/", data=body,
                                 headers={"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.0"})
            SigV4Auth(Credentials("test", "test"), "states", "us-east-1").add_auth(request)
            req = urllib.request.Request(ENDPOINT + "/", data=body, headers=dict(request.headers), method="POST")
            try:
                urllib.request.urlopen(req)
                self.fail(f"{target} should fail")
            except urllib.error.HTTPError as e:
                self.assertEqual(e.code, 400)
                self.assertEqual(json.loads(e.read())["__type"], code)

    def test_http_connections(self):
        url = urllib.parse.urlparse(ENDPOINT)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        # Keep-alive: several requests on one connection, each answered in full.
        for _ in range(3):
            conn.request("GET", "/ping")
            response = conn.getresponse()
            self.assertEqual((response.status, response.read()), (200, b"{}"))
        conn.request("GET", "/nope")
        response = conn.getresponse()
        response.read()
        self.assertEqual(response.status, 404)
        # A body over the 2 MiB limit is refused with AWS's error shape, and the connection still works.
        body = b"x" * (3 * 1024 * 1024)
        conn.request("POST", "/", body=body, headers={"X-Amz-Target": "AWSStepFunctions.ListStateMachines",
                                                      "Content-Type": "application/x-amz-json-1.0"})
        response = conn.getresponse()
        self.assertEqual(response.status, 413)
        self.assertEqual(json.loads(response.read())["__type"], "ValidationException")
        # Connection: close is honoured.
        conn.request("GET", "/ping", headers={"Connection": "close"})
        response = conn.getresponse()
        self.assertEqual(response.getheader("Connection"), "close")
        self.assertEqual(response.read(), b"{}")
        conn.close()
        # A request that is not HTTP gets 400 and a closed connection, and the server goes on.
        with socket.create_connection((url.hostname, url.port), timeout=10) as raw:
            raw.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            self.assertIn(b" 400 ", raw.recv(4096))
        self.assertEqual(urllib.request.urlopen(ENDPOINT + "/ping").read(), b"{}")

    def test_execution_runs_through_a_worker(self):
        definition = json.dumps({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": ECHO, "End": True}}})
        arn = self.machine(definition)
        started = self.sfn.start_execution(stateMachineArn=arn, name="run-1", input='{"x": 1}')
        self.assertTrue(started["executionArn"].endswith(":run-1"))
        d = wait_end(self.sfn, started["executionArn"])
        self.assertEqual(d["status"], "SUCCEEDED")
        self.assertEqual(json.loads(d["output"]), {"x": 1})
        self.assertEqual(json.loads(d["input"]), {"x": 1})
        # Same name and input: the same execution; another input: ExecutionAlreadyExists.
        self.error(self.sfn.start_execution, "ExecutionAlreadyExists", stateMachineArn=arn, name="run-1", input='{"x": 2}')
        events = history(self.sfn, started["executionArn"])
        self.assertEqual([e["type"] for e in events], ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                                                       "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"])
        self.assertEqual([e["id"] for e in events], list(range(1, 8)))
        page = self.sfn.get_execution_history(executionArn=started["executionArn"], maxResults=3, reverseOrder=True)
        self.assertEqual([e["id"] for e in page["events"]], [7, 6, 5])
        self.assertIn("nextToken", page)
        self.assertEqual([e["id"] for e in history(self.sfn, started["executionArn"], maxResults=2)], list(range(1, 8)))
        smd = self.sfn.describe_state_machine_for_execution(executionArn=started["executionArn"])
        self.assertEqual(smd["definition"], definition)

    def test_list_executions_pages_and_filters(self):
        arn = self.machine()
        arns = [self.sfn.start_execution(stateMachineArn=arn)["executionArn"] for _ in range(5)]
        for a in arns:
            wait_end(self.sfn, a)
        seen, token = [], None
        while True:
            page = self.sfn.list_executions(stateMachineArn=arn, maxResults=2, **({"nextToken": token} if token else {}))
            seen += [e["executionArn"] for e in page["executions"]]
            token = page.get("nextToken")
            if not token:
                break
        self.assertEqual(sorted(seen), sorted(arns))
        self.assertEqual(len(self.sfn.list_executions(stateMachineArn=arn, statusFilter="SUCCEEDED")["executions"]), 5)
        self.assertEqual(self.sfn.list_executions(stateMachineArn=arn, statusFilter="RUNNING")["executions"], [])
        self.error(self.sfn.list_executions, "InvalidToken", stateMachineArn=arn, nextToken="garbage")

    def test_stop_execution(self):
        arn = self.machine(json.dumps({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}}))
        ex = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        self.assertIn("stopDate", self.sfn.stop_execution(executionArn=ex, error="E", cause="C"))
        d = self.sfn.describe_execution(executionArn=ex)
        self.assertEqual((d["status"], d["error"], d["cause"]), ("ABORTED", "E", "C"))
        self.assertEqual(history(self.sfn, ex)[-1]["type"], "ExecutionAborted")

    def test_task_token_callbacks(self):
        definition = json.dumps({"StartAt": "Wait", "States": {"Wait": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "echo", "Payload": {"token.$": "$$.Task.Token"}}, "End": True}}})
        arn = self.machine(definition)

        def token_of(ex):
            for _ in range(200):
                for e in history(self.sfn, ex):
                    if e["type"] == "TaskScheduled":
                        return json.loads(e["taskScheduledEventDetails"]["parameters"])["Payload"]["token"]
                time.sleep(0.05)
            raise AssertionError("no TaskScheduled")

        ok = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        self.sfn.send_task_heartbeat(taskToken=token_of(ok))
        self.sfn.send_task_success(taskToken=token_of(ok), output='{"done": true}')
        d = wait_end(self.sfn, ok)
        self.assertEqual((d["status"], json.loads(d["output"])), ("SUCCEEDED", {"done": True}))
        bad = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        self.error(self.sfn.send_task_success, "InvalidOutput", taskToken=token_of(bad), output="{nope")
        self.sfn.send_task_failure(taskToken=token_of(bad), error="My.Error", cause="because")
        d = wait_end(self.sfn, bad)
        self.assertEqual((d["status"], d["error"], d["cause"]), ("FAILED", "My.Error", "because"))
        self.error(self.sfn.send_task_success, "TaskTimedOut", taskToken=token_of(bad), output="{}")
        self.error(self.sfn.send_task_success, "InvalidToken", taskToken="not-a-token", output="{}")

        # A task that has ended while its execution runs on: every callback is TaskTimedOut, as on AWS.
        caught = json.dumps({"StartAt": "Wait", "States": {
            "Wait": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "TimeoutSeconds": 1,
                     "Parameters": {"FunctionName": "echo", "Payload": {"token.$": "$$.Task.Token"}},
                     "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Hold"}], "End": True},
            "Hold": {"Type": "Wait", "Seconds": 60, "End": True}}})
        late = self.sfn.start_execution(stateMachineArn=self.machine(caught))["executionArn"]
        token = token_of(late)
        for _ in range(400):
            if any(e["type"] == "WaitStateEntered" for e in history(self.sfn, late)):
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the task did not time out into the Wait state")
        self.assertEqual(self.sfn.describe_execution(executionArn=late)["status"], "RUNNING")
        self.error(self.sfn.send_task_success, "TaskTimedOut", taskToken=token, output="{}")
        self.error(self.sfn.send_task_failure, "TaskTimedOut", taskToken=token, error="E")
        self.error(self.sfn.send_task_heartbeat, "TaskTimedOut", taskToken=token)
        self.sfn.stop_execution(executionArn=late)

    def test_accounts_are_kept_apart(self):
        other = client("test2", "test2")
        arn = self.machine()
        ex = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        self.error(other.describe_state_machine, "StateMachineDoesNotExist", stateMachineArn=arn)
        self.error(other.start_execution, "StateMachineDoesNotExist", stateMachineArn=arn)
        self.error(other.describe_execution, "ExecutionDoesNotExist", executionArn=ex)
        self.error(other.stop_execution, "ExecutionDoesNotExist", executionArn=ex)
        self.assertNotIn(arn, [m["stateMachineArn"] for m in other.list_state_machines()["stateMachines"]])
        mine = other.create_state_machine(name=unique("two"), definition=PASS, roleArn="arn:aws:iam::210987654321:role/r")
        self.assertIn(":210987654321:", mine["stateMachineArn"])
        # A page token of one account is refused for another.
        for _ in range(3):
            self.machine()
        token = self.sfn.list_state_machines(maxResults=1)["nextToken"]
        self.error(other.list_state_machines, "InvalidToken", nextToken=token)

    def test_activities_over_http(self):
        name = unique("act")
        created = self.sfn.create_activity(name=name, tags=[{"key": "team", "value": "a"}])
        arn = created["activityArn"]
        self.assertEqual(arn, f"arn:aws:states:us-east-1:123456789012:activity:{name}")
        self.assertEqual(self.sfn.create_activity(name=name)["activityArn"], arn)
        self.assertEqual(self.sfn.describe_activity(activityArn=arn)["name"], name)
        self.assertIn(arn, [a["activityArn"] for a in self.sfn.list_activities()["activities"]])
        self.error(client("test2", "test2").describe_activity, "ActivityDoesNotExist", activityArn=arn)
        machine = self.machine(json.dumps({"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": arn, "End": True}}}))
        ex = self.sfn.start_execution(stateMachineArn=machine, input='{"job": 7}')["executionArn"]
        task = self.sfn.get_activity_task(activityArn=arn, workerName="py")
        self.assertEqual(json.loads(task["input"]), {"job": 7})
        self.sfn.send_task_success(taskToken=task["taskToken"], output='{"done": 7}')
        d = wait_end(self.sfn, ex)
        self.assertEqual((d["status"], json.loads(d["output"])), ("SUCCEEDED", {"done": 7}))
        self.sfn.delete_activity(activityArn=arn)
        self.error(self.sfn.describe_activity, "ActivityDoesNotExist", activityArn=arn)

    def test_tags(self):
        arn = self.sfn.create_state_machine(name=unique("tagged"), definition=PASS, roleArn=ROLE,
                                            tags=[{"key": "a", "value": "1"}])["stateMachineArn"]
        self.sfn.tag_resource(resourceArn=arn, tags=[{"key": "b", "value": "2"}, {"key": "a", "value": "3"}])
        tags = {t["key"]: t["value"] for t in self.sfn.list_tags_for_resource(resourceArn=arn)["tags"]}
        self.assertEqual(tags, {"a": "3", "b": "2"})
        self.sfn.untag_resource(resourceArn=arn, tagKeys=["a"])
        self.assertEqual(self.sfn.list_tags_for_resource(resourceArn=arn)["tags"], [{"key": "b", "value": "2"}])
        self.error(client("test2", "test2").list_tags_for_resource, "ResourceNotFound", resourceArn=arn)
        self.error(self.sfn.tag_resource, "TooManyTags", resourceArn=arn, tags=[{"key": f"k{i}", "value": "v"} for i in range(50)])

    def test_signatures(self):
        self.error(client("test", "wrong").list_state_machines, "InvalidSignatureException")
        self.error(client("nobody", "x").list_state_machines, "UnrecognizedClientException")

    def test_execution_tree(self):
        child = self.machine()
        parent = self.machine(json.dumps({"StartAt": "Start", "States": {"Start": {
            "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
            "Parameters": {"StateMachineArn": child, "Input": {"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}},
            "End": True}}}))
        ex = self.sfn.start_execution(stateMachineArn=parent)["executionArn"]
        d = wait_end(self.sfn, ex)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        body = json.dumps({"executionArn": ex}).encode()
        request = AWSRequest(method="POST", url=ENDPOINT + "/", data=body,
                             headers={"X-Amz-Target": "Stepwise.DescribeExecutionTree", "Content-Type": "application/x-amz-json-1.0"})
        SigV4Auth(Credentials("test", "test"), "states", "us-east-1").add_auth(request)
        req = urllib.request.Request(ENDPOINT + "/", data=body, headers=dict(request.headers), method="POST")
        tree = json.loads(urllib.request.urlopen(req).read())
        self.assertEqual(tree["root"]["executionArn"], ex)
        self.assertEqual(len(tree["children"]), 1)
        child_arn = tree["children"][0]["executionArn"]
        self.assertEqual(tree["children"][0]["status"], "SUCCEEDED")
        child_input = json.loads(self.sfn.describe_execution(executionArn=child_arn)["input"])
        self.assertEqual(child_input["AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID"], ex)


if __name__ == "__main__":
    unittest.main(verbosity=2)
