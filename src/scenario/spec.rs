//! Scenario files (TOML) → checked [`Scenario`]s, every problem reported at once with `file:line`.
//!
//! A file is read in two steps. First its text is parsed into a raw form that keeps, for every value, the
//! place it was written (through the spans of `toml::de::DeTable`); unknown keys, wrong types, malformed
//! periods and impossible distribution parameters are reported here. Then inheritance is resolved (a child
//! names its parent with `inherits = "NAME"` and states only what differs; values keep the location of the
//! file that gave them) and the merged scenario is checked against its horizon: years outside
//! `base_year..=end_year`, periods that overlap or leave gaps, missing values.
//!
//! # Tables
//!
//! `[scenario]` (name, region, base_year, end_year, inherits); `[model] type = "kaya"` (default) or
//! `"sectoral"` ([`super::sectoral`]: `[sectors.*]`, `[power]`, `[factors]`); Kaya: `[base]` (gdp, co2) and
//! `[growth]` (gdp, carbon_intensity); `[history]` (`carbon_intensity` or `carbon_intensity_ratio`, by year
//! before the base year); `[targets]` (`intensity_annual_drop`, `peak_by`, `intensity`,
//! `intensity_vs_reference`); `[goal]` ([`super::goal`]); `[monte_carlo]` (`variables`: the variables
//! summarised, see [`Scenario::variables`]).
//!
//! # Inheritance
//!
//! `inherits = "NAME"` names a scenario among the files given and the library folder (`scenarios/`); files
//! given win over a same-named library file. The child's values replace the parent's key by key: in
//! `[scenario]` each key (name and `inherits` are never inherited), in `[base]` each quantity, in `[growth]`
//! each driver *whole* (a child that gives `gdp` replaces all of the parent's GDP path), in `[targets]` each
//! key (the `intensity` lists whole), `[history]` whole, `[goal]` whole, `[monte_carlo] variables` whole, and the sectoral tables key by key (a
//! sector's `fuels` and `power.mix` whole). Chains are followed to the root; a cycle is an error at the `inherits`
//! line that closes it.
//!
//! # Rate forms (in `[growth]`)
//!
//! A rate of change `r` applies to a year `t` in `base_year + 1 ..= end_year`: `X_t = X_{t-1} × (1 + r_t)`.
//!
//! | form | meaning |
//! |---|---|
//! | `0.05` | the same rate every year |
//! | `{ "2021-2025" = 0.065, "2026-2035" = 0.05 }` | rates by period; the periods must cover `base_year + 1 ..= end_year` without gap or overlap; a single year is written `"2030"`; a period's value may be a distribution |
//! | `{ points = { 2020 = 0.07, 2030 = 0.04 } }` | the rate interpolated linearly between year–value points, constant before the first and after the last |
//! | `{ steps = { 2021 = 0.07, 2026 = 0.05 } }` | the rate set at each year and kept until the next step; the first step must be `base_year + 1` |
//! | `{ normal = { mean = -0.045, sd = 0.01 } }` | an uncertain rate, the same for every year |
//!
//! Distributions: `normal = { mean, sd }` (of the rate), `lognormal = { mu, sigma }` (the growth *factor*
//! `1 + r` is lognormal: `ln(1 + r) ~ N(mu, sigma)`), `triangular = { min, mode, max }`,
//! `uniform = { min, max }` (of the rate). Beside it, `per = "draw"` (default: drawn once per Monte Carlo
//! draw and used for every year it covers) or `per = "year"` (drawn afresh each year). Distributions of
//! different periods or drivers are drawn independently of each other.

use crate::error::{Diagnostic, Diagnostics, Error, Location, Result, nearest};
use crate::units::{Dimension, parse_unit};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A checked scenario: horizon, model (with its base-year values), driver paths and targets.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// `[scenario] name`.
    pub name: String,
    /// The file that defined it.
    pub file: String,
    /// The region (province), e.g. "Hubei".
    pub region: String,
    /// First year (values given directly).
    pub base_year: i32,
    /// Last year of the horizon (inclusive).
    pub end_year: i32,
    /// The parent scenario, if any.
    pub inherits: Option<String>,
    /// The model and its base-year values; its drivers are indices into [`Scenario::drivers`].
    pub model: Model,
    /// Every driver (annual rate of change) of the model, in the order their random numbers are drawn.
    pub drivers: Vec<Driver>,
    /// Historical carbon intensity before the base year (`[history]`), for targets against a reference year.
    pub history: BTreeMap<i32, HistoryIntensity>,
    /// Targets to evaluate.
    pub targets: Targets,
    /// Goal seeking (`[goal]`), if asked.
    pub goal: Option<Goal>,
    /// `[monte_carlo] variables`: the keys of the variables whose mean and percentiles are summarised
    /// (checked against the model's variables, kept in the model's order); `None`: every variable. The
    /// target counts and the peak level come from every draw's CO2 and intensity whatever is summarised.
    /// `ghgkit scenario --variables` replaces it ([`super::engine::select_variables`]).
    pub variables: Option<Vec<String>>,
}

/// The model of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Model {
    /// The Kaya identity at province level: `CO2 = GDP × CO2/GDP`; drivers 0 (`gdp`) and 1
    /// (`carbon_intensity`).
    Kaya {
        /// GDP of the base year, 1e8 CNY (亿元, at the prices the file states).
        base_gdp: f64,
        /// CO2 of the base year, Mt.
        base_co2: f64,
    },
    /// Sectors with activity, energy intensity and fuel mix; a power mix; process emissions.
    Sectoral(Box<super::sectoral::Sectoral>),
}

/// Carbon intensity of a year before the base year.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HistoryIntensity {
    /// t CO2 per 10⁴ CNY, at the base year's constant prices (`[history] carbon_intensity`).
    Value(f64),
    /// The ratio to the base year's intensity (`[history] carbon_intensity_ratio`).
    Ratio(f64),
}

/// Goal seeking: the shift of a lever's annual rates that meets a target with a given probability.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    /// The lever as written (a driver name, or a pattern with `*` for one name segment).
    pub lever: String,
    /// Indices of the drivers it shifts.
    pub drivers: Vec<usize>,
    /// The target: `peak_by`, `intensity_annual_drop`, `intensity_period`, `intensity_vs_reference`
    /// (the first of its kind), or `KIND:N` for the N-th (from 1).
    pub target: GoalTarget,
    /// The probability wanted, in (0, 1).
    pub probability: f64,
    /// The range searched for the shift.
    pub range: (f64, f64),
    /// Where `[goal]` was written.
    pub location: Location,
}

/// The target a goal aims at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoalTarget {
    /// `peak_by`.
    PeakBy,
    /// `intensity_annual_drop`.
    AnnualDrop,
    /// `intensity[k]`.
    Period(usize),
    /// `intensity_vs_reference[k]`.
    VsReference(usize),
}

impl Scenario {
    /// The years `base_year..=end_year`.
    pub fn years(&self) -> impl Iterator<Item = i32> + use<> {
        self.base_year..=self.end_year
    }

    /// Number of years of the horizon, base year included.
    pub fn n_years(&self) -> usize {
        (self.end_year - self.base_year) as usize + 1
    }

    /// The driver named `name`.
    pub fn driver(&self, name: &str) -> Option<&Driver> {
        self.drivers.iter().find(|d| d.name == name)
    }
}

/// The rates of one driver, one per year `base_year + 1 ..= end_year`.
#[derive(Clone, Debug, PartialEq)]
pub struct Driver {
    /// Its name: `gdp`, `carbon_intensity`, `sectors.industry.activity_growth`, `power.mix_growth.solar` …
    pub name: String,
    /// Added to every year's rate after drawing (goal seeking; 0 otherwise).
    pub shift: f64,
    /// `rates[i]` is the rate of year `base_year + 1 + i`.
    pub rates: Vec<Rate>,
    /// The uncertain rates referred to by [`Rate::Drawn`].
    pub uncertain: Vec<Uncertain>,
    /// Where the driver was defined.
    pub location: Location,
}

