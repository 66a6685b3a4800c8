//! Monte Carlo over draws, in parallel, with results independent of the thread count.
//!
//! Draws are processed in chunks of [`CHUNK`]: the draws of a chunk are computed in parallel with rayon
//! (each from its own random stream, see [`super::rng`]) and collected **in draw order**; their values are
//! then appended to one column per variable and year, and their target outcomes counted, sequentially.
//!
//! Memory: exact percentiles need every value of a variable-year, so the columns hold
//! `draws × years × variables` f64s (plus one chunk of paths, and one f64 per draw for the peak level):
//! 100,000 draws × 41 years × 3 Kaya variables ≈ 98 MB; × ~20 sectoral variables ≈ 660 MB. With
//! `keep_draws` (`--draws-out`) the unsorted columns are kept as well (twice that). Beyond [`MAX_DRAWS`] the
//! run is refused with an input error rather than switching silently to approximate quantiles.
//!
//! The parallelism is rayon's current pool: the caller chooses the thread count by running
//! [`simulate`] inside a `rayon::ThreadPool::install`. Progress (draws done, over every scenario and goal
//! evaluation) is counted in an [`AtomicUsize`] that the caller may watch; the library never prints.

use super::model::{self, Path, Variable};
use super::rng::Source;
use super::spec::Scenario;
use super::summary::{self, Stats};
use super::targets::Counts;
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Draws computed together before their values are stored.
pub const CHUNK: usize = 4096;

/// The most draws a run accepts (exact percentiles keep every value).
pub const MAX_DRAWS: usize = 200_000;

/// How to run.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Number of Monte Carlo draws (1..=MAX_DRAWS).
    pub draws: usize,
    /// Seed of the one random source.
    pub seed: u64,
    /// Keep every draw's values (for `draws.csv`).
    pub keep_draws: bool,
}

impl Options {
    /// `draws` draws from `seed`, summaries only.
    pub fn new(draws: usize, seed: u64) -> Self {
        Options {
            draws,
            seed,
            keep_draws: false,
        }
    }
}

/// The result of one scenario.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The scenario.
    pub scenario: Scenario,
    /// Draws and seed.
    pub options: Options,
    /// The variables, in output order (`gdp`, `co2`, `carbon_intensity` first).
    pub variables: Vec<Variable>,
    /// `stats[v][y]`: variable `v` of `variables`, year `base_year + y`.
    pub stats: Vec<Vec<Stats>>,
    /// Target counts over the draws.
    pub counts: Counts,
    /// With `keep_draws`: `draws[v][y][d]`, in draw order.
    pub draws: Option<Vec<Vec<Vec<f64>>>>,
    /// Goal seeking, if the scenario asks for it.
    pub goal: Option<super::goal::GoalResult>,
}

pub(super) fn check_options(o: &Options) -> Result<()> {
    if o.draws == 0 || o.draws > MAX_DRAWS {
        return Err(Error::input(
            None,
            format!(
                "--draws {}: give 1 to {MAX_DRAWS} draws (percentiles are exact: every value is kept, \
                 draws × years × variables f64s; more draws would need a quantile sketch, which ghgkit \
                 does not use)",
                o.draws
            ),
        ));
    }
    Ok(())
}

/// Computes the draws `0..draws` chunk by chunk, handing each path to `each` in draw order.
pub(super) fn for_each_draw(
    s: &Scenario,
    o: &Options,
    progress: &AtomicUsize,
    mut each: impl FnMut(Path),
) -> Result<()> {
    let source = Source::new(o.seed);
    let mut start = 0;
    while start < o.draws {
        let end = (start + CHUNK).min(o.draws);
        let chunk: Vec<Result<Path>> = (start..end)
            .into_par_iter()
            .map(|d| {
                let mut rng = source.for_draw(d as u64);
                model::path(s, d as u64, &mut rng)
            })
            .collect();
        for p in chunk {
            each(p?);
        }
        progress.fetch_add(end - start, Ordering::Relaxed);
        start = end;
    }
    Ok(())
}

/// Runs the Monte Carlo of one scenario (no goal seeking).
pub fn simulate(s: &Scenario, o: Options) -> Result<Outcome> {
    simulate_with(s, o, &AtomicUsize::new(0))
}

/// [`simulate`], counting the draws done in `progress`.
pub fn simulate_with(s: &Scenario, o: Options, progress: &AtomicUsize) -> Result<Outcome> {
    check_options(&o)?;
    let years = s.n_years();
    let variables = model::variables(s);
    let mut columns: Vec<Vec<Vec<f64>>> = (0..variables.len())
        .map(|_| (0..years).map(|_| Vec::with_capacity(o.draws)).collect())
        .collect();
    let mut counts = Counts::new(s);
    for_each_draw(s, &o, progress, |p| {
        counts.add(s, &p);
        for (v, col) in columns.iter_mut().enumerate() {
            for (y, x) in p.series(v).iter().enumerate() {
                col[y].push(*x);
            }
        }
    })?;
    let draws = o.keep_draws.then(|| columns.clone());
    let stats = columns
        .into_par_iter()
        .map(|col| {
            col.into_iter()
                .map(|mut values| summary::stats(&mut values))
                .collect()
        })
        .collect();
    Ok(Outcome {
        scenario: s.clone(),
        options: o,
        variables,
        stats,
        counts,
        draws,
        goal: None,
    })
}

/// Runs every scenario, and the goal seeking of those that ask for it.
pub fn simulate_all(scenarios: &[Scenario], o: Options) -> Result<Vec<Outcome>> {
    simulate_all_with(scenarios, o, &AtomicUsize::new(0))
}

/// [`simulate_all`], counting the draws done in `progress` (see [`total_draws`] for the total).
pub fn simulate_all_with(
    scenarios: &[Scenario],
    o: Options,
    progress: &AtomicUsize,
) -> Result<Vec<Outcome>> {
    check_options(&o)?;
    scenarios
        .iter()
        .map(|s| {
            let mut out = simulate_with(s, o, progress)?;
            if let Some(g) = &s.goal {
                out.goal = Some(super::goal::seek(s, g, o, progress)?);
            }
            Ok(out)
        })
        .collect()
}

/// The number of draws a run computes at most (goal seeking included), for a progress bar.
pub fn total_draws(scenarios: &[Scenario], o: &Options) -> usize {
    scenarios
        .iter()
        .map(|s| o.draws * (1 + s.goal.as_ref().map_or(0, |_| super::goal::MAX_EVALUATIONS)))
        .sum()
}
