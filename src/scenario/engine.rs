//! Monte Carlo over draws, in parallel, with results independent of the thread count and memory bounded
//! by the summaries.
//!
//! Draws are processed in **blocks** of [`BLOCK`] consecutive draws. Every thread of rayon's current pool
//! takes the next block (in increasing order) and computes its draws in draw order, each from its own
//! random stream ([`super::rng`]), into the thread's own accumulator:
//!
//! - one quantile [`Sketch`] per variable and year (and two for the peak level): integer counts, merged
//!   exactly at the end, so the percentiles are the same whatever thread computed which block;
//! - integer target counts ([`Counts`]), summed at the end;
//! - per block, the sum of every variable-year over the block's draws (Neumaier, in draw order); the block
//!   sums are added in **block order** (a block waits until the ones before it are in, at most a few
//!   blocks), so means are the same for any thread count: no floating-point reduction runs in an
//!   unspecified order.
//!
//! Memory: the sketches (4 B per bucket between a variable-year's smallest and largest value, ≈ 10⁴
//! buckets, see [`super::sketch`]) per thread, plus one block of values per thread (`BLOCK × years ×
//! variables` f64s: 14 MB for the sectoral Hubei scenario); not the draws. Only `keep_draws`
//! (`--draws-out`) keeps every value (`draws × years × variables` f64s), so it is limited to
//! [`MAX_KEPT_DRAWS`] draws.
//!
//! The parallelism is rayon's current pool: the caller chooses the thread count by running
//! [`simulate`] inside a `rayon::ThreadPool::install`. Progress (draws done, over every scenario and goal
//! evaluation) is counted in an [`AtomicUsize`] that the caller may watch; the library never prints.

use super::model::{self, Path, Variable};
use super::rng::Source;
use super::sketch::Sketch;
use super::spec::Scenario;
use super::summary::{self, Neumaier, Stats};
use super::targets::Counts;
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Draws per block: the unit of work of a thread and of the ordered reduction of means.
pub const BLOCK: usize = 2048;

/// The most draws a run accepts.
pub const MAX_DRAWS: usize = 100_000_000;

/// The most draws a run keeps whole for `draws.csv` (`keep_draws`).
pub const MAX_KEPT_DRAWS: usize = 200_000;

/// How to run.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Number of Monte Carlo draws (1..=[`MAX_DRAWS`]).
    pub draws: usize,
    /// Seed of the one random source.
    pub seed: u64,
    /// Keep every draw's values (for `draws.csv`; at most [`MAX_KEPT_DRAWS`] draws).
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
    /// The variables summarised, in the model's output order (`gdp`, `co2`, `carbon_intensity` first when
    /// summarised): every variable of the model, or those of [`Scenario::variables`].
    pub variables: Vec<Variable>,
    /// `stats[v][y]`: variable `v` of `variables`, year `base_year + y`: the mean and the sketch
    /// percentiles (within [`super::sketch::RELATIVE_ACCURACY`] of the exact ones).
    pub stats: Vec<Vec<Stats>>,
    /// Target counts over the draws.
    pub counts: Counts,
    /// With `keep_draws`: `draws[v][y][d]`, in draw order.
    pub draws: Option<Vec<Vec<Vec<f64>>>>,
    /// Goal seeking, if the scenario asks for it.
    pub goal: Option<super::goal::GoalResult>,
}

impl Outcome {
    /// The summaries of the variable `key` (one per year), if it was summarised.
    pub fn stats_of(&self, key: &str) -> Option<&[Stats]> {
        self.variables
            .iter()
            .position(|v| v.key == key)
            .map(|v| &self.stats[v][..])
    }
}

/// Sets the variables summarised by every scenario to `names` (`ghgkit scenario --variables`), replacing
/// their `[monte_carlo] variables`; a name that a scenario's model does not have is an input error with
/// the model's variables and the nearest one (every unknown name of every scenario reported at once).
pub fn select_variables(scenarios: &mut [Scenario], names: &[String]) -> Result<()> {
    let mut d = crate::error::Diagnostics::new();
    for s in scenarios.iter_mut() {
        let keys: Vec<String> = model::variables(s).into_iter().map(|v| v.key).collect();
        for n in names {
            if !keys.contains(n) {
                let mut e = super::spec::unknown_variable(n, &keys, None);
                e.message = format!("--variables: {} in scenario \"{}\"", e.message, s.name);
                d.push(e);
            }
        }
        s.variables = Some(keys.into_iter().filter(|k| names.contains(k)).collect());
    }
    d.into_result().map(|_| ())
}

