//! Every chart function on plain data, in English and Chinese: the PNG decodes and is a real picture, the
//! SVG is well-formed and carries its texts, negative values are stacked below zero, the Pareto chart
//! highlights what IPCC 2006 Vol. 1 Ch. 4 calls key categories, and the same data give the same bytes.
//!
//! Set `GHGKIT_CHART_DIR=/some/folder` to keep the pictures for looking at them.

use ghgkit::plot::Rendered;
use ghgkit::plot::charts;
use ghgkit::plot::data::*;
use ghgkit::plot::style::{Lang, Style, find_cjk_font};

fn text(title: &str, y: &str) -> ChartText {
    ChartText {
        title: title.into(),
        x_label: String::new(),
        y_label: y.into(),
        footnote: "GWP100: AR5. Factor set \"china\". Data: a test fixture built in code. A long footnote wraps onto a second line when it does not fit the width of the chart, which this one should do.".into(),
    }
}

/// Checks a rendered chart and keeps it when `GHGKIT_CHART_DIR` is set.
fn check(name: &str, r: &Rendered, must_contain: &[&str]) {
    let img = image::load_from_memory(&r.png)
        .unwrap_or_else(|e| panic!("{name}: PNG does not decode: {e}"))
        .to_rgb8();
    assert!(img.width() >= 800 && img.height() >= 300, "{name}: size");
    let inked = img
        .pixels()
        .filter(|p| p.0.iter().any(|&c| c < 200))
        .count();
    let share = inked as f64 / (img.width() * img.height()) as f64;
    assert!(
        share > 0.01,
        "{name}: only {share:.3} of the picture is drawn"
    );
    let colours: std::collections::BTreeSet<[u8; 3]> = img.pixels().map(|p| p.0).collect();
    assert!(
        colours.len() > 8,
        "{name}: {} distinct colours",
        colours.len()
    );
    let doc = roxmltree::Document::parse(&r.svg)
        .unwrap_or_else(|e| panic!("{name}: SVG not well-formed: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let texts: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n");
    for t in must_contain {
        assert!(texts.contains(t), "{name}: SVG text lacks {t:?}");
    }
    if let Ok(dir) = std::env::var("GHGKIT_CHART_DIR") {
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), &r.png).unwrap();
        std::fs::write(dir.join(format!("{name}.svg")), &r.svg).unwrap();
    }
}

/// Energy, IPPU, agriculture and a LULUCF sink (negative) over six years, Mt CO2e.
fn sectors() -> StackedSeries {
    let years: Vec<i32> = (2015..=2020).collect();
    let energy = vec![250.0, 255.0, 262.0, 270.0, 268.0, 255.0];
    let ippu = vec![40.0, 42.0, 41.0, 43.0, 44.0, 42.0];
    let agri = vec![20.0, 20.5, 21.0, 21.0, 20.0, 19.0];
    let lulucf = vec![-30.0, -31.0, -32.0, -33.0, -33.5, -34.0];
    let total = (0..6)
        .map(|i| energy[i] + ippu[i] + agri[i] + lulucf[i])
        .collect();
    StackedSeries {
        years,
        series: vec![
            ("1 Energy".into(), energy),
            ("2 IPPU".into(), ippu),
            ("3.A Livestock".into(), agri),
            ("3.B Land".into(), lulucf),
        ],
        total,
        total_label: "Net total".into(),
    }
}

/// `(width, y, y + height)` of the SVG rectangles filled with `fill` (plotters writes `#RRGGBB`).
fn rects(svg: &str, fill: &str) -> Vec<(f64, f64, f64)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(fill))
        .map(|n| {
            let a = |k: &str| -> f64 { n.attribute(k).unwrap().parse().unwrap() };
            (a("width"), a("y"), a("y") + a("height"))
        })
        .collect()
}

