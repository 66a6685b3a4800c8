//! The IPCC 2006 category tree and China's provincial reporting sectors.
//!
//! The tree (2006 IPCC Guidelines, Vol. 1, Ch. 8, Table 8.2; `1` Energy … `5` Other, down to e.g.
//! `1.A.3.b.i.1`) is kept in `data/ipcc2006-categories.tsv` with English and Chinese titles and compiled
//! into the binary. The sectors of China's provincial guidelines (省级温室气体清单编制指南(试行), 2011) are
//! in `data/provincial-sectors.tsv`, each mapped to IPCC 2006 codes; that mapping is inferred, not
//! published, and is stated as such in every output that uses it.

use crate::error::nearest;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::sync::OnceLock;

/// One category of the IPCC 2006 tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Category {
    /// The code, e.g. `1.A.1.a`.
    pub code: String,
    /// The parent's code; empty for the five sectors.
    pub parent: String,
    /// English title from the Guidelines.
    pub title_en: String,
    /// Chinese title.
    pub title_zh: String,
    /// Whether the Chinese title was checked against a source (`checked`) or not (`unverified`).
    pub zh_status: String,
    /// Memo items (international bunkers) are reported but not counted in totals.
    pub memo: bool,
}

impl Category {
    /// The depth in the tree: `1` is 1, `1.A` is 2, `1.A.1.a` is 4.
    pub fn depth(&self) -> usize {
        self.code.split('.').count()
    }
}

/// The IPCC 2006 category tree.
#[derive(Debug)]
pub struct CategoryTree {
    items: Vec<Category>,
    by_code: HashMap<String, usize>,
    /// Loose spellings (`1A1a`, `1 a 1 a`, English and Chinese titles) → index.
    by_alias: HashMap<String, usize>,
    /// The children of each code that has any, as indices in tree order.
    children: HashMap<String, Vec<usize>>,
}

const CATEGORIES_TSV: &str = include_str!("../data/ipcc2006-categories.tsv");

