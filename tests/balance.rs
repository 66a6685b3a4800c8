//! The energy balance reader on the 30 real provincial tables of 2007 (China Energy Statistical Yearbook
//! 2008, Tables 6-1 … 6-30), read from `../shared/data/energy-balance-2007/` when it is there. The tables are
//! not part of the repository: without them these tests say "skipped" and pass.
//!
//! Run with `cargo test --test balance -- --nocapture` to see the warnings per table.

use ghgkit::activity::ActivityRecord;
use ghgkit::error::{Diagnostics, Error};
use ghgkit::ingest::balance::{
    BalanceMapping, ColumnKind, EnergyBalance, combustion_records, read_balance,
};
use ghgkit::ingest::{self, Ingested, workbook};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod common;
use common::balance_2007_dir;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("data dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "xls"))
        .collect();
    v.sort();
    v
}

/// Reads the balance sheet (`Sheet1`) of a file: the balance, its records, the reading diagnostics and
/// the diagnostics of making records, apart.
fn read(path: &Path) -> (EnergyBalance, Vec<ActivityRecord>, Diagnostics, Diagnostics) {
    let tables = workbook::read_tables(path).expect("readable workbook");
    let mapping = BalanceMapping::builtin_2007();
    let mut found = tables.iter().filter_map(|t| {
        let mut d = Diagnostics::new();
        read_balance(t, mapping, &mut d).map(|b| (b, d))
    });
    let (b, read_diags) = found.next().expect("a balance sheet");
    assert!(found.next().is_none(), "one balance sheet per file");
    let mut rec_diags = Diagnostics::new();
    let recs = combustion_records(&b, &mut rec_diags);
    (b, recs, read_diags, rec_diags)
}

/// The kind of a warning, from its message; panics on a warning of a kind not expected in these tables.
fn kind(message: &str) -> &'static str {
    const KINDS: &[(&str, &str)] = &[
        ("the supply items", "supply≠items"),
        ("the transformation rows", "transformation≠rows"),
        ("the final consumption sectors", "final≠sectors"),
        ("its parts", "parts"),
        ("the balance does not close", "identity"),
        (
            "loss + transformation inputs",
            "consumption≠final+loss+inputs",
        ),
        ("the unit rows disagree", "unit rows disagree"),
        ("(the first unit row)", "unit from the English row"),
        ("is positive (an output)", "fuel output of power/heat"),
        ("within rounding", "industry−non-energy < 0 (rounding)"),
        ("non-energy use exceeds", "non-energy use > industry"),
    ];
    KINDS
        .iter()
        .find(|(needle, _)| message.contains(needle))
        .map(|(_, k)| *k)
        .unwrap_or_else(|| panic!("unexpected kind of warning: {message}"))
}

