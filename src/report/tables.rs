//! Plain-data aggregates of an [`Inventory`], shared by the Excel report ([`super::xlsx`]) and the JSON
//! summary ([`super::json`]). Every function here is pure and returns plain structs in a fixed order, so
//! that a new sheet or key (the reference approach, indirect electricity, fugitive emissions …) is one more
//! small function over this data, not a change to the others.
//!
//! Conventions: a *block* is one region × year; memo items (biomass CO2, international bunkers,
//! multilateral operations) are never in a total, a subtotal or a share, and are reported on their own
//! ([`memo_items`]).

use super::totals::RunningTotals;
use crate::categories::{CategoryTree, ProvincialSector, provincial_sector_of, provincial_sectors};
use crate::error::Location;
use crate::factors::FactorLibrary;
use crate::fuels::{FuelCatalogue, FuelGroup};
use crate::gases::Gas;
use crate::inventory::electricity::IndirectElectricity;
use crate::inventory::reference::ReferenceApproach;
use crate::inventory::{EmissionRow, Inventory};
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};

/// A region × year.
pub type Block = (String, i32);

/// What the reports are made of: the inventory and, beside it, the reference approach of each energy
/// balance compared with the sectoral approach, and the indirect CO2 of net imported electricity. Both are
/// empty when the run had no energy balance (and no tidy net-import rows); they are never in the
/// inventory's totals.
///
/// `ReportData::from(&inventory)` gives a report of the inventory alone.
#[derive(Clone, Copy, Debug)]
pub struct ReportData<'a> {
    /// The inventory.
    pub inventory: &'a Inventory,
    /// The reference approach of each balance, with its comparison (`ReferenceApproach::comparison`).
    pub reference: &'a [ReferenceApproach],
    /// Indirect CO2 of net imported electricity, one row per region × year.
    pub indirect: &'a [IndirectElectricity],
    /// Key categories and uncertainty (sheets `key_categories` and `uncertainty`), when assessed.
    pub assessment: Option<&'a crate::assess::Assessment>,
}

impl<'a> From<&'a Inventory> for ReportData<'a> {
    fn from(inventory: &'a Inventory) -> Self {
        ReportData {
            inventory,
            reference: &[],
            indirect: &[],
            assessment: None,
        }
    }
}

/// Masses and CO2 equivalents, summed by gas.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sums {
    /// Mass of each gas, t.
    pub mass_t: BTreeMap<Gas, f64>,
    /// CO2 equivalent of each gas, t CO2e.
    pub co2e_t: BTreeMap<Gas, f64>,
}

impl Sums {
    /// Adds one emission row.
    pub fn add_row(&mut self, r: &EmissionRow) {
        *self.mass_t.entry(r.gas).or_insert(0.0) += r.emissions_t;
        *self.co2e_t.entry(r.gas).or_insert(0.0) += r.co2e_t;
    }

    /// Adds other sums.
    pub fn add(&mut self, other: &Sums) {
        for (g, v) in &other.mass_t {
            *self.mass_t.entry(*g).or_insert(0.0) += v;
        }
        for (g, v) in &other.co2e_t {
            *self.co2e_t.entry(*g).or_insert(0.0) += v;
        }
    }

    /// Mass of one gas, t (0 when absent).
    pub fn mass(&self, gas: Gas) -> f64 {
        self.mass_t.get(&gas).copied().unwrap_or(0.0)
    }

    /// CO2 equivalent of one gas, t CO2e (0 when absent).
    pub fn co2e_of(&self, gas: Gas) -> f64 {
        self.co2e_t.get(&gas).copied().unwrap_or(0.0)
    }

    /// CO2 equivalent of all gases, t CO2e.
    pub fn co2e(&self) -> f64 {
        self.co2e_t.values().sum()
    }
}

/// The gases of the report's columns: CO2, CH4 and N2O always (in that order), then any other gas present,
/// by name.
pub fn gases(inv: &Inventory) -> Vec<Gas> {
    let mut out = vec![Gas::CO2, Gas::CH4, Gas::N2O];
    let others: BTreeSet<Gas> = inv
        .rows
        .iter()
        .map(|r| r.gas)
        .filter(|g| !out.contains(g))
        .collect();
    out.extend(others);
    out
}

