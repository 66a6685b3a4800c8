//! Which factor applies to an activity: the resolution order.
//!
//! Layers are consulted from the top; the first layer that has a matching record wins:
//! 1. user overrides (a workbook's `factors` sheet, or `--factor-file` records marked for the run);
//! 2. records of the chosen set and its fallbacks that are specific to the run's region;
//! 3. records of the chosen set;
//! 4. records of each fallback set in turn, ending at `ipcc2006` (the IPCC defaults).
//!
//! Within a layer the most specific record wins: an exact fuel beats `any`; a deeper category beats a
//! shallower one (`1.A.1.a` beats `1.A.1` beats `any`); among records with a `year`, the latest year not
//! after the inventory year, else the earliest.

use super::{Factor, FactorKind, FactorLibrary};
use crate::categories::CategoryTree;
use crate::error::Result;
use crate::gases::Gas;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::RwLock;

/// One layer of the resolution order.
#[derive(Debug)]
pub struct Layer<'a> {
    /// A name for messages: `user`, `china (Hubei)`, `ipcc2006`.
    pub name: String,
    /// The layer's records by (kind, fuel or `None` for any), each list in file order: a query looks at
    /// a handful of records instead of the whole set.
    index: HashMap<(FactorKind, Option<&'a str>), Vec<&'a Factor>>,
}

impl<'a> Layer<'a> {
    fn new(name: String, factors: impl IntoIterator<Item = &'a Factor>) -> Layer<'a> {
        let mut index: HashMap<(FactorKind, Option<&'a str>), Vec<&'a Factor>> = HashMap::new();
        for f in factors {
            index
                .entry((f.kind, f.activity.as_deref()))
                .or_default()
                .push(f);
        }
        Layer { name, index }
    }
}

/// What a factor is asked for.
#[derive(Clone, Copy, Debug)]
pub struct Query<'q> {
    /// The kind of factor.
    pub kind: FactorKind,
    /// The fuel key.
    pub activity: &'q str,
    /// The IPCC 2006 code of the activity.
    pub category: &'q str,
    /// The gas, for an emission factor.
    pub gas: Option<Gas>,
    /// The inventory year.
    pub year: i32,
}

/// The answers of [`Resolver::find_in`] already given, by fuel, then category, then the rest of the query
/// (kind, gas, year, first layer). A million records ask for a few hundred distinct combinations; looking
/// them up here borrows the query's strings instead of allocating a key.
type Answers<'a> =
    FxHashMap<String, FxHashMap<String, Vec<(AnswerKey, Option<(usize, &'a Factor)>)>>>;

/// The part of a query that is not a string (kind, gas, year — `None` when no candidate record names a
/// year, so that the answer holds for every year —, first layer consulted).
type AnswerKey = (FactorKind, Option<Gas>, Option<i32>, usize);

/// Chooses factors for one region in the documented order.
#[derive(Debug)]
pub struct Resolver<'a> {
    layers: Vec<Layer<'a>>,
    tree: &'static CategoryTree,
    /// Memoised [`find_in`](Self::find_in): the layers never change, so an answer never does.
    answers: RwLock<Answers<'a>>,
    /// The fuels with a record naming a year, in any layer (`None`: a record for any fuel does).
    dated: Option<rustc_hash::FxHashSet<&'a str>>,
}

impl<'a> Resolver<'a> {
    /// The resolver for `set` (and its fallbacks) in `region`, with user overrides on top.
    pub fn new(
        library: &'a FactorLibrary,
        set: &str,
        region: &str,
        overrides: &'a [Factor],
    ) -> Result<Resolver<'a>> {
        let chain = library.chain(set)?;
        let mut layers = Vec::new();
        if !overrides.is_empty() {
            layers.push(Layer::new("user".into(), overrides.iter()));
        }
        let regional: Vec<&Factor> = chain
            .iter()
            .flat_map(|s| s.factors.iter())
            .filter(|f| {
                f.region
                    .as_deref()
                    .is_some_and(|r| r.eq_ignore_ascii_case(region))
            })
            .collect();
        if !regional.is_empty() {
            layers.push(Layer::new(format!("{set} ({region})"), regional));
        }
        for s in chain {
            layers.push(Layer::new(
                s.name.clone(),
                s.factors.iter().filter(|f| f.region.is_none()),
            ));
        }
        let mut dated = Some(rustc_hash::FxHashSet::default());
        for f in layers.iter().flat_map(|l| l.index.values().flatten()) {
            if f.year.is_some() {
                match (&mut dated, f.activity.as_deref()) {
                    (Some(d), Some(a)) => {
                        d.insert(a);
                    }
                    _ => dated = None,
                }
            }
        }
        Ok(Resolver {
            layers,
            tree: CategoryTree::ipcc2006(),
            answers: RwLock::default(),
            dated,
        })
    }

    /// True when a factor for `activity` may depend on the inventory year (a record for it, or for any
    /// fuel, names a year); false when every answer for it holds for every year.
    pub fn year_matters(&self, activity: &str) -> bool {
        self.dated.as_ref().is_none_or(|d| d.contains(activity))
    }

    /// The layers, in the order they are consulted.
    pub fn layers(&self) -> &[Layer<'a>] {
        &self.layers
    }

    fn matches(&self, f: &Factor, q: &Query<'_>) -> bool {
        f.kind == q.kind
            && (q.kind != FactorKind::Ef || f.gas == q.gas)
            && f.activity.as_deref().is_none_or(|a| a == q.activity)
            && f.category
                .as_deref()
                .is_none_or(|c| self.tree.is_within(q.category, c))
    }

    /// Sort key: higher is more specific.
    fn rank(f: &Factor, year: i32) -> (bool, usize, i64) {
        let cat_depth = f.category.as_deref().map_or(0, |c| c.split('.').count());
        let year_score = match f.year {
            None => 0,
            Some(y) if y <= year => -(i64::from(year - y)),
            Some(y) => -1_000_000 - i64::from(y - year),
        };
        (f.activity.is_some(), cat_depth, year_score)
    }

    /// The best record in the first layer that has any, with that layer's index.
    pub fn find_in(&self, q: &Query<'_>, from_layer: usize) -> Option<(usize, &'a Factor)> {
        let fits = |k: &AnswerKey| {
            k.0 == q.kind && k.1 == q.gas && k.3 == from_layer && k.2.is_none_or(|y| y == q.year)
        };
        let known = |m: &Answers<'a>| {
            m.get(q.activity)
                .and_then(|c| c.get(q.category))
                .and_then(|v| v.iter().find(|(k, _)| fits(k)))
                .map(|(_, a)| *a)
        };
        if let Some(a) = self.answers.read().ok().and_then(|m| known(&m)) {
            return a;
        }
        let a = self.find_where(q, from_layer, |_| true);
        // The answer holds for every year unless a record that could answer names a year.
        let dated = self.layers.iter().skip(from_layer).any(|l| {
            [Some(q.activity), None]
                .into_iter()
                .filter_map(|act| l.index.get(&(q.kind, act)))
                .flatten()
                .any(|f| f.year.is_some())
        });
        let key: AnswerKey = (q.kind, q.gas, dated.then_some(q.year), from_layer);
        if let Ok(mut m) = self.answers.write() {
            let v = m
                .entry(q.activity.to_string())
                .or_default()
                .entry(q.category.to_string())
                .or_default();
            if !v.iter().any(|(k, _)| *k == key) {
                v.push((key, a));
            }
        }
        a
    }

