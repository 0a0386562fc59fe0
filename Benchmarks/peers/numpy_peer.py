"""Workload W (and small, large) in plain numpy: forward, hand-written backward, heavy ball.

    .venv-peers/bin/python Benchmarks/peers/numpy_peer.py --workload W --threads 1
prints one JSON line (see harness.emit).
"""
import time

import harness
import workload

args = harness.parse_args("numpy", ["loop"])

import numpy as np  # noqa: E402  (after the thread environment is set)


def mse(params, x, y):
    h = x
    for w, b in params[:-1]:
        h = np.maximum(h @ w + b, 0.0)
    w, b = params[-1]
    return float(np.mean((h @ w + b - y) ** 2))


def train(seed, steps):
    """One trial; returns (initial train MSE, final train MSE)."""
    x, y = workload.teacher_data(seed)
    params = [[w, b] for w, b in workload.he_init(seed, args.width, args.depth)]
    velocity = [[np.zeros_like(w), np.zeros_like(b)] for w, b in params]
    init = mse(params, x, y)
    rng = workload.batch_order(seed)
    n, batch, lr, beta = len(x), workload.BATCH, workload.LR, workload.MOMENTUM
    position, order = n, None
    layers = len(params)
    for _ in range(steps):
        if position >= n:
            order = rng.permutation(n)
            position = 0
        idx = order[position:position + batch]
        position += batch
        xb, yb = x[idx], y[idx]
        # Forward, keeping each layer's input.
        inputs = [xb]
        h = xb
        for w, b in params[:-1]:
            h = h @ w
            h += b
            np.maximum(h, 0.0, out=h)
            inputs.append(h)
        w, b = params[-1]
        delta = h @ w + b
        delta -= yb
        delta *= np.float32(2.0 / len(idx))  # d mean((f-y)^2) / df
        # Backward and update, layer by layer from the output.
        for l in range(layers - 1, -1, -1):
            a = inputs[l]
            grad_w = a.T @ delta
            grad_b = delta.sum(axis=0)
            if l > 0:
                delta = delta @ params[l][0].T  # uses W_l before its update
                delta *= inputs[l] > 0
            for p, v, g in zip(params[l], velocity[l], (grad_w, grad_b)):
                v *= beta
                v += g
                p -= np.float32(lr) * v
    return init, mse(params, x, y)


t0 = time.perf_counter()
train(10_000, min(args.steps, 200))  # warm-up: BLAS thread pool, allocator, caches
warmup = time.perf_counter() - t0
inits = []


def run(seed):
    init, final = train(seed, args.steps)
    inits.append(init)
    return [final]


timed = harness.timed_runs(args, run)
harness.emit(args, "numpy", timed, None, sum(inits) / len(inits),
             {"numpy": np.__version__, "blas": harness.blas_info()}, {"warmup_seconds": warmup})
