//! `key_categories.csv` and `uncertainty.csv`, and the same tables for the sheets `key_categories` and
//! `uncertainty` of `inventory.xlsx`: one [`FlatTable`] each, written as CSV (UTF-8 with BOM, column names
//! for programs) and as a sheet (headers for people, with units; [`super::xlsx`]).
//!
//! `key_categories.csv`: one row per region × assessment × with/without LULUCF × category, in rank order:
//!
//! | column | meaning |
//! |---|---|
//! | `region` | as read |
//! | `assessment` | `level` (Eq. 4.1, one per year) or `trend` (Eq. 4.2, base year → latest year) |
//! | `lulucf` | `without` or `with` LULUCF (3.B, 3.D.1) |
//! | `base_year`, `year` | the trend's base year (empty for a level); the year assessed |
//! | `rank` | 1 = the largest |
//! | `category`, `fuel_group`, `gas`, `category_en`, `category_zh` | the category assessed ([`crate::assess::CategoryKey`]) |
//! | `base_emissions_t_co2e` | E_x,0, t CO2e (trend only) |
//! | `emissions_t_co2e` | E_x,t, t CO2e (negative for removals) |
//! | `assessment_value` | L_x,t or T_x,t (fraction) |
//! | `share` | L_x,t, or T_x,t / Σ T (fraction) |
//! | `cumulative_share` | fraction, in rank order |
//! | `key` | `yes` / `no` (until the cumulative share reaches 95 %) |
//!
//! `uncertainty.csv`: first, per region × year, one row per category and the total(s) (`table = year`):
//! central value, Approach 1 (activity `E`, factor `F`, combined `G` uncertainty in %, and the interval in
//! t CO2e) and Approach 2 (mean, 2.5th and 97.5th percentiles in t CO2e, and the interval in % of the
//! mean, asymmetric where it is), with the CO2e not assessed; then, per region with two years or more, the
//! trend uncertainty of Table 3.3 (`table = trend`).

use super::csv::with_bom;
use super::excel_safe;
use crate::assess::key_categories::KeyCategoryLine;
use crate::assess::monte_carlo::McStats;
use crate::assess::uncertainty::UncertaintyReport;
use crate::error::Result;

/// How a column's numbers are shown in the workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// A whole number (year, rank, draws).
    Int,
    /// t CO2e, `#,##0.00`.
    Tonnes,
    /// A fraction shown as a percentage (`0.0%`).
    Fraction,
    /// A number of per cent (or percentage points), `0.00`.
    Percent,
    /// A number shown as it is.
    General,
}

/// A column: its CSV name, its header in the workbook (with the unit), its kind.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// Name in the CSV file.
    pub csv: &'static str,
    /// Header in the sheet.
    pub header: &'static str,
    /// Kind.
    pub kind: Kind,
}

/// A cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A number (a value that is not finite is written as an empty cell).
    Num(f64),
    /// Empty.
    Empty,
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Num(x)
    }
}
impl From<Option<f64>> for Value {
    fn from(x: Option<f64>) -> Value {
        x.map_or(Value::Empty, Value::Num)
    }
}

/// A table: columns and rows of cells.
#[derive(Clone, Debug)]
pub struct FlatTable {
    /// The columns.
    pub columns: &'static [Column],
    /// The rows, each as long as `columns`.
    pub rows: Vec<Vec<Value>>,
}

const fn col(csv: &'static str, header: &'static str, kind: Kind) -> Column {
    Column { csv, header, kind }
}

/// The columns of `key_categories.csv` and of the sheet `key_categories`.
pub const KEY_CATEGORY_COLUMNS: &[Column] = &[
    col("region", "region", Kind::Text),
    col(
        "assessment",
        "assessment (level: Eq. 4.1; trend: Eq. 4.2)",
        Kind::Text,
    ),
    col("lulucf", "LULUCF", Kind::Text),
    col("base_year", "base year", Kind::Int),
    col("year", "year", Kind::Int),
    col("rank", "rank", Kind::Int),
    col("category", "code", Kind::Text),
    col("fuel_group", "fuel group", Kind::Text),
    col("gas", "gas", Kind::Text),
    col("category_en", "category", Kind::Text),
    col("category_zh", "category (Chinese)", Kind::Text),
    col(
        "base_emissions_t_co2e",
        "base-year emissions E_x,0 (t CO2e)",
        Kind::Tonnes,
    ),
    col("emissions_t_co2e", "emissions E_x,t (t CO2e)", Kind::Tonnes),
    col(
        "assessment_value",
        "L_x,t or T_x,t (fraction)",
        Kind::General,
    ),
    col("share", "share (fraction, shown as %)", Kind::Fraction),
    col(
        "cumulative_share",
        "cumulative share (fraction, shown as %)",
        Kind::Fraction,
    ),
    col("key", "key category", Kind::Text),
];

