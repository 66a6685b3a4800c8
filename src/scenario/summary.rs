//! Summaries per variable and year (mean and percentiles) and `trajectories.csv`.
//!
//! Percentiles interpolate linearly between order statistics (Hyndman & Fan type 7, the default of R and
//! NumPy): for `n` sorted values `x_0 ≤ … ≤ x_{n−1}` and probability `p`, `h = (n − 1) p`,
//! `Q = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋)`. The engine takes the order statistics from a quantile sketch
//! ([`summarise`], [`super::sketch`]): within 1e-4 relative of the exact ones ([`stats`] computes them
//! exactly from every value). The mean is a compensated (Neumaier) sum, sequential in draw order within a
//! block of draws and over the blocks in block order, divided by `n` (never a parallel float reduction), so
//! it is the same whatever the thread count.

use super::engine::Outcome;
use super::sketch::Sketch;
use crate::error::{Error, Result};

/// Mean and percentiles of one variable in one year.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stats {
    /// Mean.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// A compensated sum (Neumaier 1974, "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher
/// Summen", ZAMM 54: Kahan's summation that also holds when an addend is larger than the running sum).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Neumaier {
    sum: f64,
    c: f64,
}

impl Neumaier {
    /// Adds `x`.
    #[inline]
    pub fn add(&mut self, x: f64) {
        let t = self.sum + x;
        self.c += if self.sum.abs() >= x.abs() {
            (self.sum - t) + x
        } else {
            (x - t) + self.sum
        };
        self.sum = t;
    }

    /// The sum.
    pub fn value(&self) -> f64 {
        self.sum + self.c
    }
}

/// Mean (`sum / count`) and type-7 percentiles from a sketch (within
/// [`super::sketch::RELATIVE_ACCURACY`] of the exact percentiles).
pub fn summarise(sketch: &Sketch, sum: f64) -> Stats {
    let q = sketch.quantiles(&[0.05, 0.25, 0.5, 0.75, 0.95]);
    Stats {
        mean: sum / sketch.count() as f64,
        p5: q[0],
        p25: q[1],
        p50: q[2],
        p75: q[3],
        p95: q[4],
    }
}

/// The type-7 quantile of sorted values.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Summarises values exactly (every value at hand; the engine uses [`summarise`]). The slice is reordered in
/// place afterwards. The order
/// statistics are found by selection (`select_nth_unstable`, O(n) each) rather than a full sort; they are
/// the same values a sort would give.
pub fn stats(values: &mut [f64]) -> Stats {
    // Neumaier's compensated sum, sequential in draw order.
    let mut sum = Neumaier::default();
    values.iter().for_each(|&x| sum.add(x));
    let mean = sum.value() / values.len() as f64;
    let n = values.len();
    let mut q = [0.0; 5];
    if n == 0 {
        q = [f64::NAN; 5];
    } else {
        // Ascending probabilities: each selection works on the part above the previous one.
        let mut from = 0;
        for (k, p) in [0.05, 0.25, 0.5, 0.75, 0.95].into_iter().enumerate() {
            let h = (n - 1) as f64 * p;
            let lo = h.floor() as usize;
            if lo >= from {
                values[from..].select_nth_unstable_by(lo - from, f64::total_cmp);
                from = lo;
            }
            let x_lo = values[lo];
            let x_hi = if lo + 1 < n {
                values[lo + 1..]
                    .iter()
                    .copied()
                    .min_by(f64::total_cmp)
                    .unwrap_or(x_lo)
            } else {
                x_lo
            };
            q[k] = x_lo + (h - lo as f64) * (x_hi - x_lo);
        }
    }
    Stats {
        mean,
        p5: q[0],
        p25: q[1],
        p50: q[2],
        p75: q[3],
        p95: q[4],
    }
}

