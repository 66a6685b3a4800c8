//! Generates a large tidy activity workbook for benchmarks: regions × years × categories × fuels rows.
//!
//! ```sh
//! cargo run --release --example make_tidy_workbook -- OUT.xlsx [ROWS]
//! ```
//! Without ROWS: 31 regions × 30 years × 60 categories × 20 fuels = 1,116,000 rows. With ROWS, the first
//! ROWS rows of that grid. Values are deterministic (a simple hash of the row index), so every run writes
//! the same data. Also writes OUT.csv with the same rows when the name ends in .csv.

use ghgkit::categories::CategoryTree;
use rust_xlsxwriter::Workbook;

const FUELS: [(&str, &str); 20] = [
    ("raw_coal", "万吨"),
    ("cleaned_coal", "万吨"),
    ("other_washed_coal", "万吨"),
    ("briquettes", "万吨"),
    ("coke_oven_coke", "万吨"),
    ("coke_oven_gas", "亿立方米"),
    ("other_gas", "亿立方米"),
    ("crude_oil", "万吨"),
    ("motor_gasoline", "万吨"),
    ("kerosene", "万吨"),
    ("gas_diesel_oil", "万吨"),
    ("residual_fuel_oil", "万吨"),
    ("lpg", "万吨"),
    ("refinery_gas", "万吨"),
    ("natural_gas", "亿立方米"),
    ("other_petroleum_products", "万吨"),
    ("anthracite", "t"),
    ("other_bituminous_coal", "t"),
    ("lignite", "t"),
    ("petroleum_coke", "t"),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let out = args
        .get(1)
        .ok_or("usage: make_tidy_workbook OUT.xlsx|OUT.csv [ROWS]")?;
    let tree = CategoryTree::ipcc2006();
    // 60 combustion categories (codes under 1.A, leaves first, memo items excluded), in tree order.
    let within = |c: &&ghgkit::categories::Category| {
        c.code != "1.A" && tree.is_within(&c.code, "1.A") && !tree.is_memo(&c.code)
    };
    let leaves = tree.iter().filter(within).filter(|c| tree.is_leaf(&c.code));
    let others = tree
        .iter()
        .filter(within)
        .filter(|c| !tree.is_leaf(&c.code));
    let cats: Vec<&str> = leaves
        .chain(others)
        .map(|c| c.code.as_str())
        .take(60)
        .collect();
    let regions: Vec<String> = (1..=31).map(|i| format!("Region{i:02}")).collect();
    let years: Vec<i32> = (1991..=2020).collect();
    let full = regions.len() * years.len() * cats.len() * FUELS.len();
    let rows: usize = match args.get(2) {
        Some(n) => n.parse::<usize>()?.min(full),
        None => full,
    };
    let row = |i: usize| {
        let f = i % FUELS.len();
        let c = (i / FUELS.len()) % cats.len();
        let y = (i / (FUELS.len() * cats.len())) % years.len();
        let r = i / (FUELS.len() * cats.len() * years.len());
        // A deterministic value in [1, 1000) with two decimals.
        let h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
        let v = 1.0 + (h % 99_900) as f64 / 100.0;
        (years[y], &regions[r], cats[c], FUELS[f].0, v, FUELS[f].1)
    };
    if out.ends_with(".csv") {
        let mut w = csv::Writer::from_path(out)?;
        w.write_record(["year", "region", "category", "activity", "value", "unit"])?;
        for i in 0..rows {
            let (y, r, c, a, v, u) = row(i);
            w.write_record([
                y.to_string(),
                r.clone(),
                c.to_string(),
                a.to_string(),
                v.to_string(),
                u.to_string(),
            ])?;
        }
        w.flush()?;
    } else {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("activity")?;
        for (c, h) in ["year", "region", "category", "activity", "value", "unit"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h)?;
        }
        for i in 0..rows {
            let (y, r, c, a, v, u) = row(i);
            let rr = i as u32 + 1;
            ws.write_number(rr, 0, y)?;
            ws.write_string(rr, 1, r)?;
            ws.write_string(rr, 2, c)?;
            ws.write_string(rr, 3, a)?;
            ws.write_number(rr, 4, v)?;
            ws.write_string(rr, 5, u)?;
        }
        wb.save(out)?;
    }
    eprintln!(
        "wrote {out}: {rows} rows ({} categories, {} fuels)",
        cats.len(),
        FUELS.len()
    );
    Ok(())
}
