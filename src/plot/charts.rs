//! The chart functions: plain data ([`super::data`]) + texts + [`Style`] → PNG and SVG ([`Rendered`]).
//!
//! Conventions (after the figures of IPCC AR6 WG III): the title above, the unit in the axis title, the
//! Okabe–Ito colour-blind-safe palette ([`SERIES_COLOURS`]), direct labels beside the data instead of a
//! legend where they fit (stacked series are labelled at their last year; labels are pushed apart so they
//! never overlap), light grid lines, a zero line when values change sign, and the footnote (GWP set, factor
//! set, data source) in small grey print under the chart, wrapped to its width.
//!
//! Layout is computed here in pixels over plotters' drawing primitives (rectangles, paths, text), the same
//! for both formats: the PNG and the SVG of a chart show the same thing. Nothing depends on the clock or on
//! hash order, so the same data give the same bytes.

use super::Rendered;
use super::data::{Bars, ChartText, Fans, Grouped, Pareto, Ranges, StackedSeries, Waterfall};
use super::style::Style;
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Series colours: the seven colours of the Okabe–Ito palette (Okabe & Ito 2008) without black, then grey
/// for the eighth series and beyond (by convention "other").
pub const SERIES_COLOURS: [RGBColor; 8] = [
    super::PALETTE[0],
    super::PALETTE[1],
    super::PALETTE[2],
    super::PALETTE[3],
    super::PALETTE[4],
    super::PALETTE[5],
    super::PALETTE[6],
    RGBColor(153, 153, 153),
];

const GREY: RGBColor = RGBColor(153, 153, 153);
const DARK: RGBColor = RGBColor(40, 40, 40);
const NOTE: RGBColor = RGBColor(90, 90, 90);
const GRID: RGBColor = RGBColor(225, 225, 225);
/// Increase (vermillion) and decrease (bluish green) in waterfalls.
const UP: RGBColor = RGBColor(213, 94, 0);
const DOWN: RGBColor = RGBColor(0, 158, 115);

fn colour(i: usize) -> RGBColor {
    SERIES_COLOURS[i.min(SERIES_COLOURS.len() - 1)]
}

type Area<DB> = DrawingArea<DB, Shift>;

fn derr<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> Error {
    Error::Internal(format!("chart: {e}"))
}

/// A chart's data, which draws itself on any plotters backend inside the plot box that [`frame`] leaves
/// (`(x0, y0, x1, y1)`, pixels).
trait Draw {
    fn draw<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
        plot_box: (i32, i32, i32, i32),
    ) -> Result<()>
    where
        DB::ErrorType: 'static;
}

/// A chart to render: its data, texts and style.
struct Job<'a, T> {
    data: &'a T,
    text: &'a ChartText,
    style: &'a Style,
}

impl<T: Draw> Job<'_, T> {
    /// The frame (background, title, axis title, footnote), then the chart in the box it leaves.
    fn plot<DB: DrawingBackend>(&self, root: &Area<DB>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let font = ab_glyph::FontRef::try_from_slice(self.style.font_bytes())
            .map_err(|e| Error::Internal(format!("chart font: {e}")))?;
        let pen = Pen {
            root,
            style: self.style,
            font,
        };
        let plot_box = frame(&pen, self.text)?;
        self.data.draw(&pen, plot_box)
    }
}

/// Draws `p` twice, as SVG and as PNG.
fn render<T: Draw>(p: &Job<'_, T>, w: u32, h: u32) -> Result<Rendered> {
    // Registered for every chart: where one process holds several copies of plotters' font registry (the
    // evcxr notebook kernel compiles each cell on its own), a style made earlier must still find its font.
    p.style.register();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        p.plot(&root)?;
        root.present().map_err(derr)?;
    }
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        // Text on the bitmap is rasterised by `Pen::raster_text` (plotters places glyphs by their advance
        // alone and rounds each glyph's offset on its own: full stops float, letters jostle).
        RASTER.with(|r| r.set(true));
        let drawn = p.plot(&root);
        RASTER.with(|r| r.set(false));
        drawn?;
        root.present().map_err(derr)?;
    }
    Ok(Rendered {
        png: super::encode_png(w, h, rgb)?,
        svg,
    })
}

thread_local! {
    /// Set while a chart is drawn on the bitmap backend (see [`render`]).
    static RASTER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Text helpers bound to a style and a drawing area.
struct Pen<'a, DB: DrawingBackend> {
    root: &'a Area<DB>,
    style: &'a Style,
    /// The style's font, parsed once per chart (for widths and for the bitmap's text).
    font: ab_glyph::FontRef<'static>,
}

/// The width of a line of text as it grows, with plotters' arithmetic for ab_glyph fonts
/// (`estimate_layout`): per character the glyph's advance, then its kerning with the glyph before, summed in
/// `f32`; the width in pixels is the sum truncated.
#[derive(Clone)]
struct Measure<'f> {
    font: ab_glyph::PxScaleFont<&'f ab_glyph::FontRef<'static>>,
    x: f32,
    prev: Option<ab_glyph::GlyphId>,
}

impl<'f> Measure<'f> {
    fn new(font: &'f ab_glyph::FontRef<'static>, size: f64) -> Self {
        use ab_glyph::Font;
        Measure {
            font: font.as_scaled(size as f32),
            x: 0.0,
            prev: None,
        }
    }

    fn push(&mut self, c: char) {
        use ab_glyph::ScaleFont;
        let id = self.font.glyph_id(c);
        self.x += self.font.h_advance(id);
        if let Some(p) = self.prev {
            self.x += self.font.kern(p, id);
        }
        self.prev = Some(id);
    }

    fn px(&self) -> i32 {
        self.x as i32
    }
}

