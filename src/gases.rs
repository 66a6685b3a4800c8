//! Greenhouse gases and GWP100 sets.
//!
//! The GWP sets (SAR, AR4, AR5, AR6) live in `factors/gwp.toml`, each with its source; they are compiled
//! into the binary. A run chooses one set and names it in every output. AR6 gives methane two values:
//! fossil (29.8) and non-fossil (27.0) (AR6 WG I Table 7.15); [`GwpSet::factor`] picks by [`Origin`].

use crate::error::{Error, Result, nearest};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// The gas families of the Kyoto basket (plus NF3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Family {
    /// Carbon dioxide.
    CO2,
    /// Methane.
    CH4,
    /// Nitrous oxide.
    N2O,
    /// Hydrofluorocarbons.
    HFCs,
    /// Perfluorocarbons.
    PFCs,
    /// Sulphur hexafluoride.
    SF6,
    /// Nitrogen trifluoride.
    NF3,
}

/// A gas, by its canonical name (`CO2`, `CH4`, `HFC-134a`, `CF4`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Gas(&'static str);

/// Every gas ghgkit knows, with its family.
const GASES: &[(&str, Family)] = &[
    ("CO2", Family::CO2),
    ("CH4", Family::CH4),
    ("N2O", Family::N2O),
    ("HFC-23", Family::HFCs),
    ("HFC-32", Family::HFCs),
    ("HFC-41", Family::HFCs),
    ("HFC-125", Family::HFCs),
    ("HFC-134", Family::HFCs),
    ("HFC-134a", Family::HFCs),
    ("HFC-143", Family::HFCs),
    ("HFC-143a", Family::HFCs),
    ("HFC-152a", Family::HFCs),
    ("HFC-227ea", Family::HFCs),
    ("HFC-236fa", Family::HFCs),
    ("HFC-245fa", Family::HFCs),
    ("HFC-365mfc", Family::HFCs),
    ("HFC-43-10mee", Family::HFCs),
    ("CF4", Family::PFCs),
    ("C2F6", Family::PFCs),
    ("C3F8", Family::PFCs),
    ("c-C4F8", Family::PFCs),
    ("C4F10", Family::PFCs),
    ("C5F12", Family::PFCs),
    ("C6F14", Family::PFCs),
    ("SF6", Family::SF6),
    ("NF3", Family::NF3),
];

impl Gas {
    /// Carbon dioxide.
    pub const CO2: Gas = Gas("CO2");
    /// Methane.
    pub const CH4: Gas = Gas("CH4");
    /// Nitrous oxide.
    pub const N2O: Gas = Gas("N2O");
    /// Sulphur hexafluoride.
    pub const SF6: Gas = Gas("SF6");
    /// Nitrogen trifluoride.
    pub const NF3: Gas = Gas("NF3");

    /// Reads a gas name: case and the `-`/space/subscript spelling do not matter (`co2`, `CO₂`, `hfc134a`).
    pub fn parse(text: &str) -> Option<Gas> {
        let key = normalise(text);
        GASES
            .iter()
            .find(|(name, _)| normalise(name) == key)
            .map(|(name, _)| Gas(name))
    }

    /// The nearest known gas name to a misspelt one.
    pub fn suggest(text: &str) -> Option<String> {
        nearest(text, GASES.iter().map(|(n, _)| *n))
    }

    /// The canonical name.
    pub fn name(&self) -> &'static str {
        self.0
    }

    /// The family.
    pub fn family(&self) -> Family {
        GASES
            .iter()
            .find(|(n, _)| *n == self.0)
            .map(|(_, f)| *f)
            .unwrap_or(Family::CO2)
    }

    /// All known gases.
    pub fn all() -> impl Iterator<Item = Gas> {
        GASES.iter().map(|(n, _)| Gas(n))
    }
}

