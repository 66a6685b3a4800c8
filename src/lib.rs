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
pub mod units;

pub use error::{Error, Result};
