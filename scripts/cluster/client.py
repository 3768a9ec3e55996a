"""The cluster test's client, run inside the `client` host's namespace.

  client.py load ENDPOINTS OUT --duration S     steady mixed load through every endpoint; writes OUT
  client.py verify ENDPOINTS LOAD OUT            waits for every accepted execution to end, proves
                                                 each ended once as expected; writes OUT

The load: 3-Task `flat` executions; `parent` executions whose Map starts FANOUT `child` executions
(`startExecution.sync:2`, Retry on StepFunctions.ExecutionLimitExceeded) under the account's
limit; `callback` executions whose `startExecution.waitForTaskToken` child carries the token,
which this client answers with SendTaskSuccess. A sampler reads the open count from
`Stepwise.DescribeAccountQuota` every 100 ms. Each start is sent to the next endpoint in turn; a
start with no answer (a host down or cut off) is sent again with the same name to the next
endpoint (StartExecution with the same name and input is idempotent), so nothing is counted
twice.
"""
import json
import sys
import threading
import time
import urllib.request
import uuid

import boto3
import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCOUNT, REGION, KEY = "123456789012", "us-east-1", "test"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/cluster-test"
ECHO = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:echo"
FANOUT = 6


def machine_arn(name):
    return f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}"


def execution_arn(machine, name):
    return f"arn:aws:states:{REGION}:{ACCOUNT}:execution:{machine}:{name}"


def task(name, nxt=None):
    state = {"Type": "Task", "Resource": ECHO}
    state.update({"Next": nxt} if nxt else {"End": True})
    return state


MACHINES = {
    "flat": {"StartAt": "A", "States": {"A": task("A", "B"), "B": task("B", "C"), "C": task("C")}},
    "child": {"StartAt": "Echo", "States": {"Echo": task("Echo", "Pause"),
                                             "Pause": {"Type": "Wait", "Seconds": 1, "End": True}}},
    "parent": {"StartAt": "FanOut", "States": {"FanOut": {
        "Type": "Map", "ItemsPath": "$.items", "End": True,
        "ItemProcessor": {"StartAt": "Start", "States": {"Start": {
            "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
            "Parameters": {"StateMachineArn": machine_arn("child"), "Input": {"item.$": "$"}},
            "OutputPath": "$.Output",
            "Retry": [{"ErrorEquals": ["StepFunctions.ExecutionLimitExceeded"], "IntervalSeconds": 1,
                       "BackoffRate": 1.5, "MaxDelaySeconds": 4, "MaxAttempts": 200}],
            "End": True}}}}}},
    "cb-child": {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}},
    "callback": {"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
        "Parameters": {"StateMachineArn": machine_arn("cb-child"),
                       "Name.$": "States.Format('{}-cb', $$.Execution.Name)",
                       "Input": {"token.$": "$$.Task.Token", "n.$": "$.n"}},
        "Retry": [{"ErrorEquals": ["StepFunctions.ExecutionLimitExceeded"], "IntervalSeconds": 1,
                   "BackoffRate": 1.5, "MaxDelaySeconds": 4, "MaxAttempts": 200}],
        "End": True}}},
}


class Endpoints:
    def __init__(self, urls):
        config = botocore.config.Config(retries={"max_attempts": 0}, connect_timeout=2, read_timeout=10)
        self.urls = urls
        self.clients = [boto3.client("stepfunctions", endpoint_url=u, region_name=REGION, aws_access_key_id=KEY,
                                     aws_secret_access_key=KEY, config=config) for u in urls]
        self.lock = threading.Lock()
        self.turn = 0

    def next(self):
        with self.lock:
            self.turn += 1
            return self.turn % len(self.clients)

    def call(self, method, attempts=6, **args):
        """`method` on the next endpoint, then the others in turn while there is no answer.
        Raises ClientError for an answer that is an error; returns (answer, endpoint index)."""
        first = self.next()
        last = None
        for i in range(attempts):
            index = (first + i) % len(self.clients)
            try:
                return getattr(self.clients[index], method)(**args), index
            except botocore.exceptions.ClientError as error:
                if error.response["ResponseMetadata"].get("HTTPStatusCode", 0) >= 500:
                    last = error
                    time.sleep(0.5)
                    continue
                raise
            except (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ConnectionClosedError,
                    botocore.exceptions.ReadTimeoutError, botocore.exceptions.ConnectTimeoutError) as error:
                last = error
                time.sleep(0.5)
        raise ConnectionError(f"{method}: no endpoint answered ({last})")

    def stepwise(self, index, action, body):
        url = self.urls[index] + "/"
        data = json.dumps(body).encode()
        request = AWSRequest(method="POST", url=url, data=data, headers={
            "X-Amz-Target": "Stepwise." + action, "Content-Type": "application/x-amz-json-1.0"})
        SigV4Auth(Credentials(KEY, KEY), "states", REGION).add_auth(request)
        req = urllib.request.Request(url, data=data, headers=dict(request.headers), method="POST")
        return json.loads(urllib.request.urlopen(req, timeout=2).read())


