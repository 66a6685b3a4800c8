//! Reading spreadsheets (.xlsx, .xlsm, .xls, .ods) and CSV files into [`Table`]s.
//!
//! This is the only module that knows calamine. Cell errors carry no position in calamine, so positions are
//! computed here from the range's start and the offsets.

use super::table::{Cell, Table};
use crate::error::{Error, Location, Result};
use calamine::{Data, Reader, open_workbook_auto};
use std::path::Path;

/// The largest sheet ghgkit reads, in cells: a sheet whose used range claims more is refused before its
/// cells are materialised further (a "used range" of a million rows × 16k columns is a known trick).
pub const MAX_CELLS: usize = 50_000_000;

/// Reads every sheet of a workbook, or the one table of a CSV file.
pub fn read_tables(path: &Path) -> Result<Vec<Table>> {
    let file = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !path.exists() {
        return Err(Error::Read {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    match ext.as_str() {
        "csv" | "txt" | "tsv" => read_csv(path, &file, if ext == "tsv" { b'\t' } else { b',' }),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(path, &file),
        other => Err(Error::input(
            Some(Location::file(&file)),
            format!(
                "unsupported file type \".{other}\": expected .xlsx, .xlsm, .xls, .ods or .csv"
            ),
        )),
    }
}

fn read_workbook(path: &Path, file: &str) -> Result<Vec<Table>> {
    let mut wb = open_workbook_auto(path).map_err(|e| {
        Error::input(
            Some(Location::file(file)),
            format!("cannot open as a spreadsheet (corrupt, truncated or not the format its name says): {e}"),
        )
    })?;
    let mut tables = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| {
            Error::input(
                Some(Location {
                    file: file.to_string(),
                    sheet: Some(name.clone()),
                    ..Location::default()
                }),
                format!("cannot read the sheet: {e}"),
            )
        })?;
        let (h, w) = range.get_size();
        if h.saturating_mul(w) > MAX_CELLS {
            return Err(Error::input(
                Some(Location {
                    file: file.to_string(),
                    sheet: Some(name.clone()),
                    ..Location::default()
                }),
                format!(
                    "the sheet's used range is {h} rows × {w} columns, more than ghgkit reads ({MAX_CELLS} cells)"
                ),
            ));
        }
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .map(|r| r.iter().map(convert).collect())
            .collect();
        tables.push(Table {
            file: file.to_string(),
            sheet: Some(name),
            first_row,
            first_col,
            rows,
        });
    }
    Ok(tables)
}

fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => Cell::Error(format!("a date ({})", dt.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Error(format!("a date ({s})")),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

fn read_csv(path: &Path, file: &str, delimiter: u8) -> Result<Vec<Table>> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..valid]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64
                + 1;
            return Err(Error::input(
                Some(Location::line(file, line)),
                "the CSV file is not UTF-8 text (save it as \"CSV UTF-8\" in Excel)",
            ));
        }
    };
    parse_csv(&text, file, delimiter)
}

/// Tables from CSV text already in memory (the embedded example, tests).
pub fn tables_from_csv_text(text: &str, file: &str) -> Result<Vec<Table>> {
    parse_csv(text, file, b',')
}

fn parse_csv(text: &str, file: &str, delimiter: u8) -> Result<Vec<Table>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            Error::input(
                Some(Location::line(file, line)),
                format!("malformed CSV: {e}"),
            )
        })?;
        // Every CSV line is a row: pad skipped lines so that row index = line - 1.
        let line = rec
            .position()
            .map(|p| p.line() as usize)
            .unwrap_or(rows.len() + 1);
        while rows.len() + 1 < line {
            rows.push(Vec::new());
        }
        rows.push(rec.iter().map(|f| Cell::Text(f.to_string())).collect());
    }
    Ok(vec![Table {
        file: file.to_string(),
        sheet: None,
        first_row: 0,
        first_col: 0,
        rows,
    }])
}
