//! Land use, land-use change and forestry (IPCC 2006 Vol. 4 Ch. 2 and 4): carbon stock changes of biomass,
//! as CO2 rows: `CO2 = −ΔC × 44/12`, so that removals (a gain of carbon) are negative and losses positive.
//!
//! - `forest_area` (ha) in 3.B.1.a (forest land remaining forest land) or 3.B.1.b.* (land converted to forest
//!   land, whose Tier 1 gain uses the same growth): **gain**, Eq. 2.9 with Eq. 2.7's total growth:
//!   `ΔC_G = A × G_W × (1 + R) × CF`, with `G_W` the above-ground biomass growth (t d.m./ha/yr, parameter
//!   `G_W`: no default shipped — Table 4.9/4.10 rows depend on climate zone, continent and age: give yours),
//!   `R` the root-to-shoot ratio (Table 4.4) and `CF` the carbon fraction (Table 4.3, 0.47).
//! - `wood_removals`, `fuelwood_removals` (m³) in 3.B.1.a: **losses**, Eq. 2.12 and 2.13 (whole trees only,
//!   `FG_part` = 0): `L = H × BCEF_R × (1 + R) × CF`, with `BCEF_R` (t biomass/m³ removed, Table 4.5,
//!   parameter `BCEF_R`, no default shipped).
//! - `forest_disturbance_area` (ha) in 3.B.1.a: **losses**, Eq. 2.14:
//!   `L = A × B_W × (1 + R) × CF × fd`, with `B_W` the above-ground biomass (t d.m./ha, Table 4.7) and `fd`
//!   the fraction lost (parameters `B_W`, `fd`, no defaults shipped).
//! - `land_converted` (ha) in a category of land converted to another use (3.B.x.b.*): **simple Tier 1 stock
//!   difference of biomass** in the year of conversion, Eq. 2.16:
//!   `ΔC = A × (B_after − B_before) × CF`, parameters `B_before` and `B_after` (t d.m./ha); for land
//!   converted to cropland `B_after` = 0 is shipped (Tier 1: biomass cleared). Dead organic matter and soil
//!   carbon stay unchanged (Tier 1 assumption for the conversion year).
//!
//! Decreases in the Eq. 2.11 sense are the sum of the removal and disturbance records; `ΔC_B = ΔC_G − ΔC_L`
//! (Eq. 2.7) is the sum of the gain and loss rows of a category.

use super::{CO2_PER_C, Model, v};
use crate::categories::CategoryTree;
use crate::gases::{Gas, Origin};
use crate::inventory::EmissionRow;
use crate::inventory::engine::Ctx;
use crate::units::Dimension;

/// Is `code` a "land converted to …" category (3.B.x.b or below)?
fn is_conversion(code: &str) -> bool {
    let tree = CategoryTree::ipcc2006();
    (1..=6).any(|x| tree.is_within(code, &format!("3.B.{x}.b")))
}

/// The CO2 row of one LULUCF record.
pub(crate) fn rows(m: &Model<'_, '_>, model: &str, ctx: &mut Ctx) -> Vec<EmissionRow> {
    let rec = m.rec;
    let cat = rec.category.clone();
    let ok = match model {
        "forest_growth" => m.require_category(ctx, &["3.B.1"]),
        "land_conversion" => {
            let ok = is_conversion(&cat);
            if !ok {
                ctx.diags.error(
                    Some(rec.location.clone()),
                    format!(
                        "land_converted is reported in category {cat}, but it needs a category of land converted to another use (3.B.1.b … 3.B.6.b and below, e.g. 3.B.2.b.i forest land converted to cropland)"
                    ),
                );
            }
            ok
        }
        _ => m.require_category(ctx, &["3.B.1.a"]),
    };
    if !ok {
        return Vec::new();
    }
    let dim = if model == "forest_removals" {
        Dimension::Volume
    } else {
        Dimension::Area
    };
    let amount = m.amount(ctx, dim);
    let cf = m.param(ctx, "CF", &cat);
    // (ΔC in t C with its sign: + gain, − loss; method; factors)
    let (delta_c, method, factors) = match model {
        "forest_growth" => {
            let (gw, r) = (m.param(ctx, "G_W", &cat), m.param(ctx, "R", &cat));
            let (Some(a), Some(gw), Some(r), Some(cf)) = (amount, gw, r, cf) else {
                return Vec::new();
            };
            (
                a * v(gw) * (1.0 + v(r)) * v(cf),
                "CO2 = −A × G_W × (1 + R) × CF × 44/12 (IPCC 2006 Vol. 4 Ch. 2 Eq. 2.9, gain; removals negative)",
                vec![gw, r, cf],
            )
        }
        "forest_removals" => {
            let (bcef, r) = (m.param(ctx, "BCEF_R", &cat), m.param(ctx, "R", &cat));
            let (Some(h), Some(bcef), Some(r), Some(cf)) = (amount, bcef, r, cf) else {
                return Vec::new();
            };
            (
                -(h * v(bcef) * (1.0 + v(r)) * v(cf)),
                if rec.activity == "fuelwood_removals" {
                    "CO2 = H × BCEF_R × (1 + R) × CF × 44/12 (IPCC 2006 Vol. 4 Ch. 2 Eq. 2.13, fuelwood as whole trees, loss)"
                } else {
                    "CO2 = H × BCEF_R × (1 + R) × CF × 44/12 (IPCC 2006 Vol. 4 Ch. 2 Eq. 2.12, wood removals, loss)"
                },
                vec![bcef, r, cf],
            )
        }
        "forest_disturbance" => {
            let (bw, r, fd) = (
                m.param(ctx, "B_W", &cat),
                m.param(ctx, "R", &cat),
                m.param(ctx, "fd", &cat),
            );
            let (Some(a), Some(bw), Some(r), Some(fd), Some(cf)) = (amount, bw, r, fd, cf) else {
                return Vec::new();
            };
            (
                -(a * v(bw) * (1.0 + v(r)) * v(cf) * v(fd)),
                "CO2 = A × B_W × (1 + R) × CF × fd × 44/12 (IPCC 2006 Vol. 4 Ch. 2 Eq. 2.14, disturbance, loss)",
                vec![bw, r, fd, cf],
            )
        }
        _ => {
            let (before, after) = (
                m.param(ctx, "B_before", &cat),
                m.param(ctx, "B_after", &cat),
            );
            let (Some(a), Some(before), Some(after), Some(cf)) = (amount, before, after, cf) else {
                return Vec::new();
            };
            (
                a * (v(after) - v(before)) * v(cf),
                "CO2 = −A × (B_after − B_before) × CF × 44/12 (IPCC 2006 Vol. 4 Ch. 2 Eq. 2.16, Tier 1 stock difference in the year of conversion)",
                vec![after, before, cf],
            )
        }
    };
    m.row(
        ctx,
        None,
        (Gas::CO2, Origin::NonFossil),
        -delta_c * CO2_PER_C,
        method.to_string(),
        factors,
    )
    .into_iter()
    .collect()
}
