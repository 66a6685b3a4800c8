//! Energy balance tables (能源平衡表(实物量)) of the China Energy Statistical Yearbook.
//!
//! A balance table has energy carriers across (原煤, 洗精煤 … 电力, with aggregate columns such as 煤合计)
//! and balance items down (supply, transformation, losses, final consumption by sector, statistical
//! difference). How a given layout is read is described by a [`BalanceMapping`], a TOML file
//! (`mappings/yearbook-provincial-2007.toml` is built in; `mappings/README.md` documents the format):
//! how to recognise the sheet and read region and year from its title, where the header and its unit rows
//! are, which column is which fuel, and which row plays which role in the balance.
//!
//! [`read_balance`] reads a [`Table`] into an [`EnergyBalance`], every value with its cell, and checks the
//! table's own sums (items against totals, the balance identity) into [`Diagnostics`];
//! [`combustion_records`] turns the combustion rows into [`ActivityRecord`]s: inputs to power and heat
//! plants, and final consumption by sector with industry's non-energy use taken out. Conversion inputs
//! (coal washing, coking, refining, gas works) are not combustion: their carbon goes into products that are
//! counted where they are burned.
//!
//! ```
//! use ghgkit::error::Diagnostics;
//! use ghgkit::ingest::balance::{BalanceMapping, read_balance};
//! use ghgkit::ingest::{Cell, Table};
//! let t = |s: &str| Cell::Text(s.into());
//! let mapping = BalanceMapping::parse(
//!     r#"
//! [layout]
//! name = "tiny"
//! [title]
//! contains = ["能源平衡表"]
//! region_before = "能源平衡表"
//! [header]
//! item_label = "项目"
//! rows = 2
//! unit_rows_below = [1]
//! label_en_column = "B"
//! [regions]
//! "湖北" = "Hubei"
//! [[column]]
//! header = "原煤"
//! key = "raw_coal"
//! [[row]]
//! label = "工业"
//! key = "industry"
//! role = "final"
//! category = "1.A.2"
//! "#,
//!     "tiny.toml",
//! )
//! .unwrap();
//! let table = Table {
//!     file: "t.xlsx".into(),
//!     sheet: Some("Sheet1".into()),
//!     first_row: 0,
//!     first_col: 0,
//!     rows: vec![
//!         vec![t("湖北能源平衡表-2007")],
//!         vec![t("项  目"), t("Item"), t("原煤")],
//!         vec![Cell::Empty, Cell::Empty, t("(万吨)")],
//!         vec![t("工业"), t("Industry"), Cell::Number(12.5)],
//!     ],
//!     merged: Vec::new(),
//! };
//! let mut diags = Diagnostics::new();
//! let b = read_balance(&table, &mapping, &mut diags).unwrap();
//! assert_eq!((b.region.as_str(), b.year), ("Hubei", 2007));
//! assert_eq!(b.value("industry", "raw_coal"), Some(12.5));
//! let recs = ghgkit::ingest::balance::combustion_records(&b, &mut diags);
//! assert_eq!(recs[0].category, "1.A.2");
//! assert!(diags.is_empty(), "{diags}");
//! ```

use super::table::{Cell, Table};
use crate::activity::ActivityRecord;
use crate::categories::CategoryTree;
use crate::error::{Diagnostic, Diagnostics, Error, Location, Result, nearest};
use crate::fuels::{FuelCatalogue, FuelGroup};
use crate::units::{Dimension, Unit, parse_unit};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::OnceLock;

/// The built-in mapping's file name, as it appears in messages.
pub const BUILTIN_2007_FILE: &str = "mappings/yearbook-provincial-2007.toml";
/// The built-in mapping: China Energy Statistical Yearbook 2008, provincial tables (data year 2007).
pub const BUILTIN_2007_TEXT: &str = include_str!("../../mappings/yearbook-provincial-2007.toml");

// ------------------------------------------------------------------------------------------------
// The mapping
// ------------------------------------------------------------------------------------------------

/// What a balance row is in the balance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowRole {
    /// A supply item (production, inflow, imports, outflow (−), exports (−), stock change …).
    Supply,
    /// The total of the supply items (一.可供本地区消费的能源量).
    SupplyTotal,
    /// A transformation sub-row: inputs negative, outputs positive; `combustion` says whether the inputs
    /// are burned (power, heat) or converted (washing, coking, refining, gas works).
    Transformation,
    /// The total of the transformation sub-rows (二.加工转换投入(-)产出(+)量).
    TransformationTotal,
    /// Losses (三.损失量), printed positive.
    Loss,
    /// A final consumption sector.
    Final,
    /// The total of the final consumption sectors (四.终端消费量).
    FinalTotal,
    /// Non-energy use (#用作原料、材料): an "of which" row of a final sector, subtracted from its combustion.
    NonEnergyUse,
    /// A component of another row (城镇, 乡村 of 生活消费): the parts add up to that row, and are not summed
    /// again.
    Part,
    /// A row that is read but neither summed nor checked (#焦炭再投入量(-)).
    Memo,
    /// The statistical difference (五.平衡差额).
    StatisticalDifference,
    /// The sum of consumption (六.消费量合计).
    ConsumptionTotal,
}

impl RowRole {
    /// Every role, in the order of a balance table.
    pub const ALL: [RowRole; 12] = [
        RowRole::Supply,
        RowRole::SupplyTotal,
        RowRole::Transformation,
        RowRole::TransformationTotal,
        RowRole::Loss,
        RowRole::Final,
        RowRole::FinalTotal,
        RowRole::NonEnergyUse,
        RowRole::Part,
        RowRole::Memo,
        RowRole::StatisticalDifference,
        RowRole::ConsumptionTotal,
    ];

    /// The role as written in a mapping file.
    pub fn as_str(self) -> &'static str {
        match self {
            RowRole::Supply => "supply",
            RowRole::SupplyTotal => "supply_total",
            RowRole::Transformation => "transformation",
            RowRole::TransformationTotal => "transformation_total",
            RowRole::Loss => "loss",
            RowRole::Final => "final",
            RowRole::FinalTotal => "final_total",
            RowRole::NonEnergyUse => "non_energy_use",
            RowRole::Part => "part",
            RowRole::Memo => "memo",
            RowRole::StatisticalDifference => "statistical_difference",
            RowRole::ConsumptionTotal => "consumption_total",
        }
    }

    /// The role written `text`, if any.
    pub fn parse(text: &str) -> Option<RowRole> {
        RowRole::ALL.into_iter().find(|r| r.as_str() == text.trim())
    }

    /// Roles of which a table has at most one row.
    fn is_single(self) -> bool {
        matches!(
            self,
            RowRole::SupplyTotal
                | RowRole::TransformationTotal
                | RowRole::Loss
                | RowRole::FinalTotal
                | RowRole::StatisticalDifference
                | RowRole::ConsumptionTotal
        )
    }
}

impl fmt::Display for RowRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a balance column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// A fuel of the catalogue: its combustion rows become records.
    Fuel,
    /// A total of other columns (煤合计, 油品合计): read and checked, never turned into records.
    Aggregate,
    /// Heat, electricity, other energy: no combustion emissions where consumed; never turned into records.
    Secondary,
}

/// How the sheet is recognised and where region and year come from.
#[derive(Clone, Debug, Serialize)]
pub struct TitleRule {
    /// The title is searched for in this many rows from the top of the sheet.
    pub search_rows: usize,
    /// A cell holding all of these (whitespace ignored) marks a balance sheet.
    pub contains: Vec<String>,
    /// The region is the text just before this in the title (after the table number).
    pub region_before: String,
    /// A fixed region (English name) instead of the title's.
    pub region: Option<String>,
    /// A fixed year instead of the title's last four-digit number.
    pub year: Option<i32>,
}

/// Where the header, the units and the labels are.
#[derive(Clone, Debug, Serialize)]
pub struct HeaderRule {
    /// The label cell (in `label_column`) of the header row reads this (whitespace ignored).
    pub item_label: String,
    /// The header row is searched for in this many rows from the top of the sheet.
    pub search_rows: usize,
    /// The header block's height from the header row: balance rows start this many rows below it.
    pub rows: usize,
    /// Rows holding the units, as offsets below the header row, in order of preference.
    pub unit_rows_below: Vec<usize>,
    /// Chinese row labels: 0-based sheet column (0 = A).
    pub label_column: usize,
    /// English row labels: 0-based sheet column, if any.
    pub label_en_column: Option<usize>,
}

/// One expected column of the mapping.
#[derive(Clone, Debug, Serialize)]
pub struct ColumnSpec {
    /// The header text (whitespace ignored).
    pub header: String,
    /// Other spellings of the header.
    pub aliases: Vec<String>,
    /// The fuel key (for aggregates: a free name).
    pub key: String,
    /// Fuel, aggregate or secondary.
    pub kind: ColumnKind,
    /// A missing optional column is not an error.
    pub optional: bool,
    /// The line of the mapping file.
    pub line: u64,
}

/// One expected row of the mapping.
#[derive(Clone, Debug, Serialize)]
pub struct RowSpec {
    /// The label text.
    pub label: String,
    /// Match the label exactly (only surrounding whitespace ignored) instead of normalised.
    pub exact: bool,
    /// The row key.
    pub key: String,
    /// The role.
    pub role: RowRole,
    /// IPCC 2006 category code.
    pub category: Option<String>,
    /// For transformation rows: inputs are combustion.
    pub combustion: bool,
    /// For `part`, `non_energy_use` and `memo` rows: the row this one is a detail of.
    pub part_of: Option<String>,
    /// The label is searched for only below the row with this key.
    pub after: Option<String>,
    /// A missing optional row is not an error.
    pub optional: bool,
    /// The line of the mapping file.
    pub line: u64,
}

