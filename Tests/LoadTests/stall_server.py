"""A stand-in Step Functions endpoint for stepwise load's tests. Every StartExecution is answered
10 ms after it arrives, and then, as the second argument says:
- `stall` (the default): those arriving between 1 s and 2 s after the first one are all held until
  2 s (a stall);
- `capacity:N`: beyond N starts a second (a token bucket of N a second, holding N / 10) a start is
  refused with ThrottlingException, as an endpoint at its ceiling would.
Writes its port to the file named by its first argument, then serves until killed."""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

first = None
lock = threading.Lock()
count = 0
mode = sys.argv[2] if len(sys.argv) > 2 else "stall"
capacity = float(mode.split(":")[1]) if mode.startswith("capacity:") else None
tokens, refilled = (capacity / 10 if capacity else 0), time.monotonic()


def take_token():
    """capacity:N: whether a token is left (refilled at N a second up to N / 10)."""
    global tokens, refilled
    now = time.monotonic()
    tokens = min(capacity / 10, tokens + (now - refilled) * capacity)
    refilled = now
    if tokens >= 1:
        tokens -= 1
        return True
    return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        global first, count
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        action = self.headers.get("X-Amz-Target", "")
        arn = "arn:aws:states:us-east-1:123456789012:stateMachine:stall"
        if action == "AWSStepFunctions.StartExecution":
            now = time.monotonic()
            with lock:
                if first is None:
                    first = now
                count += 1
                n = count
                allowed = capacity is None or take_token()
            if not allowed:
                self.reply(400, {"__type": "ThrottlingException", "message": "Rate exceeded"})
                return
            if capacity is None and first + 1 <= now < first + 2:
                time.sleep(first + 2 - now)
            time.sleep(0.01)
            self.reply(200, {"executionArn": arn.replace("stateMachine", "execution") + ":e%d" % n, "startDate": time.time()})
        elif action == "AWSStepFunctions.CreateStateMachine":
            self.reply(200, {"stateMachineArn": arn, "creationDate": time.time()})
        elif action == "AWSStepFunctions.ListStateMachines":
            self.reply(200, {"stateMachines": []})
        elif action == "AWSStepFunctions.ListExecutions":
            self.reply(200, {"executions": []})
        else:
            self.reply(400, {"__type": "UnknownOperationException", "message": action})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
server.serve_forever()
