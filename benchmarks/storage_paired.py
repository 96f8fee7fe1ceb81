#!/usr/bin/env python3
"""Float Hebbian storage at N = P = 4,096, C# against NumPy, measured in alternating rounds (issue 6).

The side by side (speed_side_by_side.sh) times NumPy and C# minutes apart, and on these shared 2-core machines either
side can drift by 10 % in that time. Here both run in turn within seconds: each round times REPS calls of NumPy's
`hebbian` (benchmarks/numpy_peer.py: centred Xc.T @ Xc, the SYRK, scaled, zero diagonal) and REPS calls of the C#
`HebbianTrainer.Train` on the same shape (a `dotnet ... paired-storage` process that waits between requests), in
alternating order, with a pause before each side so the other's worker threads (OpenBLAS spins for tens of
milliseconds after a call, the C# hot team for 200 µs) have gone idle. The ratio is taken per round (NumPy median /
C# median) and summarised over the rounds.

    /usr/bin/python3 benchmarks/storage_paired.py [--rounds 15] [--reps 3] [--json PATH]   (Debian's python3-numpy)

NumPy uses 2 threads and its AVX-512 kernels (OPENBLAS_CORETYPE removed from its environment, as the issue asks, or
set to SkylakeX where OpenBLAS would not find them by itself: benchmarks/openblas_core.py);
the C# process gets CannsParallelism's default (both cores). Build first: dotnet build -c Release benchmarks/Canns.Benchmarks.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from openblas_core import forced_core  # noqa: E402

os.environ.pop("OPENBLAS_CORETYPE", None)
_core = forced_core()  # SkylakeX where OpenBLAS would miss the CPU's AVX-512 (see openblas_core.py)
if _core:
    os.environ["OPENBLAS_CORETYPE"] = _core
os.environ["OPENBLAS_NUM_THREADS"] = "2"
import numpy as np  # noqa: E402  (after the environment is set: OpenBLAS reads it when it loads)

from numpy_peer import hebbian  # noqa: E402

TARGET = 1.59  # 278 ms / 175 ms, the bar as a ratio


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--pause", type=float, default=0.5, help="seconds of rest before each side's turn")
    parser.add_argument("--json", help="write the rounds and the summary here")
    parser.add_argument("--dll", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "Canns.Benchmarks/bin/Release/net10.0/Canns.Benchmarks.dll"))
    args = parser.parse_args()
    if args.rounds < 1 or args.reps < 1 or args.pause < 0:
        parser.error("--rounds and --reps must be at least 1 and --pause at least 0")
    if not os.path.exists(args.dll):
        sys.exit(f"{args.dll} not found: build it first (dotnet build -c Release benchmarks/Canns.Benchmarks)")

    env = dict(os.environ)
    env.pop("OPENBLAS_NUM_THREADS", None)
    csharp = subprocess.Popen(["dotnet", args.dll, "paired-storage"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env=env)
    if csharp.stdout.readline().strip() != "ready":
        sys.exit("the C# process did not start")

    def run_csharp():
        csharp.stdin.write(f"run {args.reps}\n")
        csharp.stdin.flush()
        line = csharp.stdout.readline()
        if not line or line.startswith("error"):
            sys.exit(f"the C# process failed: {line!r}")
        return [float(t) for t in line.split()]

    x = np.random.default_rng(0).uniform(-1, 1, (4096, 4096)).astype(np.float32)
    for _ in range(3):
        hebbian(x)  # warm-up: every buffer touched, OpenBLAS's threads started

    def run_numpy():
        times = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            hebbian(x)
            times.append((time.perf_counter() - t0) * 1e3)
        return times

    rounds = []
    print(f"{'round':>5s} {'first':>6s} {'NumPy ms':>9s} {'C# ms':>8s} {'ratio':>6s}   load", flush=True)
    for r in range(args.rounds):
        order = ("numpy", "csharp") if r % 2 == 0 else ("csharp", "numpy")
        medians = {}
        for side in order:
            time.sleep(args.pause)
            medians[side] = statistics.median(run_numpy() if side == "numpy" else run_csharp())
        ratio = medians["numpy"] / medians["csharp"]
        load = open("/proc/loadavg").read().split()[0]
        rounds.append({"first": order[0], "numpy_ms": medians["numpy"], "csharp_ms": medians["csharp"], "ratio": ratio})
        print(f"{r + 1:5d} {order[0]:>6s} {medians['numpy']:9.1f} {medians['csharp']:8.1f} {ratio:6.2f}   {load}", flush=True)
    csharp.stdin.write("quit\n")
    csharp.stdin.flush()
    csharp.wait(timeout=30)

    ratios = sorted(r["ratio"] for r in rounds)
    q = statistics.quantiles(ratios, n=4) if len(ratios) >= 2 else [ratios[0]] * 3
    summary = {
        "rounds": len(rounds), "reps": args.reps,
        "numpy_median_ms": statistics.median(r["numpy_ms"] for r in rounds),
        "csharp_median_ms": statistics.median(r["csharp_ms"] for r in rounds),
        "ratio_median": statistics.median(ratios), "ratio_q1": q[0], "ratio_q3": q[2],
        "ratio_min": ratios[0], "ratio_max": ratios[-1],
        "rounds_at_or_above_target": sum(r >= TARGET for r in ratios), "target": TARGET,
    }
    print(f"NumPy median {summary['numpy_median_ms']:.1f} ms, C# median {summary['csharp_median_ms']:.1f} ms; "
          f"per-round ratio median {summary['ratio_median']:.2f}x (quartiles {q[0]:.2f}-{q[2]:.2f}, "
          f"range {ratios[0]:.2f}-{ratios[-1]:.2f}); {summary['rounds_at_or_above_target']} of {len(rounds)} rounds "
          f">= {TARGET}x")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"summary": summary, "rounds": rounds}, f, indent=1)


if __name__ == "__main__":
    main()
