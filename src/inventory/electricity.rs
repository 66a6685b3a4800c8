//! Indirect CO2 of net imported electricity: reported apart, never in the territorial total.
//!
//! China's provincial inventory guidelines (省级温室气体清单编制指南(试行), NDRC 2011) list the indirect
//! emissions of electricity brought in from and sent out to other provinces (电力调入调出间接排放) as a memo
//! item beside the inventory. The 2006 IPCC Guidelines have no category for them: a province's own power
//! plants are in 1.A.1.a, and the plants that made imported electricity are in their own region's
//! inventory. So these emissions are computed here, returned as [`IndirectElectricity`] rows, and never
//! added to an [`Inventory`](super::Inventory).
//!
//! - Net imports (from the balance's electricity column `电力`, key `electricity`):
//!   `N = inflow + imports − outflow − exports`; the yearbook prints outflow and exports with their minus
//!   sign ("(-)" in the row label), so `N` is the sum of the four cells as printed. A net exporter has
//!   `N < 0` (Hubei, with the Three Gorges).
//! - Indirect CO2 (t) = `N [kWh] × EF_grid [kg CO2/kWh] / 1000`, negative for a net exporter, and reported as
//!   such (the convention of the provincial guidelines: emissions avoided elsewhere by the exports).
//!
//! **The grid factor.** Among the factor records with activity `electricity` and gas CO2 (user overrides
//! first, alone, if any matches; otherwise the chosen set and its fallbacks), those for the region itself
//! (`region = "Hubei"`), for its regional grid (`region = "Central China grid"`, from `data/grids.tsv`) and
//! national records (no region) are candidates. The one whose year is nearest to the inventory year wins
//! (a tie goes to the earlier year); at equal distance the province beats its grid, which beats the
//! national average. The year comes first because a grid's carbon intensity changes fast: for a 2007
//! inventory of Hubei the Central China grid factor of 2012 is a better guess than Hubei's provincial factor
//! of 2021 (hydro-dominated, and from a different decade). A record without a year counts as the inventory
//! year's. The row's `note` says when the factor's year differs from the inventory year, and which level
//! was used.
//!
//! **Tidy data.** There is no IPCC code for traded electricity, and categories stay within the IPCC tree.
//! The convention: ONE row per region and year with activity `electricity`, category `1.A` (the parent of
//! fuel combustion, never used by combustion records, which name a sector), and the NET IMPORTS as value,
//! negative for a net exporter, in an energy unit (亿千瓦时, kWh, TJ …). The tidy reader accepts the
//! negative value for these rows only; [`super::compute`] skips them; [`indirect_from_records`] computes
//! them. Electricity in any other category is an error (a secondary carrier is not burned).

use super::Settings;
use crate::activity::ActivityRecord;
use crate::categories::CategoryTree;
use crate::error::{Diagnostics, Error, Location, Result};
use crate::factors::{Factor, FactorKind};
use crate::gases::Gas;
use crate::ingest::balance::EnergyBalance;
use crate::units::Dimension;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The fuel key of electricity.
pub const ELECTRICITY: &str = "electricity";
/// The category of the tidy net-import convention.
pub const NET_IMPORT_CATEGORY: &str = "1.A";
/// The balance rows (mapping keys) that move electricity across the region's border, in the order summed.
pub const TRADE_ROWS: [&str; 4] = ["inflow", "imports", "outflow", "exports"];
/// One kWh in TJ (3.6 MJ).
const KWH_TJ: f64 = 3.6e-6;

/// Indirect CO2 of a region's net imports of electricity in one year (not part of the inventory).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndirectElectricity {
    /// Region.
    pub region: String,
    /// Inventory year.
    pub year: i32,
    /// Net imports, kWh (negative: net exports).
    pub net_import_kwh: f64,
    /// The grid factor, kg CO2/kWh.
    pub grid_factor: f64,
    /// Its id.
    pub factor_id: String,
    /// The year the factor refers to, if it has one.
    pub factor_year: Option<i32>,
    /// The region the factor is for: the province, its grid, or `None` (national).
    pub factor_region: Option<String>,
    /// Indirect CO2, t (negative for a net exporter).
    pub co2_t: f64,
    /// The cells the net imports were read from.
    pub inputs: Vec<Location>,
    /// What the reader should know: the factor's level and year, the sign.
    pub note: String,
}

