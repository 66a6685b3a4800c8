//! Reading spreadsheets (.xlsx, .xlsm, .xls, .ods) and CSV files into [`Table`]s.
//!
//! This is the only module that knows calamine. Cell errors carry no position in calamine, so positions are
//! computed here from the range's start and the offsets.

use super::table::{Cell, Table};
use crate::error::{Error, Location, Result};
use calamine::{Data, DataRef, Reader, Xlsx, open_workbook, open_workbook_auto};
use std::path::Path;

/// The largest sheet ghgkit reads, in cells of its bounding box: a sheet whose cells span more is refused
/// before a dense table is built (a lone cell at XFD1048576 would otherwise ask for 17 × 10⁹ cells).
pub const MAX_CELLS: usize = 20_000_000;

/// Sheets with fewer cells than this are also checked for merged cells (which costs a second pass over the
/// sheet's XML); larger sheets are data dumps, not hand-made headers.
const MERGE_CHECK_CELLS: usize = 200_000;

/// Reads .xlsx/.xlsm with calamine's streaming cell reader: cells arrive one by one, so the sheet's
/// claimed dimensions never drive an allocation, formula cells without a cached value are recognised, and
/// merged cells of small sheets are recorded.
pub(super) fn read_xlsx(path: &Path, file: &str) -> Result<Vec<Table>> {
    let sheet_loc = |name: &str| Location {
        file: file.into(),
        sheet: Some(name.into()),
        ..Location::default()
    };
    let mut wb: Xlsx<_> = open_workbook(path).map_err(|e| {
        Error::input(
            Some(Location::file(file)),
            format!("cannot open as an .xlsx workbook (corrupt, truncated or not the format its name says): {e}"),
        )
    })?;
    let mut tables = Vec::new();
    for name in wb.sheet_names() {
        let mut cells: Vec<(u32, u32, Cell)> = Vec::new();
        {
            let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| {
                Error::input(
                    Some(sheet_loc(&name)),
                    format!("cannot read the sheet: {e}"),
                )
            })?;
            loop {
                let next = reader.next_cell_with_formula().map_err(|e| {
                    Error::input(
                        Some(sheet_loc(&name)),
                        format!("cannot read the sheet: {e}"),
                    )
                })?;
                let Some(c) = next else { break };
                let cell = match (&c.value, &c.formula) {
                    (DataRef::Empty, Some(f)) if !f.is_empty() => Cell::Error(format!(
                        "a formula (={f}) with no stored result: open and save the file in Excel or LibreOffice so that its value is computed and stored"
                    )),
                    (v, _) => convert_ref(v),
                };
                if cell != Cell::Empty {
                    cells.push((c.pos.0, c.pos.1, cell));
                }
                if cells.len() > MAX_CELLS {
                    return Err(Error::input(
                        Some(sheet_loc(&name)),
                        format!(
                            "the sheet has more than {MAX_CELLS} cells, more than ghgkit reads in one sheet; split it"
                        ),
                    ));
                }
            }
        }
        let merged = if cells.len() < MERGE_CHECK_CELLS {
            wb.merge_cells_by_sheet_name(&name)
                .map(|v| v.into_iter().map(|d| (d.start, d.end)).collect())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        tables.push(dense(file, &name, cells, merged)?);
    }
    Ok(tables)
}

/// Builds a dense table from sparse cells, refusing a bounding box larger than [`MAX_CELLS`].
pub(super) fn dense(
    file: &str,
    sheet: &str,
    cells: Vec<(u32, u32, Cell)>,
    merged: Vec<((u32, u32), (u32, u32))>,
) -> Result<Table> {
    let (mut r0, mut c0, mut r1, mut c1) = (u32::MAX, u32::MAX, 0u32, 0u32);
    for (r, c, _) in &cells {
        r0 = r0.min(*r);
        c0 = c0.min(*c);
        r1 = r1.max(*r);
        c1 = c1.max(*c);
    }
    if cells.is_empty() {
        return Ok(Table {
            file: file.into(),
            sheet: Some(sheet.into()),
            first_row: 0,
            first_col: 0,
            rows: Vec::new(),
            merged,
        });
    }
    let (h, w) = ((r1 - r0) as usize + 1, (c1 - c0) as usize + 1);
    if h.saturating_mul(w) > MAX_CELLS {
        return Err(Error::input(
            Some(Location {
                file: file.into(),
                sheet: Some(sheet.into()),
                ..Location::default()
            }),
            format!(
                "the sheet's cells span {h} rows × {w} columns ({} to {}), more than ghgkit reads ({MAX_CELLS} cells); delete the stray cells far from the data",
                crate::error::a1(r0, c0),
                crate::error::a1(r1, c1)
            ),
        ));
    }
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); h];
    for (r, c, cell) in cells {
        let row = &mut rows[(r - r0) as usize];
        let ci = (c - c0) as usize;
        if row.len() <= ci {
            row.resize(ci + 1, Cell::Empty);
        }
        row[ci] = cell;
    }
    Ok(Table {
        file: file.into(),
        sheet: Some(sheet.into()),
        first_row: r0,
        first_col: c0,
        rows,
        merged,
    })
}

