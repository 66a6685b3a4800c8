//! `summary.json`: the headline figures of an inventory for dashboards, notebooks and other programs.
//!
//! Pretty-printed UTF-8 JSON, keys in a fixed order (serde structs and `BTreeMap`s), numbers as plain JSON
//! numbers (full `f64` precision, never strings). Masses are in tonnes of the gas (`*_t`), CO2 equivalents
//! in tonnes CO2e (`co2e_t`) with the run's GWP set. Memo items (biomass CO2, international bunkers,
//! multilateral operations) are never in `co2e_t` totals, `by_sector` or `by_gas`.
//!
//! ```text
//! {
//!   "generated_by": "ghgkit 0.1.0",
//!   "scope": "all sectors of the 2006 IPCC Guidelines where activity is given: energy (1.A fuel combustion, sectoral approach; 1.B fugitive emissions), industrial processes and product use (2), agriculture (3.A, 3.C), land use and forestry (3.B, removals negative), waste (4); memo items apart",
//!   "factor_set": "china",                       // the set chosen for the run
//!   "factor_sets": [                             // the chosen set first, then every set a factor came from
//!     {"name": "china", "title": "...", "document": "...", "chosen": true, "factors_used": 61}, ...],
//!   "gwp_set": "AR5",
//!   "gwp_values": [{"gas": "CO2", "origin": "", "gwp": 1.0}, ...],   // as used; origin fossil/non-fossil
//!                                                 // only where the set gives CH4 two values and both occur
//!   "units": {"emissions": "t", "co2e": "t CO2e"},
//!   "counts": {"emission_rows": 165, "activity_rows": 55},
//!   "totals": [                                  // one per region × year, sorted
//!     {"region": "Hubei", "year": 2007, "co2e_t": 255830000.0,   // with LULUCF (3.B, 3.D.1)
//!      "lulucf_co2e_t": -1200000.0, "co2e_without_lulucf_t": 257030000.0,  // removals are negative
//!      "by_gas": {"CH4": {"emissions_t": ..., "co2e_t": ...}, "CO2": {...}, "N2O": {...}},
//!      "memo": {"co2e_t": 0.0, "items": [         // empty list when there are none
//!        {"code": "1.A.3.a.i", "title_en": "...", "title_zh": "...", "co2e_t": ...,
//!         "by_gas": {"CO2": {"emissions_t": ..., "co2e_t": ...}, ...}}, ...]}}],
//!   "by_sector": [                               // levels 1-3 of the IPCC tree, depth first
//!     {"region": "Hubei", "year": 2007, "code": "1", "depth": 1, "title_en": "Energy", "title_zh": "能源",
//!      "co2e_t": ..., "share": 1.0, "unallocated": false}, ...],
//!   "by_gas": [                                  // flat: one per region × year × gas
//!     {"region": "Hubei", "year": 2007, "gas": "CO2", "emissions_t": ..., "co2e_t": ..., "share": 0.98}, ...],
//!   "reference_approach": [                      // one per energy balance; [] without balances
//!     {"region": "Hubei", "year": 2007, "groups": [   // fuel groups with data, then "total"
//!       {"group": "solid", "reference_co2_t": ..., "reference_from_total_co2_t": ...,
//!        "sectoral_co2_t": ..., "difference_pct": -0.48, "difference_from_total_pct": 2.32,
//!        "flag": false}, ..., {"group": "total", ...}]}],
//!   "indirect_electricity": [                    // one per region × year; [] without net imports
//!     {"region": "Hubei", "year": 2007, "net_import_kwh": -55210000000.0,
//!      "grid_factor_kg_per_kwh": 0.5257, "factor_id": "china.ef.electricity.CO2.central_china.2012",
//!      "factor_year": 2012, "co2_t": -29023897.0}],
//!   "warnings": [                                // only when the computation raised any
//!     {"location": "activity.csv:14", "message": "rice_single_drainage: no pre_season ... assumed ..."}]
//! }
//! ```
//!
//! `by_sector` lists the first three levels of the category tree (sector `1`, `1.A`, `1.A.1` …): with
//! fuel combustion only, the first two levels are one line each, and the third (energy industries,
//! manufacturing, transport, other sectors) is the split a reader looks for. Where emissions were reported at
//! a category that also has reported sub-categories (e.g. at `1.A.2` beside `1.A.2.a`), a line with
//! `"unallocated": true`, the parent's code and one level deeper carries them, so that the lines of each
//! level add up to the one above. `share` is of the block's total CO2e (`null` when the total is 0).
//!
//! `reference_approach` is the check of the 2006 IPCC Guidelines, Vol. 2, Ch. 6 (see
//! [`crate::inventory::reference`]): per fuel group (`solid`, `liquid`, `gaseous`, `other_fossil`) and
//! `total`, the reference approach's CO2 from the supply items (the IPCC figure) and from the balance's
//! printed supply totals, the sectoral approach's CO2 of fuel combustion (1.A, memo items excluded), in
//! t CO2, and `difference_pct = (RA − SA) / SA × 100` for each (`null` when SA is 0); `flag` is true
//! beyond ±5 % ([`FLAG_PCT`](crate::inventory::reference::FLAG_PCT)). `indirect_electricity` is the
//! indirect CO2 of net imported electricity ([`crate::inventory::electricity`]): net imports in kWh
//! (negative for a net exporter), the grid factor in kg CO2/kWh with its id and year (`null` when the
//! factor has none), and `co2_t` in t CO2. Neither is in any `co2e_t` total.

