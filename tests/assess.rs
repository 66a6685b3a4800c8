//! Key categories and uncertainty (`ghgkit::assess`) against hand computations of the 2006 IPCC
//! Guidelines' equations: Vol. 1 Ch. 4 Eqs. 4.1 and 4.2 on a small inventory with a removal; Vol. 1 Ch. 3
//! Eqs. 3.1 and 3.2 and Table 3.3; the Monte Carlo (Approach 2) against Approach 1 within its sampling
//! error; and the CLI's outputs: the same bytes for `--threads 1` and `--threads 2`, the sheets equal to the
//! CSV files.
//!
//! The inventories here are built in code (emission rows with given CO2e), since the analyses work on any
//! inventory whatever the sector.

mod common;
use common::{ghgkit, read_csv, tempdir, text};
use ghgkit::activity::ActivityRecord;
use ghgkit::assess::key_categories::{self, Assessment};
use ghgkit::assess::uncertainty::{self, Dist, Inputs};
use ghgkit::assess::{Lulucf, Options};
use ghgkit::error::Location;
use ghgkit::factors::{Factor, FactorLibrary, Uncertainty};
use ghgkit::gases::Gas;
use ghgkit::inventory::{EmissionRow, Inventory};
use std::collections::BTreeMap;

/// A factor with the given id and symmetric 95 % range (±%); the rest of the record is irrelevant here.
fn factor(id: &str, lower_pct: f64, upper_pct: f64) -> Factor {
    let lib = FactorLibrary::builtin().unwrap();
    let mut f = lib.iter().next().unwrap().clone();
    f.id = id.to_string();
    f.uncertainty = Uncertainty {
        lower_pct,
        upper_pct,
    };
    f
}

/// An emission row `A × EF` (one factor) or `A × …` of the given factors, read at `input.csv:line`.
fn row(
    year: i32,
    category: &str,
    activity: &str,
    gas: Gas,
    co2e: f64,
    factors: &[&str],
    line: u64,
) -> EmissionRow {
    let method = std::iter::once("A")
        .chain(factors.iter().map(|_| "EF"))
        .collect::<Vec<_>>()
        .join(" × ");
    EmissionRow {
        region: "Testland".into(),
        year,
        category: category.into(),
        activity: activity.into(),
        gas,
        emissions_t: co2e,
        co2e_t: co2e,
        gwp: 1.0,
        gwp_set: "AR5".into(),
        activity_value: 1.0,
        activity_unit: "t".into(),
        energy_tj: 0.0,
        method: method.into(),
        factor_ids: factors.iter().map(|s| s.to_string()).collect(),
        factor_source: "".into(),
        input: Location::line("input.csv", line),
        memo: false,
    }
}

/// The activity record read at `input.csv:line`, with its `uncertainty_pct`.
fn record(r: &EmissionRow, line: u64, pct: Option<f64>) -> ActivityRecord {
    ActivityRecord {
        region: r.region.clone(),
        year: r.year,
        category: r.category.clone(),
        activity: r.activity.clone(),
        value: 1.0,
        unit_text: "t".into(),
        unit: ghgkit::units::parse_unit("t").unwrap(),
        source: None,
        note: None,
        uncertainty_pct: pct,
        location: Location::line("input.csv", line),
        attributes: Vec::new(),
    }
}

fn inventory(rows: Vec<EmissionRow>, factors: Vec<Factor>) -> Inventory {
    Inventory {
        factor_set: "test".into(),
        gwp_set: "AR5".into(),
        rows,
        factors_used: factors.into_iter().map(|f| (f.id.clone(), f)).collect(),
        warnings: Default::default(),
    }
}

fn a1_only() -> Options {
    Options {
        mc_draws: Some(0),
        seed: 1,
    }
}

// ---------------------------------------------------------------- key categories (Vol. 1 Ch. 4)

