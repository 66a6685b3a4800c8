#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs taken from the repository's own files (scenarios, layouts,
# example data, a template workbook written by ghgkit), so that no data file is duplicated in git.
set -euo pipefail
cd "$(dirname "$0")"
top=..
mkdir -p corpus/{workbook,tidy_csv,balance_mapping,scenario_toml,units,xlsx_stream}
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
# xlsx_stream: a five-row tidy worksheet (as rust_xlsxwriter writes it; its shared strings are the target's
# fixed list), in the target's worksheet-XML mode (first byte odd).
{ printf '\x01'; cat <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:F6"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData><row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row><row r="2" spans="1:6"><c r="A2"><v>2019</v></c><c r="B2" t="s"><v>6</v></c><c r="C2" t="s"><v>7</v></c><c r="D2" t="s"><v>8</v></c><c r="E2"><v>120.5</v></c><c r="F2" t="s"><v>9</v></c></row><row r="3" spans="1:6"><c r="A3"><v>2019</v></c><c r="B3" t="s"><v>6</v></c><c r="C3" t="s"><v>10</v></c><c r="D3" t="s"><v>11</v></c><c r="E3"><v>3.25</v></c><c r="F3" t="s"><v>12</v></c></row><row r="4" spans="1:6"><c r="A4"><v>2019</v></c><c r="B4" t="s"><v>6</v></c><c r="C4" t="s"><v>13</v></c><c r="D4" t="s"><v>14</v></c><c r="E4"><v>1000</v></c><c r="F4" t="s"><v>15</v></c></row><row r="5" spans="1:6"><c r="A5"><v>2020</v></c><c r="B5" t="s"><v>6</v></c><c r="C5" t="s"><v>16</v></c><c r="D5" t="s"><v>17</v></c><c r="E5"><v>2</v></c><c r="F5" t="s"><v>9</v></c></row><row r="6" spans="1:6"><c r="A6"><v>2020</v></c><c r="B6" t="s"><v>6</v></c><c r="C6" t="s"><v>18</v></c><c r="D6" t="s"><v>19</v></c><c r="E6"><v>5</v></c><c r="F6" t="s"><v>9</v></c></row></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>
XML
} > corpus/xlsx_stream/sheet1.xml.bin
echo "seeded: $(find corpus -type f | wc -l) files"
