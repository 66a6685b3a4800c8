//! The uncertain inputs of emission rows whose equation is not a pure product of its inputs: the models
//! of [`crate::inventory::sectors`] (first-order decay, gain − loss, `(1 + R)`, `(1 − CR)`, `SF_o` …).
//!
//! Such a row is linearised around its central value (IPCC 2006 Vol. 1 Ch. 3 §3.2.3.1: Approach 1
//! propagates errors through the first-order terms of the equation; for a product every sensitivity is
//! 1). Each input `v` gets its **elasticity** `e_v = (∂x/∂v) × (v/x)`: the relative change of the row for
//! a relative change of the input. Approach 1 then counts the input as `U_v × e_v × x`, and Approach 2
//! draws the row as `x × Π_v (1 + e_v (m_v − 1))` with `m_v` the input's multiplier (exactly `x × Π m_v`
//! when every `e_v` is 1). The elasticities, per model:
//!
//! | model | equation | elasticities other than 1 |
//! |---|---|---|
//! | forest gain / losses (Vol. 4 Eq. 2.9, 2.12–2.14) | `… × (1 + R) × CF` | `R`: `R / (1 + R)` |
//! | land conversion (Eq. 2.16) | `A × (B_after − B_before) × CF` | `B_after`: `B_after / (B_after − B_before)`; `B_before`: `−B_before / (B_after − B_before)` |
//! | rice (Vol. 4 Eq. 5.1–5.3) | `EF_c × SF_w × SF_p × (1 + Σ ROA × CFOA)^0.59 × t × A` | `CFOA_i`: `0.59 × ROA_i CFOA_i / (1 + Σ ROA CFOA)` |
//! | glass (Vol. 3 Eq. 2.10) | `M × EF × (1 − CR)` | `CR`: `−CR / (1 − CR)` |
//! | wastewater with sludge (Vol. 5 Eq. 6.1) | `(TOW − S) × Bo × MCF` | `TOW`: `TOW / (TOW − S)` (S exact) |
//! | solid waste, first-order decay (Vol. 5 Eq. 3.1–3.6) | `Σ_t W_t × DOC × DOCf × MCF × F × 16/12 × (1 − e^−k) e^−k(T−1−t) × (1 − OX)` | each deposit `W_t`: its share of the year's CH4; `k`: `Σ_t c_t k (e^−k / (1 − e^−k) − (T−1−t)) / Σ_t c_t`; `OX`: `−OX / (1 − OX)` |
//! | landfill recovery (Vol. 5 Eq. 3.1) | `−R × (1 − OX)` | `OX`: `−OX / (1 − OX)` |
//!
//! Every other model (cement, clinker trade, managed soils, manure management, incineration) is a
//! product whose method text carries notes: all elasticities 1. The first-order terms are exact for the
//! products and a good approximation for the other rows within the ranges of the guideline tables; they
//! are not a Monte Carlo of the models themselves.

use crate::activity::ActivityRecord;
use crate::factors::Factor;
use crate::inventory::sectors::{LIVESTOCK, model_of};
use crate::inventory::{EmissionRow, Inventory};
use std::collections::BTreeMap;

/// One activity input of a model row: the record it was read from and its elasticity.
pub(crate) struct ActivityInput<'r> {
    /// The record (its location names the variable; its `uncertainty_pct` gives its range).
    pub(crate) record: &'r ActivityRecord,
    /// `∂ln x / ∂ln value`.
    pub(crate) elasticity: f64,
}

/// The inputs of a model row: activities and factors (by id), each with its elasticity.
pub(crate) struct ModelInputs<'r> {
    pub(crate) activities: Vec<ActivityInput<'r>>,
    pub(crate) factors: Vec<(String, f64)>,
}

