//! Uncertainty of the inventory (2006 IPCC Guidelines, Vol. 1, Ch. 3): the inputs of every emission row,
//! Approach 1 (error propagation, §3.2.3.1) and, through [`super::monte_carlo`], Approach 2 (Monte Carlo,
//! §3.2.3.2), per [`CategoryKey`] and for the total, for every region × year; and the uncertainty of the
//! trend from the first to the latest year (Table 3.3).
//!
//! # Inputs
//!
//! Every figure ghgkit computes outside memo items is, by its equation, a **product** of an activity and
//! of factors, e.g. `A × NCV × CC × OF × 44/12` or `A × EF` (the row's `method`; constants such as 44/12
//! are exact). Such a row is linear in each of its inputs: an input 3 % higher makes the row 3 % higher.
//! Each input is one uncertain variable, a multiplier of mean (or central value) 1:
//!
//! - a **factor** is one variable per factor id, shared by every row, category, year and region that uses
//!   it (the NCV of raw coal in power plants and in industry; the same default in 2005 and 2020): its error
//!   is the same wherever it is used. Its 95 % range is the factor's own (`lower`/`upper` in the factor
//!   files, [`crate::factors::Uncertainty`]);
//! - an **activity** is one variable per input value (the cell or line it was read from), shared by the
//!   CO2, CH4 and N2O rows computed from it. Its 95 % range is the record's `uncertainty_pct` column, or,
//!   when empty, the default of [`default_activity_pct`].
//!
//! A row whose `method` is not a pure product of its activity and its factors (any `+`, `−`, `Σ`,
//! parenthesis, or a number of symbols that does not match its factors — a first-order decay model, a
//! gain − loss stock change …) is, when it comes from a model of [`crate::inventory::sectors`],
//! **linearised** by [`super::model_inputs`]: each input (the activity, every deposit of a first-order
//! decay history, every factor) enters with its elasticity `e_v` (1 for a product), Approach 1 counts
//! `U_v × e_v × x` and Approach 2 draws the row as `x × Π (1 + e_v (m_v − 1))`. A row of any other kind
//! is **not assessed**, counted as exact, and its CO2e is reported in
//! [`UncertaintyLine::not_assessed_t_co2e`] so that nobody mistakes the result for complete.
//! [`Inputs::set_row_range`] gives a row its own uncertainty (one variable for the row).
//!
//! # Distributions of Approach 2 (from a 95 % range `−l % / +u %`)
//!
//! - symmetric (`l = u`): normal, mean 1, standard deviation `u / 1.96` (Vol. 1 §3.2.2.4: a 95 % range is
//!   ±1.96 standard deviations of a normal);
//! - asymmetric with `l < 100 %`: lognormal whose 2.5th and 97.5th percentiles are the bounds,
//!   `μ = (ln(1 − l) + ln(1 + u)) / 2`, `σ = (ln(1 + u) − ln(1 − l)) / 3.92` (Vol. 1 §3.2.2.4, lognormal
//!   for positive quantities with skewed ranges);
//! - asymmetric with `l ≥ 100 %` (a lower bound at or below zero, which no lognormal has): triangular from
//!   `max(0, 1 − l)` through 1 to `1 + u`, the bounds taken as its ends (an approximation, stated here);
//! - uniform and any other distribution through [`Inputs::set_distribution`].
//!
//! # Approach 1
//!
//! For a set of rows (a category, the total) with emissions `x_r`, each input variable `v` of relative 95 %
//! uncertainty `U_v` (the larger of `l`, `u` where the range is asymmetric, Vol. 1 §3.2.3.1) moves the
//! sum by `U_v × S_v`, `S_v = Σ_{rows using v} e_rv x_r` (`e_rv` = 1 for products); so
//!
//! `U = √(Σ_v (U_v × S_v)²) / |Σ_r x_r|`.
//!
//! For one row this is Eq. 3.1, `U = √(U_A² + U_1² + …)` (a product); for rows with inputs of their own it
//! is Eq. 3.2, `U = √(Σ (U_r x_r)²) / |Σ x_r|` (a sum of uncorrelated quantities). Where a factor is shared
//! its contributions add before squaring (fully correlated), as in Approach 2, instead of being treated as
//! independent. The part of the activity variables and that of the factors are also given apart (`E` and
//! `F` of Table 3.2; `G² = E² + F²`).
//!
//! # Trend (Table 3.3)
//!
//! From the region's first year 0 to its latest year t, per category x with emissions `C_x` (year 0) and
//! `D_x` (year t), activity uncertainty `E_x` and factor uncertainty `F_x` (year t):
//! type A sensitivity `A_x = 100 (0.01 D_x + ΣD − (0.01 C_x + ΣC)) / (0.01 C_x + ΣC) − 100 (ΣD − ΣC) / ΣC`,
//! type B sensitivity `B_x = D_x / ΣC`; the trend uncertainty from the factors `K_x = A_x F_x` (factors
//! correlated between years), from the activity `L_x = B_x E_x √2` (activity uncorrelated between years);
//! the trend's uncertainty in percentage points is `√(Σ_x (K_x² + L_x²))`. Approach 2 gives the trend of
//! the total draw by draw, `100 (ΣD − ΣC) / ΣC`, with factors drawn once for both years.

