#!/usr/bin/python3
"""Writes tests/reference/optimizers-clip.json: gradient-norm clipping (torch.nn.utils.clip_grad_norm_ over every
parameter before optimizer.step()) with several optimizers on the seed experiment, trained by PyTorch in float32 and
float64 exactly as make_references.py trains its optimizer cases (no shuffling, batch 32, five epochs from (-1, -1)).

    /usr/bin/python3 scripts/references/make_clip_references.py [--out DIR]

It reads the seed data from tests/reference/seed-data.json (written by make_references.py), so it needs only numpy
and PyTorch. The file holds {"float32": ..., "float64": ...}, each in optimizers.json's layout; a case's options
carry clip_grad_norm, the max_norm given to clip_grad_norm_.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_references as references  # noqa: E402

# (case name, torch.optim class, its keyword arguments with clip_grad_norm, schedule or None); the norms are below the
# seed's gradient norms early on, so clipping changes the path.
CLIP_CASES = [
    ("sgd-clip", "SGD", dict(lr=0.01, clip_grad_norm=5.0), None),
    ("momentum-clip", "SGD", dict(lr=0.01, momentum=0.9, clip_grad_norm=1.0), None),
    ("adam-clip", "Adam", dict(lr=0.01, clip_grad_norm=0.5), None),
    ("rmsprop-clip", "RMSprop", dict(lr=0.001, clip_grad_norm=2.0), None),
]


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(root, "tests", "reference"), help="folder to write into")
    args = parser.parse_args()
    torch.set_num_threads(1)
    with open(os.path.join(root, "tests", "reference", "seed-data.json"), encoding="utf-8") as stream:
        seed = json.load(stream)
    data = {key: np.asarray(seed[key]) for key in ("x", "y", "train_idx", "test_idx")}

    def run(dtype):
        return dict(
            args=dict(seed=references.SEED, n=references.SAMPLES, epochs=references.OPTIMIZER_EPOCHS, batch=references.BATCH),
            dtype=str(dtype).removeprefix("torch."),
            note="record 0 is the start; then one record after each epoch; steps holds the weights after each of the "
                 "first 20 steps; lrs is the learning rate used in each epoch; clip_grad_norm_ runs before every step",
            torch=torch.__version__,
            cases=[references.optimizer_case(data, dtype, *case) for case in CLIP_CASES])

    references.write(args.out, "optimizers-clip.json", {"float32": run(torch.float32), "float64": run(torch.float64)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
