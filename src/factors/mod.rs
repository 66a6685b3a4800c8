//! The emission-factor library: named factor sets loaded from `factors/*.toml`, checked, and resolved.
//!
//! A factor set is one document's values (`ipcc2006`: the 2006 IPCC Guidelines' defaults; `china`: GB/T
//! 2589 heating values, GB/T 32151.22-2024 carbon contents and oxidation rates, MEE grid factors). Each
//! record carries its value, unit, 95 % uncertainty, source and status. The sets shipped with ghgkit are
//! compiled in; users add their own with `--factor-file`. See `factors/README.md` for the format and
//! [`resolve`] for the order in which factors are chosen.

pub mod resolve;

use crate::categories::CategoryTree;
use crate::error::{Diagnostic, Diagnostics, Error, Location, Result, nearest};
use crate::fuels::FuelCatalogue;
use crate::gases::Gas;
use crate::units::{CompoundUnit, Dimension, parse_compound};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

pub use resolve::Resolver;

/// What a factor record gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactorKind {
    /// Net calorific value: energy per unit of fuel (IPCC 2006 Vol. 2 Ch. 1 Table 1.2).
    Ncv,
    /// Carbon content: mass of carbon per unit of energy (Table 1.3).
    CarbonContent,
    /// Fraction of carbon oxidised (1 in IPCC Tier 1, Vol. 2 §1.4.2.1).
    Oxidation,
    /// Emission factor of one gas per unit of energy or of activity (Tables 1.4, 2.2–2.5).
    Ef,
    /// A named parameter of a sector model outside fuel combustion (`parameter` names it): a scaling
    /// factor, a fraction, a rate (IPCC 2006 Vol. 4 and 5: rice `SFw`, soils `EF1`, `FracLEACH`, waste
    /// `DOC`, `k`, forest `CF`, `R` …; see `crate::inventory::sectors`).
    Param,
}

impl fmt::Display for FactorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FactorKind::Ncv => "ncv",
            FactorKind::CarbonContent => "carbon_content",
            FactorKind::Oxidation => "oxidation",
            FactorKind::Ef => "ef",
            FactorKind::Param => "param",
        })
    }
}

/// A 95 % confidence interval as percentages below and above the value (asymmetric where the source is).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Uncertainty {
    /// How far the lower bound is below the value, in % of the value (positive).
    pub lower_pct: f64,
    /// How far the upper bound is above the value, in % of the value (positive).
    pub upper_pct: f64,
}

/// One checked factor.
#[derive(Clone, Debug, Serialize)]
pub struct Factor {
    /// Unique id, e.g. `ipcc2006.ncv.other_bituminous_coal`.
    pub id: String,
    /// The set it belongs to.
    pub set: String,
    /// What it gives.
    pub kind: FactorKind,
    /// The fuel key it applies to; `None` = any.
    pub activity: Option<String>,
    /// The IPCC category (and its sub-categories) it applies to; `None` = any.
    pub category: Option<String>,
    /// The gas of an emission factor.
    pub gas: Option<Gas>,
    /// The name of a model parameter (kind `param`), e.g. `SFw`, `DOC`, `EF1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// The value, in `unit`.
    pub value: f64,
    /// The unit as written.
    pub unit_text: String,
    /// The unit, parsed.
    #[serde(skip)]
    pub unit: CompoundUnit,
    /// The 95 % interval.
    pub uncertainty: Uncertainty,
    /// Document, table, page.
    pub source: String,
    /// `checked`, `recalled`, `derived`, `proxy` or `user`.
    pub status: String,
    /// Remarks.
    pub note: String,
    /// A region the factor is specific to.
    pub region: Option<String>,
    /// The year the factor refers to.
    pub year: Option<i32>,
    /// Where the record was read.
    pub location: Location,
}

impl Factor {
    /// The value in canonical units per canonical unit (e.g. TJ per t for an NCV; t per TJ for an EF).
    pub fn canonical_value(&self) -> f64 {
        self.value * self.unit.scale()
    }

    /// `set: source`, as printed in outputs.
    pub fn citation(&self) -> String {
        format!("{}: {}", self.set, self.source)
    }
}