use super::monte_carlo::{self, McStats};
use super::{CategoryKey, Lulucf, Options, within};
use crate::activity::ActivityRecord;
use crate::error::{Error, Location, Result};
use crate::inventory::{EmissionRow, Inventory};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The default 95 % uncertainty of activity data given without `uncertainty_pct`, by category (longest
/// matching prefix): (category, ±%, source). Outside these categories an activity without
/// `uncertainty_pct` counts as exact, and [`UncertaintyLine::no_activity_range_t_co2e`] says how much.
pub const DEFAULT_ACTIVITY_PCT: &[(&str, f64, &str)] = &[
    (
        "1",
        5.0,
        "energy statistics of a well-developed statistical system: ±5 % (IPCC 2006 Vol. 2 Ch. 2 §2.4.2.2, \
         Table 2.15; IPCC GPG 2000 §2.1.1.5 recommends ±5 % for fossil fuel statistics when nothing better is \
         known) [recalled]",
    ),
    (
        "2",
        5.0,
        "industrial production statistics: ±5 % (IPCC 2006 Vol. 3 Ch. 2 §2.2.3 and Ch. 3/4 uncertainty \
         sections give 1–5 % for national production data; the upper end is taken) [recalled]",
    ),
    (
        "3.A",
        20.0,
        "livestock population: ±20 % (IPCC 2006 Vol. 4 Ch. 10 §10.2.3, population estimates should be known \
         within ±20 %) [recalled]",
    ),
    (
        "3.B",
        10.0,
        "land areas and wood removals: ±10 % (IPCC 2006 Vol. 4 Ch. 3 and Ch. 4 §4.2.4: area statistics of \
         national surveys) [assumed: the Guidelines give no single default]",
    ),
    (
        "3.C",
        10.0,
        "areas, fertiliser, manure and residue N, urea and lime applied: ±10 % (IPCC 2006 Vol. 4 Ch. 5 \
         §5.5 and Ch. 11 §11.2.1.4, §11.3.3 on national statistics) [assumed: the Guidelines give no single \
         default]",
    ),
    (
        "4.A",
        30.0,
        "waste deposited in landfills: ±30 % (IPCC 2006 Vol. 5 Ch. 3 Table 3.5, total MSW and the fraction \
         to SWDS for countries collecting data) [recalled]",
    ),
    (
        "4.C",
        10.0,
        "waste incinerated and its composition: ±10 % (IPCC 2006 Vol. 5 Ch. 5 §5.7.2, amounts of waste \
         incinerated are usually well known) [recalled]",
    ),
    (
        "4.D",
        30.0,
        "organics and N in wastewater: ±30 % (IPCC 2006 Vol. 5 Ch. 6 Tables 6.7 and 6.11: BOD per person \
         ±30 %, industrial COD) [recalled]",
    ),
];

/// The default activity uncertainty of a category, ±% with its source, if the guidelines give one.
pub fn default_activity_pct(category: &str) -> Option<(f64, &'static str)> {
    DEFAULT_ACTIVITY_PCT
        .iter()
        .filter(|(c, _, _)| within(category, c))
        .max_by_key(|(c, _, _)| c.len())
        .map(|(_, p, s)| (*p, *s))
}

/// The probability distribution of a multiplier of central value 1.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dist {
    /// Normal.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Lognormal: `exp(N(mu, sigma))`.
    LogNormal {
        /// Mean of the logarithm.
        mu: f64,
        /// Standard deviation of the logarithm.
        sigma: f64,
    },
    /// Triangular.
    Triangular {
        /// Lower end.
        min: f64,
        /// Mode.
        mode: f64,
        /// Upper end.
        max: f64,
    },
    /// Uniform.
    Uniform {
        /// Lower end.
        min: f64,
        /// Upper end.
        max: f64,
    },
}

/// The 97.5th percentile of the standard normal.
pub const Z95: f64 = 1.959963984540054;

impl Dist {
    /// The distribution of a 95 % range `−lower_pct % / +upper_pct %` by the rule of the [module
    /// documentation](self); `None` when both are 0 (an exact input).
    pub fn from_range(lower_pct: f64, upper_pct: f64) -> Option<Dist> {
        let (l, u) = (lower_pct / 100.0, upper_pct / 100.0);
        if l == 0.0 && u == 0.0 {
            return None;
        }
        Some(if (l - u).abs() <= 1e-9 * l.max(u) {
            Dist::Normal {
                mean: 1.0,
                sd: u / Z95,
            }
        } else if l < 1.0 {
            let (a, b) = ((1.0 - l).ln(), (1.0 + u).ln());
            Dist::LogNormal {
                mu: (a + b) / 2.0,
                sigma: (b - a) / (2.0 * Z95),
            }
        } else {
            Dist::Triangular {
                min: (1.0 - l).max(0.0),
                mode: 1.0,
                max: 1.0 + u,
            }
        })
    }

