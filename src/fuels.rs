//! The catalogue of fuels: stable keys, English and Chinese names, aliases.
//!
//! Kept in `data/fuels.toml` and compiled into the binary. A fuel is found by its key, its English or
//! Chinese name, or any alias: the IPCC 2006 names ("Other Bituminous Coal", "Gas/Diesel Oil"), the China
//! Energy Statistical Yearbook's names (原煤, 洗精煤, 焦炭, 汽油, 柴油, 天然气 …) and CEADs column names.
//! Matching ignores case, spaces, `_`, `-` and `/`.

use crate::error::nearest;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The kind of a fuel, as the IPCC tables group them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FuelGroup {
    /// Coals and coal products.
    Solid,
    /// Oil and oil products.
    Liquid,
    /// Natural gas.
    Gaseous,
    /// Fossil wastes.
    OtherFossil,
    /// Biomass: its CO2 is a memo item, not in the total.
    Biomass,
    /// Heat, electricity and other secondary carriers: not burned, no combustion factor.
    Secondary,
    /// Activity outside fuel combustion (`data/activities.toml`): products, livestock, areas, waste.
    NonEnergy,
}

impl FuelGroup {
    /// The group's name as written in the data file.
    pub fn as_str(&self) -> &'static str {
        match self {
            FuelGroup::Solid => "solid",
            FuelGroup::Liquid => "liquid",
            FuelGroup::Gaseous => "gaseous",
            FuelGroup::OtherFossil => "other_fossil",
            FuelGroup::Biomass => "biomass",
            FuelGroup::Secondary => "secondary",
            FuelGroup::NonEnergy => "non_energy",
        }
    }
}

/// One fuel of the catalogue.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fuel {
    /// Stable key, e.g. `other_bituminous_coal`.
    pub key: String,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// Group.
    pub group: FuelGroup,
    /// False for biomass.
    pub fossil: bool,
    /// The unit the fuel is usually counted in.
    pub default_unit: String,
    /// The IPCC 2006 Vol. 2 Table 1.2 name, or empty.
    #[serde(default)]
    pub ipcc2006: String,
    /// Other names that mean this fuel.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Remarks.
    #[serde(default)]
    pub note: String,
    /// For activities outside fuel combustion: the model that computes them (`rice`, `soil_n`, `swds` …,
    /// see `crate::inventory::sectors`); empty = activity × emission factor.
    #[serde(default)]
    pub model: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FuelFile {
    #[serde(default)]
    fuel: Vec<Fuel>,
    #[serde(default)]
    activity: Vec<Fuel>,
}

/// All fuels, with lookup by any of their names.
#[derive(Debug)]
pub struct FuelCatalogue {
    fuels: Vec<Fuel>,
    index: HashMap<String, usize>,
    /// Each fuel by its exact key: records name fuels by key, found without normalising the name.
    by_key: HashMap<String, usize>,
}

const FUELS_TOML: &str = include_str!("../data/fuels.toml");

/// The activities outside fuel combustion (IPPU, agriculture, LULUCF, waste), loaded into the same catalogue.
const ACTIVITIES_TOML: &str = include_str!("../data/activities.toml");

