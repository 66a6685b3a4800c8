//! The quantile sketch of the scenario engine against exact sorted quantiles, on generated data, within its
//! documented accuracy (`scenario::sketch::RELATIVE_ACCURACY`, 1e-4 relative); and the engine's summaries
//! against exact percentiles of the same draws (kept with `keep_draws`).

use ghgkit::scenario::sketch::{RELATIVE_ACCURACY, Sketch};
use ghgkit::scenario::summary::quantile;
use ghgkit::scenario::{self, engine::Options};

/// A small deterministic generator (SplitMix64), so the data do not come from the code under test.
fn splitmix(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}

const PS: [f64; 7] = [0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0];

fn check(xs: &[f64], what: &str) {
    let mut sk = Sketch::new();
    // Inserted in pieces, one sketch per piece, merged: as the engine's threads do.
    let mut parts: Vec<Sketch> = Vec::new();
    for c in xs.chunks(997) {
        let mut s = Sketch::new();
        if c.len() % 2 == 0 {
            s.add_slice(c);
        } else {
            c.iter().for_each(|&x| s.add(x));
        }
        parts.push(s);
    }
    for p in parts.iter().rev() {
        sk.merge(p);
    }
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let got = sk.quantiles(&PS);
    for (p, g) in PS.iter().zip(got) {
        let want = quantile(&sorted, *p);
        assert!(
            (g - want).abs() <= RELATIVE_ACCURACY * want.abs(),
            "{what}: p{p}: sketch {g} vs exact {want}"
        );
        if *p == 0.0 || *p == 1.0 {
            assert_eq!(g, want, "{what}: the extremes are exact");
        }
    }
}

#[test]
fn sketch_quantiles_match_exact_sorted_quantiles_within_the_documented_accuracy() {
    let mut st = 12345u64;
    // Lognormal-like (many octaves), uniform on a narrow band, normal around a mean, all-negative values,
    // values with atoms (ties), tiny samples.
    let n = 100_000;
    let lognormal: Vec<f64> = (0..n)
        .map(|_| {
            // Box–Muller from two uniforms.
            let (u, v) = (splitmix(&mut st).max(1e-300), splitmix(&mut st));
            let z = (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos();
            (3.0 + 1.5 * z).exp()
        })
        .collect();
    check(&lognormal, "lognormal");
    let narrow: Vec<f64> = (0..n).map(|_| 330.0 + splitmix(&mut st)).collect();
    check(&narrow, "narrow uniform");
    let negative: Vec<f64> = (0..n).map(|_| -1e-3 - splitmix(&mut st)).collect();
    check(&negative, "negative");
    let atoms: Vec<f64> = (0..n)
        .map(|_| (splitmix(&mut st) * 5.0).floor() * 2.5 + 1.0)
        .collect();
    check(&atoms, "ties");
    check(&[7.0], "one value");
    check(&[2.0, 1.0], "two values");
}

#[test]
fn engine_percentiles_are_within_the_accuracy_of_the_exact_ones_of_the_same_draws() {
    // keep_draws keeps every value: the exact type-7 percentiles of those values, sorted here, against the
    // engine's (sketch) percentiles, for every variable and year of the sectoral Hubei scenario.
    let text = include_str!("../scenarios/hubei-sectoral.toml");
    let text = &text[..text.find("[goal]").unwrap_or(text.len())];
    let s = scenario::spec::parse_many(&[("hubei-sectoral.toml".into(), text.into())], 1).unwrap();
    let mut o = Options::new(5000, 3);
    o.keep_draws = true;
    let out = scenario::engine::simulate(&s[0], o).unwrap();
    let draws = out.draws.as_ref().unwrap();
    for (v, var) in out.variables.iter().enumerate() {
        for (y, st) in out.stats[v].iter().enumerate() {
            let mut xs = draws[v][y].clone();
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            assert!(
                (st.mean - mean).abs() <= 1e-12 * mean.abs(),
                "{} mean",
                var.key
            );
            xs.sort_by(f64::total_cmp);
            for (p, g) in [0.05, 0.25, 0.5, 0.75, 0.95]
                .into_iter()
                .zip([st.p5, st.p25, st.p50, st.p75, st.p95])
            {
                let want = quantile(&xs, p);
                assert!(
                    (g - want).abs() <= RELATIVE_ACCURACY * want.abs(),
                    "{} year {y} p{p}: {g} vs {want}",
                    var.key
                );
            }
        }
    }
}
