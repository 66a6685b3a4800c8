#!/usr/bin/env python3
"""Build examples/data/hubei-2007-activity.csv from the real 2007 Hubei energy balance.

Source: China Energy Statistical Yearbook 2008, Table 6-17, "湖北能源平衡表(实物量)-2007"
(ENERGY BALANCE OF HUBEI-2007 (PHYSICAL QUANTITY)), as the .xls the yearbook distributes.

Usage (from the repository root):

    python3 tools/make-hubei-example.py [path/to/17-hubei.xls] [-o output.csv]

The default input is ../shared/data/energy-balance-2007/17-hubei.xls relative to the repository root;
the default output is examples/data/hubei-2007-activity.csv.  Needs the python package `xlrd`.

What is written: one row per (balance row, fuel column) with a non-zero value, for the combustion rows
of the balance only:
  * transformation inputs that are combustion: 火力发电 Thermal Power and 供热 Heating Supply → 1.A.1.a.i / 1.A.1.a.iii
    (negative cells only, written as absolute values; outputs such as electricity/heat are skipped);
  * final consumption by sector (工业 Industry minus its "#用作原料、材料" non-energy-use row).
Coal washing, coking, refining, gas works and briquetting are transformation, not combustion, and are
skipped (see examples/data/README.md).  Aggregate columns (煤合计, 油品合计) and secondary carriers
(热力 heat, 电力 electricity, 其他能源 other energy) are skipped.

The script checks the table's internal sums (final-consumption sectors against the final-consumption
total, urban + rural against residential, transformation sub-rows against the transformation total)
and a few known Hubei 2007 figures, and fails loudly when anything expected is missing.
"""

import argparse
import csv
import os
import re
import sys

try:
    import xlrd
except ImportError:  # pragma: no cover
    sys.exit("make-hubei-example: the python package `xlrd` is needed (pip install xlrd)")

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_XLS = os.path.join(REPO_ROOT, "..", "shared", "data", "energy-balance-2007", "17-hubei.xls")
DEFAULT_BALANCE_OUT = os.path.join(REPO_ROOT, "examples", "data", "hubei-2007-balance.csv")
DEFAULT_OUT = os.path.join(REPO_ROOT, "examples", "data", "hubei-2007-activity.csv")

SOURCE_DOC = "China Energy Statistical Yearbook 2008, Table 6-17"
YEAR = 2007
REGION = "Hubei"
TOLERANCE = 0.02  # the yearbook prints two decimals; its own sums may be off by a rounding step

HEADER_ROW = 3  # Chinese column names (xlrd index; row 4 in Excel)
UNIT_ROW = 4    # units in Chinese, in parentheses
LABEL_COL = 0   # Chinese item names
LABEL_EN_COL = 1

# Fuel columns: Chinese header → fuel key.  Order here is the column order in the yearbook.
FUEL_COLUMNS = [
    ("原煤", "raw_coal"),
    ("洗精煤", "cleaned_coal"),
    ("其他洗煤", "other_washed_coal"),
    ("型煤", "briquettes"),
    ("焦炭", "coke_oven_coke"),
    ("焦炉煤气", "coke_oven_gas"),
    ("其他煤气", "other_gas"),
    ("原油", "crude_oil"),
    ("汽油", "motor_gasoline"),
    ("煤油", "kerosene"),
    ("柴油", "gas_diesel_oil"),
    ("燃料油", "residual_fuel_oil"),
    ("液化石油气", "lpg"),
    ("炼厂干气", "refinery_gas"),
    ("天然气", "natural_gas"),
    ("其他石油制品", "other_petroleum_products"),
    ("其他焦化产品", "other_coking_products"),
]
# Columns that must be present but are not written (aggregates and secondary carriers).
SKIPPED_COLUMNS = ["煤合计", "油品合计", "热力", "电力", "其他能源"]

