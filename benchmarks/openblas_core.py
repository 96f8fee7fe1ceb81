#!/usr/bin/env python3
"""Prints the OPENBLAS_CORETYPE that gives NumPy its AVX-512 kernels on this machine, or nothing when OpenBLAS picks
them by itself (or the CPU has no AVX-512).

OpenBLAS 0.3.21 (Debian 12's) does not know every AVX-512 CPU: on an AMD Zen 5 it picks its AVX-512 kernels unaided,
but on the Intel Xeon (AMX, AVX512-FP16) of 2026-12-05 it fell back to "Prescott", SSE3 kernels three times slower
(store_real_4096x4096 925 ms against 283-301 ms with SkylakeX). The issue's peer is NumPy on its AVX-512 kernels, so
the speed scripts force SkylakeX when the CPU has avx512f and OpenBLAS chose a core without it.

    /usr/bin/python3 benchmarks/openblas_core.py      # prints e.g. "SkylakeX", or an empty line
"""
import os
import subprocess
import sys

AVX512_CORES = {"SkylakeX", "Cooperlake", "SapphireRapids"}


def forced_core():
    try:
        with open("/proc/cpuinfo") as f:
            if " avx512f" not in f.read():
                return ""
    except OSError:
        return ""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    env["OPENBLAS_VERBOSE"] = "2"
    out = subprocess.run([sys.executable, "-c", "import numpy"], env=env, capture_output=True, text=True)
    core = next((line.split(":", 1)[1].strip() for line in (out.stdout + out.stderr).splitlines() if line.startswith("Core:")), "")
    return "" if core in AVX512_CORES or not core else "SkylakeX"


if __name__ == "__main__":
    print(forced_core())