/// Six categories over two years, with a removal (3.B.1.a) and a category new in the latest year (4.A).
/// E_x,0 (2000) and E_x,t (2010), t CO2e:
///
/// | category | 2000 | 2010 |
/// |---|---|---|
/// | 1.A.1 solid CO2 (raw coal) | 500 | 900 |
/// | 1.A.3.b liquid CO2 (motor gasoline) | 200 | 380 |
/// | 2.A.1 CO2 | 150 | 160 |
/// | 3.A.1 CH4 | 100 | 90 |
/// | 3.B.1.a CO2 | −250 | −260 |
/// | 4.A CH4 | — | 10 |
fn small_inventory() -> Inventory {
    let mut rows = Vec::new();
    let mut line = 1;
    let mut add = |year, cat: &str, act: &str, gas, v| {
        line += 1;
        rows.push(row(year, cat, act, gas, v, &["f"], line));
    };
    add(2000, "1.A.1.a", "raw_coal", Gas::CO2, 300.0);
    add(2000, "1.A.1.b", "raw_coal", Gas::CO2, 200.0); // with 1.A.1.a: 1.A.1 solid = 500
    add(2000, "1.A.3.b", "motor_gasoline", Gas::CO2, 200.0);
    add(2000, "2.A.1", "cement", Gas::CO2, 150.0);
    add(2000, "3.A.1", "cattle", Gas::CH4, 100.0);
    add(2000, "3.B.1.a", "forest", Gas::CO2, -250.0);
    add(2010, "1.A.1.a", "raw_coal", Gas::CO2, 900.0);
    add(2010, "1.A.3.b", "motor_gasoline", Gas::CO2, 380.0);
    add(2010, "2.A.1", "cement", Gas::CO2, 160.0);
    add(2010, "3.A.1", "cattle", Gas::CH4, 90.0);
    add(2010, "3.B.1.a", "forest", Gas::CO2, -260.0);
    add(2010, "4.A", "msw", Gas::CH4, 10.0);
    // A memo item is never assessed.
    let mut memo = row(2010, "1.A.1.a", "wood", Gas::CO2, 5000.0, &["f"], 99);
    memo.memo = true;
    rows.push(memo);
    inventory(rows, vec![factor("f", 0.0, 0.0)])
}

/// (label, value, key) of one assessment, in rank order.
fn assessment(
    lines: &[ghgkit::assess::KeyCategoryLine],
    a: Assessment,
    lulucf: Lulucf,
    year: i32,
) -> Vec<(String, f64, bool)> {
    lines
        .iter()
        .filter(|l| l.assessment == a && l.lulucf == lulucf && l.year == year)
        .map(|l| (l.key.label(), l.value, l.is_key))
        .collect()
}

fn same(got: &[(String, f64, bool)], want: &[(&str, f64, bool)]) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((gl, gv, gk), (wl, wv, wk)) in got.iter().zip(want) {
        assert_eq!(gl, wl, "{got:?}");
        assert!((gv - wv).abs() < 1e-9, "{gl}: {gv} vs {wv}");
        assert_eq!(gk, wk, "{gl} key");
    }
}

#[test]
fn level_assessment_matches_eq_4_1_by_hand() {
    let lines = key_categories::analyse(&small_inventory());
    // With LULUCF, 2010: Σ|E| = 900 + 380 + 160 + 90 + 260 + 10 = 1800.
    // L = 900/1800 = 0.5, 380/1800 = 0.211111, |−260|/1800 = 0.144444, 160/1800 = 0.088889,
    // 90/1800 = 0.05, 10/1800 = 0.005556. Cumulative: 0.5, 0.711, 0.856, 0.944, 0.994, 1: 3.A.1 is key (0.944
    // before it is below 0.95), 4.A is not.
    same(
        &assessment(&lines, Assessment::Level, Lulucf::With, 2010),
        &[
            ("1.A.1 solid CO2", 900.0 / 1800.0, true),
            ("1.A.3.b liquid CO2", 380.0 / 1800.0, true),
            ("3.B.1.a CO2", 260.0 / 1800.0, true),
            ("2.A.1 CO2", 160.0 / 1800.0, true),
            ("3.A.1 CH4", 90.0 / 1800.0, true),
            ("4.A CH4", 10.0 / 1800.0, false),
        ],
    );
    // Without LULUCF, 2010: Σ|E| = 1540; 900/1540 = 0.584416, 380/1540 = 0.246753 (0.831), 160/1540 =
    // 0.103896 (0.935), 90/1540 = 0.058442 (0.994, key: 0.935 before), 10/1540 = 0.006494 (not key).
    same(
        &assessment(&lines, Assessment::Level, Lulucf::Without, 2010),
        &[
            ("1.A.1 solid CO2", 900.0 / 1540.0, true),
            ("1.A.3.b liquid CO2", 380.0 / 1540.0, true),
            ("2.A.1 CO2", 160.0 / 1540.0, true),
            ("3.A.1 CH4", 90.0 / 1540.0, true),
            ("4.A CH4", 10.0 / 1540.0, false),
        ],
    );
    // The memo row (5000 t) is nowhere; the level of 2000 has five categories with LULUCF.
    assert_eq!(
        assessment(&lines, Assessment::Level, Lulucf::With, 2000).len(),
        5
    );
    assert!(lines.iter().all(|l| l.key.fuel_group != "biomass"));
}