/// The regions and years of the inventory, each sorted and without repeats.
pub fn regions_and_years(inv: &Inventory) -> (Vec<String>, Vec<i32>) {
    let regions: BTreeSet<&str> = inv.rows.iter().map(|r| r.region.as_str()).collect();
    let years: BTreeSet<i32> = inv.rows.iter().map(|r| r.year).collect();
    (
        regions.into_iter().map(String::from).collect(),
        years.into_iter().collect(),
    )
}

/// Totals per block, memo items excluded. Every block with at least one emission row is present (a block
/// with memo items only has empty sums).
pub fn totals(inv: &Inventory) -> BTreeMap<Block, Sums> {
    RunningTotals::of(&inv.rows).totals()
}

/// CO2e of land use, land-use change and forestry per block, t CO2e (memo items excluded; negative for a
/// net sink): the total without LULUCF is the block's total minus this
/// ([`crate::inventory::sectors::is_lulucf`]).
pub fn lulucf_totals(inv: &Inventory) -> BTreeMap<Block, f64> {
    RunningTotals::of(&inv.rows).lulucf_totals()
}

/// The number of activity (input) rows behind the inventory: distinct records, each identified by its
/// input location, region, year, category and activity.
pub fn activity_rows(inv: &Inventory) -> usize {
    fn key(r: &EmissionRow) -> (&Location, &str, i32, &str, &str) {
        (&r.input, &r.region, r.year, &r.category, &r.activity)
    }
    let mut seen = rustc_hash::FxHashSet::default();
    let mut last = None;
    for r in &inv.rows {
        // The gases of one record are adjacent rows: each record is looked up once, not once per gas.
        if last == Some(key(r)) {
            continue;
        }
        last = Some(key(r));
        seen.insert(key(r));
    }
    seen.len()
}

/// One memo item of a block.
#[derive(Clone, Debug, PartialEq)]
pub struct MemoItem {
    /// The memo category (`1.A.3.a.i` international aviation, `1.A.3.d.i` international water-borne
    /// navigation, `1.A.5.c` multilateral operations), or empty for CO2 from biomass.
    pub code: String,
    /// English title.
    pub title_en: String,
    /// Chinese title.
    pub title_zh: String,
    /// Its emissions.
    pub sums: Sums,
}

/// English title of the biomass-CO2 memo item (2006 IPCC Guidelines Vol. 1 Ch. 8, Table 8.2, memo items).
pub const BIOMASS_CO2_EN: &str = "CO2 from biomass combustion for energy production";
/// Chinese title of the biomass-CO2 memo item.
pub const BIOMASS_CO2_ZH: &str = "用于能源生产的生物质燃烧CO2排放";

/// Memo items per block: bunkers and multilateral operations by memo category (in tree order), then CO2
/// from biomass. Blocks without memo rows are absent.
pub fn memo_items(inv: &Inventory) -> BTreeMap<Block, Vec<MemoItem>> {
    RunningTotals::of(&inv.rows).memo_items()
}

/// What a line of the category table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// The block's total, memo items excluded.
    Total,
    /// An IPCC category: its subtotal over everything below it.
    Category,
    /// Emissions reported at a category that also has reported sub-categories, not allocated to any of
    /// them: listed as a child of that category so that every subtotal is the sum of its children.
    Unallocated,
    /// A memo item (see [`MemoItem`]).
    Memo,
}

impl LineKind {
    /// `total`, `category`, `unallocated` or `memo`.
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Total => "total",
            LineKind::Category => "category",
            LineKind::Unallocated => "unallocated",
            LineKind::Memo => "memo",
        }
    }
}

