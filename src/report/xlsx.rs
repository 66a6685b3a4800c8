//! `inventory.xlsx`: the inventory as a workbook for people (Excel, WPS, LibreOffice) and for pandas.
//!
//! [`inventory_xlsx`] writes the sheets of [`SHEETS`] (those of [`sheet_names`]):
//!
//! - **summary**: title, regions and years, the factor set and GWP set (with the GWP100 values used per
//!   gas), the factor sets' documents, the number of emission and activity rows, totals per region × year
//!   in t and Mt CO2e with the CO2 / CH4 / N2O split, memo items apart, CO2e by third-level category with a
//!   bar chart, and a methods note.
//! - **by_category**: the inventory table by IPCC category, as one flat table (see below).
//! - **by_fuel**: per region × year × fuel: energy, emissions by gas, CO2e, memo CO2e.
//! - **by_provincial_sector**: the same totals by the reporting items of China's provincial guidelines
//!   (the mapping is inferred, and the sheet says so in every row and in a header note).
//! - **reference_vs_sectoral** (only when the run had an energy balance): the reference approach (IPCC 2006
//!   Vol. 2 Ch. 6) against the sectoral approach per region × year and fuel group, flagged beyond ±5 %,
//!   with the gap split by cause; below it, the reference approach per fuel.
//! - **indirect_electricity** (only when there are net imports of electricity): indirect CO2 of net
//!   imported electricity, never in the territorial total.
//! - **factors**: every factor used, with value, unit, 95 % range, source, status and where it is defined.
//! - **provenance**: one row per emission figure with its method, factor ids and input cell.
//! - **key_categories**, **uncertainty** (when the report has an assessment): the tables of
//!   `key_categories.csv` and `uncertainty.csv` ([`super::assess`]), with headers naming units.
//!
//! ## Why `by_category` is one flat table
//!
//! Inventory reports show a tree; pandas wants a flat table. The sheet is both: one header row, region and
//! year as the first columns (no merged cells, no blocks separated by titles), so that
//! `pd.read_excel(path, sheet_name="by_category")` gives a clean frame with columns `kind`, `code`,
//! `parent`, `depth` and `leaf` to filter on (`df[df.leaf & (df.kind != "memo")]` sums to the total;
//! `df[df.depth == 3]` is the third level). In Excel it reads as a tree: the titles are indented by depth
//! with the cell format (the text itself has no leading spaces), totals and sectors are bold, and the rows
//! are grouped in an outline so that a reader can collapse the tree to any level. Every subtotal equals the
//! sum of its children; see [`super::tables::category_lines`] for the `unallocated` and `memo` lines.
//!
//! ## Safety and determinism
//!
//! Every text cell is written with `write_string`, which always stores a string (a shared string in the
//! XML), never a formula: a region named `=cmd|' /C calc'!A0` stays that text. Unlike `inventory.csv`, no
//! `'` is prefixed ([`super::excel_safe`] is for CSV, where the reader decides what a cell is). The
//! workbook has no formulas. The document's creation date is fixed, so the same inventory always gives the
//! same bytes.
//!
//! ## Adding a sheet
//!
//! Each sheet is one small function taking a [`Worksheet`], plain data from [`super::tables`] and the
//! shared [`Formats`]; add a function and a line in `build`.

use super::tables::{self, CategoryLine, FuelLine, LineKind, ProvincialLine, ReportData, Sums};
use crate::categories::CategoryTree;
use crate::error::{Error, Result};
use crate::fuels::FuelCatalogue;
use crate::gases::Gas;
use crate::inventory::Inventory;
use crate::inventory::electricity::IndirectElectricity;
use crate::inventory::reference::{FLAG_PCT, ReferenceApproach};
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Note, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeMap;

type XResult<T> = std::result::Result<T, XlsxError>;

/// Every sheet name, in workbook order. `reference_vs_sectoral` and `indirect_electricity` are only
/// written when there is data for them, `key_categories` and `uncertainty` when the report has an
/// assessment ([`sheet_names`]).
pub const SHEETS: [&str; 10] = [
    "summary",
    "by_category",
    "by_fuel",
    "by_provincial_sector",
    REFERENCE_SHEET,
    INDIRECT_SHEET,
    "factors",
    "provenance",
    KEY_CATEGORIES_SHEET,
    UNCERTAINTY_SHEET,
];

/// The sheet of the reference approach against the sectoral approach.
pub const REFERENCE_SHEET: &str = "reference_vs_sectoral";
/// The sheet of the indirect CO2 of net imported electricity.
pub const INDIRECT_SHEET: &str = "indirect_electricity";
/// The sheet of the key category analysis (IPCC 2006 Vol. 1 Ch. 4), as `key_categories.csv`.
pub const KEY_CATEGORIES_SHEET: &str = "key_categories";
/// The sheet of the uncertainty analysis (Vol. 1 Ch. 3), as `uncertainty.csv`.
pub const UNCERTAINTY_SHEET: &str = "uncertainty";

