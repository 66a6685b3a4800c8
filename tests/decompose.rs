//! LMDI-I decomposition (`ghgkit decompose` and the scenario's decomposition.csv) against a hand-worked
//! example.
//!
//! Two sectors × three factors, V_i = Q × S_i × I_i (activity, structure, intensity):
//!
//! | sector | Q⁰ | S⁰ | I⁰ | V⁰ | Qᵀ | Sᵀ | Iᵀ | Vᵀ |
//! |---|---|---|---|---|---|---|---|---|
//! | A | 100 | 0.4 | 2.0 | 80 | 120 | 0.5 | 1.5 | 90 |
//! | B | 100 | 0.6 | 1.0 | 60 | 120 | 0.5 | 1.2 | 72 |
//!
//! V⁰ = 140, Vᵀ = 162, ΔV = 22. Logarithmic means: L_A = (90 − 80)/ln(90/80) = 10/0.117783 = 84.90187;
//! L_B = (72 − 60)/ln 1.2 = 12/0.182322 = 65.81778, so that L_B ln 1.2 = 12 exactly.
//!
//! - ΔQ = L_A ln 1.2 + L_B ln 1.2 = 15.47944 + 12 = 27.47944
//! - ΔS = L_A ln 1.25 + L_B ln(5/6) = 18.94530 − 12 = 6.94530
//! - ΔI = L_A ln 0.75 + L_B ln 1.2 = −24.42475 + 12 = −12.42475
//! - sum = 22.00000 = ΔV (L_A (ln 1.2 + ln 1.25 + ln 0.75) = L_A ln 1.125 = 10; and 12).
//!
//! Multiplicative: L(162, 140) = 22/ln(162/140) = 22/0.145954 = 150.7325; D_k = exp(ΔV_k / 150.7325):
//! D_Q = exp(0.182306) = 1.199981, D_S = exp(0.046077) = 1.047155, D_I = exp(−0.082429) = 0.920877;
//! product 1.157143 = 162/140.

mod common;

use common::{ghgkit, read_csv, tempdir, text};

const HAND: &str = "period,sub,activity (1e8 CNY),structure,intensity (t/1e4 CNY),value\n\
2015,A,100,0.4,2.0,80\n\
2015,B,100,0.6,1.0,60\n\
2020,A,120,0.5,1.5,90\n\
2020,B,120,0.5,1.2,72\n";

fn effects(rows: &[Vec<String>], method: &str) -> Vec<(String, f64)> {
    rows.iter()
        .filter(|r| r[3] == method)
        .map(|r| (r[4].clone(), r[5].parse().unwrap()))
        .collect()
}

#[test]
fn hand_worked_two_sectors_three_factors() {
    let d = tempdir();
    std::fs::write(d.path().join("hand.csv"), HAND).unwrap();
    let o = ghgkit(
        d.path(),
        &["decompose", "hand.csv", "--out", "out", "--unit", "Mt CO2"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let (h, rows) = read_csv(&d.path().join("out/decomposition.csv"));
    assert_eq!(
        h,
        ["case", "from", "to", "method", "effect", "value", "unit"]
    );
    let add = effects(&rows, "additive");
    let names: Vec<&str> = add.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "activity (1e8 CNY)",
            "structure",
            "intensity (t/1e4 CNY)",
            "total"
        ]
    );
    // The hand values above, to their printed precision.
    for ((_, got), want) in add.iter().zip([27.47944, 6.94530, -12.42475, 22.0]) {
        assert!((got - want).abs() < 1e-5, "{got} vs {want}");
    }
    // Perfect decomposition: the effects add up to the total change.
    let sum: f64 = add[..3].iter().map(|(_, v)| v).sum();
    assert!((sum - 22.0).abs() < 1e-12, "{sum}");
    let mul = effects(&rows, "multiplicative");
    for ((_, got), want) in mul
        .iter()
        .zip([1.199981, 1.047155, 0.920877, 162.0 / 140.0])
    {
        assert!((got - want).abs() < 2e-6, "{got} vs {want}");
    }
    let prod: f64 = mul[..3].iter().map(|(_, v)| v).product();
    assert!((prod - 162.0 / 140.0).abs() < 1e-12, "{prod}");
    assert!(text(&o).contains("2015 → 2020"), "{}", text(&o));
}

