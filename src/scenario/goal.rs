//! Goal seeking: the shift of a lever's annual rates that meets a target with a chosen probability.
//!
//! ```toml
//! [goal]
//! lever = "carbon_intensity"     # a driver name, or a pattern: "sectors.*.energy_intensity_growth"
//! target = "peak_by"             # or intensity_annual_drop, intensity_period, intensity_vs_reference
//!                                # (the first of its kind; "intensity_period:2" for the second)
//! probability = 0.9
//! range = [-0.1, 0.1]            # optional: the shifts searched (default ±0.1, i.e. ±10 points a year)
//! ```
//!
//! The lever's rate of every year and every draw becomes `r + δ` (for an uncertain rate: the drawn value
//! plus δ, so its spread is kept). The run is repeated with the **same seed**, so every evaluation sees the
//! same random numbers (common random numbers): each draw meets the target or not as a function of δ alone,
//! and for the usual levers that function is monotone (a lower intensity rate lowers every later year's CO2
//! by a factor that falls with time, so the peak can only come earlier; more growth of a zero-carbon source
//! lowers the grid factor …). The share of draws meeting the target is then a monotone step function of δ,
//! and bisection finds its threshold to [`TOLERANCE`].
//!
//! Direction: the counts at both ends of the range tell whether the probability falls or rises with δ. If
//! it falls (intensity, GDP, fuel-use levers), the answer is the **largest** δ that still meets the
//! probability — the least effort; if it rises (growth of a clean source), the **smallest**. A positive
//! answer for a falling lever means slack: the target is met with room to spare. If neither end of the range
//! reaches the probability, the goal is `unreachable` within the range; if both do, the answer is the end of
//! the range (`range_end`).
//!
//! The report gives δ, the probability reached at δ (never below the one wanted), and for each lever driver
//! the central rate after the shift: the median rate of each year (the fixed rate, or the median of its
//! distribution) plus δ, averaged over `base_year + 1 ..= end_year`.

use super::engine::{self, Options};
use super::model;
use super::spec::{Goal, GoalTarget, Rate, Scenario};
use super::targets;
use crate::error::Result;
use serde::Serialize;
use std::sync::atomic::AtomicUsize;

/// Bisection stops when the bracket is narrower than this (in rate units: 1e-6 = 0.0001 points a year).
pub const TOLERANCE: f64 = 1e-6;

/// The most re-simulations of one goal: both ends of the range, then bisection to [`TOLERANCE`].
pub const MAX_EVALUATIONS: usize = 2 + 40;

/// A lever driver after the shift.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct LeverRate {
    /// Driver name.
    pub driver: String,
    /// Mean over the horizon of the driver's central (median) annual rate, before the shift.
    pub central_rate_before: f64,
    /// The same after the shift (`before + shift`).
    pub central_rate_after: f64,
}

/// The outcome of goal seeking.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct GoalResult {
    /// The lever as written.
    pub lever: String,
    /// The target (`peak_by`, `intensity_period:1` …).
    pub target: String,
    /// The probability wanted.
    pub probability_wanted: f64,
    /// `met` (threshold found inside the range), `range_end` (met over the whole range: the end of the
    /// range is reported) or `unreachable` (not met anywhere in the range).
    pub status: &'static str,
    /// The shift δ added to the lever's annual rates (`null` when unreachable).
    pub shift: Option<f64>,
    /// The probability reached at `shift` (or the best found, when unreachable).
    pub probability_reached: f64,
    /// Draws meeting the target at `shift`.
    pub draws_met: u64,
    /// Whether the probability falls (`falling`) or rises (`rising`) with the shift.
    pub direction: &'static str,
    /// The range searched.
    pub range: [f64; 2],
    /// Simulations run (each over every draw).
    pub evaluations: usize,
    /// The lever's drivers, with their central rates before and after the shift.
    pub drivers: Vec<LeverRate>,
}

fn target_name(t: GoalTarget) -> String {
    match t {
        GoalTarget::PeakBy => "peak_by".into(),
        GoalTarget::AnnualDrop => "intensity_annual_drop".into(),
        GoalTarget::Period(k) => format!("intensity_period:{}", k + 1),
        GoalTarget::VsReference(k) => format!("intensity_vs_reference:{}", k + 1),
    }
}

/// The number of draws meeting `target` with the lever shifted by `delta`.
pub fn count_met(
    s: &Scenario,
    g: &Goal,
    delta: f64,
    o: &Options,
    progress: &AtomicUsize,
) -> Result<u64> {
    let mut shifted = s.clone();
    for &d in &g.drivers {
        shifted.drivers[d].shift = delta;
    }
    let source = super::rng::Source::new(o.seed);
    let counts = engine::par_blocks(
        o.draws,
        progress,
        || 0u64,
        |n, _, range| {
            let mut p = model::Path::default();
            let mut drawer = model::Drawer::new(&shifted);
            for d in range {
                let mut rng = source.for_draw(d as u64);
                drawer
                    .path_into(d as u64, &mut rng, &mut p)
                    .map_err(|e| (d, e))?;
                if targets::met(&shifted, &p, g.target) {
                    *n += 1;
                }
            }
            Ok(())
        },
    )?;
    // Integer counts: the same total whatever the split among threads.
    Ok(counts.iter().sum())
}

/// Finds the shift of the lever that meets the goal's probability (see the module docs).
pub fn seek(s: &Scenario, g: &Goal, o: Options, progress: &AtomicUsize) -> Result<GoalResult> {
    let need = (g.probability * o.draws as f64).ceil() as u64;
    let (lo, hi) = g.range;
    let mut evaluations = 2;
    let c_lo = count_met(s, g, lo, &o, progress)?;
    let c_hi = count_met(s, g, hi, &o, progress)?;
    let falling = c_lo >= c_hi;
    let (status, shift, met) = if c_lo < need && c_hi < need {
        ("unreachable", None, c_lo.max(c_hi))
    } else if falling && c_hi >= need {
        ("range_end", Some(hi), c_hi)
    } else if !falling && c_lo >= need {
        ("range_end", Some(lo), c_lo)
    } else {
        // good end and bad end of the bracket
        let (mut good, mut bad, mut c_good) = if falling {
            (lo, hi, c_lo)
        } else {
            (hi, lo, c_hi)
        };
        while (good - bad).abs() > TOLERANCE && evaluations < MAX_EVALUATIONS {
            let m = 0.5 * (good + bad);
            let c = count_met(s, g, m, &o, progress)?;
            evaluations += 1;
            if c >= need {
                good = m;
                c_good = c;
            } else {
                bad = m;
            }
        }
        ("met", Some(good), c_good)
    };
    let drivers = g
        .drivers
        .iter()
        .map(|&d| {
            let dr = &s.drivers[d];
            let central: f64 = dr
                .rates
                .iter()
                .map(|r| match r {
                    Rate::Fixed(x) => *x,
                    Rate::Drawn(j) => model::median(&dr.uncertain[*j].dist),
                })
                .sum::<f64>()
                / dr.rates.len().max(1) as f64;
            LeverRate {
                driver: dr.name.clone(),
                central_rate_before: central,
                central_rate_after: central + shift.unwrap_or(0.0),
            }
        })
        .collect();
    Ok(GoalResult {
        lever: g.lever.clone(),
        target: target_name(g.target),
        probability_wanted: g.probability,
        status,
        shift,
        probability_reached: met as f64 / o.draws as f64,
        draws_met: met,
        direction: if falling { "falling" } else { "rising" },
        range: [lo, hi],
        evaluations,
        drivers,
    })
}
