//! `inventory.xlsx` and `summary.json`, read back as a user would (calamine, serde_json, the raw XML) and
//! checked against `inventory.csv`: every sheet present, totals to the cent, every subtotal the sum of its
//! children, fuels adding up, one provenance row per emission row, every factor id listed, formula-like
//! text kept as text, and byte-identical outputs from two runs. The reference approach and indirect
//! electricity (sheets `reference_vs_sectoral`, `indirect_electricity`, two summary lines, two JSON keys)
//! are checked against `reference_approach.csv` and `indirect_electricity.csv`, and are absent without an
//! energy balance.

mod common;
use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{C, ghgkit, read_csv, tempdir, text, zip_member};
use ghgkit::report::xlsx::{SUMMARY_INDIRECT_ITEM, SUMMARY_REFERENCE_ITEM};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every sheet, in workbook order; those of [`OPTIONAL`] only when there is data for them.
const SHEETS: [&str; 10] = [
    "summary",
    "by_category",
    "by_fuel",
    "by_provincial_sector",
    "reference_vs_sectoral",
    "indirect_electricity",
    "factors",
    "provenance",
    "key_categories",
    "uncertainty",
];

/// The optional sheets and the CSV file that holds the same figures.
const OPTIONAL: [(&str, &str); 4] = [
    ("reference_vs_sectoral", "reference_approach.csv"),
    ("indirect_electricity", "indirect_electricity.csv"),
    ("key_categories", "key_categories.csv"),
    ("uncertainty", "uncertainty.csv"),
];

/// The sheets expected in `out`: the optional ones exactly when their CSV was written.
fn expected_sheets(out: &Path) -> Vec<&'static str> {
    SHEETS
        .into_iter()
        .filter(|s| {
            OPTIONAL
                .iter()
                .find(|(name, _)| name == s)
                .is_none_or(|(_, file)| out.join(file).exists())
        })
        .collect()
}

/// A region name that a spreadsheet would run as a formula if it were written as one.
const EVIL: &str = "=cmd|' /C calc'!A0";

type Block = (String, i64);

/// One sheet: its header row and the rows below, as calamine reads them.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<Data>>,
}

impl Table {
    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    fn s(&self, row: &[Data], name: &str) -> String {
        match &row[self.col(name)] {
            Data::String(s) => s.clone(),
            Data::Empty => String::new(),
            other => panic!("{name}: expected text, found {other:?}"),
        }
    }

    fn f(&self, row: &[Data], name: &str) -> f64 {
        match &row[self.col(name)] {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            Data::Empty => 0.0,
            other => panic!("{name}: expected a number, found {other:?}"),
        }
    }

    fn b(&self, row: &[Data], name: &str) -> bool {
        match &row[self.col(name)] {
            Data::Bool(b) => *b,
            other => panic!("{name}: expected a boolean, found {other:?}"),
        }
    }