fn loose(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl CategoryTree {
    /// Parses the TSV format of `data/ipcc2006-categories.tsv`; errors name the line.
    pub fn parse(tsv: &str) -> Result<CategoryTree, String> {
        let mut items = Vec::new();
        let mut lines = tsv.lines().enumerate();
        let header = lines.next().map(|(_, h)| h).unwrap_or_default();
        let cols: Vec<&str> = header.split('\t').collect();
        let want = [
            "code",
            "parent",
            "title_en",
            "title_zh",
            "zh_status",
            "memo",
        ];
        if cols != want {
            return Err(format!("line 1: header should be {want:?}, found {cols:?}"));
        }
        for (i, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != want.len() {
                return Err(format!(
                    "line {}: {} fields, expected {}",
                    i + 1,
                    f.len(),
                    want.len()
                ));
            }
            items.push(Category {
                code: f[0].trim().to_string(),
                parent: f[1].trim().to_string(),
                title_en: f[2].trim().to_string(),
                title_zh: f[3].trim().to_string(),
                zh_status: f[4].trim().to_string(),
                memo: f[5].trim() == "1",
            });
        }
        let mut by_code = HashMap::default();
        for (i, c) in items.iter().enumerate() {
            if by_code.insert(c.code.clone(), i).is_some() {
                return Err(format!("duplicate category code {}", c.code));
            }
        }
        for c in &items {
            if !c.parent.is_empty() && !by_code.contains_key(&c.parent) {
                return Err(format!(
                    "{}: parent {} is not in the tree",
                    c.code, c.parent
                ));
            }
        }
        // Aliases: a loose form that maps to two categories is dropped rather than guessed.
        let mut counts: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, c) in items.iter().enumerate() {
            for a in [loose(&c.code), loose(&c.title_en), loose(&c.title_zh)] {
                if !a.is_empty() {
                    let v = counts.entry(a).or_default();
                    if !v.contains(&i) {
                        v.push(i);
                    }
                }
            }
        }
        let by_alias = counts
            .into_iter()
            .filter(|(_, v)| v.len() == 1)
            .map(|(k, v)| (k, v[0]))
            .collect();
        let mut children: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, c) in items.iter().enumerate() {
            children.entry(c.parent.clone()).or_default().push(i);
        }
        Ok(CategoryTree {
            items,
            by_code,
            by_alias,
            children,
        })
    }

    /// The tree shipped with ghgkit.
    pub fn ipcc2006() -> &'static CategoryTree {
        static TREE: OnceLock<CategoryTree> = OnceLock::new();
        TREE.get_or_init(|| {
            // Checked by the tests; an empty tree would make every category unknown, never a panic.
            CategoryTree::parse(CATEGORIES_TSV).unwrap_or(CategoryTree {
                items: Vec::new(),
                by_code: HashMap::default(),
                by_alias: HashMap::default(),
                children: HashMap::default(),
            })
        })
    }

    /// The category with exactly this code.
    pub fn get(&self, code: &str) -> Option<&Category> {
        self.by_code.get(code).map(|&i| &self.items[i])
    }

    /// The position of a category in tree order (the order of the Guidelines' table), for sorting.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// Finds a category from what a user wrote: the code (`1.A.1.a`, `1A1a`, `1 A 1 a`) or its exact English
    /// or Chinese title.
    pub fn lookup(&self, text: &str) -> Option<&Category> {
        let t = text.trim();
        self.get(t)
            .or_else(|| self.by_alias.get(&loose(t)).map(|&i| &self.items[i]))
    }

    /// The nearest code to a misspelt one.
    pub fn suggest(&self, text: &str) -> Option<String> {
        nearest(text.trim(), self.items.iter().map(|c| c.code.as_str()))
    }

    /// All categories in tree order.
    pub fn iter(&self) -> impl Iterator<Item = &Category> {
        self.items.iter()
    }

    /// The number of categories.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True for an empty tree.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The chain from `code` up to its sector, `code` first.
    pub fn ancestors<'a>(&'a self, code: &str) -> Vec<&'a Category> {
        let mut out = Vec::new();
        let mut cur = self.get(code);
        while let Some(c) = cur {
            out.push(c);
            cur = if c.parent.is_empty() {
                None
            } else {
                self.get(&c.parent)
            };
        }
        out
    }

    /// True when `ancestor` is `code` itself or one of its ancestors.
    pub fn is_within(&self, code: &str, ancestor: &str) -> bool {
        // Walk up without allocating: this runs for every factor candidate of every activity row.
        let mut cur = self.get(code);
        while let Some(c) = cur {
            if c.code == ancestor {
                return true;
            }
            cur = if c.parent.is_empty() {
                None
            } else {
                self.get(&c.parent)
            };
        }
        false
    }

    /// The direct children of a category.
    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Category> + 'a {
        self.children
            .get(code)
            .into_iter()
            .flatten()
            .map(|&i| &self.items[i])
    }

    /// True when the category has no children.
    pub fn is_leaf(&self, code: &str) -> bool {
        self.children(code).next().is_none()
    }

    /// True when the category or one of its ancestors is a memo item.
    pub fn is_memo(&self, code: &str) -> bool {
        self.ancestors(code).iter().any(|c| c.memo)
    }
}

/// One reporting item of China's provincial inventory guidelines, with the IPCC 2006 codes it covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProvincialSector {
    /// Stable key, e.g. `energy.power_heat`.
    pub key: String,
    /// Sector, Chinese (能源活动 …).
    pub sector_zh: String,
    /// Sector, English.
    pub sector_en: String,
    /// Item, Chinese.
    pub item_zh: String,
    /// Item, English.
    pub item_en: String,
    /// Gases reported.
    pub gases: String,
    /// IPCC 2006 codes covered.
    pub ipcc2006: Vec<String>,
    /// How the mapping was made (`inferred`).
    pub basis: String,
}

const PROVINCIAL_TSV: &str = include_str!("../data/provincial-sectors.tsv");

/// Parses `data/provincial-sectors.tsv`.
pub fn parse_provincial(tsv: &str) -> Result<Vec<ProvincialSector>, String> {
    let mut out = Vec::new();
    let mut lines = tsv.lines().enumerate();
    let header = lines.next().map(|(_, h)| h).unwrap_or_default();
    let want = [
        "key",
        "sector_zh",
        "sector_en",
        "item_zh",
        "item_en",
        "gases",
        "ipcc2006",
        "basis",
    ];
    let cols: Vec<&str> = header.split('\t').collect();
    if cols != want {
        return Err(format!("line 1: header should be {want:?}, found {cols:?}"));
    }
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != want.len() {
            return Err(format!(
                "line {}: {} fields, expected {}",
                i + 1,
                f.len(),
                want.len()
            ));
        }
        out.push(ProvincialSector {
            key: f[0].trim().into(),
            sector_zh: f[1].trim().into(),
            sector_en: f[2].trim().into(),
            item_zh: f[3].trim().into(),
            item_en: f[4].trim().into(),
            gases: f[5].trim().into(),
            ipcc2006: f[6]
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            basis: f[7].trim().into(),
        });
    }
    Ok(out)
}