    /// The value at cumulative probability `p` (0 < p < 1): the inverse distribution function, so that one
    /// uniform number gives one draw.
    pub fn quantile(&self, p: f64) -> f64 {
        match *self {
            Dist::Normal { mean, sd } => mean + sd * inverse_normal(p),
            Dist::LogNormal { mu, sigma } => (mu + sigma * inverse_normal(p)).exp(),
            Dist::Triangular { min, mode, max } => {
                let f = if max > min {
                    (mode - min) / (max - min)
                } else {
                    0.5
                };
                if p < f {
                    min + ((max - min) * (mode - min) * p).sqrt()
                } else {
                    max - ((max - min) * (max - mode) * (1.0 - p)).sqrt()
                }
            }
            Dist::Uniform { min, max } => min + (max - min) * p,
        }
    }

    /// A short description: `normal(1, 0.0255)`.
    pub fn describe(&self) -> String {
        match self {
            Dist::Normal { mean, sd } => format!("normal(mean {mean}, sd {sd:.6})"),
            Dist::LogNormal { mu, sigma } => format!("lognormal(mu {mu:.6}, sigma {sigma:.6})"),
            Dist::Triangular { min, mode, max } => format!("triangular({min}, {mode}, {max})"),
            Dist::Uniform { min, max } => format!("uniform({min}, {max})"),
        }
    }
}

/// The inverse of the standard normal distribution function (P. J. Acklam's rational approximation,
/// relative error below 1.2e-9 over (0, 1)).
pub fn inverse_normal(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e+01,
        2.209460984245205e+02,
        -2.759285104469687e+02,
        1.383_577_518_672_69e2,
        -3.066479806614716e+01,
        2.506628277459239e+00,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e+00,
        -2.549732539343734e+00,
        4.374664141464968e+00,
        2.938163982698783e+00,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-03,
        3.224671290700398e-01,
        2.445134137142996e+00,
        3.754408661907416e+00,
    ];
    const LOW: f64 = 0.02425;
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    if p < LOW {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

/// What an uncertain variable stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VarKind {
    /// An activity value (one input cell or line).
    Activity,
    /// A factor (one factor id).
    Factor,
    /// A whole row given its own range ([`Inputs::set_row_range`]).
    Row,
}

/// One uncertain input: a multiplier of central value 1.
#[derive(Clone, Debug, Serialize)]
pub struct Variable {
    /// The factor id, or the input location of an activity.
    pub id: String,
    /// Activity, factor or row.
    pub kind: VarKind,
    /// 95 % range below the central value, % (positive).
    pub lower_pct: f64,
    /// 95 % range above it, %.
    pub upper_pct: f64,
    /// Where the range comes from.
    pub basis: String,
    /// The distribution of Approach 2.
    pub dist: Dist,
}

impl Variable {
    /// The relative uncertainty Approach 1 uses: the larger half-width, as a fraction.
    pub fn u(&self) -> f64 {
        self.lower_pct.max(self.upper_pct) / 100.0
    }
}

/// The inputs of one emission row.
#[derive(Clone, Debug, Serialize)]
pub struct RowInputs {
    /// Index into `Inventory::rows`.
    pub row: usize,
    /// Indices into [`Inputs::variables`]; empty for a row counted as exact.
    pub vars: Vec<usize>,
    /// The elasticity of the row to each of `vars` (same order): 1 for a product, the first-order
    /// sensitivity `∂ln x / ∂ln v` for a model row ([`super::model_inputs`]).
    pub elasticities: Vec<f64>,
    /// False when the row's equation is not a product of its inputs (not assessed, unless given a range).
    pub product: bool,
    /// True when the activity had no range (no `uncertainty_pct`, no default).
    pub no_activity_range: bool,
}

/// The uncertain inputs of an inventory's rows (memo items excluded).
#[derive(Clone, Debug, Serialize)]
pub struct Inputs {
    /// Every variable: factors (by id) first, then activities in row order.
    pub variables: Vec<Variable>,
    /// One entry per non-memo row, in row order.
    pub rows: Vec<RowInputs>,
}

/// The identity of an activity value: its input location, made unique per record when the location names
/// only a file.
fn activity_id(loc: &Location, region: &str, year: i32, category: &str, activity: &str) -> String {
    if loc.cell.is_some() || loc.line.is_some() {
        loc.to_string()
    } else {
        format!("{loc} [{region} {year} {category} {activity}]")
    }
}

