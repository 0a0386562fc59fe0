#!/usr/bin/env python3
"""Chaos soak for ReLUSweep (issue 6): a real sweep under many faults, then invariants.

A coordinator (`relusweep coordinator`, short leases) and N worker processes run a sweep of
quick trials while this driver, on a schedule drawn from --seed:
  - SIGKILLs random workers and restarts them (about half with their old name and outbox,
    which they re-send; the rest fresh, abandoning what their outbox held),
  - SIGKILLs the coordinator and restarts it on the same database (--coordinator-kills times,
    spread over the sweep's progress),
  - SIGSTOPs a worker past its lease expiry, then SIGCONTs it (a stale holder that wakes up,
    heartbeats, and posts late),
  - resets connections: some workers talk to the coordinator through a TCP proxy in this
    script that, at random, drops a request before or part-way through forwarding it, or drops
    the answer after the coordinator processed the request (the acknowledgement is lost).
A second sweep of deliberately failing trials (a csv: data set that does not exist) checks
that the retry budget is spent on real failures, exactly.

At the end every worker is stopped gracefully, the results are exported through the API
(`relusweep results --format jsonl`), the coordinator is stopped, and the database is checked
read-only (Python's sqlite3) and by the store's own invariants (`relusweep check`):
  - every trial of the sweep has exactly one result and is `done`; nothing `leased` or active;
  - every result a worker logged as acknowledged (`stored` or `duplicate`) is in the database,
    and every `stored` one under the very lease and epoch the worker posted (lost=0);
  - the export lists each trial once, with metrics identical to the database's (duplicates=0);
  - a sample of trials retrained with `relusweep train` gives the stored metrics again;
  - attempts (the retry budget) are 0 for every trial but the failing ones, which end `failed`
    after exactly the budget (3);
  - the token appears in no log and no process command line.
Prints one summary line and exits 1 on any violation (2 on a setup error or the time limit).
Loopback only; every wait is bounded; all child processes are killed on exit.

Usage: Tests/Chaos/chaos_soak.py [--relusweep .build/debug/relusweep] [--trials 5000] ...
(`make chaos` runs the full soak; `make test` runs a short one from Tests/EndToEndTests).
"""

import argparse
import json
import math
import os
import random
import select
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "PyHarness"))
from relusweep_harness import Child, free_port  # noqa: E402

MAX_ATTEMPTS = 3  # the coordinator's retry budget (CoordinatorConfiguration.maxAttempts)
TIMING_KEYS = {"wallSeconds", "stepsPerSecond"}  # metrics that measure the machine, not the trial


class Violation(Exception):
    pass


class SetupError(Exception):
    pass


def log(msg):
    print(f"[chaos {time.strftime('%H:%M:%S')}] {msg}", flush=True)



# ---------------------------------------------------------------------------------------------
# A TCP proxy that resets connections at random.