impl<DB: DrawingBackend> Pen<'_, DB>
where
    DB::ErrorType: 'static,
{
    fn font(&self, size: f64) -> TextStyle<'static> {
        TextStyle::from((self.style.family(), size).into_font()).color(&DARK)
    }

    /// The width of `text` in pixels, computed as plotters computes it for its ab_glyph fonts
    /// (`estimate_layout`: each glyph's advance, then the kerning with the glyph before, summed in `f32` and
    /// truncated), but without building a text style and looking the font up for every call.
    fn width(&self, text: &str, size: f64) -> i32 {
        let mut m = Measure::new(&self.font, size);
        text.chars().for_each(|c| m.push(c));
        m.px()
    }

    fn text(
        &self,
        text: &str,
        (x, y): (i32, i32),
        size: f64,
        colour: RGBColor,
        h: HPos,
        v: VPos,
    ) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        if RASTER.with(|r| r.get()) {
            return self.raster_text(text, (x, y), size, colour, h, v);
        }
        let st = self.font(size).color(&colour).pos(Pos::new(h, v));
        self.root
            .draw(&Text::new(text.to_string(), (x, y), st))
            .map_err(derr)
    }

    /// Text drawn pixel by pixel with ab_glyph, laid out as plotters lays it out (the same width, the same
    /// anchor box of `size / 1.24`, the baseline `size / 2` below the box's top) but with every glyph placed
    /// at its exact position: its side bearing counted, one baseline for all.
    fn raster_text(
        &self,
        text: &str,
        (x, y): (i32, i32),
        size: f64,
        colour: RGBColor,
        h: HPos,
        v: VPos,
    ) -> Result<()> {
        use ab_glyph::{Font, ScaleFont, point};
        let sf = self.font.as_scaled(size as f32);
        let width = self.width(text, size);
        let height = (size / 1.24) as i32;
        let dx = match h {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match v {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let baseline = (y + dy) as f32 + size as f32 / 2.0;
        let mut caret = (x + dx) as f32;
        let mut prev = None;
        let mut ink: Vec<(i32, i32, f32)> = Vec::new();
        for c in text.chars() {
            let id = sf.glyph_id(c);
            if let Some(p) = prev {
                caret += sf.kern(p, id);
            }
            prev = Some(id);
            let glyph = id.with_scale_and_position(sf.scale(), point(caret, baseline));
            if let Some(outline) = sf.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, cov| {
                    if cov > 0.0 {
                        ink.push((b.min.x as i32 + gx as i32, b.min.y as i32 + gy as i32, cov));
                    }
                });
            }
            caret += sf.h_advance(id);
        }
        let (w, hh) = self.root.dim_in_pixel();
        for (px, py, cov) in ink {
            if px >= 0 && py >= 0 && px < w as i32 && py < hh as i32 {
                self.root
                    .draw_pixel((px, py), &colour.mix(f64::from(cov.min(1.0))))
                    .map_err(derr)?;
            }
        }
        Ok(())
    }

    /// `text` cut to `max` pixels, with "…" when cut.
    fn fit(&self, text: &str, size: f64, max: i32) -> String {
        let chars: Vec<char> = text.chars().collect();
        // The measure after each prefix: a prefix's width is the same sum, in the same order, as the width
        // of the prefix measured on its own.
        let mut prefixes = Vec::with_capacity(chars.len() + 1);
        let mut m = Measure::new(&self.font, size);
        prefixes.push(m.clone());
        for c in &chars {
            m.push(*c);
            prefixes.push(m.clone());
        }
        if m.px() <= max {
            return text.to_string();
        }
        let mut n = chars.len();
        while n > 1 {
            n -= 1;
            let mut cut = prefixes[n].clone();
            cut.push('…');
            if cut.px() <= max {
                return chars[..n].iter().collect::<String>() + "…";
            }
        }
        "…".into()
    }

    /// Greedy line breaking at spaces (and between CJK characters) to `max` pixels. The line being filled
    /// is measured as it grows (one glyph added per character), not measured again from its start.
    fn wrap(&self, text: &str, size: f64, max: i32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut m = Measure::new(&self.font, size);
        let mut last_break: Option<usize> = None;
        for c in text.chars() {
            line.push(c);
            m.push(c);
            if c == ' ' || (c as u32) >= 0x2E80 {
                last_break = Some(line.len());
            }
            if m.px() > max {
                match last_break {
                    Some(b) if b < line.len() => {
                        let rest = line.split_off(b);
                        lines.push(line.trim_end().to_string());
                        line = rest;
                    }
                    _ => {
                        let c = line.pop().unwrap_or(' ');
                        lines.push(line.trim_end().to_string());
                        line = c.to_string();
                    }
                }
                m = Measure::new(&self.font, size);
                line.chars().for_each(|c| m.push(c));
                last_break = None;
            }
        }
        if !line.trim().is_empty() {
            lines.push(line.trim_end().to_string());
        }
        lines
    }

    fn rect(&self, a: (i32, i32), b: (i32, i32), st: impl Into<ShapeStyle>) -> Result<()> {
        self.root
            .draw(&Rectangle::new([a, b], st.into()))
            .map_err(derr)
    }

    fn line(&self, pts: Vec<(i32, i32)>, st: impl Into<ShapeStyle>) -> Result<()> {
        self.root
            .draw(&PathElement::new(pts, st.into()))
            .map_err(derr)
    }

    fn dashed(&self, pts: Vec<(i32, i32)>, st: impl Into<ShapeStyle>) -> Result<()> {
        self.root
            .draw(&plotters::element::DashedPathElement::new(
                pts,
                6,
                4,
                st.into(),
            ))
            .map_err(derr)
    }
}

/// The frame of every chart: white background, title, y-axis title, footnote; returns the pixel box left
/// for the plot `(x0, y0, x1, y1)`.
fn frame<DB: DrawingBackend>(pen: &Pen<'_, DB>, text: &ChartText) -> Result<(i32, i32, i32, i32)>
where
    DB::ErrorType: 'static,
{
    let (w, h) = pen.root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    pen.root.fill(&WHITE).map_err(derr)?;
    pen.text(
        &pen.fit(&text.title, 22.0, w - 40),
        (20, 14),
        22.0,
        DARK,
        HPos::Left,
        VPos::Top,
    )?;
    let lines = pen.wrap(&text.footnote, 13.0, w - 40);
    let foot_h = lines.len() as i32 * 18 + 12;
    for (i, l) in lines.iter().enumerate() {
        pen.text(
            l,
            (20, h - foot_h + 4 + i as i32 * 18),
            13.0,
            NOTE,
            HPos::Left,
            VPos::Top,
        )?;
    }
    let mut top = 52;
    if !text.y_label.is_empty() {
        pen.text(&text.y_label, (20, 54), 15.0, DARK, HPos::Left, VPos::Top)?;
        top = 80;
    }
    let mut bottom = h - foot_h - 8;
    if !text.x_label.is_empty() {
        pen.text(
            &text.x_label,
            (w / 2, bottom),
            15.0,
            DARK,
            HPos::Center,
            VPos::Bottom,
        )?;
        bottom -= 24;
    }
    Ok((20, top, w - 20, bottom))
}

/// A linear scale from data to pixels.
#[derive(Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    p0: i32,
    p1: i32,
}

