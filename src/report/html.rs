//! `report.html`: one self-contained file to e-mail or publish — the charts as inline SVG, the tables,
//! the methods and sources, the GWP set and the factor sets. No external CSS, scripts or fonts (the SVG
//! text names font families, which the reader's browser resolves).
//!
//! The file carries no generation date: it says which data and inputs it was made from (data years,
//! scenario files, draws and seed, ghgkit version), so the same inputs give the same bytes. Every text
//! from the inputs (region, scenario and file names) is HTML-escaped.

use super::publish::{InventoryPart, Parts, ScenarioPart};
use super::tables::{self, LineKind};
use crate::error::Result;
use crate::plot::adapt::NamedChart;
use crate::report::template::Lang;
use crate::scenario::targets;
use std::fmt::Write;

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font-family:\"DejaVu Sans\",\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",Arial,sans-serif;\
max-width:1240px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}\
p.meta{color:#555}table{border-collapse:collapse;margin:1em 0;font-size:.92em}\
th,td{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}th{background:#eef4f9;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tr.total td{font-weight:bold}\
td.flag{color:#9c0006;background:#ffc7ce}figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}\
figcaption{color:#555;font-size:.9em}nav ol{columns:2}code{background:#f4f4f4;padding:0 .2em}";

/// The bytes of `report.html` for the parts of a run.
pub fn report_html(parts: &Parts<'_>) -> Result<Vec<u8>> {
    let l = parts.lang;
    let t = |en: &'static str, zh: &'static str| l.pick(en, zh);
    let mut h = String::new();
    let region = parts
        .inventory
        .as_ref()
        .and_then(|p| p.data.inventory.rows.first().map(|r| r.region.to_string()))
        .or_else(|| {
            parts
                .scenarios
                .as_ref()
                .and_then(|s| s.outcomes.first().map(|o| o.scenario.region.clone()))
        })
        .unwrap_or_default();
    let title = format!(
        "{}{}",
        escape(&region),
        t(
            ": greenhouse-gas inventory and carbon-peaking scenarios",
            "温室气体清单与碳达峰情景"
        )
    );
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"ghgkit {}\">\n<meta name=\"{}\" content=\"{}\">\n<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <h1>{title}</h1>\n",
        l.pick("en", "zh-CN"),
        env!("CARGO_PKG_VERSION"),
        super::publish::PARTS_META,
        parts.names().join(" "),
    );
    // What the report was made from (instead of a date).
    let mut made_from = Vec::new();
    if let Some(p) = &parts.inventory {
        let (_, years) = tables::regions_and_years(p.data.inventory);
        made_from.push(format!(
            "{} {} ({}: {}; {} {}; GWP100 {})",
            t("inventory", "清单"),
            span(&years),
            t("data", "数据"),
            escape(parts.data_source),
            t("factor set", "因子集"),
            escape(&p.data.inventory.factor_set),
            escape(&p.data.inventory.gwp_set)
        ));
    }
    if let Some(s) = &parts.scenarios
        && let Some(o) = s.outcomes.first()
    {
        made_from.push(format!(
            "{} {}–{} ({} {}, {} {})",
            t("scenarios", "情景"),
            o.scenario.base_year,
            o.scenario.end_year,
            o.options.draws,
            t("draws", "次抽样"),
            t("seed", "随机种子"),
            o.options.seed
        ));
    }
    let _ = writeln!(
        h,
        "<p class=\"meta\">{}: {}. ghgkit {} — {}</p>",
        t("Made from", "依据"),
        made_from.join("; "),
        env!("CARGO_PKG_VERSION"),
        t(
            "the same inputs give the same file.",
            "相同输入生成完全相同的文件。"
        )
    );
    let _ = writeln!(
        h,
        "<nav><ol>{}{}<li><a href=\"#methods\">{}</a></li></ol></nav>",
        if parts.inventory.is_some() {
            format!(
                "<li><a href=\"#inventory\">{}</a></li>",
                t("Inventory", "温室气体清单")
            )
        } else {
            String::new()
        },
        if parts.scenarios.is_some() {
            format!(
                "<li><a href=\"#scenarios\">{}</a></li>",
                t("Scenarios", "碳达峰情景")
            )
        } else {
            String::new()
        },
        t("Methods and sources", "方法与数据来源")
    );
    if let Some(p) = &parts.inventory {
        inventory_section(&mut h, p, l);
    }
    if let Some(s) = &parts.scenarios {
        scenario_section(&mut h, s, l);
    }
    methods_section(&mut h, parts, l);
    h.push_str("</body>\n</html>\n");
    Ok(h.into_bytes())
}

fn span(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

fn figures(h: &mut String, charts: &[NamedChart]) {
    for c in charts {
        let svg = c.rendered.svg.trim_start();
        let svg = svg
            .strip_prefix("<?xml")
            .and_then(|r| r.split_once("?>").map(|x| x.1.trim_start()))
            .unwrap_or(svg);
        let _ = writeln!(
            h,
            "<figure id=\"fig-{}\">\n{svg}\n<figcaption>{} (<code>{}.png</code>, <code>{}.svg</code>)</figcaption>\n</figure>",
            escape(&c.name),
            escape(&c.caption),
            escape(&c.name),
            escape(&c.name)
        );
    }
}

fn mt(v: f64) -> String {
    format!("{:.2}", v / 1e6)
}

fn inventory_section(h: &mut String, p: &InventoryPart<'_>, l: Lang) {
    let t = |en: &'static str, zh: &'static str| l.pick(en, zh);
    let inv = p.data.inventory;
    let _ = writeln!(
        h,
        "<h2 id=\"inventory\">{}</h2>",
        t("Greenhouse-gas inventory", "温室气体清单")
    );
    // Totals.
    let gases = tables::gases(inv);
    let _ = write!(
        h,
        "<table>\n<tr><th>{}</th><th>{}</th><th>{} (Mt CO2e)</th>",
        t("Region", "地区"),
        t("Year", "年份"),
        t("Total", "总量")
    );
    for g in &gases {
        let _ = write!(h, "<th>{g} (Mt CO2e)</th>");
    }
    let _ = writeln!(
        h,
        "<th>{} (Mt CO2e)</th></tr>",
        t("Memo items, not in total", "信息项（不计入总量）")
    );
    let memo = tables::memo_items(inv);
    for ((region, year), s) in tables::totals(inv) {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{year}</td><td class=\"n\">{}</td>",
            escape(&region),
            mt(s.co2e())
        );
        for g in &gases {
            let _ = write!(h, "<td class=\"n\">{}</td>", mt(s.co2e_of(*g)));
        }
        let m: f64 = memo
            .get(&(region.clone(), year))
            .map_or(0.0, |v| v.iter().map(|i| i.sums.co2e()).sum());
        let _ = writeln!(h, "<td class=\"n\">{}</td></tr>", mt(m));
    }
    h.push_str("</table>\n");
    // The category tree to the third level.
    let _ = writeln!(
        h,
        "<h3>{}</h3>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>CO2e (Mt CO2e)</th><th>{}</th></tr>",
        t(
            "By IPCC category (to the third level)",
            "按IPCC类别（至第三级）"
        ),
        t("Region", "地区"),
        t("Year", "年份"),
        t("Code", "代码"),
        t("Category", "类别"),
        t("Share of total", "占总量比例")
    );
    for c in tables::category_lines(inv)
        .iter()
        .filter(|c| matches!(c.kind, LineKind::Total | LineKind::Category) && c.depth <= 3)
    {
        let total = c.kind == LineKind::Total;
        let title = l.pick(&c.title_en, &c.title_zh);
        let _ = writeln!(
            h,
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td style=\"padding-left:{}em\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            if total { " class=\"total\"" } else { "" },
            escape(&c.region),
            c.year,
            escape(&c.code),
            0.6 + c.depth as f64,
            escape(if title.is_empty() { &c.title_en } else { title }),
            mt(c.sums.co2e()),
            c.share
                .map(|s| format!("{:.1} %", 100.0 * s))
                .unwrap_or_default()
        );
    }
    h.push_str("</table>\n");
    // Reference vs sectoral approach.
    if !p.data.reference.is_empty() {
        let _ = writeln!(
            h,
            "<h3>{}</h3>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{} (Mt CO2)</th><th>{} (Mt CO2)</th><th>{}</th><th>{}</th></tr>",
            t(
                "Reference approach vs sectoral approach (IPCC 2006 Vol. 2 Ch. 6)",
                "参考方法与部门方法比较（IPCC 2006 第2卷第6章）"
            ),
            t("Region", "地区"),
            t("Year", "年份"),
            t("Fuel group", "燃料类别"),
            t("Reference approach", "参考方法"),
            t("Sectoral approach", "部门方法"),
            t("Difference (%)", "差异（%）"),
            t("Explanation", "说明")
        );
        for ra in p.data.reference {
            for c in &ra.comparison {
                let _ = writeln!(
                    h,
                    "<tr{}><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n{}\">{}</td><td>{}</td></tr>",
                    if c.group == "total" {
                        " class=\"total\""
                    } else {
                        ""
                    },
                    escape(&ra.region),
                    ra.year,
                    escape(&c.group),
                    mt(c.reference_co2_t),
                    mt(c.sectoral_co2_t),
                    if c.flag { " flag" } else { "" },
                    c.difference_pct
                        .map(|d| format!("{d:+.1}"))
                        .unwrap_or_default(),
                    escape(&c.explanation)
                );
            }
        }
        h.push_str("</table>\n");
    }
    if !p.data.indirect.is_empty() {
        let _ = writeln!(
            h,
            "<h3>{}</h3>\n<p>{}</p>\n<table>\n<tr><th>{}</th><th>{}</th><th>{} (10⁸ kWh)</th><th>{} (kg CO2/kWh)</th><th>{} (Mt CO2)</th></tr>",
            t(
                "Indirect CO2 of net imported electricity",
                "电力调入调出间接排放"
            ),
            t(
                "Not in the territorial total; negative for a net exporter.",
                "不计入辖区排放总量；净调出为负值。"
            ),
            t("Region", "地区"),
            t("Year", "年份"),
            t("Net imports", "净调入电量"),
            t("Grid factor", "电网排放因子"),
            t("Indirect CO2", "间接排放")
        );
        for e in p.data.indirect {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{:.2}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&e.region),
                e.year,
                e.net_import_kwh / 1e8,
                e.grid_factor,
                mt(e.co2_t)
            );
        }
        h.push_str("</table>\n");
    }
    if let Some(a) = p.data.assessment {
        assessment_tables(h, a, l);
    }
    warnings_list(h, &inv.warnings, l);
    figures(h, p.charts);
}