/// Whether `method` is a product of the activity and `n_factors` factors, constants allowed (`A × NCV ×
/// CC × OF × 44/12`).
pub fn is_product(method: &str, n_factors: usize) -> bool {
    let mut symbols = 0;
    for token in method.split(['×', '*']) {
        let t = token.trim();
        if t.is_empty() {
            return false;
        }
        let constant = t
            .trim_start_matches(['-', '−'])
            .split('/')
            .all(|p| !p.is_empty() && p.parse::<f64>().is_ok());
        if constant {
            continue;
        }
        if t.chars().all(|c| c.is_alphanumeric() || c == '_') {
            symbols += 1;
        } else {
            return false;
        }
    }
    symbols == n_factors + 1
}

impl Inputs {
    /// The inputs of every non-memo row of `inv`: factor ranges from `inv.factors_used`, activity ranges
    /// from the record read at the row's input (`records`), else [`default_activity_pct`].
    pub fn of(inv: &Inventory, records: &[ActivityRecord]) -> Result<Inputs> {
        let mut pct: BTreeMap<String, f64> = BTreeMap::new();
        for r in records {
            if let Some(p) = r.uncertainty_pct {
                let id = activity_id(&r.location, &r.region, r.year, &r.category, &r.activity);
                pct.insert(id, p);
            }
        }
        let mut variables = Vec::new();
        let mut index: BTreeMap<(VarKind, String), usize> = BTreeMap::new();
        // Factors first, sorted by id, so that the numbering does not depend on row order.
        let ids: BTreeSet<&str> = inv
            .rows
            .iter()
            .filter(|r| !r.memo)
            .flat_map(|r| r.factor_ids.iter().map(String::as_str))
            .collect();
        for id in ids {
            let Some(f) = inv.factors_used.get(id) else {
                return Err(Error::Internal(format!(
                    "factor {id} is named by an emission row but not among the factors used"
                )));
            };
            let (l, u) = (f.uncertainty.lower_pct, f.uncertainty.upper_pct);
            if let Some(dist) = Dist::from_range(l, u) {
                index.insert((VarKind::Factor, id.to_string()), variables.len());
                variables.push(Variable {
                    id: id.to_string(),
                    kind: VarKind::Factor,
                    lower_pct: l,
                    upper_pct: u,
                    basis: format!("factor {}: {}", f.id, f.citation()),
                    dist,
                });
            }
        }
        let recs = super::model_inputs::Records::new(records);
        let mut rows = Vec::new();
        for (i, r) in inv.rows.iter().enumerate().filter(|(_, r)| !r.memo) {
            let mut product = is_product(&r.method, r.factor_ids.len());
            // (activity variable id, its category for the default range, elasticity); (factor id, elasticity).
            let mut acts: Vec<(String, &str, f64)> = Vec::new();
            let mut facs: Vec<(String, f64)> = Vec::new();
            if product {
                let id = activity_id(&r.input, &r.region, r.year, &r.category, &r.activity);
                acts.push((id, r.category.as_str(), 1.0));
                facs = r.factor_ids.iter().map(|f| (f.clone(), 1.0)).collect();
            } else if let Some(mi) = super::model_inputs::of(r, inv, &recs) {
                // A model row: linearised (super::model_inputs).
                product = true;
                for a in mi.activities {
                    let rec = a.record;
                    let id = activity_id(
                        &rec.location,
                        &rec.region,
                        rec.year,
                        &rec.category,
                        &rec.activity,
                    );
                    acts.push((id, rec.category.as_str(), a.elasticity));
                }
                facs = mi.factors;
            }
            let (mut vars, mut elasticities) = (Vec::new(), Vec::new());
            let mut no_activity_range = false;
            for (id, category, e) in acts {
                let range = match pct.get(&id) {
                    Some(p) => Some((*p, "the activity sheet's uncertainty_pct".to_string())),
                    None => {
                        default_activity_pct(category).map(|(p, s)| (p, format!("default: {s}")))
                    }
                };
                match range {
                    Some((p, basis)) => {
                        if let Some(dist) = Dist::from_range(p, p) {
                            let k = (VarKind::Activity, id.clone());
                            let v = *index.entry(k).or_insert_with(|| {
                                variables.push(Variable {
                                    id,
                                    kind: VarKind::Activity,
                                    lower_pct: p,
                                    upper_pct: p,
                                    basis,
                                    dist,
                                });
                                variables.len() - 1
                            });
                            vars.push(v);
                            elasticities.push(e);
                        }
                    }
                    None => no_activity_range = true,
                }
            }
            for (f, e) in facs {
                if let Some(v) = index.get(&(VarKind::Factor, f)) {
                    vars.push(*v);
                    elasticities.push(e);
                }
            }
            rows.push(RowInputs {
                row: i,
                vars,
                elasticities,
                product,
                no_activity_range,
            });
        }
        Ok(Inputs { variables, rows })
    }

    /// Replaces the distribution of the variable `id` (a factor id or an activity's input location), e.g.
    /// by a uniform one; false when there is no such variable.
    pub fn set_distribution(&mut self, id: &str, dist: Dist) -> bool {
        match self.variables.iter_mut().find(|v| v.id == id) {
            Some(v) => {
                v.dist = dist;
                true
            }
            None => false,
        }
    }

