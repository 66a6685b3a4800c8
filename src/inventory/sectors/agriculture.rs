//! Agriculture (IPCC 2006 Vol. 4) beyond `A × EF`: manure management, rice cultivation CH4 and managed
//! soils N2O.
//!
//! Enteric fermentation (3.A.1, Ch. 10 Eq. 10.19/10.20: `CH4 = N × EF`) is `A × EF` with the livestock
//! keys (`dairy_cattle`, `swine` …) counted in head — Tier 1, the per-head factors of Tables 10.10/10.11.
//!
//! **Tier 2** ([`enteric_tier2_rows`]), when the resolution finds a parameter **`GE`** (gross energy intake,
//! `MJ/head`, per head and **day**) for the record's animal and category (a factor file or a `factors`
//! sheet): Eq. 10.21, `EF = GE × (Ym / 100) × 365 / 55.65` kg CH4/head/yr, with `Ym` the methane
//! conversion factor (parameter `Ym`, a fraction: 6.5 % = 0.065; Table 10.12 for cattle and buffalo,
//! Table 10.13 for sheep; 55.65 MJ/kg CH4 is the energy content of methane), then Eq. 10.19
//! `CH4 = N × EF`.
//!
//! ## Manure management (3.A.2), Ch. 10
//!
//! A livestock record in 3.A.2 (`N` head, average annual population) gives:
//!
//! - **CH4**, Tier 1 Eq. 10.22: `CH4 = N × EF_T`, with the per-head factor of the set (Table 10.15 for
//!   sheep, goats, camels, horses, mules/asses and poultry in `ipcc2006`; national per-head factors in
//!   `china`). Table 10.14 (cattle, buffalo, swine by region and mean annual temperature) is shipped for
//!   Hubei only (Asia at 16 °C, records with `region`); elsewhere a record without a factor is an error
//!   naming its cell, never a silent gap.
//! - **N2O**: a per-head N2O factor of the set when there is one (`china`: direct and indirect as that
//!   document defines them), `N2O = N × EF`. Otherwise the Tier 1 **nitrogen route**, which needs the
//!   column **`manure_system`** (粪便管理方式): the fraction `MS_S` of the manure in each system `S`, as
//!   `system:fraction` pairs separated by `;` summing to 1 (e.g. `solid_storage:0.5; liquid_crust:0.3;
//!   pasture:0.2`; systems in [`MANURE_SYSTEMS`]) and the parameter `Nex` (kg N/head/yr, Eq. 10.30:
//!   `N_rate` of Table 10.19 × TAM / 1000 × 365; shipped for dairy cattle, other cattle, buffalo and
//!   swine from the Asia rows). For each system:
//!   - direct, Eq. 10.25: `N2O_D = N × Nex × MS_S × EF3_S × 44/28` in 3.A.2 (`EF3.<system>`, Table 10.21);
//!   - volatilisation, Eq. 10.26/10.27: `N2O_G = N × Nex × MS_S × Frac_GasMS × EF4 × 44/28` in 3.C.6
//!     (`FracGasMS.<system>` per animal, Table 10.22; `EF4` of Table 11.3);
//!   - leaching, Eq. 10.28/10.29: `N2O_L = N × Nex × MS_S × Frac_LeachMS × EF5 × 44/28` in 3.C.6 when the
//!     parameter `FracLeachMS.<system>` is given (the Guidelines give no default, only a range of 1–20 %;
//!     without it the leaching term is left out, the volatilisation row's `method` says so and a warning
//!     names the cell);
//!   - the system `pasture` (pasture, range and paddock) is not manure management: its N is `F_PRP`
//!     (Ch. 11 Eq. 11.5, `F_PRP = N × Nex × MS_PRP`) and goes to managed soils as in Eq. 11.1 with
//!     `EF3PRP` (3.C.4; Table 11.1: 0.02 for cattle, buffalo, poultry and pigs, 0.01 for sheep and
//!     other animals) and Eq. 11.9/11.10 (3.C.5).
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
//!   `non_flooded_short` is assumed (SF_p = 1, the baseline of EF_c): the row's method says so and a
//!   warning names the cell;
//! - column **`organic_amendment`** (有机物料): `kind:t/ha` pairs separated by `;`, e.g.
//!   `straw_short:2.5; farmyard_manure:1`, kinds `straw_short`, `straw_long`, `compost`,
//!   `farmyard_manure`, `green_manure` (Table 5.14; dry weight for straw, fresh weight otherwise). Empty =
//!   no amendment (SF_o = 1).
//!
//! ## Managed soils (3.C.4 direct, 3.C.5 indirect), Ch. 11
//!
//! Records of N inputs in 3.C.4, in t N: `synthetic_n` (F_SN), `manure_n` (F_ON), `crop_residue_n` (F_CR),
//! and urine and dung deposited by grazing animals (F_PRP) `prp_n_cpp` (cattle, buffalo, poultry, pigs)
//! and `prp_n_so` (sheep and other animals). Each gives three rows (two for crop residues):
//!
//! - direct, Eq. 11.1 (Tier 1): `N2O = F × EF1 × 44/28` in 3.C.4, for F_PRP `N2O = F_PRP × EF3PRP × 44/28`
//!   (parameter `EF3PRP` of the key, Table 11.1);
//! - volatilisation, Eq. 11.9: `N2O = F × Frac_GAS × EF4 × 44/28` in 3.C.5, with Frac_GASF for synthetic N,
//!   Frac_GASM for manure N and grazing deposits, none for crop residues (Eq. 11.9 has no residue term);
//! - leaching and runoff, Eq. 11.10: `N2O = F × Frac_LEACH × EF5 × 44/28` in 3.C.5.
//!
//! Liming (3.C.2, `limestone_applied`, `dolomite_applied`, Eq. 11.12: `CO2 = M × EF × 44/12` with EF
//! 0.12 and 0.13 t C/t) and urea application (3.C.3, `urea_applied`, Eq. 11.13, EF 0.20 t C/t) are
//! `A × EF` with the factors stored in t CO2/t.
//!
//! Flooded rice fields (EF1FR) and organic soils are not modelled.