/// One line of the category table (`by_category` sheet, `by_sector` in JSON).
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryLine {
    /// Region.
    pub region: String,
    /// Year.
    pub year: i32,
    /// What the line is.
    pub kind: LineKind,
    /// IPCC 2006 code; empty for the total and for biomass CO2. An unallocated line repeats its parent's
    /// code.
    pub code: String,
    /// The code of the line this one adds up into: empty for sectors (which add up into the total), for the
    /// total and for memo items.
    pub parent: String,
    /// 0 for the total, 1 for a sector (`1`), 2 for `1.A`, … ; an unallocated line is one deeper than its
    /// parent; memo items are 1.
    pub depth: usize,
    /// True when no line adds up into this one (the leaves sum to the total).
    pub leaf: bool,
    /// English title.
    pub title_en: String,
    /// Chinese title.
    pub title_zh: String,
    /// Emissions.
    pub sums: Sums,
    /// Share of the block's total CO2e (`None` for memo items, or when the total is 0).
    pub share: Option<f64>,
}

/// Title suffix of an unallocated line, English.
const UNALLOCATED_EN: &str = "reported at this level, not allocated to a sub-category";
/// Title suffix of an unallocated line, Chinese.
const UNALLOCATED_ZH: &str = "在本级报告、未分配到子类别";

/// The category table: per block (in region, year order) the total, then the IPCC tree depth first with a
/// subtotal on every category that has emissions below it, then the memo items. Every subtotal equals the
/// sum of its children (sectors add up to the total); where emissions were reported at a category that
/// also has reported sub-categories, an [`LineKind::Unallocated`] child carries them.
pub fn category_lines(inv: &Inventory) -> Vec<CategoryLine> {
    RunningTotals::of(&inv.rows).category_lines()
}

/// The lines of one block of the category table (see [`category_lines`]): the total, the tree depth first
/// from the sectors with a subtotal on every code of `subtotal`, an unallocated line where `direct` has
/// emissions at a code with children, then the memo items.
pub(super) fn block_lines(
    tree: &CategoryTree,
    (region, year): (&str, i32),
    total: &Sums,
    direct: &BTreeMap<String, Sums>,
    subtotal: &BTreeMap<String, Sums>,
    memo: &[MemoItem],
    out: &mut Vec<CategoryLine>,
) {
    let region = region.to_string();
    {
        let share = |s: &Sums| {
            let t = total.co2e();
            (t != 0.0).then(|| s.co2e() / t)
        };
        let line = |kind, code: &str, parent: &str, depth, sums: Sums| {
            let cat = tree.get(code);
            let (en, zh) = match (kind, cat) {
                (LineKind::Unallocated, Some(c)) => (
                    format!("{} ({UNALLOCATED_EN})", c.title_en),
                    format!("{}（{UNALLOCATED_ZH}）", c.title_zh),
                ),
                (LineKind::Unallocated, None) => (UNALLOCATED_EN.into(), UNALLOCATED_ZH.into()),
                (_, Some(c)) => (c.title_en.clone(), c.title_zh.clone()),
                (_, None) => (String::new(), String::new()),
            };
            CategoryLine {
                region: region.clone(),
                year,
                kind,
                code: code.to_string(),
                parent: parent.to_string(),
                depth,
                leaf: true,
                title_en: en,
                title_zh: zh,
                share: share(&sums),
                sums,
            }
        };
        out.push(CategoryLine {
            title_en: "Total (memo items excluded)".into(),
            title_zh: "合计（不含信息项）".into(),
            leaf: false,
            ..line(LineKind::Total, "", "", 0, total.clone())
        });
        // Roots: the sectors in tree order, then codes the tree does not know, sorted.
        let mut roots: Vec<String> = tree
            .iter()
            .filter(|c| c.parent.is_empty() && subtotal.contains_key(&c.code))
            .map(|c| c.code.clone())
            .collect();
        roots.extend(
            subtotal
                .keys()
                .filter(|k| tree.get(k).is_none() && !k.contains('.'))
                .cloned(),
        );
        struct Walk<'a> {
            tree: &'a CategoryTree,
            direct: &'a BTreeMap<String, Sums>,
            subtotal: &'a BTreeMap<String, Sums>,
            /// The codes of `subtotal` the tree does not know, sorted.
            unknown: Vec<&'a String>,
        }
        fn walk(
            w: &Walk<'_>,
            code: &str,
            parent: &str,
            depth: usize,
            out: &mut Vec<CategoryLine>,
            line: &dyn Fn(LineKind, &str, &str, usize, Sums) -> CategoryLine,
        ) {
            let at = out.len();
            out.push(line(
                LineKind::Category,
                code,
                parent,
                depth,
                w.subtotal[code].clone(),
            ));
            let children: Vec<String> = children(w.tree, w.subtotal, &w.unknown, code);
            for c in &children {
                walk(w, c, code, depth + 1, out, line);
            }
            if !children.is_empty() {
                out[at].leaf = false;
                if let Some(d) = w.direct.get(code) {
                    out.push(line(
                        LineKind::Unallocated,
                        code,
                        code,
                        depth + 1,
                        d.clone(),
                    ));
                }
            }
        }
        let w = Walk {
            tree,
            direct,
            subtotal,
            unknown: subtotal.keys().filter(|k| tree.get(k).is_none()).collect(),
        };
        for r in &roots {
            walk(&w, r, "", 1, out, &line);
        }
        for m in memo {
            out.push(CategoryLine {
                region: region.clone(),
                year,
                kind: LineKind::Memo,
                code: m.code.clone(),
                parent: String::new(),
                depth: 1,
                leaf: true,
                title_en: format!("Memo: {}", m.title_en),
                title_zh: format!("信息项：{}", m.title_zh),
                sums: m.sums.clone(),
                share: None,
            });
        }
    }
}

