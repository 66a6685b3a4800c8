//! What the computations of one run share: one [`Resolver`] per region, the factors used, and every
//! problem found. A missing factor combination is reported once, with the number of rows that need it and
//! the first of them, so that a run lists every gap at once instead of stopping at the first.

use super::{EmissionRow, Settings};
use crate::activity::ActivityRecord;
use crate::error::{Diagnostic, Diagnostics, Error, Location, Result};
use crate::factors::{Factor, Resolver};
use crate::gases::{Gas, Origin};
use crate::shared::{FactorIds, Interner};
use std::collections::BTreeMap;

/// One [`Resolver`] per region, built on first use.
pub(crate) struct Resolvers<'a> {
    s: Settings<'a>,
    by_region: BTreeMap<String, Resolver<'a>>,
}

impl<'a> Resolvers<'a> {
    pub(crate) fn new(s: &Settings<'a>) -> Self {
        Resolvers {
            s: s.clone(),
            by_region: BTreeMap::new(),
        }
    }

    /// The resolver of a region already built by [`get`](Self::get).
    pub(crate) fn built(&self, region: &str) -> Option<&Resolver<'a>> {
        self.by_region.get(region)
    }

    /// The resolver of a region (an unknown factor set is an input error).
    pub(crate) fn get(&mut self, region: &str) -> Result<&Resolver<'a>> {
        if !self.by_region.contains_key(region) {
            let r = Resolver::new(self.s.library, self.s.factor_set, region, self.s.overrides)?;
            self.by_region.insert(region.to_string(), r);
        }
        Ok(&self.by_region[region])
    }
}

/// One computed figure of a record, before it becomes an [`EmissionRow`].
pub(crate) struct Figure<'f> {
    pub(crate) gas: Gas,
    pub(crate) origin: Origin,
    pub(crate) emissions_t: f64,
    pub(crate) energy_tj: f64,
    pub(crate) method: std::borrow::Cow<'static, str>,
    /// The factors of the equation, in its order.
    pub(crate) factors: Vec<&'f Factor>,
    pub(crate) memo: bool,
}

/// What the emission row of a figure takes besides its record, its emissions and its energy: the same
/// for every record computed with the same factors ([`Ctx::parts`]).
#[derive(Clone)]
pub(crate) struct RowParts {
    gas: Gas,
    gwp: f64,
    gwp_set: crate::shared::Shared,
    method: crate::shared::Shared,
    factor_ids: FactorIds,
    factor_source: std::sync::Arc<str>,
    memo: bool,
}

impl RowParts {
    /// `emissions_t` of the gas in t CO2e (× GWP100): the one place a planned row's CO2e is computed,
    /// for whole rows and [`super::RecordRow`]s alike.
    pub(crate) fn co2e_t(&self, emissions_t: f64) -> f64 {
        emissions_t * self.gwp
    }

    /// The row of `rec` with these parts: `emissions_t` of the gas, from `energy_tj` of energy.
    pub(crate) fn row(
        &self,
        rec: &ActivityRecord,
        emissions_t: f64,
        energy_tj: f64,
    ) -> EmissionRow {
        EmissionRow {
            region: rec.region.clone(),
            year: rec.year,
            category: rec.category.clone(),
            activity: rec.activity.clone(),
            gas: self.gas,
            emissions_t,
            co2e_t: self.co2e_t(emissions_t),
            gwp: self.gwp,
            gwp_set: self.gwp_set.clone(),
            activity_value: rec.value,
            activity_unit: rec.unit_text.clone(),
            energy_tj,
            method: self.method.clone(),
            factor_ids: self.factor_ids.clone(),
            factor_source: self.factor_source.clone(),
            input: rec.location.clone(),
            memo: self.memo,
        }
    }
}

/// Where the rows of a chunk go: whole [`EmissionRow`]s, or [`Computed`] figures that leave the record's
/// names and cell with the record.
pub(crate) trait Out: Send + Sized {
    /// Room for `n` rows.
    fn with_capacity(n: usize) -> Self;
    /// A whole row.
    fn row(&mut self, r: EmissionRow);
    /// The row of record `record` (its index in the chunk) `rec` with `parts`, `emissions_t` and
    /// `energy_tj`.
    fn planned(
        &mut self,
        record: usize,
        rec: &ActivityRecord,
        parts: &RowParts,
        emissions_t: f64,
        energy_tj: f64,
    );
}

