//! Summaries per variable and year (mean and percentiles) and `trajectories.csv`.
//!
//! Percentiles are exact, by linear interpolation between order statistics (Hyndman & Fan type 7, the
//! default of R and NumPy): for `n` sorted values `x_0 ≤ … ≤ x_{n−1}` and probability `p`, `h = (n − 1) p`,
//! `Q = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋)`. The mean is a sequential (compensated, Neumaier) sum in draw order divided by `n`
//! (never a parallel float reduction), so it is the same whatever the thread count.

use super::engine::{Outcome, VARIABLES};
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

/// Summarises values given in draw order (the slice is sorted in place afterwards).
pub fn stats(values: &mut [f64]) -> Stats {
    // Neumaier's compensated sum, sequential in draw order.
    let (mut sum, mut c) = (0.0f64, 0.0f64);
    for &x in values.iter() {
        let t = sum + x;
        c += if sum.abs() >= x.abs() {
            (sum - t) + x
        } else {
            (x - t) + sum
        };
        sum = t;
    }
    let mean = (sum + c) / values.len() as f64;
    values.sort_by(f64::total_cmp);
    Stats {
        mean,
        p5: quantile(values, 0.05),
        p25: quantile(values, 0.25),
        p50: quantile(values, 0.5),
        p75: quantile(values, 0.75),
        p95: quantile(values, 0.95),
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
            for (v, (key, unit)) in VARIABLES.iter().enumerate() {
                for (y, s) in o.stats[v].iter().enumerate() {
                    w.write_record([
                        name.as_ref(),
                        key,
                        unit,
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
}