/// A description of a balance-table layout (see `mappings/README.md`).
#[derive(Clone, Debug, Serialize)]
pub struct BalanceMapping {
    /// The mapping file as named.
    pub file: String,
    /// Short name.
    pub name: String,
    /// What tables it reads.
    pub description: String,
    /// The publication, for messages.
    pub source: String,
    /// Title rule.
    pub title: TitleRule,
    /// Header rule.
    pub header: HeaderRule,
    /// Sums may be off by this much before a warning.
    pub tolerance: f64,
    /// Region names as read from titles → the region written to records.
    pub regions: Vec<(String, String)>,
    /// Expected columns.
    pub columns: Vec<ColumnSpec>,
    /// Expected rows.
    pub rows: Vec<RowSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    layout: RawLayout,
    title: RawTitle,
    header: RawHeader,
    #[serde(default)]
    check: RawCheck,
    #[serde(default)]
    regions: BTreeMap<String, toml::Spanned<String>>,
    #[serde(default, rename = "column")]
    columns: Vec<toml::Spanned<RawColumn>>,
    #[serde(default, rename = "row")]
    rows: Vec<toml::Spanned<RawRow>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayout {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTitle {
    #[serde(default = "default_title_rows")]
    search_rows: usize,
    contains: toml::Spanned<Vec<String>>,
    region_before: toml::Spanned<String>,
    region: Option<String>,
    year: Option<toml::Spanned<i64>>,
}

fn default_title_rows() -> usize {
    5
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    item_label: toml::Spanned<String>,
    #[serde(default = "default_header_rows")]
    search_rows: usize,
    rows: toml::Spanned<usize>,
    unit_rows_below: toml::Spanned<Vec<usize>>,
    #[serde(default = "default_label_column")]
    label_column: toml::Spanned<String>,
    label_en_column: Option<toml::Spanned<String>>,
}

fn default_header_rows() -> usize {
    20
}

fn default_label_column() -> toml::Spanned<String> {
    toml::Spanned::new(0..0, "A".to_string())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    #[serde(default = "default_tolerance_spanned")]
    tolerance: toml::Spanned<f64>,
}

impl Default for RawCheck {
    fn default() -> Self {
        RawCheck {
            tolerance: default_tolerance_spanned(),
        }
    }
}

fn default_tolerance() -> f64 {
    0.015
}

fn default_tolerance_spanned() -> toml::Spanned<f64> {
    toml::Spanned::new(0..0, default_tolerance())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    header: toml::Spanned<String>,
    #[serde(default)]
    aliases: Vec<String>,
    key: toml::Spanned<String>,
    #[serde(default)]
    aggregate: bool,
    #[serde(default)]
    secondary: bool,
    #[serde(default)]
    optional: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    label: toml::Spanned<String>,
    #[serde(default)]
    exact: bool,
    key: toml::Spanned<String>,
    role: toml::Spanned<String>,
    category: Option<toml::Spanned<String>>,
    combustion: Option<toml::Spanned<bool>>,
    part_of: Option<toml::Spanned<String>>,
    after: Option<toml::Spanned<String>>,
    #[serde(default)]
    optional: bool,
}

/// The 1-based line of the first non-blank character at or after byte `offset`.
fn line_of(text: &str, offset: usize) -> u64 {
    let mut offset = offset.min(text.len());
    while offset < text.len() && text.as_bytes()[offset].is_ascii_whitespace() {
        offset += 1;
    }
    text[..offset].bytes().filter(|&b| b == b'\n').count() as u64 + 1
}

/// 0-based column index of Excel letters ("A" → 0, "AA" → 26).
fn column_index(s: &str) -> Option<usize> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut n: usize = 0;
    for c in s.chars() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        n = n
            .checked_mul(26)?
            .checked_add((c.to_ascii_uppercase() as u8 - b'A') as usize + 1)?;
    }
    Some(n - 1)
}

impl BalanceMapping {
    /// Parses and checks a mapping file. A TOML syntax or structure error is reported alone; every other
    /// problem (unknown fuel key, category or role, duplicate keys, a `part_of` naming no row …) is
    /// collected and reported together, each with `file:line`.
    pub fn parse(text: &str, file: &str) -> Result<BalanceMapping> {
        let raw: RawMapping = toml::from_str(text).map_err(|e| {
            // The error's own offset, not the next non-blank character (that may be on the next line).
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1)
                .unwrap_or(1);
            Error::input(
                Some(Location::line(file, line)),
                format!("balance mapping: {}", e.message().trim()),
            )
        })?;
        let mut diags = Diagnostics::new();
        let at =
            |span: std::ops::Range<usize>| Some(Location::line(file, line_of(text, span.start)));
        let fuels = FuelCatalogue::builtin();
        let tree = CategoryTree::ipcc2006();

