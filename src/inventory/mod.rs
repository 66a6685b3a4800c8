//! Pure computation of inventories from checked activity data and factors. No I/O here.
//!
//! - [`compute`]: the territorial inventory. Each record goes by its category: fuel combustion (1.A) to
//!   [`combustion`] (IPCC 2006 Vol. 2 Ch. 2, Tier 1/Tier 2 by the factors chosen), every other category to
//!   [`by_activity`] (`emissions = A × EF`, e.g. fugitive emissions 1.B, Vol. 2 Ch. 4).
//! - [`fugitive`]: the 1.B activity a yearbook energy balance gives (coal, crude oil and natural gas
//!   production), computed by [`by_activity`].
//! - [`reference`](mod@reference): the reference approach (Vol. 2 Ch. 6) from an energy balance, compared with the
//!   sectoral approach.
//! - [`electricity`]: indirect emissions of net imported electricity: reported apart, never in the
//!   territorial total.
//! - [`sectors`]: the models outside energy that are more than `A × EF` (cement from cement output, rice,
//!   managed soils, forest carbon, solid waste first-order decay, incineration, wastewater); their records
//!   are dispatched there by the activity's `model` (`data/activities.toml`).
//! - [`cube`]: the results as region × year × category × fuel × gas arrays.

pub mod by_activity;
pub mod combustion;
pub mod cube;
pub mod electricity;
mod engine;
pub mod fugitive;
pub mod reference;
pub mod sectors;

use crate::activity::ActivityRecord;
use crate::categories::CategoryTree;
use crate::error::{Diagnostics, Location, Result};
use crate::factors::Factor;
use crate::gases::Gas;
use crate::shared::{FactorIds, Shared};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::factors::Resolver;
pub use batches::Computer;
pub use by_activity::compute_by_activity;
pub use combustion::Settings;
use engine::{Ctx, Resolvers};

mod batches;

/// Computes the territorial inventory of every record, in input order: fuel combustion (1.A) by
/// [`combustion`], every other category by [`by_activity`] (`A × EF`). Every problem — unknown fuels,
/// units that do not fit a factor, and every missing factor combination — is listed in one
/// `Error::Input`.
///
/// Rows of net imports of electricity (activity `electricity`, category `1.A`, the convention of
/// [`electricity`]) are skipped: their indirect emissions are computed by
/// [`electricity::indirect_from_records`] and never belong to the territorial total.
pub fn compute(records: &[ActivityRecord], s: &Settings<'_>) -> Result<Inventory> {
    let mut rows = Vec::with_capacity(records.len() * 3);
    let mut inv = compute_each(records, s, |batch| rows.extend(batch))?;
    inv.rows = rows;
    Ok(inv)
}

/// As [`compute`], but the rows are handed to `sink` batch by batch, in inventory order, instead of being
/// kept: the inventory returned has no rows (its factor set, GWP set and factors used are those of
/// [`compute`]). For totals of millions of rows without holding them
/// ([`crate::report::totals::RunningTotals`]). On an input error the sink may already have seen rows.
pub fn compute_each(
    records: &[ActivityRecord],
    s: &Settings<'_>,
    mut sink: impl FnMut(Vec<EmissionRow>),
) -> Result<Inventory> {
    let mut c = batches::Computer::new(s);
    c.add(records, &mut sink)?;
    c.finish(records, &mut sink)
}

/// Chunks per batch of [`compute`]: enough to keep two cores busy.
const BATCH_CHUNKS: usize = 8;

