//! The model of one draw: the Kaya identity at province level, or the sectoral model
//! ([`super::sectoral`]).
//!
//! Kaya: `GDP_t = GDP_{t−1} × (1 + g_t)`, `I_t = I_{t−1} × (1 + r_t)` with `I_base = CO2_base / GDP_base`,
//! and `CO2_t = GDP_t × I_t`. Units: GDP in 1e8 CNY, CO2 in Mt, intensity in t CO2 per 10⁴ CNY
//! (`I = 100 × CO2 / GDP`).
//!
//! Every driver (an annual rate of change) is drawn the same way, whatever the model. Random numbers are
//! consumed in a fixed order: the per-draw values of every driver (drivers in [`Scenario::drivers`] order,
//! within a driver in the order its uncertain rates were written), then, year by year, the per-year values of
//! every driver in the same order. A driver's [`Driver::shift`] (goal seeking) is added after drawing, so a
//! shifted run sees the same random numbers (common random numbers).

use super::spec::{Dist, Driver, Model, Per, Rate, Scenario};
use crate::error::{Error, Result};
use rand::Rng;
use rand_distr::{Distribution, Normal, StandardNormal};

/// One output variable: its key in `trajectories.csv` and its unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    /// Key, e.g. `co2`, `co2_industry`, `final_energy_coal`.
    pub key: String,
    /// Unit, e.g. `Mt`.
    pub unit: &'static str,
}

impl Variable {
    pub(super) fn new(key: impl Into<String>, unit: &'static str) -> Self {
        Variable {
            key: key.into(),
            unit,
        }
    }
}

/// Index of `gdp` in every model's variables.
pub const GDP: usize = 0;
/// Index of `co2`.
pub const CO2: usize = 1;
/// Index of `carbon_intensity`.
pub const INTENSITY: usize = 2;

/// The variables of a scenario's model, in output order: always `gdp` (1e8 CNY), `co2` (Mt) and
/// `carbon_intensity` (t CO2/1e4 CNY) first.
pub fn variables(s: &Scenario) -> Vec<Variable> {
    variables_of(&s.model)
}

/// The variables of a model, in output order (see [`variables`]).
pub fn variables_of(m: &Model) -> Vec<Variable> {
    match m {
        Model::Kaya { .. } => vec![
            Variable::new("gdp", "1e8 CNY"),
            Variable::new("co2", "Mt"),
            Variable::new("carbon_intensity", "t CO2/1e4 CNY"),
        ],
        Model::Sectoral(m) => m.variables(),
    }
}

/// The paths of one draw: `values[v * years + y]` is variable `v` of [`variables`] in year
/// `base_year + y`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Path {
    /// Number of years (base year included).
    pub years: usize,
    /// The values, variable-major.
    pub values: Vec<f64>,
}

impl Path {
    /// The series of variable `v`.
    pub fn series(&self, v: usize) -> &[f64] {
        &self.values[v * self.years..(v + 1) * self.years]
    }

    /// GDP, 1e8 CNY.
    pub fn gdp(&self) -> &[f64] {
        self.series(GDP)
    }

    /// CO2, Mt.
    pub fn co2(&self) -> &[f64] {
        self.series(CO2)
    }

    /// Carbon intensity, t CO2 per 10⁴ CNY.
    pub fn intensity(&self) -> &[f64] {
        self.series(INTENSITY)
    }
}

/// One value of a distribution of a rate.
pub fn sample<R: Rng + ?Sized>(dist: &Dist, rng: &mut R) -> f64 {
    match *dist {
        Dist::Normal { mean, sd } => match Normal::new(mean, sd) {
            Ok(n) => n.sample(rng),
            Err(_) => mean,
        },
        Dist::LogNormal { mu, sigma } => {
            let z: f64 = StandardNormal.sample(rng);
            (mu + sigma * z).exp() - 1.0
        }
        Dist::Triangular { min, mode, max } => {
            // Inverse CDF, so that a degenerate triangle (min = max) is simply its value.
            let u: f64 = rng.random();
            triangular_quantile(min, mode, max, u)
        }
        Dist::Uniform { min, max } => {
            let u: f64 = rng.random();
            min + u * (max - min)
        }
    }
}