impl Scale {
    /// From the first to the last tick, drawn from pixel `p0` to `p1`.
    fn over(ts: &[f64], p0: i32, p1: i32) -> Scale {
        Scale {
            d0: *ts.first().unwrap_or(&0.0),
            d1: *ts.last().unwrap_or(&1.0),
            p0,
            p1,
        }
    }

    fn px(&self, v: f64) -> i32 {
        let t = if self.d1 == self.d0 {
            0.5
        } else {
            (v - self.d0) / (self.d1 - self.d0)
        };
        (self.p0 as f64 + t * (self.p1 - self.p0) as f64).round() as i32
    }
}

/// A vertical value axis with its tick labels left of the plot, between pixel rows `bottom` and `top`, in
/// the frame's columns `x0..x1`: the scale and the plot's left edge (after the widest label).
fn vertical_axis<DB: DrawingBackend>(
    pen: &Pen<'_, DB>,
    ts: &[f64],
    dec: usize,
    (x0, x1): (i32, i32),
    (bottom, top): (i32, i32),
) -> Result<(Scale, i32)>
where
    DB::ErrorType: 'static,
{
    let px0 = x0
        + 16
        + pen
            .width(&num(*ts.last().unwrap_or(&0.0), dec), 13.0)
            .max(30);
    let ys = Scale::over(ts, bottom, top);
    value_axis(pen, &ys, ts, dec, true, (px0, x1))?;
    Ok((ys, px0))
}

/// "Nice" ticks (1, 2, 2.5, 5 × 10ᵏ) covering `lo..hi`: (the ticks, decimals to print).
fn ticks(lo: f64, hi: f64, n: usize) -> (Vec<f64>, usize) {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, lo + 1.0)
    };
    let raw = (hi - lo) / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw * 0.999)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    let ts = (first..=last).map(|k| k as f64 * step).collect();
    let dec = if step >= 1.0 {
        0
    } else {
        (-(step.log10().floor()) as usize) + usize::from((step / mag - 2.5).abs() < 1e-9)
    };
    (ts, dec)
}

/// A number for a label: `decimals` places, a minus sign that reads as one.
fn num(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v);
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        // −0.0 prints as 0.0.
        return s[1..].to_string();
    }
    s.replacen('-', "−", 1)
}

/// Decimals that show `max_abs` with about three significant figures.
fn decimals_for(max_abs: f64) -> usize {
    if max_abs >= 100.0 {
        0
    } else if max_abs >= 10.0 {
        1
    } else if max_abs >= 1.0 {
        2
    } else {
        3
    }
}

/// A value axis: grid lines and tick labels, vertical (on the left) or horizontal (at the bottom).
fn value_axis<DB: DrawingBackend>(
    pen: &Pen<'_, DB>,
    s: &Scale,
    ts: &[f64],
    dec: usize,
    vertical: bool,
    span: (i32, i32),
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    for &t in ts {
        let p = s.px(t);
        let zero = t.abs() < 1e-12 && ts.first().is_some_and(|f| *f < 0.0);
        let st = if zero { DARK } else { GRID };
        if vertical {
            pen.line(vec![(span.0, p), (span.1, p)], st.stroke_width(1))?;
            pen.text(
                &num(t, dec),
                (span.0 - 6, p),
                13.0,
                DARK,
                HPos::Right,
                VPos::Center,
            )?;
        } else {
            pen.line(vec![(p, span.0), (p, span.1)], st.stroke_width(1))?;
            pen.text(
                &num(t, dec),
                (p, span.1 + 6),
                13.0,
                DARK,
                HPos::Center,
                VPos::Top,
            )?;
        }
    }
    Ok(())
}

/// Spreads labels wanted at pixel rows `want` so that they are at least `gap` apart within `lo..=hi`;
/// returns the rows in the input order.
fn spread(want: &[i32], gap: i32, lo: i32, hi: i32) -> Vec<i32> {
    let mut idx: Vec<usize> = (0..want.len()).collect();
    idx.sort_by_key(|&i| (want[i], i));
    let mut pos: Vec<i32> = idx.iter().map(|&i| want[i].clamp(lo, hi)).collect();
    for k in 1..pos.len() {
        pos[k] = pos[k].max(pos[k - 1] + gap);
    }
    if let Some(last) = pos.last().copied()
        && last > hi
    {
        let n = pos.len();
        pos[n - 1] = hi;
        for k in (0..n - 1).rev() {
            pos[k] = pos[k].min(pos[k + 1] - gap);
        }
    }
    let mut out = vec![0; want.len()];
    for (k, &i) in idx.iter().enumerate() {
        out[i] = pos[k];
    }
    out
}

/// A row of legend entries (a swatch and a text each) from `(x, y)`; `kind` 0 = box, 1 = line, 2 = dashed
/// line, 3 = dot. Returns nothing; entries that do not fit are moved to the next row.
fn legend<DB: DrawingBackend>(
    pen: &Pen<'_, DB>,
    entries: &[(String, RGBColor, u8)],
    (x, y): (i32, i32),
    max_x: i32,
) -> Result<i32>
where
    DB::ErrorType: 'static,
{
    let (mut cx, mut cy) = (x, y);
    for (label, c, kind) in entries {
        let w = 24 + pen.width(label, 14.0) + 22;
        if cx + w > max_x && cx > x {
            cx = x;
            cy += 22;
        }
        match kind {
            0 => pen.rect((cx, cy - 6), (cx + 16, cy + 6), c.filled())?,
            1 => pen.line(vec![(cx, cy), (cx + 18, cy)], c.stroke_width(3))?,
            2 => pen.dashed(vec![(cx, cy), (cx + 18, cy)], c.stroke_width(2))?,
            _ => pen
                .root
                .draw(&Circle::new((cx + 8, cy), 5, c.filled()))
                .map_err(derr)?,
        }
        pen.text(label, (cx + 24, cy), 14.0, DARK, HPos::Left, VPos::Center)?;
        cx += w;
    }
    Ok(cy + 22)
}