/// The rate of one year.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rate {
    /// Known.
    Fixed(f64),
    /// Drawn from `Driver::uncertain[i]`.
    Drawn(usize),
}

/// An uncertain rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertain {
    /// Its distribution.
    pub dist: Dist,
    /// Drawn once per draw or each year.
    pub per: Per,
    /// Where it was written.
    pub location: Location,
}

/// A distribution of a rate of change.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dist {
    /// `r ~ N(mean, sd)`.
    Normal {
        /// Mean rate.
        mean: f64,
        /// Standard deviation (≥ 0).
        sd: f64,
    },
    /// `ln(1 + r) ~ N(mu, sigma)`: the growth factor is lognormal.
    LogNormal {
        /// Mean of `ln(1 + r)`.
        mu: f64,
        /// Standard deviation of `ln(1 + r)` (≥ 0).
        sigma: f64,
    },
    /// Triangular rate.
    Triangular {
        /// Lower bound.
        min: f64,
        /// Mode.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// Uniform rate on `[min, max]`.
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
}

/// How often an uncertain rate is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    /// Once per Monte Carlo draw (the default): the same value for every year it covers.
    Draw,
    /// Afresh for every year.
    Year,
}

/// The targets of `[targets]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Targets {
    /// Every year's intensity at least this share below the previous year's.
    pub intensity_annual_drop: Option<f64>,
    /// CO2 peaks by this year (within the horizon).
    pub peak_by: Option<i32>,
    /// Intensity reductions over periods (five-year plans).
    pub intensity: Vec<PeriodTarget>,
    /// Intensity in a year against a reference year, which may lie before the base year (then its intensity
    /// comes from `[history]`): `from` is the reference year, `to` the year of the target.
    pub intensity_vs_reference: Vec<PeriodTarget>,
}

/// `I_to / I_from − 1 ≤ −drop`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PeriodTarget {
    /// Start year.
    pub from: i32,
    /// End year.
    pub to: i32,
    /// The required reduction, e.g. 0.18.
    pub drop: f64,
}

// ---------------------------------------------------------------------------------------------------------
// Raw form

#[derive(Clone, Debug)]
pub(super) struct At<T> {
    pub(super) v: T,
    pub(super) loc: Location,
}

#[derive(Clone, Debug)]
pub(super) enum RawRate {
    Const(f64),
    Dist(Uncertain),
    Periods(Vec<(At<(i64, i64)>, RawValue)>),
    Points(Vec<At<(i64, f64)>>),
    Steps(Vec<At<(i64, f64)>>),
}

#[derive(Clone, Debug)]
pub(super) enum RawValue {
    Fixed(f64),
    Dist(Uncertain),
}

#[derive(Clone, Debug, Default)]
struct Raw {
    file: String,
    name: Option<At<String>>,
    region: Option<At<String>>,
    base_year: Option<At<i64>>,
    end_year: Option<At<i64>>,
    inherits: Option<At<String>>,
    gdp: Option<At<f64>>,
    co2: Option<At<f64>>,
    growth: BTreeMap<&'static str, At<RawRate>>,
    annual_drop: Option<At<f64>>,
    peak_by: Option<At<i64>>,
    intensity: Option<Vec<At<(i64, i64, f64)>>>,
    intensity_vs: Option<Vec<At<(i64, i64, f64)>>>,
    model_type: Option<At<String>>,
    history: BTreeMap<i64, At<HistoryIntensity>>,
    goal: Option<At<RawGoal>>,
    /// `[monte_carlo] variables`, each name with its place.
    variables: Option<Vec<At<String>>>,
    /// `[sectors]`, `[power]`, `[factors]` flattened to dotted keys (see [`super::sectoral`]).
    sect: BTreeMap<String, At<SVal>>,
    /// Where `[base]` and `[growth]` were written (the sectoral model uses neither).
    kaya_tables: Vec<Location>,
}

/// A value of the sectoral tables, before checking.
#[derive(Clone, Debug)]
pub(super) enum SVal {
    /// A plain number (a share, a ratio, a factor).
    Num(f64),
    /// A quantity (in the unit the sectoral model uses for it) and its dimension.
    Qty(f64, Dimension),
    /// A rate path.
    Rate(RawRate),
}

#[derive(Clone, Debug)]
struct RawGoal {
    lever: At<String>,
    target: At<String>,
    probability: Option<f64>,
    range: Option<(f64, f64)>,
}

pub(super) type Val<'i> = Spanned<DeValue<'i>>;

const TOP: &[&str] = &[
    "scenario",
    "model",
    "base",
    "growth",
    "history",
    "targets",
    "goal",
    "sectors",
    "power",
    "factors",
    "monte_carlo",
];
const MONTE_CARLO: &[&str] = &["variables"];
const SCENARIO: &[&str] = &["name", "region", "base_year", "end_year", "inherits"];
const BASE: &[&str] = &["gdp", "co2"];
const GROWTH: &[&str] = &["gdp", "carbon_intensity"];
const TARGETS: &[&str] = &[
    "intensity_annual_drop",
    "peak_by",
    "intensity",
    "intensity_vs_reference",
];
const GOAL: &[&str] = &["lever", "target", "probability", "range"];
const HISTORY: &[&str] = &["carbon_intensity", "carbon_intensity_ratio"];
const RATE_KEYS: &[&str] = &[
    "points",
    "steps",
    "normal",
    "lognormal",
    "triangular",
    "uniform",
    "per",
];
const DISTS: &[&str] = &["normal", "lognormal", "triangular", "uniform"];

pub(super) struct P<'a> {
    text: &'a str,
    file: &'a str,
    pub(super) d: &'a mut Diagnostics,
}

