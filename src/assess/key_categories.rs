//! Key category analysis, Approach 1 (2006 IPCC Guidelines, Vol. 1, Ch. 4, §4.3.1).
//!
//! Categories are [`CategoryKey`]s (category × fuel group × gas, Vol. 1 Table 4.1), their emissions the
//! sum of CO2e over the inventory's rows, memo items excluded. Each region is analysed on its own.
//!
//! - **Level assessment** (Eq. 4.1), for every year `t`: `L_x,t = |E_x,t| / Σ_y |E_y,t|`. Absolute values,
//!   so that removals (negative figures, LULUCF) count by their size.
//! - **Trend assessment** (Eq. 4.2), from the base year 0 (the region's first year) to the latest year t,
//!   when there are at least two years:
//!   `T_x,t = (|E_x,0| / Σ_y |E_y,0|) × | (E_x,t − E_x,0) / |E_x,0| − (Σ_y E_y,t − Σ_y E_y,0) / |Σ_y E_y,0| |`;
//!   for a category with no base-year emissions (`E_x,0 = 0`) the guidelines' form without the division,
//!   `T_x,t = |E_x,t| / Σ_y |E_y,0|` (which is also the limit of Eq. 4.2 as `E_x,0 → 0`). A category's
//!   contribution to the trend is `T_x,t / Σ_y T_y,t`.
//! - **Threshold** (§4.3.1.1–4.3.1.2): categories sorted by decreasing level (contribution to the trend) are
//!   key until their cumulative share reaches 95 %; the category that reaches it is key, those after it are
//!   not.
//! - Both assessments are made **without LULUCF** (3.B, 3.D.1) and, when the region reports LULUCF rows,
//!   **with LULUCF** (Vol. 1 §4.3.1: "with and without LULUCF categories"). Without LULUCF rows the two are
//!   the same and only the first is given.
//!
//! A trend is not defined when the base year's total is zero; it is then left out.

use super::{CategoryKey, Lulucf};
use crate::inventory::Inventory;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The cumulative share up to which categories are key (Vol. 1 §4.3.1.1: 95 %).
pub const THRESHOLD: f64 = 0.95;

/// Which assessment a line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assessment {
    /// Level assessment of one year (Eq. 4.1).
    Level,
    /// Trend assessment from the base year to the latest year (Eq. 4.2).
    Trend,
}

impl Assessment {
    /// `level` / `trend`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Assessment::Level => "level",
            Assessment::Trend => "trend",
        }
    }
}

/// One category in one assessment: its figures, its rank, and whether it is key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyCategoryLine {
    /// Region.
    pub region: String,
    /// Level or trend.
    pub assessment: Assessment,
    /// With or without LULUCF.
    pub lulucf: Lulucf,
    /// The base year of a trend assessment (`None` for a level assessment).
    pub base_year: Option<i32>,
    /// The year assessed (the latest year for a trend).
    pub year: i32,
    /// 1 for the largest.
    pub rank: usize,
    /// The category.
    pub key: CategoryKey,
    /// English name (category and fuel group).
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// `E_x,0`, t CO2e (trend only).
    pub base_t_co2e: Option<f64>,
    /// `E_x,t`, t CO2e (negative for a removal).
    pub emissions_t_co2e: f64,
    /// `L_x,t` (Eq. 4.1) or `T_x,t` (Eq. 4.2), a fraction.
    pub value: f64,
    /// Share of the level (`L_x,t`, which already sums to 1) or contribution to the trend
    /// (`T_x,t / Σ T`), a fraction.
    pub share: f64,
    /// Cumulative share, a fraction, in rank order.
    pub cumulative: f64,
    /// Key category.
    pub is_key: bool,
}

/// Sums of CO2e per category, per region × year, memo items excluded.
type Sums = BTreeMap<CategoryKey, f64>;

/// Every assessment of the inventory (see the [module documentation](self)).
pub fn analyse(inv: &Inventory) -> Vec<KeyCategoryLine> {
    // region → year → lulucf → category → t CO2e
    let mut by: BTreeMap<&str, BTreeMap<i32, [Sums; 2]>> = BTreeMap::new();
    let mut has_lulucf: BTreeSet<&str> = BTreeSet::new();
    for r in inv.rows.iter().filter(|r| !r.memo) {
        let k = CategoryKey::of(r);
        let sums = by
            .entry(&r.region)
            .or_default()
            .entry(r.year)
            .or_insert_with(|| [Sums::new(), Sums::new()]);
        if Lulucf::Without.counts(&r.category) {
            *sums[0].entry(k.clone()).or_insert(0.0) += r.co2e_t;
        } else {
            has_lulucf.insert(&r.region);
        }
        *sums[1].entry(k).or_insert(0.0) += r.co2e_t;
    }
    let mut out = Vec::new();
    for (region, years) in &by {
        let variants: &[(usize, Lulucf)] = if has_lulucf.contains(region) {
            &[(0, Lulucf::Without), (1, Lulucf::With)]
        } else {
            &[(0, Lulucf::Without)]
        };
        for &(i, lulucf) in variants {
            for (year, sums) in years {
                out.extend(level(region, *year, lulucf, &sums[i]));
            }
            if years.len() >= 2 {
                let (y0, s0) = years.iter().next().expect("two years");
                let (yt, st) = years.iter().next_back().expect("two years");
                out.extend(trend(region, (*y0, &s0[i]), (*yt, &st[i]), lulucf));
            }
        }
    }
    out
}