# Balance rows, found by their Chinese label (numbering such as "1." stripped).
ROW_TRANSFORMATION = "加工转换投入(-)产出(+)量"
ROW_THERMAL = "火力发电"
ROW_HEATING = "供热"
ROW_COAL_WASHING = "洗选煤"
ROW_COKING = "炼焦"
ROW_REFINING = "炼油"
ROW_GAS_WORKS = "制气"
ROW_COKE_REINPUT = "#焦炭再投入量(-)"
ROW_BRIQUETTES = "煤制品加工"
ROW_FINAL = "终端消费量"
ROW_FARMING = "农、林、牧、渔、水利业"
ROW_INDUSTRY = "工业"
ROW_NON_ENERGY = "#用作原料、材料"
ROW_CONSTRUCTION = "建筑业"
ROW_TRANSPORT = "交通运输、仓储和邮政业"
ROW_WHOLESALE = "批发、零售业和住宿、餐饮业"
ROW_RESIDENTIAL = "生活消费"
ROW_URBAN = "城镇"
ROW_RURAL = "乡村"
ROW_OTHER = "其他"
ROW_STAT_DIFF = "平衡差额"
ROW_SUPPLY = "可供本地区消费的能源量"
ROW_LOSS = "损失量"
ROW_SUM_CONSUMPTION = "消费量合计"

# (row label, IPCC 2006 category, kind) in output order.
# kind "input": transformation input, negative cells only, sign reversed.
# kind "final": final consumption, positive cells.
COMBUSTION_ROWS = [
    (ROW_THERMAL, "1.A.1.a.i", "input"),
    (ROW_HEATING, "1.A.1.a.iii", "input"),
    (ROW_FARMING, "1.A.4.c", "final"),
    (ROW_INDUSTRY, "1.A.2", "final"),
    (ROW_CONSTRUCTION, "1.A.2.k", "final"),
    (ROW_TRANSPORT, "1.A.3", "final"),
    (ROW_WHOLESALE, "1.A.4.a", "final"),
    (ROW_RESIDENTIAL, "1.A.4.b", "final"),
    (ROW_OTHER, "1.A.5.a", "final"),
]
FINAL_SECTOR_ROWS = [ROW_FARMING, ROW_INDUSTRY, ROW_CONSTRUCTION, ROW_TRANSPORT, ROW_WHOLESALE,
                     ROW_RESIDENTIAL, ROW_OTHER]
TRANSFORMATION_SUB_ROWS = [ROW_THERMAL, ROW_HEATING, ROW_COAL_WASHING, ROW_COKING, ROW_REFINING,
                           ROW_GAS_WORKS, ROW_BRIQUETTES]  # "#焦炭再投入量" is an "of which" line: not summed
NON_COMBUSTION_TRANSFORMATION_ROWS = [ROW_COAL_WASHING, ROW_COKING, ROW_REFINING, ROW_GAS_WORKS,
                                      ROW_BRIQUETTES]
ALL_ROWS = sorted(set([ROW_TRANSFORMATION, ROW_FINAL, ROW_NON_ENERGY, ROW_URBAN, ROW_RURAL, ROW_STAT_DIFF,
                       ROW_COKE_REINPUT, ROW_SUPPLY, ROW_LOSS, ROW_SUM_CONSUMPTION] + TRANSFORMATION_SUB_ROWS + FINAL_SECTOR_ROWS))

# Known Hubei 2007 figures (read in the printed table), checked against the file.
KNOWN_FIGURES = [
    (ROW_FINAL, "原煤", 5492.34),
    (ROW_THERMAL, "原煤", -3479.81),
    (ROW_FINAL, "天然气", 8.45),
]

OUT_COLUMNS = ["year", "region", "category", "activity", "value", "unit", "source", "note"]


class TableError(Exception):
    pass


def col_letters(c):
    """xlrd column index (0-based) → Excel letters (0 → A, 25 → Z, 26 → AA)."""
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(ord("A") + rem) + s
    return s


def a1(r, c):
    """xlrd (row, col), 0-based → Excel A1 reference."""
    return f"{col_letters(c)}{r + 1}"


def norm_label(text):
    """Strip spaces and leading numbering ("一.", "1.") from a row label."""
    t = str(text).strip().replace("\u3000", "")
    t = re.sub(r"^([一二三四五六七八九十]+|\d+)\s*[.．、]\s*", "", t)
    return t.strip()


def fmt(v):
    """Shortest round-trip decimal for a float, as Python's repr gives it (3479.81, 48.0)."""
    return repr(float(v))


