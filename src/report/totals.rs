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
use crate::activity::ActivityRecord;
use crate::categories::CategoryTree;
use crate::fuels::FuelCatalogue;
use crate::gases::Gas;
use crate::inventory::{Computed, EmissionRow, RecordRow};
use crate::shared::Shared;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};

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

/// The sums of one key as the rows come: per gas, in order of first appearance, the mass and the CO2e.
/// Each addition is that of [`Sums::add_row`] (`0 + first`, then `+ next` in row order), so the sums are
/// [`Sums`]' to the last bit; a short list is searched faster than [`Sums`]' maps are updated.
#[derive(Clone, Default)]
struct Acc(Vec<(Gas, f64, f64)>);

impl Acc {
    fn add(&mut self, r: &impl Row) {
        let gas = r.gas();
        for e in &mut self.0 {
            if same_gas(e.0, gas) {
                e.1 += r.emissions_t();
                e.2 += r.co2e_t();
                return;
            }
        }
        self.0.push((gas, 0.0 + r.emissions_t(), 0.0 + r.co2e_t()));
    }

    fn sums(&self) -> Sums {
        let mut s = Sums::default();
        for &(gas, mass, co2e) in &self.0 {
            s.mass_t.insert(gas, mass);
            s.co2e_t.insert(gas, co2e);
        }
        s
    }
}

/// What the totals read of an emission row: an [`EmissionRow`], or a figure of a record
/// ([`crate::inventory::RecordRow`]) with the record it belongs to.
trait Row {
    fn region(&self) -> &Shared;
    fn year(&self) -> i32;
    fn category(&self) -> &Shared;
    fn activity(&self) -> &Shared;
    fn input(&self) -> &crate::error::Location;
    fn gas(&self) -> Gas;
    fn emissions_t(&self) -> f64;
    fn co2e_t(&self) -> f64;
    fn gwp(&self) -> f64;
    fn memo(&self) -> bool;
}

impl Row for EmissionRow {
    fn region(&self) -> &Shared {
        &self.region
    }
    fn year(&self) -> i32 {
        self.year
    }
    fn category(&self) -> &Shared {
        &self.category
    }
    fn activity(&self) -> &Shared {
        &self.activity
    }
    fn input(&self) -> &crate::error::Location {
        &self.input
    }
    fn gas(&self) -> Gas {
        self.gas
    }
    fn emissions_t(&self) -> f64 {
        self.emissions_t
    }
    fn co2e_t(&self) -> f64 {
        self.co2e_t
    }
    fn gwp(&self) -> f64 {
        self.gwp
    }
    fn memo(&self) -> bool {
        self.memo
    }
}

/// A figure of a record, read as the row [`crate::inventory::Computer::add`] would have made of it.
impl Row for (&ActivityRecord, &RecordRow) {
    fn region(&self) -> &Shared {
        &self.0.region
    }
    fn year(&self) -> i32 {
        self.0.year
    }
    fn category(&self) -> &Shared {
        &self.0.category
    }
    fn activity(&self) -> &Shared {
        &self.0.activity
    }
    fn input(&self) -> &crate::error::Location {
        &self.0.location
    }
    fn gas(&self) -> Gas {
        self.1.gas
    }
    fn emissions_t(&self) -> f64 {
        self.1.emissions_t
    }
    fn co2e_t(&self) -> f64 {
        self.1.co2e_t
    }
    fn gwp(&self) -> f64 {
        self.1.gwp
    }
    fn memo(&self) -> bool {
        self.1.memo
    }
}

/// The sums of one region × year.
#[derive(Default)]
struct BlockSums {
    /// Memo items excluded.
    total: Acc,
    /// CO2e of LULUCF rows, memo excluded.
    lulucf: f64,
    /// Memo items by (tree index, code): the category (index into `RunningTotals::categories`) that
    /// names the item, and the sums.
    memo: BTreeMap<(usize, String), (usize, Acc)>,
    /// Direct sums by code index (emissions reported at that category), memo excluded.
    direct: Vec<Option<Acc>>,
    /// Subtotals by code index (every row at or below the code), memo excluded.
    subtotal: Vec<Option<Acc>>,
}

fn slot(v: &mut Vec<Option<Acc>>, i: usize) -> &mut Acc {
    if v.len() <= i {
        v.resize(i + 1, None);
    }
    v[i].get_or_insert_with(Acc::default)
}

