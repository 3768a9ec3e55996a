"""The processes of the cluster test, each in its host's namespace: RabbitMQ nodes clustered with
classic peer discovery, one PostgreSQL, and Stepwise coordinators and workers started with the
command lines and environment files of deploy/systemd (host-specific values replaced)."""
import json
import os
import pwd
import re
import signal
import subprocess
import time

from datacentre import run

PG_BIN = "/usr/lib/postgresql/" + sorted(os.listdir("/usr/lib/postgresql"), key=int)[-1] + "/bin"
BROKER_USER, BROKER_PASSWORD = "stepwise", "cluster-test"


def chown(path, user):
    entry = pwd.getpwnam(user)
    for root, dirs, files in os.walk(path):
        for name in [root] + [os.path.join(root, d) for d in dirs] + [os.path.join(root, f) for f in files]:
            os.chown(name, entry.pw_uid, entry.pw_gid)


def wait_for(what, check, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


def namespace_pids(dc, host, command):
    pids = run("ip", "netns", "pids", dc.ns(host), check=False).stdout.split()
    found = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() == command:
                    found.append(int(pid))
        except OSError:
            pass
    return found


class RabbitMQ:
    """Nodes rabbit@<host> for each broker host, one cluster."""

    def __init__(self, dc, hosts, base):
        self.dc, self.hosts, self.base = dc, hosts, base

    def ctl(self, host, *args, check=True, timeout=60):
        cmd = self.dc.exec_args(host) + ["rabbitmqctl", "-q", "-n", f"rabbit@{host}", *args]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)} on {host}: {result.stderr.strip()[:300]}")
        return result

    def start_node(self, host):
        d = f"{self.base}/{host}"
        os.makedirs(f"{d}/log", exist_ok=True)
        os.makedirs(f"{d}/mnesia", exist_ok=True)
        peers = "\n".join(f"cluster_formation.classic_config.nodes.{i + 1} = rabbit@{h}" for i, h in enumerate(self.hosts))
        with open(f"{d}/rabbitmq.conf", "w") as f:
            f.write(f"loopback_users = none\nlisteners.tcp.default = 5672\n"
                    f"cluster_formation.peer_discovery_backend = classic_config\n{peers}\n"
                    f"cluster_partition_handling = pause_minority\n")
        with open(f"{d}/enabled_plugins", "w") as f:
            f.write("[].\n")
        chown(d, "rabbitmq")
        env = dict(os.environ, RABBITMQ_NODENAME=f"rabbit@{host}", RABBITMQ_MNESIA_BASE=f"{d}/mnesia",
                   RABBITMQ_LOG_BASE=f"{d}/log", RABBITMQ_CONFIG_FILE=f"{d}/rabbitmq.conf",
                   RABBITMQ_ENABLED_PLUGINS_FILE=f"{d}/enabled_plugins", RABBITMQ_PID_FILE=f"{d}/pid")
        # As lib.sh starts its nodes: as rabbitmq, with the hard file limit.
        launch = ("cd /var/lib/rabbitmq && ulimit -n \"$(ulimit -Hn)\" && "
                  "exec /usr/lib/rabbitmq/bin/rabbitmq-server -detached")
        subprocess.run(self.dc.exec_args(host) + ["su", "rabbitmq", "-s", "/bin/sh", "-c", launch], env=env,
                       capture_output=True, text=True)

    def await_node(self, host, timeout=120):
        wait_for(f"RabbitMQ on {host}",
                 lambda: self.ctl(host, "await_startup", "--timeout", "2", check=False, timeout=30).returncode == 0,
                 timeout, interval=1)

    def running_nodes(self, host):
        result = self.ctl(host, "cluster_status", "--formatter", "json", check=False)
        try:
            return sorted(json.loads(result.stdout).get("running_nodes", []))
        except ValueError:
            return []

    def start(self):
        first, rest = self.hosts[0], self.hosts[1:]
        self.start_node(first)
        self.await_node(first)
        for host in rest:
            self.start_node(host)
        for host in rest:
            self.await_node(host)
        want = sorted(f"rabbit@{h}" for h in self.hosts)
        wait_for("a cluster of every broker node", lambda: self.running_nodes(first) == want, 60)
        self.ctl(first, "add_vhost", "stepwise")
        self.ctl(first, "add_user", BROKER_USER, BROKER_PASSWORD)
        self.ctl(first, "set_permissions", "-p", "stepwise", BROKER_USER, ".*", ".*", ".*")

    def kill(self, host):
        """kill -9 of the node's Erlang VM (its epmd stays, as a crashed node's would)."""
        pids = namespace_pids(self.dc, host, "beam.smp")
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        return pids

    def restart(self, host):
        self.start_node(host)
        self.await_node(host)

    def url(self, vhost="stepwise"):
        return f"amqp://{BROKER_USER}:{BROKER_PASSWORD}@rabbitmq:5672/{vhost}"


