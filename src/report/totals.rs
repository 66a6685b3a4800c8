//! Running totals of emission rows: everything `summary.json` and the category table are made of, summed
//! row by row as the rows come, so that an inventory of millions of rows can be summarised without
//! keeping them ([`crate::run::inventory_job_only`] with `summary` as the only output).
//!
//! [`RunningTotals::add`] takes the rows in inventory order; every sum is a sequential sum in that order,
//! keyed exactly as [`super::tables`] keys it (block, gas, category, code on the category's path, memo
//! item), so the totals of rows fed one batch at a time are the totals of the whole inventory, to the last
//! digit. The functions of [`super::tables`] that sum rows ([`totals`](super::tables::totals),
//! [`category_lines`](super::tables::category_lines) …) are computed here, so there is one implementation
//! of each sum.

use super::tables::{self, Block, CategoryLine, GwpUsed, MemoItem, Sums};
use crate::categories::CategoryTree;
use crate::fuels::FuelCatalogue;
use crate::gases::Gas;
use crate::inventory::EmissionRow;
use crate::shared::Shared;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

/// What is known of a category once: its path's codes (as indices into `RunningTotals::codes`), its memo
/// item and whether it is LULUCF.
struct CategoryInfo {
    /// Index of the category itself among the codes.
    own: usize,
    /// Indices of the codes from the sector down to the category.
    path: Vec<usize>,
    /// The memo item of a memo row of this category: (order key, code, English, Chinese title).
    memo: ((usize, String), String, String, String),
    /// In 3.B or 3.D.1 ([`crate::inventory::sectors::is_lulucf`]).
    lulucf: bool,
}

/// The sums of one region × year.
#[derive(Default)]
struct BlockSums {
    /// Memo items excluded.
    total: Sums,
    /// CO2e of LULUCF rows, memo excluded.
    lulucf: f64,
    /// Memo items by (tree index, code).
    memo: BTreeMap<(usize, String), MemoItem>,
    /// Direct sums by code index (emissions reported at that category), memo excluded.
    direct: Vec<Option<Sums>>,
    /// Subtotals by code index (every row at or below the code), memo excluded.
    subtotal: Vec<Option<Sums>>,
}

fn slot(v: &mut Vec<Option<Sums>>, i: usize) -> &mut Sums {
    if v.len() <= i {
        v.resize(i + 1, None);
    }
    v[i].get_or_insert_with(Sums::default)
}

/// Totals of emission rows, fed in inventory order (see the [module documentation](self)).
pub struct RunningTotals {
    tree: &'static CategoryTree,
    rows: usize,
    gases: BTreeSet<Gas>,
    /// Sums per block, in order of first appearance, found by `block_index` (and the last one used).
    blocks: Vec<((Shared, i32), BlockSums)>,
    block_index: HashMap<(Shared, i32), usize>,
    last_block: Option<(Shared, i32, usize)>,
    /// Every code met (categories and the codes on their paths), addressed by index.
    codes: Vec<String>,
    code_index: HashMap<String, usize>,
    categories: HashMap<Shared, CategoryInfo>,
    /// Per gas and origin (`fossil`, `non-fossil`) the GWP of the last row.
    gwp_seen: BTreeMap<Gas, BTreeMap<&'static str, f64>>,
    fossil_of: HashMap<Shared, bool>,
    /// 128-bit hashes of the activity rows' keys (see [`activity_rows`](Self::activity_rows)).
    activity_keys: rustc_hash::FxHashSet<u128>,
    /// The key of the last row's activity row.
    last_activity: Option<(crate::error::Location, Shared, i32, Shared, Shared)>,
}

impl Default for RunningTotals {
    fn default() -> Self {
        RunningTotals::new()
    }
}

impl RunningTotals {
    /// No rows yet.
    pub fn new() -> Self {
        RunningTotals {
            tree: CategoryTree::ipcc2006(),
            rows: 0,
            gases: BTreeSet::new(),
            blocks: Vec::new(),
            block_index: HashMap::default(),
            last_block: None,
            codes: Vec::new(),
            code_index: HashMap::default(),
            categories: HashMap::default(),
            gwp_seen: BTreeMap::new(),
            fossil_of: HashMap::default(),
            activity_keys: Default::default(),
            last_activity: None,
        }
    }