/// The rows and problems of each chunk of `records`, in order (chunks computed in parallel).
fn compute_batch<O: engine::Out>(
    records: &[ActivityRecord],
    resolvers: &Resolvers<'_>,
    s: &Settings<'_>,
    known: &std::sync::Arc<engine::Known>,
) -> Vec<(O, Ctx)> {
    let tree = CategoryTree::ipcc2006();
    records
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut ctx = Ctx::knowing(known);
            let mut rows = O::with_capacity(chunk.len() * 3);
            // The last category and region met, with what was found for them (records come in runs).
            let mut last_category: Option<(&Shared, bool)> = None;
            let mut last_region: Option<(&Shared, Option<&Resolver<'_>>)> = None;
            for (i, rec) in chunk.iter().enumerate() {
                if electricity::is_net_import_record(rec) {
                    continue;
                }
                let resolver = match last_region {
                    Some((r, found)) if *r == rec.region => found,
                    _ => {
                        let found = resolvers.built(&rec.region);
                        last_region = Some((&rec.region, found));
                        found
                    }
                };
                let Some(resolver) = resolver else {
                    continue;
                };
                let combustion = match last_category {
                    Some((c, within)) if *c == rec.category => within,
                    _ => {
                        let within = tree.is_within(&rec.category, "1.A");
                        last_category = Some((&rec.category, within));
                        within
                    }
                };
                if combustion {
                    combustion::rows_into(rec, i, resolver, s, &mut ctx, &mut rows);
                } else if let Some(r) = sectors::rows_of(rec, resolver, s, &mut ctx) {
                    r.into_iter().for_each(|r| rows.row(r));
                } else {
                    by_activity::rows_of(rec, resolver, s, &mut ctx)
                        .into_iter()
                        .for_each(|r| rows.row(r));
                }
            }
            (rows, ctx)
        })
        .collect()
}

/// A figure computed for the totals alone ([`Computer::add_computed`]): a whole [`EmissionRow`], or the
/// numbers of a row of a record, whose names and cell are the record's.
#[derive(Debug)]
pub enum Computed {
    /// A whole row.
    Row(Box<EmissionRow>),
    /// A row of a record, without the record's names.
    Of(RecordRow),
}

/// The numbers of an emission row of a record ([`Computed::Of`]); its region, year, category, activity
/// and input cell are the record's.
#[derive(Clone, Copy, Debug)]
pub struct RecordRow {
    /// The record's index in the records handed over with the figure.
    pub record: usize,
    /// The gas.
    pub gas: Gas,
    /// Emissions, t of the gas.
    pub emissions_t: f64,
    /// Emissions, t CO2e (`emissions_t × gwp`).
    pub co2e_t: f64,
    /// The GWP100 applied.
    pub gwp: f64,
    /// True for a memo item (not in the totals).
    pub memo: bool,
}

/// Records per parallel task: large enough to amortise scheduling, small enough to balance two cores.
const CHUNK: usize = 8192;

/// One emission figure: region × year × category × activity × gas, with everything needed to trace it.
///
/// The texts are [`Shared`] (read like `&str`; built with `.into()`) and the factor ids a [`FactorIds`]
/// shared by the figures citing the same factors: a row holds pointers, not copies of its names.
#[derive(Clone, Debug, Serialize)]
pub struct EmissionRow {
    /// Region.
    pub region: Shared,
    /// Year.
    pub year: i32,
    /// IPCC 2006 category.
    pub category: Shared,
    /// Fuel or activity key.
    pub activity: Shared,
    /// Gas.
    pub gas: Gas,
    /// Mass of the gas, t.
    pub emissions_t: f64,
    /// CO2 equivalent, t CO2e (0 for memo items is NOT applied: memo rows keep their CO2e but are flagged).
    pub co2e_t: f64,
    /// The GWP100 used.
    pub gwp: f64,
    /// The GWP set's name.
    pub gwp_set: Shared,
    /// The activity amount as read.
    pub activity_value: f64,
    /// Its unit as read.
    pub activity_unit: Shared,
    /// Energy, TJ (NCV-converted where the activity was in mass or volume); for categories outside fuel
    /// combustion, the activity itself when given in energy, else 0 (mined coal is not energy used).
    pub energy_tj: f64,
    /// The equation applied, e.g. `A × NCV × EF`.
    pub method: Shared,
    /// Ids of the factors used, in the order of the equation.
    pub factor_ids: FactorIds,
    /// Their sources, `set: document, table, page`, joined by ` | ` (shared by the rows citing the same
    /// factors: a million rows cite a few hundred combinations).
    pub factor_source: std::sync::Arc<str>,
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
    /// Every emission figure, in input order; per record the gases in the order CO2, CH4, N2O (then the
    /// others).
    pub rows: Vec<EmissionRow>,
    /// Every factor used, by id.
    pub factors_used: BTreeMap<String, Factor>,
    /// The warnings raised while computing (a part of an estimate left out, a default assumed …), each at
    /// its input cell, in input order. A run with errors returns `Err` instead; these are what remains when
    /// it succeeds. The CLI prints them, `summary.json` and `report.html` list them.
    pub warnings: Diagnostics,
}

