//! The tidy activity layout: one observation per row, columns `year, region, category, activity, value,
//! unit` (Chinese headers 年份, 地区, 类别, 活动, 数值, 单位 also accepted), optional `source`, `note`,
//! `uncertainty_pct`. The header row may sit below title rows.

use super::table::{Cell, Table};
use crate::activity::ActivityRecord;
use crate::categories::CategoryTree;
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::fuels::{Fuel, FuelCatalogue};
use crate::shared::Shared;
use crate::units::{Dimension, Unit, parse_unit};
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

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
    /// 生长期天数 (optional; rice: cultivation period, days; IPCC 2006 Vol. 4 Ch. 5 Eq. 5.1 `t`).
    SeasonDays,
    /// 季前水分状况 (optional; rice: pre-season water regime, Vol. 4 Ch. 5 Table 5.13).
    PreSeason,
    /// 有机物料 (optional; rice: organic amendments, `kind:t/ha` pairs, Vol. 4 Ch. 5 Eq. 5.3, Table 5.14).
    OrganicAmendment,
    /// 粪便管理方式 (optional; manure management: `system:fraction` pairs, IPCC 2006 Vol. 4 Ch. 10
    /// Eq. 10.25, Table 10.21).
    ManureSystem,
    /// 污泥去除量 (optional; wastewater: organics removed as sludge, in the record's unit, Vol. 5 Ch. 6
    /// Eq. 6.1 `S`).
    SludgeRemoved,
}

/// The optional model columns and the attribute name each is kept under
/// ([`crate::activity::ActivityRecord::attribute`]).
pub const ATTRIBUTE_COLUMNS: &[(Column, &str)] = &[
    (Column::SeasonDays, "season_days"),
    (Column::PreSeason, "pre_season"),
    (Column::OrganicAmendment, "organic_amendment"),
    (Column::ManureSystem, "manure_system"),
    (Column::SludgeRemoved, "sludge_removed"),
];

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
    (
        Column::SeasonDays,
        &[
            "season_days",
            "season days",
            "生长期天数",
            "生长期",
            "生长天数",
        ],
    ),
    (
        Column::PreSeason,
        &["pre_season", "pre-season", "季前水分状况", "季前水分"],
    ),
    (
        Column::OrganicAmendment,
        &[
            "organic_amendment",
            "organic amendment",
            "有机物料",
            "有机肥",
        ],
    ),
    (
        Column::ManureSystem,
        &[
            "manure_system",
            "manure system",
            "manure_systems",
            "粪便管理方式",
            "粪便管理系统",
        ],
    ),
    (
        Column::SludgeRemoved,
        &["sludge_removed", "sludge removed", "污泥去除量", "污泥去除"],
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

/// The layout of an activity sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Layout {
    /// One observation per row: `year` and `value` columns.
    Tidy,
    /// Years as columns: each (year, column index) pair holds that year's values.
    Wide(Vec<(i32, usize)>),
}

/// A year written as a column header: `2019`, `2019.0`, `"2019"`, `"2019年"`.
fn header_year(cell: &Cell) -> Option<i32> {
    let y = match cell {
        Cell::Number(n) if n.fract() == 0.0 => *n,
        Cell::Text(t) => t.trim().trim_end_matches('年').trim().parse::<f64>().ok()?,
        _ => return None,
    };
    (y.fract() == 0.0 && (1900.0..=2200.0).contains(&y)).then_some(y as i32)
}

/// A header row found: its index, the column index of each recognised column, and the layout.
pub type Header = (usize, Vec<(Column, usize)>, Layout);