/// The codes from the sector down to `code` (tree ancestors; for a code the tree does not know, its dotted
/// prefixes).
pub(super) fn path(tree: &CategoryTree, code: &str) -> Vec<String> {
    let chain = tree.ancestors(code);
    if chain.is_empty() {
        let parts: Vec<&str> = code.split('.').collect();
        (1..=parts.len()).map(|n| parts[..n].join(".")).collect()
    } else {
        chain.iter().rev().map(|c| c.code.clone()).collect()
    }
}

/// The children of `code` that have emissions: tree children in tree order, then the codes of
/// `unknown` (those of `subtotal` the tree does not know, sorted) whose dotted parent is `code`.
fn children(
    tree: &CategoryTree,
    subtotal: &BTreeMap<String, Sums>,
    unknown: &[&String],
    code: &str,
) -> Vec<String> {
    let mut out: Vec<String> = tree
        .children(code)
        .filter(|c| subtotal.contains_key(&c.code))
        .map(|c| c.code.clone())
        .collect();
    out.extend(
        unknown
            .iter()
            .filter(|k| k.rsplit_once('.').map(|(p, _)| p) == Some(code))
            .map(|k| k.to_string()),
    );
    out
}

/// One line of the fuel table (`by_fuel` sheet).
#[derive(Clone, Debug, PartialEq)]
pub struct FuelLine {
    /// Region.
    pub region: String,
    /// Year.
    pub year: i32,
    /// Fuel key.
    pub fuel: String,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// Fuel group (`solid`, `liquid`, `gaseous`, `other_fossil`, `biomass`).
    pub group: String,
    /// Energy of every activity row of the fuel (memo items such as bunkers included), TJ.
    pub energy_tj: f64,
    /// Emissions in the total (memo items excluded).
    pub sums: Sums,
    /// Memo items (biomass CO2, bunkers), t CO2e: reported, not in the total.
    pub memo_co2e_t: f64,
}

