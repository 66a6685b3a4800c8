#!/usr/bin/env bash
# Time and peak memory of reading a large tidy workbook (`ghgkit check`), median of N runs.
# Usage: scripts/bench-ingest.sh [ROWS] [RUNS]      (defaults: 1000000 rows, 5 runs)
# Needs GNU time (/usr/bin/time; Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
runs=${2:-5}
work=${TMPDIR:-/tmp}/ghgkit-bench
mkdir -p "$work"
cargo build --release --quiet --bin ghgkit --example make_tidy_workbook
wb="$work/tidy-$rows.xlsx"
[ -f "$wb" ] || ./target/release/examples/make_tidy_workbook "$wb" "$rows"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(uname -sr)"
echo "input: $wb ($(du -h "$wb" | cut -f1), $rows rows)"
times=(); mems=()
for i in $(seq "$runs"); do
  out=$( { /usr/bin/time -f "%e %M" ./target/release/ghgkit check "$wb" >/dev/null; } 2>&1 | tail -1 )
  times+=("${out% *}"); mems+=("${out#* }")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "ghgkit check: median wall $(median "${times[@]}") s, median peak RSS $(( $(median "${mems[@]}" | cut -d. -f1) / 1024 )) MiB over $runs runs"
echo "all runs (s): ${times[*]}"