use super::{Model, N2O_PER_N2O_N, v};
use crate::error::{Diagnostic, nearest};
use crate::factors::resolve::Query;
use crate::factors::{Factor, FactorKind};
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

/// The well-formed `kind:t/ha` pairs of an `organic_amendment` cell (kinds as [`AMENDMENTS`] keys);
/// malformed parts are left out (the model reports them as errors).
pub fn parse_amendment_rates(text: &str) -> Vec<(&'static str, f64)> {
    text.split([';', '；'])
        .filter_map(|part| {
            let (k, r) = part.trim().split_once([':', '：'])?;
            Some((key_of(k, AMENDMENTS)?, r.trim().parse::<f64>().ok()?))
        })
        .collect()
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
    if !pre_given {
        ctx.diags.warning(
            Some(rec.location.clone()),
            format!(
                "{}: no pre_season (季前水分状况) given: non_flooded_short assumed (SF_p = 1, the baseline of EF_c, IPCC 2006 Vol. 4 Table 5.13); a field flooded before the season emits 1.9 times as much",
                rec.activity
            ),
        );
    }
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
        "manure_n" | "prp_n_cpp" | "prp_n_so" => Some("FracGASM"),
        _ => None, // crop residues: no volatilisation term in Eq. 11.9
    };
    let prp = rec.activity.starts_with("prp_n");
    let ef1_name = if prp { "EF3PRP" } else { "EF1" };
    let ef1 = m.param(ctx, ef1_name, &rec.category);
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
        if prp {
            "N2O = F_PRP × EF3PRP × 44/28 (IPCC 2006 Vol. 4 Ch. 11 Eq. 11.1, direct, urine and dung on pasture)"
        } else {
            "N2O = F × EF1 × 44/28 (IPCC 2006 Vol. 4 Ch. 11 Eq. 11.1, direct)"
        }
        .into(),
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

/// The manure management systems of Table 10.21 offered in the column `manure_system`, with the Chinese
/// names read too; `pasture` (pasture, range and paddock) sends its N to managed soils (F_PRP).
pub const MANURE_SYSTEMS: &[(&str, &[&str])] = &[
    ("pasture", &["放牧", "牧场"]),
    ("daily_spread", &["每日施用", "日施"]),
    ("solid_storage", &["固体贮存", "固体储存", "堆存"]),
    ("dry_lot", &["干育肥场", "干饲养场"]),
    ("liquid_crust", &["液体贮存(有结壳)", "液体有结壳"]),
    (
        "liquid_no_crust",
        &["液体贮存(无结壳)", "液体无结壳", "液体贮存"],
    ),
    ("lagoon", &["厌氧塘", "氧化塘"]),
    ("pit_storage", &["坑贮存", "舍内坑贮存"]),
    ("digester", &["沼气池", "厌氧消化"]),
    ("deep_bedding_no_mix", &["垫料(不混合)"]),
    ("deep_bedding_mix", &["垫料(混合)"]),
    ("composting_vessel", &["堆肥(容器)"]),
    ("composting_static", &["堆肥(静态)", "堆肥"]),
    ("composting_windrow_intensive", &["堆肥(集约条垛)"]),
    ("composting_windrow_passive", &["堆肥(被动条垛)"]),
    ("poultry_litter", &["禽粪(有垫料)"]),
    ("poultry_no_litter", &["禽粪(无垫料)"]),
    ("aerobic_natural", &["好氧(自然)"]),
    ("aerobic_forced", &["好氧(强制)"]),
];