/// The fuel table: per block, the fuels in catalogue order (unknown keys last, sorted). The CO2e of the
/// lines of a block adds up to the block's total.
pub fn fuel_lines(inv: &Inventory) -> Vec<FuelLine> {
    let fuels = FuelCatalogue::builtin();
    let order: BTreeMap<&str, usize> = fuels
        .iter()
        .enumerate()
        .map(|(i, f)| (f.key.as_str(), i))
        .collect();
    let mut m: BTreeMap<(Block, usize, String), FuelLine> = BTreeMap::new();
    // Energy is counted once per activity row (each gives up to three emission rows).
    let mut seen = BTreeSet::new();
    for r in &inv.rows {
        let f = fuels.get(&r.activity);
        let key = (
            (r.region.to_string(), r.year),
            order
                .get(r.activity.as_str())
                .copied()
                .unwrap_or(usize::MAX),
            r.activity.to_string(),
        );
        let line = m.entry(key).or_insert_with(|| FuelLine {
            region: r.region.to_string(),
            year: r.year,
            fuel: r.activity.to_string(),
            name_en: f.map(|f| f.name_en.clone()).unwrap_or_default(),
            name_zh: f.map(|f| f.name_zh.clone()).unwrap_or_default(),
            group: f.map(|f| f.group.as_str().to_string()).unwrap_or_default(),
            energy_tj: 0.0,
            sums: Sums::default(),
            memo_co2e_t: 0.0,
        });
        if seen.insert((
            r.input.to_string(),
            &r.region,
            r.year,
            &r.category,
            &r.activity,
        )) {
            line.energy_tj += r.energy_tj;
        }
        if r.memo {
            line.memo_co2e_t += r.co2e_t;
        } else {
            line.sums.add_row(r);
        }
    }
    m.into_values().collect()
}

/// The key of emissions whose category maps to no provincial reporting item.
pub const UNMAPPED: &str = "unmapped";

/// One line of the provincial-sector table (`by_provincial_sector` sheet).
#[derive(Clone, Debug, PartialEq)]
pub struct ProvincialLine {
    /// Region.
    pub region: String,
    /// Year.
    pub year: i32,
    /// The item's key (`energy.power_heat` …), or [`UNMAPPED`].
    pub key: String,
    /// Sector, Chinese.
    pub sector_zh: String,
    /// Sector, English.
    pub sector_en: String,
    /// Item, Chinese.
    pub item_zh: String,
    /// Item, English.
    pub item_en: String,
    /// The IPCC 2006 codes the item covers, comma-separated.
    pub ipcc2006: String,
    /// How the mapping was made (`inferred`).
    pub basis: String,
    /// Emissions, memo items excluded.
    pub sums: Sums,
    /// Share of the block's total CO2e.
    pub share: Option<f64>,
}

/// The provincial item of one emission row: biomass fuels go to the guidelines' separate biomass item
/// (`energy.biomass`) where the mapping has one, everything else by [`provincial_sector_of`].
fn provincial_item(r: &EmissionRow) -> Option<&'static ProvincialSector> {
    let biomass = FuelCatalogue::builtin()
        .get(&r.activity)
        .is_some_and(|f| f.group == FuelGroup::Biomass);
    if biomass
        && let Some(p) = provincial_sectors()
            .iter()
            .find(|p| p.key == "energy.biomass")
    {
        return Some(p);
    }
    provincial_sector_of(&r.category)
}

/// Emissions by China's provincial reporting items, memo items excluded: per block, the items in the order
/// of `data/provincial-sectors.tsv`, then [`UNMAPPED`]. The mapping from IPCC 2006 codes is inferred, not
/// published.
pub fn provincial_lines(inv: &Inventory) -> Vec<ProvincialLine> {
    let order: BTreeMap<&str, usize> = provincial_sectors()
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key.as_str(), i))
        .collect();
    let totals = totals(inv);
    let mut m: BTreeMap<(Block, usize), ProvincialLine> = BTreeMap::new();
    for r in inv.rows.iter().filter(|r| !r.memo) {
        let p = provincial_item(r);
        let i = p
            .and_then(|p| order.get(p.key.as_str()).copied())
            .unwrap_or(usize::MAX);
        m.entry(((r.region.to_string(), r.year), i))
            .or_insert_with(|| match p {
                Some(p) => ProvincialLine {
                    region: r.region.to_string(),
                    year: r.year,
                    key: p.key.clone(),
                    sector_zh: p.sector_zh.clone(),
                    sector_en: p.sector_en.clone(),
                    item_zh: p.item_zh.clone(),
                    item_en: p.item_en.clone(),
                    ipcc2006: p.ipcc2006.join(","),
                    basis: p.basis.clone(),
                    sums: Sums::default(),
                    share: None,
                },
                None => ProvincialLine {
                    region: r.region.to_string(),
                    year: r.year,
                    key: UNMAPPED.into(),
                    sector_zh: String::new(),
                    sector_en: String::new(),
                    item_zh: "未对应到省级清单条目（所报类别比任何条目都宽，或指南未涵盖）".into(),
                    item_en: "not mapped to a provincial reporting item (reported at a category broader than any item, or not covered by the guidelines)".into(),
                    ipcc2006: String::new(),
                    basis: String::new(),
                    sums: Sums::default(),
                    share: None,
                },
            })
            .sums
            .add_row(r);
    }
    m.into_iter()
        .map(|((block, _), mut l)| {
            let t = totals.get(&block).map(Sums::co2e).unwrap_or(0.0);
            l.share = (t != 0.0).then(|| l.sums.co2e() / t);
            l
        })
        .collect()
}

