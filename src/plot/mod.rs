//! Charts, PNG and SVG. The only module that knows plotters.
//!
//! Text is drawn with DejaVu Sans, shipped in `assets/fonts/` (Bitstream Vera licence), so charts render on
//! a machine with no fonts installed. Colours are the Okabe–Ito colour-blind-safe palette.

pub mod adapt;
pub mod analysis;
pub mod charts;
pub mod data;
pub mod style;

use crate::categories::CategoryTree;
use crate::error::{Error, Result};
use crate::inventory::Inventory;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::sync::Once;

/// DejaVu Sans, for Latin text and digits.
const DEJAVU: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The Okabe–Ito palette (Okabe & Ito 2008), safe for the common colour-vision deficiencies.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(86, 180, 233),
    RGBColor(204, 121, 167),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
];

fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font is compiled in; a failure here would be a packaging bug caught by the tests.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, DEJAVU);
        let _ = plotters::style::register_font("sans-serif", FontStyle::Bold, DEJAVU);
    });
}

/// A rendered chart in both formats.
pub struct Rendered {
    /// PNG bytes.
    pub png: Vec<u8>,
    /// SVG text.
    pub svg: String,
}

/// Data for a horizontal bar chart.
struct Bars {
    title: String,
    x_label: String,
    labels: Vec<String>,
    values: Vec<f64>,
    footnote: String,
}

fn draw_bars<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    b: &Bars,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| Error::Internal(format!("chart: {e}"));
    root.fill(&WHITE).map_err(e)?;
    let (main, foot) = root.split_vertically(root.dim_in_pixel().1 - 40);
    let max = b.values.iter().cloned().fold(0.0_f64, f64::max).max(1e-9) * 1.15;
    let n = b.values.len();
    let mut chart = ChartBuilder::on(&main)
        .caption(&b.title, ("sans-serif", 24))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(320)
        .build_cartesian_2d(0.0..max, (0..n.saturating_sub(1)).into_segmented())
        .map_err(e)?;
    let labels = b.labels.clone();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(&b.x_label)
        .y_labels(n.max(1))
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => n
                .checked_sub(1 + *i)
                .and_then(|k| labels.get(k))
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        })
        .label_style(("sans-serif", 15))
        .axis_desc_style(("sans-serif", 16))
        .draw()
        .map_err(e)?;
    chart
        .draw_series(b.values.iter().enumerate().map(|(i, v)| {
            let i = n - 1 - i;
            let mut r = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(i)),
                    (*v, SegmentValue::Exact(i + 1)),
                ],
                PALETTE[0].filled(),
            );
            r.set_margin(6, 6, 0, 0);
            r
        }))
        .map_err(e)?;
    // Direct labels at the end of each bar.
    chart
        .draw_series(b.values.iter().enumerate().map(|(i, v)| {
            let i = n - 1 - i;
            Text::new(
                format!("{v:.2}"),
                (*v + max * 0.01, SegmentValue::CenterOf(i)),
                ("sans-serif", 14).into_font().color(&BLACK),
            )
        }))
        .map_err(e)?;
    foot.draw(&Text::new(
        b.footnote.clone(),
        (16, 10),
        ("sans-serif", 13).into_font().color(&RGBColor(90, 90, 90)),
    ))
    .map_err(e)?;
    root.present().map_err(e)?;
    Ok(())
}

fn render(b: &Bars, w: u32, h: u32) -> Result<Rendered> {
    register_fonts();
    let mut svg = String::new();
    draw_bars(
        SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area(),
        b,
    )?;
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    draw_bars(
        BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area(),
        b,
    )?;
    Ok(Rendered {
        png: encode_png(w, h, rgb)?,
        svg,
    })
}

/// An RGB buffer of `w × h` pixels as PNG bytes.
pub(crate) fn encode_png(w: u32, h: u32, rgb: Vec<u8>) -> Result<Vec<u8>> {
    let img = image::RgbImage::from_raw(w, h, rgb)
        .ok_or_else(|| Error::Internal("chart buffer has the wrong size".into()))?;
    let mut png = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut png),
        image::ImageOutputFormat::Png,
    )
    .map_err(|e| Error::Internal(format!("PNG: {e}")))?;
    Ok(png)
}

/// Emissions by IPCC category (third level, e.g. `1.A.1`, `1.B.1`), Mt CO2e, for one region and year.
pub fn emissions_by_category(
    inv: &Inventory,
    region: &str,
    year: i32,
    source: &str,
) -> Result<Rendered> {
    let tree = CategoryTree::ipcc2006();
    let mut labels = Vec::new();
    let mut values = Vec::new();
    for ((r, y, code), v) in inv.by_category(3) {
        if r == region && y == year {
            let title = tree.get(&code).map(|c| c.title_en.as_str()).unwrap_or("");
            labels.push(format!("{code} {title}"));
            values.push(v / 1e6);
        }
    }
    let total: f64 = values.iter().sum();
    let bars = Bars {
        title: format!("{region} {year}: emissions by IPCC category ({total:.1} Mt CO2e)"),
        x_label: "Emissions, Mt CO2e".into(),
        labels,
        values,
        footnote: format!(
            "GWP100: {}. Factors: set \"{}\". Data: {source}. Memo items (biomass CO2, bunkers) and indirect electricity excluded.",
            inv.gwp_set, inv.factor_set
        ),
    };
    render(&bars, 1200, 560)
}