#[test]
fn trend_assessment_matches_eq_4_2_by_hand() {
    let lines = key_categories::analyse(&small_inventory());
    // With LULUCF: Σ|E_0| = 500 + 200 + 150 + 100 + 250 = 1200; ΣE_0 = 700; ΣE_t = 1280;
    // total trend g = (1280 − 700)/700 = 0.828571.
    let g = (1280.0 - 700.0) / 700.0;
    // T = |E_0|/1200 × |(E_t − E_0)/|E_0| − g|:
    //   3.B.1.a: 250/1200 × |(−260 + 250)/250 − g| = 0.208333 × 0.868571 = 0.180952
    //   2.A.1:   150/1200 × |10/150 − g|          = 0.125 × 0.761905   = 0.095238
    //   3.A.1:   100/1200 × |−10/100 − g|         = 0.083333 × 0.928571 = 0.077381
    //   1.A.1:   500/1200 × |400/500 − g|         = 0.416667 × 0.028571 = 0.011905
    //   1.A.3.b: 200/1200 × |180/200 − g|         = 0.166667 × 0.071429 = 0.011905 (a tie: code order)
    //   4.A (E_0 = 0): |10| / 1200                                      = 0.008333
    // ΣT = 0.385714; shares 0.469, 0.247, 0.201, 0.031, 0.031, 0.022; cumulative before 4.A: 0.978 → not key.
    let want = [
        (
            "3.B.1.a CO2",
            250.0 / 1200.0 * ((-10.0f64) / 250.0 - g).abs(),
            true,
        ),
        (
            "2.A.1 CO2",
            150.0 / 1200.0 * (10.0f64 / 150.0 - g).abs(),
            true,
        ),
        (
            "3.A.1 CH4",
            100.0 / 1200.0 * (-10.0f64 / 100.0 - g).abs(),
            true,
        ),
        (
            "1.A.1 solid CO2",
            500.0 / 1200.0 * (400.0f64 / 500.0 - g).abs(),
            true,
        ),
        (
            "1.A.3.b liquid CO2",
            200.0 / 1200.0 * (180.0f64 / 200.0 - g).abs(),
            true,
        ),
        ("4.A CH4", 10.0 / 1200.0, false),
    ];
    let got = assessment(&lines, Assessment::Trend, Lulucf::With, 2010);
    same(&got, &want);
    // The same figures typed from the hand computation above.
    for ((_, v, _), typed) in got
        .iter()
        .zip([0.180952, 0.095238, 0.077381, 0.011905, 0.011905, 0.008333])
    {
        assert!((v - typed).abs() < 5e-7, "{v} vs {typed}");
    }
    let t: Vec<_> = lines
        .iter()
        .filter(|l| l.assessment == Assessment::Trend && l.lulucf == Lulucf::With)
        .collect();
    assert!((t[0].share - 0.180952381 / 0.385714286).abs() < 1e-6);
    assert_eq!(t[0].base_year, Some(2000));
    assert_eq!(t[0].base_t_co2e, Some(-250.0));
    assert!((t.last().unwrap().cumulative - 1.0).abs() < 1e-12);

    // Without LULUCF: Σ|E_0| = ΣE_0 = 950, ΣE_t = 1540, g = 590/950 = 0.621053.
    //   1.A.1:   500/950 × |0.8 − g|    = 0.526316 × 0.178947 = 0.094183
    //   2.A.1:   150/950 × |0.066667 − g| = 0.157895 × 0.554386 = 0.087535
    //   3.A.1:   100/950 × |−0.1 − g|   = 0.105263 × 0.721053 = 0.075900
    //   1.A.3.b: 200/950 × |0.9 − g|    = 0.210526 × 0.278947 = 0.058726
    //   4.A:     10/950                 = 0.010526
    // ΣT = 0.326870; cumulative 0.288, 0.556, 0.788, 0.968 → 4.A is not key.
    let g = 590.0 / 950.0;
    same(
        &assessment(&lines, Assessment::Trend, Lulucf::Without, 2010),
        &[
            ("1.A.1 solid CO2", 500.0 / 950.0 * (0.8f64 - g).abs(), true),
            (
                "2.A.1 CO2",
                150.0 / 950.0 * (10.0f64 / 150.0 - g).abs(),
                true,
            ),
            ("3.A.1 CH4", 100.0 / 950.0 * (-0.1f64 - g).abs(), true),
            (
                "1.A.3.b liquid CO2",
                200.0 / 950.0 * (0.9f64 - g).abs(),
                true,
            ),
            ("4.A CH4", 10.0 / 950.0, false),
        ],
    );
}