        // [title]
        if raw
            .title
            .contains
            .get_ref()
            .iter()
            .all(|s| norm(s).is_empty())
        {
            diags.error(
                at(raw.title.contains.span()),
                "title.contains needs at least one non-blank text that marks a balance sheet (e.g. \"能源平衡表\")",
            );
        }
        if norm(raw.title.region_before.get_ref()).is_empty() && raw.title.region.is_none() {
            diags.error(
                at(raw.title.region_before.span()),
                "title.region_before is blank: say what follows the region in the title (e.g. \"能源平衡表\"), or fix the region with title.region",
            );
        }
        let year = match &raw.title.year {
            Some(y) if (1900..=2200).contains(y.get_ref()) => Some(*y.get_ref() as i32),
            Some(y) => {
                diags.error(
                    at(y.span()),
                    format!(
                        "title.year {} is not a year between 1900 and 2200",
                        y.get_ref()
                    ),
                );
                None
            }
            None => None,
        };
        // [header]
        if norm(raw.header.item_label.get_ref()).is_empty() {
            diags.error(
                at(raw.header.item_label.span()),
                "header.item_label is blank: give the text of the header row's label cell (e.g. \"项目\")",
            );
        }
        if *raw.header.rows.get_ref() == 0 {
            diags.error(
                at(raw.header.rows.span()),
                "header.rows must be at least 1 (the header row itself)",
            );
        }
        let units = raw.header.unit_rows_below.get_ref();
        if units.is_empty() {
            diags.error(
                at(raw.header.unit_rows_below.span()),
                "header.unit_rows_below is empty: every column's unit is read from the header (e.g. [1] for the row below the header row)",
            );
        }
        if let Some(&u) = units
            .iter()
            .find(|&&u| u == 0 || u >= *raw.header.rows.get_ref())
        {
            diags.error(
                at(raw.header.unit_rows_below.span()),
                format!(
                    "header.unit_rows_below: {u} is outside the header block (1 to {})",
                    raw.header.rows.get_ref().saturating_sub(1)
                ),
            );
        }
        let mut col_of = |s: &toml::Spanned<String>, what: &str| match column_index(s.get_ref()) {
            Some(c) => Some(c),
            None => {
                diags.error(
                    at(s.span()),
                    format!(
                        "header.{what} \"{}\" is not a column (write letters such as \"A\")",
                        s.get_ref()
                    ),
                );
                None
            }
        };
        let label_column = col_of(&raw.header.label_column, "label_column").unwrap_or(0);
        let label_en_column = raw
            .header
            .label_en_column
            .as_ref()
            .and_then(|s| col_of(s, "label_en_column"));
        // [check]
        let tolerance = *raw.check.tolerance.get_ref();
        if !(tolerance.is_finite() && tolerance >= 0.0) {
            diags.error(
                at(raw.check.tolerance.span()),
                format!("check.tolerance must be a number ≥ 0, found {tolerance}"),
            );
        }
        // [regions]
        let mut regions = Vec::new();
        for (zh, en) in &raw.regions {
            if norm(zh).is_empty() || en.get_ref().trim().is_empty() {
                diags.error(
                    at(en.span()),
                    format!(
                        "regions: \"{zh}\" = \"{}\": both names must be non-blank",
                        en.get_ref()
                    ),
                );
            }
            regions.push((zh.clone(), en.get_ref().trim().to_string()));
        }
        // [[column]]
        let mut columns = Vec::new();
        let mut col_keys: HashMap<String, u64> = HashMap::new();
        let mut headers: HashMap<String, u64> = HashMap::new();
        for sp in &raw.columns {
            let line = line_of(text, sp.span().start);
            let c = sp.get_ref();
            let key = c.key.get_ref().trim().to_string();
            let kline = at(c.key.span());
            if let Some(prev) = col_keys.insert(key.clone(), line) {
                diags.error(
                    kline.clone(),
                    format!("column key \"{key}\" is given twice (first at line {prev})"),
                );
            }
            for h in std::iter::once(c.header.get_ref()).chain(c.aliases.iter()) {
                let n = norm(h);
                if n.is_empty() {
                    diags.error(at(c.header.span()), "a column header is blank");
                } else if let Some(prev) = headers.insert(n, line) {
                    diags.error(
                        at(c.header.span()),
                        format!("column header \"{h}\" is given twice (first at line {prev})"),
                    );
                }
            }
            let kind = match (c.aggregate, c.secondary) {
                (true, true) => {
                    diags.error(
                        Some(Location::line(file, line)),
                        "a column cannot be both aggregate and secondary",
                    );
                    ColumnKind::Aggregate
                }
                (true, false) => ColumnKind::Aggregate,
                (false, true) => ColumnKind::Secondary,
                (false, false) => ColumnKind::Fuel,
            };
            if key.is_empty() {
                diags.error(kline.clone(), "a column key is blank");
            } else if kind != ColumnKind::Aggregate {
                match fuels.get(&key) {
                    None => {
                        let hint = match fuels.lookup(&key) {
                            Some(f) => {
                                format!(" (\"{key}\" is a name of the fuel with key {})", f.key)
                            }
                            None => String::new(),
                        };
                        diags.push(
                            Diagnostic::error(
                                kline.clone(),
                                format!(
                                    "column \"{}\": \"{key}\" is not a fuel key of the catalogue{hint}; mark totals with aggregate = true",
                                    c.header.get_ref()
                                ),
                            )
                            .suggest(
                                fuels
                                    .lookup(&key)
                                    .map(|f| f.key.clone())
                                    .or_else(|| nearest(&key, fuels.iter().map(|f| f.key.as_str()))),
                            ),
                        );
                    }
                    Some(f) if f.group == FuelGroup::Secondary && kind == ColumnKind::Fuel => {
                        diags.error(
                            kline.clone(),
                            format!(
                                "column \"{}\": {key} is a secondary carrier (no combustion emissions where consumed): add secondary = true",
                                c.header.get_ref()
                            ),
                        );
                    }
                    Some(f) if f.group != FuelGroup::Secondary && kind == ColumnKind::Secondary => {
                        diags.error(
                            kline.clone(),
                            format!(
                                "column \"{}\": {key} is a fuel that is burned, not a secondary carrier: remove secondary = true",
                                c.header.get_ref()
                            ),
                        );
                    }
                    Some(_) => {}
                }
            }
            columns.push(ColumnSpec {
                header: c.header.get_ref().trim().to_string(),
                aliases: c.aliases.iter().map(|a| a.trim().to_string()).collect(),
                key,
                kind,
                optional: c.optional,
                line,
            });
        }
        if columns.is_empty() {
            diags.error(
                Some(Location::line(file, 1)),
                "no [[column]]: a mapping needs at least one column",
            );
        }
        // [[row]]
        let mut rows: Vec<RowSpec> = Vec::new();
        let mut row_keys: HashMap<String, (u64, RowRole)> = HashMap::new();
        let mut single: HashMap<RowRole, u64> = HashMap::new();
        let mut pending_refs = Vec::new();
        for (i, sp) in raw.rows.iter().enumerate() {
            let line = line_of(text, sp.span().start);
            let r = sp.get_ref();
            let key = r.key.get_ref().trim().to_string();
            let role_text = r.role.get_ref().trim();
            let role = match RowRole::parse(role_text) {
                Some(role) => role,
                None => {
                    diags.push(
                        Diagnostic::error(
                            at(r.role.span()),
                            format!(
                                "unknown row role \"{role_text}\"; the roles are {}",
                                RowRole::ALL.map(RowRole::as_str).join(", ")
                            ),
                        )
                        .suggest(nearest(role_text, RowRole::ALL.map(RowRole::as_str))),
                    );
                    RowRole::Memo
                }
            };
            if key.is_empty() {
                diags.error(at(r.key.span()), "a row key is blank");
            } else if let Some((prev, _)) = row_keys.get(&key) {
                diags.error(
                    at(r.key.span()),
                    format!("row key \"{key}\" is given twice (first at line {prev})"),
                );
            } else {
                row_keys.insert(key.clone(), (line, role));
            }
            if norm_label(r.label.get_ref()).is_empty() {
                diags.error(at(r.label.span()), "a row label is blank");
            }
            if role.is_single()
                && let Some(prev) = single.insert(role, line)
            {
                diags.error(
                    Some(Location::line(file, line)),
                    format!("a table has one {role} row; another is at line {prev}"),
                );
            }
            // category
            let category = match &r.category {
                Some(c) => {
                    let text_c = c.get_ref().trim();
                    if !matches!(role, RowRole::Transformation | RowRole::Final) {
                        diags.error(
                            at(c.span()),
                            format!("row \"{key}\": a category is given only for transformation and final rows, not {role}"),
                        );
                        None
                    } else {
                        match tree.lookup(text_c) {
                            Some(cat) => Some(cat.code.clone()),
                            None => {
                                diags.push(
                                    Diagnostic::error(
                                        at(c.span()),
                                        format!(
                                            "row \"{key}\": unknown IPCC 2006 category \"{text_c}\""
                                        ),
                                    )
                                    .suggest(tree.suggest(text_c)),
                                );
                                None
                            }
                        }
                    }
                }
                None => None,
            };
            // combustion
            let combustion = match (&r.combustion, role) {
                (Some(b), RowRole::Transformation) => *b.get_ref(),
                (None, RowRole::Transformation) => {
                    diags.error(
                        Some(Location::line(file, line)),
                        format!("transformation row \"{key}\" needs combustion = true (inputs are burned: power, heat) or false (inputs are converted: washing, coking, refining, gas works)"),
                    );
                    false
                }
                (Some(b), _) => {
                    diags.error(
                        at(b.span()),
                        format!("row \"{key}\": combustion is given only for transformation rows, not {role}"),
                    );
                    false
                }
                (None, _) => false,
            };
            let needs_category =
                role == RowRole::Final || (role == RowRole::Transformation && combustion);
            if needs_category && r.category.is_none() {
                diags.error(
                    Some(Location::line(file, line)),
                    format!(
                        "row \"{key}\" ({role}{}) produces records and needs an IPCC 2006 category",
                        if combustion { ", combustion" } else { "" }
                    ),
                );
            }
            // part_of, after
            match (&r.part_of, role) {
                (None, RowRole::Part | RowRole::NonEnergyUse) => diags.error(
                    Some(Location::line(file, line)),
                    format!("{role} row \"{key}\" needs part_of = \"<key of the row it is a detail of>\""),
                ),
                (Some(p), RowRole::Part | RowRole::NonEnergyUse | RowRole::Memo) => {
                    pending_refs.push((i, "part_of", p.get_ref().trim().to_string(), at(p.span()), role));
                }
                (Some(p), _) => diags.error(
                    at(p.span()),
                    format!("row \"{key}\": part_of is given only for part, non_energy_use and memo rows, not {role}"),
                ),
                (None, _) => {}
            }
            if let Some(a) = &r.after {
                pending_refs.push((
                    i,
                    "after",
                    a.get_ref().trim().to_string(),
                    at(a.span()),
                    role,
                ));
            }
            rows.push(RowSpec {
                label: r.label.get_ref().clone(),
                exact: r.exact,
                key,
                role,
                category,
                combustion,
                part_of: r.part_of.as_ref().map(|p| p.get_ref().trim().to_string()),
                after: r.after.as_ref().map(|p| p.get_ref().trim().to_string()),
                optional: r.optional,
                line,
            });
        }
        for (i, what, target, loc, role) in pending_refs {
            let pos = rows.iter().position(|r| r.key == target);
            match pos {
                None => diags.push(
                    Diagnostic::error(
                        loc,
                        format!("{what} = \"{target}\" names no row of this mapping"),
                    )
                    .suggest(nearest(&target, rows.iter().map(|r| r.key.as_str()))),
                ),
                Some(p) if what == "after" && p >= i => diags.error(
                    loc,
                    format!("after = \"{target}\" must name a row given earlier in the file"),
                ),
                Some(p)
                    if what == "part_of"
                        && role == RowRole::NonEnergyUse
                        && rows[p].role != RowRole::Final =>
                {
                    diags.error(
                        loc,
                        format!(
                            "non-energy use is subtracted from a final row, but \"{target}\" is {}",
                            rows[p].role
                        ),
                    )
                }
                Some(p) if what == "part_of" && p == i => {
                    diags.error(loc, format!("row \"{target}\" cannot be part of itself"))
                }
                Some(_) => {}
            }
        }
        let mut ne_parent: HashMap<&str, u64> = HashMap::new();
        for r in rows.iter().filter(|r| r.role == RowRole::NonEnergyUse) {
            if let Some(p) = &r.part_of
                && let Some(prev) = ne_parent.insert(p, r.line)
            {
                diags.error(
                    Some(Location::line(file, r.line)),
                    format!("row \"{p}\" has a non_energy_use row already (line {prev})"),
                );
            }
        }
        diags.into_result()?;
        Ok(BalanceMapping {
            file: file.to_string(),
            name: raw.layout.name,
            description: raw.layout.description,
            source: raw.layout.source,
            title: TitleRule {
                search_rows: raw.title.search_rows,
                contains: raw.title.contains.into_inner(),
                region_before: raw.title.region_before.into_inner(),
                region: raw.title.region,
                year,
            },
            header: HeaderRule {
                item_label: raw.header.item_label.into_inner(),
                search_rows: raw.header.search_rows,
                rows: raw.header.rows.into_inner(),
                unit_rows_below: raw.header.unit_rows_below.into_inner(),
                label_column,
                label_en_column,
            },
            tolerance,
            regions,
            columns,
            rows,
        })
    }

    /// Reads and checks a mapping file (see [`BalanceMapping::parse`]).
    pub fn from_file(path: &std::path::Path) -> Result<BalanceMapping> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        BalanceMapping::parse(&text, &path.display().to_string())
    }

    /// The built-in mapping of the 2007 provincial tables (China Energy Statistical Yearbook 2008).
    pub fn builtin_2007() -> &'static BalanceMapping {
        static M: OnceLock<BalanceMapping> = OnceLock::new();
        M.get_or_init(|| {
            // Checked by the tests: a built-in mapping that does not parse is a packaging bug.
            BalanceMapping::parse(BUILTIN_2007_TEXT, BUILTIN_2007_FILE)
                .unwrap_or_else(|e| panic!("built-in balance mapping {BUILTIN_2007_FILE}: {e}"))
        })
    }

    /// The English region for a Chinese name as read from a title ("湖北", "湖北省").
    pub fn region_of(&self, zh: &str) -> Option<&str> {
        let n = norm(zh);
        let find = |s: &str| {
            self.regions
                .iter()
                .find(|(k, _)| norm(k) == s)
                .map(|(_, v)| v.as_str())
        };
        find(&n).or_else(|| {
            REGION_SUFFIXES
                .iter()
                .find_map(|suf| n.strip_suffix(suf).and_then(find))
        })
    }
}

const REGION_SUFFIXES: &[&str] = &[
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "特别行政区",
    "省",
    "市",
];

// ------------------------------------------------------------------------------------------------
// The balance as read
// ------------------------------------------------------------------------------------------------

/// One column of a balance as read.
#[derive(Clone, Debug, Serialize)]
pub struct BalanceColumn {
    /// The fuel key (for aggregates: the mapping's name).
    pub key: String,
    /// Fuel, aggregate or secondary.
    pub kind: ColumnKind,
    /// The header text as printed.
    pub header: String,
    /// The unit as printed, without its brackets ("万吨"); empty when no unit was found.
    pub unit_text: String,
    /// The unit, parsed; `None` when it could not be read (an error was reported).
    #[serde(skip)]
    pub unit: Option<Unit>,
    /// The header cell.
    pub location: Location,
    /// The cell the unit was read from.
    pub unit_location: Option<Location>,
}

/// One row of a balance as read.
#[derive(Clone, Debug, Serialize)]
pub struct BalanceRow {
    /// The row key of the mapping.
    pub key: String,
    /// The role.
    pub role: RowRole,
    /// IPCC 2006 category code, if the mapping gives one.
    pub category: Option<String>,
    /// For transformation rows: inputs are combustion.
    pub combustion: bool,
    /// The row this one is a detail of.
    pub part_of: Option<String>,
    /// The Chinese label as printed (trimmed).
    pub label_zh: String,
    /// The English label as printed (whitespace collapsed); empty if none.
    pub label_en: String,
    /// One value per column of [`EnergyBalance::columns`]; `None` for an empty cell (which the yearbook
    /// means as zero) or a "no data" marker.
    pub values: Vec<Option<f64>>,
    /// The cell of each value.
    pub locations: Vec<Location>,
    /// The label cell.
    pub location: Location,
}

impl BalanceRow {
    /// The label in both languages: "火力发电 Thermal Power".
    pub fn label(&self) -> String {
        if self.label_en.is_empty() {
            self.label_zh.clone()
        } else {
            format!("{} {}", self.label_zh, self.label_en)
        }
    }

    fn v(&self, j: usize) -> f64 {
        self.values.get(j).copied().flatten().unwrap_or(0.0)
    }
}

/// A balance table as read: columns, rows and every value with its cell.
#[derive(Clone, Debug, Serialize)]
pub struct EnergyBalance {
    /// The region (English name from the mapping's region table, or the title text if unknown).
    pub region: String,
    /// The region as the title wrote it.
    pub region_zh: String,
    /// The data year.
    pub year: i32,
    /// The title cell's text.
    pub title: String,
    /// The columns that were recognised, in sheet order.
    pub columns: Vec<BalanceColumn>,
    /// The rows that were recognised, in sheet order.
    pub rows: Vec<BalanceRow>,
    /// Where the table is (file › sheet).
    pub location: Location,
    /// The title cell.
    pub title_location: Location,
    /// The mapping's tolerance for sums.
    pub tolerance: f64,
}

