//! The scenario engine against closed forms, computed here independently of the code.
//!
//! The minimal scenario (`scenarios/simple.toml`): GDP grows 6.5 % a year in 2021-2025 and 5 % in 2026-2035;
//! the carbon intensity changes by `r` every year, `r ~ N(−0.045, 0.01)` drawn once per draw. So
//!
//!   CO2_t = CO2_2020 × Π_{s ≤ t} (1 + g_s) × (1 + r)^(t − 2020).
//!
//! * CO2_2035 is an increasing function of `r` (for 1 + r > 0), so its p-quantile is that function of the
//!   p-quantile of `r`, `mean + sd × z_p` — exact, with no normal approximation of ln(1 + r).
//! * Peak: the yearly CO2 growth factor is (1 + g_t)(1 + r), constant within each GDP period, so the path is
//!   monotone within each period. With a = 1/1.065 − 1 = −0.061033 and b = 1/1.05 − 1 = −0.047619:
//!   - r > b: rising in both periods → maximum in 2035 → not peaked within the horizon;
//!   - a < r < b: rising to 2025, falling after → peak 2025;
//!   - r < a: falling from the start → peak 2020.
//!     P(peak by 2030) = P(r < b) = Φ((b + 0.045) / 0.01) = Φ(−0.2619) ≈ 0.3967; P(peak 2020) = Φ(−1.6033).
//! * Annual drop 1.2 %: every year's ratio is 1 + r, so P = P(r ≤ −0.012) = Φ(3.3).
//! * 2020→2025 intensity −18 %: (1 + r)^5 ≤ 0.82 ⇔ r ≤ 0.82^(1/5) − 1 → P = Φ((0.82^0.2 − 1 + 0.045)/0.01).

mod common;

use common::{ghgkit, read_csv, rel, tempdir, text};
use std::path::{Path, PathBuf};

const N: usize = 20_000;
const MEAN: f64 = -0.045;
const SD: f64 = 0.01;

fn simple() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/simple.toml")
}

