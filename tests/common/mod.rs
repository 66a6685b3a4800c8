//! Helpers shared by the integration tests: fixtures generated in code, and running the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

/// A cell of a generated fixture.
pub enum C {
    /// Text.
    S(&'static str),
    /// A number.
    N(f64),
    /// Nothing.
    E,
}

/// Writes an .xlsx with one sheet per (name, rows).
pub fn xlsx(path: &Path, sheets: &[(&str, Vec<Vec<C>>)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    C::S(s) => {
                        ws.write_string(r as u32, c as u16, *s).unwrap();
                    }
                    C::N(n) => {
                        ws.write_number(r as u32, c as u16, *n).unwrap();
                    }
                    C::E => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// The tidy header in English.
pub fn header() -> Vec<C> {
    ["year", "region", "category", "activity", "value", "unit"]
        .into_iter()
        .map(C::S)
        .collect()
}

/// The tidy header in Chinese (年份 地区 类别 活动 数值 单位).
pub fn header_zh() -> Vec<C> {
    strings(&["年份", "地区", "类别", "活动", "数值", "单位"])
}

/// A row of text cells.
pub fn strings(texts: &[&'static str]) -> Vec<C> {
    texts.iter().map(|s| C::S(s)).collect()
}

/// One row of the tidy layout: year, region, category, activity, value, unit.
pub fn tidy_row(
    year: f64,
    region: &'static str,
    category: &'static str,
    activity: &'static str,
    value: f64,
    unit: &'static str,
) -> Vec<C> {
    vec![
        C::N(year),
        C::S(region),
        C::S(category),
        C::S(activity),
        C::N(value),
        C::S(unit),
    ]
}

/// A valid tidy sheet: the English header and one row (Hubei 2019, 1.A.2, raw coal, 10 万吨).
pub fn good_rows() -> Vec<Vec<C>> {
    vec![
        header(),
        tidy_row(2019.0, "Hubei", "1.A.2", "raw_coal", 10.0, "万吨"),
    ]
}

/// The bytes of an .xlsx with one sheet per (name, rows).
pub fn xlsx_bytes(sheets: &[(&str, Vec<Vec<C>>)]) -> Vec<u8> {
    let d = tempdir();
    let p = d.path().join("w.xlsx");
    xlsx(&p, sheets);
    std::fs::read(p).unwrap()
}

/// One member of a zip (xlsx) as text, `None` if there is no such member.
pub fn zip_member(path: &Path, name: &str) -> Option<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    Some(s)
}

/// Runs the ghgkit binary in `dir` with `args`.
pub fn ghgkit(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ghgkit"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run ghgkit")
}

/// stdout + stderr as text.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A fresh temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Reads a CSV written by ghgkit (UTF-8 with BOM) into header + rows.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The shared data folder beside the checkout, if present.
pub fn shared_data() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    p.is_dir().then_some(p)
}

/// The real 2007 energy-balance tables (`../shared/data/energy-balance-2007`), or `None` with the reason
/// printed (they are not part of the repository).
pub fn balance_2007_dir() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/energy-balance-2007");
    if d.join("17-hubei.xls").exists() {
        Some(d)
    } else {
        println!(
            "skipped: {} not found (the real yearbook tables are not part of the repository)",
            d.display()
        );
        None
    }
}

/// Relative difference.
pub fn rel(a: f64, b: f64) -> f64 {
    if a == b {
        0.0
    } else {
        (a - b).abs() / a.abs().max(b.abs())
    }
}
