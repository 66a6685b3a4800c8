//! Quantities and unit parsing as they appear in Chinese statistics and IPCC tables.
//!
//! Every quantity belongs to a [`Dimension`] with one canonical unit (t, TJ, m3, CNY, head, ha, 1).
//! A [`Unit`] is a dimension plus a `scale` (how many canonical units one of it is) and an optional
//! substance tag ("t C", "kg CO2"). [`parse_unit`] reads the spellings found in yearbook headers
//! ("(万吨)", "(104 tce)", "(108 kW•h)"), IPCC tables ("Gg", "TJ", "t C") and factor lists;
//! [`parse_compound`] reads factor units such as "kg CO2/TJ" or "GJ/10^4 m3".
//!
//! # Grammar
//!
//! `[outer brackets] [multiplier] [Chinese multiplier] unit [substance]`, where
//!
//! * outer brackets — `( )`, `（ ）`, `[ ]`, surrounding whitespace: ignored;
//! * multiplier — `1e4`, `1E4`, `10^4`, `10**4`, `10⁴` (Unicode superscripts, also `10⁻³`), each
//!   optionally preceded by `×`, `x`, `X` or `*` (`×10^4 t`); negative exponents are allowed
//!   (`10^-3 t` = 1 kg). English words `thousand`, `million`, `billion`, `10 thousand`,
//!   `ten thousand`, `100 million`, `hundred million`, and the China Statistical Yearbook forms
//!   `10 000`, `10,000`, `10000` (= 10⁴) when followed by a space and a unit;
//! * yearbook power-of-ten form — the English headers of the China Energy Statistical Yearbook lose
//!   their superscripts: "(104 tce)" means 10⁴ tce, "(108 cu.m)" 10⁸ m³, "(1010 kJ)" 10¹⁰ kJ. A
//!   leading `10` followed by one or two digits (the first non-zero) and a space is read as a power of
//!   ten **only** when a unit follows: "104 tn" = 10⁴ t, "1010 kJ" = 10¹⁰ kJ;
//! * Chinese multiplier — 十 百 千 万 十万 百万 千万 亿 十亿 百亿 千亿 万亿, before Chinese or
//!   English units ("万吨", "万t", "万 tce", "亿m3");
//! * substance — after a mass or volume unit, with or without a space: C, CO2, CO2e (also CO2-eq,
//!   CO2eq, CO2-e, CO2 eq), CH4, N2O, N2O-N, N, dm (dry matter); Chinese 碳, 二氧化碳,
//!   二氧化碳当量, 甲烷, 氧化亚氮, 氮. Standard coal ("tce", "t ce", "吨标准煤") is *energy*, not a
//!   substance.
//!
//! Plain numbers are **not** multipliers: "5 t", "100 t", "1000 t", "1 t" are errors (a header "(5 t)"
//! is far more likely a typo than a unit of five tonnes, and silently scaling would corrupt data).
//! The only numeric prefixes accepted are the explicit power-of-ten notations and the yearbook forms
//! listed above.
//!
//! # Readings worth knowing
//!
//! * "ton", "tons", "tn" are metric tonnes (the yearbooks' English), never short or long tons.
//! * "Nm3" (normal cubic metre) is read as m3: Chinese statistics report gas volumes at standard
//!   conditions already, and the reference state is not tracked.
//! * "亩" (mu) is exactly 1/15 ha; "度" is kWh; "标准煤" alone is tce; "toe" is 41.868 GJ (IEA).
//! * Converting between two different substances ("t C" → "t CO2") is an error
//!   ([`UnitErrorKind::SubstanceMismatch`]): it needs 44/12, not a unit conversion. A unit
//!   without a substance converts to and from any substance ("kg CO2" → "t").
//!
//! # Case
//!
//! Spellings are matched exactly first. A case-insensitive match is accepted only when it is
//! unambiguous: "tj" → TJ, "KWH" → kWh, "TCE" → tce are fine, but a case change of `m`/`M`, `n`/`N`
//! or `p`/`P` flips an SI prefix (milli/mega, nano/—, pico/peta), so "mt" (millitonne vs megatonne),
//! "mwh", "mj", "pj", "M3" are rejected with a suggestion ("mt" → did you mean "Mt"?). "MT" is rejected
//! too: in trade usage it means *metric ton*, a factor of 10⁶ away from Mt.
//!
//! # Precision
//!
//! Every named unit is stored as a decimal mantissa and a power of ten; multipliers only add to the
//! power. The final scale is produced by a single correctly rounded decimal-to-binary conversion, so
//! "万吨" is exactly 1e4 t, "Gg" 1e3 t, "亿千瓦时" exactly 360 TJ and "百亿千焦" exactly 10 TJ.
//! Scales that overflow or underflow `f64` ("10^999 t", "1e308 万吨") are errors, never `inf`/`0`.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// Energy content of one kilogram of standard coal equivalent (1 kgce), in kJ.
///
/// Source: GB/T 2589-2020 *综合能耗计算通则 (General principles for calculation of the
/// comprehensive energy consumption)*, terms and definitions: fuel with a net (low) calorific value
/// of 29,307.6 kJ is one kilogram of standard coal, "1 kgce = 29,307.6 kJ" (= 7,000 kcal ×
/// 4.1868 kJ/kcal, the International Table calorie). The same value is used in the appendix of the
/// China Energy Statistical Yearbook. Status: recalled (widely quoted; the clause number was not
/// checked against the standard's text), corroborated by [`KCAL_KJ`] × 7,000.
pub const KGCE_KJ: f64 = 29_307.6;

/// One International Table kilocalorie in kJ (4.1868 kJ/kcal, exact by definition of the IT
/// calorie, 1956 International Steam Table conference). Used for kcal, Mcal, Gcal and toe.
pub const KCAL_KJ: f64 = 4.1868;

/// The physical dimension of a quantity; each has one canonical unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// Mass; canonical unit t (tonne).
    Mass,
    /// Energy; canonical unit TJ.
    Energy,
    /// Volume; canonical unit m3 (cubic metre; "Nm3" is read as m3).
    Volume,
    /// Money; canonical unit CNY (元).
    Money,
    /// Number of animals or items; canonical unit head.
    Count,
    /// Area; canonical unit ha (hectare).
    Area,
    /// Pure numbers (fractions, percentages); canonical unit 1.
    Dimensionless,
}

impl Dimension {
    /// All dimensions, in declaration order.
    pub const ALL: [Dimension; 7] = [
        Dimension::Mass,
        Dimension::Energy,
        Dimension::Volume,
        Dimension::Money,
        Dimension::Count,
        Dimension::Area,
        Dimension::Dimensionless,
    ];

    /// Written symbol of the canonical unit: "t", "TJ", "m3", "CNY", "head", "ha", "1".
    ///
    /// Volume is written "m3" (ASCII, friendly to CSV and spreadsheets); "m³" parses too.
    pub fn canonical_symbol(self) -> &'static str {
        match self {
            Dimension::Mass => "t",
            Dimension::Energy => "TJ",
            Dimension::Volume => "m3",
            Dimension::Money => "CNY",
            Dimension::Count => "head",
            Dimension::Area => "ha",
            Dimension::Dimensionless => "1",
        }
    }

    /// Lower-case English name: "mass", "energy", "volume", "money", "count", "area",
    /// "dimensionless" (the same text as `Display`).
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Mass => "mass",
            Dimension::Energy => "energy",
            Dimension::Volume => "volume",
            Dimension::Money => "money",
            Dimension::Count => "count",
            Dimension::Area => "area",
            Dimension::Dimensionless => "dimensionless",
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A unit of measurement: a dimension, a scale relative to the canonical unit, and an optional
/// substance tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// What the unit measures.
    pub dimension: Dimension,
    /// How many canonical units one of this unit is (e.g. 1e4 for 万吨, 3.6e-6 for kWh).
    pub scale: f64,
    /// Substance the quantity is expressed as, when written: "C", "CO2", "CO2e", "CH4", "N2O",
    /// "N2O-N", "N", "dm". `None` when the unit names no substance (standard coal is energy, not a
    /// substance).
    pub substance: Option<String>,
}

impl Unit {
    /// The canonical unit of a dimension (scale 1, no substance).
    pub fn canonical(dimension: Dimension) -> Unit {
        Unit {
            dimension,
            scale: 1.0,
            substance: None,
        }
    }

    /// A canonical written form that [`parse_unit`] reads back to the same unit.
    ///
    /// Named spellings are preferred ("kt" for 1e3 t — so "Gg" comes back as "kt" —, "万吨", "亿千瓦时",
    /// "万吨标准煤", "万元", "亩"); otherwise a power of ten times a named ASCII unit ("10^5 t"). With
    /// a substance, only ASCII spellings are used ("10^4 t CO2"). A hand-built scale that is neither
    /// is written `"<scale> <canonical>"` (e.g. "2.5 t"), which `parse_unit` rejects.
    pub fn symbol(&self) -> String {
        let with_sub = |name: &str| match &self.substance {
            Some(s) => format!("{name} {s}"),
            None => name.to_string(),
        };
        let scale = self.scale;
        if !(scale.is_finite() && scale > 0.0) {
            return with_sub(&format!("{scale} {}", self.dimension.canonical_symbol()));
        }
        let candidates = preferred_units().iter().filter(|(name, u)| {
            u.dimension == self.dimension && (self.substance.is_none() || name.is_ascii())
        });
        for (name, u) in candidates.clone() {
            if close(u.scale, scale) {
                return with_sub(name);
            }
        }
        for (name, u) in candidates.filter(|(name, _)| name.is_ascii()) {
            let ratio = scale / u.scale;
            let n = ratio.log10().round();
            if n.is_finite() && n.abs() <= 330.0 {
                let n = n as i32;
                if let Ok(p) = format!("1e{n}").parse::<f64>()
                    && close(ratio, p)
                {
                    return with_sub(&format!("10^{n} {name}"));
                }
            }
        }
        with_sub(&format!("{scale} {}", self.dimension.canonical_symbol()))
    }

