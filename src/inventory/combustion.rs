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

use super::electricity;
use super::engine::{Ctx, Figure, Out, RowParts};
use crate::activity::ActivityRecord;
use crate::categories::CategoryTree;
use crate::error::Location;
use crate::factors::resolve::Query;
use crate::factors::{Factor, FactorKind, FactorLibrary, Resolver};
use crate::fuels::{FuelCatalogue, FuelGroup};
use crate::gases::{Gas, GwpSet, Origin};
use crate::shared::Shared;
use crate::units::Dimension;
use std::borrow::Cow;

/// The equations of combustion figures, so that the usual ones are not formatted for every figure.
const EQUATIONS: &[&str] = &[
    "A × NCV × EF",
    "E × EF",
    "A × EF",
    "A × NCV × EF × OF",
    "E × EF × OF",
    "A × EF × OF",
    "A × NCV × CC × OF × 44/12",
    "E × CC × OF × 44/12",
];

/// `head` followed by `tail`: one of [`EQUATIONS`] when it is one, without allocating.
fn equation(head: &str, tail: &str) -> Cow<'static, str> {
    EQUATIONS
        .iter()
        .find(|e| e.len() == head.len() + tail.len() && e.starts_with(head) && e.ends_with(tail))
        .map_or_else(
            || Cow::Owned(format!("{head}{tail}")),
            |e| Cow::Borrowed(*e),
        )
}

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

/// A factor lookup that did not give a result.
pub(crate) enum Failure {
    /// No factor of this kind (`ncv`, `ef or carbon_content`, `oxidation`); `any_category` for kinds looked
    /// up without regard to the category (the NCV).
    Missing {
        /// What is missing, as printed.
        what: String,
        /// True when the category does not matter for it.
        any_category: bool,
    },
    /// A factor was found but cannot be applied (its unit does not fit the activity).
    Invalid(String),
}

/// An activity amount to be converted: canonical quantity, its dimension and the unit as written (for
/// messages).
pub(crate) struct Amount<'t> {
    /// The fuel key.
    pub activity: &'t str,
    /// The IPCC category the factors are looked up for.
    pub category: &'t str,
    /// The inventory year.
    pub year: i32,
    /// The amount in the canonical unit of its dimension (t, m³, TJ).
    pub qty: f64,
    /// Its dimension.
    pub dimension: Dimension,
    /// The unit as written.
    pub unit_text: &'t str,
}

impl Amount<'_> {
    fn query(&self, kind: FactorKind, gas: Option<Gas>) -> Query<'_> {
        Query {
            kind,
            activity: self.activity,
            category: self.category,
            gas,
            year: self.year,
        }
    }
}

/// `E [TJ] = A × NCV`, or `E = A` without an NCV (an amount already in energy): the one place the
/// energy of an amount is computed, for [`energy_of`] and for planned rows alike.
fn energy_tj(qty: f64, ncv: Option<f64>) -> f64 {
    ncv.map_or(qty, |n| qty * n)
}

/// Energy of an amount (IPCC 2006 Vol. 2 Ch. 1 §1.4.1.2): `E [TJ] = A × NCV` for a mass or volume,
/// `E = A` for an amount already in energy. Returns the NCV used, if any.
pub(crate) fn energy_of<'f>(
    a: &Amount<'_>,
    r: &Resolver<'f>,
) -> std::result::Result<(f64, Option<&'f Factor>), Failure> {
    match a.dimension {
        Dimension::Energy => Ok((energy_tj(a.qty, None), None)),
        dim => match r.find(&a.query(FactorKind::Ncv, None)) {
            Some(f) if f.unit.dimension_pair().1 == Some(dim) => {
                Ok((energy_tj(a.qty, Some(f.canonical_value())), Some(f)))
            }
            Some(f) => Err(Failure::Invalid(format!(
                "{} is given in {} ({}), but the heating value {} is per {} ({}): give the amount in the factor's kind of unit or override the factor",
                a.activity,
                a.unit_text,
                dim,
                f.id,
                f.unit
                    .dimension_pair()
                    .1
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                f.unit_text
            ))),
            None => Err(Failure::Missing {
                what: "ncv".into(),
                any_category: true,
            }),
        },
    }
}

