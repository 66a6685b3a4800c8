//! Adapters from the data ghgkit already has (an [`Inventory`], reference approaches, scenario
//! [`Outcome`]s) to the plain chart data of [`super::data`], with titles, axis titles and footnotes in the
//! style's language; and [`inventory_charts`] / [`scenario_charts`], every chart of a run, named.

use super::Rendered;
use super::charts;
use super::data::{Bars, ChartText, Fan, Fans, Grouped, StackedSeries};
use super::style::Style;
use crate::categories::CategoryTree;
use crate::error::Result;
use crate::gases::Gas;
use crate::inventory::Inventory;
use crate::inventory::reference::ReferenceApproach;
use crate::report::tables;
use crate::scenario::Outcome;
use crate::scenario::targets;
use std::collections::BTreeMap;

/// A rendered chart with its file stem (`emissions_by_sector` → `.png`, `.svg`) and a caption.
pub struct NamedChart {
    /// File stem.
    pub name: String,
    /// One sentence saying what the chart shows (for reports).
    pub caption: String,
    /// The chart.
    pub rendered: Rendered,
}

/// Named series at most: the largest `MAX_SERIES − 1` by absolute sum, then one "other" series.
pub const MAX_SERIES: usize = 8;

/// Series `(key, label, value per year)` reduced to [`MAX_SERIES`]: the largest by absolute sum over the
/// years keep their order of appearance… sorted by decreasing sum (sources first, then sinks), the rest
/// summed into `other`.
fn top_series(
    mut all: Vec<(String, Vec<f64>)>,
    other: &str,
    years: usize,
) -> Vec<(String, Vec<f64>)> {
    // Sources (net positive) by decreasing sum, then sinks (net negative) by increasing sum: stacks read
    // from the zero line outwards.
    let sum = |v: &Vec<f64>| v.iter().sum::<f64>();
    all.sort_by(|a, b| {
        let (sa, sb) = (sum(&a.1), sum(&b.1));
        (sa < 0.0)
            .cmp(&(sb < 0.0))
            .then(sb.abs().total_cmp(&sa.abs()))
            .then_with(|| a.0.cmp(&b.0))
    });
    if all.len() <= MAX_SERIES {
        return all;
    }
    // Keep the largest by magnitude; the rest, one "other" line (sources and sinks netted per year).
    let mut by_size: Vec<usize> = (0..all.len()).collect();
    by_size.sort_by(|&a, &b| sum(&all[b].1).abs().total_cmp(&sum(&all[a].1).abs()));
    let keep: std::collections::BTreeSet<usize> =
        by_size.into_iter().take(MAX_SERIES - 1).collect();
    let mut rest = vec![0.0; years];
    let mut out = Vec::new();
    for (i, s) in all.into_iter().enumerate() {
        if keep.contains(&i) {
            out.push(s);
        } else {
            for (r, v) in rest.iter_mut().zip(&s.1) {
                *r += v;
            }
        }
    }
    out.push((other.to_string(), rest));
    out
}

