#!/usr/bin/python3
"""Writes every reference value LossLandscape's tests compare against, from numpy, scikit-learn and PyTorch.

    /usr/bin/python3 scripts/references/make_references.py [--out DIR] [--compare DIR]

Needs Debian's python3-numpy, python3-sklearn and python3-torch (the committed files were made with numpy 1.24,
scikit-learn 1.2 and PyTorch 1.13). It writes into DIR (default tests/reference/ in this repository):

- seed-data.json      the seed experiment's data: x and noise drawn by numpy's legacy RandomState(42), the target y,
                      and scikit-learn's train_test_split(test_size=0.2, random_state=42) indices.
- seed-surface.json   the float64 test MSE over the (w1, w2) grid np.arange(-2, 2, 0.05) squared, and PyTorch's float32
                      SGD path from (-1, -1) without shuffling (w1, w2, test MSE at the start and after each epoch).
- optimizers.json     every optimizer and learning-rate schedule case trained by PyTorch in float32 (as PyTorch users
                      run it); optimizers-float64.json the same cases with a float64 model and data, which tells the
                      float32 rounding apart from the optimizer's own behaviour.
- mlp.json            multi-layer networks: directions and their normalisations, loss grids, float64 and float32
                      training, PCA directions, a line between start and end, and full Hessians (see mlp_cases).

--compare DIR reads the same-named files in DIR and prints, for every file, whether each value equals ours.
All numbers are written in shortest round-trip form (Python's float repr), so the files reproduce the doubles exactly.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch

SEED = 42
SAMPLES = 10_000
TEST_FRACTION = 0.2
BATCH = 32
START = (-1.0, -1.0)


# ---------------------------------------------------------------------------------------------------------------
# The seed experiment's data: x ~ N(1, 4.5), a piecewise target plus N(0, 1) noise, an 80/20 split.

def seed_target(x):
    """The article's target without noise. Each piece is evaluated on its own points only, as np.piecewise does, so
    that numpy's vectorised sin sees the same arrays and gives the same bits."""
    out = np.zeros_like(x)
    low, high = x < -2, x >= 2
    middle = ~low & ~high
    out[low] = 2 * x[low] + 5
    out[middle] = 7.3 * np.sin(x[middle])
    out[high] = -0.03 * x[high] ** 3 + 2
    return out


def seed_data():
    rng = np.random.RandomState(SEED)
    x = rng.normal(1.0, 4.5, SAMPLES)
    noise = rng.normal(0.0, 1.0, SAMPLES)
    y = seed_target(x) + noise
    from sklearn.model_selection import train_test_split  # here, so the module loads without scikit-learn
    train, test = train_test_split(np.arange(SAMPLES), test_size=TEST_FRACTION, random_state=SEED)
    return dict(x=x, noise=noise, y=y, train_idx=train, test_idx=test)


def seed_surface(data):
    """Test MSE at every (w1, w2) of the grid, in float64 over all test points (loss[i][j] at w1 = grid[i],
    w2 = grid[j]). The mean is numpy's pairwise sum along the sample axis."""
    grid = np.arange(-2.0, 2.0, 0.05)
    x, y = data["x"][data["test_idx"]], data["y"][data["test_idx"]]
    hidden = np.tanh(np.outer(grid, x))                        # [w1 index, sample]
    outputs = grid[None, :, None] * hidden[:, None, :]         # [w1 index, w2 index, sample]
    loss = ((outputs - y[None, None, :]) ** 2).mean(axis=2)
    return grid, loss


def tensors(data, dtype):
    """Training and test sets as (n, 1) tensors, training rows in the split's order."""
    def column(values):
        return torch.tensor(values, dtype=dtype).reshape(-1, 1)

    train, test = data["train_idx"], data["test_idx"]
    return column(data["x"][train]), column(data["y"][train]), column(data["x"][test]), column(data["y"][test])