#[test]
fn one_year_has_no_trend_and_no_lulucf_means_one_variant() {
    let mut inv = small_inventory();
    inv.rows
        .retain(|r| r.year == 2010 && !r.category.starts_with("3.B"));
    let lines = key_categories::analyse(&inv);
    assert!(lines.iter().all(|l| l.assessment == Assessment::Level));
    assert!(lines.iter().all(|l| l.lulucf == Lulucf::Without));
    assert_eq!(lines.len(), 5);
}

// ---------------------------------------------------------------- uncertainty, Approach 1 (Vol. 1 Ch. 3)

#[test]
fn approach1_combines_a_product_by_eq_3_1() {
    // One row A × EF: activity ±5 % (the record's uncertainty_pct), factor ±7 %.
    // Eq. 3.1: U = √(5² + 7²) = √74 = 8.602325 %.
    let r = row(2020, "2.A.1", "clinker", Gas::CO2, 1000.0, &["ef"], 2);
    let rec = record(&r, 2, Some(5.0));
    let inv = inventory(vec![r], vec![factor("ef", 7.0, 7.0)]);
    let u = uncertainty::analyse(&inv, &[rec], &a1_only()).unwrap();
    let cat = u.lines.iter().find(|l| l.key.is_some()).unwrap();
    assert!((cat.approach1_pct - 74f64.sqrt()).abs() < 1e-12);
    assert_eq!(format!("{:.2}", cat.approach1_pct), "8.60");
    assert!((cat.approach1.activity_pct.unwrap() - 5.0).abs() < 1e-12);
    assert!((cat.approach1.factor_pct.unwrap() - 7.0).abs() < 1e-12);
    // The interval: 1000 ∓ 86.02 t.
    let (lo, hi) = cat.approach1_interval();
    assert!((lo - (1000.0 - 10.0 * 74f64.sqrt())).abs() < 1e-9 && (hi - 1086.023253).abs() < 1e-6);
}

/// Two sources of one category: 100 ±10 % and 50 ±20 % (activity ranges; exact factors).
fn two_sources() -> (Inventory, Vec<ActivityRecord>) {
    let a = row(2020, "2.A.1", "clinker", Gas::CO2, 100.0, &["ef"], 2);
    let b = row(2020, "2.A.1", "clinker", Gas::CO2, 50.0, &["ef"], 3);
    let recs = vec![record(&a, 2, Some(10.0)), record(&b, 3, Some(20.0))];
    (inventory(vec![a, b], vec![factor("ef", 0.0, 0.0)]), recs)
}

#[test]
fn approach1_adds_two_sources_by_eq_3_2() {
    // Eq. 3.2: U = √((10 × 100)² + (20 × 50)²) / (100 + 50) = √(1000² + 1000²) / 150 = 1414.2136 / 150
    // = 9.428090 %.
    let (inv, recs) = two_sources();
    let u = uncertainty::analyse(&inv, &recs, &a1_only()).unwrap();
    let cat = u.lines.iter().find(|l| l.key.is_some()).unwrap();
    assert!((cat.approach1_pct - 1414.213562373095 / 150.0).abs() < 1e-9);
    assert_eq!(format!("{:.2}", cat.approach1_pct), "9.43");
    // The total is the same single category.
    let total = u.lines.iter().find(|l| l.key.is_none()).unwrap();
    assert_eq!(total.approach1_pct, cat.approach1_pct);
    assert!(total.mc.is_none(), "0 draws: Approach 1 only");
}

#[test]
fn a_factor_shared_by_two_categories_is_counted_once() {
    // Two categories of 100 t each, both with the same factor ±10 %, exact activity: the factor's error moves
    // both together, so the total is 200 ± 10 % (not ±7.07 % as for independent sources).
    let a = row(2020, "2.A.1", "clinker", Gas::CO2, 100.0, &["ef"], 2);
    let b = row(2020, "2.A.2", "lime", Gas::CO2, 100.0, &["ef"], 3);
    let recs = vec![record(&a, 2, Some(0.0)), record(&b, 3, Some(0.0))];
    let inv = inventory(vec![a, b], vec![factor("ef", 10.0, 10.0)]);
    let o = Options {
        mc_draws: Some(20_000),
        seed: 3,
    };
    let u = uncertainty::analyse(&inv, &recs, &o).unwrap();
    let total = u.lines.iter().find(|l| l.key.is_none()).unwrap();
    assert!((total.approach1_pct - 10.0).abs() < 1e-12);
    // Approach 2: the total is 200 × the factor's multiplier, normal with 95 % half-width 10 %; the
    // tolerance is that of the test below (4 standard errors of the half-width at 20,000 draws, 2.73 %
    // relative).
    let m = total.mc.unwrap();
    let half = (m.p97_5 - m.p2_5) / 2.0 / 200.0 * 100.0;
    assert!((half - 10.0).abs() < 10.0 * 0.0273, "{half}");
}

