"""What the Python drivers of real relusweep processes share (Tests/Chaos, Tests/Faults,
Tests/Fuzz, Benchmarks/scale): a free loopback port and a child process with its output in a
file. Import with `sys.path.insert(0, <repo>/Tests/PyHarness)`."""

import os
import signal
import socket
import subprocess


def free_port():
    """A TCP port free on 127.0.0.1 right now (the kernel's pick)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Child:
    """A relusweep child process in a session of its own, its output appended to a file."""

    def __init__(self, args, out_path, env=None):
        self.out_path = out_path
        self.out = open(out_path, "ab")
        self.proc = subprocess.Popen(args, stdout=self.out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=env, start_new_session=True)
        self.pid = self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def signal(self, sig):
        if self.alive():
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def kill(self):
        # A stopped (SIGSTOP) child must be continued to die promptly.
        self.signal(signal.SIGCONT)
        self.signal(signal.SIGKILL)
        self.wait(10)

    def wait(self, seconds):
        try:
            return self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return None

    def output(self):
        self.out.flush()
        with open(self.out_path, "rb") as f:
            return f.read().decode(errors="replace")

    def close(self):
        self.out.close()
