//! Approach 2 (2006 IPCC Guidelines Vol. 1 Ch. 3 §3.2.3.2): Monte Carlo over the uncertain inputs of
//! [`Inputs`], with results that do not depend on the thread count.
//!
//! In draw `d`, every variable takes one value, used by every row that names it: a factor is drawn once
//! per draw whatever the number of rows, categories, years and regions using it, an activity value once
//! for all the gases computed from it. Each row is then recomputed as its central value times the
//! multipliers of its inputs (rows are products of their inputs, see [`super::uncertainty`]), and summed
//! into its category and total(s).
//!
//! Randomness comes from [`crate::scenario::rng::Source`] (ChaCha8 seeded once, stream `d` for draw `d`).
//! Within a draw's stream, variable `v` always reads the 64-bit word pair at position `2v` and turns it into
//! a value by the inverse distribution function ([`Dist::quantile`]): so the value of a variable in a draw
//! depends only on the seed, the draw and the variable — not on the thread that computes it, nor on which
//! other variables a region uses. Draws are computed in chunks of [`CHUNK`] in rayon's current pool and
//! collected in draw order; means are sequential sums in draw order and percentiles exact (sorted values,
//! Hyndman–Fan type 7, [`crate::scenario::summary::quantile`]).
//!
//! Regions are simulated one after the other (every value of a region is kept for its percentiles:
//! `groups × draws` numbers, at most [`MAX_VALUES`]).
//!
//! [`Dist::quantile`]: super::uncertainty::Dist::quantile

use super::Lulucf;
use super::uncertainty::{Group, Inputs};
use crate::error::{Error, Result};
use crate::inventory::Inventory;
use crate::scenario::rng::Source;
use crate::scenario::summary::quantile;
use rand::RngCore;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Draws computed together before their values are stored.
pub const CHUNK: usize = 1024;

/// The most draws a run accepts.
pub const MAX_DRAWS: usize = 200_000;

/// The most values kept for one region (groups × draws): 50 million f64 = 400 MB.
pub const MAX_VALUES: usize = 50_000_000;

/// Mean and 95 % interval of one quantity over the draws.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct McStats {
    /// Mean.
    pub mean: f64,
    /// 2.5th percentile.
    pub p2_5: f64,
    /// 97.5th percentile.
    pub p97_5: f64,
    /// `(mean − p2.5) / |mean| × 100`, % (`None` when the mean is 0).
    pub lower_pct: Option<f64>,
    /// `(p97.5 − mean) / |mean| × 100`, %.
    pub upper_pct: Option<f64>,
}

impl McStats {
    /// Summarises values in draw order (sorted in place afterwards).
    pub fn of(values: &mut [f64]) -> McStats {
        let mut sum = 0.0;
        for x in values.iter() {
            sum += x;
        }
        let mean = sum / values.len() as f64;
        values.sort_by(f64::total_cmp);
        let (lo, hi) = (quantile(values, 0.025), quantile(values, 0.975));
        let pct = |x: f64| (mean != 0.0).then(|| 100.0 * x / mean.abs());
        McStats {
            mean,
            p2_5: lo,
            p97_5: hi,
            lower_pct: pct(mean - lo),
            upper_pct: pct(hi - mean),
        }
    }
}

/// Approach 2's results: one per group, and the trend of each region's total(s).
pub(crate) struct McResult {
    pub(crate) groups: Vec<McStats>,
    pub(crate) trends: Vec<((String, Lulucf), McStats)>,
}