def load(urls, out, duration, flat_rate, parent_rate, callback_rate):
    api = Endpoints(urls)
    for name, definition in MACHINES.items():
        try:
            api.call("create_state_machine", name=name, definition=json.dumps(definition), roleArn=ROLE)
        except botocore.exceptions.ClientError as error:
            if error.response["Error"]["Code"] != "StateMachineAlreadyExists":
                raise
    lock = threading.Lock()
    accepted, refused, unanswered, samples, answered = [], {}, [], [], []
    callbacks = []  # (parent name, n) waiting for their token to be answered
    stop = threading.Event()
    t0 = time.time()
    with open(out + ".started", "w") as f:
        f.write(str(t0))

    def start(kind, name, payload, expected):
        body = json.dumps(payload)
        try:
            answer, index = api.call("start_execution", stateMachineArn=machine_arn(kind), name=name, input=body)
        except botocore.exceptions.ClientError as error:
            code = error.response["Error"]["Code"]
            with lock:
                refused[code] = refused.get(code, 0) + 1
            return False
        except ConnectionError:
            with lock:
                unanswered.append(name)
            return False
        with lock:
            accepted.append({"arn": answer["executionArn"], "kind": kind, "name": name, "expected": expected,
                             "at": time.time() - t0, "endpoint": index})
        return True

    def paced(rate, make):
        n = 0
        next_at = time.monotonic()
        while not stop.is_set():
            n += 1
            make(n)
            next_at += 1.0 / rate
            delay = next_at - time.monotonic()
            if delay > 0:
                stop.wait(delay)

    def flat(n):
        name = f"f{n}-{uuid.uuid4().hex[:8]}"
        start("flat", name, {"n": n}, {"n": n})

    def parent(n):
        name = f"p{n}-{uuid.uuid4().hex[:8]}"
        items = [n * 100 + k for k in range(FANOUT)]
        start("parent", name, {"items": items}, [{"item": i} for i in items])

    def callback(n):
        name = f"c{n}-{uuid.uuid4().hex[:8]}"
        if start("callback", name, {"n": n}, {"answered": n}):
            with lock:
                callbacks.append((name, n, time.monotonic()))

    def answer_callbacks():
        while True:
            with lock:
                due = [c for c in callbacks if time.monotonic() - c[2] > 0.3]
            if not due and stop.is_set():
                with lock:
                    if not callbacks:
                        return
            for entry in due:
                name, n, _ = entry
                child = execution_arn("cb-child", f"{name}-cb")
                try:
                    description, _ = api.call("describe_execution", executionArn=child, attempts=2)
                    token = json.loads(description["input"])["token"]
                    api.call("send_task_success", taskToken=token, output=json.dumps({"answered": n}))
                except botocore.exceptions.ClientError as error:
                    if error.response["Error"]["Code"] == "ExecutionDoesNotExist":
                        continue  # the child is not started yet (its start may be retrying at the limit)
                    raise
                except ConnectionError:
                    continue
                with lock:
                    callbacks.remove(entry)
                    answered.append(name)
            time.sleep(0.2)

    def sample():
        index = 0
        while not stop.is_set():
            index = (index + 1) % len(urls)
            try:
                quota = api.stepwise(index, "DescribeAccountQuota", {})
                with lock:
                    samples.append((time.time() - t0, quota["openExecutions"], quota["maxOpenExecutions"]))
            except Exception:
                pass
            stop.wait(0.1)

    failures = []

    def guarded(body, *args):
        def run_body():
            try:
                body(*args)
            except Exception as error:  # a broken client must fail the test, not go quiet
                failures.append(f"{body.__name__}: {error!r}")
                stop.set()
        return threading.Thread(target=run_body)

    threads = [guarded(paced, flat_rate, flat), guarded(paced, parent_rate, parent),
               guarded(paced, callback_rate, callback), guarded(sample)]
    answerer = guarded(answer_callbacks)
    for t in threads + [answerer]:
        t.start()
    stop.wait(duration)
    stop.set()
    for t in threads:
        t.join()
    answerer.join(timeout=120)
    with open(out, "w") as f:
        json.dump({"started": t0, "duration": duration, "accepted": accepted, "refused": refused,
                   "unanswered": unanswered, "samples": samples, "callbacks_answered": len(answered),
                   "callbacks_left": [c[0] for c in callbacks]}, f)
    if failures:
        sys.exit("load client failed: " + "; ".join(failures))


