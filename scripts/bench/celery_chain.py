"""The peer of `stepwise bench e2e --peer celery`: the same 3-step chain (three echo tasks, each
one's result the next one's input) as a Celery canvas on the same RabbitMQ, with the same
durability Stepwise gives (persistent messages, publisher confirms, acks after the task ran).

Usage: python3 celery_chain.py BROKER_URL EXECUTIONS IN_FLIGHT
Prints one line: `celery: N chains/s (M/N succeeded)`. Starts its own worker (prefork, one
process per core) and stops it at the end.
"""
import os
import signal
import subprocess
import sys
import time
import uuid
import warnings

warnings.filterwarnings("ignore")  # Celery warns about running as root (the tests' machine)

from celery import Celery, chain

QUEUE = "stepwise-bench-celery"
app = Celery("celery_chain", broker=os.environ.get("CELERY_BENCH_BROKER", "amqp://guest:guest@127.0.0.1:5672//"),
             backend="rpc://")
app.conf.update(
    task_default_queue=QUEUE,
    task_acks_late=True,
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    broker_transport_options={"confirm_publish": True},
    result_persistent=True,
    worker_prefetch_multiplier=64,
)


@app.task(name="echo")
def echo(value):
    return value


def main():
    broker, executions, in_flight = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.environ["CELERY_BENCH_BROKER"] = broker
    app.conf.broker_url = broker
    here = os.path.dirname(os.path.abspath(__file__))
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "celery_chain", "worker", "--loglevel=warning", "-Q", QUEUE,
         "--concurrency", str(os.cpu_count() or 2), "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"bench-{uuid.uuid4().hex[:6]}@%h"],
        cwd=here, env=dict(os.environ, CELERY_BENCH_BROKER=broker, PYTHONWARNINGS="ignore"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        # Warm up: the worker is ready once a chain comes back.
        chain(echo.s({"i": -1}), echo.s(), echo.s()).apply_async().get(timeout=60)
        succeeded = 0
        start = time.monotonic()
        sent = 0
        while sent < executions:
            # A wave of in-flight chains, then wait for all of them (the rpc:// backend's results
            # arrive on this client's reply queue in any order).
            wave = [chain(echo.s({"i": i}), echo.s(), echo.s()).apply_async()
                    for i in range(sent, min(sent + in_flight, executions))]
            sent += len(wave)
            for result in wave:
                if result.get(timeout=120) is not None:
                    succeeded += 1
        elapsed = time.monotonic() - start
        print(f"celery: {executions / elapsed:.1f} chains/s ({succeeded}/{executions} succeeded)", flush=True)
    finally:
        # The worker and its pool processes are a process group of their own.
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(worker.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        worker.wait()


if __name__ == "__main__":
    main()
