#!/usr/bin/env python3
"""The sectoral scenario model of ghgkit (src/scenario/sectoral.rs), vectorised with NumPy over the draws.

Reads the same scenario file (tomllib), draws the same distributions (NumPy's PCG64, not ghgkit's ChaCha8:
the two agree in distribution, not draw for draw) and computes the same statistics of CO2: mean and type-7
percentiles p5/p25/p50/p75/p95 per year (np.percentile, method "linear", exact), and P(peak by the
target year) with ghgkit's peak definition (first maximum over base..end; a maximum in the last year is
not a peak).

    python3 bench_mc_numpy.py SPEC.toml --draws 1000000 --seed 1 --out stats.json
    python3 bench_mc_numpy.py SPEC.toml --draws 200000 --check GHGKIT_OUT_DIR   # compare with ghgkit

Supported (what the Hubei sectoral file uses, and errors otherwise): rates as a number, a distribution
(normal, lognormal, triangular, uniform; per = "draw" or "year") or a map of periods whose values are either;
units 1e8 CNY (value added), 万人 (population), 万吨标准煤 (energy), 万吨 (cement).
"""
import argparse
import json
import math
import sys
import tomllib

import numpy as np

FUELS = ["coal", "oil", "gas", "electricity", "heat", "other"]
SOURCES = ["coal", "gas", "hydro", "nuclear", "wind", "solar", "imports"]
END_USE = ["agriculture", "industry", "construction", "transport", "services", "households"]
# Defaults of src/scenario/sectoral.rs (same arithmetic).
TCE = 0.0293076  # TJ/tce
FUEL_CO2 = {"coal": 94600 * TCE / 1000, "oil": 73300 * TCE / 1000, "gas": 56100 * TCE / 1000}
POWER_CO2 = {"coal": 0.3055 * 94600 * TCE / 1000, "gas": 3.6 / 0.53 * 56.1 / 1000}
HEAT_CO2 = 94600 * TCE / 1000 / 0.85
CLINKER_CO2 = 0.52
E4TCE_PER_E8KWH = 36.0 / 29.3076
MONEY = {"1e8 CNY": True, "万人": False}
DISTS = {"normal", "lognormal", "triangular", "uniform"}


class Rate:
    """One driver: per year index k (year base+1+k) a callable giving the rates of all draws."""

    def __init__(self, spec, years, base, rng, n, what):
        self.cols = [None] * years
        if isinstance(spec, (int, float)):
            for k in range(years):
                self.cols[k] = float(spec)
        elif isinstance(spec, dict) and DISTS & spec.keys():
            self._dist(spec, range(years), rng, n, what)
        elif isinstance(spec, dict):
            for period, v in spec.items():
                a, _, b = period.partition("-")
                a, b = int(a), int(b or a)
                ks = [y - base - 1 for y in range(a, b + 1) if base < y <= base + years]
                if isinstance(v, (int, float)):
                    for k in ks:
                        self.cols[k] = float(v)
                else:
                    self._dist(v, ks, rng, n, f"{what}.{period}")
        else:
            sys.exit(f"{what}: rate form not supported by this script: {spec!r}")
        if any(c is None for c in self.cols):
            sys.exit(f"{what}: the periods do not cover every year")

    def _dist(self, spec, ks, rng, n, what):
        per = spec.get("per", "draw")
        if per == "draw":
            x = sample(spec, rng, n, what)
            for k in ks:
                self.cols[k] = x
        else:
            for k in ks:
                self.cols[k] = sample(spec, rng, n, what)

    def at(self, k):
        return self.cols[k]


def sample(spec, rng, n, what):
    (kind,) = DISTS & spec.keys()
    p = spec[kind]
    if kind == "normal":
        x = rng.normal(p["mean"], p["sd"], n)
    elif kind == "lognormal":
        x = np.exp(rng.normal(p["mu"], p["sigma"], n)) - 1.0
    elif kind == "triangular":
        x = rng.triangular(p["min"], p["mode"], p["max"], n) if p["max"] > p["min"] else np.full(n, p["min"])
    else:
        x = rng.uniform(p["min"], p["max"], n)
    if not np.all(x > -1.0):
        sys.exit(f"{what}: a drawn rate is -100 % or below")
    return x


