//! The embedded Hubei example: Hubei's 2007 physical-quantity energy balance (China Energy Statistical
//! Yearbook 2008, Table 6-17), cell for cell as CSV (line r, field c = sheet row r, column c), built by
//! `tools/make-hubei-example.py` and documented in `examples/data/README.md`. It is read like any yearbook
//! balance: combustion, fugitive emissions from production, the reference approach and indirect
//! electricity. The tidy rendering of its combustion rows, `hubei-2007-activity.csv`, is kept as the
//! tidy-layout example. `hubei-2007-sectors.csv` adds the sectors outside energy (cement output real,
//! the rest ILLUSTRATIVE) with its illustrative parameters `hubei-2007-sectors-factors.toml`.

use crate::error::Result;
use crate::ingest::{self, Ingested};

/// The example's name, as it appears in input locations.
pub const HUBEI_2007_FILE: &str = "examples/data/hubei-2007-balance.csv";

/// The example's CSV text (compiled in, so `ghgkit run` works with no files at hand).
pub const HUBEI_2007_CSV: &str = include_str!("../examples/data/hubei-2007-balance.csv");

/// The tidy rendering of the example's combustion rows.
pub const HUBEI_2007_ACTIVITY_FILE: &str = "examples/data/hubei-2007-activity.csv";

/// Its text.
pub const HUBEI_2007_ACTIVITY_CSV: &str = include_str!("../examples/data/hubei-2007-activity.csv");

/// Activity outside energy for Hubei 2007 (IPPU, agriculture, LULUCF, waste): cement output is real, every
/// other figure ILLUSTRATIVE (marked in its `source` column; see `examples/data/README.md`).
pub const HUBEI_2007_SECTORS_FILE: &str = "examples/data/hubei-2007-sectors.csv";

/// Its text.
pub const HUBEI_2007_SECTORS_CSV: &str = include_str!("../examples/data/hubei-2007-sectors.csv");

/// The example's own model parameters (clinker fraction, forest growth …), all ILLUSTRATIVE, used as user
/// factors.
pub const HUBEI_2007_SECTORS_FACTORS_FILE: &str = "examples/data/hubei-2007-sectors-factors.toml";

/// Its text.
pub const HUBEI_2007_SECTORS_FACTORS: &str =
    include_str!("../examples/data/hubei-2007-sectors-factors.toml");

/// The data source, for chart footnotes.
pub const HUBEI_2007_SOURCE: &str =
    "China Energy Statistical Yearbook 2008, Table 6-17 (Hubei 2007)";

/// Reads the embedded Hubei 2007 activity data.
pub fn hubei_2007() -> Result<Ingested> {
    let mut tables = ingest::workbook::tables_from_csv_text(HUBEI_2007_CSV, HUBEI_2007_FILE)?;
    tables.extend(ingest::workbook::tables_from_csv_text(
        HUBEI_2007_SECTORS_CSV,
        HUBEI_2007_SECTORS_FILE,
    )?);
    let mut out = Ingested::default();
    ingest::read_tables(&tables, &mut out);
    let set = crate::factors::FactorSet::parse(
        HUBEI_2007_SECTORS_FACTORS,
        HUBEI_2007_SECTORS_FACTORS_FILE,
    )?;
    out.overrides.extend(set.factors);
    ingest::tidy::check_duplicates(&out.records, &mut out.diagnostics);
    Ok(out)
}

/// The Hubei carbon-peaking scenarios `(file, text)`: baseline, policy (inherits baseline), enhanced
/// (inherits policy), compiled in so that `ghgkit run` works with no files at hand.
pub const HUBEI_SCENARIOS: [(&str, &str); 3] = [
    (
        "scenarios/hubei-baseline.toml",
        include_str!("../scenarios/hubei-baseline.toml"),
    ),
    (
        "scenarios/hubei-policy.toml",
        include_str!("../scenarios/hubei-policy.toml"),
    ),
    (
        "scenarios/hubei-enhanced.toml",
        include_str!("../scenarios/hubei-enhanced.toml"),
    ),
];

/// The embedded Hubei scenarios, checked, in the order of [`HUBEI_SCENARIOS`].
pub fn hubei_scenarios() -> Result<Vec<crate::scenario::Scenario>> {
    let sources: Vec<(String, String)> = HUBEI_SCENARIOS
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect();
    crate::scenario::spec::parse_many(&sources, sources.len())
}