def history(api, arn):
    events, token = [], None
    while True:
        args = {"executionArn": arn, "maxResults": 1000}
        if token:
            args["nextToken"] = token
        page, _ = api.call("get_execution_history", **args)
        events += page["events"]
        token = page.get("nextToken")
        if not token:
            return events


def explain(api, arn):
    """Where an execution that did not end stands: its last events and its children's statuses."""
    try:
        tail = [e["type"] for e in history(api, arn)][-8:]
        tree = api.stepwise(0, "DescribeExecutionTree", {"executionArn": arn})
        children = [(c.get("executionArn", "").rsplit(":", 1)[-1], c.get("status")) for c in tree.get("children", [])]
        return f"; history ends {tail}; children {children}"
    except Exception as error:  # the explanation must not hide the finding
        return f"; (cannot explain: {error})"


def verify(urls, load_path, out, timeout):
    api = Endpoints(urls)
    with open(load_path) as f:
        run = json.load(f)
    t0 = run["started"]
    findings = {"lost": [], "wrong": [], "duplicated": [], "gaps": []}
    ends = []
    tasks_scheduled = tasks_succeeded = children_expected = children_found = 0
    deadline = time.time() + timeout
    for item in run["accepted"]:
        arn = item["arn"]
        while True:
            try:
                description, _ = api.call("describe_execution", executionArn=arn)
            except botocore.exceptions.ClientError as error:
                if error.response["Error"]["Code"] == "ExecutionDoesNotExist":
                    findings["lost"].append(arn)
                    description = None
                    break
                raise
            if description["status"] != "RUNNING" or time.time() > deadline:
                break
            time.sleep(0.5)
        if description is None:
            continue
        if description["status"] != "SUCCEEDED":
            findings["lost" if description["status"] == "RUNNING" else "wrong"].append(
                f"{arn}: {description['status']} {description.get('error', '')} {description.get('cause', '')[:200]}"
                + explain(api, arn))
            continue
        if json.loads(description["output"]) != item["expected"]:
            findings["wrong"].append(f"{arn}: output {description['output'][:200]}")
        ends.append(description["stopDate"].timestamp() - t0)
        events = history(api, arn)
        ids = [e["id"] for e in events]
        if ids != list(range(1, len(ids) + 1)):
            findings["gaps"].append(f"{arn}: ids {ids[:5]}... ({len(ids)})")
        types = [e["type"] for e in events]
        if types.count("ExecutionSucceeded") != 1:
            findings["duplicated"].append(f"{arn}: {types.count('ExecutionSucceeded')} ExecutionSucceeded")
        kind = item["kind"]
        if kind == "flat":
            tasks_scheduled += types.count("TaskScheduled")
            tasks_succeeded += types.count("TaskSucceeded")
            entered = [e["stateEnteredEventDetails"]["name"] for e in events if e["type"] == "TaskStateEntered"]
            exited = [e["stateExitedEventDetails"]["name"] for e in events if e["type"] == "TaskStateExited"]
            if entered != ["A", "B", "C"] or exited != ["A", "B", "C"] or types.count("TaskSucceeded") != 3:
                findings["duplicated"].append(f"{arn}: entered {entered}, exited {exited}, "
                                              f"{types.count('TaskSucceeded')} TaskSucceeded")
        elif kind == "parent":
            tree = api.stepwise(0, "DescribeExecutionTree", {"executionArn": arn})
            children = tree.get("children", [])
            children_expected += FANOUT
            children_found += len(children)
            if len(children) != FANOUT or types.count("TaskSucceeded") != FANOUT:
                findings["duplicated"].append(f"{arn}: {len(children)} children, "
                                              f"{types.count('TaskSucceeded')} TaskSucceeded (want {FANOUT})")
        elif kind == "callback":
            tree = api.stepwise(0, "DescribeExecutionTree", {"executionArn": arn})
            children_expected += 1
            children_found += len(tree.get("children", []))
            if len(tree.get("children", [])) != 1 or types.count("TaskSucceeded") != 1:
                findings["duplicated"].append(f"{arn}: {len(tree.get('children', []))} children, "
                                              f"{types.count('TaskSucceeded')} TaskSucceeded")
    with open(out, "w") as f:
        json.dump({"findings": findings, "ends": ends, "tasks_scheduled": tasks_scheduled,
                   "tasks_succeeded": tasks_succeeded, "children_expected": children_expected,
                   "children_found": children_found}, f)


if __name__ == "__main__":
    command, endpoints = sys.argv[1], sys.argv[2].split(",")
    if command == "load":
        load(endpoints, sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7]))
    elif command == "verify":
        verify(endpoints, sys.argv[3], sys.argv[4], float(sys.argv[5]))
    else:
        sys.exit(f"unknown command {command}")
