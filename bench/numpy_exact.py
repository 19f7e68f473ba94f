#!/usr/bin/python3
"""The exact quadratic algorithm for the 1,000 x 1,000 seed surface in vectorised numpy, for docs/benchmarks.md.

Run with Debian's python3 (numpy, scikit-learn): /usr/bin/python3 bench/numpy_exact.py
"""
import time, numpy as np
from sklearn.model_selection import train_test_split
np.random.seed(42)
x = np.random.normal(1, 4.5, 10000)
y = np.piecewise(x, [x < -2, (x >= -2) & (x < 2), x >= 2],
                 [lambda x: 2*x + 5, lambda x: 7.3*np.sin(x), lambda x: -0.03*x**3 + 2]) + np.random.normal(0, 1, x.shape)
_, x_te, _, y_te = train_test_split(x, y, test_size=0.2, random_state=42)
w = np.arange(-2, 2, 0.004)
def surface():
    t = np.tanh(np.outer(w, x_te))                     # rows: w1
    a = (t * t).mean(axis=1); b = t @ y_te / len(y_te); c = (y_te * y_te).mean()
    return np.outer(a, w * w) - 2 * np.outer(b, w) + c  # L[i, j] at (w1[i], w2[j])
surface()
times = []
for _ in range(10):
    s = time.perf_counter(); surface(); times.append(time.perf_counter() - s)
print("numpy exact 1000x1000: median %.1f ms, min %.1f ms" % (1000 * sorted(times)[5], 1000 * min(times)))
