//! The programs in `examples/` (the code of the notebooks) are compiled into this test and their functions
//! run, so that an example that stops compiling or computes something else fails `cargo test`. Expected
//! values are worked by hand from the factor tables and the scenario files, with the arithmetic shown.

#[allow(dead_code)]
#[path = "../examples/inventory.rs"]
mod inventory_example;

#[allow(dead_code)]
#[path = "../examples/scenarios.rs"]
mod scenarios_example;

#[allow(dead_code)]
#[path = "../examples/charts.rs"]
mod charts_example;

use ghgkit::gases::Gas;
use ghgkit::report::tables::{self, LineKind};
use std::path::Path;

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

#[test]
fn inventory_example_traces_thermal_power_coal_to_its_cell_and_factors() {
    let dir = tempfile::tempdir().unwrap();
    let job = inventory_example::hubei_2007(dir.path()).unwrap();
    let inv = &job.inventory;
    // Raw coal burned in thermal power plants, Hubei 2007: the balance row 火力发电 (line 22 of the
    // embedded CSV), column D (raw coal) reads -3479.81 (万吨, input to transformation).
    let row = inv
        .rows
        .iter()
        .find(|r| r.category == "1.A.1.a.i" && r.activity == "raw_coal" && r.gas == Gas::CO2)
        .expect("thermal power raw coal CO2");
    assert_eq!(row.input.line, Some(22));
    assert_eq!(row.input.column, Some(4));
    assert_eq!(row.activity_value, 3479.81);
    // By hand, china set (GB/T 2589 NCV 20 908 kJ/kg; GB/T 32151.22 Table C.1 bituminous coal carbon
    // content 26.1 t C/TJ and oxidation 0.93, taken for raw coal):
    //   3479.81 万吨 = 34 798 100 t
    //   × 0.020908 TJ/t           = 727 558.6748 TJ
    //   × 26.1 t C/TJ             = 18 989 281.41 t C
    //   × 0.93                    = 17 660 031.71 t C oxidised
    //   × 44/12                   = 64 753 449.6 t CO2
    assert!(
        rel(row.emissions_t, 64_753_449.6) < 1e-8,
        "{}",
        row.emissions_t
    );
    assert_eq!(
        row.factor_ids,
        [
            "china.ncv.raw_coal",
            "china.carbon_content.raw_coal",
            "china.oxidation.raw_coal"
        ]
    );
    // The example's own recomputation from the factors it looks up agrees with the library.
    let by_hand = inventory_example::recompute_co2(inv, row).unwrap();
    assert!(rel(by_hand, row.emissions_t) < 1e-12);
    // The largest figure of the inventory is a CO2 figure whose recomputation agrees too.
    let largest = inventory_example::largest_row(inv).unwrap();
    assert_eq!(largest.gas, Gas::CO2);
    let again = inventory_example::recompute_co2(inv, largest).unwrap();
    assert!(rel(again, largest.emissions_t) < 1e-12);
}

#[test]
fn inventory_example_tables_add_up_to_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let job = inventory_example::hubei_2007(dir.path()).unwrap();
    let inv = &job.inventory;
    let total = inv.totals()[&("Hubei".to_string(), 2007)];
    // The rows without memo items, summed here directly.
    let direct: f64 = inv.rows.iter().filter(|r| !r.memo).map(|r| r.co2e_t).sum();
    assert!(rel(total, direct) < 1e-12);
    // The leaves of the category tree shown by the example add up to the total, and so do the fuels.
    let lines = tables::category_lines(inv);
    let leaves: f64 = lines
        .iter()
        .filter(|l| l.leaf && l.kind != LineKind::Memo && l.kind != LineKind::Total)
        .map(|l| l.sums.co2e())
        .sum();
    assert!(rel(leaves, total) < 1e-9, "{leaves} vs {total}");
    let fuels: f64 = tables::fuel_lines(inv).iter().map(|f| f.sums.co2e()).sum();
    assert!(rel(fuels, total) < 1e-9);
    // Fugitive emissions (1.B) are there, from the balance's production row.
    assert!(inv.rows.iter().any(|r| r.category.starts_with("1.B")));
    // The job rendered the files `ghgkit run` writes, in memory, under the folder given.
    assert!(
        job.outputs
            .iter()
            .any(|o| o.path == dir.path().join("inventory.csv"))
    );
}

#[test]
fn inventory_example_reports_the_typo_then_computes_the_corrected_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let first = inventory_example::read_sheet(
        dir.path(),
        "my-data.csv",
        inventory_example::MY_SHEET_WITH_TYPO,
    )
    .unwrap();
    let errors: Vec<String> = first.diagnostics.errors().map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    // Line 3 of the file, column 4 (activity), with the nearest fuel name suggested.
    assert!(errors[0].contains("my-data.csv:3:4"), "{}", errors[0]);
    assert!(errors[0].contains("Gas/Diesel Oil"), "{}", errors[0]);
    let fixed = inventory_example::MY_SHEET_WITH_TYPO.replace("Gas/Diesel Oi,", "Gas/Diesel Oil,");
    let second = inventory_example::read_sheet(dir.path(), "my-data.csv", &fixed).unwrap();
    assert!(!second.diagnostics.has_errors());
    assert_eq!(second.records.len(), 3);
    let inv = inventory_example::compute(&second.records, "china").unwrap();
    // Three fuels, three gases each.
    assert_eq!(inv.rows.len(), 9);
    // Raw coal in public electricity and heat (1.A.1.a), by hand with the china set:
    //   3500 万吨 = 35 000 000 t × 0.020908 TJ/t = 731 780 TJ
    //   × 26.1 t C/TJ = 19 099 458 t C
    //   × 0.93 = 17 762 495.94 t C oxidised
    //   × 44/12 = 65 129 151.78 t CO2
    let coal = inv
        .rows
        .iter()
        .find(|r| r.activity == "raw_coal" && r.gas == Gas::CO2)
        .unwrap();
    assert!(
        rel(coal.emissions_t, 731_780.0 * 26.1 * 0.93 * 44.0 / 12.0) < 1e-12,
        "{}",
        coal.emissions_t
    );
    assert!(rel(coal.emissions_t, 65_129_151.78) < 1e-9);
}