#[test]
fn trend_uncertainty_follows_table_3_3_by_hand() {
    // Category X (2.A.1): 100 t in 2000, 150 t in 2010; activity ±5 %, factor fx ±10 %.
    // Category Y (2.A.2): 100 t in both years; activity ±10 %, factor fy ±20 %.
    let rows = vec![
        row(2000, "2.A.1", "clinker", Gas::CO2, 100.0, &["fx"], 2),
        row(2010, "2.A.1", "clinker", Gas::CO2, 150.0, &["fx"], 3),
        row(2000, "2.A.2", "lime", Gas::CO2, 100.0, &["fy"], 4),
        row(2010, "2.A.2", "lime", Gas::CO2, 100.0, &["fy"], 5),
    ];
    let recs = vec![
        record(&rows[0], 2, Some(5.0)),
        record(&rows[1], 3, Some(5.0)),
        record(&rows[2], 4, Some(10.0)),
        record(&rows[3], 5, Some(10.0)),
    ];
    let inv = inventory(
        rows,
        vec![factor("fx", 10.0, 10.0), factor("fy", 20.0, 20.0)],
    );
    let u = uncertainty::analyse(&inv, &recs, &a1_only()).unwrap();
    // ΣC = 200, ΣD = 250, trend 25 %.
    // Type A, X: 100 (0.01×150 + 250 − (0.01×100 + 200)) / (0.01×100 + 200) − 100 × 50/200
    //          = 100 × 50.5/201 − 25 = 25.124378 − 25 = 0.124378
    // Type A, Y: 100 × (1 + 250 − 201)/201 − 25 = 24.875622 − 25 = −0.124378
    // Type B: X 150/200 = 0.75; Y 100/200 = 0.5.
    // K = A × F: X 1.243781, Y −2.487562; L = B × E × √2: X 0.75 × 5 × 1.414214 = 5.303301,
    // Y 0.5 × 10 × 1.414214 = 7.071068.
    // Σ(K² + L²) = 1.546991 + 28.125 + 6.187966 + 50 = 85.859957; √ = 9.266065 percentage points.
    let t = |code: &str| {
        u.trends
            .iter()
            .find(|t| t.key.as_ref().is_some_and(|k| k.code == code))
            .unwrap()
    };
    let (x, y) = (t("2.A.1"), t("2.A.2"));
    assert!(
        (x.sensitivity_a - 0.124378).abs() < 1e-6,
        "{}",
        x.sensitivity_a
    );
    assert!((y.sensitivity_a + 0.124378).abs() < 1e-6);
    assert_eq!((x.sensitivity_b, y.sensitivity_b), (0.75, 0.5));
    assert!((x.from_factors_pct - 1.243781).abs() < 1e-6);
    assert!((x.from_activity_pct - 5.303301).abs() < 1e-6);
    assert!((y.from_activity_pct - 7.071068).abs() < 1e-6);
    let total = u.trends.iter().find(|t| t.key.is_none()).unwrap();
    assert_eq!(total.trend_pct, Some(25.0));
    assert!(
        (total.trend_uncertainty_pct.unwrap() - 9.266065).abs() < 1e-6,
        "{:?}",
        total.trend_uncertainty_pct
    );
}

#[test]
fn rows_that_are_not_products_are_not_assessed_and_say_so() {
    let mut r = row(2020, "4.A", "msw", Gas::CH4, 80.0, &["doc"], 2);
    r.method = "Σ_x DDOCm_decomp × F × 16/12 − R".into();
    let ok = row(2020, "4.A", "msw", Gas::CH4, 20.0, &["doc"], 3);
    let recs = vec![record(&r, 2, Some(10.0)), record(&ok, 3, Some(10.0))];
    let inv = inventory(vec![r, ok], vec![factor("doc", 30.0, 30.0)]);
    let mut inputs = Inputs::of(&inv, &recs).unwrap();
    let u = uncertainty::analyse_inputs(&inv, inputs.clone(), &a1_only()).unwrap();
    let cat = u.lines.iter().find(|l| l.key.is_some()).unwrap();
    assert_eq!(cat.not_assessed_t_co2e, 80.0);
    // Only the 20 t row carries uncertainty: √(10² + 30²) % of 20 t over 100 t = 31.622777 × 0.2.
    assert!((cat.approach1_pct - 0.2 * 1000f64.sqrt()).abs() < 1e-9);
    // Given its own range (±50 %), the row counts: √((50 × 80)² + (31.622777 × 20)²) / 100.
    assert!(inputs.set_row_range(0, 50.0, 50.0, "expert judgement"));
    let u = uncertainty::analyse_inputs(&inv, inputs, &a1_only()).unwrap();
    let cat = u.lines.iter().find(|l| l.key.is_some()).unwrap();
    assert_eq!(cat.not_assessed_t_co2e, 0.0);
    let want = ((50.0f64 * 80.0).powi(2) + (1000f64.sqrt() * 20.0).powi(2)).sqrt() / 100.0;
    assert!((cat.approach1_pct - want).abs() < 1e-9);
}

