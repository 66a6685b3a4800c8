#!/usr/bin/env bash
# ghgkit against pandas on the same work: read the generated 1,041,600-row tidy workbook and compute the
# inventory totals by region, year and gas. pandas reads with its default engine (openpyxl) and with
# calamine, converts units, applies the factors ghgkit chose (NCV × carbon content × oxidation × 44/12 for
# CO2, NCV × EF for CH4 and N2O) and sums; every pandas result is checked against ghgkit's summary.json
# (relative difference ≤ 1e-9), otherwise the comparison stops. Also timed: the floor (inflate the sheet's
# XML and scan it once, examples/sheet_floor.rs).
#
# Usage: scripts/bench-compare.sh [RUNS]          (default 3; runs of the four are interleaved)
# Needs: cargo, python3 (with venv), GNU time (/usr/bin/time), network for the first pip install.
# The Python environment is made in target/bench-venv (or $GHGKIT_BENCH_VENV).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=${TMPDIR:-/tmp}/ghgkit-bench
venv=${GHGKIT_BENCH_VENV:-target/bench-venv}
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (Debian/Ubuntu package: time)" >&2; exit 1; }

cargo build --release --quiet --bin ghgkit --example make_tidy_workbook --example sheet_floor
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import pandas, openpyxl, python_calamine" 2>/dev/null ||
  "$venv/bin/python" -m pip install --quiet pandas openpyxl python-calamine
G=./target/release/ghgkit
PY="$venv/bin/python"

wb="$work/tidy-full.xlsx"
[ -f "$wb" ] || ./target/release/examples/make_tidy_workbook "$wb"
# The factor table: the first 1,120 rows hold every (category, fuel) once; ghgkit's inventory.csv names the
# factors it chose for each, `ghgkit factors` gives their values and units.
./target/release/examples/make_tidy_workbook "$work/combos.xlsx" 1120 2>/dev/null
$G inventory "$work/combos.xlsx" --out "$work/combos" --only csv >/dev/null
{ $G factors --set china; $G factors --set ipcc2006 | tail -n +2; } >"$work/factors.tsv"
"$PY" scripts/bench_pandas.py factors "$work/combos/inventory.csv" "$work/factors.tsv" "$work/factors.csv"

# One measured run: wall seconds, peak RSS (KiB) and CPU seconds (user + system) appended to
# $work/NAME.times. CPU time is shown too because a shared machine stretches wall times.
measure() {
  local name=$1
  shift
  if ! /usr/bin/time -o "$work/time.txt" -f "%e %M %U %S" "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    echo "$name failed:" >&2
    cat "$work/$name.err" >&2
    exit 1
  fi
  awk '{print $1, $2, $3 + $4}' "$work/time.txt" >>"$work/$name.times"
  echo "  $name: $(cut -d' ' -f1 "$work/time.txt") s, $(($(cut -d' ' -f2 "$work/time.txt") / 1024)) MiB, CPU $(awk '{print $3 + $4}' "$work/time.txt") s"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(uname -sr); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $wb ($(du -h "$wb" | cut -f1)); $runs interleaved runs"
rm -f "$work"/*.times
for i in $(seq "$runs"); do
  echo "run $i"
  measure ghgkit $G inventory "$wb" --out "$work/ghgkit-out" --only summary
  measure pandas-calamine "$PY" scripts/bench_pandas.py run calamine "$wb" "$work/factors.csv" "$work/totals-calamine.csv"
  "$PY" scripts/bench_pandas.py check "$work/ghgkit-out/summary.json" "$work/totals-calamine.csv" | sed 's/^/    calamine: /'
  measure pandas-openpyxl "$PY" scripts/bench_pandas.py run openpyxl "$wb" "$work/factors.csv" "$work/totals-openpyxl.csv"
  "$PY" scripts/bench_pandas.py check "$work/ghgkit-out/summary.json" "$work/totals-openpyxl.csv" | sed 's/^/    openpyxl: /'
  measure floor ./target/release/examples/sheet_floor "$wb"
done

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
t() { cut -d' ' -f1 "$work/$1.times" | median; }
m() { cut -d' ' -f2 "$work/$1.times" | median; }
c() { cut -d' ' -f3 "$work/$1.times" | median; }
echo
echo "medians of $runs runs (wall s, peak RSS MiB, CPU s):"
for n in ghgkit pandas-calamine pandas-openpyxl floor; do
  printf "  %-16s %8.2f s %8.0f MiB %8.2f s CPU\n" "$n" "$(t $n)" "$(echo "$(m $n) / 1024" | bc -l)" "$(c $n)"
done
ratio() { echo "scale=2; $1 / $2" | bc -l; }
echo "ratios:"
echo "  pandas+openpyxl / ghgkit time: $(ratio "$(t pandas-openpyxl)" "$(t ghgkit)") x   (goal >= 30)"
echo "  pandas+calamine / ghgkit time: $(ratio "$(t pandas-calamine)" "$(t ghgkit)") x   (goal >= 4)"
echo "  ghgkit / pandas+openpyxl memory: $(ratio "$(m ghgkit)" "$(m pandas-openpyxl)")   (goal <= 0.33)"
echo "  ghgkit / pandas+calamine memory: $(ratio "$(m ghgkit)" "$(m pandas-calamine)")   (goal <= 0.33)"
echo "  ghgkit / floor time: $(ratio "$(t ghgkit)" "$(t floor)") x"
echo "  CPU time, pandas+openpyxl / ghgkit: $(ratio "$(c pandas-openpyxl)" "$(c ghgkit)") x; pandas+calamine / ghgkit: $(ratio "$(c pandas-calamine)" "$(c ghgkit)") x"