/// A named set of factors from one document.
#[derive(Clone, Debug, Serialize)]
pub struct FactorSet {
    /// Name used on the command line.
    pub name: String,
    /// English title.
    pub title_en: String,
    /// Chinese title.
    pub title_zh: String,
    /// The document.
    pub document: String,
    /// Where to get it.
    pub url: String,
    /// The set consulted for what this one lacks.
    pub fallback: Option<String>,
    /// The factors.
    pub factors: Vec<Factor>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    set: RawSet,
    #[serde(default)]
    factor: Vec<toml::Spanned<RawFactor>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    name: String,
    title_en: String,
    #[serde(default)]
    title_zh: String,
    document: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    fallback: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFactor {
    id: String,
    kind: FactorKind,
    activity: String,
    category: String,
    gas: Option<String>,
    parameter: Option<String>,
    value: f64,
    unit: String,
    lower: Option<f64>,
    upper: Option<f64>,
    uncertainty_pct: Option<f64>,
    source: String,
    status: String,
    #[serde(default)]
    note: String,
    region: Option<String>,
    year: Option<i32>,
}

const STATUSES: &[&str] = &["checked", "recalled", "derived", "proxy", "user"];

/// The 1-based line of the first non-blank character at or after a byte offset, for offsets that mostly
/// come in increasing order (the records of a file): the newlines are counted from the previous offset,
/// not from the start of the text each time.
#[derive(Default)]
struct Lines {
    /// The last offset asked for and the newlines before it.
    last: (usize, u64),
}

impl Lines {
    fn line_of(&mut self, text: &str, offset: usize) -> u64 {
        let mut offset = offset.min(text.len());
        while offset < text.len() && text.as_bytes()[offset].is_ascii_whitespace() {
            offset += 1;
        }
        let (from, before) = if offset >= self.last.0 {
            self.last
        } else {
            (0, 0)
        };
        let newlines =
            before + memchr::memchr_iter(b'\n', &text.as_bytes()[from..offset]).count() as u64;
        self.last = (offset, newlines);
        newlines + 1
    }
}

/// Input needed to check a raw factor record: shared by TOML sets and workbook override sheets.
pub struct RawFactorInput<'a> {
    /// Unique id.
    pub id: String,
    /// The set name.
    pub set: &'a str,
    /// Kind.
    pub kind: FactorKind,
    /// Fuel key, alias or `any`.
    pub activity: &'a str,
    /// IPCC code or `any`.
    pub category: &'a str,
    /// Gas name.
    pub gas: Option<&'a str>,
    /// Parameter name (kind `param` only).
    pub parameter: Option<&'a str>,
    /// Value.
    pub value: f64,
    /// Unit text.
    pub unit: &'a str,
    /// Lower 95 % bound in the same unit.
    pub lower: Option<f64>,
    /// Upper 95 % bound.
    pub upper: Option<f64>,
    /// Symmetric ±% (95 %).
    pub uncertainty_pct: Option<f64>,
    /// Source.
    pub source: &'a str,
    /// Status.
    pub status: &'a str,
    /// Note.
    pub note: &'a str,
    /// Region.
    pub region: Option<&'a str>,
    /// Year.
    pub year: Option<i32>,
    /// Where it was read.
    pub location: Location,
}

