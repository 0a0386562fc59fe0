"""`make bench-peers`: ReLUSweep's training core against numpy, PyTorch and JAX on the same CPU.

Runs every tool on workloads W, small and large under three settings -- one thread on one core
(1t), two threads in one process (2t), two single-thread processes side by side (2p) -- with the
tools interleaved (A B C A B C ...) over --repeats rounds, and prints medians: steps/s,
trials/s, achieved GFLOP/s (one FLOP formula for every tool: workload.flops_per_step), their
share of the cores' measured FMA peak and the ratio to ReLUSweep. The peak is measured in the
same run, before and after the trials, with `ReLUSweepBench peak` (independent FMA chains in
the widest vectors the kernels use) pinned like the trials: one process on CPU 0 for 1t, one
on each CPU at once for 2t and 2p (summed); the larger of the two measurements counts. The
table's header names the CPU. Every measurement is appended as a JSON line to --results.

    .venv-peers/bin/python Benchmarks/peers/bench_peers.py [--repeats 5] [--workloads W,small,large]

Each process is pinned to its core(s) with sched_setaffinity and gets the thread variables of
harness.thread_environment: XLA sizes its thread pool from the CPU affinity, so pinning is what
holds JAX to one core (the XLA flag alone leaves two busy threads).
"""
import argparse
import glob
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import workload  # noqa: E402

# (tool, variant) -> peer script; relusweep is handled apart.
PEERS = {
    ("numpy", "loop"): "numpy_peer.py",
    ("pytorch", "loop"): "torch_peer.py",
    ("pytorch", "bmm"): "torch_peer.py",
    ("jax", "jit-step"): "jax_peer.py",
    ("jax", "jit-scan"): "jax_peer.py",
    ("jax", "vmap"): "jax_peer.py",
}
BATCHED = {("pytorch", "bmm"), ("jax", "vmap")}
# name -> (processes, threads per process, CPU set of each process)
SETTINGS = {
    "1t": (1, 1, [{0}]),
    "2t": (1, 2, [{0, 1}]),
    "2p": (2, 1, [{0}, {1}]),
}
PROCESS_TIMEOUT = 3600


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def peer_environment(threads, coretype):
    env = dict(os.environ)
    # numpy's wheel bundles its own OpenBLAS, which detects this CPU (SkylakeX kernels) by
    # itself; a machine-wide OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE would only override that.
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "XLA_FLAGS"):
        env.pop(key, None)
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    env.update(harness.thread_environment(threads))
    return env


# --group-nice: None, or the nice value of the scheduling group each measured process gets.
GROUP_NICE = None


def launch(cmd, env, cpus):
    def pin():
        os.sched_setaffinity(0, cpus)
        if GROUP_NICE is not None:
            # A session of its own is a scheduling group of its own under Linux's autogroup, so
            # each process competes with other programs' groups by itself and with the group's
            # nice, whatever the number of threads it runs (see --group-nice).
            os.setsid()
            try:
                with open("/proc/self/autogroup", "w") as f:
                    f.write(str(GROUP_NICE))
            except OSError:
                pass
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=pin, cwd=ROOT)


def finish(procs, what):
    lines = []
    for p in procs:
        try:
            out, err = p.communicate(timeout=PROCESS_TIMEOUT)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        if p.returncode != 0:
            raise RuntimeError(f"{what} failed (exit {p.returncode}): {' '.join(p.args)}\n{err.strip()[-2000:]}")
        parsed = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
        if not parsed:
            raise RuntimeError(f"{what} printed no JSON line: {' '.join(p.args)}\n{out[-1000:]}{err[-1000:]}")
        lines.append(parsed)
    return lines


def measure_peak(bench, settings, seconds):
    """GFLOP/s of the FMA peak per setting: one pinned `ReLUSweepBench peak` per CPU the
    setting uses, all at once, summed; None when the benchmark binary has no `peak` command."""
    peaks = {}
    env = peer_environment(1, None)
    for setting in settings:
        _, _, cpu_sets = SETTINGS[setting]
        cpus = sorted(set().union(*cpu_sets))
        procs = [launch([bench, "peak", "--seconds", str(seconds), "--json"], env, {c}) for c in cpus]
        try:
            lines = [ls[0] for ls in finish(procs, "ReLUSweepBench peak")]
        except RuntimeError as e:
            log(f"warning: no FMA peak measured ({str(e).splitlines()[0]}); the % of peak column stays empty")
            return None
        peaks[setting] = {"gflops": sum(l["gflops"] for l in lines), "per_cpu": [l["gflops"] for l in lines],
                          "kernels": lines[0]["kernels"], "lanes": lines[0]["lanes"], "cpus": cpus}
    return peaks


