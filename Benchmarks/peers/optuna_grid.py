"""Optuna's trial bookkeeping on a trivial objective over a grid: the peer of SweepBench (issue 7).

Runs optuna.samplers.GridSampler over a --points grid (two axes, targetStd x momentum; 1,000 =
40 x 25) with an objective that returns at once, so that only Optuna's own cost is timed:
asking for a trial, sampling it, storing its value. Modes:

  sqlite-1p  one process, RDB storage sqlite:///FILE in a fresh temporary directory
  sqlite-2p  two processes sharing that SQLite study, each optimizing until the grid is done
             (GridSampler stops the study once every point has a finished trial)
  memory     one process, InMemoryStorage

The timer covers the optimize phase only: study creation (and for sqlite-2p the workers'
start-up, import and load_study) happens before it and is reported as setup_seconds. Modes are
interleaved over --repeats rounds (A B C A B C ...), each run on a fresh study, and one JSON line
per mode is printed with the median run. Every run is checked: no failed trial, every grid point
completed, and exactly --points completed trials in one process. With two processes a point can
be evaluated twice near the end (a worker asks for a trial while the other's last point is still
running: GridSampler then re-runs a running point and warns); those extra trials are counted as
`duplicates`, and `points_per_s` counts grid points only.

    .venv-optuna/bin/python Benchmarks/peers/optuna_grid.py [--points 1000] [--repeats 3]
"""
import argparse
import json
import math
import multiprocessing
import os
import platform
import queue
import shutil
import sys
import tempfile
import time
import traceback
from importlib import metadata

import optuna

MODES = ("sqlite-1p", "sqlite-2p", "memory")
STUDY_NAME = "grid"
# The other worker's start-up (importing optuna, load_study) is outside the timer but bounded.
WORKER_READY_TIMEOUT = 120
RUN_TIMEOUT = 3600


class BenchError(Exception):
    """A run that did not do what it should: the message says what and where."""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def quiet_optuna():
    # Per-trial "Trial N finished ..." lines are INFO; warnings (GridSampler re-evaluating a
    # point) stay visible.
    optuna.logging.set_verbosity(optuna.logging.WARNING)


def axes(points):
    """Two axis lengths (a >= b, a * b = points), as square as the divisors of points allow."""
    b = max(d for d in range(1, math.isqrt(points) + 1) if points % d == 0)
    return points // b, b


def linspace(lo, hi, n):
    return [lo] if n == 1 else [lo + (hi - lo) * i / (n - 1) for i in range(n)]


def search_space(points):
    # Axes named like a ReLUSweep grid; the values only have to be distinct.
    n_std, n_momentum = axes(points)
    return {"targetStd": linspace(1.0, 100.0, n_std), "momentum": linspace(0.0, 0.99, n_momentum)}


def objective(trial):
    return trial.suggest_float("targetStd", 1.0, 100.0) * trial.suggest_float("momentum", 0.0, 0.99)


def sampler(points):
    # The same seed in every process, as GridSampler's documentation asks for distributed runs.
    return optuna.samplers.GridSampler(search_space(points), seed=0)


def sqlite_url(directory):
    return "sqlite:///" + os.path.join(directory, "optuna.sqlite3")


def check(trials, points, mode):
    """(completed trials, duplicates); raises BenchError unless every grid point completed once
    (in one process) or at least once (two processes) and no trial ended otherwise."""
    states = {}
    for t in trials:
        states[t.state.name] = states.get(t.state.name, 0) + 1
    completed = [t for t in trials if t.state == optuna.trial.TrialState.COMPLETE]
    if len(completed) != len(trials):
        raise BenchError(f"{mode}: trials in other states than COMPLETE: {states}")
    space = search_space(points)
    grid = {(s, m) for s in space["targetStd"] for m in space["momentum"]}
    seen = {(t.params["targetStd"], t.params["momentum"]) for t in completed}
    if seen != grid:
        raise BenchError(f"{mode}: {len(seen & grid)} of {points} grid points completed "
                         f"({len(seen - grid)} points outside the grid) in {len(completed)} trials")
    if mode != "sqlite-2p" and len(completed) != points:
        raise BenchError(f"{mode}: {len(completed)} completed trials, expected exactly {points}")
    return len(completed), len(completed) - points


def run_one_process(mode, points):
    """(setup seconds, optimize seconds, trials, duplicates) of one run in this process."""
    directory = tempfile.mkdtemp(prefix="optuna-grid-")
    try:
        t0 = time.perf_counter()
        storage = sqlite_url(directory) if mode == "sqlite-1p" else optuna.storages.InMemoryStorage()
        study = optuna.create_study(study_name=STUDY_NAME, storage=storage, sampler=sampler(points))
        setup = time.perf_counter() - t0
        t0 = time.perf_counter()
        # No n_trials: GridSampler stops the study when the grid is exhausted.
        study.optimize(objective)
        seconds = time.perf_counter() - t0
        trials, duplicates = check(study.get_trials(deepcopy=False), points, mode)
        return setup, seconds, trials, duplicates
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def worker(index, url, points, ready, start, done):
    """One of sqlite-2p's processes: load the study, say ready, wait for the start, optimize."""
    try:
        quiet_optuna()
        study = optuna.load_study(study_name=STUDY_NAME, storage=url, sampler=sampler(points))
        ready.put(index)
        start.wait()
        study.optimize(objective)
        done.put((index, None))
    except BaseException:  # reported to the parent, which fails the run
        done.put((index, traceback.format_exc()))
        ready.put(index)


