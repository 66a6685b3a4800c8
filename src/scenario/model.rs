//! The model of one draw: the Kaya identity at province level.
//!
//! `GDP_t = GDP_{t−1} × (1 + g_t)`, `I_t = I_{t−1} × (1 + r_t)` with `I_base = CO2_base / GDP_base`, and
//! `CO2_t = GDP_t × I_t`. Units: GDP in 1e8 CNY, CO2 in Mt, intensity in t CO2 per 10⁴ CNY
//! (`I = 100 × CO2 / GDP`).
//!
//! Random numbers are consumed in a fixed order: the per-draw values of the GDP driver (in the order its
//! uncertain rates were written), then those of the intensity driver; then, year by year, the per-year
//! values of GDP and of intensity.

use super::spec::{Dist, Driver, Per, Rate, Scenario};
use crate::error::{Error, Result};
use rand::Rng;
use rand_distr::{Distribution, Normal, StandardNormal};

/// The paths of one draw, one value per year `base_year..=end_year`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Path {
    /// GDP, 1e8 CNY.
    pub gdp: Vec<f64>,
    /// Carbon intensity, t CO2 per 10⁴ CNY.
    pub intensity: Vec<f64>,
    /// CO2, Mt.
    pub co2: Vec<f64>,
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
        Dist::Uniform { min, max } => {
            let u: f64 = rng.random();
            min + u * (max - min)
        }
    }
}

fn per_draw<R: Rng + ?Sized>(d: &Driver, rng: &mut R) -> Vec<f64> {
    d.uncertain
        .iter()
        .map(|u| match u.per {
            Per::Draw => sample(&u.dist, rng),
            Per::Year => f64::NAN,
        })
        .collect()
}

fn rate_of<R: Rng + ?Sized>(d: &Driver, i: usize, drawn: &[f64], rng: &mut R) -> f64 {
    match d.rates[i] {
        Rate::Fixed(r) => r,
        Rate::Drawn(k) => match d.uncertain[k].per {
            Per::Draw => drawn[k],
            Per::Year => sample(&d.uncertain[k].dist, rng),
        },
    }
}

/// Computes one draw's paths. A drawn rate of −100 % or below (possible with a wide normal) is an input
/// error naming the driver and the draw: the distribution admits impossible values.
pub fn path<R: Rng + ?Sized>(s: &Scenario, draw: u64, rng: &mut R) -> Result<Path> {
    let n = (s.end_year - s.base_year) as usize + 1;
    let mut p = Path {
        gdp: Vec::with_capacity(n),
        intensity: Vec::with_capacity(n),
        co2: Vec::with_capacity(n),
    };
    let g_drawn = per_draw(&s.gdp, rng);
    let r_drawn = per_draw(&s.carbon_intensity, rng);
    let (mut gdp, mut i) = (s.base_gdp, s.base_intensity());
    p.gdp.push(gdp);
    p.intensity.push(i);
    p.co2.push(s.base_co2);
    for k in 0..n - 1 {
        let g = rate_of(&s.gdp, k, &g_drawn, rng);
        let r = rate_of(&s.carbon_intensity, k, &r_drawn, rng);
        for (x, d, what) in [
            (g, &s.gdp, "growth.gdp"),
            (r, &s.carbon_intensity, "growth.carbon_intensity"),
        ] {
            if !(x > -1.0 && x.is_finite()) {
                return Err(Error::input(
                    Some(d.location.clone()),
                    format!(
                        "{what}: draw {draw} gave a rate of {x} for {}; a rate must stay above -1 (-100 %): narrow the distribution or use lognormal",
                        s.base_year + 1 + k as i32
                    ),
                ));
            }
        }
        gdp *= 1.0 + g;
        i *= 1.0 + r;
        p.gdp.push(gdp);
        p.intensity.push(i);
        p.co2.push(gdp * i / 100.0);
    }
    Ok(p)
}