impl Inventory {
    /// Total CO2e, t, without memo items, per (region, year).
    pub fn totals(&self) -> BTreeMap<(String, i32), f64> {
        let mut m = BTreeMap::new();
        for r in self.rows.iter().filter(|r| !r.memo) {
            *m.entry((r.region.to_string(), r.year)).or_insert(0.0) += r.co2e_t;
        }
        m
    }

    /// Total CO2e, t, without memo items and without LULUCF (3.B, 3.D.1: [`sectors::is_lulucf`]), per
    /// (region, year). [`totals`](Self::totals) is the total with LULUCF.
    pub fn totals_without_lulucf(&self) -> BTreeMap<(String, i32), f64> {
        let mut m = BTreeMap::new();
        for r in self.rows.iter().filter(|r| !r.memo) {
            let e = m.entry((r.region.to_string(), r.year)).or_insert(0.0);
            if !sectors::is_lulucf(&r.category) {
                *e += r.co2e_t;
            }
        }
        m
    }

    /// CO2e, t, without memo items, summed by the category's ancestor at `depth` (1 = sector, 3 = `1.A.1`),
    /// per (region, year, category).
    pub fn by_category(&self, depth: usize) -> BTreeMap<(String, i32, String), f64> {
        let mut m = BTreeMap::new();
        for r in self.rows.iter().filter(|r| !r.memo) {
            let code: Vec<&str> = r.category.split('.').take(depth).collect();
            *m.entry((r.region.to_string(), r.year, code.join(".")))
                .or_insert(0.0) += r.co2e_t;
        }
        m
    }
}

/// Balances and settings built in code for the unit tests of this module's children.
#[cfg(test)]
pub(crate) mod testing {
    use crate::error::Location;
    use crate::factors::{FactorLibrary, FactorSet};
    use crate::ingest::balance::{BalanceColumn, BalanceRow, ColumnKind, EnergyBalance, RowRole};
    use crate::units::parse_unit;

    /// One row: key, role, combustion, category, part_of, one value per column.
    pub(crate) type Row<'a> = (
        &'a str,
        RowRole,
        bool,
        Option<&'a str>,
        Option<&'a str>,
        Vec<Option<f64>>,
    );

    /// A balance of `t.xlsx › Sheet1`: header in row 1, data from row 2, columns from C.
    pub(crate) fn balance(
        region: &str,
        year: i32,
        cols: &[(&str, ColumnKind, &str)],
        rows: Vec<Row<'_>>,
    ) -> EnergyBalance {
        let at = |r: usize, c: usize| Location::cell("t.xlsx", "Sheet1", r as u32, c as u32);
        let columns = cols
            .iter()
            .enumerate()
            .map(|(j, (key, kind, unit))| BalanceColumn {
                key: key.to_string(),
                kind: *kind,
                header: key.to_string(),
                unit_text: unit.to_string(),
                unit: Some(parse_unit(unit).unwrap()),
                location: at(0, j + 2),
                unit_location: None,
            })
            .collect();
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(i, (key, role, combustion, category, part_of, values))| {
                assert_eq!(values.len(), cols.len(), "row {key}");
                BalanceRow {
                    key: key.to_string(),
                    role,
                    category: category.map(str::to_string),
                    combustion,
                    part_of: part_of.map(str::to_string),
                    label_zh: key.to_string(),
                    label_en: String::new(),
                    locations: (0..values.len()).map(|j| at(i + 1, j + 2)).collect(),
                    values,
                    location: at(i + 1, 0),
                }
            })
            .collect();
        EnergyBalance {
            region: region.to_string(),
            region_zh: String::new(),
            year,
            title: "test balance".into(),
            columns,
            rows,
            location: Location::file("t.xlsx"),
            title_location: at(0, 0),
            tolerance: 0.015,
        }
    }

    /// The built-in library plus a set `empty` with no factors and no fallback.
    pub(crate) fn library() -> FactorLibrary {
        let mut lib = FactorLibrary::builtin().unwrap();
        lib.sets.push(
            FactorSet::parse(
                "[set]\nname = \"empty\"\ntitle_en = \"nothing\"\ndocument = \"none\"\n",
                "empty.toml",
            )
            .unwrap(),
        );
        lib
    }
}