impl Out for Vec<EmissionRow> {
    fn with_capacity(n: usize) -> Self {
        Vec::with_capacity(n)
    }
    fn row(&mut self, r: EmissionRow) {
        self.push(r);
    }
    fn planned(&mut self, _: usize, rec: &ActivityRecord, p: &RowParts, e: f64, tj: f64) {
        self.push(p.row(rec, e, tj));
    }
}

impl Out for Vec<super::Computed> {
    fn with_capacity(n: usize) -> Self {
        Vec::with_capacity(n)
    }
    fn row(&mut self, r: EmissionRow) {
        self.push(super::Computed::Row(Box::new(r)));
    }
    fn planned(&mut self, record: usize, _: &ActivityRecord, p: &RowParts, e: f64, _: f64) {
        self.push(super::Computed::Of(super::RecordRow {
            record,
            gas: p.gas,
            emissions_t: e,
            co2e_t: p.co2e_t(e),
            gwp: p.gwp,
            memo: p.memo,
        }));
    }
}

/// The `factor_source` text and factor ids of each combination of factors, by the factors' addresses.
pub(crate) type Sources = rustc_hash::FxHashMap<Vec<usize>, (std::sync::Arc<str>, FactorIds)>;

/// The plans of fuel-combustion rows ([`super::combustion::Plan`]).
pub(crate) type Plans = rustc_hash::FxHashMap<super::combustion::PlanKey, super::combustion::Plan>;

/// What the earlier batches of a run made that later ones reuse: citations and plans. Every entry is
/// a function of the run's settings alone, so the figures do not depend on what is known when.
#[derive(Clone, Default)]
pub(crate) struct Known {
    pub(crate) sources: Sources,
    pub(crate) plans: Plans,
}

impl Known {
    /// Takes in what a context made (the context keeps nothing of it).
    pub(crate) fn learn(&mut self, ctx: &mut Ctx) {
        self.sources.extend(ctx.sources.drain());
        self.plans.extend(ctx.plans.drain());
    }
}