fn convert_ref(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.as_str().into()),
        DataRef::SharedString(s) => Cell::Text((*s).into()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => Cell::Error(format!("a date ({})", dt.as_f64())),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Error(format!("a date ({s})")),
        DataRef::Error(e) => Cell::Error(format!("{e}")),
    }
}

thread_local! {
    /// True while this thread runs the spreadsheet reader on a file (see [`guarded`]).
    static IN_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while the current thread is inside the spreadsheet reader, whose panics on damaged files
/// [`read_tables`] turns into input errors: a panic hook can stay silent for them.
pub fn in_reader() -> bool {
    IN_READER.with(|c| c.get())
}

/// Runs the spreadsheet reader on `file`. The reader (calamine) trusts some of a file's internal offsets and
/// can panic on a damaged file (a truncated .xls, seen in the bad-input corpus): such a panic is caught here
/// and becomes an input error naming the file, never a crash.
fn guarded<T>(file: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    IN_READER.with(|c| c.set(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_READER.with(|c| c.set(false));
    r.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("unknown reason");
        Err(Error::input(
            Some(Location::file(file)),
            format!(
                "cannot open as a spreadsheet: the file is damaged or truncated (the reader stopped: {why}); open and save it again in Excel or LibreOffice"
            ),
        ))
    })
}

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
        // An old-format workbook saved under a new name (common in portal downloads) is read for what it is.
        "xlsx" | "xlsm" if is_ole(path) => guarded(&file, || read_workbook(path, &file)),
        "xlsx" | "xlsm" => guarded(&file, || read_zipped(path, &file)),
        "xls" if is_zip(path) => guarded(&file, || read_zipped(path, &file)),
        "xlsb" | "xls" | "ods" => guarded(&file, || read_workbook(path, &file)),
        other => Err(Error::input(
            Some(Location::file(&file)),
            format!(
                "unsupported file type \".{other}\": expected .xlsx, .xlsm, .xls, .ods or .csv"
            ),
        )),
    }
}

/// An .xlsx package, after the zip-bomb check: plain data sheets are scanned directly (ten times faster);
/// anything else goes to calamine.
fn read_zipped(path: &Path, file: &str) -> Result<Vec<Table>> {
    super::zipguard::check(path, file)?;
    match super::xlsx_scan::read(path, file, MAX_CELLS) {
        Some(tables) => Ok(tables),
        None => read_xlsx(path, file),
    }
}

/// True when the file starts with the signature of an OLE compound file (.xls, Excel 97–2003 and older).
fn is_ole(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| magic == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// True when the file starts with the signature of a zip archive (.xlsx, .ods).
fn is_zip(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| magic == *b"PK\x03\x04")
}

fn read_workbook(path: &Path, file: &str) -> Result<Vec<Table>> {
    super::zipguard::check(path, file)?;
    if is_ole(path) {
        super::cfbguard::check(path, file)?;
    }
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
                    file: file.into(),
                    sheet: Some(name.as_str().into()),
                    ..Location::default()
                }),
                format!("cannot read the sheet: {e}"),
            )
        })?;
        let (h, w) = range.get_size();
        if h.saturating_mul(w) > MAX_CELLS {
            return Err(Error::input(
                Some(Location {
                    file: file.into(),
                    sheet: Some(name.as_str().into()),
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
            file: file.into(),
            sheet: Some(name.into()),
            first_row,
            first_col,
            rows,
            merged: Vec::new(),
        });
    }
    Ok(tables)
}

fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.as_str().into()),
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
        rows.push(rec.iter().map(|f| Cell::Text(f.into())).collect());
    }
    Ok(vec![Table {
        file: file.into(),
        sheet: None,
        first_row: 0,
        first_col: 0,
        rows,
        merged: Vec::new(),
    }])
}
