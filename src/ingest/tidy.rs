//! The tidy activity layout: one observation per row, columns `year, region, category, activity, value,
//! unit` (Chinese headers 年份, 地区, 类别, 活动, 数值, 单位 also accepted), optional `source`, `note`,
//! `uncertainty_pct`. The header row may sit below title rows.

use super::table::{Cell, Table};
use crate::activity::ActivityRecord;
use crate::categories::CategoryTree;
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::fuels::FuelCatalogue;
use crate::units::{Dimension, parse_unit};

/// A column of the tidy layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// 年份.
    Year,
    /// 地区.
    Region,
    /// 类别: IPCC 2006 code.
    Category,
    /// 活动: fuel key or name.
    Activity,
    /// 数值.
    Value,
    /// 单位.
    Unit,
    /// 来源 (optional).
    Source,
    /// 备注 (optional).
    Note,
    /// 不确定性 (optional, ±% at 95 %).
    UncertaintyPct,
}

/// Each column with the header spellings accepted for it (compared case-insensitively, spaces ignored).
pub const HEADERS: &[(Column, &[&str])] = &[
    (Column::Year, &["year", "年份", "年", "年度"]),
    (
        Column::Region,
        &["region", "province", "地区", "省份", "区域"],
    ),
    (
        Column::Category,
        &[
            "category",
            "ipcc category",
            "ipcc_category",
            "类别",
            "清单类别",
            "部门",
        ],
    ),
    (
        Column::Activity,
        &["activity", "fuel", "活动", "燃料", "能源品种", "品种"],
    ),
    (
        Column::Value,
        &["value", "amount", "quantity", "数值", "数量", "活动水平"],
    ),
    (Column::Unit, &["unit", "units", "单位"]),
    (Column::Source, &["source", "来源", "数据来源"]),
    (Column::Note, &["note", "notes", "comment", "备注", "说明"]),
    (
        Column::UncertaintyPct,
        &[
            "uncertainty_pct",
            "uncertainty",
            "uncertainty (%)",
            "uncertainty %",
            "不确定性",
            "不确定性(%)",
        ],
    ),
];

const REQUIRED: [Column; 6] = [
    Column::Year,
    Column::Region,
    Column::Category,
    Column::Activity,
    Column::Value,
    Column::Unit,
];

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 50;

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

fn column_of(header: &str) -> Option<Column> {
    let h = norm(header);
    if h.is_empty() {
        return None;
    }
    HEADERS
        .iter()
        .find(|(_, names)| names.iter().any(|n| norm(n) == h))
        .map(|(c, _)| *c)
}

/// The header row of a table: its index and the column index of each recognised column.
pub fn find_header(table: &Table) -> Option<(usize, Vec<(Column, usize)>)> {
    for (r, row) in table.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let cols: Vec<(Column, usize)> = row
            .iter()
            .enumerate()
            .filter_map(|(c, cell)| match cell {
                Cell::Text(t) => column_of(t).map(|col| (col, c)),
                _ => None,
            })
            .collect();
        let required = REQUIRED
            .iter()
            .filter(|q| cols.iter().any(|(c, _)| c == *q))
            .count();
        if required >= 4 {
            return Some((r, cols));
        }
    }
    None
}

/// Text that the China Statistical Yearbook and others use for "no data".
pub const MISSING_MARKERS: &[&str] = &[
    "—", "——", "-", "--", "…", "...", "……", "n/a", "na", "NA", "N/A",
];

/// A number from a cell: numbers as they are; text parsed (thousands separators allowed). `Ok(None)` for
/// a missing-data marker, `Err(message)` otherwise.
pub fn number(cell: &Cell) -> Result<Option<f64>, String> {
    match cell {
        Cell::Number(n) if n.is_finite() => Ok(Some(*n)),
        Cell::Number(n) => Err(format!("{n} is not a finite number")),
        Cell::Empty => Ok(None),
        Cell::Text(t) => {
            let t = t.trim();
            if t.is_empty() || MISSING_MARKERS.contains(&t) {
                return Ok(None);
            }
            let cleaned: String = t
                .chars()
                .filter(|&c| c != ',' && c != '，' && c != ' ')
                .collect();
            match cleaned.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(Some(v)),
                _ => Err(format!("\"{t}\" is not a number")),
            }
        }
        Cell::Bool(b) => Err(format!("{b} is not a number")),
        Cell::Error(e) => Err(format!("the cell holds {e}, not a number")),
    }
}