#[test]
fn scenarios_example_fixed_rate_scenario_matches_its_closed_form() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let scenarios = scenarios_example::load(&dir, scenarios_example::MY_SCENARIO).unwrap();
    assert_eq!(scenarios.len(), 4);
    let outcomes = scenarios_example::run(&scenarios, 500, 1).unwrap();
    let mine = &outcomes[3];
    assert_eq!(mine.scenario.name, "my-fast-decarbonisation");
    // Inherited from hubei-policy, which inherits from hubei-baseline: base CO2 333 Mt, GDP +12.9 % in
    // 2021, +5.5 %/yr 2022-2025, +4.5 %/yr 2026-2035; carbon intensity −5 %/yr (fixed, ours).
    // CO2_2025 = 333 × 1.129 × 1.055⁴ × 0.95⁵ Mt (every draw the same).
    let co2_2025 = 333.0 * 1.129 * 1.055f64.powi(4) * 0.95f64.powi(5);
    let s = scenarios_example::stats_in(mine, 1, 2025);
    assert!(rel(s.p50, co2_2025) < 1e-12, "{} vs {co2_2025}", s.p50);
    assert_eq!(s.p5, s.p95);
    // Annual CO2 growth: 1.129 × 0.95 = 1.0726 (2021), 1.055 × 0.95 = 1.00225 (2022-2025): rising;
    // 1.045 × 0.95 = 0.99275 from 2026: falling. So every draw peaks in 2025.
    let t = ghgkit::scenario::targets::evaluate(mine);
    assert_eq!(t.peak_year.years.len(), 1);
    assert_eq!(t.peak_year.years[0].year, 2025);
    assert_eq!(t.peak_year.probability_peak_by, Some(1.0));
    // Intensity 2020 → 2025: 0.95⁵ = 0.7738, a 22.6 % drop ≥ 18 %; every year −5 % ≤ −1.2 %: all met.
    for r in &t.targets {
        assert_eq!(r.probability, 1.0, "{}", r.target);
    }
    // The comparison table has a line per scenario with its name.
    assert!(scenarios_example::comparison_line(mine).starts_with("my-fast-decarbonisation"));
    // The uncertain baseline is not degenerate: its 90 % range of 2035 CO2 is wide.
    let base = scenarios_example::stats_in(&outcomes[0], 1, 2035);
    assert!(base.p95 > base.p5 * 1.05);
}

#[test]
fn scenarios_example_typo_is_reported_with_file_line_and_the_right_key() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let err = scenarios_example::load(&dir, scenarios_example::MY_SCENARIO_WITH_TYPO)
        .unwrap_err()
        .to_string();
    // `carbon_intensty` is on line 10 of the text (line 1 is the empty line after `r#"`).
    assert!(err.contains("my-scenario.toml:10"), "{err}");
    assert!(err.contains("carbon_intensity"), "{err}");
}

#[test]
fn charts_example_base64_matches_rfc4648_vectors() {
    // RFC 4648 §10 test vectors.
    for (input, expected) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(charts_example::base64(input.as_bytes()), expected);
    }
    let shown = charts_example::evcxr_image("image/png", b"foo");
    assert_eq!(
        shown,
        "EVCXR_BEGIN_CONTENT image/png\nZm9v\nEVCXR_END_CONTENT\n"
    );
}

#[test]
fn charts_example_renders_both_gwp_sets() {
    let ar5 = charts_example::category_chart("AR5").unwrap();
    let ar6 = charts_example::category_chart("AR6").unwrap();
    for c in [&ar5, &ar6] {
        assert_eq!(&c.png[..8], b"\x89PNG\r\n\x1a\n");
        assert!(c.svg.starts_with("<svg"));
        assert!(c.svg.contains("Hubei 2007"));
    }
    // The footnote names the GWP set used.
    assert!(ar5.svg.contains("GWP100: AR5"));
    assert!(ar6.svg.contains("GWP100: AR6"));
}

#[test]
fn charts_example_draws_key_categories_scenarios_and_lmdi() {
    let a = charts_example::assessment_charts(0).unwrap();
    let names: Vec<&str> = a.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["key_categories", "uncertainty"]);
    // Approach 1 only: the footnote says so.
    assert!(a[1].rendered.svg.contains("Approach 1"));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let s = charts_example::scenario_charts(&dir, 200).unwrap();
    let names: Vec<&str> = s.iter().map(|c| c.name.as_str()).collect();
    for n in [
        "scenario_co2",
        "scenario_intensity",
        "peak_year",
        "lmdi_hubei-baseline",
        "lmdi_hubei-policy_vs_hubei-baseline",
    ] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    for c in a.iter().chain(&s) {
        assert_eq!(&c.rendered.png[..8], b"\x89PNG\r\n\x1a\n", "{}", c.name);
        roxmltree::Document::parse(&c.rendered.svg).unwrap();
    }
}