def cell_number(sheet, r, c):
    """Numeric value of a cell; empty → 0.0.  Anything else non-numeric is an error."""
    cell = sheet.cell(r, c)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return 0.0
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return float(cell.value)
    if cell.ctype == xlrd.XL_CELL_TEXT and cell.value.strip() in ("", "-", "—"):
        return 0.0
    raise TableError(f"cell {a1(r, c)} is not a number: {cell.value!r}")


def find_columns(sheet):
    headers = {}
    for c in range(sheet.ncols):
        h = str(sheet.cell_value(HEADER_ROW, c)).strip()
        if h:
            if h in headers:
                raise TableError(f"header {h!r} appears twice in row {HEADER_ROW + 1} "
                                 f"({a1(HEADER_ROW, headers[h])} and {a1(HEADER_ROW, c)})")
            headers[h] = c
    wanted = [zh for zh, _ in FUEL_COLUMNS] + SKIPPED_COLUMNS
    missing = [h for h in wanted if h not in headers]
    if missing:
        raise TableError(f"expected column header(s) {missing} not found in row {HEADER_ROW + 1}; "
                         f"headers present: {list(headers)}")
    return headers


def column_unit(sheet, c):
    u = str(sheet.cell_value(UNIT_ROW, c)).strip()
    u = u.strip("()（）").strip()
    if not u:
        raise TableError(f"no unit in the header at {a1(UNIT_ROW, c)}")
    return u


def find_rows(sheet):
    found = {}
    for r in range(HEADER_ROW + 1, sheet.nrows):
        lab = norm_label(sheet.cell_value(r, LABEL_COL))
        if lab in ALL_ROWS:
            if lab in found:
                raise TableError(f"row label {lab!r} appears twice (rows {found[lab] + 1} and {r + 1})")
            found[lab] = r
    missing = [lab for lab in ALL_ROWS if lab not in found]
    if missing:
        raise TableError(f"expected row label(s) {missing} not found in column A")
    return found


def english_label(sheet, r):
    return re.sub(r"\s+", " ", str(sheet.cell_value(r, LABEL_EN_COL))).strip()


def check(cond, msg, failures):
    if not cond:
        failures.append(msg)


def sanity_checks(sheet, cols, rows):
    failures = []
    energy_cols = sorted(set(cols.values()) - {LABEL_COL, LABEL_EN_COL})
    for c in energy_cols:
        name = sheet.cell_value(HEADER_ROW, c)
        # final-consumption sectors add up to the final-consumption total
        total = cell_number(sheet, rows[ROW_FINAL], c)
        parts = sum(cell_number(sheet, rows[x], c) for x in FINAL_SECTOR_ROWS)
        check(abs(total - parts) <= TOLERANCE,
              f"{name}: final consumption sectors sum to {parts:.2f}, total row {a1(rows[ROW_FINAL], c)} "
              f"says {total:.2f}", failures)
        # urban + rural = residential
        res = cell_number(sheet, rows[ROW_RESIDENTIAL], c)
        ur = cell_number(sheet, rows[ROW_URBAN], c) + cell_number(sheet, rows[ROW_RURAL], c)
        check(abs(res - ur) <= TOLERANCE,
              f"{name}: urban + rural = {ur:.2f} but residential {a1(rows[ROW_RESIDENTIAL], c)} = {res:.2f}",
              failures)
        # transformation sub-rows add up to the transformation total
        ttot = cell_number(sheet, rows[ROW_TRANSFORMATION], c)
        tparts = sum(cell_number(sheet, rows[x], c) for x in TRANSFORMATION_SUB_ROWS)
        check(abs(ttot - tparts) <= TOLERANCE,
              f"{name}: transformation sub-rows sum to {tparts:.2f}, total row "
              f"{a1(rows[ROW_TRANSFORMATION], c)} says {ttot:.2f}", failures)
        # non-energy use cannot exceed industry
        ind = cell_number(sheet, rows[ROW_INDUSTRY], c)
        ne = cell_number(sheet, rows[ROW_NON_ENERGY], c)
        check(ne <= ind + TOLERANCE,
              f"{name}: non-energy use {a1(rows[ROW_NON_ENERGY], c)} = {ne} exceeds industry {ind}", failures)
    for row, col, expected in KNOWN_FIGURES:
        got = cell_number(sheet, rows[row], cols[col])
        check(abs(got - expected) <= 1e-9,
              f"known figure {row} × {col} should be {expected}, cell {a1(rows[row], cols[col])} has {got}",
              failures)
    if failures:
        raise TableError("sanity checks failed:\n  " + "\n  ".join(failures))


