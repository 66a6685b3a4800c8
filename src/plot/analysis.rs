//! Adapters from the analyses of a run to charts: key categories (Pareto), uncertainty ranges and LMDI
//! decompositions (waterfalls). Like [`super::adapt`], they only fill the plain data of [`super::data`]
//! and name the charts; nothing here computes a figure.

use super::adapt::NamedChart;
use super::charts;
use super::data::{ChartText, Pareto, Ranges, Waterfall};
use super::style::Style;
use crate::assess::key_categories::{self, Assessment as Kind, KeyCategoryLine};
use crate::assess::uncertainty::UncertaintyLine;
use crate::assess::{Assessment, Lulucf};
use crate::decompose::Decomposition;
use crate::error::Result;

/// The most categories a ranges chart shows (the largest by |emissions|); the others are in
/// `uncertainty.csv`.
pub const MAX_RANGES: usize = 15;

fn label_of(line_en: &str, line_zh: &str, key_label: &str, style: &Style) -> String {
    format!("{key_label}  {}", style.t(line_en, line_zh))
}

/// The level assessment of `region` in its latest year as a Pareto chart: categories by |emissions|,
/// Mt CO2e, with the 95 % threshold of IPCC 2006 Vol. 1 Ch. 4 Eq. 4.1 marked. With LULUCF when the
/// region has LULUCF rows (the guidelines ask for both; the table has both), else without. `None` when the
/// region has no level assessment.
pub fn key_category_pareto(
    lines: &[KeyCategoryLine],
    region: &str,
    style: &Style,
) -> Option<(Pareto, i32, Lulucf)> {
    let level = |l: &&KeyCategoryLine| l.region == region && l.assessment == Kind::Level;
    let year = lines.iter().filter(level).map(|l| l.year).max()?;
    let lulucf = if lines
        .iter()
        .filter(level)
        .any(|l| l.year == year && l.lulucf == Lulucf::With)
    {
        Lulucf::With
    } else {
        Lulucf::Without
    };
    let items = lines
        .iter()
        .filter(level)
        .filter(|l| l.year == year && l.lulucf == lulucf)
        .map(|l| {
            (
                label_of(&l.name_en, &l.name_zh, &l.key.label(), style),
                l.emissions_t_co2e / 1e6,
            )
        })
        .collect();
    Some((
        Pareto {
            items,
            threshold: key_categories::THRESHOLD,
            legend: [
                style
                    .t(
                        "key categories (95 % of the level)",
                        "关键类别（累计占排放水平的95%）",
                    )
                    .into(),
                style.t("other categories", "其他类别").into(),
            ],
        },
        year,
        lulucf,
    ))
}

/// The uncertainty of the largest categories of `region` in `year` ([`MAX_RANGES`] at most, by
/// |emissions|), Mt CO2e: the inventory estimate with the Monte Carlo 2.5–97.5th percentiles when
/// Approach 2 was run, else Approach 1's interval (central ∓ U). Returns the ranges and the total line(s)
/// of that year (without, then with LULUCF) for the title.
pub fn uncertainty_ranges<'a>(
    lines: &'a [UncertaintyLine],
    region: &str,
    year: i32,
    style: &Style,
) -> (Ranges, Vec<&'a UncertaintyLine>) {
    let of_year = || {
        lines
            .iter()
            .filter(move |l| l.region == region && l.year == year)
    };
    let mut cats: Vec<&UncertaintyLine> = of_year()
        .filter(|l| l.key.is_some() && l.central() != 0.0)
        .collect();
    cats.sort_by(|a, b| {
        b.central()
            .abs()
            .total_cmp(&a.central().abs())
            .then_with(|| a.key.cmp(&b.key))
    });
    cats.truncate(MAX_RANGES);
    let items = cats
        .iter()
        .map(|l| {
            let (lo, hi) = interval(l);
            let key = l.key.as_ref().map(|k| k.label()).unwrap_or_default();
            (
                label_of(&l.name_en, &l.name_zh, &key, style),
                l.central() / 1e6,
                lo / 1e6,
                hi / 1e6,
            )
        })
        .collect();
    (
        Ranges { items },
        of_year().filter(|l| l.key.is_none()).collect(),
    )
}

/// The 95 % interval of a line, t CO2e: Monte Carlo percentiles when run, else Approach 1.
fn interval(l: &UncertaintyLine) -> (f64, f64) {
    match &l.mc {
        Some(m) => (m.p2_5, m.p97_5),
        None => l.approach1_interval(),
    }
}