/// The key category analysis as a table.
pub fn key_category_table(lines: &[KeyCategoryLine]) -> FlatTable {
    let rows = lines
        .iter()
        .map(|l| {
            vec![
                l.region.as_str().into(),
                l.assessment.as_str().into(),
                l.lulucf.as_str().into(),
                l.base_year.map(f64::from).into(),
                f64::from(l.year).into(),
                (l.rank as f64).into(),
                l.key.code.as_str().into(),
                l.key.fuel_group.as_str().into(),
                l.key.gas.name().into(),
                l.name_en.as_str().into(),
                l.name_zh.as_str().into(),
                l.base_t_co2e.into(),
                l.emissions_t_co2e.into(),
                l.value.into(),
                l.share.into(),
                l.cumulative.into(),
                if l.is_key { "yes" } else { "no" }.into(),
            ]
        })
        .collect();
    FlatTable {
        columns: KEY_CATEGORY_COLUMNS,
        rows,
    }
}

/// The columns of `uncertainty.csv` and of the sheet `uncertainty`.
pub const UNCERTAINTY_COLUMNS: &[Column] = &[
    col(
        "table",
        "table (year: Tables 3.2/3.4; trend: Table 3.3)",
        Kind::Text,
    ),
    col("region", "region", Kind::Text),
    col("base_year", "base year", Kind::Int),
    col("year", "year", Kind::Int),
    col("lulucf", "LULUCF (totals and trends)", Kind::Text),
    col("category", "code", Kind::Text),
    col("fuel_group", "fuel group", Kind::Text),
    col("gas", "gas", Kind::Text),
    col("category_en", "category", Kind::Text),
    col("category_zh", "category (Chinese)", Kind::Text),
    col(
        "base_t_co2e",
        "base-year emissions C (t CO2e)",
        Kind::Tonnes,
    ),
    col(
        "central_t_co2e",
        "emissions, central value D (t CO2e)",
        Kind::Tonnes,
    ),
    col(
        "activity_uncertainty_pct",
        "activity uncertainty E (±%)",
        Kind::Percent,
    ),
    col(
        "factor_uncertainty_pct",
        "factor uncertainty F (±%)",
        Kind::Percent,
    ),
    col(
        "approach1_uncertainty_pct",
        "Approach 1 combined uncertainty G (±%)",
        Kind::Percent,
    ),
    col(
        "approach1_lower_t_co2e",
        "Approach 1, 2.5 % bound (t CO2e)",
        Kind::Tonnes,
    ),
    col(
        "approach1_upper_t_co2e",
        "Approach 1, 97.5 % bound (t CO2e)",
        Kind::Tonnes,
    ),
    col("mc_mean_t_co2e", "Approach 2 mean (t CO2e)", Kind::Tonnes),
    col(
        "mc_p2_5_t_co2e",
        "Approach 2, 2.5th percentile (t CO2e)",
        Kind::Tonnes,
    ),
    col(
        "mc_p97_5_t_co2e",
        "Approach 2, 97.5th percentile (t CO2e)",
        Kind::Tonnes,
    ),
    col(
        "mc_lower_pct",
        "Approach 2, below the mean (% of mean)",
        Kind::Percent,
    ),
    col(
        "mc_upper_pct",
        "Approach 2, above the mean (% of mean)",
        Kind::Percent,
    ),
    col(
        "sensitivity_a",
        "type A sensitivity I (% per %)",
        Kind::General,
    ),
    col(
        "sensitivity_b",
        "type B sensitivity J (% per %)",
        Kind::General,
    ),
    col(
        "trend_from_factors_pct_points",
        "trend uncertainty from factors K (percentage points)",
        Kind::Percent,
    ),
    col(
        "trend_from_activity_pct_points",
        "trend uncertainty from activity L (percentage points)",
        Kind::Percent,
    ),
    col(
        "trend_variance",
        "contribution to the trend's variance M = K² + L² (percentage points²)",
        Kind::General,
    ),
    col("trend_pct", "trend, base year → year (%)", Kind::Percent),
    col(
        "trend_uncertainty_pct_points",
        "Approach 1 trend uncertainty √ΣM (± percentage points)",
        Kind::Percent,
    ),
    col(
        "mc_trend_mean_pct",
        "Approach 2 trend, mean (%)",
        Kind::Percent,
    ),
    col(
        "mc_trend_p2_5_pct",
        "Approach 2 trend, 2.5th percentile (%)",
        Kind::Percent,
    ),
    col(
        "mc_trend_p97_5_pct",
        "Approach 2 trend, 97.5th percentile (%)",
        Kind::Percent,
    ),
    col(
        "not_assessed_t_co2e",
        "not assessed: equation not a product (t CO2e, counted as exact)",
        Kind::Tonnes,
    ),
    col(
        "no_activity_range_t_co2e",
        "activity without uncertainty (t CO2e, counted as exact)",
        Kind::Tonnes,
    ),
    col("mc_draws", "Monte Carlo draws", Kind::Int),
    col("seed", "seed", Kind::Int),
];

