//! The scenario engine: carbon-peaking scenarios (达峰行动方案) for a province, by Monte Carlo.
//!
//! ```text
//! scenario files ──spec──▶ Scenario ──engine (model × N draws, rayon)──▶ Outcome ──▶ trajectories.csv
//!   (TOML, inherits)        (checked)          (rng: one ChaCha8 source)   (summary,     targets.json
//!                                                                            targets)
//! ```
//!
//! - [`spec`]: TOML → checked [`Scenario`]; every problem with `file:line`; inheritance.
//! - [`model`]: one draw, the Kaya identity `CO2 = GDP × CO2/GDP` with annual rates of change.
//! - [`rng`]: the one source of randomness (ChaCha8 seeded once, one stream per draw).
//! - [`engine`]: draws in fixed-size blocks in parallel; results independent of the thread count, memory
//!   bounded by the summaries.
//! - [`sketch`]: the mergeable quantile sketch (integer counts, 1e-4 relative accuracy).
//! - [`summary`]: mean and percentiles per variable and year; `trajectories.csv`.
//! - [`targets`]: target probabilities, the peak-year and peak-level distributions; `targets.json`.
//! - [`goal`]: goal seeking (the shift of a lever that meets a target with a chosen probability).
//! - [`sectoral`]: the sectoral model (sectors, fuel mix, power mix, cement process emissions).
//! - [`iamc`]: `iamc.csv` and `iamc.xlsx` (IAMC format, pyam reads them).
//!
//! Computation is pure: [`run`] returns the outputs as bytes; the caller writes them (atomically).
//!
//! ```
//! use ghgkit::scenario::{self, engine::Options};
//! let text = include_str!("../../scenarios/simple.toml");
//! let s = scenario::spec::parse_many(&[("simple.toml".into(), text.into())], 1).unwrap();
//! let out = scenario::engine::simulate(&s[0], Options::new(1000, 1)).unwrap();
//! // CO2 of the base year is the value given.
//! assert_eq!(out.stats[1][0].p50, 330.0);
//! ```

pub mod engine;
pub mod goal;
pub mod iamc;
pub mod model;
pub mod rng;
pub mod sectoral;
pub mod sketch;
pub mod spec;
pub mod summary;
pub mod targets;

pub use engine::{Options, Outcome};
pub use spec::Scenario;

use crate::decompose::{self, Decomposition};
use crate::error::Result;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

/// The rendered outputs of a scenario run: (path, bytes), not yet written.
pub struct Rendered {
    /// The outcomes, one per scenario.
    pub outcomes: Vec<Outcome>,
    /// `OUT/trajectories.csv`, `targets.json`, `iamc.csv`, `iamc.xlsx`, `decomposition.csv`, and
    /// `draws.csv` when `keep_draws`.
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

/// Simulates every scenario and renders the outputs for `out_dir`.
pub fn run(scenarios: &[Scenario], options: Options, out_dir: &Path) -> Result<Rendered> {
    run_with(scenarios, options, out_dir, &AtomicUsize::new(0))
}

/// [`run`], counting the draws done in `progress` (the total is [`engine::total_draws`]).
pub fn run_with(
    scenarios: &[Scenario],
    options: Options,
    out_dir: &Path,
    progress: &AtomicUsize,
) -> Result<Rendered> {
    run_only(scenarios, options, out_dir, progress, OutputKind::FILES)
}

/// A kind of output of a scenario run, so that a run can render only some of them (`ghgkit scenario
/// --only`); the Monte Carlo is the same whatever is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    /// `trajectories.csv`.
    Trajectories,
    /// `targets.json`.
    Targets,
    /// `iamc.csv` and `iamc.xlsx`.
    Iamc,
    /// `decomposition.csv`.
    Decomposition,
    /// The charts (rendered by `run::scenario_job_only`, not here).
    Charts,
    /// `report.html` and `report.xlsx` (rendered by the caller, not here).
    Reports,
}