/// `−6.8/+7.5 %` (Monte Carlo) or `±7.4 %` (Approach 1) of a total line.
fn pct_text(l: &UncertaintyLine) -> String {
    let s = match &l.mc {
        Some(m) => match (m.lower_pct, m.upper_pct) {
            (Some(a), Some(b)) => format!("−{a:.1}/+{b:.1} %"),
            _ => String::new(),
        },
        None => format!("±{:.1} %", l.approach1_pct),
    };
    s.replace('-', "−")
}

/// The key-category Pareto (`key_categories`) and the uncertainty ranges (`uncertainty`) of `region`,
/// file stems ending in `suffix` (empty for a single-region run).
pub fn assessment_charts(
    a: &Assessment,
    region: &str,
    suffix: &str,
    foot: &str,
    style: &Style,
) -> Result<Vec<NamedChart>> {
    let mut out = Vec::new();
    let Some((pareto, year, lulucf)) = key_category_pareto(&a.key_categories, region, style) else {
        return Ok(out);
    };
    let with = match lulucf {
        Lulucf::With => style.t("with LULUCF", "含LULUCF"),
        Lulucf::Without => style.t("without LULUCF", "不含LULUCF"),
    };
    let text = ChartText {
        title: format!(
            "{region} {year}{}{} ({with})",
            style.t(": ", "："),
            style.t(
                "key categories, level assessment",
                "关键类别（水平评估）"
            )
        ),
        x_label: style
            .t(
                "|Emissions or removals|, Mt CO2e",
                "排放或清除量绝对值，百万吨二氧化碳当量（Mt CO2e）",
            )
            .into(),
        y_label: String::new(),
        footnote: format!(
            "{} {foot}",
            style.t(
                "IPCC 2006 Vol. 1 Ch. 4, Approach 1, Eq. 4.1: categories ranked by |E|; Σ = cumulative share of the level. Trend assessment (Eq. 4.2) in key_categories.csv.",
                "IPCC 2006 第1卷第4章方法1式4.1：按排放绝对值排序；Σ为累计占比。趋势评估（式4.2）见 key_categories.csv。"
            )
        ),
    };
    out.push(NamedChart {
        name: format!("key_categories{suffix}"),
        caption: text.title.clone(),
        rendered: charts::pareto(&pareto, &text, style)?,
    });
    let u = &a.uncertainty;
    let (ranges, totals) = uncertainty_ranges(&u.lines, region, year, style);
    if ranges.items.is_empty() {
        return Ok(out);
    }
    // The title names the total the Pareto chart used; the footnote names every total.
    let headline = totals
        .iter()
        .find(|t| t.lulucf == Some(lulucf))
        .or(totals.first())
        .map(|t| {
            format!(
                " ({} {:.1} Mt {})",
                style.t("total", "总量"),
                t.central() / 1e6,
                pct_text(t)
            )
        })
        .unwrap_or_default();
    let total = totals
        .iter()
        .map(|t| {
            let w = match t.lulucf {
                Some(Lulucf::With) => style.t("with LULUCF", "含LULUCF"),
                _ => style.t("without LULUCF", "不含LULUCF"),
            };
            format!("{:.1} Mt {w} {}", t.central() / 1e6, pct_text(t))
        })
        .collect::<Vec<_>>()
        .join(style.t("; ", "；"));
    let method = if u.draws > 0 {
        format!(
            "{} {} {}, {} {}.",
            style.t(
                "IPCC 2006 Vol. 1 Ch. 3, Approach 2 (Monte Carlo): 2.5–97.5th percentiles of",
                "IPCC 2006 第1卷第3章方法2（蒙特卡洛）：2.5%–97.5%分位，"
            ),
            u.draws,
            style.t("draws", "次抽样"),
            style.t("seed", "随机种子"),
            u.seed
        )
    } else {
        style
            .t(
                "IPCC 2006 Vol. 1 Ch. 3, Approach 1 (Eqs. 3.1, 3.2): estimate ∓ U.",
                "IPCC 2006 第1卷第3章方法1（式3.1、3.2）：估计值 ∓ U。",
            )
            .to_string()
    };
    let text = ChartText {
        title: format!(
            "{region} {year}{}{}{headline}",
            style.t(": ", "："),
            style.t("uncertainty, 95 % interval", "不确定性（95%区间）"),
        ),
        x_label: style
            .t(
                "Emissions, Mt CO2e",
                "排放量，百万吨二氧化碳当量（Mt CO2e）",
            )
            .into(),
        y_label: String::new(),
        footnote: format!(
            "{method} {}: {total}. {} {foot}",
            style.t("Totals", "总量"),
            style.t(
                "The largest categories shown; all in uncertainty.csv.",
                "图中为排放量最大的类别，全部类别见 uncertainty.csv。"
            )
        ),
    };
    out.push(NamedChart {
        name: format!("uncertainty{suffix}"),
        caption: text.title.clone(),
        rendered: charts::ranges(&ranges, &text, style)?,
    });
    Ok(out)
}

