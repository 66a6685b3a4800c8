//! Property tests (proptest): laws that must hold for every input, not only for the hand-worked cases.
//!
//! - unit conversions round-trip (`x → canonical → x`, and through any other unit of the same dimension);
//! - CO2e aggregation is linear (scaling every activity by k scales every total by k; the inventory of two
//!   sets of records is the sum of their inventories);
//! - category subtotals equal the sum of their children at every level of the tree, and the sectors add up to
//!   the total;
//! - Monte Carlo results do not depend on the number of threads;
//! - LMDI-I decomposition is perfect: the additive effects sum to the change and the multiplicative effects
//!   multiply to the ratio, also when sub-categories appear or disappear (zero factors).
//!
//! Case counts are kept small (each inventory case runs the whole computation); `PROPTEST_CASES` raises them.

use ghgkit::decompose::{Observation, lmdi};
use ghgkit::factors::FactorLibrary;
use ghgkit::gases::{Gas, gwp_set};
use ghgkit::ingest::{self, Ingested};
use ghgkit::inventory::{self, Inventory};
use ghgkit::report::tables::{LineKind, category_lines, totals};
use ghgkit::units::{convert, known_units, parse_unit};
use proptest::prelude::*;

/// Fuel and category pairs the `china` factor set computes (combustion) — a small, varied menu.
const MENU: &[(&str, &str, &str)] = &[
    ("1.A.1.a", "raw_coal", "万吨"),
    ("1.A.2.a", "coke_oven_coke", "万吨"),
    ("1.A.3.b", "gas_diesel_oil", "万吨"),
    ("1.A.3.b", "motor_gasoline", "t"),
    ("1.A.4.b", "natural_gas", "亿立方米"),
    ("1.A.4.b", "lpg", "万吨"),
    ("1.A.2.c", "residual_fuel_oil", "万吨"),
    ("1.A.1.b", "refinery_gas", "万吨"),
    ("1.A.4.a", "kerosene", "t"),
    ("1.A.2", "cleaned_coal", "万吨"),
];

/// One activity row: an index into [`MENU`], a region index, a year offset and a value.
type Row = (usize, usize, i32, f64);

fn csv_of(rows: &[Row], scale: f64) -> String {
    let mut s = String::from("year,region,category,activity,value,unit\n");
    for (i, &(m, r, y, v)) in rows.iter().enumerate() {
        let (cat, fuel, unit) = MENU[m];
        // Distinct rows never collide as duplicates: the note column is absent, so make each row's year or
        // region differ by position when needed by letting the caller pick them; duplicates are allowed
        // (they are warnings, not errors) and still computed.
        let _ = i;
        s.push_str(&format!(
            "{},{},{cat},{fuel},{},{unit}\n",
            2010 + y,
            ["Hubei", "Hunan", "Henan"][r],
            v * scale
        ));
    }
    s
}

fn inventory_of(csv: &str) -> Inventory {
    let tables = ingest::workbook::tables_from_csv_text(csv, "prop.csv").expect("csv parses");
    let mut ing = Ingested::default();
    ingest::read_tables(&tables, &mut ing);
    assert!(
        !ing.diagnostics.has_errors(),
        "generated input has errors: {}",
        ing.diagnostics
    );
    let lib = FactorLibrary::builtin().expect("builtin library");
    let gwp = gwp_set("AR5").expect("AR5");
    let settings = inventory::Settings {
        library: &lib,
        factor_set: "china",
        gwp,
        overrides: &[],
    };
    inventory::compute(&ing.records, &settings).expect("inventory computes")
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1e-9)
}