    /// Gives row `row` (an index into `Inventory::rows`) its own 95 % range, replacing its inputs: one
    /// variable for the whole row (for rows whose equation is not a product). False when the row is not
    /// assessed at all (a memo item or out of range).
    pub fn set_row_range(
        &mut self,
        row: usize,
        lower_pct: f64,
        upper_pct: f64,
        basis: &str,
    ) -> bool {
        let Some(ri) = self.rows.iter().position(|r| r.row == row) else {
            return false;
        };
        let vars: Vec<usize> = match Dist::from_range(lower_pct, upper_pct) {
            Some(dist) => {
                self.variables.push(Variable {
                    id: format!("row {row}"),
                    kind: VarKind::Row,
                    lower_pct,
                    upper_pct,
                    basis: basis.to_string(),
                    dist,
                });
                vec![self.variables.len() - 1]
            }
            None => Vec::new(),
        };
        let r = &mut self.rows[ri];
        r.elasticities = vec![1.0; vars.len()];
        r.vars = vars;
        r.product = true;
        r.no_activity_range = false;
        true
    }
}

/// Approach 1 of a set of rows (see the [module documentation](self)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Approach1 {
    /// Σ x_r, t CO2e.
    pub central: f64,
    /// `E`: the part of the activity variables, % of |central|.
    pub activity_pct: Option<f64>,
    /// `F`: the part of the factors (and rows given their own range), %.
    pub factor_pct: Option<f64>,
    /// `G = √(E² + F²)`, %.
    pub combined_pct: Option<f64>,
}

/// Approach 1 over `rows` (indices into `inputs.rows`), emissions taken from `inv`.
pub fn approach1(inv: &Inventory, inputs: &Inputs, rows: &[usize]) -> Approach1 {
    let mut central = 0.0;
    let mut s: BTreeMap<usize, f64> = BTreeMap::new();
    for &i in rows {
        let ri = &inputs.rows[i];
        let x = inv.rows[ri.row].co2e_t;
        central += x;
        for (v, e) in ri.vars.iter().zip(&ri.elasticities) {
            *s.entry(*v).or_insert(0.0) += e * x;
        }
    }
    let (mut act, mut fac) = (0.0, 0.0);
    for (v, sv) in s {
        let var = &inputs.variables[v];
        let c = (var.u() * sv).powi(2);
        match var.kind {
            VarKind::Activity => act += c,
            VarKind::Factor | VarKind::Row => fac += c,
        }
    }
    let pct = |x: f64| (central != 0.0).then(|| 100.0 * x.sqrt() / central.abs());
    Approach1 {
        central,
        activity_pct: pct(act),
        factor_pct: pct(fac),
        combined_pct: pct(act + fac),
    }
}

/// One line of the uncertainty table: a category (or the total) of one region × year.
#[derive(Clone, Debug, Serialize)]
pub struct UncertaintyLine {
    /// Region.
    pub region: String,
    /// Year.
    pub year: i32,
    /// The category; `None` for a total.
    pub key: Option<CategoryKey>,
    /// For a total: without or with LULUCF.
    pub lulucf: Option<Lulucf>,
    /// English name (`Total` for a total).
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// Approach 1: the central value and the activity, factor and combined uncertainty.
    pub approach1: Approach1,
    /// Approach 1's combined uncertainty, % (0 when the central value is 0).
    pub approach1_pct: f64,
    /// Approach 2, when run.
    pub mc: Option<McStats>,
    /// CO2e of rows not assessed (equation not a product, no range given), t CO2e, counted as exact.
    pub not_assessed_t_co2e: f64,
    /// CO2e of rows whose activity has no range (no `uncertainty_pct`, no default), t CO2e.
    pub no_activity_range_t_co2e: f64,
}

impl UncertaintyLine {
    /// Central value, t CO2e.
    pub fn central(&self) -> f64 {
        self.approach1.central
    }

    /// Approach 1's 95 % interval, t CO2e: central ∓ U × |central|.
    pub fn approach1_interval(&self) -> (f64, f64) {
        let c = self.central();
        let h = self.approach1_pct / 100.0 * c.abs();
        (c - h, c + h)
    }
}