#[test]
fn three_periods_chain_and_a_fuel_that_appears() {
    // Gas appears in 2020 (share 0 in 2015): its emissions go to the mix effect (Ang & Liu 2007 limit).
    // Coal: Q 10 → 10 → 12, share 1 → 0.5 → 0.5, EF 2. Gas: share 0 → 0.5 → 0.5, EF 1.
    // 2015 → 2020: V 20 → 10 + 5 = 15; activity unchanged → 0; EF unchanged → 0; mix −5.
    let csv = "year,sector,activity,mix,ef\n2015,coal,10,1,2\n2015,gas,10,0,1\n\
2020,coal,10,0.5,2\n2020,gas,10,0.5,1\n2025,coal,12,0.5,2\n2025,gas,12,0.5,1\n";
    let d = tempdir();
    std::fs::write(d.path().join("h.csv"), csv).unwrap();
    let o = ghgkit(d.path(), &["decompose", "h.csv", "--out", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    let (_, rows) = read_csv(&d.path().join("out/decomposition.csv"));
    let pairs: Vec<(String, String)> = rows
        .iter()
        .filter(|r| r[4] == "v_from")
        .map(|r| (r[1].clone(), r[2].clone()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("2015".into(), "2020".into()),
            ("2020".into(), "2025".into()),
            ("2015".into(), "2025".into())
        ]
    );
    let first: Vec<f64> = rows
        .iter()
        .filter(|r| r[1] == "2015" && r[2] == "2020" && r[3] == "additive")
        .map(|r| r[5].parse().unwrap())
        .collect();
    assert!(
        first[0].abs() < 1e-12 && first[2].abs() < 1e-12,
        "{first:?}"
    );
    assert!((first[1] + 5.0).abs() < 1e-12, "{first:?}");
    // 2020 → 2025: only activity changes, ×1.2: ΔV = 15 × 0.2 = 3, all activity.
    let second: Vec<f64> = rows
        .iter()
        .filter(|r| r[1] == "2020" && r[2] == "2025" && r[3] == "additive")
        .map(|r| r[5].parse().unwrap())
        .collect();
    assert!(
        (second[0] - 3.0).abs() < 1e-12 && second[1].abs() < 1e-12,
        "{second:?}"
    );
}

#[test]
fn bad_decomposition_input_is_located() {
    let d = tempdir();
    let bad = HAND.replace("2020,B,120,0.5,1.2,72", "2020,B,120,-0.5,x,72");
    std::fs::write(d.path().join("bad.csv"), bad).unwrap();
    let o = ghgkit(d.path(), &["decompose", "bad.csv", "--out", "out"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(!t.contains("panicked"), "{t}");
    assert!(t.contains("bad.csv:5:4") && t.contains("negative"), "{t}");
    assert!(
        t.contains("bad.csv:5:5") && t.contains("not a number"),
        "{t}"
    );
    let wrong = HAND.replace("2015,A,100,0.4,2.0,80", "2015,A,100,0.4,2.0,81");
    std::fs::write(d.path().join("wrong.csv"), wrong).unwrap();
    let o = ghgkit(d.path(), &["decompose", "wrong.csv", "--out", "out"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("not the product"), "{}", text(&o));
    std::fs::write(d.path().join("one.csv"), "period,sub,x\n2015,A,1\n").unwrap();
    let o = ghgkit(d.path(), &["decompose", "one.csv", "--out", "out"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("two periods"), "{}", text(&o));
    assert!(!d.path().join("out").exists());
}

#[test]
fn scenario_decomposition_is_perfect_and_follows_the_kaya_factors() {
    // The policy scenario against its baseline (both Kaya): in every year the GDP path is the same (inherited),
    // so the whole difference is the intensity effect; base → end effects add up to the change.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let d = tempdir();
    let files = ["hubei-baseline", "hubei-policy"].map(|n| {
        root.join("scenarios")
            .join(format!("{n}.toml"))
            .display()
            .to_string()
    });
    let o = ghgkit(
        d.path(),
        &[
            "scenario", &files[0], &files[1], "--out", "out", "--draws", "10",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let (_, rows) = read_csv(&d.path().join("out/decomposition.csv"));
    let vs: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[0] == "hubei-policy vs hubei-baseline")
        .collect();
    // 15 years × (2 levels + 3 additive + 3 multiplicative).
    assert_eq!(vs.len(), 15 * 8);
    for r in &vs {
        if r[3] == "additive" && r[4] == "gdp" {
            assert_eq!(r[5].parse::<f64>().unwrap(), 0.0, "{r:?}");
        }
    }
    // Perfect: per case and period, Σ additive effects = v_to − v_from.
    let mut groups: std::collections::BTreeMap<(String, String, String), Vec<&Vec<String>>> =
        Default::default();
    for r in &rows {
        groups
            .entry((r[0].clone(), r[1].clone(), r[2].clone()))
            .or_default()
            .push(r);
    }
    // hubei-baseline and hubei-policy base → end, and 15 years of policy vs baseline.
    assert_eq!(groups.len(), 17);
    for (k, g) in groups {
        let val = |m: &str, e: &str| -> f64 {
            g.iter().find(|r| r[3] == m && r[4] == e).unwrap()[5]
                .parse()
                .unwrap()
        };
        let sum: f64 = g
            .iter()
            .filter(|r| r[3] == "additive" && r[4] != "total")
            .map(|r| r[5].parse::<f64>().unwrap())
            .sum();
        let change = val("level", "v_to") - val("level", "v_from");
        assert!(
            (sum - change).abs() < 1e-9 * change.abs().max(1.0),
            "{k:?}: {sum} vs {change}"
        );
    }
}

#[test]
fn sectoral_factors_multiply_out_to_the_emissions() {
    // Σ_i Π_k x_k,i of the sectoral identity (activity × structure × energy intensity × fuel mix × emission
    // factor per sector and carrier, plus cement) is the model's CO2: in the base year (the same in every
    // draw) v_from equals trajectories.csv's CO2; the additive effects add up to the change.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let f = root.join("scenarios/hubei-sectoral.toml");
    let body = std::fs::read_to_string(&f).unwrap();
    let body = &body[..body.find("[goal]").unwrap()];
    let d = tempdir();
    std::fs::write(d.path().join("s.toml"), body).unwrap();
    let o = ghgkit(
        d.path(),
        &["scenario", "s.toml", "--out", "out", "--draws", "10"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let (_, traj) = read_csv(&d.path().join("out/trajectories.csv"));
    let co2_2019: f64 = traj
        .iter()
        .find(|r| r[1] == "co2" && r[3] == "2019")
        .unwrap()[7]
        .parse()
        .unwrap();
    let (_, rows) = read_csv(&d.path().join("out/decomposition.csv"));
    let get = |m: &str, e: &str| -> f64 {
        rows.iter()
            .find(|r| r[0] == "hubei-sectoral" && r[3] == m && r[4] == e)
            .unwrap_or_else(|| panic!("{m} {e}"))[5]
            .parse()
            .unwrap()
    };
    assert!((get("level", "v_from") - co2_2019).abs() < 1e-9 * co2_2019);
    let names = [
        "activity",
        "structure",
        "energy_intensity",
        "fuel_mix",
        "emission_factor",
    ];
    let sum: f64 = names.iter().map(|n| get("additive", n)).sum();
    let change = get("level", "v_to") - get("level", "v_from");
    assert!(
        (sum - change).abs() < 1e-9 * change.abs(),
        "{sum} vs {change}"
    );
    let prod: f64 = names.iter().map(|n| get("multiplicative", n)).product();
    assert!((prod - get("level", "v_to") / get("level", "v_from")).abs() < 1e-12);
}
