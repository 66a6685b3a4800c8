//! Emissions as activity × emission factor, for every category outside fuel combustion.
//!
//! The Tier 1 equation shared by the non-combustion chapters of the 2006 IPCC Guidelines (Vol. 1 Ch. 1
//! §1.2, "Emissions = AD × EF"), e.g. for fugitive emissions from coal mining (Vol. 2 Ch. 4 Eq. 4.1.3–4.1.6:
//! `CH4 = coal production × EF × conversion factor`, the conversion from m³ to mass being built into the
//! factor's unit here) and from oil and gas systems (Vol. 2 Ch. 4 Eq. 4.2.1:
//! `E_gas,segment = A_segment × EF_gas,segment`):
//!
//! `emissions_gas = A × EF_gas,activity,category`, `CO2e = emissions × GWP100`.
//!
//! For a record (activity `a`, category `c`) every gas that has an `ef` record for `a` naming `c` or an
//! ancestor of `c` is computed; the first resolution layer that has one wins, as for combustion
//! ([`crate::factors::resolve`]). Records with `category = "any"` are not used here: they are a fuel's
//! combustion properties (heating value, carbon content, CO2 per TJ). The factor's denominator must have
//! the activity's dimension (a factor per tonne for an activity in 万吨, per m³ for 亿立方米): a mismatch is
//! an error naming both units, never a silent conversion.

use super::combustion::Settings;
use super::engine::{Ctx, Figure, Resolvers};
use super::{EmissionRow, electricity};
use crate::activity::ActivityRecord;
use crate::categories::CategoryTree;
use crate::factors::resolve::Query;
use crate::factors::{FactorKind, Resolver};
use crate::fuels::FuelCatalogue;
use crate::gases::{Gas, Origin};
use crate::units::Dimension;

/// Computes `A × EF` for every record, all of which must be outside fuel combustion (1.A); every missing
/// (activity, category) combination and every unit mismatch is listed in one `Error::Input`.
pub fn compute_by_activity(
    records: &[ActivityRecord],
    s: &Settings<'_>,
) -> crate::Result<Vec<EmissionRow>> {
    let tree = CategoryTree::ipcc2006();
    let mut resolvers = Resolvers::new(s);
    let mut ctx = Ctx::default();
    let mut rows = Vec::new();
    for rec in records {
        if tree.is_within(&rec.category, "1.A") {
            let what = if electricity::is_net_import_record(rec) {
                "net imports of electricity are indirect emissions (inventory::electricity)"
            } else {
                "fuel combustion is computed from heating values and carbon contents (inventory::compute)"
            };
            ctx.diags.error(
                Some(rec.location.clone()),
                format!(
                    "category {} is fuel combustion (1.A), not an `A × EF` category: {what}",
                    rec.category
                ),
            );
            continue;
        }
        let resolver = resolvers.get(&rec.region)?;
        rows.extend(rows_of(rec, resolver, s, &mut ctx));
    }
    // No warning is raised on this path (only errors); were one added, this result would need a place
    // for it, as Inventory::warnings.
    ctx.finish(s.factor_set)?;
    Ok(rows)
}

/// The greenhouse-gas origin of an activity for GWP sets that distinguish fossil methane (AR6): a fuel
/// of the catalogue by its `fossil` flag; otherwise fossil for sectors 1 (energy) and 2 (industrial
/// processes), non-fossil for sectors 3 (AFOLU) and 4 (waste).
fn origin(activity: &str, category: &str) -> Origin {
    match FuelCatalogue::builtin().get(activity) {
        Some(f) if !f.fossil => Origin::NonFossil,
        Some(_) => Origin::Fossil,
        None if category.starts_with('3') || category.starts_with('4') => Origin::NonFossil,
        None => Origin::Fossil,
    }
}

/// The emission rows of one record outside 1.A, gases in the order of [`Gas::all`].
pub(crate) fn rows_of(
    rec: &ActivityRecord,
    resolver: &Resolver<'_>,
    s: &Settings<'_>,
    ctx: &mut Ctx,
) -> Vec<EmissionRow> {
    let tree = CategoryTree::ipcc2006();
    let at = Some(rec.location.clone());
    let mut out = Vec::new();
    let gases = resolver.ef_gases(&rec.activity, &rec.category);
    if gases.is_empty() {
        ctx.missing(
            "ef for any gas".into(),
            "activity",
            &rec.activity,
            &rec.category,
            &rec.location,
            " (outside fuel combustion a factor must name the category or a parent of it)",
        );
        return out;
    }
    let qty = rec.canonical_value();
    let origin = origin(&rec.activity, &rec.category);
    let memo_cat = tree.is_memo(&rec.category);
    let energy_tj = if rec.unit.dimension == Dimension::Energy {
        qty
    } else {
        0.0
    };
    for gas in gases {
        let q = Query {
            kind: FactorKind::Ef,
            activity: &rec.activity,
            category: &rec.category,
            gas: Some(gas),
            year: rec.year,
        };
        let Some(ef) = resolver.find_for_category(&q) else {
            continue; // listed by ef_gases, so always found
        };
        let per = ef.unit.dimension_pair().1;
        if per != Some(rec.unit.dimension) {
            ctx.diags.error(
                at.clone(),
                format!(
                    "{} in {} is given in {} ({}), but the emission factor {} ({}) is per {}: give the activity in the factor's kind of unit or override the factor",
                    rec.activity,
                    rec.category,
                    rec.unit_text,
                    rec.unit.dimension,
                    ef.id,
                    ef.unit_text,
                    per.map(|d| d.to_string())
                        .unwrap_or_else(|| "nothing".into())
                ),
            );
            continue;
        }
        let figure = Figure {
            gas,
            origin,
            emissions_t: qty * ef.canonical_value(),
            energy_tj,
            method: "A × EF".into(),
            factors: vec![ef],
            memo: memo_cat || (gas == Gas::CO2 && origin == Origin::NonFossil),
        };
        out.extend(ctx.row(rec, s, figure));
    }
    out
}
