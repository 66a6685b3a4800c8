//! Scenario engine benchmark: 100,000 Monte Carlo draws of the sectoral Hubei scenario
//! (`scenarios/hubei-sectoral.toml`: 6 end-use sectors, cement process, 5-source power mix, 41 projected
//! years 2019-2060, 21 variables), on 1 and 2 threads, summaries included (the goal seeking of the file is
//! left out: it repeats the run about 20 times).
//!
//! Run: `cargo bench --bench scenario`. Numbers and commands are in BENCHMARKS.md (section Scenarios).

use ghgkit::scenario::{self, engine::Options};

fn main() {
    divan::main();
}

fn sectoral() -> scenario::Scenario {
    let text = include_str!("../scenarios/hubei-sectoral.toml");
    let text = &text[..text.find("[goal]").unwrap_or(text.len())];
    let mut v = scenario::spec::parse_many(&[("hubei-sectoral.toml".into(), text.into())], 1)
        .expect("the sectoral scenario parses");
    v.remove(0)
}

#[divan::bench(args = [1, 2], sample_count = 3, sample_size = 1)]
fn sectoral_100k_draws(bencher: divan::Bencher, threads: usize) {
    let s = sectoral();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    bencher.bench_local(|| {
        pool.install(|| scenario::engine::simulate(&s, Options::new(100_000, 1)))
            .expect("runs")
    });
}