    fn block(&self, row: &[Data]) -> Block {
        (self.s(row, "region"), self.f(row, "year") as i64)
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => format!("{other:?}"),
    }
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn table(path: &Path, name: &str) -> Table {
    let mut rows = sheet(path, name);
    let header = rows.remove(0).iter().map(cell_text).collect();
    Table { header, rows }
}

/// One member of the xlsx zip as text.
fn member(path: &Path, name: &str) -> String {
    zip_member(path, name).unwrap_or_else(|| panic!("{} has no member {name}", path.display()))
}

fn member_names(path: &Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    zip.file_names().map(|n| n.unwrap().to_string()).collect()
}

/// What inventory.csv says: totals and memo CO2e per block, its rows and factor ids.
struct Csv {
    totals: BTreeMap<Block, f64>,
    memo: BTreeMap<Block, f64>,
    rows: usize,
    regions: BTreeSet<String>,
    factor_ids: BTreeSet<String>,
}

fn csv(out: &Path) -> Csv {
    let (h, rows) = read_csv(&out.join("inventory.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let mut totals = BTreeMap::new();
    let mut memo = BTreeMap::new();
    let mut factor_ids = BTreeSet::new();
    let mut regions = BTreeSet::new();
    for r in &rows {
        let b = (r[col("region")].clone(), r[col("year")].parse().unwrap());
        let co2e: f64 = r[col("co2e_t")].parse().unwrap();
        let m = if r[col("memo")] == "true" {
            &mut memo
        } else {
            &mut totals
        };
        *m.entry(b.clone()).or_insert(0.0) += co2e;
        totals.entry(b).or_insert(0.0);
        regions.insert(r[col("region")].clone());
        factor_ids.extend(r[col("factor_ids")].split(" ; ").map(String::from));
    }
    Csv {
        totals,
        memo,
        rows: rows.len(),
        regions,
        factor_ids,
    }
}

/// The CSV's region without the `'` that protects formula-like text there.
fn unprotect(b: &Block) -> Block {
    let r = b.0.strip_prefix('\'').unwrap_or(&b.0).to_string();
    (r, b.1)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 + 1e-9 * a.abs().max(b.abs())
}

/// Every check of the workbook and JSON against the CSV of the same run.
fn check_outputs(out: &Path, gwp: &str) {
    let xlsx = out.join("inventory.xlsx");
    let csv = csv(out);
    let totals: BTreeMap<Block, f64> = csv.totals.iter().map(|(b, v)| (unprotect(b), *v)).collect();
    let memo: BTreeMap<Block, f64> = csv.memo.iter().map(|(b, v)| (unprotect(b), *v)).collect();
    let co2e = format!("CO2e (t CO2e, {gwp})");

    // Every sheet, in order.
    let wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheets = expected_sheets(out);
    assert_eq!(wb.sheet_names(), sheets);

    // summary: the totals table equals the CSV to the cent.
    let summary = sheet(&xlsx, "summary");
    let h = summary
        .iter()
        .position(|r| {
            r.first().map(cell_text).as_deref() == Some("region")
                && r.get(2).map(cell_text) == Some(co2e.clone())
        })
        .expect("totals table on the summary sheet");
    assert_eq!(cell_text(&summary[h][3]), format!("CO2e (Mt CO2e, {gwp})"));
    let mut seen = BTreeMap::new();
    for r in summary[h + 1..]
        .iter()
        .take_while(|r| !matches!(r[0], Data::Empty))
    {
        let b = (
            cell_text(&r[0]),
            cell_text(&r[1]).parse::<f64>().unwrap() as i64,
        );
        let t = match r[2] {
            Data::Float(f) => f,
            ref o => panic!("{o:?}"),
        };
        let mt = match r[3] {
            Data::Float(f) => f,
            ref o => panic!("{o:?}"),
        };
        assert!(
            (t - totals[&b]).abs() < 0.005,
            "{b:?}: {t} vs {}",
            totals[&b]
        );
        assert!(close(mt * 1e6, t));
        seen.insert(b, t);
    }
    assert_eq!(seen.len(), totals.len(), "one total per region × year");
    let texts: Vec<String> = summary.iter().flatten().map(cell_text).collect();
    for needle in [
        "Vol. 2 (Energy), Ch. 2 (Stationary Combustion), Eq. 2.1",
        &format!("GWP100 ({gwp})"),
        "Factor sets used 使用的排放因子集",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(needle)),
            "summary lacks {needle}"
        );
    }

    // by_category: every subtotal is the sum of its children, for every gas and CO2e.
    let cat = table(&xlsx, "by_category");
    let values = ["CO2 (t)", "CH4 (t)", "N2O (t)", co2e.as_str()];
    let mut blocks: BTreeMap<Block, Vec<&Vec<Data>>> = BTreeMap::new();
    for r in &cat.rows {
        blocks.entry(cat.block(r)).or_default().push(r);
    }
    assert_eq!(
        blocks.keys().collect::<Vec<_>>(),
        totals.keys().collect::<Vec<_>>()
    );
    let mut parents_checked = 0;
    for (b, lines) in &blocks {
        let total: Vec<&&Vec<Data>> = lines
            .iter()
            .filter(|r| cat.s(r, "kind") == "total")
            .collect();
        assert_eq!(total.len(), 1);
        assert!((cat.f(total[0], &co2e) - totals[b]).abs() < 0.005, "{b:?}");
        let tree_kind =
            |r: &Vec<Data>| matches!(cat.s(r, "kind").as_str(), "category" | "unallocated");
        for p in lines.iter().filter(|r| !cat.b(r, "leaf")) {
            let depth = cat.f(p, "depth") as i64;
            let kids: Vec<&&Vec<Data>> = lines
                .iter()
                .filter(|r| {
                    tree_kind(r)
                        && cat.f(r, "depth") as i64 == depth + 1
                        && (depth == 0 || cat.s(r, "parent") == cat.s(p, "code"))
                })
                .collect();
            assert!(!kids.is_empty(), "{} has no children", cat.s(p, "code"));
            for v in values {
                let sum: f64 = kids.iter().map(|k| cat.f(k, v)).sum();
                assert!(
                    close(sum, cat.f(p, v)),
                    "{b:?} {} {v}: children {sum} vs {}",
                    cat.s(p, "code"),
                    cat.f(p, v)
                );
            }
            parents_checked += 1;
        }
        let leaves: f64 = lines
            .iter()
            .filter(|r| tree_kind(r) && cat.b(r, "leaf"))
            .map(|r| cat.f(r, &co2e))
            .sum();
        assert!(close(leaves, totals[b]));
        let memo_lines: f64 = lines
            .iter()
            .filter(|r| cat.s(r, "kind") == "memo")
            .map(|r| cat.f(r, &co2e))
            .sum();
        assert!(
            close(memo_lines, memo.get(b).copied().unwrap_or(0.0)),
            "{b:?} memo"
        );
    }
    assert!(parents_checked >= 5, "{parents_checked}");

    // by_fuel: adds up to the total; memo CO2e apart.
    let fuel = table(&xlsx, "by_fuel");
    let memo_col = format!("memo items (t CO2e, {gwp}, not in total)");
    for (b, t) in &totals {
        let rows: Vec<&Vec<Data>> = fuel.rows.iter().filter(|r| &fuel.block(r) == b).collect();
        let sum: f64 = rows.iter().map(|r| fuel.f(r, &co2e)).sum();
        assert!((sum - t).abs() < 0.005, "{b:?}: fuels {sum} vs {t}");
        let m: f64 = rows.iter().map(|r| fuel.f(r, &memo_col)).sum();
        assert!(close(m, memo.get(b).copied().unwrap_or(0.0)));
        // Fuels have energy; activities outside energy (cement, livestock … of the example) have none.
        assert!(
            rows.iter()
                .filter(|r| fuel.s(r, "group") != "non_energy")
                .all(|r| fuel.f(r, "energy (TJ)") > 0.0)
        );
        assert!(
            rows.iter()
                .filter(|r| fuel.s(r, "group") == "non_energy")
                .all(|r| fuel.f(r, "energy (TJ)") == 0.0)
        );
    }

    // by_provincial_sector: adds up to the total and says the mapping is inferred.
    let prov = table(&xlsx, "by_provincial_sector");
    for (b, t) in &totals {
        let sum: f64 = prov
            .rows
            .iter()
            .filter(|r| &prov.block(r) == b)
            .map(|r| prov.f(r, &co2e))
            .sum();
        assert!((sum - t).abs() < 0.005);
    }
    assert!(
        prov.rows
            .iter()
            .filter(|r| prov.s(r, "item") != "unmapped")
            .all(|r| prov.s(r, "mapping") == "inferred")
    );

    // provenance: one row per emission row; factors: every id used.
    let provenance = table(&xlsx, "provenance");
    assert_eq!(provenance.rows.len(), csv.rows);
    let factors = table(&xlsx, "factors");
    let ids: BTreeSet<String> = factors.rows.iter().map(|r| factors.s(r, "id")).collect();
    for id in &csv.factor_ids {
        assert!(ids.contains(id), "factor {id} not on the factors sheet");
    }
    for r in &factors.rows {
        assert!(!factors.s(r, "source").is_empty());
        assert!(!factors.s(r, "status").is_empty());
        assert!(factors.s(r, "defined at").contains(':'));
    }

    // Raw XML: no formula anywhere; header rows frozen and filtered on the table sheets.
    for (i, name) in sheets.iter().enumerate() {
        let xml = member(&xlsx, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(
            !xml.contains("<f>") && !xml.contains("<f "),
            "{name} has a formula"
        );
        assert!(xml.contains("<pane "), "{name}: no frozen pane");
        if i > 0 {
            assert!(xml.contains("<autoFilter "), "{name}: no autofilter");
        }
    }
    assert!(
        member_names(&xlsx)
            .iter()
            .any(|n| n.starts_with("xl/charts/chart"))
    );

    // summary.json: parses, and its totals match the CSV.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["gwp_set"], gwp);
    assert_eq!(json["units"]["co2e"], "t CO2e");
    assert!(
        json["generated_by"]
            .as_str()
            .unwrap()
            .starts_with("ghgkit ")
    );
    assert_eq!(json["counts"]["emission_rows"], csv.rows);
    let list = json["totals"].as_array().unwrap();
    assert_eq!(list.len(), totals.len());
    for t in list {
        let b = (
            t["region"].as_str().unwrap().to_string(),
            t["year"].as_i64().unwrap(),
        );
        let v = t["co2e_t"].as_f64().unwrap();
        assert!((v - totals[&b]).abs() < 0.005, "{b:?}");
        let by_gas: f64 = ["CO2", "CH4", "N2O"]
            .iter()
            .map(|g| t["by_gas"][g]["co2e_t"].as_f64().unwrap())
            .sum();
        assert!(close(by_gas, v));
        let m = t["memo"]["co2e_t"].as_f64().unwrap();
        assert!(close(m, memo.get(&b).copied().unwrap_or(0.0)));
        let sectors: f64 = json["by_sector"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["region"] == b.0 && s["year"] == b.1 && s["depth"] == 1)
            .map(|s| s["co2e_t"].as_f64().unwrap())
            .sum();
        assert!(close(sectors, v));
    }
    assert!(!csv.regions.is_empty());

    check_reference(out);
    check_indirect(out);
}

/// A CSV written by ghgkit as maps from column name to text, with the `'` that protects formula-like
/// text removed.
fn csv_maps(path: &Path) -> Vec<BTreeMap<String, String>> {
    let (h, rows) = read_csv(path);
    rows.into_iter()
        .map(|r| {
            h.iter()
                .cloned()
                .zip(r.into_iter().map(|v| match v.strip_prefix('\'') {
                    Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
                    _ => v,
                }))
                .collect()
        })
        .collect()
}

fn num(m: &BTreeMap<String, String>, key: &str) -> f64 {
    m[key]
        .parse()
        .unwrap_or_else(|e| panic!("{key} = {:?}: {e}", m[key]))
}

fn opt_num(m: &BTreeMap<String, String>, key: &str) -> Option<f64> {
    (!m[key].is_empty()).then(|| num(m, key))
}

/// The same number, but for the last bit: serde_json parses floats fast, not always to the nearest `f64`
/// (its `float_roundtrip` feature is off), while ghgkit writes them exactly.
fn same(json: Option<f64>, csv: Option<f64>, what: &str) {
    match (json, csv) {
        (Some(a), Some(b)) => assert!(
            (a - b).abs() <= 1e-14 * a.abs().max(b.abs()),
            "{what}: JSON {a} vs CSV {b}"
        ),
        (a, b) => assert_eq!(a, b, "{what}"),
    }
}

/// To the cent.
fn cents(sheet: f64, csv: f64, what: &str) {
    assert!(
        (sheet - csv).abs() < 0.005,
        "{what}: sheet {sheet} vs CSV {csv}"
    );
}

/// A number cell, `None` when empty.
fn opt_cell(t: &Table, row: &[Data], name: &str) -> Option<f64> {
    match &row[t.col(name)] {
        Data::Empty => None,
        _ => Some(t.f(row, name)),
    }
}

fn summary_json(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

/// The rows of a summary line (`item` in column C) as (region, year, t CO2, difference %).
fn summary_lines(xlsx: &Path, item: &str) -> Vec<(String, i64, f64, Option<f64>)> {
    sheet(xlsx, "summary")
        .iter()
        .filter(|r| r.len() > 5 && cell_text(&r[2]) == item)
        .map(|r| {
            let n = |d: &Data| match d {
                Data::Float(f) => Some(*f),
                Data::Empty => None,
                o => panic!("{o:?}"),
            };
            (
                cell_text(&r[0]),
                n(&r[1]).unwrap() as i64,
                n(&r[3]).unwrap(),
                n(&r[5]),
            )
        })
        .collect()
}

/// The two tables of `reference_vs_sectoral`: the comparison (header in row 0) and the per-fuel table
/// (header below its title).
fn reference_tables(xlsx: &Path) -> (Table, Table) {
    let rows = sheet(xlsx, "reference_vs_sectoral");
    let until_empty = |from: usize| -> Vec<Vec<Data>> {
        rows[from..]
            .iter()
            .take_while(|r| !matches!(r[0], Data::Empty))
            .cloned()
            .collect()
    };
    let comparison = Table {
        header: rows[0].iter().map(cell_text).collect(),
        rows: until_empty(1),
    };
    let title = rows
        .iter()
        .position(|r| cell_text(&r[0]) == "Reference approach per fuel 分品种参考方法")
        .expect("the per-fuel table's title");
    let fuels = Table {
        header: rows[title + 1].iter().map(cell_text).collect(),
        rows: until_empty(title + 2),
    };
    (comparison, fuels)
}

/// `reference_vs_sectoral`, the summary line and `reference_approach` of the JSON against
/// `reference_approach.csv`; all absent (and the JSON list empty) when there is no such CSV.
fn check_reference(out: &Path) {
    let xlsx = out.join("inventory.xlsx");
    let json = summary_json(out);
    let list = json["reference_approach"].as_array().unwrap();
    let path = out.join("reference_approach.csv");
    if !path.exists() {
        assert!(list.is_empty());
        assert!(summary_lines(&xlsx, SUMMARY_REFERENCE_ITEM).is_empty());
        return;
    }
    let rows = csv_maps(&path);
    let comparisons: Vec<&BTreeMap<String, String>> =
        rows.iter().filter(|r| r["kind"] == "comparison").collect();
    let fuel_rows: Vec<&BTreeMap<String, String>> =
        rows.iter().filter(|r| r["kind"] == "fuel").collect();
    assert!(!comparisons.is_empty() && !fuel_rows.is_empty());
    let (cmp, fuels) = reference_tables(&xlsx);

    // The comparison, row for row, to the cent; the gap columns add up to RA − SA.
    assert_eq!(cmp.rows.len(), comparisons.len());
    let mut flagged = 0;
    for (r, c) in cmp.rows.iter().zip(&comparisons) {
        assert_eq!(cmp.s(r, "region"), c["region"]);
        assert_eq!(cmp.f(r, "year"), num(c, "year"));
        assert_eq!(cmp.s(r, "factor set"), c["factor_set"]);
        assert_eq!(cmp.s(r, "fuel group"), c["fuel_or_group"]);
        let what = format!("{} {}", c["region"], c["fuel_or_group"]);
        let ra = cmp.f(r, "RA CO2 from supply items (t CO2)");
        let sa = cmp.f(r, "SA CO2, 1.A (t CO2)");
        cents(ra, num(c, "reference_co2_t"), &what);
        cents(
            cmp.f(r, "RA CO2 from printed supply totals (t CO2)"),
            num(c, "reference_from_total_co2_t"),
            &what,
        );
        cents(sa, num(c, "sectoral_co2_t"), &what);
        cents(cmp.f(r, "RA − SA (t CO2)"), ra - sa, &what);
        for (col, key) in [
            ("difference (%)", "difference_pct"),
            ("difference from totals (%)", "difference_from_total_pct"),
        ] {
            match (opt_cell(&cmp, r, col), opt_num(c, key)) {
                (Some(a), Some(b)) => cents(a, b, &format!("{what} {col}")),
                (a, b) => assert_eq!(a, b, "{what} {col}"),
            }
        }
        let flag = cmp.b(r, "flag (beyond ±5 %)");
        assert_eq!(flag.to_string(), c["flag"], "{what}");
        flagged += usize::from(flag);
        let gaps: f64 = cmp
            .header
            .iter()
            .filter(|h| h.starts_with("gap: "))
            .map(|h| cmp.f(r, h))
            .sum();
        assert!(close(gaps, ra - sa), "{what}: gaps {gaps} vs {}", ra - sa);
        assert_eq!(cmp.s(r, "explanation"), c["explanation"], "{what}");
    }

    // Per fuel, row for row.
    assert_eq!(fuels.rows.len(), fuel_rows.len());
    for (r, c) in fuels.rows.iter().zip(&fuel_rows) {
        assert_eq!(fuels.s(r, "region"), c["region"]);
        assert_eq!(fuels.s(r, "fuel"), c["fuel_or_group"]);
        assert_eq!(fuels.s(r, "unit"), c["unit"]);
        let what = c["fuel_or_group"].clone();
        for (col, key) in [
            (
                "apparent consumption, supply items (unit)",
                "apparent_consumption",
            ),
            (
                "apparent consumption, printed supply total (unit)",
                "apparent_consumption_from_total",
            ),
            ("excluded: non-energy use (unit)", "excluded_non_energy"),
            ("apparent consumption (TJ)", "apparent_consumption_tj"),
            ("CO2 from supply items (t CO2)", "reference_co2_t"),
            (
                "CO2 from printed supply total (t CO2)",
                "reference_from_total_co2_t",
            ),
        ] {
            match (opt_cell(&fuels, r, col), opt_num(c, key)) {
                (Some(a), Some(b)) => cents(a, b, &format!("{what} {col}")),
                (a, b) => assert_eq!(a, b, "{what} {col}"),
            }
        }
        assert_eq!(fuels.s(r, "method"), c["explanation"], "{what}");
        assert_eq!(fuels.s(r, "factor ids"), c["factor_ids"], "{what}");
        assert_eq!(
            fuels.s(r, "inputs (file › sheet › cell)"),
            c["inputs"],
            "{what}"
        );
    }

    // Flagged rows stand out: their difference cell has a style of its own.
    if flagged > 0 {
        let xml = member(&xlsx, "xl/styles.xml");
        assert!(xml.contains("FF9C0006"), "the flag style (dark red)");
    }

    // The summary: RA − SA of the total, per balance (sorted by region and year there).
    let totals: Vec<&&BTreeMap<String, String>> = comparisons
        .iter()
        .filter(|c| c["fuel_or_group"] == "total")
        .collect();
    let mut sorted = totals.clone();
    sorted.sort_by_key(|c| (c["region"].clone(), num(c, "year") as i64));
    let lines = summary_lines(&xlsx, SUMMARY_REFERENCE_ITEM);
    assert_eq!(lines.len(), sorted.len());
    for (line, c) in lines.iter().zip(&sorted) {
        assert_eq!(line.0, c["region"]);
        assert_eq!(line.1 as f64, num(c, "year"));
        cents(
            line.2,
            num(c, "reference_co2_t") - num(c, "sectoral_co2_t"),
            "summary RA − SA",
        );
        assert_eq!(line.3, opt_num(c, "difference_pct"));
    }

    // summary.json: the same figures, exactly.
    assert_eq!(list.len(), totals.len());
    let mut groups = Vec::new();
    for ra in list {
        for g in ra["groups"].as_array().unwrap() {
            groups.push((ra, g));
        }
    }
    assert_eq!(groups.len(), comparisons.len());
    for ((ra, g), c) in groups.iter().zip(&comparisons) {
        assert_eq!(ra["region"], c["region"].as_str());
        assert_eq!(ra["year"].as_f64().unwrap(), num(c, "year"));
        assert_eq!(g["group"], c["fuel_or_group"].as_str());
        for key in [
            "reference_co2_t",
            "reference_from_total_co2_t",
            "sectoral_co2_t",
        ] {
            same(g[key].as_f64(), Some(num(c, key)), key);
        }
        for key in ["difference_pct", "difference_from_total_pct"] {
            same(g[key].as_f64(), opt_num(c, key), key);
        }
        assert_eq!(g["flag"].as_bool().unwrap().to_string(), c["flag"]);
    }
}

/// `indirect_electricity`, the summary line and `indirect_electricity` of the JSON against
/// `indirect_electricity.csv`; all absent (and the JSON list empty) when there is no such CSV.
fn check_indirect(out: &Path) {
    let xlsx = out.join("inventory.xlsx");
    let json = summary_json(out);
    let list = json["indirect_electricity"].as_array().unwrap();
    let path = out.join("indirect_electricity.csv");
    if !path.exists() {
        assert!(list.is_empty());
        assert!(summary_lines(&xlsx, SUMMARY_INDIRECT_ITEM).is_empty());
        return;
    }
    let rows = csv_maps(&path);
    assert!(!rows.is_empty());
    let all = sheet(&xlsx, "indirect_electricity");
    let t = Table {
        header: all[0].iter().map(cell_text).collect(),
        rows: all[1..]
            .iter()
            .take_while(|r| !matches!(r[0], Data::Empty))
            .cloned()
            .collect(),
    };
    assert_eq!(t.rows.len(), rows.len());
    for (r, c) in t.rows.iter().zip(&rows) {
        assert_eq!(t.s(r, "region"), c["region"]);
        assert_eq!(t.f(r, "year"), num(c, "year"));
        let kwh = t.f(r, "net imports (kWh)");
        cents(kwh, num(c, "net_import_kwh"), "net imports");
        assert!(close(t.f(r, "net imports (10⁸ kWh, 亿千瓦时)") * 1e8, kwh));
        assert_eq!(
            t.f(r, "grid factor (kg CO2/kWh)"),
            num(c, "grid_factor_kg_co2_per_kwh")
        );
        assert_eq!(t.s(r, "factor id"), c["factor_id"]);
        assert_eq!(opt_cell(&t, r, "factor year"), opt_num(c, "factor_year"));
        assert_eq!(t.s(r, "factor region"), c["factor_region"]);
        let co2 = t.f(r, "indirect CO2 (t CO2)");
        cents(co2, num(c, "indirect_co2_t"), "indirect CO2");
        assert!(close(t.f(r, "indirect CO2 (Mt CO2)") * 1e6, co2));
        assert_eq!(t.s(r, "inputs (file › sheet › cell)"), c["inputs"]);
        assert_eq!(t.s(r, "note"), c["note"]);
    }
    // The sheet says, below the table, that these are not in the territorial total.
    assert!(
        all.iter()
            .flatten()
            .any(|c| cell_text(c).contains("NOT in the territorial total")),
        "the line on the territorial total"
    );

    // The summary line (sorted by region and year there).
    let mut sorted: Vec<&BTreeMap<String, String>> = rows.iter().collect();
    sorted.sort_by_key(|c| (c["region"].clone(), num(c, "year") as i64));
    let lines = summary_lines(&xlsx, SUMMARY_INDIRECT_ITEM);
    assert_eq!(lines.len(), sorted.len());
    for (line, c) in lines.iter().zip(&sorted) {
        assert_eq!(
            (line.0.as_str(), line.1 as f64),
            (c["region"].as_str(), num(c, "year"))
        );
        cents(line.2, num(c, "indirect_co2_t"), "summary indirect CO2");
    }

    // summary.json: the same figures, exactly.
    assert_eq!(list.len(), rows.len());
    for (j, c) in list.iter().zip(&rows) {
        assert_eq!(j["region"], c["region"].as_str());
        assert_eq!(j["year"].as_f64().unwrap(), num(c, "year"));
        same(
            j["net_import_kwh"].as_f64(),
            Some(num(c, "net_import_kwh")),
            "net_import_kwh",
        );
        same(
            j["grid_factor_kg_per_kwh"].as_f64(),
            Some(num(c, "grid_factor_kg_co2_per_kwh")),
            "grid factor",
        );
        assert_eq!(j["factor_id"], c["factor_id"].as_str());
        assert_eq!(j["factor_year"].as_f64(), opt_num(c, "factor_year"));
        same(j["co2_t"].as_f64(), Some(num(c, "indirect_co2_t")), "co2_t");
    }
}

#[test]
fn run_writes_a_workbook_and_json_that_agree_with_the_csv() {
    let d = tempdir();
    let o = ghgkit(d.path(), &["run", "--out", "o"]);
    assert!(o.status.success(), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("o/inventory.xlsx") && t.contains("o/summary.json"),
        "{t}"
    );
    let out = d.path().join("o");
    // The Hubei balance gives both the reference approach and indirect electricity.
    assert_eq!(expected_sheets(&out), SHEETS, "{t}");
    check_outputs(&out, "AR5");
}

#[test]
fn a_tidy_workbook_without_balances_has_no_reference_or_electricity_sheets() {
    let d = tempdir();
    let input = d.path().join("tidy.xlsx");
    let row = |year: f64, cat: &'static str, fuel: &'static str, v: f64, unit: &'static str| {
        vec![
            C::N(year),
            C::S("Hubei"),
            C::S(cat),
            C::S(fuel),
            C::N(v),
            C::S(unit),
        ]
    };
    common::xlsx(
        &input,
        &[(
            "activity",
            vec![
                common::header(),
                row(2019.0, "1.A.1.a", "原煤", 3500.0, "万吨"),
                row(2019.0, "1.A.3.b", "gas_diesel_oil", 600.0, "万吨"),
                row(2019.0, "1.A.4.b", "natural_gas", 12.5, "亿立方米"),
            ],
        )],
    );
    let o = ghgkit(
        d.path(),
        &["inventory", input.to_str().unwrap(), "--out", "o"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let out = d.path().join("o");
    // The first two optional outputs need a balance; key categories and uncertainty do not.
    let (balance_only, assessed) = OPTIONAL.split_at(2);
    for (_, file) in balance_only {
        assert!(!out.join(file).exists(), "{file} without a balance");
    }
    for (_, file) in assessed {
        assert!(out.join(file).exists(), "{file} is always written");
    }
    let wb: Xlsx<_> = open_workbook(out.join("inventory.xlsx")).unwrap();
    let names = wb.sheet_names();
    assert!(
        !names
            .iter()
            .any(|n| balance_only.iter().any(|(s, _)| s == n)),
        "{names:?}"
    );
    check_outputs(&out, "AR5");
    let json = summary_json(&out);
    assert_eq!(json["reference_approach"], serde_json::json!([]));
    assert_eq!(json["indirect_electricity"], serde_json::json!([]));
}

/// A tidy CSV with a formula-like region, a parent category reported beside its child, bunkers and
/// biomass (memo items), and a second region.
fn tricky_csv(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("tricky.csv");
    let q = EVIL.replace('"', "\"\"");
    let body = format!(
        "year,region,category,activity,value,unit\n\
         2020,\"{q}\",1.A.1.a,raw_coal,100,万吨\n\
         2020,\"{q}\",1.A.2,raw_coal,50,万吨\n\
         2020,\"{q}\",1.A.2.a,coke_oven_coke,20,万吨\n\
         2020,\"{q}\",1.A.3.a.i,jet_kerosene,3,万吨\n\
         2020,\"{q}\",1.A.3.a.ii,jet_kerosene,5,万吨\n\
         2020,\"{q}\",1.A.4.b,wood,40,万吨\n\
         2021,Hubei,1.A.4.b,natural_gas,2,亿立方米\n"
    );
    std::fs::write(&p, body).unwrap();
    p
}

#[test]
fn formula_like_text_stays_text_and_memo_items_stay_apart() {
    let d = tempdir();
    let input = tricky_csv(d.path());
    let o = ghgkit(
        d.path(),
        &[
            "inventory",
            input.to_str().unwrap(),
            "--out",
            "o",
            "--gwp",
            "AR6",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let out = d.path().join("o");
    check_outputs(&out, "AR6");
    let xlsx = out.join("inventory.xlsx");

    // The CSV protects the text with a leading '.
    let (h, rows) = read_csv(&out.join("inventory.csv"));
    let region = h.iter().position(|c| c == "region").unwrap();
    assert_eq!(rows[0][region], format!("'{EVIL}"));

    // The workbook keeps it exactly, as a string, on every sheet that names regions.
    let provenance = table(&xlsx, "provenance");
    assert_eq!(provenance.s(&provenance.rows[0], "region"), EVIL);
    let cat = table(&xlsx, "by_category");
    assert_eq!(cat.s(&cat.rows[0], "region"), EVIL);
    let summary = sheet(&xlsx, "summary");
    assert!(summary.iter().flatten().any(|c| cell_text(c) == EVIL));
    // Raw XML: provenance A2 is a shared string whose text is the region, not a formula.
    let xml = member(&xlsx, "xl/worksheets/sheet6.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let a2 = doc
        .descendants()
        .find(|n| n.has_tag_name("c") && n.attribute("r") == Some("A2"))
        .expect("cell A2");
    assert_eq!(a2.attribute("t"), Some("s"), "a shared string");
    assert!(!a2.children().any(|c| c.has_tag_name("f")), "no formula");
    let idx: usize = a2
        .children()
        .find(|c| c.has_tag_name("v"))
        .and_then(|v| v.text())
        .unwrap()
        .parse()
        .unwrap();
    let sst = member(&xlsx, "xl/sharedStrings.xml");
    let sst = roxmltree::Document::parse(&sst).unwrap();
    let si = sst
        .descendants()
        .filter(|n| n.has_tag_name("si"))
        .nth(idx)
        .unwrap();
    let s: String = si
        .descendants()
        .filter(|n| n.has_tag_name("t"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(s, EVIL);

    // Memo items: bunkers and biomass CO2 on their own lines, with the unallocated 1.A.2 line.
    let kinds: Vec<(String, String)> = cat
        .rows
        .iter()
        .map(|r| (cat.s(r, "kind"), cat.s(r, "code")))
        .collect();
    for want in [
        ("memo", "1.A.3.a.i"),
        ("memo", ""),
        ("unallocated", "1.A.2"),
    ] {
        assert!(
            kinds.iter().any(|(k, c)| (k.as_str(), c.as_str()) == want),
            "{want:?} missing from {kinds:?}"
        );
    }
    assert!(
        !kinds
            .iter()
            .any(|(k, c)| k == "category" && c == "1.A.3.a.i"),
        "bunkers are not in the tree"
    );
    // AR6: CH4 has a fossil and a non-fossil GWP, and both were used (coal, wood).
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let ch4: Vec<(String, f64)> = json["gwp_values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["gas"] == "CH4")
        .map(|g| {
            (
                g["origin"].as_str().unwrap().to_string(),
                g["gwp"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ch4,
        [
            ("fossil".to_string(), 29.8),
            ("non-fossil".to_string(), 27.0)
        ]
    );
    let items = json["totals"][0]["memo"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
}

#[test]
fn two_runs_give_identical_workbooks_and_json() {
    let d = tempdir();
    for out in ["a", "b"] {
        let o = ghgkit(d.path(), &["run", "--out", out]);
        assert!(o.status.success(), "{}", text(&o));
    }
    for file in ["inventory.xlsx", "summary.json"] {
        let a = std::fs::read(d.path().join("a").join(file)).unwrap();
        let b = std::fs::read(d.path().join("b").join(file)).unwrap();
        assert!(a == b, "{file} differs between two runs");
    }
}