    /// The totals of `rows`.
    pub fn of(rows: &[EmissionRow]) -> Self {
        let mut t = RunningTotals::new();
        for r in rows {
            t.add(r);
        }
        t
    }

    fn code(&mut self, code: &str) -> usize {
        if let Some(&i) = self.code_index.get(code) {
            return i;
        }
        self.codes.push(code.to_string());
        self.code_index
            .insert(code.to_string(), self.codes.len() - 1);
        self.codes.len() - 1
    }

    fn category(&mut self, category: &Shared) -> &CategoryInfo {
        if !self.categories.contains_key(category) {
            let tree = self.tree;
            let path = tables::path(tree, category)
                .iter()
                .map(|c| self.code(c))
                .collect();
            let own = self.code(category);
            // The highest memo category above the row's category, if any; otherwise biomass CO2.
            let memo = match tree.ancestors(category).into_iter().rfind(|c| c.memo) {
                Some(c) => (
                    (tree.index_of(&c.code).unwrap_or(0), c.code.clone()),
                    c.code.clone(),
                    c.title_en.clone(),
                    c.title_zh.clone(),
                ),
                None => (
                    (usize::MAX, String::new()),
                    String::new(),
                    tables::BIOMASS_CO2_EN.to_string(),
                    tables::BIOMASS_CO2_ZH.to_string(),
                ),
            };
            let info = CategoryInfo {
                own,
                path,
                memo,
                lulucf: crate::inventory::sectors::is_lulucf(category),
            };
            self.categories.insert(category.clone(), info);
        }
        &self.categories[category]
    }

    /// Adds one row (rows must come in inventory order for the sums to be those of the whole inventory).
    pub fn add(&mut self, r: &EmissionRow) {
        self.rows += 1;
        self.gases.insert(r.gas);
        self.note_activity(r);
        let fossil = match self.fossil_of.get(&r.activity) {
            Some(f) => *f,
            None => {
                let f = FuelCatalogue::builtin()
                    .get(&r.activity)
                    .is_none_or(|f| f.fossil);
                self.fossil_of.insert(r.activity.clone(), f);
                f
            }
        };
        self.gwp_seen
            .entry(r.gas)
            .or_default()
            .insert(if fossil { "fossil" } else { "non-fossil" }, r.gwp);
        let b = match &self.last_block {
            Some((region, year, b)) if Shared::ptr_eq(region, &r.region) && *year == r.year => *b,
            _ => {
                let key = (r.region.clone(), r.year);
                let b = match self.block_index.get(&key) {
                    Some(b) => *b,
                    None => {
                        self.blocks.push((key.clone(), BlockSums::default()));
                        self.block_index.insert(key, self.blocks.len() - 1);
                        self.blocks.len() - 1
                    }
                };
                self.last_block = Some((r.region.clone(), r.year, b));
                b
            }
        };
        self.category(&r.category);
        let info = &self.categories[&r.category];
        let block = &mut self.blocks[b].1;
        if r.memo {
            let (k, code, en, zh) = &info.memo;
            block
                .memo
                .entry(k.clone())
                .or_insert_with(|| MemoItem {
                    code: code.clone(),
                    title_en: en.clone(),
                    title_zh: zh.clone(),
                    sums: Sums::default(),
                })
                .sums
                .add_row(r);
            return;
        }
        block.total.add_row(r);
        if info.lulucf {
            block.lulucf += r.co2e_t;
        }
        slot(&mut block.direct, info.own).add_row(r);
        for &i in &info.path {
            slot(&mut block.subtotal, i).add_row(r);
        }
    }

