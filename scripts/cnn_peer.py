#!/usr/bin/env python3
"""PyTorch peer of the ONNX Runtime surface (docs/benchmarks.md).

The fixture CNN (tests/fixtures/cnn.onnx's graph: Conv2d(1,4,3), ReLU, Flatten, Linear(144,3)) on its 1,000 test
images, over a 51 x 51 grid of the random filter-normalised plane in tests/fixtures/cnn-directions.json: at every
point set the weights (torch.nn.utils.vector_to_parameters from the float64 point, cast to float32), run the forward
pass on all 1,000 images in float32 and take the cross-entropy in float64 from the logits, as the tool does. Prints
the per-point wall and CPU time and the surface's checksum (its sum) so the two surfaces can be compared.

Run: /usr/bin/python3 scripts/cnn_peer.py --threads 1   (and --threads 2)
"""
import argparse
import csv
import json
import os
import pathlib
import time

import numpy as np
import torch
from torch import nn

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--points", type=int, default=51)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with open(FIXTURES / "cnn.csv") as f:
        rows = [r for r in csv.DictReader(f) if r["split"] == "test"]
    x = torch.tensor([[float(r["p%d" % i]) for i in range(64)] for r in rows], dtype=torch.float32).reshape(-1, 1, 8, 8)
    y = torch.tensor([int(r["label"]) for r in rows])
    plane = json.loads((FIXTURES / "cnn-directions.json").read_text())
    origin, d1, d2 = (np.asarray(plane[k]) for k in ("origin", "d1", "d2"))
    model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(144, 3)).float().eval()
    loss_fn = nn.CrossEntropyLoss()
    axis = -1 + 0.04 * np.arange(args.points)
    surface = np.empty((args.points, args.points))
    wall, cpu = time.perf_counter(), time.process_time()
    with torch.no_grad():
        for i, a in enumerate(axis):
            for j, b in enumerate(axis):
                theta = torch.from_numpy(origin + a * d1 + b * d2).float()
                torch.nn.utils.vector_to_parameters(theta, model.parameters())
                surface[i, j] = float(loss_fn(model(x).double(), y))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    points = args.points * args.points
    print(json.dumps({
        "torch": torch.__version__, "threads": args.threads, "points": points, "samples": len(rows),
        "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
        "per_point_wall_ms": round(1000 * wall / points, 4), "per_point_cpu_ms": round(1000 * cpu / points, 4),
        "checksum": float(surface.sum()), "load": os.getloadavg(),
    }))


if __name__ == "__main__":
    main()