/// An activity row's key, exact (no hashing): (input location, region, year, category, activity). Texts
/// are numbered; the key is packed into 128 bits when every part fits (a cell or line of a file, numbers
/// below the widths of [`RunningTotals::pack`]), and kept whole otherwise.
type ActivityKey = (crate::error::Location, Shared, i32, Shared, Shared);

/// Copies of texts remembered by address: enough for the names of any inventory, bounded for texts that
/// are not interned.
const MAX_COPIES: usize = 4096;

/// Totals of emission rows, fed in inventory order (see the [module documentation](self)).
pub struct RunningTotals {
    tree: &'static CategoryTree,
    rows: usize,
    /// Per gas, in order of first appearance, the GWP of the last row of each origin (`fossil`,
    /// `non-fossil`).
    gwp_seen: Vec<(Gas, [Option<f64>; 2])>,
    /// Sums per block, in order of first appearance, found by `block_index` (and the last one used).
    blocks: Vec<((Shared, i32), BlockSums)>,
    block_index: HashMap<(Shared, i32), usize>,
    last_block: Option<(Shared, i32, usize)>,
    /// Every code met (categories and the codes on their paths), addressed by index.
    codes: Vec<String>,
    code_index: HashMap<String, usize>,
    /// Every category met, found by `category_index` (and the last one used).
    categories: Vec<CategoryInfo>,
    category_index: HashMap<Shared, usize>,
    last_category: Option<(Shared, usize)>,
    /// Texts of activity keys (files, sheets, regions, categories, activities), numbered.
    text_ids: HashMap<Shared, u32>,
    /// The numbers of the texts' copies met, by address (at most [`MAX_COPIES`]).
    copies: HashMap<usize, (Shared, u32)>,
    /// (file, sheet) pairs of activity keys, numbered.
    place_ids: HashMap<(u32, u32), u32>,
    /// The activity rows' keys, packed (see [`ActivityKey`]).
    activity_keys: rustc_hash::FxHashSet<u128>,
    /// The activity rows' keys that do not pack.
    activity_whole: rustc_hash::FxHashSet<ActivityKey>,
    /// The key of the last row's activity row, and whether its activity is fossil.
    last_activity: Option<(ActivityKey, bool)>,
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
            gwp_seen: Vec::new(),
            blocks: Vec::new(),
            block_index: HashMap::default(),
            last_block: None,
            codes: Vec::new(),
            code_index: HashMap::default(),
            categories: Vec::new(),
            category_index: HashMap::default(),
            last_category: None,
            text_ids: HashMap::default(),
            copies: HashMap::default(),
            place_ids: HashMap::default(),
            activity_keys: Default::default(),
            activity_whole: Default::default(),
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

    /// The index of a category's information (made on first sight).
    fn category(&mut self, category: &Shared) -> usize {
        if let Some((c, i)) = &self.last_category
            && c == category
        {
            return *i;
        }
        let i = match self.category_index.get(category) {
            Some(&i) => i,
            None => {
                let info = self.category_info(category);
                self.categories.push(info);
                let i = self.categories.len() - 1;
                self.category_index.insert(category.clone(), i);
                i
            }
        };
        self.last_category = Some((category.clone(), i));
        i
    }

    fn category_info(&mut self, category: &str) -> CategoryInfo {
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
        CategoryInfo {
            own,
            path,
            memo,
            lulucf: crate::inventory::sectors::is_lulucf(category),
        }
    }

    /// Adds one row (rows must come in inventory order for the sums to be those of the whole inventory).
    pub fn add(&mut self, r: &EmissionRow) {
        self.add_row(r);
    }

    /// Adds one figure of [`crate::inventory::Computer::add_computed`], with the records handed over with
    /// it: the same sums as [`add`](Self::add) of the row it stands for.
    pub fn add_computed(&mut self, records: &[ActivityRecord], c: &Computed) {
        match c {
            Computed::Row(r) => self.add_row(&**r),
            Computed::Of(f) => self.add_row(&(&records[f.record], f)),
        }
    }

