#!/usr/bin/env python3
"""Traces against a running `stepwise dev` that exports OTLP/HTTP (JSON) to a receiver this script
runs in-process on RECEIVER_PORT: StartExecution of a parent whose Task calls a worker and whose
startExecution.sync Task starts a child (whose own Task calls a worker), sent with a W3C
`traceparent` header, gives one trace whose spans nest: the caller's span → the parent's
execution span → its states → its tasks → the worker's span, and the parent's startExecution task
→ the child's execution span → ... → the worker's span; each with the execution ARN as an attribute.

Usage: test_traces.py ENDPOINT RECEIVER_PORT
Exit 0 when every check holds."""
import http.server
import json
import sys
import threading
import time
import unittest

import boto3

ENDPOINT, PORT = sys.argv.pop(1), int(sys.argv.pop(1))
ROLE = "arn:aws:iam::123456789012:role/r"
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
spans = []
lock = threading.Lock()


class Receiver(http.server.BaseHTTPRequestHandler):
    """An OTLP/HTTP receiver: POST /v1/traces with a JSON ExportTraceServiceRequest."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/v1/traces":
            request = json.loads(body)
            with lock:
                for resource in request.get("resourceSpans", []):
                    for scope in resource.get("scopeSpans", []):
                        spans.extend(scope.get("spans", []))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def attributes(span):
    out = {}
    for a in span.get("attributes", []):
        value = a["value"]
        out[a["key"]] = next(iter(value.values())) if value else None
    return out


def hex_id(value):
    """OTLP/JSON writes trace and span ids as hex (the spec), or base64 (protobuf's JSON mapping)."""
    if value and len(value) in (16, 32) and all(c in "0123456789abcdefABCDEF" for c in value):
        return value.lower()
    import base64
    return base64.b64decode(value).hex() if value else ""


class Traces(unittest.TestCase):
    def test_one_trace_nests_coordinator_worker_parent_child(self):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Receiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sfn = boto3.client("stepfunctions", endpoint_url=ENDPOINT, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
        echo = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "echo", "Payload": {"n": 1}}, "ResultPath": None}
        child = sfn.create_state_machine(name="child", roleArn=ROLE, definition=json.dumps(
            {"StartAt": "Work", "States": {"Work": dict(echo, End=True)}}))["stateMachineArn"]
        parent = sfn.create_state_machine(name="parent", roleArn=ROLE, definition=json.dumps({"StartAt": "Work", "States": {
            "Work": dict(echo, Next="Start"),
            "Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "End": True,
                      "Parameters": {"StateMachineArn": child, "Input": {
                          "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}}}}}))["stateMachineArn"]

        def add_traceparent(request, **_):
            request.headers["traceparent"] = f"00-{TRACE_ID}-{CALLER_SPAN}-01"
        sfn.meta.events.register("before-sign.stepfunctions.StartExecution", add_traceparent)
        parent_arn = sfn.start_execution(stateMachineArn=parent, name="traced")["executionArn"]
        for _ in range(200):
            if sfn.describe_execution(executionArn=parent_arn)["status"] != "RUNNING":
                break
            time.sleep(0.05)
        self.assertEqual(sfn.describe_execution(executionArn=parent_arn)["status"], "SUCCEEDED")
        child_arn = sfn.list_executions(stateMachineArn=child)["executions"][0]["executionArn"]

        # Spans leave in batches each second: wait for both executions' spans and both workers'.
        def names():
            with lock:
                return [s["name"] for s in spans]
        deadline = time.time() + 20
        while time.time() < deadline and (names().count("execution traced") < 1 or names().count("run stepwise.fn.echo") < 2
                                          or not any(n.startswith("execution ") and n != "execution traced" for n in names())):
            time.sleep(0.2)
        with lock:
            got = list(spans)
        by_id = {hex_id(s["spanId"]): s for s in got}

        def parent_of(span):
            return by_id.get(hex_id(span.get("parentSpanId", "")))

        self.assertTrue(got, "no spans arrived")
        self.assertEqual({hex_id(s["traceId"]) for s in got}, {TRACE_ID}, "every span is in the caller's trace")
        executions = {attributes(s).get("stepwise.execution_arn"): s for s in got if s["name"].startswith("execution ")}
        self.assertEqual(set(executions), {parent_arn, child_arn}, [s["name"] for s in got])
        # The parent's execution span continues the caller's span.
        self.assertEqual(hex_id(executions[parent_arn]["parentSpanId"]), CALLER_SPAN)

        # Each worker span hangs under a coordinator task span of its execution, under its state,
        # under its execution's span.
        workers = [s for s in got if s["name"] == "run stepwise.fn.echo"]
        self.assertEqual(len(workers), 2)
        for worker in workers:
            arn = attributes(worker)["stepwise.execution_arn"]
            task = parent_of(worker)
            self.assertIsNotNone(task, "the worker span's parent arrived")
            self.assertEqual(task["name"], "task Work")
            self.assertEqual(attributes(task)["stepwise.execution_arn"], arn)
            state = parent_of(task)
            self.assertEqual(state["name"], "state Work")
            self.assertIs(parent_of(state), executions[arn])

        # The child's execution span hangs under the parent's startExecution task span.
        start_task = parent_of(executions[child_arn])
        self.assertIsNotNone(start_task)
        self.assertEqual(start_task["name"], "task Start")
        self.assertEqual(attributes(start_task)["stepwise.execution_arn"], parent_arn)
        self.assertEqual(parent_of(parent_of(start_task)), executions[parent_arn])
        server.shutdown()


if __name__ == "__main__":
    unittest.main(verbosity=2)