/// Level assessment of one year (Eq. 4.1).
pub fn level(region: &str, year: i32, lulucf: Lulucf, sums: &Sums) -> Vec<KeyCategoryLine> {
    let total_abs: f64 = sums.values().map(|e| e.abs()).sum();
    if total_abs == 0.0 {
        return Vec::new();
    }
    let lines = sums
        .iter()
        .map(|(k, e)| {
            let l = e.abs() / total_abs;
            line(
                region,
                Assessment::Level,
                lulucf,
                None,
                year,
                k,
                None,
                *e,
                l,
            )
        })
        .collect();
    rank(lines, 1.0)
}

/// Trend assessment from `(base year, sums)` to `(year, sums)` (Eq. 4.2); empty when the base year's
/// total is zero.
pub fn trend(
    region: &str,
    (y0, s0): (i32, &Sums),
    (yt, st): (i32, &Sums),
    lulucf: Lulucf,
) -> Vec<KeyCategoryLine> {
    let abs0: f64 = s0.values().map(|e| e.abs()).sum();
    let sum0: f64 = s0.values().sum();
    let sumt: f64 = st.values().sum();
    if abs0 == 0.0 || sum0 == 0.0 {
        return Vec::new();
    }
    let growth = (sumt - sum0) / sum0.abs();
    let keys: BTreeSet<&CategoryKey> = s0.keys().chain(st.keys()).collect();
    let lines: Vec<KeyCategoryLine> = keys
        .into_iter()
        .map(|k| {
            let e0 = s0.get(k).copied().unwrap_or(0.0);
            let et = st.get(k).copied().unwrap_or(0.0);
            let t = if e0 == 0.0 {
                et.abs() / abs0
            } else {
                (e0.abs() / abs0) * ((et - e0) / e0.abs() - growth).abs()
            };
            line(
                region,
                Assessment::Trend,
                lulucf,
                Some(y0),
                yt,
                k,
                Some(e0),
                et,
                t,
            )
        })
        .collect();
    let sum_t: f64 = lines.iter().map(|l| l.value).sum();
    rank(lines, sum_t)
}

#[allow(clippy::too_many_arguments)]
fn line(
    region: &str,
    assessment: Assessment,
    lulucf: Lulucf,
    base_year: Option<i32>,
    year: i32,
    k: &CategoryKey,
    base: Option<f64>,
    e: f64,
    value: f64,
) -> KeyCategoryLine {
    KeyCategoryLine {
        region: region.to_string(),
        assessment,
        lulucf,
        base_year,
        year,
        rank: 0,
        key: k.clone(),
        name_en: k.name_en(),
        name_zh: k.name_zh(),
        base_t_co2e: base,
        emissions_t_co2e: e,
        value,
        share: 0.0,
        cumulative: 0.0,
        is_key: false,
    }
}

/// Sorts by decreasing value (ties by category, so the order is fixed), sets shares (`value / sum`), the
/// cumulative share and the key flag: key while the cumulative share before the line is below 95 %.
fn rank(mut lines: Vec<KeyCategoryLine>, sum: f64) -> Vec<KeyCategoryLine> {
    lines.sort_by(|a, b| b.value.total_cmp(&a.value).then_with(|| a.key.cmp(&b.key)));
    let mut cumulative = 0.0;
    for (i, l) in lines.iter_mut().enumerate() {
        l.rank = i + 1;
        l.share = if sum > 0.0 { l.value / sum } else { 0.0 };
        // A tolerance of 1e-12 so that shares summing to 95 % up to rounding count as having reached it.
        l.is_key = l.share > 0.0 && cumulative < THRESHOLD - 1e-12;
        cumulative += l.share;
        l.cumulative = cumulative;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gases::Gas;

    fn k(code: &str) -> CategoryKey {
        CategoryKey {
            code: code.into(),
            fuel_group: String::new(),
            gas: Gas::CO2,
        }
    }

    #[test]
    fn level_of_three_categories_by_hand() {
        // |E| = 60, 30, 10 of 100: L = 0.6, 0.3, 0.1; cumulative 0.6, 0.9, 1.0: the third is key too
        // (the cumulative before it, 0.9, is below 0.95).
        let s: Sums = [(k("2.A.1"), 60.0), (k("3.B.1"), -30.0), (k("4.A"), 10.0)]
            .into_iter()
            .collect();
        let l = level("R", 2020, Lulucf::With, &s);
        let got: Vec<(&str, f64, bool)> = l
            .iter()
            .map(|x| (x.key.code.as_str(), x.share, x.is_key))
            .collect();
        assert_eq!(
            got,
            [
                ("2.A.1", 0.6, true),
                ("3.B.1", 0.3, true),
                ("4.A", 0.1, true)
            ]
        );
        // 96, 3, 1: the first reaches 0.96 ≥ 0.95 on its own; the others are not key.
        let s: Sums = [(k("a"), 96.0), (k("b"), 3.0), (k("c"), 1.0)]
            .into_iter()
            .collect();
        let keys: Vec<bool> = level("R", 2020, Lulucf::Without, &s)
            .iter()
            .map(|x| x.is_key)
            .collect();
        assert_eq!(keys, [true, false, false]);
    }

    #[test]
    fn trend_of_a_new_category_uses_the_zero_base_form() {
        // Base: a = 100; latest: a = 100, b = 50. Σ|E0| = 100.
        // T_a = (100/100) × |0/100 − 50/100| = 0.5; T_b (E_b,0 = 0) = |50| / 100 = 0.5.
        let s0: Sums = [(k("a"), 100.0)].into_iter().collect();
        let st: Sums = [(k("a"), 100.0), (k("b"), 50.0)].into_iter().collect();
        let t = trend("R", (2000, &s0), (2010, &st), Lulucf::Without);
        assert_eq!(t.len(), 2);
        for x in &t {
            assert!((x.value - 0.5).abs() < 1e-15, "{x:?}");
            assert!((x.share - 0.5).abs() < 1e-15);
        }
    }
}