/// The trend uncertainty of one category (or the total) of one region, base year → latest year
/// (Table 3.3).
#[derive(Clone, Debug, Serialize)]
pub struct TrendLine {
    /// Region.
    pub region: String,
    /// Base year.
    pub base_year: i32,
    /// Latest year.
    pub year: i32,
    /// Without or with LULUCF.
    pub lulucf: Lulucf,
    /// The category; `None` for the total.
    pub key: Option<CategoryKey>,
    /// English name.
    pub name_en: String,
    /// Chinese name.
    pub name_zh: String,
    /// `C`: base-year emissions, t CO2e.
    pub base_t_co2e: f64,
    /// `D`: latest-year emissions, t CO2e.
    pub latest_t_co2e: f64,
    /// `E`: activity uncertainty, % (latest year; base year for a category absent from it).
    pub activity_pct: f64,
    /// `F`: factor uncertainty, %.
    pub factor_pct: f64,
    /// `I`: type A sensitivity, % per %.
    pub sensitivity_a: f64,
    /// `J`: type B sensitivity, % per %.
    pub sensitivity_b: f64,
    /// `K = I × F`: trend uncertainty from the factors, percentage points.
    pub from_factors_pct: f64,
    /// `L = J × E × √2`: trend uncertainty from the activity, percentage points.
    pub from_activity_pct: f64,
    /// `M = K² + L²`; for the total, Σ M.
    pub variance: f64,
    /// The trend, % (`100 (D − C) / C`; for a category relative to its own base, `None` when C = 0).
    pub trend_pct: Option<f64>,
    /// For the total: Approach 1's trend uncertainty `√(Σ M)`, percentage points.
    pub trend_uncertainty_pct: Option<f64>,
    /// For the total: Approach 2's trend (%), when run.
    pub mc: Option<McStats>,
}

/// The uncertainty analysis of an inventory.
#[derive(Clone, Debug, Serialize)]
pub struct UncertaintyReport {
    /// Monte Carlo draws (0: Approach 2 not run).
    pub draws: usize,
    /// The seed.
    pub seed: u64,
    /// The inputs.
    pub inputs: Inputs,
    /// Per region × year: the categories by decreasing |central value|, then the total(s).
    pub lines: Vec<UncertaintyLine>,
    /// Per region with at least two years: the trend by category, then the total.
    pub trends: Vec<TrendLine>,
}

/// A group of rows assessed together: (region, year, category or total).
pub(crate) struct Group {
    pub(crate) region: String,
    pub(crate) year: i32,
    pub(crate) key: Option<CategoryKey>,
    pub(crate) lulucf: Option<Lulucf>,
    /// Indices into `Inputs::rows`.
    pub(crate) rows: Vec<usize>,
}

/// The groups of every region × year: categories (key order), then the total without LULUCF and, when
/// there are LULUCF rows, the total with them.
pub(crate) fn groups(inv: &Inventory, inputs: &Inputs) -> Vec<Group> {
    type Cats = BTreeMap<CategoryKey, Vec<usize>>;
    /// Per block: the rows of each category, of the total without LULUCF, of the total with it.
    type Block = (Cats, Vec<usize>, Vec<usize>);
    let mut by: BTreeMap<(&str, i32), Block> = BTreeMap::new();
    for (i, ri) in inputs.rows.iter().enumerate() {
        let r: &EmissionRow = &inv.rows[ri.row];
        let e = by.entry((&r.region, r.year)).or_default();
        e.0.entry(CategoryKey::of(r)).or_default().push(i);
        if Lulucf::Without.counts(&r.category) {
            e.1.push(i);
        }
        e.2.push(i);
    }
    let mut out = Vec::new();
    for ((region, year), (cats, without, with)) in by {
        let has_lulucf = with.len() > without.len();
        for (k, rows) in cats {
            out.push(Group {
                region: region.to_string(),
                year,
                key: Some(k),
                lulucf: None,
                rows,
            });
        }
        out.push(Group {
            region: region.to_string(),
            year,
            key: None,
            lulucf: Some(Lulucf::Without),
            rows: without,
        });
        if has_lulucf {
            out.push(Group {
                region: region.to_string(),
                year,
                key: None,
                lulucf: Some(Lulucf::With),
                rows: with,
            });
        }
    }
    out
}

/// Runs Approach 1 and, unless `o.mc_draws` is `Some(0)`, Approach 2, with the inputs of [`Inputs::of`].
pub fn analyse(
    inv: &Inventory,
    records: &[ActivityRecord],
    o: &Options,
) -> Result<UncertaintyReport> {
    analyse_inputs(inv, Inputs::of(inv, records)?, o)
}

