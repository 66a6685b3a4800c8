//! Agriculture (IPCC 2006 Vol. 4) beyond `A × EF`: rice cultivation CH4 and managed soils N2O.
//!
//! Enteric fermentation (3.A.1, Ch. 10 Eq. 10.19/10.20: `CH4 = N × EF`) and manure management per head
//! (3.A.2, Eq. 10.22 for CH4, and per-head N2O factors of the national set) are `A × EF` with the livestock
//! keys (`dairy_cattle`, `swine` …) counted in head.
//!
//! ## Rice cultivation (3.C.7), Ch. 5 Eq. 5.1–5.3
//!
//! `CH4 = EF_i × t_i × A_i`, `EF_i = EF_c × SF_w × SF_p × SF_o`, `SF_o = (1 + Σ_i ROA_i × CFOA_i)^0.59`
//!
//! (Eq. 5.1 with the result in t instead of Gg.) In the activity sheet:
//!
//! - the **water regime during cultivation** is the activity key (Table 5.12): `rice_continuously_flooded`,
//!   `rice_single_drainage`, `rice_multiple_drainage`, `rice_rainfed_regular`, `rice_rainfed_drought`,
//!   `rice_deep_water`, `rice_upland`; the value is the harvested area of that regime (ha, 千公顷, 万亩 …).
//!   The key `rice` alone (水稻) is refused: the regime is required. Early, late and single-season rice are
//!   separate rows with their own season length.
//! - column **`season_days`** (生长期天数): the cultivation period `t`, days — required;
//! - column **`pre_season`** (季前水分状况): `non_flooded_short` (< 180 days, SF_p 1.00),
//!   `non_flooded_long` (> 180 days, 0.68) or `flooded` (> 30 days, 1.90) (Table 5.13). When empty,
//!   `non_flooded_short` is assumed (SF_p = 1, the baseline of EF_c) and the row's method says so;
//! - column **`organic_amendment`** (有机物料): `kind:t/ha` pairs separated by `;`, e.g.
//!   `straw_short:2.5; farmyard_manure:1`, kinds `straw_short`, `straw_long`, `compost`,
//!   `farmyard_manure`, `green_manure` (Table 5.14; dry weight for straw, fresh weight otherwise). Empty =
//!   no amendment (SF_o = 1).
//!
//! ## Managed soils (3.C.4 direct, 3.C.5 indirect), Ch. 11
//!
//! Records of N inputs in 3.C.4, in t N: `synthetic_n` (F_SN), `manure_n` (F_ON), `crop_residue_n` (F_CR).
//! Each gives three rows:
//!
//! - direct, Eq. 11.1 (Tier 1): `N2O = F × EF1 × 44/28` in 3.C.4;
//! - volatilisation, Eq. 11.9: `N2O = F × Frac_GAS × EF4 × 44/28` in 3.C.5, with Frac_GASF for synthetic N,
//!   Frac_GASM for manure N and none for crop residues (Eq. 11.9 has no residue term);
//! - leaching and runoff, Eq. 11.10: `N2O = F × Frac_LEACH × EF5 × 44/28` in 3.C.5.
//!
//! Flooded rice fields (EF1FR), organic soils and grazing deposits (F_PRP) are not modelled.

use super::{Model, N2O_PER_N2O_N, v};
use crate::error::{Diagnostic, nearest};
use crate::factors::Factor;
use crate::gases::{Gas, Origin};
use crate::inventory::EmissionRow;
use crate::inventory::engine::Ctx;
use crate::units::Dimension;

/// The pre-season water regimes of Table 5.13, with the Chinese names read too.
pub const PRE_SEASON: &[(&str, &[&str])] = &[
    ("non_flooded_short", &["季前非淹水<180天", "非淹水<180天"]),
    ("non_flooded_long", &["季前非淹水>180天", "非淹水>180天"]),
    ("flooded", &["季前淹水", "淹水>30天"]),
];

/// The organic amendments of Table 5.14, with the Chinese names read too.
pub const AMENDMENTS: &[(&str, &[&str])] = &[
    ("straw_short", &["秸秆还田<30天", "秸秆(短)"]),
    ("straw_long", &["秸秆还田>30天", "秸秆(长)"]),
    ("compost", &["堆肥"]),
    ("farmyard_manure", &["农家肥", "厩肥"]),
    ("green_manure", &["绿肥"]),
];

/// The water-regime keys of Table 5.12.
pub const WATER_REGIMES: &[&str] = &[
    "rice_continuously_flooded",
    "rice_single_drainage",
    "rice_multiple_drainage",
    "rice_rainfed_regular",
    "rice_rainfed_drought",
    "rice_deep_water",
    "rice_upland",
];

