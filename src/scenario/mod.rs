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
//! - [`engine`]: draws in fixed-size chunks in parallel; results independent of the thread count.
//! - [`summary`]: mean and exact percentiles per variable and year; `trajectories.csv`.
//! - [`targets`]: target probabilities and the peak-year distribution; `targets.json`.
//!
//! Computation is pure: [`run`] returns the outputs as bytes; the caller writes them (atomically).
//!
//! ```
//! use ghgkit::scenario::{self, engine::Options};
//! let text = include_str!("../../scenarios/simple.toml");
//! let s = scenario::spec::parse_many(&[("simple.toml".into(), text.into())], 1).unwrap();
//! let out = scenario::engine::simulate(&s[0], Options { draws: 1000, seed: 1 }).unwrap();
//! // CO2 of the base year is the value given.
//! assert_eq!(out.stats[1][0].p50, 330.0);
//! ```

pub mod engine;
pub mod model;
pub mod rng;
pub mod spec;
pub mod summary;
pub mod targets;

pub use engine::{Options, Outcome};
pub use spec::Scenario;

use crate::error::Result;
use std::path::{Path, PathBuf};

/// The rendered outputs of a scenario run: (path, bytes), not yet written.
pub struct Rendered {
    /// The outcomes, one per scenario.
    pub outcomes: Vec<Outcome>,
    /// `OUT/trajectories.csv` and `OUT/targets.json`.
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

/// Simulates every scenario and renders `trajectories.csv` and `targets.json` for `out_dir`.
pub fn run(scenarios: &[Scenario], options: Options, out_dir: &Path) -> Result<Rendered> {
    let outcomes = engine::simulate_all(scenarios, options)?;
    let files = vec![
        (
            out_dir.join("trajectories.csv"),
            summary::trajectories_csv(&outcomes)?,
        ),
        (
            out_dir.join("targets.json"),
            targets::targets_json(&outcomes)?,
        ),
    ];
    Ok(Rendered { outcomes, files })
}
