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
use std::collections::BTreeMap;

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
            if !valid(r) {
                return Err(bad_rate(d, draw, r, base_year + 1 + k as i32));
            }
            self.now[i] = r;
        }
        Ok(())
    }
}

/// Whether a rate is possible: above −100 % and finite.
#[inline]
fn valid(r: f64) -> bool {
    r > -1.0 && r.is_finite()
}

/// The error for an impossible rate `r` of driver `d` in `year` of draw `draw`.
fn bad_rate(d: &Driver, draw: u64, r: f64, year: i32) -> Error {
    Error::input(
        Some(d.location.clone()),
        format!(
            "{}: draw {draw} gave a rate of {r} for {year}; a rate must stay above -1 (-100 %): narrow the distribution or use lognormal",
            d.name
        ),
    )
}

/// The rates of every driver and year as a table of where each comes from, built once per scenario
/// (see [`Drawer`]): a pool of values (the fixed rates plus their shift, then the per-draw values plus
/// their driver's shift, refilled each draw) and, per year and driver, an index into it.
#[derive(Clone, Debug)]
struct Plan {
    /// The pool; `pool[..fixed]` never changes.
    pool: Vec<f64>,
    fixed: usize,
    /// The per-draw uncertain rates in drawing order: (driver, uncertain index).
    drawn: Vec<(usize, usize)>,
    /// Whether a pool entry is used by some year (only those are checked, as [`Rates::year`] does).
    used: Vec<bool>,
    /// `src[k × drivers + i]`: the pool index of driver `i`'s rate in year index `k`.
    src: Vec<u32>,
}

impl Plan {
    /// The plan of `s`, or `None` when the table cannot stand for [`Rates`]: a rate drawn each year
    /// (`per = "year"`: random numbers are then consumed year by year) or an impossible fixed rate (the
    /// error is raised by [`Rates::year`] in its order).
    fn new(s: &Scenario) -> Option<Plan> {
        let drivers = &s.drivers;
        if drivers
            .iter()
            .any(|d| d.uncertain.iter().any(|u| u.per == Per::Year))
        {
            return None;
        }
        let years = s.n_years() - 1;
        let mut pool = Vec::new();
        let mut fixed_at = BTreeMap::new();
        let mut src = vec![0u32; years * drivers.len()];
        for (i, d) in drivers.iter().enumerate() {
            for (k, rate) in d.rates.iter().enumerate().take(years) {
                if let Rate::Fixed(r) = *rate {
                    let r = r + d.shift;
                    if !valid(r) {
                        return None;
                    }
                    let at = *fixed_at.entry((i, r.to_bits())).or_insert_with(|| {
                        pool.push(r);
                        pool.len() - 1
                    });
                    src[k * drivers.len() + i] = at as u32;
                }
            }
        }
        let fixed = pool.len();
        let mut drawn = Vec::new();
        let mut first = Vec::new();
        for (i, d) in drivers.iter().enumerate() {
            first.push(fixed + drawn.len());
            drawn.extend((0..d.uncertain.len()).map(|j| (i, j)));
        }
        pool.resize(fixed + drawn.len(), 0.0);
        let mut used = vec![false; pool.len()];
        for (i, d) in drivers.iter().enumerate() {
            for (k, rate) in d.rates.iter().enumerate().take(years) {
                let at = match *rate {
                    Rate::Fixed(_) => src[k * drivers.len() + i] as usize,
                    Rate::Drawn(j) => first[i] + j,
                };
                src[k * drivers.len() + i] = at as u32;
                used[at] = true;
            }
        }
        (pool.len() < u32::MAX as usize).then_some(Plan {
            pool,
            fixed,
            drawn,
            used,
            src,
        })
    }
}

/// Computes the draws of one scenario with buffers reused from draw to draw (no allocation per draw): the
/// same paths, random numbers and errors as [`path`]. When every uncertain rate is drawn once per draw,
/// the rates of each year are taken from a table built once ([`Plan`]) instead of being looked up driver by
/// driver: the values are the same (`rate + shift`, each computed once per draw instead of once per year).
pub struct Drawer<'s> {
    s: &'s Scenario,
    plan: Option<Plan>,
    now: Vec<f64>,
    state: Option<super::sectoral::State>,
    buf: Vec<f64>,
}

impl<'s> Drawer<'s> {
    /// The drawer of `s`.
    pub fn new(s: &'s Scenario) -> Self {
        Drawer {
            s,
            plan: Plan::new(s),
            now: vec![0.0; s.drivers.len()],
            state: match &s.model {
                Model::Sectoral(m) => Some(m.start()),
                Model::Kaya { .. } => None,
            },
            buf: Vec::new(),
        }
    }