#[test]
fn all_thirty_tables_load() {
    let Some(dir) = balance_2007_dir() else {
        return;
    };
    let files = files(&dir);
    assert_eq!(files.len(), 30, "30 provincial tables (Tibet has none)");
    let mut regions = BTreeSet::new();
    let mut summary = Vec::new();
    let mut by_kind_total: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let (b, recs, read_d, rec_d) = read(f);
        // Reading: no errors in any table.
        assert_eq!(read_d.error_count(), 0, "{name}:\n{read_d}");
        // Region and year from the title, and the region agrees with the file name ("05-inner-mongolia").
        assert_eq!(b.year, 2007, "{name}");
        let from_name = name[3..name.len() - 4].replace('-', " ");
        assert_eq!(
            b.region.to_lowercase(),
            from_name,
            "{name}: title {}",
            b.title
        );
        regions.insert(b.region.clone());
        // The layout: 22 energy columns, 33 balance rows, all found.
        assert_eq!(b.columns.len(), 22, "{name}");
        assert_eq!(b.rows.len(), 33, "{name}");
        // Aggregate and secondary columns never become records.
        for r in &recs {
            let col = b
                .columns
                .iter()
                .find(|c| c.key == r.activity)
                .expect("column");
            assert_eq!(
                col.kind,
                ColumnKind::Fuel,
                "{name}: {} {}",
                r.activity,
                r.location
            );
            assert!(r.value > 0.0, "{name}: {} {}", r.value, r.location);
        }
        // Making records: no errors. Shaanxi's coke-oven gas (non-energy use above industry) is a warning.
        assert_eq!(rec_d.error_count(), 0, "{name}:\n{rec_d}");
        if name == "26-shaanxi.xls" {
            let w: Vec<String> = rec_d
                .iter()
                .filter(|d| d.message.contains("non-energy use exceeds"))
                .map(|e| e.to_string())
                .collect();
            assert_eq!(w.len(), 1, "{name}: {w:?}");
            assert!(
                w[0].contains("I33 = 4.38") && w[0].contains("I34 = 5.26"),
                "{}",
                w[0]
            );
        }
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for w in read_d
            .iter()
            .chain(rec_d.iter())
            .filter(|d| d.severity == ghgkit::error::Severity::Warning)
        {
            *kinds.entry(kind(&w.message)).or_default() += 1;
            *by_kind_total.entry(kind(&w.message)).or_default() += 1;
        }
        let n: usize = kinds.values().sum();
        println!(
            "{name:24} {:15} {:3} records, {:2} warnings: {}",
            b.region,
            recs.len(),
            n,
            kinds
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        summary.push((name, n));
    }
    println!("all tables, warnings by kind: {by_kind_total:?}");
    assert_eq!(regions.len(), 30, "{regions:?}");
    assert!(!regions.contains("Tibet"));
    // The warnings per table, as found in the 2007 tables (see mappings/README.md): mostly supply totals
    // larger than their items, and statistical differences that do not close the balance.
    let expected: &[(&str, usize)] = &[
        ("01-beijing.xls", 18),
        ("02-tianjin.xls", 15),
        ("03-hebei.xls", 15),
        ("04-shanxi.xls", 13),
        ("05-inner-mongolia.xls", 14),
        ("06-liaoning.xls", 16),
        ("07-jilin.xls", 16),
        ("08-heilongjiang.xls", 19),
        ("09-shanghai.xls", 15),
        ("10-jiangsu.xls", 15),
        ("11-zhejiang.xls", 21),
        ("12-anhui.xls", 17),
        ("13-fujian.xls", 14),
        ("14-jiangxi.xls", 15),
        ("15-shandong.xls", 18),
        ("16-henan.xls", 15),
        ("17-hubei.xls", 15),
        ("18-hunan.xls", 18),
        ("19-guangdong.xls", 18),
        ("20-guangxi.xls", 14),
        ("21-hainan.xls", 3),
        ("22-chongqing.xls", 13),
        ("23-sichuan.xls", 7),
        ("24-guizhou.xls", 11),
        ("25-yunnan.xls", 18),
        ("26-shaanxi.xls", 17),
        ("27-gansu.xls", 16),
        ("28-qinghai.xls", 19),
        ("29-ningxia.xls", 11),
        ("30-xinjiang.xls", 19),
    ];
    let got: Vec<(&str, usize)> = summary.iter().map(|(f, n)| (f.as_str(), *n)).collect();
    assert_eq!(got, expected);
}