impl P<'_> {
    pub(super) fn loc(&self, span: std::ops::Range<usize>) -> Location {
        let mut o = span.start.min(self.text.len());
        while o < self.text.len() && self.text.as_bytes()[o].is_ascii_whitespace() {
            o += 1;
        }
        Location::line(self.file, self.text[..o].matches('\n').count() as u64 + 1)
    }

    pub(super) fn err(&mut self, span: std::ops::Range<usize>, msg: impl Into<String>) {
        let l = self.loc(span);
        self.d.error(Some(l), msg);
    }

    /// Reports keys of `t` not in `allowed`, with the nearest valid key.
    pub(super) fn keys(&mut self, t: &DeTable<'_>, allowed: &[&str], ctx: &str) {
        for k in t.keys() {
            if !allowed.contains(&k.get_ref().as_ref()) {
                let l = self.loc(k.span());
                let valid = allowed.join(", ");
                self.d.push(
                    Diagnostic::error(
                        Some(l),
                        format!("unknown key \"{}\" in {ctx} (valid: {valid})", k.get_ref()),
                    )
                    .suggest(nearest(k.get_ref(), allowed.iter().copied())),
                );
            }
        }
    }

    pub(super) fn table<'t, 'i>(&mut self, v: &'t Val<'i>, what: &str) -> Option<&'t DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.err(
                    v.span(),
                    format!("{what} must be a table, not a {}", other.type_str()),
                );
                None
            }
        }
    }

    pub(super) fn num(&mut self, v: &Val<'_>, what: &str) -> Option<f64> {
        let x = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|x| x as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            other => {
                self.err(
                    v.span(),
                    format!("{what} must be a number, not a {}", other.type_str()),
                );
                return None;
            }
        };
        match x {
            Some(x) if x.is_finite() => Some(x),
            _ => {
                self.err(v.span(), format!("{what} must be a finite number"));
                None
            }
        }
    }

    pub(super) fn int(&mut self, v: &Val<'_>, what: &str) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            other => {
                self.err(
                    v.span(),
                    format!("{what} must be a whole number, not a {}", other.type_str()),
                );
                None
            }
        }
    }

    pub(super) fn string(&mut self, v: &Val<'_>, what: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.err(
                    v.span(),
                    format!("{what} must be text, not a {}", other.type_str()),
                );
                None
            }
        }
    }

    pub(super) fn at<T>(&self, v: &Val<'_>, x: Option<T>) -> Option<At<T>> {
        x.map(|v2| At {
            v: v2,
            loc: self.loc(v.span()),
        })
    }

    /// `{ value = 43443, unit = "1e8 CNY" }` → (value in the canonical unit of its dimension, dimension,
    /// unit as written).
    pub(super) fn quantity_any(
        &mut self,
        v: &Val<'_>,
        what: &str,
        example: &str,
    ) -> Option<(f64, Dimension, String)> {
        let t = self.table(v, what)?;
        self.keys(t, &["value", "unit"], what);
        let value = match t.get("value") {
            Some(x) => self.num(x, &format!("{what}.value")),
            None => {
                self.err(v.span(), format!("{what} needs a value"));
                None
            }
        };
        let unit = match t.get("unit") {
            Some(u) => self
                .string(u, &format!("{what}.unit"))
                .map(|s| (s, u.span())),
            None => {
                self.err(
                    v.span(),
                    format!("{what} needs a unit (e.g. \"{example}\")"),
                );
                None
            }
        };
        let (unit, span) = unit?;
        let parsed = match parse_unit(&unit) {
            Ok(p) => p,
            Err(e) => {
                self.err(span, format!("{what}.unit: {e}"));
                return None;
            }
        };
        if parsed.dimension == Dimension::Mass
            && parsed
                .substance
                .as_deref()
                .is_some_and(|s| !s.eq_ignore_ascii_case("CO2"))
        {
            self.err(
                span,
                format!("{what}.unit \"{unit}\": write a plain mass (e.g. \"Mt\", \"万吨\")"),
            );
            return None;
        }
        value.map(|x| (x * parsed.scale, parsed.dimension, unit))
    }

    /// A quantity of dimension `dim`, converted to `out.0` canonical units (e.g. 1e8 for 1e8 CNY); `out.1`
    /// names that unit in messages.
    pub(super) fn quantity(
        &mut self,
        v: &Val<'_>,
        what: &str,
        dim: Dimension,
        out: (f64, &str),
    ) -> Option<f64> {
        let (x, got, unit) = self.quantity_any(v, what, out.1)?;
        if got != dim {
            let span = match v.get_ref() {
                DeValue::Table(t) => t.get("unit").map_or(v.span(), |u| u.span()),
                _ => v.span(),
            };
            self.err(
                span,
                format!(
                    "{what}.unit \"{unit}\" is {got}, expected {dim} (e.g. \"{}\")",
                    out.1
                ),
            );
            return None;
        }
        Some(x / out.0)
    }

    pub(super) fn dist(&mut self, t: &DeTable<'_>, v: &Val<'_>, what: &str) -> Option<Uncertain> {
        let mut allowed: Vec<&str> = DISTS.to_vec();
        allowed.push("per");
        self.keys(t, &allowed, what);
        let kinds: Vec<_> = DISTS.iter().filter(|k| t.contains_key(**k)).collect();
        if kinds.len() != 1 {
            self.err(
                v.span(),
                format!("{what}: give exactly one distribution (normal, lognormal, triangular or uniform)"),
            );
            return None;
        }
        let kind = *kinds[0];
        let per = match t.get("per") {
            None => Some(Per::Draw),
            Some(p) => match self.string(p, &format!("{what}.per")).as_deref() {
                Some("draw") => Some(Per::Draw),
                Some("year") => Some(Per::Year),
                Some(other) => {
                    let l = self.loc(p.span());
                    self.d.push(
                        Diagnostic::error(
                            Some(l),
                            format!("{what}.per is \"{other}\": expected \"draw\" or \"year\""),
                        )
                        .suggest(nearest(other, ["draw", "year"])),
                    );
                    None
                }
                None => None,
            },
        };
        let pv = &t[kind];
        let params: &[&str] = match kind {
            "normal" => &["mean", "sd"],
            "lognormal" => &["mu", "sigma"],
            "triangular" => &["min", "mode", "max"],
            _ => &["min", "max"],
        };
        let inner_what = format!("{what}.{kind}");
        let pt = self.table(pv, &inner_what)?;
        self.keys(pt, params, &inner_what);
        let mut x = Vec::new();
        let mut ok = true;
        for p in params {
            match pt.get(*p) {
                Some(val) => match self.num(val, &format!("{inner_what}.{p}")) {
                    Some(n) => x.push((n, val.span())),
                    None => ok = false,
                },
                None => {
                    self.err(pv.span(), format!("{inner_what} needs {p}"));
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        let dist = match kind {
            "normal" | "lognormal" => {
                if x[1].0 < 0.0 {
                    self.err(
                        x[1].1.clone(),
                        format!(
                            "{inner_what}.{} is {}: a standard deviation cannot be negative",
                            params[1], x[1].0
                        ),
                    );
                    return None;
                }
                if kind == "normal" {
                    Dist::Normal {
                        mean: x[0].0,
                        sd: x[1].0,
                    }
                } else {
                    Dist::LogNormal {
                        mu: x[0].0,
                        sigma: x[1].0,
                    }
                }
            }
            "triangular" => {
                let (a, m, b) = (x[0].0, x[1].0, x[2].0);
                if !(a <= m && m <= b) {
                    self.err(
                        pv.span(),
                        format!("{inner_what}: need min ≤ mode ≤ max (got {a}, {m}, {b})"),
                    );
                    return None;
                }
                Dist::Triangular {
                    min: a,
                    mode: m,
                    max: b,
                }
            }
            _ => {
                let (a, b) = (x[0].0, x[1].0);
                if a > b {
                    self.err(
                        pv.span(),
                        format!("{inner_what}: need min ≤ max (got {a}, {b})"),
                    );
                    return None;
                }
                Dist::Uniform { min: a, max: b }
            }
        };
        if let Dist::Triangular { min, .. } | Dist::Uniform { min, .. } = dist
            && min <= -1.0
        {
            self.err(
                pv.span(),
                format!("{inner_what}: a rate of change must stay above -1 (-100 %); min is {min}"),
            );
            return None;
        }
        Some(Uncertain {
            dist,
            per: per?,
            location: self.loc(v.span()),
        })
    }

    pub(super) fn fixed_rate(&mut self, v: &Val<'_>, what: &str) -> Option<f64> {
        let r = self.num(v, what)?;
        if r <= -1.0 {
            self.err(
                v.span(),
                format!("{what} is {r}: a rate of change must stay above -1 (-100 %)"),
            );
            return None;
        }
        Some(r)
    }

    pub(super) fn rate(&mut self, v: &Val<'_>, what: &str) -> Option<RawRate> {
        let t = match v.get_ref() {
            DeValue::Integer(_) | DeValue::Float(_) => {
                return self.fixed_rate(v, what).map(RawRate::Const);
            }
            DeValue::Table(t) => t,
            other => {
                self.err(
                    v.span(),
                    format!(
                        "{what} must be a rate (a number) or a table of periods, points, steps or a distribution, not a {}",
                        other.type_str()
                    ),
                );
                return None;
            }
        };
        for form in ["points", "steps"] {
            if let Some(pv) = t.get(form) {
                self.keys(t, &[form], what);
                let inner = self.table(pv, &format!("{what}.{form}"))?;
                let mut out = Vec::new();
                for (k, x) in inner {
                    let year = k.get_ref().trim().parse::<i64>().ok();
                    if year.is_none() {
                        self.err(
                            k.span(),
                            format!("{what}.{form}: \"{}\" is not a year", k.get_ref()),
                        );
                    }
                    let r = self.fixed_rate(x, &format!("{what}.{form}.{}", k.get_ref()));
                    if let (Some(y), Some(r)) = (year, r) {
                        out.push(At {
                            v: (y, r),
                            loc: self.loc(k.span()),
                        });
                    }
                }
                if out.is_empty() {
                    self.err(pv.span(), format!("{what}.{form} is empty"));
                    return None;
                }
                out.sort_by_key(|a| a.v.0);
                return Some(if form == "points" {
                    RawRate::Points(out)
                } else {
                    RawRate::Steps(out)
                });
            }
        }
        if DISTS.iter().any(|k| t.contains_key(*k)) || t.contains_key("per") {
            return self.dist(t, v, what).map(RawRate::Dist);
        }
        // Periods.
        let mut out = Vec::new();
        let mut ok = true;
        for (k, x) in t {
            let Some((a, b)) = parse_period(k.get_ref()) else {
                let l = self.loc(k.span());
                self.d.push(
                    Diagnostic::error(
                        Some(l),
                        format!(
                            "unknown key \"{}\" in {what}: expected a period such as \"2021-2025\", or one of {}",
                            k.get_ref(),
                            RATE_KEYS.join(", ")
                        ),
                    )
                    .suggest(nearest(k.get_ref(), RATE_KEYS.iter().copied())),
                );
                ok = false;
                continue;
            };
            let pw = format!("{what}.\"{}\"", k.get_ref());
            if a > b {
                self.err(k.span(), format!("{pw}: the period ends before it starts"));
                ok = false;
                continue;
            }
            let val = match x.get_ref() {
                DeValue::Table(dt) => self.dist(dt, x, &pw).map(RawValue::Dist),
                _ => self.fixed_rate(x, &pw).map(RawValue::Fixed),
            };
            match val {
                Some(val) => out.push((
                    At {
                        v: (a, b),
                        loc: self.loc(k.span()),
                    },
                    val,
                )),
                None => ok = false,
            }
        }
        if out.is_empty() && ok {
            self.err(v.span(), format!("{what} is an empty table"));
            return None;
        }
        ok.then_some(RawRate::Periods(out))
    }
}

/// "2021-2025" → (2021, 2025); "2030" → (2030, 2030). En dash accepted.
fn parse_period(s: &str) -> Option<(i64, i64)> {
    let s = s.trim();
    if let Some((a, b)) = s.split_once(['-', '–']) {
        Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
    } else {
        let y = s.parse().ok()?;
        Some((y, y))
    }
}

/// Parses one file into its raw form; problems go to `d`.
fn parse_raw(text: &str, file: &str, d: &mut Diagnostics) -> Raw {
    let mut raw = Raw {
        file: file.to_string(),
        ..Raw::default()
    };
    let doc = match DeTable::parse(text) {
        Ok(t) => t,
        Err(e) => {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1)
                .unwrap_or(1);
            d.error(
                Some(Location::line(file, line)),
                format!("not valid TOML: {}", e.message()),
            );
            return raw;
        }
    };
    let mut p = P { text, file, d };
    let top = doc.get_ref();
    p.keys(top, TOP, "the file");
    if let Some(v) = top.get("scenario")
        && let Some(t) = p.table(v, "[scenario]")
    {
        p.keys(t, SCENARIO, "[scenario]");
        for (k, x) in t {
            match k.get_ref().as_ref() {
                "name" => raw.name = p.string(x, "name").and_then(|s| p.at(x, Some(s))),
                "region" => raw.region = p.string(x, "region").and_then(|s| p.at(x, Some(s))),
                "inherits" => raw.inherits = p.string(x, "inherits").and_then(|s| p.at(x, Some(s))),
                "base_year" => raw.base_year = p.int(x, "base_year").and_then(|s| p.at(x, Some(s))),
                "end_year" => raw.end_year = p.int(x, "end_year").and_then(|s| p.at(x, Some(s))),
                _ => {}
            }
        }
    } else if top.get("scenario").is_none() {
        p.err(
            0..0,
            "missing [scenario] table (name, region, base_year, end_year)",
        );
    }
    if let Some(v) = top.get("base")
        && let Some(t) = p.table(v, "[base]")
    {
        p.keys(t, BASE, "[base]");
        if let Some(x) = t.get("gdp") {
            let q = p.quantity(x, "base.gdp", Dimension::Money, (1e8, "1e8 CNY"));
            raw.gdp = p.at(x, q);
        }
        if let Some(x) = t.get("co2") {
            let q = p.quantity(x, "base.co2", Dimension::Mass, (1e6, "Mt"));
            raw.co2 = p.at(x, q);
        }
    }
    if let Some(v) = top.get("growth")
        && let Some(t) = p.table(v, "[growth]")
    {
        p.keys(t, GROWTH, "[growth]");
        for key in GROWTH {
            if let Some(x) = t.get(*key) {
                let r = p.rate(x, &format!("growth.{key}"));
                if let Some(r) = p.at(x, r) {
                    raw.growth.insert(key, r);
                }
            }
        }
    }
    if let Some(v) = top.get("targets")
        && let Some(t) = p.table(v, "[targets]")
    {
        p.keys(t, TARGETS, "[targets]");
        if let Some(x) = t.get("intensity_annual_drop") {
            let n = p.num(x, "targets.intensity_annual_drop");
            if let Some(n) = n
                && !(0.0..1.0).contains(&n)
            {
                p.err(
                    x.span(),
                    format!("targets.intensity_annual_drop is {n}: expected a share in [0, 1), e.g. 0.012 for 1.2 %"),
                );
            } else {
                raw.annual_drop = p.at(x, n);
            }
        }
        if let Some(x) = t.get("peak_by") {
            let n = p.int(x, "targets.peak_by");
            raw.peak_by = p.at(x, n);
        }
        if let Some(x) = t.get("intensity") {
            raw.intensity = Some(period_list(
                &mut p,
                x,
                "targets.intensity",
                ["from", "to"],
                "{ from = 2020, to = 2025, drop = 0.18 }",
            ));
        }
        if let Some(x) = t.get("intensity_vs_reference") {
            raw.intensity_vs = Some(period_list(
                &mut p,
                x,
                "targets.intensity_vs_reference",
                ["reference", "year"],
                "{ reference = 2005, year = 2030, drop = 0.65 }",
            ));
        }
    }
    for k in ["base", "growth"] {
        if let Some(v) = top.get(k) {
            let l = p.loc(v.span());
            raw.kaya_tables.push(l);
        }
    }
    if let Some(v) = top.get("model")
        && let Some(t) = p.table(v, "[model]")
    {
        p.keys(t, &["type"], "[model]");
        if let Some(x) = t.get("type") {
            let ty = p.string(x, "model.type");
            if let Some(ty) = &ty
                && !["kaya", "sectoral"].contains(&ty.as_str())
            {
                let l = p.loc(x.span());
                p.d.push(
                    Diagnostic::error(
                        Some(l),
                        format!("model.type is \"{ty}\": expected \"kaya\" or \"sectoral\""),
                    )
                    .suggest(nearest(ty, ["kaya", "sectoral"])),
                );
            } else {
                raw.model_type = p.at(x, ty);
            }
        }
    }
    if let Some(v) = top.get("history")
        && let Some(t) = p.table(v, "[history]")
    {
        p.keys(t, HISTORY, "[history]");
        for key in HISTORY {
            let Some(x) = t.get(*key) else { continue };
            let what = format!("history.{key}");
            let Some(years) = p.table(x, &what) else {
                continue;
            };
            for (k, val) in years {
                let Ok(year) = k.get_ref().trim().parse::<i64>() else {
                    p.err(
                        k.span(),
                        format!("{what}: \"{}\" is not a year", k.get_ref()),
                    );
                    continue;
                };
                let Some(n) = p.num(val, &format!("{what}.{year}")) else {
                    continue;
                };
                if n <= 0.0 {
                    p.err(
                        val.span(),
                        format!("{what}.{year} is {n}: must be positive"),
                    );
                    continue;
                }
                let h = if *key == "carbon_intensity" {
                    HistoryIntensity::Value(n)
                } else {
                    HistoryIntensity::Ratio(n)
                };
                if raw.history.contains_key(&year) {
                    p.err(k.span(), format!("[history]: year {year} given twice"));
                    continue;
                }
                let l = p.loc(k.span());
                raw.history.insert(year, At { v: h, loc: l });
            }
        }
    }
    if let Some(v) = top.get("goal")
        && let Some(t) = p.table(v, "[goal]")
    {
        p.keys(t, GOAL, "[goal]");
        let loc = p.loc(v.span());
        let text = |p: &mut P<'_>, k: &str, example: &str| match t.get(k) {
            Some(x) => {
                let s = p.string(x, &format!("goal.{k}"));
                p.at(x, s)
            }
            None => {
                p.err(
                    v.span(),
                    format!("[goal] needs {k} (e.g. {k} = \"{example}\")"),
                );
                None
            }
        };
        let lever = text(&mut p, "lever", "carbon_intensity");
        let target = text(&mut p, "target", "peak_by");
        let probability = match t.get("probability") {
            Some(x) => {
                match p.num(x, "goal.probability") {
                    Some(q) if q > 0.0 && q < 1.0 => Some(q),
                    Some(q) => {
                        p.err(x.span(), format!("goal.probability is {q}: expected a probability in (0, 1), e.g. 0.9"));
                        None
                    }
                    None => None,
                }
            }
            None => {
                p.err(
                    v.span(),
                    "[goal] needs probability (e.g. probability = 0.9)",
                );
                None
            }
        };
        let range = match t.get("range") {
            None => None,
            Some(x) => match x.get_ref() {
                DeValue::Array(a) if a.len() == 2 => {
                    let lo = p.num(&a[0], "goal.range[0]");
                    let hi = p.num(&a[1], "goal.range[1]");
                    match (lo, hi) {
                        (Some(lo), Some(hi)) if lo < hi && lo > -1.0 => Some((lo, hi)),
                        (Some(lo), Some(hi)) => {
                            p.err(
                                x.span(),
                                format!("goal.range [{lo}, {hi}]: need -1 < low < high"),
                            );
                            None
                        }
                        _ => None,
                    }
                }
                _ => {
                    p.err(x.span(), "goal.range must be [low, high], e.g. [-0.1, 0.1]");
                    None
                }
            },
        };
        if let (Some(lever), Some(target)) = (lever, target) {
            raw.goal = Some(At {
                v: RawGoal {
                    lever,
                    target,
                    probability,
                    range,
                },
                loc,
            });
        }
    }
    if let Some(v) = top.get("monte_carlo")
        && let Some(t) = p.table(v, "[monte_carlo]")
    {
        p.keys(t, MONTE_CARLO, "[monte_carlo]");
        if let Some(x) = t.get("variables") {
            match x.get_ref() {
                DeValue::Array(a) if !a.is_empty() => {
                    let names = a
                        .iter()
                        .filter_map(|n| {
                            let s = p.string(n, "monte_carlo.variables[]");
                            p.at(n, s)
                        })
                        .collect();
                    raw.variables = Some(names);
                }
                _ => p.err(
                    x.span(),
                    "monte_carlo.variables must be a non-empty list of variable keys, e.g. [\"co2\", \"gdp\"]",
                ),
            }
        }
    }
    super::sectoral::parse(&mut p, top, &mut raw.sect);
    raw
}

