#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs taken from the repository's own files (scenarios, layouts,
# example data, a template workbook written by ghgkit), so that no data file is duplicated in git.
set -euo pipefail
cd "$(dirname "$0")"
top=..
mkdir -p corpus/{workbook,tidy_csv,balance_mapping,scenario_toml,units}
for f in "$top"/scenarios/*.toml "$top"/tests/fixtures/*.toml; do
  [ -f "$f" ] && cp "$f" corpus/scenario_toml/
done
cp "$top"/mappings/*.toml corpus/balance_mapping/
head -40 "$top"/examples/data/hubei-2007-activity.csv > corpus/tidy_csv/hubei-activity.csv
# workbook seeds: first byte selects the format (0 xlsx, 1 xls, 2 ods, 3 csv).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$top" && cargo run --quiet --release -- template --out "$tmp/template.xlsx" >/dev/null)
{ printf '\x00'; cat "$tmp/template.xlsx"; } > corpus/workbook/template.xlsx.bin
{ printf '\x03'; head -40 "$top"/examples/data/hubei-2007-activity.csv; } > corpus/workbook/activity.csv.bin
if [ -d "$top"/../shared/data/energy-balance-2007 ]; then
  { printf '\x01'; cat "$top"/../shared/data/energy-balance-2007/17-hubei.xls; } > corpus/workbook/hubei.xls.bin
fi
i=0
for u in t 万吨 亿立方米 "kg CO2/TJ" "t C/TJ" "TJ/Gg" "10^4 t" "(104 tn)" 百亿千焦 "GJ/10^4 Nm3" "kg CH4/head/yr" 万头 亩; do
  printf '%s' "$u" > corpus/units/seed$i; i=$((i+1))
done
echo "seeded: $(find corpus -type f | wc -l) files"