#[test]
fn hubei_known_figures() {
    let Some(dir) = balance_2007_dir() else {
        return;
    };
    let (b, recs, read_d, rec_d) = read(&dir.join("17-hubei.xls"));
    assert_eq!(b.region, "Hubei");
    assert_eq!(b.region_zh, "湖北");
    assert_eq!(b.title, "6-17  湖北能源平衡表(实物量)-2007");
    assert_eq!(rec_d.warning_count() + rec_d.error_count(), 0, "{rec_d}");
    // The 15 warnings are all supply totals larger than their items (examples/data/README.md).
    assert_eq!(read_d.warning_count(), 15);
    for w in read_d.iter() {
        assert!(
            w.message.contains("supply items") && w.message.contains("the total is larger by"),
            "{w}"
        );
    }
    let raw = read_d
        .iter()
        .find(|w| w.location.as_ref().and_then(|l| l.cell.as_deref()) == Some("D11"))
        .expect("raw coal supply warning");
    assert!(raw.message.contains("larger by 239.4 万吨"), "{raw}");
    // Cells as printed.
    assert_eq!(b.value("final_total", "raw_coal"), Some(5492.34));
    assert_eq!(b.value("thermal_power", "raw_coal"), Some(-3479.81));
    assert_eq!(b.value("final_total", "natural_gas"), Some(8.45));
    assert_eq!(b.value("statistical_difference", "raw_coal"), None);
    let col = &b.columns[b.column_index("natural_gas").unwrap()];
    assert_eq!(
        (col.header.as_str(), col.unit_text.as_str()),
        ("天然气", "亿立方米")
    );
    assert_eq!(col.unit.as_ref().unwrap().scale, 1e8);
    // From the records.
    let sum = |pred: &dyn Fn(&ActivityRecord) -> bool| -> f64 {
        recs.iter().filter(|r| pred(r)).map(|r| r.value).sum()
    };
    let final_cat = |r: &ActivityRecord| !r.category.starts_with("1.A.1");
    let raw_final = sum(&|r| r.activity == "raw_coal" && final_cat(r));
    assert!((raw_final - 5492.34).abs() < 1e-9, "{raw_final}");
    let gas_final = sum(&|r| r.activity == "natural_gas" && final_cat(r));
    assert!((gas_final - 8.45).abs() < 1e-9, "{gas_final}");
    let tp: Vec<&ActivityRecord> = recs
        .iter()
        .filter(|r| r.activity == "raw_coal" && r.category == "1.A.1.a.i")
        .collect();
    assert_eq!(tp.len(), 1);
    assert_eq!(tp[0].value, 3479.81);
    assert_eq!(tp[0].unit_text, "万吨");
    assert_eq!(tp[0].location.cell.as_deref(), Some("D22"));
    assert!(
        tp[0]
            .source
            .as_deref()
            .unwrap()
            .ends_with("17-hubei.xls › Sheet1 › D22")
    );
    assert_eq!(
        tp[0].note.as_deref(),
        Some("1.火力发电 Thermal Power (input, sign reversed)")
    );
}

#[test]
fn hubei_records_equal_the_example_csv() {
    let Some(dir) = balance_2007_dir() else {
        return;
    };
    let (_, recs, _, _) = read(&dir.join("17-hubei.xls"));
    let csv = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/hubei-2007-activity.csv"),
    )
    .expect("example CSV");
    let tables = workbook::tables_from_csv_text(&csv, "hubei-2007-activity.csv").unwrap();
    let mut example = Ingested::default();
    ingest::read_tables(&tables, &mut example);
    assert!(example.diagnostics.is_empty(), "{}", example.diagnostics);
    let key = |r: &ActivityRecord| {
        (
            r.region.clone(),
            r.year,
            r.category.clone(),
            r.activity.clone(),
            r.value.to_bits(),
            r.unit_text.clone(),
        )
    };
    let ours: Vec<_> = recs.iter().map(key).collect();
    let theirs: Vec<_> = example.records.iter().map(key).collect();
    assert_eq!(ours.len(), 55);
    assert_eq!(ours.len(), theirs.len());
    let (a, b): (BTreeSet<_>, BTreeSet<_>) = (ours.iter().collect(), theirs.iter().collect());
    assert_eq!(
        a,
        b,
        "only in the xls: {:?}\nonly in the CSV: {:?}",
        a.difference(&b),
        b.difference(&a)
    );
    // Row for row: the CSV is in the same order (balance rows down, fuel columns across).
    assert_eq!(ours, theirs);
}

