//! The reference approach (2006 IPCC Guidelines, Vol. 2, Ch. 6) from an energy balance, and its comparison
//! with the sectoral approach.
//!
//! The reference approach estimates CO2 from fuel combustion top-down, from the supply of fuels, as a check
//! on the sectoral approach ([`super::combustion`]), which adds up what each sector burned. Per fuel column
//! of the balance (fuels only: aggregate columns such as 煤合计, secondary carriers such as 电力, and biomass
//! are left out):
//!
//! - **Apparent consumption** (Vol. 2 Ch. 6 Eq. 6.2 for primary fuels, Eq. 6.3 for secondary fuels, whose
//!   production is left out): `AC = production + imports − exports − international bunkers − stock change`.
//!   For a province the border is the province's: the supply items of the yearbook balance are production
//!   (primary fuels only), recovery, inflow from other provinces, imports, Chinese bunkers abroad, outflow
//!   (−), exports (−), foreign bunkers (−) and the stock change (printed "increase (−), decrease (+)"). The
//!   yearbook prints every subtracted item with its sign already, so `AC` is the plain sum of the `supply`
//!   rows. The yearbook's supply total (一.可供本地区消费的能源量) often exceeds the sum of its items (Hubei
//!   2007 raw coal: 9 306.90 printed, 9 067.50 from the items); both are reported, the item sum being the
//!   IPCC figure.
//! - **Excluded carbon** (Vol. 2 Ch. 6 §6.3, Step 4; Eq. 6.4 as recalled, not checked against the PDF):
//!   the carbon of fuels used as feedstock or for other non-energy purposes is not emitted by combustion; the
//!   balance's non-energy use row (#用作原料、材料) is subtracted from `AC` before conversion to carbon.
//! - **CO2** (Vol. 2 Ch. 6 Eq. 6.1, `CO2 = Σ ((AC × NCV × CC) − excluded carbon) × COF × 44/12`), computed
//!   with the factors the sectoral approach would use for the fuel, resolved for category `1.A` by the same
//!   [`Resolver`](crate::factors::Resolver): `E = (AC − NEU) × NCV`, then `E × EF_CO2 × OF` (IPCC Table 1.4
//!   factors) or `E × CC × OF × 44/12` (national carbon contents), exactly as in
//!   [`super::combustion`]. The comparison therefore isolates differences of activity, not of factors.
//!
//! **Comparison** (Vol. 2 Ch. 6 §6.8; Vol. 1 Ch. 6 QA/QC): per fuel group of the catalogue (solid, liquid,
//! gaseous, other fossil) and in total, `difference % = (RA − SA) / SA × 100` against the CO2 of the
//! sectoral inventory's 1.A rows of the same region and year (memo items left out). A difference beyond
//! [`FLAG_PCT`] (5 %) is flagged: the Guidelines ask for differences of more than a few per cent to be
//! explained. The balance itself explains most of them, exactly: with `c` the CO2 per unit of a fuel and
//! the balance identity `statistical difference = supply total + transformation − losses − final
//! consumption`,
//!
//! `RA − SA = c × [(supply items − supply total) − (net of coal washing, coking, refining, gas works and
//! briquetting) + losses + statistical difference] + other`,
//!
//! because the sectoral approach counts combustion inputs and final consumption only. [`ReferenceGap`]
//! holds these terms per group and `explanation` says them in words. Conversion moves carbon between
//! groups (coal → coke-oven gas, a "gaseous" fuel in the catalogue) and loses some: RA exceeds SA for the
//! group that is converted and falls short for the group that is produced.

use super::combustion::{Amount, co2_of, energy_of, report_failure};
use super::engine::{Ctx, Resolvers};
use super::{Inventory, Settings};
use crate::categories::CategoryTree;
use crate::error::{Diagnostics, Error, Location, Result};
use crate::fuels::{FuelCatalogue, FuelGroup};
use crate::gases::Gas;
use crate::ingest::balance::{BalanceRow, ColumnKind, EnergyBalance, RowRole, combustion_records};
use serde::Serialize;

/// Differences beyond this many per cent are flagged (Vol. 2 Ch. 6 §6.8: "more than a few per cent").
pub const FLAG_PCT: f64 = 5.0;

/// The category the factors of the reference approach are resolved for: fuel combustion as a whole.
pub const CATEGORY: &str = "1.A";