fn mc_cells(m: Option<&McStats>) -> [Value; 5] {
    match m {
        Some(m) => [
            m.mean.into(),
            m.p2_5.into(),
            m.p97_5.into(),
            m.lower_pct.into(),
            m.upper_pct.into(),
        ],
        None => std::array::from_fn(|_| Value::Empty),
    }
}

/// The uncertainty analysis as a table.
pub fn uncertainty_table(u: &UncertaintyReport) -> FlatTable {
    let draws = f64::from(u.draws as u32);
    let seed = if u.draws > 0 {
        Value::Num(u.seed as f64)
    } else {
        Value::Empty
    };
    let mut rows = Vec::new();
    for l in &u.lines {
        let (lo, hi) = l.approach1_interval();
        let a = &l.approach1;
        let mut r: Vec<Value> = vec![
            "year".into(),
            l.region.as_str().into(),
            Value::Empty,
            f64::from(l.year).into(),
            l.lulucf.map_or("", |x| x.as_str()).into(),
            l.key.as_ref().map_or("total", |k| k.code.as_str()).into(),
            l.key.as_ref().map_or("", |k| k.fuel_group.as_str()).into(),
            l.key.as_ref().map_or("CO2e", |k| k.gas.name()).into(),
            l.name_en.as_str().into(),
            l.name_zh.as_str().into(),
            Value::Empty,
            a.central.into(),
            a.activity_pct.into(),
            a.factor_pct.into(),
            a.combined_pct.into(),
            a.combined_pct.map(|_| lo).into(),
            a.combined_pct.map(|_| hi).into(),
        ];
        r.extend(mc_cells(l.mc.as_ref()));
        r.extend(std::iter::repeat_n(Value::Empty, 10));
        r.extend([
            l.not_assessed_t_co2e.into(),
            l.no_activity_range_t_co2e.into(),
            draws.into(),
            seed.clone(),
        ]);
        rows.push(r);
    }
    for t in &u.trends {
        let mut r: Vec<Value> = vec![
            "trend".into(),
            t.region.as_str().into(),
            f64::from(t.base_year).into(),
            f64::from(t.year).into(),
            t.lulucf.as_str().into(),
            t.key.as_ref().map_or("total", |k| k.code.as_str()).into(),
            t.key.as_ref().map_or("", |k| k.fuel_group.as_str()).into(),
            t.key.as_ref().map_or("CO2e", |k| k.gas.name()).into(),
            t.name_en.as_str().into(),
            t.name_zh.as_str().into(),
            t.base_t_co2e.into(),
            t.latest_t_co2e.into(),
            t.activity_pct.into(),
            t.factor_pct.into(),
        ];
        r.extend(std::iter::repeat_n(Value::Empty, 8));
        r.extend([
            t.sensitivity_a.into(),
            t.sensitivity_b.into(),
            t.from_factors_pct.into(),
            t.from_activity_pct.into(),
            t.variance.into(),
            t.trend_pct.into(),
            t.trend_uncertainty_pct.into(),
        ]);
        match &t.mc {
            Some(m) => r.extend([m.mean.into(), m.p2_5.into(), m.p97_5.into()]),
            None => r.extend(std::iter::repeat_n(Value::Empty, 3)),
        }
        r.extend([
            Value::Empty,
            Value::Empty,
            draws.into(),
            if t.mc.is_some() {
                seed.clone()
            } else {
                Value::Empty
            },
        ]);
        rows.push(r);
    }
    FlatTable {
        columns: UNCERTAINTY_COLUMNS,
        rows,
    }
}

/// A table as CSV bytes (UTF-8 with BOM; numbers at full precision, text made safe for spreadsheets).
pub fn table_csv(t: &FlatTable) -> Result<Vec<u8>> {
    with_bom(|w| {
        w.write_record(t.columns.iter().map(|c| c.csv))?;
        for row in &t.rows {
            w.write_record(row.iter().map(|v| match v {
                Value::Text(s) => excel_safe(s).into_owned(),
                Value::Num(x) if x.is_finite() => x.to_string(),
                _ => String::new(),
            }))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_as_wide_as_its_columns() {
        let t = key_category_table(&[]);
        assert!(t.rows.is_empty());
        let csv = table_csv(&t).unwrap();
        assert!(csv.starts_with("\u{feff}region,assessment".as_bytes()));
    }
}