/// Series stacked over years, negatives below zero, with the total as a line; a single year is drawn as
/// horizontal bars ([`bars`]) instead of a one-column stack.
pub fn stacked(data: &StackedSeries, text: &ChartText, style: &Style) -> Result<Rendered> {
    if data.years.len() == 1 {
        let items = data
            .series
            .iter()
            .map(|(l, v)| (l.clone(), v.first().copied().unwrap_or(0.0)))
            .collect();
        let mut t = text.clone();
        // The horizontal axis now carries the values.
        t.x_label = std::mem::take(&mut t.y_label);
        return bars(&Bars { items }, &t, style);
    }
    render(&Job { data, text, style }, 1200, 700)
}

impl Draw for StackedSeries {
    fn draw<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
        (x0, y0, x1, y1): (i32, i32, i32, i32),
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let d = self;
        let n = d.years.len();
        // Stack extents per year.
        let mut lo = 0.0f64;
        let mut hi = 0.0f64;
        for i in 0..n {
            let (p, m): (f64, f64) = d.series.iter().fold((0.0, 0.0), |(p, m), (_, v)| {
                let x = v.get(i).copied().unwrap_or(0.0);
                if x >= 0.0 { (p + x, m) } else { (p, m + x) }
            });
            hi = hi.max(p);
            lo = lo.min(m);
        }
        for t in &d.total {
            hi = hi.max(*t);
            lo = lo.min(*t);
        }
        let (ts, dec) = ticks(lo, hi * 1.04, 6);
        let label_w = 300;
        let plot_x0 = x0
            + 16
            + pen
                .width(&num(*ts.last().unwrap_or(&0.0), dec), 13.0)
                .max(30);
        let plot_x1 = x1 - label_w;
        let ys = Scale::over(&ts, y1 - 22, y0);
        let first = d.years.first().copied().unwrap_or(0) as f64;
        let last = d.years.last().copied().unwrap_or(0) as f64;
        let xs = Scale {
            d0: first - 0.6,
            d1: last + 0.6,
            p0: plot_x0,
            p1: plot_x1,
        };
        value_axis(pen, &ys, &ts, dec, true, (plot_x0, plot_x1))?;
        // Year labels: every year when they fit, else every 2nd, 5th or 10th.
        let every = [1, 2, 5, 10, 20]
            .into_iter()
            .find(|k| (plot_x1 - plot_x0) / ((n as i32 + k - 1) / k).max(1) >= 48)
            .unwrap_or(20);
        let bar_w = (((plot_x1 - plot_x0) as f64 / (last - first + 1.2)) * 0.36).max(1.0) as i32;
        for (i, y) in d.years.iter().enumerate() {
            let cx = xs.px(*y as f64);
            if y.rem_euclid(every) == 0 || every == 1 {
                pen.text(
                    &y.to_string(),
                    (cx, ys.p0 + 6),
                    13.0,
                    DARK,
                    HPos::Center,
                    VPos::Top,
                )?;
            }
            let (mut p, mut m) = (0.0, 0.0);
            for (k, (_, v)) in d.series.iter().enumerate() {
                let x = v.get(i).copied().unwrap_or(0.0);
                let (a, b) = if x >= 0.0 {
                    p += x;
                    (p - x, p)
                } else {
                    m += x;
                    (m - x, m)
                };
                if x != 0.0 {
                    pen.rect(
                        (cx - bar_w, ys.px(b)),
                        (cx + bar_w, ys.px(a)),
                        colour(k).filled(),
                    )?;
                }
            }
        }
        if lo < 0.0 {
            pen.line(
                vec![(plot_x0, ys.px(0.0)), (plot_x1, ys.px(0.0))],
                DARK.stroke_width(1),
            )?;
        }
        // The total line.
        let pts: Vec<(i32, i32)> = d
            .years
            .iter()
            .zip(&d.total)
            .map(|(y, t)| (xs.px(*y as f64), ys.px(*t)))
            .collect();
        pen.line(pts.clone(), BLACK.stroke_width(2))?;
        for p in &pts {
            pen.root
                .draw(&Circle::new(*p, 4, BLACK.filled()))
                .map_err(derr)?;
        }
        // Direct labels at the last year: each band's middle, the total at its point.
        let li = n - 1;
        let vmax = d
            .series
            .iter()
            .map(|(_, v)| v[li].abs())
            .fold(0.0, f64::max);
        let vdec = decimals_for(vmax);
        let (mut p, mut m) = (0.0, 0.0);
        let mut want = Vec::new();
        let mut labels = Vec::new();
        for (k, (label, v)) in d.series.iter().enumerate() {
            let x = v.get(li).copied().unwrap_or(0.0);
            let mid = if x >= 0.0 {
                p += x;
                p - x / 2.0
            } else {
                m += x;
                m - x / 2.0
            };
            want.push(ys.px(mid));
            labels.push((format!("{label}  {}", num(x, vdec)), colour(k), false));
        }
        want.push(ys.px(*d.total.get(li).unwrap_or(&0.0)));
        labels.push((
            format!(
                "{}  {}",
                d.total_label,
                num(*d.total.get(li).unwrap_or(&0.0), vdec)
            ),
            BLACK,
            true,
        ));
        let rows = spread(&want, 18, y0 + 8, ys.p0 - 4);
        let lx = plot_x1 + 14;
        for ((text, c, is_total), (row, w)) in labels.iter().zip(rows.iter().zip(&want)) {
            pen.line(
                vec![(plot_x1 - 2, *w), (lx - 2, *row)],
                GREY.stroke_width(1),
            )?;
            if *is_total {
                pen.root
                    .draw(&Circle::new((lx + 6, *row), 4, c.filled()))
                    .map_err(derr)?;
            } else {
                pen.rect((lx, row - 6), (lx + 12, row + 6), c.filled())?;
            }
            pen.text(
                &pen.fit(text, 14.0, label_w - 36),
                (lx + 18, *row),
                14.0,
                DARK,
                HPos::Left,
                VPos::Center,
            )?;
        }
        Ok(())
    }
}