/// A uniform number in (0, 1) from 64 random bits (53 bits, centred in their interval: never 0 or 1).
fn unit(x: u64) -> f64 {
    ((x >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// Runs the Monte Carlo for every group.
pub(crate) fn simulate(
    inv: &Inventory,
    inputs: &Inputs,
    groups: &[Group],
    draws: usize,
    seed: u64,
) -> Result<McResult> {
    if draws > MAX_DRAWS {
        return Err(Error::input(
            None,
            format!("--mc-draws {draws}: give 0 (Approach 1 only) to {MAX_DRAWS} draws"),
        ));
    }
    let source = Source::new(seed);
    let mut stats: Vec<Option<McStats>> = vec![None; groups.len()];
    let mut trends = Vec::new();
    let mut by_region: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (g, grp) in groups.iter().enumerate() {
        by_region.entry(&grp.region).or_default().push(g);
    }
    for (region, gs) in by_region {
        if gs.len().saturating_mul(draws) > MAX_VALUES {
            return Err(Error::input(
                None,
                format!(
                    "--mc-draws {draws}: region {region} has {} categories and totals over its years, and \
                     {draws} draws would keep {} values (at most {MAX_VALUES}); give fewer draws",
                    gs.len(),
                    gs.len() * draws
                ),
            ));
        }
        // The rows of the region (each in one category group and one or two totals), their variables
        // renumbered locally, and the region's variables in increasing global index.
        let mut row_groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (local_g, &g) in gs.iter().enumerate() {
            for &i in &groups[g].rows {
                row_groups.entry(i).or_default().push(local_g);
            }
        }
        let mut vars: Vec<usize> = row_groups
            .keys()
            .flat_map(|&i| inputs.rows[i].vars.iter().copied())
            .collect();
        vars.sort_unstable();
        vars.dedup();
        let local: BTreeMap<usize, usize> = vars.iter().enumerate().map(|(l, v)| (*v, l)).collect();
        // The rows in flat arrays (central value; variables and groups as ranges of two index arrays), so
        // that a draw walks memory in order.
        let mut central = Vec::with_capacity(row_groups.len());
        let (mut row_vars, mut var_end) = (Vec::new(), Vec::with_capacity(row_groups.len()));
        let mut row_el: Vec<f64> = Vec::new();
        let (mut row_grps, mut grp_end) = (Vec::new(), Vec::with_capacity(row_groups.len()));
        for (i, g) in row_groups {
            central.push(inv.rows[inputs.rows[i].row].co2e_t);
            row_vars.extend(inputs.rows[i].vars.iter().map(|v| local[v] as u32));
            row_el.extend(&inputs.rows[i].elasticities);
            var_end.push(row_vars.len());
            row_grps.extend(g.into_iter().map(|x| x as u32));
            grp_end.push(row_grps.len());
        }
        let one_draw = |d: usize| -> Vec<f64> {
            let mut rng = source.for_draw(d as u64);
            let mut pos: u128 = 0;
            let m: Vec<f64> = vars
                .iter()
                .map(|&v| {
                    let want = 2 * v as u128;
                    if pos != want {
                        rng.set_word_pos(want);
                    }
                    pos = want + 2;
                    inputs.variables[v].dist.quantile(unit(rng.next_u64()))
                })
                .collect();
            let mut out = vec![0.0; gs.len()];
            let (mut v0, mut g0) = (0, 0);
            for (r, &c) in central.iter().enumerate() {
                let mut x = c;
                // A product row multiplies its inputs' multipliers; a model row is linearised, each
                // input entering as 1 + e (m − 1) (super::model_inputs).
                for (&v, &e) in row_vars[v0..var_end[r]].iter().zip(&row_el[v0..var_end[r]]) {
                    let mv = m[v as usize];
                    x *= if e == 1.0 { mv } else { 1.0 + e * (mv - 1.0) };
                }
                for &g in &row_grps[g0..grp_end[r]] {
                    out[g as usize] += x;
                }
                (v0, g0) = (var_end[r], grp_end[r]);
            }
            out
        };
        let mut columns: Vec<Vec<f64>> = (0..gs.len()).map(|_| Vec::with_capacity(draws)).collect();
        let mut start = 0;
        while start < draws {
            let end = (start + CHUNK).min(draws);
            let chunk: Vec<Vec<f64>> = (start..end).into_par_iter().map(one_draw).collect();
            for values in chunk {
                for (g, x) in values.into_iter().enumerate() {
                    columns[g].push(x);
                }
            }
            start = end;
        }
        // The trend of the total(s) from the first to the latest year, draw by draw.
        let totals = |lu: Lulucf| -> BTreeMap<i32, usize> {
            gs.iter()
                .enumerate()
                .filter(|(_, g)| groups[**g].key.is_none() && groups[**g].lulucf == Some(lu))
                .map(|(l, g)| (groups[*g].year, l))
                .collect()
        };
        for lu in [Lulucf::Without, Lulucf::With] {
            let t = totals(lu);
            if t.len() >= 2 {
                let (b, l) = (
                    *t.values().next().expect("2"),
                    *t.values().next_back().expect("2"),
                );
                let mut trend: Vec<f64> = columns[b]
                    .iter()
                    .zip(&columns[l])
                    .map(|(b, l)| 100.0 * (l - b) / b.abs())
                    .collect();
                trends.push(((region.to_string(), lu), McStats::of(&mut trend)));
            }
        }
        for (local_g, mut col) in columns.into_iter().enumerate() {
            stats[gs[local_g]] = Some(McStats::of(&mut col));
        }
    }
    Ok(McResult {
        groups: stats
            .into_iter()
            .map(|s| s.expect("every group is in a region"))
            .collect(),
        trends,
    })
}