class PostgreSQL:
    def __init__(self, dc, host, base):
        self.dc, self.host, self.dir = dc, host, f"{base}/{host}"

    def pg(self, *args, check=True):
        cmd = self.dc.exec_args(self.host) + ["su", "postgres", "-c", " ".join(args)]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)}: {result.stderr.strip()[:300]}")
        return result

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        chown(self.dir, "postgres")
        data = f"{self.dir}/data"
        self.pg(f"{PG_BIN}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        with open(f"{data}/postgresql.conf", "a") as f:
            f.write(f"listen_addresses = '{self.dc.address(self.host)}'\nport = 5432\n"
                    f"unix_socket_directories = '{self.dir}'\nmax_connections = 300\n")
        with open(f"{data}/pg_hba.conf", "a") as f:
            f.write("host all all 10.231.0.0/24 trust\n")
        self.pg(f"{PG_BIN}/pg_ctl", "-D", data, "-l", f"{self.dir}/log", "-w", "start")
        self.pg(f"{PG_BIN}/psql", "-h", self.dir, "-qc", "'CREATE DATABASE stepwise'")

    def restart(self):
        self.pg(f"{PG_BIN}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-m", "fast", "-w", "restart")

    def stop(self):
        self.pg(f"{PG_BIN}/pg_ctl", "-D", f"{self.dir}/data", "-m", "immediate", "-w", "stop", check=False)

    def url(self):
        return f"postgres://postgres:unused@{self.host}:5432/stepwise"


def env_file(example, values):
    """The example environment file of deploy/systemd with `values` put in (the same keys, quoted
    the same way), and keys it lacks appended."""
    with open(example) as f:
        lines = f.read().split("\n")
    seen = set()
    for i, line in enumerate(lines):
        m = re.match(r"^([A-Z_][A-Z0-9_]*)=", line)
        if m and m.group(1) in values:
            lines[i] = f'{m.group(1)}="{values[m.group(1)]}"'
            seen.add(m.group(1))
    lines += [f'{k}="{v}"' for k, v in values.items() if k not in seen]
    return "\n".join(lines) + "\n"


class StepwiseProcess:
    """`stepwise coordinator` or `stepwise worker $WORKER_ARGS` in a host's namespace, its
    environment read from an env file the way systemd's EnvironmentFile= does (and the shell
    line in the unit's comment)."""

    def __init__(self, dc, host, binary, role, env_path, base):
        self.dc, self.host, self.binary, self.role, self.env_path = dc, host, binary, role, env_path
        self.dir = f"{base}/{host}"
        os.makedirs(self.dir, exist_ok=True)
        self.process = None
        self.log = None

    def start(self):
        command = f"{self.binary} coordinator" if self.role == "coordinator" else f"{self.binary} worker $WORKER_ARGS"
        script = f"set -a; . '{self.env_path}'; set +a; exec {command}"
        self.log = open(f"{self.dir}/{self.role}.log", "a")
        self.process = subprocess.Popen(self.dc.exec_args(self.host) + ["sh", "-c", script], cwd=self.dir,
                                        stdout=self.log, stderr=subprocess.STDOUT)

    def kill(self):
        """kill -9; returns the pid."""
        pid = self.process.pid
        self.process.kill()
        self.process.wait()
        return pid

    def stop(self, timeout=40):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def alive(self):
        return self.process is not None and self.process.poll() is None