/// A list of targets such as `[ { from = 2020, to = 2025, drop = 0.18 } ]` with the two year keys `keys`.
fn period_list(
    p: &mut P<'_>,
    x: &Val<'_>,
    what: &str,
    keys: [&str; 2],
    example: &str,
) -> Vec<At<(i64, i64, f64)>> {
    let mut list = Vec::new();
    let DeValue::Array(a) = x.get_ref() else {
        p.err(
            x.span(),
            format!(
                "{what} must be a list such as [ {example} ], not a {}",
                x.get_ref().type_str()
            ),
        );
        return list;
    };
    let item_what = format!("{what}[…]");
    for item in a.iter() {
        let Some(it) = p.table(item, &item_what) else {
            continue;
        };
        p.keys(it, &[keys[0], keys[1], "drop"], &item_what);
        let get = |p: &mut P<'_>, k: &str| match it.get(k) {
            Some(v) => Some(v),
            None => {
                p.err(item.span(), format!("{item_what} needs {k}"));
                None
            }
        };
        let from = get(p, keys[0]).and_then(|v| p.int(v, keys[0]));
        let to = get(p, keys[1]).and_then(|v| p.int(v, keys[1]));
        let drop = get(p, "drop").and_then(|v| p.num(v, "drop"));
        if let (Some(f), Some(t), Some(dr)) = (from, to, drop) {
            if dr >= 1.0 {
                p.err(
                    item.span(),
                    format!("{item_what}.drop is {dr}: a reduction must be below 1 (100 %)"),
                );
            } else {
                list.push(At {
                    v: (f, t, dr),
                    loc: p.loc(item.span()),
                });
            }
        }
    }
    list
}