def run_two_processes(points):
    """sqlite-2p: the timer runs from releasing both loaded workers until both have finished."""
    directory = tempfile.mkdtemp(prefix="optuna-grid-")
    # spawn, not fork: the workers must not share the parent's SQLAlchemy connection pool.
    ctx = multiprocessing.get_context("spawn")
    procs = []
    try:
        t0 = time.perf_counter()
        url = sqlite_url(directory)
        study = optuna.create_study(study_name=STUDY_NAME, storage=url, sampler=sampler(points))
        ready, done, start = ctx.Queue(), ctx.Queue(), ctx.Event()
        procs = [ctx.Process(target=worker, args=(i, url, points, ready, start, done)) for i in range(2)]
        for p in procs:
            p.start()
        for _ in procs:
            ready.get(timeout=WORKER_READY_TIMEOUT)
        setup = time.perf_counter() - t0
        t0 = time.perf_counter()
        start.set()
        outcomes = []
        while len(outcomes) < len(procs):
            try:
                outcomes.append(done.get(timeout=1))
            except queue.Empty:
                # A worker killed outright (OOM, signal) never reports: do not wait for it.
                if sum(p.exitcode is not None for p in procs) > len(outcomes) and done.empty():
                    raise BenchError("sqlite-2p: a worker exited without reporting: exit codes "
                                     f"{[p.exitcode for p in procs]}")
                if time.perf_counter() - t0 > RUN_TIMEOUT:
                    raise BenchError(f"sqlite-2p: not done after {RUN_TIMEOUT} s")
        seconds = time.perf_counter() - t0
        for index, error in outcomes:
            if error is not None:
                raise BenchError(f"sqlite-2p: worker {index} failed:\n{error}")
        for p in procs:
            p.join(timeout=60)
            if p.exitcode != 0:
                raise BenchError(f"sqlite-2p: worker pid {p.pid} exited with {p.exitcode}")
        trials, duplicates = check(study.get_trials(deepcopy=False), points, "sqlite-2p")
        return setup, seconds, trials, duplicates
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
                p.join()
        shutil.rmtree(directory, ignore_errors=True)


def summary(mode, points, runs, load):
    """The JSON object of one mode: figures of its median run (by seconds), all runs' seconds."""
    setup, seconds, trials, duplicates = sorted(runs, key=lambda r: r[1])[(len(runs) - 1) // 2]
    return {
        "tool": "optuna",
        "mode": mode,
        "points": points,
        "trials": trials,
        "duplicates": duplicates,
        "seconds": seconds,
        "trials_per_s": trials / seconds,
        "points_per_s": points / seconds,
        "setup_seconds": setup,
        "repeats": len(runs),
        "seconds_each": [r[1] for r in runs],
        "optuna_version": optuna.__version__,
        "sqlalchemy_version": metadata.version("sqlalchemy"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_1m_at_start": load,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=1000, help="grid points (default 1000 = 40 x 25)")
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of {', '.join(MODES)}")
    parser.add_argument("--repeats", type=int, default=3, help="runs per mode, interleaved; the median is printed")
    parser.add_argument("--json-out", metavar="FILE", help="also append the JSON lines to FILE")
    parser.add_argument("--compare-results-per-s", type=float, metavar="X",
                        help="the coordinator's trials/s (SweepBench's lease loop: lease 1 slot, post its "
                             "result); prints 'coordinator vs optuna MODE: Nx' per mode")
    args = parser.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    bad = [m for m in modes if m not in MODES]
    if bad or not modes:
        parser.error(f"--modes: unknown {', '.join(bad) or '(none given)'}; allowed: {', '.join(MODES)}")
    if args.points < 1:
        parser.error(f"--points must be at least 1, got {args.points}")
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")
    if args.compare_results_per_s is not None and not args.compare_results_per_s > 0:
        parser.error(f"--compare-results-per-s must be a positive number, got {args.compare_results_per_s}")

    quiet_optuna()
    load = os.getloadavg()[0]
    n_std, n_momentum = axes(args.points)
    log(f"optuna {optuna.__version__}: GridSampler over {args.points} points ({n_std} x {n_momentum}), "
        f"modes {', '.join(modes)}, {args.repeats} round(s); load average {load:.2f} at start")
    runs = {m: [] for m in modes}
    try:
        for r in range(args.repeats):
            for mode in modes:
                run = run_two_processes(args.points) if mode == "sqlite-2p" else run_one_process(mode, args.points)
                runs[mode].append(run)
                log(f"optuna {mode} round {r + 1}/{args.repeats}: {run[2]} trials in {run[1]:.2f} s "
                    f"(setup {run[0]:.2f} s, {run[3]} duplicates)")
    except BenchError as e:
        log(f"optuna_grid: FAILED: {e}")
        sys.exit(1)

    lines = [json.dumps(summary(m, args.points, runs[m], load)) for m in modes]
    for line in lines:
        print(line, flush=True)
    if args.json_out:
        with open(args.json_out, "a") as f:
            f.writelines(line + "\n" for line in lines)
    if args.compare_results_per_s is not None:
        for line in lines:
            s = json.loads(line)
            # Grid points per second: a duplicate trial is no extra result.
            print(f"coordinator vs optuna {s['mode']}: {args.compare_results_per_s / s['points_per_s']:.1f}x "
                  f"({args.compare_results_per_s:.0f} vs {s['points_per_s']:.1f} trials/s)", flush=True)


if __name__ == "__main__":
    main()