def seed_network(dtype):
    """The article's 1 -> 1 -> 1 tanh network without biases, both weights at the start point."""
    net = torch.nn.Sequential(torch.nn.Linear(1, 1, bias=False), torch.nn.Tanh(), torch.nn.Linear(1, 1, bias=False))
    net = net.to(dtype)
    with torch.no_grad():
        net[0].weight.fill_(START[0])
        net[2].weight.fill_(START[1])
    return net


def seed_trajectory(data, epochs=25, lr=0.01):
    """PyTorch's float32 minibatch SGD without shuffling: (w1, w2, test MSE) at the start and after each epoch."""
    x_train, y_train, x_test, y_test = tensors(data, torch.float32)
    net = seed_network(torch.float32)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    mse = torch.nn.MSELoss()

    def record():
        with torch.no_grad():
            return [net[0].weight.item(), net[2].weight.item(), mse(net(x_test), y_test).item()]

    path = [record()]
    for _ in range(epochs):
        for begin in range(0, len(x_train), BATCH):
            optimizer.zero_grad()
            mse(net(x_train[begin:begin + BATCH]), y_train[begin:begin + BATCH]).backward()
            if clip is not None:
                torch.nn.utils.clip_grad_norm_(net.parameters(), clip)
            optimizer.step()
        path.append(record())
    return path


# ---------------------------------------------------------------------------------------------------------------
# Optimizers and schedules on the seed network: five epochs, no shuffling, from (-1, -1).

OPTIMIZER_EPOCHS = 5

# (case name, torch.optim class, its keyword arguments, (lr_scheduler class, its keyword arguments) or None)
OPTIMIZER_CASES = [
    ("sgd", "SGD", dict(lr=0.01), None),
    ("momentum", "SGD", dict(lr=0.01, momentum=0.9), None),
    ("momentum-dampening", "SGD", dict(lr=0.01, momentum=0.9, dampening=0.5), None),
    ("nesterov", "SGD", dict(lr=0.01, momentum=0.9, nesterov=True), None),
    ("sgd-weight-decay", "SGD", dict(lr=0.01, weight_decay=0.1), None),
    ("adam", "Adam", dict(lr=0.01), None),
    ("adam-betas", "Adam", dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6), None),
    ("adam-amsgrad", "Adam", dict(lr=0.01, amsgrad=True), None),
    ("adam-weight-decay", "Adam", dict(lr=0.01, weight_decay=0.1), None),
    ("adamw", "AdamW", dict(lr=0.01, weight_decay=0.1), None),
    ("rmsprop", "RMSprop", dict(lr=0.01), None),
    ("rmsprop-momentum-centered", "RMSprop", dict(lr=0.001, alpha=0.9, momentum=0.5, centered=True), None),
    ("adagrad", "Adagrad", dict(lr=0.1), None),
    ("adagrad-decay", "Adagrad", dict(lr=0.1, lr_decay=0.001, initial_accumulator_value=0.1), None),
    ("sgd-steplr", "SGD", dict(lr=0.05), ("StepLR", dict(step_size=2, gamma=0.5))),
    ("sgd-exponentiallr", "SGD", dict(lr=0.05), ("ExponentialLR", dict(gamma=0.7))),
    ("sgd-cosine", "SGD", dict(lr=0.05), ("CosineAnnealingLR", dict(T_max=4, eta_min=0.001))),
]