/// The header row of a table: its index, the column index of each recognised column, and the layout.
pub fn find_header(table: &Table) -> Option<Header> {
    for (r, row) in table.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let cols: Vec<(Column, usize)> = row
            .iter()
            .enumerate()
            .filter_map(|(c, cell)| match cell {
                Cell::Text(t) => column_of(t).map(|col| (col, c)),
                _ => None,
            })
            .collect();
        let has = |q: Column| cols.iter().any(|(c, _)| *c == q);
        let required = REQUIRED.iter().filter(|q| has(**q)).count();
        let years: Vec<(i32, usize)> = row
            .iter()
            .enumerate()
            .filter_map(|(c, cell)| header_year(cell).map(|y| (y, c)))
            .collect();
        // Wide: the four key columns, no year/value column, at least one year header.
        let wide_keys = [
            Column::Region,
            Column::Category,
            Column::Activity,
            Column::Unit,
        ];
        if !has(Column::Year)
            && !has(Column::Value)
            && !years.is_empty()
            && wide_keys.iter().all(|q| has(*q))
        {
            return Some((r, cols, Layout::Wide(years)));
        }
        if required >= 4 {
            return Some((r, cols, Layout::Tidy));
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

/// Reads the activity rows of a table in the tidy or the wide layout. Returns `None` when the table has no
/// activity header (so that the caller can try other layouts or skip the sheet); every problem of the rows
/// goes into `diags`.
pub fn read(table: &Table, diags: &mut Diagnostics) -> Option<Vec<ActivityRecord>> {
    let (header_row, cols, layout) = find_header(table)?;
    let col = |c: Column| cols.iter().find(|(k, _)| *k == c).map(|(_, i)| *i);
    let needed: &[Column] = match layout {
        Layout::Tidy => &REQUIRED,
        Layout::Wide(_) => &[
            Column::Region,
            Column::Category,
            Column::Activity,
            Column::Unit,
        ],
    };
    // Merged header cells hold their text in the top-left cell only: the other columns look unnamed.
    for ((r0, c0), (r1, c1)) in table.merged_in_row(header_row) {
        diags.warning(
            Some(table.location(header_row, (*c0 - table.first_col.min(*c0)) as usize)),
            format!(
                "merged header cells {}:{}: only the first column has the name; unmerge them and name each column",
                crate::error::a1(*r0, *c0),
                crate::error::a1(*r1, *c1)
            ),
        );
    }
    let missing: Vec<&str> = needed
        .iter()
        .filter(|q| col(**q).is_none())
        .map(|q| {
            HEADERS
                .iter()
                .find(|(c, _)| c == q)
                .map(|(_, n)| n[0])
                .unwrap_or("?")
        })
        .collect();
    if !missing.is_empty() {
        diags.error(
            Some(table.location(header_row, 0)),
            format!(
                "the header row lacks the column(s) {}; a tidy sheet needs year, region, category, activity, value, unit (or 年份, 地区, 类别, 活动, 数值, 单位); a wide sheet region, category, activity, unit and one column per year",
                missing.join(", ")
            ),
        );
        return Some(Vec::new());
    }
    let cols = prepare(table, header_row, &cols, &layout, diags);
    let mut out = Vec::new();
    let mut cache = Lookups::default();
    for r in header_row + 1..table.rows.len() {
        if table.rows[r].iter().all(Cell::is_blank) {
            continue;
        }
        match &layout {
            Layout::Tidy => {
                let at = TableRow { table, r };
                let (cy, cv) = (
                    col(Column::Year).unwrap_or(0),
                    col(Column::Value).unwrap_or(0),
                );
                if let Some(rec) = tidy_row(&at, &cols, (cy, cv), diags, &mut cache) {
                    out.push(rec);
                }
            }
            Layout::Wide(years) => {
                let mut first = true;
                for &(year, cv) in years {
                    if table.get(r, cv).is_blank() {
                        continue;
                    }
                    let at = TableRow { table, r };
                    if let Some(rec) =
                        read_row(&at, &cols, (Some(year), cv), first, diags, &mut cache)
                    {
                        out.push(rec);
                    }
                    first = false;
                }
            }
        }
    }
    Some(out)
}

/// The cells of one row, wherever they come from (a [`Table`] or the streaming reader): the cell in a
/// column and its location. Columns are those of the header found by [`find_header`].
pub(crate) trait RowCells {
    /// The cell in column `col`, or Empty.
    fn cell(&self, col: usize) -> &Cell;
    /// Where the cell in column `col` is.
    fn location(&self, col: usize) -> Location;
    /// True when every cell of the row is blank (the row is skipped).
    fn is_blank(&self) -> bool;
    /// A number standing for the text of the cell in column `col` in every row of the sheet, if it has
    /// one (the streaming reader gives a shared string's index): the text is then looked up once.
    fn text_id(&self, _col: usize) -> Option<u32> {
        None
    }
}

/// Row `r` of a table.
struct TableRow<'t> {
    table: &'t Table,
    r: usize,
}

impl RowCells for TableRow<'_> {
    fn cell(&self, col: usize) -> &Cell {
        self.table.get(self.r, col)
    }
    fn location(&self, col: usize) -> Location {
        self.table.location(self.r, col)
    }
    fn is_blank(&self) -> bool {
        self.table.rows[self.r].iter().all(Cell::is_blank)
    }
}

