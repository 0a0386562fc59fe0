"""What every peer script shares: flags, thread control, the timed loop and the JSON line.

Import this module, call `parse_args` and only then import numpy, torch or jax: the thread
environment variables are read when those libraries load.
"""
import argparse
import json
import os
import platform
import sys
import time

import workload


def thread_environment(threads):
    """The environment variables each library honours for its thread count.

    OMP_NUM_THREADS: PyTorch's OpenMP pool (and any OpenMP BLAS); MKL_NUM_THREADS: the MKL inside
    PyTorch's wheel; OPENBLAS_NUM_THREADS: the OpenBLAS bundled with numpy's wheel; XLA_FLAGS:
    --xla_cpu_multi_thread_eigen=false keeps XLA's CPU matmuls on the calling thread. (The often
    quoted extra token `intra_op_parallelism_threads=1` is not an XLA flag; XLA ignores a token
    without leading dashes and aborts on `--intra_op_parallelism_threads`, so it is left out.)
    These variables are not enough for JAX: XLA sizes its worker pool from the CPU affinity, so
    bench_peers.py also pins every process (by hand: `taskset -c 0 python jax_peer.py ...`).
    """
    env = {
        "OMP_NUM_THREADS": str(threads),
        "MKL_NUM_THREADS": str(threads),
        "OPENBLAS_NUM_THREADS": str(threads),
    }
    if threads == 1:
        env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false"
    return env


def parse_args(tool, variants, batched_variants=()):
    """Parses the common flags and sets the thread environment before any library loads."""
    p = argparse.ArgumentParser(description=f"{tool} peer of ReLUSweep's training core")
    p.add_argument("--variant", choices=variants, default=variants[0])
    p.add_argument("--workload", choices=sorted(workload.WORKLOADS), default="W")
    p.add_argument("--threads", type=int, choices=[1, 2], default=1,
                   help="library threads in this process (1 or 2)")
    p.add_argument("--steps", type=int, default=workload.STEPS)
    p.add_argument("--seeds", type=int, default=64,
                   help="trials trained together by the batched variants (bmm, vmap)")
    p.add_argument("--min-seconds", type=float, default=1.0,
                   help="keep starting timed runs until this much time has passed (at least one run)")
    p.add_argument("--seed", type=int, default=0, help="first trial seed")
    p.add_argument("--barrier", default=None,
                   help="after warm-up, create BARRIER.ready.PID and wait for BARRIER to exist "
                        "(lets a driver start timed phases of concurrent processes together)")
    args = p.parse_args()
    if args.steps < 1:
        p.error(f"--steps must be >= 1, got {args.steps}")
    if args.seeds < 1:
        p.error(f"--seeds must be >= 1, got {args.seeds}")
    args.batched = args.variant in batched_variants
    args.seeds_per_run = args.seeds if args.batched else 1
    args.width, args.depth = workload.WORKLOADS[args.workload]
    # A caller's explicit setting wins (the driver sets these itself); otherwise set them here.
    for key, value in thread_environment(args.threads).items():
        os.environ.setdefault(key, value)
    return args


def wait_at_barrier(path):
    if path is None:
        return
    open(f"{path}.ready.{os.getpid()}", "w").close()
    deadline = time.monotonic() + 600
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            sys.exit(f"barrier {path} never appeared (600 s); is the driver still running?")
        time.sleep(0.002)


def thread_cpu_ticks():
    """{thread id: user+system clock ticks} of this process's threads (Linux /proc)."""
    ticks = {}
    try:
        for tid in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks[tid] = int(fields[11]) + int(fields[12])  # utime, stime
    except OSError:
        return None
    return ticks


def busy_threads(before, after):
    """Threads that did at least 10% of the process's CPU work between two snapshots: the
    check that the thread settings took effect (shares, not wall time, so it holds on a loaded
    machine too)."""
    if before is None or after is None:
        return None, None
    deltas = sorted((after[t] - before.get(t, 0) for t in after), reverse=True)
    total = sum(deltas)
    if total <= 0:
        return None, None
    shares = [round(d / total, 3) for d in deltas[:4]]
    return sum(1 for d in deltas if d >= 0.1 * total), shares


def timed_runs(args, run):
    """Calls run(seed) -> final train MSEs (one per trial of the run) until args.min_seconds
    have passed. Returns (seconds, runs, mean final MSE, cpu seconds, busy threads, shares)."""
    wait_at_barrier(args.barrier)
    mses = []
    runs = 0
    ticks0 = thread_cpu_ticks()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    while True:
        mses.extend(run(args.seed + runs * args.seeds_per_run))
        runs += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= args.min_seconds:
            break
    cpu = time.process_time() - cpu0
    busy, shares = busy_threads(ticks0, thread_cpu_ticks())
    return elapsed, runs, sum(mses) / len(mses), cpu, busy, shares


def emit(args, tool, timed, compile_seconds, init_mse, versions, extra=None):
    """Prints the one JSON result line.

    steps_per_s counts the steps of every trial of the run (a vmap64 run of 2,000 steps is
    128,000 steps), so steps_per_s = trials_per_s * steps and gflops = steps_per_s *
    flops_per_step / 1e9 for every tool alike. cpu_util = process CPU time / wall time of the
    timed phase (~1 for one busy thread, ~2 for two, less on a loaded machine); busy_threads and
    thread_cpu_shares (see busy_threads) show how many threads did the work.
    """
    seconds, runs, final_mse, cpu_seconds, busy, shares = timed
    trials = runs * args.seeds_per_run
    steps_per_s = trials * args.steps / seconds
    line = {
        "tool": tool,
        "variant": args.variant,
        "workload": args.workload,
        "threads": args.threads,
        "seeds_per_run": args.seeds_per_run,
        "steps": args.steps,
        "seconds": seconds,
        "steps_per_s": steps_per_s,
        "trials_per_s": trials / seconds,
        "gflops": steps_per_s * workload.flops_per_step(args.width, args.depth) / 1e9,
        "runs": runs,
        "trials": trials,
        "compile_seconds": compile_seconds,
        "init_train_mse": init_mse,
        "final_train_mse": final_mse,
        "cpu_util": cpu_seconds / seconds,
        "busy_threads": busy,
        "thread_cpu_shares": shares,
        "versions": {"python": platform.python_version(), **versions},
        "env": {k: os.environ.get(k) for k in
                ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "XLA_FLAGS",
                 "OPENBLAS_CORETYPE")},
    }
    if extra:
        line.update(extra)
    print(json.dumps(line), flush=True)


def blas_info():
    """numpy's BLAS as threadpoolctl sees it: library, version, threads, detected core type."""
    try:
        import threadpoolctl
    except ImportError:
        return None
    return [{k: d.get(k) for k in ("internal_api", "version", "num_threads", "architecture")}
            for d in threadpoolctl.threadpool_info() if d.get("user_api") == "blas"]