def simulate(spec, n, seed):
    sc = spec["scenario"]
    base, end = sc["base_year"], sc["end_year"]
    years = end - base  # projected years
    rng = np.random.default_rng(seed)
    f = spec.get("factors", {})
    fuel_co2 = np.array([f.get("fuel", {}).get(x, FUEL_CO2.get(x, 0.0)) for x in FUELS])
    power_co2 = np.array([f.get("power", {}).get(x, POWER_CO2.get(x, 0.0)) for x in SOURCES])
    heat_co2 = f.get("heat", HEAT_CO2)
    clinker_co2 = f.get("clinker", CLINKER_CO2)
    sectors = []
    for key in END_USE:
        s = spec.get("sectors", {}).get(key)
        if s is None:
            continue
        if s["activity"]["unit"] not in MONEY or s["energy"]["unit"] != "万吨标准煤":
            sys.exit(f"sectors.{key}: unit not supported by this script")
        shares = np.array([s["fuels"].get(x, 0.0) for x in FUELS])
        growth = {x: Rate(g, years, base, rng, n, f"sectors.{key}.fuel_growth.{x}")
                  for x, g in s.get("fuel_growth", {}).items()}
        sectors.append({
            "money": MONEY[s["activity"]["unit"]],
            "a": np.full(n, float(s["activity"]["value"])),
            "e": np.full(n, s["energy"]["value"] / s["activity"]["value"]),
            "w": np.tile(shares[:, None], (1, n)),  # fuel × draw
            "ag": Rate(s["activity_growth"], years, base, rng, n, f"sectors.{key}.activity_growth"),
            "ig": Rate(s["energy_intensity_growth"], years, base, rng, n,
                       f"sectors.{key}.energy_intensity_growth"),
            "fg": {FUELS.index(x): r for x, r in growth.items()},
        })
    proc = spec.get("sectors", {}).get("industrial_processes")
    if proc is not None:
        if proc["cement"]["unit"] != "万吨":
            sys.exit("sectors.industrial_processes.cement: unit not supported by this script")
        cement = np.full(n, float(proc["cement"]["value"]))
        clinker = np.full(n, float(proc["clinker_ratio"]))
        cg = Rate(proc["cement_growth"], years, base, rng, n, "cement_growth")
        kg = Rate(proc["clinker_ratio_growth"], years, base, rng, n, "clinker_ratio_growth") \
            if "clinker_ratio_growth" in proc else None
    power = spec.get("power", {})
    mix = np.tile(np.array([power.get("mix", {}).get(x, 0.0) for x in SOURCES])[:, None], (1, n))
    mg = {SOURCES.index(x): Rate(g, years, base, rng, n, f"power.mix_growth.{x}")
          for x, g in power.get("mix_growth", {}).items()}

    co2 = np.empty((years + 1, n))

    def year_co2():
        total = np.zeros(n)
        by_fuel_el = np.zeros(n)
        by_fuel_heat = np.zeros(n)
        for s in sectors:
            e = s["a"] * s["e"]
            sh = s["w"] / s["w"].sum(axis=0)
            total += e * (fuel_co2[:, None] * sh).sum(axis=0) / 100.0
            by_fuel_el += e * sh[3]
            by_fuel_heat += e * sh[4]
        msum = mix.sum(axis=0)
        grid = (power_co2[:, None] * mix).sum(axis=0) / np.where(msum > 0, msum, 1.0)
        total += by_fuel_el / E4TCE_PER_E8KWH * grid / 10.0
        total += by_fuel_heat * heat_co2 / 100.0
        if proc is not None:
            total += cement * clinker * clinker_co2 / 100.0
        return total

    co2[0] = year_co2()
    for k in range(years):
        for s in sectors:
            s["a"] *= 1.0 + s["ag"].at(k)
            s["e"] *= 1.0 + s["ig"].at(k)
            for fi, r in s["fg"].items():
                s["w"][fi] *= 1.0 + r.at(k)
        if proc is not None:
            cement *= 1.0 + cg.at(k)
            if kg is not None:
                np.minimum(clinker * (1.0 + kg.at(k)), 1.0, out=clinker)
        for si, r in mg.items():
            mix[si] *= 1.0 + r.at(k)
        co2[k + 1] = year_co2()
    return co2