/// The warnings raised while computing, each with its input cell; nothing when there are none.
fn warnings_list(h: &mut String, warnings: &crate::error::Diagnostics, l: Lang) {
    if warnings.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<h3 id=\"warnings\">{} ({})</h3>\n<ul>",
        l.pick("Warnings raised while computing", "计算中的警告"),
        warnings.warning_count()
    );
    for w in warnings.iter() {
        let at = w
            .location
            .as_ref()
            .map(|loc| format!("<code>{}</code>: ", escape(&loc.to_string())))
            .unwrap_or_default();
        let _ = writeln!(h, "<li>{at}{}</li>", escape(&w.message));
    }
    h.push_str("</ul>\n");
}

/// Key categories (the level assessment of each region's latest year: with LULUCF when there is LULUCF,
/// the key ones and the next) and the uncertainty of each region's totals in its latest year.
fn assessment_tables(h: &mut String, a: &crate::assess::Assessment, l: Lang) {
    use crate::assess::Lulucf;
    use crate::assess::key_categories::Assessment as Kind;
    let t = |en: &'static str, zh: &'static str| l.pick(en, zh);
    let latest: std::collections::BTreeMap<&str, i32> = a
        .key_categories
        .iter()
        .filter(|k| k.assessment == Kind::Level)
        .fold(Default::default(), |mut m, k| {
            let y = m.entry(k.region.as_str()).or_insert(k.year);
            *y = (*y).max(k.year);
            m
        });
    let _ = writeln!(
        h,
        "<h3>{}</h3>\n<p>{}</p>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{} (Mt CO2e)</th><th>{}</th><th>{}</th></tr>",
        t(
            "Key categories, level assessment (IPCC 2006 Vol. 1 Ch. 4, Approach 1)",
            "关键类别（水平评估，IPCC 2006 第1卷第4章方法1）"
        ),
        t(
            "Categories by |emissions|, until 95 % of the level is reached; the trend assessment and the assessment without LULUCF are in key_categories.csv.",
            "按排放绝对值排序，直至累计达到排放水平的95%；趋势评估及不含LULUCF的评估见 key_categories.csv。"
        ),
        t("Region", "地区"),
        t("Year", "年份"),
        t("Rank", "排序"),
        t("Category", "类别"),
        t("Gas", "气体"),
        t("Emissions", "排放量"),
        t("Share", "占比"),
        t("Cumulative", "累计占比")
    );
    for (region, year) in &latest {
        let with = a.key_categories.iter().any(|k| {
            k.region == *region
                && k.year == *year
                && k.assessment == Kind::Level
                && k.lulucf == Lulucf::With
        });
        let lulucf = if with { Lulucf::With } else { Lulucf::Without };
        for k in a.key_categories.iter().filter(|k| {
            k.region == *region
                && k.year == *year
                && k.assessment == Kind::Level
                && k.lulucf == lulucf
                && k.is_key
        }) {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{} {}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1} %</td><td class=\"n\">{:.1} %</td></tr>",
                escape(region),
                year,
                k.rank,
                escape(&k.key.code),
                escape(l.pick(&k.name_en, &k.name_zh)),
                k.key.gas,
                mt(k.emissions_t_co2e),
                100.0 * k.share,
                100.0 * k.cumulative
            );
        }
    }
    h.push_str("</table>\n");
    let u = &a.uncertainty;
    let _ = writeln!(
        h,
        "<h3>{}</h3>\n<p>{}</p>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{} (Mt CO2e)</th><th>{}</th><th>{}</th></tr>",
        t(
            "Uncertainty of the totals (IPCC 2006 Vol. 1 Ch. 3), 95 % interval",
            "排放总量的不确定性（IPCC 2006 第1卷第3章），95%区间"
        ),
        if u.draws > 0 {
            format!(
                "{} {} {}, {} {}. {}",
                t("Approach 2: Monte Carlo,", "方法2：蒙特卡洛，"),
                u.draws,
                t("draws", "次抽样"),
                t("seed", "随机种子"),
                u.seed,
                t(
                    "Every category in uncertainty.csv.",
                    "各类别见 uncertainty.csv。"
                )
            )
        } else {
            t(
                "Approach 2 not run. Every category in uncertainty.csv.",
                "未运行方法2。各类别见 uncertainty.csv。",
            )
            .to_string()
        },
        t("Region", "地区"),
        t("Year", "年份"),
        t("Total", "总量"),
        t("Estimate", "估计值"),
        t("Approach 1 (error propagation)", "方法1（误差传递）"),
        t("Approach 2 (Monte Carlo)", "方法2（蒙特卡洛）")
    );
    for line in u.lines.iter().filter(|x| x.key.is_none()) {
        let name = match line.lulucf {
            Some(Lulucf::With) => t("with LULUCF", "含LULUCF"),
            _ => t("without LULUCF", "不含LULUCF"),
        };
        let mc = line
            .mc
            .as_ref()
            .and_then(|m| Some(format!("−{:.1} % / +{:.1} %", m.lower_pct?, m.upper_pct?)))
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr class=\"total\"><td>{}</td><td>{}</td><td>{name}</td><td class=\"n\">{}</td><td class=\"n\">±{:.1} %</td><td class=\"n\">{mc}</td></tr>",
            escape(&line.region),
            line.year,
            mt(line.central()),
            line.approach1_pct
        );
    }
    h.push_str("</table>\n");
}