/// Indices into [`model::variables`] of the variables `s` summarises, ascending.
fn selected(s: &Scenario, all: &[Variable]) -> Vec<usize> {
    match &s.variables {
        None => (0..all.len()).collect(),
        Some(keys) => (0..all.len())
            .filter(|&v| keys.contains(&all[v].key))
            .collect(),
    }
}

pub(super) fn check_options(o: &Options) -> Result<()> {
    if o.draws == 0 || o.draws > MAX_DRAWS {
        return Err(Error::input(
            None,
            format!("--draws {}: give 1 to {MAX_DRAWS} draws", o.draws),
        ));
    }
    if o.keep_draws && o.draws > MAX_KEPT_DRAWS {
        return Err(Error::input(
            None,
            format!(
                "--draws {} with --draws-out: every value is kept for draws.csv (draws × years × variables \
                 f64s, and as many CSV rows), so at most {MAX_KEPT_DRAWS} draws; leave out --draws-out for \
                 summaries of more draws",
                o.draws
            ),
        ));
    }
    Ok(())
}

/// Runs `work` over the blocks of draws `0..draws` on every thread of rayon's current pool; each thread
/// takes the next block in increasing order and keeps its own accumulator (returned, one per thread, in no
/// particular order: only order-independent merges may combine them). `work` stops a block at its first
/// failing draw; the run's error is the one of the **smallest** failing draw, whatever the thread count
/// (blocks after it are skipped, every block before it is computed).
pub(super) fn par_blocks<A: Send>(
    draws: usize,
    progress: &AtomicUsize,
    init: impl Fn() -> A + Sync,
    work: impl Fn(&mut A, usize, Range<usize>) -> std::result::Result<(), (usize, Error)> + Sync,
) -> Result<Vec<A>> {
    let n_blocks = draws.div_ceil(BLOCK);
    let next = AtomicUsize::new(0);
    let stop = AtomicUsize::new(usize::MAX);
    let failure: Mutex<Option<(usize, Error)>> = Mutex::new(None);
    let accs = rayon::broadcast(|_| {
        let mut acc = init();
        loop {
            let b = next.fetch_add(1, Ordering::Relaxed);
            let start = b * BLOCK;
            if b >= n_blocks || start > stop.load(Ordering::Relaxed) {
                break;
            }
            let end = (start + BLOCK).min(draws);
            if let Err((d, e)) = work(&mut acc, b, start..end) {
                stop.fetch_min(d, Ordering::Relaxed);
                let mut f = failure.lock().unwrap_or_else(|p| p.into_inner());
                if f.as_ref().is_none_or(|(d0, _)| d < *d0) {
                    *f = Some((d, e));
                }
            }
            progress.fetch_add(end - start, Ordering::Relaxed);
        }
        acc
    });
    match failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some((_, e)) => Err(e),
        None => Ok(accs),
    }
}

/// Sums of blocks added in block order as they come in.
struct OrderedSums {
    next: usize,
    pending: BTreeMap<usize, Vec<f64>>,
    totals: Vec<Neumaier>,
}

impl OrderedSums {
    fn new(n: usize) -> Self {
        OrderedSums {
            next: 0,
            pending: BTreeMap::new(),
            totals: vec![Neumaier::default(); n],
        }
    }

    fn add(&mut self, block: usize, sums: Vec<f64>) {
        self.pending.insert(block, sums);
        while let Some(s) = self.pending.remove(&self.next) {
            for (t, x) in self.totals.iter_mut().zip(s) {
                t.add(x);
            }
            self.next += 1;
        }
    }
}

/// One thread's accumulator.
struct Acc {
    cols: Vec<Sketch>,
    level_all: Sketch,
    level_peaked: Sketch,
    counts: Counts,
    /// One block's values, column-major (reused from block to block).
    buffer: Vec<f64>,
}

/// Runs the Monte Carlo of one scenario (no goal seeking).
pub fn simulate(s: &Scenario, o: Options) -> Result<Outcome> {
    simulate_with(s, o, &AtomicUsize::new(0))
}

