//! Waste (IPCC 2006 Vol. 5) beyond `A × EF`.
//!
//! ## Solid waste disposal (4.A), first-order decay, Ch. 3 Eq. 3.1–3.6
//!
//! Records `swds_food`, `swds_garden`, `swds_paper`, `swds_wood`, `swds_textiles` (t wet weight deposited in
//! the year) in 4.A.1 (managed), 4.A.2 (unmanaged) or 4.A.3 (uncategorised). The records of one region,
//! category and waste type over several years are its **deposit history**; it must have a record for every
//! year from its first to the inventory year (write 0 for a year without deposits): a gap is an error. For
//! each year `T` of the history:
//!
//! - Eq. 3.2: `DDOCm_d(T) = W_T × DOC × DOC_f × MCF` (decomposable DOC deposited);
//! - Eq. 3.4: `DDOCm_a(T) = DDOCm_d(T) + DDOCm_a(T−1) × e^(−k)` (accumulated at the end of year T);
//! - Eq. 3.5: `DDOCm_decomp(T) = DDOCm_a(T−1) × (1 − e^(−k))`;
//! - Eq. 3.6: `CH4_generated(T) = DDOCm_decomp(T) × F × 16/12`;
//! - Eq. 3.1: `CH4_emitted(T) = (CH4_generated(T) − R_T) × (1 − OX)`, with `R` = 0 (recovery is not
//!   modelled).
//!
//! Waste deposited in year T starts to decay on 1 January of year T+1 (Eq. 3.4/3.5 as printed). This is
//! the IPCC Waste Model spreadsheet's default: waste deposited on average in mid-year with a six-month
//! delay, reaction starting in month M = 13 (recalled, not read in the spreadsheet). Other delays (M < 13,
//! decay partly in the year of deposit) are not offered. Parameters (`DOC`, `k` per waste type; `DOCf`, `F`, `OX`; `MCF` per category) are those of the
//! inventory year and apply to the whole history.
//!
//! The emission rows are made for the region's inventory years: the years of its other records (or every
//! year of the history when the region has only waste deposits). Each row's input is the deposit record
//! of the row's year; its method names the years of the history used.
//!
//! ## Incineration (4.C), Ch. 5
//!
//! Fossil CO2 of the components `incinerated_plastics`, `incinerated_textiles`, `incinerated_rubber_leather`,
//! `incinerated_paper` (t wet weight), Eq. 5.1: `CO2 = SW × dm × CF × FCF × OF × 44/12`. CH4 and N2O of
//! MSW incinerated (Eq. 5.4, 5.5) are `A × EF` (activity `msw_incinerated`).
//!
//! ## Wastewater (4.D), Ch. 6
//!
//! CH4 per treatment pathway, Eq. 6.1–6.3 (domestic, activity = BOD to the pathway, t) and Eq. 6.4–6.5
//! (industrial, activity = COD, t): `CH4 = TOW × B_o × MCF`, sludge removed `S` and recovery `R` taken as
//! 0. N2O of effluent (Eq. 6.7) is `A × EF` (activity `ww_effluent_n`, t N).

use super::{CH4_PER_C, CO2_PER_C, Model, v};
use crate::activity::ActivityRecord;
use crate::factors::Factor;
use crate::gases::{Gas, Origin};
use crate::inventory::engine::{Ctx, Resolvers};
use crate::inventory::{EmissionRow, Settings};
use crate::units::Dimension;
use std::collections::{BTreeMap, BTreeSet};

/// Fossil CO2 of incinerated waste components (Vol. 5 Ch. 5 Eq. 5.1).
pub(crate) fn incineration_rows(m: &Model<'_, '_>, ctx: &mut Ctx) -> Vec<EmissionRow> {
    if !m.require_category(ctx, &["4.C"]) {
        return Vec::new();
    }
    let cat = m.rec.category.clone();
    let sw = m.amount(ctx, Dimension::Mass);
    let ps: Vec<Option<&Factor>> = ["dm", "CF", "FCF", "OF"]
        .iter()
        .map(|p| m.param(ctx, p, &cat))
        .collect();
    let (Some(sw), [Some(dm), Some(cf), Some(fcf), Some(of)]) = (sw, ps.as_slice()) else {
        return Vec::new();
    };
    let co2 = sw * v(dm) * v(cf) * v(fcf) * v(of) * CO2_PER_C;
    m.row(
        ctx,
        None,
        (Gas::CO2, Origin::Fossil),
        co2,
        "CO2 = SW × dm × CF × FCF × OF × 44/12 (IPCC 2006 Vol. 5 Ch. 5 Eq. 5.1, fossil carbon)"
            .into(),
        vec![dm, cf, fcf, of],
    )
    .into_iter()
    .collect()
}

/// CH4 of a wastewater treatment pathway (Vol. 5 Ch. 6 Eq. 6.1–6.5).
pub(crate) fn wastewater_rows(m: &Model<'_, '_>, ctx: &mut Ctx) -> Vec<EmissionRow> {
    let (expected, what) = if m.rec.activity.starts_with("ww_industrial") {
        ("4.D.2", "COD, Eq. 6.4–6.5")
    } else {
        ("4.D.1", "BOD, Eq. 6.1–6.3")
    };
    if !m.require_category(ctx, &[expected]) {
        return Vec::new();
    }
    let cat = m.rec.category.clone();
    let tow = m.amount(ctx, Dimension::Mass);
    let (bo, mcf) = (m.param(ctx, "Bo", &cat), m.param(ctx, "MCF", &cat));
    let (Some(tow), Some(bo), Some(mcf)) = (tow, bo, mcf) else {
        return Vec::new();
    };
    m.row(
        ctx,
        None,
        (Gas::CH4, Origin::NonFossil),
        tow * v(bo) * v(mcf),
        format!("CH4 = TOW × Bo × MCF (IPCC 2006 Vol. 5 Ch. 6, {what}; sludge and recovery 0)"),
        vec![bo, mcf],
    )
    .into_iter()
    .collect()
}

