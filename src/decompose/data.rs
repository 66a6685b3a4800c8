//! Reading the input of `ghgkit decompose`: a table of periods, sub-categories and factors (format in
//! [`super`]). Every problem is reported at once, each with its cell (`file › sheet › cell` or
//! `file:line:column`).

use super::{Decomposition, Observation, lmdi};
use crate::error::{Diagnostic, Diagnostics, Error, Location, Result, nearest};
use crate::ingest::table::{Cell, Table};
use std::path::Path;

/// A table read: factor names and, per period in order of appearance, its observations.
#[derive(Clone, Debug, PartialEq)]
pub struct Data {
    /// Factor names (the headers of the factor columns).
    pub factors: Vec<String>,
    /// `(period, observations)`, in order of first appearance.
    pub periods: Vec<(String, Vec<Observation>)>,
}

const PERIOD: &[&str] = &["period", "year", "年份", "时期"];
const SUB: &[&str] = &[
    "sub",
    "sector",
    "category",
    "subcategory",
    "sub-category",
    "部门",
    "类别",
];
const VALUE: &[&str] = &["value", "v", "emissions"];

fn number(c: &Cell) -> Option<f64> {
    match c {
        Cell::Number(x) => Some(*x),
        Cell::Text(t) => t.trim().replace(',', "").parse().ok(),
        _ => None,
    }
}

/// Reads the first table of `path` (CSV, xlsx, xls, ods).
pub fn read(path: &Path) -> Result<Data> {
    let tables = crate::ingest::workbook::read_tables(path)?;
    let t = tables.into_iter().next().ok_or_else(|| {
        Error::input(
            Some(Location::file(path.display().to_string())),
            "no table in the file",
        )
    })?;
    from_table(&t)
}

/// Reads a [`Table`] whose first non-empty row is the header.
pub fn from_table(t: &Table) -> Result<Data> {
    let mut d = Diagnostics::new();
    let Some(h) = t.rows.iter().position(|r| r.iter().any(|c| !c.is_blank())) else {
        return Err(Error::input(Some(t.whole()), "the table is empty"));
    };
    let header: Vec<String> = t.rows[h].iter().map(|c| c.text().to_string()).collect();
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|x| names.iter().any(|n| x.eq_ignore_ascii_case(n)))
    };
    let (pc, sc, vc) = (find(PERIOD), find(SUB), find(VALUE));
    for (col, what) in [(pc, "period"), (sc, "sub")] {
        if col.is_none() {
            let first = header.first().map(String::as_str).unwrap_or("");
            d.push(
                Diagnostic::error(
                    Some(t.location(h, 0)),
                    format!(
                        "no `{what}` column in the header ({}); expected period, sub, then one column per factor",
                        header.join(", ")
                    ),
                )
                .suggest(nearest(first, [what])),
            );
        }
    }
    let factor_cols: Vec<usize> = (0..header.len())
        .filter(|c| Some(*c) != pc && Some(*c) != sc && Some(*c) != vc && !header[*c].is_empty())
        .collect();
    if factor_cols.is_empty() {
        d.error(
            Some(t.location(h, 0)),
            "no factor columns: after period and sub, give one column per factor",
        );
    }
    d.clone().into_result()?;
    let (pc, sc) = (pc.unwrap_or(0), sc.unwrap_or(0));
    let mut periods: Vec<(String, Vec<Observation>)> = Vec::new();
    for r in h + 1..t.rows.len() {
        if t.rows[r].iter().all(Cell::is_blank) {
            continue;
        }
        let period = t.get(r, pc).text().to_string();
        let sub = t.get(r, sc).text().to_string();
        if period.is_empty() {
            d.error(Some(t.location(r, pc)), "empty period");
        }
        if sub.is_empty() {
            d.error(Some(t.location(r, sc)), "empty sub-category");
        }
        let mut f = Vec::new();
        for &c in &factor_cols {
            match number(t.get(r, c)) {
                Some(x) if x.is_finite() && x >= 0.0 => f.push(x),
                Some(x) => d.error(
                    Some(t.location(r, c)),
                    format!("{}: {x} is negative; LMDI needs factors ≥ 0", header[c]),
                ),
                None => d.error(
                    Some(t.location(r, c)),
                    format!("{}: \"{}\" is not a number", header[c], t.get(r, c).text()),
                ),
            }
        }
        if f.len() != factor_cols.len() {
            continue;
        }
        let o = Observation { sub, factors: f };
        if let Some(vc) = vc
            && let Some(v) = number(t.get(r, vc))
        {
            let prod = o.value();
            if (prod - v).abs() > 1e-6 * v.abs().max(prod.abs()).max(1e-300) {
                d.error(
                    Some(t.location(r, vc)),
                    format!("value {v} is not the product of the factors ({prod})"),
                );
            }
        }
        match periods.iter_mut().find(|(p, _)| *p == period) {
            Some((_, obs)) => {
                if obs.iter().any(|x| x.sub == o.sub) {
                    d.error(
                        Some(t.location(r, sc)),
                        format!("sub-category \"{}\" twice in period {period}", o.sub),
                    );
                } else {
                    obs.push(o);
                }
            }
            None => periods.push((period, vec![o])),
        }
    }
    if periods.len() < 2 && !d.has_errors() {
        d.error(
            Some(t.whole()),
            "at least two periods are needed to decompose a change",
        );
    }
    d.into_result()?;
    Ok(Data {
        factors: factor_cols.iter().map(|&c| header[c].clone()).collect(),
        periods,
    })
}

/// Decomposes each consecutive pair of periods, and the first against the last when there are more than
/// two.
pub fn decompose(data: &Data) -> Result<Vec<Decomposition>> {
    let names: Vec<&str> = data.factors.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for w in data.periods.windows(2) {
        out.push(lmdi(&names, &w[0].0, &w[1].0, &w[0].1, &w[1].1)?);
    }
    if data.periods.len() > 2 {
        let (a, b) = (&data.periods[0], &data.periods[data.periods.len() - 1]);
        out.push(lmdi(&names, &a.0, &b.0, &a.1, &b.1)?);
    }
    Ok(out)
}
