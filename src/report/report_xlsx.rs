//! `report.xlsx`: the publication tables of a run, formatted for people, with native Excel charts.
//! `inventory.xlsx` stays the complete, traceable inventory workbook (provenance, factors, the whole
//! category tree); this workbook is the short report that goes with `report.html`: what a reader of the
//! department's publication looks at, for the inventory and the scenarios together.
//!
//! | sheet | content |
//! |---|---|
//! | `inventory` | per region × year: total, CO2e by gas, memo items (Mt CO2e); then CO2e by third-level IPCC category as a wide table (one row per region × year, one column per category, Mt CO2e) with a native chart of the first region (stacked columns over the years, or bars for a single year) |
//! | `scenarios` | `scenario, variable, unit, year, mean, p5, p25, p50, p75, p95` (as `trajectories.csv`) with a line chart of the median CO2 of each scenario |
//! | `targets` | per scenario and target: condition, probability, draws meeting it; the peak-year distribution |
//! | `methods` | data source, factor sets, GWP set, methods and scenario files |
//!
//! Header rows are bold and frozen, with units in the names; numbers are numbers with a format
//! (`0.00` for Mt, `0.0%` for probabilities stored as fractions); columns are sized to their content.
//! Every text is written with `write_string` (never a formula, whatever it starts with: a region named
//! `=cmd|…` stays text); chart series names and categories point at cells. The creation date is fixed,
//! so the same run gives the same bytes. Sheet names are English in both languages (stable for pandas);
//! headers follow the report's language.

use super::publish::{InventoryPart, Parts, ScenarioPart};
use super::tables;
use crate::error::{Error, Result};
use crate::report::template::Lang;
use crate::scenario::targets;
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, DocProperties, ExcelDateTime, Format, Workbook,
    Worksheet, XlsxError,
};
use std::collections::BTreeMap;

type XResult<T> = std::result::Result<T, XlsxError>;

/// The sheets, in workbook order (those of the parts present are written), followed by `key_categories`
/// and `uncertainty` when the inventory was assessed.
pub const SHEETS: [&str; 4] = ["inventory", "scenarios", "targets", "methods"];

/// A worksheet with the widths of its columns tracked.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    widths: BTreeMap<u16, f64>,
}

impl Sheet<'_> {
    fn fit(&mut self, col: u16, chars: f64) {
        let w = self.widths.entry(col).or_insert(6.0);
        *w = w.max(chars);
    }

    fn text(&mut self, row: u32, col: u16, s: &str, f: Option<&Format>) -> XResult<()> {
        match f {
            Some(f) => self.ws.write_string_with_format(row, col, s, f)?,
            None => self.ws.write_string(row, col, s)?,
        };
        // CJK characters are about twice as wide as Latin ones.
        let w: f64 = s
            .chars()
            .map(|c| if (c as u32) >= 0x2E80 { 2.0 } else { 1.0 })
            .sum();
        self.fit(col, w.min(60.0));
        Ok(())
    }

    fn num(&mut self, row: u32, col: u16, v: f64, f: &Format) -> XResult<()> {
        if v.is_finite() {
            self.ws.write_number_with_format(row, col, v, f)?;
            self.fit(col, 10.0);
        }
        Ok(())
    }

    /// A header row; the header format wraps, so long names widen their column only to 24 characters.
    fn header(&mut self, row: u32, names: &[String], f: &Format) -> XResult<()> {
        for (c, n) in names.iter().enumerate() {
            self.ws.write_string_with_format(row, c as u16, n, f)?;
            let w: f64 = n
                .chars()
                .map(|c| if (c as u32) >= 0x2E80 { 2.0 } else { 1.0 })
                .sum();
            self.fit(c as u16, w.min(24.0));
        }
        Ok(())
    }

    /// A section title: not counted in the column's width (it may run over the next cells).
    fn title(&mut self, row: u32, s: &str, f: &Format) -> XResult<()> {
        self.ws.write_string_with_format(row, 0, s, f)?;
        Ok(())
    }

    fn finish(&mut self) -> XResult<()> {
        for (&c, &w) in &self.widths {
            self.ws.set_column_width(c, w * 1.1 + 2.0)?;
        }
        Ok(())
    }
}

struct Formats {
    title: Format,
    header: Format,
    mt: Format,
    num: Format,
    pct: Format,
    int: Format,
    wrap: Format,
}

fn xerr(e: XlsxError) -> Error {
    Error::Internal(format!("report.xlsx: {e}"))
}

/// The bytes of `report.xlsx` for the parts of a run.
pub fn report_xlsx(parts: &Parts<'_>) -> Result<Vec<u8>> {
    build(parts).map_err(xerr)
}