    /// Notes the activity row behind `r`: (input location, region, year, category, activity).
    fn note_activity(&mut self, r: &EmissionRow) {
        // The gases of one record are adjacent rows: each record is looked up once, not once per gas.
        if let Some((input, region, year, category, activity)) = &self.last_activity
            && *input == r.input
            && *region == r.region
            && *year == r.year
            && *category == r.category
            && *activity == r.activity
        {
            return;
        }
        self.last_activity = Some((
            r.input.clone(),
            r.region.clone(),
            r.year,
            r.category.clone(),
            r.activity.clone(),
        ));
        // Two independent SipHash-1-3 digests of the key (the std hasher, seeded differently).
        let digest = |seed: u8| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            seed.hash(&mut h);
            (&r.input, &*r.region, r.year, &*r.category, &*r.activity).hash(&mut h);
            h.finish()
        };
        self.activity_keys
            .insert((u128::from(digest(1)) << 64) | u128::from(digest(2)));
    }

    /// The number of rows added.
    pub fn emission_rows(&self) -> usize {
        self.rows
    }

    /// The number of distinct activity (input) rows behind the rows added, each identified by its input
    /// location, region, year, category and activity (as [`tables::activity_rows`]). Counted by 128-bit
    /// hashes of those keys, so that a million rows need 16 MB, not the keys themselves: two different
    /// keys would have to share all 128 bits to be counted once (for a million rows, a chance of about
    /// 10⁻²⁷).
    pub fn activity_rows(&self) -> usize {
        self.activity_keys.len()
    }

    /// The gases of the report's columns, as [`tables::gases`].
    pub fn gases(&self) -> Vec<Gas> {
        let mut out = vec![Gas::CO2, Gas::CH4, Gas::N2O];
        let others: Vec<Gas> = self
            .gases
            .iter()
            .filter(|g| !out.contains(g))
            .copied()
            .collect();
        out.extend(others);
        out
    }

    /// The blocks in (region, year) order.
    fn sorted(&self) -> Vec<&((Shared, i32), BlockSums)> {
        let mut v: Vec<_> = self.blocks.iter().collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }

    /// Totals per block, memo items excluded, as [`tables::totals`].
    pub fn totals(&self) -> BTreeMap<Block, Sums> {
        self.blocks
            .iter()
            .map(|((region, year), b)| ((region.to_string(), *year), b.total.clone()))
            .collect()
    }

    /// LULUCF CO2e per block, as [`tables::lulucf_totals`].
    pub fn lulucf_totals(&self) -> BTreeMap<Block, f64> {
        self.blocks
            .iter()
            .map(|((region, year), b)| ((region.to_string(), *year), b.lulucf))
            .collect()
    }

    /// Memo items per block, as [`tables::memo_items`].
    pub fn memo_items(&self) -> BTreeMap<Block, Vec<MemoItem>> {
        self.blocks
            .iter()
            .filter(|(_, b)| !b.memo.is_empty())
            .map(|((region, year), b)| {
                (
                    (region.to_string(), *year),
                    b.memo.values().cloned().collect(),
                )
            })
            .collect()
    }

    /// The GWP100 values the rows used, as [`tables::gwp_used`].
    pub fn gwp_used(&self) -> Vec<GwpUsed> {
        let mut out = Vec::new();
        for gas in self.gases() {
            if let Some(by_origin) = self.gwp_seen.get(&gas) {
                out.extend(tables::gwp_entries(gas, by_origin));
            }
        }
        out
    }

    /// The category table, as [`tables::category_lines`].
    pub fn category_lines(&self) -> Vec<CategoryLine> {
        let mut out = Vec::new();
        for ((region, year), b) in self.sorted() {
            let named = |v: &[Option<Sums>]| -> BTreeMap<String, Sums> {
                v.iter()
                    .enumerate()
                    .filter_map(|(i, s)| Some((self.codes[i].clone(), s.clone()?)))
                    .collect()
            };
            let direct = named(&b.direct);
            let subtotal = named(&b.subtotal);
            let memo: Vec<MemoItem> = b.memo.values().cloned().collect();
            tables::block_lines(
                self.tree,
                (region.as_str(), *year),
                &b.total,
                &direct,
                &subtotal,
                &memo,
                &mut out,
            );
        }
        out
    }
}

/// Computes the inventory of `records` ([`crate::inventory::compute_each`]) and sums its rows as they are
/// computed, keeping only the rows `keep` selects (in order): the inventory returned holds those rows
/// alone, the totals are those of every row.
pub fn compute_totals(
    records: &[crate::activity::ActivityRecord],
    s: &crate::inventory::Settings<'_>,
    keep: impl Fn(&EmissionRow) -> bool,
) -> crate::error::Result<(crate::inventory::Inventory, RunningTotals)> {
    let mut totals = RunningTotals::new();
    let mut kept = Vec::new();
    let mut inv = crate::inventory::compute_each(records, s, |rows| {
        for r in &rows {
            totals.add(r);
        }
        kept.extend(rows.into_iter().filter(|r| keep(r)));
    })?;
    inv.rows = kept;
    Ok((inv, totals))
}