/// One row of the tidy layout: its year (column `cy`) and the rest ([`read_row`], value in column `cv`).
fn tidy_row(
    at: &impl RowCells,
    cols: &Cols,
    (cy, cv): (usize, usize),
    diags: &mut Diagnostics,
    cache: &mut Lookups,
) -> Option<ActivityRecord> {
    let year = match number(at.cell(cy)) {
        Ok(Some(y)) if y.fract() == 0.0 && (1900.0..=2200.0).contains(&y) => Some(y as i32),
        Ok(Some(y)) => {
            diags.error(
                Some(at.location(cy)),
                format!("year {y} is not a whole year between 1900 and 2200"),
            );
            None
        }
        Ok(None) => {
            diags.error(Some(at.location(cy)), "the year is empty");
            None
        }
        Err(m) => {
            diags.error(Some(at.location(cy)), format!("year: {m}"));
            None
        }
    };
    read_row(at, cols, (year, cv), true, diags, cache)
}

/// The tidy reader fed one row at a time (by the streaming .xlsx reader, `xlsx_stream`): the same checks,
/// messages and records as [`read`], without a [`Table`] of the whole sheet.
pub(crate) struct TidyStream {
    cols: Cols,
    year: usize,
    value: usize,
    cache: Lookups,
}

impl TidyStream {
    /// The reader of a sheet whose first rows are `head` (a table of at least the first
    /// [`HEADER_SEARCH_ROWS`] rows, or all of them): with the header row's index in `head`. `None` when
    /// [`read`] would do more than read rows — no header, the wide layout, a required column missing,
    /// merged cells — so that the caller reads the sheet whole instead. The header's warnings go into
    /// `diags` as [`read`] gives them.
    pub(crate) fn start(head: &Table, diags: &mut Diagnostics) -> Option<(TidyStream, usize)> {
        let (header_row, cols, layout) = find_header(head)?;
        let col = |c: Column| cols.iter().find(|(k, _)| *k == c).map(|(_, i)| *i);
        if layout != Layout::Tidy
            || !head.merged.is_empty()
            || REQUIRED.iter().any(|q| col(*q).is_none())
        {
            return None;
        }
        let (year, value) = (col(Column::Year)?, col(Column::Value)?);
        let cols = prepare(head, header_row, &cols, &layout, diags);
        Some((
            TidyStream {
                cols,
                year,
                value,
                cache: Lookups::default(),
            },
            header_row,
        ))
    }

    /// The column of the values (0-based, from column A): every record's location is in it.
    pub(crate) fn value_column(&self) -> usize {
        self.value
    }

    /// The record of a row below the header (`None` for a blank row or a row with problems, which go into
    /// `diags`).
    pub(crate) fn row(
        &mut self,
        at: &impl RowCells,
        diags: &mut Diagnostics,
    ) -> Option<ActivityRecord> {
        if at.is_blank() {
            return None;
        }
        tidy_row(
            at,
            &self.cols,
            (self.year, self.value),
            diags,
            &mut self.cache,
        )
    }
}

/// The header's unknown cells reported (a warning each, so that a typo in an optional column is seen) and
/// the column indices of the rows: the part of [`read`] shared with the streaming reader
/// ([`TidyStream`]).
fn prepare(
    table: &Table,
    header_row: usize,
    cols: &[(Column, usize)],
    layout: &Layout,
    diags: &mut Diagnostics,
) -> Cols {
    let col = |c: Column| cols.iter().find(|(k, _)| *k == c).map(|(_, i)| *i);
    // Unknown header cells: a warning, so that a typo in an optional column is seen.
    let year_cols: Vec<usize> = match &layout {
        Layout::Wide(y) => y.iter().map(|(_, c)| *c).collect(),
        Layout::Tidy => Vec::new(),
    };
    for (c, cell) in table.rows[header_row].iter().enumerate() {
        if year_cols.contains(&c)
            || cell.is_blank()
            || matches!(cell, Cell::Text(t) if column_of(t).is_some())
        {
            continue;
        }
        let t = cell.as_text();
        let names = HEADERS.iter().flat_map(|(_, n)| n.iter().copied());
        diags.push(
            Diagnostic::warning(
                Some(table.location(header_row, c)),
                format!("column \"{t}\" is not one ghgkit reads; it is ignored"),
            )
            .suggest(crate::error::nearest(&t, names)),
        );
    }
    Cols {
        region: col(Column::Region).unwrap_or(0),
        category: col(Column::Category).unwrap_or(0),
        activity: col(Column::Activity).unwrap_or(0),
        unit: col(Column::Unit).unwrap_or(0),
        source: col(Column::Source),
        note: col(Column::Note),
        uncertainty: col(Column::UncertaintyPct),
        attributes: ATTRIBUTE_COLUMNS
            .iter()
            .filter_map(|(c, name)| col(*c).map(|i| (*name, i)))
            .collect(),
    }
}

