#!/usr/bin/env python3
"""PyTorch peer of the curvature benchmark (bench/LossLandscape.Benchmarks/CurvatureBenchmarks.cs).

λmax of a 1,32,32,1 tanh MLP with biases (1,153 parameters) at LossLandscape's seed-0 start (numpy
RandomState(0).uniform(-1, 1) / sqrt(fan_in), tensor by tensor in parameters() order) on the seed's 8,000
training points, float64, by power iteration on torch.autograd.functional.hvp as PyHessian does: stop when the
estimate changes by less than tol relative. Also reports the residual |Hv - λv| / |λ| at the stop, which is what
LossLandscape's Lanczos holds to the tolerance.

Run: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 scripts/hessian_peer.py --threads 2
"""
import argparse
import json
import pathlib
import platform
import time

import numpy as np
import torch

ROOT = pathlib.Path(__file__).resolve().parents[1]


def model_and_data(threads):
    torch.set_num_threads(threads)
    data = json.loads((ROOT / "tests" / "reference" / "seed-data.json").read_text())
    x = np.asarray(data["x"])
    y = np.asarray(data["y"])
    train = np.asarray(data["train_idx"])
    xt = torch.tensor(x[train], dtype=torch.float64).reshape(-1, 1)
    yt = torch.tensor(y[train], dtype=torch.float64).reshape(-1, 1)
    sizes = [1, 32, 32, 1]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1], dtype=torch.float64))
        if i + 2 < len(sizes):
            layers.append(torch.nn.Tanh())
    net = torch.nn.Sequential(*layers)
    rs = np.random.RandomState(0)
    named = [(name, p.shape) for name, p in net.named_parameters()]
    flat = []
    for name, p in net.named_parameters():
        fan_in = p.shape[1] if p.dim() == 2 else net[int(name.split(".")[0])].in_features
        flat.append(rs.uniform(-1, 1, p.numel()) / np.sqrt(fan_in))
    theta = torch.tensor(np.concatenate(flat), dtype=torch.float64)

    def loss(flat_theta):
        tensors, offset = {}, 0
        for name, shape in named:
            count = int(np.prod(shape))
            tensors[name] = flat_theta[offset:offset + count].view(shape)
            offset += count
        return ((torch.func.functional_call(net, tensors, (xt,)) - yt) ** 2).mean()

    return loss, theta


def lambda_max(loss, theta, tol, seed=0):
    generator = torch.Generator().manual_seed(seed)
    v = torch.randn(theta.numel(), dtype=torch.float64, generator=generator)
    v /= v.norm()
    eigenvalue, products = None, 0
    for _ in range(10000):
        _, hv = torch.autograd.functional.hvp(loss, theta, v)
        products += 1
        estimate = torch.dot(hv, v).item()
        residual = (hv - estimate * v).norm().item() / abs(estimate)
        v = hv / hv.norm()
        if eigenvalue is not None and abs(estimate - eigenvalue) / (abs(eigenvalue) + 1e-6) < tol:
            return estimate, products, residual
        eigenvalue = estimate
    return eigenvalue, products, residual


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    loss, theta = model_and_data(args.threads)
    _, hv = torch.autograd.functional.hvp(loss, theta, theta)  # warm-up
    times = []
    for _ in range(3 * args.repeats):
        start = time.perf_counter()
        torch.autograd.functional.hvp(loss, theta, theta)
        times.append(time.perf_counter() - start)
    product = float(np.median(times))
    times, result = [], None
    for _ in range(args.repeats):
        start = time.perf_counter()
        result = lambda_max(loss, theta, args.tol)
        times.append(time.perf_counter() - start)
    print(json.dumps(dict(
        machine=platform.processor() or platform.machine(), torch=torch.__version__, threads=args.threads,
        parameters=theta.numel(), loss=loss(theta).item(), lambda_max=result[0], products=result[1],
        relative_residual_at_stop=result[2], seconds_median=float(np.median(times)), seconds_min=float(min(times)),
        hvp_seconds_median=product), indent=1))


if __name__ == "__main__":
    main()