fn scenario_section(h: &mut String, s: &ScenarioPart<'_>, l: Lang) {
    let t = |en: &'static str, zh: &'static str| l.pick(en, zh);
    let _ = writeln!(
        h,
        "<h2 id=\"scenarios\">{}</h2>",
        t("Carbon-peaking scenarios", "碳达峰情景")
    );
    let _ = writeln!(
        h,
        "<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t("Scenario", "情景"),
        t("Target", "目标"),
        t("Condition", "条件"),
        t("Probability", "达成概率")
    );
    for o in s.outcomes {
        let e = targets::evaluate(o);
        for r in &e.targets {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td class=\"n\">{:.1} %</td></tr>",
                escape(&o.scenario.name),
                r.target,
                escape(&r.condition),
                100.0 * r.probability
            );
        }
    }
    h.push_str("</table>\n");
    // Medians and 90 % ranges at five-year marks.
    let _ = writeln!(
        h,
        "<h3>{}</h3>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t("Median and 5–95th percentile", "中位数及5%–95%分位区间"),
        t("Scenario", "情景"),
        t("Variable", "变量"),
        t("Unit", "单位"),
        t("Year", "年份"),
        t("Median", "中位数"),
        t("5–95th percentile", "5%–95%分位")
    );
    for o in s.outcomes {
        let sc = &o.scenario;
        for (v, var) in o.variables.iter().enumerate() {
            let (key, unit) = (var.key.as_str(), var.unit);
            for (y, st) in o.stats[v].iter().enumerate() {
                let year = sc.base_year + y as i32;
                if year % 5 != 0 && year != sc.end_year && year != sc.base_year {
                    continue;
                }
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td>{key}</td><td>{unit}</td><td>{year}</td><td class=\"n\">{:.3}</td><td class=\"n\">{:.3}–{:.3}</td></tr>",
                    escape(&sc.name),
                    st.p50,
                    st.p5,
                    st.p95
                );
            }
        }
    }
    h.push_str("</table>\n");
    figures(h, s.charts);
}

