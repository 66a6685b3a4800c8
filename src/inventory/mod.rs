//! Pure computation of inventories from checked activity data and factors. No I/O here.
//!
//! [`combustion`] computes fuel combustion (IPCC 2006 Vol. 2 Ch. 2, Tier 1/Tier 2 by the factors chosen).

pub mod combustion;
pub mod cube;

use crate::error::Location;
use crate::factors::Factor;
use crate::gases::Gas;
use serde::Serialize;
use std::collections::BTreeMap;

pub use combustion::{Settings, compute};

/// One emission figure: region × year × category × activity × gas, with everything needed to trace it.
#[derive(Clone, Debug, Serialize)]
pub struct EmissionRow {
    /// Region.
    pub region: String,
    /// Year.
    pub year: i32,
    /// IPCC 2006 category.
    pub category: String,
    /// Fuel or activity key.
    pub activity: String,
    /// Gas.
    pub gas: Gas,
    /// Mass of the gas, t.
    pub emissions_t: f64,
    /// CO2 equivalent, t CO2e (0 for memo items is NOT applied: memo rows keep their CO2e but are flagged).
    pub co2e_t: f64,
    /// The GWP100 used.
    pub gwp: f64,
    /// The GWP set's name.
    pub gwp_set: String,
    /// The activity amount as read.
    pub activity_value: f64,
    /// Its unit as read.
    pub activity_unit: String,
    /// Energy, TJ (NCV-converted where the activity was in mass or volume).
    pub energy_tj: f64,
    /// The equation applied, e.g. `A × NCV × EF`.
    pub method: String,
    /// Ids of the factors used, in the order of the equation.
    pub factor_ids: Vec<String>,
    /// Their sources, `set: document, table, page`, joined by ` | `.
    pub factor_source: String,
    /// Where the activity value was read.
    pub input: Location,
    /// A memo item (biomass CO2, international bunkers): reported, not in the total.
    pub memo: bool,
}

/// A computed inventory.
#[derive(Clone, Debug, Serialize)]
pub struct Inventory {
    /// The factor set chosen.
    pub factor_set: String,
    /// The GWP set chosen.
    pub gwp_set: String,
    /// Every emission figure, in input order, gases CO2, CH4, N2O.
    pub rows: Vec<EmissionRow>,
    /// Every factor used, by id.
    pub factors_used: BTreeMap<String, Factor>,
}

impl Inventory {
    /// Total CO2e, t, without memo items, per (region, year).
    pub fn totals(&self) -> BTreeMap<(String, i32), f64> {
        let mut m = BTreeMap::new();
        for r in self.rows.iter().filter(|r| !r.memo) {
            *m.entry((r.region.clone(), r.year)).or_insert(0.0) += r.co2e_t;
        }
        m
    }

    /// CO2e, t, without memo items, summed by the category's ancestor at `depth` (1 = sector, 3 = `1.A.1`),
    /// per (region, year, category).
    pub fn by_category(&self, depth: usize) -> BTreeMap<(String, i32, String), f64> {
        let mut m = BTreeMap::new();
        for r in self.rows.iter().filter(|r| !r.memo) {
            let code: Vec<&str> = r.category.split('.').take(depth).collect();
            *m.entry((r.region.clone(), r.year, code.join(".")))
                .or_insert(0.0) += r.co2e_t;
        }
        m
    }
}
