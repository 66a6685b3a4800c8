//! Chart rendering benchmark: 50 charts, each drawn as PNG and SVG through the public plot API
//! (`ghgkit::plot::charts`), a mix like a run over a multi-year inventory with scenarios and key
//! categories: 12 stacked inventories (30 years × 9 sectors, a LULUCF sink below zero), 10 fan charts
//! (3 scenario panels × 41 years), 10 horizontal bar charts (24 categories), 10 Pareto charts
//! (60 key-category candidates), 8 LMDI waterfalls (4 effects). The data are generated here with fixed
//! formulas (no randomness), so every sample draws the same pictures.
//!
//! Run: `cargo bench --bench charts`. Numbers and commands are in BENCHMARKS.md (section Charts).

use ghgkit::plot::charts;
use ghgkit::plot::data::{Bars, ChartText, Fan, Fans, Pareto, StackedSeries, Waterfall};
use ghgkit::plot::style::Style;

fn main() {
    divan::main();
}

fn text(i: usize, what: &str, y: &str) -> ChartText {
    ChartText {
        title: format!("Hubei {what} ({i})"),
        x_label: "Year".into(),
        y_label: y.into(),
        footnote: "GWP100: AR5. Factors: set \"china\". Data: generated benchmark inputs. Memo items \
                   (biomass CO2, international bunkers) and indirect emissions of electricity excluded."
            .into(),
    }
}

fn stacked_data(i: usize) -> StackedSeries {
    let years: Vec<i32> = (1990..2020).collect();
    let names = [
        "1.A.1 Energy industries",
        "1.A.2 Manufacturing",
        "1.A.3 Transport",
        "1.A.4 Other sectors",
        "1.B Fugitive",
        "2 IPPU",
        "3 AFOLU (without 3.B)",
        "4 Waste",
        "3.B Land (sink)",
    ];
    let series: Vec<(String, Vec<f64>)> = names
        .iter()
        .enumerate()
        .map(|(k, n)| {
            let base = if k == 8 { -12.0 } else { 80.0 / (k + 1) as f64 };
            let v = years
                .iter()
                .map(|y| base * (1.0 + 0.02 * ((y - 1990) as f64) + 0.01 * (i as f64)))
                .collect();
            (n.to_string(), v)
        })
        .collect();
    let total = (0..years.len())
        .map(|t| series.iter().map(|(_, v)| v[t]).sum())
        .collect();
    StackedSeries {
        years,
        series,
        total,
        total_label: "Net total".into(),
    }
}

fn fans_data(i: usize) -> Fans {
    let years: Vec<i32> = (2020..=2060).collect();
    let panels = ["Baseline", "Policy", "Enhanced"]
        .iter()
        .enumerate()
        .map(|(s, name)| {
            // A hump: growth, a peak around 2028 + 3s, then decline; bands widen with time.
            let peak = 2028 + 3 * s as i32;
            let p50: Vec<f64> = years
                .iter()
                .map(|&y| {
                    let d = (y - peak) as f64;
                    330.0 + 4.0 * i as f64 - 0.08 * d * d
                })
                .collect();
            let band = |k: f64| -> Vec<f64> {
                years
                    .iter()
                    .zip(&p50)
                    .map(|(&y, m)| m + k * (1.0 + 0.6 * (y - 2020) as f64))
                    .collect()
            };
            Fan {
                label: name.to_string(),
                years: years.clone(),
                p5: band(-1.645),
                p25: band(-0.674),
                p50: p50.clone(),
                p75: band(0.674),
                p95: band(1.645),
                target_path: years
                    .iter()
                    .map(|&y| (y, 330.0 * 0.988f64.powi(y - 2020)))
                    .collect(),
                target_points: vec![(2025, 300.0, "−18 % intensity".into())],
                peak: Some((peak, 330.0 + 4.0 * i as f64)),
                deadline: Some((2030, "peak by 2030".into())),
            }
        })
        .collect();
    Fans {
        panels,
        legend: [
            "5–95 %".into(),
            "25–75 %".into(),
            "median".into(),
            "target".into(),
            "peak".into(),
        ],
    }
}

fn bars_data(i: usize) -> Bars {
    Bars {
        items: (0..24)
            .map(|k| {
                let v = 100.0 / (k + 1) as f64 + i as f64;
                (
                    format!("1.A.{} category {k}", k % 5),
                    if k == 23 { -v } else { v },
                )
            })
            .collect(),
    }
}

