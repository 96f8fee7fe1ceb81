#!/usr/bin/env bash
# Issue 6: runs the NumPy peer (benchmarks/numpy_peer.py) and the C# speed benchmarks (benchmarks/Canns.Benchmarks/Speed)
# in one session and prints the ratios. NumPy runs twice, with OPENBLAS_CORETYPE as the environment sets it and on its
# AVX-512 kernels (the variable unset, or SkylakeX where OpenBLAS would miss them: benchmarks/openblas_core.py), before
# and after the C# run so both see similar machine load; then
# float storage again in alternating rounds (benchmarks/storage_paired.py; SPEED_PAIRED_ROUNDS, default 15), and the
# issue's capacity study three times through the CLI (wall and CPU time of each run).
#
#   benchmarks/speed_side_by_side.sh            # everything
#   SPEED_FILTER='*RecallSpeed*' benchmarks/speed_side_by_side.sh
#
# Installs Debian's python3-numpy (and OpenBLAS, the BLAS the issue's peer figures use) with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${SPEED_OUT:-${TMPDIR:-/tmp}/canns-speed}
mkdir -p "$out"
PY=/usr/bin/python3

if ! "$PY" -c 'import numpy' 2>/dev/null; then
  echo "installing python3-numpy" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy >&2
fi
if ! ls /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 >/dev/null 2>&1; then
  echo "installing libopenblas0-pthread (NumPy otherwise runs on the reference BLAS)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread >&2 || echo "OpenBLAS not installed: NumPy uses the reference BLAS" >&2
fi

# The share of CPU time the hypervisor gave to other guests (the "steal" column of /proc/stat) since a snapshot: on a
# shared host it varies from hour to hour and slows both sides, so each phase reports it next to its timings.
snapshot() { head -1 /proc/stat; }
stolen_since() {
  echo "$1 $(snapshot)" | awk '{ n = NF / 2; for (i = 2; i <= 9; i++) { d = $(i + n) - $i; t += d; if (i == 9) s = d }
    printf "%.1f %% of CPU time stolen by the hypervisor", (t > 0 ? 100 * s / t : 0) }'
}

echo "== $(date -u '+%F %T') UTC; load: $(cut -d' ' -f1-3 /proc/loadavg)"
phase=$(snapshot)
coretype=${OPENBLAS_CORETYPE-}
echo "== NumPy, OPENBLAS_CORETYPE=${coretype:-<unset>}, 2 threads"
OPENBLAS_NUM_THREADS=2 "$PY" benchmarks/numpy_peer.py --json "$out/numpy-env.json"
# NumPy on its AVX-512 kernels: OPENBLAS_CORETYPE unset, or SkylakeX where OpenBLAS 0.3.21 would not find them by
# itself (it took an Intel Xeon with AMX for an SSE3 "Prescott"): benchmarks/openblas_core.py.
avx512_core=$("$PY" benchmarks/openblas_core.py)
numpy_avx512() { if [ -n "$avx512_core" ]; then env OPENBLAS_CORETYPE="$avx512_core" OPENBLAS_NUM_THREADS=2 "$PY" "$@"; else env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=2 "$PY" "$@"; fi; }
echo "== NumPy, OPENBLAS_CORETYPE ${avx512_core:-unset} (AVX-512 kernels), 2 threads"
numpy_avx512 benchmarks/numpy_peer.py --json "$out/numpy-avx512.json"
echo "   (NumPy runs: $(stolen_since "$phase"))"
phase=$(snapshot)

echo "== C# (BenchmarkDotNet short job, in process); load: $(cut -d' ' -f1-3 /proc/loadavg)"
filter=${SPEED_FILTER:-'Canns.Benchmarks.Speed.*'}
dotnet run -c Release --project benchmarks/Canns.Benchmarks -- --filter "$filter" --job short --inProcess \
  --exporters json --artifacts "$out/bdn" >"$out/bdn.log" 2>&1 || { tail -30 "$out/bdn.log"; exit 1; }
grep -E '^\|' "$out/bdn.log" || true
echo "   (C# run: $(stolen_since "$phase"))"
phase=$(snapshot)

