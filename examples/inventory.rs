//! Compile an inventory and look at it — the code of `notebooks/01-inventory.ipynb`, as a program.
//!
//! ```sh
//! cargo run --release --example inventory
//! ```
//!
//! 1. The embedded Hubei 2007 example (the yearbook energy balance, cell for cell) through the same job as
//!    `ghgkit run`: totals, the IPCC category tree, the fuels.
//! 2. The provenance of one figure: the input cell, the equation, every factor with its source — and the
//!    figure recomputed by hand from them.
//! 3. Your own data: a small tidy activity sheet written to a file, checked (a typo is reported with the
//!    nearest valid name), corrected and computed with the `china` factor set.
//!
//! The functions below are also run by `tests/examples.rs`, which checks their results against figures
//! worked by hand.

use ghgkit::factors::FactorLibrary;
use ghgkit::inventory::{EmissionRow, Inventory, Settings};
use ghgkit::report::tables::{self, LineKind};
use ghgkit::{Result, example, gases, ingest, inventory, run};
use std::path::Path;

/// The embedded Hubei 2007 example computed as `ghgkit run` computes it (`china` factors, AR5 GWPs):
/// combustion, fugitive emissions, the reference approach and indirect electricity. Nothing is written;
/// `out_dir` only names the files in `InventoryRun::outputs`.
pub fn hubei_2007(out_dir: &Path) -> Result<run::InventoryRun> {
    let data = example::hubei_2007()?;
    let library = FactorLibrary::builtin()?;
    let gwp = gases::gwp_set("AR5")?;
    run::inventory_job(&run::InventoryJob {
        records: &data.records,
        overrides: &data.overrides,
        balances: &data.balances,
        library: &library,
        factor_set: "china",
        gwp,
        out_dir,
        data_source: example::HUBEI_2007_SOURCE,
        assess: ghgkit::assess::Options::default(),
        style: &ghgkit::plot::style::Style::default(),
    })
}

/// The largest emission figure of an inventory (the one whose provenance is shown).
pub fn largest_row(inv: &Inventory) -> Option<&EmissionRow> {
    inv.rows
        .iter()
        .filter(|r| !r.memo)
        .max_by(|a, b| a.co2e_t.total_cmp(&b.co2e_t))
}

/// CO2 of a combustion row recomputed from its factors, the way the row's `method` says:
/// `A × NCV × CC × OF × 44/12` (carbon content) or `A × NCV × EF × OF` (CO2 emission factor), with every
/// factor converted to t, TJ and t C (IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1; Ch. 1 §1.4.2.1).
pub fn recompute_co2(inv: &Inventory, row: &EmissionRow) -> Option<f64> {
    let factor = |i: usize| inv.factors_used.get(row.factor_ids.get(i)?);
    // The activity in canonical units: the unit as read (万吨 = 10⁴ t, …) through the same unit table as the reader.
    let unit = ghgkit::units::parse_unit(&row.activity_unit).ok()?;
    let amount = unit.to_canonical(row.activity_value); // t, or m³ for gases
    let ncv = factor(0)?.canonical_value(); // TJ per t (or per m³)
    let energy_tj = amount * ncv;
    if row.method.contains("CC") {
        let cc = factor(1)?.canonical_value(); // t C per TJ
        let of = factor(2)?.canonical_value(); // fraction
        Some(energy_tj * cc * of * 44.0 / 12.0)
    } else {
        let ef = factor(1)?.canonical_value(); // t CO2 per TJ
        let of = factor(2).map_or(1.0, |f| f.canonical_value());
        Some(energy_tj * ef * of)
    }
}

/// A small activity sheet with a typo in a fuel name (`Gas/Diesel Oi`), as a user might type it.
pub const MY_SHEET_WITH_TYPO: &str = "\
year,region,category,activity,value,unit,source
2019,Hubei,1.A.1.a,原煤,3500,万吨,my yearbook table 1
2019,Hubei,1.A.3.b,Gas/Diesel Oi,600,万吨,my yearbook table 2
2019,Hubei,1.A.4.b,natural_gas,12.5,亿立方米,my yearbook table 3
";

/// Writes `text` to `dir/name` and reads it as `ghgkit check` does: the records and every problem.
pub fn read_sheet(dir: &Path, name: &str, text: &str) -> Result<ingest::Ingested> {
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|e| ghgkit::Error::Read {
        path: path.clone(),
        source: e,
    })?;
    ingest::read_activity(&[path])
}

/// Computes checked records with a factor set and AR5 GWPs.
pub fn compute(
    records: &[ghgkit::activity::ActivityRecord],
    factor_set: &str,
) -> Result<Inventory> {
    let library = FactorLibrary::builtin()?;
    let settings = Settings {
        library: &library,
        factor_set,
        gwp: gases::gwp_set("AR5")?,
        overrides: &[],
    };
    inventory::compute(records, &settings)
}

fn main() -> Result<()> {
    // 1. The embedded example.
    let out = std::env::temp_dir().join("ghgkit-example-inventory");
    let job = hubei_2007(&out)?;
    let inv = &job.inventory;
    for ((region, year), t) in inv.totals() {
        println!(
            "{region} {year}: {:.2} Mt CO2e (memo items excluded)",
            t / 1e6
        );
    }
    println!("\nBy IPCC category (down to the third level), Mt CO2e:");
    for l in tables::category_lines(inv) {
        if l.depth <= 3 && l.kind != LineKind::Memo {
            let indent = "  ".repeat(l.depth);
            println!(
                "{indent}{:<8} {:<45} {:>8.2}  {}",
                l.code,
                l.title_en,
                l.sums.co2e() / 1e6,
                l.title_zh
            );
        }
    }
    println!("\nBy fuel, Mt CO2e:");
    for f in tables::fuel_lines(inv) {
        println!(
            "  {:<28} {:<8} {:>10.0} TJ {:>8.2}",
            f.name_en,
            f.name_zh,
            f.energy_tj,
            f.sums.co2e() / 1e6
        );
    }
    // 2. Provenance of the largest figure.
    if let Some(row) = largest_row(inv) {
        println!(
            "\nLargest figure: {} {} {} {}: {:.0} t ({})",
            row.category, row.activity, row.gas, row.region, row.emissions_t, row.method
        );
        println!(
            "  read from {}: {} {}",
            row.input, row.activity_value, row.activity_unit
        );
        for id in &row.factor_ids {
            let f = &inv.factors_used[id];
            println!("  {id} = {} {} — {}", f.value, f.unit_text, f.source);
        }
        if let Some(by_hand) = recompute_co2(inv, row) {
            println!("  recomputed from the factors: {by_hand:.0} t");
        }
    }
    // 3. Your own sheet: the typo is reported, with the nearest name; then corrected.
    let dir = tempfile::tempdir().map_err(|e| ghgkit::Error::Internal(e.to_string()))?;
    let first = read_sheet(dir.path(), "my-data.csv", MY_SHEET_WITH_TYPO)?;
    println!();
    for d in first.diagnostics.iter() {
        println!("{d}");
    }
    let fixed = MY_SHEET_WITH_TYPO.replace("Gas/Diesel Oi,", "Gas/Diesel Oil,");
    let second = read_sheet(dir.path(), "my-data.csv", &fixed)?;
    let mine = compute(&second.records, "china")?;
    for ((region, year), t) in mine.totals() {
        println!(
            "{region} {year} (my sheet, china factors): {:.3} Mt CO2e",
            t / 1e6
        );
    }
    Ok(())
}
