#!/usr/bin/env python3
"""Fault runs for ReLUSweep (issue 16): the faults a new user meets, with real processes.

Phases (all by default; --phases picks some):
  early  Requests answered before their body was read (401 wrong token, 404, 415, 413), sent
         by Python's urllib (which says `Connection: close` and sends the whole body before it
         reads the answer), by http.client on a kept-alive connection, and over a raw socket
         (a declared Content-Length over the limit, no body): every answer must arrive.
  slow   A worker's throughput with and without 500 connections that send their headers or
         bodies a byte at a time (interleaved windows, median ratio; within 20 % passes); the
         slow connections must be closed by the header and body timeouts; a coordinator with
         --max-connections 100 answers 503 beyond it and serves again afterwards.
  disk   (root: a tmpfs) The coordinator's database on a small tmpfs that is filled up several
         times while workers train: requests are answered 503, workers keep their results and
         retry; then a worker whose outbox's tmpfs fills: it stops leasing, releases, resumes.
         Every trial recorded exactly once, nothing acknowledged lost.
  files  `relusweep backup` while workers post; a coordinator started on each copy finishes the
         sweep; a torn last line in a killed worker's outbox is skipped with a warning and the
         rest re-sent; a damaged database is refused by the coordinator and `relusweep check`.
  tls    A throwaway CA and certificate (openssl), a coordinator with --tls-cert/--tls-key,
         workers and client commands with --ca-file; a wrong CA and no CA are refused.

Checks after each sweep, from the database (read-only) and the export: every trial has exactly
one result (duplicates = 0), every result a worker logged as acknowledged is stored (lost = 0),
`relusweep check` passes. Prints one summary line (`faults: PASS ...`) and exits 1 on any
violation, 2 on a setup error. Loopback only; every wait is bounded; children are killed on exit.

Usage: Tests/Faults/faults.py --relusweep .build/debug/relusweep [--phases early,slow] [--report F]
(`make faults` runs it; `make test` runs the short versions in the Swift test targets).
"""

import argparse
import http.client
import json
import os
import random
import select
import shutil
import signal
import socket
import sqlite3
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "PyHarness"))
from relusweep_harness import Child, free_port  # noqa: E402

PHASES = ["early", "slow", "disk", "files", "tls"]


class Violation(Exception):
    pass


class SetupError(Exception):
    pass


def log(msg):
    print(f"[faults {time.strftime('%H:%M:%S')}] {msg}", flush=True)




