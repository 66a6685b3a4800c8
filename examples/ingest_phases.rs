//! Where the time of `ghgkit inventory` goes on one workbook: reading the sheets, the tidy validation,
//! the duplicate check, the computation and `summary.json`, each timed once (a profile aid for
//! BENCHMARKS.md, not a benchmark: see `benches/ingest.rs` and `scripts/bench-compare.sh`).
//!
//! ```sh
//! cargo run --release --example ingest_phases -- WORKBOOK.xlsx
//! ```

use ghgkit::error::Diagnostics;
use ghgkit::factors::FactorLibrary;
use ghgkit::ingest::{self, Ingested, workbook};
use ghgkit::inventory::{self, Settings};
use ghgkit::report::{json, tables::ReportData};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: ingest_phases WORKBOOK")?;
    let t = Instant::now();
    let tables = workbook::read_tables(path.as_ref())?;
    eprintln!("read sheets      {:>8.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let mut data = Ingested::default();
    ingest::read_tables(&tables, &mut data);
    drop(tables);
    eprintln!(
        "tidy validation  {:>8.3} s ({} records)",
        t.elapsed().as_secs_f64(),
        data.records.len()
    );
    let t = Instant::now();
    let mut d = Diagnostics::new();
    ingest::tidy::check_duplicates(&data.records, &mut d);
    eprintln!("duplicate check  {:>8.3} s", t.elapsed().as_secs_f64());
    let library = FactorLibrary::builtin()?;
    let gwp = ghgkit::gases::gwp_set("AR5")?;
    let s = Settings {
        library: &library,
        factor_set: "china",
        gwp,
        overrides: &[],
    };
    let t = Instant::now();
    let inv = inventory::compute(&data.records, &s)?;
    eprintln!(
        "compute          {:>8.3} s ({} rows)",
        t.elapsed().as_secs_f64(),
        inv.rows.len()
    );
    let t = Instant::now();
    let bytes = json::summary_json(&ReportData::from(&inv))?;
    eprintln!(
        "summary.json     {:>8.3} s ({} bytes)",
        t.elapsed().as_secs_f64(),
        bytes.len()
    );
    Ok(())
}