/// `trajectories.csv` (UTF-8 with BOM): `scenario, variable, unit, year, mean, p5, p25, p50, p75, p95`, one
/// row per scenario × variable × year; numbers in the shortest form that reads back exactly.
pub fn trajectories_csv(outcomes: &[Outcome]) -> Result<Vec<u8>> {
    let mut buf = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        let e = |e: csv::Error| Error::Internal(format!("trajectories.csv: {e}"));
        w.write_record([
            "scenario", "variable", "unit", "year", "mean", "p5", "p25", "p50", "p75", "p95",
        ])
        .map_err(e)?;
        for o in outcomes {
            let name = crate::report::excel_safe(&o.scenario.name);
            for (v, var) in o.variables.iter().enumerate() {
                for (y, s) in o.stats[v].iter().enumerate() {
                    w.write_record([
                        name.as_ref(),
                        var.key.as_str(),
                        var.unit,
                        &(o.scenario.base_year + y as i32).to_string(),
                        &s.mean.to_string(),
                        &s.p5.to_string(),
                        &s.p25.to_string(),
                        &s.p50.to_string(),
                        &s.p75.to_string(),
                        &s.p95.to_string(),
                    ])
                    .map_err(e)?;
                }
            }
        }
        w.flush()
            .map_err(|x| Error::Internal(format!("trajectories.csv: {x}")))?;
    }
    Ok(buf)
}

/// `draws.csv` (UTF-8 with BOM), every draw in long format: `scenario, draw, variable, unit, year, value`,
/// ordered by scenario, draw, variable, year. Only outcomes run with `keep_draws` contribute rows. Size:
/// scenarios × draws × variables × years rows (20,000 draws × 16 years × 3 variables ≈ 1 M rows, 40 MB).
pub fn draws_csv(outcomes: &[Outcome]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut buf = "\u{feff}".as_bytes().to_vec();
    let e = |x: std::io::Error| Error::Internal(format!("draws.csv: {x}"));
    writeln!(buf, "scenario,draw,variable,unit,year,value").map_err(e)?;
    for o in outcomes {
        let Some(draws) = &o.draws else { continue };
        // Names are quoted as CSV needs; the numbers and keys need no quoting.
        let name = {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b' '))
                .from_writer(Vec::new());
            w.write_record([crate::report::excel_safe(&o.scenario.name).as_ref()])
                .map_err(|x| Error::Internal(format!("draws.csv: {x}")))?;
            let mut b = w
                .into_inner()
                .map_err(|x| Error::Internal(format!("draws.csv: {x}")))?;
            b.pop();
            String::from_utf8_lossy(&b).into_owned()
        };
        for d in 0..o.options.draws {
            for (v, var) in o.variables.iter().enumerate() {
                for (y, col) in draws[v].iter().enumerate() {
                    writeln!(
                        buf,
                        "{name},{d},{},{},{},{}",
                        var.key,
                        var.unit,
                        o.scenario.base_year + y as i32,
                        col[d]
                    )
                    .map_err(e)?;
                }
            }
        }
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type7_quantiles() {
        let mut v = vec![4.0, 1.0, 3.0, 2.0, 5.0];
        let s = stats(&mut v);
        assert_eq!(s.mean, 3.0);
        assert_eq!(s.p50, 3.0);
        assert_eq!(s.p25, 2.0);
        assert!((s.p5 - 1.2).abs() < 1e-12);
        assert!((s.p95 - 4.8).abs() < 1e-12);
    }

    #[test]
    fn selection_gives_the_sorted_quantiles() {
        // A scrambled 0..1000 (7 is coprime with 1000): type 7 on 0..=999 gives Q(p) = 999 p.
        let mut v: Vec<f64> = (0..1000).map(|i| ((i * 7) % 1000) as f64).collect();
        let s = stats(&mut v);
        for (got, p) in [
            (s.p5, 0.05),
            (s.p25, 0.25),
            (s.p50, 0.5),
            (s.p75, 0.75),
            (s.p95, 0.95),
        ] {
            assert!((got - 999.0 * p).abs() < 1e-9, "{got} vs {}", 999.0 * p);
        }
        assert_eq!(s.mean, 499.5);
    }
}