/// The reference approach for one fuel column of a balance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferenceFuel {
    /// Fuel key.
    pub fuel: String,
    /// Fuel group of the catalogue.
    pub group: FuelGroup,
    /// The column's unit as printed (万吨, 亿立方米 …).
    pub unit: String,
    /// Apparent consumption = sum of the supply items, in `unit` (the IPCC figure).
    pub apparent_consumption: f64,
    /// The balance's printed supply total, in `unit`, if the balance has that row.
    pub apparent_consumption_from_total: Option<f64>,
    /// Excluded: non-energy use, in `unit`.
    pub excluded: f64,
    /// Apparent consumption, TJ.
    pub apparent_consumption_tj: f64,
    /// Excluded, TJ.
    pub excluded_tj: f64,
    /// CO2 of `apparent_consumption − excluded`, t.
    pub co2_t: f64,
    /// CO2 of `apparent_consumption_from_total − excluded`, t.
    pub co2_from_total_t: Option<f64>,
    /// t CO2 per `unit` of the fuel burned (the factors of the sectoral approach).
    pub co2_per_unit_t: f64,
    /// Net of the conversion rows (coal washing, coking, refining, gas works, briquetting), in `unit`:
    /// negative when the fuel is consumed, positive when produced.
    pub conversion: f64,
    /// Losses (损失量), in `unit`.
    pub losses: f64,
    /// Statistical difference (平衡差额), in `unit`.
    pub statistical_difference: f64,
    /// The equation, with `A = apparent consumption − excluded`.
    pub method: String,
    /// The factors used, in the order of the equation.
    pub factor_ids: Vec<String>,
    /// The cells read: supply items, supply total, non-energy use.
    pub inputs: Vec<Location>,
}

/// `RA − SA` of a group, t CO2, split by cause (see the module documentation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ReferenceGap {
    /// `c × (supply items − supply total)`: negative when the printed total exceeds its items.
    pub supply_items_vs_total_t: f64,
    /// `−c × net conversion`: carbon of this group converted into other groups' products or lost (> 0), or
    /// made from other groups' fuels (< 0).
    pub conversion_t: f64,
    /// `c × losses`.
    pub losses_t: f64,
    /// `c × statistical difference`.
    pub statistical_difference_t: f64,
    /// The rest: records not from this balance, outputs of power and heat plants, factors that differ by
    /// sector, totals that differ from their items.
    pub other_t: f64,
}

impl ReferenceGap {
    fn add(&mut self, o: &ReferenceGap) {
        self.supply_items_vs_total_t += o.supply_items_vs_total_t;
        self.conversion_t += o.conversion_t;
        self.losses_t += o.losses_t;
        self.statistical_difference_t += o.statistical_difference_t;
        self.other_t += o.other_t;
    }
}

/// Reference against sectoral approach for one fuel group, or for all (`group = "total"`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferenceComparison {
    /// `solid`, `liquid`, `gaseous`, `other_fossil` or `total`.
    pub group: String,
    /// RA CO2 from the supply items, t.
    pub reference_co2_t: f64,
    /// RA CO2 from the printed supply totals, t.
    pub reference_from_total_co2_t: f64,
    /// SA CO2 (1.A rows, memo items excluded), t.
    pub sectoral_co2_t: f64,
    /// `(RA − SA) / SA × 100`; `None` when SA is 0.
    pub difference_pct: Option<f64>,
    /// The same with the RA from the supply totals.
    pub difference_from_total_pct: Option<f64>,
    /// `|difference| > FLAG_PCT` (or SA = 0 while RA is not): to be explained.
    pub flag: bool,
    /// `RA − SA` by cause.
    pub gap: ReferenceGap,
    /// The causes in words, largest first.
    pub explanation: String,
}

/// The reference approach of one balance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferenceApproach {
    /// Region.
    pub region: String,
    /// Year.
    pub year: i32,
    /// The factor set.
    pub factor_set: String,
    /// Per fuel column with data, in column order.
    pub fuels: Vec<ReferenceFuel>,
    /// Per fuel group (solid, liquid, gaseous, other fossil; those with data), then `total`.
    pub comparison: Vec<ReferenceComparison>,
}