/// CO2 of an amount whose energy is `energy_tj` (`a_ncv` names the energy in the equation: `A × NCV` or
/// `E`), as the sectoral approach computes it:
///
/// - with a CO2 emission factor (IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1, Table 1.4): `CO2 = E × EF × OF`;
/// - with a carbon content (Vol. 2 Ch. 1 §1.4.2.1): `CO2 = E × CC × OF × 44/12`.
///
/// The first resolution layer giving either an EF or a carbon content decides (an EF wins a tie); the
/// oxidation factor is looked up from that layer onwards, so that it comes from the same document where it
/// can. Returns tonnes of CO2, the factors in the order of the equation, and the equation.
pub(crate) fn co2_of<'f>(
    a: &Amount<'_>,
    energy_tj: f64,
    a_ncv: &str,
    r: &Resolver<'f>,
) -> std::result::Result<(f64, Vec<&'f Factor>, Cow<'static, str>), Failure> {
    let (p, fs, eq) = co2_product(a, a_ncv, r)?;
    Ok((p.of(a.qty, energy_tj), fs, eq))
}

/// As [`co2_of`], the product not yet taken.
fn co2_product<'f>(
    a: &Amount<'_>,
    a_ncv: &str,
    r: &Resolver<'f>,
) -> std::result::Result<(Product, Vec<&'f Factor>, Cow<'static, str>), Failure> {
    let ef_co2 = r.find_in(&a.query(FactorKind::Ef, Some(Gas::CO2)), 0);
    let cc = r.find_in(&a.query(FactorKind::CarbonContent, None), 0);
    let method = match (ef_co2, cc) {
        (Some((i, ef)), Some((j, _))) if i <= j => Some((i, ef)),
        (Some((i, ef)), None) => Some((i, ef)),
        (_, Some((j, cc))) => Some((j, cc)),
        (None, None) => None,
    };
    let Some((layer, f)) = method else {
        return Err(Failure::Missing {
            what: "ef or carbon_content for CO2".into(),
            any_category: false,
        });
    };
    let Some((_, of)) = r.find_in(&a.query(FactorKind::Oxidation, None), layer) else {
        return Err(Failure::Missing {
            what: "oxidation".into(),
            any_category: false,
        });
    };
    if f.kind == FactorKind::CarbonContent {
        let p = Product::energy(f.canonical_value())
            .then(of.value)
            .then(CO2_PER_C);
        let mut fs = Vec::with_capacity(3);
        fs.extend([f, of]);
        return Ok((p, fs, equation(a_ncv, " × CC × OF × 44/12")));
    }
    let (p, mut fs, eq) = by_ef(f, a, a_ncv).map_err(Failure::Invalid)?;
    fs.push(of);
    Ok((p.then(of.value), fs, equation(&eq, " × OF")))
}

/// How the rows of a fuel-combustion record follow from its amount: the NCV (canonical value, `None` when
/// the amount is energy) and, per gas, the product of factors and the row's other parts. The same for
/// every record of one fuel, category and kind of unit in one region (and year, when a factor for the
/// fuel names years), so it is made once per such combination ([`Ctx::plans`], then
/// [`super::engine::Known`]).
#[derive(Clone)]
pub(crate) struct Plan {
    ncv: Option<f64>,
    gases: Vec<(Product, RowParts)>,
}

impl Plan {
    /// The rows of `rec`, record `i` of its chunk (E = A × NCV or A; each gas's product; its row), added
    /// to `out`.
    fn rows(&self, rec: &ActivityRecord, i: usize, out: &mut impl Out) {
        let qty = rec.canonical_value();
        let energy = energy_tj(qty, self.ncv);
        for (p, parts) in &self.gases {
            out.planned(i, rec, parts, p.of(qty, energy), energy);
        }
    }
}

/// What a [`Plan`] is kept by: the region, fuel, category, the year when it matters, and the dimension of
/// the amount.
pub(crate) type PlanKey = (Shared, Shared, Shared, Option<i32>, Dimension);