/// `child` over `parent`: the child's values win; name and inherits are the child's own.
fn merge(child: &Raw, parent: &Raw) -> Raw {
    let mut growth = parent.growth.clone();
    for (k, v) in &child.growth {
        growth.insert(k, v.clone());
    }
    Raw {
        file: child.file.clone(),
        name: child.name.clone(),
        inherits: child.inherits.clone(),
        region: child.region.clone().or_else(|| parent.region.clone()),
        base_year: child.base_year.clone().or_else(|| parent.base_year.clone()),
        end_year: child.end_year.clone().or_else(|| parent.end_year.clone()),
        gdp: child.gdp.clone().or_else(|| parent.gdp.clone()),
        co2: child.co2.clone().or_else(|| parent.co2.clone()),
        growth,
        annual_drop: child
            .annual_drop
            .clone()
            .or_else(|| parent.annual_drop.clone()),
        peak_by: child.peak_by.clone().or_else(|| parent.peak_by.clone()),
        intensity: child.intensity.clone().or_else(|| parent.intensity.clone()),
        intensity_vs: child
            .intensity_vs
            .clone()
            .or_else(|| parent.intensity_vs.clone()),
        model_type: child
            .model_type
            .clone()
            .or_else(|| parent.model_type.clone()),
        history: if child.history.is_empty() {
            parent.history.clone()
        } else {
            child.history.clone()
        },
        goal: child.goal.clone().or_else(|| parent.goal.clone()),
        variables: child.variables.clone().or_else(|| parent.variables.clone()),
        sect: super::sectoral::merge(&child.sect, &parent.sect),
        kaya_tables: [child.kaya_tables.clone(), parent.kaya_tables.clone()].concat(),
    }
}