/// Checks one factor record; every problem goes into `diags`; `None` if it cannot be used.
pub fn check_factor(raw: RawFactorInput<'_>, diags: &mut Diagnostics) -> Option<Factor> {
    let loc = Some(raw.location.clone());
    let before = diags.error_count();
    let fuels = FuelCatalogue::builtin();
    let tree = CategoryTree::ipcc2006();
    let activity = if raw.activity.trim().eq_ignore_ascii_case("any") {
        None
    } else {
        match fuels.lookup(raw.activity) {
            Some(f) => Some(f.key.clone()),
            None => {
                diags.push(
                    Diagnostic::error(
                        loc.clone(),
                        format!("{}: unknown fuel \"{}\"", raw.id, raw.activity),
                    )
                    .suggest(fuels.suggest(raw.activity)),
                );
                None
            }
        }
    };
    let category = if raw.category.trim().eq_ignore_ascii_case("any") {
        None
    } else {
        match tree.lookup(raw.category) {
            Some(c) => Some(c.code.clone()),
            None => {
                diags.push(
                    Diagnostic::error(
                        loc.clone(),
                        format!(
                            "{}: unknown IPCC 2006 category \"{}\"",
                            raw.id, raw.category
                        ),
                    )
                    .suggest(tree.suggest(raw.category)),
                );
                None
            }
        }
    };
    let gas = match (raw.kind, raw.gas) {
        (FactorKind::Ef, Some(g)) => match Gas::parse(g) {
            Some(g) => Some(g),
            None => {
                diags.push(
                    Diagnostic::error(loc.clone(), format!("{}: unknown gas \"{g}\"", raw.id))
                        .suggest(Gas::suggest(g)),
                );
                None
            }
        },
        (FactorKind::Ef, None) => {
            diags.error(
                loc.clone(),
                format!("{}: an emission factor (kind = \"ef\") needs `gas`", raw.id),
            );
            None
        }
        (_, Some(_)) => {
            diags.error(
                loc.clone(),
                format!("{}: `gas` is only for kind = \"ef\"", raw.id),
            );
            None
        }
        (_, None) => None,
    };
    match (raw.kind, raw.parameter) {
        (FactorKind::Param, Some(p)) if !p.trim().is_empty() => {}
        (FactorKind::Param, _) => diags.error(
            loc.clone(),
            format!(
                "{}: a model parameter (kind = \"param\") needs `parameter`, its name (e.g. \"DOC\")",
                raw.id
            ),
        ),
        (_, Some(_)) => diags.error(
            loc.clone(),
            format!("{}: `parameter` is only for kind = \"param\"", raw.id),
        ),
        (_, None) => {}
    }
    if !raw.value.is_finite() || raw.value < 0.0 {
        diags.error(
            loc.clone(),
            format!(
                "{}: value must be a finite, non-negative number, found {}",
                raw.id, raw.value
            ),
        );
    }
    let unit = match parse_compound(raw.unit) {
        Ok(u) => Some(u),
        Err(e) => {
            diags.error(loc.clone(), format!("{}: unit: {e}", raw.id));
            None
        }
    };
    if let Some(u) = &unit {
        let (num, den) = u.dimension_pair();
        let ok = match raw.kind {
            FactorKind::Ncv => {
                num == Dimension::Energy && matches!(den, Some(Dimension::Mass | Dimension::Volume))
            }
            FactorKind::CarbonContent => num == Dimension::Mass && den == Some(Dimension::Energy),
            FactorKind::Oxidation => num == Dimension::Dimensionless && den.is_none(),
            FactorKind::Ef => num == Dimension::Mass && den.is_some(),
            // A parameter carries whatever unit its equation needs (fraction, t/ha, kg CH4/kg …).
            FactorKind::Param => true,
        };
        if !ok {
            let expected = match raw.kind {
                FactorKind::Ncv => "energy per mass or volume, e.g. TJ/Gg, kJ/kg, kJ/m3",
                FactorKind::CarbonContent => "mass of carbon per energy, e.g. t C/TJ",
                FactorKind::Oxidation => "a fraction, e.g. 0.98 with unit \"fraction\"",
                FactorKind::Ef => {
                    "mass per unit of energy or activity, e.g. kg/TJ, t CO2/t, kg CO2/kWh"
                }
                FactorKind::Param => "any unit",
            };
            diags.error(
                loc.clone(),
                format!(
                    "{}: unit \"{}\" does not fit kind \"{}\": expected {expected}",
                    raw.id, raw.unit, raw.kind
                ),
            );
        }
        if raw.kind == FactorKind::Oxidation && raw.value > 1.0 + 1e-12 {
            diags.error(
                loc.clone(),
                format!(
                    "{}: an oxidation fraction cannot exceed 1, found {}",
                    raw.id, raw.value
                ),
            );
        }
    }
    let uncertainty = match (raw.lower, raw.upper, raw.uncertainty_pct) {
        (Some(lo), Some(hi), None) => {
            if !(lo <= raw.value && raw.value <= hi) || raw.value == 0.0 {
                diags.error(
                    loc.clone(),
                    format!(
                        "{}: the interval [{lo}, {hi}] must contain the value {} (and the value must not be 0)",
                        raw.id, raw.value
                    ),
                );
                None
            } else {
                Some(Uncertainty {
                    lower_pct: (raw.value - lo) / raw.value * 100.0,
                    upper_pct: (hi - raw.value) / raw.value * 100.0,
                })
            }
        }
        (None, None, Some(p)) if p.is_finite() && p >= 0.0 => Some(Uncertainty {
            lower_pct: p,
            upper_pct: p,
        }),
        (None, None, Some(p)) => {
            diags.error(
                loc.clone(),
                format!("{}: uncertainty_pct must be ≥ 0, found {p}", raw.id),
            );
            None
        }
        _ => {
            diags.error(
                loc.clone(),
                format!(
                    "{}: give the uncertainty as either `lower` and `upper` (95 % bounds) or `uncertainty_pct`",
                    raw.id
                ),
            );
            None
        }
    };
    if raw.source.trim().is_empty() {
        diags.error(
            loc.clone(),
            format!(
                "{}: `source` is empty: every factor names its source",
                raw.id
            ),
        );
    }
    if !STATUSES.contains(&raw.status) {
        diags.push(
            Diagnostic::error(
                loc.clone(),
                format!(
                    "{}: status \"{}\" is not one of {}",
                    raw.id,
                    raw.status,
                    STATUSES.join(", ")
                ),
            )
            .suggest(nearest(raw.status, STATUSES.iter().copied())),
        );
    }
    if diags.error_count() > before {
        return None;
    }
    Some(Factor {
        id: raw.id,
        set: raw.set.to_string(),
        kind: raw.kind,
        activity,
        category,
        gas,
        parameter: raw.parameter.map(|p| p.trim().to_string()),
        value: raw.value,
        unit_text: raw.unit.to_string(),
        unit: unit?,
        uncertainty: uncertainty?,
        source: raw.source.to_string(),
        status: raw.status.to_string(),
        note: raw.note.to_string(),
        region: raw.region.map(str::to_string),
        year: raw.year,
        location: raw.location,
    })
}

