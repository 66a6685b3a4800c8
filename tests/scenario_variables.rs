//! `ghgkit scenario --variables` and `[monte_carlo] variables`: summarising only some variables changes
//! nothing else. The expected rows are those of the full run of the same file, seed and draws (the same
//! draws are computed; only fewer of their variables are summarised), compared as text.

mod common;

use common::{ghgkit, read_csv, tempdir, text};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The sectoral Hubei file without its `[goal]` (goal seeking repeats the run about 20 times).
fn sectoral_text() -> String {
    let t = std::fs::read_to_string(root().join("scenarios/hubei-sectoral.toml")).unwrap();
    t[..t.find("[goal]").unwrap()].to_string()
}

fn run(dir: &Path, files: &[&Path], extra: &[&str]) -> std::process::Output {
    let mut args: Vec<String> = vec!["scenario".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ghgkit(dir, &args)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The rows of trajectories.csv, as text.
fn rows(out: &Path) -> Vec<Vec<String>> {
    read_csv(&out.join("trajectories.csv")).1
}

fn variables(rows: &[Vec<String>]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for r in rows {
        if v.last() != Some(&r[1]) {
            v.push(r[1].clone());
        }
    }
    v
}

#[test]
fn selected_variables_are_summarised_exactly_as_in_the_full_run() {
    let d = tempdir();
    let f = write(d.path(), "sectoral.toml", &sectoral_text());
    let common = [
        "--draws",
        "3000",
        "--seed",
        "5",
        "--only",
        "trajectories,targets,charts",
    ];
    let full = run(
        d.path(),
        &[&f],
        &[&["--out", "full", "--threads", "1"], &common[..]].concat(),
    );
    assert!(full.status.success(), "{}", text(&full));
    // Given in another order than the model's: the output keeps the model's order.
    let some = run(
        d.path(),
        &[&f],
        &[
            &["--out", "some", "--threads", "2"],
            &common[..],
            &["--variables", "grid_factor,co2,co2_industry"],
        ]
        .concat(),
    );
    assert!(some.status.success(), "{}", text(&some));
    let (all_rows, some_rows) = (rows(&d.path().join("full")), rows(&d.path().join("some")));
    assert_eq!(variables(&all_rows).len(), 21);
    assert_eq!(
        variables(&some_rows),
        ["co2", "co2_industry", "grid_factor"]
    );
    // 3 variables × 42 years, each row identical (mean and every percentile) to the full run's.
    let expected: Vec<&Vec<String>> = all_rows
        .iter()
        .filter(|r| ["co2", "co2_industry", "grid_factor"].contains(&r[1].as_str()))
        .collect();
    assert_eq!(some_rows.len(), 3 * 42);
    assert_eq!(some_rows.iter().collect::<Vec<_>>(), expected);
    // The targets and the peak year and level come from every draw, whatever is summarised.
    assert_eq!(
        std::fs::read(d.path().join("full/targets.json")).unwrap(),
        std::fs::read(d.path().join("some/targets.json")).unwrap()
    );
    // No intensity fan chart without carbon_intensity; the CO2 one is there.
    assert!(d.path().join("full/scenario_intensity.svg").exists());
    assert!(!d.path().join("some/scenario_intensity.svg").exists());
    assert!(d.path().join("some/scenario_co2.svg").exists());
}

#[test]
fn monte_carlo_variables_in_the_file_are_inherited_and_overridden_by_the_option() {
    let d = tempdir();
    let base = sectoral_text();
    let parent = write(
        d.path(),
        "parent.toml",
        &format!("{base}\n[monte_carlo]\nvariables = [\"gdp\", \"co2\"]\n"),
    );
    let child = write(
        d.path(),
        "child.toml",
        "[scenario]\nname = \"child\"\ninherits = \"hubei-sectoral\"\n",
    );
    let o = run(
        d.path(),
        &[&parent, &child],
        &["--out", "a", "--draws", "500", "--only", "trajectories"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let r = rows(&d.path().join("a"));
    for name in ["hubei-sectoral", "child"] {
        let mine: Vec<Vec<String>> = r.iter().filter(|x| x[0] == name).cloned().collect();
        assert_eq!(variables(&mine), ["gdp", "co2"], "{name}");
    }
    let o = run(
        d.path(),
        &[&parent, &child],
        &[
            "--out",
            "b",
            "--draws",
            "500",
            "--only",
            "trajectories",
            "--variables",
            "final_energy",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let r = rows(&d.path().join("b"));
    assert_eq!(variables(&r), ["final_energy"]);
    assert_eq!(r.len(), 2 * 42);
}

#[test]
fn unknown_variables_are_input_errors_with_the_nearest_name() {
    let d = tempdir();
    let base = sectoral_text();
    // The file: line of the entry, the valid names and the nearest one; nothing written.
    let lines_before = base.lines().count();
    let f = write(
        d.path(),
        "typo.toml",
        &format!("{base}\n[monte_carlo]\nvariables = [\"co2\",\n  \"gpd\"]\n"),
    );
    // `base` ends with a newline, then "\n" (a blank line), the table header, the `variables` line, and
    // the line holding "gpd".
    let line = lines_before + 4;
    let o = run(d.path(), &[&f], &["--out", "out", "--draws", "10"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains(&format!("typo.toml:{line}")) && t.contains("unknown variable \"gpd\""),
        "{t}"
    );
    assert!(t.contains("did you mean \"gdp\""), "{t}");
    assert!(t.contains("grid_factor"), "the valid names are listed: {t}");
    assert!(!d.path().join("out").exists());
    // An empty list, a key other than `variables`.
    let f = write(
        d.path(),
        "empty.toml",
        &format!("{base}\n[monte_carlo]\nvariables = []\nvariabels = 1\n"),
    );
    let o = run(d.path(), &[&f], &["--out", "out", "--draws", "10"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("non-empty list"), "{t}");
    assert!(t.contains("unknown key \"variabels\""), "{t}");
    // The option: every unknown name of every scenario at once (the Kaya model has three variables).
    let simple = root().join("scenarios/simple.toml");
    let o = run(
        d.path(),
        &[&simple],
        &[
            "--out",
            "out",
            "--draws",
            "10",
            "--variables",
            "co3,co2,grid_factor",
        ],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("unknown variable \"co3\"") && t.contains("did you mean \"co2\""),
        "{t}"
    );
    assert!(t.contains("unknown variable \"grid_factor\""), "{t}");
    assert!(!t.contains("panicked"), "{t}");
    assert!(!d.path().join("out").exists());
}
