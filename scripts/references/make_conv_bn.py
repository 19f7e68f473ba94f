#!/usr/bin/python3
"""Writes the reference of a convolutional graph with BatchNorm that LossLandscape's direction tests compare against.

    /usr/bin/python3 scripts/references/make_conv_bn.py [--out DIR] [--compare DIR]

Needs Debian's python3-numpy and python3-torch (1.13). It writes into DIR (default tests/reference/):

- conv_bn.onnx       Conv(3->4, 3x3, pad 1) ReLU BatchNorm Conv(4->6, 3x3) ReLU BatchNorm Flatten Linear(216->3),
                     exported in eval mode with opset 13 (input 'x' [n, 3, 8, 8], output 'logits' [n, 3]). BatchNorm
                     comes after ReLU, so the exporter keeps it as a BatchNormalization node; its running statistics
                     come from five forward passes in training mode, so they are not the defaults (0 and 1).
- conv_bn_data.npz   x float32 (96, 3, 8, 8), y int64 class labels in 0..2, split 'train'/'test' (about a third test).
- conv_bn.json       the parameters in named_parameters() order (name, shape, offset in the flat vector) with the
                     running statistics apart (state, not parameters); theta; two raw directions drawn by numpy's
                     RandomState(7).normal over the flat vector; both normalised per filter (a filter is one output
                     channel of a conv weight, one row of a linear weight: d_f *= |w_f| / (|d_f| + 1e-10)), 1-D tensors
                     (biases, BatchNorm's scale and shift) zeroed ('ignore') or set to theta's values ('keep'); the mean
                     test cross-entropy in float64 of the float32 logits on the 'ignore' plane at a, b in
                     {-1, -0.5, 0, 0.5, 1} (loss[i][j] at a = grid[i], b = grid[j]), BatchNorm in eval mode.

--compare DIR checks that every value of the written conv_bn.json equals DIR's conv_bn.json.
"""
import argparse
import json
import os

import numpy as np
import torch
from torch import nn

GRID = [-1.0, -0.5, 0.0, 0.5, 1.0]
GUARD = 1e-10


def network():
    return nn.Sequential(
        nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(4),
        nn.Conv2d(4, 6, 3), nn.ReLU(), nn.BatchNorm2d(6),
        nn.Flatten(), nn.Linear(216, 3))


def dataset(rng):
    x = rng.normal(size=(96, 3, 8, 8)).astype(np.float32)
    # Two features of the image decide the class: the top half of channel 0 and the mean of channel 1.
    y = (x[:, 0, :4, :].mean(axis=(1, 2)) > 0).astype(np.int64) + (x[:, 1].mean(axis=(1, 2)) > 0.05).astype(np.int64)
    split = np.where(rng.uniform(size=96) < 1 / 3, "test", "train")
    return x, y, split


def per_filter(direction, layout, tensors, mode):
    """Li et al.'s filter normalisation; 1-D tensors zeroed ('ignore') or set to the centre's values ('keep')."""
    out = direction.copy()
    for (name, shape, offset), w in zip(layout, tensors):
        piece = out[offset:offset + w.size].reshape(w.shape)
        if w.ndim == 1:
            piece[...] = 0.0 if mode == "ignore" else w
            continue
        for f in range(w.shape[0]):
            piece[f] *= np.linalg.norm(w[f]) / (np.linalg.norm(piece[f]) + GUARD)
        out[offset:offset + w.size] = piece.ravel()
    return out


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(root, "tests", "reference"))
    parser.add_argument("--compare", metavar="DIR")
    args = parser.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(1)
    net = network()
    rng = np.random.RandomState(1)
    x, y, split = dataset(rng)
    net.train()
    with torch.no_grad():
        for _ in range(5):
            net(torch.tensor(rng.normal(loc=0.3, scale=1.5, size=(32, 3, 8, 8)).astype(np.float32)))
    net.eval()

    named = list(net.named_parameters())
    tensors = [p.detach().double().numpy() for _, p in named]
    layout, offset = [], 0
    for (name, _), w in zip(named, tensors):
        layout.append((name, list(w.shape), offset))
        offset += w.size
    theta = np.concatenate([w.ravel() for w in tensors])

    draw = np.random.RandomState(7)
    raw = [draw.normal(size=theta.size), draw.normal(size=theta.size)]
    normalised = {mode: [per_filter(d, layout, tensors, mode) for d in raw] for mode in ("ignore", "keep")}

    def load(flat):
        with torch.no_grad():
            for (name, shape, start), (_, p) in zip(layout, named):
                p.copy_(torch.tensor(flat[start:start + p.numel()].reshape(shape), dtype=p.dtype))

    test = split == "test"
    xt, yt = torch.tensor(x[test]), torch.tensor(y[test])
    d1, d2 = normalised["ignore"]
    loss = []
    for a in GRID:
        row = []
        for b in GRID:
            load(theta + a * d1 + b * d2)
            with torch.no_grad():
                row.append(float(nn.functional.cross_entropy(net(xt).double(), yt)))
        loss.append(row)
    load(theta)

    os.makedirs(args.out, exist_ok=True)
    torch.onnx.export(net, torch.tensor(x[:1]), os.path.join(args.out, "conv_bn.onnx"), input_names=["x"],
                      output_names=["logits"], dynamic_axes={"x": {0: "n"}, "logits": {0: "n"}}, opset_version=13)
    np.savez(os.path.join(args.out, "conv_bn_data.npz"), x=x, y=y, split=split)
    statistics = {name: b.detach().double().numpy().tolist() for name, b in net.named_buffers() if "running" in name}
    content = {
        "torch": torch.__version__,
        "parameters": [{"name": n, "shape": s, "offset": o} for n, s, o in layout],
        "running_statistics": statistics,
        "theta": theta.tolist(),
        "raw": {"d1": raw[0].tolist(), "d2": raw[1].tolist()},
        "filter": {m: {"d1": v[0].tolist(), "d2": v[1].tolist()} for m, v in normalised.items()},
        "grid": GRID,
        "test_cross_entropy_ignore_plane": loss,
    }
    path = os.path.join(args.out, "conv_bn.json")
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(content, stream, separators=(",", ":"), allow_nan=False)
        stream.write("\n")
    print(f"{theta.size} parameters; test loss at the centre {loss[2][2]:.6f}; wrote conv_bn.onnx, conv_bn_data.npz, conv_bn.json to {args.out}")

    if args.compare:
        with open(os.path.join(args.compare, "conv_bn.json"), encoding="utf-8") as stream:
            theirs = json.load(stream)
        ours = json.loads(json.dumps(content))
        differing = [key for key in ours if key != "torch" and ours[key] != theirs.get(key)]
        print("conv_bn.json: " + (f"differs from {args.compare} in {', '.join(differing)}" if differing
                                  else f"every value equals {args.compare}/conv_bn.json"))


if __name__ == "__main__":
    main()