fn normalise(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '₂' => '2',
            '₃' => '3',
            '₄' => '4',
            '₆' => '6',
            '₈' => '8',
            c => c,
        })
        .filter(|c| !matches!(c, '-' | ' ' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl fmt::Display for Gas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Gas {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

/// Whether methane comes from fossil carbon: AR6 gives fossil CH4 a higher GWP (29.8) than non-fossil
/// (27.0) because its carbon adds to atmospheric CO2 when it oxidises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Origin {
    /// Fossil fuels, fugitive emissions from fuels, industrial processes.
    Fossil,
    /// Biomass burning, livestock, rice, waste.
    NonFossil,
}

/// One set of 100-year global warming potentials.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GwpSet {
    /// `SAR`, `AR4`, `AR5` or `AR6`.
    pub name: String,
    /// A description of the set.
    pub title: String,
    /// The source table.
    pub source: String,
    /// How far the values were checked (`checked`, `recalled`).
    pub status: String,
    /// Remarks, e.g. which values are recalled.
    #[serde(default)]
    pub notes: String,
    /// GWP100 by gas name; `CH4_fossil` and `CH4_non_fossil` where the set distinguishes them.
    pub values: BTreeMap<String, f64>,
}

impl GwpSet {
    /// The GWP100 of a gas, or `None` if the set has no value for it (e.g. NF3 in SAR).
    pub fn factor(&self, gas: Gas, origin: Origin) -> Option<f64> {
        if gas == Gas::CH4 {
            let key = match origin {
                Origin::Fossil => "CH4_fossil",
                Origin::NonFossil => "CH4_non_fossil",
            };
            if let Some(v) = self.values.get(key) {
                return Some(*v);
            }
        }
        self.values.get(gas.name()).copied()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GwpFile {
    gwp: Vec<GwpSet>,
}

const GWP_TOML: &str = include_str!("../factors/gwp.toml");

/// All GWP sets shipped with ghgkit (from `factors/gwp.toml`).
pub fn gwp_sets() -> &'static [GwpSet] {
    static SETS: OnceLock<Vec<GwpSet>> = OnceLock::new();
    SETS.get_or_init(|| {
        // The file is part of the build and checked by tests; a parse failure is a packaging bug.
        toml::from_str::<GwpFile>(GWP_TOML)
            .map(|f| f.gwp)
            .unwrap_or_default()
    })
}

/// The GWP set named `name` (case-insensitive), or an input error listing the sets available.
pub fn gwp_set(name: &str) -> Result<&'static GwpSet> {
    let sets = gwp_sets();
    if sets.is_empty() {
        return Err(Error::Internal("factors/gwp.toml did not parse".into()));
    }
    sets.iter()
        .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| {
            let names: Vec<&str> = sets.iter().map(|s| s.name.as_str()).collect();
            let mut d = crate::error::Diagnostics::new();
            d.push(
                crate::error::Diagnostic::error(
                    None,
                    format!(
                        "unknown GWP set \"{name}\"; expected one of {}",
                        names.join(", ")
                    ),
                )
                .suggest(nearest(name, names.iter().copied())),
            );
            Error::Input(d)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gwp_file_parses_and_has_the_four_sets() {
        let names: Vec<&str> = gwp_sets().iter().map(|s| s.name.as_str()).collect();
        for n in ["SAR", "AR4", "AR5", "AR6"] {
            assert!(names.contains(&n), "{n} missing from {names:?}");
        }
    }

    #[test]
    fn every_value_names_a_known_gas() {
        for set in gwp_sets() {
            for key in set.values.keys() {
                let base = key.trim_end_matches("_fossil").trim_end_matches("_non");
                assert!(
                    Gas::parse(base).is_some(),
                    "{}: unknown gas {key}",
                    set.name
                );
            }
            assert_eq!(set.values.get("CO2"), Some(&1.0), "{}", set.name);
        }
    }

    #[test]
    fn checked_values_from_the_reference_table() {
        // ../shared/reference/factors.md, GWP100 table [checked].
        let v = |s: &str, g: Gas, o: Origin| gwp_set(s).unwrap().factor(g, o).unwrap();
        assert_eq!(v("SAR", Gas::CH4, Origin::Fossil), 21.0);
        assert_eq!(v("AR4", Gas::N2O, Origin::Fossil), 298.0);
        assert_eq!(v("AR5", Gas::CH4, Origin::NonFossil), 28.0);
        assert_eq!(v("AR5", Gas::N2O, Origin::Fossil), 265.0);
        assert_eq!(v("AR6", Gas::CH4, Origin::Fossil), 29.8);
        assert_eq!(v("AR6", Gas::CH4, Origin::NonFossil), 27.0);
        assert_eq!(v("AR6", Gas::SF6, Origin::Fossil), 25_200.0);
        assert_eq!(v("ar5", Gas::SF6, Origin::Fossil), 23_500.0);
    }

    #[test]
    fn unknown_set_is_an_input_error_with_suggestion() {
        let e = gwp_set("AR7").unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("AR7"));
    }

    #[test]
    fn gas_names_parse_loosely() {
        assert_eq!(Gas::parse("co2"), Some(Gas::CO2));
        assert_eq!(Gas::parse("CO₂"), Some(Gas::CO2));
        assert_eq!(Gas::parse("hfc134a").map(|g| g.name()), Some("HFC-134a"));
        assert_eq!(Gas::parse("HFC-134a").unwrap().family(), Family::HFCs);
        assert_eq!(Gas::parse("xyz"), None);
        assert_eq!(Gas::suggest("CH5").as_deref(), Some("CH4"));
    }
}