/// The matching key of a name: lower case, without spaces, `_`, `-`, `/`, `'`.
pub fn normalise_name(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '/' | '\'' | '（' | '）'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl FuelCatalogue {
    /// Parses the TOML format of `data/fuels.toml`, refusing a name that would mean two fuels.
    pub fn parse(toml_text: &str) -> Result<FuelCatalogue, String> {
        let mut file: FuelFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        file.fuel.append(&mut file.activity);
        let mut index: HashMap<String, usize> = HashMap::default();
        for (i, f) in file.fuel.iter().enumerate() {
            let names = [&f.key, &f.name_en, &f.name_zh, &f.ipcc2006]
                .into_iter()
                .chain(f.aliases.iter());
            for n in names {
                let k = normalise_name(n);
                if k.is_empty() {
                    continue;
                }
                if let Some(&j) = index.get(&k)
                    && j != i
                {
                    return Err(format!(
                        "name \"{n}\" means both {} and {}",
                        file.fuel[j].key, f.key
                    ));
                }
                index.insert(k, i);
            }
        }
        let by_key = file
            .fuel
            .iter()
            .enumerate()
            .map(|(i, f)| (f.key.clone(), i))
            .collect();
        Ok(FuelCatalogue {
            fuels: file.fuel,
            index,
            by_key,
        })
    }

    /// The catalogue shipped with ghgkit.
    pub fn builtin() -> &'static FuelCatalogue {
        static C: OnceLock<FuelCatalogue> = OnceLock::new();
        C.get_or_init(|| {
            FuelCatalogue::parse(&format!("{FUELS_TOML}\n{ACTIVITIES_TOML}")).unwrap_or(
                FuelCatalogue {
                    fuels: Vec::new(),
                    index: HashMap::default(),
                    by_key: HashMap::default(),
                },
            )
        })
    }

    /// The fuel that `name` means, if any.
    pub fn lookup(&self, name: &str) -> Option<&Fuel> {
        // A key is also one of its fuel's names (and no name means two fuels), so an exact key needs no
        // normalising.
        self.get(name).or_else(|| {
            self.index
                .get(&normalise_name(name))
                .map(|&i| &self.fuels[i])
        })
    }

    /// The fuel with exactly this key.
    pub fn get(&self, key: &str) -> Option<&Fuel> {
        self.by_key.get(key).map(|&i| &self.fuels[i])
    }

    /// The nearest valid name to a misspelt one (keys and names in both languages).
    pub fn suggest(&self, name: &str) -> Option<String> {
        nearest(
            name,
            self.fuels
                .iter()
                .flat_map(|f| [f.key.as_str(), f.name_en.as_str(), f.name_zh.as_str()])
                .chain(
                    self.fuels
                        .iter()
                        .flat_map(|f| f.aliases.iter().map(|a| a.as_str())),
                ),
        )
    }

    /// All fuels in catalogue order.
    pub fn iter(&self) -> impl Iterator<Item = &Fuel> {
        self.fuels.iter()
    }

    /// The number of fuels.
    pub fn len(&self) -> usize {
        self.fuels.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.fuels.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_catalogue_parses() {
        let c = FuelCatalogue::parse(FUELS_TOML).expect("data/fuels.toml");
        assert!(c.len() >= 50, "{} fuels", c.len());
        let all = FuelCatalogue::parse(&format!("{FUELS_TOML}\n{ACTIVITIES_TOML}"))
            .expect("data/fuels.toml + data/activities.toml");
        assert_eq!(all.len(), FuelCatalogue::builtin().len());
        for f in all.iter() {
            crate::units::parse_unit(&f.default_unit)
                .unwrap_or_else(|e| panic!("{}: default unit: {e}", f.key));
            // Every activity outside fuel combustion comes from data/activities.toml, and only those.
            assert_eq!(
                f.group == FuelGroup::NonEnergy,
                c.get(&f.key).is_none(),
                "{}",
                f.key
            );
            if !matches!(f.group, FuelGroup::Secondary | FuelGroup::NonEnergy) {
                assert_eq!(f.fossil, f.group != FuelGroup::Biomass, "{}", f.key);
            }
        }
    }

    #[test]
    fn ipcc_and_yearbook_names_are_aliases() {
        let c = FuelCatalogue::builtin();
        let k = |n: &str| c.lookup(n).map(|f| f.key.as_str());
        assert_eq!(k("Other Bituminous Coal"), Some("other_bituminous_coal"));
        assert_eq!(k("Gas/Diesel Oil"), Some("gas_diesel_oil"));
        assert_eq!(k("Natural Gas"), Some("natural_gas"));
        assert_eq!(k("原煤"), Some("raw_coal"));
        assert_eq!(k("洗精煤"), Some("cleaned_coal"));
        assert_eq!(k("焦炭"), Some("coke_oven_coke"));
        assert_eq!(k("汽油"), Some("motor_gasoline"));
        assert_eq!(k("柴油"), Some("gas_diesel_oil"));
        assert_eq!(k("天然气"), Some("natural_gas"));
        assert_eq!(k("Raw_Coal"), Some("raw_coal"));
        assert_eq!(k("raw coal"), Some("raw_coal"));
        assert_eq!(k("uranium"), None);
        assert_eq!(c.suggest("natral gas").as_deref(), Some("Natural Gas"));
    }
}
