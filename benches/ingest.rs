//! In-process benchmarks of reading a generated 100,000-row tidy workbook and computing its inventory.
//!
//! ```sh
//! cargo bench --bench ingest
//! ```
//! The workbook has the layout of `examples/make_tidy_workbook.rs` (region, year, 56 combustion categories,
//! 20 fuels in t, 万吨 or 亿立方米); it is written once to a temporary folder. The end-to-end comparison with
//! pandas is `scripts/bench-compare.sh` (results in BENCHMARKS.md).

use ghgkit::activity::ActivityRecord;
use ghgkit::categories::CategoryTree;
use ghgkit::factors::FactorLibrary;
use ghgkit::ingest;
use ghgkit::inventory::{self, Inventory, Settings};
use ghgkit::report::{json, tables::ReportData};
use std::path::PathBuf;
use std::sync::LazyLock;

const ROWS: u32 = 100_000;

fn main() {
    divan::main();
}

/// The workbook, written once (the folder lives as long as the process).
static WORKBOOK: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let fuels = [
        ("raw_coal", "万吨"),
        ("cleaned_coal", "万吨"),
        ("coke_oven_coke", "万吨"),
        ("coke_oven_gas", "亿立方米"),
        ("crude_oil", "万吨"),
        ("motor_gasoline", "万吨"),
        ("kerosene", "万吨"),
        ("gas_diesel_oil", "万吨"),
        ("residual_fuel_oil", "万吨"),
        ("lpg", "万吨"),
        ("natural_gas", "亿立方米"),
        ("anthracite", "t"),
        ("other_bituminous_coal", "t"),
        ("lignite", "t"),
        ("petroleum_coke", "t"),
        ("briquettes", "万吨"),
        ("other_washed_coal", "万吨"),
        ("other_gas", "亿立方米"),
        ("refinery_gas", "万吨"),
        ("other_petroleum_products", "万吨"),
    ];
    let tree = CategoryTree::ipcc2006();
    let cats: Vec<&str> = tree
        .iter()
        .filter(|c| c.code != "1.A" && tree.is_within(&c.code, "1.A") && !tree.is_memo(&c.code))
        .filter(|c| tree.is_leaf(&c.code))
        .map(|c| c.code.as_str())
        .collect();
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("tidy-100k.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["year", "region", "category", "activity", "value", "unit"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..ROWS {
        let n = i as usize;
        let (fuel, unit) = fuels[n % fuels.len()];
        let cat = cats[(n / fuels.len()) % cats.len()];
        let year = 1991 + (n / (fuels.len() * cats.len())) % 30;
        let region = format!("Region{:02}", 1 + n / (fuels.len() * cats.len() * 30));
        let r = i + 1;
        ws.write_number(r, 0, year as f64).unwrap();
        ws.write_string(r, 1, &region).unwrap();
        ws.write_string(r, 2, cat).unwrap();
        ws.write_string(r, 3, fuel).unwrap();
        ws.write_number(r, 4, 1.0 + f64::from(i % 99_900) / 100.0)
            .unwrap();
        ws.write_string(r, 5, unit).unwrap();
    }
    wb.save(&path).expect("workbook written");
    (dir, path)
});

static RECORDS: LazyLock<Vec<ActivityRecord>> = LazyLock::new(|| {
    let data = ingest::read_activity(&[&WORKBOOK.1]).expect("readable");
    assert!(!data.diagnostics.has_errors(), "{:?}", data.diagnostics);
    data.records
});

static LIBRARY: LazyLock<FactorLibrary> =
    LazyLock::new(|| FactorLibrary::builtin().expect("built-in factors"));

fn settings() -> Settings<'static> {
    Settings {
        library: &LIBRARY,
        factor_set: "china",
        gwp: ghgkit::gases::gwp_set("AR5").expect("AR5"),
        overrides: &[],
    }
}

static INVENTORY: LazyLock<Inventory> =
    LazyLock::new(|| inventory::compute(&RECORDS, &settings()).expect("computable"));

/// The sheets into tables of cells (the .xlsx scanner).
#[divan::bench(sample_count = 10)]
fn read_tables(b: divan::Bencher) {
    let path = &WORKBOOK.1;
    b.bench(|| ingest::workbook::read_tables(path).unwrap());
}

/// Files to checked records: tables, tidy validation, duplicate check.
#[divan::bench(sample_count = 10)]
fn read_activity(b: divan::Bencher) {
    let path = &WORKBOOK.1;
    b.bench(|| ingest::read_activity(&[path]).unwrap());
}

/// Records to the 300,000 emission rows (CO2, CH4, N2O per record).
#[divan::bench(sample_count = 10)]
fn compute_inventory(b: divan::Bencher) {
    let records = &*RECORDS;
    let s = settings();
    b.bench(|| inventory::compute(records, &s).unwrap());
}

/// The emission rows to `summary.json`.
#[divan::bench(sample_count = 10)]
fn summary_json(b: divan::Bencher) {
    let inv = &*INVENTORY;
    b.bench(|| json::summary_json(&ReportData::from(inv)).unwrap());
}
