//! Write, run and compare carbon-peaking scenarios — the code of `notebooks/02-scenarios.ipynb`, as a
//! program.
//!
//! ```sh
//! cargo run --release --example scenarios
//! ```
//!
//! 1. Load the three Hubei scenarios of `scenarios/` (baseline → policy → enhanced, each inheriting from
//!    the previous) and write a fourth one in code that inherits from the policy scenario.
//! 2. Run them all by Monte Carlo with the same seed (common random numbers), then compare: CO2 in 2030
//!    and 2035 (median and 90 % range), each target's probability, the peak-year distribution.
//! 3. A mistake in a scenario file is reported with `file:line` and the nearest valid key.
//!
//! The functions below are also run by `tests/examples.rs`.

use ghgkit::Result;
use ghgkit::scenario::{self, Options, Outcome, Scenario, targets};
use std::path::Path;

/// A scenario written by the user: the policy scenario with carbon intensity falling a fixed 5 % a year
/// (no uncertainty), everything else inherited (GDP from the baseline, targets).
pub const MY_SCENARIO: &str = r#"
[scenario]
name = "my-fast-decarbonisation"
inherits = "hubei-policy"
region = "Hubei"
base_year = 2020
end_year = 2035

[growth]
carbon_intensity = -0.05
"#;

/// The same scenario with a typo in a key (`carbon_intensty`).
pub const MY_SCENARIO_WITH_TYPO: &str = r#"
[scenario]
name = "my-fast-decarbonisation"
inherits = "hubei-policy"
region = "Hubei"
base_year = 2020
end_year = 2035

[growth]
carbon_intensty = -0.05
"#;

/// The Hubei scenarios of `scenarios_dir` and the user's own text, parsed and checked together
/// (`inherits` is resolved among them). The user's scenario comes last.
pub fn load(scenarios_dir: &Path, mine: &str) -> Result<Vec<Scenario>> {
    let mut sources = Vec::new();
    for name in ["hubei-baseline", "hubei-policy", "hubei-enhanced"] {
        let path = scenarios_dir.join(format!("{name}.toml"));
        let text = std::fs::read_to_string(&path).map_err(|e| ghgkit::Error::Read {
            path: path.clone(),
            source: e,
        })?;
        sources.push((path.display().to_string(), text));
    }
    sources.push(("my-scenario.toml".to_string(), mine.to_string()));
    let n = sources.len();
    scenario::spec::parse_many(&sources, n)
}

/// Runs every scenario with the same draws and seed.
pub fn run(scenarios: &[Scenario], draws: usize, seed: u64) -> Result<Vec<Outcome>> {
    scenario::engine::simulate_all(scenarios, Options::new(draws, seed))
}

/// The statistics of `variable` (0 = GDP, 1 = CO2, 2 = carbon intensity; see
/// `Outcome::variables`) in `year`.
pub fn stats_in(o: &Outcome, variable: usize, year: i32) -> scenario::summary::Stats {
    o.stats[variable][(year - o.scenario.base_year) as usize]
}

/// One line of the comparison table.
pub fn comparison_line(o: &Outcome) -> String {
    let t = targets::evaluate(o);
    let co2_2030 = stats_in(o, 1, 2030);
    let co2_2035 = stats_in(o, 1, 2035);
    let p = |name: &str| {
        t.targets
            .iter()
            .find(|r| r.target == name)
            .map_or("-".to_string(), |r| format!("{:.3}", r.probability))
    };
    format!(
        "{:<26} {:>6.0} ({:>4.0}-{:>4.0}) {:>6.0} ({:>4.0}-{:>4.0})  {:>6} {:>6} {:>6}",
        o.scenario.name,
        co2_2030.p50,
        co2_2030.p5,
        co2_2030.p95,
        co2_2035.p50,
        co2_2035.p5,
        co2_2035.p95,
        p("intensity_annual_drop"),
        p("intensity_period"),
        p("peak_by"),
    )
}

fn main() -> Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let scenarios = load(&dir, MY_SCENARIO)?;
    let outcomes = run(&scenarios, 2000, 1)?;
    println!(
        "{:<26} {:>18} {:>18}  {:>6} {:>6} {:>6}",
        "scenario", "CO2 2030, Mt", "CO2 2035, Mt", "annual", "FYP14", "peak"
    );
    println!(
        "{:<26} {:>18} {:>18}  {:>6} {:>6} {:>6}",
        "", "median (p5-p95)", "median (p5-p95)", "P", "P", "P"
    );
    for o in &outcomes {
        println!("{}", comparison_line(o));
    }
    println!("\nPeak year (share of draws):");
    for o in &outcomes {
        let t = targets::evaluate(o);
        let years: Vec<String> = t
            .peak_year
            .years
            .iter()
            .map(|p| format!("{} {:.1} %", p.year, 100.0 * p.share))
            .collect();
        println!(
            "  {:<26} {}; not peaked by {}: {:.1} %",
            o.scenario.name,
            years.join(", "),
            o.scenario.end_year,
            100.0 * t.peak_year.not_peaked_within_horizon
        );
    }
    // A typo: every problem with file:line and the nearest valid key.
    if let Err(e) = load(&dir, MY_SCENARIO_WITH_TYPO) {
        println!("\nWith a typo:\n{e}");
    }
    Ok(())
}