/// One GWP100 value the inventory used.
#[derive(Clone, Debug, PartialEq)]
pub struct GwpUsed {
    /// The gas.
    pub gas: Gas,
    /// `fossil` or `non-fossil` where the set gives CH4 two values (AR6) and both were used; empty otherwise.
    pub origin: String,
    /// The GWP100.
    pub gwp: f64,
}

/// The GWP100 values the rows used, by gas in the order of [`gases`].
pub fn gwp_used(inv: &Inventory) -> Vec<GwpUsed> {
    let fuels = FuelCatalogue::builtin();
    let mut out = Vec::new();
    // One pass: per gas and origin the GWP of the last row (as a pass per gas would find).
    let mut fossil_of: HashMap<&str, bool> = HashMap::default();
    let mut seen: BTreeMap<Gas, BTreeMap<&str, f64>> = BTreeMap::new();
    for r in &inv.rows {
        let fossil = *fossil_of
            .entry(r.activity.as_str())
            .or_insert_with(|| fuels.get(&r.activity).is_none_or(|f| f.fossil));
        seen.entry(r.gas)
            .or_default()
            .insert(if fossil { "fossil" } else { "non-fossil" }, r.gwp);
    }
    for gas in gases(inv) {
        out.extend(gwp_entries(gas, &seen.remove(&gas).unwrap_or_default()));
    }
    out
}

/// The GWP100 entries of one gas from its values by origin (`fossil`, `non-fossil`): one entry without an
/// origin when they agree, else one per origin.
pub(crate) fn gwp_entries(gas: Gas, by_origin: &BTreeMap<&str, f64>) -> Vec<GwpUsed> {
    let values: BTreeSet<u64> = by_origin.values().map(|v| v.to_bits()).collect();
    if values.len() <= 1 {
        by_origin
            .values()
            .next()
            .map(|&gwp| GwpUsed {
                gas,
                origin: String::new(),
                gwp,
            })
            .into_iter()
            .collect()
    } else {
        by_origin
            .iter()
            .map(|(o, &gwp)| GwpUsed {
                gas,
                origin: (*o).into(),
                gwp,
            })
            .collect()
    }
}

/// A factor set named in the report.
#[derive(Clone, Debug, PartialEq)]
pub struct SetInfo {
    /// Its name.
    pub name: String,
    /// English title (empty for a set that is not built in).
    pub title_en: String,
    /// The document its values come from.
    pub document: String,
    /// True for the set chosen for the run (the others were reached as fallbacks or overrides).
    pub chosen: bool,
    /// How many of the factors used come from it.
    pub factors_used: usize,
}