impl FactorSet {
    /// Parses and checks a factor-set file; every problem is reported with `file:line`.
    pub fn parse(text: &str, file: &str) -> Result<FactorSet> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1)
                .unwrap_or(1);
            Error::input(Some(Location::line(file, line)), e.message().to_string())
        })?;
        let mut diags = Diagnostics::new();
        let mut factors = Vec::with_capacity(raw.factor.len());
        let mut ids = std::collections::HashMap::new();
        let mut lines = Lines::default();
        for sp in raw.factor {
            let line = lines.line_of(text, sp.span().start);
            let r = sp.into_inner();
            if let Some(prev) = ids.insert(r.id.clone(), line) {
                diags.error(
                    Some(Location::line(file, line)),
                    format!("duplicate factor id {} (first at line {prev})", r.id),
                );
            }
            let input = RawFactorInput {
                id: r.id.clone(),
                set: &raw.set.name,
                kind: r.kind,
                activity: &r.activity,
                category: &r.category,
                gas: r.gas.as_deref(),
                parameter: r.parameter.as_deref(),
                value: r.value,
                unit: &r.unit,
                lower: r.lower,
                upper: r.upper,
                uncertainty_pct: r.uncertainty_pct,
                source: &r.source,
                status: &r.status,
                note: &r.note,
                region: r.region.as_deref(),
                year: r.year,
                location: Location::line(file, line),
            };
            if let Some(f) = check_factor(input, &mut diags) {
                factors.push(f);
            }
        }
        diags.into_result()?;
        Ok(FactorSet {
            name: raw.set.name,
            title_en: raw.set.title_en,
            title_zh: raw.set.title_zh,
            document: raw.set.document,
            url: raw.set.url,
            fallback: Some(raw.set.fallback).filter(|f| !f.is_empty()),
            factors,
        })
    }
}

/// The factor sets shipped with ghgkit: (file name, text).
pub const BUILTIN_SETS: &[(&str, &str)] = &[
    (
        "factors/ipcc2006.toml",
        include_str!("../../factors/ipcc2006.toml"),
    ),
    (
        "factors/china.toml",
        include_str!("../../factors/china.toml"),
    ),
    // Sectors outside energy: more records of the sets above (a file whose `[set]` names a set already
    // loaded adds to it).
    (
        "factors/ipcc2006-sectors.toml",
        include_str!("../../factors/ipcc2006-sectors.toml"),
    ),
    (
        "factors/china-livestock.toml",
        include_str!("../../factors/china-livestock.toml"),
    ),
];

/// All factor sets of a run: the built-in ones plus any the user loaded.
#[derive(Clone, Debug, Serialize)]
pub struct FactorLibrary {
    /// The sets, built-in first.
    pub sets: Vec<FactorSet>,
}

impl FactorLibrary {
    /// The built-in sets.
    pub fn builtin() -> Result<FactorLibrary> {
        // Parsed once per process (a run asks for them more than once; parsing takes a few hundred ms).
        static BUILTIN: std::sync::OnceLock<std::result::Result<Vec<FactorSet>, String>> =
            std::sync::OnceLock::new();
        let sets = BUILTIN.get_or_init(|| match Self::parse_builtin() {
            Ok(lib) => Ok(lib.sets),
            Err(Error::Internal(m)) => Err(m),
            Err(e) => Err(e.to_string()),
        });
        match sets {
            Ok(sets) => Ok(FactorLibrary { sets: sets.clone() }),
            Err(e) => Err(Error::Internal(e.clone())),
        }
    }