/// True for a record of the tidy net-import convention (activity `electricity`, category `1.A`).
pub fn is_net_import_record(rec: &ActivityRecord) -> bool {
    rec.activity == ELECTRICITY && rec.category == NET_IMPORT_CATEGORY
}

const GRIDS_TSV: &str = include_str!("../../data/grids.tsv");

/// The regional grid of every province in `data/grids.tsv`: (province, grid), in file order.
pub fn grids() -> &'static [(String, String)] {
    static GRIDS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    GRIDS.get_or_init(|| {
        GRIDS_TSV
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                Some((f.first()?.to_string(), f.get(2)?.to_string()))
            })
            .collect()
    })
}

/// The regional grid a province belongs to (`Hubei` → `Central China grid`), by English name, case
/// ignored.
pub fn grid_of(region: &str) -> Option<&'static str> {
    grids()
        .iter()
        .find(|(p, _)| p.eq_ignore_ascii_case(region.trim()))
        .map(|(_, g)| g.as_str())
}

/// Net imports of electricity from a balance: kWh and the non-empty cells summed; `None` when the
/// balance has no electricity column. Missing trade rows and empty cells count as zero.
pub fn net_imports(b: &EnergyBalance) -> Option<(f64, Vec<Location>)> {
    let j = b.column_index(ELECTRICITY)?;
    let scale = b.columns[j].unit.as_ref()?.scale;
    let mut sum = 0.0;
    let mut inputs = Vec::new();
    for key in TRADE_ROWS {
        if let Some(row) = b.row(key)
            && let Some(v) = row.values[j]
        {
            sum += v;
            inputs.push(row.locations[j].clone());
        }
    }
    Some((sum * scale / KWH_TJ, inputs))
}

/// The level of a grid factor: province 0, its grid 1, national 2; `None` if it is for another region.
fn level(f: &Factor, region: &str, grid: Option<&str>) -> Option<u8> {
    match f.region.as_deref() {
        None => Some(2),
        Some(r) if r.eq_ignore_ascii_case(region.trim()) => Some(0),
        Some(r) if grid.is_some_and(|g| r.eq_ignore_ascii_case(g)) => Some(1),
        Some(_) => None,
    }
}

/// The grid factor for a region and year (see the module documentation for the rule), with its level.
fn choose<'a>(s: &Settings<'a>, region: &str, year: i32) -> Result<Option<(&'a Factor, u8)>> {
    let tree = CategoryTree::ipcc2006();
    let grid = grid_of(region);
    let eligible = |f: &Factor| {
        f.kind == FactorKind::Ef
            && f.gas == Some(Gas::CO2)
            && f.activity.as_deref() == Some(ELECTRICITY)
            && f.category
                .as_deref()
                .is_none_or(|c| tree.is_within(NET_IMPORT_CATEGORY, c))
    };
    let pick = |cands: Vec<(usize, &'a Factor)>| {
        cands
            .into_iter()
            .filter(|(_, f)| eligible(f))
            .filter_map(|(i, f)| level(f, region, grid).map(|l| (i, f, l)))
            .min_by_key(|(i, f, l)| {
                let y = f.year.unwrap_or(year);
                (
                    (i64::from(y) - i64::from(year)).abs(),
                    y > year,
                    *l,
                    *i,
                    f.location.line,
                )
            })
            .map(|(_, f, l)| (f, l))
    };
    if let Some(found) = pick(s.overrides.iter().map(|f| (0, f)).collect()) {
        return Ok(Some(found));
    }
    let chain = s.library.chain(s.factor_set)?;
    Ok(pick(
        chain
            .into_iter()
            .enumerate()
            .flat_map(|(i, set)| set.factors.iter().map(move |f| (i, f)))
            .collect(),
    ))
}