fn triangular_quantile(min: f64, mode: f64, max: f64, u: f64) -> f64 {
    if max <= min {
        return min;
    }
    let c = (mode - min) / (max - min);
    if u < c {
        min + (u * (max - min) * (mode - min)).sqrt()
    } else {
        max - ((1.0 - u) * (max - min) * (max - mode)).sqrt()
    }
}

/// The median of a distribution of a rate (used by the central path).
pub fn median(dist: &Dist) -> f64 {
    match *dist {
        Dist::Normal { mean, .. } => mean,
        Dist::LogNormal { mu, .. } => mu.exp() - 1.0,
        Dist::Triangular { min, mode, max } => triangular_quantile(min, mode, max, 0.5),
        Dist::Uniform { min, max } => 0.5 * (min + max),
    }
}

/// How the uncertain rates are set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Drawn from their distributions.
    Sample,
    /// Every uncertain rate at its median (the central path, used by the decomposition).
    Central,
}

/// The rates of every driver in one year, drawn in the documented order.
pub struct Rates<'s> {
    drivers: &'s [Driver],
    drawn: Vec<Vec<f64>>,
    mode: Mode,
    /// `now[d]`: the rate of driver `d` in the current year.
    pub now: Vec<f64>,
}

impl<'s> Rates<'s> {
    /// Draws the per-draw values of every driver.
    pub fn new<R: Rng + ?Sized>(drivers: &'s [Driver], mode: Mode, rng: &mut R) -> Self {
        let drawn = drivers
            .iter()
            .map(|d| {
                d.uncertain
                    .iter()
                    .map(|u| match (mode, u.per) {
                        (Mode::Central, _) => median(&u.dist),
                        (Mode::Sample, Per::Draw) => sample(&u.dist, rng),
                        (Mode::Sample, Per::Year) => f64::NAN,
                    })
                    .collect()
            })
            .collect();
        Rates {
            drivers,
            drawn,
            mode,
            now: vec![0.0; drivers.len()],
        }
    }

    /// Sets [`Rates::now`] to the rates of year index `k` (year `base_year + 1 + k`); a rate of −100 % or
    /// below is an input error naming the driver, the draw and the year.
    pub fn year<R: Rng + ?Sized>(
        &mut self,
        k: usize,
        base_year: i32,
        draw: u64,
        rng: &mut R,
    ) -> Result<()> {
        for (i, d) in self.drivers.iter().enumerate() {
            let r = match d.rates[k] {
                Rate::Fixed(r) => r,
                Rate::Drawn(j) => match (self.mode, d.uncertain[j].per) {
                    (Mode::Sample, Per::Year) => sample(&d.uncertain[j].dist, rng),
                    _ => self.drawn[i][j],
                },
            } + d.shift;
            if !(r > -1.0 && r.is_finite()) {
                return Err(Error::input(
                    Some(d.location.clone()),
                    format!(
                        "{}: draw {draw} gave a rate of {r} for {}; a rate must stay above -1 (-100 %): narrow the distribution or use lognormal",
                        d.name,
                        base_year + 1 + k as i32
                    ),
                ));
            }
            self.now[i] = r;
        }
        Ok(())
    }
}

/// Computes one draw's paths. A drawn rate of −100 % or below (possible with a wide normal) is an input
/// error naming the driver and the draw: the distribution admits impossible values.
pub fn path<R: Rng + ?Sized>(s: &Scenario, draw: u64, rng: &mut R) -> Result<Path> {
    path_with(s, draw, rng, Mode::Sample)
}

/// [`path`] with the rates sampled or at their medians.
pub fn path_with<R: Rng + ?Sized>(
    s: &Scenario,
    draw: u64,
    rng: &mut R,
    mode: Mode,
) -> Result<Path> {
    let mut p = Path::default();
    path_into_with(s, draw, rng, mode, &mut p)?;
    Ok(p)
}