    fn add_row(&mut self, r: &impl Row) {
        self.rows += 1;
        let fossil = self.note_activity(r);
        let origin = usize::from(!fossil);
        let gas = r.gas();
        match self.gwp_seen.iter_mut().find(|(g, _)| same_gas(*g, gas)) {
            Some((_, by_origin)) => by_origin[origin] = Some(r.gwp()),
            None => {
                let mut by_origin = [None; 2];
                by_origin[origin] = Some(r.gwp());
                self.gwp_seen.push((gas, by_origin));
            }
        }
        let (region, year) = (r.region(), r.year());
        let b = match &self.last_block {
            Some((last, y, b)) if Shared::ptr_eq(last, region) && *y == year => *b,
            _ => {
                let key = (region.clone(), year);
                let b = match self.block_index.get(&key) {
                    Some(b) => *b,
                    None => {
                        self.blocks.push((key.clone(), BlockSums::default()));
                        self.block_index.insert(key, self.blocks.len() - 1);
                        self.blocks.len() - 1
                    }
                };
                self.last_block = Some((region.clone(), year, b));
                b
            }
        };
        let c = self.category(r.category());
        let info = &self.categories[c];
        let block = &mut self.blocks[b].1;
        if r.memo() {
            let key = &info.memo.0;
            match block.memo.get_mut(key) {
                Some((_, acc)) => acc.add(r),
                None => {
                    let mut acc = Acc::default();
                    acc.add(r);
                    block.memo.insert(key.clone(), (c, acc));
                }
            }
            return;
        }
        block.total.add(r);
        if info.lulucf {
            block.lulucf += r.co2e_t();
        }
        slot(&mut block.direct, info.own).add(r);
        for &i in &info.path {
            slot(&mut block.subtotal, i).add(r);
        }
    }

    /// Notes the activity row behind `r`: (input location, region, year, category, activity); returns
    /// whether its activity is fossil (an activity the catalogue does not know counts as fossil).
    fn note_activity(&mut self, r: &impl Row) -> bool {
        // The gases of one record are adjacent rows: each record is looked up once, not once per gas.
        if let Some(((input, region, year, category, activity), fossil)) = &self.last_activity
            && input == r.input()
            && region == r.region()
            && *year == r.year()
            && category == r.category()
            && activity == r.activity()
        {
            return *fossil;
        }
        let key: ActivityKey = (
            r.input().clone(),
            r.region().clone(),
            r.year(),
            r.category().clone(),
            r.activity().clone(),
        );
        match self.pack(&key) {
            Some(k) => {
                self.activity_keys.insert(k);
            }
            None => {
                self.activity_whole.insert(key.clone());
            }
        }
        let fossil = FuelCatalogue::builtin()
            .get(r.activity())
            .is_none_or(|f| f.fossil);
        self.last_activity = Some((key, fossil));
        fossil
    }

    /// The number of a text of activity keys.
    fn text_id(&mut self, text: &Shared) -> u32 {
        // Most texts are clones of a few interned copies: found by the copy's address first (the map
        // holds a clone, so the address cannot be reused for another text while it is there).
        let addr = text.as_ptr() as usize;
        if let Some((copy, i)) = self.copies.get(&addr)
            && Shared::ptr_eq(copy, text)
        {
            return *i;
        }
        let n = self.text_ids.len() as u32;
        let i = *self.text_ids.entry(text.clone()).or_insert(n);
        if self.copies.len() < MAX_COPIES {
            self.copies.insert(addr, (text.clone(), i));
        }
        i
    }

    /// An activity key in 128 bits, one-to-one: place (file and sheet) 20 bits, kind of position 2 (none,
    /// cell, line), row or line 26, column 14, region, category and activity 16 each, year 16. `None`
    /// when a part does not fit (then the key is kept whole).
    fn pack(&mut self, (at, region, year, category, activity): &ActivityKey) -> Option<u128> {
        let file = self.text_id(&at.file);
        let sheet = match &at.sheet {
            Some(s) => self.text_id(s) + 1,
            None => 0,
        };
        let n = self.place_ids.len() as u32;
        let place = *self.place_ids.entry((file, sheet)).or_insert(n);
        let (kind, a, b) = match (&at.cell, at.line, at.column) {
            (None, None, None) => (0, 0, 0),
            (Some(cell), None, None) => {
                let (row, col) = parse_a1(cell)?;
                (1, row, col)
            }
            (None, Some(line), column) => (
                2,
                u32::try_from(line).ok()?,
                match column {
                    None => 0,
                    Some(0) => return None,
                    Some(c) => u32::try_from(c).ok()?,
                },
            ),
            _ => return None,
        };
        let (region, category, activity) = (
            self.text_id(region),
            self.text_id(category),
            self.text_id(activity),
        );
        let year = u16::try_from(*year).ok()?;
        let fits = |v: u32, bits: u32| v < (1 << bits);
        if !(fits(place, 20)
            && fits(a, 26)
            && fits(b, 14)
            && fits(region, 16)
            && fits(category, 16)
            && fits(activity, 16))
        {
            return None;
        }
        let mut k = u128::from(place);
        for (v, bits) in [
            (kind, 2),
            (a, 26),
            (b, 14),
            (region, 16),
            (category, 16),
            (activity, 16),
            (u32::from(year), 16),
        ] {
            k = (k << bits) | u128::from(v);
        }
        Some(k)
    }

