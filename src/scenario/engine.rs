//! Monte Carlo over draws, in parallel, with results independent of the thread count.
//!
//! Draws are processed in chunks of [`CHUNK`]: the draws of a chunk are computed in parallel with rayon
//! (each from its own random stream, see [`super::rng`]) and collected **in draw order**; their values are
//! then appended to one column per variable and year, and their target outcomes counted, sequentially. Only
//! the columns (needed for exact percentiles) and one chunk of paths are in memory: `N × years × 3` f64s,
//! which is why the number of draws is limited to [`MAX_DRAWS`] (200,000 draws × 41 years × 3 variables ≈
//! 200 MB). Beyond that the run is refused with an input error rather than switching silently to
//! approximate quantiles.
//!
//! The parallelism is rayon's current pool: the caller chooses the thread count by running
//! [`simulate`] inside a `rayon::ThreadPool::install`.

use super::model::{self, Path};
use super::rng::Source;
use super::spec::Scenario;
use super::summary::{self, Stats};
use super::targets::Counts;
use crate::error::{Error, Result};
use rayon::prelude::*;

/// Draws computed together before their values are stored.
pub const CHUNK: usize = 4096;

/// The most draws a run accepts (exact percentiles keep every value).
pub const MAX_DRAWS: usize = 200_000;

/// The variables summarised, in output order: (key, unit).
pub const VARIABLES: [(&str, &str); 3] = [
    ("gdp", "1e8 CNY"),
    ("co2", "Mt"),
    ("carbon_intensity", "t CO2/1e4 CNY"),
];

/// How to run.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Number of Monte Carlo draws (1..=MAX_DRAWS).
    pub draws: usize,
    /// Seed of the one random source.
    pub seed: u64,
}

/// The result of one scenario.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The scenario.
    pub scenario: Scenario,
    /// Draws and seed.
    pub options: Options,
    /// `stats[v][y]`: variable `v` of [`VARIABLES`], year `base_year + y`.
    pub stats: Vec<Vec<Stats>>,
    /// Target counts over the draws.
    pub counts: Counts,
}

fn check_options(o: &Options) -> Result<()> {
    if o.draws == 0 || o.draws > MAX_DRAWS {
        return Err(Error::input(
            None,
            format!(
                "--draws {}: give 1 to {MAX_DRAWS} draws (percentiles are exact: every value is kept, \
                 {MAX_DRAWS} draws × 41 years × 3 variables ≈ 200 MB; more draws would need a quantile sketch, \
                 which ghgkit does not use)",
                o.draws
            ),
        ));
    }
    Ok(())
}

/// Runs the Monte Carlo of one scenario.
pub fn simulate(s: &Scenario, o: Options) -> Result<Outcome> {
    check_options(&o)?;
    let years = (s.end_year - s.base_year) as usize + 1;
    let source = Source::new(o.seed);
    let mut columns: Vec<Vec<Vec<f64>>> = (0..VARIABLES.len())
        .map(|_| (0..years).map(|_| Vec::with_capacity(o.draws)).collect())
        .collect();
    let mut counts = Counts::new(s);
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
            let p = p?;
            counts.add(s, &p);
            for (v, series) in [&p.gdp, &p.co2, &p.intensity].into_iter().enumerate() {
                for (y, x) in series.iter().enumerate() {
                    columns[v][y].push(*x);
                }
            }
        }
        start = end;
    }
    let stats = columns
        .into_iter()
        .map(|col| {
            col.into_iter()
                .map(|mut values| summary::stats(&mut values))
                .collect()
        })
        .collect();
    Ok(Outcome {
        scenario: s.clone(),
        options: o,
        stats,
        counts,
    })
}

/// Runs every scenario.
pub fn simulate_all(scenarios: &[Scenario], o: Options) -> Result<Vec<Outcome>> {
    check_options(&o)?;
    scenarios.iter().map(|s| simulate(s, o)).collect()
}
