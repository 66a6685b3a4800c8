//! The sectors outside energy whose equations are more than activity × emission factor.
//!
//! Most of IPPU (IPCC 2006 Vol. 3), enteric fermentation and manure management per head (Vol. 4 Ch. 10)
//! and the CH4/N2O of incineration and the N2O of wastewater effluent (Vol. 5) are `A × EF` and go through
//! [`super::by_activity`]. The activity keys listed in `data/activities.toml` with a `model` are computed
//! here instead, each by its guideline equations, with every parameter a factor record of kind `param`
//! (so that it has a source, an uncertainty, a status, and can be overridden):
//!
//! | model | module | equations |
//! |---|---|---|
//! | `cement` | [`ippu`] | Vol. 3 Ch. 2 Eq. 2.1 (cement × clinker fraction × EF_clc) |
//! | `clinker_trade` | [`ippu`] | Vol. 3 Ch. 2 Eq. 2.1 (the `− Im + Ex` of clinker) |
//! | `glass` | [`ippu`] | Vol. 3 Ch. 2 Eq. 2.10 (M_g × EF × (1 − CR)) |
//! | livestock keys in 3.A.1 with a parameter `GE` | [`agriculture`] | Vol. 4 Ch. 10 Eq. 10.21 and 10.19 (enteric CH4, Tier 2) |
//! | livestock keys in 3.A.2 | [`agriculture`] | Vol. 4 Ch. 10 Eq. 10.22 (CH4), Eq. 10.25–10.29 (N2O by the nitrogen route), Ch. 11 Eq. 11.5 (F_PRP) |
//! | `rice` | [`agriculture`] | Vol. 4 Ch. 5 Eq. 5.1–5.3 (EF_c × SF_w × SF_p × SF_o × days × area) |
//! | `soil_n` | [`agriculture`] | Vol. 4 Ch. 11 Eq. 11.1 (direct, with EF3PRP for grazing deposits), 11.9 and 11.10 (indirect) |
//! | `forest_growth`, `forest_removals`, `forest_disturbance`, `land_conversion` | [`lulucf`] | Vol. 4 Ch. 2 Eq. 2.9, 2.11–2.14, 2.16 |
//! | `swds` | [`waste`] | Vol. 5 Ch. 3 Eq. 3.1–3.6 (first-order decay over the deposit history) |
//! | `swds_recovery` | [`waste`] | Vol. 5 Ch. 3 Eq. 3.1 (`− R_T`, then `× (1 − OX)`) |
//! | `incineration_co2` | [`waste`] | Vol. 5 Ch. 5 Eq. 5.1 |
//! | `wastewater_ch4` | [`waste`] | Vol. 5 Ch. 6 Eq. 6.1–6.5 |
//!
//! Every model row keeps the record's input location and the ids of every factor and parameter used, in the
//! order of its equation. Removals (LULUCF sinks) are negative CO2 rows; [`is_lulucf`] says which
//! categories a total "without LULUCF" leaves out.

pub mod agriculture;
pub mod ippu;
pub mod lulucf;
pub mod waste;

use super::engine::{Ctx, Figure};
use super::{EmissionRow, Settings};
use crate::activity::ActivityRecord;
use crate::categories::CategoryTree;
use crate::factors::resolve::Query;
use crate::factors::{Factor, FactorKind, Resolver};
use crate::fuels::FuelCatalogue;
use crate::gases::{Gas, Origin};
use crate::units::Dimension;

/// Molecular weight ratios of the guidelines.
pub const N2O_PER_N2O_N: f64 = 44.0 / 28.0;
/// CO2 per C.
pub const CO2_PER_C: f64 = 44.0 / 12.0;
/// CH4 per C.
pub const CH4_PER_C: f64 = 16.0 / 12.0;

