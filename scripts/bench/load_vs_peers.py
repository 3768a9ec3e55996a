"""The body of scripts/bench-load: StartExecution of a Pass state machine against one running
`stepwise dev`, from 64 concurrent clients, three ways in the same run: wrk (the server's ceiling),
`stepwise load --concurrency 64`, and Locust with boto3 (64 users). Prints each one's starts/s,
latency, its own CPU per start and the server's, then the load tool's ratios to wrk and Locust.

The server is pinned to the first core and every client to the second, as they would sit on
separate machines: a client's CPU then shows as its own ceiling, not as a slower server (on a
shared core, a client's every microsecond is taken from the server it measures).

Usage: python3 load_vs_peers.py STEPWISE_BINARY PORT SERVER_PID WORK_DIR SECONDS
"""
import csv
import json
import os
import subprocess
import sys

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

binary, port, server, work, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
url = f"http://127.0.0.1:{port}/"
hz = os.sysconf("SC_CLK_TCK")
sfn = boto3.client("stepfunctions", endpoint_url=url, region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")
machine = sfn.create_state_machine(
    name="bench-load", roleArn="arn:aws:iam::123456789012:role/r",
    definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))["stateMachineArn"]

# wrk: the same signed request each time (no name: the server names each execution).
body = json.dumps({"stateMachineArn": machine, "input": "{}"})
request = AWSRequest(method="POST", url=url, data=body.encode(),
                     headers={"X-Amz-Target": "AWSStepFunctions.StartExecution", "Content-Type": "application/x-amz-json-1.0"})
SigV4Auth(Credentials("test", "test"), "states", "us-east-1").add_auth(request)
lua = ['wrk.method = "POST"', f"wrk.body = {json.dumps(body)}"]
lua += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in request.headers.items()]
with open(f"{work}/start.lua", "w") as f:
    f.write("\n".join(lua) + "\n")

# Locust: 64 users, each with its own boto3 client, starting executions back to back.
with open(f"{work}/locustfile.py", "w") as f:
    f.write(f'''
import time, boto3
from locust import User, task

class Starter(User):
    def on_start(self):
        self.sfn = boto3.client("stepfunctions", endpoint_url="{url}", region_name="us-east-1",
                                aws_access_key_id="test", aws_secret_access_key="test")

    @task
    def start_execution(self):
        began = time.perf_counter()
        error = None
        try:
            self.sfn.start_execution(stateMachineArn="{machine}", input="{{}}")
        except Exception as e:
            error = e
        self.environment.events.request.fire(request_type="POST", name="StartExecution",
            response_time=(time.perf_counter() - began) * 1000, response_length=0, exception=error, context={{}})
''')


cores = os.sched_getaffinity(0)
server_core, client_core = (min(cores), max(cores)) if len(cores) > 1 else (min(cores), min(cores))
subprocess.run(["taskset", "-a", "-p", "-c", str(server_core), str(server)], check=True, stdout=subprocess.DEVNULL)


def server_ticks():
    with open(f"/proc/{server}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def run(args, env=None):
    """Runs a client to its end; its output, and its own CPU seconds and the server's."""
    before = server_ticks()
    p = subprocess.Popen(["taskset", "-c", str(client_core)] + args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         env={**os.environ, **(env or {})})
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"bench-load: {args[0]} failed ({status}):\n{out}")
    return out, usage.ru_utime + usage.ru_stime, (server_ticks() - before) / hz


def millis(text):
    return float(text[:-2]) if text.endswith("ms") else float(text[:-2]) / 1000 if text.endswith("us") else float(text[:-1]) * 1000


def wrk(duration):
    out, cpu, server_cpu = run(["wrk", "-t2", "-c64", f"-d{duration}s", "--latency", "-s", f"{work}/start.lua", url])
    lines = out.splitlines()
    requests = int(next(l for l in lines if "requests in" in l).split()[0])
    errors = sum(int(l.split()[-1]) for l in lines if "Non-2xx" in l)
    rate = float(next(l for l in lines if l.startswith("Requests/sec")).split()[1])
    p = {l.split()[0]: millis(l.split()[1]) for l in lines if l.strip().startswith(("50%", "99%"))}
    return dict(name="wrk (C, 2 threads, 64 connections)", rate=rate, p50=p.get("50%"), p99=p.get("99%"),
                errors=errors, cpu=cpu / max(requests, 1), server=server_cpu / max(requests, 1))