def build_rows(sheet, cols, rows, xls_name, sheet_name):
    out = []
    ne_row = rows[ROW_NON_ENERGY]
    ne_en = english_label(sheet, ne_row)
    for label, category, kind in COMBUSTION_ROWS:
        r = rows[label]
        en = english_label(sheet, r)
        for zh, key in FUEL_COLUMNS:
            c = cols[zh]
            v = cell_number(sheet, r, c)
            src = f"{SOURCE_DOC} ({xls_name}) › {sheet_name} › {a1(r, c)}"
            if kind == "input":
                if v >= 0:
                    continue  # empty, zero or an output: not combustion
                value = fmt(-v)
                note = f"{label} {en} (input, sign reversed)"
            else:
                if label == ROW_INDUSTRY:
                    ne = cell_number(sheet, ne_row, c)
                    if ne != 0:
                        net = round(v - ne, 2)
                        value_f = net
                        src = f"{src} − {a1(ne_row, c)}"
                        note = (f"{label} {en} minus {ROW_NON_ENERGY} {ne_en} "
                                f"({fmt(v)} − {fmt(ne)}, non-energy use subtracted)")
                    else:
                        value_f = v
                        note = (f"{label} {en} (final consumption; {ROW_NON_ENERGY} {ne_en} "
                                f"is empty for this fuel, nothing subtracted)")
                else:
                    value_f = v
                    if label == ROW_OTHER:
                        note = f"{label} {en}"
                    else:
                        note = f"{label} {en} (final consumption)"
                if value_f == 0:
                    continue
                if value_f < 0:
                    raise TableError(f"negative final consumption {value_f} at {a1(r, c)} ({label}, {zh})")
                value = fmt(value_f)
            out.append({
                "year": YEAR, "region": REGION, "category": category, "activity": key,
                "value": value, "unit": column_unit(sheet, c), "source": src, "note": note,
            })
    return out


def reconcile(sheet, cols, rows, out):
    """Per fuel: written (combusted) + non-combustion transformation inputs + losses = 六.消费量合计.

    Returns a list of (zh, key, unit, combusted, other_inputs, loss, sum_of_consumption, supply,
    supply_components) and raises TableError if a fuel does not reconcile within TOLERANCE.
    """
    failures, table = [], []
    supply_r = rows[ROW_SUPPLY]
    for zh, key in FUEL_COLUMNS:
        c = cols[zh]
        combusted = sum(float(r["value"]) for r in out if r["activity"] == key)
        other_inputs = sum(-v for v in (cell_number(sheet, rows[x], c) for x in NON_COMBUSTION_TRANSFORMATION_ROWS)
                           if v < 0)
        loss = cell_number(sheet, rows[ROW_LOSS], c)
        non_energy = cell_number(sheet, rows[ROW_NON_ENERGY], c)
        soc = cell_number(sheet, rows[ROW_SUM_CONSUMPTION], c)
        got = combusted + other_inputs + loss + non_energy
        check(abs(got - soc) <= TOLERANCE,
              f"{zh}: combusted {combusted:.2f} + other transformation inputs {other_inputs:.2f} + loss {loss:.2f}"
              f" + non-energy {non_energy:.2f} = {got:.2f}, but {a1(rows[ROW_SUM_CONSUMPTION], c)} = {soc:.2f}",
              failures)
        supply = cell_number(sheet, supply_r, c)
        comps = sum(cell_number(sheet, r, c) for r in range(supply_r + 1, rows[ROW_TRANSFORMATION]))
        table.append((zh, key, column_unit(sheet, c), combusted, other_inputs, loss, soc, supply, comps))
    if failures:
        raise TableError("reconciliation with 六.消费量合计 failed:\n  " + "\n  ".join(failures))
    return table