/// The standard normal CDF, Φ(x) = erfc(−x/√2)/2, with erfc from W. J. Cody's rational approximations as
/// given in Numerical Recipes (erfcc, fractional error < 1.2e-7): ample for probabilities compared at 1e-3.
fn phi(x: f64) -> f64 {
    let z = -x / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * z.abs());
    let ans = t
        * (-z * z - 1.26551223
            + t * (1.00002368
                + t * (0.37409196
                    + t * (0.09678418
                        + t * (-0.18628806
                            + t * (0.27886807
                                + t * (-1.13520398
                                    + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
            .exp();
    let erfc = if z >= 0.0 { ans } else { 2.0 - ans };
    0.5 * erfc
}

/// The standard normal density.
fn density(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// z_0.95 = Φ⁻¹(0.95).
const Z95: f64 = 1.6448536269514722;

/// CO2 in year `t` for a given intensity rate `r` (closed form).
fn co2(t: i32, r: f64) -> f64 {
    let mut gdp_factor = 1.0;
    for y in 2021..=t {
        gdp_factor *= if y <= 2025 { 1.065 } else { 1.05 };
    }
    330.0 * gdp_factor * (1.0 + r).powi(t - 2020)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run(dir: &Path, files: &[&Path], extra: &[&str]) -> std::process::Output {
    let mut args: Vec<String> = vec!["scenario".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ghgkit(dir, &args)
}

/// (variable, year) → [mean, p5, p25, p50, p75, p95] for one scenario.
fn rows(out: &Path, scenario: &str) -> Vec<(String, i32, Vec<f64>)> {
    let (header, rows) = read_csv(&out.join("trajectories.csv"));
    assert_eq!(
        header,
        [
            "scenario", "variable", "unit", "year", "mean", "p5", "p25", "p50", "p75", "p95"
        ]
    );
    rows.into_iter()
        .filter(|r| r[0] == scenario)
        .map(|r| {
            (
                r[1].clone(),
                r[3].parse().unwrap(),
                r[4..].iter().map(|x| x.parse().unwrap()).collect(),
            )
        })
        .collect()
}

fn get(rows: &[(String, i32, Vec<f64>)], var: &str, year: i32) -> Vec<f64> {
    rows.iter()
        .find(|(v, y, _)| v == var && *y == year)
        .unwrap_or_else(|| panic!("no row {var} {year}"))
        .2
        .clone()
}

fn targets(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("targets.json")).unwrap()).unwrap()
}

#[test]
fn fixed_rates_reproduce_the_closed_form() {
    let d = tempdir();
    let body = std::fs::read_to_string(simple())
        .unwrap()
        .replace("{ normal = { mean = -0.045, sd = 0.01 } }", "-0.045");
    let f = write(d.path(), "fixed.toml", &body);
    let o = run(d.path(), &[&f], &["--out", "out", "--draws", "3"]);
    assert!(o.status.success(), "{}", text(&o));
    let r = rows(&d.path().join("out"), "simple");
    assert_eq!(r.len(), 3 * 16);
    for t in 2020..=2035 {
        let c = co2(t, MEAN);
        let mut gdp = 43443.0;
        for y in 2021..=t {
            gdp *= if y <= 2025 { 1.065 } else { 1.05 };
        }
        let intensity = 100.0 * 330.0 / 43443.0 * (1.0 + MEAN).powi(t - 2020);
        for (var, want) in [("co2", c), ("gdp", gdp), ("carbon_intensity", intensity)] {
            for x in get(&r, var, t) {
                assert!(rel(x, want) < 1e-9, "{var} {t}: {x} vs {want}");
            }
        }
    }
    let j = targets(&d.path().join("out"));
    let s = &j["scenarios"][0];
    // r = −0.045 > b: still rising in 2035.
    assert_eq!(s["peak_year"]["not_peaked_within_horizon"], 1.0);
    assert_eq!(s["peak_year"]["probability_peak_by"], 0.0);
    // (1 − 0.045)^5 − 1 = −0.2059 ≤ −0.18: met; −4.5 % ≤ −1.2 % every year: met.
    assert_eq!(s["targets"][0]["probability"], 1.0);
    assert_eq!(s["targets"][1]["probability"], 1.0);
}

#[test]
fn uncertain_intensity_matches_analytic_quantiles_and_probabilities() {
    let d = tempdir();
    let o = run(
        d.path(),
        &[&simple()],
        &["--out", "out", "--draws", &N.to_string(), "--seed", "42"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let r = rows(&d.path().join("out"), "simple");
    let q = get(&r, "co2", 2035);
    // Quantiles: Q_CO2(p) = co2(2035, mean + sd z_p). The sampling standard error of the p-quantile of r is
    // sd × sqrt(p(1 − p)/N) / φ(z_p) (asymptotic, normal parent); through d ln CO2 / dr = 15/(1 + r) it is a
    // relative error of 15 × se_r / (1 + r) on CO2. Tolerance: 4 standard errors, plus the relative accuracy
    // of the engine's quantile sketch (ghgkit::scenario::sketch::RELATIVE_ACCURACY = 1e-4).
    for (p, z, got) in [(0.05, -Z95, q[1]), (0.5, 0.0, q[3]), (0.95, Z95, q[5])] {
        let r_p = MEAN + SD * z;
        let want = co2(2035, r_p);
        let se_r = SD * (p * (1.0 - p) / N as f64).sqrt() / density(z);
        let tol = 4.0 * 15.0 * se_r / (1.0 + r_p) + 1e-4;
        assert!(
            rel(got, want) < tol,
            "p{p}: {got} vs {want} (tolerance {tol})"
        );
    }
    // Base year: the value given, in every statistic.
    assert!(get(&r, "co2", 2020).iter().all(|x| *x == 330.0));

    let j = targets(&d.path().join("out"));
    let s = &j["scenarios"][0];
    let a = 1.0 / 1.065 - 1.0;
    let b = 1.0 / 1.05 - 1.0;
    let p_by = phi((b - MEAN) / SD);
    let p_2020 = phi((a - MEAN) / SD);
    let p_annual = phi((-0.012 - MEAN) / SD);
    let p_period = phi((0.82f64.powf(0.2) - 1.0 - MEAN) / SD);
    assert!((p_by - 0.3967).abs() < 1e-3, "{p_by}");
    // A probability estimated from N draws: standard error sqrt(p(1 − p)/N); tolerance 4 of them.
    let close = |got: &serde_json::Value, want: f64, what: &str| {
        let got = got.as_f64().unwrap();
        let tol = 4.0 * (want * (1.0 - want) / N as f64).sqrt() + 1e-4;
        assert!((got - want).abs() < tol, "{what}: {got} vs {want} ± {tol}");
    };
    let t = &s["targets"];
    assert_eq!(t[0]["target"], "intensity_annual_drop");
    close(&t[0]["probability"], p_annual, "annual drop");
    assert_eq!(t[1]["target"], "intensity_period");
    close(&t[1]["probability"], p_period, "2020-2025 intensity");
    assert_eq!(t[2]["target"], "peak_by");
    close(&t[2]["probability"], p_by, "peak by 2030");
    close(&s["peak_year"]["probability_peak_by"], p_by, "peak by 2030");
    let years = s["peak_year"]["years"].as_array().unwrap();
    // Only 2020 and 2025 can be peak years.
    assert_eq!(years.len(), 2, "{years:?}");
    assert_eq!(years[0]["year"], 2020);
    close(&years[0]["share"], p_2020, "peak in 2020");
    assert_eq!(years[1]["year"], 2025);
    close(&years[1]["share"], p_by - p_2020, "peak in 2025");
    close(
        &s["peak_year"]["not_peaked_within_horizon"],
        1.0 - p_by,
        "not peaked",
    );
}

#[test]
fn thread_count_does_not_change_a_byte() {
    let d = tempdir();
    let mut outs = Vec::new();
    for (threads, out) in [("1", "t1"), ("2", "t2"), ("2", "t2b")] {
        let o = run(
            d.path(),
            &[&simple()],
            &[
                "--out",
                out,
                "--draws",
                "9000",
                "--seed",
                "5",
                "--threads",
                threads,
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
        outs.push((
            std::fs::read(d.path().join(out).join("trajectories.csv")).unwrap(),
            std::fs::read(d.path().join(out).join("targets.json")).unwrap(),
        ));
    }
    assert!(outs[0] == outs[1], "--threads 1 and 2 differ");
    assert!(outs[1] == outs[2], "two runs with --threads 2 differ");
    // Another seed gives other numbers.
    let o = run(
        d.path(),
        &[&simple()],
        &["--out", "s6", "--draws", "9000", "--seed", "6"],
    );
    assert!(o.status.success());
    assert_ne!(
        std::fs::read(d.path().join("s6/trajectories.csv")).unwrap(),
        outs[0].0
    );
}

#[test]
fn per_year_draws_and_other_forms_run() {
    // With r drawn every year the 2035 spread is narrower (the mean of 15 draws): sd of ln I_2035 ≈ √15 × sd
    // against 15 × sd when drawn once. Also lognormal, triangular and uniform forms and a steps path.
    let d = tempdir();
    let base = std::fs::read_to_string(simple()).unwrap();
    let per_year = base.replace(
        "{ normal = { mean = -0.045, sd = 0.01 } }",
        "{ normal = { mean = -0.045, sd = 0.01 }, per = \"year\" }",
    );
    let f1 = write(d.path(), "once.toml", &base);
    let f2 = write(
        d.path(),
        "yearly.toml",
        &per_year.replace("name = \"simple\"", "name = \"yearly\""),
    );
    let f3 = write(
        d.path(),
        "forms.toml",
        &base
            .replace("name = \"simple\"", "name = \"forms\"")
            .replace(
                "gdp = { \"2021-2025\" = 0.065, \"2026-2035\" = 0.05 }",
                "gdp = { \"2021-2025\" = { uniform = { min = 0.05, max = 0.07 } }, \"2026-2030\" = { triangular = { min = 0.03, mode = 0.05, max = 0.06 } }, \"2031-2035\" = { lognormal = { mu = 0.04, sigma = 0.005 }, per = \"year\" } }",
            )
            .replace(
                "{ normal = { mean = -0.045, sd = 0.01 } }",
                "{ steps = { 2021 = -0.04, 2026 = -0.05 } }",
            ),
    );
    let o = run(
        d.path(),
        &[&f1, &f2, &f3],
        &["--out", "out", "--draws", "4000"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let once = rows(&d.path().join("out"), "simple");
    let yearly = rows(&d.path().join("out"), "yearly");
    let w = |q: Vec<f64>| (q[5] / q[1]).ln();
    let ratio = w(get(&once, "co2", 2035)) / w(get(&yearly, "co2", 2035));
    assert!(
        (ratio - 15f64.sqrt()).abs() < 0.4,
        "spread ratio {ratio} vs √15"
    );
    let forms = rows(&d.path().join("out"), "forms");
    let g = get(&forms, "gdp", 2021);
    assert!(g[1] >= 43443.0 * 1.05 && g[5] <= 43443.0 * 1.07, "{g:?}");
    // The intensity is fixed: every statistic equal.
    let i = get(&forms, "carbon_intensity", 2026);
    let want = 100.0 * 330.0 / 43443.0 * 0.96f64.powi(5) * 0.95;
    assert!(i.iter().all(|x| rel(*x, want) < 1e-9), "{i:?} vs {want}");
}

#[test]
fn a_child_inherits_from_scenarios_folder() {
    let d = tempdir();
    std::fs::create_dir(d.path().join("scenarios")).unwrap();
    std::fs::copy(simple(), d.path().join("scenarios/simple.toml")).unwrap();
    let child = write(
        d.path(),
        "fast.toml",
        "[scenario]\nname = \"fast\"\ninherits = \"simple\"\n\n[growth]\ncarbon_intensity = -0.06\n",
    );
    let o = run(d.path(), &[&child], &["--out", "out", "--draws", "10"]);
    assert!(o.status.success(), "{}", text(&o));
    let r = rows(&d.path().join("out"), "fast");
    let want = co2(2035, -0.06);
    assert!(rel(get(&r, "co2", 2035)[3], want) < 1e-9);
    let j = targets(&d.path().join("out"));
    // −6 %: below a (−6.10 %)? No: CO2 rises to 2025 (1.065 × 0.94 > 1) and falls after → peak 2025.
    assert_eq!(j["scenarios"][0]["peak_year"]["years"][0]["year"], 2025);
    assert_eq!(j["scenarios"][0]["inherits"], "simple");
}

/// Runs a bad file; returns the output text after checking exit code 2, no panic, nothing written.
fn bad(name: &str, body: &str, extra: &[(&str, &str)]) -> String {
    let d = tempdir();
    for (n, t) in extra {
        write(d.path(), n, t);
    }
    let f = write(d.path(), name, body);
    let mut files = vec![f];
    files.extend(extra.iter().map(|(n, _)| d.path().join(n)));
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let o = run(d.path(), &refs, &["--out", "out", "--draws", "10"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(!t.contains("panicked"), "{t}");
    assert!(
        !d.path().join("out").exists(),
        "wrote outputs despite errors"
    );
    t
}

#[test]
fn bad_files_exit_2_with_file_and_line() {
    let base = std::fs::read_to_string(simple()).unwrap();
    // Unknown key, with the nearest valid one suggested.
    let t = bad(
        "typo.toml",
        &base.replace("peak_by = 2030", "peak_bye = 2030"),
        &[],
    );
    assert!(
        t.contains("typo.toml:17")
            && t.contains("unknown key \"peak_bye\"")
            && t.contains("peak_by"),
        "{t}"
    );
    // A year outside the horizon.
    let t = bad(
        "late.toml",
        &base.replace("\"2026-2035\"", "\"2026-2040\""),
        &[],
    );
    assert!(
        t.contains("late.toml:12") && t.contains("2040 is outside the horizon"),
        "{t}"
    );
    // A negative standard deviation.
    let t = bad("sd.toml", &base.replace("sd = 0.01", "sd = -0.01"), &[]);
    assert!(
        t.contains("sd.toml:13") && t.contains("cannot be negative"),
        "{t}"
    );
    // Several problems at once.
    let t = bad(
        "many.toml",
        &base
            .replace("sd = 0.01", "sd = -0.01")
            .replace("peak_by = 2030", "peak_by = 2040")
            .replace("unit = \"Mt\"", "unit = \"1e8 CNY\""),
        &[],
    );
    assert!(
        t.contains("many.toml:9") && t.contains("many.toml:13") && t.contains("many.toml:17"),
        "{t}"
    );
    assert!(t.contains("3 error(s)"), "{t}");
    // An inheritance cycle.
    let t = bad(
        "a.toml",
        "[scenario]\nname = \"a\"\ninherits = \"b\"\n",
        &[("b.toml", "[scenario]\nname = \"b\"\ninherits = \"a\"\n")],
    );
    assert!(
        t.contains("inheritance cycle") && t.contains("b.toml:3"),
        "{t}"
    );
    // A distribution that admits rates of −100 % or below: found while drawing, named with file:line.
    let t = bad(
        "wide.toml",
        &base.replace("mean = -0.045, sd = 0.01", "mean = -0.5, sd = 0.5"),
        &[],
    );
    assert!(
        t.contains("wide.toml:13") && t.contains("must stay above -1"),
        "{t}"
    );
    // Not TOML at all; a missing file; too many draws, too many draws kept whole.
    let t = bad("broken.toml", "[scenario\nname = 1\n", &[]);
    assert!(t.contains("broken.toml:1"), "{t}");
    let d = tempdir();
    let o = run(d.path(), &[Path::new("missing.toml")], &["--out", "out"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = run(
        d.path(),
        &[&simple()],
        &["--out", "out", "--draws", "100000001"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("100000000"), "{}", text(&o));
    let o = run(
        d.path(),
        &[&simple()],
        &["--out", "out", "--draws", "200001", "--draws-out"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("200000") && text(&o).contains("--draws-out"),
        "{}",
        text(&o)
    );
}

#[test]
fn the_hubei_scenarios_run_and_rank_as_their_assumptions_say() {
    // Every file in scenarios/ parses and runs; the three Hubei scenarios inherit one another.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let d = tempdir();
    let files: Vec<PathBuf> = ["hubei-baseline", "hubei-policy", "hubei-enhanced", "simple"]
        .iter()
        .map(|n| root.join("scenarios").join(format!("{n}.toml")))
        .collect();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let o = run(
        d.path(),
        &refs,
        &["--out", "o", "--draws", "4000", "--seed", "7"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let t = targets(&d.path().join("o"));
    let p = |name: &str, target: &str| -> f64 {
        let s = t["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["scenario"] == name)
            .unwrap_or_else(|| panic!("{name} missing"));
        s["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["target"] == target)
            .unwrap()["probability"]
            .as_f64()
            .unwrap()
    };
    // Faster intensity declines can only raise the chance of meeting each target (common random numbers:
    // every scenario sees the same draws).
    for target in ["peak_by", "intensity_period", "intensity_annual_drop"] {
        let (b, pol, e) = (
            p("hubei-baseline", target),
            p("hubei-policy", target),
            p("hubei-enhanced", target),
        );
        assert!(b <= pol && pol <= e, "{target}: {b} {pol} {e}");
    }
    // The base year: CO2 333 Mt and GDP 43,443 × 10⁸ CNY in every Hubei scenario (inherited).
    for name in ["hubei-baseline", "hubei-policy", "hubei-enhanced"] {
        let r = rows(&d.path().join("o"), name);
        assert_eq!(get(&r, "co2", 2020)[0], 333.0);
        assert_eq!(get(&r, "gdp", 2020)[0], 43443.0);
    }
}

/// z_0.90 = Φ⁻¹(0.90).
const Z90: f64 = 1.2815515655446004;

#[test]
fn goal_seeking_finds_the_analytic_shift() {
    // P(peak by 2030) = P(r + δ < b) with r ~ N(−0.045, 0.01), b = 1/1.05 − 1 (see the module comment). For
    // P = 0.9: δ = b − (−0.045) − 0.01 z_0.9 = −0.047619 + 0.045 − 0.012816 = −0.015435. The sampled threshold
    // is the 90th percentile of r, standard error sd √(p(1 − p)/N) / φ(z_p) = 1.2e-4 for N = 20,000;
    // tolerance 4 of them, plus the bisection tolerance (1e-6).
    let d = tempdir();
    let body = std::fs::read_to_string(simple()).unwrap()
        + "\n[goal]\nlever = \"carbon_intensity\"\ntarget = \"peak_by\"\nprobability = 0.9\n";
    let f = write(d.path(), "goal.toml", &body);
    let o = run(
        d.path(),
        &[&f],
        &["--out", "out", "--draws", &N.to_string(), "--seed", "3"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let j = targets(&d.path().join("out"));
    let g = &j["scenarios"][0]["goal"];
    let b = 1.0 / 1.05 - 1.0;
    let want = b - MEAN - SD * Z90;
    assert!((want + 0.015435).abs() < 1e-5, "{want}");
    let got = g["shift"].as_f64().unwrap();
    let se = SD * (0.9f64 * 0.1 / N as f64).sqrt() / density(Z90);
    assert!(
        (got - want).abs() < 4.0 * se + 1e-6,
        "shift {got} vs {want} ± {}",
        4.0 * se
    );
    assert_eq!(g["status"], "met");
    assert_eq!(g["direction"], "falling");
    let reached = g["probability_reached"].as_f64().unwrap();
    assert!((0.9..0.9 + 2.0 / N as f64).contains(&reached), "{reached}");
    // The central rate after the shift: −0.045 + δ.
    let after = g["drivers"][0]["central_rate_after"].as_f64().unwrap();
    assert!((after - (MEAN + got)).abs() < 1e-12);
    // Unreachable within a narrow range: reported, not an error.
    let f2 = write(
        d.path(),
        "narrow.toml",
        &body.replace(
            "probability = 0.9",
            "probability = 0.9\nrange = [-0.001, 0.001]",
        ),
    );
    let o = run(d.path(), &[&f2], &["--out", "out2", "--draws", "2000"]);
    assert!(o.status.success(), "{}", text(&o));
    let j = targets(&d.path().join("out2"));
    assert_eq!(j["scenarios"][0]["goal"]["status"], "unreachable");
    assert!(j["scenarios"][0]["goal"]["shift"].is_null());
}

#[test]
fn intensity_against_a_reference_year_before_the_base_year() {
    // [history] I_2005 = 2 × I_2020. Target: I_2030 / I_2005 − 1 ≤ −0.65 ⇔ (1 + r)^10 / 2 ≤ 0.35 ⇔
    // r ≤ 0.7^(1/10) − 1 = −0.035039 → P = Φ((−0.035039 + 0.045) / 0.01) = Φ(0.996) ≈ 0.840.
    // The same history given as a value: I_2005 = 2 × 100 × 330 / 43443 t CO2/1e4 CNY.
    let d = tempdir();
    let base = std::fs::read_to_string(simple()).unwrap();
    let target = "intensity_vs_reference = [ { reference = 2005, year = 2030, drop = 0.65 } ]\n";
    let with_target = base.replace("peak_by = 2030\n", &format!("peak_by = 2030\n{target}"));
    let ratio = with_target.clone() + "\n[history]\ncarbon_intensity_ratio = { 2005 = 2.0 }\n";
    let value = with_target.replace("name = \"simple\"", "name = \"value\"")
        + &format!(
            "\n[history]\ncarbon_intensity = {{ 2005 = {} }}\n",
            2.0 * 100.0 * 330.0 / 43443.0
        );
    let f1 = write(d.path(), "ratio.toml", &ratio);
    let f2 = write(d.path(), "value.toml", &value);
    let o = run(
        d.path(),
        &[&f1, &f2],
        &["--out", "out", "--draws", &N.to_string(), "--seed", "9"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let j = targets(&d.path().join("out"));
    let want = phi((0.7f64.powf(0.1) - 1.0 - MEAN) / SD);
    assert!((want - 0.840).abs() < 2e-3, "{want}");
    let mut ps = Vec::new();
    for s in j["scenarios"].as_array().unwrap() {
        let t = s["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["target"] == "intensity_vs_reference")
            .unwrap()
            .clone();
        let p = t["probability"].as_f64().unwrap();
        let tol = 4.0 * (want * (1.0 - want) / N as f64).sqrt();
        assert!((p - want).abs() < tol, "{p} vs {want} ± {tol}");
        ps.push(p);
    }
    assert_eq!(ps[0], ps[1], "ratio and value forms differ");
    // Without [history]: a clear error at the target's line.
    let t = bad("nohist.toml", &with_target, &[]);
    assert!(
        t.contains("nohist.toml:18") && t.contains("[history]"),
        "{t}"
    );
}

#[test]
fn peak_level_quantiles_match_the_closed_form() {
    // Every CO2_t rises with r, so the peak level max_t CO2_t(r) does too: its p-quantile is
    // max_t co2(t, mean + sd z_p). p5: r_5 = −0.06145 < a = 1/1.065 − 1 = −0.06103: falling from the start,
    // peak level = 330 exactly. Among the draws that peaked (r < b) the level is at most co2(2025, b).
    let d = tempdir();
    let o = run(
        d.path(),
        &[&simple()],
        &["--out", "out", "--draws", &N.to_string(), "--seed", "42"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let j = targets(&d.path().join("out"));
    let l = &j["scenarios"][0]["peak_level"];
    let level = |r: f64| (2020..=2035).map(|t| co2(t, r)).fold(0.0, f64::max);
    assert_eq!(l["all_draws"]["p5"], 330.0);
    for (p, z, key) in [(0.5, 0.0, "p50"), (0.95, Z95, "p95")] {
        let r_p = MEAN + SD * z;
        let want = level(r_p);
        let got = l["all_draws"][key].as_f64().unwrap();
        let se_r = SD * (p * (1.0 - p) / N as f64).sqrt() / density(z);
        let tol = 4.0 * 15.0 * se_r / (1.0 + r_p) + 1e-4;
        assert!(rel(got, want) < tol, "{key}: {got} vs {want} ± {tol}");
    }
    let b = 1.0 / 1.05 - 1.0;
    assert!(l["peaked_draws"]["p95"].as_f64().unwrap() <= co2(2025, b) + 1e-9);
}

/// A one-sector sectoral scenario with fixed rates, 2020-2025.
const ONE_SECTOR: &str = r#"[scenario]
name = "one"
region = "Test"
base_year = 2020
end_year = 2025

[model]
type = "sectoral"

[sectors.industry]
activity = { value = 1000, unit = "1e8 CNY" }
energy = { value = 100, unit = "万吨标准煤" }
fuels = { coal = 0.6, electricity = 0.4 }
activity_growth = 0.05
energy_intensity_growth = -0.03
fuel_growth = { coal = -0.1 }

[sectors.industrial_processes]
cement = { value = 1000, unit = "万吨" }
clinker_ratio = 0.7
cement_growth = 0.0

[power]
mix = { coal = 0.5, hydro = 0.5 }
mix_growth = { hydro = 0.1 }

[factors]
fuel = { coal = 2.5 }
power = { coal = 0.8 }

[targets]
peak_by = 2025
"#;

#[test]
fn sectoral_one_sector_matches_a_hand_computation() {
    let d = tempdir();
    let f = write(d.path(), "one.toml", ONE_SECTOR);
    let o = run(d.path(), &[&f], &["--out", "out", "--draws", "3"]);
    assert!(o.status.success(), "{}", text(&o));
    let r = rows(&d.path().join("out"), "one");
    // Base year by hand: E_coal = 60, E_el = 40 (10⁴ tce). Direct CO2 = 60 × 2.5 / 100 = 1.5 Mt. Electricity
    // demand = 40 / (36 / 29.3076) = 32.564 (10⁸ kWh); grid = 0.5 × 0.8 = 0.4 kg/kWh → 32.564 × 0.4 / 10 =
    // 1.30256 Mt. Cement: 1000 × 0.7 × 0.52 / 100 = 3.64 Mt. Total 6.44256 Mt; GDP 1000.
    let e8kwh = |e4tce: f64| e4tce * 29.3076 / 36.0;
    assert!(rel(get(&r, "co2_industry", 2020)[3], 1.5) < 1e-12);
    assert!(rel(get(&r, "electricity_demand", 2020)[3], 32.564) < 1e-4);
    assert!(rel(get(&r, "co2_electricity", 2020)[3], 1.302_56) < 1e-4);
    assert!(rel(get(&r, "co2_industrial_processes", 2020)[3], 3.64) < 1e-12);
    assert!(rel(get(&r, "co2", 2020)[3], 6.442_56) < 1e-4);
    // 2023 (three years on), step by step:
    //   A = 1000 × 1.05³ = 1157.625; e = 0.1 × 0.97³ = 0.0912673; E = A e = 105.6531…
    //   weights: coal 0.6 × 0.9³ = 0.4374, electricity 0.4 → shares 0.4374/0.8374 and 0.4/0.8374
    //   mix weights: coal 0.5, hydro 0.5 × 1.1³ = 0.6655 → grid = 0.8 × 0.5 / 1.1655
    for (t, k) in [(2023, 3), (2025, 5)] {
        let a = 1000.0 * 1.05f64.powi(k);
        let e = a * 0.1 * 0.97f64.powi(k);
        let wc = 0.6 * 0.9f64.powi(k);
        let (sc, se) = (wc / (wc + 0.4), 0.4 / (wc + 0.4));
        let direct = e * sc * 2.5 / 100.0;
        let demand = e8kwh(e * se);
        let grid = 0.8 * 0.5 / (0.5 + 0.5 * 1.1f64.powi(k));
        let el = demand * grid / 10.0;
        let total = direct + el + 3.64;
        for (var, want) in [
            ("gdp", a),
            ("co2_industry", direct),
            ("electricity_demand", demand),
            ("grid_factor", grid),
            ("co2_electricity", el),
            ("co2", total),
            ("carbon_intensity", 100.0 * total / a),
            ("final_energy", e),
        ] {
            for x in get(&r, var, t) {
                assert!(rel(x, want) < 1e-9, "{var} {t}: {x} vs {want}");
            }
        }
    }
    // IAMC: the sector rows add up to Emissions|CO2 (means).
    let (h, rows) = read_csv(&d.path().join("out/iamc.csv"));
    assert_eq!(&h[..5], ["model", "scenario", "region", "variable", "unit"]);
    assert_eq!(h[5], "2020");
    let val = |v: &str| -> f64 {
        rows.iter()
            .find(|r| r[3] == v)
            .unwrap_or_else(|| panic!("{v}"))[8]
            .parse()
            .unwrap()
    };
    let parts = val("Emissions|CO2|Energy|Demand|Industry")
        + val("Emissions|CO2|Energy|Supply|Electricity")
        + val("Emissions|CO2|Energy|Supply|Heat")
        + val("Emissions|CO2|Industrial Processes");
    assert!(rel(parts, val("Emissions|CO2")) < 1e-12);
    let unit = rows.iter().find(|r| r[3] == "GDP|MER").unwrap()[4].clone();
    assert_eq!(unit, "billion CNY_2020/yr");
    assert!(rel(val("GDP|MER"), 1000.0 * 1.05f64.powi(3) / 10.0) < 1e-12);
}

#[test]
fn every_output_is_identical_for_1_and_2_threads() {
    // The sectoral Hubei file (with its [goal]) and the minimal one, every output including iamc.xlsx,
    // decomposition.csv and draws.csv.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sect = root.join("scenarios/hubei-sectoral.toml");
    let d = tempdir();
    let mut outs = Vec::new();
    for (threads, out) in [("1", "t1"), ("2", "t2")] {
        let o = run(
            d.path(),
            &[&simple(), &sect],
            &[
                "--out",
                out,
                "--draws",
                "5000",
                "--seed",
                "11",
                "--threads",
                threads,
                "--draws-out",
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(d.path().join(out))
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        outs.push(files);
    }
    let names: Vec<&str> = outs[0].iter().map(|(n, _)| n.as_str()).collect();
    // The tables (charts and reports come with them and are compared too).
    for f in [
        "decomposition.csv",
        "draws.csv",
        "iamc.csv",
        "iamc.xlsx",
        "targets.json",
        "trajectories.csv",
    ] {
        assert!(names.contains(&f), "{f} missing: {names:?}");
    }
    for (a, b) in outs[0].iter().zip(&outs[1]) {
        assert!(a.1 == b.1, "{} differs between --threads 1 and 2", a.0);
    }
    // draws.csv: one row per scenario × draw × variable × year, and draw 0 of the minimal scenario's CO2 in
    // 2020 is the base value.
    let (h, rows) = read_csv(&d.path().join("t1/draws.csv"));
    assert_eq!(h, ["scenario", "draw", "variable", "unit", "year", "value"]);
    let simple_rows = rows.iter().filter(|r| r[0] == "simple").count();
    assert_eq!(simple_rows, 5000 * 3 * 16);
    assert!(rows.iter().any(|r| r[0] == "simple"
        && r[1] == "0"
        && r[2] == "co2"
        && r[4] == "2020"
        && r[5] == "330"));
    // Without --draws-out there is no draws.csv.
    let o = run(
        d.path(),
        &[&simple()],
        &["--out", "plain", "--draws", "100"],
    );
    assert!(o.status.success());
    assert!(!d.path().join("plain/draws.csv").exists());
}

#[test]
fn bad_sectoral_files_name_the_line_and_the_nearest_name() {
    let t = bad(
        "sector.toml",
        &ONE_SECTOR.replace("[sectors.industry]", "[sectors.industy]"),
        &[],
    );
    assert!(
        t.contains("sector.toml:10")
            && t.contains("unknown sector \"industy\"")
            && t.contains("industry"),
        "{t}"
    );
    let t = bad(
        "fuel.toml",
        &ONE_SECTOR.replace("fuels = { coal = 0.6", "fuels = { coall = 0.6"),
        &[],
    );
    assert!(
        t.contains("fuel.toml:13") && t.contains("unknown fuel \"coall\"") && t.contains("coal"),
        "{t}"
    );
    let t = bad(
        "shares.toml",
        &ONE_SECTOR.replace("electricity = 0.4 }", "electricity = 0.5 }"),
        &[],
    );
    assert!(
        t.contains("shares.toml:13") && t.contains("add up to 1.1"),
        "{t}"
    );
    let t = bad(
        "source.toml",
        &ONE_SECTOR.replace("mix_growth = { hydro", "mix_growth = { hydr"),
        &[],
    );
    assert!(
        t.contains("source.toml:25")
            && t.contains("unknown source \"hydr\"")
            && t.contains("hydro"),
        "{t}"
    );
    // A negative sd and a year outside the horizon in a sectoral driver; a missing driver.
    let t = bad(
        "drivers.toml",
        &ONE_SECTOR
            .replace(
                "activity_growth = 0.05",
                "activity_growth = { normal = { mean = 0.05, sd = -0.01 } }",
            )
            .replace(
                "energy_intensity_growth = -0.03",
                "energy_intensity_growth = { \"2021-2030\" = -0.03 }",
            ),
        &[],
    );
    assert!(
        t.contains("drivers.toml:14")
            && t.contains("cannot be negative")
            && t.contains("drivers.toml:15")
            && t.contains("2030 is outside the horizon"),
        "{t}"
    );
    let t = bad(
        "missing.toml",
        &ONE_SECTOR.replace("cement_growth = 0.0\n", ""),
        &[],
    );
    assert!(
        t.contains("missing.toml:19") && t.contains("needs cement_growth"),
        "{t}"
    );
    // A goal whose lever names no driver.
    let t = bad(
        "goal.toml",
        &(ONE_SECTOR.to_string()
            + "\n[goal]\nlever = \"sectors.industry.activity_grwth\"\ntarget = \"peak_by\"\nprobability = 0.9\n"),
        &[],
    );
    assert!(
        t.contains("goal.toml:35") && t.contains("activity_growth"),
        "{t}"
    );
}