fn rows_strategy() -> impl Strategy<Value = Vec<Row>> {
    prop::collection::vec((0..MENU.len(), 0..3usize, 0..3i32, 0.001f64..1.0e4), 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Every known unit converts to its canonical unit and back to the same number (1e-12 relative), and to
    /// any other unit of its dimension and back.
    #[test]
    fn unit_conversions_round_trip(i in 0..known_units().len(), j in 0..known_units().len(),
                                   x in -1.0e12f64..1.0e12) {
        let names = known_units();
        let u = parse_unit(names[i]).expect("a known unit parses");
        let back = u.from_canonical(u.to_canonical(x));
        prop_assert!(close(back, x, 1e-12), "{}: {x} → {back}", names[i]);
        let v = parse_unit(names[j]).expect("a known unit parses");
        if u.dimension == v.dimension {
            let there = convert(x, &u, &v).expect("same dimension converts");
            let again = convert(there, &v, &u).expect("same dimension converts");
            prop_assert!(close(again, x, 1e-12), "{} → {} → {}: {x} → {again}", names[i], names[j], names[i]);
        } else {
            prop_assert!(convert(x, &u, &v).is_err(), "{} → {} should be refused", names[i], names[j]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Scaling every activity value by k scales every row's emissions and every total by k.
    #[test]
    fn co2e_is_linear_in_activity(rows in rows_strategy(), k in 0.01f64..100.0) {
        let a = inventory_of(&csv_of(&rows, 1.0));
        let b = inventory_of(&csv_of(&rows, k));
        prop_assert_eq!(a.rows.len(), b.rows.len());
        for (ra, rb) in a.rows.iter().zip(&b.rows) {
            prop_assert!(close(rb.co2e_t, k * ra.co2e_t, 1e-9), "{} {} {}: {} × {k} vs {}",
                ra.category, ra.activity, ra.gas.name(), ra.co2e_t, rb.co2e_t);
        }
        let (ta, tb) = (totals(&a), totals(&b));
        prop_assert_eq!(ta.len(), tb.len());
        for ((block, sa), (_, sb)) in ta.iter().zip(&tb) {
            for gas in Gas::all() {
                prop_assert!(close(sb.co2e_of(gas), k * sa.co2e_of(gas), 1e-9), "{block:?} {}", gas.name());
            }
        }
    }

    /// The inventory of two sets of records together is the sum of their inventories (additivity).
    #[test]
    fn co2e_is_additive_over_records(x in rows_strategy(), y in rows_strategy()) {
        let both: Vec<Row> = x.iter().chain(&y).copied().collect();
        let (ix, iy, ib) = (inventory_of(&csv_of(&x, 1.0)), inventory_of(&csv_of(&y, 1.0)),
                            inventory_of(&csv_of(&both, 1.0)));
        let (tx, ty, tb) = (totals(&ix), totals(&iy), totals(&ib));
        for (block, sb) in &tb {
            for gas in Gas::all() {
                let parts = tx.get(block).map_or(0.0, |s| s.co2e_of(gas))
                    + ty.get(block).map_or(0.0, |s| s.co2e_of(gas));
                prop_assert!(close(sb.co2e_of(gas), parts, 1e-9), "{block:?} {}: {} vs {parts}",
                    gas.name(), sb.co2e_of(gas));
            }
        }
    }

    /// In the category table every subtotal equals the sum of the lines that add up into it, at every level,
    /// and the sectors add up to the block's total.
    #[test]
    fn category_subtotals_equal_the_sum_of_their_children(rows in rows_strategy()) {
        let inv = inventory_of(&csv_of(&rows, 1.0));
        let lines = category_lines(&inv);
        let mut checked = 0;
        for (i, parent) in lines.iter().enumerate() {
            if parent.leaf || parent.kind == LineKind::Memo {
                continue;
            }
            // Children: lines of the same block, one level deeper, whose parent is this line's code (sectors,
            // whose parent is empty, add up into the total).
            let children: Vec<_> = lines.iter().filter(|c| {
                c.region == parent.region && c.year == parent.year && c.kind != LineKind::Memo
                    && c.kind != LineKind::Total
                    && c.depth == parent.depth + 1
                    && if parent.kind == LineKind::Total { c.parent.is_empty() } else { c.parent == parent.code }
            }).collect();
            prop_assert!(!children.is_empty(), "line {i} ({}) is not a leaf but has no children", parent.code);
            for gas in Gas::all() {
                let sum: f64 = children.iter().map(|c| c.sums.co2e_of(gas)).sum();
                prop_assert!(close(parent.sums.co2e_of(gas), sum, 1e-9),
                    "{} {} {}: subtotal {} vs children {sum}", parent.region, parent.code, gas.name(),
                    parent.sums.co2e_of(gas));
                let mass: f64 = children.iter().map(|c| c.sums.mass(gas)).sum();
                prop_assert!(close(parent.sums.mass(gas), mass, 1e-9));
            }
            checked += 1;
        }
        prop_assert!(checked > 0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// A scenario's outputs are the same bytes whether one thread or two compute the draws, for any seed and
    /// any number of draws (chunks of draws are collected in order and reduced sequentially).
    #[test]
    fn monte_carlo_does_not_depend_on_the_thread_count(seed in any::<u64>(), draws in 1usize..6000,
                                                       sd in 0.001f64..0.05) {
        let text = format!(r#"
[scenario]
name = "prop"
region = "Hubei"
base_year = 2020
end_year = 2040

[base]
gdp = {{ value = 43443, unit = "1e8 CNY" }}
co2 = {{ value = 330, unit = "Mt" }}

[growth]
gdp = {{ "2021-2025" = 0.065, "2026-2040" = {{ normal = {{ mean = 0.045, sd = {sd} }} }} }}
carbon_intensity = {{ normal = {{ mean = -0.045, sd = {sd} }} }}

[targets]
intensity_annual_drop = 0.012
peak_by = 2030
"#);
        let scenarios = ghgkit::scenario::spec::parse_many(&[("prop.toml".to_string(), text)], 0)
            .expect("scenario parses");
        let options = ghgkit::scenario::Options::new(draws, seed);
        let out = std::path::Path::new("out");
        let with = |threads: usize| {
            rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool")
                .install(|| ghgkit::scenario::run(&scenarios, options, out).expect("scenario runs"))
        };
        let (one, two) = (with(1), with(2));
        prop_assert_eq!(one.files.len(), two.files.len());
        for ((p1, b1), (p2, b2)) in one.files.iter().zip(&two.files) {
            prop_assert_eq!(p1, p2);
            prop_assert!(b1 == b2, "{} differs between 1 and 2 threads", p1.display());
        }
    }
}

/// One sub-category's factors in both periods; a factor value of 0 makes it absent in that period.
type SubData = (Vec<f64>, Vec<f64>);

/// 1 to 4 factors, 1 to 8 sub-categories; factor values are positive over eight orders of magnitude, about
/// one in eight is zero (a fuel not used in that period), and about one in four is the same in both
/// periods (an unchanged factor: ln 1 = 0).
fn lmdi_strategy() -> impl Strategy<Value = (usize, Vec<SubData>)> {
    (1usize..=4).prop_flat_map(|n| {
        let value = prop_oneof![
            1 => Just(0.0),
            7 => (-4.0f64..4.0).prop_map(|e| 10f64.powf(e)),
        ];
        let sub = (
            prop::collection::vec(value.clone(), n),
            prop::collection::vec(value, n),
            prop::collection::vec(prop::bool::weighted(0.25), n),
        )
            .prop_map(|(x0, mut xt, same)| {
                for k in 0..x0.len() {
                    if same[k] {
                        xt[k] = x0[k];
                    }
                }
                (x0, xt)
            });
        (Just(n), prop::collection::vec(sub, 1..=8))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// LMDI-I (Ang 2005, eqs. 3–4; zero values by the limits of Ang & Liu 2007) leaves no residual: the
    /// additive effects sum to `V^T − V^0` and the multiplicative effects multiply to `V^T / V^0`, within
    /// 1e-9 of the larger aggregate (the effects of sub-categories cancel, so the tolerance is relative to
    /// the size of the aggregates, not to a change that may be almost zero). `V^0`, `V^T` are recomputed
    /// here from the factors, independently of the decomposition.
    #[test]
    fn lmdi_decomposition_is_perfect((n, subs) in lmdi_strategy()) {
        let names: Vec<String> = (0..n).map(|k| format!("x{k}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let obs = |pick: fn(&SubData) -> &Vec<f64>| -> Vec<Observation> {
            subs.iter().enumerate().map(|(i, s)| Observation {
                sub: format!("s{i}"),
                factors: pick(s).clone(),
            }).collect()
        };
        let (p0, pt) = (obs(|s| &s.0), obs(|s| &s.1));
        let v0: f64 = subs.iter().map(|s| s.0.iter().product::<f64>()).sum();
        let vt: f64 = subs.iter().map(|s| s.1.iter().product::<f64>()).sum();
        let d = lmdi(&names, "0", "T", &p0, &pt).expect("non-negative finite factors decompose");
        prop_assert!(close(d.v0, v0, 1e-12) && close(d.vt, vt, 1e-12), "V0 {} vs {v0}, VT {} vs {vt}", d.v0, d.vt);
        prop_assert_eq!(d.additive.len(), n);
        let sum: f64 = d.additive.iter().map(|e| e.value).sum();
        let scale = v0.abs().max(vt.abs());
        prop_assert!((sum - (vt - v0)).abs() <= 1e-9 * scale,
            "additive effects sum to {sum}, change {} (V0 {v0}, VT {vt})", vt - v0);
        prop_assert!(d.additive.iter().all(|e| e.value.is_finite()));
        if v0 > 0.0 && vt > 0.0 {
            prop_assert_eq!(d.multiplicative.len(), n);
            let product: f64 = d.multiplicative.iter().map(|e| e.value).product();
            prop_assert!(close(product, vt / v0, 1e-9),
                "multiplicative effects multiply to {product}, ratio {}", vt / v0);
        } else {
            // No ratio to explain when an aggregate is zero.
            prop_assert!(d.multiplicative.is_empty());
        }
    }
}