def merge_peaks(first, second):
    """The larger measurement per setting (other programs only ever slow a burst down)."""
    if not first or not second:
        return first or second
    return {s: max(first[s], second[s], key=lambda p: p["gflops"]) for s in first}


def cpu_description():
    """Model name and the vector extensions that matter here, from lscpu and /proc/cpuinfo."""
    model, flags = None, set()
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=60).stdout
        fields = {l.split(":", 1)[0].strip(): l.split(":", 1)[1].strip() for l in out.splitlines() if ":" in l}
        model = fields.get("Model name")
        if model and "CPU family" in fields and "Model" in fields:
            model += f" (family {fields['CPU family']}, model {fields['Model']})"
    except (OSError, subprocess.TimeoutExpired):
        pass
    try:
        with open("/proc/cpuinfo") as f:
            line = next((l for l in f if l.startswith("flags")), "")
        flags = set(line.split(":", 1)[1].split()) if ":" in line else set()
    except OSError:
        pass
    isa = [x for x in ("avx2", "fma", "avx512f") if x in flags]
    return model, isa


class ReLUSweep:
    """ReLUSweep's side: `ReLUSweepBench core --json`, or `relusweep train --json` as a fallback."""

    def __init__(self, bench, cli):
        self.bench, self.cli = bench, cli
        self.repeats = {}
        self.mode = None
        if os.access(bench, os.X_OK) and subprocess.run([bench, "core", "--help"], capture_output=True).returncode == 0:
            self.mode = "core"
        elif os.access(cli, os.X_OK):
            self.mode = "train-cli"
            log(f"warning: {bench} has no `core` command; timing `relusweep train --json` instead (marked fallback)")
        self.variant = "core" if self.mode == "core" else "train-cli (fallback)"

    def calibrate(self, name, min_seconds):
        """Trials per measurement so that one lasts about min_seconds (this run is a warm-up too)."""
        if self.mode != "core":
            self.repeats[name] = 1
            return
        env = peer_environment(1, None)
        line = finish([launch(self.core_cmd(name, 1, 1), env, {0})], "ReLUSweepBench calibration")[0][0]
        self.repeats[name] = max(1, min(1000, math.ceil(min_seconds * line["trials_per_s"])))

    def core_cmd(self, name, slots, repeats):
        return [self.bench, "core", "--workload", name, "--slots", str(slots), "--repeats", str(repeats), "--json"]

    def train_cmd(self, name, seed):
        width, depth = workload.WORKLOADS[name]
        return [self.cli, "train", "--model", "mlp", "--dataset", "teacher", "--width", str(width),
                "--depth", str(depth), "--batch-size", str(workload.BATCH), "--optimizer", "momentum",
                "--momentum", str(workload.MOMENTUM), "--lr", str(workload.LR), "--steps", str(workload.STEPS),
                "--seed", str(seed), "--json"]

    def measure(self, name, setting, repeat):
        processes, threads, cpu_sets = SETTINGS[setting]
        env = peer_environment(threads, None)
        if self.mode == "core":
            slots = threads  # 2t = one process with two slots (threads), each training its own trials
            procs = [launch(self.core_cmd(name, slots, self.repeats[name]), env, cpus) for cpus in cpu_sets]
            raw = [ls[0] for ls in finish(procs, "ReLUSweepBench core")]
            tps = sum(r["trials_per_s"] for r in raw)
            mse = statistics.mean(r.get("nmse", float("nan")) for r in raw)
            width, depth = workload.WORKLOADS[name]
            ours = tps * workload.STEPS * workload.flops_per_step(width, depth) / 1e9
            theirs = sum(r.get("gflops", ours) for r in raw)
            if abs(theirs - ours) > 0.01 * ours:
                log(f"warning: ReLUSweepBench reports {theirs:.2f} GFLOP/s, the peers' formula gives {ours:.2f}")
            return tps, mse, raw
        # Fallback: one `relusweep train` per process (2t runs two processes, as 2p does).
        sets = cpu_sets if processes == 2 or threads == 1 else [{0}, {1}]
        procs = [launch(self.train_cmd(name, 1000 * repeat + i), env, cpus) for i, cpus in enumerate(sets)]
        raw = [ls[0] for ls in finish(procs, "relusweep train")]
        tps = sum(r["metrics"]["stepsPerSecond"] / workload.STEPS for r in raw)
        mse = statistics.mean(r["metrics"].get("normalizedTrainMSE") or float("nan") for r in raw)
        return tps, mse, [{"stepsPerSecond": r["metrics"]["stepsPerSecond"],
                           "wallSeconds": r["metrics"]["wallSeconds"]} for r in raw]