def optimizer_case(data, dtype, name, optimizer_name, options, schedule):
    x_train, y_train, x_test, y_test = tensors(data, dtype)
    net = seed_network(dtype)
    # clip_grad_norm is not the optimizer's: torch.nn.utils.clip_grad_norm_ scales the whole gradient before each step.
    clip = options.get("clip_grad_norm")
    optimizer = getattr(torch.optim, optimizer_name)(net.parameters(), **{k: v for k, v in options.items() if k != "clip_grad_norm"})
    scheduler = getattr(torch.optim.lr_scheduler, schedule[0])(optimizer, **schedule[1]) if schedule else None
    mse = torch.nn.MSELoss()
    records, steps, rates = [], [], []

    def record():
        with torch.no_grad():
            records.append([net[0].weight.item(), net[2].weight.item(),
                            mse(net(x_test), y_test).item(), mse(net(x_train), y_train).item()])

    record()
    for _ in range(OPTIMIZER_EPOCHS):
        rates.append(optimizer.param_groups[0]["lr"])
        for begin in range(0, len(x_train), BATCH):
            optimizer.zero_grad()
            mse(net(x_train[begin:begin + BATCH]), y_train[begin:begin + BATCH]).backward()
            if clip is not None:
                torch.nn.utils.clip_grad_norm_(net.parameters(), clip)
            optimizer.step()
            if len(steps) < 20:
                steps.append([net[0].weight.item(), net[2].weight.item()])
        if scheduler is not None:
            scheduler.step()
        record()
    return dict(name=name, optimizer=optimizer_name,
                options={key: list(value) if isinstance(value, tuple) else value for key, value in options.items()},
                schedule=dict(kind=schedule[0], **schedule[1]) if schedule else None,
                records=records, steps=steps, lrs=rates)


def optimizers(data, dtype):
    return dict(
        args=dict(seed=SEED, n=SAMPLES, epochs=OPTIMIZER_EPOCHS, batch=BATCH),
        dtype=str(dtype).removeprefix("torch."),
        note="record 0 is the start; then one record after each epoch; steps holds the weights after each of the first "
             "20 steps; lrs is the learning rate used in each epoch",
        cases=[optimizer_case(data, dtype, *case) for case in OPTIMIZER_CASES])


# ---------------------------------------------------------------------------------------------------------------
# Multi-layer networks. Parameters are one flat vector in the order of nn.Sequential(Linear, act, ..., Linear)
# .parameters(): each layer's weight (out x in, row-major), then its bias when biases are on.

MLP_CASES = [
    # name, layer widths, activation, biases, numpy seed for the start and directions, SGD learning rate, epochs
    ("tanh-8-bias", [1, 8, 1], "tanh", True, 1, 0.001, 6),
    ("relu-16-16-bias", [1, 16, 16, 1], "relu", True, 2, 0.0005, 6),
    ("gelu-4-4-nobias", [1, 4, 4, 1], "gelu", False, 3, 0.001, 6),
    ("sigmoid-8-bias", [1, 8, 1], "sigmoid", True, 4, 0.002, 6),
]

ACTIVATIONS = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid, "gelu": torch.nn.GELU}


def mlp(widths, activation, bias, dtype=torch.float64):
    layers = []
    for k in range(len(widths) - 1):
        if k > 0:
            layers.append(ACTIVATIONS[activation]())
        layers.append(torch.nn.Linear(widths[k], widths[k + 1], bias=bias, dtype=dtype))
    return torch.nn.Sequential(*layers)


def load_flat(net, flat):
    flat = torch.as_tensor(np.asarray(flat, dtype=np.float64))
    offset = 0
    with torch.no_grad():
        for parameter in net.parameters():
            count = parameter.numel()
            parameter.copy_(flat[offset:offset + count].view_as(parameter))
            offset += count


def read_flat(net):
    return torch.cat([p.detach().reshape(-1) for p in net.parameters()]).numpy().astype(np.float64)


def pieces(flat, shapes):
    """The flat vector cut into one array per parameter tensor."""
    out, offset = [], 0
    for shape in shapes:
        count = int(np.prod(shape))
        out.append(np.array(flat[offset:offset + count]).reshape(shape))
        offset += count
    return out