/// True for the categories of land use, land-use change and forestry: 3.B (land) and 3.D.1 (harvested
/// wood products). A total "without LULUCF" leaves them out; the total "with LULUCF" is the plain total.
pub fn is_lulucf(category: &str) -> bool {
    let tree = CategoryTree::ipcc2006();
    tree.is_within(category, "3.B") || tree.is_within(category, "3.D.1")
}

/// The livestock keys: counted in head, `A × EF` in 3.A.1 (enteric fermentation), the `manure` model in
/// 3.A.2 (manure management, [`agriculture::manure_rows`]).
pub const LIVESTOCK: &[&str] = &[
    "dairy_cattle",
    "other_cattle",
    "buffalo",
    "sheep",
    "goats",
    "camels",
    "horses",
    "mules_asses",
    "swine",
    "poultry",
];

/// The model of a record: its activity's (`data/activities.toml`), or `manure` for a livestock key in
/// 3.A.2; `None` for `A × EF`.
pub fn model_of_record(activity: &str, category: &str) -> Option<&'static str> {
    if LIVESTOCK.contains(&activity) && CategoryTree::ipcc2006().is_within(category, "3.A.2") {
        return Some("manure");
    }
    model_of(activity)
}

/// The model of an activity key (`data/activities.toml`), or `None` for `A × EF`.
pub fn model_of(activity: &str) -> Option<&'static str> {
    FuelCatalogue::builtin()
        .get(activity)
        .map(|f| f.model.as_str())
        .filter(|m| !m.is_empty())
}

/// True for records that are computed over their history, after the per-record pass ([`waste::swds_rows`]).
pub(crate) fn is_history(rec: &ActivityRecord) -> bool {
    matches!(model_of(&rec.activity), Some("swds" | "swds_recovery"))
}

/// The rows of a record whose activity has a model; `None` when it has none (then `A × EF` applies).
pub(crate) fn rows_of(
    rec: &ActivityRecord,
    resolver: &Resolver<'_>,
    s: &Settings<'_>,
    ctx: &mut Ctx,
) -> Option<Vec<EmissionRow>> {
    let m = Model { rec, resolver, s };
    // Enteric fermentation by Tier 2 (Eq. 10.21) when a gross energy intake GE is given for the animal.
    if LIVESTOCK.contains(&rec.activity.as_str())
        && CategoryTree::ipcc2006().is_within(&rec.category, "3.A.1")
        && let Some(ge) = resolver.find_param("GE", &rec.activity, &rec.category, rec.year)
    {
        return Some(agriculture::enteric_tier2_rows(&m, ge, ctx));
    }
    let model = model_of_record(&rec.activity, &rec.category)?;
    Some(match model {
        "cement" => ippu::cement_rows(&m, ctx),
        "clinker_trade" => ippu::clinker_trade_rows(&m, ctx),
        "glass" => ippu::glass_rows(&m, ctx),
        "manure" => agriculture::manure_rows(&m, ctx),
        "rice" => agriculture::rice_rows(&m, ctx),
        "soil_n" => agriculture::soil_rows(&m, ctx),
        "forest_growth" | "forest_removals" | "forest_disturbance" | "land_conversion" => {
            lulucf::rows(&m, model, ctx)
        }
        "incineration_co2" => waste::incineration_rows(&m, ctx),
        "wastewater_ch4" => waste::wastewater_rows(&m, ctx),
        // Computed over the deposit history after the per-record pass.
        "swds" | "swds_recovery" => Vec::new(),
        other => {
            ctx.diags.error(
                Some(rec.location.clone()),
                format!(
                    "internal: activity {} names the unknown model \"{other}\"",
                    rec.activity
                ),
            );
            Vec::new()
        }
    })
}

/// One record being computed by a model: the record, its region's resolver and the run's settings.
pub(crate) struct Model<'a, 'f> {
    pub(crate) rec: &'a ActivityRecord,
    pub(crate) resolver: &'a Resolver<'f>,
    pub(crate) s: &'a Settings<'a>,
}

