#!/usr/bin/env bash
# Cost of the Monte Carlo uncertainty (Approach 2): `ghgkit run` (the Hubei example, 182 emission rows) with
# --mc-draws 0 and with 10,000 draws, median wall and user time of N runs each; the difference is the
# Monte Carlo. Optionally a generated tidy inventory of ROWS activity rows (3 emission rows each).
# Usage: scripts/bench-uncertainty.sh [RUNS] [ROWS]     (defaults: 5 runs, no generated inventory)
# Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
rows=${2:-}
work=${TMPDIR:-/tmp}/ghgkit-bench-unc
mkdir -p "$work"
cargo build --release --quiet --bin ghgkit --example make_tidy_workbook
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
bench() { # label, command...
  local label=$1; shift
  local walls=() users=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$work/time" -f "%e %U" "$@" >/dev/null 2>&1
    out=$(tail -1 "$work/time")
    walls+=("${out% *}"); users+=("${out#* }")
  done
  echo "$label: median wall $(median "${walls[@]}") s, user $(median "${users[@]}") s ($runs runs; wall: ${walls[*]})"
}
for d in 0 10000; do
  bench "ghgkit run --mc-draws $d" ./target/release/ghgkit run --out "$work/run" --mc-draws "$d"
done
if [ -n "$rows" ]; then
  csv="$work/tidy-$rows.csv"
  [ -f "$csv" ] || ./target/release/examples/make_tidy_workbook "$csv" "$rows" >/dev/null
  for d in 0 ""; do
    bench "ghgkit inventory ($rows rows) --mc-draws ${d:-auto}" ./target/release/ghgkit inventory "$csv" \
      --out "$work/inv" ${d:+--mc-draws "$d"}
  done
fi