/// The key of the grazing-deposit records whose `EF3PRP` applies to an animal (Table 11.1: CPP = cattle,
/// buffalo, poultry, pigs; SO = sheep and other animals).
fn prp_key(animal: &str) -> &'static str {
    match animal {
        "dairy_cattle" | "other_cattle" | "buffalo" | "poultry" | "swine" => "prp_n_cpp",
        _ => "prp_n_so",
    }
}

/// The `system:fraction` pairs of the column `manure_system`, checked (known systems, fractions in
/// [0, 1] summing to 1 within 0.001); `None` after an error at the cell.
pub(crate) fn parse_manure_systems(
    text: &str,
    at: &crate::error::Location,
    ctx: &mut Ctx,
) -> Option<Vec<(&'static str, f64)>> {
    let mut out = Vec::new();
    let mut ok = true;
    for part in text
        .split([';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let parsed = part
            .split_once([':', '：'])
            .map(|(k, f)| (key_of(k, MANURE_SYSTEMS), k.trim(), f.trim().parse::<f64>()));
        match parsed {
            Some((Some(k), _, Ok(f))) if (0.0..=1.0).contains(&f) => out.push((k, f)),
            Some((None, k, _)) => {
                ok = false;
                ctx.diags.push(
                    Diagnostic::error(
                        Some(at.clone()),
                        format!(
                            "unknown manure management system \"{k}\"; expected one of {} (IPCC 2006 Vol. 4 Table 10.21)",
                            MANURE_SYSTEMS.iter().map(|p| p.0).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .suggest(nearest(k, MANURE_SYSTEMS.iter().map(|p| p.0))),
                );
            }
            _ => {
                ok = false;
                ctx.diags.error(
                    Some(at.clone()),
                    format!(
                        "manure_system \"{part}\": write system:fraction with a fraction between 0 and 1, e.g. solid_storage:0.6; pasture:0.4"
                    ),
                );
            }
        }
    }
    let sum: f64 = out.iter().map(|(_, f)| f).sum();
    if ok && (out.is_empty() || (sum - 1.0).abs() > 1e-3) {
        ctx.diags.error(
            Some(at.clone()),
            format!(
                "manure_system \"{text}\": the fractions MS of the systems must sum to 1 (they sum to {sum}) (IPCC 2006 Vol. 4 Eq. 10.25)"
            ),
        );
        return None;
    }
    ok.then_some(out)
}

/// The per-head emission factor of `gas` for the record (a factor naming 3.A.2 or below), if the set has
/// one.
fn per_head<'f>(m: &Model<'_, 'f>, gas: Gas) -> Option<&'f Factor> {
    m.resolver.find_for_category(&Query {
        kind: FactorKind::Ef,
        activity: &m.rec.activity,
        category: &m.rec.category,
        gas: Some(gas),
        year: m.rec.year,
    })
}

/// Manure management CH4 (Vol. 4 Ch. 10 Eq. 10.22) and N2O (a per-head factor, or the nitrogen route of
/// Eq. 10.25–10.29 with F_PRP to managed soils, Ch. 11 Eq. 11.5, 11.1, 11.9, 11.10).
pub(crate) fn manure_rows(m: &Model<'_, '_>, ctx: &mut Ctx) -> Vec<EmissionRow> {
    let rec = m.rec;
    let Some(n) = m.amount(ctx, Dimension::Count) else {
        return Vec::new();
    };
    let cat = rec.category.clone();
    let mut out = Vec::new();
    // CH4, Eq. 10.22.
    match per_head(m, Gas::CH4) {
        Some(ef) => out.extend(m.row(
            ctx,
            None,
            (Gas::CH4, Origin::NonFossil),
            n * v(ef),
            "CH4 = N × EF (IPCC 2006 Vol. 4 Ch. 10 Eq. 10.22, Tier 1, per head and year)".into(),
            vec![ef],
        )),
        None => ctx.missing(
            "ef for CH4".into(),
            "activity",
            &rec.activity,
            &cat,
            &rec.location,
            " (manure CH4 per head and year, IPCC 2006 Vol. 4 Eq. 10.22; Table 10.14 (cattle, buffalo, swine by region and mean annual temperature) is shipped for Hubei only: give the value of your region and temperature in a factor file (kind = \"ef\", gas = \"CH4\", unit = \"kg CH4/head\"))",
        ),
    }
    // N2O: a per-head factor of the set …
    if let Some(ef) = per_head(m, Gas::N2O) {
        out.extend(m.row(
            ctx,
            None,
            (Gas::N2O, Origin::NonFossil),
            n * v(ef),
            "N2O = N × EF (per head and year, the set's factor; IPCC 2006 Vol. 4 Ch. 10 §10.5 Tier 1 per-head form)".into(),
            vec![ef],
        ));
        return out;
    }
    // … or the nitrogen route.
    let Some(systems) = (match rec.attribute("manure_system") {
        Some(a) => parse_manure_systems(&a.text, &a.location, ctx),
        None => {
            ctx.diags.error(
                Some(rec.location.clone()),
                format!(
                    "{} in {cat}: the factor set has no N2O factor per head, and the IPCC nitrogen route (Vol. 4 Ch. 10 Eq. 10.25–10.29) needs the share of manure in each management system: add a column manure_system (粪便管理方式) with system:fraction pairs summing to 1, e.g. solid_storage:0.6; liquid_crust:0.3; pasture:0.1 (systems: {})",
                    rec.activity,
                    MANURE_SYSTEMS.iter().map(|p| p.0).collect::<Vec<_>>().join(", ")
                ),
            );
            None
        }
    }) else {
        return out;
    };
    let nex = m.resolver.find_param("Nex", &rec.activity, &cat, rec.year);
    if nex.is_none() {
        ctx.missing(
            "param Nex".into(),
            "activity",
            &rec.activity,
            &cat,
            &rec.location,
            " (N excreted, kg N/head/yr, IPCC 2006 Vol. 4 Eq. 10.30: N_rate of Table 10.19 × TAM / 1000 × 365; shipped for cattle, buffalo and swine only: give your region's value, kind = \"param\", parameter = \"Nex\", unit = \"kg N/head\")",
        );
    }
    let ef4 = m.param(ctx, "EF4", "3.C.5");
    let ef5 = m.param(ctx, "EF5", "3.C.5");
    for (sys, ms) in systems {
        if ms == 0.0 {
            continue;
        }
        let (Some(nex), Some(ef4), Some(ef5)) = (nex, ef4, ef5) else {
            continue;
        };
        let n_sys = n * v(nex) * ms; // t N/yr managed in (or deposited by) the system
        let share = format!("MS_{sys} = {ms}");
        if sys == "pasture" {
            // F_PRP, Eq. 11.5, to managed soils.
            let key = prp_key(&rec.activity);
            let ef3prp = m.param_for(ctx, "EF3PRP", key, "3.C.4");
            let fg = m.param_for(ctx, "FracGASM", key, "3.C.5");
            let fl = m.param_for(ctx, "FracLEACH", key, "3.C.5");
            let (Some(ef3prp), Some(fg), Some(fl)) = (ef3prp, fg, fl) else {
                continue;
            };
            let prp_rows = [
                (
                    "3.C.4",
                    v(ef3prp),
                    "F_PRP × EF3PRP × 44/28 (IPCC 2006 Vol. 4 Ch. 11 Eq. 11.5 and 11.1, direct)",
                    vec![nex, ef3prp],
                ),
                (
                    "3.C.5",
                    v(fg) * v(ef4),
                    "F_PRP × FracGASM × EF4 × 44/28 (IPCC 2006 Vol. 4 Ch. 11 Eq. 11.9, atmospheric deposition)",
                    vec![nex, fg, ef4],
                ),
                (
                    "3.C.5",
                    v(fl) * v(ef5),
                    "F_PRP × FracLEACH × EF5 × 44/28 (IPCC 2006 Vol. 4 Ch. 11 Eq. 11.10, leaching and runoff)",
                    vec![nex, fl, ef5],
                ),
            ];
            for (c, f, eq, fs) in prp_rows {
                out.extend(m.row(
                    ctx,
                    Some(c),
                    (Gas::N2O, Origin::NonFossil),
                    n_sys * f * N2O_PER_N2O_N,
                    format!("N2O = {eq}; F_PRP = N × Nex × MS_pasture, {share}"),
                    fs,
                ));
            }
            continue;
        }
        let ef3 = m.param(ctx, &format!("EF3.{sys}"), &cat);
        let fg = m.param(ctx, &format!("FracGasMS.{sys}"), &cat);
        let fl =
            m.resolver
                .find_param(&format!("FracLeachMS.{sys}"), &rec.activity, &cat, rec.year);
        let (Some(ef3), Some(fg)) = (ef3, fg) else {
            continue;
        };
        out.extend(m.row(
            ctx,
            None,
            (Gas::N2O, Origin::NonFossil),
            n_sys * v(ef3) * N2O_PER_N2O_N,
            format!("N2O = N × Nex × MS × EF3 × 44/28 (IPCC 2006 Vol. 4 Ch. 10 Eq. 10.25, direct); {share}"),
            vec![nex, ef3],
        ));
        let leach_note = if fl.is_none() {
            ctx.diags.warning(
                Some(rec.location.clone()),
                format!(
                    "{} in {cat}, system {sys}: indirect N2O from leaching and runoff (IPCC 2006 Vol. 4 Eq. 10.28/10.29) NOT estimated: parameter FracLeachMS.{sys} not given (the Guidelines give no default, range 1–20 %); add it in a factor file (kind = \"param\", parameter = \"FracLeachMS.{sys}\")",
                    rec.activity
                ),
            );
            format!(
                "; leaching and runoff (Eq. 10.28/10.29) NOT estimated: parameter FracLeachMS.{sys} not given (the Guidelines give no default, range 1–20 %)"
            )
        } else {
            String::new()
        };
        out.extend(m.row(
            ctx,
            Some("3.C.6"),
            (Gas::N2O, Origin::NonFossil),
            n_sys * v(fg) * v(ef4) * N2O_PER_N2O_N,
            format!("N2O = N × Nex × MS × FracGasMS × EF4 × 44/28 (IPCC 2006 Vol. 4 Ch. 10 Eq. 10.26 and 10.27, volatilisation); {share}{leach_note}"),
            vec![nex, fg, ef4],
        ));
        if let Some(fl) = fl {
            out.extend(m.row(
                ctx,
                Some("3.C.6"),
                (Gas::N2O, Origin::NonFossil),
                n_sys * v(fl) * v(ef5) * N2O_PER_N2O_N,
                format!("N2O = N × Nex × MS × FracLeachMS × EF5 × 44/28 (IPCC 2006 Vol. 4 Ch. 10 Eq. 10.28 and 10.29, leaching and runoff); {share}"),
                vec![nex, fl, ef5],
            ));
        }
    }
    out
}

/// Enteric fermentation CH4 by Tier 2 (Vol. 4 Ch. 10 Eq. 10.21 and 10.19): `EF = GE × Ym × 365 / 55.65`
/// (kg CH4/head/yr; `GE` in MJ/head/day, `Ym` a fraction), `CH4 = N × EF`. `ge` is the parameter `GE`
/// found for the record ([`super::rows_of`] chooses this model when there is one).
pub(crate) fn enteric_tier2_rows<'f>(
    m: &Model<'_, 'f>,
    ge: &'f Factor,
    ctx: &mut Ctx,
) -> Vec<EmissionRow> {
    let rec = m.rec;
    let Some(n) = m.amount(ctx, Dimension::Count) else {
        return Vec::new();
    };
    if ge.unit.dimension_pair() != (Dimension::Energy, Some(Dimension::Count)) {
        ctx.diags.error(
            Some(rec.location.clone()),
            format!(
                "{} in {}: parameter GE ({}) is in {}; gross energy intake is energy per head and day, e.g. MJ/head (IPCC 2006 Vol. 4 Eq. 10.21)",
                rec.activity, rec.category, ge.id, ge.unit
            ),
        );
        return Vec::new();
    }
    let Some(ym) = m.param(ctx, "Ym", &rec.category) else {
        return Vec::new();
    };
    // GE in MJ/head/day (canonical TJ/head × 10⁶); EF in kg CH4/head/yr; CH4 in t.
    let ge_mj = v(ge) * 1e6;
    let ef_kg = ge_mj * v(ym) * 365.0 / METHANE_ENERGY_MJ_PER_KG;
    m.row(
        ctx,
        None,
        (Gas::CH4, Origin::NonFossil),
        n * ef_kg / 1000.0,
        format!(
            "CH4 = N × EF, EF = GE × Ym × 365 / 55.65 (IPCC 2006 Vol. 4 Ch. 10 Eq. 10.21 and 10.19, Tier 2); GE = {ge_mj:.4} MJ/head/day, EF = {ef_kg:.4} kg CH4/head/yr"
        ),
        vec![ge, ym],
    )
    .into_iter()
    .collect()
}

/// The energy content of methane in Eq. 10.21, MJ/kg CH4.
pub const METHANE_ENERGY_MJ_PER_KG: f64 = 55.65;
