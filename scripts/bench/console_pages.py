#!/usr/bin/env python3
"""The console's page times next to the API's GetExecutionHistory (scripts/bench-console).

Usage: console_pages.py ENDPOINT REQUESTS"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

import boto3

ENDPOINT, REQUESTS = sys.argv[1], int(sys.argv[2])
HOST = urllib.parse.urlparse(ENDPOINT)
ROLE = "arn:aws:iam::123456789012:role/r"
sfn = boto3.client("stepfunctions", endpoint_url=ENDPOINT, region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")


def finished(arn, seconds=300):
    deadline = time.time() + seconds
    while time.time() < deadline:
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING":
            return d["status"]
        time.sleep(0.2)
    raise SystemExit(f"{arn} did not finish")


def machine(name, definition):
    return sfn.create_state_machine(name=name, roleArn=ROLE, definition=json.dumps(definition))["stateMachineArn"]


# 1,000 events: an inline Map of 250 Pass iterations (4 events each) and the execution's own 6.
mapper = machine("events", {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 10, "End": True,
                 "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}}})
many_events = sfn.start_execution(stateMachineArn=mapper, input=json.dumps(list(range(249))))["executionArn"]
child = machine("child", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
parent = machine("parent", {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 100, "End": True, "ResultPath": None,
                 "ItemProcessor": {"StartAt": "Start", "States": {"Start": {
                     "Type": "Task", "Resource": "arn:aws:states:::states:startExecution", "End": True,
                     "Parameters": {"StateMachineArn": child, "Input": {
                         "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}}}}}}}})
many_children = sfn.start_execution(stateMachineArn=parent, input=json.dumps(list(range(1000))))["executionArn"]
assert finished(many_events) == "SUCCEEDED" and finished(many_children) == "SUCCEEDED"
events = len(sfn.get_execution_history(executionArn=many_events, maxResults=1000)["events"])
parent_events = sum(1 for _ in sfn.get_paginator("get_execution_history").paginate(executionArn=many_children)
                    for _ in _["events"])
children = len(sfn.list_executions(stateMachineArn=child, maxResults=1000)["executions"])
assert events == 1000, events
assert children == 1000, children

conn = http.client.HTTPConnection(HOST.hostname, HOST.port)
conn.request("POST", "/console/sign-in", body="accessKeyId=test&secretAccessKey=test",
             headers={"Content-Type": "application/x-www-form-urlencoded"})
r = conn.getresponse()
r.read()
cookie = r.getheader("Set-Cookie").split(";")[0]


def page(path):
    conn.request("GET", path, headers={"Cookie": cookie})
    r = conn.getresponse()
    body = r.read()
    assert r.status == 200, (path, r.status, body[:300])
    return body


def timed(call):
    call()  # warm
    samples = []
    for _ in range(REQUESTS):
        t = time.perf_counter()
        call()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), max(samples)


def link(arn):
    return "/console/executions/" + urllib.parse.quote(arn, safe="-_.~")


def api_history():
    """GetExecutionHistory as raw bytes: signed by botocore, sent and read without parsing."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    body = json.dumps({"executionArn": many_events, "maxResults": 1000})
    request = AWSRequest(method="POST", url=ENDPOINT + "/", data=body, headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AWSStepFunctions.GetExecutionHistory"})
    SigV4Auth(Credentials("test", "test"), "states", "us-east-1").add_auth(request)
    conn.request("POST", "/", body=body, headers=dict(request.headers))
    r = conn.getresponse()
    assert r.status == 200 and len(r.read()) > 100_000


baseline, _ = timed(api_history)
rows = [
    (f"execution page, {events} events", timed(lambda: page(link(many_events)))),
    (f"execution page, {children} children ({parent_events} events)", timed(lambda: page(link(many_children)))),
    ("executions list (50 of 2,002)", timed(lambda: page("/console/executions"))),
    ("state machine page", timed(lambda: page("/console/state-machines/" + urllib.parse.quote(parent, safe="")))),
]
print(f"baseline: the API's GetExecutionHistory of the same {events} events (one signed call, read unparsed): median {baseline:.1f} ms")
print(f"{'page':<52} {'median':>9} {'max':>9} {'vs baseline':>12}")
for name, (median, worst) in rows:
    print(f"{name:<52} {median:7.1f} ms {worst:7.1f} ms {median / baseline:11.2f}x")