class Tmpfs:
    """A tmpfs of `size` mounted on a fresh directory; always unmounted (lazily) on exit."""

    def __init__(self, parent, size):
        self.dir = tempfile.mkdtemp(prefix="tmpfs-", dir=parent)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", self.dir],
                           capture_output=True, text=True)
        if r.returncode != 0:
            os.rmdir(self.dir)
            raise SetupError(f"cannot mount a tmpfs: {r.stderr.strip()}")

    def fill(self):
        path = os.path.join(self.dir, "filler")
        written = 0
        with open(path, "ab", buffering=0) as f:
            for chunk in (1 << 16, 4096, 512, 1):
                block = b"." * chunk
                while True:
                    try:
                        written += f.write(block)
                    except OSError:
                        break
        return written

    def free(self):
        try:
            os.unlink(os.path.join(self.dir, "filler"))
        except FileNotFoundError:
            pass

    def close(self):
        subprocess.run(["umount", "-l", self.dir], capture_output=True)
        try:
            os.rmdir(self.dir)
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Faults:
    def __init__(self, a):
        self.a = a
        self.rng = random.Random(a.seed)
        self.dir = tempfile.mkdtemp(prefix="relusweep-faults-")
        self.token = "faults-" + "".join(self.rng.choice("0123456789abcdef") for _ in range(40))
        self.token_file = os.path.join(self.dir, "token")
        with open(self.token_file, "w") as f:
            f.write(self.token + "\n")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("RELUSWEEP_")}
        self.env["RELUSWEEP_STATE_DIR"] = os.path.join(self.dir, "state")
        self.children = []
        self.runs = 0
        self.fig = {"requests": 0, "connections": 0, "faults": {}, "lost": 0, "duplicates": 0, "trials_checked": 0,
                    "skipped": {}, "phases": {}}
        self.problems = []

    # --- helpers ---------------------------------------------------------------------------

    def fault(self, kind, n=1):
        self.fig["faults"][kind] = self.fig["faults"].get(kind, 0) + n

    def problem(self, text):
        log(f"VIOLATION {text}")
        self.problems.append(text)

    def path(self, *names):
        p = os.path.join(self.dir, *names)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def run_cli(self, args, timeout=120, check=True):
        r = subprocess.run([self.a.relusweep] + args, capture_output=True, text=True, timeout=timeout, env=self.env)
        if check and r.returncode != 0:
            raise SetupError(f"relusweep {' '.join(args[:3])} exited {r.returncode}: {r.stderr.strip()[-2000:]}")
        return r

    def start_coordinator(self, db, extra=(), scheme="http", ca=None, lease=5):
        self.runs += 1
        port = free_port()
        out = self.path("logs", f"coordinator-{self.runs}.log")
        args = [self.a.relusweep, "coordinator", "--db", db, "--host", "127.0.0.1", "--port", str(port),
                "--token-file", self.token_file, "--lease-seconds", str(lease)] + list(extra)
        child = Child(args, out, self.env)
        self.children.append(child)
        url = f"{scheme}://127.0.0.1:{port}"
        context = ssl.create_default_context(cafile=ca) if ca else None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.alive():
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1, context=context) as r:
                    if r.status == 200:
                        child.url, child.port, child.context, child.db = url, port, context, db
                        return child
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.05)
        raise SetupError(f"the coordinator did not start: {child.output()[-2000:]}")

    def stop_coordinator(self, c):
        """Counts the requests it served (its /metrics), then SIGTERM."""
        try:
            self.fig["requests"] += self.requests_served(c)
        except (OSError, urllib.error.URLError, ValueError):
            pass
        c.signal(signal.SIGTERM)
        if c.wait(40) is None:
            c.kill()

    def requests_served(self, c):
        text = self.request(c, "GET", "/metrics")[1].decode()
        return int(sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                       if line.startswith("relusweep_http_requests_total{")))

    def request(self, c, method, path, body=None, timeout=10):
        req = urllib.request.Request(c.url + path, data=body, method=method,
                                     headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout, context=c.context) as r:
            return r.status, r.read()

    def counts(self, c, sweep):
        return json.loads(self.request(c, "GET", f"/v1/sweeps/{sweep}")[1])["counts"]

    def submit(self, c, name, trials, steps, extra=()):
        cells = 4 * 5
        seeds = max(1, -(-trials // cells))
        grid = {"name": name, "base": {"model": "single", "dataset": "relu1d", "optimizer": "momentum", "lr": 0.05,
                                       "steps": steps, "nTrain": 64, "nTest": 64, "batchSize": 16},
                "axes": {"targetStd": [0.001, 0.01, 0.1, 1, 10], "momentum": [0, 0.5, 0.9, 0.99]}, "seeds": seeds}
        path = self.path("grids", f"{name}.json")
        with open(path, "w") as f:
            json.dump(grid, f)
        r = self.run_cli(["submit", path, "--coordinator", c.url, "--token-file", self.token_file, "--json"] + list(extra))
        return json.loads(r.stdout)["trials"]

    def start_worker(self, c, name, slots=1, extra=(), outbox=None):
        outbox = outbox or self.path("outbox", f"{name}.jsonl")
        wlog = self.path("logs", f"{name}.log.jsonl")
        args = [self.a.relusweep, "worker", "--coordinator", c.url, "--token-file", self.token_file, "--slots", str(slots),
                "--name", name, "--outbox", outbox, "--log", wlog, "--max-backoff-seconds", "1", "--flush-seconds", "20"] + list(extra)
        w = Child(args, self.path("logs", f"{name}.out"), self.env)
        w.name, w.log, w.outbox = name, wlog, outbox
        self.children.append(w)
        return w

    def wait_finished(self, c, sweep, seconds, what):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                counts = self.counts(c, sweep)
                if counts["pending"] + counts["leased"] == 0:
                    return counts
            except (OSError, urllib.error.URLError, ValueError):
                pass
            time.sleep(0.2)
        raise SetupError(f"{what}: sweep {sweep} not finished within {seconds} s")

    def wait_done(self, c, sweep, at_least, seconds, what):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self.counts(c, sweep)["done"] >= at_least:
                    return
            except (OSError, urllib.error.URLError, ValueError):
                pass
            time.sleep(0.1)
        raise SetupError(f"{what}: fewer than {at_least} trials done within {seconds} s")

    def verify(self, c, sweep, expected, workers, what, extra=()):
        """Every trial exactly once (database, export), nothing acknowledged lost; `relusweep check`
        after the coordinator `c` is stopped."""
        lines = self.run_cli(["results", sweep, "--coordinator", c.url, "--token-file", self.token_file] + list(extra)).stdout
        ids = [json.loads(l)["trialId"] for l in lines.splitlines() if l.strip()]
        self.stop_coordinator(c)
        dup = len(ids) - len(set(ids))
        if dup or len(ids) != expected:
            self.problem(f"{what}: the export lists {len(ids)} records for {len(set(ids))} trials, expected {expected} once each")
        self.fig["duplicates"] += max(0, dup)
        con = sqlite3.connect(f"file:{c.db}?mode=ro", uri=True)
        try:
            rows = con.execute("""SELECT t.id, t.state, r.leaseId FROM membership m JOIN sweeps s ON s.seq = m.sweep
                                  JOIN trials t ON t.seq = m.trial LEFT JOIN results r ON r.trial = t.seq WHERE s.id = ?""",
                               (sweep,)).fetchall()
        finally:
            con.close()
        stored = {tid: lease for tid, state, lease in rows if lease is not None}
        not_done = [tid for tid, state, _ in rows if state != "done"]
        if len(rows) != expected or not_done or len(stored) != expected:
            self.problem(f"{what}: {len(rows)} trials, {len(stored)} with a result, {len(not_done)} not done (expected {expected})")
        lost = 0
        for w in workers:
            if not os.path.exists(w.log):
                continue
            with open(w.log) as f:
                for line in f:
                    try:
                        e = json.loads(line)
                    except ValueError:
                        continue
                    if e.get("event") != "acked" or e.get("status") not in ("stored", "duplicate"):
                        continue
                    if e["trialId"] not in stored or (e["status"] == "stored" and stored[e["trialId"]] != e.get("leaseId")):
                        lost += 1
        if lost:
            self.problem(f"{what}: {lost} acknowledged result(s) not in the database under their lease")
        self.fig["lost"] += lost
        self.fig["trials_checked"] += len(rows)
        r = self.run_cli(["check", "--db", c.db], check=False)
        if r.returncode != 0:
            self.problem(f"{what}: relusweep check: {r.stdout.strip()[-500:]} {r.stderr.strip()[-500:]}")

    # --- early answers -------------------------------------------------------------------------

    def phase_early(self):
        c = self.start_coordinator(self.path("early", "sweeps.sqlite"))
        cases = [("wrong token", "/v1/results", "wrong", "application/json", 401),
                 ("unknown route", "/v1/no-such-route", self.token, "application/json", 404),
                 ("wrong content type", "/v1/results", self.token, "text/plain", 415)]
        answered = 0
        sent = 0
        followups = 0
        for mib in self.a.early_sizes:
            body = b"x" * (mib << 20)
            for name, path, token, ctype, status in cases:
                # urllib: Connection: close, the whole body before the answer.
                req = urllib.request.Request(c.url + path, data=body, method="POST",
                                             headers={"Authorization": f"Bearer {token}", "Content-Type": ctype})
                t = time.monotonic()
                got = None
                try:
                    with urllib.request.urlopen(req, timeout=5) as r:
                        got = r.status
                except urllib.error.HTTPError as e:
                    got = e.code
                except (OSError, urllib.error.URLError) as e:
                    got = repr(e)[:80]
                sent += 1
                self.fig["connections"] += 1
                if got == status:
                    answered += 1
                else:
                    self.problem(f"early: urllib POST {path} ({name}), {mib} MiB: got {got} after {time.monotonic() - t:.1f} s, expected {status}")
                # http.client, keep-alive: the answer, then a second request on the same connection.
                conn = http.client.HTTPConnection("127.0.0.1", c.port, timeout=5)
                self.fig["connections"] += 1
                try:
                    conn.request("POST", path, body=body, headers={"Authorization": f"Bearer {token}", "Content-Type": ctype})
                    r = conn.getresponse()
                    r.read()
                    ok = r.status == status
                    if r.getheader("Connection", "").lower() != "close":
                        # The drained body was not taken for a request: the connection serves on.
                        conn.request("GET", "/healthz")
                        r2 = conn.getresponse()
                        r2.read()
                        ok = ok and r2.status == 200
                        followups += 1
                    sent += 1
                    answered += ok
                    if not ok:
                        self.problem(f"early: keep-alive POST {path} ({name}), {mib} MiB: {r.status}")
                except (OSError, http.client.HTTPException) as e:
                    self.problem(f"early: keep-alive POST {path} ({name}), {mib} MiB: {e!r}")
                finally:
                    conn.close()
                self.fault("early_answers", 2)
        # A declared body over the limit (16 MiB): 413 before any body byte is sent.
        for path in ["/v1/results", "/v1/sweeps", "/v1/no-such-route"]:
            s = socket.create_connection(("127.0.0.1", c.port), timeout=5)
            self.fig["connections"] += 1
            try:
                s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {self.token}\r\nContent-Type: application/json\r\n"
                          f"Content-Length: {20 << 20}\r\nConnection: close\r\n\r\n".encode())
                head = s.recv(4096).decode(errors="replace")
                sent += 1
                if not head.startswith("HTTP/1.1 413"):
                    self.problem(f"early: declared 20 MiB to {path}: {head[:60]!r}")
                else:
                    answered += 1
            except OSError as e:
                self.problem(f"early: declared 20 MiB to {path}: {e!r}")
            finally:
                s.close()
            self.fault("declared_over_limit")
        self.stop_coordinator(c)
        self.fig["phases"]["early"] = {"requests": sent, "answered": answered, "keep_alive_followups": followups,
                                       "body_mib": self.a.early_sizes}
        log(f"early: {answered}/{sent} early answers arrived; {followups} kept-alive connections served a next request")

    # --- slow clients ------------------------------------------------------------------------

    def slow_clients(self, port, n):
        """n sockets: half send a request head a byte at a time, half a whole head and then a body
        of 1000 bytes a byte at a time."""
        socks = []
        for i in range(n):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.setblocking(False)
            if i % 2 == 0:
                script = (f"POST /v1/leases HTTP/1.1\r\nHost: x\r\nX-Slow: {'s' * 2000}\r\n\r\n").encode()
                start = 0
            else:
                head = (f"POST /v1/leases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {self.token}\r\n"
                        f"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n").encode()
                script = head + b" " * 1000
                start = len(head)
                s.send(head)
            socks.append({"sock": s, "script": script, "sent": start, "data": b"", "closed": None, "opened": time.monotonic()})
        self.fig["connections"] += n
        self.fault("slow_connections", n)
        return socks

    @staticmethod
    def tick(socks):
        for c in socks:
            if c["closed"] is not None:
                continue
            try:
                while True:
                    d = c["sock"].recv(4096)
                    if not d:
                        c["closed"] = ("eof", time.monotonic())
                        break
                    c["data"] += d
            except BlockingIOError:
                pass
            except OSError:
                c["closed"] = ("reset", time.monotonic())
            if c["closed"] is None and c["sent"] < len(c["script"]):
                try:
                    c["sent"] += c["sock"].send(c["script"][c["sent"]:c["sent"] + 1])
                except BlockingIOError:
                    pass
                except OSError:
                    c["closed"] = ("reset", time.monotonic())

    def phase_slow(self):
        c = self.start_coordinator(self.path("slow", "sweeps.sqlite"))
        total = self.submit(c, "slow", self.a.slow_trials, self.a.slow_steps)
        w = self.start_worker(c, "slow-w", slots=1)
        self.wait_done(c, "slow", 20, 60, "slow: warm-up")
        time.sleep(2)
        rates = {"quiet": [], "slow": []}
        final_socks = None
        for rnd in range(self.a.slow_rounds):
            for kind in ("quiet", "slow"):
                socks = self.slow_clients(c.port, self.a.slow_connections) if kind == "slow" else None
                d0 = self.counts(c, "slow")["done"]
                t0 = time.monotonic()
                while time.monotonic() - t0 < self.a.slow_window:
                    if socks:
                        self.tick(socks)
                    time.sleep(self.a.slow_tick)
                d1 = self.counts(c, "slow")["done"]
                rates[kind].append((d1 - d0) / (time.monotonic() - t0))
                log(f"slow: round {rnd + 1} {kind}: {rates[kind][-1]:.1f} trials/s"
                    + (f" with {sum(1 for s in socks if s['closed'] is None)} slow connections open" if socks else ""))
                if socks:
                    if rnd == self.a.slow_rounds - 1:
                        final_socks = socks
                    else:
                        for s in socks:
                            s["sock"].close()
        # The last slow set: keep trickling until the server closes every connection (bounded).
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and any(s["closed"] is None for s in final_socks):
            self.tick(final_socks)
            time.sleep(self.a.slow_tick)
        open_left = sum(1 for s in final_socks if s["closed"] is None)
        heads = [s for i, s in enumerate(final_socks) if i % 2 == 0]
        bodies = [s for i, s in enumerate(final_socks) if i % 2 == 1]
        def summary(group):
            return {"closed": sum(1 for s in group if s["closed"]), "answered_408": sum(1 for s in group if s["data"].startswith(b"HTTP/1.1 408")),
                    "seconds_to_close_median": round(statistics.median([s["closed"][1] - s["opened"] for s in group if s["closed"]] or [0]), 1)}
        for s in final_socks:
            s["sock"].close()
        if open_left:
            self.problem(f"slow: {open_left} slow connections still open after 90 s")
        ratios = [s / q for q, s in zip(rates["quiet"], rates["slow"]) if q > 0]
        ratio = statistics.median(ratios) if ratios else 0
        if ratio < 0.8:
            self.problem(f"slow: the worker's throughput with {self.a.slow_connections} slow connections is {ratio:.0%} of the quiet one (median of {len(ratios)} pairs)")
        w.signal(signal.SIGTERM)
        w.wait(60)
        self.stop_coordinator(c)

        # Connection limit: 100 held, 20 more answered 503, then served again.
        c2 = self.start_coordinator(self.path("slow", "limit.sqlite"), extra=["--max-connections", "100", "--header-timeout-seconds", "60"])
        held = [socket.create_connection(("127.0.0.1", c2.port), timeout=5) for _ in range(100)]
        time.sleep(0.5)
        refused = 0
        for _ in range(20):
            s = socket.create_connection(("127.0.0.1", c2.port), timeout=5)
            try:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                if s.recv(4096).startswith(b"HTTP/1.1 503"):
                    refused += 1
            except OSError:
                pass
            finally:
                s.close()
        for s in held:
            s.close()
        self.fig["connections"] += 120
        self.fault("connections_over_limit", 20)
        served_again = False
        for _ in range(50):
            try:
                served_again = self.request(c2, "GET", "/healthz")[0] == 200
                break
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)
        if refused != 20 or not served_again:
            self.problem(f"slow: --max-connections 100: {refused}/20 extra connections answered 503, served again: {served_again}")
        self.stop_coordinator(c2)
        self.fig["phases"]["slow"] = {
            "connections": self.a.slow_connections, "window_seconds": self.a.slow_window, "rounds": self.a.slow_rounds,
            "trials_per_second_quiet": [round(r, 1) for r in rates["quiet"]],
            "trials_per_second_slow": [round(r, 1) for r in rates["slow"]],
            "throughput_ratio_median": round(ratio, 3), "header_tricklers": summary(heads), "body_tricklers": summary(bodies),
            "limit_refused_503": refused, "served_after_limit": served_again, "sweep_trials": total}
        log(f"slow: throughput ratio {ratio:.2f} (median of {ratios}); heads {summary(heads)}; bodies {summary(bodies)}; 503s {refused}/20")

    # --- disk full ----------------------------------------------------------------------------

    def phase_disk(self):
        if os.geteuid() != 0:
            self.fig["skipped"]["disk"] = "not root: mounting a tmpfs needs root"
            log("disk: SKIPPED (not root: mounting a tmpfs needs root)")
            return
        info = {}
        with Tmpfs(self.dir, "16m") as fs:
            c = self.start_coordinator(os.path.join(fs.dir, "sweeps.sqlite"))
            total = self.submit(c, "disk", self.a.disk_trials, self.a.disk_steps)
            workers = [self.start_worker(c, f"disk-w{i}", slots=1) for i in range(self.a.disk_workers)]
            refused = 0
            probes_committed = 0
            for k in range(self.a.disk_fills):
                self.wait_done(c, "disk", total * (k + 1) // (self.a.disk_fills + 2), 180, f"disk: before fill {k + 1}")
                filled = fs.fill()
                self.fault("database_disk_full")
                t = time.monotonic()
                # Our own writes while it is full: answered 503 and stored nothing, or (while
                # SQLite still reuses WAL space it had) committed; never another answer.
                seen_503 = False
                while time.monotonic() - t < max(self.a.disk_full_seconds, 1) or (not seen_503 and time.monotonic() - t < 30):
                    try:
                        self.request(c, "POST", "/v1/leases", json.dumps({"worker": "probe", "slots": 1}).encode())
                        probes_committed += 1
                    except urllib.error.HTTPError as e:
                        detail = e.read().decode(errors="replace")
                        if e.code != 503 or "disk is full" not in detail:
                            self.problem(f"disk: a write while full got {e.code}: {detail[:200]}")
                        else:
                            seen_503 = True
                            refused += 1
                    time.sleep(0.2)
                if not seen_503:
                    self.problem("disk: no write was refused in 30 s of a full database disk")
                fs.free()
                log(f"disk: database disk full ({filled} bytes of filler) for {time.monotonic() - t:.1f} s, freed")
            self.wait_finished(c, "disk", 300, "disk: after the fills")
            for w in workers:
                w.signal(signal.SIGTERM)
            for w in workers:
                w.wait(60)
            failed_posts = sum(1 for w in workers for line in open(w.log) if '"postFailed"' in line)
            self.verify(c, "disk", total, workers, "disk (database)")
            info["database"] = {"fills": self.a.disk_fills, "trials": total, "workers": len(workers),
                                "posts_refused_and_retried": failed_posts, "probe_writes_refused_503": refused,
                                "probe_writes_committed_while_full": probes_committed}

        # The worker's outbox disk.
        c = self.start_coordinator(self.path("disk", "sweeps.sqlite"))
        total = self.submit(c, "disk-outbox", self.a.disk_trials // 2, self.a.disk_steps)
        with Tmpfs(self.dir, "1m") as fs:
            w = self.start_worker(c, "disk-ob", slots=2, outbox=os.path.join(fs.dir, "outbox.jsonl"))
            self.wait_done(c, "disk-outbox", total // 4, 180, "disk: outbox warm-up")
            fs.fill()
            self.fault("outbox_disk_full")
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and '"outboxFull"' not in open(w.log).read():
                time.sleep(0.1)
            time.sleep(3)
            said = "No space left on device" in w.output() and "no new leases" in w.output()
            fs.free()
            self.wait_finished(c, "disk-outbox", 300, "disk: after the outbox fill")
            w.signal(signal.SIGTERM)
            w.wait(60)
            entries = [json.loads(l) for l in open(w.log) if l.strip()]
            released = sum(e.get("count") or 0 for e in entries if e.get("event") == "released")
            stalls = sum(1 for e in entries if e.get("event") == "outboxFull")
            if not said or stalls < 1:
                self.problem(f"disk: the worker with a full outbox did not say why (stalls {stalls}, message {said})")
        self.verify(c, "disk-outbox", total, [w], "disk (outbox)")
        info["outbox"] = {"trials": total, "stalls": stalls, "leases_released": released, "said_why": said}
        self.fig["phases"]["disk"] = info
        log(f"disk: {info}")

    # --- damaged and half-written files -------------------------------------------------------

    def phase_files(self):
        info = {}
        c = self.start_coordinator(self.path("files", "sweeps.sqlite"), lease=3)
        total = self.submit(c, "files", self.a.files_trials, self.a.files_steps)
        workers = [self.start_worker(c, f"files-w{i}", slots=1) for i in range(2)]
        copies = []
        for k in range(3):
            self.wait_done(c, "files", total * (k + 1) // 5, 180, f"files: before backup {k + 1}")
            out = self.path("files", f"copy-{k}.sqlite")
            r = self.run_cli(["backup", "--db", c.db, "--out", out])
            copies.append(out)
            self.fault("backup_while_serving")
            log(f"files: {r.stdout.strip()}")
        # SIGKILL one worker mid-trial, then tear the last line of its outbox (a power cut).
        victim = workers[0]
        victim.signal(signal.SIGKILL)
        victim.wait(10)
        self.fault("worker_sigkill")
        torn = False
        with open(victim.outbox, "rb") as f:
            content = f.read()
        lines = [l for l in content.split(b"\n") if l]
        if lines:
            content = b"\n".join(lines[:-1]) + (b"\n" if len(lines) > 1 else b"") + lines[-1][: len(lines[-1]) // 2]
        else:
            # Nothing pending at the kill: a half-written result of a made-up lease stands in.
            content = b'{"epoch":1,"leaseId":"' + b"0" * 32 + b'","metrics":{"collapsed":fal'
        with open(victim.outbox, "wb") as f:
            f.write(content)
        torn = True
        self.fault("torn_outbox_line")
        starts_before = victim.output().count("worker started")
        again = self.start_worker(c, victim.name, slots=1, outbox=victim.outbox)
        # The other workers may finish the sweep first: let the restarted one read its outbox
        # (its start is logged after that) before it is stopped. Both write to one .out file.
        deadline = time.time() + 60
        while time.time() < deadline and again.output().count("worker started") <= starts_before and again.alive():
            time.sleep(0.2)
        self.wait_finished(c, "files", 300, "files: live sweep")
        for w in workers[1:] + [again]:
            w.signal(signal.SIGTERM)
            w.wait(60)
        warned = "unreadable" in again.output()
        if torn and not warned:
            self.problem("files: the restarted worker did not warn about its torn outbox line")
        self.verify(c, "files", total, workers + [again], "files (live)")
        # Each copy: a coordinator on it finishes the sweep.
        for k, copy in enumerate(copies):
            if self.run_cli(["check", "--db", copy], check=False).returncode != 0:
                self.problem(f"files: relusweep check fails on backup {k + 1}")
            c2 = self.start_coordinator(copy, lease=3)
            w2 = self.start_worker(c2, f"files-copy{k}", slots=2, extra=["--exit-when-idle"])
            if w2.wait(300) != 0:
                self.problem(f"files: the worker on backup {k + 1} exited {w2.proc.returncode}")
            self.verify(c2, "files", total, [w2], f"files (backup {k + 1})")
        # A damaged copy: refused by the coordinator and by check.
        damaged = self.path("files", "damaged.sqlite")
        with open(copies[-1], "rb") as f:
            data = f.read()
        with open(damaged, "wb") as f:
            f.write(data[: len(data) // 2])
        self.fault("half_written_database")
        r = subprocess.run([self.a.relusweep, "coordinator", "--db", damaged, "--port", "0", "--token-file", self.token_file],
                           capture_output=True, text=True, timeout=60, env=self.env)
        refused = r.returncode != 0 and damaged in r.stderr and "relusweep backup" in r.stderr
        checked = self.run_cli(["check", "--db", damaged], check=False).returncode == 1
        if not refused or not checked:
            self.problem(f"files: a half-written database was not refused (coordinator {r.returncode}: {r.stderr[-300:]}; check {checked})")
        info = {"backups": len(copies), "copies_continued": len(copies), "torn_line_warned": warned,
                "damaged_refused": refused, "damaged_found_by_check": checked, "trials": total}
        self.fig["phases"]["files"] = info
        log(f"files: {info}")

    # --- TLS ------------------------------------------------------------------------------------

    def phase_tls(self):
        d = self.path("tls", "x")
        d = os.path.dirname(d)
        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        def openssl(args):
            r = subprocess.run(["openssl"] + args, cwd=d, capture_output=True, text=True)
            if r.returncode != 0:
                raise SetupError(f"openssl {args[0]}: {r.stderr.strip()}")
        openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=faults CA"])
        openssl(["req", "-x509"] + ec + ["-keyout", "wrong.key", "-out", "wrong.pem", "-days", "1", "-subj", "/CN=other CA"])
        openssl(["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"])
        with open(os.path.join(d, "san.cnf"), "w") as f:
            f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
        openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                 "-out", "server.pem", "-days", "1", "-extfile", "san.cnf"])
        ca = os.path.join(d, "ca.pem")
        c = self.start_coordinator(os.path.join(d, "sweeps.sqlite"), scheme="https", ca=ca,
                                   extra=["--tls-cert", os.path.join(d, "server.pem"), "--tls-key", os.path.join(d, "server.key")])
        total = self.submit(c, "tls", self.a.tls_trials, 2000, extra=["--ca-file", ca])
        workers = [self.start_worker(c, f"tls-w{i}", slots=1, extra=["--ca-file", ca, "--exit-when-idle"]) for i in range(2)]
        for w in workers:
            if w.wait(300) != 0:
                self.problem(f"tls: worker {w.name} exited {w.proc.returncode}: {w.output()[-500:]}")
        refused = 0
        for name, flags in [("wrong CA", ["--ca-file", os.path.join(d, "wrong.pem")]), ("no CA", [])]:
            r = self.run_cli(["status", "--coordinator", c.url, "--token-file", self.token_file] + flags, check=False, timeout=60)
            self.fault("untrusted_certificate")
            if r.returncode == 1 and "cannot trust the coordinator" in r.stderr:
                refused += 1
            else:
                self.problem(f"tls: {name}: status exited {r.returncode}: {r.stderr[-300:]}")
        self.verify(c, "tls", total, workers, "tls", extra=["--ca-file", ca])
        self.fig["phases"]["tls"] = {"trials": total, "workers": len(workers), "untrusted_refused": refused}
        log(f"tls: {total} trials over TLS; untrusted refused {refused}/2")

    # --- run --------------------------------------------------------------------------------------

    def run(self):
        for phase in self.a.phases:
            t = time.monotonic()
            log(f"phase {phase}")
            getattr(self, f"phase_{phase}")()
            self.fig["phases"].setdefault(phase, {})
            if isinstance(self.fig["phases"][phase], dict):
                self.fig["phases"][phase]["seconds"] = round(time.monotonic() - t, 1)

    def cleanup(self):
        for c in self.children:
            if c.alive():
                c.kill()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--relusweep", default=".build/debug/relusweep")
    ap.add_argument("--phases", default=",".join(PHASES), help=f"comma-separated, from {','.join(PHASES)}")
    ap.add_argument("--early-sizes", default="1,4,8,15", help="MiB bodies for the early answers")
    ap.add_argument("--slow-connections", type=int, default=500)
    ap.add_argument("--slow-rounds", type=int, default=3, help="pairs of windows (quiet, slow), interleaved")
    ap.add_argument("--slow-window", type=float, default=8.0, help="seconds per throughput window")
    ap.add_argument("--slow-tick", type=float, default=0.2, help="seconds between the bytes of a slow connection")
    ap.add_argument("--slow-trials", type=int, default=20000)
    ap.add_argument("--slow-steps", type=int, default=20000)
    ap.add_argument("--disk-trials", type=int, default=2000)
    ap.add_argument("--disk-steps", type=int, default=2000)
    ap.add_argument("--disk-workers", type=int, default=4)
    ap.add_argument("--disk-fills", type=int, default=3)
    ap.add_argument("--disk-full-seconds", type=float, default=5.0)
    ap.add_argument("--files-trials", type=int, default=1000)
    ap.add_argument("--files-steps", type=int, default=5000)
    ap.add_argument("--tls-trials", type=int, default=200)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the working directory on success")
    ap.add_argument("--report", default=None, help="write the figures as JSON to this file")
    a = ap.parse_args()
    a.phases = [p for p in a.phases.split(",") if p]
    unknown = [p for p in a.phases if p not in PHASES]
    if unknown:
        print(f"faults: unknown phase(s) {unknown}; choose from {PHASES}", file=sys.stderr)
        return 2
    a.early_sizes = [int(x) for x in a.early_sizes.split(",")]
    if a.seed is None:
        a.seed = random.SystemRandom().randrange(1 << 31)
    if not os.access(a.relusweep, os.X_OK):
        print(f"faults: {a.relusweep} is not an executable; build it first (swift build --product relusweep)", file=sys.stderr)
        return 2
    a.relusweep = os.path.abspath(a.relusweep)
    f = Faults(a)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    start = time.monotonic()
    try:
        f.run()
    except SetupError as e:
        f.cleanup()
        print(f"faults: ERROR {e} (files kept in {f.dir})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        f.cleanup()
        print(f"faults: interrupted (files kept in {f.dir})", file=sys.stderr)
        return 1
    finally:
        f.cleanup()
    fig = f.fig
    fig.update({"result": "PASS" if not f.problems else "FAIL", "problems": f.problems, "seed": a.seed,
                "duration_seconds": round(time.monotonic() - start, 1), "load_at_end": os.getloadavg()})
    faults = sum(fig["faults"].values())
    line = (f"faults: {fig['result']} phases={','.join(a.phases)} requests={fig['requests']} connections={fig['connections']} "
            f"faults={faults} ({' '.join(f'{k}={v}' for k, v in sorted(fig['faults'].items()))}) "
            f"trials_checked={fig['trials_checked']} lost={fig['lost']} duplicates={fig['duplicates']} "
            f"problems={len(f.problems)} duration={fig['duration_seconds']:.0f}s"
            + (f" skipped={fig['skipped']}" if fig["skipped"] else ""))
    if a.report:
        with open(a.report, "w") as out:
            json.dump(fig, out, indent=2, sort_keys=True)
    for p in f.problems:
        print(f"faults: VIOLATION {p}", file=sys.stderr)
    print(line, flush=True)
    if f.problems:
        print(f"faults: files kept in {f.dir}", file=sys.stderr)
        return 1
    if not a.keep:
        shutil.rmtree(f.dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