/// [`simulate`], counting the draws done in `progress`.
pub fn simulate_with(s: &Scenario, o: Options, progress: &AtomicUsize) -> Result<Outcome> {
    check_options(&o)?;
    let years = s.n_years();
    let all_variables = model::variables(s);
    let sel = selected(s, &all_variables);
    let variables: Vec<Variable> = sel.iter().map(|&v| all_variables[v].clone()).collect();
    let ncols = variables.len() * years;
    let source = Source::new(o.seed);
    // Sums of every column, then of the peak level over all draws and over the peaked draws.
    let sums = Mutex::new(OrderedSums::new(ncols + 2));
    let kept: Option<Mutex<Vec<Vec<f64>>>> = o
        .keep_draws
        .then(|| Mutex::new(vec![vec![0.0; o.draws]; ncols]));
    let accs = par_blocks(
        o.draws,
        progress,
        || Acc {
            cols: vec![Sketch::new(); ncols],
            level_all: Sketch::new(),
            level_peaked: Sketch::new(),
            counts: Counts::new(s),
            buffer: Vec::new(),
        },
        |acc, b, range| {
            // The block's values variable-year by variable-year (column-major), so that each sketch
            // takes a whole column at once: its buckets stay in cache (one path at a time would touch
            // every sketch for every draw).
            let len = range.len();
            let mut cols = std::mem::take(&mut acc.buffer);
            cols.clear();
            cols.resize(ncols * len, 0.0);
            let (mut levels, mut peaked_levels) = (Vec::with_capacity(len), Vec::new());
            let mut p = Path::default();
            let mut drawer = model::Drawer::new(s);
            // Paths go through a row-major tile of TILE draws, written out a column at a time (TILE
            // consecutive values), so the transposition touches each column's memory once per tile.
            const TILE: usize = 16;
            let mut tile = vec![0.0; TILE * ncols];
            for (i0, ds) in range.clone().step_by(TILE).map(|d| (d - range.start, d)) {
                let n_tile = TILE.min(range.end - ds);
                for t in 0..n_tile {
                    let d = ds + t;
                    let mut rng = source.for_draw(d as u64);
                    drawer
                        .path_into(d as u64, &mut rng, &mut p)
                        .map_err(|e| (d, e))?;
                    let (level, peaked) = acc.counts.add(s, &p);
                    levels.push(level);
                    if peaked {
                        peaked_levels.push(level);
                    }
                    // The selected variables' series (each `years` long, contiguous in the path).
                    let row = &mut tile[t * ncols..(t + 1) * ncols];
                    for (j, &v) in sel.iter().enumerate() {
                        row[j * years..(j + 1) * years]
                            .copy_from_slice(&p.values[v * years..(v + 1) * years]);
                    }
                }
                for c in 0..ncols {
                    let out = &mut cols[c * len + i0..c * len + i0 + n_tile];
                    for (t, x) in out.iter_mut().enumerate() {
                        *x = tile[t * ncols + c];
                    }
                }
            }
            let mut block_sums = Vec::with_capacity(ncols + 2);
            for (c, xs) in cols
                .chunks(len)
                .chain([&levels[..], &peaked_levels[..]])
                .enumerate()
            {
                let sketch = match c.cmp(&ncols) {
                    std::cmp::Ordering::Less => &mut acc.cols[c],
                    std::cmp::Ordering::Equal => &mut acc.level_all,
                    std::cmp::Ordering::Greater => &mut acc.level_peaked,
                };
                sketch.add_slice(xs);
                // In draw order.
                let mut sum = Neumaier::default();
                xs.iter().for_each(|&x| sum.add(x));
                block_sums.push(sum.value());
            }
            sums.lock()
                .unwrap_or_else(|p| p.into_inner())
                .add(b, block_sums);
            if let Some(k) = &kept {
                let mut k = k.lock().unwrap_or_else(|p| p.into_inner());
                for (col, xs) in k.iter_mut().zip(cols.chunks(len)) {
                    col[range.clone()].copy_from_slice(xs);
                }
            }
            acc.buffer = cols;
            Ok(())
        },
    )?;
    // Integer counts: merging in any order gives the same sketches and counts.
    let mut accs = accs.into_iter();
    let mut all = accs
        .next()
        .ok_or_else(|| Error::Internal("no worker ran".into()))?;
    for a in accs {
        for (x, y) in all.cols.iter_mut().zip(&a.cols) {
            x.merge(y);
        }
        all.level_all.merge(&a.level_all);
        all.level_peaked.merge(&a.level_peaked);
        all.counts.merge(&a.counts);
    }
    let totals: Vec<f64> = sums
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .totals
        .iter()
        .map(Neumaier::value)
        .collect();
    let flat: Vec<Stats> = all
        .cols
        .par_iter()
        .zip(&totals[..ncols])
        .map(|(sk, sum)| summary::summarise(sk, *sum))
        .collect();
    let stats = flat.chunks(years).map(<[Stats]>::to_vec).collect();
    let mut counts = all.counts;
    counts.peak_level_all =
        (all.level_all.count() > 0).then(|| summary::summarise(&all.level_all, totals[ncols]));
    counts.peak_level_peaked = (all.level_peaked.count() > 0)
        .then(|| summary::summarise(&all.level_peaked, totals[ncols + 1]));
    let draws = kept.map(|k| {
        let cols = k.into_inner().unwrap_or_else(|p| p.into_inner());
        let mut it = cols.into_iter();
        (0..variables.len())
            .map(|_| it.by_ref().take(years).collect())
            .collect()
    });
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
