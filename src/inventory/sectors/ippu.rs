//! Industrial processes (IPCC 2006 Vol. 3) beyond `A × EF`: cement from cement production.
//!
//! Clinker (activity `clinker`, 2.A.1), lime, glass, ammonia, nitric and adipic acid, iron and steel,
//! ferroalloys, aluminium (CO2, CF4, C2F6), HCFC-22 (HFC-23), SF6 and HFCs are `A × EF`
//! ([`crate::inventory::by_activity`]) with the records of `factors/ipcc2006-sectors.toml`.
//!
//! Cement production (activity `cement`) is Tier 1 Eq. 2.1 of Vol. 3 Ch. 2:
//!
//! `CO2 = M_c × C_cl × EF_clc`
//!
//! with `M_c` the cement produced (t), `C_cl` the clinker fraction of cement (parameter `clinker_fraction`,
//! no IPCC default shipped: give the province's value in a factor file) and `EF_clc` the clinker factor of
//! Eq. 2.4 (`0.51 × 1.02 = 0.52 t CO2/t clinker`, the `ef` record of activity `clinker`). Imports and
//! exports of clinker (the `− Im + Ex` of Eq. 2.1) are not modelled: give clinker production instead when
//! they matter.

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