/// Horizontal bars, top to bottom in the order given, negative values to the left of zero, each labelled
/// with its value.
pub fn bars(data: &Bars, text: &ChartText, style: &Style) -> Result<Rendered> {
    let n = data.items.len().max(1) as u32;
    let h = (150 + 34 * n + 90).max(360);
    render(&Job { data, text, style }, 1200, h)
}

/// Draws horizontal bars in `(x0, y0, x1, y1)`; `colours[i]` per bar.
fn hbars<DB: DrawingBackend>(
    pen: &Pen<'_, DB>,
    items: &[(String, f64)],
    colours: &[RGBColor],
    notes: &[String],
    (x0, y0, x1, y1): (i32, i32, i32, i32),
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let lo = items.iter().map(|i| i.1).fold(0.0, f64::min);
    let hi = items.iter().map(|i| i.1).fold(0.0, f64::max);
    let vdec = decimals_for(lo.abs().max(hi.abs()));
    let label_w = items
        .iter()
        .map(|(l, _)| pen.width(l, 14.0))
        .max()
        .unwrap_or(0)
        .min((x1 - x0) * 2 / 5);
    let note_w = notes.iter().map(|t| pen.width(t, 13.0)).max().unwrap_or(0);
    let pad = (hi - lo).max(1e-9) * 0.14;
    let (ts, dec) = ticks(
        if lo < 0.0 { lo - pad } else { 0.0 },
        if hi > 0.0 { hi + pad } else { 0.0 },
        6,
    );
    let px0 = x0 + label_w + 12;
    let px1 = x1 - 10 - note_w.min(160);
    let xs = Scale::over(&ts, px0, px1);
    let axis_y = y1 - 22;
    value_axis(pen, &xs, &ts, dec, false, (y0, axis_y))?;
    let row_h = ((axis_y - y0) / items.len().max(1) as i32).max(8);
    for (i, (label, v)) in items.iter().enumerate() {
        let cy = y0 + row_h * i as i32 + row_h / 2;
        let half = (row_h * 3 / 10).clamp(3, 14);
        let (a, b) = (xs.px(0.0), xs.px(*v));
        pen.rect(
            (a.min(b), cy - half),
            (a.max(b).max(a.min(b) + 1), cy + half),
            colours[i % colours.len()].filled(),
        )?;
        pen.text(
            &pen.fit(label, 14.0, label_w),
            (px0 - 8, cy),
            14.0,
            DARK,
            HPos::Right,
            VPos::Center,
        )?;
        let value = match notes.get(i) {
            Some(t) if !t.is_empty() => format!("{}  {t}", num(*v, vdec)),
            _ => num(*v, vdec),
        };
        if *v >= 0.0 {
            pen.text(&value, (b + 6, cy), 13.0, DARK, HPos::Left, VPos::Center)?;
        } else {
            pen.text(&value, (b - 6, cy), 13.0, DARK, HPos::Right, VPos::Center)?;
        }
    }
    pen.line(
        vec![(xs.px(0.0), y0), (xs.px(0.0), axis_y)],
        DARK.stroke_width(1),
    )?;
    Ok(())
}

impl Draw for Bars {
    fn draw<DB: DrawingBackend>(&self, pen: &Pen<'_, DB>, b: (i32, i32, i32, i32)) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let colours: Vec<RGBColor> = self
            .items
            .iter()
            .map(|(_, v)| if *v < 0.0 { DOWN } else { SERIES_COLOURS[0] })
            .collect();
        hbars(pen, &self.items, &colours, &[], b)
    }
}

/// A Pareto chart: items ranked by absolute value (at most 25 shown), each with its cumulative share;
/// those within `threshold` of the cumulative total highlighted, a dashed line where the threshold is
/// crossed.
pub fn pareto(data: &Pareto, text: &ChartText, style: &Style) -> Result<Rendered> {
    let n = data.items.len().clamp(1, 25) as u32;
    render(
        &Job { data, text, style },
        1200,
        (190 + 34 * n + 90).max(380),
    )
}

impl Draw for Pareto {
    fn draw<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
        (x0, y0, x1, y1): (i32, i32, i32, i32),
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let mut items: Vec<(String, f64)> = self
            .items
            .iter()
            .map(|(l, v)| (l.clone(), v.abs()))
            .collect();
        items.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let total: f64 = items.iter().map(|i| i.1).sum();
        let mut cum = 0.0;
        let mut notes = Vec::new();
        let mut colours = Vec::new();
        let mut cut = None;
        for (i, (_, v)) in items.iter().enumerate() {
            // An item is highlighted while the cumulative share before it is below the threshold.
            let key = cum < self.threshold - 1e-12;
            cum += v / total.max(1e-300);
            notes.push(format!("Σ {:.1} %", 100.0 * cum));
            colours.push(if key { SERIES_COLOURS[0] } else { GREY });
            if !key && cut.is_none() {
                cut = Some(i);
            }
        }
        let shown = items.len().min(25);
        let bottom = legend(
            pen,
            &[
                (self.legend[0].clone(), SERIES_COLOURS[0], 0),
                (self.legend[1].clone(), GREY, 0),
            ],
            (x0 + 10, y0 + 6),
            x1,
        )?;
        hbars(
            pen,
            &items[..shown],
            &colours[..shown],
            &notes[..shown],
            (x0, bottom, x1, y1),
        )?;
        if let Some(c) = cut.filter(|c| *c < shown) {
            let row_h = ((y1 - 22 - bottom) / shown.max(1) as i32).max(8);
            let y = bottom + row_h * c as i32;
            pen.dashed(vec![(x0, y), (x1, y)], UP.stroke_width(2))?;
            pen.text(
                &format!("{:.0} %", 100.0 * self.threshold),
                (x1, y - 3),
                13.0,
                UP,
                HPos::Right,
                VPos::Bottom,
            )?;
        }
        Ok(())
    }
}

