//! `--only summary` sums every emission row as it is computed and keeps none (`report::totals`): its
//! summary.json must be the very bytes of the full run's, which keeps every row and sums them afterwards.
//! Checked on the embedded Hubei example (balance with reference approach and fugitive emissions, tidy
//! activity, sectors outside energy) and on a generated tidy workbook of several regions and years with
//! memo items (international aviation, biomass) and categories at several levels of the tree.

mod common;

use common::{C, header, xlsx};
use ghgkit::factors::FactorLibrary;
use ghgkit::run::{self, OutputKind};
use ghgkit::{example, gases, ingest};

/// summary.json of `data`, once with every output (rows kept) and once with `summary` alone (streamed).
fn both(data: &ingest::Ingested) -> (Vec<u8>, Vec<u8>, run::InventoryRun) {
    let library = FactorLibrary::builtin().unwrap();
    let out = common::tempdir();
    let style = ghgkit::plot::style::Style::default();
    let job = run::InventoryJob {
        records: &data.records,
        overrides: &data.overrides,
        balances: &data.balances,
        library: &library,
        factor_set: "china",
        gwp: gases::gwp_set("AR5").unwrap(),
        out_dir: out.path(),
        data_source: "test",
        assess: ghgkit::assess::Options::default(),
        style: &style,
    };
    let summary = |r: &run::InventoryRun| {
        r.outputs
            .iter()
            .find(|o| o.path.ends_with("summary.json"))
            .expect("summary.json")
            .bytes
            .clone()
    };
    let full = run::inventory_job_only(&job, &[OutputKind::Summary, OutputKind::Csv]).unwrap();
    let streamed = run::inventory_job_only(&job, &[OutputKind::Summary]).unwrap();
    assert!(full.totals.is_none(), "csv asked for: the rows are kept");
    assert!(!full.inventory.rows.is_empty());
    assert!(
        streamed.inventory.rows.is_empty(),
        "summary only: no rows kept"
    );
    let t = streamed.totals.as_ref().expect("running totals");
    assert_eq!(t.emission_rows(), full.inventory.rows.len());
    (summary(&full), summary(&streamed), streamed)
}

#[test]
fn embedded_example_summary_is_byte_identical_when_streamed() {
    let data = example::hubei_2007().unwrap();
    assert!(!data.balances.is_empty(), "the example has a balance");
    let (full, streamed, run) = both(&data);
    assert_eq!(
        String::from_utf8(full).unwrap(),
        String::from_utf8(streamed).unwrap()
    );
    // The reference approach was compared with the sectoral rows although they were not kept.
    assert!(
        run.reference
            .iter()
            .all(|ra| ra.comparison.iter().any(|c| c.sectoral_co2_t > 0.0))
    );
}

#[test]
fn generated_workbook_summary_is_byte_identical_when_streamed() {
    let dir = common::tempdir();
    let path = dir.path().join("tidy.xlsx");
    // 3 regions × 4 years × 6 categories × 4 fuels, values that do not add up exactly in floating point
    // (so that a different summation order would show in the last digits).
    let regions = ["Hubei", "Anhui", "Hunan"];
    let cats = [
        "1.A.1.a",
        "1.A.2.a",
        "1.A.2",
        "1.A.3.b",
        "1.A.3.a.i",
        "1.A.4.b",
    ];
    let fuels = ["raw_coal", "gas_diesel_oil", "natural_gas", "wood"];
    let mut rows = vec![header()];
    let mut k = 0u32;
    for region in regions {
        for year in 2005..2009 {
            for cat in cats {
                for fuel in fuels {
                    k += 1;
                    // Aviation burns no coal or wood; every other pair is kept.
                    if cat == "1.A.3.a.i" && fuel != "gas_diesel_oil" {
                        continue;
                    }
                    let (value, unit) = match fuel {
                        "natural_gas" => (0.1 + f64::from(k % 97) * 0.013, "亿立方米"),
                        _ => (1000.0 / 3.0 + f64::from(k % 89) * 7.1, "t"),
                    };
                    rows.push(vec![
                        C::N(f64::from(year)),
                        C::S(region),
                        C::S(cat),
                        C::S(fuel),
                        C::N(value),
                        C::S(unit),
                    ]);
                }
            }
        }
    }
    xlsx(&path, &[("activity", rows)]);
    let data = ingest::read_activity(&[path]).unwrap();
    assert!(
        !data.diagnostics.has_errors(),
        "{:?}",
        data.diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    );
    let (full, streamed, _) = both(&data);
    let text = String::from_utf8(full).unwrap();
    // Memo items and more than one block are present, so those sums were exercised.
    assert!(
        text.contains("\"code\": \"1.A.3.a.i\""),
        "aviation memo item"
    );
    assert!(text.contains("\"region\": \"Hunan\""));
    assert_eq!(text, String::from_utf8(streamed).unwrap());
}
