#!/usr/bin/env python3
"""/metrics and JSON logs against a running `stepwise dev` (with quotas.max_open 3 and
log.format json): after a nested workflow, a failed Task, a StartExecution refused at the limit and
a child start refused at the limit, /metrics parses with prometheus_client's text parser and its
counters equal what happened; every log line is one JSON object, and those about an execution name
its ARN and account.

Usage: test_metrics.py ENDPOINT LOG_PATH
Exit 0 when every check holds."""
import json
import sys
import time
import unittest
import urllib.request

import boto3
from prometheus_client.parser import text_string_to_metric_families

ENDPOINT, LOG = sys.argv.pop(1), sys.argv.pop(1)
ROLE = "arn:aws:iam::123456789012:role/r"
ACCOUNT = "123456789012"
sfn = boto3.client("stepfunctions", endpoint_url=ENDPOINT, region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")


def machine(name, definition):
    return sfn.create_state_machine(name=name, roleArn=ROLE, definition=json.dumps(definition))["stateMachineArn"]


def finished(arn):
    for _ in range(400):
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING":
            return d["status"]
        time.sleep(0.05)
    raise AssertionError(f"{arn} did not finish")


def scrape():
    text = urllib.request.urlopen(ENDPOINT + "/metrics").read().decode()
    samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


class Metrics(unittest.TestCase):
    def test_counters_equal_what_happened(self):
        child = machine("child", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
        start_child = {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "End": True,
                       "Parameters": {"StateMachineArn": child, "Input": {
                           "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}}}
        parent = machine("parent", {"StartAt": "Start", "States": {"Start": start_child}})
        failing = machine("fails", {"StartAt": "Call", "States": {"Call": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
            "Parameters": {"FunctionName": "fail", "Payload": {"error": "Broken"}}}}})
        slow = machine("slow", {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3, "End": True}}})

        # A nested workflow and a failed Task.
        self.assertEqual(finished(sfn.start_execution(stateMachineArn=parent)["executionArn"]), "SUCCEEDED")
        self.assertEqual(finished(sfn.start_execution(stateMachineArn=failing)["executionArn"]), "FAILED")
        # At the limit (3 open): StartExecution refused; then a parent whose child start is refused.
        slows = [sfn.start_execution(stateMachineArn=slow)["executionArn"] for _ in range(3)]
        with self.assertRaises(sfn.exceptions.ExecutionLimitExceeded):
            sfn.start_execution(stateMachineArn=slow)
        for arn in slows:
            self.assertEqual(finished(arn), "SUCCEEDED")
        slows = [sfn.start_execution(stateMachineArn=slow)["executionArn"] for _ in range(2)]
        refused_parent = sfn.start_execution(stateMachineArn=parent)["executionArn"]
        self.assertEqual(finished(refused_parent), "FAILED")
        self.assertEqual(sfn.describe_execution(executionArn=refused_parent)["error"], "StepFunctions.ExecutionLimitExceeded")
        for arn in slows:
            self.assertEqual(finished(arn), "SUCCEEDED")

        m = scrape()
        # Started: the parent, the failing one, five slow ones, the refused parent by the API; one child.
        self.assertEqual(value(m, "stepwise_executions_started_total", account=ACCOUNT, source="api"), 8)
        self.assertEqual(value(m, "stepwise_executions_started_total", account=ACCOUNT, source="nested"), 1)
        self.assertEqual(value(m, "stepwise_executions_finished_total", account=ACCOUNT, status="SUCCEEDED"), 7)
        self.assertEqual(value(m, "stepwise_executions_finished_total", account=ACCOUNT, status="FAILED"), 2)
        self.assertEqual(value(m, "stepwise_start_refusals_total", account=ACCOUNT, error="ExecutionLimitExceeded", source="api"), 1)
        self.assertEqual(value(m, "stepwise_start_refusals_total", account=ACCOUNT, error="ExecutionLimitExceeded", source="nested"), 1)
        self.assertEqual(value(m, "stepwise_tasks_total", resource="lambda:invoke", what="scheduled"), 1)
        self.assertEqual(value(m, "stepwise_tasks_total", resource="lambda:invoke", what="failed"), 1)
        self.assertEqual(value(m, "stepwise_tasks_total", resource="states:startExecution.sync:2", what="succeeded"), 1)
        self.assertEqual(value(m, "stepwise_worker_tasks_total", queue="stepwise.fn.fail", outcome="failed"), 1)
        self.assertEqual(value(m, "stepwise_task_run_duration_seconds_count", queue="stepwise.fn.fail"), 1)
        self.assertEqual(value(m, "stepwise_task_queue_wait_seconds_count", queue="stepwise.fn.fail"), 1)
        self.assertEqual(value(m, "stepwise_http_requests_total", action="StartExecution", status="200"), 8)
        self.assertEqual(value(m, "stepwise_http_requests_total", action="StartExecution", status="400"), 1)
        self.assertGreater(value(m, "stepwise_http_request_duration_seconds_count", action="DescribeExecution"), 0)
        self.assertEqual(value(m, "stepwise_open_executions", account=ACCOUNT), 0)
        self.assertEqual(value(m, "stepwise_max_open_executions", account=ACCOUNT), 3)
        # States entered: Start and P of the nested pair, Call, five W, the refused parent's Start.
        self.assertEqual(value(m, "stepwise_state_transitions_total"), 9)
        self.assertGreater(value(m, "stepwise_commits_total"), 5)
        self.assertGreater(value(m, "stepwise_commit_duration_seconds_count"), 0)
        self.assertEqual(sum(v for (name, labels), v in m.items() if name == "stepwise_shards_owned"), 32)
        self.assertIn(("stepwise_outbox_lag_seconds", ()), m)
        self.assertEqual(m.get(("stepwise_amqp_reconnects_total", ())), 0)
        self.assertEqual(value(m, "stepwise_amqp_confirms_outstanding"), 0)

    def test_json_logs(self):
        # The server logged at debug level while the other test ran (unittest runs them in name order).
        with open(LOG) as f:
            lines = [line for line in f.read().splitlines() if line.strip()]
        self.assertGreater(len(lines), 10)
        about = []
        for line in lines:
            entry = json.loads(line)  # every line is one JSON object
            self.assertTrue({"time", "level", "label", "message"} <= entry.keys(), line)
            if "execution_arn" in entry:
                self.assertTrue(entry["execution_arn"].startswith(f"arn:aws:states:us-east-1:{ACCOUNT}:execution:"), line)
                self.assertEqual(entry["account"], ACCOUNT)
                about.append(entry)
        self.assertTrue(any(e["message"] == "execution ended" and e["status"] == "FAILED" for e in about), about[-5:])
        self.assertTrue(any(e["message"] == "execution started" and e["parent"] for e in about))


if __name__ == "__main__":
    unittest.main(verbosity=2)