/// The records an inventory's model rows were computed from.
pub(crate) struct Records<'r> {
    /// By (region, year, activity): the candidates for a row's own record.
    own: BTreeMap<(&'r str, i32, &'r str), Vec<&'r ActivityRecord>>,
    /// Solid-waste deposit histories by (region, category, activity), in year order.
    histories: BTreeMap<(&'r str, &'r str, &'r str), BTreeMap<i32, &'r ActivityRecord>>,
}

impl<'r> Records<'r> {
    /// Indexes `records` (only those of activities with a model, or livestock).
    pub(crate) fn new(records: &'r [ActivityRecord]) -> Self {
        let mut own: BTreeMap<_, Vec<&ActivityRecord>> = BTreeMap::new();
        let mut histories: BTreeMap<_, BTreeMap<i32, &ActivityRecord>> = BTreeMap::new();
        for r in records {
            let model = model_of(&r.activity);
            if model.is_none() && !LIVESTOCK.contains(&r.activity.as_str()) {
                continue;
            }
            if model == Some("swds") {
                histories
                    .entry((r.region.as_str(), r.category.as_str(), r.activity.as_str()))
                    .or_default()
                    .insert(r.year, r);
            }
            own.entry((r.region.as_str(), r.year, r.activity.as_str()))
                .or_default()
                .push(r);
        }
        Records { own, histories }
    }

    /// The record a row was computed from: same region, year, activity, and the row's input location
    /// (the row's category may be another than the record's, e.g. 3.C.5 from a 3.C.4 record).
    fn own(&self, row: &EmissionRow) -> Option<&'r ActivityRecord> {
        self.own
            .get(&(row.region.as_str(), row.year, row.activity.as_str()))?
            .iter()
            .find(|r| r.location == row.input)
            .copied()
    }
}

fn value(inv: &Inventory, id: &str) -> Option<f64> {
    inv.factors_used.get(id).map(Factor::canonical_value)
}

/// `x / (x − y)` style ratios without dividing by zero.
fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 { 0.0 } else { num / den }
}

/// The inputs of a row that is not a pure product, or `None` when the row's model is not known here (it
/// then stays "not assessed").
pub(crate) fn of<'r>(
    row: &EmissionRow,
    inv: &Inventory,
    recs: &Records<'r>,
) -> Option<ModelInputs<'r>> {
    let model = if LIVESTOCK.contains(&row.activity.as_str()) {
        "manure"
    } else {
        model_of(&row.activity)?
    };
    let ones = |ids: &[String]| ids.iter().map(|f| (f.clone(), 1.0)).collect::<Vec<_>>();
    if model == "swds" {
        return fod(row, inv, recs);
    }
    let own = recs.own(row)?;
    let mut activity_e = 1.0;
    let mut factors = ones(&row.factor_ids);
    match model {
        "forest_growth" | "forest_removals" | "forest_disturbance" => {
            for (id, e) in factors.iter_mut() {
                if inv
                    .factors_used
                    .get(id)
                    .and_then(|f| f.parameter.as_deref())
                    == Some("R")
                {
                    let r = value(inv, id)?;
                    *e = r / (1.0 + r);
                }
            }
        }
        "land_conversion" => {
            let param = |id: &str| inv.factors_used.get(id).and_then(|f| f.parameter.clone());
            let get = |name: &str| {
                row.factor_ids
                    .iter()
                    .find(|id| param(id).as_deref() == Some(name))
                    .and_then(|id| value(inv, id))
            };
            let (after, before) = (get("B_after")?, get("B_before")?);
            for (id, e) in factors.iter_mut() {
                match param(id).as_deref() {
                    Some("B_after") => *e = ratio(after, after - before),
                    Some("B_before") => *e = ratio(-before, after - before),
                    _ => {}
                }
            }
        }
        "rice" => {
            let amendments = own
                .attribute("organic_amendment")
                .map(|a| crate::inventory::sectors::agriculture::parse_amendment_rates(&a.text))
                .unwrap_or_default();
            let mut terms = Vec::new();
            for (key, rate) in &amendments {
                let name = format!("CFOA.{key}");
                let id = row.factor_ids.iter().find(|id| {
                    inv.factors_used
                        .get(*id)
                        .and_then(|f| f.parameter.as_deref())
                        == Some(name.as_str())
                })?;
                terms.push((id.clone(), rate * value(inv, id)?));
            }
            let sum: f64 = terms.iter().map(|t| t.1).sum();
            for (id, x) in terms {
                if let Some(f) = factors.iter_mut().find(|f| f.0 == id) {
                    f.1 = 0.59 * x / (1.0 + sum);
                }
            }
        }
        "glass" => {
            for (id, e) in factors.iter_mut() {
                if inv
                    .factors_used
                    .get(id)
                    .and_then(|f| f.parameter.as_deref())
                    == Some("cullet_ratio")
                {
                    let cr = value(inv, id)?;
                    *e = ratio(-cr, 1.0 - cr);
                }
            }
        }
        "wastewater_ch4" => {
            if let Some(a) = own.attribute("sludge_removed") {
                let s = own.unit.to_canonical(a.text.trim().parse::<f64>().ok()?);
                let tow = own.canonical_value();
                activity_e = ratio(tow, tow - s);
            }
        }
        "swds_recovery" => {
            for (id, e) in factors.iter_mut() {
                let ox = value(inv, id)?;
                *e = ratio(-ox, 1.0 - ox);
            }
        }
        // Products whose method carries notes.
        "cement" | "clinker_trade" | "soil_n" | "manure" | "incineration_co2" => {}
        _ => return None,
    }
    Some(ModelInputs {
        activities: vec![ActivityInput {
            record: own,
            elasticity: activity_e,
        }],
        factors,
    })
}