/// The sheets `inventory.xlsx` has for this data, in workbook order: [`SHEETS`] without
/// `reference_vs_sectoral` when there is no reference approach and without `indirect_electricity` when
/// there are no net imports of electricity.
pub fn sheet_names(data: &ReportData<'_>) -> Vec<&'static str> {
    SHEETS
        .into_iter()
        .filter(|n| match *n {
            REFERENCE_SHEET => !data.reference.is_empty(),
            INDIRECT_SHEET => !data.indirect.is_empty(),
            KEY_CATEGORIES_SHEET | UNCERTAINTY_SHEET => data.assessment.is_some(),
            _ => true,
        })
        .collect()
}

/// Number format of masses and CO2e in tonnes.
pub const FMT_T: &str = "#,##0.00";
/// Number format of shares (stored as fractions: 0.25 shows as 25.0%).
pub const FMT_SHARE: &str = "0.0%";
/// Number format of differences in per cent (stored as per cent: -2.6 shows as -2.62).
pub const FMT_PCT: &str = "+0.00;-0.00;0.00";
/// The header of share columns: the cells hold fractions (pandas reads 0.25), Excel shows them as 25.0%.
pub const SHARE_HEADER: &str = "share of total (fraction, shown as %)";

/// The methods note of the summary sheet, cited standards first.
const METHODS: &[&str] = &[
    "Method: fuel combustion, sectoral approach: 2006 IPCC Guidelines, Vol. 2 (Energy), Ch. 2 (Stationary Combustion), Eq. 2.1: emissions = fuel consumed × emission factor, for CO2, CH4 and N2O (mobile combustion factors from Vol. 2 Ch. 3); fugitive emissions (1.B), Tier 1: activity × emission factor (Vol. 2 Ch. 4).",
    "Energy = activity × net calorific value (Vol. 2 Ch. 1 §1.4.1.2). CO2 = energy × CO2 emission factor (Vol. 2 Ch. 1 Table 1.4) × oxidation, or energy × carbon content × oxidation × 44/12 where the factor set gives carbon contents (Vol. 2 Ch. 1 §1.4.2.1). Each figure's equation is in the column method of the sheet provenance.",
    "Memo items (CO2 from biomass combustion for energy, international bunkers, multilateral operations) are computed and reported on their own rows; they are not in any total, subtotal or share.",
    "Every factor used, with its value, unit, 95 % range, document, table and page, and status, is on the sheet factors; every emission figure with its factor ids and the input cell it comes from is on the sheet provenance.",
    "by_provincial_sector: the correspondence between IPCC 2006 codes and the reporting items of China's provincial guidelines (省级温室气体清单编制指南(试行), NDRC 2011) is inferred by ghgkit (data/provincial-sectors.tsv), not published.",
    "Figures are stored unrounded; cells show two decimals.",
];

/// The cell formats shared by all sheets.
pub struct Formats {
    title: Format,
    subtitle: Format,
    section: Format,
    label: Format,
    header: Format,
    text: Format,
    text_bold: Format,
    /// Title cells of by_category, indented by depth; `[depth][bold]`.
    indent: Vec<[Format; 2]>,
    t: Format,
    t_bold: Format,
    mt: Format,
    share: Format,
    share_bold: Format,
    int: Format,
    general: Format,
    pct: Format,
    wrap: Format,
    /// Differences in per cent, plain and bold.
    diff: Format,
    diff_bold: Format,
    /// A difference beyond the flag threshold: bold dark red on light red (Excel's "bad" style).
    bad_diff: Format,
    bad_text: Format,
    kwh: Format,
    factor: Format,
}

impl Formats {
    /// The formats of the report.
    pub fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_background_color(0xD9E1F2)
            .set_border_bottom(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        let t = Format::new().set_num_format(FMT_T);
        let share = Format::new().set_num_format(FMT_SHARE);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic(),
            section: Format::new().set_bold().set_font_size(12),
            label: Format::new().set_bold().set_align(FormatAlign::Top),
            header,
            text: Format::new(),
            text_bold: Format::new().set_bold(),
            indent: (0..10u8)
                .map(|d| {
                    let f = Format::new().set_indent(d);
                    [f.clone(), f.set_bold()]
                })
                .collect(),
            t_bold: t.clone().set_bold(),
            t,
            mt: Format::new().set_num_format("#,##0.000"),
            share_bold: share.clone().set_bold(),
            share,
            int: Format::new().set_num_format("0"),
            general: Format::new(),
            pct: Format::new().set_num_format("0.0#"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            diff: Format::new().set_num_format(FMT_PCT),
            diff_bold: Format::new().set_num_format(FMT_PCT).set_bold(),
            bad_diff: Format::new()
                .set_num_format(FMT_PCT)
                .set_bold()
                .set_font_color(0x9C0006)
                .set_background_color(0xFFC7CE),
            bad_text: Format::new()
                .set_bold()
                .set_font_color(0x9C0006)
                .set_background_color(0xFFC7CE),
            kwh: Format::new().set_num_format("#,##0"),
            factor: Format::new().set_num_format("0.0000"),
        }
    }
}

impl Default for Formats {
    fn default() -> Self {
        Formats::new()
    }
}

fn xerr(e: XlsxError) -> Error {
    Error::Internal(format!("writing inventory.xlsx: {e}"))
}

/// The bytes of `inventory.xlsx` (sheets [`sheet_names`], described in the [module
/// documentation](self)). `ReportData::from(&inventory)` makes a workbook of the inventory alone.
///
/// The same data always give the same bytes: the document's creation date is fixed at 2024-01-01.
pub fn inventory_xlsx(data: &ReportData<'_>) -> Result<Vec<u8>> {
    build(data).map_err(xerr)
}

fn build(data: &ReportData<'_>) -> XResult<Vec<u8>> {
    let inv = data.inventory;
    let f = Formats::new();
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("ghgkit greenhouse-gas inventory")
            .set_author("ghgkit")
            .set_comment(format!(
                "Written by ghgkit {}; factor set {}, GWP100 {}.",
                env!("CARGO_PKG_VERSION"),
                inv.factor_set,
                inv.gwp_set
            ))
            .set_creation_datetime(&created),
    );
    let gases = tables::gases(inv);
    let cols = Columns {
        gases: &gases,
        gwp: &inv.gwp_set,
    };
    let lines = tables::category_lines(inv);
    summary_sheet(wb.add_worksheet(), data, &lines, &cols, &f)?;
    by_category_sheet(wb.add_worksheet(), &lines, &cols, &f)?;
    by_fuel_sheet(wb.add_worksheet(), &tables::fuel_lines(inv), &cols, &f)?;
    by_provincial_sheet(
        wb.add_worksheet(),
        &tables::provincial_lines(inv),
        &cols,
        &f,
    )?;
    if !data.reference.is_empty() {
        reference_sheet(wb.add_worksheet(), data.reference, &f)?;
    }
    if !data.indirect.is_empty() {
        indirect_sheet(wb.add_worksheet(), data.indirect, &f)?;
    }
    factors_sheet(wb.add_worksheet(), inv, &f)?;
    provenance_sheet(wb.add_worksheet(), inv, &f)?;
    if let Some(a) = data.assessment {
        assessment_sheets(&mut wb, a)?;
    }
    wb.save_to_buffer()
}

/// The `key_categories` and `uncertainty` sheets of an assessment, appended to `wb` (also used by the
/// publication report, [`super::report_xlsx`]).
pub(crate) fn assessment_sheets(wb: &mut Workbook, a: &crate::assess::Assessment) -> XResult<()> {
    let f = Formats::new();
    let t = super::assess::key_category_table(&a.key_categories);
    flat_sheet(wb.add_worksheet(), KEY_CATEGORIES_SHEET, &t, &f)?;
    let t = super::assess::uncertainty_table(&a.uncertainty);
    flat_sheet(wb.add_worksheet(), UNCERTAINTY_SHEET, &t, &f)
}

/// The gas columns and the GWP set, for headers.
struct Columns<'a> {
    gases: &'a [Gas],
    gwp: &'a str,
}

impl Columns<'_> {
    /// `CO2 (t)`, `CH4 (t)`, … one per gas.
    fn mass_headers(&self) -> Vec<String> {
        self.gases.iter().map(|g| format!("{g} (t)")).collect()
    }

    /// `CO2e (t CO2e, AR5)`.
    fn co2e(&self) -> String {
        format!("CO2e (t CO2e, {})", self.gwp)
    }
}

/// A worksheet being written, with the widths its columns need.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    widths: BTreeMap<u16, f64>,
}

/// The display width of text, in Excel character units (CJK and full-width characters count two).
fn text_width(s: &str) -> f64 {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| match c as u32 {
                    0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF => 2.0,
                    0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 => 2.0,
                    _ => 1.0,
                })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

/// The width of a number shown with thousands separators and `decimals` decimals.
fn number_width(v: f64, decimals: usize) -> f64 {
    let int_digits = (v.abs().max(1.0).log10().floor() as usize) + 1;
    let seps = (int_digits - 1) / 3;
    let sign = usize::from(v < 0.0);
    (int_digits + seps + sign + decimals + usize::from(decimals > 0)) as f64
}

