//! Charts — the code of `notebooks/03-charts.ipynb`, as a program.
//!
//! ```sh
//! cargo run --release --example charts -- OUT_DIR
//! ```
//!
//! Renders the emissions-by-category chart of the embedded Hubei 2007 example with two GWP sets (AR5 and
//! AR6), its key categories (Pareto chart), the Hubei scenarios' fan charts, peak-year distribution and LMDI
//! waterfalls as PNG and SVG bytes through `ghgkit::plot`, and writes them to OUT_DIR
//! (default: the system's temporary folder). In a notebook the same bytes are shown inline:
//! [`evcxr_image`] wraps them in the evcxr display protocol.
//!
//! The functions below are also run by `tests/examples.rs`.

use ghgkit::factors::FactorLibrary;
use ghgkit::inventory::{self, Inventory, Settings, fugitive};
use ghgkit::plot::adapt::NamedChart;
use ghgkit::plot::style::Style;
use ghgkit::{Result, assess, example, gases, plot, scenario};
use std::path::{Path, PathBuf};

/// The embedded Hubei 2007 example with the `china` factor set and a GWP set (`AR5`, `AR6` …):
/// combustion and fugitive emissions.
pub fn hubei_2007(gwp: &str) -> Result<Inventory> {
    let data = example::hubei_2007()?;
    let mut records = data.records.clone();
    for b in &data.balances {
        records.extend(fugitive::fugitive_records_with(b, &data.records));
    }
    let library = FactorLibrary::builtin()?;
    let settings = Settings {
        library: &library,
        factor_set: "china",
        gwp: gases::gwp_set(gwp)?,
        overrides: &data.overrides,
    };
    inventory::compute(&records, &settings)
}

/// The category chart of Hubei 2007 with a GWP set.
pub fn category_chart(gwp: &str) -> Result<plot::Rendered> {
    let inv = hubei_2007(gwp)?;
    plot::emissions_by_category(&inv, "Hubei", 2007, example::HUBEI_2007_SOURCE)
}

/// The key-category Pareto chart and the uncertainty ranges of Hubei 2007 (AR5), with `mc_draws` Monte
/// Carlo draws (0: Approach 1 only).
pub fn assessment_charts(mc_draws: usize) -> Result<Vec<NamedChart>> {
    let inv = hubei_2007("AR5")?;
    let data = example::hubei_2007()?;
    let options = assess::Options {
        mc_draws: Some(mc_draws),
        seed: 1,
    };
    let a = assess::assess(&inv, &data.records, &options)?;
    let style = Style::english();
    let foot = plot::adapt::inventory_footnote(&inv, example::HUBEI_2007_SOURCE, &style);
    plot::analysis::assessment_charts(&a, "Hubei", "", &foot, &style)
}

/// Every scenario chart of the three Hubei scenarios in `scenarios_dir`: fans of CO2 and carbon intensity,
/// the peak-year distribution and the LMDI waterfalls, with `draws` Monte Carlo draws.
pub fn scenario_charts(scenarios_dir: &Path, draws: usize) -> Result<Vec<NamedChart>> {
    let paths: Vec<PathBuf> = ["hubei-baseline", "hubei-policy", "hubei-enhanced"]
        .iter()
        .map(|n| scenarios_dir.join(format!("{n}.toml")))
        .collect();
    let scenarios = scenario::spec::load(&paths, None)?;
    let outcomes = scenario::engine::simulate_all(&scenarios, scenario::Options::new(draws, 1))?;
    let decompositions = scenario::decompositions(&scenarios)?;
    plot::adapt::scenario_charts(&outcomes, &decompositions, &Style::english())
}

/// Standard base64 (RFC 4648, with padding), for the evcxr display protocol.
pub fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(A[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The text that makes the evcxr Jupyter kernel show an image inline: printed to stdout, it becomes a
/// display output of MIME type `mime` (`image/png` bytes are base64-encoded, `image/svg+xml` is given as
/// text).
pub fn evcxr_image(mime: &str, bytes: &[u8]) -> String {
    let body = if mime == "image/svg+xml" {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        base64(bytes)
    };
    format!("EVCXR_BEGIN_CONTENT {mime}\n{body}\nEVCXR_END_CONTENT\n")
}

fn main() -> Result<()> {
    let out = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&out).map_err(|e| ghgkit::Error::Write {
        path: out.clone(),
        message: e.to_string(),
    })?;
    let mut charts = Vec::new();
    for gwp in ["AR5", "AR6"] {
        charts.push((format!("hubei-2007-{gwp}"), category_chart(gwp)?));
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for c in assessment_charts(2000)?
        .into_iter()
        .chain(scenario_charts(&dir, 2000)?)
    {
        charts.push((c.name, c.rendered));
    }
    for (name, chart) in &charts {
        for (ext, bytes) in [
            ("png", chart.png.clone()),
            ("svg", chart.svg.clone().into_bytes()),
        ] {
            let path = Path::new(&out).join(format!("{name}.{ext}"));
            ghgkit::report::write_atomic(&path, &bytes)?;
            println!("wrote {} ({} bytes)", path.display(), bytes.len());
        }
    }
    Ok(())
}