fn methods_section(h: &mut String, parts: &Parts<'_>, l: Lang) {
    let t = |en: &'static str, zh: &'static str| l.pick(en, zh);
    let _ = writeln!(
        h,
        "<h2 id=\"methods\">{}</h2>\n<ul>",
        t("Methods and sources", "方法与数据来源")
    );
    if let Some(p) = &parts.inventory {
        let inv = p.data.inventory;
        let _ = writeln!(
            h,
            "<li>{}</li>\n<li>{}</li>\n<li>{}</li>\n<li>{}: {}</li>",
            t(
                "Fuel combustion: IPCC 2006 Guidelines Vol. 2 Ch. 2, Eq. 2.1 (emissions = fuel × emission factor), energy from net calorific values (Vol. 2 Ch. 1 §1.4.1.2), CO2 from carbon content × oxidation × 44/12 or from the CO2 emission factor; transport Vol. 2 Ch. 3.",
                "燃料燃烧：IPCC 2006 指南第2卷第2章式2.1（排放 = 燃料消费量 × 排放因子），能量由低位发热量换算（第2卷第1章1.4.1.2节），CO2 由含碳量 × 氧化率 × 44/12 或 CO2 排放因子计算；交通见第2卷第3章。"
            ),
            t(
                "Fugitive emissions: IPCC 2006 Vol. 2 Ch. 4 (Tier 1, activity × emission factor). Reference approach: Vol. 2 Ch. 6.",
                "逃逸排放：IPCC 2006 第2卷第4章（方法1，活动水平 × 排放因子）。参考方法：第2卷第6章。"
            ),
            t(
                "Memo items (biomass CO2, international bunkers) and indirect emissions of electricity are reported, never in the totals.",
                "信息项（生物质燃烧CO2、国际燃料舱）和电力间接排放单独报告，不计入总量。"
            ),
            t("Activity data", "活动水平数据"),
            escape(parts.data_source)
        );
        let gwp: Vec<String> = tables::gwp_used(inv)
            .iter()
            .map(|g| {
                format!(
                    "{}{} = {}",
                    g.gas,
                    if g.origin.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", escape(&g.origin))
                    },
                    g.gwp
                )
            })
            .collect();
        let source = crate::gases::gwp_set(&inv.gwp_set)
            .map(|s| s.source.clone())
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<li>{} {}: {} ({})</li>",
            t("GWP100 set", "全球增温潜势 GWP100"),
            escape(&inv.gwp_set),
            gwp.join(", "),
            escape(&source)
        );
        for s in tables::factor_sets(inv) {
            let _ = writeln!(
                h,
                "<li>{} <code>{}</code>{}: {} — {} ({} {})</li>",
                t("Factor set", "排放因子集"),
                escape(&s.name),
                if s.chosen {
                    t(" (chosen)", "（所选）")
                } else {
                    ""
                },
                escape(&s.title_en),
                escape(&s.document),
                s.factors_used,
                t("factors used", "个因子被使用")
            );
        }
    }
    if let Some(s) = &parts.scenarios {
        let files: Vec<String> = s
            .outcomes
            .iter()
            .map(|o| escape(&o.scenario.file))
            .collect();
        let _ = writeln!(
            h,
            "<li>{} {}</li>",
            t(
                "Scenarios: Kaya identity CO2 = GDP × (CO2/GDP) with annual rates of change, Monte Carlo over uncertain rates (one ChaCha8 stream per draw), exact type-7 percentiles per year; peak year = year of maximum CO2 over the horizon (a maximum in the last year = not peaked). Assumptions marked ILLUSTRATIVE in the files are not projections. Files:",
                "情景：Kaya恒等式 CO2 = GDP × (CO2/GDP)，按年变化率推算，对不确定变化率做蒙特卡洛模拟（每次抽样一个 ChaCha8 随机流），逐年精确第7类分位数；达峰年份 = 情景期内CO2最大的年份（最大值在最后一年即未达峰）。文件中标为 ILLUSTRATIVE 的假设仅为示例，并非预测。情景文件："
            ),
            files.join(", ")
        );
    }
    h.push_str("</ul>\n");
}