    /// Converts `value` in this unit to the canonical unit of its dimension (`value × scale`).
    pub fn to_canonical(&self, value: f64) -> f64 {
        value * self.scale
    }

    /// Converts `value` in the canonical unit of the dimension to this unit (`value / scale`).
    pub fn from_canonical(&self, value: f64) -> f64 {
        value / self.scale
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.symbol())
    }
}

impl FromStr for Unit {
    type Err = UnitError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_unit(s)
    }
}

/// A factor unit: a numerator unit, optionally divided by a denominator unit ("kg CO2/TJ",
/// "TJ/Gg", "fraction").
#[derive(Debug, Clone, PartialEq)]
pub struct CompoundUnit {
    /// The unit above the fraction bar.
    pub numerator: Unit,
    /// The unit below the fraction bar, if any.
    pub denominator: Option<Unit>,
}

impl CompoundUnit {
    /// Canonical units per canonical unit: `numerator.scale / denominator.scale` (or
    /// `numerator.scale` without a denominator). "kg/TJ" → 1e-3 (t per TJ); "TJ/Gg" → 1e-3 (TJ
    /// per t); "GJ/10^4 m3" → 1e-7 (TJ per m3).
    pub fn scale(&self) -> f64 {
        match &self.denominator {
            Some(d) => self.numerator.scale / d.scale,
            None => self.numerator.scale,
        }
    }

    /// The dimensions of numerator and denominator: "kg CO2/TJ" → (Mass, Some(Energy)).
    pub fn dimension_pair(&self) -> (Dimension, Option<Dimension>) {
        (
            self.numerator.dimension,
            self.denominator.as_ref().map(|d| d.dimension),
        )
    }

    /// Written form "numerator/denominator" using [`Unit::symbol`]; parses back with
    /// [`parse_compound`].
    pub fn symbol(&self) -> String {
        match &self.denominator {
            Some(d) => format!("{}/{}", self.numerator.symbol(), d.symbol()),
            None => self.numerator.symbol(),
        }
    }
}

impl fmt::Display for CompoundUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.symbol())
    }
}

impl FromStr for CompoundUnit {
    type Err = UnitError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_compound(s)
    }
}

/// What went wrong while parsing or converting units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitErrorKind {
    /// The text (after trimming whitespace and outer brackets) is empty.
    Empty,
    /// The text is not a known unit; `suggestion` is the nearest known spelling, if close enough.
    Unknown {
        /// The unrecognised text (trimmed, outer brackets removed).
        text: String,
        /// Nearest known spelling (edit distance ≤ max(2, chars/3)), if any.
        suggestion: Option<String>,
    },
    /// A conversion between different dimensions was requested.
    DimensionMismatch {
        /// Symbol of the source unit.
        from: String,
        /// Symbol of the target unit.
        to: String,
    },
    /// A conversion between the same dimension but different substances ("t C" → "t CO2"): that
    /// needs a stoichiometric factor (44/12), not a unit conversion.
    SubstanceMismatch {
        /// Symbol of the source unit.
        from: String,
        /// Symbol of the target unit.
        to: String,
    },
    /// The unit is well formed but its scale is outside the finite, normal range of `f64`
    /// ("10^999 t", "1e308 万吨", "10^-400 t"), or a hand-built unit has a non-positive or
    /// non-finite scale.
    OutOfRange {
        /// The offending text or unit symbol.
        text: String,
    },
}

/// Error returned by unit parsing and conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitError {
    /// The kind of error, with details.
    pub kind: UnitErrorKind,
}

impl From<UnitErrorKind> for UnitError {
    fn from(kind: UnitErrorKind) -> Self {
        UnitError { kind }
    }
}

/// `"t" (mass)` when the symbol parses, else just `"t"`.
fn describe(symbol: &str) -> String {
    if let Ok(u) = parse_unit(symbol) {
        format!("\"{symbol}\" ({})", u.dimension)
    } else if let Ok(c) = parse_compound(symbol) {
        match c.dimension_pair() {
            (n, Some(d)) => format!("\"{symbol}\" ({n} per {d})"),
            (n, None) => format!("\"{symbol}\" ({n})"),
        }
    } else {
        format!("\"{symbol}\"")
    }
}

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            UnitErrorKind::Empty => f.write_str("empty unit"),
            UnitErrorKind::Unknown {
                text,
                suggestion: Some(s),
            } => write!(f, "unknown unit \"{text}\" (did you mean \"{s}\"?)"),
            UnitErrorKind::Unknown {
                text,
                suggestion: None,
            } => write!(f, "unknown unit \"{text}\""),
            UnitErrorKind::DimensionMismatch { from, to } => write!(
                f,
                "cannot convert {} to {}: different dimensions",
                describe(from),
                describe(to)
            ),
            UnitErrorKind::SubstanceMismatch { from, to } => write!(
                f,
                "cannot convert \"{from}\" to \"{to}\": different substances need a stoichiometric \
                 factor, not a unit conversion"
            ),
            UnitErrorKind::OutOfRange { text } => {
                write!(
                    f,
                    "unit \"{text}\" has a scale outside the finite range of f64"
                )
            }
        }
    }
}

impl std::error::Error for UnitError {}

// ---------------------------------------------------------------------------------------------
// Unit table
// ---------------------------------------------------------------------------------------------

/// One named spelling: scale = `mant` × 10^`exp` / `div` canonical units.
struct Def {
    name: &'static str,
    dim: Dimension,
    mant: f64,
    exp: i32,
    div: f64,
}

const fn def(name: &'static str, dim: Dimension, mant: f64, exp: i32) -> Def {
    Def {
        name,
        dim,
        mant,
        exp,
        div: 1.0,
    }
}

use Dimension::{Area, Count, Dimensionless, Energy, Mass, Money, Volume};