#[test]
fn stacked_series_put_sinks_below_zero_and_label_the_total() {
    let r = charts::stacked(
        &sectors(),
        &text(
            "Test region: emissions by sector, 2015–2020",
            "Emissions, Mt CO2e",
        ),
        &Style::english(),
    )
    .unwrap();
    check(
        "stacked_en",
        &r,
        &["Emissions, Mt CO2e", "Net total", "3.B Land", "2020"],
    );
    // Series 0 (energy) is the palette's blue #0072B2, series 3 (the sink) its vermillion #D55E00. Bars
    // are wider than the 12-pixel label swatches. Energy sits on the zero line, the sink hangs from it:
    // every sink bar lies below every energy bar (SVG y grows downwards).
    let energy: Vec<_> = rects(&r.svg, "#0072B2")
        .into_iter()
        .filter(|r| r.0 > 13.0)
        .collect();
    let sink: Vec<_> = rects(&r.svg, "#D55E00")
        .into_iter()
        .filter(|r| r.0 > 13.0)
        .collect();
    assert_eq!((energy.len(), sink.len()), (6, 6));
    let zero = energy.iter().map(|r| r.2).fold(f64::MIN, f64::max);
    assert!(
        energy.iter().all(|r| (r.2 - zero).abs() <= 1.0),
        "energy bars start at zero"
    );
    assert!(
        sink.iter().all(|r| (r.1 - zero).abs() <= 1.0),
        "sink bars hang from zero"
    );
    // Direct labels at the last year, 2020: energy 255, the net total 255 + 42 + 19 − 34 = 282.
    assert!(
        r.svg.contains("1 Energy  255"),
        "direct label of the energy band"
    );
    assert!(
        r.svg.contains("Net total  282"),
        "direct label of the total"
    );
}

#[test]
fn a_single_year_is_drawn_as_horizontal_bars() {
    let mut s = sectors();
    s.years.truncate(1);
    for x in &mut s.series {
        x.1.truncate(1);
    }
    s.total.truncate(1);
    let r = charts::stacked(
        &s,
        &text("Test region 2015", "Emissions, Mt CO2e"),
        &Style::english(),
    )
    .unwrap();
    check(
        "single_year_en",
        &r,
        &["1 Energy", "3.B Land", "250", "−30"],
    );
    // The axis title moved to the horizontal axis.
    assert!(r.svg.contains("Emissions, Mt CO2e"));
}

fn pareto_data() -> Pareto {
    // Level assessment (IPCC 2006 Vol. 1 Ch. 4, Eq. 4.1): shares 50, 30, 15, 4, 1 % of the total; summed in
    // descending order the first three reach 95 %, so they are the key categories; 4 and 1 % are not.
    Pareto {
        items: vec![
            ("1.A.4 Other sectors CO2".into(), 4.0),
            ("1.A.1 Energy industries CO2".into(), 50.0),
            ("3.B Forest land CO2".into(), -15.0),
            ("1.A.2 Manufacturing CO2".into(), 30.0),
            ("1.B.1 Coal mining CH4".into(), 1.0),
        ],
        threshold: 0.95,
        legend: ["key category".into(), "other".into()],
    }
}

#[test]
fn pareto_highlights_the_categories_up_to_95_percent() {
    let r = charts::pareto(
        &pareto_data(),
        &text("Key categories", ""),
        &Style::english(),
    )
    .unwrap();
    check("pareto_en", &r, &["key category", "Σ 95.0 %", "Σ 100.0 %"]);
    // Three highlighted bars (blue) and two grey ones, plus one legend swatch each.
    assert_eq!(rects(&r.svg, "#0072B2").len(), 3 + 1);
    assert_eq!(rects(&r.svg, "#999999").len(), 2 + 1);
}

fn waterfall_data() -> Waterfall {
    // 300 + 120 − 150 = 270.
    Waterfall {
        start: ("2020".into(), 300.0),
        effects: vec![("GDP".into(), 120.0), ("Carbon intensity".into(), -150.0)],
        end: ("2035".into(), 270.0),
    }
}