def load(duration, *extra, name="stepwise load --concurrency 64"):
    result = f"{work}/load.json"
    model = list(extra) if any(a in ("--rate",) for a in extra) else ["--concurrency", "64", *extra]
    out, cpu, server_cpu = run([binary, "load", "--endpoint-url", url, "--state-machine-arn", machine,
                                *model, "--duration", f"{duration}s", "--drain", "0", "--out", result],
                               env={"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"})
    with open(result) as f:
        r = json.load(f)
    c = r["counts"]
    started = c["started"]
    p = r["percentiles"]["startLatency"]
    return dict(name=name, rate=started / r["startSeconds"], p50=p.get("p50"), p99=p.get("p99"),
                errors=c["limitExceeded"] + c["throttled"] + sum(c["otherErrors"].values()),
                cpu=cpu / max(started, 1), server=server_cpu / max(started, 1), listed=c["followListed"] / max(started, 1))


def locust(duration):
    prefix = f"{work}/locust"
    _, cpu, server_cpu = run(["locust", "-f", f"{work}/locustfile.py", "--headless", "-u", "64", "-r", "64",
                              "-t", f"{duration}s", "--csv", prefix, "--only-summary", "--loglevel", "WARNING"])
    with open(f"{prefix}_stats.csv") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    requests = int(row["Request Count"])
    return dict(name="Locust + boto3 (64 users)", rate=float(row["Requests/s"]), p50=float(row["50%"]), p99=float(row["99%"]),
                errors=int(row["Failure Count"]), cpu=cpu / max(requests, 1), server=server_cpu / max(requests, 1))


wrk(3)  # warm-up: every measured run follows another on a warm server and database
print(f"stepwise load benchmark: StartExecution of a Pass machine, 64 concurrent clients, {seconds}s each, one stepwise dev (SQLite)")
print(f"(server on core {server_core}, clients on core {client_core}; load average before: {open('/proc/loadavg').read().split()[:3]})")
rows = [wrk(seconds), load(seconds, "--no-follow", name="stepwise load --concurrency 64 --no-follow"),
        load(seconds, name="stepwise load --concurrency 64 (following)"), locust(seconds)]
fmt = "{:<44} {:>9} {:>8} {:>8} {:>7} {:>16} {:>16}"
print(fmt.format("client", "starts/s", "p50 ms", "p99 ms", "errors", "client CPU µs/st", "server CPU µs/st"))
for r in rows:
    cell = lambda v, f="{:.2f}": "-" if v is None else f.format(v)
    print(fmt.format(r["name"], f"{r['rate']:.0f}", cell(r["p50"]), cell(r["p99"]), r["errors"],
                     f"{r['cpu'] * 1e6:.0f}", f"{r['server'] * 1e6:.0f}"))
w, same, followed, c = rows
print(f"stepwise load / wrk, the same request (--no-follow): {same['rate'] / w['rate']:.2f}x (target >= 0.9)")
print(f"stepwise load / wrk, following every execution to its end: {followed['rate'] / w['rate']:.2f}x")
print(f"stepwise load / Locust: {followed['rate'] / c['rate']:.2f}x following, {same['rate'] / c['rate']:.2f}x not (target >= 5)")
print(f"stepwise load's own CPU per started execution: {same['cpu'] * 1e6:.0f} µs, {followed['cpu'] * 1e6:.0f} µs following")

# The cost of following, at the same open-loop rate (well under the ceiling, so both runs do the
# same work): the server's CPU per start with and without it.
rate = max(100, int(w["rate"] * 0.4))
quiet = load(seconds, "--rate", f"{rate}/s", "--no-follow")
busy = load(seconds, "--rate", f"{rate}/s")
print(f"following at {rate}/s: the server's CPU per start {busy['server'] * 1e6:.0f} µs following, "
      f"{quiet['server'] * 1e6:.0f} µs not: +{(busy['server'] / quiet['server'] - 1) * 100:.1f}% "
      f"({busy['listed']:.2f} executions listed per start)")