// ---------------------------------------------------------------- Approach 2 (Monte Carlo)

/// Sampling error of a Monte Carlo 95 % half-width for a normal output (σ = 1) at N draws: the p-quantile
/// estimate has standard error √(p(1 − p)/N) / φ(z_p) (the asymptotic variance of a sample quantile); at
/// p = 0.975, √(0.975 × 0.025) / φ(1.96) = 0.156125 / 0.058445 = 2.6713, so each bound is within
/// 2.6713 σ/√N; the half-width (q97.5 − q2.5)/2 of two nearly independent bounds has a standard error of
/// √2/2 × 2.6713 σ/√N = 1.8889 σ/√N, i.e. 1.8889/1.96 = 0.9637/√N of the half-width itself. Four standard
/// errors are allowed.
fn half_width_tolerance(draws: usize) -> f64 {
    4.0 * 0.9637 / (draws as f64).sqrt()
}

#[test]
fn monte_carlo_with_normal_inputs_reproduces_approach_1() {
    const N: usize = 20_000; // tolerance 4 × 0.9637/√20000 = 2.73 % of the half-width
    let o = Options {
        mc_draws: Some(N),
        seed: 42,
    };
    // The sum of two sources (normal activity data): the output is exactly normal.
    let (inv, recs) = two_sources();
    let u = uncertainty::analyse(&inv, &recs, &o).unwrap();
    let cat = u.lines.iter().find(|l| l.key.is_some()).unwrap();
    let m = cat.mc.unwrap();
    let half = (m.p97_5 - m.p2_5) / 2.0 / 150.0 * 100.0;
    let rel = (half - cat.approach1_pct).abs() / cat.approach1_pct;
    assert!(
        rel < half_width_tolerance(N),
        "{half} vs {}",
        cat.approach1_pct
    );
    // The product A × EF (±5 %, ±7 %): nearly normal (the product of two normals differs by a term of
    // order U_A² U_F², 0.1 % of the variance here).
    let r = row(2020, "2.A.1", "clinker", Gas::CO2, 1000.0, &["ef"], 2);
    let rec = record(&r, 2, Some(5.0));
    let inv = inventory(vec![r], vec![factor("ef", 7.0, 7.0)]);
    let u = uncertainty::analyse(&inv, &[rec], &o).unwrap();
    let m = u.lines[0].mc.unwrap();
    let half = (m.p97_5 - m.p2_5) / 2.0 / 1000.0 * 100.0;
    let rel = (half - 74f64.sqrt()).abs() / 74f64.sqrt();
    assert!(rel < half_width_tolerance(N) + 0.002, "{half} vs 8.60");
}

#[test]
fn the_mean_of_the_total_is_the_central_value_for_symmetric_inputs() {
    // Eight rows in four categories, sharing factors, each row linear in each input: E[total] = central.
    let mut rows = Vec::new();
    let mut recs = Vec::new();
    for i in 0..8u64 {
        let cat = ["2.A.1", "2.A.2", "3.A.1", "4.D.1"][i as usize % 4];
        let f: &[&str] = if i % 2 == 0 { &["f1", "f2"] } else { &["f2"] };
        let r = row(2020, cat, "x", Gas::CO2, 100.0 + 50.0 * i as f64, f, i + 2);
        recs.push(record(&r, i + 2, Some(5.0 + i as f64)));
        rows.push(r);
    }
    let inv = inventory(rows, vec![factor("f1", 15.0, 15.0), factor("f2", 8.0, 8.0)]);
    const N: usize = 20_000;
    let u = uncertainty::analyse(
        &inv,
        &recs,
        &Options {
            mc_draws: Some(N),
            seed: 7,
        },
    )
    .unwrap();
    let total = u.lines.iter().find(|l| l.key.is_none()).unwrap();
    // The standard error of the mean is σ/√N, σ = U × |central| / 1.96 (Approach 1's σ); 4 SE allowed.
    let sigma = total.approach1_pct / 100.0 * total.central() / 1.96;
    let m = total.mc.unwrap();
    assert!(
        (m.mean - total.central()).abs() < 4.0 * sigma / (N as f64).sqrt(),
        "{} vs {}",
        m.mean,
        total.central()
    );
    // Every category's Monte Carlo mean too.
    for l in u.lines.iter().filter(|l| l.key.is_some()) {
        let s = l.approach1_pct / 100.0 * l.central() / 1.96;
        let m = l.mc.unwrap();
        assert!((m.mean - l.central()).abs() < 4.0 * s / (N as f64).sqrt());
    }
}

