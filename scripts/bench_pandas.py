"""The pandas side of scripts/bench-compare.sh: the same inventory totals as ghgkit, the way an analyst
would compute them with pandas.

    bench_pandas.py factors INVENTORY.csv FACTORS.tsv OUT.csv
        The factor table: for every (category, fuel) of a small workbook that has each combination once,
        the factors ghgkit chose (inventory.csv: `factor_ids`, `method`) with their values and units as
        `ghgkit factors` lists them (FACTORS.tsv), converted here to TJ per t (or m³) and t per TJ.
    bench_pandas.py run ENGINE WORKBOOK FACTORS.csv OUT.csv
        Timed part: pandas.read_excel(engine=ENGINE), unit conversion, merge with the factor table,
        E = A × NCV, CO2 = E × CC × OF × 44/12, CH4 and N2O = E × EF, CO2e with the AR5 GWP100, sums by
        region, year and gas, written to OUT.csv.
    bench_pandas.py check SUMMARY.json TOTALS.csv [TOLERANCE]
        Compares ghgkit's summary.json (`by_gas`) with OUT.csv: every (region, year, gas) in both, relative
        difference at most TOLERANCE (default 1e-9) for the mass and the CO2e. Exit 1 otherwise.

Only the standard library is used outside `run`, so that `factors` and `check` need no environment.
"""

import csv
import json
import sys

# Activity units of the generated workbook (examples/make_tidy_workbook.rs) in t or m³.
ACTIVITY_UNITS = {"t": 1.0, "万吨": 1e4, "亿立方米": 1e8}
# Factor units (factors/*.toml) to TJ per t or m³ (heating values) or t per TJ (emission factors).
FACTOR_UNITS = {
    "kJ/kg": 1e-6,  # 1 kJ/kg = 1 GJ/1000 t ... = 1e3 J / 1e-3 t = 1e6 J/t = 1e-6 TJ/t
    "kJ/m3": 1e-9,  # 1e3 J/m³ = 1e-9 TJ/m³
    "TJ/Gg": 1e-3,  # per 1000 t
    "t C/TJ": 1.0,
    "kg/TJ": 1e-3,
    "kg CO2/TJ": 1e-3,
    "fraction": 1.0,
}
GWP_AR5 = {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0}
CO2_PER_C = 44.0 / 12.0


def factors(inventory_csv, factors_tsv, out_csv):
    values = {}
    with open(factors_tsv, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            values[row["id"]] = (float(row["value"]), row["unit"])

    def canonical(fid):
        v, unit = values[fid]
        if unit not in FACTOR_UNITS:
            sys.exit(f"factor {fid}: unit {unit!r} is not in FACTOR_UNITS")
        return v * FACTOR_UNITS[unit]

    table = {}
    with open(inventory_csv, encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            key = (row["category"], row["activity"])
            ids = [x.strip() for x in row["factor_ids"].split(";")]
            t = table.setdefault(key, {})
            if row["gas"] == "CO2" and row["method"] == "A × NCV × CC × OF × 44/12":
                t["ncv"], t["cc"], t["of"] = (canonical(i) for i in ids)
            elif row["gas"] in ("CH4", "N2O") and row["method"] == "A × NCV × EF":
                ncv, ef = (canonical(i) for i in ids)
                t["ncv"] = ncv
                t["ef_" + row["gas"].lower()] = ef
            else:
                sys.exit(f"method {row['method']!r} for {row['gas']} is not handled here")
    with open(out_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["category", "activity", "ncv_tj_per_unit", "cc_t_per_tj", "of", "ef_ch4_t_per_tj", "ef_n2o_t_per_tj"])
        for (cat, act), t in sorted(table.items()):
            w.writerow([cat, act, repr(t["ncv"]), repr(t["cc"]), repr(t["of"]), repr(t["ef_ch4"]), repr(t["ef_n2o"])])
    print(f"{len(table)} (category, fuel) combinations", file=sys.stderr)


def run(engine, workbook, factors_csv, out_csv):
    import pandas as pd

    df = pd.read_excel(workbook, sheet_name="activity", engine=engine)
    fac = pd.read_csv(factors_csv)
    df["qty"] = df["value"] * df["unit"].map(ACTIVITY_UNITS)
    if df["qty"].isna().any():
        sys.exit("unknown activity unit: " + ", ".join(sorted(set(df.loc[df["qty"].isna(), "unit"]))))
    df = df.merge(fac, on=["category", "activity"], how="left", validate="many_to_one")
    if df["ncv_tj_per_unit"].isna().any():
        sys.exit("a (category, fuel) without factors")
    energy = df["qty"] * df["ncv_tj_per_unit"]
    gases = {
        "CO2": energy * df["cc_t_per_tj"] * df["of"] * CO2_PER_C,
        "CH4": energy * df["ef_ch4_t_per_tj"],
        "N2O": energy * df["ef_n2o_t_per_tj"],
    }
    parts = []
    for gas, t in gases.items():
        p = df[["region", "year"]].copy()
        p["gas"] = gas
        p["emissions_t"] = t
        p["co2e_t"] = t * GWP_AR5[gas]
        parts.append(p)
    long = pd.concat(parts, ignore_index=True)
    totals = long.groupby(["region", "year", "gas"], sort=True)[["emissions_t", "co2e_t"]].sum()
    totals.to_csv(out_csv, float_format="%.17g")


def check(summary_json, totals_csv, tol=1e-9):
    with open(summary_json, encoding="utf-8") as f:
        ours = {(g["region"], int(g["year"]), g["gas"]): g for g in json.load(f)["by_gas"]}
    theirs = {}
    with open(totals_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            theirs[(row["region"], int(row["year"]), row["gas"])] = row
    if set(ours) != set(theirs):
        sys.exit(f"different (region, year, gas) keys: {len(ours)} in summary.json, {len(theirs)} from pandas")
    worst = 0.0
    for k, g in ours.items():
        for col in ("emissions_t", "co2e_t"):
            a, b = float(g[col]), float(theirs[k][col])
            rel = abs(a - b) / max(abs(a), abs(b), 1e-300)
            worst = max(worst, rel)
            if rel > tol:
                sys.exit(f"{k} {col}: ghgkit {a!r} vs pandas {b!r} (relative difference {rel:.3g} > {tol})")
    print(f"{len(ours)} totals agree; largest relative difference {worst:.2g}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "factors":
        factors(*args)
    elif cmd == "run":
        run(*args)
    elif cmd == "check":
        check(args[0], args[1], *(float(x) for x in args[2:]))
    else:
        sys.exit(__doc__)