def normalized(direction, theta, shapes, scope, biases):
    """A direction scaled to the centre's size, per neuron (filter: one row of a weight matrix), per weight matrix
    (layer), over all weight matrices together (model) or not at all (none). Bias entries are zeroed (ignore) or set
    to the centre's own biases (keep)."""
    d_parts, t_parts = pieces(direction, shapes), pieces(theta, shapes)
    weight_norm = math.sqrt(sum(float((t ** 2).sum()) for t in t_parts if t.ndim > 1))
    direction_norm = math.sqrt(sum(float((d ** 2).sum()) for d in d_parts if d.ndim > 1))
    out = []
    for d, t in zip(d_parts, t_parts):
        d = d.copy()
        if d.ndim <= 1:
            d = np.zeros_like(d) if biases == "ignore" else t.copy()
        elif scope == "filter":
            for row in range(d.shape[0]):
                d[row] *= np.linalg.norm(t[row]) / (np.linalg.norm(d[row]) + 1e-10)
        elif scope == "layer":
            d *= np.linalg.norm(t) / np.linalg.norm(d)
        elif scope == "model":
            d *= weight_norm / direction_norm
        out.append(d.reshape(-1))
    return np.concatenate(out)


def mse_at(net, flat, x, y):
    load_flat(net, flat)
    with torch.no_grad():
        return float(((net(x) - y) ** 2).mean())


def sgd_path(widths, activation, bias, start, x, y, lr, epochs, dtype):
    """Minibatch SGD without shuffling: the parameters at the start and after each epoch, and at the start and after
    each of the first 20 steps."""
    net = mlp(widths, activation, bias).to(dtype)
    load_flat(net, start)
    x, y = x.to(dtype), y.to(dtype)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    epochs_out, steps_out = [read_flat(net)], [read_flat(net)]
    for _ in range(epochs):
        for begin in range(0, len(x), BATCH):
            optimizer.zero_grad()
            ((net(x[begin:begin + BATCH]) - y[begin:begin + BATCH]) ** 2).mean().backward()
            optimizer.step()
            if len(steps_out) <= 20:
                steps_out.append(read_flat(net))
        epochs_out.append(read_flat(net))
    return epochs_out, steps_out


def pca_plane(records, centre, shapes):
    """sklearn's first two principal components of (record - centre) with bias entries zeroed, each scaled to unit
    length and signed so that the start has a non-positive coordinate."""
    is_bias = np.concatenate([np.full(int(np.prod(shape)), len(shape) <= 1) for shape in shapes])
    moves = np.array([r - centre for r in records])
    moves[:, is_bias] = 0.0
    from sklearn.decomposition import PCA
    pca = PCA(n_components=2).fit(moves)
    directions = []
    for component in pca.components_[:2]:
        d = component / np.linalg.norm(component)
        if float((records[0] - centre) @ d) > 0:
            d = -d
        directions.append(d)
    return directions, pca.explained_variance_ratio_.tolist()


def projection(v, d1, d2):
    """Least-squares coordinates (a, b) of v on the plane of d1 and d2, and v's distance to that plane."""
    basis = np.stack([d1, d2], axis=1)
    ab, *_ = np.linalg.lstsq(basis, v, rcond=None)
    return float(ab[0]), float(ab[1]), float(np.linalg.norm(v - basis @ ab))


def hessian_summary(widths, activation, bias, theta, x, y):
    """The full Hessian of the MSE by automatic differentiation: every eigenvalue ascending, the trace, top, bottom."""
    net = mlp(widths, activation, bias)
    named = [(name, tuple(p.shape)) for name, p in net.named_parameters()]

    def loss(flat):
        tensors_by_name, offset = {}, 0
        for name, shape in named:
            count = int(np.prod(shape))
            tensors_by_name[name] = flat[offset:offset + count].view(shape)
            offset += count
        return ((torch.nn.utils.stateless.functional_call(net, tensors_by_name, (x,)) - y) ** 2).mean()

    h = torch.autograd.functional.hessian(loss, torch.tensor(theta)).numpy()
    eigenvalues = np.linalg.eigvalsh((h + h.T) / 2)
    return dict(eigenvalues=eigenvalues.tolist(), trace=float(np.trace(h)),
                top=float(eigenvalues[-1]), bottom=float(eigenvalues[0]))