impl ReferenceApproach {
    /// The comparison against another sectoral inventory (e.g. one with more activity data than the
    /// balance's own combustion rows).
    pub fn compare_with(&self, inv: &Inventory) -> Vec<ReferenceComparison> {
        compare(&self.fuels, &self.region, self.year, inv)
    }
}

/// The reference approach of a balance, compared with the sectoral approach computed from the same
/// balance's combustion rows ([`combustion_records`]) with the same settings. Every fuel without a factor
/// is listed in one `Error::Input`.
pub fn reference_approach(b: &EnergyBalance, s: &Settings<'_>) -> Result<ReferenceApproach> {
    let fuels = reference_fuels(b, s)?;
    let mut d = Diagnostics::new();
    let recs = combustion_records(b, &mut d);
    if d.has_errors() {
        return Err(Error::Input(d));
    }
    let inv = super::compute(&recs, s)?;
    let comparison = compare(&fuels, &b.region, b.year, &inv);
    Ok(ReferenceApproach {
        region: b.region.clone(),
        year: b.year,
        factor_set: s.factor_set.to_string(),
        fuels,
        comparison,
    })
}

/// Sum of a column over the rows of a role (and a filter), with the cells that hold a value.
fn sum(
    b: &EnergyBalance,
    j: usize,
    keep: impl Fn(&BalanceRow) -> bool,
) -> (f64, Vec<Location>, bool) {
    let mut total = 0.0;
    let mut cells = Vec::new();
    let mut any_row = false;
    for r in b.rows.iter().filter(|r| keep(r)) {
        any_row = true;
        if let Some(v) = r.values[j] {
            total += v;
            cells.push(r.locations[j].clone());
        }
    }
    (total, cells, any_row)
}

/// The reference approach per fuel column (without the comparison). Columns without any value are left
/// out; every fuel with a value needs its factors, and every one missing is listed at once.
pub fn reference_fuels(b: &EnergyBalance, s: &Settings<'_>) -> Result<Vec<ReferenceFuel>> {
    let catalogue = FuelCatalogue::builtin();
    let mut resolvers = Resolvers::new(s);
    let resolver = resolvers.get(&b.region)?;
    let mut ctx = Ctx::default();
    let mut out = Vec::new();
    for (j, col) in b.columns.iter().enumerate() {
        if col.kind != ColumnKind::Fuel {
            continue;
        }
        let Some(fuel) = catalogue.get(&col.key) else {
            ctx.diags.error(
                Some(col.location.clone()),
                format!("column {}: unknown fuel {}", col.header, col.key),
            );
            continue;
        };
        if matches!(fuel.group, FuelGroup::Biomass | FuelGroup::Secondary) {
            continue;
        }
        if b.rows.iter().all(|r| r.values[j].unwrap_or(0.0) == 0.0) {
            continue;
        }
        let Some(unit) = &col.unit else {
            ctx.diags.error(
                Some(col.location.clone()),
                format!(
                    "column {} has no unit: the reference approach cannot convert it",
                    col.header
                ),
            );
            continue;
        };
        let amount = Amount {
            activity: &col.key,
            category: CATEGORY,
            year: b.year,
            qty: unit.to_canonical(1.0),
            dimension: unit.dimension,
            unit_text: &col.unit_text,
        };
        const HINT: &str = " (reference approach: every fuel column with data needs its factors)";
        let (tj_per_unit, ncv) = match energy_of(&amount, resolver) {
            Ok(x) => x,
            Err(f) => {
                report_failure(&mut ctx, f, "fuel", &col.key, CATEGORY, &col.location, HINT);
                continue;
            }
        };
        let a_ncv = if ncv.is_some() { "A × NCV" } else { "A" };
        let (c, fs, eq) = match co2_of(&amount, tj_per_unit, a_ncv, resolver) {
            Ok(x) => x,
            Err(f) => {
                report_failure(&mut ctx, f, "fuel", &col.key, CATEGORY, &col.location, HINT);
                continue;
            }
        };
        let (items, mut inputs, _) = sum(b, j, |r| r.role == RowRole::Supply);
        let (total, total_cells, has_total) = sum(b, j, |r| r.role == RowRole::SupplyTotal);
        let (excluded, ne_cells, _) = sum(b, j, |r| r.role == RowRole::NonEnergyUse);
        let (conversion, _, _) = sum(b, j, |r| r.role == RowRole::Transformation && !r.combustion);
        let (losses, _, _) = sum(b, j, |r| r.role == RowRole::Loss);
        let (stat, _, _) = sum(b, j, |r| r.role == RowRole::StatisticalDifference);
        inputs.extend(total_cells);
        inputs.extend(ne_cells);
        let all: Vec<String> = ncv.iter().chain(&fs).map(|f| f.id.clone()).collect();
        out.push(ReferenceFuel {
            fuel: col.key.clone(),
            group: fuel.group,
            unit: col.unit_text.clone(),
            apparent_consumption: items,
            apparent_consumption_from_total: has_total.then_some(total),
            excluded,
            apparent_consumption_tj: items * tj_per_unit,
            excluded_tj: excluded * tj_per_unit,
            co2_t: (items - excluded) * c,
            co2_from_total_t: has_total.then_some((total - excluded) * c),
            co2_per_unit_t: c,
            conversion,
            losses,
            statistical_difference: stat,
            method: format!("A = apparent consumption − excluded (non-energy use); {eq}"),
            factor_ids: all,
            inputs,
        });
    }
    // No warning is raised on this path (only errors); were one added, this result would need a place
    // for it, as Inventory::warnings.
    ctx.finish(s.factor_set)?;
    Ok(out)
}