/// Builds the rates of one driver for the years `base+1..=end`; `what` is its name as written
/// (`growth.gdp`, `sectors.industry.activity_growth` …).
pub(super) fn driver(
    rr: &At<RawRate>,
    what: &str,
    base: i64,
    end: i64,
    d: &mut Diagnostics,
) -> Option<Driver> {
    let n = (end - base) as usize;
    let first = base + 1;
    let outside = |d: &mut Diagnostics, loc: &Location, y: i64, lo: i64| {
        d.error(
            Some(loc.clone()),
            format!("{what}: year {y} is outside the horizon {lo}-{end}"),
        );
    };
    let mut uncertain = Vec::new();
    let rates = match &rr.v {
        RawRate::Const(r) => vec![Rate::Fixed(*r); n],
        RawRate::Dist(u) => {
            uncertain.push(u.clone());
            vec![Rate::Drawn(0); n]
        }
        RawRate::Periods(ps) => {
            let mut ps: Vec<_> = ps.iter().collect();
            ps.sort_by_key(|(p, _)| p.v);
            let mut ok = true;
            let mut rates = vec![None; n];
            for (p, val) in &ps {
                let (a, b) = p.v;
                if a == base {
                    d.error(
                        Some(p.loc.clone()),
                        format!("{what}: period {a}-{b} starts in the base year {base}; rates apply from {first} (write \"{first}-{b}\")"),
                    );
                    ok = false;
                    continue;
                }
                for y in [a, b] {
                    if y < first || y > end {
                        outside(d, &p.loc, y, first);
                        ok = false;
                    }
                }
                if !ok {
                    continue;
                }
                let rate = match val {
                    RawValue::Fixed(r) => Rate::Fixed(*r),
                    RawValue::Dist(u) => {
                        uncertain.push(u.clone());
                        Rate::Drawn(uncertain.len() - 1)
                    }
                };
                for y in a..=b {
                    rates[(y - first) as usize] = Some(rate);
                }
            }
            // Overlaps and gaps, over the sorted periods.
            for w in ps.windows(2) {
                let ((a1, b1), (a2, b2)) = (w[0].0.v, w[1].0.v);
                if a2 <= b1 {
                    d.error(
                        Some(w[1].0.loc.clone()),
                        format!("{what}: period {a2}-{b2} overlaps {a1}-{b1}"),
                    );
                    ok = false;
                } else if a2 > b1 + 1 {
                    d.error(
                        Some(w[1].0.loc.clone()),
                        format!(
                            "{what}: no period covers {}{} (gap between {a1}-{b1} and {a2}-{b2})",
                            b1 + 1,
                            if a2 - 1 > b1 + 1 {
                                format!("-{}", a2 - 1)
                            } else {
                                String::new()
                            }
                        ),
                    );
                    ok = false;
                }
            }
            if !ok {
                return None;
            }
            let first_p = ps.first().map(|p| p.0.v.0).unwrap_or(first);
            let last_p = ps.last().map(|p| p.0.v.1).unwrap_or(end);
            if first_p > first || last_p < end {
                d.error(
                    Some(rr.loc.clone()),
                    format!(
                        "{what}: the periods cover {first_p}-{last_p} but the horizon needs rates for {first}-{end}"
                    ),
                );
                return None;
            }
            rates
                .into_iter()
                .map(|r| r.unwrap_or(Rate::Fixed(0.0)))
                .collect()
        }
        RawRate::Points(pts) | RawRate::Steps(pts) => {
            let is_steps = matches!(rr.v, RawRate::Steps(_));
            let lo = if is_steps { first } else { base };
            let mut ok = true;
            for w in pts.windows(2) {
                if w[0].v.0 == w[1].v.0 {
                    d.error(
                        Some(w[1].loc.clone()),
                        format!("{what}: year {} twice", w[1].v.0),
                    );
                    ok = false;
                }
            }
            for p in pts {
                if p.v.0 < lo || p.v.0 > end {
                    outside(d, &p.loc, p.v.0, lo);
                    ok = false;
                }
            }
            if is_steps && ok && pts[0].v.0 != first {
                d.error(
                    Some(pts[0].loc.clone()),
                    format!(
                        "{what}: the first step is {} but the horizon needs a rate from {first}",
                        pts[0].v.0
                    ),
                );
                ok = false;
            }
            if !ok {
                return None;
            }
            (first..=end)
                .map(|y| {
                    Rate::Fixed(if is_steps {
                        pts.iter()
                            .rev()
                            .find(|p| p.v.0 <= y)
                            .map(|p| p.v.1)
                            .unwrap_or(0.0)
                    } else {
                        interpolate(pts, y)
                    })
                })
                .collect()
        }
    };
    Some(Driver {
        name: what.strip_prefix("growth.").unwrap_or(what).to_string(),
        shift: 0.0,
        rates,
        uncertain,
        location: rr.loc.clone(),
    })
}

/// Linear interpolation between sorted points; constant outside them.
fn interpolate(pts: &[At<(i64, f64)>], y: i64) -> f64 {
    let first = &pts[0].v;
    let last = &pts[pts.len() - 1].v;
    if y <= first.0 {
        return first.1;
    }
    if y >= last.0 {
        return last.1;
    }
    for w in pts.windows(2) {
        let ((y0, r0), (y1, r1)) = (w[0].v, w[1].v);
        if y >= y0 && y <= y1 {
            return r0 + (r1 - r0) * (y - y0) as f64 / (y1 - y0) as f64;
        }
    }
    last.1
}

/// Checks a merged raw scenario against its horizon.
fn check(raw: &Raw, quiet: bool, d: &mut Diagnostics) -> Option<Scenario> {
    let file_loc = Some(Location::file(&raw.file));
    let before = d.error_count();
    let need = |d: &mut Diagnostics, what: &str| {
        if !quiet {
            d.error(file_loc.clone(), format!("missing {what}"));
        }
    };
    if raw.name.is_none() {
        need(d, "[scenario] name");
    }
    if raw.region.is_none() {
        need(d, "[scenario] region");
    }
    let sectoral = raw.model_type.as_ref().is_some_and(|m| m.v == "sectoral");
    if !sectoral {
        if raw.gdp.is_none() {
            need(d, "[base] gdp = { value = …, unit = \"1e8 CNY\" }");
        }
        if raw.co2.is_none() {
            need(d, "[base] co2 = { value = …, unit = \"Mt\" }");
        }
        for k in GROWTH {
            if !raw.growth.contains_key(k) {
                need(d, &format!("[growth] {k}"));
            }
        }
        if let Some((_, first)) = raw.sect.iter().next() {
            d.error(
                Some(first.loc.clone()),
                "[sectors], [power] and [factors] belong to the sectoral model: add [model] type = \"sectoral\"",
            );
        }
    } else {
        for l in &raw.kaya_tables {
            d.error(
                Some(l.clone()),
                "[base] and [growth] belong to the Kaya model; the sectoral model takes its base year and drivers from [sectors] and [power]",
            );
        }
    }
    let (Some(by), Some(ey)) = (&raw.base_year, &raw.end_year) else {
        if raw.base_year.is_none() {
            need(d, "[scenario] base_year");
        }
        if raw.end_year.is_none() {
            need(d, "[scenario] end_year");
        }
        return None;
    };
    let (base, end) = (by.v, ey.v);
    if !(1900..=2300).contains(&base) {
        d.error(
            Some(by.loc.clone()),
            format!("base_year {base} is not a plausible year"),
        );
        return None;
    }
    if end <= base || end - base > 200 {
        d.error(
            Some(ey.loc.clone()),
            format!("end_year {end} must be after base_year {base} (at most 200 years)"),
        );
        return None;
    }
    let (model, drivers) = if sectoral {
        match super::sectoral::check(&raw.sect, &raw.file, base, end, quiet, d) {
            Some((m, dr)) => (Some(Model::Sectoral(Box::new(m))), dr),
            None => (None, Vec::new()),
        }
    } else {
        for (k, v) in [("base.gdp", &raw.gdp), ("base.co2", &raw.co2)] {
            if let Some(v) = v
                && v.v <= 0.0
            {
                d.error(Some(v.loc.clone()), format!("{k} must be positive"));
            }
        }
        let gdp = raw
            .growth
            .get("gdp")
            .and_then(|r| driver(r, "growth.gdp", base, end, d));
        let ci = raw
            .growth
            .get("carbon_intensity")
            .and_then(|r| driver(r, "growth.carbon_intensity", base, end, d));
        match (&raw.gdp, &raw.co2, gdp, ci) {
            (Some(g), Some(c), Some(gd), Some(cd)) => (
                Some(Model::Kaya {
                    base_gdp: g.v,
                    base_co2: c.v,
                }),
                vec![gd, cd],
            ),
            _ => (None, Vec::new()),
        }
    };
    let mut targets = Targets {
        intensity_annual_drop: raw.annual_drop.as_ref().map(|a| a.v),
        ..Targets::default()
    };
    if let Some(p) = &raw.peak_by {
        if p.v < base || p.v > end {
            d.error(
                Some(p.loc.clone()),
                format!(
                    "targets.peak_by: year {} is outside the horizon {base}-{end}",
                    p.v
                ),
            );
        } else {
            targets.peak_by = Some(p.v as i32);
        }
    }
    let mut history = BTreeMap::new();
    for (y, h) in &raw.history {
        if *y >= base {
            d.error(
                Some(h.loc.clone()),
                format!(
                    "[history]: year {y} is not before the base year {base} (the model projects it)"
                ),
            );
        } else {
            history.insert(*y as i32, h.v);
        }
    }
    for t in raw.intensity.iter().flatten() {
        let (f, to, drop) = t.v;
        let mut ok = true;
        for y in [f, to] {
            if y < base || y > end {
                d.error(
                    Some(t.loc.clone()),
                    format!(
                        "targets.intensity: year {y} is outside the horizon {base}-{end}{}",
                        if y < base {
                            " (against a year before the base year: use intensity_vs_reference and [history])"
                        } else {
                            ""
                        }
                    ),
                );
                ok = false;
            }
        }
        if ok && f >= to {
            d.error(
                Some(t.loc.clone()),
                format!("targets.intensity: from = {f} must be before to = {to}"),
            );
            ok = false;
        }
        if ok {
            targets.intensity.push(PeriodTarget {
                from: f as i32,
                to: to as i32,
                drop,
            });
        }
    }
    for t in raw.intensity_vs.iter().flatten() {
        let (r, y, drop) = t.v;
        let what = "targets.intensity_vs_reference";
        let mut ok = true;
        if y <= base || y > end {
            d.error(
                Some(t.loc.clone()),
                format!("{what}: year {y} must lie in {}-{end}", base + 1),
            );
            ok = false;
        }
        if r >= y {
            d.error(
                Some(t.loc.clone()),
                format!("{what}: reference = {r} must be before year = {y}"),
            );
            ok = false;
        } else if r < base && !raw.history.contains_key(&r) {
            d.error(
                Some(t.loc.clone()),
                format!(
                    "{what}: the reference year {r} is before the base year {base}; state its intensity in [history], e.g. carbon_intensity_ratio = {{ {r} = 2.0 }} (I_{r} / I_{base})"
                ),
            );
            ok = false;
        }
        if ok {
            targets.intensity_vs_reference.push(PeriodTarget {
                from: r as i32,
                to: y as i32,
                drop,
            });
        }
    }
    let goal = raw
        .goal
        .as_ref()
        .and_then(|g| check_goal(g, &drivers, &targets, d));
    let variables = match (&model, &raw.variables) {
        (Some(m), Some(names)) => {
            let keys: Vec<String> = super::model::variables_of(m)
                .into_iter()
                .map(|v| v.key)
                .collect();
            for n in names {
                if !keys.contains(&n.v) {
                    d.push(unknown_variable(&n.v, &keys, Some(n.loc.clone())));
                }
            }
            // In the model's order, each once.
            Some(
                keys.into_iter()
                    .filter(|k| names.iter().any(|n| &n.v == k))
                    .collect(),
            )
        }
        _ => None,
    };
    if quiet || d.error_count() > before {
        return None;
    }
    Some(Scenario {
        name: raw.name.as_ref()?.v.clone(),
        file: raw.file.clone(),
        region: raw.region.as_ref()?.v.clone(),
        base_year: base as i32,
        end_year: end as i32,
        inherits: raw.inherits.as_ref().map(|a| a.v.clone()),
        model: model?,
        drivers,
        history,
        targets,
        goal,
        variables,
    })
}