/// The emission rows (CO2, CH4, N2O) of one fuel-combustion record, record `i` of its chunk, added to
/// `out`; problems go into `ctx`. `resolver` must be the region's.
pub(crate) fn rows_into(
    rec: &ActivityRecord,
    i: usize,
    resolver: &Resolver<'_>,
    s: &Settings<'_>,
    ctx: &mut Ctx,
    out: &mut impl Out,
) {
    let key: PlanKey = (
        rec.region.clone(),
        rec.activity.clone(),
        rec.category.clone(),
        resolver.year_matters(&rec.activity).then_some(rec.year),
        rec.unit.dimension,
    );
    if let Some(plan) = ctx.known.plans.get(&key).or_else(|| ctx.plans.get(&key)) {
        return plan.rows(rec, i, out);
    }
    // A record whose plan met a problem is planned again each time, so that each one is reported.
    let (plan, clean) = plan_of(rec, resolver, s, ctx);
    plan.rows(rec, i, out);
    if clean {
        ctx.plans.insert(key, plan);
    }
}

/// The plan of a record's rows, and whether it was made without any problem (problems go into `ctx`).
fn plan_of(
    rec: &ActivityRecord,
    resolver: &Resolver<'_>,
    s: &Settings<'_>,
    ctx: &mut Ctx,
) -> (Plan, bool) {
    let fuels = FuelCatalogue::builtin();
    let tree = CategoryTree::ipcc2006();
    let at = || Some(rec.location.clone());
    let mut out = Plan {
        ncv: None,
        gases: Vec::new(),
    };
    let Some(fuel) = fuels.get(&rec.activity) else {
        ctx.diags
            .error(at(), format!("unknown fuel {}", rec.activity));
        return (out, false);
    };
    if fuel.group == FuelGroup::Secondary {
        let convention = if fuel.key == electricity::ELECTRICITY {
            format!(
                ". To report electricity brought in from (or sent out to) other regions, give the NET IMPORTS in one row with category {} and activity electricity (negative for a net exporter): such rows are computed apart as indirect emissions (inventory::electricity), never in the territorial total",
                electricity::NET_IMPORT_CATEGORY
            )
        } else {
            String::new()
        };
        ctx.diags.error(
            at(),
            format!(
                "{} ({}) is a secondary energy carrier, not a fuel that is burned; its emissions are counted where the fuels that made it were burned{convention}",
                fuel.name_en, fuel.name_zh
            ),
        );
        return (out, false);
    }
    let amount = Amount {
        activity: &rec.activity,
        category: &rec.category,
        year: rec.year,
        qty: rec.canonical_value(),
        dimension: rec.unit.dimension,
        unit_text: &rec.unit_text,
    };
    let mut clean = true;
    let missing = |ctx: &mut Ctx, what: String, any_category: bool| {
        let cat = if any_category { "any" } else { &rec.category };
        ctx.missing(what, "fuel", &rec.activity, cat, &rec.location, "");
    };
    let ncv = match energy_of(&amount, resolver) {
        Ok((_, ncv)) => ncv,
        Err(Failure::Invalid(m)) => {
            ctx.diags.error(at(), m);
            return (out, false);
        }
        Err(Failure::Missing { what, any_category }) => {
            missing(ctx, what, any_category);
            return (out, false);
        }
    };
    out.ncv = ncv.map(|n| n.canonical_value());
    let memo_cat = tree.is_memo(&rec.category);
    let origin = if fuel.fossil {
        Origin::Fossil
    } else {
        Origin::NonFossil
    };
    let a_ncv = if ncv.is_some() { "A × NCV" } else { "E" };
    let mut gases: [Option<GasFigure<'_>>; 3] = [None, None, None];
    match co2_product(&amount, a_ncv, resolver) {
        Ok((p, fs, eq)) => gases[0] = Some((Gas::CO2, p, fs, eq)),
        Err(Failure::Invalid(m)) => {
            ctx.diags.error(at(), m);
            return (out, false);
        }
        Err(Failure::Missing { what, any_category }) => {
            missing(ctx, what, any_category);
            clean = false;
        }
    }
    for (i, gas) in [(1, Gas::CH4), (2, Gas::N2O)] {
        match resolver.find(&amount.query(FactorKind::Ef, Some(gas))) {
            Some(ef) => match by_ef(ef, &amount, a_ncv) {
                Ok((p, fs, eq)) => gases[i] = Some((gas, p, fs, eq)),
                Err(m) => {
                    ctx.diags.error(at(), m);
                    clean = false;
                }
            },
            None => {
                missing(ctx, format!("ef for {}", gas.name()), false);
                clean = false;
            }
        }
    }
    for (gas, p, mut factors, method) in gases.into_iter().flatten() {
        if let Some(n) = ncv {
            factors.insert(0, n);
        }
        let figure = Figure {
            gas,
            origin,
            emissions_t: 0.0,
            energy_tj: 0.0,
            method,
            factors,
            memo: memo_cat || (gas == Gas::CO2 && !fuel.fossil),
        };
        match ctx.parts(rec, s, figure) {
            Some(parts) => out.gases.push((p, parts)),
            None => clean = false,
        }
    }
    (out, clean)
}

/// A gas, the product giving its emissions (t), the factors (without the NCV) and the equation.
type GasFigure<'f> = (Gas, Product, Vec<&'f Factor>, Cow<'static, str>);

/// What [`by_ef`] gives: the product, its factors and the equation, or why the factor does not fit.
type ByEf<'f> = std::result::Result<(Product, Vec<&'f Factor>, Cow<'static, str>), String>;

/// A product of factors taken left to right from the energy or from the amount: `E × f1 × f2 …` or
/// `A × f1 × …`, in the order of the equation, so that every digit is that of the equation written out.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Product {
    from_energy: bool,
    steps: [f64; 3],
    n: usize,
}