/// The groups compared, in order.
const GROUPS: [FuelGroup; 4] = [
    FuelGroup::Solid,
    FuelGroup::Liquid,
    FuelGroup::Gaseous,
    FuelGroup::OtherFossil,
];

/// t CO2 as text: Mt with two decimals from 10 kt up, else t.
fn amount(x: f64) -> String {
    if x.abs() >= 1e4 {
        format!("{:+.2} Mt CO2", x / 1e6)
    } else {
        format!("{x:+.0} t CO2")
    }
}

fn pct(ra: f64, sa: f64) -> Option<f64> {
    (sa != 0.0).then(|| (ra - sa) / sa * 100.0)
}

/// The causes of a gap in words, largest first; those below 0.5 % of the larger of RA and SA are left out.
fn explain(ra: f64, ra_total: f64, sa: f64, gap: &ReferenceGap) -> String {
    let scale = ra.abs().max(sa.abs());
    if scale == 0.0 {
        return String::new();
    }
    let mut parts: Vec<(f64, String)> = Vec::new();
    let g = gap;
    if g.conversion_t > 0.0 {
        parts.push((
            g.conversion_t,
            format!(
                "conversion {}: coal washing, coking, refining, gas works and briquetting take more of this group's fuels than they give back in it; RA counts that carbon at supply, SA only where the products are burned — in other groups (e.g. coke-oven gas from coal) — or nowhere (conversion losses, non-energy products)",
                amount(g.conversion_t)
            ),
        ));
    } else if g.conversion_t < 0.0 {
        parts.push((
            g.conversion_t,
            format!(
                "conversion {}: fuels of this group are made in the region from other groups' fuels (e.g. coke-oven gas from coal, oil products from crude oil); SA counts them where burned, RA counts their carbon in the fuels they were made from",
                amount(g.conversion_t)
            ),
        ));
    }
    if g.supply_items_vs_total_t != 0.0 {
        let (word, other) = if g.supply_items_vs_total_t < 0.0 {
            ("less", "larger")
        } else {
            ("more", "smaller")
        };
        let from_total = pct(ra_total, sa)
            .map(|p| format!("; the RA from the printed totals differs from SA by {p:+.1} %"))
            .unwrap_or_default();
        parts.push((
            g.supply_items_vs_total_t,
            format!(
                "supply items vs total {}: the supply items add up to {word} than the printed supply total (一.可供本地区消费的能源量), which is {other}; RA uses the items{from_total}",
                amount(g.supply_items_vs_total_t)
            ),
        ));
    }
    if g.losses_t != 0.0 {
        parts.push((
            g.losses_t,
            format!(
                "losses {}: transport and distribution losses (损失量) are in the supply, not burned in any sector (their CH4 belongs to fugitive emissions, 1.B)",
                amount(g.losses_t)
            ),
        ));
    }
    if g.statistical_difference_t != 0.0 {
        parts.push((
            g.statistical_difference_t,
            if g.statistical_difference_t > 0.0 {
                format!(
                    "statistical difference {}: supply that the balance does not find among its uses (平衡差额 > 0)",
                    amount(g.statistical_difference_t)
                )
            } else {
                format!(
                    "statistical difference {}: the balance's uses exceed its supply (平衡差额 < 0): SA counts combustion the supply side does not show",
                    amount(g.statistical_difference_t)
                )
            },
        ));
    }
    if g.other_t != 0.0 {
        parts.push((
            g.other_t,
            format!(
                "other {}: not explained by the balance (sectoral records from other sources, fuel outputs of power or heat plants, non-energy use above a sector's consumption, factors that differ by sector)",
                amount(g.other_t)
            ),
        ));
    }
    parts.retain(|(x, _)| x.abs() >= 0.005 * scale);
    parts.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    if parts.is_empty() {
        return String::new();
    }
    let head = match pct(ra, sa) {
        Some(p) => format!("RA − SA = {} ({p:+.1} %): ", amount(ra - sa)),
        None => format!("RA − SA = {} (no SA to compare with): ", amount(ra - sa)),
    };
    head + &parts
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("; ")
}