/// Runs Approach 1 and Approach 2 with given inputs (e.g. after [`Inputs::set_distribution`]).
pub fn analyse_inputs(inv: &Inventory, inputs: Inputs, o: &Options) -> Result<UncertaintyReport> {
    let groups = groups(inv, &inputs);
    let draws = o
        .mc_draws
        .unwrap_or_else(|| super::auto_draws(inputs.rows.len()));
    let mc = if draws > 0 {
        Some(monte_carlo::simulate(inv, &inputs, &groups, draws, o.seed)?)
    } else {
        None
    };
    let mut lines: Vec<UncertaintyLine> = groups
        .iter()
        .enumerate()
        .map(|(g, grp)| {
            let a1 = approach1(inv, &inputs, &grp.rows);
            let (mut not_assessed, mut no_range) = (0.0, 0.0);
            for &i in &grp.rows {
                let ri = &inputs.rows[i];
                let x = inv.rows[ri.row].co2e_t;
                if !ri.product {
                    not_assessed += x;
                }
                if ri.no_activity_range {
                    no_range += x;
                }
            }
            let (name_en, name_zh) = match (&grp.key, grp.lulucf) {
                (Some(k), _) => (k.name_en(), k.name_zh()),
                (None, Some(Lulucf::With)) => {
                    ("Total, LULUCF included".into(), "总量(含LULUCF)".into())
                }
                (None, _) => ("Total, without LULUCF".into(), "总量(不含LULUCF)".into()),
            };
            UncertaintyLine {
                region: grp.region.clone(),
                year: grp.year,
                key: grp.key.clone(),
                lulucf: grp.lulucf,
                name_en,
                name_zh,
                approach1_pct: a1.combined_pct.unwrap_or(0.0),
                approach1: a1,
                mc: mc.as_ref().map(|m| m.groups[g]),
                not_assessed_t_co2e: not_assessed,
                no_activity_range_t_co2e: no_range,
            }
        })
        .collect();
    // Categories by decreasing |central| within each region × year, totals last (stable sort).
    lines.sort_by(|a, b| {
        (&a.region, a.year, a.key.is_none())
            .cmp(&(&b.region, b.year, b.key.is_none()))
            .then_with(|| b.central().abs().total_cmp(&a.central().abs()))
            .then_with(|| a.key.cmp(&b.key))
            .then_with(|| a.lulucf.cmp(&b.lulucf))
    });
    let trends = trends(&lines, mc.as_ref().map(|m| &m.trends[..]).unwrap_or(&[]));
    Ok(UncertaintyReport {
        draws,
        seed: o.seed,
        inputs,
        lines,
        trends,
    })
}