impl EnergyBalance {
    /// The row with this key.
    pub fn row(&self, key: &str) -> Option<&BalanceRow> {
        self.rows.iter().find(|r| r.key == key)
    }

    /// The index of the column with this key.
    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// The value of a cell by row and column key (`None` if empty or not found).
    pub fn value(&self, row: &str, column: &str) -> Option<f64> {
        let j = self.column_index(column)?;
        self.row(row)?.values[j]
    }
}

// ------------------------------------------------------------------------------------------------
// Reading
// ------------------------------------------------------------------------------------------------

/// Header text for matching: whitespace removed, full-width brackets and # made ASCII.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '＃' => '#',
            '－' => '-',
            '＋' => '+',
            c => c,
        })
        .collect()
}

/// A row label for matching: [`norm`], then a leading "一." / "1." / "(1)" numbering removed.
fn norm_label(s: &str) -> String {
    let n = norm(s);
    let chars: Vec<char> = n.chars().collect();
    let is_num = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let mut i = 0;
    while i < chars.len() && is_num(chars[i]) {
        i += 1;
    }
    if i > 0 && i < chars.len() && matches!(chars[i], '.' | '．' | '、') {
        return chars[i + 1..].iter().collect();
    }
    n
}

fn label_matches(spec: &RowSpec, text: &str) -> bool {
    if spec.exact {
        spec.label.trim() == text.trim()
    } else {
        let n = norm_label(text);
        !n.is_empty() && n == norm_label(&spec.label)
    }
}

/// The unit text without its outer brackets: "(万吨)" → "万吨".
fn strip_brackets(s: &str) -> String {
    let t = s.trim();
    let pairs = [('(', ')'), ('（', '）'), ('[', ']')];
    for (o, c) in pairs {
        if let Some(inner) = t.strip_prefix(o).and_then(|x| x.strip_suffix(c)) {
            return inner.trim().to_string();
        }
    }
    t.to_string()
}

