//! Index decomposition by LMDI-I (Ang 2005), additive and multiplicative.
//!
//! # Method
//!
//! An aggregate `V = Σ_i V_i` over sub-categories `i` (sectors, sector × fuel …), each a product of `n`
//! factors, `V_i = Π_k x_{k,i}`, changes from period 0 to period T. LMDI-I (Ang, B.W. 2005, "The LMDI
//! approach to decomposition analysis: a practical guide", Energy Policy 33, 867–871, Table 1 and eqs. 3–4)
//! splits the change into one effect per factor:
//!
//! - additive: `ΔV_k = Σ_i L(V_i^T, V_i^0) ln(x_{k,i}^T / x_{k,i}^0)`, and `Σ_k ΔV_k = V^T − V^0` exactly;
//! - multiplicative: `D_k = exp(Σ_i L(V_i^T, V_i^0) / L(V^T, V^0) × ln(x_{k,i}^T / x_{k,i}^0))`, and
//!   `Π_k D_k = V^T / V^0` exactly; equivalently `ln D_k = ΔV_k / L(V^T, V^0)`, which is how it is computed.
//!
//! with the logarithmic mean `L(a, b) = (a − b) / (ln a − ln b)` and `L(a, a) = a`.
//!
//! # Zero values
//!
//! A sub-category may be absent in one period (a fuel not yet used: a zero share). Ang & Liu (2007),
//! "Handling zero values in the logarithmic mean Divisia index decomposition approach", Energy Policy 35,
//! 238–246, replace each zero by a small δ (10⁻¹⁰ … 10⁻²⁰) and show that the results converge as δ → 0.
//! ghgkit uses those limits directly (their Table 1), which keeps the decomposition perfect:
//!
//! - `V_i^0 = 0` and `V_i^T > 0` (the sub-category appears): its change `V_i^T` goes to the factors that
//!   are zero in period 0, in equal parts (all of it to the one factor in the usual case); the other
//!   factors get nothing from this sub-category;
//! - `V_i^0 > 0` and `V_i^T = 0` (it disappears): `−V_i^0` likewise to the factors zero in period T;
//! - both zero: no contribution.
//!
//! Negative factor values are refused (LMDI needs positive data; Ang & Liu 2007 §4 treat negatives
//! separately). A sub-category missing in one period is read as zero there: every factor zero.
//!
//! # Input of `ghgkit decompose`
//!
//! A CSV or a sheet (first sheet of an xlsx/xls/ods) with the columns `period` (a year or any label),
//! `sub` (the sub-category; `sector` and `category` are accepted too), then one column per factor, named
//! freely (e.g. `activity (1e8 CNY)`, `intensity (tce/1e4 CNY)`, `emission factor (t CO2/tce)`), and
//! optionally `value` (`V_i`, checked against the product of the factors to 1e-6 relative). Periods are
//! taken in the order they first appear; each consecutive pair is decomposed, and the first against the
//! last when there are more than two.

pub mod data;

use crate::error::{Error, Result};

/// The logarithmic mean `L(a, b) = (a − b) / (ln a − ln b)`, `L(a, a) = a` (for positive `a`, `b`).
pub fn logmean(a: f64, b: f64) -> f64 {
    if a == b {
        return a;
    }
    let d = a.ln() - b.ln();
    if d.abs() < 1e-12 {
        // a ≈ b: (a − b)/ln(a/b) → the mean, avoiding a cancellation error.
        return 0.5 * (a + b);
    }
    (a - b) / d
}

/// One sub-category in one period: its name and its factors (`V_i = Π_k x_{k,i}`).
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    /// Sub-category.
    pub sub: String,
    /// Factors, in the order of the factor names.
    pub factors: Vec<f64>,
}

impl Observation {
    /// `V_i`.
    pub fn value(&self) -> f64 {
        self.factors.iter().product()
    }
}