#[test]
fn asymmetric_ranges_and_other_distributions_are_drawn_as_specified() {
    const N: usize = 20_000;
    let o = Options {
        mc_draws: Some(N),
        seed: 11,
    };
    // A factor −50 % / +100 %: lognormal with the bounds at its 2.5th and 97.5th percentiles, so the
    // Monte Carlo interval of a single exact-activity row is about 50 … 200 t for 100 t.
    let r = row(2020, "3.C.4", "n", Gas::N2O, 100.0, &["ef"], 2);
    let rec = record(&r, 2, Some(0.0));
    let inv = inventory(vec![r], vec![factor("ef", 50.0, 100.0)]);
    let u = uncertainty::analyse(&inv, std::slice::from_ref(&rec), &o).unwrap();
    let m = u.lines[0].mc.unwrap();
    // Quantile standard errors: √(0.025 × 0.975/N)/f(q); f(0.5) = φ(1.96)/(0.5 σ) = 0.3306 with σ =
    // ln 4 / 3.92 = 0.35365 → 0.0047 (× 100 t: 0.47 t); f(2.0) = 0.0826 → 0.0189 (1.89 t). Four of them.
    assert!((m.p2_5 - 50.0).abs() < 4.0 * 0.47, "{m:?}");
    assert!((m.p97_5 - 200.0).abs() < 4.0 * 1.89, "{m:?}");
    assert!(
        m.upper_pct.unwrap() > 1.5 * m.lower_pct.unwrap(),
        "asymmetric"
    );

    // Uniform 0.8 … 1.2 set through the API: the 2.5th percentile is 0.81, the 97.5th 1.19, the mean 1;
    // standard errors √(0.025 × 0.975/N) × 0.4 = 0.00044 (× 100 t), and 0.4/√12/√N = 0.00082 for the mean.
    let mut inputs = Inputs::of(&inv, std::slice::from_ref(&rec)).unwrap();
    assert!(inputs.set_distribution("ef", Dist::Uniform { min: 0.8, max: 1.2 }));
    let u = uncertainty::analyse_inputs(&inv, inputs.clone(), &o).unwrap();
    let m = u.lines[0].mc.unwrap();
    assert!((m.p2_5 - 81.0).abs() < 4.0 * 0.044, "{m:?}");
    assert!((m.p97_5 - 119.0).abs() < 4.0 * 0.044, "{m:?}");
    assert!((m.mean - 100.0).abs() < 4.0 * 0.082, "{m:?}");
    // Triangular 0.5 … 1 … 2: P(X ≤ q) = (q − 0.5)² / ((2 − 0.5)(1 − 0.5)) below the mode, so the 2.5th
    // percentile is 0.5 + √(0.025 × 0.75) = 0.636931; mean (0.5 + 1 + 2)/3 = 1.166667. Density at that
    // quantile 2(q − 0.5)/0.75 = 0.365148 → standard error 0.00303 (0.303 t).
    assert!(inputs.set_distribution(
        "ef",
        Dist::Triangular {
            min: 0.5,
            mode: 1.0,
            max: 2.0
        }
    ));
    let u = uncertainty::analyse_inputs(&inv, inputs, &o).unwrap();
    let m = u.lines[0].mc.unwrap();
    assert!((m.p2_5 - 63.6931).abs() < 4.0 * 0.303, "{m:?}");
    // σ of the triangular: √((0.25 + 1 + 4 − 0.5 − 1 − 2)/18) = 0.311805 → SE of the mean 0.22 t.
    assert!((m.mean - 116.6667).abs() < 4.0 * 0.22, "{m:?}");
}