def measure_peer(args, tool, variant, name, setting, repeat):
    processes, threads, cpu_sets = SETTINGS[setting]
    seeds = args.large_seeds if name == "large" else args.seeds
    cmd = [args.python, os.path.join(HERE, PEERS[(tool, variant)]), "--variant", variant, "--workload", name,
           "--threads", str(threads), "--steps", str(args.steps), "--min-seconds", str(args.min_seconds)]
    if (tool, variant) in BATCHED:
        cmd += ["--seeds", str(seeds)]
    env = peer_environment(threads, args.openblas_coretype)
    barrier_dir = tempfile.mkdtemp(prefix="bench-peers-")
    barrier = os.path.join(barrier_dir, "go")
    procs = []
    for i, cpus in enumerate(cpu_sets):
        seed = 100_000 * i + 1000 * repeat
        extra = ["--seed", str(seed)] + (["--barrier", barrier] if processes > 1 else [])
        procs.append(launch(cmd + extra, env, cpus))
    if processes > 1:
        # Start the timed phases together: wait until every process has compiled and warmed up.
        while len(glob.glob(barrier + ".ready.*")) < processes:
            if any(p.poll() is not None for p in procs):
                break
            time.sleep(0.01)
        open(barrier, "w").close()
    try:
        raw = [ls[0] for ls in finish(procs, f"{tool} {variant}")]
    finally:
        for f in glob.glob(barrier + "*"):
            os.remove(f)
        os.rmdir(barrier_dir)
    tps = sum(r["trials_per_s"] for r in raw)
    mse = statistics.mean(r["final_train_mse"] for r in raw)
    return tps, mse, raw