fn comparison(
    group: &str,
    ra: f64,
    ra_total: f64,
    sa: f64,
    gap: ReferenceGap,
) -> ReferenceComparison {
    let difference_pct = pct(ra, sa);
    ReferenceComparison {
        group: group.to_string(),
        reference_co2_t: ra,
        reference_from_total_co2_t: ra_total,
        sectoral_co2_t: sa,
        difference_pct,
        difference_from_total_pct: pct(ra_total, sa),
        flag: match difference_pct {
            Some(p) => p.abs() > FLAG_PCT,
            None => ra != 0.0,
        },
        explanation: explain(ra, ra_total, sa, &gap),
        gap,
    }
}

/// Compares per-fuel reference figures with the 1.A CO2 rows of `inv` for `region` and `year` (memo items
/// left out), per fuel group and in total.
pub fn compare(
    fuels: &[ReferenceFuel],
    region: &str,
    year: i32,
    inv: &Inventory,
) -> Vec<ReferenceComparison> {
    let catalogue = FuelCatalogue::builtin();
    let tree = CategoryTree::ipcc2006();
    // Per group: RA, RA from totals, SA, and the known parts of the gap.
    let mut acc = [(0.0, 0.0, 0.0, ReferenceGap::default(), false); GROUPS.len()];
    let slot = |g: FuelGroup| GROUPS.iter().position(|x| *x == g);
    for f in fuels {
        let Some(i) = slot(f.group) else { continue };
        let c = f.co2_per_unit_t;
        let total = f
            .apparent_consumption_from_total
            .unwrap_or(f.apparent_consumption);
        let a = &mut acc[i];
        a.0 += f.co2_t;
        a.1 += f.co2_from_total_t.unwrap_or(f.co2_t);
        a.3.add(&ReferenceGap {
            supply_items_vs_total_t: (f.apparent_consumption - total) * c,
            conversion_t: -f.conversion * c,
            losses_t: f.losses * c,
            statistical_difference_t: f.statistical_difference * c,
            other_t: 0.0,
        });
        a.4 = true;
    }
    for r in inv.rows.iter().filter(|r| {
        r.region == region
            && r.year == year
            && r.gas == Gas::CO2
            && !r.memo
            && tree.is_within(&r.category, CATEGORY)
    }) {
        let Some(i) = catalogue.get(&r.activity).and_then(|f| slot(f.group)) else {
            continue;
        };
        acc[i].2 += r.emissions_t;
        acc[i].4 = true;
    }
    let mut out = Vec::new();
    let mut all = (0.0, 0.0, 0.0, ReferenceGap::default());
    for (g, (ra, ra_total, sa, mut gap, seen)) in GROUPS.iter().zip(acc) {
        if !seen {
            continue;
        }
        let known = gap.supply_items_vs_total_t
            + gap.conversion_t
            + gap.losses_t
            + gap.statistical_difference_t;
        gap.other_t = (ra - sa) - known;
        if gap.other_t.abs() <= 1e-9 * ra.abs().max(sa.abs()) {
            gap.other_t = 0.0; // rounding of the sums, not a cause
        }
        all.0 += ra;
        all.1 += ra_total;
        all.2 += sa;
        all.3.add(&gap);
        out.push(comparison(g.as_str(), ra, ra_total, sa, gap));
    }
    out.push(comparison("total", all.0, all.1, all.2, all.3));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gases::gwp_set;
    use crate::ingest::balance::ColumnKind::{Aggregate, Fuel, Secondary};
    use crate::ingest::balance::RowRole::*;
    use crate::inventory::testing::{Row, balance, library};

    /// Columns: coal total (aggregate), raw coal, diesel, natural gas (in TJ, so that the IPCC defaults
    /// apply without a gas density), electricity (secondary).
    fn small() -> EnergyBalance {
        let n = |v: &[f64]| -> Vec<Option<f64>> {
            v.iter().map(|x| (!x.is_nan()).then_some(*x)).collect()
        };
        let e = f64::NAN;
        let rows: Vec<Row<'_>> = vec![
            (
                "supply_total",
                SupplyTotal,
                false,
                None,
                None,
                n(&[120., 120., 10., 500., e]),
            ),
            (
                "production",
                Supply,
                false,
                None,
                None,
                n(&[100., 100., e, 400., 30.]),
            ),
            (
                "inflow",
                Supply,
                false,
                None,
                None,
                n(&[50., 50., 11., 100., 20.]),
            ),
            (
                "outflow",
                Supply,
                false,
                None,
                None,
                n(&[-30., -30., -1., e, -50.]),
            ),
            (
                "stock_change",
                Supply,
                false,
                None,
                None,
                n(&[-5., -5., e, e, e]),
            ),
            (
                "thermal_power",
                Transformation,
                true,
                Some("1.A.1.a.i"),
                None,
                n(&[-80., -80., e, -100., 30.]),
            ),
            (
                "coking",
                Transformation,
                false,
                Some("1.A.1.c.i"),
                None,
                n(&[-20., -20., e, e, e]),
            ),
            ("loss", Loss, false, None, None, n(&[e, e, e, 10., 5.])),
            (
                "final_total",
                FinalTotal,
                false,
                None,
                None,
                n(&[15., 15., 10., 390., 25.]),
            ),
            (
                "industry",
                Final,
                false,
                Some("1.A.2"),
                None,
                n(&[15., 15., 4., 390., 25.]),
            ),
            (
                "non_energy_use",
                NonEnergyUse,
                false,
                None,
                Some("industry"),
                n(&[e, e, 2., e, e]),
            ),
            (
                "transport",
                Final,
                false,
                Some("1.A.3"),
                None,
                n(&[e, e, 6., e, e]),
            ),
            (
                "statistical_difference",
                StatisticalDifference,
                false,
                None,
                None,
                n(&[5., 5., e, e, e]),
            ),
        ];
        balance(
            "Hunan",
            2007,
            &[
                ("coal_total", Aggregate, "万吨"),
                ("raw_coal", Fuel, "万吨"),
                ("gas_diesel_oil", Fuel, "万吨"),
                ("natural_gas", Fuel, "TJ"),
                ("electricity", Secondary, "亿千瓦时"),
            ],
            rows,
        )
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn hand_computed_reference_approach_and_comparison() {
        let lib = library();
        let s = Settings {
            library: &lib,
            factor_set: "ipcc2006",
            gwp: gwp_set("AR5").unwrap(),
            overrides: &[],
        };
        let ra = reference_approach(&small(), &s).unwrap();
        // IPCC 2006 Vol. 2 Table 1.2 / 1.4 (raw coal = other bituminous coal proxy): NCV 25.8 TJ/Gg,
        // 94 600 kg CO2/TJ; diesel 43.0 TJ/Gg, 74 100 kg CO2/TJ; natural gas 56 100 kg CO2/TJ; OF = 1.
        let keys: Vec<&str> = ra.fuels.iter().map(|f| f.fuel.as_str()).collect();
        assert_eq!(keys, ["raw_coal", "gas_diesel_oil", "natural_gas"]);
        let raw = &ra.fuels[0];
        assert!(close(raw.apparent_consumption, 115.0)); // 100 + 50 − 30 − 5
        assert_eq!(raw.apparent_consumption_from_total, Some(120.0));
        assert!(close(raw.apparent_consumption_tj, 1150.0 * 25.8));
        assert!(close(raw.co2_t, 1150.0 * 25.8 * 94.6)); // 2 806 782 t
        assert!(close(raw.co2_from_total_t.unwrap(), 1200.0 * 25.8 * 94.6));
        assert_eq!(raw.conversion, -20.0);
        assert_eq!(raw.statistical_difference, 5.0);
        let cells: Vec<&str> = raw
            .inputs
            .iter()
            .map(|l| l.cell.as_deref().unwrap())
            .collect();
        assert_eq!(cells, ["D3", "D4", "D5", "D6", "D2"]);
        let diesel = &ra.fuels[1];
        assert!(close(diesel.apparent_consumption, 10.0));
        assert_eq!(diesel.excluded, 2.0);
        assert!(close(diesel.co2_t, 80.0 * 43.0 * 74.1)); // (10 − 2) 万吨 = 80 Gg
        let gas = &ra.fuels[2];
        assert!(close(gas.co2_t, 500.0 * 56.1));
        assert_eq!(
            gas.factor_ids,
            ["ipcc2006.ef.natural_gas.CO2", "ipcc2006.oxidation.any"]
        );

        // Sectoral approach: raw coal 80 (power) + 15 (industry) 万吨; diesel 4 − 2 + 6; gas 100 + 390 TJ.
        let sa_raw = 950.0 * 25.8 * 94.6;
        let sa_gas = 490.0 * 56.1;
        let by: std::collections::BTreeMap<&str, &ReferenceComparison> = ra
            .comparison
            .iter()
            .map(|c| (c.group.as_str(), c))
            .collect();
        assert_eq!(
            ra.comparison
                .iter()
                .map(|c| c.group.as_str())
                .collect::<Vec<_>>(),
            ["solid", "liquid", "gaseous", "total"]
        );
        let solid = by["solid"];
        assert!(close(solid.sectoral_co2_t, sa_raw));
        assert!(close(solid.difference_pct.unwrap(), 20.0 / 95.0 * 100.0)); // 21.05 %
        assert!(solid.flag);
        let c = 1e4 * 25.8e-3 * 94.6; // t CO2 per 万吨 of raw coal
        assert!(close(solid.gap.supply_items_vs_total_t, -5.0 * c));
        assert!(close(solid.gap.conversion_t, 20.0 * c));
        assert!(close(solid.gap.statistical_difference_t, 5.0 * c));
        assert_eq!(solid.gap.other_t, 0.0);
        assert!(
            solid.explanation.contains("conversion"),
            "{}",
            solid.explanation
        );
        assert!(
            solid.explanation.contains("supply items"),
            "{}",
            solid.explanation
        );
        let liquid = by["liquid"];
        assert!(close(liquid.difference_pct.unwrap() + 1.0, 1.0));
        assert!(!liquid.flag);
        let gaseous = by["gaseous"];
        assert!(close(gaseous.difference_pct.unwrap(), 10.0 / 490.0 * 100.0)); // losses: 2.04 %
        assert!(!gaseous.flag);
        assert!(close(gaseous.gap.losses_t, 10.0 * 56.1));
        assert!(
            gaseous.explanation.contains("losses"),
            "{}",
            gaseous.explanation
        );
        let total = by["total"];
        let ra_t = 1150.0 * 25.8 * 94.6 + 80.0 * 43.0 * 74.1 + 500.0 * 56.1;
        let sa_t = sa_raw + 80.0 * 43.0 * 74.1 + sa_gas;
        assert!(close(total.reference_co2_t, ra_t));
        assert!(close(total.sectoral_co2_t, sa_t));
        assert!(close(
            total.difference_pct.unwrap(),
            (ra_t - sa_t) / sa_t * 100.0
        )); // 18.79 %
        assert!(total.flag);
    }

    #[test]
    fn fuels_without_factors_are_all_listed() {
        let lib = library();
        let s = Settings {
            library: &lib,
            factor_set: "empty",
            gwp: gwp_set("AR5").unwrap(),
            overrides: &[],
        };
        let Err(Error::Input(d)) = reference_approach(&small(), &s) else {
            panic!("expected an input error")
        };
        let all = d.to_string();
        for needle in [
            "no factor (ncv) for fuel raw_coal",
            "no factor (ncv) for fuel gas_diesel_oil",
            "no factor (ef or carbon_content for CO2) for fuel natural_gas in category 1.A",
            "reference approach",
            "t.xlsx › Sheet1 › D1",
        ] {
            assert!(all.contains(needle), "«{needle}» in\n{all}");
        }
        assert_eq!(d.error_count(), 3, "{all}");
    }
}