    /// The number of rows added.
    pub fn emission_rows(&self) -> usize {
        self.rows
    }

    /// The number of distinct activity (input) rows behind the rows added, each identified by its input
    /// location, region, year, category and activity (as [`tables::activity_rows`]). Counted exactly,
    /// with keys of 16 bytes (their texts numbered) where they fit, so that a million rows need 16 MB,
    /// not the keys themselves.
    pub fn activity_rows(&self) -> usize {
        self.activity_keys.len() + self.activity_whole.len()
    }

    /// The gases of the report's columns, as [`tables::gases`].
    pub fn gases(&self) -> Vec<Gas> {
        let mut out = vec![Gas::CO2, Gas::CH4, Gas::N2O];
        let others: BTreeSet<Gas> = self
            .gwp_seen
            .iter()
            .map(|(g, _)| *g)
            .filter(|g| !out.contains(g))
            .collect();
        out.extend(others);
        out
    }

    /// The memo items of a block, in order.
    fn memo_of(&self, b: &BlockSums) -> Vec<MemoItem> {
        b.memo
            .values()
            .map(|(c, acc)| {
                let (_, code, en, zh) = &self.categories[*c].memo;
                MemoItem {
                    code: code.clone(),
                    title_en: en.clone(),
                    title_zh: zh.clone(),
                    sums: acc.sums(),
                }
            })
            .collect()
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
            .map(|((region, year), b)| ((region.to_string(), *year), b.total.sums()))
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
            .map(|((region, year), b)| ((region.to_string(), *year), self.memo_of(b)))
            .collect()
    }

    /// The GWP100 values the rows used, as [`tables::gwp_used`].
    pub fn gwp_used(&self) -> Vec<GwpUsed> {
        let mut out = Vec::new();
        for gas in self.gases() {
            if let Some((_, by_origin)) = self.gwp_seen.iter().find(|(g, _)| *g == gas) {
                let by_origin: BTreeMap<&str, f64> = ["fossil", "non-fossil"]
                    .into_iter()
                    .zip(by_origin)
                    .filter_map(|(o, v)| Some((o, (*v)?)))
                    .collect();
                out.extend(tables::gwp_entries(gas, &by_origin));
            }
        }
        out
    }

    /// The category table, as [`tables::category_lines`].
    pub fn category_lines(&self) -> Vec<CategoryLine> {
        let mut out = Vec::new();
        for ((region, year), b) in self.sorted() {
            let named = |v: &[Option<Acc>]| -> BTreeMap<String, Sums> {
                v.iter()
                    .enumerate()
                    .filter_map(|(i, s)| Some((self.codes[i].clone(), s.as_ref()?.sums())))
                    .collect()
            };
            let direct = named(&b.direct);
            let subtotal = named(&b.subtotal);
            let memo = self.memo_of(b);
            tables::block_lines(
                self.tree,
                (region.as_str(), *year),
                &b.total.sums(),
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

/// `a == b`, without reading the names when both are copies of one.
fn same_gas(a: Gas, b: Gas) -> bool {
    std::ptr::eq(a.name(), b.name()) || a == b
}

/// Row and column (0-based) of a cell name as [`crate::error::a1`] writes it (`C7` → (6, 2)); `None` for
/// anything else, a name with a leading zero included (`A07` is another text than `A7`, so another key).
fn parse_a1(cell: &str) -> Option<(u32, u32)> {
    let b = cell.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if b.get(letters) == Some(&b'0') {
        return None;
    }
    crate::error::a1_position(b)
}

#[cfg(test)]
mod tests {
    use super::parse_a1;
    use crate::error::a1;

    #[test]
    fn a1_references_parse_back() {
        for (row, col) in [
            (0, 0),
            (6, 2),
            (1_048_575, 16_383),
            (99, 25),
            (99, 26),
            (5, 701),
            (5, 702),
        ] {
            assert_eq!(
                parse_a1(&a1(row, col)),
                Some((row, col)),
                "{}",
                a1(row, col)
            );
        }
        for bad in ["", "A", "7", "A0", "a7", "A07", "ABCD1", "A1:B2", "A1 "] {
            assert_eq!(parse_a1(bad), None, "{bad}");
        }
    }
}