    /// Draw `draw`'s paths into `p`, from `rng` (the draw's generator, [`super::rng::Source::for_draw`]).
    pub fn path_into<R: Rng + ?Sized>(
        &mut self,
        draw: u64,
        rng: &mut R,
        p: &mut Path,
    ) -> Result<()> {
        let s = self.s;
        let Some(plan) = self.plan.as_mut() else {
            return path_into(s, draw, rng, p);
        };
        let drivers = &s.drivers;
        let mut bad = false;
        for (at, &(i, j)) in plan.drawn.iter().enumerate() {
            let d = &drivers[i];
            let r = sample(&d.uncertain[j].dist, rng) + d.shift;
            let at = plan.fixed + at;
            bad |= plan.used[at] && !valid(r);
            plan.pool[at] = r;
        }
        let nd = drivers.len();
        let n = s.n_years();
        if bad {
            // The first impossible rate in year order, then driver order, as [`Rates::year`] finds it.
            for k in 0..n - 1 {
                for (i, d) in drivers.iter().enumerate() {
                    let r = plan.pool[plan.src[k * nd + i] as usize];
                    if !valid(r) {
                        return Err(bad_rate(d, draw, r, s.base_year + 1 + k as i32));
                    }
                }
            }
        }
        let (pool, src) = (&plan.pool, &plan.src);
        p.years = n;
        evolve(
            &s.model,
            n,
            &mut p.values,
            &mut self.state,
            &mut self.buf,
            &mut self.now,
            |k, now| {
                for (x, &at) in now.iter_mut().zip(&src[k * nd..(k + 1) * nd]) {
                    *x = pool[at as usize];
                }
                Ok(())
            },
        )
    }
}

/// One draw's paths written into `values` (variable-major, `n` years): the model stepped from the base
/// year with the rates `next_rates(k, now)` writes into `now` for the step from year `k` to `k + 1`. The
/// one computation behind [`Drawer`] (rates from its table) and [`path`] (rates drawn year by year), so
/// that both give the same values bit for bit. `state` is the sectoral model's state (made here when
/// `None`, restarted otherwise), `buf` its outputs of one year.
fn evolve(
    model: &Model,
    n: usize,
    values: &mut Vec<f64>,
    state: &mut Option<super::sectoral::State>,
    buf: &mut Vec<f64>,
    now: &mut [f64],
    mut next_rates: impl FnMut(usize, &mut [f64]) -> Result<()>,
) -> Result<()> {
    match model {
        Model::Kaya { base_gdp, base_co2 } => {
            values.clear();
            values.resize(3 * n, 0.0);
            let (mut gdp, mut i) = (*base_gdp, 100.0 * base_co2 / base_gdp);
            values[0] = gdp;
            values[n] = *base_co2;
            values[2 * n] = i;
            for k in 0..n - 1 {
                next_rates(k, now)?;
                gdp *= 1.0 + now[0];
                i *= 1.0 + now[1];
                values[k + 1] = gdp;
                values[n + k + 1] = gdp * i / 100.0;
                values[2 * n + k + 1] = i;
            }
        }
        Model::Sectoral(m) => {
            let nv = m.n_variables();
            values.clear();
            values.resize(nv * n, 0.0);
            let st = match state {
                Some(st) => {
                    m.restart(st);
                    st
                }
                None => state.insert(m.start()),
            };
            buf.clear();
            buf.resize(nv, 0.0);
            m.outputs(st, buf);
            for (v, x) in buf.iter().enumerate() {
                values[v * n] = *x;
            }
            for k in 0..n - 1 {
                next_rates(k, now)?;
                m.advance(st, now);
                m.outputs(st, buf);
                for (v, x) in buf.iter().enumerate() {
                    values[v * n + k + 1] = *x;
                }
            }
        }
    }
    Ok(())
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
    let mut now = vec![0.0; s.drivers.len()];
    evolve(
        &s.model,
        n,
        &mut p.values,
        &mut None,
        &mut Vec::new(),
        &mut now,
        |k, now| {
            rates.year(k, s.base_year, draw, rng)?;
            now.copy_from_slice(&rates.now);
            Ok(())
        },
    )
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

#[cfg(test)]
mod tests {
    use super::super::rng::Source;
    use super::super::spec;
    use super::*;

    fn parse(text: &str) -> Scenario {
        let text = &text[..text.find("[goal]").unwrap_or(text.len())];
        spec::parse_many(&[("s.toml".into(), text.into())], 1)
            .unwrap()
            .remove(0)
    }

    #[test]
    fn the_drawer_gives_the_paths_and_errors_of_path() {
        // Per-draw rates (the table), per-year rates (the plain lookup) and rates that can fall to −100 %
        // (the error of the first impossible year and driver).
        let sect = parse(include_str!("../../scenarios/hubei-sectoral.toml"));
        let simple = parse(include_str!("../../scenarios/simple.toml"));
        let mut per_year = simple.clone();
        let mut wide = simple.clone();
        let t = include_str!("../../scenarios/simple.toml");
        for (s, from, to) in [
            (
                &mut per_year,
                "normal = { mean = -0.045, sd = 0.01 } }",
                "normal = { mean = -0.045, sd = 0.01 }, per = \"year\" }",
            ),
            (&mut wide, "sd = 0.01", "sd = 0.6"),
        ] {
            assert!(t.contains(from));
            *s = parse(&t.replace(from, to));
        }
        let source = Source::new(9);
        let mut errors = 0;
        for s in [&sect, &simple, &per_year, &wide] {
            let mut drawer = Drawer::new(s);
            let mut p = Path::default();
            for d in 0..300u64 {
                let want = path(s, d, &mut source.for_draw(d));
                let got = drawer.path_into(d, &mut source.for_draw(d), &mut p);
                match (want, got) {
                    (Ok(w), Ok(())) => assert_eq!(
                        w.values.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                        p.values.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
                    ),
                    (Err(a), Err(b)) => {
                        assert_eq!(a.to_string(), b.to_string());
                        errors += 1;
                    }
                    (a, b) => panic!("{}: draw {d}: {a:?} vs {b:?}", s.name),
                }
            }
        }
        // sd = 0.6 around −0.045: a rate below −1 in about 6 % of the draws (z < −1.59).
        assert!(errors > 5, "{errors}");
    }
}