def machine_info(args, relusweep):
    def run(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return None
    model, isa = cpu_description()
    versions = {}
    for pkg in ("numpy", "torch", "jax", "jaxlib", "threadpoolctl"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {
        "kind": "meta", "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cpu": model, "cpu_isa": isa,
        "cpus": os.cpu_count(),
        "python": platform.python_version(), "versions": versions,
        "swift": (run(["swift", "--version"]) or "").splitlines()[0:1],
        "relusweep_commit": run(["git", "-C", ROOT, "rev-parse", "HEAD"]),
        "relusweep_mode": relusweep.mode, "loadavg": os.getloadavg(), "args": vars(args),
    }


def header(meta, peaks):
    """What the table was measured on: CPU, FMA peak per setting, load."""
    lines = [f"CPU: {meta['cpu']} ({os.cpu_count()} CPUs; {', '.join(meta['cpu_isa']) or 'no AVX2/AVX-512'})"]
    if peaks:
        first = next(iter(peaks.values()))
        lines.append(f"FMA peak (measured in this run, {first['kernels']} vectors of {first['lanes']} floats): " +
                     "; ".join(f"{s} {p['gflops']:.1f} GFLOP/s" for s, p in peaks.items()))
    else:
        lines.append("FMA peak: not measured (no `ReLUSweepBench peak`)")
    lines.append(f"load average at the start: {' '.join(f'{x:.2f}' for x in meta['loadavg'])}")
    return "\n".join(lines)


def cpu_share(row):
    """The CPU time the measurement's processes used, as a share of the cores they were given
    (cpu_util summed over processes, divided by processes x threads): below 100% when other
    programs took CPU time, or when a tool cannot keep its threads busy (JAX in 2t)."""
    utils = [r.get("cpu_util") for r in row["raw"]]
    if not utils or any(u is None for u in utils):
        return None
    return sum(utils) / (row["processes"] * row["threads"])


def table(rows, peaks=None):
    """Medians per (workload, setting, tool, variant), with the share of the FMA peak and the
    ratio to ReLUSweep."""
    groups = {}
    for r in rows:
        groups.setdefault((r["workload"], r["setting"], r["tool"], r["variant"]), []).append(r)
    lines = []
    header = (f"{'workload':8} {'setting':13} {'tool':9} {'variant':20} {'steps/s':>10} {'trials/s':>9} "
              f"{'GFLOP/s':>8} {'% peak':>6} {'vs ReLUSweep':>12} {'final MSE':>9} {'cpu':>4} {'n':>2}")
    order_w = {w: i for i, w in enumerate(workload.WORKLOADS)}
    order_s = {s: i for i, s in enumerate(SETTINGS)}
    keys = sorted(groups, key=lambda k: (order_w[k[0]], order_s[k[1]], k[2] != "relusweep", k[2], k[3]))
    med = {k: statistics.median(r["trials_per_s"] for r in groups[k]) for k in keys}
    previous = None
    for k in keys:
        w, s, tool, variant = k
        if (w, s) != previous:
            lines.append("")
            lines.append(header)
            previous = (w, s)
        tps = med[k]
        base = next((med[b] for b in keys if b[:2] == (w, s) and b[2] == "relusweep"), None)
        ratio = f"{tps / base:.2f}x" if base else "n/a"
        procs, threads, _ = SETTINGS[s]
        label = f"{s} ({procs}p x {threads}t)"
        mse = statistics.median(r["final_train_mse"] for r in groups[k])
        sps = statistics.median(r["steps_per_s"] for r in groups[k])
        gflops = statistics.median(r["gflops"] for r in groups[k])
        pct = f"{100 * gflops / peaks[s]['gflops']:.0f}%" if peaks and s in peaks else "n/a"
        utils = [cpu_share(r) for r in groups[k]]
        utils = [u for u in utils if u is not None]
        cpu = f"{100 * statistics.median(utils):.0f}%" if utils else "n/a"
        lines.append(f"{w:8} {label:13} {tool:9} {variant:20} {sps:10.0f} {tps:9.3f} {gflops:8.2f} {pct:>6} "
                     f"{ratio:>12} {mse:9.5f} {cpu:>4} {len(groups[k]):2d}")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeats", type=int, default=5, help="interleaved rounds; medians are reported")
    p.add_argument("--workloads", default="W,small,large")
    p.add_argument("--settings", default="1t,2t,2p", help="1t, 2t, 2p (see SETTINGS)")
    p.add_argument("--tools", default="relusweep,numpy,pytorch,jax",
                   help="tools, or tool/variant pairs such as jax/jit-scan")
    p.add_argument("--min-seconds", type=float, default=1.0, help="timed seconds per measurement (at least)")
    p.add_argument("--steps", type=int, default=workload.STEPS)
    p.add_argument("--seeds", type=int, default=64, help="trials per batched run (pytorch bmm, jax vmap)")
    p.add_argument("--large-seeds", type=int, default=0,
                   help="trials per batched run on `large`; 0 skips the batched variants there (a vmap64 "
                        "run of `large` lasts minutes, and batching does not help a compute-bound net)")
    p.add_argument("--bench", default=os.path.join(ROOT, ".build/release/ReLUSweepBench"))
    p.add_argument("--relusweep", default=os.path.join(ROOT, ".build/release/relusweep"))
    p.add_argument("--python", default=sys.executable, help="interpreter with numpy, torch and jax")
    p.add_argument("--openblas-coretype", default=None,
                   help="OPENBLAS_CORETYPE for the peers (default: unset; numpy's OpenBLAS detects the CPU)")
    p.add_argument("--peak-seconds", type=float, default=2.0,
                   help="seconds of each FMA peak measurement (before and after the trials)")
    p.add_argument("--group-nice", type=int, default=None,
                   help="start every measured process in a session (and so, with the kernel's autogroup, a "
                        "scheduling group) of its own, with this nice value for the group (-20..19; below 0 "
                        "needs root or CAP_SYS_NICE). For a machine shared with other work: in one group, "
                        "processes with more runnable threads (JAX) got a larger CPU share than the others")
    p.add_argument("--results", default=os.path.join(HERE, "results", "latest.jsonl"))
    args = p.parse_args()
    global GROUP_NICE
    GROUP_NICE = args.group_nice
    if GROUP_NICE is not None and not -20 <= GROUP_NICE <= 19:
        p.error(f"--group-nice must be in -20...19, got {GROUP_NICE}")
    if args.steps != workload.STEPS:
        log(f"note: --steps {args.steps}: ReLUSweep's side always runs {workload.STEPS} steps")
    names = [w for w in args.workloads.split(",") if w]
    settings = [s for s in args.settings.split(",") if s]
    for w in names:
        if w not in workload.WORKLOADS:
            p.error(f"--workloads: unknown workload {w!r}; allowed: {', '.join(workload.WORKLOADS)}")
    for s in settings:
        if s not in SETTINGS:
            p.error(f"--settings: unknown setting {s!r}; allowed: {', '.join(SETTINGS)}")
    if os.cpu_count() < 2 and any(s != "1t" for s in settings):
        p.error("settings 2t and 2p need 2 CPUs; pass --settings 1t")
    wanted = [t for t in args.tools.split(",") if t]
    variants = []
    if any(t == "relusweep" for t in wanted):
        variants.append(("relusweep", None))
    for key in PEERS:
        if key[0] in wanted or f"{key[0]}/{key[1]}" in wanted:
            variants.append(key)
    relusweep = ReLUSweep(args.bench, args.relusweep)
    if ("relusweep", None) in variants and relusweep.mode is None:
        p.error(f"neither {args.bench} nor {args.relusweep} exists: run "
                f"`swift build -c release --product ReLUSweepBench` first, or leave relusweep out of --tools")

    os.makedirs(os.path.dirname(args.results), exist_ok=True)
    rows = []
    meta = machine_info(args, relusweep)
    can_peak = relusweep.mode == "core" and subprocess.run(
        [args.bench, "peak", "--help"], capture_output=True).returncode == 0
    peaks = measure_peak(args.bench, settings, args.peak_seconds) if can_peak else None
    if peaks:
        log("FMA peak before the trials: " + ", ".join(f"{s} {p['gflops']:.1f}" for s, p in peaks.items()) + " GFLOP/s")
    with open(args.results, "w") as out:
        out.write(json.dumps(meta) + "\n")
        out.write(json.dumps({"kind": "fma_peak", "when": "before", "peaks": peaks}) + "\n")
        for name in names:
            if ("relusweep", None) in variants:
                relusweep.calibrate(name, args.min_seconds)
            for repeat in range(args.repeats):
                for setting in settings:
                    for tool, variant in variants:
                        if (tool, variant) in BATCHED and name == "large" and args.large_seeds == 0:
                            continue
                        started = time.monotonic()
                        load = os.getloadavg()[0]
                        if tool == "relusweep":
                            variant = relusweep.variant
                            tps, mse, raw = relusweep.measure(name, setting, repeat)
                        else:
                            tps, mse, raw = measure_peer(args, tool, variant, name, setting, repeat)
                        width, depth = workload.WORKLOADS[name]
                        steps = workload.STEPS if tool == "relusweep" else args.steps
                        processes, threads, _ = SETTINGS[setting]
                        row = {"kind": "measurement", "workload": name, "setting": setting, "processes": processes,
                               "threads": threads, "repeat": repeat, "tool": tool, "variant": variant,
                               "trials_per_s": tps, "steps_per_s": tps * steps,
                               "gflops": tps * steps * workload.flops_per_step(width, depth) / 1e9,
                               "final_train_mse": mse, "loadavg_1min_before": load, "raw": raw}
                        rows.append(row)
                        out.write(json.dumps(row) + "\n")
                        out.flush()
                        log(f"[{name} {setting} round {repeat + 1}/{args.repeats}] {tool:9} {variant:20} "
                            f"{tps:9.3f} trials/s  {row['gflops']:7.2f} GFLOP/s  final MSE {mse:.5f}  "
                            f"({time.monotonic() - started:.1f} s)")
        if can_peak:
            after = measure_peak(args.bench, settings, args.peak_seconds)
            out.write(json.dumps({"kind": "fma_peak", "when": "after", "peaks": after}) + "\n")
            peaks = merge_peaks(peaks, after)
            out.write(json.dumps({"kind": "fma_peak", "when": "used", "peaks": peaks}) + "\n")
    print(header(meta, peaks))
    print(table(rows, peaks))
    print(f"\nraw measurements: {args.results}")


if __name__ == "__main__":
    main()