def mlp_case(name, widths, activation, bias, seed, lr, epochs, sets):
    x_test, y_test, x_train, y_train = sets
    net = mlp(widths, activation, bias)
    shapes = [tuple(p.shape) for p in net.parameters()]
    count = sum(int(np.prod(shape)) for shape in shapes)
    rng = np.random.RandomState(seed)
    # PyTorch's default bounds U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn with numpy so that any language can redo it;
    # a bias takes its layer's fan-in, the width of the weight before it.
    start = np.concatenate([
        rng.uniform(-1, 1, int(np.prod(shape))) / math.sqrt(shape[1] if len(shape) == 2 else shapes[k - 1][1])
        for k, shape in enumerate(shapes)])
    d1_raw, d2_raw = rng.normal(size=count), rng.normal(size=count)

    path64, steps64 = sgd_path(widths, activation, bias, start, x_train, y_train, lr, epochs, torch.float64)
    path32, _ = sgd_path(widths, activation, bias, start, x_train, y_train, lr, epochs, torch.float32)
    theta = path64[-1]

    directions = {scope: {biases: [normalized(d, theta, shapes, scope, biases).tolist() for d in (d1_raw, d2_raw)]
                          for biases in ("ignore", "keep")}
                  for scope in ("filter", "layer", "model", "none")}
    d1, d2 = (np.array(d) for d in directions["filter"]["ignore"])
    grid_a, grid_b = np.arange(-1.0, 1.0001, 0.25), np.arange(-1.0, 1.0001, 0.5)
    test_grid = [[mse_at(net, theta + a * d1 + b * d2, x_test, y_test) for b in grid_b] for a in grid_a]
    train_grid = [[mse_at(net, theta + a * d1 + b * d2, x_train, y_train) for b in grid_b] for a in grid_a]

    (p1, p2), explained = pca_plane(path64, theta, shapes)
    projected = []
    for r in path64:
        a, b, distance = projection(r - theta, p1, p2)
        projected.append(dict(a=a, b=b, distance=distance, test_loss=mse_at(net, r, x_test, y_test),
                              surface_loss=mse_at(net, theta + a * p1 + b * p2, x_test, y_test)))

    line = []
    for alpha in np.arange(-0.5, 1.5001, 0.25):
        point = (1 - alpha) * start + alpha * theta
        line.append(dict(alpha=float(alpha), test_loss=mse_at(net, point, x_test, y_test),
                         train_loss=mse_at(net, point, x_train, y_train)))

    return dict(
        name=name, layers=widths, activation=activation, bias=bias, lr=lr, epochs=epochs, batch_size=BATCH,
        parameter_shapes=[list(shape) for shape in shapes], theta_init=start.tolist(), theta=theta.tolist(),
        d1_raw=d1_raw.tolist(), d2_raw=d2_raw.tolist(), normalized=directions,
        grid_a=grid_a.tolist(), grid_b=grid_b.tolist(), test_loss=test_grid, train_loss=train_grid,
        training_float64=[r.tolist() for r in path64], first_steps_float64=[r.tolist() for r in steps64],
        training_float32=[r.tolist() for r in path32],
        pca=dict(d1=p1.tolist(), d2=p2.tolist(), explained_variance_ratio=explained, records=projected), line=line,
        hessian_test_at_theta=hessian_summary(widths, activation, bias, theta, x_test, y_test),
        hessian_train_at_init=hessian_summary(widths, activation, bias, start, x_train, y_train))


def mlps(data):
    torch.set_default_dtype(torch.float64)
    try:
        train, test = data["train_idx"], data["test_idx"]

        def column(values):
            return torch.tensor(values).reshape(-1, 1)

        sets = (column(data["x"][test]), column(data["y"][test]), column(data["x"][train]), column(data["y"][train]))
        return dict(data="seed-data.json (x, y, test_idx, train_idx)", loss="mean squared error, float64",
                    cases=[mlp_case(*case, sets) for case in MLP_CASES])
    finally:
        torch.set_default_dtype(torch.float32)


# ---------------------------------------------------------------------------------------------------------------