use super::tables::{self, LineKind, ReportData, Sums};
use super::totals::RunningTotals;
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;

/// The deepest level of the category tree listed in `by_sector`.
pub const SECTOR_DEPTH: usize = 3;

/// The whole document.
#[derive(Serialize)]
struct Summary {
    generated_by: String,
    scope: &'static str,
    factor_set: String,
    factor_sets: Vec<SetJson>,
    gwp_set: String,
    gwp_values: Vec<GwpJson>,
    units: Units,
    counts: Counts,
    totals: Vec<TotalJson>,
    by_sector: Vec<SectorJson>,
    by_gas: Vec<GasJson>,
    reference_approach: Vec<ReferenceJson>,
    indirect_electricity: Vec<IndirectJson>,
    /// Left out when there are none, so that a run without warnings gives the same bytes as before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<WarningJson>,
}

/// A warning raised while computing ([`crate::inventory::Inventory::warnings`]).
#[derive(Serialize)]
struct WarningJson {
    location: Option<String>,
    message: String,
}

#[derive(Serialize)]
struct ReferenceJson {
    region: String,
    year: i32,
    groups: Vec<ReferenceGroupJson>,
}

#[derive(Serialize)]
struct ReferenceGroupJson {
    group: String,
    reference_co2_t: f64,
    reference_from_total_co2_t: f64,
    sectoral_co2_t: f64,
    difference_pct: Option<f64>,
    difference_from_total_pct: Option<f64>,
    flag: bool,
}

#[derive(Serialize)]
struct IndirectJson {
    region: String,
    year: i32,
    net_import_kwh: f64,
    grid_factor_kg_per_kwh: f64,
    factor_id: String,
    factor_year: Option<i32>,
    co2_t: f64,
}

#[derive(Serialize)]
struct SetJson {
    name: String,
    title: String,
    document: String,
    chosen: bool,
    factors_used: usize,
}

#[derive(Serialize)]
struct GwpJson {
    gas: String,
    origin: String,
    gwp: f64,
}

#[derive(Serialize)]
struct Units {
    emissions: &'static str,
    co2e: &'static str,
}

#[derive(Serialize)]
struct Counts {
    emission_rows: usize,
    activity_rows: usize,
}

#[derive(Serialize)]
struct Amount {
    emissions_t: f64,
    co2e_t: f64,
}

#[derive(Serialize)]
struct TotalJson {
    region: String,
    year: i32,
    co2e_t: f64,
    lulucf_co2e_t: f64,
    co2e_without_lulucf_t: f64,
    by_gas: BTreeMap<String, Amount>,
    memo: MemoJson,
}

#[derive(Serialize)]
struct MemoJson {
    co2e_t: f64,
    items: Vec<MemoItemJson>,
}

#[derive(Serialize)]
struct MemoItemJson {
    code: String,
    title_en: String,
    title_zh: String,
    co2e_t: f64,
    by_gas: BTreeMap<String, Amount>,
}

#[derive(Serialize)]
struct SectorJson {
    region: String,
    year: i32,
    code: String,
    depth: usize,
    title_en: String,
    title_zh: String,
    co2e_t: f64,
    share: Option<f64>,
    unallocated: bool,
}

#[derive(Serialize)]
struct GasJson {
    region: String,
    year: i32,
    gas: String,
    emissions_t: f64,
    co2e_t: f64,
    share: Option<f64>,
}

/// By gas: CO2, CH4 and N2O always, other gases where present.
fn by_gas(s: &Sums, gases: &[crate::gases::Gas]) -> BTreeMap<String, Amount> {
    gases
        .iter()
        .filter(|g| s.mass_t.contains_key(g) || g.family() <= crate::gases::Family::N2O)
        .map(|g| {
            (
                g.to_string(),
                Amount {
                    emissions_t: s.mass(*g),
                    co2e_t: s.co2e_of(*g),
                },
            )
        })
        .collect()
}

/// The bytes of `summary.json` (schema in the [module documentation](self)), ending with a newline. The
/// same data always give the same bytes; `ReportData::from(&inventory)` gives the inventory alone (empty
/// `reference_approach` and `indirect_electricity`).
pub fn summary_json(data: &ReportData<'_>) -> Result<Vec<u8>> {
    summary_json_with(data, &RunningTotals::of(&data.inventory.rows))
}