/// Every base spelling (without multipliers). Energy in TJ: 1 kWh = 3.6 MJ = 3.6e-6 TJ;
/// 1 kcal = 4.1868 kJ; 1 kgce = 29,307.6 kJ (GB/T 2589); 1 toe = 41.868 GJ (IEA).
static BASE: &[Def] = &[
    // Mass (t)
    def("t", Mass, 1.0, 0),
    def("tonne", Mass, 1.0, 0),
    def("tonnes", Mass, 1.0, 0),
    def("ton", Mass, 1.0, 0),
    def("tons", Mass, 1.0, 0),
    def("tn", Mass, 1.0, 0),
    def("metric ton", Mass, 1.0, 0),
    def("metric tons", Mass, 1.0, 0),
    def("Mg", Mass, 1.0, 0),
    def("吨", Mass, 1.0, 0),
    def("kg", Mass, 1.0, -3),
    def("kilogram", Mass, 1.0, -3),
    def("kilograms", Mass, 1.0, -3),
    def("千克", Mass, 1.0, -3),
    def("公斤", Mass, 1.0, -3),
    def("g", Mass, 1.0, -6),
    def("gram", Mass, 1.0, -6),
    def("grams", Mass, 1.0, -6),
    def("克", Mass, 1.0, -6),
    def("mg", Mass, 1.0, -9),
    def("kt", Mass, 1.0, 3),
    def("Gg", Mass, 1.0, 3),
    def("Mt", Mass, 1.0, 6),
    def("Tg", Mass, 1.0, 6),
    def("Gt", Mass, 1.0, 9),
    def("Pg", Mass, 1.0, 9),
    // Energy (TJ)
    def("J", Energy, 1.0, -12),
    def("焦", Energy, 1.0, -12),
    def("焦耳", Energy, 1.0, -12),
    def("kJ", Energy, 1.0, -9),
    def("千焦", Energy, 1.0, -9),
    def("千焦耳", Energy, 1.0, -9),
    def("MJ", Energy, 1.0, -6),
    def("兆焦", Energy, 1.0, -6),
    def("兆焦耳", Energy, 1.0, -6),
    def("GJ", Energy, 1.0, -3),
    def("吉焦", Energy, 1.0, -3),
    def("吉焦耳", Energy, 1.0, -3),
    def("TJ", Energy, 1.0, 0),
    def("太焦", Energy, 1.0, 0),
    def("太焦耳", Energy, 1.0, 0),
    def("PJ", Energy, 1.0, 3),
    def("拍焦", Energy, 1.0, 3),
    def("EJ", Energy, 1.0, 6),
    def("艾焦", Energy, 1.0, 6),
    def("Wh", Energy, 3.6, -9),
    def("瓦时", Energy, 3.6, -9),
    def("kWh", Energy, 3.6, -6),
    def("千瓦时", Energy, 3.6, -6),
    def("千瓦小时", Energy, 3.6, -6),
    def("度", Energy, 3.6, -6),
    def("MWh", Energy, 3.6, -3),
    def("兆瓦时", Energy, 3.6, -3),
    def("GWh", Energy, 3.6, 0),
    def("吉瓦时", Energy, 3.6, 0),
    def("TWh", Energy, 3.6, 3),
    def("太瓦时", Energy, 3.6, 3),
    def("cal", Energy, 4.1868, -12),
    def("kcal", Energy, 4.1868, -9),
    def("千卡", Energy, 4.1868, -9),
    def("大卡", Energy, 4.1868, -9),
    def("Mcal", Energy, 4.1868, -6),
    def("兆卡", Energy, 4.1868, -6),
    def("Gcal", Energy, 4.1868, -3),
    def("吉卡", Energy, 4.1868, -3),
    def("gce", Energy, 2.93076, -8),
    def("克标准煤", Energy, 2.93076, -8),
    def("克标煤", Energy, 2.93076, -8),
    def("kgce", Energy, 2.93076, -5),
    def("kg ce", Energy, 2.93076, -5),
    def("千克标准煤", Energy, 2.93076, -5),
    def("公斤标准煤", Energy, 2.93076, -5),
    def("千克标煤", Energy, 2.93076, -5),
    def("公斤标煤", Energy, 2.93076, -5),
    def("tce", Energy, 2.93076, -2),
    def("t ce", Energy, 2.93076, -2),
    def("吨标准煤", Energy, 2.93076, -2),
    def("吨标煤", Energy, 2.93076, -2),
    def("标准煤", Energy, 2.93076, -2),
    def("标煤", Energy, 2.93076, -2),
    def("ktce", Energy, 2.93076, 1),
    def("Mtce", Energy, 2.93076, 4),
    def("toe", Energy, 4.1868, -2),
    def("吨标准油", Energy, 4.1868, -2),
    def("吨油当量", Energy, 4.1868, -2),
    def("ktoe", Energy, 4.1868, 1),
    def("Mtoe", Energy, 4.1868, 4),
    // Volume (m3)
    def("m3", Volume, 1.0, 0),
    def("m³", Volume, 1.0, 0),
    def("Nm3", Volume, 1.0, 0),
    def("Nm³", Volume, 1.0, 0),
    def("cu.m", Volume, 1.0, 0),
    def("cu m", Volume, 1.0, 0),
    def("cu. m", Volume, 1.0, 0),
    def("cubic metre", Volume, 1.0, 0),
    def("cubic metres", Volume, 1.0, 0),
    def("cubic meter", Volume, 1.0, 0),
    def("cubic meters", Volume, 1.0, 0),
    def("立方米", Volume, 1.0, 0),
    def("标准立方米", Volume, 1.0, 0),
    def("L", Volume, 1.0, -3),
    def("l", Volume, 1.0, -3),
    def("litre", Volume, 1.0, -3),
    def("litres", Volume, 1.0, -3),
    def("liter", Volume, 1.0, -3),
    def("liters", Volume, 1.0, -3),
    def("升", Volume, 1.0, -3),
    // Money (CNY)
    def("CNY", Money, 1.0, 0),
    def("RMB", Money, 1.0, 0),
    def("yuan", Money, 1.0, 0),
    def("元", Money, 1.0, 0),
    def("人民币", Money, 1.0, 0),
    // Count (head)
    def("head", Count, 1.0, 0),
    def("heads", Count, 1.0, 0),
    def("头", Count, 1.0, 0),
    def("只", Count, 1.0, 0),
    def("person", Count, 1.0, 0),
    def("persons", Count, 1.0, 0),
    def("people", Count, 1.0, 0),
    def("人", Count, 1.0, 0),
    // Area (ha)
    def("ha", Area, 1.0, 0),
    def("hectare", Area, 1.0, 0),
    def("hectares", Area, 1.0, 0),
    def("hm2", Area, 1.0, 0),
    def("hm²", Area, 1.0, 0),
    def("公顷", Area, 1.0, 0),
    def("km2", Area, 1.0, 2),
    def("km²", Area, 1.0, 2),
    def("平方公里", Area, 1.0, 2),
    def("平方千米", Area, 1.0, 2),
    def("m2", Area, 1.0, -4),
    def("m²", Area, 1.0, -4),
    def("平方米", Area, 1.0, -4),
    Def {
        name: "亩",
        dim: Area,
        mant: 1.0,
        exp: 0,
        div: 15.0,
    },
    Def {
        name: "mu",
        dim: Area,
        mant: 1.0,
        exp: 0,
        div: 15.0,
    },
    // Dimensionless (1)
    def("1", Dimensionless, 1.0, 0),
    def("fraction", Dimensionless, 1.0, 0),
    def("dimensionless", Dimensionless, 1.0, 0),
    def("%", Dimensionless, 1.0, -2),
    def("％", Dimensionless, 1.0, -2),
    def("percent", Dimensionless, 1.0, -2),
    def("per cent", Dimensionless, 1.0, -2),
    def("‰", Dimensionless, 1.0, -3),
    def("per mille", Dimensionless, 1.0, -3),
];

/// Chinese multipliers, longest first.
const CN_MULTIPLIERS: &[(&str, i64)] = &[
    ("万亿", 12),
    ("千亿", 11),
    ("百亿", 10),
    ("十亿", 9),
    ("千万", 7),
    ("百万", 6),
    ("十万", 5),
    ("亿", 8),
    ("万", 4),
    ("千", 3),
    ("百", 2),
    ("十", 1),
];

/// English word multipliers (each must be followed by a space and a unit), case-insensitive.
const WORD_MULTIPLIERS: &[(&str, i64)] = &[
    ("hundred million ", 8),
    ("100 million ", 8),
    ("ten thousand ", 4),
    ("10 thousand ", 4),
    ("10 000 ", 4),
    ("10,000 ", 4),
    ("10000 ", 4),
    ("thousand ", 3),
    ("million ", 6),
    ("billion ", 9),
];

/// Substance spellings → canonical tag. Longer spellings first (a shorter suffix only matches
/// when what precedes it is a unit, so order is a preference, not a correctness requirement).
const SUBSTANCES: &[(&str, &str)] = &[
    ("二氧化碳当量", "CO2e"),
    ("二氧化碳", "CO2"),
    ("氧化亚氮", "N2O"),
    ("甲烷", "CH4"),
    ("碳", "C"),
    ("氮", "N"),
    ("CO2 equivalent", "CO2e"),
    ("CO2-equivalent", "CO2e"),
    ("CO2-eq.", "CO2e"),
    ("CO2 eq.", "CO2e"),
    ("CO2-eq", "CO2e"),
    ("CO2 eq", "CO2e"),
    ("CO2eq", "CO2e"),
    ("CO2-e", "CO2e"),
    ("CO2e", "CO2e"),
    ("N2O-N", "N2O-N"),
    ("CO2", "CO2"),
    ("CH4", "CH4"),
    ("N2O", "N2O"),
    ("d.m.", "dm"),
    ("dm", "dm"),
    ("DM", "dm"),
    ("C", "C"),
    ("N", "N"),
];

/// Spellings for which the case-insensitive fallback is refused outright.
const CASE_DENY: &[&str] = &["MT"];

/// The canonical spellings users can choose from, most common first (see [`known_units`]).
#[rustfmt::skip]
const KNOWN_UNITS: &[&str] = &[
    // mass
    "t", "kt", "Gg", "Mt", "万吨", "亿吨", "kg", "吨", "千吨", "Tg", "Gt", "g",
    // energy
    "TJ", "GJ", "MJ", "kJ", "PJ", "kWh", "MWh", "GWh", "TWh", "万千瓦时", "亿千瓦时", "tce", "kgce",
    "万吨标准煤", "吨标准煤", "百亿千焦", "千焦", "kcal",
    // volume
    "m3", "万立方米", "亿立方米", "立方米", "L",
    // money
    "CNY", "元", "万元", "亿元",
    // count
    "head", "头", "万头", "万只",
    // area
    "ha", "公顷", "万公顷", "千公顷", "亩", "万亩", "km2",
    // dimensionless
    "1", "%", "fraction",
];

/// The canonical spellings users can choose from (for drop-down lists in templates), most common
/// first within each dimension (mass, energy, volume, money, count, area, dimensionless). Every
/// entry parses with [`parse_unit`].
pub fn known_units() -> Vec<&'static str> {
    KNOWN_UNITS.to_vec()
}

/// Spellings [`Unit::symbol`] prefers, in order: exact matches first, then (ASCII ones only) as
/// the base of "10^n <unit>".
#[rustfmt::skip]
const PREFERRED: &[&str] = &[
    "t", "kg", "g", "kt", "Mt", "Gt", "万吨", "亿吨",
    "TJ", "GJ", "MJ", "kJ", "J", "PJ", "EJ", "kWh", "MWh", "GWh", "TWh", "Wh", "tce", "kgce", "gce",
    "ktce", "Mtce", "万吨标准煤", "万千瓦时", "亿千瓦时", "百亿千焦", "kcal", "Mcal", "Gcal", "toe",
    "ktoe", "Mtoe",
    "m3", "L", "万立方米", "亿立方米",
    "CNY", "万元", "亿元",
    "head", "万头",
    "ha", "km2", "m2", "亩", "万亩", "千公顷", "万公顷",
    "1", "%", "‰",
];

/// [`PREFERRED`] with their parsed units.
fn preferred_units() -> &'static [(&'static str, Unit)] {
    static CELL: OnceLock<Vec<(&'static str, Unit)>> = OnceLock::new();
    CELL.get_or_init(|| {
        PREFERRED
            .iter()
            .filter_map(|&name| parse_unit(name).ok().map(|u| (name, u)))
            .collect()
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/// Internal failure before it is turned into a `UnitError` naming the whole text.
enum Fail {
    Unknown,
    OutOfRange,
}

/// A base unit with its substance, before multipliers are applied.
struct Atom {
    def: &'static Def,
    substance: Option<&'static str>,
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '（' | '[')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | '）' | ']')
}

/// If `s` is wholly wrapped in one bracket pair, the inside.
fn strip_wrapping(s: &str) -> Option<&str> {
    let first = s.chars().next()?;
    let last = s.chars().next_back()?;
    if !is_open(first) || !is_close(last) || s.chars().count() < 2 {
        return None;
    }
    let mut depth = 0usize;
    let n = s.chars().count();
    for (i, c) in s.chars().enumerate() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
            if depth == 0 && i + 1 < n {
                return None;
            }
        }
    }
    Some(&s[first.len_utf8()..s.len() - last.len_utf8()])
}