    /// Parses and checks the built-in sets.
    fn parse_builtin() -> Result<FactorLibrary> {
        let mut sets = Vec::new();
        for (file, text) in BUILTIN_SETS {
            // A built-in set that fails its checks is a packaging bug, not bad user input.
            let set = FactorSet::parse(text, file)
                .map_err(|e| Error::Internal(format!("built-in factor set {file}: {e}")))?;
            match sets
                .iter_mut()
                .find(|s: &&mut FactorSet| s.name == set.name)
            {
                Some(base) => {
                    if let Some(f) = set
                        .factors
                        .iter()
                        .find(|f| base.factors.iter().any(|b| b.id == f.id))
                    {
                        return Err(Error::Internal(format!(
                            "built-in factor set {file}: id {} is already in set {}",
                            f.id, base.name
                        )));
                    }
                    base.factors.extend(set.factors);
                }
                None => sets.push(set),
            }
        }
        Ok(FactorLibrary { sets })
    }

    /// The built-in sets plus the user's files (a user set with a built-in name replaces it).
    pub fn with_files(files: &[impl AsRef<Path>]) -> Result<FactorLibrary> {
        let mut lib = FactorLibrary::builtin()?;
        let mut diags = Diagnostics::new();
        for p in files {
            let p = p.as_ref();
            let text = std::fs::read_to_string(p).map_err(|source| Error::Read {
                path: p.to_path_buf(),
                source,
            })?;
            match FactorSet::parse(&text, &p.display().to_string()) {
                Ok(set) => {
                    lib.sets.retain(|s| s.name != set.name);
                    lib.sets.push(set);
                }
                Err(Error::Input(d)) => diags.extend(d),
                Err(e) => return Err(e),
            }
        }
        diags.into_result()?;
        Ok(lib)
    }

    /// The set with this name.
    pub fn set(&self, name: &str) -> Option<&FactorSet> {
        self.sets.iter().find(|s| s.name == name)
    }

    /// The set named `name` and its fallbacks, in order; an input error for an unknown name or a cycle.
    pub fn chain(&self, name: &str) -> Result<Vec<&FactorSet>> {
        let mut out: Vec<&FactorSet> = Vec::new();
        let mut cur = Some(name.to_string());
        while let Some(n) = cur {
            let Some(set) = self.set(&n) else {
                let names: Vec<&str> = self.sets.iter().map(|s| s.name.as_str()).collect();
                return Err(Error::Input({
                    let mut d = Diagnostics::new();
                    d.push(
                        Diagnostic::error(
                            None,
                            format!(
                                "unknown factor set \"{n}\"; the sets are: {}",
                                names.join(", ")
                            ),
                        )
                        .suggest(nearest(&n, names.iter().copied())),
                    );
                    d
                }));
            };
            if out.iter().any(|s| s.name == set.name) {
                return Err(Error::input(
                    None,
                    format!("factor set fallbacks form a cycle at \"{n}\""),
                ));
            }
            out.push(set);
            cur = set.fallback.clone();
        }
        Ok(out)
    }

    /// Every factor of every set.
    pub fn iter(&self) -> impl Iterator<Item = &Factor> {
        self.sets.iter().flat_map(|s| s.factors.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_sets_pass_their_checks() {
        let lib = FactorLibrary::builtin().unwrap_or_else(|e| panic!("{e}"));
        assert!(lib.set("ipcc2006").is_some());
        assert!(lib.set("china").is_some());
        let chain: Vec<&str> = lib
            .chain("china")
            .unwrap()
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(chain, ["china", "ipcc2006"]);
    }

    #[test]
    fn bad_records_are_all_reported_with_lines() {
        let text = r#"
[set]
name = "t"
title_en = "test"
document = "none"

[[factor]]
id = "a"
kind = "ncv"
activity = "natral_gas"
category = "any"
value = 1.0
unit = "TJ/Gg"
uncertainty_pct = 5
source = "x"
status = "checked"

[[factor]]
id = "b"
kind = "ef"
activity = "any"
category = "1.A.9"
gas = "CH4"
value = 1.0
unit = "kg/furlong"
source = ""
status = "guessed"
"#;
        let Err(Error::Input(d)) = FactorSet::parse(text, "t.toml") else {
            panic!("expected input errors")
        };
        let all = d.to_string();
        assert!(all.contains("t.toml:7"), "{all}");
        assert!(all.contains("natural_gas"), "{all}");
        assert!(all.contains("t.toml:18"), "{all}");
        assert!(all.contains("1.A.9"), "{all}");
        assert!(all.contains("furlong"), "{all}");
        assert!(all.contains("source"), "{all}");
        assert!(all.contains("guessed"), "{all}");
        assert!(all.contains("uncertainty"), "{all}");
        assert!(d.error_count() >= 6, "{all}");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let e = FactorSet::parse("[set]\nname = \n", "x.toml").unwrap_err();
        assert!(e.to_string().contains("x.toml:2"), "{e}");
        assert_eq!(e.exit_code(), 2);
    }
}
