#!/usr/bin/env python3
"""HTTP API fuzzing of a live ReLUSweep coordinator (issue 6): hostile requests, mutations, schemathesis.

Starts `relusweep coordinator` on 127.0.0.1 with a token over a fresh database, puts state in it
(a sweep with pending, leased, done and failed-attempt trials), then sends:
  1. hand-written hostile requests: empty, truncated (every prefix of valid bodies) and deeply
     nested JSON; huge numbers, NaN/Infinity literals; wrong content types; path traversal in
     ids (plain and percent-encoded); oversized bodies and lying Content-Lengths; slow-loris
     headers and bodies (bounded); replayed and forged lease ids and epochs; unicode and NUL in
     names; broken HTTP (bad request lines, smuggling headers, huge headers); odd methods;
  2. random mutations of valid request bodies (byte flips, cuts, splices, JSON value swaps);
  3. schemathesis (if installed, e.g. in .venv-fuzz) driven by docs/openapi.yaml, with a
     check that a rejected request changed nothing (Tests/Fuzz/schemathesis_hooks.py).
After every request of 1 and 2: no 5xx, an error answer is `{"error", "detail"}` JSON, and a
4xx left the database exactly as it was (every table, read-only). At the end the coordinator
must still be the same process, answer /healthz, stop cleanly on SIGTERM, and pass
`relusweep check`. Prints one summary line; exits 1 on any violation, 2 on a setup error.

Usage: Tests/Fuzz/api_fuzz.py [--relusweep .build/debug/relusweep] [--mutations 3000]
       [--schemathesis .venv-fuzz/bin/schemathesis --examples 60] [--report FILE]
"""

import argparse
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "PyHarness"))
from relusweep_harness import free_port  # noqa: E402

HEX = "0123456789abcdef"


def log(msg):
    print(f"[fuzz {time.strftime('%H:%M:%S')}] {msg}", flush=True)