fn ranges_data() -> Ranges {
    Ranges {
        items: vec![
            ("Total".into(), 258.4, 240.0, 280.0),
            ("1.A.1 Energy industries".into(), 74.0, 70.0, 79.0),
            ("1.B.1 Coal mining CH4".into(), 2.0, 0.5, 6.0),
        ],
    }
}

fn fans_data() -> Fans {
    let years: Vec<i32> = (2020..=2035).collect();
    let path = |a: f64, r: f64| -> Vec<f64> {
        (0..years.len())
            .map(|t| a * (1.0 + r).powi(t as i32))
            .collect()
    };
    let fan = |label: &str, r: f64| Fan {
        label: label.into(),
        years: years.clone(),
        p5: path(330.0, r - 0.02),
        p25: path(330.0, r - 0.008),
        p50: path(330.0, r),
        p75: path(330.0, r + 0.008),
        p95: path(330.0, r + 0.02),
        target_path: years
            .iter()
            .enumerate()
            .map(|(t, y)| (*y, 330.0 * 0.988f64.powi(t as i32)))
            .collect(),
        target_points: vec![(2025, 330.0 * 0.82, "−18 % 2020–2025".into())],
        peak: Some((2027, 350.0)),
        deadline: Some((2030, "peak by 2030".into())),
    };
    Fans {
        panels: vec![fan("baseline", 0.01), fan("policy", -0.005)],
        legend: [
            "5–95th percentile".into(),
            "25–75th percentile".into(),
            "median".into(),
            "target".into(),
            "peak".into(),
        ],
    }
}

fn grouped_data() -> Grouped {
    Grouped {
        groups: (2020..2030)
            .map(|y| y.to_string())
            .chain(["not peaked".to_string()])
            .collect(),
        series: vec![
            (
                "baseline".into(),
                vec![0.0, 1.0, 0.0, 0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 96.0],
            ),
            (
                "policy".into(),
                vec![0.0, 2.0, 0.0, 0.0, 0.0, 36.0, 0.0, 0.0, 0.0, 0.0, 62.0],
            ),
        ],
        notes: Vec::new(),
        value_labels: Some((0, " %".into())),
        marker: Some((8, "peak by 2028".into())),
        y_max: Some(100.0),
    }
}

#[test]
fn waterfall_ranges_fans_and_grouped_bars_render() {
    let s = Style::english();
    let r = charts::waterfall(
        &waterfall_data(),
        &text("CO2 change 2020–2035 (LMDI)", "CO2, Mt"),
        &s,
    )
    .unwrap();
    check(
        "waterfall_en",
        &r,
        &["+120", "−150", "270", "Carbon intensity"],
    );
    // Increase in vermillion, decrease in bluish green.
    assert_eq!(rects(&r.svg, "#D55E00").len(), 1);
    assert_eq!(rects(&r.svg, "#009E73").len(), 1);
    let r = charts::ranges(&ranges_data(), &text("Uncertainty (95 %)", ""), &s).unwrap();
    check(
        "ranges_en",
        &r,
        &["258  [240, 280]", "2.00  [0.50, 6.00]", "Coal mining"],
    );
    let r = charts::fans(&fans_data(), &text("CO2 by scenario", "CO2, Mt"), &s).unwrap();
    check(
        "fans_en",
        &r,
        &[
            "baseline",
            "policy",
            "2027",
            "peak by 2030",
            "−18 % 2020–2025",
        ],
    );
    let r = charts::grouped(&grouped_data(), &text("Peak year", "Share of draws, %"), &s).unwrap();
    check("grouped_en", &r, &["not peaked", "96 %", "peak by 2028"]);
}

#[test]
fn charts_are_deterministic() {
    let s = Style::english();
    let a = charts::fans(&fans_data(), &text("t", "y"), &s).unwrap();
    let b = charts::fans(&fans_data(), &text("t", "y"), &s).unwrap();
    assert!(a.png == b.png && a.svg == b.svg);
    let a = charts::stacked(&sectors(), &text("t", "y"), &s).unwrap();
    let b = charts::stacked(&sectors(), &text("t", "y"), &s).unwrap();
    assert!(a.png == b.png && a.svg == b.svg);
}