#[test]
fn read_activity_recognises_a_balance_workbook() {
    let Some(dir) = balance_2007_dir() else {
        return;
    };
    let data = ingest::read_activity(&[dir.join("17-hubei.xls")]).unwrap();
    assert_eq!(data.diagnostics.error_count(), 0, "{}", data.diagnostics);
    assert_eq!(data.records.len(), 55);
    // Beijing's workbook has a second, unrelated sheet: skipped with a warning.
    let data = ingest::read_activity(&[dir.join("01-beijing.xls")]).unwrap();
    assert_eq!(data.diagnostics.error_count(), 0, "{}", data.diagnostics);
    assert!(
        data.diagnostics
            .iter()
            .any(
                |d| d.location.as_ref().and_then(|l| l.sheet.as_deref()) == Some("Sheet2")
                    && d.message.contains("sheet skipped")
            )
    );
    // Shaanxi: the one table whose non-energy use exceeds industry's consumption (coke-oven gas): a
    // warning, and no industry record for that fuel.
    let data = ingest::read_activity(&[dir.join("26-shaanxi.xls")]).unwrap();
    assert_eq!(data.diagnostics.error_count(), 0, "{}", data.diagnostics);
    assert!(
        !data
            .records
            .iter()
            .any(|r| r.category == "1.A.2" && r.activity == "coke_oven_gas")
    );
    // Two provinces in one run: no duplicate keys.
    let data =
        ingest::read_activity(&[dir.join("17-hubei.xls"), dir.join("18-hunan.xls")]).unwrap();
    assert_eq!(data.diagnostics.error_count(), 0, "{}", data.diagnostics);
    let regions: BTreeSet<&str> = data.records.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(regions, BTreeSet::from(["Hubei", "Hunan"]));
}

#[test]
fn hainan_and_sichuan_gas_units_come_from_the_english_row() {
    let Some(dir) = balance_2007_dir() else {
        return;
    };
    for f in ["21-hainan.xls", "23-sichuan.xls"] {
        let (b, _, read_d, _) = read(&dir.join(f));
        for key in ["coke_oven_gas", "other_gas", "natural_gas"] {
            let c = &b.columns[b.column_index(key).unwrap()];
            assert_eq!(c.unit_text, "108 cu.m", "{f} {key}");
            assert_eq!(c.unit.as_ref().unwrap().scale, 1e8, "{f} {key}");
        }
        let unit_warnings = read_d.iter().filter(|d| d.message.contains("unit")).count();
        assert_eq!(unit_warnings, 3, "{f}: {read_d}");
    }
}

#[test]
fn a_mapping_file_with_errors_reports_all_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("city.toml");
    let text = ghgkit::ingest::balance::BUILTIN_2007_TEXT
        .replace("key = \"raw_coal\"", "key = \"raw-coal\"")
        .replace("category = \"1.A.3\"", "category = \"1.A.3.z\"")
        .replace("role = \"loss\"", "role = \"lost\"")
        .replace("part_of = \"industry\"", "part_of = \"industri\"");
    std::fs::write(&path, &text).unwrap();
    let err = BalanceMapping::from_file(&path).unwrap_err();
    let Error::Input(d) = err else {
        panic!("{err}")
    };
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let file = path.display().to_string();
    let msgs: Vec<String> = d.iter().map(|x| x.to_string()).collect();
    for (needle, what) in [
        ("raw-coal", "not a fuel key"),
        ("1.A.3.z", "unknown IPCC 2006 category"),
        ("\"lost\"", "unknown row role"),
        ("industri\"", "names no row"),
    ] {
        let at = format!("{file}:{}:", line(needle));
        assert!(
            msgs.iter().any(|m| m.contains(&at) && m.contains(what)),
            "{what} at {at}: {msgs:?}"
        );
    }
    assert_eq!(d.error_count(), 4, "{msgs:?}");
}

#[test]
fn builtin_mapping_file_is_the_compiled_one() {
    // The file users copy is the one compiled in.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(ghgkit::ingest::balance::BUILTIN_2007_FILE),
    )
    .unwrap();
    assert_eq!(text, ghgkit::ingest::balance::BUILTIN_2007_TEXT);
    let m = BalanceMapping::parse(&text, "m.toml").unwrap();
    assert_eq!(m.regions.len(), 31);
}