/// Lookups already made in this sheet: a million rows name a few dozen regions, categories, fuels and
/// units. Each result holds the records' shared copy of the name ([`crate::shared::Interner`]).
#[derive(Default)]
struct Lookups {
    /// Region → its shared copy.
    regions: Memo<Shared>,
    /// Category → its code's shared copy, or `None` (unknown).
    categories: Memo<Option<Shared>>,
    /// Activity → the fuel and its key's shared copy, or `None` (unknown).
    fuels: Memo<Option<(&'static Fuel, Shared)>>,
    /// Unit → the unit (or the message why not) and the text's shared copy.
    units: Memo<(Result<Unit, String>, Shared)>,
    /// The records' names (region, category, fuel, unit), one shared copy each.
    names: crate::shared::Interner,
}

/// The results of one kind of lookup, by the text looked up and by the cells' text ids
/// ([`RowCells::text_id`]).
struct Memo<T> {
    results: Vec<T>,
    by_text: HashMap<String, usize>,
    /// Text id → index in `results`.
    by_id: Vec<Option<usize>>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            results: Vec::new(),
            by_text: HashMap::default(),
            by_id: Vec::new(),
        }
    }
}

impl<T> Memo<T> {
    /// The result for the text of a cell (`text`, made only when the id does not tell), made by `make`
    /// on the text's first sight.
    fn get<'c>(
        &mut self,
        id: Option<u32>,
        text: impl FnOnce() -> Cow<'c, str>,
        make: impl FnOnce(&str) -> T,
    ) -> &T {
        let id = id.map(|i| i as usize);
        if let Some(i) = id.and_then(|id| *self.by_id.get(id)?) {
            return &self.results[i];
        }
        let text = text();
        let i = match self.by_text.get(&*text) {
            Some(&i) => i,
            None => {
                self.results.push(make(&text));
                self.by_text
                    .insert(text.into_owned(), self.results.len() - 1);
                self.results.len() - 1
            }
        };
        if let Some(id) = id {
            if self.by_id.len() <= id {
                self.by_id.resize(id + 1, None);
            }
            self.by_id[id] = Some(i);
        }
        &self.results[i]
    }
}

