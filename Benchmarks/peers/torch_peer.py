"""Workload W (and small, large) in PyTorch on the CPU, two ways a researcher would write it.

  loop:  nn.Sequential + torch.optim.SGD(momentum=0.9) + F.mse_loss, one trial, a Python loop.
  bmm:   `--seeds` trials stacked: weights [S, fan_in, fan_out], torch.baddbmm per layer,
         per-seed batch permutations, one SGD optimizer over the stacked tensors (the update is
         elementwise, so each seed follows its own heavy-ball trajectory).

    .venv-peers/bin/python Benchmarks/peers/torch_peer.py --variant loop --workload W --threads 1
prints one JSON line (see harness.emit).
"""
import time

import harness
import workload

args = harness.parse_args("torch", ["loop", "bmm"], batched_variants=("bmm",))

import numpy as np  # noqa: E402  (after the thread environment is set)
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(args.threads)
torch.set_num_interop_threads(1)


def train_loop(seed, steps):
    """One trial with nn.Sequential; returns (initial train MSE, final train MSE)."""
    x_np, y_np = workload.teacher_data(seed)
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
    torch.manual_seed(seed)
    layers = []
    fan_in = workload.INPUT_DIM
    for _ in range(args.depth):
        layers += [torch.nn.Linear(fan_in, args.width), torch.nn.ReLU()]
        fan_in = args.width
    layers.append(torch.nn.Linear(fan_in, 1))
    model = torch.nn.Sequential(*layers)
    for m in model:
        if isinstance(m, torch.nn.Linear):
            # std sqrt(2/fan_in) for every layer, the output layer included, as ReLUSweep does.
            torch.nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            torch.nn.init.zeros_(m.bias)
    opt = torch.optim.SGD(model.parameters(), lr=workload.LR, momentum=workload.MOMENTUM)
    with torch.no_grad():
        init = F.mse_loss(model(x), y).item()
    g = torch.Generator().manual_seed(seed)
    n, batch = len(x), workload.BATCH
    position, order = n, None
    for _ in range(steps):
        if position >= n:
            order = torch.randperm(n, generator=g)
            position = 0
        idx = order[position:position + batch]
        position += batch
        loss = F.mse_loss(model(x[idx]), y[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    with torch.no_grad():
        return init, F.mse_loss(model(x), y).item()


def stacked_forward(params, h):
    for w, b in params[:-1]:
        h = torch.relu(torch.baddbmm(b, h, w))
    w, b = params[-1]
    return torch.baddbmm(b, h, w)


def train_bmm(first_seed, steps):
    """`args.seeds` trials at once; returns (initial MSE per seed, final MSE per seed)."""
    seeds = range(first_seed, first_seed + args.seeds)
    data = [workload.teacher_data(s) for s in seeds]
    x = torch.from_numpy(np.stack([d[0] for d in data]))  # [S, n, d]
    y = torch.from_numpy(np.stack([d[1] for d in data]))  # [S, n, 1]
    inits = [workload.he_init(s, args.width, args.depth) for s in seeds]
    params = []
    for l in range(len(inits[0])):
        w = torch.from_numpy(np.stack([p[l][0] for p in inits])).requires_grad_()
        b = torch.from_numpy(np.stack([p[l][1] for p in inits]))[:, None, :].requires_grad_()
        params.append((w, b))
    opt = torch.optim.SGD([t for wb in params for t in wb], lr=workload.LR, momentum=workload.MOMENTUM)
    with torch.no_grad():
        init = ((stacked_forward(params, x) - y) ** 2).mean(dim=(1, 2))
    g = torch.Generator().manual_seed(first_seed)
    s_count, n, d, batch = x.shape[0], x.shape[1], x.shape[2], workload.BATCH
    position, order = n, None
    for _ in range(steps):
        if position >= n:
            order = torch.argsort(torch.rand(s_count, n, generator=g), dim=1)  # a permutation per seed
            position = 0
        idx = order[:, position:position + batch]
        position += batch
        xb = torch.gather(x, 1, idx[:, :, None].expand(-1, -1, d))
        yb = torch.gather(y, 1, idx[:, :, None])
        # Sum over seeds of each seed's mean: every seed gets exactly its own MSE gradient.
        loss = ((stacked_forward(params, xb) - yb) ** 2).mean(dim=(1, 2)).sum()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    with torch.no_grad():
        final = ((stacked_forward(params, x) - y) ** 2).mean(dim=(1, 2))
    return init.tolist(), final.tolist()


inits = []


def run(seed):
    if args.variant == "loop":
        init, final = train_loop(seed, args.steps)
        inits.append(init)
        return [final]
    init, final = train_bmm(seed, args.steps)
    inits.extend(init)
    return final


t0 = time.perf_counter()
# Warm-up: thread pools, allocator, oneDNN/MKL kernel selection.
if args.variant == "loop":
    train_loop(10_000, min(args.steps, 200))
else:
    train_bmm(10_000, min(args.steps, 50))
warmup = time.perf_counter() - t0
timed = harness.timed_runs(args, run)
harness.emit(args, "pytorch", timed, None, sum(inits) / len(inits),
             {"torch": torch.__version__, "numpy": np.__version__},
             {"warmup_seconds": warmup, "torch_threads": torch.get_num_threads()})