def plain(value):
    """numpy arrays and scalars as JSON lists and numbers."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def write(directory, name, content):
    path = os.path.join(directory, name)
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as stream:
        json.dump(plain(content), stream, separators=(",", ":"), allow_nan=False)
        stream.write("\n")
    os.replace(temporary, path)
    print(f"{path}: {os.path.getsize(path) / 1024:.0f} KiB")


def differences(ours, theirs, where, out):
    """Every place where two JSON values differ; numbers must be equal as doubles."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in ours.keys() & theirs.keys():
            differences(ours[key], theirs[key], f"{where}.{key}", out)
    elif isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for k, (a, b) in enumerate(zip(ours, theirs)):
            differences(a, b, f"{where}[{k}]", out)
    elif isinstance(ours, (int, float)) and isinstance(theirs, (int, float)) and not isinstance(ours, bool):
        if float(ours) != float(theirs):
            out.append((where, ours, theirs))
    elif ours != theirs:
        out.append((where, ours, theirs))


def compare(ours_dir, theirs_dir):
    """Prints how our files agree with another folder's (the seed's two files against one seed-default.json)."""
    pairs = [("seed-data.json", "seed-default.json"), ("seed-surface.json", "seed-default.json"),
             ("optimizers.json", "optimizers.json"), ("mlp.json", "mlp.json"),
             ("optimizers-float64.json", "optimizers-float64.json")]
    for ours_name, theirs_name in pairs:
        theirs_path = os.path.join(theirs_dir, theirs_name)
        if not os.path.exists(theirs_path):
            print(f"{ours_name}: no {theirs_path}")
            continue
        with open(os.path.join(ours_dir, ours_name), encoding="utf-8") as a, open(theirs_path, encoding="utf-8") as b:
            ours, theirs = json.load(a), json.load(b)
        found = []
        differences(ours, theirs, "", found)
        shared_keys = sorted(ours.keys() & theirs.keys())
        if not found:
            print(f"{ours_name}: equal to {theirs_path} in every value of {', '.join(shared_keys)}")
            continue
        numeric = [(a, b) for _, a, b in found if isinstance(a, (int, float)) and isinstance(b, (int, float))]
        worst = max((abs(a - b) / max(abs(a), abs(b)) for a, b in numeric), default=0.0)
        print(f"{ours_name}: {len(found)} values differ from {theirs_path}; largest relative difference {worst:.2g}")
        for where, a, b in found[:5]:
            print(f"  {where}: ours {a!r}, theirs {b!r}")


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(root, "tests", "reference"), help="folder to write into")
    parser.add_argument("--compare", metavar="DIR", help="also compare the written files with DIR's")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(1)  # one thread: reductions in a fixed order

    data = seed_data()
    write(args.out, "seed-data.json", dict(
        about="numpy RandomState(42): x = normal(1, 4.5, 10000), then noise = normal(0, 1, 10000); y = target(x) + "
              "noise; scikit-learn train_test_split(arange(10000), test_size=0.2, random_state=42)",
        x=data["x"], noise=data["noise"], y=data["y"], test_idx=data["test_idx"], train_idx=data["train_idx"]))
    grid, loss = seed_surface(data)
    write(args.out, "seed-surface.json", dict(
        about="loss[i][j]: float64 test MSE at w1 = grid[i], w2 = grid[j]; trajectory_no_shuffle: PyTorch float32 "
              "SGD, lr 0.01, batch 32, training order as split, from (-1, -1): [w1, w2, test MSE] at the start and "
              "after each of 25 epochs",
        grid=grid, loss=loss, trajectory_no_shuffle=seed_trajectory(data)))
    write(args.out, "optimizers.json", optimizers(data, torch.float32))
    write(args.out, "optimizers-float64.json", optimizers(data, torch.float64))
    write(args.out, "mlp.json", mlps(data))
    if args.compare:
        compare(args.out, args.compare)
    return 0


if __name__ == "__main__":
    sys.exit(main())
