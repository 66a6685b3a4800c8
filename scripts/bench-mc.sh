#!/usr/bin/env bash
# Monte Carlo of the sectoral Hubei scenario (scenarios/hubei-sectoral.toml without its [goal]):
# ghgkit on 1 and 2 threads against a vectorised NumPy implementation of the same model
# (scripts/bench_mc_numpy.py), interleaved, with medians of wall time, CPU time and peak RSS.
#
#   scripts/bench-mc.sh [DRAWS=1000000] [RUNS=3] [CHECK_DRAWS=200000]
#
# From a fresh clone: needs cargo, python3 (3.11+, for tomllib; with venv) and /usr/bin/time; NumPy is
# installed into target/bench-mc-venv. Steps: (1) both programs at CHECK_DRAWS draws, NumPy's CO2
# statistics compared with ghgkit's within Monte Carlo error (they use different random generators);
# (2) RUNS rounds of ghgkit --threads 1, ghgkit --threads 2, NumPy, at DRAWS draws, 41 years (2019-2060);
# ghgkit writes only trajectories.csv and targets.json (--only) and summarises only CO2 (--variables co2),
# the work NumPy does (CO2 statistics per year and the target probabilities, in memory); (3) one ghgkit run
# with every output and every variable summarised, to show what they add.
set -euo pipefail
cd "$(dirname "$0")/.."
DRAWS=${1:-1000000}
RUNS=${2:-3}
CHECK=${3:-200000}
WORK=target/bench-mc
VENV=target/bench-mc-venv
mkdir -p "$WORK"
if ! "$VENV/bin/python" -c "import numpy" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q numpy
fi
PY="$VENV/bin/python"
# SKIP_BUILD=1 uses the release binary as it is (e.g. while another cargo command holds the build lock).
[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release -q
BIN=target/release/ghgkit
SPEC="$WORK/sectoral.toml"
"$PY" -c "import sys; t=open('scenarios/hubei-sectoral.toml', encoding='utf-8').read(); open(sys.argv[1], 'w', encoding='utf-8').write(t[:t.index('[goal]')])" "$SPEC"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); numpy $("$PY" -c 'import numpy; print(numpy.__version__)'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== check at $CHECK draws"
"$BIN" scenario "$SPEC" --out "$WORK/check" --draws "$CHECK" --seed 1 --only trajectories,targets --variables co2 >/dev/null
"$PY" scripts/bench_mc_numpy.py "$SPEC" --draws "$CHECK" --seed 2 --check "$WORK/check"

echo "== timing at $DRAWS draws, $RUNS rounds (interleaved)"
TIMES="$WORK/times.txt"
: > "$TIMES"
for r in $(seq "$RUNS"); do
  for cfg in ghgkit-1-thread ghgkit-2-threads numpy; do
    case $cfg in
      ghgkit-1-thread) cmd=("$BIN" scenario "$SPEC" --out "$WORK/t1" --draws "$DRAWS" --seed 1 --threads 1 --only trajectories,targets --variables co2) ;;
      ghgkit-2-threads) cmd=("$BIN" scenario "$SPEC" --out "$WORK/t2" --draws "$DRAWS" --seed 1 --threads 2 --only trajectories,targets --variables co2) ;;
      numpy) cmd=("$PY" scripts/bench_mc_numpy.py "$SPEC" --draws "$DRAWS" --seed 1 --out "$WORK/numpy.json") ;;
    esac
    /usr/bin/time -f "$cfg %e %U %S %M" -o "$WORK/time.tmp" "${cmd[@]}" >/dev/null
    cat "$WORK/time.tmp" | tee -a "$TIMES"
  done
  echo "   load: $(cut -d' ' -f1-3 /proc/loadavg)"
done
cmp "$WORK/t1/trajectories.csv" "$WORK/t2/trajectories.csv" && cmp "$WORK/t1/targets.json" "$WORK/t2/targets.json" \
  && echo "ghgkit outputs: byte-identical for 1 and 2 threads"
/usr/bin/time -f "ghgkit-2-threads-all-outputs-all-variables %e %U %S %M" -o "$WORK/time.tmp" \
  "$BIN" scenario "$SPEC" --out "$WORK/all" --draws "$DRAWS" --seed 1 --threads 2 >/dev/null
cat "$WORK/time.tmp"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" - "$TIMES" <<'PYEOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, wall, user, sys_, rss = line.split()
    rows.setdefault(name, []).append((float(wall), float(user) + float(sys_), int(rss) / 1024))
med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in rows.items()}
print(f"{'':18} {'median wall':>12} {'median CPU':>11} {'median peak RSS':>16}   (runs: wall)")
for k, (w, c, m) in med.items():
    print(f"{k:18} {w:10.2f} s {c:9.2f} s {m:12.0f} MiB   ({', '.join(f'{x[0]:.2f}' for x in rows[k])})")
t1, t2, npy = med["ghgkit-1-thread"], med["ghgkit-2-threads"], med["numpy"]
print(f"NumPy / ghgkit 2 threads, wall: {npy[0] / t2[0]:.2f}x   (goal >= 3)")
print(f"NumPy / ghgkit 1 thread, wall:  {npy[0] / t1[0]:.2f}x;  CPU: {npy[1] / t1[1]:.2f}x")
print(f"ghgkit 1 -> 2 threads, wall:    {t1[0] / t2[0]:.2f}x   (goal >= 1.8)")
print(f"peak RSS, NumPy / ghgkit 2 threads: {npy[2] / t2[2]:.1f}x")
PYEOF