def statistics(spec, co2):
    base = spec["scenario"]["base_year"]
    qs = np.percentile(co2, [5, 25, 50, 75, 95], axis=1)  # exact, type 7 ("linear")
    peak = np.argmax(co2, axis=0)  # the first maximum
    last = co2.shape[0] - 1
    by = spec.get("targets", {}).get("peak_by")
    p_by = None if by is None else float(np.mean((peak < last) & (base + peak <= by)))
    return {
        "draws": co2.shape[1],
        "years": [base + y for y in range(co2.shape[0])],
        "mean": co2.mean(axis=1).tolist(),
        **{f"p{p}": qs[k].tolist() for k, p in enumerate([5, 25, 50, 75, 95])},
        "peak_by": by,
        "p_peak_by": p_by,
    }, co2


def check(spec, st, co2, out_dir):
    """ghgkit's trajectories.csv and targets.json against these statistics, within Monte Carlo error."""
    import csv

    n = co2.shape[1]
    rows = {}
    with open(f"{out_dir}/trajectories.csv", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            if r["variable"] == "co2":
                rows[int(r["year"])] = r
    with open(f"{out_dir}/targets.json", encoding="utf-8") as fh:
        tj = json.load(fh)
    m = int(tj["draws"])
    worst, fails = 0.0, []
    for y, year in enumerate(st["years"]):
        x = co2[y]
        sd = x.std()
        # Mean: two independent estimates, standard error of the difference sd √(1/n + 1/m).
        # (+ rounding: the base year has no spread, both means are the same value up to summation order)
        se = sd * math.sqrt(1 / n + 1 / m) + 1e-12 * abs(st["mean"][y])
        checks = [("mean", st["mean"][y], float(rows[year]["mean"]), se)]
        for p in [5, 25, 50, 75, 95]:
            # Quantile: se = √(p(1−p)) / f(Q) per √draws; 1/f(Q) from the NumPy sample, dQ/dp around p.
            lo, hi = np.percentile(x, [p - 1, p + 1])
            dqdp = (hi - lo) / 0.02
            se = dqdp * math.sqrt(p / 100 * (1 - p / 100)) * math.sqrt(1 / n + 1 / m)
            # Plus ghgkit's sketch accuracy (1e-4 relative).
            checks.append((f"p{p}", st[f"p{p}"][y], float(rows[year][f"p{p}"]), se + 1e-4 * abs(st[f"p{p}"][y])))
        for name, a, b, se in checks:
            z = abs(a - b) / se if se > 0 else (0.0 if a == b else math.inf)
            worst = max(worst, z)
            if z > 4.5:
                fails.append(f"co2 {year} {name}: numpy {a:.6g} vs ghgkit {b:.6g} ({z:.1f} standard errors)")
    pg = tj["scenarios"][0]["peak_year"]["probability_peak_by"]
    pn = st["p_peak_by"]
    se = math.sqrt(max(pn * (1 - pn), 1e-12) * (1 / n + 1 / m))
    z = abs(pg - pn) / se
    worst = max(worst, z)
    if z > 4.5:
        fails.append(f"P(peak by {st['peak_by']}): numpy {pn:.5f} vs ghgkit {pg:.5f} ({z:.1f} s.e.)")
    print(f"check: {6 * len(st['years']) + 1} statistics of CO2 compared (numpy {n} draws, ghgkit {m}); "
          f"largest difference {worst:.2f} standard errors of the difference (limit 4.5); "
          f"P(peak by {st['peak_by']}) numpy {pn:.4f}, ghgkit {pg:.4f}")
    for f in fails:
        print("  FAIL", f)
    return not fails


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("spec")
    ap.add_argument("--draws", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", help="write the statistics here (JSON)")
    ap.add_argument("--check", metavar="GHGKIT_OUT", help="compare with ghgkit's outputs in this folder")
    a = ap.parse_args()
    with open(a.spec, "rb") as fh:
        spec = tomllib.load(fh)
    if spec.get("model", {}).get("type") != "sectoral":
        sys.exit("only the sectoral model is implemented here")
    st, co2 = statistics(spec, simulate(spec, a.draws, a.seed))
    if a.out:
        with open(a.out, "w", encoding="utf-8") as fh:
            json.dump(st, fh)
    if a.check and not check(spec, st, co2, a.check):
        sys.exit(1)


if __name__ == "__main__":
    main()
