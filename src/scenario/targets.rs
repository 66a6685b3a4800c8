//! Targets evaluated per draw, and `targets.json`.
//!
//! - **Annual intensity drop** `x`: met by a draw when every year's intensity is at least `x` below the
//!   previous year's, `I_t / I_{t−1} − 1 ≤ −x` for every `t` in `base_year + 1 ..= end_year`.
//! - **Intensity over a period** (five-year plans) `from, to, drop`: `I_to / I_from − 1 ≤ −drop`. Ratios
//!   are compared, never sums of annual percentages.
//! - **Peak by** a year `P`: the peak year of a draw is the year of maximum CO2 over `base_year..=end_year`
//!   (the first such year if several are equal). When the maximum is the last year, emissions were still
//!   rising at the end of the horizon: the draw has **not peaked within the horizon** and does not meet any
//!   peak-by target, even `P = end_year`. A maximum in the base year counts as a peak in the base year
//!   (emissions fall from the start).
//!
//! Comparisons allow [`EPS`] (1e-12) of floating-point rounding, so that a path exactly on a target (a rate of
//! −0.012 against a 1.2 % annual drop) meets it.
//!
//! Each target's probability is the share of draws that meet it; the peak-year distribution gives, per
//! year, the share of draws that peak then, plus the share not peaked within the horizon.

use super::engine::Outcome;
use super::model::Path;
use super::spec::Scenario;
use crate::error::{Error, Result};
use serde::Serialize;

/// Rounding allowance of the target comparisons.
pub const EPS: f64 = 1e-12;

/// Counts of draws meeting each target.
#[derive(Clone, Debug, PartialEq)]
pub struct Counts {
    /// Draws counted.
    pub draws: u64,
    /// Draws meeting the annual intensity drop (if set).
    pub annual_drop: u64,
    /// Per entry of `targets.intensity`.
    pub intensity: Vec<u64>,
    /// `peak[y]`: draws peaking in `base_year + y` (the last year is never a peak).
    pub peak: Vec<u64>,
    /// Draws whose maximum is the last year.
    pub not_peaked: u64,
    /// Draws peaking by `peak_by` (if set).
    pub peak_by: u64,
}

impl Counts {
    /// Zero counts for a scenario.
    pub fn new(s: &Scenario) -> Self {
        Counts {
            draws: 0,
            annual_drop: 0,
            intensity: vec![0; s.targets.intensity.len()],
            peak: vec![0; (s.end_year - s.base_year) as usize + 1],
            not_peaked: 0,
            peak_by: 0,
        }
    }

    /// Counts one draw.
    pub fn add(&mut self, s: &Scenario, p: &Path) {
        self.draws += 1;
        let i = &p.intensity;
        if let Some(x) = s.targets.intensity_annual_drop
            && i.windows(2).all(|w| w[1] / w[0] - 1.0 <= -x + EPS)
        {
            self.annual_drop += 1;
        }
        for (k, t) in s.targets.intensity.iter().enumerate() {
            let a = i[(t.from - s.base_year) as usize];
            let b = i[(t.to - s.base_year) as usize];
            if b / a - 1.0 <= -t.drop + EPS {
                self.intensity[k] += 1;
            }
        }
        let (peak, _) =
            p.co2
                .iter()
                .enumerate()
                .fold((0, f64::NEG_INFINITY), |(bi, bv), (k, &v)| {
                    if v > bv { (k, v) } else { (bi, bv) }
                });
        if peak + 1 == p.co2.len() {
            self.not_peaked += 1;
        } else {
            self.peak[peak] += 1;
            if s.targets
                .peak_by
                .is_some_and(|y| s.base_year + peak as i32 <= y)
            {
                self.peak_by += 1;
            }
        }
    }
}

/// One target and the share of draws meeting it.
#[derive(Serialize, Debug)]
pub struct TargetResult {
    /// `intensity_annual_drop`, `intensity_period` or `peak_by`.
    pub target: &'static str,
    /// The condition in words.
    pub condition: String,
    /// Share of draws meeting it.
    pub probability: f64,
    /// Number of draws meeting it.
    pub draws_met: u64,
}

/// Draws peaking in one year.
#[derive(Serialize, Debug)]
pub struct PeakYear {
    /// The year.
    pub year: i32,
    /// Share of draws.
    pub share: f64,
    /// Number of draws.
    pub draws: u64,
}

/// The peak-year distribution.
#[derive(Serialize, Debug)]
pub struct PeakDistribution {
    /// How the peak is defined.
    pub definition: &'static str,
    /// Years with at least one draw peaking, in order.
    pub years: Vec<PeakYear>,
    /// Share of draws with maximum CO2 in the last year (still rising).
    pub not_peaked_within_horizon: f64,
    /// Their number.
    pub not_peaked_draws: u64,
    /// The `peak_by` year, if a target is set.
    pub peak_by: Option<i32>,
    /// The probability of peaking by it.
    pub probability_peak_by: Option<f64>,
}