/// Table 3.3 per region from its first to its latest year, without LULUCF and (when there are LULUCF rows)
/// with. `mc` holds Approach 2's trend of the total per (region, lulucf).
fn trends(lines: &[UncertaintyLine], mc: &[((String, Lulucf), McStats)]) -> Vec<TrendLine> {
    let mut years: BTreeMap<&str, BTreeSet<i32>> = BTreeMap::new();
    for l in lines {
        years.entry(&l.region).or_default().insert(l.year);
    }
    let mut out = Vec::new();
    for (region, ys) in years {
        if ys.len() < 2 {
            continue;
        }
        let (y0, yt) = (*ys.first().expect("2"), *ys.last().expect("2"));
        let at = |y: i32| {
            lines
                .iter()
                .filter(move |l| l.region == region && l.year == y)
        };
        let has_lulucf = at(y0).chain(at(yt)).any(|l| l.lulucf == Some(Lulucf::With));
        let variants: &[Lulucf] = if has_lulucf {
            &[Lulucf::Without, Lulucf::With]
        } else {
            &[Lulucf::Without]
        };
        for &lu in variants {
            let cats = |y: i32| -> BTreeMap<CategoryKey, &UncertaintyLine> {
                at(y)
                    .filter(|l| l.key.as_ref().is_some_and(|k| lu.counts(&k.code)))
                    .map(|l| (l.key.clone().expect("category"), l))
                    .collect()
            };
            let (c0, ct) = (cats(y0), cats(yt));
            let sum_c: f64 = c0.values().map(|l| l.central()).sum();
            let sum_d: f64 = ct.values().map(|l| l.central()).sum();
            if sum_c == 0.0 {
                continue;
            }
            let keys: BTreeSet<&CategoryKey> = c0.keys().chain(ct.keys()).collect();
            let mut total_m = 0.0;
            let mut cat_lines = Vec::new();
            for k in keys {
                let c = c0.get(k).map_or(0.0, |l| l.central());
                let d = ct.get(k).map_or(0.0, |l| l.central());
                let src = ct.get(k).or_else(|| c0.get(k)).expect("in one year");
                let e = src.approach1.activity_pct.unwrap_or(0.0);
                let f = src.approach1.factor_pct.unwrap_or(0.0);
                let a = 100.0 * (0.01 * d + sum_d - (0.01 * c + sum_c)) / (0.01 * c + sum_c)
                    - 100.0 * (sum_d - sum_c) / sum_c;
                let b = d / sum_c;
                let kk = a * f;
                let ll = b * e * std::f64::consts::SQRT_2;
                let m = kk * kk + ll * ll;
                total_m += m;
                cat_lines.push(TrendLine {
                    region: region.to_string(),
                    base_year: y0,
                    year: yt,
                    lulucf: lu,
                    key: Some(k.clone()),
                    name_en: k.name_en(),
                    name_zh: k.name_zh(),
                    base_t_co2e: c,
                    latest_t_co2e: d,
                    activity_pct: e,
                    factor_pct: f,
                    sensitivity_a: a,
                    sensitivity_b: b,
                    from_factors_pct: kk,
                    from_activity_pct: ll,
                    variance: m,
                    trend_pct: (c != 0.0).then(|| 100.0 * (d - c) / c.abs()),
                    trend_uncertainty_pct: None,
                    mc: None,
                });
            }
            cat_lines.sort_by(|x, y| y.variance.total_cmp(&x.variance).then(x.key.cmp(&y.key)));
            out.extend(cat_lines);
            let (name_en, name_zh) = match lu {
                Lulucf::With => ("Total, LULUCF included", "总量(含LULUCF)"),
                Lulucf::Without => ("Total, without LULUCF", "总量(不含LULUCF)"),
            };
            out.push(TrendLine {
                region: region.to_string(),
                base_year: y0,
                year: yt,
                lulucf: lu,
                key: None,
                name_en: name_en.into(),
                name_zh: name_zh.into(),
                base_t_co2e: sum_c,
                latest_t_co2e: sum_d,
                activity_pct: f64::NAN,
                factor_pct: f64::NAN,
                sensitivity_a: f64::NAN,
                sensitivity_b: f64::NAN,
                from_factors_pct: f64::NAN,
                from_activity_pct: f64::NAN,
                variance: total_m,
                trend_pct: Some(100.0 * (sum_d - sum_c) / sum_c.abs()),
                trend_uncertainty_pct: Some(total_m.sqrt()),
                mc: mc
                    .iter()
                    .find(|((r, l), _)| r == region && *l == lu)
                    .map(|(_, s)| *s),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_are_recognised() {
        assert!(is_product("A × NCV × CC × OF × 44/12", 3));
        assert!(is_product("A × EF", 1));
        assert!(is_product("E × EF × OF", 2));
        assert!(!is_product("A × EF", 2), "symbols must match the factors");
        assert!(!is_product("Σ_x (A × EF × (1 − e^-k))", 1));
        assert!(!is_product("(G − L) × 44/12", 1));
        assert!(is_product("A × EF × -44/12", 1));
    }

    #[test]
    fn inverse_normal_matches_known_quantiles() {
        // Φ⁻¹(0.975) = 1.959963984540054; Φ⁻¹(0.5) = 0; Φ⁻¹(0.001) = -3.090232306167813.
        assert!((inverse_normal(0.975) - Z95).abs() < 1e-8);
        assert_eq!(inverse_normal(0.5), 0.0);
        assert!((inverse_normal(0.001) + 3.090232306167813).abs() < 1e-8);
    }

    #[test]
    fn distributions_from_ranges_put_the_bounds_at_the_95_percent_points() {
        // Symmetric ±10 %: normal, 2.5/97.5 percentiles at 0.9 and 1.1.
        let d = Dist::from_range(10.0, 10.0).unwrap();
        assert!(matches!(d, Dist::Normal { .. }));
        assert!((d.quantile(0.025) - 0.9).abs() < 1e-8);
        assert!((d.quantile(0.975) - 1.1).abs() < 1e-8);
        // −50 % / +100 %: lognormal with 0.5 and 2.0 at the 95 % points (median √(0.5 × 2) = 1).
        let d = Dist::from_range(50.0, 100.0).unwrap();
        assert!(matches!(d, Dist::LogNormal { .. }));
        assert!((d.quantile(0.025) - 0.5).abs() < 1e-8);
        assert!((d.quantile(0.975) - 2.0).abs() < 1e-8);
        assert!((d.quantile(0.5) - 1.0).abs() < 1e-12);
        // −100 % / +200 %: triangular 0 … 1 … 3; P(X ≤ 1) = 1/3, so quantile(1/3) = 1.
        let d = Dist::from_range(100.0, 200.0).unwrap();
        assert_eq!(
            d,
            Dist::Triangular {
                min: 0.0,
                mode: 1.0,
                max: 3.0
            }
        );
        assert!((d.quantile(1.0 / 3.0) - 1.0).abs() < 1e-12);
        assert_eq!(Dist::from_range(0.0, 0.0), None);
        let u = Dist::Uniform { min: 0.8, max: 1.2 };
        assert!((u.quantile(0.25) - 0.9).abs() < 1e-15);
    }

    #[test]
    fn default_activity_ranges_by_category() {
        assert_eq!(default_activity_pct("1.A.1.a").map(|x| x.0), Some(5.0));
        assert_eq!(default_activity_pct("1.B.1.a").map(|x| x.0), Some(5.0));
        // Outside energy (the table above, typed from the Guidelines' uncertainty sections).
        assert_eq!(default_activity_pct("2.A.1").map(|x| x.0), Some(5.0));
        assert_eq!(default_activity_pct("3.A.2.h").map(|x| x.0), Some(20.0));
        assert_eq!(default_activity_pct("3.B.1.a").map(|x| x.0), Some(10.0));
        assert_eq!(default_activity_pct("3.C.7").map(|x| x.0), Some(10.0));
        assert_eq!(default_activity_pct("4.A.1").map(|x| x.0), Some(30.0));
        assert_eq!(default_activity_pct("4.C.1").map(|x| x.0), Some(10.0));
        assert_eq!(default_activity_pct("4.D.1").map(|x| x.0), Some(30.0));
        assert_eq!(default_activity_pct("5"), None);
    }
}