fn key_of<'k>(text: &str, table: &'k [(&'k str, &'k [&'k str])]) -> Option<&'k str> {
    let t = text.trim();
    table
        .iter()
        .find(|(k, zh)| k.eq_ignore_ascii_case(t) || zh.contains(&t))
        .map(|(k, _)| *k)
}

/// Rice cultivation CH4 (Vol. 4 Ch. 5 Eq. 5.1–5.3).
pub(crate) fn rice_rows(m: &Model<'_, '_>, ctx: &mut Ctx) -> Vec<EmissionRow> {
    let rec = m.rec;
    if !m.require_category(ctx, &["3.C.7"]) {
        return Vec::new();
    }
    if !WATER_REGIMES.contains(&rec.activity.as_str()) {
        ctx.diags.error(
            Some(rec.location.clone()),
            format!(
                "{} has no water regime: rice CH4 depends on it (IPCC 2006 Vol. 4 Ch. 5 Table 5.12); use one of {}",
                rec.activity,
                WATER_REGIMES.join(", ")
            ),
        );
        return Vec::new();
    }
    let area = m.amount(ctx, Dimension::Area);
    // Season length, days (required).
    let days = match rec.attribute("season_days") {
        None => {
            ctx.diags.error(
                Some(rec.location.clone()),
                format!(
                    "{}: the season length is missing: add a column season_days (生长期天数) with the cultivation period in days (IPCC 2006 Vol. 4 Eq. 5.1, t)",
                    rec.activity
                ),
            );
            None
        }
        Some(a) => match a.text.parse::<f64>() {
            Ok(d) if d > 0.0 && d <= 366.0 => Some(d),
            _ => {
                ctx.diags.error(
                    Some(a.location.clone()),
                    format!(
                        "season_days \"{}\" is not a number of days between 1 and 366",
                        a.text
                    ),
                );
                None
            }
        },
    };
    // Pre-season water regime (default: the baseline, not flooded < 180 days).
    let (pre, pre_given) = match rec.attribute("pre_season") {
        None => (Some("non_flooded_short"), false),
        Some(a) => match key_of(&a.text, PRE_SEASON) {
            Some(k) => (Some(k), true),
            None => {
                ctx.diags.push(
                    Diagnostic::error(
                        Some(a.location.clone()),
                        format!(
                            "unknown pre-season water regime \"{}\"; expected one of {} (IPCC 2006 Vol. 4 Table 5.13)",
                            a.text,
                            PRE_SEASON.iter().map(|p| p.0).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .suggest(nearest(&a.text, PRE_SEASON.iter().map(|p| p.0))),
                );
                (None, true)
            }
        },
    };
    // Organic amendments: kind:rate pairs.
    let mut amendments: Vec<(&str, f64)> = Vec::new();
    let mut amend_ok = true;
    if let Some(a) = rec.attribute("organic_amendment") {
        for part in a
            .text
            .split([';', '；'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let parsed = part
                .split_once([':', '：'])
                .map(|(k, r)| (key_of(k, AMENDMENTS), k.trim(), r.trim().parse::<f64>()));
            match parsed {
                Some((Some(k), _, Ok(r))) if r >= 0.0 && r.is_finite() => amendments.push((k, r)),
                Some((None, k, _)) => {
                    amend_ok = false;
                    ctx.diags.push(
                        Diagnostic::error(
                            Some(a.location.clone()),
                            format!(
                                "unknown organic amendment \"{k}\"; expected one of {} (IPCC 2006 Vol. 4 Table 5.14)",
                                AMENDMENTS.iter().map(|p| p.0).collect::<Vec<_>>().join(", ")
                            ),
                        )
                        .suggest(nearest(k, AMENDMENTS.iter().map(|p| p.0))),
                    );
                }
                _ => {
                    amend_ok = false;
                    ctx.diags.error(
                        Some(a.location.clone()),
                        format!(
                            "organic amendment \"{part}\": write kind:t/ha with a rate ≥ 0, e.g. straw_short:2.5; compost:1"
                        ),
                    );
                }
            }
        }
    }
    let cat = rec.category.clone();
    let efc = m.param_for(ctx, "EFc", &rec.activity, &cat);
    let sfw = m.param(ctx, "SFw", &cat);
    let sfp = pre.and_then(|p| m.param(ctx, &format!("SFp.{p}"), &cat));
    let cfoa: Vec<(&str, f64, Option<&Factor>)> = amendments
        .iter()
        .map(|(k, r)| (*k, *r, m.param(ctx, &format!("CFOA.{k}"), &cat)))
        .collect();
    let (Some(area), Some(days), Some(efc), Some(sfw), Some(sfp), true) =
        (area, days, efc, sfw, sfp, amend_ok)
    else {
        return Vec::new();
    };
    if cfoa.iter().any(|c| c.2.is_none()) {
        return Vec::new();
    }
    // Eq. 5.3.
    let sum: f64 = cfoa.iter().map(|(_, r, f)| r * f.map_or(0.0, v)).sum();
    let sfo = (1.0 + sum).powf(0.59);
    // Eq. 5.2 (t CH4/ha/day: EF_c is stored in kg/ha, per day) and Eq. 5.1.
    let ef_i = v(efc) * v(sfw) * v(sfp) * sfo;
    let ch4 = ef_i * days * area;
    let organic = if cfoa.is_empty() {
        "none".to_string()
    } else {
        cfoa.iter()
            .map(|(k, r, _)| format!("{k} {r} t/ha"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let method = format!(
        "CH4 = EF_c × SF_w × SF_p × SF_o × t × A (IPCC 2006 Vol. 4 Ch. 5 Eq. 5.1–5.3); t = {days} d; pre-season {}{}; SF_o = {sfo:.4} (organic: {organic})",
        pre.unwrap_or_default(),
        if pre_given {
            ""
        } else {
            " (not given: assumed)"
        }
    );
    let mut factors = vec![efc, sfw, sfp];
    factors.extend(cfoa.iter().filter_map(|c| c.2));
    m.row(
        ctx,
        None,
        (Gas::CH4, Origin::NonFossil),
        ch4,
        method,
        factors,
    )
    .into_iter()
    .collect()
}

/// Direct and indirect N2O of N inputs to managed soils (Vol. 4 Ch. 11 Eq. 11.1, 11.9, 11.10).
pub(crate) fn soil_rows(m: &Model<'_, '_>, ctx: &mut Ctx) -> Vec<EmissionRow> {
    let rec = m.rec;
    if !m.require_category(ctx, &["3.C.4"]) {
        return Vec::new();
    }
    let n = m.amount(ctx, Dimension::Mass);
    let frac_gas_name = match rec.activity.as_str() {
        "synthetic_n" => Some("FracGASF"),
        "manure_n" => Some("FracGASM"),
        _ => None, // crop residues: no volatilisation term in Eq. 11.9
    };
    let ef1 = m.param(ctx, "EF1", &rec.category);
    let frac_gas = frac_gas_name.map(|p| m.param(ctx, p, "3.C.5"));
    let ef4 = frac_gas.map(|_| m.param(ctx, "EF4", "3.C.5"));
    let frac_leach = m.param(ctx, "FracLEACH", "3.C.5");
    let ef5 = m.param(ctx, "EF5", "3.C.5");
    let (Some(n), Some(ef1), Some(frac_leach), Some(ef5)) = (n, ef1, frac_leach, ef5) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    out.extend(m.row(
        ctx,
        None,
        (Gas::N2O, Origin::NonFossil),
        n * v(ef1) * N2O_PER_N2O_N,
        "N2O = F × EF1 × 44/28 (IPCC 2006 Vol. 4 Ch. 11 Eq. 11.1, direct)".into(),
        vec![ef1],
    ));
    if let (Some(Some(fg)), Some(Some(ef4))) = (frac_gas, ef4) {
        out.extend(m.row(
            ctx,
            Some("3.C.5"),
            (Gas::N2O, Origin::NonFossil),
            n * v(fg) * v(ef4) * N2O_PER_N2O_N,
            format!(
                "N2O = F × {} × EF4 × 44/28 (IPCC 2006 Vol. 4 Ch. 11 Eq. 11.9, atmospheric deposition)",
                frac_gas_name.unwrap_or_default()
            ),
            vec![fg, ef4],
        ));
    } else if frac_gas.is_some() {
        return Vec::new(); // a missing volatilisation parameter, already noted
    }
    out.extend(m.row(
        ctx,
        Some("3.C.5"),
        (Gas::N2O, Origin::NonFossil),
        n * v(frac_leach) * v(ef5) * N2O_PER_N2O_N,
        "N2O = F × FracLEACH × EF5 × 44/28 (IPCC 2006 Vol. 4 Ch. 11 Eq. 11.10, leaching and runoff)"
            .into(),
        vec![frac_leach, ef5],
    ));
    out
}