#[test]
fn monte_carlo_results_do_not_depend_on_the_thread_count_but_on_the_seed() {
    let inv = small_inventory();
    let run = |threads: usize, seed: u64| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let o = Options {
            mc_draws: Some(5000),
            seed,
        };
        pool.install(|| uncertainty::analyse(&inv, &[], &o).unwrap())
    };
    let key = |u: &uncertainty::UncertaintyReport| -> Vec<(f64, f64, f64)> {
        u.lines
            .iter()
            .filter_map(|l| l.mc.map(|m| (m.mean, m.p2_5, m.p97_5)))
            .collect()
    };
    let (a, b, c) = (run(1, 5), run(3, 5), run(2, 6));
    assert_eq!(key(&a), key(&b));
    assert_ne!(key(&a), key(&c));
    // The trend of the total is simulated draw by draw too.
    let trends: BTreeMap<_, _> = a
        .trends
        .iter()
        .filter(|t| t.key.is_none())
        .map(|t| (t.lulucf, t.mc.is_some()))
        .collect();
    assert_eq!(
        trends,
        [(Lulucf::Without, true), (Lulucf::With, true)]
            .into_iter()
            .collect()
    );
}

#[test]
fn too_many_draws_is_an_input_error() {
    let (inv, recs) = two_sources();
    let e = uncertainty::analyse(
        &inv,
        &recs,
        &Options {
            mc_draws: Some(1_000_000),
            seed: 1,
        },
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("--mc-draws"), "{e}");
}

// ---------------------------------------------------------------- CLI

#[test]
fn threads_1_and_2_give_byte_identical_uncertainty_csv() {
    let d = tempdir();
    for t in ["1", "2"] {
        let o = ghgkit(
            d.path(),
            &[
                "run",
                "--out",
                t,
                "--threads",
                t,
                "--mc-draws",
                "3000",
                "--seed",
                "9",
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
        assert!(
            text(&o).contains("uncertainty of the total"),
            "{}",
            text(&o)
        );
    }
    for f in ["uncertainty.csv", "key_categories.csv"] {
        let a = std::fs::read(d.path().join("1").join(f)).unwrap();
        let b = std::fs::read(d.path().join("2").join(f)).unwrap();
        assert!(a.starts_with("\u{feff}".as_bytes()), "{f} has a BOM");
        assert_eq!(a, b, "{f}");
    }
    // The CSV files as a reader sees them: every row as wide as the header, the Monte Carlo columns filled
    // for the year rows, the key categories reaching 95 %.
    let (h, rows) = read_csv(&d.path().join("1/uncertainty.csv"));
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    assert!(rows.iter().all(|r| r.len() == h.len()));
    let total = rows
        .iter()
        .find(|r| r[col("table")] == "year" && r[col("category")] == "total")
        .unwrap();
    assert_eq!(total[col("mc_draws")], "3000");
    let a1: f64 = total[col("approach1_uncertainty_pct")].parse().unwrap();
    let lo: f64 = total[col("mc_lower_pct")].parse().unwrap();
    let hi: f64 = total[col("mc_upper_pct")].parse().unwrap();
    assert!(a1 > 1.0 && lo > 1.0 && hi > 1.0, "{a1} {lo} {hi}");
    let (h, rows) = read_csv(&d.path().join("1/key_categories.csv"));
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let keys: Vec<f64> = rows
        .iter()
        .filter(|r| r[col("key")] == "yes")
        .map(|r| r[col("cumulative_share")].parse().unwrap())
        .collect();
    assert!(*keys.last().unwrap() >= 0.95 && keys[keys.len() - 2] < 0.95);
}

#[test]
fn mc_draws_0_gives_approach_1_only_and_the_sheets_hold_the_csv_rows() {
    use calamine::{Reader, Xlsx, open_workbook};
    let d = tempdir();
    let o = ghgkit(d.path(), &["run", "--out", "o", "--mc-draws", "0"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = d.path().join("o");
    let (h, rows) = read_csv(&out.join("uncertainty.csv"));
    let mean = h.iter().position(|x| x == "mc_mean_t_co2e").unwrap();
    assert!(rows.iter().all(|r| r[mean].is_empty()));
    let mut wb: Xlsx<_> = open_workbook(out.join("inventory.xlsx")).unwrap();
    for (sheet, file) in [
        ("uncertainty", "uncertainty.csv"),
        ("key_categories", "key_categories.csv"),
    ] {
        let (h, rows) = read_csv(&out.join(file));
        let range = wb.worksheet_range(sheet).unwrap();
        assert_eq!(range.height(), rows.len() + 1, "{sheet}");
        assert_eq!(range.width(), h.len(), "{sheet}");
    }
}