#[test]
fn chinese_labels_render_with_a_cjk_font() {
    let Some(font) = find_cjk_font() else {
        eprintln!(
            "SKIPPED chinese_labels_render_with_a_cjk_font: no font with Chinese glyphs on this machine \
             (Debian: apt-get install fonts-wqy-microhei; .ci/run installs it)"
        );
        return;
    };
    let (s, warning) = Style::resolve(Lang::Zh, Some(&font)).unwrap();
    assert_eq!((s.lang, warning), (Lang::Zh, None));
    let mut d = sectors();
    d.series[0].0 = "1 能源".into();
    d.series[3].0 = "3.B 土地利用".into();
    d.total_label = "净排放总量".into();
    let t = ChartText {
        title: "测试地区：分部门温室气体排放，2015–2020年".into(),
        x_label: String::new(),
        y_label: "排放量，百万吨二氧化碳当量（Mt CO2e）".into(),
        footnote: "全球增温潜势 GWP100：AR5。数据来源：测试数据。信息项不计入总量。".into(),
    };
    let r = charts::stacked(&d, &t, &s).unwrap();
    check(
        "stacked_zh",
        &r,
        &["净排放总量", "3.B 土地利用", "百万吨二氧化碳当量"],
    );
    assert!(
        r.svg.contains("WenQuanYi Micro Hei"),
        "SVG names CJK font families"
    );
    let mut p = pareto_data();
    p.legend = ["关键类别".into(), "其他".into()];
    p.items[0].0 = "1.A.4 其他部门 CO2".into();
    let r = charts::pareto(&p, &text("关键类别分析", ""), &s).unwrap();
    check("pareto_zh", &r, &["关键类别", "其他部门"]);
    let r = charts::fans(
        &fans_data(),
        &text("各情景二氧化碳排放", "二氧化碳排放量，百万吨"),
        &s,
    )
    .unwrap();
    check("fans_zh", &r, &["各情景二氧化碳排放"]);
    let r = charts::waterfall(
        &waterfall_data(),
        &text("排放变化分解（LMDI）", "百万吨"),
        &s,
    )
    .unwrap();
    check("waterfall_zh", &r, &["排放变化分解（LMDI）"]);
    let r = charts::ranges(&ranges_data(), &text("不确定性（95%置信区间）", ""), &s).unwrap();
    check("ranges_zh", &r, &["不确定性（95%置信区间）"]);
}

/// The numbers printed in an SVG's `<text>` elements.
fn svg_numbers(svg: &str) -> Vec<f64> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .filter_map(|t| t.trim().replace('−', "-").parse::<f64>().ok())
        .collect()
}

#[test]
fn a_share_axis_stops_at_its_bound() {
    // Shares in per cent, the tallest 97: without a bound the headroom (97 × 1.08 = 104.8) would put a tick
    // at 120; with `y_max = 100` the axis ends at 100.
    let mut d = Grouped {
        groups: vec!["early".into(), "late".into(), "never".into()],
        series: vec![("s".into(), vec![1.0, 2.0, 97.0])],
        ..Grouped::default()
    };
    let s = Style::english();
    let unbounded = charts::grouped(&d, &text("shares", "Share of draws, %"), &s).unwrap();
    let top = svg_numbers(&unbounded.svg).into_iter().fold(0.0, f64::max);
    assert!(top > 100.0, "without a bound the axis passes 100 ({top})");
    d.y_max = Some(100.0);
    let bounded = charts::grouped(&d, &text("shares", "Share of draws, %"), &s).unwrap();
    let top = svg_numbers(&bounded.svg).into_iter().fold(0.0, f64::max);
    assert_eq!(top, 100.0);
}
