"""The training workloads of the performance issue, as ReLUSweep's core trains them.

Teacher data d=4 (x ~ N(0, I); y from a random ReLU teacher 4->32->32->1 with N(0, 0.5^2)
hidden biases; inputs standardized per feature, targets standardized, both with population
statistics), 1024 train samples; an mlp of `depth` hidden ReLU layers of `width` units and a
linear output; He-normal weights (std sqrt(2/fan_in), output layer included), zero biases; loss
mean((f - y)^2); heavy ball in PyTorch's form (v <- 0.9 v + g; theta <- theta - lr v), lr 1e-3;
mini-batches of 64 drawn by a fresh permutation per epoch; 2,000 steps.

The random numbers differ from ReLUSweep's own generator (each tool seeds its own), so the
numbers agree in distribution, not bit for bit; the shapes, hence the FLOPs, are identical.
"""
import math

INPUT_DIM = 4
TEACHER_WIDTH = 32
N_TRAIN = 1024
BATCH = 64
LR = 1e-3
MOMENTUM = 0.9
STEPS = 2000

# name -> (width, depth)
WORKLOADS = {"W": (64, 4), "small": (16, 2), "large": (256, 8)}


def layer_shapes(width, depth, input_dim=INPUT_DIM):
    """(fan_in, fan_out) of every matmul layer, input to output."""
    dims = [input_dim] + [width] * depth + [1]
    return list(zip(dims[:-1], dims[1:]))


def flops_per_step(width, depth, batch=BATCH, input_dim=INPUT_DIM):
    """FLOPs of one training step, the one count every tool in the table uses.

    Each matrix product of m x k by k x n counts 2*m*n*k. Per layer l (fan_in a_l, fan_out b_l,
    batch B): forward 2*B*a_l*b_l, weight gradient 2*B*a_l*b_l, input gradient 2*B*a_l*b_l for
    every layer but the first (nothing needs the gradient of the data). So

        flops_per_step = 2*B*(3*sum_l a_l*b_l - a_0*b_0)

    Biases, ReLU, the loss, batch gathering and the optimizer update are not counted (they are
    O(parameters) or O(B*width), small next to the products for these shapes).
    W (width 64, depth 4): 4,808,704 per step, 9.62 GFLOP per 2,000-step trial.
    """
    shapes = layer_shapes(width, depth, input_dim)
    total = sum(a * b for a, b in shapes)
    first = shapes[0][0] * shapes[0][1]
    return 2 * batch * (3 * total - first)


def teacher_data(seed, n=N_TRAIN, input_dim=INPUT_DIM):
    """Standardized (x [n, d], y [n, 1]) float32 arrays of the `teacher` data set."""
    import numpy as np  # here, not at the top: harness sets the thread variables first

    rng = np.random.default_rng([seed, 1])
    x = rng.standard_normal((n, input_dim))
    h = x
    for fan_out in (TEACHER_WIDTH, TEACHER_WIDTH):
        fan_in = h.shape[1]
        w = rng.standard_normal((fan_in, fan_out)) * math.sqrt(2.0 / fan_in)
        b = rng.standard_normal(fan_out) * 0.5
        h = np.maximum(h @ w + b, 0.0)
    w = rng.standard_normal((TEACHER_WIDTH, 1)) * math.sqrt(2.0 / TEACHER_WIDTH)
    y = h @ w
    std = x.std(axis=0)
    x = (x - x.mean(axis=0)) / np.where(std > 0, std, 1.0)
    y_std = y.std()
    y = (y - y.mean()) / (y_std if y_std > 0 else 1.0)
    return x.astype(np.float32), y.astype(np.float32)


def he_init(seed, width, depth, input_dim=INPUT_DIM):
    """[(W [fan_in, fan_out], b [fan_out])] float32, He-normal weights and zero biases."""
    import numpy as np

    rng = np.random.default_rng([seed, 2])
    params = []
    for fan_in, fan_out in layer_shapes(width, depth, input_dim):
        w = rng.standard_normal((fan_in, fan_out)) * math.sqrt(2.0 / fan_in)
        params.append((w.astype(np.float32), np.zeros(fan_out, dtype=np.float32)))
    return params


def batch_order(seed):
    """The generator of a trial's per-epoch permutations (numpy-based tools)."""
    import numpy as np

    return np.random.default_rng([seed, 3])


def batch_indices(seed, steps, n=N_TRAIN, batch=BATCH):
    """int32 [steps, batch]: the sample indices of every step, drawn as the numpy loop draws
    them (a fresh permutation of batch_order(seed) per epoch, consecutive chunks of it), for
    tools that take the whole run's batches at once. Needs n % batch == 0 (1024 / 64)."""
    import numpy as np

    assert n % batch == 0, "fixed-shape batches need n divisible by the batch size"
    per_epoch = n // batch
    rng = batch_order(seed)
    epochs = -(-steps // per_epoch)
    order = np.concatenate([rng.permutation(n) for _ in range(epochs)])
    return order[:steps * batch].reshape(steps, batch).astype(np.int32)