impl<'a, 'f> Model<'a, 'f> {
    /// The parameter `name` for this record's activity in `category`; a missing one is noted in `ctx`
    /// (all missing parameters are listed at the end of the run).
    pub(crate) fn param(&self, ctx: &mut Ctx, name: &str, category: &str) -> Option<&'f Factor> {
        self.param_for(ctx, name, &self.rec.activity, category)
    }

    /// As [`param`](Self::param) for another activity key (e.g. the clinker factor used for cement).
    pub(crate) fn param_for(
        &self,
        ctx: &mut Ctx,
        name: &str,
        activity: &str,
        category: &str,
    ) -> Option<&'f Factor> {
        let f = self
            .resolver
            .find_param(name, activity, category, self.rec.year);
        if f.is_none() {
            ctx.missing(
                format!("param {name}"),
                "activity",
                activity,
                category,
                &self.rec.location,
                " (kind = \"param\", parameter = the name; see factors/README.md §8)",
            );
        }
        f
    }

    /// The emission factor of `gas` for `activity` in `category` (records naming the category or a
    /// parent); a missing one is noted in `ctx`.
    pub(crate) fn ef_for(
        &self,
        ctx: &mut Ctx,
        gas: Gas,
        activity: &str,
        category: &str,
    ) -> Option<&'f Factor> {
        let f = self.resolver.find_for_category(&Query {
            kind: FactorKind::Ef,
            activity,
            category,
            gas: Some(gas),
            year: self.rec.year,
        });
        if f.is_none() {
            ctx.missing(
                format!("ef for {gas}"),
                "activity",
                activity,
                category,
                &self.rec.location,
                "",
            );
        }
        f
    }

    /// The record's amount in the canonical unit of `dim` (t, ha, m³); an error at the record when its
    /// unit is of another dimension.
    pub(crate) fn amount(&self, ctx: &mut Ctx, dim: Dimension) -> Option<f64> {
        if self.rec.unit.dimension != dim {
            ctx.diags.error(
                Some(self.rec.location.clone()),
                format!(
                    "{} is given in {} ({}); its model needs {} (e.g. {})",
                    self.rec.activity,
                    self.rec.unit_text,
                    self.rec.unit.dimension,
                    dim,
                    dim.canonical_symbol()
                ),
            );
            return None;
        }
        Some(self.rec.canonical_value())
    }

    /// An error unless the record's category is `expected` or below it.
    pub(crate) fn require_category(&self, ctx: &mut Ctx, expected: &[&str]) -> bool {
        let tree = CategoryTree::ipcc2006();
        if expected
            .iter()
            .any(|e| tree.is_within(&self.rec.category, e))
        {
            return true;
        }
        ctx.diags.error(
            Some(self.rec.location.clone()),
            format!(
                "{} is reported in category {}, but its model computes category {}",
                self.rec.activity,
                self.rec.category,
                expected.join(" or ")
            ),
        );
        false
    }

    /// The emission row of a figure of `gas` (of fossil or non-fossil `origin`, for AR6 methane), in
    /// `category` (the record's own when `None`).
    pub(crate) fn row(
        &self,
        ctx: &mut Ctx,
        category: Option<&str>,
        (gas, origin): (Gas, Origin),
        emissions_t: f64,
        method: String,
        factors: Vec<&'f Factor>,
    ) -> Option<EmissionRow> {
        let figure = Figure {
            gas,
            origin,
            emissions_t,
            energy_tj: 0.0,
            method: method.into(),
            factors,
            memo: false,
        };
        let mut row = ctx.row(self.rec, self.s, figure)?;
        if let Some(c) = category {
            row.category = c.into();
        }
        Some(row)
    }
}

/// A parameter's value in canonical units (fractions as they are; kg/ha as t/ha …).
pub(crate) fn v(f: &Factor) -> f64 {
    f.canonical_value()
}