/// Collapses whitespace, strips wrapping brackets, maps subscript digits to ASCII, the fullwidth
/// slash to '/', and removes the dot in "kW•h"/"kW·h"/"kW.h"/"千瓦·时".
fn normalize(text: &str) -> String {
    let mut s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    while let Some(inner) = strip_wrapping(&s) {
        s = inner.trim().to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '₀'..='₉' => {
                let d = c as u32 - '₀' as u32;
                out.push(char::from_digit(d, 10).unwrap_or('0'));
            }
            '／' => out.push('/'),
            '•' | '·' | '⋅' | '∙' | '・' | '.'
                if i > 0
                    && i + 1 < chars.len()
                    && matches!(chars[i - 1], 'W' | '瓦')
                    && matches!(chars[i + 1], 'h' | 'H' | '时') => {}
            _ => out.push(c),
        }
    }
    out
}

/// Parses a signed integer exponent at the start of `s` (ASCII digits, optional + - −).
fn parse_int(s: &str) -> Result<(i64, &str), Fail> {
    let (neg, rest) = if let Some(r) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        (true, r)
    } else if let Some(r) = s.strip_prefix('+') {
        (false, r)
    } else {
        (false, s)
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(Fail::Unknown);
    }
    if digits > 9 {
        return Err(Fail::OutOfRange);
    }
    let n: i64 = rest[..digits].parse().map_err(|_| Fail::OutOfRange)?;
    Ok((if neg { -n } else { n }, &rest[digits..]))
}

fn superscript_digit(c: char) -> Option<i64> {
    Some(match c {
        '⁰' => 0,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        '⁴' => 4,
        '⁵' => 5,
        '⁶' => 6,
        '⁷' => 7,
        '⁸' => 8,
        '⁹' => 9,
        _ => return None,
    })
}

/// Parses a superscript integer ("⁴", "⁻³", "¹⁰") at the start of `s`.
fn parse_superscript(s: &str) -> Result<(i64, &str), Fail> {
    let (neg, rest) = if let Some(r) = s.strip_prefix('⁻') {
        (true, r)
    } else if let Some(r) = s.strip_prefix('⁺') {
        (false, r)
    } else {
        (false, s)
    };
    let mut n: i64 = 0;
    let mut count = 0usize;
    let mut end = 0usize;
    for (i, c) in rest.char_indices() {
        let Some(d) = superscript_digit(c) else { break };
        count += 1;
        if count > 9 {
            return Err(Fail::OutOfRange);
        }
        n = n * 10 + d;
        end = i + c.len_utf8();
    }
    if count == 0 {
        return Err(Fail::Unknown);
    }
    Ok((if neg { -n } else { n }, &rest[end..]))
}

/// Explicit power-of-ten multiplier: `[×xX*] (10^n | 10**n | 10ⁿ | 1en | 1En)`.
fn numeric_multiplier(s: &str) -> Result<Option<(i64, &str)>, Fail> {
    let mut t = s;
    let mut times = false;
    for sign in ['×', 'x', 'X', '*', '✕'] {
        if let Some(r) = t.strip_prefix(sign) {
            t = r.trim_start();
            times = true;
            break;
        }
    }
    let parsed = if let Some(r) = t.strip_prefix("10^") {
        Some(parse_int(r)?)
    } else if let Some(r) = t.strip_prefix("10**") {
        Some(parse_int(r)?)
    } else if let Some(r) = t.strip_prefix("10")
        && r.chars()
            .next()
            .is_some_and(|c| superscript_digit(c).is_some() || c == '⁻' || c == '⁺')
    {
        Some(parse_superscript(r)?)
    } else if let Some(r) = t.strip_prefix("1e").or_else(|| t.strip_prefix("1E")) {
        Some(parse_int(r)?)
    } else {
        None
    };
    match parsed {
        Some((n, rest)) => Ok(Some((n, rest.trim_start()))),
        None if times => Err(Fail::Unknown),
        None => Ok(None),
    }
}

/// English word / CSY multiplier ("100 million ", "10 000 ").
fn word_multiplier(s: &str) -> Option<(i64, &str)> {
    WORD_MULTIPLIERS.iter().find_map(|&(w, n)| {
        let head = s.get(..w.len())?;
        head.eq_ignore_ascii_case(w)
            .then(|| (n, s[w.len()..].trim_start()))
    })
}

/// Yearbook form: "10" + one or two digits (first non-zero) + space + unit.
fn yearbook_multiplier(s: &str) -> Option<(i64, &str)> {
    let b = s.as_bytes();
    if b.len() < 4 || b[0] != b'1' || b[1] != b'0' || !(b'1'..=b'9').contains(&b[2]) {
        return None;
    }
    let (n, k) = if b[3].is_ascii_digit() {
        (i64::from(b[2] - b'0') * 10 + i64::from(b[3] - b'0'), 4)
    } else {
        (i64::from(b[2] - b'0'), 3)
    };
    if b.get(k) != Some(&b' ') {
        return None;
    }
    let rest = s[k + 1..].trim_start();
    (!rest.is_empty()).then_some((n, rest))
}

/// Whether a case-insensitive match of `input` to `name` may be accepted: no case change on an
/// SI-prefix-sensitive letter (m/M, n/N, p/P).
fn case_safe(input: &str, name: &str) -> bool {
    if CASE_DENY.contains(&input) {
        return false;
    }
    input
        .bytes()
        .zip(name.bytes())
        .all(|(a, b)| a == b || !matches!(a.to_ascii_lowercase(), b'm' | b'n' | b'p'))
}

/// Exact lookup, then an unambiguous case-insensitive one.
fn lookup(s: &str) -> Option<&'static Def> {
    if let Some(d) = BASE.iter().find(|d| d.name == s) {
        return Some(d);
    }
    if s.chars().count() < 2 {
        return None; // "T" is not folded to "t", nor "C"/"N" to anything
    }
    let mut found: Option<&'static Def> = None;
    for d in BASE.iter().filter(|d| d.name.eq_ignore_ascii_case(s)) {
        match found {
            None => found = Some(d),
            Some(f) if f.dim == d.dim && f.mant == d.mant && f.exp == d.exp && f.div == d.div => {}
            Some(_) => return None,
        }
    }
    found.filter(|d| case_safe(s, d.name))
}

/// A base unit, optionally followed by a substance tag.
fn parse_atom(s: &str) -> Option<Atom> {
    if let Some(def) = lookup(s) {
        return Some(Atom {
            def,
            substance: None,
        });
    }
    for &(alias, tag) in SUBSTANCES {
        if s.len() <= alias.len() {
            continue;
        }
        let Some(tail) = s.get(s.len() - alias.len()..) else {
            continue;
        };
        let matches = tail == alias
            || (alias.len() >= 3 && alias.is_ascii() && tail.eq_ignore_ascii_case(alias));
        if !matches {
            continue;
        }
        let left = s[..s.len() - alias.len()].trim_end();
        if let Some(def) = lookup(left)
            && matches!(def.dim, Mass | Volume)
        {
            return Some(Atom {
                def,
                substance: Some(tag),
            });
        }
    }
    None
}

/// Optional Chinese multiplier, then an atom.
fn parse_cn(s: &str) -> Result<(Atom, i64), Fail> {
    if let Some(a) = parse_atom(s) {
        return Ok((a, 0));
    }
    for &(m, n) in CN_MULTIPLIERS {
        if let Some(rest) = s.strip_prefix(m) {
            let rest = rest.trim_start();
            if !rest.is_empty()
                && let Some(a) = parse_atom(rest)
            {
                return Ok((a, n));
            }
        }
    }
    Err(Fail::Unknown)
}

/// Full grammar on normalized, non-empty text.
fn parse_normalized(s: &str) -> Result<(Atom, i64), Fail> {
    if let Some((n, rest)) = numeric_multiplier(s)? {
        if rest.is_empty() {
            return Err(Fail::Unknown);
        }
        let (a, m) = parse_cn(rest)?;
        return Ok((a, n + m));
    }
    if let Some((n, rest)) = word_multiplier(s).or_else(|| yearbook_multiplier(s))
        && !rest.is_empty()
    {
        let (a, m) = parse_cn(rest)?;
        return Ok((a, n + m));
    }
    parse_cn(s)
}

fn build(atom: Atom, extra_exp: i64) -> Option<Unit> {
    let e = i64::from(atom.def.exp) + extra_exp;
    if !(-400..=400).contains(&e) {
        return None;
    }
    let scale = format!("{}e{}", atom.def.mant, e).parse::<f64>().ok()? / atom.def.div;
    (scale.is_normal() && scale > 0.0).then(|| Unit {
        dimension: atom.def.dim,
        scale,
        substance: atom.substance.map(str::to_string),
    })
}

/// Parses a unit as written in statistics tables and factor lists (see the module documentation
/// for the grammar).
///
/// Surrounding whitespace and wrapping brackets are ignored: "(万吨)", "（亿立方米）",
/// "(104 tce)". Plain numbers are not multipliers: "5 t" is an error. Errors: [`UnitErrorKind::Empty`]
/// for blank text, [`UnitErrorKind::Unknown`] (with a spelling suggestion when one is close) for
/// anything not recognised, [`UnitErrorKind::OutOfRange`] when the scale would not be a finite,
/// normal `f64`.
pub fn parse_unit(text: &str) -> Result<Unit, UnitError> {
    let norm = normalize(text);
    if norm.is_empty() {
        return Err(UnitErrorKind::Empty.into());
    }
    match parse_normalized(&norm) {
        Ok((atom, exp)) => {
            build(atom, exp).ok_or_else(|| UnitErrorKind::OutOfRange { text: norm }.into())
        }
        Err(Fail::OutOfRange) => Err(UnitErrorKind::OutOfRange { text: norm }.into()),
        Err(Fail::Unknown) => {
            let suggestion = suggest(&norm);
            Err(UnitErrorKind::Unknown {
                text: norm,
                suggestion,
            }
            .into())
        }
    }
}