echo "== NumPy again (AVX-512 kernels), after the C# run; load: $(cut -d' ' -f1-3 /proc/loadavg)"
numpy_avx512 benchmarks/numpy_peer.py --json "$out/numpy-avx512-after.json"
echo "   (NumPy again: $(stolen_since "$phase"))"
phase=$(snapshot)

# Float storage again, NumPy and C# taking turns round by round (the ratio per round, under the same load).
if [ -z "${SPEED_FILTER:-}" ]; then
  echo "== Float storage, N = P = 4,096, in alternating rounds; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$PY" benchmarks/storage_paired.py --rounds "${SPEED_PAIRED_ROUNDS:-15}" --json "$out/paired.json"
  echo "   (alternating rounds: $(stolen_since "$phase"))"
  phase=$(snapshot)

  # The issue's capacity study (N = 1,000, 15 loads, 20 trials, 10 % noise; target ≤ 5 s on both cores), three runs of the CLI.
  echo "== Capacity study, N = 1,000, 20 trials (the CLI, 3 runs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet build -c Release src/Canns.Cli >"$out/cli-build.log" 2>&1 || { tail -30 "$out/cli-build.log"; exit 1; }
  runs=()
  for run in 1 2 3; do
    rm -rf "$out/capacity"
    TIMEFORMAT='%R %U'
    t=$({ time dotnet src/Canns.Cli/bin/Release/net10.0/canns.dll capacity --neurons 1000 --trials 20 --out "$out/capacity" >/dev/null; } 2>&1 | tail -1)
    echo "   run $run: wall ${t% *} s, user CPU ${t#* } s"
    runs+=("${t% *}")
  done
  echo "   median wall $(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p) s (target ≤ 5 s); $(stolen_since "$phase")"
fi

"$PY" - "$out" <<'PY'
import glob, json, sys
out = sys.argv[1]
ours = {}
for path in glob.glob(f"{out}/bdn/results/*-report-full*.json"):
    for b in json.load(open(path))["Benchmarks"]:
        key = b["Type"] + "." + b["Method"] + (("(" + b["Parameters"] + ")") if b.get("Parameters") else "")
        ours[key] = b["Statistics"]["Median"] / 1e6
pairs = [
    ("store_real_4096x4096", "HebbianStorageSpeedBenchmarks.StoreReal(Patterns=4096)", 175),
    ("store_real_4096x410", "HebbianStorageSpeedBenchmarks.StoreReal(Patterns=410)", 25),
    ("store_bipolar_4096x4096", "HebbianStorageSpeedBenchmarks.StoreBipolarInteger(Patterns=4096)", None),
    ("store_bipolar_4096x4096", "HebbianStorageSpeedBenchmarks.StoreBipolarFloat(Patterns=4096)", None),
    ("store_bipolar_4096x410", "HebbianStorageSpeedBenchmarks.StoreBipolarInteger(Patterns=410)", None),
    ("recall_batch_fixed20_4096_b256", "RecallSpeedBenchmarks.BatchFixed20(LaneClasses=True)", 1.7),
    ("recall_batch_noisy_4096_b256", "RecallSpeedBenchmarks.BatchNoisy(LaneClasses=True)", None),
    ("recall_single_4096_it20", "RecallSpeedBenchmarks.Single20(LaneClasses=True)", 7.0),
    ("async_sweep_1024", "AsyncSweepSpeedBenchmarks.Sweep", 0.1),
]
peers = {name: json.load(open(f"{out}/{name}.json")) for name in ("numpy-env", "numpy-avx512", "numpy-avx512-after")}
print(f"\n{'workload':34s} {'C# median':>11s} {'NumPy env':>11s} {'NumPy avx512':>13s} {'ratio(avx512)':>14s} {'target':>8s}")
for peer_key, our_key, target in pairs:
    if our_key not in ours:
        continue
    mine = ours[our_key]
    env = peers["numpy-env"][peer_key]["median_ms"]
    fast = min(peers["numpy-avx512"][peer_key]["median_ms"], peers["numpy-avx512-after"][peer_key]["median_ms"])
    print(f"{our_key.split('.')[-1]:34s} {mine:9.3f}ms {env:9.3f}ms {fast:11.3f}ms {fast / mine:12.2f}x {('≤' + str(target) + 'ms') if target else '':>8s}")
PY
