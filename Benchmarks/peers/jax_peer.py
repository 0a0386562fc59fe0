"""Workload W (and small, large) in JAX on the CPU, three ways a researcher would write it.

  jit-step:  one training step under jax.jit, called from a Python loop (batch indices from a
             numpy permutation per epoch, gathered inside the jitted step).
  jit-scan:  the whole 2,000-step run under one jax.jit: lax.scan over the steps, whose batch
             indices ([steps, 64], a numpy permutation per epoch) are passed in. (Drawing the
             permutations inside with jax.random.permutation measured ~12% slower here.)
  vmap:      jax.jit(jax.vmap(the whole run)) over `--seeds` trials.

Compilation is done ahead of time (jit(...).lower(...).compile()), timed and reported as
compile_seconds, and kept out of the timed phase.

    .venv-peers/bin/python Benchmarks/peers/jax_peer.py --variant jit-scan --workload W --threads 1
prints one JSON line (see harness.emit).
"""
import time

import harness
import workload

args = harness.parse_args("jax", ["jit-step", "jit-scan", "vmap"], batched_variants=("vmap",))

import jax  # noqa: E402  (after the thread environment is set)
import jax.numpy as jnp  # noqa: E402
import jaxlib  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402

BATCH, N = workload.BATCH, workload.N_TRAIN


def predict(params, x):
    h = x
    for w, b in params[:-1]:
        h = jax.nn.relu(h @ w + b)
    w, b = params[-1]
    return h @ w + b


def loss(params, x, y):
    return jnp.mean((predict(params, x) - y) ** 2)


def sgd_step(params, velocity, xb, yb):
    """Heavy ball, PyTorch form: v <- beta v + g; theta <- theta - lr v."""
    grads = jax.grad(loss)(params, xb, yb)
    velocity = jax.tree.map(lambda v, g: workload.MOMENTUM * v + g, velocity, grads)
    params = jax.tree.map(lambda p, v: p - workload.LR * v, params, velocity)
    return params, velocity


def whole_run(params, x, y, idx):
    """The steps of idx [steps, batch] (the batches' sample indices) under one lax.scan;
    returns (initial MSE, final MSE)."""
    def step(carry, i):
        return sgd_step(carry[0], carry[1], x[i], y[i]), None

    carry, _ = lax.scan(step, (params, jax.tree.map(jnp.zeros_like, params)), idx)
    return loss(params, x, y), loss(carry[0], x, y)


def host_trial(seed):
    x, y = workload.teacher_data(seed)
    params = [(jnp.asarray(w), jnp.asarray(b)) for w, b in workload.he_init(seed, args.width, args.depth)]
    return params, jnp.asarray(x), jnp.asarray(y)


def whole_trial(seed):
    return (*host_trial(seed), jnp.asarray(workload.batch_indices(seed, args.steps)))


def stacked_trials(first_seed):
    seeds = range(first_seed, first_seed + args.seeds)
    data = [workload.teacher_data(s) for s in seeds]
    inits = [workload.he_init(s, args.width, args.depth) for s in seeds]
    params = [(jnp.asarray(np.stack([p[l][0] for p in inits])), jnp.asarray(np.stack([p[l][1] for p in inits])))
              for l in range(len(inits[0]))]
    idx = np.stack([workload.batch_indices(s, args.steps) for s in seeds])
    return (params, jnp.asarray(np.stack([d[0] for d in data])), jnp.asarray(np.stack([d[1] for d in data])),
            jnp.asarray(idx))


t0 = time.perf_counter()
if args.variant == "jit-step":
    def indexed_step(params, velocity, x, y, idx):
        return sgd_step(params, velocity, x[idx], y[idx])

    params, x, y = host_trial(10_000)
    step = jax.jit(indexed_step).lower(params, jax.tree.map(jnp.zeros_like, params), x, y,
                                       np.zeros(BATCH, dtype=np.int32)).compile()
    mse = jax.jit(loss).lower(params, x, y).compile()
elif args.variant == "jit-scan":
    run_compiled = jax.jit(whole_run).lower(*whole_trial(10_000)).compile()
else:
    run_compiled = jax.jit(jax.vmap(whole_run)).lower(*stacked_trials(10_000)).compile()
compile_seconds = time.perf_counter() - t0


def train_step_loop(seed, steps):
    params, x, y = host_trial(seed)
    velocity = jax.tree.map(jnp.zeros_like, params)
    init = mse(params, x, y)
    rng = workload.batch_order(seed)
    position, order = N, None
    for _ in range(steps):
        if position >= N:
            order = rng.permutation(N).astype(np.int32)
            position = 0
        params, velocity = step(params, velocity, x, y, order[position:position + BATCH])
        position += BATCH
    return float(init), float(mse(params, x, y))


inits = []


def run(seed):
    if args.variant == "jit-step":
        init, final = train_step_loop(seed, args.steps)
        inits.append(init)
        return [final]
    if args.variant == "jit-scan":
        init, final = run_compiled(*whole_trial(seed))
        inits.append(float(init))
        return [float(final)]
    init, final = run_compiled(*stacked_trials(seed))
    inits.extend(np.asarray(init).tolist())
    return np.asarray(final).tolist()


t0 = time.perf_counter()
# Warm-up: the jit-step loop runs 200 steps; the whole-run variants are already compiled, and
# one untimed execution of them would cost a full trial (64 for vmap), so they run none.
if args.variant == "jit-step":
    train_step_loop(10_000, min(args.steps, 200))
warmup = time.perf_counter() - t0
inits.clear()
timed = harness.timed_runs(args, run)
harness.emit(args, "jax", timed, compile_seconds, sum(inits) / len(inits),
             {"jax": jax.__version__, "jaxlib": jaxlib.__version__, "numpy": np.__version__},
             {"warmup_seconds": warmup})