fn build(parts: &Parts<'_>) -> XResult<Vec<u8>> {
    let f = Formats {
        title: Format::new().set_bold().set_font_size(14),
        header: Format::new()
            .set_bold()
            .set_background_color("#EEF4F9")
            .set_text_wrap(),
        mt: Format::new().set_num_format("#,##0.00"),
        num: Format::new().set_num_format("0.000"),
        pct: Format::new().set_num_format("0.0%"),
        int: Format::new().set_num_format("0"),
        wrap: Format::new().set_text_wrap(),
    };
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("ghgkit report")
            .set_author("ghgkit")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2024, 1, 1)?),
    );
    let l = parts.lang;
    if let Some(p) = &parts.inventory {
        let ws = wb.add_worksheet().set_name(SHEETS[0])?;
        inventory_sheet(ws, p, l, &f)?;
    }
    if let Some(s) = &parts.scenarios {
        let ws = wb.add_worksheet().set_name(SHEETS[1])?;
        scenarios_sheet(ws, s, l, &f)?;
        let ws = wb.add_worksheet().set_name(SHEETS[2])?;
        targets_sheet(ws, s, l, &f)?;
    }
    let ws = wb.add_worksheet().set_name(SHEETS[3])?;
    methods_sheet(ws, parts, l, &f)?;
    // The key categories and the uncertainty, as in inventory.xlsx (after methods, so that the sheets
    // above keep their places).
    if let Some(a) = parts.inventory.as_ref().and_then(|p| p.data.assessment) {
        super::xlsx::assessment_sheets(&mut wb, a)?;
    }
    wb.save_to_buffer()
}

fn inventory_sheet(ws: &mut Worksheet, p: &InventoryPart<'_>, l: Lang, f: &Formats) -> XResult<()> {
    let inv = p.data.inventory;
    let mut s = Sheet {
        ws,
        widths: BTreeMap::new(),
    };
    let gases = tables::gases(inv);
    let mut names = vec![
        l.pick("region", "地区").to_string(),
        l.pick("year", "年份").to_string(),
        l.pick("total (Mt CO2e)", "总量（Mt CO2e）").to_string(),
    ];
    for g in &gases {
        names.push(format!("{g} (Mt CO2e)"));
    }
    names.push(
        l.pick(
            "memo items, not in total (Mt CO2e)",
            "信息项，不计入总量（Mt CO2e）",
        )
        .to_string(),
    );
    s.header(0, &names, &f.header)?;
    let memo = tables::memo_items(inv);
    let totals = tables::totals(inv);
    let mut r = 1;
    for ((region, year), sums) in &totals {
        s.text(r, 0, region, None)?;
        s.num(r, 1, *year as f64, &f.int)?;
        s.num(r, 2, sums.co2e() / 1e6, &f.mt)?;
        for (k, g) in gases.iter().enumerate() {
            s.num(r, 3 + k as u16, sums.co2e_of(*g) / 1e6, &f.mt)?;
        }
        let m: f64 = memo
            .get(&(region.clone(), *year))
            .map_or(0.0, |v| v.iter().map(|i| i.sums.co2e()).sum());
        s.num(r, 3 + gases.len() as u16, m / 1e6, &f.mt)?;
        r += 1;
    }
    s.ws.set_freeze_panes(1, 0)?;
    // CO2e by third-level category, wide: one row per region × year.
    r += 1;
    s.title(
        r,
        l.pick(
            "CO2e by IPCC category, third level (Mt CO2e; memo items excluded)",
            "按IPCC第三级类别的CO2当量排放（Mt CO2e；不含信息项）",
        ),
        &f.title,
    )?;
    r += 1;
    let tree = crate::categories::CategoryTree::ipcc2006();
    let by = inv.by_category(3);
    let codes: Vec<String> = {
        let mut c: Vec<String> = by.keys().map(|k| k.2.clone()).collect();
        c.sort_by_key(|k| (tree.index_of(k).unwrap_or(usize::MAX), k.clone()));
        c.dedup();
        c
    };
    let header_row = r;
    let mut names = vec![
        l.pick("region", "地区").to_string(),
        l.pick("year", "年份").to_string(),
    ];
    for c in &codes {
        let title = tree
            .get(c)
            .map(|x| l.pick(x.title_en.as_str(), x.title_zh.as_str()).to_string())
            .unwrap_or_default();
        names.push(format!("{c} {title} (Mt CO2e)"));
    }
    s.header(r, &names, &f.header)?;
    r += 1;
    let first_row = r;
    let first_region = totals.keys().next().map(|k| k.0.clone());
    let mut last_first_region = r;
    for (region, year) in totals.keys() {
        s.text(r, 0, region, None)?;
        s.num(r, 1, *year as f64, &f.int)?;
        for (k, c) in codes.iter().enumerate() {
            let v = by
                .get(&(region.clone(), *year, c.clone()))
                .copied()
                .unwrap_or(0.0);
            s.num(r, 2 + k as u16, v / 1e6, &f.mt)?;
        }
        if Some(region) == first_region.as_ref() {
            last_first_region = r;
        }
        r += 1;
    }
    if !codes.is_empty() && first_region.is_some() {
        let name = SHEETS[0];
        let single = first_row == last_first_region;
        let mut chart = if single {
            Chart::new_bar()
        } else {
            Chart::new(ChartType::ColumnStacked)
        };
        if single {
            // One year: one series over the categories (the header cells), bars.
            chart
                .add_series()
                .set_name((name, first_row, 0))
                .set_categories((name, header_row, 2, header_row, 1 + codes.len() as u16))
                .set_values((name, first_row, 2, first_row, 1 + codes.len() as u16));
            chart.y_axis().set_reverse();
            chart.legend().set_hidden();
        } else {
            for k in 0..codes.len() as u16 {
                chart
                    .add_series()
                    .set_name((name, header_row, 2 + k))
                    .set_categories((name, first_row, 1, last_first_region, 1))
                    .set_values((name, first_row, 2 + k, last_first_region, 2 + k));
            }
            chart.legend().set_position(ChartLegendPosition::Bottom);
        }
        chart.title().set_name(l.pick(
            "Emissions by IPCC category (Mt CO2e)",
            "按IPCC类别的排放（Mt CO2e）",
        ));
        chart.set_width(760).set_height(420);
        s.ws.insert_chart(r + 1, 0, &chart)?;
    }
    s.finish()
}

