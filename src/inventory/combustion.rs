//! Fuel combustion, sectoral approach (2006 IPCC Guidelines, Vol. 2, Ch. 2).
//!
//! For each activity record (fuel f burned in category c):
//!
//! - Energy (Vol. 2 Ch. 1 §1.4.1.2): `E [TJ] = A × NCV_f` when A is a mass or volume; `E = A` when A is
//!   already energy (TJ, tce …).
//! - CO2, Tier 1 (Vol. 2 Ch. 2 Eq. 2.1): `CO2 = E × EF_CO2,f × OF` with the default factor of Table 1.4
//!   and OF = 1 (IPCC Tier 1 assumes complete oxidation, Vol. 2 §1.4.2.1); or, where the chosen set gives
//!   carbon contents instead (Tier 2 national factors such as GB/T 32151.22-2024 Table C.1),
//!   `CO2 = E × CC_f × OF_f × 44/12` (Vol. 2 Ch. 1 §1.4.2.1).
//! - CH4, N2O (Vol. 2 Ch. 2 Eq. 2.1 with Tables 2.2–2.5 by sector; Ch. 3 for transport):
//!   `emissions = E × EF_gas,f,c`.
//! - CO2e = emissions × GWP100 of the run's GWP set.
//!
//! Biomass CO2 and international bunkers are memo items: computed, flagged, not in totals (Vol. 2 Ch. 1
//! §1.4.1.4 / Ch. 2 §2.3.3.4). Each factor is chosen by [`Resolver`], so every figure names its factors.

use super::{EmissionRow, Inventory};
use crate::activity::ActivityRecord;
use crate::categories::CategoryTree;
use crate::error::{Diagnostic, Diagnostics, Error, Location, Result};
use crate::factors::resolve::Query;
use crate::factors::{Factor, FactorKind, FactorLibrary, Resolver};
use crate::fuels::{FuelCatalogue, FuelGroup};
use crate::gases::{Gas, GwpSet, Origin};
use crate::units::Dimension;
use std::collections::{BTreeMap, HashMap};

/// Mass ratio of CO2 to C (44/12), IPCC 2006 Vol. 2 Ch. 1 Eq. 1.1 conversion.
pub const CO2_PER_C: f64 = 44.0 / 12.0;

/// What a run is computed with.
#[derive(Clone, Debug)]
pub struct Settings<'a> {
    /// The factor library (built-in sets plus the user's).
    pub library: &'a FactorLibrary,
    /// The chosen factor set (`china`, `ipcc2006`, …).
    pub factor_set: &'a str,
    /// The GWP set.
    pub gwp: &'a GwpSet,
    /// Factors that override all sets (a workbook's `factors` sheet).
    pub overrides: &'a [Factor],
}

/// A missing factor combination and the inputs that need it.
type MissingKey = (String, String, String, String);

struct Missing {
    by_key: BTreeMap<MissingKey, (usize, Location)>,
}

impl Missing {
    fn note(&mut self, kind: &str, fuel: &str, cat: &str, gas: &str, at: &Location) {
        self.by_key
            .entry((kind.into(), fuel.into(), cat.into(), gas.into()))
            .and_modify(|e| e.0 += 1)
            .or_insert((1, at.clone()));
    }
}