/// A missing factor: (kind and gas as printed, noun — "fuel" or "activity" —, activity, category).
type MissingKey = (String, &'static str, String, String);

/// Diagnostics, missing factors and the factors used, gathered over a run.
#[derive(Default)]
pub(crate) struct Ctx {
    pub(crate) diags: Diagnostics,
    missing: BTreeMap<MissingKey, (usize, Location, &'static str)>,
    pub(crate) used: BTreeMap<String, Factor>,
    /// `factor_source` texts already joined and the factor ids, by the addresses of the factors behind
    /// them: a million rows cite a few hundred combinations.
    pub(crate) sources: Sources,
    /// Those joined by earlier batches of the run, shared read-only by the chunks of a batch (their
    /// factors are already recorded as used by the context that joined them).
    pub(crate) known: std::sync::Arc<Known>,
    /// Methods and GWP set names, one shared copy each.
    names: Interner,
    /// The plans of fuel-combustion rows made so far ([`super::combustion::Plan`]).
    pub(crate) plans: Plans,
}

impl Ctx {
    /// A context that knows the combinations joined before.
    pub(crate) fn knowing(known: &std::sync::Arc<Known>) -> Ctx {
        Ctx {
            known: known.clone(),
            ..Ctx::default()
        }
    }

    /// Notes that `what` (e.g. `ncv`, `ef for CH4`) is missing for `activity` in `category`; `hint` is
    /// added to the message.
    pub(crate) fn missing(
        &mut self,
        what: String,
        noun: &'static str,
        activity: &str,
        category: &str,
        at: &Location,
        hint: &'static str,
    ) {
        self.missing
            .entry((what, noun, activity.to_string(), category.to_string()))
            .and_modify(|e| e.0 += 1)
            .or_insert((1, at.clone(), hint));
    }

    /// Records a factor as used (for [`super::Inventory::factors_used`]).
    pub(crate) fn use_factor(&mut self, f: &Factor) {
        if !self.used.contains_key(&f.id) {
            self.used.insert(f.id.clone(), f.clone());
        }
    }

    /// The emission row of a computed figure: the record's keys and activity, the GWP of the run's set
    /// (a gas the set lacks is an error at the record), and the factors behind it, recorded as used.
    pub(crate) fn row(
        &mut self,
        rec: &ActivityRecord,
        s: &Settings<'_>,
        f: Figure<'_>,
    ) -> Option<EmissionRow> {
        let (emissions_t, energy_tj) = (f.emissions_t, f.energy_tj);
        let parts = self.parts(rec, s, f)?;
        Some(parts.row(rec, emissions_t, energy_tj))
    }

    /// What the row of a figure takes besides the record and the figure's numbers (see [`row`](Self::row)).
    pub(crate) fn parts(
        &mut self,
        rec: &ActivityRecord,
        s: &Settings<'_>,
        f: Figure<'_>,
    ) -> Option<RowParts> {
        let Some(gwp) = s.gwp.factor(f.gas, f.origin) else {
            self.diags.error(
                Some(rec.location.clone()),
                format!("the GWP set {} has no value for {}", s.gwp.name, f.gas),
            );
            return None;
        };
        // The factors' addresses identify the combination: looked up without an allocation; a new one is
        // joined once, and its factors recorded as used (a known one's already are).
        let mut addresses = [0usize; 8];
        let key: &[usize] = if f.factors.len() <= addresses.len() {
            for (a, x) in addresses.iter_mut().zip(&f.factors) {
                *a = *x as *const Factor as usize;
            }
            &addresses[..f.factors.len()]
        } else {
            &[]
        };
        let known = if key.len() == f.factors.len() {
            self.known
                .sources
                .get(key)
                .or_else(|| self.sources.get(key))
                .cloned()
        } else {
            None
        };
        let (factor_source, factor_ids) = match known {
            Some(v) => v,
            None => {
                for x in &f.factors {
                    self.use_factor(x);
                }
                let source: std::sync::Arc<str> = f
                    .factors
                    .iter()
                    .map(|x| x.citation())
                    .collect::<Vec<_>>()
                    .join(" | ")
                    .into();
                let ids: Vec<String> = f.factors.iter().map(|x| x.id.clone()).collect();
                let v = (source, FactorIds::from(ids));
                let key: Vec<usize> = f
                    .factors
                    .iter()
                    .map(|x| *x as *const Factor as usize)
                    .collect();
                self.sources.insert(key, v.clone());
                v
            }
        };
        Some(RowParts {
            gas: f.gas,
            gwp,
            gwp_set: self.names.get(&s.gwp.name),
            method: self.names.get(&f.method),
            factor_ids,
            factor_source,
            memo: f.memo,
        })
    }

    /// Adds what another context gathered (a later chunk of records: its first occurrences come after
    /// this one's, so merging chunks in order keeps the first occurrence of every missing factor).
    pub(crate) fn merge(&mut self, other: Ctx) {
        self.diags.extend(other.diags);
        for (k, (n, at, hint)) in other.missing {
            self.missing
                .entry(k)
                .and_modify(|e| e.0 += n)
                .or_insert((n, at, hint));
        }
        for (id, f) in other.used {
            self.used.entry(id).or_insert(f);
        }
        for (k, v) in other.sources {
            self.sources.entry(k).or_insert(v);
        }
        for (k, v) in other.plans {
            self.plans.entry(k).or_insert(v);
        }
    }

    /// Every missing combination as an error; `Err` if there is any error at all, else the factors used
    /// and the warnings raised during the computation (kept by the caller: [`super::Inventory::warnings`]).
    pub(crate) fn finish(mut self, set: &str) -> Result<(BTreeMap<String, Factor>, Diagnostics)> {
        for ((what, noun, activity, cat), (n, first, hint)) in &self.missing {
            self.diags.push(Diagnostic::error(
                Some(first.clone()),
                format!(
                    "no factor ({what}) for {noun} {activity} in category {cat} in set \"{set}\" or its fallbacks; needed by {n} row(s), the first here. Add it with --factor-file or a `factors` sheet{hint}"
                ),
            ));
        }
        if self.diags.has_errors() {
            return Err(Error::Input(self.diags));
        }
        Ok((self.used, self.diags))
    }
}