    /// The factor for a query among records that name a category (the query's or an ancestor of it),
    /// ignoring `category = "any"` records.
    ///
    /// Used for the categories outside fuel combustion (`A × EF`, e.g. fugitive emissions 1.B): there,
    /// a factor must have been written for the category, because the `any` records of a fuel are its
    /// combustion properties (heating value, carbon content, CO2 factor per TJ) and would be wrong for,
    /// say, the methane released when the fuel is mined.
    pub fn find_for_category(&self, q: &Query<'_>) -> Option<&'a Factor> {
        self.find_where(q, 0, |f| f.category.is_some())
            .map(|(_, f)| f)
    }

    /// The gases that have an emission factor for `activity` in `category` (records naming the category or
    /// an ancestor, as [`find_for_category`](Self::find_for_category)), in the order of [`Gas::all`].
    pub fn ef_gases(&self, activity: &str, category: &str) -> Vec<Gas> {
        Gas::all()
            .filter(|&gas| {
                self.find_for_category(&Query {
                    kind: FactorKind::Ef,
                    activity,
                    category,
                    gas: Some(gas),
                    year: 0,
                })
                .is_some()
            })
            .collect()
    }

    fn find_where(
        &self,
        q: &Query<'_>,
        from_layer: usize,
        keep: impl Fn(&Factor) -> bool,
    ) -> Option<(usize, &'a Factor)> {
        for (i, layer) in self.layers.iter().enumerate().skip(from_layer) {
            // The fuel's own records, then the `any` ones.
            let own = layer.index.get(&(q.kind, Some(q.activity)));
            let any = layer.index.get(&(q.kind, None));
            let best = own
                .into_iter()
                .chain(any)
                .flatten()
                .copied()
                .filter(|f| keep(f) && self.matches(f, q))
                .max_by(|a, b| {
                    Self::rank(a, q.year)
                        .cmp(&Self::rank(b, q.year))
                        // Equal rank: the earlier record in the file wins, deterministically.
                        .then_with(|| b.location.line.cmp(&a.location.line))
                });
            if let Some(f) = best {
                return Some((i, f));
            }
        }
        None
    }

    /// The model parameter `name` (kind `param`) for `activity` in `category`: records naming the category
    /// or an ancestor, or `category = "any"`; the resolution order and specificity as for every factor.
    pub fn find_param(
        &self,
        name: &str,
        activity: &str,
        category: &str,
        year: i32,
    ) -> Option<&'a Factor> {
        let q = Query {
            kind: FactorKind::Param,
            activity,
            category,
            gas: None,
            year,
        };
        self.find_where(&q, 0, |f| f.parameter.as_deref() == Some(name))
            .map(|(_, f)| f)
    }

