//! Targets evaluated per draw, and `targets.json`.
//!
//! - **Annual intensity drop** `x`: met by a draw when every year's intensity is at least `x` below the
//!   previous year's, `I_t / I_{t−1} − 1 ≤ −x` for every `t` in `base_year + 1 ..= end_year`.
//! - **Intensity over a period** (five-year plans) `from, to, drop`: `I_to / I_from − 1 ≤ −drop`. Ratios
//!   are compared, never sums of annual percentages.
//! - **Intensity against a reference year** `reference, year, drop` (e.g. −65 % vs 2005 by 2030):
//!   `I_year / I_reference − 1 ≤ −drop`; a reference year before the base year takes its intensity from
//!   `[history]` (`carbon_intensity`, t CO2/10⁴ CNY at the base year's constant prices, or
//!   `carbon_intensity_ratio`, `I_reference / I_base`).
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
//! year, the share of draws that peak then, plus the share not peaked within the horizon. The peak level is
//! each draw's maximum CO2 over the horizon, summarised over all draws (for a draw still rising at the end,
//! the last year's value: a lower bound of its eventual peak) and over the draws that peaked within the
//! horizon.

use super::engine::Outcome;
use super::model::Path;
use super::spec::{GoalTarget, HistoryIntensity, Scenario};
use super::summary::Stats;
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
    /// Per entry of `targets.intensity_vs_reference`.
    pub intensity_vs: Vec<u64>,
    /// `peak[y]`: draws peaking in `base_year + y` (the last year is never a peak).
    pub peak: Vec<u64>,
    /// Draws whose maximum is the last year.
    pub not_peaked: u64,
    /// Draws peaking by `peak_by` (if set).
    pub peak_by: u64,
    /// Mean and percentiles of each draw's maximum CO2 over the horizon (Mt), over every draw (set by the
    /// engine from a sketch, see [`super::sketch`]).
    pub peak_level_all: Option<Stats>,
    /// The same over the draws that peaked within the horizon (`None` if none did).
    pub peak_level_peaked: Option<Stats>,
}

/// Carbon intensity of `year` on a path: projected, or from `[history]` before the base year.
pub fn intensity_at(s: &Scenario, p: &Path, year: i32) -> f64 {
    let i = p.intensity();
    if year >= s.base_year {
        return i[(year - s.base_year) as usize];
    }
    match s.history.get(&year) {
        Some(HistoryIntensity::Value(v)) => *v,
        Some(HistoryIntensity::Ratio(r)) => r * i[0],
        None => f64::NAN,
    }
}

/// The index of the peak year (the first maximum of CO2) and the peak level.
pub fn peak(p: &Path) -> (usize, f64) {
    p.co2()
        .iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |(bi, bv), (k, &v)| {
            if v > bv { (k, v) } else { (bi, bv) }
        })
}

/// Does a draw meet one target?
pub fn met(s: &Scenario, p: &Path, t: GoalTarget) -> bool {
    let i = p.intensity();
    match t {
        GoalTarget::AnnualDrop => s
            .targets
            .intensity_annual_drop
            .is_some_and(|x| i.windows(2).all(|w| w[1] / w[0] - 1.0 <= -x + EPS)),
        GoalTarget::Period(k) => {
            let t = &s.targets.intensity[k];
            intensity_at(s, p, t.to) / intensity_at(s, p, t.from) - 1.0 <= -t.drop + EPS
        }
        GoalTarget::VsReference(k) => {
            let t = &s.targets.intensity_vs_reference[k];
            intensity_at(s, p, t.to) / intensity_at(s, p, t.from) - 1.0 <= -t.drop + EPS
        }
        GoalTarget::PeakBy => {
            let (k, _) = peak(p);
            k + 1 < p.years
                && s.targets
                    .peak_by
                    .is_some_and(|y| s.base_year + k as i32 <= y)
        }
    }
}

impl Counts {
    /// Zero counts for a scenario.
    pub fn new(s: &Scenario) -> Self {
        Counts {
            draws: 0,
            annual_drop: 0,
            intensity: vec![0; s.targets.intensity.len()],
            intensity_vs: vec![0; s.targets.intensity_vs_reference.len()],
            peak: vec![0; s.n_years()],
            not_peaked: 0,
            peak_by: 0,
            peak_level_all: None,
            peak_level_peaked: None,
        }
    }