impl<'a> Sheet<'a> {
    fn new(ws: &'a mut Worksheet, name: &str) -> XResult<Sheet<'a>> {
        ws.set_name(name)?;
        Ok(Sheet {
            ws,
            widths: BTreeMap::new(),
        })
    }

    fn fit(&mut self, col: u16, width: f64) {
        let w = self.widths.entry(col).or_insert(0.0);
        *w = w.max(width);
    }

    /// A text cell. `write_string` stores text, never a formula, so text starting with `=`, `+`, `-` or
    /// `@` is safe as it is and is not prefixed with `'` (which would show in the cell).
    fn text(&mut self, row: u32, col: u16, s: &str, f: &Format) -> XResult<()> {
        if s.is_empty() {
            return Ok(());
        }
        self.ws.write_string_with_format(row, col, s, f)?;
        self.fit(col, text_width(s));
        Ok(())
    }

    /// A text cell that does not widen its column (long notes).
    fn text_nofit(&mut self, row: u32, col: u16, s: &str, f: &Format) -> XResult<()> {
        self.ws.write_string_with_format(row, col, s, f)?;
        Ok(())
    }

    /// A number; a value that is not finite leaves the cell empty. `decimals` is what the format shows.
    fn num(&mut self, row: u32, col: u16, v: f64, f: &Format, decimals: usize) -> XResult<()> {
        if v.is_finite() {
            self.ws.write_number_with_format(row, col, v, f)?;
            self.fit(col, number_width(v, decimals));
        }
        Ok(())
    }

    /// A number shown as it is (factor values, GWPs).
    fn general(&mut self, row: u32, col: u16, v: f64, f: &Format) -> XResult<()> {
        if v.is_finite() {
            self.ws.write_number_with_format(row, col, v, f)?;
            self.fit(col, v.to_string().len() as f64);
        }
        Ok(())
    }

    fn boolean(&mut self, row: u32, col: u16, v: bool) -> XResult<()> {
        self.ws.write_boolean(row, col, v)?;
        self.fit(col, 5.0);
        Ok(())
    }

    /// A header row starting at column 0.
    fn header(&mut self, row: u32, names: &[String], f: &Formats) -> XResult<()> {
        for (c, n) in names.iter().enumerate() {
            self.text(row, c as u16, n, &f.header)?;
        }
        Ok(())
    }

    /// Column widths from the content (between 6 and `max` characters).
    fn set_widths(&mut self, max: f64) -> XResult<()> {
        for (&c, &w) in &self.widths {
            self.ws
                .set_column_width(c, (w * 1.1 + 2.0).clamp(6.0, max))?;
        }
        Ok(())
    }

    /// A table sheet: header row 0 bold and frozen, autofilter over the table, widths fitted.
    fn finish_table(&mut self, ncols: usize, last_row: u32) -> XResult<()> {
        self.ws.set_freeze_panes(1, 0)?;
        self.ws
            .autofilter(0, 0, last_row.max(1), (ncols.max(1) - 1) as u16)?;
        self.set_widths(60.0)
    }

    /// Masses by gas from column `col`, then CO2e.
    fn sums(
        &mut self,
        row: u32,
        col: u16,
        s: &Sums,
        gases: &[Gas],
        bold: bool,
        f: &Formats,
    ) -> XResult<u16> {
        let fmt = if bold { &f.t_bold } else { &f.t };
        let mut c = col;
        for g in gases {
            self.num(row, c, s.mass(*g), fmt, 2)?;
            c += 1;
        }
        self.num(row, c, s.co2e(), fmt, 2)?;
        Ok(c + 1)
    }
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// The summary sheet: key facts, totals, memo items, the checks beside the inventory (reference approach,
/// indirect electricity), CO2e by third-level category with a chart, methods.
fn summary_sheet(
    ws: &mut Worksheet,
    data: &ReportData<'_>,
    lines: &[CategoryLine],
    cols: &Columns<'_>,
    f: &Formats,
) -> XResult<()> {
    let inv = data.inventory;
    let name = SHEETS[0];
    let mut s = Sheet::new(ws, name)?;
    s.text_nofit(0, 0, "Greenhouse-gas inventory: energy (ghgkit)", &f.title)?;
    s.text_nofit(1, 0, "温室气体清单：燃料燃烧", &f.subtitle)?;
    let (regions, years) = tables::regions_and_years(inv);
    let years: Vec<String> = years.iter().map(i32::to_string).collect();
    let sets = tables::factor_sets(inv);
    let chosen = sets.iter().find(|x| x.chosen);
    let gwp = crate::gases::gwp_set(&inv.gwp_set).ok();
    let mut r = 3;
    let facts: Vec<(&str, String)> = vec![
        ("Region(s) 地区", regions.join(", ")),
        ("Year(s) 年份", years.join(", ")),
        (
            "Scope 范围",
            "All sectors of the 2006 IPCC Guidelines where activity is given: energy (1.A fuel combustion, sectoral approach; 1.B fugitive), industrial processes (2), agriculture (3.A, 3.C), land use and forestry (3.B, removals negative; totals with and without LULUCF), waste (4); memo items apart 全部门: 能源、工业过程、农业、土地利用和林业、废弃物".into(),
        ),
        (
            "Factor set 排放因子集",
            match chosen {
                Some(c) if !c.title_en.is_empty() => format!("{}: {}", c.name, c.title_en),
                _ => inv.factor_set.clone(),
            },
        ),
        (
            "GWP set 全球增温潜势",
            match gwp {
                Some(g) => format!("{} (GWP100): {}", g.name, g.title),
                None => inv.gwp_set.clone(),
            },
        ),
        (
            "GWP source",
            gwp.map(|g| g.source.clone()).unwrap_or_default(),
        ),
        (
            "Units 单位",
            "t of each gas; t CO2e; Mt CO2e = 10^6 t CO2e".into(),
        ),
        (
            "Generated by",
            format!("ghgkit {}", env!("CARGO_PKG_VERSION")),
        ),
    ];
    for (label, value) in &facts {
        s.text(r, 0, label, &f.label)?;
        s.text_nofit(r, 1, value, &f.text)?;
        r += 1;
    }
    for (label, n) in [
        ("Emission rows 排放记录数", inv.rows.len()),
        ("Activity rows 活动水平记录数", tables::activity_rows(inv)),
    ] {
        s.text(r, 0, label, &f.label)?;
        s.num(r, 1, n as f64, &f.int, 0)?;
        r += 1;
    }

    // Totals.
    r += 1;
    s.text_nofit(
        r,
        0,
        "Totals (memo items excluded) 合计（不含信息项）",
        &f.section,
    )?;
    r += 1;
    let mut h = strings(&["region", "year"]);
    h.push(cols.co2e());
    h.push(format!("CO2e (Mt CO2e, {})", cols.gwp));
    h.extend(cols.mass_headers());
    h.extend(
        cols.gases
            .iter()
            .map(|g| format!("{g} (t CO2e, {})", cols.gwp)),
    );
    // The total above is with LULUCF (3.B, 3.D.1); these two columns give LULUCF and the total without it.
    h.push(format!("LULUCF (t CO2e, {}) 土地利用变化和林业", cols.gwp));
    h.push(format!(
        "without LULUCF (t CO2e, {}) 不含土地利用变化和林业",
        cols.gwp
    ));
    s.header(r, &h, f)?;
    r += 1;
    let lulucf = tables::lulucf_totals(inv);
    for ((region, year), sums) in tables::totals(inv) {
        let land = lulucf.get(&(region.clone(), year)).copied().unwrap_or(0.0);
        s.text(r, 0, &region, &f.text)?;
        s.num(r, 1, year as f64, &f.int, 0)?;
        s.num(r, 2, sums.co2e(), &f.t_bold, 2)?;
        s.num(r, 3, sums.co2e() / 1e6, &f.mt, 3)?;
        let mut c = 4;
        for g in cols.gases {
            s.num(r, c, sums.mass(*g), &f.t, 2)?;
            c += 1;
        }
        for g in cols.gases {
            s.num(r, c, sums.co2e_of(*g), &f.t, 2)?;
            c += 1;
        }
        s.num(r, c, land, &f.t, 2)?;
        s.num(r, c + 1, sums.co2e() - land, &f.t_bold, 2)?;
        r += 1;
    }

    // Memo items.
    r += 1;
    s.text_nofit(
        r,
        0,
        "Memo items (reported, not in totals) 信息项（报告但不计入合计）",
        &f.section,
    )?;
    r += 1;
    let memo = tables::memo_items(inv);
    if memo.is_empty() {
        s.text_nofit(r, 0, "None in this inventory. 本清单无信息项。", &f.text)?;
        r += 1;
    } else {
        let mut h = strings(&["region", "year", "code", "item", "item (Chinese)"]);
        h.extend(cols.mass_headers());
        h.push(cols.co2e());
        s.header(r, &h, f)?;
        r += 1;
        for ((region, year), items) in &memo {
            for m in items {
                s.text(r, 0, region, &f.text)?;
                s.num(r, 1, *year as f64, &f.int, 0)?;
                s.text(r, 2, &m.code, &f.text)?;
                s.text_nofit(r, 3, &m.title_en, &f.text)?;
                s.text_nofit(r, 4, &m.title_zh, &f.text)?;
                s.sums(r, 5, &m.sums, cols.gases, false, f)?;
                r += 1;
            }
        }
    }

    // The reference approach and indirect electricity: two lines per region × year.
    if !data.reference.is_empty() || !data.indirect.is_empty() {
        r += 1;
        r = beside_lines(&mut s, r, data, f)?;
    }

    // GWP values and factor sets.
    r += 1;
    s.text_nofit(r, 0, "GWP100 values used 使用的全球增温潜势值", &f.section)?;
    r += 1;
    s.header(
        r,
        &strings(&["gas", "origin", &format!("GWP100 ({})", cols.gwp)]),
        f,
    )?;
    r += 1;
    for g in tables::gwp_used(inv) {
        s.text(r, 0, g.gas.name(), &f.text)?;
        s.text(r, 1, &g.origin, &f.text)?;
        s.general(r, 2, g.gwp, &f.general)?;
        r += 1;
    }
    r += 1;
    s.text_nofit(r, 0, "Factor sets used 使用的排放因子集", &f.section)?;
    r += 1;
    s.header(
        r,
        &strings(&["set", "chosen", "factors used", "title", "document"]),
        f,
    )?;
    r += 1;
    for set in &sets {
        s.text(r, 0, &set.name, &f.text)?;
        s.boolean(r, 1, set.chosen)?;
        s.num(r, 2, set.factors_used as f64, &f.int, 0)?;
        s.text_nofit(r, 3, &set.title_en, &f.text)?;
        s.text_nofit(r, 4, &set.document, &f.text)?;
        r += 1;
    }

    // CO2e by third-level category, the chart's data.
    r += 1;
    r = category_chart(&mut s, r, lines, cols, f)?;

    // Methods.
    r += 1;
    s.text_nofit(r, 0, "Methods and sources 方法和来源", &f.section)?;
    r += 1;
    for m in METHODS {
        s.text_nofit(r, 0, m, &f.text)?;
        r += 1;
    }
    for set in &sets {
        s.text_nofit(
            r,
            0,
            &format!("Factor set {}: {}", set.name, set.document),
            &f.text,
        )?;
        r += 1;
    }
    if let Some(g) = gwp {
        s.text_nofit(r, 0, &format!("GWP100 {}: {}", g.name, g.source), &f.text)?;
    }
    s.ws.set_freeze_panes(2, 0)?;
    s.set_widths(40.0)?;
    // Column B holds long values (titles, documents); give it room without fitting every character.
    s.ws.set_column_width(1, 24.0)?;
    Ok(())
}

/// The item of the summary line comparing the reference with the sectoral approach.
pub const SUMMARY_REFERENCE_ITEM: &str = "reference − sectoral approach (CO2, 1.A)";
/// The item of the summary line of indirect electricity.
pub const SUMMARY_INDIRECT_ITEM: &str = "indirect CO2 of electricity (not in total)";

/// The summary's lines beside the inventory, from row `r`: per region × year, RA − SA in total and the
/// indirect CO2 of electricity; returns the next free row.
fn beside_lines(s: &mut Sheet<'_>, mut r: u32, data: &ReportData<'_>, f: &Formats) -> XResult<u32> {
    s.text_nofit(
        r,
        0,
        "Beside the inventory (not in the totals) 清单之外（不计入合计）: reference approach check, indirect electricity",
        &f.section,
    )?;
    r += 1;
    s.header(
        r,
        &strings(&[
            "region",
            "year",
            "item",
            "t CO2",
            "Mt CO2",
            "difference (%)",
            "note",
        ]),
        f,
    )?;
    r += 1;
    type Lines<'a> = (Vec<&'a ReferenceApproach>, Vec<&'a IndirectElectricity>);
    let mut blocks: BTreeMap<tables::Block, Lines<'_>> = BTreeMap::new();
    for ra in data.reference {
        let b = blocks.entry((ra.region.clone(), ra.year)).or_default();
        b.0.push(ra);
    }
    for x in data.indirect {
        let b = blocks.entry((x.region.clone(), x.year)).or_default();
        b.1.push(x);
    }
    for ((region, year), (refs, indirect)) in &blocks {
        for ra in refs {
            let Some(t) = ra.comparison.iter().find(|c| c.group == "total") else {
                continue;
            };
            let gap = t.reference_co2_t - t.sectoral_co2_t;
            s.text(r, 0, region, &f.text)?;
            s.num(r, 1, *year as f64, &f.int, 0)?;
            s.text(r, 2, SUMMARY_REFERENCE_ITEM, &f.text)?;
            s.num(r, 3, gap, &f.t, 2)?;
            s.num(r, 4, gap / 1e6, &f.mt, 3)?;
            if let Some(p) = t.difference_pct {
                s.num(r, 5, p, if t.flag { &f.bad_diff } else { &f.diff }, 2)?;
            }
            let pct =
                |p: Option<f64>| p.map_or("no SA to compare with".into(), |p| format!("{p:+.1} %"));
            let verdict = if t.flag {
                format!("beyond ±{FLAG_PCT} %: to be explained")
            } else {
                format!("within ±{FLAG_PCT} %")
            };
            let note = format!(
                "RA {:.2} vs SA {:.2} Mt CO2: {}, {verdict} (IPCC 2006 Vol. 2 Ch. 6); from printed supply totals {}; see {REFERENCE_SHEET}",
                t.reference_co2_t / 1e6,
                t.sectoral_co2_t / 1e6,
                pct(t.difference_pct),
                pct(t.difference_from_total_pct),
            );
            s.text_nofit(r, 6, &note, &f.text)?;
            r += 1;
        }
        for x in indirect {
            s.text(r, 0, region, &f.text)?;
            s.num(r, 1, *year as f64, &f.int, 0)?;
            s.text(r, 2, SUMMARY_INDIRECT_ITEM, &f.text)?;
            s.num(r, 3, x.co2_t, &f.t, 2)?;
            s.num(r, 4, x.co2_t / 1e6, &f.mt, 3)?;
            let year_text = x.factor_year.map(|y| format!(", {y}")).unwrap_or_default();
            let note = format!(
                "net imports {:.2} ×10⁸ kWh × {} kg CO2/kWh ({}{year_text}){}; see {INDIRECT_SHEET}",
                x.net_import_kwh / 1e8,
                x.grid_factor,
                x.factor_region.as_deref().unwrap_or("national"),
                if x.net_import_kwh < 0.0 {
                    "; a net exporter"
                } else {
                    ""
                },
            );
            s.text_nofit(r, 6, &note, &f.text)?;
            r += 1;
        }
    }
    Ok(r)
}

/// The table of CO2e by third-level category (one column per region × year) and its bar chart, from row
/// `r`; returns the next free row.
fn category_chart(
    s: &mut Sheet<'_>,
    mut r: u32,
    lines: &[CategoryLine],
    cols: &Columns<'_>,
    f: &Formats,
) -> XResult<u32> {
    const LEVEL: usize = 3;
    s.text_nofit(
        r,
        0,
        &format!(
            "CO2e by category, third level (t CO2e, {}) 按第三级类别的 CO2e",
            cols.gwp
        ),
        &f.section,
    )?;
    r += 1;
    // The cut of the tree at the third level: lines at that depth, and leaves above it.
    let cut = |l: &&CategoryLine| {
        matches!(l.kind, LineKind::Category | LineKind::Unallocated)
            && (l.depth == LEVEL || (l.depth < LEVEL && l.leaf))
    };
    let tree = CategoryTree::ipcc2006();
    // A row of the table: (tree position, unallocated, code) → titles; its values by block.
    type Key = (usize, bool, String);
    let mut keys: BTreeMap<Key, (String, String)> = BTreeMap::new();
    let mut blocks: Vec<tables::Block> = Vec::new();
    let mut values: BTreeMap<(Key, tables::Block), f64> = BTreeMap::new();
    for l in lines {
        let b = (l.region.clone(), l.year);
        if l.kind == LineKind::Total && !blocks.contains(&b) {
            blocks.push(b.clone());
        }
        if !cut(&l) {
            continue;
        }
        let k = (
            tree.index_of(&l.code).unwrap_or(usize::MAX),
            l.kind == LineKind::Unallocated,
            l.code.clone(),
        );
        keys.entry(k.clone())
            .or_insert_with(|| (l.title_en.clone(), l.title_zh.clone()));
        values.insert((k, b), l.sums.co2e());
    }
    let mut h = strings(&["code", "category", "category (Chinese)"]);
    h.extend(
        blocks
            .iter()
            .map(|(region, year)| format!("{region} {year}")),
    );
    s.header(r, &h, f)?;
    let header_row = r;
    r += 1;
    let first = r;
    for k in keys.keys() {
        let (en, zh) = &keys[k];
        s.text(r, 0, &k.2, &f.text)?;
        s.text(r, 1, en, &f.text)?;
        s.text_nofit(r, 2, zh, &f.text)?;
        for (i, b) in blocks.iter().enumerate() {
            let v = values.get(&(k.clone(), b.clone())).copied().unwrap_or(0.0);
            s.num(r, 3 + i as u16, v, &f.t, 2)?;
        }
        r += 1;
    }
    let last = r.saturating_sub(1);
    if keys.is_empty() || blocks.is_empty() {
        return Ok(r);
    }
    // A horizontal bar chart, one series per region × year (at most 8, the first ones), to the right.
    let mut chart = Chart::new_bar();
    chart
        .title()
        .set_name(format!("CO2e by category, third level (t CO2e, {})", cols.gwp).as_str());
    for (i, _) in blocks.iter().enumerate().take(8) {
        let c = 3 + i as u16;
        chart
            .add_series()
            // Names and labels point at cells: a region such as "=x" must never be read as a formula.
            .set_name((SHEETS[0], header_row, c))
            .set_categories((SHEETS[0], first, 1, last, 1))
            .set_values((SHEETS[0], first, c, last, c));
    }
    chart.x_axis().set_num_format("#,##0");
    chart.y_axis().set_reverse();
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart
        .set_width(720)
        .set_height(60 + 40 * keys.len().max(4) as u32);
    // At the top, to the right of the widest table (the totals: region, year, two CO2e columns, two per
    // gas).
    let right = (5 + 2 * cols.gases.len()) as u16;
    s.ws.insert_chart(3, right, &chart)?;
    Ok(r)
}

/// by_category: the flat tree table (see the module documentation).
fn by_category_sheet(
    ws: &mut Worksheet,
    lines: &[CategoryLine],
    cols: &Columns<'_>,
    f: &Formats,
) -> XResult<()> {
    let mut s = Sheet::new(ws, SHEETS[1])?;
    let mut h = strings(&[
        "region",
        "year",
        "kind",
        "code",
        "parent",
        "depth",
        "leaf",
        "category",
        "category (Chinese)",
    ]);
    h.extend(cols.mass_headers());
    h.push(cols.co2e());
    h.push(SHARE_HEADER.into());
    s.header(0, &h, f)?;
    let mut r = 1;
    for l in lines {
        let bold =
            matches!(l.kind, LineKind::Total) || (l.kind == LineKind::Category && l.depth <= 1);
        let tf = if bold { &f.text_bold } else { &f.text };
        s.text(r, 0, &l.region, tf)?;
        s.num(r, 1, l.year as f64, &f.int, 0)?;
        s.text(r, 2, l.kind.as_str(), tf)?;
        s.text(r, 3, &l.code, tf)?;
        s.text(r, 4, &l.parent, &f.text)?;
        s.num(r, 5, l.depth as f64, &f.int, 0)?;
        s.boolean(r, 6, l.leaf)?;
        let indent =
            &f.indent[l.depth.saturating_sub(1).min(f.indent.len() - 1)][usize::from(bold)];
        s.text(r, 7, &l.title_en, indent)?;
        s.fit(7, text_width(&l.title_en) + 2.0 * l.depth as f64);
        s.text(r, 8, &l.title_zh, indent)?;
        s.fit(8, text_width(&l.title_zh) + 2.0 * l.depth as f64);
        let c = s.sums(r, 9, &l.sums, cols.gases, bold, f)?;
        if let Some(share) = l.share {
            s.num(r, c, share, if bold { &f.share_bold } else { &f.share }, 1)?;
        }
        r += 1;
    }
    // Outline: the rows below a category, down to the next line at its depth or above, form a group.
    s.ws.group_symbols_above(true);
    for (i, l) in lines.iter().enumerate() {
        if l.kind != LineKind::Category || l.leaf || l.depth >= 7 {
            continue;
        }
        let end = lines[i + 1..]
            .iter()
            .position(|x| x.depth <= l.depth || x.region != l.region || x.year != l.year)
            .map_or(lines.len(), |p| i + 1 + p);
        if end > i + 1 {
            // Sheet row = line index + 1 (header).
            s.ws.group_rows(i as u32 + 2, end as u32)?;
        }
    }
    s.finish_table(h.len(), r - 1)
}

/// by_fuel: region × year × fuel.
fn by_fuel_sheet(
    ws: &mut Worksheet,
    lines: &[FuelLine],
    cols: &Columns<'_>,
    f: &Formats,
) -> XResult<()> {
    let mut s = Sheet::new(ws, SHEETS[2])?;
    let mut h = strings(&[
        "region",
        "year",
        "fuel",
        "fuel (English)",
        "fuel (Chinese)",
        "group",
        "energy (TJ)",
    ]);
    h.extend(cols.mass_headers());
    h.push(cols.co2e());
    h.push(format!("memo items (t CO2e, {}, not in total)", cols.gwp));
    s.header(0, &h, f)?;
    let mut r = 1;
    for l in lines {
        s.text(r, 0, &l.region, &f.text)?;
        s.num(r, 1, l.year as f64, &f.int, 0)?;
        s.text(r, 2, &l.fuel, &f.text)?;
        s.text(r, 3, &l.name_en, &f.text)?;
        s.text(r, 4, &l.name_zh, &f.text)?;
        s.text(r, 5, &l.group, &f.text)?;
        s.num(r, 6, l.energy_tj, &f.t, 2)?;
        let c = s.sums(r, 7, &l.sums, cols.gases, false, f)?;
        s.num(r, c, l.memo_co2e_t, &f.t, 2)?;
        r += 1;
    }
    s.finish_table(h.len(), r - 1)
}

/// by_provincial_sector: the totals by the provincial guidelines' reporting items.
fn by_provincial_sheet(
    ws: &mut Worksheet,
    lines: &[ProvincialLine],
    cols: &Columns<'_>,
    f: &Formats,
) -> XResult<()> {
    let mut s = Sheet::new(ws, SHEETS[3])?;
    let mut h = strings(&[
        "region",
        "year",
        "item",
        "sector (Chinese)",
        "sector",
        "item (Chinese)",
        "item (English)",
        "IPCC 2006 codes",
        "mapping",
    ]);
    h.extend(cols.mass_headers());
    h.push(cols.co2e());
    h.push(SHARE_HEADER.into());
    s.header(0, &h, f)?;
    s.ws.insert_note(
        0,
        8,
        &Note::new(
            "The correspondence between IPCC 2006 codes and the reporting items of China's provincial guidelines \
             (省级温室气体清单编制指南(试行), NDRC 2011) is inferred by ghgkit (data/provincial-sectors.tsv), not published. \
             Biomass fuels go to the biomass-combustion item; memo items are not included.",
        )
        .set_author("ghgkit"),
    )?;
    let mut r = 1;
    for l in lines {
        s.text(r, 0, &l.region, &f.text)?;
        s.num(r, 1, l.year as f64, &f.int, 0)?;
        s.text(r, 2, &l.key, &f.text)?;
        s.text(r, 3, &l.sector_zh, &f.text)?;
        s.text(r, 4, &l.sector_en, &f.text)?;
        s.text(r, 5, &l.item_zh, &f.text)?;
        s.text(r, 6, &l.item_en, &f.text)?;
        s.text(r, 7, &l.ipcc2006, &f.text)?;
        s.text(r, 8, &l.basis, &f.text)?;
        let c = s.sums(r, 9, &l.sums, cols.gases, false, f)?;
        if let Some(share) = l.share {
            s.num(r, c, share, &f.share, 1)?;
        }
        r += 1;
    }
    s.finish_table(h.len(), r - 1)
}

/// factors: every factor used, by id.
fn factors_sheet(ws: &mut Worksheet, inv: &Inventory, f: &Formats) -> XResult<()> {
    let mut s = Sheet::new(ws, SHEETS[6])?;
    let h = strings(&[
        "id",
        "set",
        "kind",
        "fuel",
        "category",
        "gas",
        "value",
        "unit",
        "95 % range lower (%)",
        "95 % range upper (%)",
        "source",
        "status",
        "note",
        "region",
        "year",
        "defined at",
    ]);
    s.header(0, &h, f)?;
    let mut r = 1;
    for x in inv.factors_used.values() {
        s.text(r, 0, &x.id, &f.text)?;
        s.text(r, 1, &x.set, &f.text)?;
        s.text(r, 2, &x.kind.to_string(), &f.text)?;
        s.text(r, 3, x.activity.as_deref().unwrap_or("any"), &f.text)?;
        s.text(r, 4, x.category.as_deref().unwrap_or("any"), &f.text)?;
        s.text(r, 5, x.gas.map(|g| g.name()).unwrap_or(""), &f.text)?;
        s.general(r, 6, x.value, &f.general)?;
        s.text(r, 7, &x.unit_text, &f.text)?;
        s.num(r, 8, x.uncertainty.lower_pct, &f.pct, 2)?;
        s.num(r, 9, x.uncertainty.upper_pct, &f.pct, 2)?;
        s.text(r, 10, &x.source, &f.text)?;
        s.text(r, 11, &x.status, &f.text)?;
        s.text(r, 12, &x.note, &f.text)?;
        s.text(r, 13, x.region.as_deref().unwrap_or(""), &f.text)?;
        if let Some(y) = x.year {
            s.num(r, 14, y as f64, &f.int, 0)?;
        }
        s.text(r, 15, &x.location.to_string(), &f.text)?;
        r += 1;
    }
    s.finish_table(h.len(), r - 1)?;
    // Long texts wrap within their columns rather than running across the sheet.
    for c in [10, 12] {
        s.ws.set_column_format(c, &f.wrap)?;
    }
    Ok(())
}

/// provenance: one row per emission figure.
/// The rows of an Excel worksheet.
const EXCEL_MAX_ROWS: u32 = 1_048_576;

fn provenance_sheet(ws: &mut Worksheet, inv: &Inventory, f: &Formats) -> XResult<()> {
    let mut s = Sheet::new(ws, SHEETS[7])?;
    let h: Vec<String> = [
        "region",
        "year",
        "category",
        "activity",
        "gas",
        "emissions (t)",
        &format!("CO2e (t CO2e, {})", inv.gwp_set),
        &format!("GWP100 ({})", inv.gwp_set),
        "memo",
        "activity value",
        "activity unit",
        "energy (TJ)",
        "method",
        "factor ids",
        "input (file › sheet › cell)",
    ]
    .iter()
    .map(|x| x.to_string())
    .collect();
    s.header(0, &h, f)?;
    let mut r = 1;
    // Excel holds 1,048,576 rows a sheet: beyond that, a last line says where the rest is.
    let room = EXCEL_MAX_ROWS as usize - 2;
    for x in inv.rows.iter().take(room) {
        s.text(r, 0, &x.region, &f.text)?;
        s.num(r, 1, x.year as f64, &f.int, 0)?;
        s.text(r, 2, &x.category, &f.text)?;
        s.text(r, 3, &x.activity, &f.text)?;
        s.text(r, 4, x.gas.name(), &f.text)?;
        s.num(r, 5, x.emissions_t, &f.t, 2)?;
        s.num(r, 6, x.co2e_t, &f.t, 2)?;
        s.general(r, 7, x.gwp, &f.general)?;
        s.boolean(r, 8, x.memo)?;
        s.general(r, 9, x.activity_value, &f.general)?;
        s.text(r, 10, &x.activity_unit, &f.text)?;
        s.num(r, 11, x.energy_tj, &f.t, 2)?;
        s.text(r, 12, &x.method, &f.text)?;
        s.text(r, 13, &x.factor_ids.join(" ; "), &f.text)?;
        s.text(r, 14, &x.input.to_string(), &f.text)?;
        r += 1;
    }
    let last = r - 1;
    if inv.rows.len() > room {
        s.text(
            r,
            0,
            &format!(
                "… {} more rows than an Excel sheet holds: every row is in inventory.csv",
                inv.rows.len() - room
            ),
            &f.text,
        )?;
    }
    s.finish_table(h.len(), last)
}

/// The headers of the comparison table of `reference_vs_sectoral`.
pub const REFERENCE_COMPARISON_HEADERS: [&str; 17] = [
    "region",
    "year",
    "factor set",
    "fuel group",
    "RA CO2 from supply items (t CO2)",
    "RA CO2 from printed supply totals (t CO2)",
    "SA CO2, 1.A (t CO2)",
    "RA − SA (t CO2)",
    "difference (%)",
    "difference from totals (%)",
    "flag (beyond ±5 %)",
    "gap: supply items vs total (t CO2)",
    "gap: conversion (t CO2)",
    "gap: losses (t CO2)",
    "gap: statistical difference (t CO2)",
    "gap: other (t CO2)",
    "explanation",
];

/// The headers of the per-fuel table of `reference_vs_sectoral`.
pub const REFERENCE_FUEL_HEADERS: [&str; 22] = [
    "region",
    "year",
    "factor set",
    "fuel",
    "fuel (English)",
    "fuel (Chinese)",
    "fuel group",
    "unit",
    "apparent consumption, supply items (unit)",
    "apparent consumption, printed supply total (unit)",
    "excluded: non-energy use (unit)",
    "apparent consumption (TJ)",
    "excluded: non-energy use (TJ)",
    "CO2 from supply items (t CO2)",
    "CO2 from printed supply total (t CO2)",
    "CO2 per unit (t CO2 / unit)",
    "method",
    "factor ids",
    "conversion, net (unit)",
    "losses (unit)",
    "statistical difference (unit)",
    "inputs (file › sheet › cell)",
];

/// The title of the per-fuel table of `reference_vs_sectoral`.
pub const REFERENCE_FUEL_TITLE: &str = "Reference approach per fuel 分品种参考方法";

/// reference_vs_sectoral: per region × year, RA against SA per fuel group and in total (row 0 is its
/// header, frozen and filtered), a note, then the reference approach per fuel.
fn reference_sheet(ws: &mut Worksheet, refs: &[ReferenceApproach], f: &Formats) -> XResult<()> {
    let mut s = Sheet::new(ws, REFERENCE_SHEET)?;
    let h = strings(&REFERENCE_COMPARISON_HEADERS);
    s.header(0, &h, f)?;
    s.ws.insert_note(
        0,
        10,
        &Note::new(format!(
            "2006 IPCC Guidelines, Vol. 2, Ch. 6 (Reference Approach), §6.8: differences of more than a few per cent \
             between the reference and the sectoral approach should be explained. Flagged here when |difference| > {FLAG_PCT} %, \
             with the difference from the supply items (the IPCC figure)."
        ))
        .set_author("ghgkit"),
    )?;
    let mut r = 1;
    for ra in refs {
        for c in &ra.comparison {
            let total = c.group == "total";
            let tf = if total { &f.text_bold } else { &f.text };
            let nf = if total { &f.t_bold } else { &f.t };
            let df = match (c.flag, total) {
                (true, _) => &f.bad_diff,
                (false, true) => &f.diff_bold,
                (false, false) => &f.diff,
            };
            s.text(r, 0, &ra.region, tf)?;
            s.num(r, 1, ra.year as f64, &f.int, 0)?;
            s.text(r, 2, &ra.factor_set, tf)?;
            s.text(r, 3, &c.group, if c.flag { &f.bad_text } else { tf })?;
            s.num(r, 4, c.reference_co2_t, nf, 2)?;
            s.num(r, 5, c.reference_from_total_co2_t, nf, 2)?;
            s.num(r, 6, c.sectoral_co2_t, nf, 2)?;
            s.num(r, 7, c.reference_co2_t - c.sectoral_co2_t, nf, 2)?;
            if let Some(p) = c.difference_pct {
                s.num(r, 8, p, df, 2)?;
            }
            if let Some(p) = c.difference_from_total_pct {
                let flagged = p.abs() > FLAG_PCT;
                s.num(r, 9, p, if flagged { &f.bad_diff } else { df }, 2)?;
            }
            if c.flag {
                s.ws.write_boolean_with_format(r, 10, true, &f.bad_text)?;
                s.fit(10, 5.0);
            } else {
                s.boolean(r, 10, false)?;
            }
            let g = &c.gap;
            for (i, v) in [
                g.supply_items_vs_total_t,
                g.conversion_t,
                g.losses_t,
                g.statistical_difference_t,
                g.other_t,
            ]
            .into_iter()
            .enumerate()
            {
                s.num(r, 11 + i as u16, v, nf, 2)?;
            }
            s.text_nofit(r, 16, &c.explanation, &f.wrap)?;
            r += 1;
        }
    }
    let last_comparison = r - 1;
    r += 1;
    for line in [
        "RA = reference approach (2006 IPCC Guidelines, Vol. 2, Ch. 6, Eq. 6.1–6.3): CO2 from the apparent consumption of each fuel (the supply rows of the energy balance), less non-energy use, with the factors of the sectoral approach; SA = sectoral approach: the inventory's CO2 of fuel combustion (1.A), memo items excluded.".to_string(),
        format!(
            "difference (%) = (RA − SA) / SA × 100, flagged beyond ±{FLAG_PCT} % (Vol. 2 Ch. 6 §6.8: differences of more than a few per cent are to be explained); RA − SA = the sum of the five gap columns, split by the balance identity (see the explanation)."
        ),
        "The same figures, in one flat table: reference_approach.csv. Figures are stored unrounded.".to_string(),
    ] {
        s.text_nofit(r, 0, &line, &f.text)?;
        r += 1;
    }

    // Per fuel.
    r += 1;
    s.text_nofit(r, 0, REFERENCE_FUEL_TITLE, &f.section)?;
    r += 1;
    s.header(r, &strings(&REFERENCE_FUEL_HEADERS), f)?;
    r += 1;
    let catalogue = FuelCatalogue::builtin();
    for ra in refs {
        for x in &ra.fuels {
            let fuel = catalogue.get(&x.fuel);
            s.text(r, 0, &ra.region, &f.text)?;
            s.num(r, 1, ra.year as f64, &f.int, 0)?;
            s.text(r, 2, &ra.factor_set, &f.text)?;
            s.text(r, 3, &x.fuel, &f.text)?;
            s.text(r, 4, fuel.map_or("", |x| x.name_en.as_str()), &f.text)?;
            s.text(r, 5, fuel.map_or("", |x| x.name_zh.as_str()), &f.text)?;
            s.text(r, 6, x.group.as_str(), &f.text)?;
            s.text(r, 7, &x.unit, &f.text)?;
            s.num(r, 8, x.apparent_consumption, &f.t, 2)?;
            if let Some(v) = x.apparent_consumption_from_total {
                s.num(r, 9, v, &f.t, 2)?;
            }
            s.num(r, 10, x.excluded, &f.t, 2)?;
            s.num(r, 11, x.apparent_consumption_tj, &f.t, 2)?;
            s.num(r, 12, x.excluded_tj, &f.t, 2)?;
            s.num(r, 13, x.co2_t, &f.t, 2)?;
            if let Some(v) = x.co2_from_total_t {
                s.num(r, 14, v, &f.t, 2)?;
            }
            s.general(r, 15, x.co2_per_unit_t, &f.general)?;
            // Column Q (16) is also the comparison's explanation: wide, so the method fits.
            s.text_nofit(r, 16, &x.method, &f.text)?;
            s.text(r, 17, &x.factor_ids.join(" ; "), &f.text)?;
            s.num(r, 18, x.conversion, &f.t, 2)?;
            s.num(r, 19, x.losses, &f.t, 2)?;
            s.num(r, 20, x.statistical_difference, &f.t, 2)?;
            let inputs: Vec<String> = x.inputs.iter().map(|l| l.to_string()).collect();
            s.text_nofit(r, 21, &inputs.join(" ; "), &f.text)?;
            r += 1;
        }
    }
    s.finish_table(h.len(), last_comparison)?;
    // Explanations (comparison) and methods (fuels) share column Q: wide, the explanations wrapped.
    s.ws.set_column_width(16, 80.0)?;
    Ok(())
}

/// The headers of `indirect_electricity`.
pub const INDIRECT_HEADERS: [&str; 12] = [
    "region",
    "year",
    "net imports (kWh)",
    "net imports (10⁸ kWh, 亿千瓦时)",
    "grid factor (kg CO2/kWh)",
    "factor id",
    "factor year",
    "factor region",
    "indirect CO2 (t CO2)",
    "indirect CO2 (Mt CO2)",
    "inputs (file › sheet › cell)",
    "note",
];

/// The line below the table of `indirect_electricity`.
pub const INDIRECT_NOT_IN_TOTAL: &str = "These indirect emissions (电力调入调出间接排放, a memo item of China's provincial inventory guidelines, NDRC 2011) are NOT in the territorial total nor in any total of this workbook: the power plants that made the electricity are in their own region's inventory. Negative for a net exporter. Indirect CO2 (t) = net imports (kWh) × grid factor (kg CO2/kWh) / 1000.";

/// indirect_electricity: one row per region × year, then the line saying they are not in the total.
fn indirect_sheet(ws: &mut Worksheet, rows: &[IndirectElectricity], f: &Formats) -> XResult<()> {
    let mut s = Sheet::new(ws, INDIRECT_SHEET)?;
    let h = strings(&INDIRECT_HEADERS);
    s.header(0, &h, f)?;
    let mut r = 1;
    for x in rows {
        s.text(r, 0, &x.region, &f.text)?;
        s.num(r, 1, x.year as f64, &f.int, 0)?;
        s.num(r, 2, x.net_import_kwh, &f.kwh, 0)?;
        s.num(r, 3, x.net_import_kwh / 1e8, &f.t, 2)?;
        s.num(r, 4, x.grid_factor, &f.factor, 4)?;
        s.text(r, 5, &x.factor_id, &f.text)?;
        if let Some(y) = x.factor_year {
            s.num(r, 6, y as f64, &f.int, 0)?;
        }
        s.text(
            r,
            7,
            x.factor_region.as_deref().unwrap_or("national"),
            &f.text,
        )?;
        s.num(r, 8, x.co2_t, &f.t_bold, 2)?;
        s.num(r, 9, x.co2_t / 1e6, &f.mt, 3)?;
        let inputs: Vec<String> = x.inputs.iter().map(|l| l.to_string()).collect();
        s.text(r, 10, &inputs.join(" ; "), &f.text)?;
        s.text_nofit(r, 11, &x.note, &f.wrap)?;
        r += 1;
    }
    let last = r - 1;
    s.text_nofit(r + 1, 0, INDIRECT_NOT_IN_TOTAL, &f.text_bold)?;
    s.finish_table(h.len(), last)?;
    s.ws.set_column_width(11, 80.0)?;
    Ok(())
}

/// A sheet holding one [`FlatTable`](super::assess::FlatTable): its headers (with units), one row per
/// table row, numbers formatted by their column's kind; header frozen, autofilter.
fn flat_sheet(
    ws: &mut Worksheet,
    name: &str,
    t: &super::assess::FlatTable,
    f: &Formats,
) -> XResult<()> {
    use super::assess::{Kind, Value};
    let mut s = Sheet::new(ws, name)?;
    let h: Vec<String> = t.columns.iter().map(|c| c.header.to_string()).collect();
    s.header(0, &h, f)?;
    for (i, row) in t.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, (v, column)) in row.iter().zip(t.columns).enumerate() {
            let c = c as u16;
            match v {
                Value::Text(x) => s.text(r, c, x, &f.text)?,
                Value::Num(x) => match column.kind {
                    Kind::Int => s.num(r, c, *x, &f.int, 0)?,
                    Kind::Tonnes => s.num(r, c, *x, &f.t, 2)?,
                    Kind::Fraction => s.num(r, c, *x, &f.share, 4)?,
                    Kind::Percent => s.num(r, c, *x, &f.diff, 3)?,
                    Kind::Text | Kind::General => s.general(r, c, *x, &f.general)?,
                },
                Value::Empty => {}
            }
        }
    }
    s.finish_table(h.len(), t.rows.len() as u32)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_chinese_double() {
        assert_eq!(text_width("abc"), 3.0);
        assert_eq!(text_width("能源"), 4.0);
        assert_eq!(text_width("a\nbcd"), 3.0);
        assert_eq!(number_width(1_234_567.891, 2), 12.0); // 1,234,567.89
        assert_eq!(number_width(0.5, 2), 4.0); // 0.50
        assert_eq!(number_width(-12.0, 0), 3.0);
    }

    #[test]
    fn an_empty_inventory_still_gives_a_workbook_and_json() {
        let inv = Inventory {
            factor_set: "ipcc2006".into(),
            gwp_set: "AR5".into(),
            rows: Vec::new(),
            factors_used: Default::default(),
            warnings: Default::default(),
        };
        let data = ReportData::from(&inv);
        assert_eq!(sheet_names(&data).len(), 6);
        let a = inventory_xlsx(&data).unwrap();
        assert!(a.starts_with(b"PK"));
        assert_eq!(a, inventory_xlsx(&data).unwrap(), "deterministic");
        let j: serde_json::Value =
            serde_json::from_slice(&super::super::json::summary_json(&data).unwrap()).unwrap();
        assert_eq!(j["totals"].as_array().map(Vec::len), Some(0));
        assert_eq!(j["factor_sets"][0]["name"], "ipcc2006");
    }
}