/// Splits "t ha-1" / "kg N2O-N (kg N)-1" into numerator and denominator.
fn split_inverse(s: &str) -> Option<(&str, &str)> {
    let base = ["^-1", "^−1", "⁻¹", "-1"]
        .iter()
        .find_map(|suf| s.strip_suffix(suf))?;
    if base.ends_with(is_close) {
        // find the bracket that opens the final group
        let mut depth = 0usize;
        for (i, c) in base.char_indices().rev() {
            if is_close(c) {
                depth += 1;
            } else if is_open(c) {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    let num = base[..i].trim();
                    return (!num.is_empty()).then_some((num, &base[i..]));
                }
            }
        }
        None
    } else {
        let (num, den) = base.rsplit_once(' ')?;
        let num = num.trim();
        (!num.is_empty() && !den.is_empty()).then_some((num, den))
    }
}

/// Parses a factor unit: "TJ/Gg", "kg CO2/TJ", "t C/TJ", "GJ/10^4 m3", "kgce/kg", "fraction".
///
/// Accepted forms: `numerator/denominator` (one slash; each side is read by [`parse_unit`], so
/// multipliers, substances and brackets work on both sides), `numerator per denominator`, and the
/// IPCC style `numerator denominator-1` ("t ha-1", "kg TJ^-1", "kg N2O-N (kg N)-1"); a single unit
/// gives a compound without denominator. Errors name the side that failed.
pub fn parse_compound(text: &str) -> Result<CompoundUnit, UnitError> {
    let norm = normalize(text);
    if norm.is_empty() {
        return Err(UnitErrorKind::Empty.into());
    }
    let unknown_whole = || -> UnitError {
        UnitErrorKind::Unknown {
            text: norm.clone(),
            suggestion: None,
        }
        .into()
    };
    let parts: Vec<&str> = norm.split('/').collect();
    let (num, den) = match parts.as_slice() {
        [one] => {
            let lower = one.to_ascii_lowercase();
            if let Some(i) = lower.find(" per ") {
                (&one[..i], Some(&one[i + 5..]))
            } else if !parses(one)
                && let Some((n, d)) = split_inverse(one)
            {
                (n, Some(d))
            } else {
                (*one, None)
            }
        }
        [n, d] => (*n, Some(*d)),
        _ => return Err(unknown_whole()),
    };
    if num.trim().is_empty() || den.is_some_and(|d| d.trim().is_empty()) {
        return Err(unknown_whole());
    }
    let numerator = parse_unit(num)?;
    let denominator = den.map(parse_unit).transpose()?;
    Ok(CompoundUnit {
        numerator,
        denominator,
    })
}

// ---------------------------------------------------------------------------------------------
// Conversion
// ---------------------------------------------------------------------------------------------

/// The factor that turns a value in `from` into a value in `to` (`from.scale / to.scale`).
///
/// Errors: [`UnitErrorKind::DimensionMismatch`] when the dimensions differ,
/// [`UnitErrorKind::SubstanceMismatch`] when both units name different substances (a missing
/// substance on either side is compatible with any), [`UnitErrorKind::OutOfRange`] when a
/// hand-built unit has a non-finite or non-positive scale.
pub fn conversion_factor(from: &Unit, to: &Unit) -> Result<f64, UnitError> {
    if from.dimension != to.dimension {
        return Err(UnitErrorKind::DimensionMismatch {
            from: from.symbol(),
            to: to.symbol(),
        }
        .into());
    }
    if let (Some(a), Some(b)) = (&from.substance, &to.substance)
        && a != b
    {
        return Err(UnitErrorKind::SubstanceMismatch {
            from: from.symbol(),
            to: to.symbol(),
        }
        .into());
    }
    for u in [from, to] {
        if !(u.scale.is_finite() && u.scale > 0.0) {
            return Err(UnitErrorKind::OutOfRange { text: u.symbol() }.into());
        }
    }
    if from.scale == to.scale {
        return Ok(1.0);
    }
    let f = from.scale / to.scale;
    if f.is_finite() && f > 0.0 {
        Ok(f)
    } else {
        Err(UnitErrorKind::OutOfRange {
            text: format!("{} → {}", from.symbol(), to.symbol()),
        }
        .into())
    }
}

/// Converts `value` from one unit to another of the same dimension ("万吨" → "Gg",
/// "亿千瓦时" → "TJ"). See [`conversion_factor`] for the errors.
pub fn convert(value: f64, from: &Unit, to: &Unit) -> Result<f64, UnitError> {
    Ok(value * conversion_factor(from, to)?)
}

/// Converts a factor value between compound units ("kg CO2/TJ" → "t CO2/TJ",
/// "GJ/10^4 m3" → "TJ/m3"). Both must have matching numerator dimensions and either both or neither
/// a denominator of matching dimension.
pub fn convert_compound(
    value: f64,
    from: &CompoundUnit,
    to: &CompoundUnit,
) -> Result<f64, UnitError> {
    let mismatch = || -> UnitError {
        UnitErrorKind::DimensionMismatch {
            from: from.symbol(),
            to: to.symbol(),
        }
        .into()
    };
    if from.dimension_pair() != to.dimension_pair() {
        return Err(mismatch());
    }
    let num = conversion_factor(&from.numerator, &to.numerator)?;
    let den = match (&from.denominator, &to.denominator) {
        (Some(a), Some(b)) => conversion_factor(a, b)?,
        (None, None) => 1.0,
        _ => return Err(mismatch()),
    };
    Ok(value * (num / den))
}

// ---------------------------------------------------------------------------------------------
// Suggestions
// ---------------------------------------------------------------------------------------------

/// Levenshtein distance over chars; with `fold`, ASCII letters differing only in case count as
/// equal (the spellings are ASCII or CJK, so ASCII folding is enough).
fn levenshtein(a: &[char], b: &[char], fold: bool) -> usize {
    let eq = |x: char, y: char| {
        if fold {
            x.eq_ignore_ascii_case(&y)
        } else {
            x == y
        }
    };
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(!eq(ca, cb));
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Candidate spellings for suggestions: `known_units()` first (most common first, which breaks
/// ties), then every base spelling.
fn suggestion_pool() -> &'static [(&'static str, Vec<char>)] {
    static CELL: OnceLock<Vec<(&'static str, Vec<char>)>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut names: Vec<&'static str> = known_units();
        for d in BASE {
            if !names.contains(&d.name) {
                names.push(d.name);
            }
        }
        names
            .into_iter()
            .map(|n| (n, n.chars().collect()))
            .collect()
    })
}

/// Nearest pool spelling to `s`: (exact distance, spelling), ranked by case-folded distance, then
/// exact distance, then pool order; only within max(2, chars/3).
fn nearest(s: &str) -> Option<(usize, &'static str)> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() || chars.len() > 64 {
        return None;
    }
    let limit = 2.max(chars.len() / 3);
    suggestion_pool()
        .iter()
        .enumerate()
        .filter(|(_, (_, nc))| nc.len().abs_diff(chars.len()) <= limit)
        .map(|(i, (name, nc))| {
            (
                levenshtein(&chars, nc, true),
                levenshtein(&chars, nc, false),
                i,
                *name,
            )
        })
        .filter(|&(_, d, _, name)| d <= limit && name != s)
        .min_by_key(|&(f, d, i, _)| (f, d, i))
        .map(|(_, d, _, name)| (d, name))
}

/// Suggests a spelling for unknown text: the nearest whole spelling, or the multiplier prefix
/// kept and the nearest spelling for the rest ("10^4 tonnnes" → "10^4 tonnes"), whichever is closer.
fn suggest(s: &str) -> Option<String> {
    let whole = nearest(s).map(|(d, n)| (d, n.to_string()));
    let split = split_prefix(s).and_then(|(prefix, rest)| {
        nearest(rest)
            .filter(|(_, n)| !prefix.is_empty() && parses(&format!("{prefix}{n}")))
            .map(|(d, n)| (d, format!("{prefix}{n}")))
    });
    match (whole, split) {
        (Some(w), Some(p)) => Some(if p.0 < w.0 { p.1 } else { w.1 }),
        (w, p) => w.or(p).map(|x| x.1),
    }
}

/// Whether `s` parses as a unit (without building an error or a suggestion, so no recursion).
fn parses(s: &str) -> bool {
    let norm = normalize(s);
    !norm.is_empty()
        && parse_normalized(&norm)
            .ok()
            .and_then(|(a, e)| build(a, e))
            .is_some()
}