/// The provincial reporting structure shipped with ghgkit.
pub fn provincial_sectors() -> &'static [ProvincialSector] {
    static P: OnceLock<Vec<ProvincialSector>> = OnceLock::new();
    P.get_or_init(|| parse_provincial(PROVINCIAL_TSV).unwrap_or_default())
}

/// The provincial reporting item whose IPCC codes contain `code` (most specific match), if any. Computed
/// once for every category of the tree: reports ask it for every emission row.
pub fn provincial_sector_of(code: &str) -> Option<&'static ProvincialSector> {
    static MAP: OnceLock<HashMap<String, usize>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let tree = CategoryTree::ipcc2006();
        tree.iter()
            .filter_map(|c| provincial_index_of(&c.code).map(|i| (c.code.clone(), i)))
            .collect()
    });
    match map.get(code) {
        Some(&i) => provincial_sectors().get(i),
        None if CategoryTree::ipcc2006().get(code).is_none() => {
            provincial_index_of(code).and_then(|i| provincial_sectors().get(i))
        }
        None => None,
    }
}

fn provincial_index_of(code: &str) -> Option<usize> {
    let tree = CategoryTree::ipcc2006();
    let mut best: Option<(usize, usize)> = None;
    for (i, p) in provincial_sectors().iter().enumerate() {
        for c in &p.ipcc2006 {
            if tree.is_within(code, c) {
                let depth = c.split('.').count();
                if best.is_none_or(|(d, _)| depth > d) {
                    best = Some((depth, i));
                }
            }
        }
    }
    best.map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_tree_parses_and_is_whole() {
        CategoryTree::parse(CATEGORIES_TSV).expect("data/ipcc2006-categories.tsv");
        let t = CategoryTree::ipcc2006();
        assert!(t.len() > 250, "only {} categories", t.len());
        for s in ["1", "2", "3", "4", "5"] {
            assert!(t.get(s).unwrap().parent.is_empty());
        }
        for c in t.iter() {
            assert!(!c.title_en.is_empty(), "{} has no English title", c.code);
            assert!(!c.title_zh.is_empty(), "{} has no Chinese title", c.code);
        }
    }

    #[test]
    fn lookup_accepts_loose_codes_and_titles() {
        let t = CategoryTree::ipcc2006();
        assert_eq!(t.lookup("1A1a").unwrap().code, "1.A.1.a");
        assert_eq!(t.lookup(" 1.A.1.a ").unwrap().code, "1.A.1.a");
        assert_eq!(
            t.lookup("Main Activity Electricity and Heat Production")
                .unwrap()
                .code,
            "1.A.1.a"
        );
        assert!(t.lookup("1.A.9").is_none());
        assert_eq!(t.suggest("1.A.1.x").as_deref().map(|s| s.len()), Some(7));
    }

    #[test]
    fn tree_relations() {
        let t = CategoryTree::ipcc2006();
        assert!(t.is_within("1.A.1.a.i", "1.A.1"));
        assert!(t.is_within("1.A.1", "1.A.1"));
        assert!(!t.is_within("1.A.2", "1.A.1"));
        assert!(t.is_leaf("1.A.1.b"));
        assert!(!t.is_leaf("1.A.1"));
        assert!(t.is_memo("1.A.3.a.i"));
        assert!(!t.is_memo("1.A.3.a.ii"));
    }

    #[test]
    fn provincial_mapping_names_existing_codes() {
        let p = parse_provincial(PROVINCIAL_TSV).expect("data/provincial-sectors.tsv");
        assert!(p.len() >= 40);
        let t = CategoryTree::ipcc2006();
        for s in &p {
            for c in &s.ipcc2006 {
                assert!(t.get(c).is_some(), "{}: unknown code {c}", s.key);
            }
        }
        let power = provincial_sector_of("1.A.1.a.i").unwrap();
        assert!(power.ipcc2006.iter().any(|c| c == "1.A.1.a"));
    }
}