class ResettingProxy:
    """Forwards 127.0.0.1:listen_port to 127.0.0.1:target_port. Each chunk read from either
    side is, with probability `p`, not forwarded: both connections are reset instead (RST via
    SO_LINGER 0). A reset on the way in loses the request (or truncates it mid-body); a reset on
    the way out loses the answer of a request the coordinator has processed."""

    def __init__(self, target_port, p, rng):
        self.target_port = target_port
        self.p = p
        self.rng = rng
        self.rng_lock = threading.Lock()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        self.enabled = True
        self.stopped = False
        self.counts = {"connections": 0, "resets_request": 0, "resets_partial_body": 0, "resets_answer": 0,
                       "upstream_refused": 0}
        self.count_lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def count(self, key):
        with self.count_lock:
            self.counts[key] += 1

    def roll(self):
        with self.rng_lock:
            return self.enabled and self.rng.random() < self.p

    def _accept(self):
        while not self.stopped:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            self.count("connections")
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    @staticmethod
    def _reset(*socks):
        for s in socks:
            try:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s.close()
            except OSError:
                pass

    def _serve(self, client):
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=2)
        except OSError:
            self.count("upstream_refused")  # the coordinator is down: the client sees a reset
            self._reset(client)
            return
        upstream.settimeout(None)
        pair = {client: upstream, upstream: client}
        try:
            while True:
                readable, _, _ = select.select([client, upstream], [], [], 120)
                if not readable:
                    break
                for s in readable:
                    data = s.recv(65536)
                    if not data:
                        raise EOFError
                    if self.roll():
                        if s is client:
                            # Half of the time forward part of the chunk first: a truncated body.
                            if len(data) > 1 and self.rng.random() < 0.5:
                                upstream.sendall(data[: len(data) // 2])
                                self.count("resets_partial_body")
                            else:
                                self.count("resets_request")
                        else:
                            self.count("resets_answer")
                        self._reset(client, upstream)
                        return
                    pair[s].sendall(data)
        except (OSError, EOFError):
            pass
        for s in (client, upstream):
            try:
                s.close()
            except OSError:
                pass

    def close(self):
        self.stopped = True
        try:
            self.sock.close()
        except OSError:
            pass


# ---------------------------------------------------------------------------------------------
# Processes.



class Soak:
    def __init__(self, a):
        self.a = a
        self.rng = random.Random(a.seed)
        self.dir = a.dir or tempfile.mkdtemp(prefix="relusweep-chaos-")
        os.makedirs(self.dir, exist_ok=True)
        for sub in ("outbox", "logs", "out"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        self.db = os.path.join(self.dir, "sweeps.sqlite")
        self.token = "chaos-" + "".join(self.rng.choice("0123456789abcdef") for _ in range(40))
        self.token_file = os.path.join(self.dir, "token")
        with open(self.token_file, "w") as f:
            f.write(self.token + "\n")
        os.chmod(self.token_file, 0o600)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("RELUSWEEP_")}
        self.env["RELUSWEEP_STATE_DIR"] = os.path.join(self.dir, "state")
        self.coordinator = None
        self.coordinator_runs = 0
        self.workers = {}  # slot index -> dict(child, name, generation, via_proxy, stopped_until)
        self.all_children = []
        self.stats = {"worker_kills": 0, "worker_restarts": 0, "restarts_same_outbox": 0, "restarts_fresh": 0,
                      "coordinator_kills": 0, "coordinator_restarts": 0, "stops": 0, "stop_seconds": 0.0}
        self.proxy = None
        self.sweeps = {}

    # --- setup -------------------------------------------------------------------------------

    def grids(self):
        cells = 5 * 4
        seeds = max(1, math.ceil(self.a.trials / cells))
        base = {"model": "single", "dataset": "relu1d", "optimizer": "momentum", "lr": 0.05,
                "steps": self.a.steps, "nTrain": 64, "nTest": 64, "batchSize": 16}
        main = {"name": "chaos", "description": "chaos soak: quick single-ReLU trials",
                "base": base, "axes": {"targetStd": [0.001, 0.01, 0.1, 1, 10], "momentum": [0, 0.5, 0.9, 0.99]},
                "seeds": seeds}
        failing = {"name": "chaos-fail", "description": "chaos soak: trials that fail for real (missing data set)",
                   "base": dict(base, dataset=f"csv:{self.dir}/missing/does-not-exist.csv"),
                   "seeds": self.a.failing}
        return [(main, cells * seeds), (failing, self.a.failing)] if self.a.failing > 0 else [(main, cells * seeds)]

    def run_cli(self, args, timeout=120, check=True):
        r = subprocess.run([self.a.relusweep] + args, capture_output=True, text=True, timeout=timeout, env=self.env)
        if check and r.returncode != 0:
            raise SetupError(f"relusweep {' '.join(args)} exited {r.returncode}: {r.stderr.strip()[-2000:]}")
        return r

    def start_coordinator(self):
        self.coordinator_runs += 1
        out = os.path.join(self.dir, "logs", "coordinator.log")
        with open(out, "ab") as f:
            f.write(f"=== run {self.coordinator_runs} at {time.time():.3f}\n".encode())
        args = [self.a.relusweep, "coordinator", "--db", self.db, "--host", "127.0.0.1", "--port", str(self.port),
                "--token-file", self.token_file, "--lease-seconds", str(self.a.lease_seconds)]
        deadline = time.monotonic() + 30
        while True:
            child = Child(args, out, self.env)
            self.all_children.append(child)
            if self.wait_listening(child, deadline):
                self.coordinator = child
                return
            child.kill()
            if time.monotonic() > deadline:
                raise SetupError(f"the coordinator did not start within 30 s; see {out}")
            time.sleep(0.5)  # port still held by the killed one, or the lock: try again

    def wait_listening(self, child, deadline):
        while time.monotonic() < deadline and child.alive():
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return True
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.05)
        return False

    def start_worker(self, index, same_outbox):
        w = self.workers.get(index)
        generation = (w["generation"] + (0 if same_outbox else 1)) if w else 0
        via_proxy = index < self.a.proxy_workers
        name = f"chaos-w{index}-g{generation}"
        outbox = os.path.join(self.dir, "outbox", f"{name}.jsonl")
        wlog = os.path.join(self.dir, "logs", f"{name}.log.jsonl")
        port = self.proxy.port if via_proxy else self.port
        args = [self.a.relusweep, "worker", "--coordinator", f"http://127.0.0.1:{port}", "--token-file", self.token_file,
                "--slots", str(self.a.slots), "--name", name, "--outbox", outbox, "--log", wlog,
                "--max-backoff-seconds", "1", "--grace-seconds", "5", "--flush-seconds", "10",
                # The failing sweep's csv path lies inside this directory but does not exist: an
                # ordinary failure, retried on other workers until the budget is spent (a path
                # outside the data directories would be refused at once, without retries).
                "--data-dir", self.dir]
        child = Child(args, os.path.join(self.dir, "logs", f"{name}.out"), self.env)
        self.all_children.append(child)
        self.workers[index] = {"child": child, "name": name, "generation": generation, "via_proxy": via_proxy,
                               "stopped_until": None}

    def get_json(self, path, timeout=2):
        req = urllib.request.Request(self.url + path, headers={"Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read())

    def progress(self):
        """(finished trials, total, every sweep finished) or None while the coordinator is down."""
        try:
            sweeps = self.get_json("/v1/sweeps")["sweeps"]
        except (OSError, urllib.error.URLError, ValueError):
            return None
        ours = [s for s in sweeps if s["id"] in self.sweeps]
        finished = sum(s["counts"]["done"] + s["counts"]["failed"] for s in ours)
        total = sum(s["trials"] for s in ours)
        return finished, total, all(s["state"] == "finished" for s in ours) and len(ours) == len(self.sweeps)

    # --- the soak ----------------------------------------------------------------------------

    def run(self):
        t0 = time.monotonic()
        log(f"dir {self.dir}; seed {self.a.seed}")
        self.proxy = ResettingProxy(self.port, self.a.reset_probability, random.Random(self.a.seed + 1))
        self.start_coordinator()
        expected = {}
        for grid, n in self.grids():
            path = os.path.join(self.dir, f"{grid['name']}.json")
            with open(path, "w") as f:
                json.dump(grid, f)
            r = self.run_cli(["submit", path, "--coordinator", self.url, "--token-file", self.token_file, "--json"])
            answer = json.loads(r.stdout)
            if answer["trials"] != n:
                raise SetupError(f"submit {grid['name']}: expected {n} trials, got {answer}")
            self.sweeps[grid["name"]] = n
            expected[grid["name"]] = n
        total = sum(expected.values())
        log(f"submitted {expected}; {self.a.workers} workers x {self.a.slots} slots, "
            f"{self.a.proxy_workers} through the resetting proxy (p={self.a.reset_probability}), "
            f"lease {self.a.lease_seconds} s")
        for i in range(self.a.workers):
            self.start_worker(i, same_outbox=True)

        # Coordinator kills and stops are placed by progress, so each happens whatever the speed.
        kill_marks = [0.08 + 0.8 * (k + 0.5) / self.a.coordinator_kills for k in range(self.a.coordinator_kills)]
        stop_marks = [0.15 + 0.7 * (k + 0.5) / self.a.stops for k in range(self.a.stops)] if self.a.stops else []
        next_worker_kill = time.monotonic() + self.rng.expovariate(1 / self.a.worker_kill_every)
        pending_restarts = []  # (time, index, same_outbox)
        coordinator_down_until = None
        last = (0, total, False)
        last_log = 0.0
        deadline = t0 + self.a.time_limit
        while True:
            now = time.monotonic()
            if now > deadline:
                raise SetupError(f"time limit of {self.a.time_limit} s reached at {last[0]}/{total} trials")
            if coordinator_down_until is not None:
                if now >= coordinator_down_until:
                    self.start_coordinator()
                    self.stats["coordinator_restarts"] += 1
                    log(f"coordinator restarted (run {self.coordinator_runs})")
                    coordinator_down_until = None
                else:
                    time.sleep(0.05)
                    continue
            if not self.coordinator.alive():
                # Only this driver may stop the coordinator: a crash is a finding.
                self.stats.setdefault("unexpected_coordinator_exits", []).append(
                    f"run {self.coordinator_runs}: exit {self.coordinator.proc.returncode}")
                log(f"the coordinator exited on its own ({self.coordinator.proc.returncode}); restarting it")
                self.start_coordinator()
            p = self.progress()
            if p is not None:
                last = p
            finished, _, all_finished = last
            fraction = finished / total
            stopped = any(w["stopped_until"] is not None for w in self.workers.values())
            if all_finished and not kill_marks and not stop_marks and not pending_restarts and not stopped:
                break
            if now - last_log > 10:
                log(f"progress {finished}/{total}; {self.stats}")
                last_log = now
            # Wake stopped workers whose time is up.
            for w in self.workers.values():
                if w["stopped_until"] is not None and now >= w["stopped_until"]:
                    w["child"].signal(signal.SIGCONT)
                    w["stopped_until"] = None
                    log(f"SIGCONT {w['name']}")
            # Restarts due.
            for item in [r for r in pending_restarts if r[0] <= now]:
                pending_restarts.remove(item)
                _, index, same = item
                self.start_worker(index, same_outbox=same)
                self.stats["worker_restarts"] += 1
                self.stats["restarts_same_outbox" if same else "restarts_fresh"] += 1
            # Kill the coordinator at its marks (once past the mark; late marks fire at the end).
            if kill_marks and (fraction >= kill_marks[0] or all_finished):
                kill_marks.pop(0)
                self.coordinator.signal(signal.SIGKILL)
                self.coordinator.wait(10)
                self.stats["coordinator_kills"] += 1
                down = self.rng.uniform(0.5, self.a.max_outage)
                coordinator_down_until = time.monotonic() + down
                log(f"SIGKILL coordinator at {finished}/{total}; down for {down:.1f} s")
                continue
            # Stop a worker past its lease expiry.
            if stop_marks and (fraction >= stop_marks[0] or all_finished):
                candidates = [w for i, w in self.workers.items()
                              if w["child"].alive() and w["stopped_until"] is None and not any(r[1] == i for r in pending_restarts)]
                if candidates:
                    stop_marks.pop(0)
                    w = self.rng.choice(candidates)
                    seconds = 2 * self.a.lease_seconds + self.rng.uniform(1, 3)
                    w["child"].signal(signal.SIGSTOP)
                    w["stopped_until"] = now + seconds
                    self.stats["stops"] += 1
                    self.stats["stop_seconds"] += seconds
                    log(f"SIGSTOP {w['name']} for {seconds:.1f} s (lease {self.a.lease_seconds} s)")
            # Kill a random worker now and then (never the last few alive, never a stopped one);
            # the first kill is also placed by progress (30%), so a fast sweep gets one too.
            first_kill_due = self.stats["worker_kills"] == 0 and fraction >= 0.3
            if (now >= next_worker_kill or first_kill_due) and not all_finished:
                next_worker_kill = now + self.rng.expovariate(1 / self.a.worker_kill_every)
                alive = [i for i, w in self.workers.items() if w["child"].alive() and w["stopped_until"] is None]
                if len(alive) > max(2, self.a.workers // 2):
                    index = self.rng.choice(alive)
                    w = self.workers[index]
                    w["child"].signal(signal.SIGKILL)
                    w["child"].wait(10)
                    self.stats["worker_kills"] += 1
                    same = self.rng.random() < 0.5
                    pending_restarts.append((now + self.rng.uniform(0.2, 2.0), index, same))
            # A worker that died on its own is a finding, not chaos: restart it but report it.
            for i, w in self.workers.items():
                if not w["child"].alive() and w["stopped_until"] is None and not any(r[1] == i for r in pending_restarts):
                    code = w["child"].proc.returncode
                    if code != -signal.SIGKILL:
                        self.stats.setdefault("unexpected_worker_exits", []).append(f"{w['name']}: exit {code}")
                        log(f"worker {w['name']} exited on its own with {code}; restarting it")
                        self.start_worker(i, same_outbox=True)
            time.sleep(0.1)

        self.soak_seconds = time.monotonic() - t0
        log(f"sweeps finished after {self.soak_seconds:.1f} s; stopping workers gracefully")
        self.proxy.enabled = False
        for w in self.workers.values():
            w["child"].signal(signal.SIGCONT)
            w["child"].signal(signal.SIGTERM)
        for w in self.workers.values():
            code = w["child"].wait(30)
            if code is None:
                log(f"worker {w['name']} did not stop within 30 s after SIGTERM; killing it")
                self.stats.setdefault("unexpected_worker_exits", []).append(f"{w['name']}: no exit after SIGTERM")
                w["child"].kill()
            elif code != 0:
                self.stats.setdefault("unexpected_worker_exits", []).append(f"{w['name']}: exit {code} after SIGTERM")
        exports = {}
        for sweep in self.sweeps:
            out = os.path.join(self.dir, "out", f"{sweep}.jsonl")
            self.run_cli(["results", sweep, "--coordinator", self.url, "--token-file", self.token_file,
                          "--format", "jsonl", "--out", out])
            exports[sweep] = out
        self.coordinator.signal(signal.SIGTERM)
        if self.coordinator.wait(30) != 0:
            raise Violation(f"the coordinator did not exit 0 after SIGTERM (see {self.dir}/logs/coordinator.log)")
        self.proxy.close()
        return self.verify(exports)

    # --- checks ------------------------------------------------------------------------------

    def verify(self, exports):
        problems = []
        findings = {}
        con = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        q = lambda sql, *args: con.execute(sql, args).fetchall()

        sweep_trials = {}
        for sweep, n in self.sweeps.items():
            rows = q("""SELECT t.id, t.state, t.attempts, t.lastError FROM trials t JOIN membership m ON m.trial = t.seq
                        JOIN sweeps s ON s.seq = m.sweep WHERE s.id = ?""", sweep)
            sweep_trials[sweep] = {r[0]: r for r in rows}
            if len(rows) != n:
                problems.append(f"sweep {sweep}: {len(rows)} trials in the database, submitted {n}")
        main_ids = set(sweep_trials["chaos"])
        fail_ids = set(sweep_trials.get("chaos-fail", {}))

        results = {r[0]: r for r in q("""SELECT t.id, r.leaseId, r.epoch, r.metrics, r.worker FROM results r
                                         JOIN trials t ON t.seq = r.trial""")}
        per_trial = q("SELECT trial, count(*) FROM results GROUP BY trial HAVING count(*) > 1")
        duplicates = len(per_trial)
        stuck = q("SELECT count(*) FROM trials WHERE state = 'leased'")[0][0]
        active = q("SELECT count(*) FROM leases WHERE state = 'active'")[0][0]
        if stuck or active:
            problems.append(f"{stuck} trial(s) stuck in leased, {active} lease(s) still active")
        not_done = [t for t in main_ids if sweep_trials["chaos"][t][1] != "done" or t not in results]
        if not_done:
            problems.append(f"{len(not_done)} trial(s) of the sweep without a result, e.g. {not_done[:3]}")
        wrong_attempts = [t for t in main_ids if sweep_trials["chaos"][t][2] != 0]
        if wrong_attempts:
            problems.append(f"{len(wrong_attempts)} trial(s) that never failed have spent retry budget, "
                            f"e.g. {wrong_attempts[:3]}")
        for t in fail_ids:
            _, state, attempts, last_error = sweep_trials["chaos-fail"][t]
            if state != "failed" or attempts != MAX_ATTEMPTS or t in results:
                problems.append(f"failing trial {t}: state {state}, attempts {attempts} (expected failed after "
                                f"exactly {MAX_ATTEMPTS}), result {'present' if t in results else 'absent'}")
            elif "does-not-exist.csv" not in (last_error or ""):
                problems.append(f"failing trial {t}: lastError does not name the missing file: {last_error!r}")
        fail_events = q("SELECT trial, count(*) FROM events WHERE kind IN ('fail', 'failed') GROUP BY trial")
        stray = [t for t, _ in fail_events if t not in fail_ids]
        if stray:
            problems.append(f"failure events for trials that cannot fail: {stray[:3]}")
        findings["late_results_stored"] = q("SELECT count(*) FROM events WHERE kind = 'result'")[0][0]
        findings["leases_expired"] = q("SELECT count(*) FROM leases WHERE state = 'expired'")[0][0]
        findings["leases_superseded"] = q("SELECT count(*) FROM leases WHERE state = 'superseded'")[0][0]
        findings["leases_granted"] = q("SELECT count(*) FROM leases")[0][0]
        findings["max_epoch"] = q("SELECT max(epoch) FROM trials")[0][0]

        # The workers' own logs: every acknowledged result is in the database.
        acked = {"stored": 0, "duplicate": 0, "rejected": 0}
        stale = {}
        lease_states = dict(q("SELECT id, state FROM leases"))
        lost = []
        rejected_metrics = []
        torn = 0
        resent = 0
        stored_errors = {}
        log_dir = os.path.join(self.dir, "logs")
        for name in sorted(os.listdir(log_dir)):
            if not name.endswith(".log.jsonl"):
                continue
            with open(os.path.join(log_dir, name), "rb") as f:
                lines = f.read().split(b"\n")
            for line in lines:
                if not line.strip():
                    continue
                try:
                    e = json.loads(line)
                except ValueError:
                    torn += 1  # a line cut by SIGKILL
                    continue
                if e.get("event") == "resend":
                    resent += e.get("count") or 0
                if e.get("event") != "acked":
                    continue
                status, trial, kind = e.get("status"), e.get("trialId"), e.get("kind")
                acked[status] = acked.get(status, 0) + 1
                r = results.get(trial)
                lease_state = lease_states.get(e.get("leaseId"))
                if kind == "metrics" and lease_state in ("expired", "superseded", "released"):
                    # A stale holder's result: its lease had ended before the result arrived.
                    stale[status] = stale.get(status, 0) + 1
                if status == "stored" and kind == "metrics":
                    if r is None or r[1] != e.get("leaseId") or r[2] != e.get("epoch"):
                        lost.append(f"{name}: trial {trial} acknowledged as stored under lease {e.get('leaseId')} "
                                    f"epoch {e.get('epoch')}, database has {None if r is None else (r[1], r[2])}")
                elif status == "stored" and kind == "error":
                    stored_errors[trial] = stored_errors.get(trial, 0) + 1
                    if trial not in fail_ids:
                        problems.append(f"{name}: a failure of trial {trial} was counted, but it cannot fail")
                elif status == "duplicate":
                    if r is None:
                        lost.append(f"{name}: trial {trial} acknowledged as duplicate, but the database has no result")
                elif status == "rejected" and kind == "metrics":
                    rejected_metrics.append(f"{name}: {trial}: {e.get('detail')}")
        for trial, n in stored_errors.items():
            if n > MAX_ATTEMPTS:
                problems.append(f"trial {trial}: {n} failures acknowledged as counted, budget {MAX_ATTEMPTS}")
        if lost:
            problems.append(f"{len(lost)} acknowledged result(s) lost: {lost[:3]}")
        # A rejected metrics item is a result thrown away; fencing never needs that.
        if rejected_metrics:
            problems.append(f"{len(rejected_metrics)} metrics result(s) rejected: {rejected_metrics[:3]}")
        findings["acked"] = acked
        findings["stale_holder_acks"] = stale
        findings["resent_at_restart"] = resent
        findings["torn_log_lines"] = torn

        # The export: each trial once, metrics identical to the database's.
        seen = {}
        export_lines = 0
        for sweep, path in exports.items():
            with open(path) as f:
                for line in f:
                    export_lines += 1
                    rec = json.loads(line)
                    tid = rec["trialId"]
                    if tid in seen:
                        duplicates += 1
                    seen[tid] = rec
        for t in main_ids:
            rec = seen.get(t)
            if rec is None:
                problems.append(f"trial {t} missing from the export")
                continue
            if t in results and rec.get("metrics") != json.loads(results[t][3]):
                problems.append(f"trial {t}: exported metrics differ from the database's")
        for t in fail_ids:
            rec = seen.get(t)
            if rec is None or "error" not in rec or "metrics" in rec:
                problems.append(f"failing trial {t}: export should list it with its error and no metrics: {rec}")
        if duplicates:
            problems.append(f"{duplicates} trial(s) with more than one result")

        # Trials are pure functions of their config: retraining gives the stored numbers.
        sample = self.rng.sample(sorted(main_ids), min(self.a.retrain_sample, len(main_ids)))
        for t in sample:
            cfg_path = os.path.join(self.dir, "out", f"config-{t}.json")
            with open(cfg_path, "w") as f:
                json.dump(seen[t]["config"], f)
            r = self.run_cli(["train", "--config", cfg_path, "--json"])
            fresh = json.loads(r.stdout)["metrics"]
            stored = json.loads(results[t][3])
            strip = lambda m: {k: v for k, v in m.items() if k not in TIMING_KEYS}
            if strip(fresh) != strip(stored):
                problems.append(f"trial {t}: stored metrics differ from a retraining: {strip(stored)} vs {strip(fresh)}")
        con.close()

        # The store's own invariants.
        r = self.run_cli(["check", "--db", self.db], check=False)
        if r.returncode != 0:
            problems.append(f"relusweep check: {(r.stdout + r.stderr).strip()[-1500:]}")

        # The token never shows in logs.
        for name in os.listdir(log_dir):
            with open(os.path.join(log_dir, name), "rb") as f:
                if self.token.encode() in f.read():
                    problems.append(f"the token appears in {name}")

        # No process died of anything but this driver's signals.
        for name in os.listdir(log_dir):
            with open(os.path.join(log_dir, name), "rb") as f:
                text = f.read()
            for marker in (b"Fatal error", b"Segmentation fault", b"Illegal instruction", b"Program crashed"):
                if marker in text:
                    problems.append(f"{name} shows '{marker.decode()}'")
        if self.stats.get("unexpected_coordinator_exits"):
            problems.append(f"the coordinator exited on its own: {self.stats['unexpected_coordinator_exits']}")

        findings["lost"] = len(lost)
        findings["duplicates"] = duplicates
        findings["stuck"] = stuck
        findings["export_lines"] = export_lines
        findings["retrained"] = len(sample)
        if self.stats.get("unexpected_worker_exits"):
            problems.append(f"workers exited on their own: {self.stats['unexpected_worker_exits'][:5]}")
        return problems, findings

    def cleanup(self):
        for c in self.all_children:
            if c.alive():
                c.kill()
            c.close()
        if self.proxy:
            self.proxy.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--relusweep", default=".build/debug/relusweep")
    ap.add_argument("--trials", type=int, default=5000, help="trials of the main sweep (rounded up to 20 per seed)")
    ap.add_argument("--steps", type=int, default=2000, help="training steps per trial")
    ap.add_argument("--failing", type=int, default=4, help="trials that fail for real (missing data set)")
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--slots", type=int, default=2)
    ap.add_argument("--proxy-workers", type=int, default=None, help="workers behind the resetting proxy (default: half)")
    ap.add_argument("--reset-probability", type=float, default=0.03, help="per chunk forwarded by the proxy")
    ap.add_argument("--lease-seconds", type=float, default=3)
    ap.add_argument("--coordinator-kills", type=int, default=6)
    ap.add_argument("--stops", type=int, default=3)
    ap.add_argument("--worker-kill-every", type=float, default=4.0, help="mean seconds between worker SIGKILLs")
    ap.add_argument("--max-outage", type=float, default=3.0, help="longest coordinator outage, seconds")
    ap.add_argument("--retrain-sample", type=int, default=25)
    ap.add_argument("--time-limit", type=float, default=900, help="seconds; the soak fails if the sweep is not done by then")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--dir", default=None, help="working directory (default: a new temporary one, removed on success)")
    ap.add_argument("--keep", action="store_true", help="keep the working directory on success")
    ap.add_argument("--report", default=None, help="write the figures as JSON to this file")
    a = ap.parse_args()
    if a.seed is None:
        a.seed = random.SystemRandom().randrange(1 << 31)
    if a.proxy_workers is None:
        a.proxy_workers = a.workers // 2
    if not os.access(a.relusweep, os.X_OK):
        print(f"chaos: {a.relusweep} is not an executable; build it first (swift build --product relusweep)", file=sys.stderr)
        return 2
    a.relusweep = os.path.abspath(a.relusweep)

    soak = Soak(a)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    start = time.monotonic()
    code = 0
    try:
        problems, findings = soak.run()
    except SetupError as e:
        soak.cleanup()
        print(f"chaos: ERROR {e} (files kept in {soak.dir})", file=sys.stderr)
        return 2
    except (Violation, KeyboardInterrupt) as e:
        soak.cleanup()
        print(f"chaos: FAIL {e} (files kept in {soak.dir})", file=sys.stderr)
        return 1
    finally:
        soak.cleanup()
    duration = time.monotonic() - start
    total = sum(soak.sweeps.values())
    s = soak.stats
    pr = soak.proxy.counts
    resets = pr["resets_request"] + pr["resets_partial_body"] + pr["resets_answer"]
    summary = {
        "result": "PASS" if not problems else "FAIL", "seed": a.seed, "trials": total,
        "sweep_trials": soak.sweeps, "workers": a.workers, "slots": a.slots, "lease_seconds": a.lease_seconds,
        "duration_seconds": round(duration, 1), "soak_seconds": round(soak.soak_seconds, 1), **s,
        "stop_seconds": round(s["stop_seconds"], 1), "proxy": pr, "resets": resets, **findings, "problems": problems,
    }
    line = (f"chaos: {summary['result']} trials={total} workers={a.workers}x{a.slots} "
            f"worker_kills={s['worker_kills']} worker_restarts={s['worker_restarts']} "
            f"(same_outbox={s['restarts_same_outbox']} resent={findings['resent_at_restart']}) "
            f"coordinator_kills={s['coordinator_kills']} coordinator_restarts={s['coordinator_restarts']} "
            f"stops={s['stops']} resets={resets} (request={pr['resets_request']} partial_body={pr['resets_partial_body']} "
            f"answer={pr['resets_answer']}) late_results={findings['late_results_stored']} "
            f"acked={sum(findings['acked'].values())} (duplicate={findings['acked'].get('duplicate', 0)}) "
            f"stale_holder_acks={sum(findings['stale_holder_acks'].values())} expired_leases={findings['leases_expired']} "
            f"failing={a.failing}x{MAX_ATTEMPTS}attempts "
            f"lost={findings['lost']} duplicates={findings['duplicates']} stuck={findings['stuck']} "
            f"problems={len(problems)} duration={duration:.0f}s seed={a.seed}")
    if a.report:
        with open(a.report, "w") as f:
            json.dump(summary, f, indent=2, sort_keys=True)
    for p in problems:
        print(f"chaos: VIOLATION {p}", file=sys.stderr)
    print(line, flush=True)
    if problems:
        print(f"chaos: files kept in {soak.dir}", file=sys.stderr)
        code = 1
    elif not a.keep and a.dir is None:
        shutil.rmtree(soak.dir, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