/// Central values with their ranges (a dot and a whisker per item), labelled `central [lower, upper]`.
pub fn ranges(data: &Ranges, text: &ChartText, style: &Style) -> Result<Rendered> {
    let n = data.items.len().max(1) as u32;
    render(
        &Job { data, text, style },
        1200,
        (150 + 34 * n + 90).max(360),
    )
}

impl Draw for Ranges {
    fn draw<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
        (x0, y0, x1, y1): (i32, i32, i32, i32),
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let items = &self.items;
        let lo = items.iter().map(|i| i.2.min(i.1)).fold(0.0, f64::min);
        let hi = items.iter().map(|i| i.3.max(i.1)).fold(0.0, f64::max);
        let label_w = items
            .iter()
            .map(|i| pen.width(&i.0, 14.0))
            .max()
            .unwrap_or(0)
            .min((x1 - x0) * 2 / 5);
        let (ts, dec) = ticks(lo, hi * 1.02, 6);
        let px0 = x0 + label_w + 12;
        let px1 = x1 - 200;
        let xs = Scale::over(&ts, px0, px1);
        let axis_y = y1 - 22;
        value_axis(pen, &xs, &ts, dec, false, (y0, axis_y))?;
        let row_h = ((axis_y - y0) / items.len().max(1) as i32).max(8);
        for (i, (label, c, l, u)) in items.iter().enumerate() {
            let cy = y0 + row_h * i as i32 + row_h / 2;
            let (a, b, m) = (xs.px(*l), xs.px(*u), xs.px(*c));
            pen.rect(
                (a, cy - 5),
                (b.max(a + 1), cy + 5),
                SERIES_COLOURS[4].filled(),
            )?;
            for x in [a, b] {
                pen.line(
                    vec![(x, cy - 9), (x, cy + 9)],
                    SERIES_COLOURS[0].stroke_width(2),
                )?;
            }
            pen.root
                .draw(&Circle::new((m, cy), 6, SERIES_COLOURS[0].filled()))
                .map_err(derr)?;
            pen.text(
                &pen.fit(label, 14.0, label_w),
                (px0 - 8, cy),
                14.0,
                DARK,
                HPos::Right,
                VPos::Center,
            )?;
            // Three significant figures of the item's own size.
            let vdec = decimals_for(c.abs().max(u.abs()));
            pen.text(
                &format!("{}  [{}, {}]", num(*c, vdec), num(*l, vdec), num(*u, vdec)),
                (px1 + 12, cy),
                13.0,
                DARK,
                HPos::Left,
                VPos::Center,
            )?;
        }
        Ok(())
    }
}

/// Grouped vertical bars with a legend of the series on top, optional notes above the groups, values on
/// the bars and a vertical marker line (e.g. the `peak_by` year).
pub fn grouped(data: &Grouped, text: &ChartText, style: &Style) -> Result<Rendered> {
    render(&Job { data, text, style }, 1200, 640)
}

impl Draw for Grouped {
    fn draw<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
        (x0, y0, x1, y1): (i32, i32, i32, i32),
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let d = self;
        let entries: Vec<(String, RGBColor, u8)> = d
            .series
            .iter()
            .enumerate()
            .map(|(k, (l, _))| (l.clone(), colour(k), 0))
            .collect();
        let top = legend(pen, &entries, (x0 + 60, y0 + 6), x1)? + 16;
        let all = d.series.iter().flat_map(|(_, v)| v.iter().copied());
        let lo = all.clone().fold(0.0, f64::min);
        let hi = all.fold(0.0, f64::max);
        // Headroom above the tallest bar, but never past the bound (shares stop at 100 %).
        let head = match d.y_max {
            Some(m) if hi <= m => (hi * 1.08).min(m),
            _ => hi * 1.08,
        };
        let (mut ts, dec) = ticks(lo, head, 6);
        if let Some(m) = d.y_max.filter(|m| hi <= *m) {
            ts.retain(|t| *t <= m + 1e-9);
            if ts.last().is_some_and(|t| *t < head - 1e-9) {
                ts.push(m);
            }
        }
        let (ys, px0) = vertical_axis(pen, &ts, dec, (x0, x1), (y1 - 26, top))?;
        let ng = d.groups.len().max(1) as i32;
        let gw = (x1 - px0) / ng;
        let ns = d.series.len().max(1) as i32;
        let bw = ((gw * 8 / 10) / ns).max(1);
        let label_size = if d.groups.iter().any(|g| pen.width(g, 13.0) > gw - 4) {
            11.0
        } else {
            13.0
        };
        for (g, name) in d.groups.iter().enumerate() {
            let gx = px0 + gw * g as i32 + gw / 10;
            pen.text(
                &pen.fit(name, label_size, gw - 2),
                (gx + bw * ns / 2, ys.p0 + 6),
                label_size,
                DARK,
                HPos::Center,
                VPos::Top,
            )?;
            let mut top_px = ys.px(0.0);
            for (k, (_, v)) in d.series.iter().enumerate() {
                let x = v.get(g).copied().unwrap_or(0.0);
                let bx = gx + bw * k as i32;
                let (a, b) = (ys.px(0.0), ys.px(x));
                if x != 0.0 {
                    pen.rect((bx, a.min(b)), (bx + bw - 1, a.max(b)), colour(k).filled())?;
                }
                top_px = top_px.min(b);
                if let Some((dec, suffix)) = &d.value_labels {
                    let t = format!("{}{suffix}", num(x, *dec));
                    if x != 0.0 && pen.width(&t, 11.0) <= bw + 6 {
                        pen.text(
                            &t,
                            (bx + bw / 2, b - 3),
                            11.0,
                            DARK,
                            HPos::Center,
                            VPos::Bottom,
                        )?;
                    }
                }
            }
            if let Some(note) = d.notes.get(g).filter(|t| !t.is_empty()) {
                pen.text(
                    note,
                    (gx + bw * ns / 2, top_px - 18),
                    13.0,
                    NOTE,
                    HPos::Center,
                    VPos::Bottom,
                )?;
            }
        }
        if let Some((g, label)) = &d.marker {
            let x = px0 + gw * (*g as i32 + 1);
            pen.dashed(vec![(x, top), (x, ys.p0)], DARK.stroke_width(1))?;
            pen.text(label, (x + 4, top + 2), 13.0, DARK, HPos::Left, VPos::Top)?;
        }
        Ok(())
    }
}

