//! The inventory as an array: region × year × category × fuel × gas (ndarray), for many regions and years
//! at once.
//!
//! Axes are sorted (regions and fuels by key, years ascending, categories in tree order, gases CO2, CH4,
//! N2O, then the rest by name), so the same rows always give the same array. Memo items (biomass CO2,
//! international bunkers) are kept in a separate array and never enter totals. Sums run sequentially over
//! the array in index order: the same inputs give the same last digits whatever the thread count that
//! computed the rows.

use super::{EmissionRow, Inventory};
use crate::categories::CategoryTree;
use crate::gases::Gas;
use ndarray::{Array5, Axis};
use std::collections::BTreeSet;

/// Emissions held as 5-dimensional arrays.
#[derive(Clone, Debug)]
pub struct Cube {
    /// Region axis.
    pub regions: Vec<String>,
    /// Year axis.
    pub years: Vec<i32>,
    /// Category axis (IPCC codes as computed, in tree order).
    pub categories: Vec<String>,
    /// Fuel (activity) axis.
    pub fuels: Vec<String>,
    /// Gas axis.
    pub gases: Vec<Gas>,
    /// Mass of each gas, t; memo items excluded.
    pub emissions_t: Array5<f64>,
    /// CO2 equivalent, t CO2e; memo items excluded.
    pub co2e_t: Array5<f64>,
    /// Mass of each gas for memo items only, t.
    pub memo_t: Array5<f64>,
}

fn gas_rank(g: &Gas) -> (usize, &'static str) {
    match *g {
        Gas::CO2 => (0, ""),
        Gas::CH4 => (1, ""),
        Gas::N2O => (2, ""),
        other => (3, other.name()),
    }
}