/// The name of an LMDI factor in the chart's language.
pub fn factor_label(factor: &str, style: &Style) -> String {
    let (en, zh) = match factor {
        "gdp" => ("GDP (activity)", "GDP（经济规模）"),
        "carbon_intensity" => ("carbon intensity", "碳排放强度"),
        "activity" => ("economic activity", "经济规模"),
        "structure" => ("economic structure", "产业结构"),
        "energy_intensity" => ("energy intensity", "能源强度"),
        "fuel_mix" => ("fuel mix", "能源结构"),
        "emission_factor" => ("emission factors", "排放因子"),
        other => (other, other),
    };
    style.t(en, zh).to_string()
}

/// One decomposition as a waterfall: `V⁰`, the additive effects (in the order of the factors), `Vᵀ`.
pub fn lmdi_waterfall(d: &Decomposition, style: &Style) -> Waterfall {
    Waterfall {
        start: (d.from.clone(), d.v0),
        effects: d
            .additive
            .iter()
            .map(|e| (factor_label(&e.factor, style), e.value))
            .collect(),
        end: (d.to.clone(), d.vt),
    }
}

/// A file-name-safe form of a scenario or region name: letters (any script), digits, `-` and `_` kept,
/// anything else `_`.
pub fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// LMDI waterfalls of the scenario decompositions ([`crate::scenario::decompositions`], in Mt CO2): for
/// each scenario its change from the base year to the end year (`lmdi_NAME`), and for each scenario
/// compared with its parent the difference in the end year (`lmdi_NAME_vs_PARENT`).
pub fn decomposition_charts(
    cases: &[(String, Vec<Decomposition>)],
    foot: &str,
    style: &Style,
) -> Result<Vec<NamedChart>> {
    let mut out = Vec::new();
    for (name, ds) in cases {
        // Base → end: one decomposition; against the parent: one per year, the last is the end year.
        let Some(d) = ds.last() else { continue };
        let against_parent = ds.len() > 1 || name.contains(" vs ");
        let title = if against_parent {
            format!(
                "{}{}{} → {}",
                style.t(
                    "Why the scenarios differ in CO2 (LMDI)",
                    "情景间CO2排放差异的因素分解（LMDI）"
                ),
                style.t(": ", "："),
                d.from,
                d.to
            )
        } else {
            format!(
                "{name}{}{} {}–{} (LMDI)",
                style.t(": ", "："),
                style.t(
                    "drivers of the change in CO2,",
                    "CO2排放变化的驱动因素分解，"
                ),
                d.from,
                d.to
            )
        };
        let text = ChartText {
            title,
            x_label: String::new(),
            y_label: style
                .t("CO2, Mt", "二氧化碳排放量，百万吨（Mt CO2）")
                .into(),
            footnote: format!(
                "{} {foot}",
                style.t(
                    "LMDI-I additive decomposition (Ang 2005), central paths (every uncertain rate at its median); effects sum exactly to the change. All years in decomposition.csv.",
                    "LMDI-I加法分解（Ang 2005），中心路径（不确定参数取中位数）；各效应之和等于总变化。逐年结果见 decomposition.csv。"
                )
            ),
        };
        out.push(NamedChart {
            name: format!("lmdi_{}", file_stem(&name.replace(" vs ", "_vs_"))),
            caption: text.title.clone(),
            rendered: charts::waterfall(&lmdi_waterfall(d, style), &text, style)?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_keep_letters_and_replace_the_rest() {
        assert_eq!(file_stem("湖北 2030/policy"), "湖北_2030_policy");
        assert_eq!(file_stem("enhanced-1"), "enhanced-1");
    }
}
