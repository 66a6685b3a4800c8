//! Charts, PNG and SVG. The only module that knows plotters.
//!
//! Text is drawn with DejaVu Sans, shipped in `assets/fonts/` (Bitstream Vera licence), so charts render on
//! a machine with no fonts installed. Colours are the Okabe–Ito colour-blind-safe palette.

pub mod adapt;
pub mod analysis;
pub mod charts;
pub mod data;
pub mod style;

use crate::error::{Error, Result};
use crate::inventory::Inventory;
use plotters::prelude::*;

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

/// A rendered chart in both formats.
pub struct Rendered {
    /// PNG bytes.
    pub png: Vec<u8>,
    /// SVG text.
    pub svg: String,
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

/// Emissions by IPCC category (third level, e.g. `1.A.1`, `1.B.1`), Mt CO2e, for one region and year,
/// with English labels: the `emissions_by_category` chart of `ghgkit run`
/// ([`adapt::category_chart`] takes a [`style::Style`] for Chinese labels).
pub fn emissions_by_category(
    inv: &Inventory,
    region: &str,
    year: i32,
    source: &str,
) -> Result<Rendered> {
    Ok(adapt::category_chart(inv, region, year, source, &style::Style::english())?.rendered)
}
