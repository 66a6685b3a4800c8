//! The optional `factors` sheet (因子) of an activity workbook: factors that override every factor set for
//! this run (the top layer of the resolution order, see [`crate::factors::resolve`]).
//!
//! Columns: `activity`, `gas`, `category` (optional, default any), `kind` (optional: `ef` when a gas is given),
//! `value`, `unit`, `source`, `uncertainty_pct`; Chinese headers 活动, 气体, 类别, 类型, 数值, 单位, 来源,
//! 不确定性 are accepted.

use super::table::{Cell, Table};
use super::tidy::number;
use crate::error::{Diagnostics, nearest};
use crate::factors::{Factor, FactorKind, RawFactorInput, check_factor};

/// Sheet names that hold factor overrides (compared case-insensitively).
pub const SHEET_NAMES: &[&str] = &["factors", "factor", "因子", "排放因子", "emission factors"];

const COLUMNS: &[(&str, &[&str])] = &[
    (
        "activity",
        &["activity", "fuel", "活动", "燃料", "能源品种"],
    ),
    ("gas", &["gas", "气体", "温室气体"]),
    ("category", &["category", "类别", "ipcc category"]),
    ("kind", &["kind", "type", "类型"]),
    ("value", &["value", "数值", "因子值"]),
    ("unit", &["unit", "单位"]),
    ("source", &["source", "来源", "数据来源"]),
    (
        "uncertainty_pct",
        &[
            "uncertainty_pct",
            "uncertainty",
            "uncertainty (%)",
            "不确定性",
            "不确定性(%)",
        ],
    ),
    ("note", &["note", "备注", "说明"]),
];

/// True when the sheet's name marks it as a factor sheet.
pub fn is_factor_sheet(table: &Table) -> bool {
    table
        .sheet
        .as_deref()
        .is_some_and(|s| SHEET_NAMES.iter().any(|n| n.eq_ignore_ascii_case(s.trim())))
}

fn column_of(text: &str) -> Option<&'static str> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    COLUMNS
        .iter()
        .find(|(_, names)| {
            names.iter().any(|n| {
                n.chars()
                    .filter(|c| !c.is_whitespace())
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
                    == t
            })
        })
        .map(|(k, _)| *k)
}

/// Reads the factor overrides of a `factors` sheet; problems go into `diags`.
pub fn read(table: &Table, diags: &mut Diagnostics) -> Vec<Factor> {
    let header = table.rows.iter().take(50).position(|row| {
        let found: Vec<&str> = row
            .iter()
            .filter_map(|c| match c {
                Cell::Text(t) => column_of(t),
                _ => None,
            })
            .collect();
        ["activity", "value", "unit", "source"]
            .iter()
            .all(|k| found.contains(k))
    });
    let Some(h) = header else {
        diags.error(
            Some(table.whole()),
            "a factors sheet needs the columns activity, gas, value, unit, source (optional category, kind, uncertainty_pct)",
        );
        return Vec::new();
    };
    let col = |k: &str| {
        table.rows[h].iter().position(|c| match c {
            Cell::Text(t) => column_of(t) == Some(k),
            _ => false,
        })
    };
    let text = |r: usize, k: &str| {
        col(k)
            .map(|c| table.get(r, c).as_text())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for r in h + 1..table.rows.len() {
        if table.rows[r].iter().all(Cell::is_blank) {
            continue;
        }
        let loc = table.location(r, col("value").unwrap_or(0));
        let gas = text(r, "gas");
        let kind_text = text(r, "kind");
        let kinds = [
            ("ef", FactorKind::Ef),
            ("ncv", FactorKind::Ncv),
            ("carbon_content", FactorKind::CarbonContent),
            ("oxidation", FactorKind::Oxidation),
        ];
        let kind = if kind_text.is_empty() {
            if gas.is_empty() {
                diags.error(
                    Some(table.location(r, col("gas").unwrap_or(0))),
                    "give a gas (for an emission factor) or a kind (ncv, carbon_content, oxidation, ef)",
                );
                continue;
            }
            FactorKind::Ef
        } else if let Some((_, k)) = kinds
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&kind_text))
        {
            *k
        } else {
            diags.push(
                crate::error::Diagnostic::error(
                    Some(table.location(r, col("kind").unwrap_or(0))),
                    format!("unknown kind \"{kind_text}\": expected ef, ncv, carbon_content or oxidation"),
                )
                .suggest(nearest(&kind_text, kinds.iter().map(|(n, _)| *n))),
            );
            continue;
        };
        let value = match col("value").map(|c| number(table.get(r, c))) {
            Some(Ok(Some(v))) => v,
            Some(Ok(None)) | None => {
                diags.error(Some(loc.clone()), "the factor has no value");
                continue;
            }
            Some(Err(m)) => {
                diags.error(Some(loc.clone()), format!("value: {m}"));
                continue;
            }
        };
        let pct = match col("uncertainty_pct").map(|c| number(table.get(r, c))) {
            Some(Ok(Some(p))) => Some(p),
            Some(Err(m)) => {
                diags.error(
                    Some(table.location(r, col("uncertainty_pct").unwrap_or(0))),
                    format!("uncertainty_pct: {m}"),
                );
                continue;
            }
            _ => None,
        };
        let category = text(r, "category");
        let (activity, unit, source, note) = (
            text(r, "activity"),
            text(r, "unit"),
            text(r, "source"),
            text(r, "note"),
        );
        let input = RawFactorInput {
            id: format!("user.{}", loc),
            set: "user",
            kind,
            activity: &activity,
            category: if category.is_empty() {
                "any"
            } else {
                &category
            },
            gas: (!gas.is_empty()).then_some(gas.as_str()),
            parameter: None,
            value,
            unit: &unit,
            lower: None,
            upper: None,
            uncertainty_pct: pct,
            source: &source,
            status: "user",
            note: &note,
            region: None,
            year: None,
            location: loc,
        };
        if let Some(f) = check_factor(input, diags) {
            out.push(f);
        }
    }
    out
}
