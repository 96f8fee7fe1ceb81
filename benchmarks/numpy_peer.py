#!/usr/bin/env python3
"""NumPy peer of the Speed (issue 6) workloads: the same sizes and data shapes as benchmarks/Canns.Benchmarks/Speed.

Prints one line per workload (best and median of several runs, milliseconds) and, with --json PATH, writes
{workload: {"best_ms": ..., "median_ms": ...}} for benchmarks/speed_side_by_side.sh to compare.
Thread count and BLAS kernel choice come from the environment (OPENBLAS_NUM_THREADS, OPENBLAS_CORETYPE).
"""
import argparse
import json
import statistics
import time

import numpy as np


def timed(fn, repeats):
    fn()  # warm-up: touches every buffer once, as the C# benchmarks do in their setup
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return min(times), statistics.median(times)


def hebbian(x):
    """Centred, normalised, zero-diagonal Hebbian storage: W = (X - rho)^T (X - rho) / P."""
    p = x.shape[0]
    xc = x - np.float32(x.mean(dtype=np.float64))
    w = xc.T @ xc  # NumPy recognises a.T @ a and calls SYRK
    w *= np.float32(1.0 / p)
    np.fill_diagonal(w, 0)
    return w


def sign_update(h, s):
    return np.where(h > 0, np.float32(1), np.where(h < 0, np.float32(-1), s))


def batch_recall(w, probes, iterations, early_stop):
    s = probes.copy()
    active = np.arange(s.shape[0])
    for _ in range(iterations):
        h = s[active] @ w  # W is symmetric: (W s_b)^T = s_b^T W
        new = sign_update(h, s[active])
        if early_stop:
            changed = (new != s[active]).any(axis=1)
            s[active] = new
            active = active[changed]
            if active.size == 0:
                break
        else:
            s[active] = new
    return s


def single_recall(w, probe, iterations):
    s = probe.copy()
    for _ in range(iterations):
        s = sign_update(w @ s, s)
    return s


def async_sweep(w, probe, rng):
    """One asynchronous sweep with incremental fields: h kept equal to W s, updated by a column on every flip."""
    s = probe.copy()
    h = w @ s
    for i in rng.permutation(s.shape[0]):
        hi = h[i]
        new = 1.0 if hi > 0 else (-1.0 if hi < 0 else s[i])
        if new != s[i]:
            h += w[:, i] * np.float32(new - s[i])
            s[i] = new
    return s


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    results = {}

    def record(name, fn, per=1, repeats=args.repeats):
        best, median = timed(fn, repeats)
        results[name] = {"best_ms": best / per, "median_ms": median / per}
        print(f"{name:32s} best {best / per:10.3f} ms   median {median / per:10.3f} ms", flush=True)

    n = 4096
    for p in (4096, 410):
        real = rng.uniform(-1, 1, (p, n)).astype(np.float32)
        record(f"store_real_{n}x{p}", lambda: hebbian(real))
        bipolar = np.where(rng.random((p, n)) < 0.5, -1, 1).astype(np.float32)
        record(f"store_bipolar_{n}x{p}", lambda: hebbian(bipolar))

    patterns = np.where(rng.random((410, n)) < 0.5, -1, 1).astype(np.float32)
    w = hebbian(patterns)
    random_probes = np.where(rng.random((256, n)) < 0.5, -1, 1).astype(np.float32)
    noisy = patterns[:256] * np.where(rng.random((256, n)) < 0.1, -1, 1).astype(np.float32)
    record("recall_batch_fixed20_4096_b256", lambda: batch_recall(w, random_probes, 20, early_stop=False), per=256, repeats=3)
    record("recall_batch_noisy_4096_b256", lambda: batch_recall(w, noisy, 20, early_stop=True), per=256, repeats=3)
    record("recall_single_4096_it20", lambda: single_recall(w, random_probes[0], 20), repeats=10)

    n = 1024
    small = np.where(rng.random((51, n)) < 0.5, -1, 1).astype(np.float32)
    w_small = hebbian(small)
    probe = small[0] * np.where(rng.random(n) < 0.1, -1, 1).astype(np.float32)
    record("async_sweep_1024", lambda: async_sweep(w_small, probe, rng), repeats=20)

    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