/// Computes one row; `Err(message)` when the factor cannot be used.
fn indirect(
    s: &Settings<'_>,
    region: &str,
    year: i32,
    net_kwh: f64,
    inputs: Vec<Location>,
) -> std::result::Result<Option<IndirectElectricity>, String> {
    let Some((f, lvl)) = choose(s, region, year).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    if f.unit.dimension_pair().1 != Some(Dimension::Energy) {
        return Err(format!(
            "the grid factor {} ({}) is not per unit of energy: give it in kg CO2/kWh",
            f.id, f.unit_text
        ));
    }
    let t_per_tj = f.canonical_value();
    let mut note = Vec::new();
    let lvl_text = match (lvl, f.region.as_deref()) {
        (0, _) => format!("provincial factor of {region}"),
        (1, Some(g)) => format!("regional grid factor of the {g} (data/grids.tsv: {region} → {g})"),
        _ => "national average factor (no provincial or grid factor nearer in time)".into(),
    };
    note.push(format!("{lvl_text}, {}", f.id));
    match f.year {
        Some(y) if y != year => note.push(format!(
            "the factor is for {y}, not {year}: the nearest year available; a grid's carbon intensity changes from year to year, so this figure is indicative"
        )),
        None => note.push("the factor has no year".into()),
        _ => {}
    }
    if net_kwh < 0.0 {
        note.push(
            "net exporter: more electricity sent out than brought in, so the indirect emissions are negative"
                .into(),
        );
    }
    note.push("not part of the territorial total".into());
    Ok(Some(IndirectElectricity {
        region: region.to_string(),
        year,
        net_import_kwh: net_kwh,
        grid_factor: t_per_tj * KWH_TJ * 1000.0,
        factor_id: f.id.clone(),
        factor_year: f.year,
        factor_region: f.region.clone(),
        co2_t: net_kwh * KWH_TJ * t_per_tj,
        inputs,
        note: note.join("; "),
    }))
}

fn no_factor(region: &str, year: i32, set: &str) -> String {
    format!(
        "no grid emission factor (activity electricity, gas CO2) for {region} {year} in set \"{set}\" or its fallbacks, nor for its grid ({}) or the nation: the grid factors are in set \"china\" (--factor-set china), or add one (kg CO2/kWh) with --factor-file or a `factors` sheet",
        grid_of(region).unwrap_or("no grid known for this region")
    )
}

/// The indirect CO2 of a balance's net imports of electricity; `Ok(None)` when the balance has no
/// electricity column. A missing grid factor is an input error.
pub fn indirect_from_balance(
    b: &EnergyBalance,
    s: &Settings<'_>,
) -> Result<Option<IndirectElectricity>> {
    let Some((kwh, inputs)) = net_imports(b) else {
        return Ok(None);
    };
    match indirect(s, &b.region, b.year, kwh, inputs) {
        Ok(Some(row)) => Ok(Some(row)),
        Ok(None) => Err(Error::input(
            Some(b.title_location.clone()),
            no_factor(&b.region, b.year, s.factor_set),
        )),
        Err(m) => Err(Error::input(Some(b.title_location.clone()), m)),
    }
}