impl Product {
    fn energy(f: f64) -> Product {
        Product {
            from_energy: true,
            steps: [f, 0.0, 0.0],
            n: 1,
        }
    }

    fn amount(f: f64) -> Product {
        Product {
            from_energy: false,
            ..Product::energy(f)
        }
    }

    fn then(mut self, f: f64) -> Product {
        self.steps[self.n] = f;
        self.n += 1;
        self
    }

    /// The product for an amount `qty` (canonical unit) of energy `energy_tj`.
    pub(crate) fn of(&self, qty: f64, energy_tj: f64) -> f64 {
        let mut t = if self.from_energy { energy_tj } else { qty };
        for f in &self.steps[..self.n] {
            t *= f;
        }
        t
    }
}

/// Emissions from an emission factor per energy (`E × EF`) or per activity unit (`A × EF`). The factors
/// come in a vector with room for the NCV and the oxidation factor.
fn by_ef<'f>(ef: &'f Factor, a: &Amount<'_>, a_ncv: &str) -> ByEf<'f> {
    let mut fs = Vec::with_capacity(3);
    fs.push(ef);
    match ef.unit.dimension_pair().1 {
        Some(Dimension::Energy) => Ok((
            Product::energy(ef.canonical_value()),
            fs,
            equation(a_ncv, " × EF"),
        )),
        Some(d) if d == a.dimension => {
            Ok((Product::amount(ef.canonical_value()), fs, "A × EF".into()))
        }
        _ => Err(format!(
            "the emission factor {} ({}) does not fit an activity given in {}",
            ef.id, ef.unit_text, a.unit_text
        )),
    }
}

/// Turns a failure into the context's diagnostics (for callers that are not per-record).
pub(crate) fn report_failure(
    ctx: &mut Ctx,
    f: Failure,
    noun: &'static str,
    activity: &str,
    category: &str,
    at: &Location,
    hint: &'static str,
) {
    match f {
        Failure::Invalid(m) => ctx.diags.error(Some(at.clone()), m),
        Failure::Missing { what, any_category } => {
            let cat = if any_category { "any" } else { category };
            ctx.missing(what, noun, activity, cat, at, hint)
        }
    }
}