/// A waterfall: the start bar, one floating bar per effect (increases vermillion, decreases bluish green)
/// joined by dashed connectors, and the end bar.
pub fn waterfall(data: &Waterfall, text: &ChartText, style: &Style) -> Result<Rendered> {
    render(&Job { data, text, style }, 1200, 640)
}

impl Draw for Waterfall {
    fn draw<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
        (x0, y0, x1, y1): (i32, i32, i32, i32),
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let d = self;
        // (label, from, to, colour) per bar.
        let mut bars = vec![(d.start.0.clone(), 0.0, d.start.1, GREY)];
        let mut level = d.start.1;
        for (l, v) in &d.effects {
            bars.push((
                l.clone(),
                level,
                level + v,
                if *v >= 0.0 { UP } else { DOWN },
            ));
            level += v;
        }
        bars.push((d.end.0.clone(), 0.0, d.end.1, GREY));
        let lo = bars.iter().map(|b| b.1.min(b.2)).fold(0.0, f64::min);
        let hi = bars.iter().map(|b| b.1.max(b.2)).fold(0.0, f64::max);
        let vdec = decimals_for(lo.abs().max(hi.abs()));
        let (ts, dec) = ticks(lo, hi * 1.08, 6);
        let (ys, px0) = vertical_axis(pen, &ts, dec, (x0, x1), (y1 - 26, y0 + 10))?;
        let n = bars.len() as i32;
        let gw = (x1 - px0) / n;
        let bw = gw * 6 / 10;
        for (i, (label, a, b, c)) in bars.iter().enumerate() {
            let bx = px0 + gw * i as i32 + (gw - bw) / 2;
            let (pa, pb) = (ys.px(*a), ys.px(*b));
            pen.rect(
                (bx, pa.min(pb)),
                (bx + bw, pa.max(pb).max(pa.min(pb) + 1)),
                c.filled(),
            )?;
            let is_effect = i > 0 && i + 1 < bars.len();
            let value = if is_effect {
                let v = b - a;
                if v >= 0.0 {
                    format!("+{}", num(v, vdec))
                } else {
                    num(v, vdec)
                }
            } else {
                num(*b, vdec)
            };
            pen.text(
                &value,
                (bx + bw / 2, pa.min(pb) - 4),
                13.0,
                DARK,
                HPos::Center,
                VPos::Bottom,
            )?;
            pen.text(
                &pen.fit(label, 13.0, gw - 4),
                (bx + bw / 2, ys.p0 + 6),
                13.0,
                DARK,
                HPos::Center,
                VPos::Top,
            )?;
            if i + 1 < bars.len() {
                let nx = px0 + gw * (i as i32 + 1) + (gw - bw) / 2;
                pen.dashed(vec![(bx + bw, pb), (nx, pb)], NOTE.stroke_width(1))?;
            }
        }
        if lo < 0.0 {
            pen.line(
                vec![(px0, ys.px(0.0)), (x1, ys.px(0.0))],
                DARK.stroke_width(1),
            )?;
        }
        Ok(())
    }
}

/// Fan charts, one panel per [`Fan`], side by side with a shared vertical axis: the 5–95th percentile band
/// (light), the 25–75th (darker), the median (line), the target path (dashed), target points (diamonds),
/// the median's peak (a vermillion dot, labelled with its year) and a deadline (vertical dotted line).
pub fn fans(data: &Fans, text: &ChartText, style: &Style) -> Result<Rendered> {
    render(&Job { data, text, style }, 1200, 620)
}

