//! # ghgkit
//!
//! Greenhouse-gas inventories and carbon-peaking scenarios for Chinese provinces, following the 2006 IPCC
//! Guidelines and China's provincial inventory guidelines.
//!
//! The data flow is one way (see `ARCHITECTURE.md`):
//!
//! ```text
//! files ──ingest──▶ ActivityRecord ──inventory (× factors, × GWP)──▶ Inventory ──▶ report / plot
//! ```
//!
//! - [`units`]: units as written in Chinese statistics and IPCC tables (万吨, 亿立方米, TJ/Gg …).
//! - [`gases`]: gases and GWP100 sets (SAR, AR4, AR5, AR6).
//! - [`categories`]: the IPCC 2006 category tree and China's provincial reporting sectors.
//! - [`fuels`]: the fuel catalogue with English, Chinese and yearbook names.
//! - [`factors`]: named factor sets with sources and uncertainty; the resolution order.
//! - [`ingest`]: reading workbooks and CSV into checked activity records, with every problem located.
//!   Yearbook energy balance tables (能源平衡表) are read through TOML layout mappings ([`ingest::balance`]).
//! - [`inventory`]: pure computation of emissions.
//! - [`assess`]: key categories (Vol. 1 Ch. 4) and uncertainty, Approaches 1 and 2 (Vol. 1 Ch. 3).
//! - [`report`], [`plot`]: outputs, written atomically.
//! - [`example`]: the embedded Hubei example.
//! - [`scenario`]: carbon-peaking scenarios (Kaya or sectoral model, Monte Carlo, target probabilities, goal
//!   seeking, IAMC tables).
//! - [`decompose`]: LMDI-I index decomposition (additive and multiplicative).
//!
//! A one-minute tour: compute 1 Gg of other bituminous coal burned in power plants with the IPCC defaults.
//!
//! ```
//! use ghgkit::{factors::FactorLibrary, gases, ingest, inventory};
//! let csv = "year,region,category,activity,value,unit\n2019,Hubei,1.A.1.a,Other Bituminous Coal,1,Gg\n";
//! let tables = ingest::workbook::tables_from_csv_text(csv, "example.csv").unwrap();
//! let mut data = ingest::Ingested::default();
//! ingest::read_tables(&tables, &mut data);
//! let lib = FactorLibrary::builtin().unwrap();
//! let gwp = gases::gwp_set("AR5").unwrap();
//! let settings = inventory::Settings { library: &lib, factor_set: "ipcc2006", gwp, overrides: &[] };
//! let inv = inventory::compute(&data.records, &settings).unwrap();
//! let co2e: f64 = inv.rows.iter().map(|r| r.co2e_t).sum();
//! assert!((co2e - 2451.6579).abs() < 1e-6);
//! ```
//!
//! End to end — what `ghgkit run` and `ghgkit scenario` do, from code: the embedded Hubei 2007 energy
//! balance to an inventory with every output rendered in memory (written by [`run::write_all`]), one figure
//! traced to its input cell and factors, the category chart, and a peaking scenario's probability of
//! peaking by 2030. The user documentation is in `docs/`; `examples/` and `notebooks/` go further.
//!
//! ```
//! use ghgkit::{example, factors::FactorLibrary, gases, plot, run, scenario};
//! # fn main() -> ghgkit::Result<()> {
//! // Inventory: read, compute, render (nothing is written until run::write_all(&job.outputs)).
//! let data = example::hubei_2007()?;
//! let library = FactorLibrary::builtin()?;
//! let out = std::env::temp_dir().join("ghgkit-doc");
//! let job = run::inventory_job(&run::InventoryJob {
//!     records: &data.records,
//!     overrides: &data.overrides,
//!     balances: &data.balances,
//!     library: &library,
//!     factor_set: "china",
//!     gwp: gases::gwp_set("AR5")?,
//!     out_dir: &out,
//!     data_source: example::HUBEI_2007_SOURCE,
//!     assess: ghgkit::assess::Options::default(),
//!     style: &plot::style::Style::default(),
//! })?;
//! let inv = &job.inventory;
//! let total_t = inv.totals()[&("Hubei".to_string(), 2007)];
//! assert!(total_t > 0.0);
//! assert!(job.outputs.iter().any(|o| o.path == out.join("inventory.xlsx")));
//!
//! // Provenance: every figure names its input cell, equation and factors (with their sources).
//! let row = &inv.rows[0];
//! assert!(row.input.to_string().starts_with(example::HUBEI_2007_FILE));
//! for id in &row.factor_ids {
//!     assert!(!inv.factors_used[id].source.is_empty());
//! }
//!
//! // A chart, as PNG bytes and SVG text.
//! let chart = plot::emissions_by_category(inv, "Hubei", 2007, example::HUBEI_2007_SOURCE)?;
//! assert!(chart.png.starts_with(b"\x89PNG"));
//!
//! // A scenario: 1,000 Monte Carlo draws of the minimal scenario file.
//! let text = include_str!("../scenarios/simple.toml");
//! let scenarios = scenario::spec::parse_many(&[("simple.toml".into(), text.into())], 1)?;
//! let rendered = scenario::run(&scenarios, scenario::Options::new(1000, 1), &out)?;
//! let t = scenario::targets::evaluate(&rendered.outcomes[0]);
//! let p = t.peak_year.probability_peak_by.unwrap();
//! assert!((0.0..=1.0).contains(&p));
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

pub mod activity;
pub mod assess;
pub mod categories;
pub mod decompose;
pub mod error;
pub mod example;
pub mod factors;
pub mod fuels;
pub mod gases;
pub mod ingest;
pub mod inventory;
pub mod plot;
pub mod report;
pub mod run;
pub mod scenario;
pub mod shared;
pub mod units;

pub use error::{Error, Result};