/// The indirect CO2 of the tidy net-import rows (activity `electricity`, category `1.A`, value = net
/// imports, negative for a net exporter; see the module documentation), one row per (region, year),
/// sorted by region and year. Other records are ignored, so the whole activity list can be passed. Every
/// problem (a unit that is not energy, a missing grid factor) is listed in one `Error::Input`.
pub fn indirect_from_records(
    records: &[ActivityRecord],
    s: &Settings<'_>,
) -> Result<Vec<IndirectElectricity>> {
    let mut diags = Diagnostics::new();
    let mut by_key: BTreeMap<(String, i32), (f64, Vec<Location>)> = BTreeMap::new();
    for rec in records.iter().filter(|r| is_net_import_record(r)) {
        if rec.unit.dimension != Dimension::Energy {
            diags.error(
                Some(rec.location.clone()),
                format!(
                    "net imports of electricity must be in an energy unit (亿千瓦时, kWh, MWh, TJ), found {} ({})",
                    rec.unit_text, rec.unit.dimension
                ),
            );
            continue;
        }
        let e = by_key
            .entry((rec.region.to_string(), rec.year))
            .or_insert((0.0, Vec::new()));
        e.0 += rec.canonical_value() / KWH_TJ;
        e.1.push(rec.location.clone());
    }
    let mut out = Vec::new();
    for ((region, year), (kwh, inputs)) in by_key {
        let first = inputs.first().cloned();
        match indirect(s, &region, year, kwh, inputs) {
            Ok(Some(row)) => out.push(row),
            Ok(None) => diags.error(first, no_factor(&region, year, s.factor_set)),
            Err(m) => diags.error(first, m),
        }
    }
    diags.into_result()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::factors::FactorLibrary;
    use crate::gases::gwp_set;
    use crate::ingest::balance::ColumnKind::{Fuel, Secondary};
    use crate::ingest::balance::RowRole::Supply;
    use crate::inventory::testing::{balance, library};
    use crate::units::parse_unit;

    fn settings<'a>(lib: &'a FactorLibrary, set: &'a str, over: &'a [Factor]) -> Settings<'a> {
        Settings {
            library: lib,
            factor_set: set,
            gwp: gwp_set("AR5").unwrap(),
            overrides: over,
        }
    }

    fn trade(region: &str, year: i32, inflow: f64, outflow: f64) -> EnergyBalance {
        balance(
            region,
            year,
            &[
                ("raw_coal", Fuel, "万吨"),
                ("electricity", Secondary, "亿千瓦时"),
            ],
            vec![
                (
                    "production",
                    Supply,
                    false,
                    None,
                    None,
                    vec![Some(1.0), Some(30.0)],
                ),
                (
                    "inflow",
                    Supply,
                    false,
                    None,
                    None,
                    vec![None, Some(inflow)],
                ),
                (
                    "outflow",
                    Supply,
                    false,
                    None,
                    None,
                    vec![None, Some(outflow)],
                ),
            ],
        )
    }

    #[test]
    fn every_province_has_a_grid_with_a_2012_factor() {
        assert_eq!(grids().len(), 30);
        assert_eq!(grid_of("Hubei"), Some("Central China grid"));
        assert_eq!(grid_of("inner mongolia"), Some("North China grid"));
        assert_eq!(grid_of("Tibet"), None);
        let lib = FactorLibrary::builtin().unwrap();
        let china = lib.set("china").unwrap();
        for (p, g) in grids() {
            assert!(
                china
                    .factors
                    .iter()
                    .any(|f| f.region.as_deref() == Some(g) && f.year == Some(2012)),
                "{p} → {g}"
            );
        }
    }

    #[test]
    fn a_net_exporter_has_negative_indirect_emissions_with_the_nearest_grid_factor() {
        let lib = library();
        let s = settings(&lib, "china", &[]);
        // Hunan 2007: 20 in, 50 out (亿千瓦时) → net −30 亿 kWh; Central China grid 2012: 0.5257 kg/kWh.
        let row = indirect_from_balance(&trade("Hunan", 2007, 20.0, -50.0), &s)
            .unwrap()
            .unwrap();
        assert!((row.net_import_kwh - (-30e8)).abs() < 1e-3);
        assert!((row.grid_factor - 0.5257).abs() < 1e-12);
        assert!((row.co2_t - (-30e8 * 0.5257 / 1000.0)).abs() < 1e-6); // −1 577 100 t
        assert_eq!(row.factor_id, "china.ef.electricity.CO2.central_china.2012");
        assert_eq!(row.factor_year, Some(2012));
        let cells: Vec<&str> = row
            .inputs
            .iter()
            .map(|l| l.cell.as_deref().unwrap())
            .collect();
        assert_eq!(cells, ["D3", "D4"]);
        assert!(row.note.contains("not 2007"), "{}", row.note);
        assert!(row.note.contains("negative"), "{}", row.note);
        assert!(row.note.contains("Central China grid"), "{}", row.note);
    }

    #[test]
    fn nearest_year_first_then_province_over_grid_over_nation() {
        let lib = library();
        let s = settings(&lib, "china", &[]);
        let id = |region: &str, year: i32| {
            indirect_from_balance(&trade(region, year, 10.0, 0.0), &s)
                .unwrap()
                .unwrap()
                .factor_id
        };
        assert_eq!(
            id("Hubei", 2007),
            "china.ef.electricity.CO2.central_china.2012"
        );
        assert_eq!(id("Hubei", 2021), "china.ef.electricity.CO2.hubei.2021");
        assert_eq!(id("Hubei", 2022), "china.ef.electricity.CO2.hubei.2022");
        assert_eq!(
            id("Henan", 2022),
            "china.ef.electricity.CO2.central_china.2022"
        );
        assert_eq!(
            id("Shanghai", 2007),
            "china.ef.electricity.CO2.east_china.2012"
        );
        assert_eq!(id("Tibet", 2007), "china.ef.electricity.CO2.national.2023");
        // A user factor wins whatever its year.
        let text = "[set]\nname = \"u\"\ntitle_en = \"u\"\ndocument = \"u\"\n\n[[factor]]\nid = \"u.grid\"\nkind = \"ef\"\nactivity = \"electricity\"\ncategory = \"any\"\ngas = \"CO2\"\nvalue = 0.9\nunit = \"t CO2/MWh\"\nuncertainty_pct = 5\nsource = \"test\"\nstatus = \"user\"\nregion = \"Hubei\"\nyear = 1990\n";
        let over = crate::factors::FactorSet::parse(text, "u.toml")
            .unwrap()
            .factors;
        let s2 = settings(&lib, "china", &over);
        let row = indirect_from_balance(&trade("Hubei", 2007, 10.0, 0.0), &s2)
            .unwrap()
            .unwrap();
        assert_eq!(row.factor_id, "u.grid");
        assert!((row.co2_t - 10e8 * 0.9 / 1000.0).abs() < 1e-6);
    }

    #[test]
    fn without_grid_factors_the_error_says_where_they_are() {
        let lib = library();
        let s = settings(&lib, "ipcc2006", &[]);
        let e = indirect_from_balance(&trade("Hubei", 2007, 1.0, 0.0), &s).unwrap_err();
        let t = e.to_string();
        assert!(
            t.contains("--factor-set china") && t.contains("Central China grid"),
            "{t}"
        );
    }

    #[test]
    fn tidy_net_import_rows_give_the_same_figure() {
        let lib = library();
        let s = settings(&lib, "china", &[]);
        let rec = |region: &str, cat: &str, v: f64, unit: &str| ActivityRecord {
            region: region.into(),
            year: 2007,
            category: cat.into(),
            activity: "electricity".into(),
            value: v,
            unit_text: unit.into(),
            unit: parse_unit(unit).unwrap(),
            source: None,
            note: None,
            uncertainty_pct: None,
            location: Location::line("a.csv", 2),
            attributes: Vec::new(),
        };
        let rows = indirect_from_records(
            &[
                rec("Hunan", "1.A", -30.0, "亿千瓦时"),
                rec("Hunan", "1.A.2", 99.0, "亿千瓦时"), // not the convention: ignored here
                rec("Anhui", "1.A", 2e9, "kWh"),
            ],
            &s,
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].region, "Anhui"); // sorted
        assert!((rows[0].co2_t - 2e9 * 0.7035 / 1000.0).abs() < 1e-6);
        assert!((rows[1].co2_t - (-30e8 * 0.5257 / 1000.0)).abs() < 1e-6);
        let e = indirect_from_records(&[rec("Hunan", "1.A", 5.0, "万吨")], &s).unwrap_err();
        assert!(e.to_string().contains("energy unit"), "{e}");
    }
}