/// The error for a variable key the model does not have, with the valid keys and the nearest one.
pub(super) fn unknown_variable(name: &str, keys: &[String], at: Option<Location>) -> Diagnostic {
    Diagnostic::error(
        at,
        format!(
            "unknown variable \"{name}\" (the model's variables: {})",
            keys.join(", ")
        ),
    )
    .suggest(nearest(name, keys.iter().map(String::as_str)))
}

/// Does the driver name `name` match the lever pattern (`*` matches one dot-separated segment)?
pub fn lever_matches(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<&str>, Vec<&str>) = (pattern.split('.').collect(), name.split('.').collect());
    p.len() == n.len() && p.iter().zip(&n).all(|(a, b)| *a == "*" || a == b)
}

fn check_goal(
    g: &At<RawGoal>,
    drivers: &[Driver],
    targets: &Targets,
    d: &mut Diagnostics,
) -> Option<Goal> {
    let before = d.error_count();
    let lever = &g.v.lever;
    let idx: Vec<usize> = drivers
        .iter()
        .enumerate()
        .filter(|(_, dr)| lever_matches(&lever.v, &dr.name))
        .map(|(i, _)| i)
        .collect();
    if idx.is_empty() && !drivers.is_empty() {
        let names: Vec<&str> = drivers.iter().map(|x| x.name.as_str()).collect();
        d.push(
            Diagnostic::error(
                Some(lever.loc.clone()),
                format!(
                    "goal.lever \"{}\" names no driver of this scenario (drivers: {}; `*` matches one part, e.g. sectors.*.energy_intensity_growth)",
                    lever.v,
                    names.join(", ")
                ),
            )
            .suggest(nearest(&lever.v, names.iter().copied())),
        );
    }
    let t = &g.v.target;
    let (kind, nth) = match t.v.split_once(':') {
        Some((k, n)) => (k.trim(), n.trim().parse::<usize>().ok().filter(|n| *n >= 1)),
        None => (t.v.trim(), Some(1)),
    };
    let kinds = [
        "peak_by",
        "intensity_annual_drop",
        "intensity_period",
        "intensity_vs_reference",
    ];
    let target = match (kind, nth) {
        (_, None) => {
            d.error(
                Some(t.loc.clone()),
                format!("goal.target \"{}\": after ':' give the target's number from 1, e.g. intensity_period:2", t.v),
            );
            None
        }
        ("peak_by", _) if targets.peak_by.is_some() => Some(GoalTarget::PeakBy),
        ("intensity_annual_drop", _) if targets.intensity_annual_drop.is_some() => {
            Some(GoalTarget::AnnualDrop)
        }
        ("intensity_period", Some(n)) if n <= targets.intensity.len() => {
            Some(GoalTarget::Period(n - 1))
        }
        ("intensity_vs_reference", Some(n)) if n <= targets.intensity_vs_reference.len() => {
            Some(GoalTarget::VsReference(n - 1))
        }
        (k, _) if kinds.contains(&k) => {
            d.error(
                Some(t.loc.clone()),
                format!(
                    "goal.target \"{}\": the scenario has no such target in [targets]",
                    t.v
                ),
            );
            None
        }
        (k, _) => {
            d.push(
                Diagnostic::error(
                    Some(t.loc.clone()),
                    format!("goal.target \"{k}\": expected one of {}", kinds.join(", ")),
                )
                .suggest(nearest(k, kinds)),
            );
            None
        }
    };
    if d.error_count() > before {
        return None;
    }
    Some(Goal {
        lever: lever.v.clone(),
        drivers: idx,
        target: target?,
        probability: g.v.probability?,
        range: g.v.range.unwrap_or((-0.1, 0.1)),
        location: g.loc.clone(),
    })
}

