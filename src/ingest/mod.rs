//! Reading activity data from the files inventory compilers have.
//!
//! Every file is read in full and every problem is collected: [`read_activity`] returns the records it
//! could read together with all diagnostics, and only the caller decides whether errors stop the run.
//! Only [`workbook`] knows the spreadsheet library.

pub mod balance;
pub mod cfbguard;
pub mod overrides;
pub mod table;
pub mod tidy;
pub mod workbook;
mod xlsx_scan;
pub mod xlsx_stream;
pub mod zipguard;

use crate::activity::ActivityRecord;
use crate::error::{Diagnostics, Error, Result};
use std::path::Path;

pub use table::{Cell, Table};
pub use xlsx_stream::{Streamed, stream_activity};

/// Sheets of the `ghgkit template` workbook that hold no data: skipped without a word.
pub const TEMPLATE_SHEETS: &[&str] = &["instructions", "说明", "lists", "代码表"];

/// What was read from a set of files.
#[derive(Debug, Default)]
pub struct Ingested {
    /// The checked records, in file, sheet and row order.
    pub records: Vec<ActivityRecord>,
    /// Every problem found, errors and warnings.
    pub diagnostics: Diagnostics,
    /// Factors from `factors` sheets, overriding every factor set.
    pub overrides: Vec<crate::factors::Factor>,
    /// The energy balance tables read (their combustion rows are also in `records`); kept whole for the
    /// reference approach and indirect electricity.
    pub balances: Vec<balance::EnergyBalance>,
}

/// Reads activity data from tables already loaded (e.g. from an embedded example): tidy sheets, and energy
/// balance tables of the yearbook (read with the built-in mapping, see [`balance`]).
pub fn read_tables(tables: &[Table], out: &mut Ingested) {
    read_tables_with(tables, &[], out)
}

/// As [`read_tables`], trying the user's balance-table mappings before the built-in one.
pub fn read_tables_with(
    tables: &[Table],
    mappings: &[balance::BalanceMapping],
    out: &mut Ingested,
) {
    for t in tables {
        if overrides::is_factor_sheet(t) {
            let f = overrides::read(t, &mut out.diagnostics);
            out.overrides.extend(f);
            continue;
        }
        if t.sheet.as_deref().is_some_and(|s| {
            TEMPLATE_SHEETS
                .iter()
                .any(|n| n.eq_ignore_ascii_case(s.trim()))
        }) {
            continue;
        }
        match tidy::read(t, &mut out.diagnostics) {
            Some(recs) if recs.is_empty() => {
                let has_rows = tidy::find_header(t).is_some_and(|(h, _, _)| {
                    t.rows[h + 1..]
                        .iter()
                        .any(|r| r.iter().any(|c| !c.is_blank()))
                });
                if !has_rows {
                    out.diagnostics.warning(
                        Some(t.whole()),
                        "the activity header is there but no data rows below it",
                    );
                }
            }
            Some(recs) => out.records.extend(recs),
            None => {
                // Not tidy: an energy balance table (能源平衡表) of the yearbook?
                let all: Vec<&balance::BalanceMapping> = mappings
                    .iter()
                    .chain([balance::BalanceMapping::builtin_2007()])
                    .collect();
                if let Some(b) = balance::read_balance_with(t, &all, &mut out.diagnostics) {
                    let recs = balance::combustion_records(&b, &mut out.diagnostics);
                    out.records.extend(recs);
                    out.balances.push(b);
                } else if t.rows.iter().any(|r| r.iter().any(|c| !c.is_blank())) {
                    out.diagnostics.warning(
                        Some(t.whole()),
                        "no activity header (year, region, category, activity, value, unit) in the first 50 rows, and not an energy balance table (能源平衡表): sheet skipped",
                    );
                }
            }
        }
    }
}

/// Reads activity data from files (.xlsx, .xls, .ods, .csv). A file that cannot be opened at all is an
/// error; problems inside files are collected in [`Ingested::diagnostics`]. Duplicate keys across all files
/// are reported.
///
/// ```
/// # fn main() -> ghgkit::Result<()> {
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("energy.csv");
/// std::fs::write(&path, "year,region,category,activity,value,unit\n\
///     2019,Hubei,1.A.1.a,原煤,3500,万吨\n\
///     2019,Hubei,1.A.3.b,Gas/Diesel Oi,600,万吨\n").unwrap();
/// let data = ghgkit::ingest::read_activity(&[&path])?;
/// assert_eq!(data.records.len(), 1); // the good row, with its location
/// assert_eq!(data.records[0].activity, "raw_coal");
/// assert_eq!(data.records[0].location.line, Some(2));
/// // The bad row is reported, located at line 3, column 4, with the nearest fuel name.
/// let problem = data.diagnostics.errors().next().unwrap().to_string();
/// assert!(problem.contains("energy.csv:3:4") && problem.contains("Gas/Diesel Oil"));
/// # Ok(())
/// # }
/// ```
pub fn read_activity<P: AsRef<Path>>(paths: &[P]) -> Result<Ingested> {
    read_activity_with(paths, &[])
}

/// As [`read_activity`], with the user's balance-table mappings (`--mapping`) tried before the built-in one.
pub fn read_activity_with<P: AsRef<Path>>(
    paths: &[P],
    mappings: &[balance::BalanceMapping],
) -> Result<Ingested> {
    let mut out = Ingested::default();
    for p in paths {
        match workbook::read_tables(p.as_ref()) {
            Ok(tables) => {
                let n = out.records.len();
                let d = out.diagnostics.error_count();
                read_tables_with(&tables, mappings, &mut out);
                if out.records.len() == n && out.diagnostics.error_count() == d {
                    out.diagnostics.error(
                        Some(crate::error::Location::file(p.as_ref().display().to_string())),
                        "no activity data found: no sheet has rows under the header year, region, category, activity, value, unit, nor is an energy balance table (能源平衡表)",
                    );
                }
            }
            Err(Error::Input(d)) => out.diagnostics.extend(d),
            Err(Error::Read { path, source }) => out.diagnostics.error(
                Some(crate::error::Location::file(path.display().to_string())),
                format!("cannot read: {source}"),
            ),
            Err(e) => return Err(e),
        }
    }
    tidy::check_duplicates(&out.records, &mut out.diagnostics);
    Ok(out)
}
