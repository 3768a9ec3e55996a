"""A small data centre on one machine: one network namespace per host, each joined by a veth pair
to a bridge that lives in a namespace of its own, with private addresses that exist only inside
these namespaces (nothing is added to the machine's own network namespace, so nothing routes out).

A host is partitioned by taking its link down at the bridge, and healed by bringing it back up
(this kernel has no netem queueing discipline). Names resolve through /etc/netns/NS/hosts, which
`ip netns exec` mounts over /etc/hosts; the name `rabbitmq` resolves to every broker node, so a
client reconnecting tries each of them in turn.
"""
import os
import shutil
import subprocess

SUBNET = "10.231.0"  # 10.231.0.0/24: private, and present only inside the namespaces made here


def run(*args, check=True):
    result = subprocess.run(list(args), capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {result.returncode}: {result.stderr.strip()[:400]}")
    return result


class DataCentre:
    """Hosts by name (`rmq1`, `pg`, `coord1`, ...), each a namespace `<prefix>-<name>` with eth0 at
    SUBNET.<n>. `close()` removes every namespace, link and hosts file it made, also after a failure
    half-way through `build()`."""

    def __init__(self, prefix, hosts, aliases=None):
        self.prefix = prefix
        self.switch = f"{prefix}-sw"
        self.hosts = {name: f"{SUBNET}.{10 + i}" for i, name in enumerate(hosts)}
        self.aliases = aliases or {}  # name -> [host, ...]
        self.made = []

    def ns(self, host):
        return f"{self.prefix}-{host}"

    def address(self, host):
        return self.hosts[host]

    def port_name(self, host):
        # Interface names are at most 15 bytes; this one lives in the switch namespace only.
        return f"p{list(self.hosts).index(host)}"

    def build(self):
        self.clean_leftovers()
        run("ip", "netns", "add", self.switch)
        self.made.append(self.switch)
        run("ip", "-n", self.switch, "link", "add", "br0", "type", "bridge")
        run("ip", "-n", self.switch, "link", "set", "br0", "up")
        run("ip", "-n", self.switch, "link", "set", "lo", "up")
        lines = ["127.0.0.1 localhost"] + [f"{a} {h}" for h, a in self.hosts.items()]
        for alias, members in self.aliases.items():
            lines += [f"{self.hosts[m]} {alias}" for m in members]
        for host, address in self.hosts.items():
            ns = self.ns(host)
            run("ip", "netns", "add", ns)
            self.made.append(ns)
            os.makedirs(f"/etc/netns/{ns}", exist_ok=True)
            with open(f"/etc/netns/{ns}/hosts", "w") as f:
                f.write("\n".join(lines) + "\n")
            port = self.port_name(host)
            # Made inside the switch namespace, then one end moved into the host's.
            run("ip", "-n", self.switch, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns)
            run("ip", "-n", self.switch, "link", "set", port, "master", "br0", "up")
            run("ip", "-n", ns, "addr", "add", f"{address}/24", "dev", "eth0")
            run("ip", "-n", ns, "link", "set", "eth0", "up")
            run("ip", "-n", ns, "link", "set", "lo", "up")

    def partition(self, host):
        run("ip", "-n", self.switch, "link", "set", self.port_name(host), "down")

    def heal(self, host):
        run("ip", "-n", self.switch, "link", "set", self.port_name(host), "up")

    def exec_args(self, host):
        return ["ip", "netns", "exec", self.ns(host)]

    def clean_leftovers(self):
        """Namespaces of an earlier run with this prefix that did not get to close (killed)."""
        listed = run("ip", "netns", "list", check=False).stdout.split("\n")
        for line in listed:
            name = line.split(" ")[0]
            if name.startswith(self.prefix + "-"):
                kill_namespace_processes(name)
                run("ip", "netns", "del", name, check=False)
                shutil.rmtree(f"/etc/netns/{name}", ignore_errors=True)

    def close(self):
        for ns in reversed(self.made):
            kill_namespace_processes(ns)
            run("ip", "netns", "del", ns, check=False)
            shutil.rmtree(f"/etc/netns/{ns}", ignore_errors=True)
        self.made = []


def kill_namespace_processes(ns):
    """Every process left in namespace `ns` (a broker's epmd, a crashed test's children)."""
    pids = run("ip", "netns", "pids", ns, check=False).stdout.split()
    for pid in pids:
        try:
            os.kill(int(pid), 9)
        except (ProcessLookupError, ValueError):
            pass