/// Computes fuel-combustion emissions for every record; every missing factor combination is listed at once.
pub fn compute(records: &[ActivityRecord], s: &Settings<'_>) -> Result<Inventory> {
    let fuels = FuelCatalogue::builtin();
    let tree = CategoryTree::ipcc2006();
    let mut diags = Diagnostics::new();
    let mut missing = Missing {
        by_key: BTreeMap::new(),
    };
    let mut resolvers: HashMap<&str, Resolver<'_>> = HashMap::new();
    let mut rows = Vec::with_capacity(records.len() * 3);
    let mut used: BTreeMap<String, Factor> = BTreeMap::new();

    for rec in records {
        let at = Some(rec.location.clone());
        if !tree.is_within(&rec.category, "1.A") {
            diags.error(
                at,
                format!(
                    "category {} is not fuel combustion (1.A): this version of ghgkit computes fuel combustion only",
                    rec.category
                ),
            );
            continue;
        }
        let Some(fuel) = fuels.get(&rec.activity) else {
            diags.error(at, format!("unknown fuel {}", rec.activity));
            continue;
        };
        if fuel.group == FuelGroup::Secondary {
            diags.error(
                at,
                format!(
                    "{} ({}) is a secondary energy carrier, not a fuel that is burned; its emissions are counted where the fuels that made it were burned",
                    fuel.name_en, fuel.name_zh
                ),
            );
            continue;
        }
        if !resolvers.contains_key(rec.region.as_str()) {
            let r = Resolver::new(s.library, s.factor_set, &rec.region, s.overrides)?;
            resolvers.insert(rec.region.as_str(), r);
        }
        let resolver = &resolvers[rec.region.as_str()];
        let q = |kind, gas| Query {
            kind,
            activity: &rec.activity,
            category: &rec.category,
            gas,
            year: rec.year,
        };
        let qty = rec.canonical_value();
        // Energy.
        let (energy_tj, ncv) = match rec.unit.dimension {
            Dimension::Energy => (qty, None),
            dim => match resolver.find(&q(FactorKind::Ncv, None)) {
                Some(f) if f.unit.dimension_pair().1 == Some(dim) => {
                    (qty * f.canonical_value(), Some(f))
                }
                Some(f) => {
                    diags.error(
                        at.clone(),
                        format!(
                            "{} is given in {} ({}), but the heating value {} is per {} ({}): give the amount in the factor's kind of unit or override the factor",
                            rec.activity,
                            rec.unit_text,
                            dim,
                            f.id,
                            f.unit.dimension_pair().1.map(|d| d.to_string()).unwrap_or_default(),
                            f.unit_text
                        ),
                    );
                    continue;
                }
                None => {
                    missing.note("ncv", &rec.activity, "any", "", &rec.location);
                    continue;
                }
            },
        };
        let memo_cat = tree.is_memo(&rec.category);
        let origin = if fuel.fossil {
            Origin::Fossil
        } else {
            Origin::NonFossil
        };
        let mut base_ids = Vec::new();
        let mut base_src = Vec::new();
        if let Some(f) = ncv {
            base_ids.push(f.id.clone());
            base_src.push(f.citation());
            used.entry(f.id.clone()).or_insert_with(|| f.clone());
        }
        let a_ncv = if ncv.is_some() { "A × NCV" } else { "E" };

        // CO2: the first layer giving either an EF or a carbon content decides the method (an EF wins a
        // tie); the oxidation factor is looked up from that layer onwards, so that it comes from the same
        // document where it can.
        let ef_co2 = resolver.find_in(&q(FactorKind::Ef, Some(Gas::CO2)), 0);
        let cc = resolver.find_in(&q(FactorKind::CarbonContent, None), 0);
        let method = match (ef_co2, cc) {
            (Some((i, ef)), Some((j, _))) if i <= j => Some((i, ef)),
            (Some((i, ef)), None) => Some((i, ef)),
            (_, Some((j, cc))) => Some((j, cc)),
            (None, None) => None,
        };
        let co2 = match method {
            None => {
                missing.note(
                    "ef or carbon_content",
                    &rec.activity,
                    &rec.category,
                    "CO2",
                    &rec.location,
                );
                None
            }
            Some((layer, f)) => match resolver.find_in(&q(FactorKind::Oxidation, None), layer) {
                None => {
                    missing.note("oxidation", &rec.activity, &rec.category, "", &rec.location);
                    None
                }
                Some((_, of)) if f.kind == FactorKind::CarbonContent => {
                    let t = energy_tj * f.canonical_value() * of.value * CO2_PER_C;
                    Some(Ok((t, vec![f, of], format!("{a_ncv} × CC × OF × 44/12"))))
                }
                Some((_, of)) => {
                    Some(by_ef(f, energy_tj, qty, rec, a_ncv).map(|(t, mut fs, eq)| {
                        fs.push(of);
                        (t * of.value, fs, format!("{eq} × OF"))
                    }))
                }
            },
        };
        let mut gases: Vec<(Gas, f64, Vec<&Factor>, String)> = Vec::new();
        match co2 {
            Some(Ok((t, fs, eq))) => gases.push((Gas::CO2, t, fs, eq)),
            Some(Err(m)) => {
                diags.error(at.clone(), m);
                continue;
            }
            None => {}
        }
        for gas in [Gas::CH4, Gas::N2O] {
            match resolver.find(&q(FactorKind::Ef, Some(gas))) {
                Some(ef) => match by_ef(ef, energy_tj, qty, rec, a_ncv) {
                    Ok((t, fs, eq)) => gases.push((gas, t, fs, eq)),
                    Err(m) => diags.error(at.clone(), m),
                },
                None => missing.note(
                    "ef",
                    &rec.activity,
                    &rec.category,
                    gas.name(),
                    &rec.location,
                ),
            }
        }
        for (gas, t, fs, method) in gases {
            let Some(gwp) = s.gwp.factor(gas, origin) else {
                diags.error(
                    at.clone(),
                    format!("the GWP set {} has no value for {gas}", s.gwp.name),
                );
                continue;
            };
            let mut ids = base_ids.clone();
            let mut src = base_src.clone();
            for f in fs {
                ids.push(f.id.clone());
                src.push(f.citation());
                used.entry(f.id.clone()).or_insert_with(|| f.clone());
            }
            rows.push(EmissionRow {
                region: rec.region.clone(),
                year: rec.year,
                category: rec.category.clone(),
                activity: rec.activity.clone(),
                gas,
                emissions_t: t,
                co2e_t: t * gwp,
                gwp,
                gwp_set: s.gwp.name.clone(),
                activity_value: rec.value,
                activity_unit: rec.unit_text.clone(),
                energy_tj,
                method,
                factor_ids: ids,
                factor_source: src.join(" | "),
                input: rec.location.clone(),
                memo: memo_cat || (gas == Gas::CO2 && !fuel.fossil),
            });
        }
    }
    for ((kind, fuel, cat, gas), (n, first)) in &missing.by_key {
        let what = if gas.is_empty() {
            kind.clone()
        } else {
            format!("{kind} for {gas}")
        };
        diags.push(Diagnostic::error(
            Some(first.clone()),
            format!(
                "no factor ({what}) for fuel {fuel} in category {cat} in set \"{}\" or its fallbacks; needed by {n} row(s), the first here. Add it with --factor-file or a `factors` sheet",
                s.factor_set
            ),
        ));
    }
    if diags.has_errors() {
        return Err(Error::Input(diags));
    }
    Ok(Inventory {
        factor_set: s.factor_set.to_string(),
        gwp_set: s.gwp.name.clone(),
        rows,
        factors_used: used,
    })
}

type Computed<'f> = std::result::Result<(f64, Vec<&'f Factor>, String), String>;

/// Emissions from an emission factor per energy (`E × EF`) or per activity unit (`A × EF`).
fn by_ef<'f>(
    ef: &'f Factor,
    energy_tj: f64,
    qty: f64,
    rec: &ActivityRecord,
    a_ncv: &str,
) -> Computed<'f> {
    match ef.unit.dimension_pair().1 {
        Some(Dimension::Energy) => Ok((
            energy_tj * ef.canonical_value(),
            vec![ef],
            format!("{a_ncv} × EF"),
        )),
        Some(d) if d == rec.unit.dimension => {
            Ok((qty * ef.canonical_value(), vec![ef], "A × EF".to_string()))
        }
        _ => Err(format!(
            "the emission factor {} ({}) does not fit an activity given in {}",
            ef.id, ef.unit_text, rec.unit_text
        )),
    }
}