fn pareto_data(i: usize) -> Pareto {
    Pareto {
        items: (0..60)
            .map(|k| {
                (
                    format!("{}.{} source {k}", 1 + k % 4, k % 7),
                    1000.0 / ((k + 1) as f64).powf(1.2) + i as f64,
                )
            })
            .collect(),
        threshold: 0.95,
        legend: ["key category".into(), "other".into()],
    }
}

fn waterfall_data(i: usize) -> Waterfall {
    let effects = vec![
        ("activity (GDP)".to_string(), 120.0 + i as f64),
        ("structure".to_string(), -15.0),
        ("energy intensity".to_string(), -60.0),
        ("emission factor".to_string(), -8.0 - i as f64),
    ];
    let start = 250.0;
    let end = start + effects.iter().map(|(_, v)| v).sum::<f64>();
    Waterfall {
        start: ("2010".into(), start),
        effects,
        end: ("2020".into(), end),
    }
}

/// The 50 charts' data, built once outside the timed loop.
struct Inputs {
    stacked: Vec<(StackedSeries, ChartText)>,
    fans: Vec<(Fans, ChartText)>,
    bars: Vec<(Bars, ChartText)>,
    pareto: Vec<(Pareto, ChartText)>,
    waterfall: Vec<(Waterfall, ChartText)>,
}

fn inputs() -> Inputs {
    Inputs {
        stacked: (0..12)
            .map(|i| (stacked_data(i), text(i, "emissions by sector", "Mt CO2e")))
            .collect(),
        fans: (0..10)
            .map(|i| (fans_data(i), text(i, "CO2 scenarios", "Mt CO2")))
            .collect(),
        bars: (0..10)
            .map(|i| (bars_data(i), text(i, "emissions by category", "Mt CO2e")))
            .collect(),
        pareto: (0..10)
            .map(|i| (pareto_data(i), text(i, "key categories", "Mt CO2e")))
            .collect(),
        waterfall: (0..8)
            .map(|i| (waterfall_data(i), text(i, "LMDI decomposition", "Mt CO2")))
            .collect(),
    }
}

/// Renders all 50; returns the total bytes (PNG + SVG) so that nothing is optimised away.
fn render_all(x: &Inputs, style: &Style) -> usize {
    let mut bytes = 0;
    let mut add = |r: ghgkit::Result<ghgkit::plot::Rendered>| {
        let r = r.expect("chart renders");
        bytes += r.png.len() + r.svg.len();
    };
    for (d, t) in &x.stacked {
        add(charts::stacked(d, t, style));
    }
    for (d, t) in &x.fans {
        add(charts::fans(d, t, style));
    }
    for (d, t) in &x.bars {
        add(charts::bars(d, t, style));
    }
    for (d, t) in &x.pareto {
        add(charts::pareto(d, t, style));
    }
    for (d, t) in &x.waterfall {
        add(charts::waterfall(d, t, style));
    }
    bytes
}

/// All 50 charts, PNG and SVG.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn fifty_charts(bencher: divan::Bencher) {
    let x = inputs();
    let style = Style::english();
    assert_eq!(
        x.stacked.len() + x.fans.len() + x.bars.len() + x.pareto.len() + x.waterfall.len(),
        50
    );
    bencher.bench_local(|| render_all(&x, &style));
}

/// One chart of each kind, to see where the time goes.
#[divan::bench(args = ["stacked", "fans", "bars", "pareto", "waterfall"], sample_count = 10, sample_size = 1)]
fn one_chart(bencher: divan::Bencher, kind: &str) {
    let x = inputs();
    let style = Style::english();
    bencher.bench_local(|| {
        let r = match kind {
            "stacked" => charts::stacked(&x.stacked[0].0, &x.stacked[0].1, &style),
            "fans" => charts::fans(&x.fans[0].0, &x.fans[0].1, &style),
            "bars" => charts::bars(&x.bars[0].0, &x.bars[0].1, &style),
            "pareto" => charts::pareto(&x.pareto[0].0, &x.pareto[0].1, &style),
            _ => charts::waterfall(&x.waterfall[0].0, &x.waterfall[0].1, &style),
        };
        r.expect("chart renders")
    });
}