impl Cube {
    /// Builds the arrays from emission rows. Rows with the same coordinates are added (in row order).
    pub fn from_rows(rows: &[EmissionRow]) -> Cube {
        let tree = CategoryTree::ipcc2006();
        let regions: Vec<String> = rows
            .iter()
            .map(|r| r.region.to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let years: Vec<i32> = rows
            .iter()
            .map(|r| r.year)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let used: BTreeSet<&str> = rows.iter().map(|r| r.category.as_str()).collect();
        let mut categories: Vec<String> = tree
            .iter()
            .filter(|c| used.contains(c.code.as_str()))
            .map(|c| c.code.clone())
            .collect();
        // Codes not in the tree (none today) keep a place at the end, sorted.
        for c in &used {
            if tree.get(c).is_none() {
                categories.push((*c).to_string());
            }
        }
        let fuels: Vec<String> = rows
            .iter()
            .map(|r| r.activity.to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut gases: Vec<Gas> = rows
            .iter()
            .map(|r| r.gas)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        gases.sort_by_key(gas_rank);
        let shape = (
            regions.len(),
            years.len(),
            categories.len(),
            fuels.len(),
            gases.len(),
        );
        let mut emissions_t = Array5::<f64>::zeros(shape);
        let mut co2e_t = Array5::<f64>::zeros(shape);
        let mut memo_t = Array5::<f64>::zeros(shape);
        let pos = |v: &[String], k: &str| v.binary_search_by(|x| x.as_str().cmp(k)).ok();
        // Categories are in tree order, not sorted: an index instead of a scan per row.
        let cat_index: std::collections::HashMap<&str, usize> = categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        for r in rows {
            let idx = (
                pos(&regions, &r.region),
                years.binary_search(&r.year).ok(),
                cat_index.get(r.category.as_str()).copied(),
                pos(&fuels, &r.activity),
                gases.iter().position(|g| *g == r.gas),
            );
            let (Some(a), Some(b), Some(c), Some(d), Some(e)) = idx else {
                continue;
            };
            if r.memo {
                memo_t[[a, b, c, d, e]] += r.emissions_t;
            } else {
                emissions_t[[a, b, c, d, e]] += r.emissions_t;
                co2e_t[[a, b, c, d, e]] += r.co2e_t;
            }
        }
        Cube {
            regions,
            years,
            categories,
            fuels,
            gases,
            emissions_t,
            co2e_t,
            memo_t,
        }
    }

    /// The cube of an inventory.
    pub fn of(inv: &Inventory) -> Cube {
        Cube::from_rows(&inv.rows)
    }

    /// Total CO2e (t) per region × year, memo excluded: a 2-D array indexed like `regions` × `years`.
    pub fn total_co2e(&self) -> ndarray::Array2<f64> {
        // Sum the trailing axes one at a time, always in index order.
        self.co2e_t
            .sum_axis(Axis(4))
            .sum_axis(Axis(3))
            .sum_axis(Axis(2))
    }

    /// CO2e (t) per region × year × category, memo excluded.
    pub fn co2e_by_category(&self) -> ndarray::Array3<f64> {
        self.co2e_t.sum_axis(Axis(4)).sum_axis(Axis(3))
    }

    /// Mass (t) per region × year × gas, memo excluded.
    pub fn emissions_by_gas(&self) -> ndarray::Array3<f64> {
        self.emissions_t.sum_axis(Axis(3)).sum_axis(Axis(2))
    }

    /// CO2e (t) of one region and year summed over every category within `code` (the code itself and its
    /// sub-categories), memo excluded.
    pub fn co2e_within(&self, region: &str, year: i32, code: &str) -> f64 {
        let tree = CategoryTree::ipcc2006();
        let (Some(a), Some(b)) = (
            self.regions.iter().position(|r| r == region),
            self.years.iter().position(|y| *y == year),
        ) else {
            return 0.0;
        };
        let by_cat = self.co2e_by_category();
        self.categories
            .iter()
            .enumerate()
            .filter(|(_, c)| tree.is_within(c, code))
            .map(|(i, _)| by_cat[[a, b, i]])
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    fn row(
        region: &str,
        year: i32,
        cat: &str,
        fuel: &str,
        gas: Gas,
        t: f64,
        memo: bool,
    ) -> EmissionRow {
        EmissionRow {
            region: region.into(),
            year,
            category: cat.into(),
            activity: fuel.into(),
            gas,
            emissions_t: t,
            co2e_t: t * if gas == Gas::CH4 { 28.0 } else { 1.0 },
            gwp: 1.0,
            gwp_set: "AR5".into(),
            activity_value: 1.0,
            activity_unit: "t".into(),
            energy_tj: 1.0,
            method: "".into(),
            factor_ids: Vec::new().into(),
            factor_source: "".into(),
            input: Location::file("x"),
            memo,
        }
    }

    #[test]
    fn axes_are_sorted_and_totals_exclude_memo() {
        let rows = vec![
            row("Hubei", 2008, "1.A.2", "raw_coal", Gas::CO2, 10.0, false),
            row(
                "Anhui",
                2007,
                "1.A.1.a",
                "natural_gas",
                Gas::CH4,
                1.0,
                false,
            ),
            row("Hubei", 2007, "1.A.1.a", "raw_coal", Gas::CO2, 5.0, false),
            row("Hubei", 2007, "1.A.1.a", "raw_coal", Gas::CO2, 2.0, false),
            row("Hubei", 2007, "1.A.4.b", "wood", Gas::CO2, 100.0, true),
        ];
        let c = Cube::from_rows(&rows);
        assert_eq!(c.regions, ["Anhui", "Hubei"]);
        assert_eq!(c.years, [2007, 2008]);
        assert_eq!(c.categories, ["1.A.1.a", "1.A.2", "1.A.4.b"]);
        assert_eq!(c.gases, [Gas::CO2, Gas::CH4]);
        let t = c.total_co2e();
        assert_eq!(t[[1, 0]], 7.0, "5 + 2, the memo wood CO2 excluded");
        assert_eq!(t[[1, 1]], 10.0);
        assert_eq!(t[[0, 0]], 28.0);
        assert_eq!(c.memo_t.sum(), 100.0);
        assert_eq!(c.co2e_within("Hubei", 2007, "1.A"), 7.0);
        assert_eq!(c.co2e_within("Hubei", 2007, "1.A.2"), 0.0);
        assert_eq!(c.emissions_by_gas()[[0, 0, 1]], 1.0);
    }
}