/// Parses and checks scenario texts `(file name, text)`. The first `run` of them are the scenarios wanted;
/// the rest are only candidates for `inherits`. Problems of a candidate are reported only if it is used.
pub fn parse_many(sources: &[(String, String)], run: usize) -> Result<Vec<Scenario>> {
    let parsed: Vec<(Raw, Diagnostics)> = sources
        .iter()
        .map(|(f, t)| {
            let mut d = Diagnostics::new();
            let r = parse_raw(t, f, &mut d);
            (r, d)
        })
        .collect();
    // Name → index; the files to run come first, so they win over a same-named candidate.
    let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
    let mut d = Diagnostics::new();
    for (i, (r, _)) in parsed.iter().enumerate() {
        if let Some(n) = &r.name {
            match by_name.get(n.v.as_str()) {
                Some(&j) if i < run && j < run => d.error(
                    Some(n.loc.clone()),
                    format!(
                        "two scenarios are named \"{}\" (the other in {})",
                        n.v, parsed[j].0.file
                    ),
                ),
                Some(_) => {}
                None => {
                    by_name.insert(n.v.as_str(), i);
                }
            }
        }
    }
    let mut reported = vec![false; parsed.len()];
    let mut out = Vec::new();
    for i in 0..run.min(parsed.len()) {
        // The chain child → parent → …
        let mut chain = vec![i];
        let mut ok = true;
        let mut quiet = false;
        loop {
            let cur = *chain.last().unwrap_or(&i);
            if !reported[cur] {
                reported[cur] = true;
                d.extend(parsed[cur].1.clone());
            }
            // A file with errors is still merged and checked (to report every problem at once), but
            // without complaints about values it failed to read.
            quiet |= parsed[cur].1.has_errors();
            let Some(parent) = &parsed[cur].0.inherits else {
                break;
            };
            match by_name.get(parent.v.as_str()) {
                Some(&j) if chain.contains(&j) => {
                    let names: Vec<String> = chain
                        .iter()
                        .chain(std::iter::once(&j))
                        .map(|&k| {
                            parsed[k]
                                .0
                                .name
                                .as_ref()
                                .map(|n| n.v.clone())
                                .unwrap_or_default()
                        })
                        .collect();
                    d.error(
                        Some(parent.loc.clone()),
                        format!("inheritance cycle: {}", names.join(" → ")),
                    );
                    ok = false;
                    break;
                }
                Some(&j) => chain.push(j),
                None => {
                    let names: Vec<&str> = by_name.keys().copied().collect();
                    d.push(
                        Diagnostic::error(
                            Some(parent.loc.clone()),
                            format!(
                                "inherits \"{}\": no such scenario among the files given and scenarios/",
                                parent.v
                            ),
                        )
                        .suggest(nearest(&parent.v, names)),
                    );
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        // Merge from the root down.
        let mut merged = parsed[*chain.last().unwrap_or(&i)].0.clone();
        for &k in chain.iter().rev().skip(1) {
            merged = merge(&parsed[k].0, &merged);
        }
        if let Some(s) = check(&merged, quiet, &mut d) {
            out.push(s);
        }
    }
    d.into_result()?;
    Ok(out)
}

/// Reads and checks the scenario files `paths`; `inherits` is resolved among them and the `*.toml` files of
/// `library` (usually `scenarios/`, if it exists).
pub fn load(paths: &[PathBuf], library: Option<&Path>) -> Result<Vec<Scenario>> {
    let mut sources = Vec::new();
    let mut seen = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(p).map_err(|e| Error::Read {
            path: p.clone(),
            source: e,
        })?;
        seen.push(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()));
        sources.push((p.display().to_string(), text));
    }
    let run = sources.len();
    if let Some(dir) = library
        && let Ok(rd) = std::fs::read_dir(dir)
    {
        let mut extra: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        extra.sort();
        for p in extra {
            let canon = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
            if seen.contains(&canon) {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&p) {
                sources.push((p.display().to_string(), text));
            }
        }
    }
    parse_many(&sources, run)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIMPLE: &str = include_str!("../../scenarios/simple.toml");

    fn one(text: &str) -> Result<Scenario> {
        parse_many(&[("s.toml".into(), text.into())], 1).map(|mut v| v.remove(0))
    }

    fn errors(text: &str) -> String {
        match one(text) {
            Err(Error::Input(d)) => d
                .iter()
                .map(|x| format!("{}|{}", x, x.suggestion.clone().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join("\n"),
            other => panic!("expected input errors, got {other:?}"),
        }
    }

    #[test]
    fn simple_parses() {
        let s = one(SIMPLE).unwrap();
        assert_eq!((s.base_year, s.end_year), (2020, 2035));
        assert_eq!(
            s.model,
            Model::Kaya {
                base_gdp: 43443.0,
                base_co2: 330.0
            }
        );
        let gdp = &s.drivers[0];
        assert_eq!(gdp.name, "gdp");
        assert_eq!(gdp.rates.len(), 15);
        assert_eq!(gdp.rates[0], Rate::Fixed(0.065));
        assert_eq!(gdp.rates[4], Rate::Fixed(0.065));
        assert_eq!(gdp.rates[5], Rate::Fixed(0.05));
        assert_eq!(s.drivers[1].name, "carbon_intensity");
        assert_eq!(s.drivers[1].rates[14], Rate::Drawn(0));
        assert_eq!(s.targets.peak_by, Some(2030));
        assert_eq!(s.targets.intensity.len(), 1);
    }

    #[test]
    fn units_convert() {
        let t = SIMPLE
            .replace(
                "value = 43443, unit = \"1e8 CNY\"",
                "value = 4344300, unit = \"1e6 CNY\"",
            )
            .replace(
                "value = 330, unit = \"Mt\"",
                "value = 33000, unit = \"万吨\"",
            );
        let s = one(&t).unwrap();
        let Model::Kaya { base_gdp, base_co2 } = s.model else {
            panic!("Kaya expected")
        };
        assert!((base_gdp - 43443.0).abs() < 1e-9);
        assert!((base_co2 - 330.0).abs() < 1e-9);
        let e = errors(&SIMPLE.replace("unit = \"Mt\"", "unit = \"TJ\""));
        assert!(e.contains("s.toml:9") && e.contains("expected mass"), "{e}");
    }

    #[test]
    fn all_problems_at_once_with_lines() {
        let t = SIMPLE
            .replace("base_year = 2020", "base_yaer = 2020\nbase_year = 2020")
            .replace("sd = 0.01", "sd = -0.01")
            .replace("peak_by = 2030", "peak_by = 2040");
        let e = errors(&t);
        assert!(
            e.contains("unknown key \"base_yaer\"") && e.contains("|base_year"),
            "{e}"
        );
        assert!(e.contains("cannot be negative"), "{e}");
        assert!(e.contains("s.toml:"), "{e}");
        let t = SIMPLE.replace("peak_by = 2030", "peak_by = 2040");
        assert!(errors(&t).contains("2040 is outside the horizon"));
    }

    #[test]
    fn periods_gaps_and_overlaps() {
        let t = SIMPLE.replace("\"2026-2035\"", "\"2027-2035\"");
        assert!(errors(&t).contains("no period covers 2026"));
        let t = SIMPLE.replace("\"2026-2035\"", "\"2025-2035\"");
        assert!(errors(&t).contains("overlaps"));
        let t = SIMPLE.replace("\"2026-2035\"", "\"2026-2034\"");
        assert!(errors(&t).contains("horizon needs rates for 2021-2035"));
    }

    #[test]
    fn other_forms() {
        let t = SIMPLE.replace(
            "gdp = { \"2021-2025\" = 0.065, \"2026-2035\" = 0.05 }",
            "gdp = { points = { 2020 = 0.07, 2030 = 0.05 } }",
        );
        let s = one(&t).unwrap();
        assert_eq!(
            s.drivers[0].rates[0],
            Rate::Fixed(0.07 + (0.05 - 0.07) * 0.1)
        );
        assert_eq!(s.drivers[0].rates[14], Rate::Fixed(0.05));
        let t = SIMPLE.replace(
            "gdp = { \"2021-2025\" = 0.065, \"2026-2035\" = 0.05 }",
            "gdp = { steps = { 2021 = 0.07, 2026 = 0.05 } }",
        );
        let s = one(&t).unwrap();
        assert_eq!(s.drivers[0].rates[4], Rate::Fixed(0.07));
        assert_eq!(s.drivers[0].rates[5], Rate::Fixed(0.05));
        let t = SIMPLE.replace(
            "{ normal = { mean = -0.045, sd = 0.01 } }",
            "{ triangular = { min = -0.06, mode = -0.045, max = -0.03 }, per = \"year\" }",
        );
        let s = one(&t).unwrap();
        assert_eq!(s.drivers[1].uncertain[0].per, Per::Year);
    }

    #[test]
    fn inheritance_and_cycles() {
        let child = "[scenario]\nname = \"child\"\ninherits = \"simple\"\n[growth]\ngdp = 0.04\n";
        let v = parse_many(
            &[
                ("child.toml".into(), child.into()),
                ("simple.toml".into(), SIMPLE.into()),
            ],
            1,
        )
        .unwrap();
        assert_eq!(v[0].name, "child");
        assert!(matches!(v[0].model, Model::Kaya { base_co2, .. } if base_co2 == 330.0));
        assert_eq!(v[0].drivers[0].rates[0], Rate::Fixed(0.04));
        let a = "[scenario]\nname = \"a\"\ninherits = \"b\"\n";
        let b = "[scenario]\nname = \"b\"\ninherits = \"a\"\n";
        let e = parse_many(
            &[("a.toml".into(), a.into()), ("b.toml".into(), b.into())],
            1,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("inheritance cycle: a → b → a") && e.contains("b.toml:3"),
            "{e}"
        );
    }
}
