#!/usr/bin/env python3
"""`make bench-scale`: the phase side at a million trials (issue 13), with real processes.

Steps, each printed as one line `bench-scale: <figure>` (times are medians of --repeats runs):
  1. submit   a coordinator on an empty database; `relusweep submit` of the 1 M grid (issue 13's:
              targetStd logspace(-4, 1, 50) x momentum 0..0.95 x lr logspace(-3, -1, 10) x 100
              seeds, single ReLU, 20 steps, nTrain 64): seconds, database and WAL bytes,
              bytes per pending trial. Repeated on fresh databases.
  2. record   workers (--workers, 2 slots each) train --record trials of it: results/s.
  3. phase    the live phase route at that size: --phase-requests GETs cycling through axis
              choices and both metrics; p50 and p99 in ms.
  4. export   `relusweep results` to JSONL and to CSV: results/s, bytes.
  5. aggregate `relusweep aggregate` of the exported JSONL and CSV: records/s, peak RSS (MB).
Loopback only; every wait is bounded; children are killed on exit. Needs a release build.
"""

import argparse, json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "PyHarness"))
from relusweep_harness import free_port  # noqa: E402

GRID = """name: big
description: issue 13's million single-ReLU trials (bench-scale)
base: {{model: single, dataset: relu1d, optimizer: momentum, steps: 20, nTrain: 64, nTest: 64, batchSize: 0}}
axes:
  targetStd: logspace(-4, 1, 50)
  momentum: range(0, 0.99, 0.05)
  lr: logspace(-3, -1, 10)
seeds: {seeds}
"""

children = []


def say(line):
    print(f"bench-scale: {line}", flush=True)