/// One effect: a factor's name and its contribution.
#[derive(Clone, Debug, PartialEq)]
pub struct Effect {
    /// Factor name.
    pub factor: String,
    /// Additive: the change it explains (units of V); multiplicative: the ratio it explains.
    pub value: f64,
}

/// The decomposition of one change.
#[derive(Clone, Debug, PartialEq)]
pub struct Decomposition {
    /// Label of period 0.
    pub from: String,
    /// Label of period T.
    pub to: String,
    /// `V^0`.
    pub v0: f64,
    /// `V^T`.
    pub vt: f64,
    /// Additive effects, one per factor; they sum to `vt − v0`.
    pub additive: Vec<Effect>,
    /// Multiplicative effects, one per factor; their product is `vt / v0` (empty if `v0` or `vt` is 0).
    pub multiplicative: Vec<Effect>,
}

/// LMDI-I between two periods. Sub-categories are matched by name; one missing in a period counts as zero
/// there. Every factor must be finite and non-negative.
pub fn lmdi(
    factors: &[&str],
    from: &str,
    to: &str,
    p0: &[Observation],
    pt: &[Observation],
) -> Result<Decomposition> {
    let n = factors.len();
    let mut subs: Vec<&str> = p0.iter().map(|o| o.sub.as_str()).collect();
    for o in pt {
        if !subs.contains(&o.sub.as_str()) {
            subs.push(&o.sub);
        }
    }
    for o in p0.iter().chain(pt) {
        if o.factors.len() != n {
            return Err(Error::Internal(format!(
                "LMDI: {} has {} factors, expected {n}",
                o.sub,
                o.factors.len()
            )));
        }
        if let Some(x) = o.factors.iter().find(|x| !(x.is_finite() && **x >= 0.0)) {
            return Err(Error::input(
                None,
                format!(
                    "LMDI: {} has a factor of {x}; factors must be finite and not negative",
                    o.sub
                ),
            ));
        }
    }
    let zeros = vec![0.0; n];
    let mut eff = vec![0.0; n];
    let (mut v0, mut vt) = (0.0, 0.0);
    for s in subs {
        let x0 = p0
            .iter()
            .find(|o| o.sub == s)
            .map_or(&zeros, |o| &o.factors);
        let xt = pt
            .iter()
            .find(|o| o.sub == s)
            .map_or(&zeros, |o| &o.factors);
        let a: f64 = x0.iter().product();
        let b: f64 = xt.iter().product();
        v0 += a;
        vt += b;
        match (a > 0.0, b > 0.0) {
            (true, true) => {
                let l = logmean(b, a);
                for k in 0..n {
                    eff[k] += l * (xt[k] / x0[k]).ln();
                }
            }
            (false, true) => {
                let zero: Vec<usize> = (0..n).filter(|&k| x0[k] == 0.0).collect();
                for &k in &zero {
                    eff[k] += b / zero.len() as f64;
                }
            }
            (true, false) => {
                let zero: Vec<usize> = (0..n).filter(|&k| xt[k] == 0.0).collect();
                for &k in &zero {
                    eff[k] -= a / zero.len() as f64;
                }
            }
            (false, false) => {}
        }
    }
    let additive = factors
        .iter()
        .zip(&eff)
        .map(|(f, v)| Effect {
            factor: f.to_string(),
            value: *v,
        })
        .collect();
    let multiplicative = if v0 > 0.0 && vt > 0.0 {
        let l = logmean(vt, v0);
        factors
            .iter()
            .zip(&eff)
            .map(|(f, v)| Effect {
                factor: f.to_string(),
                value: (v / l).exp(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Decomposition {
        from: from.to_string(),
        to: to.to_string(),
        v0,
        vt,
        additive,
        multiplicative,
    })
}

/// `decomposition.csv` rows for some decompositions: `case, from, to, method, effect, value`, where
/// `case` names what is decomposed (a scenario against its baseline, or the input file); per decomposition
/// `v_from`, `v_to`, then the additive effects and their `total` (= v_to − v_from), then the multiplicative
/// effects and their `total` (= v_to / v_from). UTF-8 with BOM.
pub fn decomposition_csv(cases: &[(String, Vec<Decomposition>)], unit: &str) -> Result<Vec<u8>> {
    let mut buf = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        let e = |e: csv::Error| Error::Internal(format!("decomposition.csv: {e}"));
        w.write_record(["case", "from", "to", "method", "effect", "value", "unit"])
            .map_err(e)?;
        for (case, ds) in cases {
            let case = crate::report::excel_safe(case);
            for d in ds {
                let (from, to) = (
                    crate::report::excel_safe(&d.from),
                    crate::report::excel_safe(&d.to),
                );
                let mut row = |method: &str, effect: &str, value: f64, unit: &str| {
                    w.write_record([
                        case.as_ref(),
                        from.as_ref(),
                        to.as_ref(),
                        method,
                        effect,
                        &value.to_string(),
                        unit,
                    ])
                };
                row("level", "v_from", d.v0, unit).map_err(e)?;
                row("level", "v_to", d.vt, unit).map_err(e)?;
                for x in &d.additive {
                    row("additive", &x.factor, x.value, unit).map_err(e)?;
                }
                row("additive", "total", d.vt - d.v0, unit).map_err(e)?;
                for x in &d.multiplicative {
                    row("multiplicative", &x.factor, x.value, "ratio").map_err(e)?;
                }
                if !d.multiplicative.is_empty() {
                    row("multiplicative", "total", d.vt / d.v0, "ratio").map_err(e)?;
                }
            }
        }
        w.flush()
            .map_err(|x| Error::Internal(format!("decomposition.csv: {x}")))?;
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(sub: &str, f: &[f64]) -> Observation {
        Observation {
            sub: sub.into(),
            factors: f.to_vec(),
        }
    }

    #[test]
    fn logmean_limits() {
        assert_eq!(logmean(2.0, 2.0), 2.0);
        // L(e, 1) = (e − 1)/1.
        let e = std::f64::consts::E;
        assert!((logmean(e, 1.0) - (e - 1.0)).abs() < 1e-15);
        assert!((logmean(1.0 + 1e-14, 1.0) - 1.0).abs() < 1e-13);
    }

    #[test]
    fn one_sub_category_two_factors() {
        // V = x1 x2: 2 × 3 = 6 → 4 × 3 = 12. L(12, 6) = 6 / ln 2; Δ1 = L ln 2 = 6, Δ2 = 0; D1 = 2, D2 = 1.
        let d = lmdi(
            &["a", "b"],
            "0",
            "T",
            &[obs("s", &[2.0, 3.0])],
            &[obs("s", &[4.0, 3.0])],
        )
        .unwrap();
        assert!((d.additive[0].value - 6.0).abs() < 1e-12);
        assert_eq!(d.additive[1].value, 0.0);
        assert!((d.multiplicative[0].value - 2.0).abs() < 1e-12);
        assert!((d.multiplicative[1].value - 1.0).abs() < 1e-12);
    }

    #[test]
    fn appearing_sub_category_goes_to_its_zero_factor() {
        // s2 appears with mix share 0 → 0.5: all its 0 → 5 goes to the mix effect.
        let p0 = [obs("s1", &[10.0, 1.0]), obs("s2", &[10.0, 0.0])];
        let pt = [obs("s1", &[10.0, 0.5]), obs("s2", &[10.0, 0.5])];
        let d = lmdi(&["activity", "mix"], "0", "T", &p0, &pt).unwrap();
        // s1: 10 → 5: L(5, 10) ln(0.5) = −5 to mix. s2: +5 to mix. Activity unchanged.
        assert!(d.additive[0].value.abs() < 1e-12);
        assert!(d.additive[1].value.abs() < 1e-12);
        assert_eq!((d.v0, d.vt), (10.0, 10.0));
        let e = lmdi(&["a"], "0", "T", &[obs("s", &[-1.0])], &[obs("s", &[1.0])]);
        assert!(e.is_err());
    }
}