    /// The factor for a query, if any layer has one.
    pub fn find(&self, q: &Query<'_>) -> Option<&'a Factor> {
        self.find_in(q, 0).map(|(_, f)| f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::factors::FactorSet;

    fn lib() -> FactorLibrary {
        let text = r#"
[set]
name = "t"
title_en = "test"
document = "none"
fallback = "ipcc2006"

[[factor]]
id = "t.ef.any"
kind = "ef"
activity = "natural_gas"
category = "1.A"
gas = "CH4"
value = 2.0
unit = "kg/TJ"
uncertainty_pct = 50
source = "test"
status = "user"

[[factor]]
id = "t.ef.deep"
kind = "ef"
activity = "natural_gas"
category = "1.A.1.a"
gas = "CH4"
value = 3.0
unit = "kg/TJ"
uncertainty_pct = 50
source = "test"
status = "user"

[[factor]]
id = "t.grid.2012"
kind = "ef"
activity = "electricity"
category = "any"
gas = "CO2"
value = 0.5
unit = "kg CO2/kWh"
uncertainty_pct = 5
source = "test"
status = "user"
year = 2012

[[factor]]
id = "t.grid.2021"
kind = "ef"
activity = "electricity"
category = "any"
gas = "CO2"
value = 0.6
unit = "kg CO2/kWh"
uncertainty_pct = 5
source = "test"
status = "user"
year = 2021

[[factor]]
id = "t.grid.hubei"
kind = "ef"
activity = "electricity"
category = "any"
gas = "CO2"
value = 0.4
unit = "kg CO2/kWh"
uncertainty_pct = 5
source = "test"
status = "user"
region = "Hubei"
year = 2021
"#;
        let mut lib = FactorLibrary::builtin().unwrap();
        lib.sets.push(FactorSet::parse(text, "t.toml").unwrap());
        lib
    }

    fn q(
        kind: FactorKind,
        activity: &str,
        category: &str,
        gas: Option<Gas>,
        year: i32,
    ) -> Query<'static> {
        Query {
            kind,
            activity: Box::leak(activity.to_string().into_boxed_str()),
            category: Box::leak(category.to_string().into_boxed_str()),
            gas,
            year,
        }
    }

    #[test]
    fn most_specific_category_wins_within_a_layer() {
        let lib = lib();
        let r = Resolver::new(&lib, "t", "Anhui", &[]).unwrap();
        let f = |c: &str| {
            r.find(&q(FactorKind::Ef, "natural_gas", c, Some(Gas::CH4), 2019))
                .unwrap()
                .id
                .clone()
        };
        assert_eq!(f("1.A.1.a.i"), "t.ef.deep");
        assert_eq!(f("1.A.2.c"), "t.ef.any");
        // Not under 1.A in set t: falls back to ipcc2006 (no CH4 factor for 2.x there either → None).
        assert!(
            r.find(&q(
                FactorKind::Ef,
                "natural_gas",
                "2.A.1",
                Some(Gas::CH4),
                2019
            ))
            .is_none()
        );
    }

    #[test]
    fn fallback_supplies_what_the_set_lacks() {
        let lib = lib();
        let r = Resolver::new(&lib, "t", "Anhui", &[]).unwrap();
        let ncv = r
            .find(&q(FactorKind::Ncv, "natural_gas", "1.A.1.a", None, 2019))
            .unwrap();
        assert_eq!(ncv.set, "ipcc2006");
    }

    #[test]
    fn region_then_year() {
        let lib = lib();
        let grid = |region: &str, year: i32| {
            let r = Resolver::new(&lib, "t", region, &[]).unwrap();
            r.find(&q(
                FactorKind::Ef,
                "electricity",
                "1.A.1.a",
                Some(Gas::CO2),
                year,
            ))
            .unwrap()
            .id
            .clone()
        };
        assert_eq!(grid("Hubei", 2022), "t.grid.hubei");
        assert_eq!(grid("Anhui", 2022), "t.grid.2021");
        assert_eq!(grid("Anhui", 2015), "t.grid.2012");
        assert_eq!(grid("Anhui", 2005), "t.grid.2012");
    }

    #[test]
    fn overrides_come_first() {
        let lib = lib();
        let over: Vec<Factor> = lib.set("t").unwrap().factors[..1].to_vec();
        let r = Resolver::new(&lib, "ipcc2006", "Hubei", &over).unwrap();
        assert_eq!(r.layers()[0].name, "user");
        let f = r
            .find(&q(
                FactorKind::Ef,
                "natural_gas",
                "1.A.1.a",
                Some(Gas::CH4),
                2019,
            ))
            .unwrap();
        assert_eq!(f.id, "t.ef.any");
    }
}