def summary(out, table):
    """Text summary: row count, per-category totals by unit, raw coal combusted."""
    lines = [f"rows: {len(out)}"]
    cats = []
    for r in out:
        if r["category"] not in cats:
            cats.append(r["category"])
    lines.append("per category (sum of values by unit; different fuels in the same unit are simply added):")
    for cat in cats:
        by_unit = {}
        n = 0
        for r in out:
            if r["category"] == cat:
                n += 1
                by_unit[r["unit"]] = by_unit.get(r["unit"], 0.0) + float(r["value"])
        parts = ", ".join(f"{v:.2f} {u}" for u, v in by_unit.items())
        lines.append(f"  {cat:8s} {n:2d} rows: {parts}")
    lines.append("per fuel (all categories):")
    fuels = {}
    for r in out:
        k = (r["activity"], r["unit"])
        fuels[k] = fuels.get(k, 0.0) + float(r["value"])
    for (key, unit), v in fuels.items():
        lines.append(f"  {key:26s} {v:10.2f} {unit}")
    # raw coal combusted = thermal power + heating + final consumption
    def pick(cat_note, key):
        return sum(float(r["value"]) for r in out if r["activity"] == key and r["note"].startswith(cat_note))
    tp, hs = pick("火力发电", "raw_coal"), pick("供热", "raw_coal")
    fc = sum(float(r["value"]) for r in out if r["activity"] == "raw_coal" and not r["category"].startswith("1.A.1.a"))
    lines.append(f"raw coal combusted = thermal power {tp:.2f} + heating {hs:.2f} + final consumption "
                 f"{fc:.2f} = {tp + hs + fc:.2f} 万吨")
    lines.append("reconciliation per fuel: combusted + other transformation inputs + loss = 六.消费量合计;"
                 " supply total (一) vs the sum of its listed components (1.-9.):")
    for zh, key, unit, comb, oth, loss, soc, sup, comps in table:
        gap = sup - comps
        flag = "  <- supply total exceeds its components" if abs(gap) > TOLERANCE else ""
        lines.append(f"  {key:26s} {comb:9.2f} + {oth:8.2f} + {loss:5.2f} = {soc:9.2f} {unit}"
                     f" | supply {sup:9.2f}, components {comps:9.2f}, gap {gap:7.2f}{flag}")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("xls", nargs="?", default=DEFAULT_XLS,
                    help="path of 17-hubei.xls (default: ../shared/data/energy-balance-2007/17-hubei.xls "
                         "relative to the repository root)")
    ap.add_argument("-o", "--output", default=DEFAULT_OUT,
                    help="CSV to write (default: examples/data/hubei-2007-activity.csv)")
    ap.add_argument("--balance-output", default=DEFAULT_BALANCE_OUT,
                    help="the whole balance table as CSV, cell for cell (default: "
                         "examples/data/hubei-2007-balance.csv)")
    args = ap.parse_args(argv)

    if not os.path.exists(args.xls):
        sys.exit(f"make-hubei-example: input not found: {args.xls}")
    book = xlrd.open_workbook(args.xls)
    sheet = book.sheet_by_index(0)
    try:
        title = str(sheet.cell_value(0, 0))
        if "湖北" not in title or str(YEAR) not in title:
            raise TableError(f"this script is for the Hubei {YEAR} table; title cell A1 is {title!r}")
        cols = find_columns(sheet)
        rows = find_rows(sheet)
        sanity_checks(sheet, cols, rows)
        out = build_rows(sheet, cols, rows, os.path.basename(args.xls), sheet.name)
        table = reconcile(sheet, cols, rows, out)
    except TableError as e:
        sys.exit(f"make-hubei-example: {args.xls}: {e}")

    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=OUT_COLUMNS, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writeheader()
        w.writerows(out)
    print(f"wrote {args.output}")
    write_balance_csv(sheet, args.balance_output)
    print(f"wrote {args.balance_output}")
    print(summary(out, table))


def write_balance_csv(sheet, path):
    """The balance table cell for cell, as CSV: row r of the sheet is line r + 1, column c is field c + 1,
    so that a location "line 22, column 4" is cell D22 of the yearbook sheet. Numbers are rounded to the
    table's two decimals (the .xls stores a few binary artefacts such as -0.20999999999999908 in J21)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for r in range(sheet.nrows):
            row = []
            for c in range(sheet.ncols):
                v = sheet.cell_value(r, c)
                if isinstance(v, float):
                    v = round(v, 2)
                    v = repr(v) if v != int(v) else str(int(v))
                row.append(v)
            w.writerow(row)


if __name__ == "__main__":
    main()