impl OutputKind {
    /// The files [`run_only`] renders.
    pub const FILES: &'static [OutputKind] = &[
        OutputKind::Trajectories,
        OutputKind::Targets,
        OutputKind::Iamc,
        OutputKind::Decomposition,
    ];
}

/// [`run_with`], rendering only the files of the kinds in `only` (`draws.csv` whenever `keep_draws`).
pub fn run_only(
    scenarios: &[Scenario],
    options: Options,
    out_dir: &Path,
    progress: &AtomicUsize,
    only: &[OutputKind],
) -> Result<Rendered> {
    let outcomes = engine::simulate_all_with(scenarios, options, progress)?;
    let wants = |k| only.contains(&k);
    let mut files = Vec::new();
    if wants(OutputKind::Trajectories) {
        files.push((
            out_dir.join("trajectories.csv"),
            summary::trajectories_csv(&outcomes)?,
        ));
    }
    if wants(OutputKind::Targets) {
        files.push((
            out_dir.join("targets.json"),
            targets::targets_json(&outcomes)?,
        ));
    }
    if wants(OutputKind::Iamc) {
        files.push((out_dir.join("iamc.csv"), iamc::iamc_csv(&outcomes)?));
        files.push((out_dir.join("iamc.xlsx"), iamc::iamc_xlsx(&outcomes)?));
    }
    if wants(OutputKind::Decomposition) {
        files.push((
            out_dir.join("decomposition.csv"),
            decompose::decomposition_csv(&decompositions(scenarios)?, "Mt CO2")?,
        ));
    }
    if options.keep_draws {
        files.push((out_dir.join("draws.csv"), summary::draws_csv(&outcomes)?));
    }
    Ok(Rendered { outcomes, files })
}

/// LMDI decompositions of CO2 along the central paths (every uncertain rate at its median): for each
/// scenario, base year → end year; for each scenario whose parent (`inherits`) is in the run with the same
/// model and horizon, the scenario against its parent in every year after the base year (period 0 = the
/// parent, period T = the scenario). Factors: Kaya `gdp × carbon_intensity`; sectoral `activity × structure ×
/// energy_intensity × fuel_mix × emission_factor` per sector and carrier
/// ([`sectoral::Sectoral::factors`]).
pub fn decompositions(scenarios: &[Scenario]) -> Result<Vec<(String, Vec<Decomposition>)>> {
    let mut cases = Vec::new();
    let central: Vec<_> = scenarios
        .iter()
        .map(model::central_factors)
        .collect::<Result<_>>()?;
    for (s, f) in scenarios.iter().zip(&central) {
        let names = model::factor_names(s);
        let last = f.len() - 1;
        let obs = |y: usize, f: &[model::YearFactors]| -> Vec<decompose::Observation> {
            f[y].iter()
                .map(|(sub, x)| decompose::Observation {
                    sub: sub.clone(),
                    factors: x.clone(),
                })
                .collect()
        };
        cases.push((
            s.name.clone(),
            vec![decompose::lmdi(
                names,
                &s.base_year.to_string(),
                &s.end_year.to_string(),
                &obs(0, f),
                &obs(last, f),
            )?],
        ));
        let Some(parent) = s.inherits.as_ref() else {
            continue;
        };
        let Some(j) = scenarios.iter().position(|p| &p.name == parent) else {
            continue;
        };
        let p = &scenarios[j];
        if p.base_year != s.base_year || p.end_year != s.end_year || model::factor_names(p) != names
        {
            continue;
        }
        let mut ds = Vec::new();
        for y in 1..=last {
            let year = s.base_year + y as i32;
            ds.push(decompose::lmdi(
                names,
                &format!("{parent} {year}"),
                &format!("{} {year}", s.name),
                &obs(y, &central[j]),
                &obs(y, f),
            )?);
        }
        cases.push((format!("{} vs {parent}", s.name), ds));
    }
    Ok(cases)
}