/// One scenario in `targets.json`.
#[derive(Serialize, Debug)]
pub struct ScenarioTargets {
    /// Scenario name.
    pub scenario: String,
    /// Its file.
    pub file: String,
    /// Region.
    pub region: String,
    /// Base year.
    pub base_year: i32,
    /// End year.
    pub end_year: i32,
    /// The parent, if any.
    pub inherits: Option<String>,
    /// Targets with probabilities.
    pub targets: Vec<TargetResult>,
    /// The distribution of the peak year.
    pub peak_year: PeakDistribution,
}

/// The whole `targets.json`.
#[derive(Serialize, Debug)]
pub struct TargetsDoc {
    /// Monte Carlo draws.
    pub draws: usize,
    /// Seed.
    pub seed: u64,
    /// One entry per scenario, in the order given.
    pub scenarios: Vec<ScenarioTargets>,
}

/// Probabilities of one outcome.
pub fn evaluate(o: &Outcome) -> ScenarioTargets {
    let s = &o.scenario;
    let c = &o.counts;
    let n = c.draws.max(1) as f64;
    let mut targets = Vec::new();
    if let Some(x) = s.targets.intensity_annual_drop {
        targets.push(TargetResult {
            target: "intensity_annual_drop",
            condition: format!(
                "every year {}-{}: I_t / I_(t-1) - 1 <= -{x}",
                s.base_year + 1,
                s.end_year
            ),
            probability: c.annual_drop as f64 / n,
            draws_met: c.annual_drop,
        });
    }
    for (k, t) in s.targets.intensity.iter().enumerate() {
        targets.push(TargetResult {
            target: "intensity_period",
            condition: format!("I_{} / I_{} - 1 <= -{}", t.to, t.from, t.drop),
            probability: c.intensity[k] as f64 / n,
            draws_met: c.intensity[k],
        });
    }
    if let Some(y) = s.targets.peak_by {
        targets.push(TargetResult {
            target: "peak_by",
            condition: format!(
                "the year of maximum CO2 over {}-{} is <= {y} and before {}",
                s.base_year, s.end_year, s.end_year
            ),
            probability: c.peak_by as f64 / n,
            draws_met: c.peak_by,
        });
    }
    ScenarioTargets {
        scenario: s.name.clone(),
        file: s.file.clone(),
        region: s.region.clone(),
        base_year: s.base_year,
        end_year: s.end_year,
        inherits: s.inherits.clone(),
        targets,
        peak_year: PeakDistribution {
            definition: "the year of maximum CO2 over base_year..=end_year (the first if tied); a maximum in end_year means not peaked within the horizon",
            years: c
                .peak
                .iter()
                .enumerate()
                .filter(|(_, k)| **k > 0)
                .map(|(y, k)| PeakYear {
                    year: s.base_year + y as i32,
                    share: *k as f64 / n,
                    draws: *k,
                })
                .collect(),
            not_peaked_within_horizon: c.not_peaked as f64 / n,
            not_peaked_draws: c.not_peaked,
            peak_by: s.targets.peak_by,
            probability_peak_by: s.targets.peak_by.map(|_| c.peak_by as f64 / n),
        },
    }
}

/// `targets.json`: pretty-printed, keys in a fixed order, ending with a newline.
pub fn targets_json(outcomes: &[Outcome]) -> Result<Vec<u8>> {
    let doc = TargetsDoc {
        draws: outcomes.first().map_or(0, |o| o.options.draws),
        seed: outcomes.first().map_or(0, |o| o.options.seed),
        scenarios: outcomes.iter().map(evaluate).collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc)
        .map_err(|e| Error::Internal(format!("targets.json: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::super::{engine, spec};

    #[test]
    fn a_path_exactly_on_a_target_meets_it() {
        let text = include_str!("../../scenarios/simple.toml")
            .replace("{ normal = { mean = -0.045, sd = 0.01 } }", "-0.012")
            .replace("drop = 0.18", "drop = 0.0585771765688321"); // 1 − 0.988⁵
        let s = spec::parse_many(&[("s.toml".into(), text)], 1).unwrap();
        let o = engine::simulate(&s[0], engine::Options { draws: 2, seed: 0 }).unwrap();
        assert_eq!(o.counts.annual_drop, 2);
        assert_eq!(o.counts.intensity, vec![2]);
        // −1.2 % a year against GDP growth of 5-6.5 %: CO2 still rising in 2035.
        assert_eq!(o.counts.not_peaked, 2);
        assert_eq!(o.counts.peak_by, 0);
    }
}
