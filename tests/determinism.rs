//! End-to-end determinism: the same inputs give the same bytes in every output file — whatever the number of
//! threads, run after run. The comparison covers every file a command writes (listed from the output folder,
//! so that outputs added later are covered without touching this test).

mod common;
use common::{ghgkit, shared_data, tempdir, text};
use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn assert_same(a: &Path, b: &Path, what: &str) {
    let (fa, fb) = (files(a), files(b));
    assert!(!fa.is_empty(), "{what}: nothing written");
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "{what}: different files"
    );
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{what}: {name} differs");
    }
}

#[test]
fn run_gives_the_same_bytes_for_one_and_two_threads_and_twice() {
    let d = tempdir();
    for (out, threads) in [("t1", "1"), ("t2", "2"), ("t2-again", "2")] {
        let o = ghgkit(d.path(), &["run", "--out", out, "--threads", threads]);
        assert!(o.status.success(), "{}", text(&o));
    }
    assert_same(
        &d.path().join("t1"),
        &d.path().join("t2"),
        "run, 1 vs 2 threads",
    );
    assert_same(
        &d.path().join("t2"),
        &d.path().join("t2-again"),
        "run, twice",
    );
}

#[test]
fn thirty_real_balances_give_the_same_bytes_for_one_and_two_threads() {
    let Some(shared) = shared_data() else {
        eprintln!("skipped: ../shared/data is absent (the 2007 yearbook balance tables)");
        return;
    };
    let dir = shared.join("energy-balance-2007");
    let mut inputs: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".xls"))
        .collect();
    inputs.sort();
    assert_eq!(inputs.len(), 30);
    let d = tempdir();
    for (out, threads) in [("t1", "1"), ("t2", "2")] {
        let mut args = vec!["inventory", "--out", out, "--threads", threads];
        args.extend(inputs.iter().map(String::as_str));
        let o = ghgkit(d.path(), &args);
        assert!(o.status.success(), "{}", text(&o));
    }
    assert_same(
        &d.path().join("t1"),
        &d.path().join("t2"),
        "30 balances, 1 vs 2 threads",
    );
}

#[test]
fn scenario_runs_over_several_blocks_give_the_same_bytes_for_one_and_two_threads() {
    // 3 blocks and a partial one (engine::BLOCK = 2048 draws): blocks are taken by whichever thread is
    // free, so this exercises the merge of sketches and the ordered reduction of the block sums.
    let draws = (3 * ghgkit::scenario::engine::BLOCK + 17).to_string();
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/hubei-sectoral.toml");
    let toml = std::fs::read_to_string(&file).unwrap();
    let d = tempdir();
    let spec = d.path().join("sectoral.toml");
    std::fs::write(&spec, &toml[..toml.find("[goal]").unwrap()]).unwrap();
    let spec = spec.display().to_string();
    for (out, threads) in [("t1", "1"), ("t2", "2")] {
        let args = [
            "scenario",
            &spec,
            "--out",
            out,
            "--threads",
            threads,
            "--draws",
            &draws,
            "--only",
            "trajectories,targets",
        ];
        let o = ghgkit(d.path(), &args);
        assert!(o.status.success(), "{}", text(&o));
    }
    assert_same(
        &d.path().join("t1"),
        &d.path().join("t2"),
        "scenario over several blocks, 1 vs 2 threads",
    );
    assert!(d.path().join("t1/trajectories.csv").exists());
    assert!(
        !d.path().join("t1/report.html").exists(),
        "--only trajectories,targets"
    );
}
