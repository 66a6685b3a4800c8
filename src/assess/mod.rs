//! Assessment of a computed inventory: key categories (2006 IPCC Guidelines Vol. 1 Ch. 4) and uncertainty
//! (Vol. 1 Ch. 3). Pure computation over any [`Inventory`] — rows of any category, removals (negative
//! figures, e.g. LULUCF under 3.B) included, memo items excluded — no I/O and no printing.
//!
//! - [`key_categories`]: Approach 1 level assessment (Eq. 4.1) for every year and trend assessment
//!   (Eq. 4.2) from the first to the last year, with and without LULUCF, 95 % cumulative threshold.
//! - [`uncertainty`]: the uncertainty inputs of each emission row, Approach 1 (error propagation, Eqs. 3.1
//!   and 3.2; trend uncertainty per Table 3.3) and Approach 2 ([`monte_carlo`]: seeded, parallel, the same
//!   numbers for any thread count).
//!
//! Both analyses work on the same [`CategoryKey`]s, described there.
//!
//! ```
//! use ghgkit::{assess, factors::FactorLibrary, gases, ingest, inventory};
//! let csv = "year,region,category,activity,value,unit,uncertainty_pct\n\
//!            2019,Hubei,1.A.1.a,Other Bituminous Coal,1,Gg,5\n\
//!            2019,Hubei,1.A.3.b,Motor Gasoline,1,Gg,5\n";
//! let tables = ingest::workbook::tables_from_csv_text(csv, "example.csv").unwrap();
//! let mut data = ingest::Ingested::default();
//! ingest::read_tables(&tables, &mut data);
//! let lib = FactorLibrary::builtin().unwrap();
//! let gwp = gases::gwp_set("AR5").unwrap();
//! let settings = inventory::Settings { library: &lib, factor_set: "ipcc2006", gwp, overrides: &[] };
//! let inv = inventory::compute(&data.records, &settings).unwrap();
//! let a = assess::assess(&inv, &data.records, &assess::Options { mc_draws: Some(1000), seed: 1 }).unwrap();
//! // The level assessment's shares add up to 1, and the key categories reach 95 % of the total.
//! let level: Vec<_> = a.key_categories.iter().filter(|k| k.assessment == assess::key_categories::Assessment::Level).collect();
//! assert!((level.iter().map(|k| k.share).sum::<f64>() - 1.0).abs() < 1e-12);
//! // Approach 1 and Approach 2 of the total, side by side.
//! let total = a.uncertainty.lines.iter().find(|l| l.key.is_none()).unwrap();
//! assert!(total.approach1_pct > 0.0 && total.mc.is_some());
//! ```

pub mod key_categories;
mod model_inputs;
pub mod monte_carlo;
pub mod uncertainty;

use crate::activity::ActivityRecord;
use crate::categories::CategoryTree;
use crate::error::Result;
use crate::fuels::FuelCatalogue;
use crate::gases::Gas;
use crate::inventory::{EmissionRow, Inventory};
use serde::Serialize;

pub use key_categories::KeyCategoryLine;
pub use uncertainty::{UncertaintyLine, UncertaintyReport};

/// How to assess.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Monte Carlo draws of Approach 2 (0: Approach 1 only; at most [`monte_carlo::MAX_DRAWS`]); `None`:
    /// [`auto_draws`] of the number of rows assessed.
    pub mc_draws: Option<usize>,
    /// Seed of the Monte Carlo random numbers.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mc_draws: None,
            seed: 1,
        }
    }
}

/// The default number of Monte Carlo draws (for inventories of up to [`MC_WORK_BUDGET`] / 10,000 rows).
pub const DEFAULT_MC_DRAWS: usize = 10_000;

/// The fewest draws [`auto_draws`] gives.
pub const MIN_AUTO_DRAWS: usize = 1_000;

/// Rows × draws the default aims at: 2 × 10⁸ row evaluations, a few seconds on one core.
pub const MC_WORK_BUDGET: usize = 200_000_000;

/// The number of draws when none is given: [`DEFAULT_MC_DRAWS`], fewer for large inventories so that the
/// Monte Carlo stays within [`MC_WORK_BUDGET`] row evaluations, never fewer than [`MIN_AUTO_DRAWS`]. Hubei's
/// 182 rows get 10,000 draws; 100,000 rows get 2,000.
pub fn auto_draws(rows: usize) -> usize {
    (MC_WORK_BUDGET / rows.max(1)).clamp(MIN_AUTO_DRAWS, DEFAULT_MC_DRAWS)
}

/// Key categories and uncertainty of one inventory.
#[derive(Clone, Debug)]
pub struct Assessment {
    /// Every line of the key category analysis, per region: level assessments year by year, then the trend
    /// assessment; each without LULUCF, then with LULUCF (when the region has LULUCF rows).
    pub key_categories: Vec<KeyCategoryLine>,
    /// Uncertainty by Approach 1 and Approach 2.
    pub uncertainty: UncertaintyReport,
}

/// Runs the key category analysis and the uncertainty analysis. `records` are the activity records the
/// inventory was computed from (their `uncertainty_pct`); rows whose record is not among them get the
/// default activity uncertainty of their category ([`uncertainty::default_activity_pct`]).
pub fn assess(inv: &Inventory, records: &[ActivityRecord], o: &Options) -> Result<Assessment> {
    Ok(Assessment {
        key_categories: key_categories::analyse(inv),
        uncertainty: uncertainty::analyse(inv, records, o)?,
    })
}