/// [`path`] written into `p` (its buffer is reused: no allocation per draw for the values).
pub fn path_into<R: Rng + ?Sized>(
    s: &Scenario,
    draw: u64,
    rng: &mut R,
    p: &mut Path,
) -> Result<()> {
    path_into_with(s, draw, rng, Mode::Sample, p)
}

fn path_into_with<R: Rng + ?Sized>(
    s: &Scenario,
    draw: u64,
    rng: &mut R,
    mode: Mode,
    p: &mut Path,
) -> Result<()> {
    let n = s.n_years();
    let mut rates = Rates::new(&s.drivers, mode, rng);
    p.years = n;
    let values = &mut p.values;
    match &s.model {
        Model::Kaya { base_gdp, base_co2 } => {
            values.clear();
            values.resize(3 * n, 0.0);
            let (mut gdp, mut i) = (*base_gdp, 100.0 * base_co2 / base_gdp);
            values[0] = gdp;
            values[n] = *base_co2;
            values[2 * n] = i;
            for k in 0..n - 1 {
                rates.year(k, s.base_year, draw, rng)?;
                gdp *= 1.0 + rates.now[0];
                i *= 1.0 + rates.now[1];
                values[k + 1] = gdp;
                values[n + k + 1] = gdp * i / 100.0;
                values[2 * n + k + 1] = i;
            }
            Ok(())
        }
        Model::Sectoral(m) => {
            let nv = m.n_variables();
            values.clear();
            values.resize(nv * n, 0.0);
            let mut st = m.start();
            let mut buf = vec![0.0; nv];
            m.outputs(&st, &mut buf);
            for (v, x) in buf.iter().enumerate() {
                values[v * n] = *x;
            }
            for k in 0..n - 1 {
                rates.year(k, s.base_year, draw, rng)?;
                m.advance(&mut st, &rates.now);
                m.outputs(&st, &mut buf);
                for (v, x) in buf.iter().enumerate() {
                    values[v * n + k + 1] = *x;
                }
            }
            Ok(())
        }
    }
}

/// One year's factors: `(sub-category, factors)` per sub-category.
pub type YearFactors = Vec<(String, Vec<f64>)>;

/// The names of the factors of [`central_factors`], in order.
pub fn factor_names(s: &Scenario) -> &'static [&'static str] {
    match &s.model {
        Model::Kaya { .. } => &["gdp", "carbon_intensity"],
        Model::Sectoral(_) => &super::sectoral::FACTORS,
    }
}

/// The factors of the emission identity along the central path (every uncertain rate at its median), per
/// year: `[(sub-category, factors)]` with `CO2_t = Σ_i Π_k x_{k,i}` (Mt). Kaya: one sub-category `total`
/// with GDP (1e8 CNY) and intensity (Mt per 1e8 CNY); sectoral: see [`super::sectoral::Sectoral::factors`].
pub fn central_factors(s: &Scenario) -> Result<Vec<YearFactors>> {
    let n = s.n_years();
    let mut rng = super::rng::Source::new(0).for_draw(0);
    let mut rates = Rates::new(&s.drivers, Mode::Central, &mut rng);
    let mut out = Vec::with_capacity(n);
    match &s.model {
        Model::Kaya { base_gdp, base_co2 } => {
            let (mut gdp, mut i) = (*base_gdp, base_co2 / base_gdp);
            out.push(vec![("total".to_string(), vec![gdp, i])]);
            for k in 0..n - 1 {
                rates.year(k, s.base_year, 0, &mut rng)?;
                gdp *= 1.0 + rates.now[0];
                i *= 1.0 + rates.now[1];
                out.push(vec![("total".to_string(), vec![gdp, i])]);
            }
        }
        Model::Sectoral(m) => {
            let mut st = m.start();
            out.push(m.factors(&st));
            for k in 0..n - 1 {
                rates.year(k, s.base_year, 0, &mut rng)?;
                m.advance(&mut st, &rates.now);
                out.push(m.factors(&st));
            }
        }
    }
    Ok(out)
}