/// Splits a leading multiplier (numeric, word, yearbook or Chinese) from the rest, for
/// suggestions.
fn split_prefix(s: &str) -> Option<(&str, &str)> {
    let rest = match numeric_multiplier(s) {
        Ok(Some((_, rest))) => Some(rest),
        Ok(None) => word_multiplier(s)
            .or_else(|| yearbook_multiplier(s))
            .map(|x| x.1),
        Err(_) => None,
    };
    let rest = rest.or_else(|| {
        CN_MULTIPLIERS
            .iter()
            .find_map(|(m, _)| s.strip_prefix(m).map(str::trim_start))
    })?;
    if rest.is_empty() {
        return None;
    }
    Some((&s[..s.len() - rest.len()], rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel_eq(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
    }

    #[track_caller]
    fn check(text: &str, dim: Dimension, scale: f64, substance: Option<&str>) {
        let u = parse_unit(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(u.dimension, dim, "{text:?}");
        assert!(
            rel_eq(u.scale, scale),
            "{text:?}: scale {} != {scale}",
            u.scale
        );
        assert_eq!(u.substance.as_deref(), substance, "{text:?}");
    }

    #[track_caller]
    fn unknown(text: &str) -> Option<String> {
        match parse_unit(text) {
            Err(UnitError {
                kind: UnitErrorKind::Unknown { suggestion, .. },
            }) => suggestion,
            other => panic!("{text:?}: expected Unknown, got {other:?}"),
        }
    }

    const KWH: f64 = 3.6e-6;
    const TCE: f64 = 2.93076e-2;

    #[test]
    fn mass_spellings() {
        let table: &[(&str, f64)] = &[
            ("g", 1e-6),
            ("kg", 1e-3),
            ("t", 1.0),
            ("tonne", 1.0),
            ("tonnes", 1.0),
            ("ton", 1.0),
            ("tons", 1.0),
            ("tn", 1.0),
            ("kt", 1e3),
            ("Gg", 1e3),
            ("Mt", 1e6),
            ("Tg", 1e6),
            ("Gt", 1e9),
            ("克", 1e-6),
            ("千克", 1e-3),
            ("公斤", 1e-3),
            ("吨", 1.0),
            ("千吨", 1e3),
            ("万吨", 1e4),
            ("亿吨", 1e8),
            ("十万吨", 1e5),
            ("百万吨", 1e6),
            ("千万吨", 1e7),
            ("万t", 1e4),
            ("万 t", 1e4),
            ("10^4 t", 1e4),
            ("1e4 t", 1e4),
            ("1E4t", 1e4),
            ("10**4 t", 1e4),
            ("10⁴ t", 1e4),
            ("10⁻³ t", 1e-3),
            ("×10^4 t", 1e4),
            ("x10^4 t", 1e4),
            ("× 10^4 t", 1e4),
            ("10^-3 t", 1e-3),
            ("10^+3 t", 1e3),
            ("104 tn", 1e4),
            ("10000 tons", 1e4),
            ("10 000 tons", 1e4),
            ("10,000 tons", 1e4),
            ("100 million tons", 1e8),
            ("thousand tonnes", 1e3),
            ("Mg", 1.0),
            ("metric tons", 1.0),
        ];
        for &(text, scale) in table {
            check(text, Mass, scale, None);
        }
    }

    #[test]
    fn energy_spellings() {
        let table: &[(&str, f64)] = &[
            ("J", 1e-12),
            ("kJ", 1e-9),
            ("MJ", 1e-6),
            ("GJ", 1e-3),
            ("TJ", 1.0),
            ("PJ", 1e3),
            ("EJ", 1e6),
            ("Wh", 3.6e-9),
            ("kWh", KWH),
            ("MWh", 3.6e-3),
            ("GWh", 3.6),
            ("TWh", 3.6e3),
            ("千焦", 1e-9),
            ("兆焦", 1e-6),
            ("吉焦", 1e-3),
            ("太焦", 1.0),
            ("千瓦时", KWH),
            ("度", KWH),
            ("万千瓦时", 1e4 * KWH),
            ("亿千瓦时", 360.0),
            ("百亿千焦", 10.0),
            ("kcal", 4.1868e-9),
            ("Mcal", 4.1868e-6),
            ("kgce", KGCE_KJ * 1e-9),
            ("tce", TCE),
            ("t ce", TCE),
            ("吨标准煤", TCE),
            ("吨标煤", TCE),
            ("标准煤", TCE),
            ("万吨标准煤", 1e4 * TCE),
            ("万吨标煤", 1e4 * TCE),
            ("10^4 tce", 1e4 * TCE),
            ("万 tce", 1e4 * TCE),
            ("万tce", 1e4 * TCE),
            ("千克标准煤", KGCE_KJ * 1e-9),
            ("kW•h", KWH),
            ("kW·h", KWH),
            ("108 kW•h", 360.0),
            ("1010 kJ", 10.0),
            ("100 million kWh", 360.0),
            ("gce", 2.93076e-8),
            ("toe", 4.1868e-2),
        ];
        for &(text, scale) in table {
            check(text, Energy, scale, None);
        }
    }

    #[test]
    fn volume_money_count_area_dimensionless_spellings() {
        let table: &[(&str, Dimension, f64)] = &[
            ("L", Volume, 1e-3),
            ("m3", Volume, 1.0),
            ("m³", Volume, 1.0),
            ("Nm3", Volume, 1.0),
            ("Nm³", Volume, 1.0),
            ("cu.m", Volume, 1.0),
            ("cu m", Volume, 1.0),
            ("立方米", Volume, 1.0),
            ("万立方米", Volume, 1e4),
            ("亿立方米", Volume, 1e8),
            ("10^8 m3", Volume, 1e8),
            ("108 cu.m", Volume, 1e8),
            ("亿m3", Volume, 1e8),
            ("CNY", Money, 1.0),
            ("RMB", Money, 1.0),
            ("yuan", Money, 1.0),
            ("元", Money, 1.0),
            ("万元", Money, 1e4),
            ("亿元", Money, 1e8),
            ("1e8 CNY", Money, 1e8),
            ("10^8 yuan", Money, 1e8),
            ("100 million yuan", Money, 1e8),
            ("head", Count, 1.0),
            ("heads", Count, 1.0),
            ("头", Count, 1.0),
            ("只", Count, 1.0),
            ("万头", Count, 1e4),
            ("万只", Count, 1e4),
            ("10^4 head", Count, 1e4),
            ("ha", Area, 1.0),
            ("hectare", Area, 1.0),
            ("km2", Area, 100.0),
            ("km²", Area, 100.0),
            ("m2", Area, 1e-4),
            ("公顷", Area, 1.0),
            ("万公顷", Area, 1e4),
            ("千公顷", Area, 1e3),
            ("亩", Area, 1.0 / 15.0),
            ("万亩", Area, 1e4 / 15.0),
            ("1", Dimensionless, 1.0),
            ("fraction", Dimensionless, 1.0),
            ("%", Dimensionless, 0.01),
            ("percent", Dimensionless, 0.01),
        ];
        for &(text, dim, scale) in table {
            check(text, dim, scale, None);
        }
    }

    #[test]
    fn chinese_multipliers() {
        let table: &[(&str, f64)] = &[
            ("十吨", 1e1),
            ("百吨", 1e2),
            ("千吨", 1e3),
            ("万吨", 1e4),
            ("十万吨", 1e5),
            ("百万吨", 1e6),
            ("千万吨", 1e7),
            ("亿吨", 1e8),
            ("十亿吨", 1e9),
            ("百亿吨", 1e10),
            ("千亿吨", 1e11),
            ("万亿吨", 1e12),
        ];
        for &(text, scale) in table {
            check(text, Mass, scale, None);
        }
        check("万亿元", Money, 1e12, None);
    }

    #[test]
    fn exact_scales() {
        assert_eq!(parse_unit("万吨").unwrap().scale, 1e4);
        assert_eq!(parse_unit("Gg").unwrap().scale, 1e3);
        assert_eq!(parse_unit("亿千瓦时").unwrap().scale, 360.0);
        assert_eq!(parse_unit("(108 kW•h)").unwrap().scale, 360.0);
        assert_eq!(parse_unit("百亿千焦").unwrap().scale, 10.0);
        assert_eq!(parse_unit("(1010 kJ)").unwrap().scale, 10.0);
        assert_eq!(parse_unit("kWh").unwrap().scale, 3.6e-6);
        assert_eq!(parse_unit("万吨标准煤").unwrap().scale, 293.076);
        assert_eq!(parse_unit("tce").unwrap().scale, 0.0293076);
        assert_eq!(parse_unit("%").unwrap().scale, 0.01);
        assert_eq!(parse_unit("万元").unwrap().scale, 1e4);
    }

    #[test]
    fn kgce_constant() {
        assert!(rel_eq(KGCE_KJ, 7000.0 * KCAL_KJ));
        let kgce = parse_unit("kgce").unwrap();
        let kj = parse_unit("kJ").unwrap();
        assert!(rel_eq(convert(1.0, &kgce, &kj).unwrap(), KGCE_KJ));
        let tce = parse_unit("tce").unwrap();
        let gj = parse_unit("GJ").unwrap();
        assert!(rel_eq(convert(1.0, &tce, &gj).unwrap(), 29.3076));
        let kcal = parse_unit("kcal").unwrap();
        assert!(rel_eq(convert(7000.0, &kcal, &kgce).unwrap(), 1.0));
    }

    #[test]
    fn yearbook_headers() {
        let table: &[(&str, Dimension, f64)] = &[
            ("(104 tn)", Mass, 1e4),
            ("(108 cu.m)", Volume, 1e8),
            ("(1010 kJ)", Energy, 10.0),
            ("(108 kW•h)", Energy, 360.0),
            ("(104 tce)", Energy, 1e4 * TCE),
            ("(万吨)", Mass, 1e4),
            ("(亿立方米)", Volume, 1e8),
            ("(百亿千焦)", Energy, 10.0),
            ("(亿千瓦时)", Energy, 360.0),
            ("(万吨标煤)", Energy, 1e4 * TCE),
            ("（万吨）", Mass, 1e4),
            ("（万吨标准煤)", Energy, 1e4 * TCE),
            ("  ( 万吨 )  ", Mass, 1e4),
            ("((万吨))", Mass, 1e4),
            ("[TJ]", Energy, 1.0),
            ("(10 000 tons)", Mass, 1e4),
            ("(100 million yuan)", Money, 1e8),
            ("(104 head)", Count, 1e4),
            ("(103 ha)", Area, 1e3),
        ];
        for &(text, dim, scale) in table {
            check(text, dim, scale, None);
        }
    }

    #[test]
    fn plain_numbers_are_errors() {
        for text in [
            "5 t", "100 t", "1000 t", "1 t", "10 t", "2e4 t", "1004 t", "10 ", "104", "1e4",
            "10^4", "×", "×t",
        ] {
            assert!(parse_unit(text).is_err(), "{text:?} should be an error");
        }
    }

    #[test]
    fn empty_is_empty() {
        for text in ["", "   ", "()", "（ ）", "( )", "[()]", "\u{3000}"] {
            assert_eq!(
                parse_unit(text).unwrap_err().kind,
                UnitErrorKind::Empty,
                "{text:?}"
            );
            assert_eq!(
                parse_compound(text).unwrap_err().kind,
                UnitErrorKind::Empty,
                "{text:?}"
            );
        }
    }

    #[test]
    fn substances() {
        let table: &[(&str, f64, &str)] = &[
            ("t C", 1.0, "C"),
            ("tC", 1.0, "C"),
            ("kg CO2", 1e-3, "CO2"),
            ("kg CO₂", 1e-3, "CO2"),
            ("t CO2e", 1.0, "CO2e"),
            ("t CO2-eq", 1.0, "CO2e"),
            ("t CO2 eq", 1.0, "CO2e"),
            ("tCO2e", 1.0, "CO2e"),
            ("Gg CH4", 1e3, "CH4"),
            ("kg N2O", 1e-3, "N2O"),
            ("kg N2O-N", 1e-3, "N2O-N"),
            ("kg N", 1e-3, "N"),
            ("万吨二氧化碳", 1e4, "CO2"),
            ("万吨二氧化碳当量", 1e4, "CO2e"),
            ("吨碳", 1.0, "C"),
            ("10^4 t CO2", 1e4, "CO2"),
            ("Mt co2", 1e6, "CO2"),
            ("kg dm", 1e-3, "dm"),
        ];
        for &(text, scale, sub) in table {
            check(text, Mass, scale, Some(sub));
        }
        check("m3 CH4", Volume, 1.0, Some("CH4"));
        // standard coal is energy, not a substance
        check("t ce", Energy, TCE, None);
        check("kgce", Energy, KGCE_KJ * 1e-9, None);
        // substances only after mass or volume units
        assert!(parse_unit("TJ CO2").is_err());
        assert!(parse_unit("CO2").is_err());
    }

    #[test]
    fn case_variants() {
        check("tj", Energy, 1.0, None);
        check("TJ", Energy, 1.0, None);
        check("KWH", Energy, KWH, None);
        check("MWH", Energy, 3.6e-3, None);
        check("TCE", Energy, TCE, None);
        check("Yuan", Money, 1.0, None);
        check("HA", Area, 1.0, None);
        check("Tonnes", Mass, 1.0, None);
        check("gg", Mass, 1e3, None);
        assert_eq!(unknown("mt").as_deref(), Some("Mt"));
        assert_eq!(unknown("MT").as_deref(), Some("Mt"));
        assert_eq!(unknown("mwh").as_deref(), Some("MWh"));
        assert_eq!(unknown("mj").as_deref(), Some("MJ"));
        assert_eq!(unknown("pj").as_deref(), Some("PJ"));
        assert_eq!(unknown("M3").as_deref(), Some("m3"));
        assert_eq!(unknown("mcal").as_deref(), Some("Mcal"));
        // mg (milligram) and Mg (megagram) both exist: exact only
        check("mg", Mass, 1e-9, None);
        check("Mg", Mass, 1.0, None);
        assert!(parse_unit("MG").is_err());
        // single letters are never case-folded
        assert_eq!(unknown("T").as_deref(), Some("t"));
        assert!(parse_unit("TC").is_err());
        check("tC", Mass, 1.0, Some("C"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(unknown("万砘").as_deref(), Some("万吨"));
        assert_eq!(unknown("tonnnes").as_deref(), Some("tonnes"));
        assert_eq!(unknown("亿立方").as_deref(), Some("亿立方米"));
        assert_eq!(unknown("万吨标准").as_deref(), Some("万吨标准煤"));
        assert_eq!(unknown("hectars").as_deref(), Some("hectare"));
        assert_eq!(unknown("10^4 tonnnes").as_deref(), Some("10^4 tonnes"));
        assert_eq!(unknown("xyzzy-frobnicator"), None);
        let e = parse_unit("万砘").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown unit \"万砘\" (did you mean \"万吨\"?)"
        );
        let e = parse_unit("(xyzzy-frobnicator)").unwrap_err();
        assert_eq!(e.to_string(), "unknown unit \"xyzzy-frobnicator\"");
    }

    #[test]
    fn levenshtein_basics() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(levenshtein(&c("kitten"), &c("sitting"), false), 3);
        assert_eq!(levenshtein(&c(""), &c("abc"), false), 3);
        assert_eq!(levenshtein(&c("万砘"), &c("万吨"), false), 1);
        assert_eq!(levenshtein(&c("mt"), &c("Mt"), false), 1);
        assert_eq!(levenshtein(&c("mt"), &c("Mt"), true), 0);
    }

    #[test]
    fn out_of_range() {
        for text in [
            "10^999 t",
            "1e308 万吨",
            "10^-400 t",
            "1e-320 t",
            "10^99999999999 t",
            "10⁹⁹⁹ t",
        ] {
            match parse_unit(text) {
                Err(UnitError {
                    kind: UnitErrorKind::OutOfRange { .. },
                }) => {}
                other => panic!("{text:?}: {other:?}"),
            }
        }
        check("10^-3 t", Mass, 1e-3, None);
        check("1e300 t", Mass, 1e300, None);
    }

    fn sample_units() -> Vec<Unit> {
        let mut v: Vec<Unit> = known_units()
            .into_iter()
            .map(|t| parse_unit(t).unwrap())
            .collect();
        for t in [
            "10^5 t",
            "kg CO2",
            "t C",
            "万t",
            "10^-3 t",
            "104 tn",
            "Mcal",
            "Nm3",
            "L",
            "1010 kJ",
            "m2",
            "万亩",
            "‰",
            "10^4 t CO2",
            "Mtoe",
        ] {
            v.push(parse_unit(t).unwrap());
        }
        v
    }

    #[test]
    fn round_trips() {
        let units = sample_units();
        let mut pairs = 0;
        for a in &units {
            for b in &units {
                if a.dimension != b.dimension {
                    let e = convert(1.0, a, b).unwrap_err();
                    assert!(matches!(e.kind, UnitErrorKind::DimensionMismatch { .. }));
                    continue;
                }
                if conversion_factor(a, b).is_err() {
                    continue; // substance mismatch
                }
                for x in [1.0, 0.1, 123.456, 7.0e9, 3.3e-7] {
                    let y = convert(x, a, b).unwrap();
                    let back = convert(y, b, a).unwrap();
                    assert!(rel_eq(back, x), "{x} {a} -> {b} -> {back}");
                }
                pairs += 1;
            }
        }
        assert!(pairs > 500, "{pairs}");
    }

    #[test]
    fn conversions() {
        let u = |t: &str| parse_unit(t).unwrap();
        assert!(rel_eq(
            convert(1.0, &u("亿千瓦时"), &u("TJ")).unwrap(),
            360.0
        ));
        assert!(rel_eq(
            convert(1.0, &u("百亿千焦"), &u("TJ")).unwrap(),
            10.0
        ));
        assert!(rel_eq(
            convert(1.0, &u("万吨标准煤"), &u("TJ")).unwrap(),
            293.076
        ));
        assert!(rel_eq(convert(2.5, &u("万吨"), &u("Gg")).unwrap(), 25.0));
        assert!(rel_eq(convert(15.0, &u("亩"), &u("ha")).unwrap(), 1.0));
        assert!(rel_eq(
            convert(12.0, &u("%"), &u("fraction")).unwrap(),
            0.12
        ));
        assert!(rel_eq(
            convert(1.0, &u("亿立方米"), &u("万立方米")).unwrap(),
            1e4
        ));
        assert!(rel_eq(u("Mt").to_canonical(2.0), 2e6));
        assert!(rel_eq(u("Mt").from_canonical(2e6), 2.0));
        // substances: none on one side converts; different substances do not
        assert!(rel_eq(convert(1.0, &u("kg CO2"), &u("t")).unwrap(), 1e-3));
        let e = convert(1.0, &u("t C"), &u("t CO2")).unwrap_err();
        assert!(
            matches!(e.kind, UnitErrorKind::SubstanceMismatch { .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains("\"t C\"") && e.to_string().contains("\"t CO2\""));
    }

    #[test]
    fn dimension_mismatch_names_both() {
        let e = convert(
            1.0,
            &parse_unit("万吨").unwrap(),
            &parse_unit("TJ").unwrap(),
        )
        .unwrap_err();
        assert_eq!(
            e.kind,
            UnitErrorKind::DimensionMismatch {
                from: "万吨".into(),
                to: "TJ".into()
            }
        );
        let msg = e.to_string();
        assert!(
            msg.contains("\"万吨\" (mass)") && msg.contains("\"TJ\" (energy)"),
            "{msg}"
        );
        let bad = Unit {
            dimension: Mass,
            scale: 0.0,
            substance: None,
        };
        assert!(convert(1.0, &bad, &Unit::canonical(Mass)).is_err());
    }

    #[test]
    fn compounds() {
        let table: &[(&str, Dimension, Option<Dimension>, f64)] = &[
            ("TJ/Gg", Energy, Some(Mass), 1e-3),
            ("kJ/kg", Energy, Some(Mass), 1e-6),
            ("kJ/m3", Energy, Some(Volume), 1e-9),
            ("GJ/10^4 m3", Energy, Some(Volume), 1e-7),
            ("GJ/10^4 Nm3", Energy, Some(Volume), 1e-7),
            ("kg/TJ", Mass, Some(Energy), 1e-3),
            ("kg CO2/TJ", Mass, Some(Energy), 1e-3),
            ("t C/TJ", Mass, Some(Energy), 1.0),
            ("kg CO2/kWh", Mass, Some(Energy), 1e-3 / KWH),
            ("t CO2/MWh", Mass, Some(Energy), 1.0 / 3.6e-3),
            ("t CO2/t", Mass, Some(Mass), 1.0),
            ("kgce/kg", Energy, Some(Mass), KGCE_KJ * 1e-9 / 1e-3),
            ("fraction", Dimensionless, None, 1.0),
            ("(kg CO2/TJ)", Mass, Some(Energy), 1e-3),
            ("kg CO2 / TJ", Mass, Some(Energy), 1e-3),
            ("千克/万立方米", Mass, Some(Volume), 1e-7),
            ("tce/万元", Energy, Some(Money), TCE / 1e4),
            ("gce/kWh", Energy, Some(Energy), 2.93076e-8 / KWH),
            ("t/ha", Mass, Some(Area), 1.0),
            ("t ha-1", Mass, Some(Area), 1.0),
            ("kg TJ^-1", Mass, Some(Energy), 1e-3),
            ("kg N2O-N (kg N)-1", Mass, Some(Mass), 1.0),
            ("kg per head", Mass, Some(Count), 1e-3),
            ("t", Mass, None, 1.0),
        ];
        for &(text, n, d, scale) in table {
            let c = parse_compound(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(c.dimension_pair(), (n, d), "{text:?}");
            assert!(
                rel_eq(c.scale(), scale),
                "{text:?}: {} != {scale}",
                c.scale()
            );
            let back = parse_compound(&c.symbol()).unwrap();
            assert_eq!(back.dimension_pair(), (n, d), "{text:?}");
            assert!(rel_eq(back.scale(), scale), "{text:?} via {}", c.symbol());
        }
        let c = parse_compound("kg CO2/TJ").unwrap();
        assert_eq!(c.numerator.substance.as_deref(), Some("CO2"));
        for bad in ["t/ha/yr", "TJ/", "/TJ", "kg/furlong", "kg/", "5 t/TJ"] {
            assert!(parse_compound(bad).is_err(), "{bad:?}");
        }
        let e = parse_compound("kg/furlong").unwrap_err();
        assert!(
            matches!(e.kind, UnitErrorKind::Unknown { ref text, .. } if text == "furlong"),
            "{e:?}"
        );
    }

    #[test]
    fn compound_conversion() {
        let c = |t: &str| parse_compound(t).unwrap();
        assert!(rel_eq(
            convert_compound(74_100.0, &c("kg CO2/TJ"), &c("t CO2/TJ")).unwrap(),
            74.1
        ));
        assert!(rel_eq(
            convert_compound(38.931, &c("GJ/10^4 m3"), &c("MJ/m3")).unwrap(),
            3.8931
        ));
        assert!(rel_eq(
            convert_compound(1.0, &c("kg CO2/kWh"), &c("t CO2/MWh")).unwrap(),
            1.0
        ));
        assert!(convert_compound(1.0, &c("kg/TJ"), &c("kg/t")).is_err());
        assert!(convert_compound(1.0, &c("kg/TJ"), &c("kg")).is_err());
    }

    #[test]
    fn symbols_round_trip() {
        for u in sample_units() {
            let s = u.symbol();
            let back = parse_unit(&s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
            assert_eq!(back.dimension, u.dimension, "{s}");
            assert!(rel_eq(back.scale, u.scale), "{s}");
            assert_eq!(back.substance, u.substance, "{s}");
        }
        let sym = |t: &str| parse_unit(t).unwrap().symbol();
        assert_eq!(sym("Gg"), "kt");
        assert_eq!(sym("(104 tn)"), "万吨");
        assert_eq!(sym("十万吨"), "10^5 t");
        assert_eq!(sym("(108 kW•h)"), "亿千瓦时");
        assert_eq!(sym("吨标煤"), "tce");
        assert_eq!(sym("10^4 t CO2e"), "10^4 t CO2e");
        assert_eq!(sym("m³"), "m3");
        assert_eq!(sym("度"), "kWh");
        assert_eq!(Unit::canonical(Volume).to_string(), "m3");
        for d in Dimension::ALL {
            assert_eq!(Unit::canonical(d).symbol(), d.canonical_symbol());
            assert_eq!(
                parse_unit(d.canonical_symbol()).unwrap(),
                Unit::canonical(d)
            );
        }
        let odd = Unit {
            dimension: Mass,
            scale: 2.5,
            substance: None,
        };
        assert_eq!(odd.symbol(), "2.5 t");
    }

    #[test]
    fn dimension_display() {
        let names: Vec<String> = Dimension::ALL.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            [
                "mass",
                "energy",
                "volume",
                "money",
                "count",
                "area",
                "dimensionless"
            ]
        );
    }

    #[test]
    fn known_units_parse() {
        let known = known_units();
        for must in [
            "t",
            "kt",
            "Gg",
            "Mt",
            "万吨",
            "TJ",
            "GJ",
            "kWh",
            "亿千瓦时",
            "tce",
            "万吨标准煤",
            "百亿千焦",
            "m3",
            "万立方米",
            "亿立方米",
            "CNY",
            "万元",
            "亿元",
            "head",
            "万头",
            "ha",
            "万公顷",
            "亩",
        ] {
            assert!(known.contains(&must), "{must}");
        }
        for k in known {
            parse_unit(k).unwrap_or_else(|e| panic!("{k}: {e}"));
        }
        for d in BASE {
            parse_unit(d.name).unwrap_or_else(|e| panic!("{}: {e}", d.name));
        }
        assert_eq!("万吨".parse::<Unit>().unwrap().scale, 1e4);
        assert_eq!("kg/TJ".parse::<CompoundUnit>().unwrap().scale(), 1e-3);
    }

    /// xorshift64* — deterministic pseudo-random numbers for the fuzz test.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[track_caller]
    fn no_panic(text: &str) {
        match parse_unit(text) {
            Ok(u) => {
                assert!(
                    u.scale.is_finite() && u.scale > 0.0,
                    "{text:?}: {}",
                    u.scale
                );
                let _ = u.symbol();
                let _ = convert(1.0, &u, &Unit::canonical(u.dimension));
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
        if let Ok(c) = parse_compound(text) {
            assert!(
                c.numerator.scale.is_finite() && c.numerator.scale > 0.0,
                "{text:?}"
            );
            if let Some(d) = &c.denominator {
                assert!(d.scale.is_finite() && d.scale > 0.0, "{text:?}");
            }
            let _ = c.symbol();
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let fixed = [
            "10^999 t",
            "1e308 万吨",
            "10^-3 t",
            "10^",
            "10**",
            "10⁻",
            "10⁻⁻3 t",
            "1e",
            "1e-",
            "×10^4",
            "x",
            "10 ",
            "109",
            "109 ",
            "1099 t",
            "10999 t",
            "(",
            ")",
            "((",
            "))",
            "()()",
            "(t)(t)",
            "万",
            "亿亿吨",
            "万万吨",
            "/",
            "//",
            "-1",
            "t-1",
            "(t)-1",
            ")-1",
            "^-1",
            " per ",
            "t per",
            "per t",
            "kW•",
            "•h",
            "W.h",
            "瓦·",
            "₂",
            "CO₂",
            "t CO",
            "\u{0}",
            "\u{feff}t",
            "t\u{200b}",
            "ｔ",
            "１ｔ",
            "10^4\u{3000}吨",
            "𝟏𝟎⁴ t",
            "1e4 1e4 t",
            "10^4 10^4 t",
            "104 104 t",
            "万 10^4 t",
            "kg N2O-N (kg N",
            "kg (kg N)-1",
            "%%",
            "\u{202e}t",
            "é",
            "10^9223372036854775807 t",
            "10^-9223372036854775808 t",
            "1e999999999 t",
        ];
        for t in fixed {
            no_panic(t);
        }
        let fragments = [
            "10^",
            "10**",
            "1e",
            "1E",
            "×",
            "x",
            "10",
            "4",
            "8",
            "999",
            "-",
            "−",
            "+",
            "⁴",
            "⁻",
            "¹",
            "⁰",
            " ",
            "(",
            ")",
            "（",
            "）",
            "[",
            "]",
            "/",
            "万",
            "亿",
            "千",
            "百",
            "十",
            "吨",
            "t",
            "kg",
            "TJ",
            "kWh",
            "千瓦时",
            "标准煤",
            "tce",
            "m3",
            "cu.m",
            "CO2",
            "C",
            "N",
            "-eq",
            "-1",
            "^-1",
            "per",
            "%",
            "亩",
            "元",
            "•",
            "·",
            ".",
            "h",
            "W",
            "\u{0}",
            "é",
            "ｔ",
            "₂",
            "million",
            "10 000",
            "308",
            "1010 ",
            "104 ",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..400 {
            let n = rng.below(6) + 1;
            let s: String = (0..n)
                .map(|_| fragments[rng.below(fragments.len())])
                .collect();
            no_panic(&s);
        }
        for _ in 0..400 {
            let n = rng.below(24);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            no_panic(&String::from_utf8_lossy(&bytes));
        }
        // long input: suggestion search is skipped, parse still returns
        no_panic(&"万".repeat(10_000));
        no_panic(&"(".repeat(5_000));
    }
}