/// The inputs of a first-order decay row (see the [module documentation](self)).
fn fod<'r>(row: &EmissionRow, inv: &Inventory, recs: &Records<'r>) -> Option<ModelInputs<'r>> {
    let h = recs.histories.get(&(
        row.region.as_str(),
        row.category.as_str(),
        row.activity.as_str(),
    ))?;
    let param = |name: &str| {
        row.factor_ids.iter().find(|id| {
            inv.factors_used
                .get(*id)
                .and_then(|f| f.parameter.as_deref())
                == Some(name)
        })
    };
    let k = value(inv, param("k")?)?;
    let ox = value(inv, param("OX")?)?;
    let t_row = row.year;
    let keep = (-k).exp();
    // Contributions c_t of the deposits of years t < T (common factors left out).
    let mut c: Vec<(&ActivityRecord, f64, f64)> = Vec::new(); // (record, c_t, T − 1 − t)
    for (&t, &rec) in h.range(..t_row) {
        let age = f64::from(t_row - 1 - t);
        c.push((rec, rec.canonical_value() * keep.powf(age), age));
    }
    let total: f64 = c.iter().map(|x| x.1).sum();
    if total <= 0.0 {
        return None;
    }
    let dk = if keep < 1.0 { keep / (1.0 - keep) } else { 0.0 };
    let k_e = c
        .iter()
        .map(|(_, ct, age)| ct * k * (dk - age))
        .sum::<f64>()
        / total;
    let mut factors = Vec::new();
    for id in &row.factor_ids {
        let p = inv
            .factors_used
            .get(id)
            .and_then(|f| f.parameter.as_deref());
        let e = match p {
            Some("k") => k_e,
            Some("OX") => ratio(-ox, 1.0 - ox),
            _ => 1.0,
        };
        factors.push((id.clone(), e));
    }
    Some(ModelInputs {
        activities: c
            .into_iter()
            .map(|(record, ct, _)| ActivityInput {
                record,
                elasticity: ct / total,
            })
            .collect(),
        factors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_do_not_divide_by_zero() {
        assert_eq!(ratio(1.0, 0.0), 0.0);
        assert_eq!(ratio(-0.1, 0.9), -0.1 / 0.9);
    }
}