/// The level at which categories are assessed (2006 IPCC Guidelines Vol. 1 Ch. 4 Table 4.1, "suggested
/// aggregation level"): a category code, for fuel combustion a fuel group, and a gas.
///
/// The rule, from Table 4.1's rows:
///
/// - fuel combustion (1.A): the third level (`1.A.1` energy industries, `1.A.2` manufacturing, `1.A.4`
///   other sectors, `1.A.5` non-specified) — transport (`1.A.3`) at the fourth level by mode (`1.A.3.a`
///   aviation, `1.A.3.b` road …) — **by fuel group** (solid, liquid, gaseous, other fossil, biomass for its
///   CH4 and N2O) and by gas;
/// - fugitive emissions (1.B): the fourth level (`1.B.1.a` coal mining and handling, `1.B.2.a` oil,
///   `1.B.2.b` natural gas) by gas;
/// - land (3.B): the fourth level (`3.B.1.a` forest land remaining forest land, `3.B.1.b` land converted to
///   forest land …) by gas;
/// - every other category: the third level (`2.A.1` cement production, `3.A.1` enteric fermentation,
///   `3.C.4` direct N2O from managed soils, `4.D.1` domestic wastewater …) by gas.
///
/// A row reported at a broader category than that level keeps its own code. Memo items are never
/// assessed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CategoryKey {
    /// IPCC 2006 code at the level of the rule above.
    pub code: String,
    /// For fuel combustion: `solid`, `liquid`, `gaseous`, `other_fossil` or `biomass`; otherwise empty.
    pub fuel_group: String,
    /// The gas.
    pub gas: Gas,
}

impl CategoryKey {
    /// The key of an emission row.
    pub fn of(row: &EmissionRow) -> CategoryKey {
        let fourth = ["1.A.3", "1.B", "3.B"];
        let depth = if fourth.iter().any(|a| within(&row.category, a)) {
            4
        } else {
            3
        };
        let code: Vec<&str> = row.category.split('.').take(depth).collect();
        let fuel_group = if within(&row.category, "1.A") {
            FuelCatalogue::builtin()
                .get(&row.activity)
                .map(|f| f.group.as_str().to_string())
                .unwrap_or_default()
        } else {
            String::new()
        };
        CategoryKey {
            code: code.join("."),
            fuel_group,
            gas: row.gas,
        }
    }

    /// English name: `Energy Industries, solid fuels` (the fuel group in words when there is one).
    pub fn name_en(&self) -> String {
        let title = CategoryTree::ipcc2006()
            .get(&self.code)
            .map(|c| c.title_en.clone())
            .unwrap_or_else(|| self.code.clone());
        match fuel_group_names(&self.fuel_group) {
            Some((en, _)) => format!("{title}, {en}"),
            None => title,
        }
    }

    /// Chinese name: `能源工业(固体燃料)`.
    pub fn name_zh(&self) -> String {
        let title = CategoryTree::ipcc2006()
            .get(&self.code)
            .map(|c| c.title_zh.clone())
            .unwrap_or_else(|| self.code.clone());
        match fuel_group_names(&self.fuel_group) {
            Some((_, zh)) => format!("{title}({zh})"),
            None => title,
        }
    }

    /// `1.A.1 solid CO2`: code, fuel group and gas in one short label (for charts and messages).
    pub fn label(&self) -> String {
        if self.fuel_group.is_empty() {
            format!("{} {}", self.code, self.gas)
        } else {
            format!("{} {} {}", self.code, self.fuel_group, self.gas)
        }
    }
}

/// English and Chinese names of a fuel group.
pub fn fuel_group_names(group: &str) -> Option<(&'static str, &'static str)> {
    Some(match group {
        "solid" => ("solid fuels", "固体燃料"),
        "liquid" => ("liquid fuels", "液体燃料"),
        "gaseous" => ("gaseous fuels", "气体燃料"),
        "other_fossil" => ("other fossil fuels", "其他化石燃料"),
        "biomass" => ("biomass", "生物质"),
        "secondary" => ("secondary carriers", "二次能源"),
        _ => return None,
    })
}

/// Whether `code` is `ancestor` or below it (by the code's dotted prefix, so that it works for codes the
/// tree may not list).
pub(crate) fn within(code: &str, ancestor: &str) -> bool {
    code == ancestor
        || (code.starts_with(ancestor) && code.as_bytes().get(ancestor.len()) == Some(&b'.'))
}

/// Land use, land-use change and forestry in the 2006 IPCC categories: land (3.B) and harvested wood
/// products (3.D.1).
pub fn is_lulucf(code: &str) -> bool {
    within(code, "3.B") || within(code, "3.D.1")
}

/// Whether LULUCF rows are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lulucf {
    /// Every category except LULUCF (3.B, 3.D.1).
    Without,
    /// Every category, LULUCF removals included.
    With,
}

impl Lulucf {
    /// `without` / `with`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Lulucf::Without => "without",
            Lulucf::With => "with",
        }
    }

    /// Whether a row of this category is counted.
    pub fn counts(&self, code: &str) -> bool {
        match self {
            Lulucf::Without => !is_lulucf(code),
            Lulucf::With => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_is_by_whole_code_parts() {
        assert!(within("1.A.3.b", "1.A.3"));
        assert!(within("1.A.3", "1.A.3"));
        assert!(!within("1.A.30", "1.A.3"));
        assert!(is_lulucf("3.B.1.a"));
        assert!(is_lulucf("3.D.1"));
        assert!(!is_lulucf("3.D.2"));
        assert!(!is_lulucf("3.A.1"));
    }
}