fn scenarios_sheet(ws: &mut Worksheet, sp: &ScenarioPart<'_>, l: Lang, f: &Formats) -> XResult<()> {
    let mut s = Sheet {
        ws,
        widths: BTreeMap::new(),
    };
    let names: Vec<String> = [
        l.pick("scenario", "情景"),
        l.pick("variable", "变量"),
        l.pick("unit", "单位"),
        l.pick("year", "年份"),
        l.pick("mean", "均值"),
        "p5",
        "p25",
        l.pick("p50 (median)", "p50（中位数）"),
        "p75",
        "p95",
    ]
    .iter()
    .map(|x| x.to_string())
    .collect();
    s.header(0, &names, &f.header)?;
    let mut r = 1;
    // Rows of the median CO2 of each scenario, for the chart.
    let mut co2_rows = Vec::new();
    for o in sp.outcomes {
        for (v, var) in o.variables.iter().enumerate() {
            let (key, unit) = (var.key.as_str(), var.unit);
            let start = r;
            for (y, st) in o.stats[v].iter().enumerate() {
                s.text(r, 0, &o.scenario.name, None)?;
                s.text(r, 1, key, None)?;
                s.text(r, 2, unit, None)?;
                s.num(r, 3, (o.scenario.base_year + y as i32) as f64, &f.int)?;
                for (c, x) in [st.mean, st.p5, st.p25, st.p50, st.p75, st.p95]
                    .into_iter()
                    .enumerate()
                {
                    s.num(r, 4 + c as u16, x, &f.num)?;
                }
                r += 1;
            }
            if key == "co2" && r > start {
                co2_rows.push((start, r - 1));
            }
        }
    }
    s.ws.set_freeze_panes(1, 0)?;
    s.ws.autofilter(0, 0, r.saturating_sub(1).max(1), 9)?;
    if !co2_rows.is_empty() {
        let mut chart = Chart::new_line();
        for (a, b) in &co2_rows {
            chart
                .add_series()
                .set_name((SHEETS[1], *a, 0))
                .set_categories((SHEETS[1], *a, 3, *b, 3))
                .set_values((SHEETS[1], *a, 7, *b, 7));
        }
        chart
            .title()
            .set_name(l.pick("Median CO2 by scenario (Mt)", "各情景CO2排放中位数（Mt）"));
        chart.y_axis().set_name("Mt CO2");
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(720).set_height(400);
        s.ws.insert_chart(1, 11, &chart)?;
    }
    s.finish()
}