def start_coordinator(rs, db, token):
    port = free_port()
    log = open(db + ".log", "w")
    p = subprocess.Popen([rs, "coordinator", "--db", db, "--port", str(port), "--token-file", token,
                          "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT)
    children.append(p)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2).read()
            return p, url
        except Exception:
            if p.poll() is not None:
                sys.exit(f"coordinator exited: see {db}.log")
            time.sleep(0.2)
    sys.exit("coordinator did not answer within 120 s")


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def timed(cmd, limit, **kw):
    t = time.perf_counter()
    r = subprocess.run(cmd, timeout=limit, **kw)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{(r.stderr or b'')[-2000:]}")
    return time.perf_counter() - t, r


def peak_rss_mb(cmd, limit):
    """Runs cmd under /usr/bin/time -v when present; (seconds, peak RSS in MB or None)."""
    if os.path.exists("/usr/bin/time"):
        secs, r = timed(["/usr/bin/time", "-v"] + cmd, limit, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for line in r.stderr.decode(errors="replace").splitlines():
            if "Maximum resident set size" in line:
                return secs, int(line.split()[-1]) / 1024
        return secs, None
    secs, _ = timed(cmd, limit, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return secs, None


def size(path):
    return os.path.getsize(path) if os.path.exists(path) else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--relusweep", required=True)
    ap.add_argument("--seeds", type=int, default=100, help="seeds of the grid (100: 1,000,000 trials)")
    ap.add_argument("--record", type=int, default=1_000_000, help="trials to train and record (at most the grid)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--phase-requests", type=int, default=200)
    ap.add_argument("--dir", default=None, help="working directory (default: a temporary one, removed)")
    ap.add_argument("--json", default=None, help="also write every figure to this JSON file")
    a = ap.parse_args()
    rs = os.path.abspath(a.relusweep)
    work = a.dir or tempfile.mkdtemp(prefix="bench-scale-")
    os.makedirs(work, exist_ok=True)
    figures = {}
    try:
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        say(f"cpu {cpu}; {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")
        grid = os.path.join(work, "big.yaml")
        open(grid, "w").write(GRID.format(seeds=a.seeds))
        trials = 50 * 20 * 10 * a.seeds
        token = os.path.join(work, "token")
        open(token, "w").write("bench-scale-token\n")
        os.chmod(token, 0o600)
        env = dict(os.environ, RELUSWEEP_TOKEN="bench-scale-token")

        # 1. submit, on fresh databases
        times = []
        for k in range(a.repeats):
            db = os.path.join(work, f"submit-{k}.sqlite")
            p, url = start_coordinator(rs, db, token)
            secs, _ = timed([rs, "submit", grid, "--coordinator", url, "--token-file", token, "--json"], 900,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            times.append(secs)
            db_bytes, wal_bytes = size(db), size(db + "-wal")
            stop(p)
            if k < a.repeats - 1:
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(db + suffix):
                        os.remove(db + suffix)
        figures["submit_seconds"] = statistics.median(times)
        figures["db_bytes"], figures["wal_bytes"] = db_bytes, wal_bytes
        figures["bytes_per_pending_trial"] = (db_bytes + wal_bytes) / trials
        say(f"submit of {trials:,} trials: median {figures['submit_seconds']:.1f} s of {a.repeats} "
            f"({', '.join(f'{t:.1f}' for t in times)}); database {db_bytes / 1e6:.0f} MB + WAL {wal_bytes / 1e6:.0f} MB "
            f"while serving = {figures['bytes_per_pending_trial']:.0f} B per pending trial")

        # 2. record: workers train until --record results are in (the rest stay pending)
        p, url = start_coordinator(rs, db, token)
        wal_after_start = size(db + "-wal")
        workers = []
        t0 = time.perf_counter()
        for w in range(a.workers):
            log = open(os.path.join(work, f"w{w}.log"), "w")
            workers.append(subprocess.Popen([rs, "worker", "--coordinator", url, "--token-file", token, "--slots", "2",
                                             "--name", f"w{w}", "--outbox", os.path.join(work, f"w{w}.outbox.jsonl")],
                                            stdout=log, stderr=subprocess.STDOUT))
            children.append(workers[-1])
        done = 0
        deadline = time.time() + 3600
        while time.time() < deadline:
            time.sleep(2)
            st = json.load(urllib.request.urlopen(url + "/v1/sweeps/big", timeout=30))
            counts = st.get("counts", st)
            done = counts.get("done", 0) + counts.get("failed", 0)
            if done >= min(a.record, trials):
                break
        secs = time.perf_counter() - t0
        for w in workers:
            stop(w)
        figures["recorded"] = done
        figures["record_per_second"] = done / secs
        say(f"recorded {done:,} results in {secs:.0f} s with {a.workers} worker(s) x 2 slots: "
            f"{figures['record_per_second']:,.0f} results/s; WAL {size(db + '-wal') / 1e6:.0f} MB "
            f"(at start {wal_after_start / 1e6:.0f} MB)")

        # 3. live phase: cycle axis choices and metrics
        queries = []
        for x, y, facet in [("targetStd", "momentum", None), ("momentum", "targetStd", None), ("lr", "momentum", None),
                            ("targetStd", "lr", None), ("targetStd", "momentum", "lr"), ("lr", "targetStd", "momentum")]:
            for metric in ("collapsed", "deadFraction"):
                q = f"x={x}&y={y}&metric={metric}" + (f"&facet={facet}" if facet else "")
                queries.append(q)
        latencies = []
        for i in range(a.phase_requests):
            q = queries[i % len(queries)]
            t = time.perf_counter()
            body = urllib.request.urlopen(f"{url}/v1/sweeps/big/phase?{q}", timeout=60).read()
            latencies.append((time.perf_counter() - t) * 1000)
            if i < len(queries):
                json.loads(body)  # a real table came back
        latencies.sort()
        figures["phase_p50_ms"] = statistics.median(latencies)
        figures["phase_p99_ms"] = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
        say(f"live phase at {trials:,} trials ({done:,} with results), {len(latencies)} requests over "
            f"{len(queries)} axis/metric choices: p50 {figures['phase_p50_ms']:.1f} ms, p99 {figures['phase_p99_ms']:.1f} ms")

        # 4. export
        for fmt in ("jsonl", "csv"):
            out = os.path.join(work, f"results.{fmt}")
            times = []
            for _ in range(a.repeats):
                secs, _ = timed([rs, "results", "big", "--coordinator", url, "--format", fmt, "--out", out], 1800,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                times.append(secs)
            figures[f"export_{fmt}_per_second"] = done / statistics.median(times)
            figures[f"export_{fmt}_bytes"] = size(out)
            say(f"results --format {fmt}: {done:,} results in median {statistics.median(times):.1f} s "
                f"= {figures[f'export_{fmt}_per_second']:,.0f} results/s; {size(out) / 1e6:.0f} MB")
        stop(p)

        # 5. aggregate
        for fmt in ("jsonl", "csv"):
            src = os.path.join(work, f"results.{fmt}")
            times, rss = [], []
            for k in range(a.repeats):
                out = os.path.join(work, f"agg-{fmt}-{k}")
                secs, mb = peak_rss_mb([rs, "aggregate", src, "--x", "targetStd", "--y", "momentum", "--facet", "lr",
                                        "--format", "json", "--out", out], 1800)
                times.append(secs)
                if mb is not None:
                    rss.append(mb)
            figures[f"aggregate_{fmt}_per_second"] = done / statistics.median(times)
            figures[f"aggregate_{fmt}_rss_mb"] = max(rss) if rss else None
            say(f"aggregate of {done:,} {fmt} records: median {statistics.median(times):.1f} s "
                f"= {figures[f'aggregate_{fmt}_per_second']:,.0f} records/s; peak RSS "
                + (f"{max(rss):.0f} MB" if rss else "not measured (no /usr/bin/time)"))
        if a.json:
            json.dump(figures, open(a.json, "w"), indent=1)
    finally:
        for c in children:
            if c.poll() is None:
                c.kill()
        if not a.dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