/// A number for messages: up to 6 decimals, trailing zeros dropped.
fn num(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// The number of decimals needed to write `x` exactly (at most 10).
fn decimals(x: f64) -> i32 {
    for d in 0..=10 {
        let p = 10f64.powi(d);
        if ((x * p).round() / p - x).abs() <= f64::EPSILON * x.abs().max(1.0) {
            return d;
        }
    }
    10
}

fn round_to(x: f64, d: i32) -> f64 {
    let p = 10f64.powi(d);
    (x * p).round() / p
}

fn same_unit(a: &Unit, b: &Unit) -> bool {
    a.dimension == b.dimension
        && a.substance == b.substance
        && (a.scale - b.scale).abs() <= 1e-9 * a.scale.abs().max(b.scale.abs())
}

fn cell_name(loc: &Location) -> String {
    loc.cell
        .as_ref()
        .map(|c| c.to_string())
        .unwrap_or_else(|| match (loc.line, loc.column) {
            (Some(l), Some(c)) => format!("line {l} column {c}"),
            (Some(l), None) => format!("line {l}"),
            _ => loc.to_string(),
        })
}

/// Reads a balance table. `None` when no cell of the first `title.search_rows` rows holds the title texts
/// (the sheet is not a balance table; nothing is reported). Otherwise every problem goes into `diags`:
/// errors for a missing header, column or row, a column without a unit, text where a number should be;
/// warnings for unknown columns or rows with data, "no data" markers, and sums that do not add up.
pub fn read_balance(
    table: &Table,
    mapping: &BalanceMapping,
    diags: &mut Diagnostics,
) -> Option<EnergyBalance> {
    let abs_row = |r: usize| table.first_row as usize + r;
    // Title.
    let want: Vec<String> = mapping
        .title
        .contains
        .iter()
        .map(|s| norm(s))
        .filter(|s| !s.is_empty())
        .collect();
    let (title_r, title_c, title) = table
        .rows
        .iter()
        .enumerate()
        .take_while(|(r, _)| abs_row(*r) < mapping.title.search_rows)
        .find_map(|(r, row)| {
            row.iter().enumerate().find_map(|(c, cell)| match cell {
                Cell::Text(t) => {
                    let n = norm(t);
                    (!want.is_empty() && want.iter().all(|w| n.contains(w.as_str())))
                        .then(|| (r, c, t.trim().to_string()))
                }
                _ => None,
            })
        })?;
    let title_location = table.location(title_r, title_c);
    let title_n = norm(&title);

    // Region.
    let mut region_zh = String::new();
    let region = if let Some(r) = &mapping.title.region {
        r.clone()
    } else if let Some(pos) = title_n.find(&norm(&mapping.title.region_before)) {
        region_zh = title_n[..pos]
            .trim_start_matches(|c: char| {
                c.is_ascii_digit() || "-.－—–_‐表".contains(c) || c.is_whitespace()
            })
            .to_string();
        match mapping.region_of(&region_zh) {
            Some(en) => en.to_string(),
            None => {
                diags.push(
                    Diagnostic::error(
                        Some(title_location.clone()),
                        format!(
                            "the title names the region \"{region_zh}\", which is not in the regions table of {}; add it there (\"{region_zh}\" = \"<English name>\")",
                            mapping.file
                        ),
                    )
                    .suggest(nearest(&region_zh, mapping.regions.iter().map(|(k, _)| k.as_str()))),
                );
                region_zh.clone()
            }
        }
    } else {
        diags.error(
            Some(title_location.clone()),
            format!(
                "cannot read the region from the title \"{title}\": \"{}\" (title.region_before) is not in it; set title.region in {}",
                mapping.title.region_before, mapping.file
            ),
        );
        String::new()
    };
    if region_zh.is_empty() {
        region_zh = region.clone();
    }

    // Year: the last four-digit number in the title.
    let year = mapping.title.year.unwrap_or_else(|| {
        let mut found = None;
        let chars: Vec<char> = title_n.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii_digit() {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                if i - start == 4 {
                    let y: i32 = chars[start..i].iter().collect::<String>().parse().unwrap_or(0);
                    if (1949..=2100).contains(&y) {
                        found = Some(y);
                    }
                }
            } else {
                i += 1;
            }
        }
        found.unwrap_or_else(|| {
            diags.error(
                Some(title_location.clone()),
                format!(
                    "cannot read the year from the title \"{title}\" (no four-digit year in it); set title.year in {}",
                    mapping.file
                ),
            );
            0
        })
    });

    let mut balance = EnergyBalance {
        region,
        region_zh,
        year,
        title: title.clone(),
        columns: Vec::new(),
        rows: Vec::new(),
        location: table.whole(),
        title_location: title_location.clone(),
        tolerance: mapping.tolerance,
    };

    // Header row.
    let h = &mapping.header;
    let rel_col = |c: usize| c.checked_sub(table.first_col as usize);
    let label_col = rel_col(h.label_column);
    let label_en_col = h.label_en_column.and_then(rel_col);
    let item = norm(&h.item_label);
    let header_row = label_col.and_then(|lc| {
        (0..table.rows.len())
            .take_while(|&r| abs_row(r) < h.search_rows)
            .find(|&r| matches!(table.get(r, lc), Cell::Text(t) if norm(t) == item))
    });
    let (Some(header_row), Some(label_col)) = (header_row, label_col) else {
        diags.error(
            Some(title_location),
            format!(
                "\"{title}\" looks like an energy balance table, but no header row was found: no cell of column {} in the first {} rows reads \"{}\" (header.item_label in {})",
                crate::error::a1(0, h.label_column as u32).trim_end_matches('1'),
                h.search_rows,
                h.item_label,
                mapping.file
            ),
        );
        return Some(balance);
    };

    // Columns.
    let fuels = FuelCatalogue::builtin();
    let width = table.rows[header_row].len();
    let mut col_index: Vec<usize> = Vec::new(); // table column of each balance column
    let mut found_spec: HashMap<usize, usize> = HashMap::new(); // spec → balance column
    for c in 0..width {
        if c == label_col || Some(c) == label_en_col {
            continue;
        }
        let cell = table.get(header_row, c);
        if cell.is_blank() {
            continue;
        }
        let text = cell.as_text();
        let n = norm(&text);
        let spec_i = mapping
            .columns
            .iter()
            .position(|s| norm(&s.header) == n || s.aliases.iter().any(|a| norm(a) == n));
        let Some(si) = spec_i else {
            diags.push(
                Diagnostic::warning(
                    Some(table.location(header_row, c)),
                    format!(
                        "column \"{text}\" is not in the mapping {}: its values are not read (add a [[column]] for it)",
                        mapping.file
                    ),
                )
                .suggest(nearest(&text, mapping.columns.iter().map(|s| s.header.as_str()))),
            );
            continue;
        };
        if let Some(&prev) = found_spec.get(&si) {
            diags.error(
                Some(table.location(header_row, c)),
                format!(
                    "column \"{text}\" appears twice: {} and {}; only the first is read",
                    cell_name(&balance.columns[prev].location),
                    cell_name(&table.location(header_row, c))
                ),
            );
            continue;
        }
        let spec = &mapping.columns[si];
        let (unit_text, unit, unit_location) =
            column_unit(table, mapping, header_row, c, spec, diags);
        if let (Some(u), ColumnKind::Fuel) = (&unit, spec.kind) {
            if !matches!(
                u.dimension,
                Dimension::Mass | Dimension::Volume | Dimension::Energy
            ) {
                diags.error(
                    unit_location.clone(),
                    format!(
                        "column \"{text}\": \"{unit_text}\" is a unit of {}; a fuel is measured in mass, volume or energy",
                        u.dimension
                    ),
                );
            } else if let Some(d) = fuels
                .get(&spec.key)
                .and_then(|f| parse_unit(&f.default_unit).ok())
                .map(|d| d.dimension)
                .filter(|&d| d != u.dimension)
            {
                diags.warning(
                    unit_location.clone(),
                    format!(
                        "column \"{text}\": {} is usually counted by {d}, but this column's unit \"{unit_text}\" is a {}; check the header",
                        spec.key, u.dimension
                    ),
                );
            }
        }
        found_spec.insert(si, balance.columns.len());
        col_index.push(c);
        balance.columns.push(BalanceColumn {
            key: spec.key.clone(),
            kind: spec.kind,
            header: text,
            unit_text,
            unit,
            location: table.location(header_row, c),
            unit_location,
        });
    }
    for (si, spec) in mapping.columns.iter().enumerate() {
        if !spec.optional && !found_spec.contains_key(&si) {
            diags.error(
                Some(table.location(header_row, label_col)),
                format!(
                    "expected column \"{}\" ({}) is not in the header row {} (mapping {}:{})",
                    spec.header,
                    spec.key,
                    abs_row(header_row) + 1,
                    mapping.file,
                    spec.line
                ),
            );
        }
    }

    // Rows: match the labels.
    let data_start = header_row + h.rows;
    let label_text = |r: usize| match table.get(r, label_col) {
        Cell::Text(t) => t.trim().to_string(),
        c => c.as_text(),
    };
    let mut row_of_spec: Vec<Option<usize>> = vec![None; mapping.rows.len()];
    let mut spec_of_row: HashMap<usize, usize> = HashMap::new();
    for (si, spec) in mapping.rows.iter().enumerate() {
        let from = match &spec.after {
            Some(a) => mapping
                .rows
                .iter()
                .position(|s| &s.key == a)
                .and_then(|ai| row_of_spec[ai])
                .map(|r| r + 1)
                .unwrap_or(data_start),
            None => data_start,
        };
        let hits: Vec<usize> = (from.max(data_start)..table.rows.len())
            .filter(|&r| label_matches(spec, &label_text(r)))
            .collect();
        let Some(&r) = hits.first() else {
            if !spec.optional {
                diags.error(
                    Some(table.location(data_start.min(table.rows.len().saturating_sub(1)), label_col)),
                    format!(
                        "expected row \"{}\" ({}) is not in column {} below the header (mapping {}:{})",
                        spec.label,
                        spec.key,
                        crate::error::a1(0, h.label_column as u32).trim_end_matches('1'),
                        mapping.file,
                        spec.line
                    ),
                );
            }
            continue;
        };
        if spec.after.is_none() && hits.len() > 1 {
            diags.error(
                Some(table.location(hits[1], label_col)),
                format!(
                    "row label \"{}\" appears more than once ({}); the first is read — say which with after = \"<key of a row above>\" in {}:{}",
                    spec.label,
                    hits.iter()
                        .map(|&r| cell_name(&table.location(r, label_col)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    mapping.file,
                    spec.line
                ),
            );
        }
        if let Some(&other) = spec_of_row.get(&r) {
            diags.error(
                Some(table.location(r, label_col)),
                format!(
                    "row \"{}\" matches two rows of the mapping, {} and {} ({}:{})",
                    label_text(r),
                    mapping.rows[other].key,
                    spec.key,
                    mapping.file,
                    spec.line
                ),
            );
            continue;
        }
        spec_of_row.insert(r, si);
        row_of_spec[si] = Some(r);
    }

    // Rows: read the values, in sheet order.
    for r in data_start..table.rows.len() {
        let Some(&si) = spec_of_row.get(&r) else {
            // An unmapped row: a warning only if it holds values in the mapped columns.
            let has_values = col_index.iter().any(|&c| !table.get(r, c).is_blank());
            if has_values {
                let text = label_text(r);
                let msg = if text.is_empty() {
                    "a row without a label holds values; it is not read".to_string()
                } else {
                    format!(
                        "row \"{text}\" is not in the mapping {}: its values are not read (add a [[row]] for it)",
                        mapping.file
                    )
                };
                diags.push(
                    Diagnostic::warning(Some(table.location(r, label_col)), msg).suggest(nearest(
                        &norm_label(&text),
                        mapping.rows.iter().map(|s| s.label.as_str()),
                    )),
                );
            }
            continue;
        };
        let spec = &mapping.rows[si];
        let mut values = Vec::with_capacity(col_index.len());
        let mut locations = Vec::with_capacity(col_index.len());
        for (j, &c) in col_index.iter().enumerate() {
            let loc = table.location(r, c);
            let cell = table.get(r, c);
            let v = match cell {
                Cell::Number(n) if n.is_finite() => Some(*n),
                Cell::Empty => None,
                Cell::Text(t) if t.trim().is_empty() => None,
                Cell::Text(t) => {
                    let t = t.trim();
                    if super::tidy::MISSING_MARKERS.contains(&t) {
                        diags.warning(
                            Some(loc.clone()),
                            format!(
                                "\"{t}\" (no data) in {} × {}: read as missing, not as zero",
                                spec.key, balance.columns[j].header
                            ),
                        );
                        None
                    } else {
                        match super::tidy::number(cell) {
                            Ok(v) => v,
                            Err(m) => {
                                diags.error(
                                    Some(loc.clone()),
                                    format!(
                                        "{m} ({} × {}): a balance cell holds a number or nothing",
                                        label_text(r),
                                        balance.columns[j].header
                                    ),
                                );
                                None
                            }
                        }
                    }
                }
                other => {
                    let m = super::tidy::number(other).err().unwrap_or_default();
                    diags.error(
                        Some(loc.clone()),
                        format!(
                            "{m} ({} × {}): a balance cell holds a number or nothing",
                            label_text(r),
                            balance.columns[j].header
                        ),
                    );
                    None
                }
            };
            values.push(v);
            locations.push(loc);
        }
        let label_en = label_en_col
            .map(|c| {
                table
                    .get(r, c)
                    .as_text()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        balance.rows.push(BalanceRow {
            key: spec.key.clone(),
            role: spec.role,
            category: spec.category.clone(),
            combustion: spec.combustion,
            part_of: spec.part_of.clone(),
            label_zh: label_text(r),
            label_en,
            values,
            locations,
            location: table.location(r, label_col),
        });
    }

    check_balance(&balance, diags);
    Some(balance)
}

/// The unit of a column from the header's unit rows: the first non-blank unit row, cross-checked with the
/// others. When they disagree, the fuel's usual dimension decides (with a warning); otherwise an error.
fn column_unit(
    table: &Table,
    mapping: &BalanceMapping,
    header_row: usize,
    c: usize,
    spec: &ColumnSpec,
    diags: &mut Diagnostics,
) -> (String, Option<Unit>, Option<Location>) {
    let header = table.get(header_row, c).as_text();
    // (location, text without brackets, parsed)
    let mut cands: Vec<(Location, String, Option<Unit>)> = Vec::new();
    let mut first_blank: Option<Location> = None;
    for (k, &off) in mapping.header.unit_rows_below.iter().enumerate() {
        let r = header_row + off;
        let loc = table.location(r, c);
        let cell = table.get(r, c);
        if cell.is_blank() {
            if k == 0 {
                first_blank = Some(loc);
            }
            continue;
        }
        let text = strip_brackets(&cell.as_text());
        match parse_unit(&text) {
            Ok(u) => cands.push((loc, text, Some(u))),
            Err(e) => {
                if cands.is_empty() {
                    diags.error(
                        Some(loc.clone()),
                        format!("column \"{header}\": cannot read the unit \"{text}\": {e}"),
                    );
                } else {
                    diags.warning(
                        Some(loc.clone()),
                        format!(
                            "column \"{header}\": cannot read the unit \"{text}\" ({e}); not used to cross-check {}",
                            cell_name(&cands[0].0)
                        ),
                    );
                }
                cands.push((loc, text, None));
            }
        }
    }
    let Some(first) = cands.first().cloned() else {
        let cells = mapping
            .header
            .unit_rows_below
            .iter()
            .map(|&o| cell_name(&table.location(header_row + o, c)))
            .collect::<Vec<_>>()
            .join(", ");
        diags.error(
            Some(table.location(header_row, c)),
            format!(
                "column \"{header}\" has no unit: {cells} are empty (header.unit_rows_below in {})",
                mapping.file
            ),
        );
        return (String::new(), None, None);
    };
    if let Some(blank) = &first_blank {
        diags.warning(
            Some(blank.clone()),
            format!(
                "column \"{header}\": no unit in {} (the first unit row); the unit \"{}\" of {} is used",
                cell_name(blank),
                first.1,
                cell_name(&first.0)
            ),
        );
    }
    let parsed: Vec<&(Location, String, Option<Unit>)> =
        cands.iter().filter(|c| c.2.is_some()).collect();
    let Some(chosen) = parsed.first() else {
        return (first.1, None, Some(first.0));
    };
    let base = chosen.2.as_ref().expect("filtered");
    let disagree: Vec<_> = parsed[1..]
        .iter()
        .filter(|c| !same_unit(base, c.2.as_ref().expect("filtered")))
        .collect();
    if disagree.is_empty() {
        return (chosen.1.clone(), chosen.2.clone(), Some(chosen.0.clone()));
    }
    let describe = |c: &(Location, String, Option<Unit>)| {
        format!(
            "{} \"{}\" ({})",
            cell_name(&c.0),
            c.1,
            c.2.as_ref().map(|u| u.dimension.name()).unwrap_or("?")
        )
    };
    let all = parsed
        .iter()
        .map(|c| describe(c))
        .collect::<Vec<_>>()
        .join(" vs ");
    let usual = (spec.kind != ColumnKind::Aggregate)
        .then(|| FuelCatalogue::builtin().get(&spec.key))
        .flatten()
        .and_then(|f| parse_unit(&f.default_unit).ok())
        .map(|u| u.dimension);
    if let Some(d) = usual {
        let fit: Vec<_> = parsed
            .iter()
            .filter(|c| c.2.as_ref().is_some_and(|u| u.dimension == d))
            .collect();
        if let Some(pick) = fit.first()
            && fit.iter().all(|c| {
                same_unit(
                    pick.2.as_ref().expect("filtered"),
                    c.2.as_ref().expect("filtered"),
                )
            })
        {
            diags.warning(
                Some(pick.0.clone()),
                format!(
                    "column \"{header}\": the unit rows disagree ({all}); {} is counted by {d}, so \"{}\" of {} is used",
                    spec.key,
                    pick.1,
                    cell_name(&pick.0)
                ),
            );
            return (pick.1.clone(), pick.2.clone(), Some(pick.0.clone()));
        }
    }
    diags.error(
        Some(chosen.0.clone()),
        format!("column \"{header}\": the unit rows disagree ({all}); correct the header"),
    );
    (chosen.1.clone(), None, Some(chosen.0.clone()))
}

/// The table's own sums, one warning per column and check that is off by more than the tolerance.
fn check_balance(b: &EnergyBalance, diags: &mut Diagnostics) {
    let tol = b.tolerance;
    let of_role = |role: RowRole| b.rows.iter().filter(move |r| r.role == role);
    let one = |role: RowRole| of_role(role).next();
    let range = |parts: &[&BalanceRow], j: usize| -> String {
        match parts {
            [] => "no rows".into(),
            [p] => cell_name(&p.locations[j]),
            [a, b] => format!(
                "{} + {}",
                cell_name(&a.locations[j]),
                cell_name(&b.locations[j])
            ),
            [a, .., z] => format!(
                "{} … {}",
                cell_name(&a.locations[j]),
                cell_name(&z.locations[j])
            ),
        }
    };
    let mut sum_check = |total: &BalanceRow, parts: Vec<&BalanceRow>, what: &str| {
        if parts.is_empty() {
            return;
        }
        for (j, col) in b.columns.iter().enumerate() {
            let t = total.v(j);
            let s: f64 = parts.iter().map(|p| p.v(j)).sum();
            let d = t - s;
            if d.abs() > tol {
                diags.warning(
                    Some(total.locations[j].clone()),
                    format!(
                        "{}: {} {} = {} but {what} {} add up to {}: the total is {} by {} {}",
                        col.header,
                        total.label_zh,
                        cell_name(&total.locations[j]),
                        num(t),
                        range(&parts, j),
                        num(s),
                        if d > 0.0 { "larger" } else { "smaller" },
                        num(d.abs()),
                        col.unit_text
                    ),
                );
            }
        }
    };
    if let Some(t) = one(RowRole::SupplyTotal) {
        sum_check(t, of_role(RowRole::Supply).collect(), "the supply items");
    }
    if let Some(t) = one(RowRole::TransformationTotal) {
        sum_check(
            t,
            of_role(RowRole::Transformation).collect(),
            "the transformation rows",
        );
    }
    if let Some(t) = one(RowRole::FinalTotal) {
        sum_check(
            t,
            of_role(RowRole::Final).collect(),
            "the final consumption sectors",
        );
    }
    for parent in &b.rows {
        let parts: Vec<&BalanceRow> = of_role(RowRole::Part)
            .filter(|p| p.part_of.as_deref() == Some(parent.key.as_str()))
            .collect();
        sum_check(parent, parts, "its parts");
    }
    // The balance identity: supply + transformation − loss − final − statistical difference = 0.
    let (Some(sup), Some(fin)) = (one(RowRole::SupplyTotal), one(RowRole::FinalTotal)) else {
        return;
    };
    let tr = one(RowRole::TransformationTotal);
    let loss = one(RowRole::Loss);
    let sd = one(RowRole::StatisticalDifference);
    let cons = one(RowRole::ConsumptionTotal);
    for (j, col) in b.columns.iter().enumerate() {
        let v = |r: Option<&BalanceRow>| r.map(|r| r.v(j)).unwrap_or(0.0);
        let d = sup.v(j) + v(tr) - v(loss) - fin.v(j) - v(sd);
        if d.abs() > tol {
            let cells: Vec<String> = [
                Some(("", sup)),
                tr.map(|r| (" + ", r)),
                loss.map(|r| (" − ", r)),
                Some((" − ", fin)),
                sd.map(|r| (" − ", r)),
            ]
            .into_iter()
            .flatten()
            .map(|(op, r)| format!("{op}{}", cell_name(&r.locations[j])))
            .collect();
            let at = sd.unwrap_or(fin);
            diags.warning(
                Some(at.locations[j].clone()),
                format!(
                    "{}: the balance does not close: supply + transformation − loss − final consumption − statistical difference = {} = {} {} (should be 0)",
                    col.header,
                    cells.concat(),
                    num(d),
                    col.unit_text
                ),
            );
        }
        // Sum of consumption = final consumption + loss + transformation inputs (fuel columns only:
        // an aggregate column nets inputs and outputs of different coals within one row).
        if let Some(c) = cons
            && col.kind != ColumnKind::Aggregate
        {
            let inputs: f64 = of_role(RowRole::Transformation)
                .map(|r| -r.v(j).min(0.0))
                .sum();
            let expect = fin.v(j) + v(loss) + inputs;
            let d = c.v(j) - expect;
            if d.abs() > tol {
                diags.warning(
                    Some(c.locations[j].clone()),
                    format!(
                        "{}: {} {} = {} but final consumption {} + loss + transformation inputs = {}: the total is {} by {} {}",
                        col.header,
                        c.label_zh,
                        cell_name(&c.locations[j]),
                        num(c.v(j)),
                        cell_name(&fin.locations[j]),
                        num(expect),
                        if d > 0.0 { "larger" } else { "smaller" },
                        num(d.abs()),
                        col.unit_text
                    ),
                );
            }
        }
    }
}

/// Reads a table with the first mapping whose title rule recognises it and returns its combustion records;
/// `None` when no mapping recognises the table. This is what [`crate::ingest::read_tables`] does with the
/// built-in mapping; pass user mappings (e.g. from [`BalanceMapping::from_file`]) first to prefer them.
pub fn read_with(
    table: &Table,
    mappings: &[&BalanceMapping],
    diags: &mut Diagnostics,
) -> Option<Vec<ActivityRecord>> {
    read_balance_with(table, mappings, diags).map(|b| combustion_records(&b, diags))
}

/// Reads a table with the first mapping whose title rule recognises it; `None` when none does.
pub fn read_balance_with(
    table: &Table,
    mappings: &[&BalanceMapping],
    diags: &mut Diagnostics,
) -> Option<EnergyBalance> {
    mappings.iter().find_map(|m| read_balance(table, m, diags))
}

/// The fuel-combustion activity of a balance: one record per (combustion row, fuel column) with a non-zero
/// value.
///
/// - transformation rows with `combustion = true` (power, heat plants): the inputs (negative cells) as
///   positive amounts; outputs (positive cells) are skipped, with a warning for a fuel output;
/// - final consumption sectors as printed; a sector with a non-energy-use row has it subtracted (the
///   record names the sector's cell and says the subtraction in its note); a result below zero by more
///   than the tolerance is an error naming both cells;
/// - aggregate and secondary columns never produce records.
pub fn combustion_records(b: &EnergyBalance, diags: &mut Diagnostics) -> Vec<ActivityRecord> {
    let mut out = Vec::new();
    for row in &b.rows {
        let producing = match row.role {
            RowRole::Transformation => row.combustion,
            RowRole::Final => true,
            _ => false,
        };
        let Some(category) = row.category.as_ref().filter(|_| producing) else {
            continue;
        };
        let ne = (row.role == RowRole::Final)
            .then(|| {
                b.rows.iter().find(|r| {
                    r.role == RowRole::NonEnergyUse && r.part_of.as_deref() == Some(&row.key)
                })
            })
            .flatten();
        for (j, col) in b.columns.iter().enumerate() {
            if col.kind != ColumnKind::Fuel {
                continue;
            }
            let Some(v) = row.values[j] else { continue };
            let loc = &row.locations[j];
            let (value, note, source) = if row.role == RowRole::Transformation {
                if v > 0.0 {
                    diags.warning(
                        Some(loc.clone()),
                        format!(
                            "{}: {} {} {} is positive (an output), but power and heat plants burn fuels; not counted as combustion",
                            row.label_zh,
                            col.header,
                            num(v),
                            col.unit_text
                        ),
                    );
                    continue;
                }
                (
                    -v,
                    format!("{} (input, sign reversed)", row.label()),
                    loc.to_string(),
                )
            } else {
                match ne.and_then(|n| n.values[j].filter(|x| *x != 0.0).map(|x| (n, x))) {
                    Some((n, x)) => {
                        let net = round_to(v - x, decimals(v).max(decimals(x)));
                        let nloc = &n.locations[j];
                        if net < -b.tolerance {
                            // A real inconsistency of the published table (Shaanxi 2007 coke-oven gas): the
                            // data cannot be fixed here, so it is flagged and the sector's combustion of this
                            // fuel is taken as zero (all of it non-energy use), never negative.
                            diags.warning(
                                Some(loc.clone()),
                                format!(
                                    "{}: {} {} = {} minus {} {} = {} is negative ({}): non-energy use exceeds the sector's consumption; the sector's combustion of this fuel is taken as zero — correct one of the two cells if that is wrong",
                                    col.header,
                                    row.label_zh,
                                    cell_name(loc),
                                    num(v),
                                    n.label_zh,
                                    cell_name(nloc),
                                    num(x),
                                    num(net)
                                ),
                            );
                            continue;
                        }
                        if net <= 0.0 {
                            if net < 0.0 {
                                diags.warning(
                                    Some(loc.clone()),
                                    format!(
                                        "{}: {} {} = {} minus {} {} = {} is {} below zero, within rounding: read as zero, no record",
                                        col.header,
                                        row.label_zh,
                                        cell_name(loc),
                                        num(v),
                                        n.label_zh,
                                        cell_name(nloc),
                                        num(x),
                                        num(-net)
                                    ),
                                );
                            }
                            continue;
                        }
                        (
                            net,
                            format!(
                                "{} minus {} ({} − {}, non-energy use subtracted)",
                                row.label(),
                                n.label(),
                                num(v),
                                num(x)
                            ),
                            format!("{loc} − {}", cell_name(nloc)),
                        )
                    }
                    None => {
                        if v < 0.0 {
                            diags.error(
                                Some(loc.clone()),
                                format!(
                                    "{}: final consumption {} {} is negative",
                                    col.header,
                                    row.label_zh,
                                    num(v)
                                ),
                            );
                            continue;
                        }
                        (v, row.label(), loc.to_string())
                    }
                }
            };
            if value == 0.0 {
                continue;
            }
            let Some(unit) = col.unit.clone() else {
                continue; // the column's unit was reported as an error
            };
            out.push(ActivityRecord {
                region: b.region.as_str().into(),
                year: b.year,
                category: category.as_str().into(),
                activity: col.key.as_str().into(),
                value,
                unit_text: col.unit_text.as_str().into(),
                unit,
                source: Some(source),
                note: Some(note),
                uncertainty_pct: None,
                location: loc.clone(),
                attributes: Vec::new(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_mapping_parses() {
        let m = BalanceMapping::builtin_2007();
        assert_eq!(m.columns.len(), 22);
        assert_eq!(m.regions.len(), 31);
        assert_eq!(m.region_of("湖北"), Some("Hubei"));
        assert_eq!(m.region_of("内蒙古自治区"), Some("Inner Mongolia"));
        assert_eq!(m.region_of("广西壮族自治区"), Some("Guangxi"));
        assert_eq!(m.region_of("北京市"), Some("Beijing"));
        assert_eq!(m.header.unit_rows_below, vec![1, 5]);
        assert_eq!(
            m.columns
                .iter()
                .filter(|c| c.kind == ColumnKind::Aggregate)
                .count(),
            2
        );
    }

    #[test]
    fn labels_normalise() {
        assert_eq!(
            norm_label("一.可供本地区消费的能源量"),
            "可供本地区消费的能源量"
        );
        assert_eq!(norm_label("  1.一次能源生产量"), "一次能源生产量");
        assert_eq!(norm_label("  9.库存增(-)、减(+)量"), "库存增(-)、减(+)量");
        assert_eq!(norm_label("    #用作原料、材料"), "#用作原料、材料");
        assert_eq!(norm_label("项        目"), "项目");
        assert_eq!(norm_label("     城镇"), "城镇");
        assert_eq!(norm_label("十一、其他"), "其他");
        assert_eq!(norm_label("2007"), "2007");
        assert_eq!(column_index("A"), Some(0));
        assert_eq!(column_index("b"), Some(1));
        assert_eq!(column_index("AA"), Some(26));
        assert_eq!(column_index("A1"), None);
        assert_eq!(decimals(3479.81), 2);
        assert_eq!(decimals(33.486306), 6);
        assert_eq!(round_to(4428.0 - 12.8, 2), 4415.2);
        assert_eq!(num(239.40000000001), "239.4");
        assert_eq!(num(-0.0000001), "0");
    }

    const TEST_MAPPING: &str = r##"
[layout]
name = "test"

[title]
search_rows = 2
contains = ["能源平衡表", "实物量"]
region_before = "能源平衡表"

[header]
item_label = "项目"
rows = 2
unit_rows_below = [1]
label_column = "A"
label_en_column = "B"

[regions]
"湖北" = "Hubei"
"湖南" = "Hunan"

[[column]]
header = "煤合计"
key = "coal_total"
aggregate = true

[[column]]
header = "原煤"
key = "raw_coal"

[[column]]
header = "天然气"
key = "natural_gas"

[[column]]
header = "电力"
key = "electricity"
secondary = true

[[row]]
label = "可供本地区消费的能源量"
key = "supply_total"
role = "supply_total"

[[row]]
label = "一次能源生产量"
key = "production"
role = "supply"

[[row]]
label = "外省(区、市)调入量"
key = "inflow"
role = "supply"

[[row]]
label = "加工转换投入(-)产出(+)量"
key = "transformation_total"
role = "transformation_total"

[[row]]
label = "火力发电"
key = "thermal_power"
role = "transformation"
combustion = true
category = "1.A.1.a.i"

[[row]]
label = "炼焦"
key = "coking"
role = "transformation"
combustion = false
category = "1.A.1.c.i"

[[row]]
label = "损失量"
key = "loss"
role = "loss"

[[row]]
label = "终端消费量"
key = "final_total"
role = "final_total"

[[row]]
label = "工业"
key = "industry"
role = "final"
category = "1.A.2"

[[row]]
label = "#用作原料、材料"
key = "non_energy_use"
role = "non_energy_use"
part_of = "industry"

[[row]]
label = "生活消费"
key = "residential"
role = "final"
category = "1.A.4.b"

[[row]]
label = "城镇"
key = "urban"
role = "part"
part_of = "residential"

[[row]]
label = "乡村"
key = "rural"
role = "part"
part_of = "residential"

[[row]]
label = "平衡差额"
key = "statistical_difference"
role = "statistical_difference"

[[row]]
label = "消费量合计"
key = "consumption_total"
role = "consumption_total"
"##;

    fn mapping() -> BalanceMapping {
        BalanceMapping::parse(TEST_MAPPING, "test.toml").expect("test mapping")
    }

    /// A consistent balance: every sum and the identity hold in every column.
    const GOOD: &[&[&str]] = &[
        &["6-17  湖北能源平衡表(实物量)-2007"],
        &["项        目", "Item", "煤合计", "原煤", "天然气", "电力"],
        &["", "", "(万吨)", "(万吨)", "(亿立方米)", "(亿千瓦时)"],
        &[
            "一.可供本地区消费的能源量",
            "Total Primary Energy Supply",
            "100",
            "100",
            "10",
            "50",
        ],
        &[
            "  1.一次能源生产量",
            "Indigenous Production",
            "60",
            "60",
            "4",
            "",
        ],
        &["  3.外省(区、市)调入量", "Moving In", "40", "40", "6", "50"],
        &[
            "二.加工转换投入(-)产出(+)量",
            "Transformation",
            "-50",
            "-50",
            "-1",
            "30",
        ],
        &["  1.火力发电", "Thermal Power", "-40", "-40", "-1", "30"],
        &["  4.炼焦", "Coking", "-10", "-10", "", ""],
        &["三.损失量", "Loss", "", "", "", "5"],
        &[
            "四.终端消费量",
            "Total Final Consumption",
            "50",
            "50",
            "9",
            "75",
        ],
        &["  2.工业", "Industry", "45", "45", "5", "60"],
        &["    #用作原料、材料", "Non-Energy Use", "5", "5", "2", ""],
        &["  6.生活消费", "Residential", "5", "5", "4", "15"],
        &["     城镇", "Urban", "2", "2", "3", "10"],
        &["     乡村", "Rural", "3", "3", "1", "5"],
        &["五.平衡差额", "Statistical Difference", "", "", "", ""],
        &[
            "六.消费量合计",
            "Sum of Consumption",
            "100",
            "100",
            "10",
            "80",
        ],
    ];

    fn cell(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else if let Ok(v) = s.parse::<f64>() {
            Cell::Number(v)
        } else {
            Cell::Text(s.into())
        }
    }

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            file: "t.xls".into(),
            sheet: Some("Sheet1".into()),
            first_row: 0,
            first_col: 0,
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| cell(s)).collect())
                .collect(),
            merged: Vec::new(),
        }
    }

    /// GOOD with one cell replaced (row and column 0-based, as in the sheet).
    fn doctored(row: usize, col: usize, to: &str) -> Table {
        let mut t = table(GOOD);
        let r = &mut t.rows[row];
        if r.len() <= col {
            r.resize(col + 1, Cell::Empty);
        }
        r[col] = cell(to);
        t
    }

    fn read(t: &Table) -> (EnergyBalance, Vec<ActivityRecord>, Diagnostics) {
        let mut d = Diagnostics::new();
        let b = read_balance(t, &mapping(), &mut d).expect("a balance table");
        let recs = combustion_records(&b, &mut d);
        (b, recs, d)
    }

    fn messages(d: &Diagnostics) -> Vec<String> {
        d.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn consistent_table_reads_without_diagnostics() {
        let (b, recs, d) = read(&table(GOOD));
        assert!(d.is_empty(), "{d}");
        assert_eq!(
            (b.region.as_str(), b.region_zh.as_str(), b.year),
            ("Hubei", "湖北", 2007)
        );
        assert_eq!(b.columns.len(), 4);
        assert_eq!(b.columns[1].unit_text, "万吨");
        assert_eq!(b.columns[2].unit_text, "亿立方米");
        assert_eq!(b.rows.len(), 15);
        assert_eq!(b.value("industry", "raw_coal"), Some(45.0));
        assert_eq!(b.value("loss", "raw_coal"), None, "empty stays None");
        assert_eq!(b.row("thermal_power").unwrap().label_en, "Thermal Power");
        assert_eq!(
            b.row("industry").unwrap().locations[1].to_string(),
            "t.xls › Sheet1 › D12"
        );
        let got: Vec<(String, String, f64)> = recs
            .iter()
            .map(|r| (r.category.to_string(), r.activity.to_string(), r.value))
            .collect();
        let want = [
            ("1.A.1.a.i", "raw_coal", 40.0),
            ("1.A.1.a.i", "natural_gas", 1.0),
            ("1.A.2", "raw_coal", 40.0),
            ("1.A.2", "natural_gas", 3.0),
            ("1.A.4.b", "raw_coal", 5.0),
            ("1.A.4.b", "natural_gas", 4.0),
        ]
        .map(|(c, a, v)| (c.to_string(), a.to_string(), v));
        assert_eq!(got, want);
        // Industry minus non-energy use: located at the industry cell, both cells in the source.
        let ind = &recs[2];
        assert_eq!(ind.location.to_string(), "t.xls › Sheet1 › D12");
        assert_eq!(ind.source.as_deref(), Some("t.xls › Sheet1 › D12 − D13"));
        assert!(
            ind.note
                .as_deref()
                .unwrap()
                .contains("minus #用作原料、材料"),
            "{:?}",
            ind.note
        );
        assert_eq!(recs[0].source.as_deref(), Some("t.xls › Sheet1 › D8"));
        assert_eq!(recs[4].note.as_deref(), Some("6.生活消费 Residential"));
        assert!(recs.iter().all(|r| r.region == "Hubei" && r.year == 2007));
        assert!(
            recs.iter()
                .all(|r| r.activity != "coal_total" && r.activity != "electricity")
        );
    }

    #[test]
    fn sums_that_do_not_add_up_are_warnings_with_the_difference() {
        // Industry raw coal 47 instead of 45: the final sectors exceed their total by 2.
        let (_, _, d) = read(&doctored(11, 3, "47"));
        assert_eq!(d.error_count(), 0, "{d}");
        let m = messages(&d);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("t.xls › Sheet1 › D11"), "{}", m[0]);
        assert!(m[0].contains("D12 + D14"), "{}", m[0]);
        assert!(m[0].contains("smaller by 2 万吨"), "{}", m[0]);
        // Urban natural gas 3.5: urban + rural ≠ residential, by 0.5 亿立方米.
        let (_, _, d) = read(&doctored(14, 4, "3.5"));
        let m = messages(&d);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].contains("E14") && m[0].contains("E15 + E16"),
            "{}",
            m[0]
        );
        assert!(m[0].contains("smaller by 0.5 亿立方米"), "{}", m[0]);
        // Within the tolerance: no warning.
        let (_, _, d) = read(&doctored(11, 3, "45.01"));
        assert!(d.is_empty(), "{d}");
    }

    #[test]
    fn supply_total_and_identity_and_consumption_checks() {
        // Supply total 101 for raw coal: supply items (1 larger), identity (off by 1), consumption total
        // untouched.
        let (_, _, d) = read(&doctored(3, 3, "101"));
        let m = messages(&d);
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m[0].contains("supply items D5 + D6") && m[0].contains("larger by 1 万吨"));
        assert!(
            m[1].contains("does not close") && m[1].contains("D4 + D7 − D10 − D11 − D17 = 1 万吨")
        );
        // A statistical difference that closes the balance again.
        let mut t = doctored(3, 3, "101");
        t.rows[16][3] = Cell::Number(1.0);
        let (_, _, d) = read(&t);
        assert_eq!(messages(&d).len(), 1, "{d}");
        // Transformation sub-rows and the consumption total.
        let (_, _, d) = read(&doctored(8, 3, "-12"));
        let m = messages(&d);
        assert!(
            m.iter().any(|x| x.contains("transformation rows D8 + D9")),
            "{m:?}"
        );
        assert!(m.iter().any(|x| x.contains("六.消费量合计 D18")), "{m:?}");
    }

    #[test]
    fn a_text_cell_is_an_error_and_a_marker_a_warning() {
        let (b, recs, d) = read(&doctored(11, 4, "5 亿"));
        assert_eq!(d.error_count(), 1, "{d}");
        let e = d.errors().next().unwrap().to_string();
        assert!(e.contains("t.xls › Sheet1 › E12"), "{e}");
        assert!(e.contains("\"5 亿\" is not a number"), "{e}");
        assert_eq!(b.value("industry", "natural_gas"), None);
        assert!(
            !recs
                .iter()
                .any(|r| r.category == "1.A.2" && r.activity == "natural_gas")
        );
        // "—" is "no data": a warning, None, not zero.
        let (b, _, d) = read(&doctored(4, 5, "—"));
        assert_eq!(d.error_count(), 0, "{d}");
        assert!(messages(&d)[0].contains("F5") && messages(&d)[0].contains("no data"));
        assert_eq!(b.value("production", "electricity"), None);
        // Blank text is an empty cell.
        let (b, _, d) = read(&doctored(4, 5, "  "));
        assert!(d.is_empty(), "{d}");
        assert_eq!(b.value("production", "electricity"), None);
    }

    #[test]
    fn a_missing_column_is_an_error_and_an_unknown_one_a_warning() {
        let mut t = table(GOOD);
        t.rows[1][4] = Cell::Text("天然 气体".into());
        let (b, recs, d) = read(&t);
        assert_eq!(d.error_count(), 1, "{d}");
        let m = messages(&d);
        assert!(
            m.iter().any(|x| x.starts_with(
                "warning: t.xls › Sheet1 › E2: column \"天然 气体\" is not in the mapping"
            )),
            "{m:?}"
        );
        assert!(
            m.iter().any(|x| x.starts_with(
                "error: t.xls › Sheet1 › A2: expected column \"天然气\" (natural_gas)"
            )),
            "{m:?}"
        );
        assert_eq!(b.columns.len(), 3);
        assert!(!recs.iter().any(|r| r.activity == "natural_gas"));
        // An extra column (a later yearbook's 生物质) is a warning only.
        let mut t = table(GOOD);
        t.rows[1].push(Cell::Text("生物质".into()));
        t.rows[2].push(Cell::Text("(万吨)".into()));
        t.rows[11].push(Cell::Number(3.0));
        let (b, _, d) = read(&t);
        assert_eq!((d.error_count(), d.warning_count()), (0, 1), "{d}");
        assert!(messages(&d)[0].contains("G2: column \"生物质\""));
        assert_eq!(b.columns.len(), 4);
    }

    #[test]
    fn a_missing_unit_is_an_error() {
        let (b, recs, d) = read(&doctored(2, 4, ""));
        assert_eq!(d.error_count(), 1, "{d}");
        assert!(
            messages(&d)[0].contains("column \"天然气\" has no unit: E3 are empty"),
            "{d}"
        );
        assert!(b.columns[2].unit.is_none());
        assert!(!recs.iter().any(|r| r.activity == "natural_gas"));
        let (_, _, d) = read(&doctored(2, 4, "(furlongs)"));
        assert_eq!(d.error_count(), 1, "{d}");
    }

    #[test]
    fn negative_industry_minus_non_energy_use_is_flagged_and_taken_as_zero() {
        // Non-energy use 50 of raw coal, industry 45.
        let (_, recs, d) = read(&doctored(12, 3, "50"));
        assert_eq!((d.error_count(), d.warning_count()), (0, 1), "{d}");
        let e = d.iter().next().unwrap().to_string();
        assert!(e.contains("D12 = 45") && e.contains("D13 = 50"), "{e}");
        assert!(e.contains("negative (-5)"), "{e}");
        assert!(
            !recs
                .iter()
                .any(|r| r.category == "1.A.2" && r.activity == "raw_coal")
        );
        // Within the tolerance: a warning, no record.
        let (_, recs, d) = read(&doctored(12, 3, "45.01"));
        assert_eq!((d.error_count(), d.warning_count()), (0, 1), "{d}");
        assert!(
            !recs
                .iter()
                .any(|r| r.category == "1.A.2" && r.activity == "raw_coal")
        );
    }

    #[test]
    fn not_a_balance_table_is_none_without_diagnostics() {
        let mut d = Diagnostics::new();
        let t = table(&[&["year", "region"], &["2007", "Hubei"]]);
        assert!(read_balance(&t, &mapping(), &mut d).is_none());
        assert!(d.is_empty());
        // A title but no header: an error.
        let t = table(&[&["湖北能源平衡表(实物量)-2007"], &["x"]]);
        assert!(read_balance(&t, &mapping(), &mut d).is_some());
        assert_eq!(d.error_count(), 1, "{d}");
        assert!(messages(&d)[0].contains("no header row"), "{d}");
    }

    #[test]
    fn region_and_year_from_the_title() {
        let (b, _, d) = read(&doctored(0, 0, "表6-18 湖南省能源平衡表(实物量)(2010年)"));
        assert!(d.is_empty(), "{d}");
        assert_eq!((b.region.as_str(), b.year), ("Hunan", 2010));
        let (_, _, d) = read(&doctored(0, 0, "6-17  湖东能源平衡表(实物量)-2007"));
        assert_eq!(d.error_count(), 1, "{d}");
        assert!(
            messages(&d)[0].contains("\"湖东\", which is not in the regions table"),
            "{d}"
        );
        let (_, _, d) = read(&doctored(0, 0, "湖北能源平衡表(实物量)"));
        assert!(messages(&d)[0].contains("cannot read the year"), "{d}");
    }

    #[test]
    fn positive_fuel_in_a_combustion_row_is_skipped_with_a_warning() {
        let mut t = doctored(7, 4, "0.01");
        t.rows[6][4] = Cell::Number(0.01);
        t.rows[3][4] = Cell::Number(10.0);
        t.rows[10][4] = Cell::Number(10.01);
        t.rows[11][4] = Cell::Number(6.01);
        t.rows[17][4] = Cell::Number(10.01);
        let (_, recs, d) = read(&t);
        assert_eq!(d.error_count(), 0, "{d}");
        assert!(
            messages(&d)
                .iter()
                .any(|m| m.contains("E8") && m.contains("positive (an output)")),
            "{d}"
        );
        assert!(
            !recs
                .iter()
                .any(|r| r.category == "1.A.1.a.i" && r.activity == "natural_gas")
        );
    }

    #[test]
    fn unit_rows_cross_checked() {
        let text = TEST_MAPPING.replace(
            "rows = 2\nunit_rows_below = [1]",
            "rows = 3\nunit_rows_below = [1, 2]",
        );
        let m = BalanceMapping::parse(&text, "t.toml").unwrap();
        let mut rows: Vec<Vec<Cell>> = table(GOOD).rows;
        let en = ["", "", "(104 tn)", "(104 tn)", "(108 cu.m)", "(108 kW•h)"];
        rows.insert(3, en.iter().map(|s| cell(s)).collect());
        let mk = |rows: &Vec<Vec<Cell>>| Table {
            file: "t.xls".into(),
            sheet: Some("Sheet1".into()),
            first_row: 0,
            first_col: 0,
            rows: rows.clone(),
            merged: Vec::new(),
        };
        let mut d = Diagnostics::new();
        let b = read_balance(&mk(&rows), &m, &mut d).unwrap();
        assert!(d.is_empty(), "{d}");
        assert_eq!(b.columns[2].unit_text, "亿立方米");
        // The Chinese unit row says 万吨 for natural gas (as two 2007 tables do for the gases): the fuel's
        // usual dimension picks the English row, with a warning.
        rows[2][4] = cell("(万吨)");
        let mut d = Diagnostics::new();
        let b = read_balance(&mk(&rows), &m, &mut d).unwrap();
        assert_eq!(d.error_count(), 0, "{d}");
        assert!(messages(&d)[0].contains("the unit rows disagree"), "{d}");
        assert_eq!(b.columns[2].unit_text, "108 cu.m");
        assert_eq!(b.columns[2].unit.as_ref().unwrap().scale, 1e8);
        // Empty Chinese unit: the English one, with a warning.
        rows[2][4] = Cell::Empty;
        let mut d = Diagnostics::new();
        let b = read_balance(&mk(&rows), &m, &mut d).unwrap();
        assert_eq!((d.error_count(), d.warning_count()), (0, 1), "{d}");
        assert_eq!(b.columns[2].unit_text, "108 cu.m");
        // An aggregate whose unit rows disagree: nothing decides, an error.
        rows[2][2] = cell("(亿立方米)");
        let mut d = Diagnostics::new();
        read_balance(&mk(&rows), &m, &mut d).unwrap();
        assert!(
            d.errors()
                .any(|e| e.message.contains("煤合计") && e.message.contains("disagree")),
            "{d}"
        );
    }

    #[test]
    fn mapping_errors_are_all_reported_with_lines() {
        let text = TEST_MAPPING
            .replace("key = \"natural_gas\"", "key = \"natral_gas\"")
            .replace("category = \"1.A.2\"", "category = \"1.A.9\"")
            .replace("role = \"loss\"", "role = \"losses\"")
            .replace("part_of = \"residential\"", "part_of = \"residental\"")
            .replace("combustion = false\n", "")
            .replace(
                "key = \"electricity\"\nsecondary = true",
                "key = \"electricity\"",
            );
        let err = BalanceMapping::parse(&text, "bad.toml").unwrap_err();
        let Error::Input(d) = err else {
            panic!("{err}")
        };
        let m = messages(&d);
        let line = |needle: &str| {
            text.lines()
                .position(|l| l.contains(needle))
                .map(|i| i + 1)
                .unwrap()
        };
        let has = |needle: &str, at: String| {
            assert!(
                m.iter().any(|x| x.contains(needle) && x.contains(&at)),
                "{needle} at {at}: {m:?}"
            )
        };
        has("not a fuel key", format!("bad.toml:{}", line("natral_gas")));
        has(
            "unknown IPCC 2006 category \"1.A.9\"",
            format!("bad.toml:{}", line("1.A.9")),
        );
        has(
            "unknown row role \"losses\"",
            format!("bad.toml:{}", line("losses")),
        );
        has(
            "part_of = \"residental\" names no row",
            format!("bad.toml:{}", line("residental")),
        );
        has("needs combustion = true", "bad.toml:".into());
        has(
            "secondary carrier",
            format!("bad.toml:{}", line("key = \"electricity\"")),
        );
        assert!(d.error_count() >= 7, "{m:?}"); // residental twice
        // A syntax error: one error with its line.
        let err = BalanceMapping::parse("[layout]\nname = \"x\"\n[title\n", "s.toml").unwrap_err();
        assert!(err.to_string().contains("s.toml:3"), "{err}");
    }
}