fn targets_sheet(ws: &mut Worksheet, sp: &ScenarioPart<'_>, l: Lang, f: &Formats) -> XResult<()> {
    let mut s = Sheet {
        ws,
        widths: BTreeMap::new(),
    };
    let names: Vec<String> = [
        l.pick("scenario", "情景"),
        l.pick("target", "目标"),
        l.pick("condition", "条件"),
        l.pick("probability", "达成概率"),
        l.pick("draws meeting it", "达成的抽样数"),
    ]
    .iter()
    .map(|x| x.to_string())
    .collect();
    s.header(0, &names, &f.header)?;
    let mut r = 1;
    let evals: Vec<_> = sp.outcomes.iter().map(targets::evaluate).collect();
    for e in &evals {
        for t in &e.targets {
            s.text(r, 0, &e.scenario, None)?;
            s.text(r, 1, t.target, None)?;
            s.text(r, 2, &t.condition, None)?;
            s.num(r, 3, t.probability, &f.pct)?;
            s.num(r, 4, t.draws_met as f64, &f.int)?;
            r += 1;
        }
    }
    s.ws.set_freeze_panes(1, 0)?;
    r += 1;
    s.title(
        r,
        l.pick("Peak-year distribution", "达峰年份分布"),
        &f.title,
    )?;
    r += 1;
    let names: Vec<String> = [
        l.pick("scenario", "情景"),
        l.pick("peak year", "达峰年份"),
        l.pick("share of draws", "抽样占比"),
        l.pick("draws", "抽样数"),
    ]
    .iter()
    .map(|x| x.to_string())
    .collect();
    s.header(r, &names, &f.header)?;
    r += 1;
    for e in &evals {
        for p in &e.peak_year.years {
            s.text(r, 0, &e.scenario, None)?;
            s.num(r, 1, p.year as f64, &f.int)?;
            s.num(r, 2, p.share, &f.pct)?;
            s.num(r, 3, p.draws as f64, &f.int)?;
            r += 1;
        }
        s.text(r, 0, &e.scenario, None)?;
        s.text(
            r,
            1,
            &format!("{} {}", l.pick("not peaked by", "未达峰，至"), e.end_year),
            None,
        )?;
        s.num(r, 2, e.peak_year.not_peaked_within_horizon, &f.pct)?;
        s.num(r, 3, e.peak_year.not_peaked_draws as f64, &f.int)?;
        r += 1;
    }
    s.finish()
}

fn methods_sheet(ws: &mut Worksheet, parts: &Parts<'_>, l: Lang, f: &Formats) -> XResult<()> {
    let mut s = Sheet {
        ws,
        widths: BTreeMap::new(),
    };
    s.title(0, l.pick("Methods and sources", "方法与数据来源"), &f.title)?;
    let mut r = 2;
    let mut line = |s: &mut Sheet<'_>, k: &str, v: &str| -> XResult<()> {
        s.text(r, 0, k, Some(&f.header))?;
        s.ws.write_string_with_format(r, 1, v, &f.wrap)?;
        r += 1;
        Ok(())
    };
    line(&mut s, "ghgkit", env!("CARGO_PKG_VERSION"))?;
    if let Some(p) = &parts.inventory {
        let inv = p.data.inventory;
        line(
            &mut s,
            l.pick("activity data", "活动水平数据"),
            parts.data_source,
        )?;
        line(&mut s, l.pick("GWP100 set", "GWP100"), &inv.gwp_set)?;
        let gwp: Vec<String> = tables::gwp_used(inv)
            .iter()
            .map(|g| format!("{} {} = {}", g.gas, g.origin, g.gwp).replace("  ", " "))
            .collect();
        line(
            &mut s,
            l.pick("GWP100 values used", "所用GWP100值"),
            &gwp.join("; "),
        )?;
        for set in tables::factor_sets(inv) {
            line(
                &mut s,
                l.pick("factor set", "排放因子集"),
                &format!(
                    "{}{}: {}",
                    set.name,
                    if set.chosen { " (chosen)" } else { "" },
                    set.document
                ),
            )?;
        }
        line(
            &mut s,
            l.pick("method", "方法"),
            l.pick(
                "IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1 (fuel combustion), Ch. 4 (fugitive), Ch. 6 (reference approach); memo items and indirect electricity not in totals",
                "IPCC 2006 第2卷第2章式2.1（燃料燃烧）、第4章（逃逸排放）、第6章（参考方法）；信息项和电力间接排放不计入总量",
            ),
        )?;
    }
    if let Some(sp) = &parts.scenarios {
        let files: Vec<&str> = sp
            .outcomes
            .iter()
            .map(|o| o.scenario.file.as_str())
            .collect();
        line(
            &mut s,
            l.pick("scenario files", "情景文件"),
            &files.join(", "),
        )?;
        if let Some(o) = sp.outcomes.first() {
            line(
                &mut s,
                l.pick("Monte Carlo", "蒙特卡洛"),
                &format!(
                    "{} draws, seed {}; Kaya identity CO2 = GDP × CO2/GDP; type-7 percentiles",
                    o.options.draws, o.options.seed
                ),
            )?;
        }
    }
    s.ws.set_column_width(1, 100.0)?;
    s.widths.remove(&1);
    s.finish()
}