/// The bytes of `summary.json` from totals summed as the rows were computed: `data.inventory` gives the
/// factor sets, the GWP set and the factors used (its rows are not read, and may have been dropped),
/// `totals` every sum. With `totals` of the inventory's rows, the same bytes as [`summary_json`].
pub fn summary_json_with(data: &ReportData<'_>, totals: &RunningTotals) -> Result<Vec<u8>> {
    let inv = data.inventory;
    let running = totals;
    let gases = running.gases();
    let memo = running.memo_items();
    let totals = running.totals();
    let lulucf = running.lulucf_totals();
    let total_list = totals
        .iter()
        .map(|((region, year), s)| {
            let items: Vec<MemoItemJson> = memo
                .get(&(region.clone(), *year))
                .into_iter()
                .flatten()
                .map(|m| MemoItemJson {
                    code: m.code.clone(),
                    title_en: m.title_en.clone(),
                    title_zh: m.title_zh.clone(),
                    co2e_t: m.sums.co2e(),
                    by_gas: by_gas(&m.sums, &gases),
                })
                .collect();
            let land = lulucf.get(&(region.clone(), *year)).copied().unwrap_or(0.0);
            TotalJson {
                region: region.clone(),
                year: *year,
                co2e_t: s.co2e(),
                lulucf_co2e_t: land,
                co2e_without_lulucf_t: s.co2e() - land,
                by_gas: by_gas(s, &gases),
                memo: MemoJson {
                    co2e_t: items.iter().map(|i| i.co2e_t).sum(),
                    items,
                },
            }
        })
        .collect();
    let by_sector = running
        .category_lines()
        .into_iter()
        .filter(|l| {
            matches!(l.kind, LineKind::Category | LineKind::Unallocated) && l.depth <= SECTOR_DEPTH
        })
        .map(|l| SectorJson {
            co2e_t: l.sums.co2e(),
            region: l.region,
            year: l.year,
            code: l.code,
            depth: l.depth,
            title_en: l.title_en,
            title_zh: l.title_zh,
            share: l.share,
            unallocated: l.kind == LineKind::Unallocated,
        })
        .collect();
    let mut by_gas_list = Vec::new();
    for ((region, year), s) in &totals {
        let t = s.co2e();
        for g in &gases {
            if !s.mass_t.contains_key(g) && g.family() > crate::gases::Family::N2O {
                continue;
            }
            by_gas_list.push(GasJson {
                region: region.clone(),
                year: *year,
                gas: g.to_string(),
                emissions_t: s.mass(*g),
                co2e_t: s.co2e_of(*g),
                share: (t != 0.0).then(|| s.co2e_of(*g) / t),
            });
        }
    }
    let doc = Summary {
        generated_by: format!("ghgkit {}", env!("CARGO_PKG_VERSION")),
        scope: "all sectors of the 2006 IPCC Guidelines where activity is given: energy (1.A fuel combustion, sectoral approach; 1.B fugitive emissions), industrial processes and product use (2), agriculture (3.A, 3.C), land use and forestry (3.B, removals negative), waste (4); memo items apart",
        factor_set: inv.factor_set.clone(),
        factor_sets: tables::factor_sets(inv)
            .into_iter()
            .map(|s| SetJson {
                name: s.name,
                title: s.title_en,
                document: s.document,
                chosen: s.chosen,
                factors_used: s.factors_used,
            })
            .collect(),
        gwp_set: inv.gwp_set.clone(),
        gwp_values: running
            .gwp_used()
            .into_iter()
            .map(|g| GwpJson {
                gas: g.gas.to_string(),
                origin: g.origin,
                gwp: g.gwp,
            })
            .collect(),
        units: Units {
            emissions: "t",
            co2e: "t CO2e",
        },
        counts: Counts {
            emission_rows: running.emission_rows(),
            activity_rows: running.activity_rows(),
        },
        totals: total_list,
        by_sector,
        by_gas: by_gas_list,
        reference_approach: data
            .reference
            .iter()
            .map(|ra| ReferenceJson {
                region: ra.region.clone(),
                year: ra.year,
                groups: ra
                    .comparison
                    .iter()
                    .map(|c| ReferenceGroupJson {
                        group: c.group.clone(),
                        reference_co2_t: c.reference_co2_t,
                        reference_from_total_co2_t: c.reference_from_total_co2_t,
                        sectoral_co2_t: c.sectoral_co2_t,
                        difference_pct: c.difference_pct,
                        difference_from_total_pct: c.difference_from_total_pct,
                        flag: c.flag,
                    })
                    .collect(),
            })
            .collect(),
        indirect_electricity: data
            .indirect
            .iter()
            .map(|x| IndirectJson {
                region: x.region.clone(),
                year: x.year,
                net_import_kwh: x.net_import_kwh,
                grid_factor_kg_per_kwh: x.grid_factor,
                factor_id: x.factor_id.clone(),
                factor_year: x.factor_year,
                co2_t: x.co2_t,
            })
            .collect(),
        warnings: inv
            .warnings
            .iter()
            .map(|w| WarningJson {
                location: w.location.as_ref().map(|l| l.to_string()),
                message: w.message.clone(),
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc)
        .map_err(|e| Error::Internal(format!("summary.json: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}