/// Column indices shared by both layouts.
struct Cols {
    region: usize,
    category: usize,
    activity: usize,
    unit: usize,
    source: Option<usize>,
    note: Option<usize>,
    uncertainty: Option<usize>,
    /// The optional model columns present: (attribute name, column index).
    attributes: Vec<(&'static str, usize)>,
}

/// One observation: the row's key fields and the value in column `cv`. In a wide row the key fields are
/// checked for every year column but reported only when `report_keys` (the row's first value).
fn read_row(
    table: &impl RowCells,
    c: &Cols,
    (year, cv): (Option<i32>, usize),
    report_keys: bool,
    diags: &mut Diagnostics,
    cache: &mut Lookups,
) -> Option<ActivityRecord> {
    let fuels = FuelCatalogue::builtin();
    let tree = CategoryTree::ipcc2006();
    let at = |c: usize| Some(table.location(c));
    let mut row_diags = Diagnostics::new();
    let text = |x: usize| move || table.cell(x).text();
    let names = &mut cache.names;
    let region = cache
        .regions
        .get(table.text_id(c.region), text(c.region), |t| names.get(t))
        .clone();
    if region.is_empty() {
        row_diags.error(at(c.region), "the region is empty");
    }
    let category = cache
        .categories
        .get(table.text_id(c.category), text(c.category), |t| {
            tree.lookup(t).map(|x| names.get(&x.code))
        })
        .clone();
    if category.is_none() {
        let cat_text = text(c.category)();
        row_diags.push(
            Diagnostic::error(
                at(c.category),
                format!("unknown IPCC 2006 category \"{cat_text}\" (write a code such as 1.A.1.a)"),
            )
            .suggest(tree.suggest(&cat_text)),
        );
    }
    let fuel = cache
        .fuels
        .get(table.text_id(c.activity), text(c.activity), |t| {
            fuels.lookup(t).map(|f| (f, names.get(&f.key)))
        })
        .clone();
    if fuel.is_none() {
        let act_text = text(c.activity)();
        row_diags.push(
            Diagnostic::error(
                at(c.activity),
                format!("unknown fuel or activity \"{act_text}\""),
            )
            .suggest(fuels.suggest(&act_text)),
        );
    }
    let (unit, unit_text) = cache.units.get(table.text_id(c.unit), text(c.unit), |t| {
        (parse_unit(t).map_err(|e| e.to_string()), names.get(t))
    });
    let unit_text = unit_text.clone();
    let unit = match unit {
        Ok(u) => Some(u.clone()),
        Err(e) => {
            row_diags.error(at(c.unit), e.clone());
            None
        }
    };
    let (fuel, activity) = fuel.unzip();
    if let (Some(u), Some(f)) = (&unit, fuel) {
        // Activities outside fuel combustion may also be counted in head (livestock) or area (ha).
        let non_energy = f.group == crate::fuels::FuelGroup::NonEnergy;
        let fits = match u.dimension {
            Dimension::Mass | Dimension::Volume | Dimension::Energy => true,
            Dimension::Count | Dimension::Area => non_energy,
            _ => false,
        };
        if !fits {
            let kinds = if non_energy {
                "mass, volume, energy, head or area"
            } else {
                "mass, volume or energy"
            };
            row_diags.error(
                at(c.unit),
                format!(
                    "\"{unit_text}\" is a unit of {}; {} is measured in {kinds} (e.g. {})",
                    u.dimension, f.key, f.default_unit
                ),
            );
        }
    }
    let uncertainty_pct = match c.uncertainty.map(|x| (x, number(table.cell(x)))) {
        Some((_, Ok(Some(p)))) if p >= 0.0 => Some(p),
        Some((x, Ok(Some(p)))) => {
            row_diags.error(at(x), format!("uncertainty_pct must be ≥ 0, found {p}"));
            None
        }
        Some((x, Err(m))) => {
            row_diags.error(at(x), format!("uncertainty_pct: {m}"));
            None
        }
        _ => None,
    };
    // Key-field problems are the row's, not the year's: report them once per row.
    let key_errors = row_diags.has_errors();
    if report_keys {
        diags.extend(row_diags);
    }
    // Net imports of electricity (activity electricity, category 1.A) are negative for a net exporter: the
    // one kind of row that may be (see inventory::electricity).
    let signed = fuel.is_some_and(|f| f.key == crate::inventory::electricity::ELECTRICITY)
        && category.as_deref() == Some(crate::inventory::electricity::NET_IMPORT_CATEGORY);
    let value = match number(table.cell(cv)) {
        Ok(Some(v)) if v < 0.0 && !signed => {
            diags.error(
                at(cv),
                format!("activity cannot be negative, found {v} (write inputs to transformation as positive amounts; only net imports of electricity, category 1.A, may be negative)"),
            );
            None
        }
        Ok(Some(v)) => Some(v),
        Ok(None) => {
            diags.warning(
                at(cv),
                format!(
                    "no value (\"{}\"): read as missing, not as zero",
                    table.cell(cv).as_text()
                ),
            );
            return None;
        }
        Err(m) => {
            diags.error(at(cv), format!("value: {m}"));
            None
        }
    };
    if key_errors {
        return None;
    }
    let text_of = |x: Option<usize>| x.map(|x| table.cell(x).as_text()).filter(|s| !s.is_empty());
    Some(ActivityRecord {
        region,
        year: year?,
        category: category?,
        activity: activity?,
        value: value?,
        unit_text,
        unit: unit?,
        source: text_of(c.source),
        note: text_of(c.note),
        uncertainty_pct,
        location: table.location(cv),
        attributes: c
            .attributes
            .iter()
            .filter(|(_, x)| !table.cell(*x).is_blank())
            .map(|(name, x)| crate::activity::Attribute {
                name,
                text: table.cell(*x).as_text().trim().to_string(),
                location: table.location(*x),
            })
            .collect(),
    })
}

/// A record's model columns as one text (`name=value;…`), the part of its duplicate key besides region,
/// year, category and activity: the stream ([`super::xlsx_stream`]) and [`check_duplicates`] must key
/// records alike.
pub(crate) fn attribute_key(r: &ActivityRecord) -> String {
    r.attributes
        .iter()
        .map(|a| format!("{}={}", a.name, a.text))
        .collect::<Vec<_>>()
        .join(";")
}

/// Reports every pair of records with the same region, year, category and activity.
pub fn check_duplicates(records: &[ActivityRecord], diags: &mut Diagnostics) {
    // Rows that differ in a model column (e.g. early and late rice with their own season length) are
    // different observations.
    let mut seen: rustc_hash::FxHashMap<(&str, i32, &str, &str, String), &Location> =
        rustc_hash::FxHashMap::default();
    for r in records {
        let attrs = attribute_key(r);
        let key = (
            r.region.as_str(),
            r.year,
            r.category.as_str(),
            r.activity.as_str(),
            attrs,
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