    /// Adds the counts of `other` (integers: exact in any order; the peak-level summaries are left alone).
    pub fn merge(&mut self, other: &Counts) {
        self.draws += other.draws;
        self.annual_drop += other.annual_drop;
        for (a, b) in self.intensity.iter_mut().zip(&other.intensity) {
            *a += b;
        }
        for (a, b) in self.intensity_vs.iter_mut().zip(&other.intensity_vs) {
            *a += b;
        }
        for (a, b) in self.peak.iter_mut().zip(&other.peak) {
            *a += b;
        }
        self.not_peaked += other.not_peaked;
        self.peak_by += other.peak_by;
    }

    /// Counts one draw; returns its peak level (Mt) and whether it peaked within the horizon.
    pub fn add(&mut self, s: &Scenario, p: &Path) -> (f64, bool) {
        self.draws += 1;
        if met(s, p, GoalTarget::AnnualDrop) {
            self.annual_drop += 1;
        }
        for k in 0..self.intensity.len() {
            if met(s, p, GoalTarget::Period(k)) {
                self.intensity[k] += 1;
            }
        }
        for k in 0..self.intensity_vs.len() {
            if met(s, p, GoalTarget::VsReference(k)) {
                self.intensity_vs[k] += 1;
            }
        }
        let (peak, level) = peak(p);
        if peak + 1 == p.years {
            self.not_peaked += 1;
            (level, false)
        } else {
            self.peak[peak] += 1;
            if met(s, p, GoalTarget::PeakBy) {
                self.peak_by += 1;
            }
            (level, true)
        }
    }
}

/// One target and the share of draws meeting it.
#[derive(Serialize, Debug)]
pub struct TargetResult {
    /// `intensity_annual_drop`, `intensity_period`, `intensity_vs_reference` or `peak_by`.
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

/// Mean and percentiles of a peak level.
#[derive(Serialize, Debug)]
pub struct LevelStats {
    /// Draws summarised.
    pub draws: u64,
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

impl LevelStats {
    fn of(s: Option<Stats>, n: u64) -> Option<LevelStats> {
        let s = s.filter(|_| n > 0)?;
        Some(LevelStats {
            draws: n,
            mean: s.mean,
            p5: s.p5,
            p25: s.p25,
            p50: s.p50,
            p75: s.p75,
            p95: s.p95,
        })
    }
}

/// The distribution of the peak level.
#[derive(Serialize, Debug)]
pub struct PeakLevel {
    /// How it is defined.
    pub definition: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Over every draw.
    pub all_draws: Option<LevelStats>,
    /// Over the draws that peaked within the horizon (`null` if none did).
    pub peaked_draws: Option<LevelStats>,
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
    /// The distribution of the peak level.
    pub peak_level: PeakLevel,
    /// Goal seeking, if asked (`[goal]`).
    pub goal: Option<super::goal::GoalResult>,
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
    for (k, t) in s.targets.intensity_vs_reference.iter().enumerate() {
        targets.push(TargetResult {
            target: "intensity_vs_reference",
            condition: format!(
                "I_{} / I_{} - 1 <= -{}{}",
                t.to,
                t.from,
                t.drop,
                if t.from < s.base_year {
                    format!(" (I_{} from [history])", t.from)
                } else {
                    String::new()
                }
            ),
            probability: c.intensity_vs[k] as f64 / n,
            draws_met: c.intensity_vs[k],
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
        peak_level: PeakLevel {
            definition: "each draw's maximum CO2 over base_year..=end_year; for a draw still rising in end_year that is its end_year value (a lower bound of its eventual peak)",
            unit: "Mt CO2",
            all_draws: LevelStats::of(c.peak_level_all, c.draws),
            peaked_draws: LevelStats::of(c.peak_level_peaked, c.draws - c.not_peaked),
        },
        goal: o.goal.clone(),
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
        let o = engine::simulate(&s[0], engine::Options::new(2, 0)).unwrap();
        assert_eq!(o.counts.annual_drop, 2);
        assert_eq!(o.counts.intensity, vec![2]);
        // −1.2 % a year against GDP growth of 5-6.5 %: CO2 still rising in 2035.
        assert_eq!(o.counts.not_peaked, 2);
        assert_eq!(o.counts.peak_by, 0);
    }
}