def db_digest(path):
    """A hash of every row of every table: equal digests = nothing stored changed."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        h = hashlib.sha256()
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for t in tables:
            h.update(t.encode())
            for row in con.execute(f'SELECT * FROM "{t}" ORDER BY 1'):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        con.close()


class Fuzzer:
    def __init__(self, a):
        self.a = a
        self.rng = random.Random(a.seed)
        self.dir = tempfile.mkdtemp(prefix="relusweep-fuzz-")
        self.db = os.path.join(self.dir, "sweeps.sqlite")
        self.token = "fuzz-" + "".join(self.rng.choice(HEX) for _ in range(40))
        self.token_file = os.path.join(self.dir, "token")
        with open(self.token_file, "w") as f:
            f.write(self.token + "\n")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("RELUSWEEP_")}
        self.requests = {"hostile": 0, "mutations": 0, "schemathesis": 0}
        self.status_counts = {}
        self.problems = []
        self.coordinator = None
        self.lock = threading.Lock()
        self.closed = []      # requests whose connection was closed without an answer
        self.http_layer = []  # requests refused by the HTTP parser (empty 400)

    # --- coordinator ---------------------------------------------------------------------------

    def start(self):
        self.log_path = os.path.join(self.dir, "coordinator.log")
        self.log_file = open(self.log_path, "wb")
        self.coordinator = subprocess.Popen(
            [self.a.relusweep, "coordinator", "--db", self.db, "--port", str(self.port), "--token-file", self.token_file,
             "--lease-seconds", "3600", "--max-body-bytes", str(self.a.max_body_bytes)],
            stdout=self.log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=self.env,
            start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.coordinator.poll() is not None:
                raise RuntimeError(f"the coordinator exited {self.coordinator.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the coordinator did not listen within 30 s")

    # --- HTTP ----------------------------------------------------------------------------------

    def call(self, method, path, body=None, headers=None, auth=True, content_type="application/json", timeout=60):
        h = {}
        if auth:
            h["Authorization"] = f"Bearer {self.token}"
        if body is not None and content_type is not None:
            h["Content-Type"] = content_type
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            if isinstance(body, str):
                body = body.encode()
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            return r.status, r.read(), dict(r.getheaders())
        finally:
            conn.close()

    def post(self, path, obj):
        status, body, _ = self.call("POST", path, json.dumps(obj))
        if status != 200:
            raise RuntimeError(f"POST {path}: {status} {body[:300]!r}")
        return json.loads(body)

    def raw(self, data, read_timeout=10, pace=None):
        """Sends raw bytes (optionally paced) and returns the first line of the answer ('' if closed)."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=read_timeout)
        try:
            if pace:
                for i in range(0, len(data), pace[0]):
                    s.sendall(data[i:i + pace[0]])
                    time.sleep(pace[1])
            else:
                s.sendall(data)
            chunks = b""
            while b"\r\n" not in chunks:
                c = s.recv(4096)
                if not c:
                    break
                chunks += c
            return chunks.split(b"\r\n")[0].decode(errors="replace")
        except (ConnectionResetError, BrokenPipeError):
            return ""
        except socket.timeout:
            return "timeout"
        finally:
            s.close()

    # --- state ---------------------------------------------------------------------------------

    def seed_state(self):
        grid = {"name": "fuzz", "base": {"model": "single", "dataset": "relu1d", "steps": 10},
                "axes": {"targetStd": [0.1, 1], "momentum": [0, 0.5, 0.9]}, "seeds": 6}
        self.post("/v1/sweeps", grid)
        self.post("/v1/sweeps", dict(grid, name="fuzz-paused"))
        self.post("/v1/sweeps/fuzz-paused/pause", {})
        grants = self.post("/v1/leases", {"worker": "seed-w", "slots": 6, "host": "seed-host"})["leases"]
        self.grants = grants
        metrics = {"collapsed": False, "collapsedInit": False, "deadFraction": 0, "deadFractionInit": 0,
                   "deadFractionPerLayer": [0], "deadFractionPerLayerInit": [0], "deadUnits": 0, "diverged": False,
                   "normalizedTestMSE": 0.5, "normalizedTrainMSE": 0.4, "normalizedTrainMSEInit": 1, "parameterCount": 3,
                   "skippedSteps": 0, "stepsPerSecond": 1000, "stepsRun": 10, "stopReason": "completed", "totalUnits": 1,
                   "wallSeconds": 0.01}
        self.metrics = metrics
        prov = {"worker": "seed-w", "host": "seed-host", "kernels": "portable", "version": "fuzz", "wallSeconds": 0.01}
        self.prov = prov
        done = [{"leaseId": g["leaseId"], "epoch": g["epoch"], "trialId": g["trialId"], "metrics": metrics, "provenance": prov}
                for g in grants[:2]]
        ack = self.post("/v1/results", {"results": done})
        assert all(r["status"] == "stored" for r in ack["results"]), ack
        g = grants[2]
        ack = self.post("/v1/results", {"results": [{"leaseId": g["leaseId"], "epoch": g["epoch"], "trialId": g["trialId"],
                                                     "error": "seeded failure", "provenance": prov}]})
        assert ack["results"][0]["status"] == "stored", ack
        self.done_results = done
        self.live = grants[3:]  # still leased
        # Valid bodies of every mutating route, the seeds of truncation and mutation.
        live = self.live[0]
        self.valid = [
            ("/v1/leases", {"worker": "fz-w", "slots": 1, "host": "fz-host"}),
            ("/v1/leases/heartbeat", {"worker": "seed-w", "leaseIds": [g["leaseId"] for g in self.live]}),
            (f"/v1/leases/{live['leaseId']}/heartbeat", {"worker": "seed-w"}),
            ("/v1/leases/release", {"worker": "seed-w", "leaseIds": [live["leaseId"]]}),
            ("/v1/results", {"results": [{"leaseId": live["leaseId"], "epoch": live["epoch"], "trialId": live["trialId"],
                                          "metrics": metrics, "provenance": prov}]}),
            ("/v1/results", {"results": done}),
            (f"/v1/trials/{live['trialId']}/fail", {"error": "operator says no"}),
            ("/v1/sweeps", grid),
            ("/v1/sweeps", dict(grid, name="fz-new", seeds=1)),
        ]

    # --- one checked request -------------------------------------------------------------------

    def checked(self, kind, method, path, body=None, **kw):
        before = db_digest(self.db)
        try:
            status, data, headers = self.call(method, path, body, **kw)
        except (ConnectionError, http.client.HTTPException, socket.timeout) as e:
            status, data, headers = None, str(e).encode(), {}
        after = db_digest(self.db)
        with self.lock:
            self.requests[kind] += 1
            self.status_counts[status] = self.status_counts.get(status, 0) + 1
        label = f"{method} {path[:80]} body={repr(body)[:120]}"
        if status is None:
            self.closed.append(label)
            # The server may close a connection it refused (413, 408); it must still be up.
            if not self.healthy():
                self.problems.append(f"{label}: connection failed ({data[:100]!r}) and the coordinator stopped answering")
            elif before != after:
                self.problems.append(f"{label}: connection failed but the database changed")
            return status, data
        if status >= 500:
            self.problems.append(f"{label}: HTTP {status} {data[:200]!r}")
        if status >= 400 and method != "HEAD":
            if not data and status == 400:
                # Malformed HTTP (an unknown method, a broken Content-Length) is refused by the
                # HTTP parser before any route: an empty 400, and the connection is closed.
                self.http_layer.append(label)
            else:
                try:
                    e = json.loads(data)
                    if not (isinstance(e, dict) and isinstance(e.get("error"), str) and isinstance(e.get("detail"), str)):
                        raise ValueError
                except ValueError:
                    self.problems.append(f"{label}: HTTP {status} without an ErrorBody: {data[:200]!r}")
            if before != after:
                self.problems.append(f"{label}: HTTP {status} but the database changed")
        return status, data

    def healthy(self):
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=5) as r:
                return r.status == 200
        except OSError:
            return False

    # --- 1. hostile requests -------------------------------------------------------------------

    def hostile(self):
        c = self.checked
        posts = ["/v1/sweeps", "/v1/leases", "/v1/leases/heartbeat", "/v1/leases/release", "/v1/results",
                 f"/v1/leases/{self.live[0]['leaseId']}/heartbeat", f"/v1/trials/{self.live[0]['trialId']}/fail"]
        # Empty bodies, no body, JSON null, whitespace.
        for p in posts:
            for body in [b"", b"null", b"   \n", b"{}", b"[]", b"0", b'""', b"true"]:
                c("hostile", "POST", p, body)
            c("hostile", "POST", p, None)
        # Every prefix of every valid body (truncated JSON).
        for path, obj in self.valid:
            text = json.dumps(obj).encode()
            cuts = range(0, len(text)) if len(text) <= 400 else sorted(set(self.rng.sample(range(len(text)), 400)))
            for n in cuts:
                c("hostile", "POST", path, text[:n])
        # Deep nesting.
        for depth in [64, 1000, 10_000, 100_000]:
            for p in ["/v1/sweeps", "/v1/leases", "/v1/results"]:
                c("hostile", "POST", p, "[" * depth + "]" * depth)
                c("hostile", "POST", p, '{"a":' * depth + "1" + "}" * depth)
                c("hostile", "POST", p, "[" * depth)  # unbalanced
            c("hostile", "POST", "/v1/sweeps", json.dumps({"name": "deep", "base": {}})[:-1] + ',"axes":{"lr":' + "[" * depth + "]" * depth + "}}")
        # Huge and odd numbers.
        for n in ["1e308", "1e309", "-1e309", "123456789012345678901234567890", "-0", "1e-400", "9223372036854775807",
                  "9223372036854775808", "-9223372036854775809", "1.0", "0x10", "1_000", "+1", ".5", "00001", "1e", "--1"]:
            c("hostile", "POST", "/v1/leases", f'{{"worker":"fz-w","slots":{n}}}')
            live = self.live[0]
            c("hostile", "POST", "/v1/results", f'{{"results":[{{"leaseId":"{live["leaseId"]}","epoch":{n},"trialId":"{live["trialId"]}",'
              f'"metrics":{json.dumps(self.metrics)},"provenance":{json.dumps(self.prov)}}}]}}')
            c("hostile", "POST", "/v1/sweeps", f'{{"name":"num","base":{{"model":"single","dataset":"relu1d","steps":10}},"seeds":{n}}}')
            c("hostile", "POST", "/v1/sweeps", f'{{"name":"num","base":{{"model":"single","dataset":"relu1d","steps":10,"lr":{n}}}}}')
            c("hostile", "GET", f"/v1/events?after={n}&limit={n}")
        # NaN and Infinity literals wherever a number goes.
        for lit in ["NaN", "Infinity", "-Infinity", "nan", "inf", "undefined"]:
            m = json.dumps(self.metrics).replace('"deadFraction": 0', f'"deadFraction": {lit}')
            live = self.live[0]
            c("hostile", "POST", "/v1/results", f'{{"results":[{{"leaseId":"{live["leaseId"]}","epoch":{live["epoch"]},'
              f'"trialId":"{live["trialId"]}","metrics":{m},"provenance":{json.dumps(self.prov)}}}]}}')
            c("hostile", "POST", "/v1/leases", f'{{"worker":"fz-w","slots":{lit}}}')
            c("hostile", "POST", "/v1/sweeps", f'{{"name":"nan","axes":{{"lr":[{lit}]}}}}')
        # Wrong content types.
        for ct in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/yaml",
                   "application/xml", "text/json", "application/jsonx", "application/json; charset=utf-16", "*/*", "",
                   "application/json\r\nX-Injected: 1"]:
            try:
                c("hostile", "POST", "/v1/leases", json.dumps(self.valid[0][1]), content_type=ct)
            except ValueError:
                pass  # http.client refuses a header with CR/LF itself
        c("hostile", "POST", "/v1/leases", json.dumps(self.valid[0][1]).encode("utf-16"), content_type="application/json; charset=utf-16")
        c("hostile", "POST", "/v1/leases", "worker=fz&slots=1", content_type="application/x-www-form-urlencoded")
        c("hostile", "POST", "/v1/sweeps", "name: yaml\nseeds: 1\n", content_type="application/yaml")
        c("hostile", "POST", "/v1/sweeps", "name: yaml\nseeds: 1\n")
        # Path traversal and odd ids, plain and encoded.
        ids = ["..", "../..", "../../etc/passwd", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2F..%2Fsweeps.sqlite",
               "%252e%252e%252f", "fuzz%00", "fuzz%0d%0aX-Injected:%201", "fuzz/../fuzz", ".", "%2e", "~root",
               "fuzz;rm%20-rf", "fuzz%20", "A" * 65, "A" * 10_000, "%ff%fe", "%", "%zz", "caf%C3%A9", "%E2%80%AE"]
        for i in ids:
            for method, tmpl in [("GET", "/v1/sweeps/{}"), ("GET", "/v1/sweeps/{}/results"), ("GET", "/v1/sweeps/{}/phase"),
                                 ("POST", "/v1/sweeps/{}/pause"), ("POST", "/v1/sweeps/{}/cancel"), ("POST", "/v1/sweeps/{}/resume"),
                                 ("POST", "/v1/leases/{}/heartbeat"), ("POST", "/v1/trials/{}/fail")]:
                body = '{"worker":"fz-w","error":"x"}' if method == "POST" else None
                c("hostile", method, tmpl.format(i), body)
        for path in ["/v1/../v1/sweeps", "/v1/sweeps/../leases", "//v1//sweeps", "/v1/sweeps/", "/v1/sweeps?format=../../x",
                     "/v1/sweeps/fuzz/results?format=../../../etc/passwd", "/v1/sweeps/fuzz/results?format=csv%00",
                     "/v1/sweeps/fuzz/phase?x=../../x&y=%00", "/v1/sweeps/fuzz/phase?facet=" + ",".join(["model"] * 2000),
                     "/v1/events?after=-1", "/v1/events?limit=0", "/v1/events?limit=10001", "/v1/workers?all=%00",
                     "/" + "a/" * 5000, "/v1/sweeps?" + "a=1&" * 5000]:
            c("hostile", "GET", path)
        # Lying and huge Content-Length; bodies over the limit.
        c("hostile", "POST", "/v1/leases", None, headers={"Content-Length": str(10 ** 12)})
        c("hostile", "POST", "/v1/leases", None, headers={"Content-Length": "-1"})
        c("hostile", "POST", "/v1/leases", None, headers={"Content-Length": "abc"})
        big = '{"name":"big","description":"' + "x" * (self.a.max_body_bytes + 10) + '"}'
        c("hostile", "POST", "/v1/sweeps", big)
        items = [self.done_results[0]] * 1025
        c("hostile", "POST", "/v1/results", json.dumps({"results": items}))
        c("hostile", "POST", "/v1/leases/heartbeat", json.dumps({"worker": "w", "leaseIds": [self.live[0]["leaseId"]] * 1025}))
        c("hostile", "POST", "/v1/leases", json.dumps({"worker": "w" * 129, "slots": 1}))
        c("hostile", "POST", "/v1/results", json.dumps({"results": [dict(self.done_results[0], metrics=None, error="e" * 8193)]}))
        # Replayed and forged leases and epochs.
        live, done = self.live[0], self.done_results[0]
        forged = "".join(self.rng.choice(HEX) for _ in range(32))
        for item in [
            dict(done),                                        # replay of a stored result: duplicate
            dict(done, leaseId=forged),                        # forged lease id
            dict(done, epoch=done["epoch"] + 1),               # forged epoch
            dict(done, leaseId=live["leaseId"]),               # another trial's lease
            {"leaseId": live["leaseId"], "epoch": live["epoch"] + 7, "trialId": live["trialId"], "metrics": self.metrics,
             "provenance": self.prov},                         # live lease, wrong epoch
            {"leaseId": live["leaseId"], "epoch": 0, "trialId": live["trialId"], "metrics": self.metrics, "provenance": self.prov},
            {"leaseId": live["leaseId"], "epoch": -1, "trialId": live["trialId"], "metrics": self.metrics, "provenance": self.prov},
            {"leaseId": live["leaseId"].upper(), "epoch": live["epoch"], "trialId": live["trialId"], "metrics": self.metrics,
             "provenance": self.prov},
            {"leaseId": forged, "epoch": 1, "trialId": live["trialId"], "error": "forged failure", "provenance": self.prov},
            {"leaseId": self.grants[2]["leaseId"], "epoch": self.grants[2]["epoch"], "trialId": self.grants[2]["trialId"],
             "error": "replayed failure", "provenance": self.prov},  # its failure was counted already
        ]:
            status, data = c("hostile", "POST", "/v1/results", json.dumps({"results": [item]}))
            if status == 200:
                ack = json.loads(data)["results"][0]
                if ack["status"] == "stored":
                    self.problems.append(f"a replayed or forged result was stored: {item} -> {ack}")
        c("hostile", "POST", "/v1/leases/heartbeat", json.dumps({"worker": "fz-w", "leaseIds": [forged]}))
        c("hostile", "POST", "/v1/leases/release", json.dumps({"worker": "fz-w", "leaseIds": [forged]}))
        # Unicode and control characters in names.
        for name in ["swéep", "スイープ", "sweep\u0000", "sweep\u202e", "\ud83d\ude00", "a b", "-lead", ".hidden", "", "x" * 65,
                     "\u0000", "sweep\n", "\ufeffbom"]:
            try:
                body = json.dumps({"name": name, "base": {"model": "single", "dataset": "relu1d", "steps": 10}, "seeds": 1})
            except ValueError:
                continue
            c("hostile", "POST", "/v1/sweeps", body)
            c("hostile", "POST", "/v1/leases", json.dumps({"worker": name, "slots": 1}))
            c("hostile", "POST", "/v1/leases", json.dumps({"worker": "fz-w", "slots": 1, "host": name}))
        c("hostile", "POST", "/v1/sweeps", b'{"name":"\xff\xfe","seeds":1}')
        c("hostile", "POST", "/v1/sweeps", b'{"name":"ok","description":"\xed\xa0\x80"}')  # a lone surrogate in UTF-8
        c("hostile", "POST", "/v1/sweeps", '{"name":"dup","name":"dup2","seeds":1}')
        c("hostile", "POST", "/v1/sweeps", json.dumps({"name": "uni", "description": "ünïcødé ✓ \u202e",
                                                       "base": {"model": "single", "dataset": "relu1d", "steps": 10}, "seeds": 1}))
        # Auth header oddities (401, never 5xx).
        for header in ["Bearer", "Bearer ", "bearer " + self.token, "Bearer  " + self.token + " ", "Basic Zm9vOmJhcg==",
                       "Bearer " + "x" * 60_000, "Bearer " + self.token[:-1], "Bearer " + self.token + "x", "Bearer \u00e9"]:
            try:
                c("hostile", "POST", "/v1/leases", json.dumps(self.valid[0][1]), auth=False, headers={"Authorization": header})
            except (UnicodeEncodeError, ValueError):
                pass
        # Methods the API does not have.
        for method in ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "FOO"]:
            for p in ["/v1/sweeps", "/v1/sweeps/fuzz", "/v1/leases", "/v1/results", "/healthz"]:
                c("hostile", method, p, "{}" if method != "HEAD" else None)
        for p in ["/v1/leases", "/v1/results", "/v1/leases/heartbeat", "/v1/sweeps/fuzz/pause"]:
            c("hostile", "GET", p)
        # Broken HTTP: the server may answer 4xx or close; it must keep serving.
        before = db_digest(self.db)
        for data in [b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET /healthz HTTP/1.1\r\n\r\n",
                     b"POST /v1/leases HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                     b"POST /v1/leases HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                     b"POST /v1/leases HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}",
                     b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n",
                     b"GET /healthz HTTP/1.1\r\n" + b"X-H: 1\r\n" * 20_000 + b"\r\n",
                     b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(100),  # a TLS ClientHello
                     b"\x00" * 1000]:
            line = self.raw(data)
            with self.lock:
                self.requests["hostile"] += 1
            if line.startswith("HTTP/1.1 5"):
                self.problems.append(f"raw request {data[:60]!r}: {line}")
        if db_digest(self.db) != before:
            self.problems.append("broken HTTP requests changed the database")
        # Slow-loris: many connections trickling their headers; the API keeps answering meanwhile.
        stop = threading.Event()

        def loris():
            try:
                s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                s.sendall(b"POST /v1/leases HTTP/1.1\r\nHost: x\r\n")
                while not stop.wait(1):
                    s.sendall(b"X-a: b\r\n")
            except OSError:
                pass

        threads = [threading.Thread(target=loris, daemon=True) for _ in range(self.a.loris)]
        for t in threads:
            t.start()
        time.sleep(2)
        t0 = time.monotonic()
        ok = self.healthy() and self.checked("hostile", "GET", "/v1/sweeps/fuzz")[0] == 200
        if not ok:
            self.problems.append(f"with {self.a.loris} slow-loris connections open the coordinator stopped answering")
        self.loris_answer_seconds = time.monotonic() - t0
        stop.set()
        # A body that trickles in: cut off with 408 (bounded by the coordinator's 30 s body timeout).
        body = json.dumps(self.valid[0][1]).encode()
        req = (f"POST /v1/leases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {self.token}\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body[:5]
        before = db_digest(self.db)
        s = socket.create_connection(("127.0.0.1", self.port), timeout=45)
        s.sendall(req)
        t0 = time.monotonic()
        answer = b""
        try:
            while b"\r\n" not in answer and time.monotonic() - t0 < 45:
                chunk = s.recv(4096)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            pass
        s.close()
        with self.lock:
            self.requests["hostile"] += 1
        first = answer.split(b"\r\n")[0].decode(errors="replace")
        self.slow_body = f"{first or 'closed'} after {time.monotonic() - t0:.1f} s"
        if not first.startswith("HTTP/1.1 408"):
            self.problems.append(f"a trickling body was answered '{first}' instead of 408")
        if db_digest(self.db) != before:
            self.problems.append("a trickling body changed the database")

    # --- 2. mutations of valid bodies ----------------------------------------------------------

    def mutate(self, text):
        r = self.rng
        b = bytearray(text)
        for _ in range(r.randint(1, 4)):
            op = r.randrange(9)
            if not b:
                b = bytearray(b"{")
            i = r.randrange(len(b))
            if op == 0:
                b[i] = r.randrange(256)                      # byte flip
            elif op == 1:
                del b[i:i + r.randint(1, 16)]                # cut
            elif op == 2:
                b[i:i] = bytes(r.choice(b"{}[],:\"\\0123456789.eE-+ntfu") for _ in range(r.randint(1, 8)))
            elif op == 3:
                j = r.randrange(len(b))                      # splice a piece elsewhere
                b[i:i] = b[j:j + r.randint(1, 32)]
            elif op == 4:
                b = b[:i]                                    # truncate
            else:                                            # swap a JSON value for a hostile one
                pieces = [b"null", b"-1", b"0", b"1e999", b"NaN", b"\"\"", b"[]", b"{}", b"true", b"\"\\u0000\"",
                          b"99999999999999999999", b"\"" + b"A" * 300 + b"\"", b"[" * 50 + b"]" * 50, b"\"../..\""]
                colon = b.find(b":", i)
                if colon < 0:
                    continue
                end = colon + 1
                while end < len(b) and b[end] not in b",}]":
                    end += 1
                b[colon + 1:end] = r.choice(pieces)
        return bytes(b)

    def mutations(self):
        deadline = time.monotonic() + self.a.mutation_seconds
        for n in range(self.a.mutations):
            if time.monotonic() > deadline:
                break
            path, obj = self.rng.choice(self.valid)
            body = self.mutate(json.dumps(obj).encode())
            self.checked("mutations", "POST", path, body)

    # --- 3. schemathesis -----------------------------------------------------------------------

    def schemathesis(self):
        if not self.a.schemathesis:
            return None
        if not os.access(self.a.schemathesis, os.X_OK):
            self.problems.append(f"--schemathesis {self.a.schemathesis} is not executable (make fuzz installs it into .venv-fuzz)")
            return None
        here = os.path.dirname(os.path.abspath(__file__))
        env = dict(self.env, SCHEMATHESIS_HOOKS="schemathesis_hooks", PYTHONPATH=here, RELUSWEEP_FUZZ_DB=self.db,
                   RELUSWEEP_FUZZ_COUNT=os.path.join(self.dir, "schemathesis-count.json"))
        spec = os.path.join(os.path.dirname(os.path.dirname(here)), "docs", "openapi.yaml")
        args = [self.a.schemathesis, "--config-file", os.path.join(here, "schemathesis.toml"), "run", spec, "--url", self.url, "-H", f"Authorization: Bearer {self.token}",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,"
                            "negative_data_rejection,rejected_request_changes_nothing",
                "--max-examples", str(self.a.examples), "--workers", "1", "--seed", str(self.a.seed),
                "--phases", "examples,coverage,fuzzing", "--request-timeout", "30", "--suppress-health-check", "all",
                "--max-time", str(self.a.schemathesis_seconds), "--output-sanitize", "true", "--no-color"]
        log(f"schemathesis: {self.a.examples} examples per operation, at most {self.a.schemathesis_seconds} s")
        r = subprocess.run(args, capture_output=True, text=True, env=env, cwd=self.dir, timeout=self.a.schemathesis_seconds + 300)
        out = r.stdout + r.stderr
        with open(os.path.join(self.dir, "schemathesis.out"), "w") as f:
            f.write(out)
        try:
            with open(os.path.join(self.dir, "schemathesis-count.json")) as f:
                counts = json.load(f)
        except (OSError, ValueError):
            counts = {"requests": 0, "statuses": {}}
        self.requests["schemathesis"] = counts["requests"]
        for k, v in counts["statuses"].items():
            self.status_counts[int(k)] = self.status_counts.get(int(k), 0) + v
        tail = "\n".join(out.strip().splitlines()[-25:])
        if r.returncode != 0:
            self.problems.append(f"schemathesis exited {r.returncode} (full output in {self.dir}/schemathesis.out):\n{tail}")
        return tail

    # --- run -----------------------------------------------------------------------------------

    def run(self):
        t0 = time.monotonic()
        self.start()
        pid = self.coordinator.pid
        self.seed_state()
        log(f"coordinator pid {pid} on {self.url}; state seeded; db {self.db}")
        self.hostile()
        log(f"hostile requests: {self.requests['hostile']}, problems so far {len(self.problems)}")
        self.mutations()
        log(f"mutations: {self.requests['mutations']}, problems so far {len(self.problems)}")
        tail = self.schemathesis()
        if tail is not None:
            log(f"schemathesis: {self.requests['schemathesis']} requests; last lines:\n{tail}")
        if self.coordinator.poll() is not None or not self.healthy():
            self.problems.append(f"the coordinator (pid {pid}) crashed or stopped answering; see {self.log_path}")
        else:
            self.coordinator.send_signal(signal.SIGTERM)
            try:
                code = self.coordinator.wait(30)
            except subprocess.TimeoutExpired:
                code = None
            if code != 0:
                self.problems.append(f"the coordinator exited {code} after SIGTERM")
        r = subprocess.run([self.a.relusweep, "check", "--db", self.db], capture_output=True, text=True, env=self.env, timeout=120)
        if r.returncode != 0:
            self.problems.append(f"relusweep check: {(r.stdout + r.stderr).strip()[-1000:]}")
        with open(self.log_path, "rb") as f:
            logtext = f.read()
        if self.token.encode() in logtext:
            self.problems.append("the token appears in the coordinator's log")
        crash_markers = [b"Fatal error", b"Segmentation fault", b"stack overflow", b"Program crashed", b"SIGSEGV", b"SIGILL"]
        for m in crash_markers:
            if m in logtext:
                self.problems.append(f"the coordinator's log shows '{m.decode()}'")
        self.duration = time.monotonic() - t0

    def cleanup(self):
        if self.coordinator and self.coordinator.poll() is None:
            self.coordinator.kill()
            self.coordinator.wait(10)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--relusweep", default=".build/debug/relusweep")
    ap.add_argument("--mutations", type=int, default=3000)
    ap.add_argument("--mutation-seconds", type=float, default=300, help="time bound of the mutation phase")
    ap.add_argument("--loris", type=int, default=200, help="slow-loris connections held open at once")
    ap.add_argument("--max-body-bytes", type=int, default=1 << 20, help="the coordinator's body limit during the run")
    ap.add_argument("--schemathesis", default=None, help="path to the schemathesis executable (skip if absent)")
    ap.add_argument("--examples", type=int, default=60, help="schemathesis examples per operation")
    ap.add_argument("--schemathesis-seconds", type=int, default=420)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--report", default=None)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    if a.seed is None:
        a.seed = random.SystemRandom().randrange(1 << 31)
    if not os.access(a.relusweep, os.X_OK):
        print(f"fuzz: {a.relusweep} is not an executable; build it first (swift build --product relusweep)", file=sys.stderr)
        return 2
    a.relusweep = os.path.abspath(a.relusweep)
    if a.schemathesis:
        a.schemathesis = os.path.abspath(a.schemathesis)
    f = Fuzzer(a)
    try:
        f.run()
    except Exception as e:  # a setup step failed
        f.cleanup()
        print(f"fuzz: ERROR {type(e).__name__}: {e} (files kept in {f.dir})", file=sys.stderr)
        return 2
    finally:
        f.cleanup()
    total = sum(f.requests.values())
    fivexx = sum(v for k, v in f.status_counts.items() if k is not None and k >= 500)
    statuses = " ".join(f"{k}:{v}" for k, v in sorted(f.status_counts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))
    result = "PASS" if not f.problems else "FAIL"
    line = (f"fuzz: {result} requests={total} (hostile={f.requests['hostile']} mutations={f.requests['mutations']} "
            f"schemathesis={f.requests['schemathesis']}) 5xx={fivexx} problems={len(f.problems)} "
            f"statuses=[{statuses}] slow_body='{getattr(f, 'slow_body', '-')}' "
            f"loris={a.loris} duration={f.duration:.0f}s seed={a.seed}")
    if a.report:
        with open(a.report, "w") as out:
            json.dump({"result": result, "requests": f.requests, "closed_without_answer": f.closed,
                       "refused_by_http_parser": f.http_layer, "total": total, "statuses": {str(k): v for k, v in f.status_counts.items()},
                       "fivexx": fivexx, "problems": f.problems, "slow_body": getattr(f, "slow_body", None), "loris": a.loris,
                       "loris_answer_seconds": round(getattr(f, "loris_answer_seconds", -1), 3),
                       "duration_seconds": round(f.duration, 1), "seed": a.seed}, out, indent=2, sort_keys=True)
    for p in f.problems[:50]:
        print(f"fuzz: VIOLATION {p}", file=sys.stderr)
    print(line, flush=True)
    if f.problems:
        print(f"fuzz: files kept in {f.dir}", file=sys.stderr)
        return 1
    if not a.keep:
        shutil.rmtree(f.dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