/// The chosen factor set and every set a used factor comes from, the chosen one first, then by name.
/// Documents come from the built-in sets; a set that is not built in (a `--factor-file`, a workbook's
/// `factors` sheet) is described by the files its factors were read from.
pub fn factor_sets(inv: &Inventory) -> Vec<SetInfo> {
    let lib = FactorLibrary::builtin().ok();
    let mut names: BTreeMap<&str, Vec<&crate::factors::Factor>> = BTreeMap::new();
    names.entry(inv.factor_set.as_str()).or_default();
    for f in inv.factors_used.values() {
        names.entry(f.set.as_str()).or_default().push(f);
    }
    let mut out: Vec<SetInfo> = names
        .into_iter()
        .map(|(name, fs)| {
            let set = lib.as_ref().and_then(|l| l.set(name));
            let files: BTreeSet<&str> = fs.iter().map(|f| f.location.file.as_str()).collect();
            let builtin_file = set.is_some()
                && files
                    .iter()
                    .all(|file| crate::factors::BUILTIN_SETS.iter().any(|(b, _)| b == file));
            let (title, document) = match set {
                Some(s) if builtin_file || fs.is_empty() => (s.title_en.clone(), s.document.clone()),
                _ => (
                    String::new(),
                    format!(
                        "user-supplied factors, read from {} (see the factors sheet for each value's source)",
                        files.into_iter().collect::<Vec<_>>().join(", ")
                    ),
                ),
            };
            SetInfo {
                name: name.to_string(),
                title_en: title,
                document,
                chosen: name == inv.factor_set,
                factors_used: fs.len(),
            }
        })
        .collect();
    out.sort_by_key(|s| !s.chosen);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{factors::FactorLibrary, gases, ingest, inventory};

    /// An inventory with a parent category reported beside its child, bunkers and biomass.
    fn inventory() -> Inventory {
        let csv = "year,region,category,activity,value,unit\n\
            2020,R,1.A.1.a,raw_coal,100,万吨\n\
            2020,R,1.A.2,raw_coal,50,万吨\n\
            2020,R,1.A.2.a,coke_oven_coke,20,万吨\n\
            2020,R,1.A.3.a.i,jet_kerosene,3,万吨\n\
            2020,R,1.A.3.a.ii,jet_kerosene,5,万吨\n\
            2020,R,1.A.4.b,wood,40,万吨\n\
            2021,R,1.A.4.b,natural_gas,2,亿立方米\n";
        let tables = ingest::workbook::tables_from_csv_text(csv, "t.csv").unwrap();
        let mut data = ingest::Ingested::default();
        ingest::read_tables(&tables, &mut data);
        assert!(!data.diagnostics.has_errors(), "{:?}", data.diagnostics);
        let lib = FactorLibrary::builtin().unwrap();
        let gwp = gases::gwp_set("AR6").unwrap();
        let s = inventory::Settings {
            library: &lib,
            factor_set: "china",
            gwp,
            overrides: &[],
        };
        inventory::compute(&data.records, &s).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn subtotals_are_the_sums_of_their_children() {
        let inv = inventory();
        let lines = category_lines(&inv);
        let totals = totals(&inv);
        for ((region, year), t) in &totals {
            let block: Vec<&CategoryLine> = lines
                .iter()
                .filter(|l| &l.region == region && l.year == *year)
                .collect();
            assert_eq!(block[0].kind, LineKind::Total);
            assert!(close(block[0].sums.co2e(), t.co2e()));
            let leaves: f64 = block
                .iter()
                .filter(|l| l.leaf && l.kind != LineKind::Memo)
                .map(|l| l.sums.co2e())
                .sum();
            assert!(close(leaves, t.co2e()));
            for parent in block.iter().filter(|l| !l.leaf) {
                let kids: Vec<&&CategoryLine> = block
                    .iter()
                    .filter(|l| {
                        matches!(l.kind, LineKind::Category | LineKind::Unallocated)
                            && if parent.kind == LineKind::Total {
                                l.depth == 1
                            } else {
                                l.parent == parent.code && l.depth == parent.depth + 1
                            }
                    })
                    .collect();
                assert!(!kids.is_empty(), "{parent:?}");
                for g in gases(&inv) {
                    let sum: f64 = kids.iter().map(|k| k.sums.mass(g)).sum();
                    assert!(close(sum, parent.sums.mass(g)), "{} {g}", parent.code);
                }
            }
        }
        let un: Vec<&CategoryLine> = lines
            .iter()
            .filter(|l| l.kind == LineKind::Unallocated)
            .collect();
        assert_eq!(un.len(), 1);
        assert_eq!((un[0].code.as_str(), un[0].depth), ("1.A.2", 4));
    }

    #[test]
    fn memo_items_are_apart_from_totals() {
        let inv = inventory();
        let memo = memo_items(&inv);
        let items = &memo[&("R".to_string(), 2020)];
        let codes: Vec<&str> = items.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, ["1.A.3.a.i", ""]);
        assert!(
            items[0].sums.mass(Gas::CH4) > 0.0,
            "bunkers carry all gases"
        );
        assert_eq!(items[1].sums.mass_t.len(), 1, "biomass: CO2 only");
        let memo_co2e: f64 = items.iter().map(|m| m.sums.co2e()).sum();
        let all: f64 = inv
            .rows
            .iter()
            .filter(|r| r.year == 2020)
            .map(|r| r.co2e_t)
            .sum();
        let t = totals(&inv)[&("R".to_string(), 2020)].co2e();
        assert!(close(all - memo_co2e, t));
        // Biomass CH4 counts in the total, under residential.
        let lines = category_lines(&inv);
        let res = lines
            .iter()
            .find(|l| l.year == 2020 && l.code == "1.A.4.b" && l.kind == LineKind::Category)
            .unwrap();
        assert_eq!(res.sums.mass(Gas::CO2), 0.0);
        assert!(res.sums.mass(Gas::CH4) > 0.0);
        // AR6 gives CH4 two values, and both origins were used.
        let ch4: Vec<(String, f64)> = gwp_used(&inv)
            .into_iter()
            .filter(|g| g.gas == Gas::CH4)
            .map(|g| (g.origin, g.gwp))
            .collect();
        assert_eq!(
            ch4,
            [
                ("fossil".to_string(), 29.8),
                ("non-fossil".to_string(), 27.0)
            ]
        );
    }

    #[test]
    fn fuels_and_provincial_items_add_up_to_the_total() {
        let inv = inventory();
        let totals = totals(&inv);
        for (block, t) in &totals {
            let fuel: f64 = fuel_lines(&inv)
                .iter()
                .filter(|l| (&l.region, l.year) == (&block.0, block.1))
                .map(|l| l.sums.co2e())
                .sum();
            assert!(close(fuel, t.co2e()));
            let prov: Vec<ProvincialLine> = provincial_lines(&inv)
                .into_iter()
                .filter(|l| (&l.region, l.year) == (&block.0, block.1))
                .collect();
            let sum: f64 = prov.iter().map(|l| l.sums.co2e()).sum();
            assert!(close(sum, t.co2e()));
            let share: f64 = prov.iter().filter_map(|l| l.share).sum();
            assert!(close(share, 1.0));
        }
        let prov = provincial_lines(&inv);
        assert!(prov.iter().any(|l| l.key == "energy.biomass"));
        // 1.A.2 as a whole is broader than any provincial item: unmapped, and said so.
        let unmapped: f64 = prov
            .iter()
            .filter(|l| l.key == UNMAPPED)
            .map(|l| l.sums.co2e())
            .sum();
        let at_1a2: f64 = inv
            .rows
            .iter()
            .filter(|r| r.category == "1.A.2")
            .map(|r| r.co2e_t)
            .sum();
        assert!(at_1a2 > 0.0 && close(unmapped, at_1a2));
        // Energy once per activity row: 40 万吨 wood.
        let wood = fuel_lines(&inv)
            .into_iter()
            .find(|l| l.fuel == "wood")
            .unwrap();
        let e = inv.rows.iter().find(|r| r.activity == "wood").unwrap();
        assert!(close(wood.energy_tj, e.energy_tj));
        assert!(wood.memo_co2e_t > 0.0);
        assert_eq!(activity_rows(&inv), 7);
    }

    #[test]
    fn factor_sets_name_documents() {
        let inv = inventory();
        let sets = factor_sets(&inv);
        assert_eq!(sets[0].name, "china");
        assert!(sets[0].chosen);
        assert!(sets.iter().any(|s| s.name == "ipcc2006"));
        assert!(sets.iter().all(|s| !s.document.is_empty()));
        assert_eq!(
            sets.iter().map(|s| s.factors_used).sum::<usize>(),
            inv.factors_used.len()
        );
    }
}