/// The first-order decay of one deposit history (Eq. 3.2–3.6): CH4 generated in each year of `deposits`
/// (t CH4, before recovery and oxidation), for deposits `W_T` (t) and the parameters as numbers.
///
/// `deposits[i]` is the year `first + i`; the result has one value per year.
pub fn fod_generated(deposits: &[f64], doc: f64, docf: f64, mcf: f64, k: f64, f: f64) -> Vec<f64> {
    let keep = (-k).exp();
    let mut accumulated = 0.0; // DDOCm_a(T−1)
    deposits
        .iter()
        .map(|w| {
            let deposited = w * doc * docf * mcf; // Eq. 3.2
            let decomposed = accumulated * (1.0 - keep); // Eq. 3.5
            accumulated = deposited + accumulated * keep; // Eq. 3.4
            decomposed * f * CH4_PER_C // Eq. 3.6
        })
        .collect()
}

/// The CH4 rows of every solid-waste deposit history (Eq. 3.1–3.6), computed after the per-record pass.
/// Gaps in a history and a history that ends before an inventory year are errors at the records.
pub(crate) fn swds_rows(
    records: &[ActivityRecord],
    resolvers: &Resolvers<'_>,
    s: &Settings<'_>,
    ctx: &mut Ctx,
) -> Vec<EmissionRow> {
    // Histories by (region, category, waste type), in years; inventory years by region.
    let mut histories: BTreeMap<(&str, &str, &str), BTreeMap<i32, &ActivityRecord>> =
        BTreeMap::new();
    let mut years: BTreeMap<&str, BTreeSet<i32>> = BTreeMap::new();
    for rec in records {
        if super::is_history(rec) {
            histories
                .entry((&rec.region, &rec.category, &rec.activity))
                .or_default()
                .insert(rec.year, rec);
        } else {
            years.entry(&rec.region).or_default().insert(rec.year);
        }
    }
    let mut out = Vec::new();
    for ((region, category, activity), h) in &histories {
        let Some(resolver) = resolvers.built(region) else {
            continue;
        };
        let (first, last) = (
            *h.keys().next().unwrap_or(&0),
            *h.keys().last().unwrap_or(&0),
        );
        // Gaps.
        let mut gap = false;
        let mut prev: Option<i32> = None;
        for (&y, rec) in h {
            if let Some(p) = prev
                && y != p + 1
            {
                gap = true;
                ctx.diags.error(
                    Some(rec.location.clone()),
                    format!(
                        "the deposit history of {activity} in {category} ({region}) has no record for {}{}: the first-order decay model needs every year from the first deposit ({first}) on; write 0 for a year without deposits",
                        p + 1,
                        if y - 1 > p + 1 { format!("–{}", y - 1) } else { String::new() }
                    ),
                );
            }
            prev = Some(y);
        }
        if gap {
            continue;
        }
        let deposits: Vec<f64> = h.values().map(|r| r.canonical_value()).collect();
        if let Some(bad) = h.values().find(|r| r.unit.dimension != Dimension::Mass) {
            ctx.diags.error(
                Some(bad.location.clone()),
                format!(
                    "{activity} is given in {} ({}); waste deposits are a mass (t, 万吨)",
                    bad.unit_text, bad.unit.dimension
                ),
            );
            continue;
        }
        let targets: Vec<i32> = match years.get(region) {
            Some(ys) => ys.iter().copied().filter(|&y| y >= first).collect(),
            None => h.keys().copied().collect(),
        };
        for t in targets {
            let Some(rec) = h.get(&t) else {
                let last_rec = h[&last];
                ctx.diags.error(
                    Some(last_rec.location.clone()),
                    format!(
                        "the deposit history of {activity} in {category} ({region}) ends in {last}, but the inventory has year {t}: give deposits up to {t} (0 where there were none)"
                    ),
                );
                continue;
            };
            let m = Model { rec, resolver, s };
            let ps: Vec<Option<&Factor>> = ["DOC", "DOCf", "MCF", "k", "F", "OX"]
                .iter()
                .map(|p| m.param(ctx, p, category))
                .collect();
            let [Some(doc), Some(docf), Some(mcf), Some(k), Some(f), Some(ox)] = ps.as_slice()
            else {
                continue;
            };
            let n = (t - first + 1) as usize;
            let generated = fod_generated(&deposits[..n], v(doc), v(docf), v(mcf), v(k), v(f));
            let ch4 = generated[n - 1] * (1.0 - v(ox));
            let method = format!(
                "FOD: DDOCm = W × DOC × DOCf × MCF; DDOCma_T = DDOCm_T + DDOCma_T−1 × e^−k; CH4 = DDOCma_T−1 × (1 − e^−k) × F × 16/12 × (1 − OX) (IPCC 2006 Vol. 5 Ch. 3 Eq. 3.1–3.6, decay from the year after deposit, R = 0); deposits {first}–{t} ({n} years)"
            );
            out.extend(m.row(
                ctx,
                None,
                (Gas::CH4, Origin::NonFossil),
                ch4,
                method,
                vec![doc, docf, mcf, k, f, ox],
            ));
        }
    }
    out
}