/// Reads the tidy activity rows of a table. Returns `None` when the table has no tidy header (so that
/// the caller can try other layouts or skip the sheet); every problem of the rows goes into `diags`.
pub fn read(table: &Table, diags: &mut Diagnostics) -> Option<Vec<ActivityRecord>> {
    let (header_row, cols) = find_header(table)?;
    let col = |c: Column| cols.iter().find(|(k, _)| *k == c).map(|(_, i)| *i);
    let mut missing = Vec::new();
    for q in REQUIRED {
        if col(q).is_none() {
            missing.push(
                HEADERS
                    .iter()
                    .find(|(c, _)| *c == q)
                    .map(|(_, n)| n[0])
                    .unwrap_or("?"),
            );
        }
    }
    if !missing.is_empty() {
        diags.error(
            Some(table.location(header_row, 0)),
            format!(
                "the header row lacks the column(s) {}; a tidy sheet needs year, region, category, activity, value, unit (or 年份, 地区, 类别, 活动, 数值, 单位)",
                missing.join(", ")
            ),
        );
        return Some(Vec::new());
    }
    // Unknown header cells: a warning, so that a typo in an optional column is seen.
    for (c, cell) in table.rows[header_row].iter().enumerate() {
        if let Cell::Text(t) = cell
            && !t.trim().is_empty()
            && column_of(t).is_none()
        {
            let names = HEADERS.iter().flat_map(|(_, n)| n.iter().copied());
            diags.push(
                Diagnostic::warning(
                    Some(table.location(header_row, c)),
                    format!(
                        "column \"{}\" is not one ghgkit reads; it is ignored",
                        t.trim()
                    ),
                )
                .suggest(crate::error::nearest(t, names)),
            );
        }
    }
    let [cy, cr, cc, ca, cv, cu] = REQUIRED.map(|q| col(q).unwrap_or(0));
    let (cs, cn, cp) = (
        col(Column::Source),
        col(Column::Note),
        col(Column::UncertaintyPct),
    );
    let fuels = FuelCatalogue::builtin();
    let tree = CategoryTree::ipcc2006();
    let mut out = Vec::new();
    for r in header_row + 1..table.rows.len() {
        if table.rows[r].iter().all(Cell::is_blank) {
            continue;
        }
        let at = |c: usize| Some(table.location(r, c));
        let before = diags.error_count();
        let year = match number(table.get(r, cy)) {
            Ok(Some(y)) if y.fract() == 0.0 && (1900.0..=2200.0).contains(&y) => Some(y as i32),
            Ok(Some(y)) => {
                diags.error(
                    at(cy),
                    format!("year {y} is not a whole year between 1900 and 2200"),
                );
                None
            }
            Ok(None) => {
                diags.error(at(cy), "the year is empty");
                None
            }
            Err(m) => {
                diags.error(at(cy), format!("year: {m}"));
                None
            }
        };
        let region = table.get(r, cr).as_text();
        if region.is_empty() {
            diags.error(at(cr), "the region is empty");
        }
        let cat_text = table.get(r, cc).as_text();
        let category = match tree.lookup(&cat_text) {
            Some(c) => Some(c.code.clone()),
            None => {
                diags.push(
                    Diagnostic::error(
                        at(cc),
                        format!("unknown IPCC 2006 category \"{cat_text}\" (write a code such as 1.A.1.a)"),
                    )
                    .suggest(tree.suggest(&cat_text)),
                );
                None
            }
        };
        let act_text = table.get(r, ca).as_text();
        let fuel = fuels.lookup(&act_text);
        if fuel.is_none() {
            diags.push(
                Diagnostic::error(at(ca), format!("unknown fuel or activity \"{act_text}\""))
                    .suggest(fuels.suggest(&act_text)),
            );
        }
        let value = match number(table.get(r, cv)) {
            Ok(Some(v)) if v < 0.0 => {
                diags.error(
                    at(cv),
                    format!("activity cannot be negative, found {v} (write inputs to transformation as positive amounts)"),
                );
                None
            }
            Ok(Some(v)) => Some(v),
            Ok(None) => {
                diags.warning(
                    at(cv),
                    format!(
                        "no value (\"{}\"): the row is read as missing, not as zero",
                        table.get(r, cv).as_text()
                    ),
                );
                continue;
            }
            Err(m) => {
                diags.error(at(cv), format!("value: {m}"));
                None
            }
        };
        let unit_text = table.get(r, cu).as_text();
        let unit = match parse_unit(&unit_text) {
            Ok(u) => Some(u),
            Err(e) => {
                diags.error(at(cu), e.to_string());
                None
            }
        };
        if let (Some(u), Some(f)) = (&unit, fuel)
            && !matches!(
                u.dimension,
                Dimension::Mass | Dimension::Volume | Dimension::Energy
            )
        {
            diags.error(
                at(cu),
                format!(
                    "\"{unit_text}\" is a unit of {}; {} is measured in mass, volume or energy (e.g. {})",
                    u.dimension, f.key, f.default_unit
                ),
            );
        }
        let uncertainty_pct = match cp.map(|c| (c, number(table.get(r, c)))) {
            Some((_, Ok(Some(p)))) if p >= 0.0 => Some(p),
            Some((c, Ok(Some(p)))) => {
                diags.error(at(c), format!("uncertainty_pct must be ≥ 0, found {p}"));
                None
            }
            Some((c, Err(m))) => {
                diags.error(at(c), format!("uncertainty_pct: {m}"));
                None
            }
            _ => None,
        };
        let text_of = |c: Option<usize>| {
            c.map(|c| table.get(r, c).as_text())
                .filter(|s| !s.is_empty())
        };
        if diags.error_count() > before {
            continue;
        }
        let (Some(year), Some(category), Some(fuel), Some(value), Some(unit)) =
            (year, category, fuel, value, unit)
        else {
            continue;
        };
        out.push(ActivityRecord {
            region,
            year,
            category,
            activity: fuel.key.clone(),
            value,
            unit_text,
            unit,
            source: text_of(cs),
            note: text_of(cn),
            uncertainty_pct,
            location: table.location(r, cv),
        });
    }
    Some(out)
}

/// Reports every pair of records with the same region, year, category and activity.
pub fn check_duplicates(records: &[ActivityRecord], diags: &mut Diagnostics) {
    let mut seen: std::collections::HashMap<(&str, i32, &str, &str), &Location> =
        std::collections::HashMap::new();
    for r in records {
        let key = (
            r.region.as_str(),
            r.year,
            r.category.as_str(),
            r.activity.as_str(),
        );
        if let Some(first) = seen.get(&key) {
            diags.error(
                Some(r.location.clone()),
                format!(
                    "duplicate row: {} {} {} {} was already given at {first}; sum them in one row or split the category",
                    r.region, r.year, r.category, r.activity
                ),
            );
        } else {
            seen.insert(key, &r.location);
        }
    }
}