/// The years of one region, ascending.
fn region_years(inv: &Inventory, region: &str) -> Vec<i32> {
    let mut years: Vec<i32> = inv
        .rows
        .iter()
        .filter(|r| r.region == region)
        .map(|r| r.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// Series over years from `(key → year → value)`, values divided by 1e6 (t → Mt).
fn series_from(
    m: BTreeMap<String, BTreeMap<i32, f64>>,
    years: &[i32],
    label: impl Fn(&str) -> String,
    other: &str,
) -> Vec<(String, Vec<f64>)> {
    let all = m
        .into_iter()
        .map(|(k, by_year)| {
            let v = years
                .iter()
                .map(|y| by_year.get(y).copied().unwrap_or(0.0) / 1e6)
                .collect();
            (label(&k), v)
        })
        .collect();
    top_series(all, other, years.len())
}

fn totals_of(inv: &Inventory, region: &str, years: &[i32]) -> Vec<f64> {
    let t = inv.totals();
    years
        .iter()
        .map(|y| t.get(&(region.to_string(), *y)).copied().unwrap_or(0.0) / 1e6)
        .collect()
}

fn span(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

/// The footnote of inventory charts: GWP set, factor set, data source, what is excluded.
pub fn inventory_footnote(inv: &Inventory, source: &str, style: &Style) -> String {
    format!(
        "{} {}. {} \"{}\". {} {}. {}",
        style.t("GWP100:", "全球增温潜势 GWP100："),
        gwp_name(&inv.gwp_set, style),
        style.t("Factor set", "排放因子集"),
        inv.factor_set,
        style.t("Data:", "数据来源："),
        source,
        style.t(
            "Memo items (biomass CO2, international bunkers) and indirect emissions of electricity are not in the totals.",
            "信息项（生物质燃烧CO2、国际燃料舱）和电力调入调出间接排放不计入总量。"
        )
    )
}

fn gwp_name(set: &str, style: &Style) -> String {
    let report = match set {
        "SAR" => style.t("IPCC Second Assessment Report", "IPCC第二次评估报告"),
        "AR4" => style.t("IPCC Fourth Assessment Report", "IPCC第四次评估报告"),
        "AR5" => style.t("IPCC Fifth Assessment Report", "IPCC第五次评估报告"),
        "AR6" => style.t("IPCC Sixth Assessment Report", "IPCC第六次评估报告"),
        _ => "",
    };
    if report.is_empty() {
        set.to_string()
    } else {
        format!("{set} ({report})")
    }
}

fn mt_co2e(style: &Style) -> String {
    style
        .t(
            "Emissions, Mt CO2e",
            "排放量，百万吨二氧化碳当量（Mt CO2e）",
        )
        .to_string()
}

/// Emissions of one region by IPCC category at `depth` (3 = `1.A.1` …), Mt CO2e, memo items excluded;
/// sinks (negative, e.g. LULUCF 3.B) stay negative.
pub fn by_sector(
    inv: &Inventory,
    region: &str,
    years: &[i32],
    depth: usize,
    style: &Style,
) -> StackedSeries {
    let tree = CategoryTree::ipcc2006();
    let mut m: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    for ((r, y, code), v) in inv.by_category(depth) {
        if r == region {
            *m.entry(code).or_default().entry(y).or_insert(0.0) += v;
        }
    }
    let label = |code: &str| match tree.get(code) {
        Some(c) => format!("{code} {}", style.t(&c.title_en, &c.title_zh)),
        None => code.to_string(),
    };
    StackedSeries {
        years: years.to_vec(),
        series: series_from(m, years, label, style.t("Other categories", "其他类别")),
        total: totals_of(inv, region, years),
        total_label: style.t("Total", "总量").into(),
    }
}

/// Emissions of one region by gas, Mt CO2e.
pub fn by_gas(inv: &Inventory, region: &str, years: &[i32], style: &Style) -> StackedSeries {
    let mut m: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    for r in inv.rows.iter().filter(|r| !r.memo && r.region == region) {
        *m.entry(r.gas.to_string())
            .or_default()
            .entry(r.year)
            .or_insert(0.0) += r.co2e_t;
    }
    let label = |g: &str| {
        let zh = match Gas::parse(g) {
            Some(Gas::CO2) => "二氧化碳 CO2",
            Some(Gas::CH4) => "甲烷 CH4",
            Some(Gas::N2O) => "氧化亚氮 N2O",
            _ => g,
        };
        style.t(g, zh).to_string()
    };
    StackedSeries {
        years: years.to_vec(),
        series: series_from(m, years, label, style.t("Other gases", "其他气体")),
        total: totals_of(inv, region, years),
        total_label: style.t("Total", "总量").into(),
    }
}

/// Emissions of one region by fuel (combustion and fugitive emissions of the fuel), Mt CO2e.
pub fn by_fuel(inv: &Inventory, region: &str, years: &[i32], style: &Style) -> StackedSeries {
    let mut m: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for l in tables::fuel_lines(inv)
        .into_iter()
        .filter(|l| l.region == region)
    {
        let name = style.t(&l.name_en, &l.name_zh);
        names.insert(
            l.fuel.clone(),
            if name.is_empty() {
                l.fuel.clone()
            } else {
                name.to_string()
            },
        );
        *m.entry(l.fuel).or_default().entry(l.year).or_insert(0.0) += l.sums.co2e();
    }
    let label = |k: &str| names.get(k).cloned().unwrap_or_else(|| k.to_string());
    StackedSeries {
        years: years.to_vec(),
        series: series_from(m, years, label, style.t("Other fuels", "其他燃料")),
        total: totals_of(inv, region, years),
        total_label: style.t("Total", "总量").into(),
    }
}

fn group_name(g: &str, style: &Style) -> String {
    match g {
        "solid" => style.t("Solid fuels", "固体燃料"),
        "liquid" => style.t("Liquid fuels", "液体燃料"),
        "gaseous" => style.t("Gaseous fuels", "气体燃料"),
        "other_fossil" => style.t("Other fossil", "其他化石燃料"),
        "total" => style.t("Total", "合计"),
        other => other,
    }
    .to_string()
}

/// The reference approach against the sectoral approach per fuel group, Mt CO2, with the difference in
/// per cent above each group.
pub fn reference_vs_sectoral(ra: &ReferenceApproach, style: &Style) -> Grouped {
    let c = &ra.comparison;
    Grouped {
        groups: c.iter().map(|g| group_name(&g.group, style)).collect(),
        series: vec![
            (
                style.t("Reference approach", "参考方法").into(),
                c.iter().map(|g| g.reference_co2_t / 1e6).collect(),
            ),
            (
                style.t("Sectoral approach", "部门方法").into(),
                c.iter().map(|g| g.sectoral_co2_t / 1e6).collect(),
            ),
        ],
        notes: c
            .iter()
            .map(|g| {
                g.difference_pct
                    .map(|d| {
                        format!("{d:+.1} %{}", if g.flag { " !" } else { "" }).replace('-', "−")
                    })
                    .unwrap_or_default()
            })
            .collect(),
        value_labels: Some((1, String::new())),
        marker: None,
        y_max: None,
    }
}

/// Every inventory chart, per region: `emissions_by_category` (the latest year, bars by third-level
/// category), `emissions_by_sector` (only with two years or more: stacked by category over the years, the
/// total as a line), `emissions_by_gas`, `emissions_by_fuel` (stacked, or bars for a single year),
/// `reference_vs_sectoral` (per balance of that region, the latest year) and, given an assessment,
/// `key_categories` and `uncertainty` ([`super::analysis::assessment_charts`]). With one region the file
/// stems are as named; with several, each ends in `_REGION` and `emissions_by_region` compares the
/// regions' totals in their latest year.
pub fn inventory_charts(
    inv: &Inventory,
    reference: &[ReferenceApproach],
    assessment: Option<&crate::assess::Assessment>,
    source: &str,
    style: &Style,
) -> Result<Vec<NamedChart>> {
    let (regions, _) = tables::regions_and_years(inv);
    let mut out = Vec::new();
    if regions.len() > 1 {
        out.push(by_region_chart(inv, source, style)?);
    }
    for region in &regions {
        let suffix = if regions.len() > 1 {
            format!("_{}", super::analysis::file_stem(region))
        } else {
            String::new()
        };
        let mut charts = region_charts(inv, region, reference, source, style)?;
        if let Some(a) = assessment {
            let foot = inventory_footnote(inv, source, style);
            charts.extend(super::analysis::assessment_charts(
                a, region, "", &foot, style,
            )?);
        }
        for mut c in charts {
            c.name.push_str(&suffix);
            out.push(c);
        }
    }
    Ok(out)
}

/// The latest total of each region, Mt CO2e, largest first.
fn by_region_chart(inv: &Inventory, source: &str, style: &Style) -> Result<NamedChart> {
    let mut latest: BTreeMap<String, (i32, f64)> = BTreeMap::new();
    for ((region, year), t) in inv.totals() {
        let e = latest.entry(region).or_insert((year, t));
        if year > e.0 {
            *e = (year, t);
        }
    }
    let years: std::collections::BTreeSet<i32> = latest.values().map(|v| v.0).collect();
    let mut items: Vec<(String, f64)> = latest
        .into_iter()
        .map(|(r, (y, t))| {
            let label = if years.len() > 1 {
                format!("{r} {y}")
            } else {
                r
            };
            (label, t / 1e6)
        })
        .collect();
    items.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let when = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        _ => style.t("latest year of each", "各地区最新年份").to_string(),
    };
    let text = ChartText {
        title: format!(
            "{} ({when})",
            style.t("Greenhouse-gas emissions by region", "分地区温室气体排放")
        ),
        x_label: mt_co2e(style),
        y_label: String::new(),
        footnote: inventory_footnote(inv, source, style),
    };
    Ok(NamedChart {
        name: "emissions_by_region".into(),
        caption: text.title.clone(),
        rendered: charts::bars(&Bars { items }, &text, style)?,
    })
}

/// `emissions_by_category`: one region's emissions in one year as bars by third-level IPCC category
/// (`1.A.1`, `1.B.1`, …), Mt CO2e, with the total in the title.
pub fn category_chart(
    inv: &Inventory,
    region: &str,
    year: i32,
    source: &str,
    style: &Style,
) -> Result<NamedChart> {
    let cats = by_sector(inv, region, &[year], 3, style);
    let total = cats.total.first().copied().unwrap_or(0.0);
    let text = ChartText {
        title: format!(
            "{region} {year}: {} ({total:.1} Mt CO2e)",
            style.t(
                "greenhouse-gas emissions by IPCC category",
                "按IPCC类别的温室气体排放"
            )
        ),
        x_label: mt_co2e(style),
        y_label: String::new(),
        footnote: inventory_footnote(inv, source, style),
    };
    let bars = Bars {
        items: cats.series.iter().map(|(l, v)| (l.clone(), v[0])).collect(),
    };
    Ok(NamedChart {
        name: "emissions_by_category".into(),
        caption: text.title.clone(),
        rendered: charts::bars(&bars, &text, style)?,
    })
}

/// The inventory charts of one region (file stems without a region suffix).
fn region_charts(
    inv: &Inventory,
    region: &str,
    reference: &[ReferenceApproach],
    source: &str,
    style: &Style,
) -> Result<Vec<NamedChart>> {
    let years = region_years(inv, region);
    if years.is_empty() {
        return Ok(Vec::new());
    }
    let region = region.to_string();
    let foot = inventory_footnote(inv, source, style);
    let mut out = Vec::new();
    let latest = *years.last().unwrap_or(&0);
    // The latest year by category (the single-year "by sector" chart).
    out.push(category_chart(inv, &region, latest, source, style)?);
    let text = |what_en: &str, what_zh: &str| ChartText {
        title: format!(
            "{region}{}{}",
            style.t(": ", "："),
            format!("{} {}", style.t(what_en, what_zh), span(&years)).trim()
        ),
        x_label: String::new(),
        y_label: mt_co2e(style),
        footnote: foot.clone(),
    };
    if years.len() > 1 {
        let t = text("greenhouse-gas emissions by sector,", "分部门温室气体排放");
        out.push(NamedChart {
            name: "emissions_by_sector".into(),
            caption: t.title.clone(),
            rendered: charts::stacked(&by_sector(inv, &region, &years, 3, style), &t, style)?,
        });
    }
    let t = text("greenhouse-gas emissions by gas,", "分气体温室气体排放");
    out.push(NamedChart {
        name: "emissions_by_gas".into(),
        caption: t.title.clone(),
        rendered: charts::stacked(&by_gas(inv, &region, &years, style), &t, style)?,
    });
    let t = text("greenhouse-gas emissions by fuel,", "分燃料温室气体排放");
    out.push(NamedChart {
        name: "emissions_by_fuel".into(),
        caption: t.title.clone(),
        rendered: charts::stacked(&by_fuel(inv, &region, &years, style), &t, style)?,
    });
    if let Some(ra) = reference
        .iter()
        .filter(|r| r.region == region && !r.comparison.is_empty())
        .max_by_key(|r| r.year)
    {
        let t = ChartText {
            title: format!(
                "{region} {}{}{}",
                ra.year,
                style.t(": ", "："),
                style.t(
                    "CO2 from fuel combustion, reference vs sectoral approach",
                    "燃料燃烧CO2排放：参考方法与部门方法"
                )
            ),
            x_label: String::new(),
            y_label: style
                .t("CO2, Mt", "二氧化碳排放量，百万吨（Mt CO2）")
                .into(),
            footnote: format!(
                "{} {}",
                style.t(
                    "IPCC 2006 Vol. 2 Ch. 6. Difference = (reference − sectoral) / sectoral; \"!\" marks differences beyond ±5 %.",
                    "IPCC 2006 第2卷第6章。差异 =（参考方法 − 部门方法）/ 部门方法；“!”表示差异超过±5%。"
                ),
                foot
            ),
        };
        out.push(NamedChart {
            name: "reference_vs_sectoral".into(),
            caption: t.title.clone(),
            rendered: charts::grouped(&reference_vs_sectoral(ra, style), &t, style)?,
        });
    }
    Ok(out)
}

/// Which scenario variable a fan shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FanVariable {
    /// CO2, Mt.
    Co2,
    /// Carbon intensity, t CO2 per 10⁴ CNY.
    Intensity,
}

/// One panel per scenario of CO2 or carbon intensity: percentile bands, median; for intensity the target
/// path (`intensity_annual_drop` compounded from the base year) and the period targets (from the median
/// of the period's first year); for CO2 the peak of the median path and the `peak_by` deadline. Scenarios
/// that did not summarise the variable (`--variables`) have no panel.
pub fn fans(outcomes: &[Outcome], var: FanVariable, style: &Style) -> Fans {
    let key = match var {
        FanVariable::Co2 => "co2",
        FanVariable::Intensity => "carbon_intensity",
    };
    let panels = outcomes
        .iter()
        .filter_map(|o| Some((o, o.stats_of(key)?)))
        .map(|(o, st)| {
            let s = &o.scenario;
            let years: Vec<i32> = s.years().collect();
            let col = |f: fn(&crate::scenario::summary::Stats) -> f64| st.iter().map(f).collect();
            let p50: Vec<f64> = col(|x| x.p50);
            let mut fan = Fan {
                label: s.name.clone(),
                years: years.clone(),
                p5: col(|x| x.p5),
                p25: col(|x| x.p25),
                p50: p50.clone(),
                p75: col(|x| x.p75),
                p95: col(|x| x.p95),
                ..Fan::default()
            };
            match var {
                FanVariable::Co2 => {
                    let (k, max) =
                        p50.iter()
                            .enumerate()
                            .fold((0, f64::NEG_INFINITY), |(bk, bv), (k, &x)| {
                                if x > bv { (k, x) } else { (bk, bv) }
                            });
                    if k + 1 < p50.len() {
                        fan.peak = Some((years[k], max));
                    }
                    fan.deadline = s
                        .targets
                        .peak_by
                        .map(|y| (y, format!("{} {y}", style.t("peak by", "达峰目标"))));
                }
                FanVariable::Intensity => {
                    if let Some(x) = s.targets.intensity_annual_drop {
                        let i0 = p50.first().copied().unwrap_or(0.0);
                        fan.target_path = years
                            .iter()
                            .enumerate()
                            .map(|(t, y)| (*y, i0 * (1.0 - x).powi(t as i32)))
                            .collect();
                    }
                    for t in &s.targets.intensity {
                        let from = p50[(t.from - s.base_year) as usize];
                        fan.target_points.push((
                            t.to,
                            from * (1.0 - t.drop),
                            format!("−{:.0} % {}–{}", 100.0 * t.drop, t.from, t.to),
                        ));
                    }
                }
            }
            fan
        })
        .collect();
    Fans {
        panels,
        legend: [
            style.t("5–95th percentile", "5%–95%分位").into(),
            style.t("25–75th percentile", "25%–75%分位").into(),
            style.t("median", "中位数").into(),
            match var {
                FanVariable::Co2 => style.t("target", "目标"),
                FanVariable::Intensity => style.t("target (annual drop)", "目标（年度下降）"),
            }
            .into(),
            style.t("peak of the median", "中位数峰值").into(),
        ],
    }
}

/// The peak-year distribution of every scenario, per cent of draws per year, with "not peaked within the
/// horizon" as the last group and a line after `peak_by`.
pub fn peak_years(outcomes: &[Outcome], style: &Style) -> Grouped {
    let first = outcomes
        .iter()
        .map(|o| o.scenario.base_year)
        .min()
        .unwrap_or(0);
    let last = outcomes
        .iter()
        .map(|o| o.scenario.end_year)
        .max()
        .unwrap_or(0);
    let mut groups: Vec<String> = (first..last).map(|y| y.to_string()).collect();
    // Still rising in the last year of the horizon (the horizon is in the footnote).
    groups.push(style.t("not peaked", "未达峰").to_string());
    let mut peak_by = None;
    let series = outcomes
        .iter()
        .map(|o| {
            let t = targets::evaluate(o);
            let mut v = vec![0.0; groups.len()];
            for p in &t.peak_year.years {
                v[(p.year - first) as usize] = 100.0 * p.share;
            }
            *v.last_mut().unwrap_or(&mut 0.0) = 100.0 * t.peak_year.not_peaked_within_horizon;
            let label = match (t.peak_year.peak_by, t.peak_year.probability_peak_by) {
                (Some(y), Some(p)) => {
                    peak_by = Some(y);
                    format!(
                        "{}: P({} ≤ {y}) = {:.0} %",
                        o.scenario.name,
                        style.t("peak", "达峰"),
                        100.0 * p
                    )
                }
                _ => o.scenario.name.clone(),
            };
            (label, v)
        })
        .collect();
    Grouped {
        groups,
        series,
        notes: Vec::new(),
        value_labels: None,
        marker: peak_by.filter(|y| (first..last).contains(y)).map(|y| {
            (
                (y - first) as usize,
                format!("{} {y}", style.t("peak by", "达峰目标")),
            )
        }),
        y_max: Some(100.0),
    }
}

fn scenario_footnote(outcomes: &[Outcome], style: &Style) -> String {
    let (draws, seed) = outcomes
        .first()
        .map_or((0, 0), |o| (o.options.draws, o.options.seed));
    let files: Vec<&str> = outcomes.iter().map(|o| o.scenario.file.as_str()).collect();
    format!(
        "{} {draws} {} {seed}. {} {}",
        style.t(
            "Kaya identity CO2 = GDP × carbon intensity, Monte Carlo:",
            "Kaya恒等式 CO2 = GDP × 碳强度，蒙特卡洛模拟："
        ),
        style.t("draws, seed", "次抽样，随机种子"),
        style.t(
            "Percentiles per year (type 7). Assumptions marked ILLUSTRATIVE in the scenario files are not projections. Files:",
            "逐年分位数（第7类）。情景文件中标为 ILLUSTRATIVE 的假设仅为示例，并非预测。情景文件："
        ),
        files.join(", ")
    )
}

/// Every scenario chart: `scenario_co2` and `scenario_intensity` (fans), `peak_year` (distribution) and
/// the LMDI waterfalls of `decompositions` ([`crate::scenario::decompositions`];
/// [`super::analysis::decomposition_charts`]).
pub fn scenario_charts(
    outcomes: &[Outcome],
    decompositions: &[(String, Vec<crate::decompose::Decomposition>)],
    style: &Style,
) -> Result<Vec<NamedChart>> {
    if outcomes.is_empty() {
        return Ok(Vec::new());
    }
    let foot = scenario_footnote(outcomes, style);
    let region = outcomes[0].scenario.region.clone();
    let mut out = Vec::new();
    let t = ChartText {
        title: format!(
            "{region}{}{}",
            style.t(": ", "："),
            style.t("CO2 emissions by scenario", "各情景二氧化碳排放")
        ),
        x_label: String::new(),
        y_label: style
            .t("CO2, Mt", "二氧化碳排放量，百万吨（Mt CO2）")
            .into(),
        footnote: foot.clone(),
    };
    // A fan chart only when some scenario summarised its variable (`--variables`).
    let co2 = fans(outcomes, FanVariable::Co2, style);
    if !co2.panels.is_empty() {
        out.push(NamedChart {
            name: "scenario_co2".into(),
            caption: t.title.clone(),
            rendered: charts::fans(&co2, &t, style)?,
        });
    }
    let t = ChartText {
        title: format!(
            "{region}{}{}",
            style.t(": ", "："),
            style.t("carbon intensity by scenario", "各情景碳排放强度")
        ),
        x_label: String::new(),
        y_label: style
            .t(
                "Carbon intensity, t CO2 per 10⁴ CNY of GDP",
                "碳排放强度，吨CO2/万元GDP",
            )
            .into(),
        footnote: foot.clone(),
    };
    let intensity = fans(outcomes, FanVariable::Intensity, style);
    if !intensity.panels.is_empty() {
        out.push(NamedChart {
            name: "scenario_intensity".into(),
            caption: t.title.clone(),
            rendered: charts::fans(&intensity, &t, style)?,
        });
    }
    let t = ChartText {
        title: format!(
            "{region}{}{}",
            style.t(": ", "："),
            style.t("year of peak CO2 emissions", "二氧化碳排放达峰年份分布")
        ),
        x_label: style.t("Peak year", "达峰年份").into(),
        y_label: style.t("Share of draws, %", "抽样占比，%").into(),
        footnote: format!(
            "{} {foot}",
            style.t(
                "Peak year: the year of maximum CO2 over the horizon; a maximum in the last year counts as not peaked (still rising).",
                "达峰年份：情景期内CO2排放最大的年份；最大值出现在最后一年视为未达峰（仍在上升）。"
            )
        ),
    };
    out.push(NamedChart {
        name: "peak_year".into(),
        caption: t.title.clone(),
        rendered: charts::grouped(&peak_years(outcomes, style), &t, style)?,
    });
    out.extend(super::analysis::decomposition_charts(
        decompositions,
        &scenario_footnote(outcomes, style),
        style,
    )?);
    Ok(out)
}