impl Draw for Fans {
    fn draw<DB: DrawingBackend>(
        &self,
        pen: &Pen<'_, DB>,
        (x0, y0, x1, y1): (i32, i32, i32, i32),
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let d = self;
        let band = SERIES_COLOURS[0];
        let mut entries = vec![
            (
                d.legend[0].clone(),
                band.mix(0.2).to_rgba_opaque_on_white(),
                0,
            ),
            (
                d.legend[1].clone(),
                band.mix(0.45).to_rgba_opaque_on_white(),
                0,
            ),
            (d.legend[2].clone(), band, 1),
        ];
        // Only what some panel shows.
        if d.panels.iter().any(|f| f.target_path.len() > 1) {
            entries.push((d.legend[3].clone(), BLACK, 2));
        }
        if d.panels.iter().any(|f| f.peak.is_some()) {
            entries.push((d.legend[4].clone(), UP, 3));
        }
        let legend_y = y1 - 8;
        let bottom = y1 - 30;
        legend(pen, &entries, (x0 + 60, legend_y), x1)?;
        let mut hi = 0.0f64;
        for f in &d.panels {
            hi = f.p95.iter().chain(&f.p50).fold(hi, |a, b| a.max(*b));
            hi = f.target_path.iter().map(|t| t.1).fold(hi, f64::max);
            hi = f.target_points.iter().map(|t| t.1).fold(hi, f64::max);
        }
        let (ts, dec) = ticks(0.0, hi * 1.05, 6);
        let axis_w = 16
            + pen
                .width(&num(*ts.last().unwrap_or(&0.0), dec), 13.0)
                .max(30);
        let np = d.panels.len().max(1) as i32;
        let pw = (x1 - x0 - axis_w) / np;
        for (k, f) in d.panels.iter().enumerate() {
            let px0 = x0 + axis_w + pw * k as i32 + 10;
            let px1 = px0 + pw - 44;
            let ys = Scale::over(&ts, bottom - 22, y0 + 26);
            let (first, last) = (
                *f.years.first().unwrap_or(&0) as f64,
                *f.years.last().unwrap_or(&1) as f64,
            );
            let xs = Scale {
                d0: first,
                d1: last,
                p0: px0,
                p1: px1,
            };
            pen.text(
                &pen.fit(&f.label, 16.0, pw - 20),
                ((px0 + px1) / 2, y0 + 2),
                16.0,
                DARK,
                HPos::Center,
                VPos::Top,
            )?;
            for &t in &ts {
                let p = ys.px(t);
                pen.line(vec![(px0, p), (px1, p)], GRID.stroke_width(1))?;
                if k == 0 {
                    pen.text(
                        &num(t, dec),
                        (px0 - 6, p),
                        13.0,
                        DARK,
                        HPos::Right,
                        VPos::Center,
                    )?;
                }
            }
            let span = last - first;
            let step = if span > 20.0 { 10 } else { 5 };
            for y in f.years.iter().filter(|y| *y % step == 0) {
                let x = xs.px(*y as f64);
                pen.line(vec![(x, ys.p0), (x, ys.p0 + 4)], DARK.stroke_width(1))?;
                pen.text(
                    &y.to_string(),
                    (x, ys.p0 + 6),
                    13.0,
                    DARK,
                    HPos::Center,
                    VPos::Top,
                )?;
            }
            pen.line(vec![(px0, ys.p0), (px1, ys.p0)], DARK.stroke_width(1))?;
            let poly = |a: &[f64], b: &[f64]| -> Vec<(i32, i32)> {
                let mut pts: Vec<(i32, i32)> = f
                    .years
                    .iter()
                    .zip(a)
                    .map(|(y, v)| (xs.px(*y as f64), ys.px(*v)))
                    .collect();
                pts.extend(
                    f.years
                        .iter()
                        .zip(b)
                        .rev()
                        .map(|(y, v)| (xs.px(*y as f64), ys.px(*v))),
                );
                pts
            };
            pen.root
                .draw(&Polygon::new(poly(&f.p95, &f.p5), band.mix(0.2).filled()))
                .map_err(derr)?;
            pen.root
                .draw(&Polygon::new(poly(&f.p75, &f.p25), band.mix(0.45).filled()))
                .map_err(derr)?;
            let med: Vec<(i32, i32)> = f
                .years
                .iter()
                .zip(&f.p50)
                .map(|(y, v)| (xs.px(*y as f64), ys.px(*v)))
                .collect();
            pen.line(med, band.stroke_width(3))?;
            if f.target_path.len() > 1 {
                let pts = f
                    .target_path
                    .iter()
                    .map(|(y, v)| (xs.px(*y as f64), ys.px(*v)))
                    .collect();
                pen.dashed(pts, BLACK.stroke_width(2))?;
            }
            for (y, v, label) in &f.target_points {
                let (x, p) = (xs.px(*y as f64), ys.px(*v));
                pen.root
                    .draw(&Polygon::new(
                        vec![(x, p - 7), (x + 7, p), (x, p + 7), (x - 7, p)],
                        BLACK.filled(),
                    ))
                    .map_err(derr)?;
                pen.text(label, (x + 9, p + 2), 12.0, DARK, HPos::Left, VPos::Top)?;
            }
            if let Some((y, label)) = &f.deadline {
                let x = xs.px(*y as f64);
                pen.dashed(vec![(x, ys.p1), (x, ys.p0)], NOTE.stroke_width(1))?;
                pen.text(label, (x + 4, ys.p1), 12.0, NOTE, HPos::Left, VPos::Top)?;
            }
            if let Some((y, v)) = f.peak {
                let (x, p) = (xs.px(y as f64), ys.px(v));
                pen.root
                    .draw(&Circle::new((x, p), 6, UP.filled()))
                    .map_err(derr)?;
                pen.text(
                    &y.to_string(),
                    (x, p - 9),
                    13.0,
                    UP,
                    HPos::Center,
                    VPos::Bottom,
                )?;
            }
        }
        Ok(())
    }
}

/// Opaque equivalents of translucent colours on white, for legend swatches.
trait OnWhite {
    fn to_rgba_opaque_on_white(&self) -> RGBColor;
}

impl OnWhite for RGBAColor {
    fn to_rgba_opaque_on_white(&self) -> RGBColor {
        let m = |c: u8| (c as f64 * self.3 + 255.0 * (1.0 - self.3)).round() as u8;
        RGBColor(m(self.0), m(self.1), m(self.2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice_and_cover_the_range() {
        // 0..258 in about 6 steps: step 50 (258/6 = 43 → 50), from 0 to 300.
        let (t, d) = ticks(0.0, 258.0, 6);
        assert_eq!(t, vec![0.0, 50.0, 100.0, 150.0, 200.0, 250.0, 300.0]);
        assert_eq!(d, 0);
        // −30..120: 150/6 = 25 → step 25.
        let (t, _) = ticks(-30.0, 120.0, 6);
        assert_eq!(t.first(), Some(&-50.0));
        assert_eq!(t.last(), Some(&125.0));
        // 0..0.9: 0.15 → 0.2, one decimal.
        let (t, d) = ticks(0.0, 0.9, 6);
        assert_eq!(d, 1);
        assert!((t[1] - 0.2).abs() < 1e-12);
        // 0..0.6: 0.1 → 0.1; 0..1.4: 0.233 → 0.25, two decimals.
        assert_eq!(ticks(0.0, 1.4, 6).1, 2);
    }

    #[test]
    fn labels_are_spread_apart_within_bounds() {
        let r = spread(&[100, 101, 102, 300], 18, 0, 400);
        assert_eq!(r, vec![100, 118, 136, 300]);
        // Crowded at the bottom: pushed up from the bound.
        let r = spread(&[395, 396], 18, 0, 400);
        assert_eq!(r, vec![382, 400]);
    }

    #[test]
    fn numbers_use_a_true_minus_and_no_negative_zero() {
        assert_eq!(num(-1.25, 1), "−1.2");
        assert_eq!(num(-0.01, 1), "0.0");
        assert_eq!(num(12.0, 0), "12");
    }
}
