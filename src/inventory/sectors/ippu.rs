//! Industrial processes (IPCC 2006 Vol. 3) beyond `A × EF`: cement from cement production, the trade in
//! clinker, glass with its cullet ratio.
//!
//! Clinker (activity `clinker`, 2.A.1), lime, ammonia, nitric and adipic acid, iron and steel,
//! ferroalloys, aluminium (CO2, CF4, C2F6), HCFC-22 (HFC-23), SF6 and HFCs are `A × EF`
//! ([`crate::inventory::by_activity`]) with the records of `factors/ipcc2006-sectors.toml`.
//!
//! Cement production (activity `cement`) is Tier 1 Eq. 2.1 of Vol. 3 Ch. 2:
//!
//! `CO2 = M_c × C_cl × EF_clc`
//!
//! with `M_c` the cement produced (t), `C_cl` the clinker fraction of cement (parameter `clinker_fraction`,
//! no IPCC default shipped: give the province's value in a factor file) and `EF_clc` the clinker factor of
//! Eq. 2.4 (`0.51 × 1.02 = 0.52 t CO2/t clinker`, the `ef` record of activity `clinker`).
//!
//! **Clinker trade** (activities `clinker_imports`, `clinker_exports`, t, in 2.A.1): the `− Im + Ex` of
//! Eq. 2.1,
//!
//! `CO2 = [Σ_i (M_ci × C_cli) − Im + Ex] × EF_clc`,
//!
//! as rows of their own: imports `− Im × EF_clc` (negative: clinker made elsewhere is in the province's
//! cement), exports `+ Ex × EF_clc` (clinker made in the province and sold). They belong with the `cement`
//! records (cement-based estimate); with clinker production (`clinker`) they must not be given.
//!
//! **Glass** (activity `glass`, t, 2.A.3), Tier 1 Eq. 2.10 of Vol. 3 Ch. 2:
//!
//! `CO2 = M_g × EF × (1 − CR)`
//!
//! with `EF` the Tier 1 default 0.20 t CO2/t glass and `CR` the cullet ratio (parameter `cullet_ratio`,
//! default 0.50 for a national total; 0 when the activity is glass melted from raw materials only).

use super::{Model, v};
use crate::gases::{Gas, Origin};
use crate::inventory::EmissionRow;
use crate::inventory::engine::Ctx;
use crate::units::Dimension;

/// CO2 of cement production (Vol. 3 Ch. 2 Eq. 2.1).
pub(crate) fn cement_rows(m: &Model<'_, '_>, ctx: &mut Ctx) -> Vec<EmissionRow> {
    if !m.require_category(ctx, &["2.A.1"]) {
        return Vec::new();
    }
    let amount = m.amount(ctx, Dimension::Mass);
    let ccl = m.param(ctx, "clinker_fraction", &m.rec.category);
    let ef = m.ef_for(ctx, Gas::CO2, "clinker", &m.rec.category);
    let (Some(mc), Some(ccl), Some(ef)) = (amount, ccl, ef) else {
        return Vec::new();
    };
    let co2 = mc * v(ccl) * v(ef);
    let method = format!(
        "CO2 = M_cement × C_clinker × EF_clc (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.1; EF_clc Eq. 2.4); C_clinker = {}",
        ccl.value
    );
    m.row(
        ctx,
        None,
        (Gas::CO2, Origin::Fossil),
        co2,
        method,
        vec![ccl, ef],
    )
    .into_iter()
    .collect()
}

/// CO2 of clinker imported (negative) or exported (positive) by a cement industry (Vol. 3 Ch. 2 Eq. 2.1,
/// `− Im + Ex`, times `EF_clc`).
pub(crate) fn clinker_trade_rows(m: &Model<'_, '_>, ctx: &mut Ctx) -> Vec<EmissionRow> {
    if !m.require_category(ctx, &["2.A.1"]) {
        return Vec::new();
    }
    let amount = m.amount(ctx, Dimension::Mass);
    let ef = m.ef_for(ctx, Gas::CO2, "clinker", &m.rec.category);
    let (Some(q), Some(ef)) = (amount, ef) else {
        return Vec::new();
    };
    let (sign, method) = if m.rec.activity == "clinker_imports" {
        (
            -1.0,
            "CO2 = −Im × EF_clc (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.1, clinker imported: deducted)",
        )
    } else {
        (
            1.0,
            "CO2 = Ex × EF_clc (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.1, clinker exported: added)",
        )
    };
    m.row(
        ctx,
        None,
        (Gas::CO2, Origin::Fossil),
        sign * q * v(ef),
        method.into(),
        vec![ef],
    )
    .into_iter()
    .collect()
}

/// CO2 of glass production (Vol. 3 Ch. 2 Eq. 2.10, Tier 1: `M_g × EF × (1 − CR)`).
pub(crate) fn glass_rows(m: &Model<'_, '_>, ctx: &mut Ctx) -> Vec<EmissionRow> {
    if !m.require_category(ctx, &["2.A.3"]) {
        return Vec::new();
    }
    let cat = m.rec.category.clone();
    let amount = m.amount(ctx, Dimension::Mass);
    let ef = m.ef_for(ctx, Gas::CO2, "glass", &cat);
    let cr = m.param(ctx, "cullet_ratio", &cat);
    let (Some(mg), Some(ef), Some(cr)) = (amount, ef, cr) else {
        return Vec::new();
    };
    if !(0.0..1.0).contains(&v(cr)) {
        ctx.diags.error(
            Some(m.rec.location.clone()),
            format!(
                "the cullet ratio {} ({}) must be at least 0 and below 1 (IPCC 2006 Vol. 3 Eq. 2.10)",
                cr.value, cr.id
            ),
        );
        return Vec::new();
    }
    let method = format!(
        "CO2 = M_g × EF × (1 − CR) (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.10, Tier 1); CR = {}",
        cr.value
    );
    m.row(
        ctx,
        None,
        (Gas::CO2, Origin::Fossil),
        mg * v(ef) * (1.0 - v(cr)),
        method,
        vec![ef, cr],
    )
    .into_iter()
    .collect()
}
