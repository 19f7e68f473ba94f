#!/usr/bin/python3
"""Writes the .npy fixtures of NpyFileTests with numpy's own np.save (run from this folder: /usr/bin/python3 make-npy-fixtures.py)."""
import numpy as np

k = np.arange(12, dtype=np.float64)
np.save("numpy-3x4.npy", (k * 0.1 - 1 / 3).reshape(3, 4))
np.save("numpy-1d.npy", np.arange(5, dtype=np.float64) * 0.25 - 0.5)
np.save("numpy-big-endian.npy", (np.arange(6, dtype=np.float64) * 1.5).reshape(2, 3).astype(">f8"))
np.save("numpy-1200x2.npy", (np.arange(2400, dtype=np.float64) / 7).reshape(1200, 2))
np.save("numpy-float32.npy", np.zeros((2, 2), dtype=np.float32))
