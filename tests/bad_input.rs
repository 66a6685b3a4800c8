//! Bad input: every problem reported at once, located by file › sheet › cell, exit code 2, never a panic,
//! no output written.

mod common;
use common::{C, ghgkit, header, tempdir, text, xlsx};

fn row(cat: &'static str, fuel: &'static str, value: C, unit: &'static str) -> Vec<C> {
    vec![
        C::N(2019.0),
        C::S("Hubei"),
        C::S(cat),
        C::S(fuel),
        value,
        C::S(unit),
    ]
}

fn assert_bad(o: &std::process::Output) -> String {
    let t = text(o);
    assert_eq!(o.status.code(), Some(2), "exit code 2 expected:\n{t}");
    assert!(!t.contains("panicked"), "{t}");
    t
}

#[test]
fn every_problem_of_a_workbook_is_listed_with_its_cell() {
    let d = tempdir();
    let p = d.path().join("bad.xlsx");
    xlsx(
        &p,
        &[(
            "energy",
            vec![
                header(),
                row("1.A.1.a", "raw_coal", C::N(10.0), "万砘"), // unknown unit, row 2
                row("1.A.2", "natral gas", C::N(1.0), "亿立方米"), // unknown fuel, row 3
                row("1.A.2", "diesel", C::S("12,3x"), "万吨"),  // not a number, row 4
                row("1.A.9", "柴油", C::N(1.0), "万吨"),        // unknown category, row 5
                row("1.A.3", "汽油", C::N(-4.0), "万吨"),       // negative, row 6
            ],
        )],
    );
    let o = ghgkit(d.path(), &["inventory", "bad.xlsx", "--out", "out"]);
    let t = assert_bad(&o);
    assert!(t.contains("bad.xlsx › energy › F2"), "{t}");
    assert!(
        t.contains("万砘") && t.contains("万吨"),
        "suggests 万吨:\n{t}"
    );
    assert!(t.contains("bad.xlsx › energy › D3"), "{t}");
    assert!(
        t.contains("Natural Gas") || t.contains("natural_gas"),
        "suggests natural gas:\n{t}"
    );
    assert!(t.contains("bad.xlsx › energy › E4"), "{t}");
    assert!(t.contains("12,3x"), "{t}");
    assert!(t.contains("bad.xlsx › energy › C5"), "{t}");
    assert!(t.contains("bad.xlsx › energy › E6"), "{t}");
    assert!(t.contains("5 error(s)"), "{t}");
    assert!(!d.path().join("out").exists(), "no output on bad input");
    // `check` reports the same, without computing.
    let o = ghgkit(d.path(), &["check", "bad.xlsx"]);
    let t2 = assert_bad(&o);
    assert!(t2.contains("5 error(s)"), "{t2}");
}

#[test]
fn every_missing_factor_combination_is_listed_at_once() {
    let d = tempdir();
    // A user factor set with no factors and no fallback: nothing resolves.
    std::fs::write(
        d.path().join("empty.toml"),
        "[set]\nname = \"empty\"\ntitle_en = \"nothing\"\ndocument = \"none\"\n",
    )
    .unwrap();
    let p = d.path().join("two.xlsx");
    xlsx(
        &p,
        &[(
            "s",
            vec![
                header(),
                row("1.A.1.a", "raw_coal", C::N(1.0), "万吨"),
                row("1.A.2", "raw_coal", C::N(1.0), "万吨"),
                row("1.A.2", "natural_gas", C::N(1.0), "TJ"),
            ],
        )],
    );
    let o = ghgkit(
        d.path(),
        &[
            "inventory",
            "two.xlsx",
            "--out",
            "out",
            "--factor-file",
            "empty.toml",
            "--factor-set",
            "empty",
        ],
    );
    let t = assert_bad(&o);
    // raw coal: one NCV (any category) for both rows; natural gas in TJ needs no NCV.
    assert!(t.contains("no factor (ncv) for fuel raw_coal"), "{t}");
    assert!(t.contains("needed by 2 row(s)"), "{t}");
    for (fuel, cat) in [("natural_gas", "1.A.2")] {
        for what in ["ef or carbon_content for CO2", "ef for CH4", "ef for N2O"] {
            let needle = format!("no factor ({what}) for fuel {fuel} in category {cat}");
            assert!(t.contains(&needle), "missing «{needle}» in:\n{t}");
        }
    }
    assert!(t.contains("two.xlsx › s › E4"), "{t}");
    assert!(t.contains("4 error(s)"), "{t}");
}

#[test]
fn a_fuel_no_set_has_a_heating_value_for_is_an_error_not_a_panic() {
    let d = tempdir();
    let p = d.path().join("w.xlsx");
    xlsx(
        &p,
        &[(
            "s",
            vec![header(), row("1.A.2", "industrial_wastes", C::N(5.0), "t")],
        )],
    );
    let o = ghgkit(d.path(), &["inventory", "w.xlsx", "--out", "out"]);
    let t = assert_bad(&o);
    assert!(t.contains("industrial_wastes"), "{t}");
}

#[test]
fn unreadable_files_are_input_errors() {
    let d = tempdir();
    std::fs::write(d.path().join("fake.xlsx"), b"this is not a zip file").unwrap();
    std::fs::write(d.path().join("data.json"), b"{}").unwrap();
    let o = ghgkit(
        d.path(),
        &["check", "fake.xlsx", "data.json", "missing.csv"],
    );
    let t = assert_bad(&o);
    assert!(t.contains("fake.xlsx"), "{t}");
    assert!(t.contains("unsupported file type \".json\""), "{t}");
    assert!(t.contains("missing.csv"), "{t}");
    assert!(t.contains("3 error(s)"), "{t}");
}

#[test]
fn csv_errors_name_line_and_column() {
    let d = tempdir();
    std::fs::write(
        d.path().join("a.csv"),
        "year,region,category,activity,value,unit\n2019.5,Hubei,1.A.2,raw_coal,1,万吨\n",
    )
    .unwrap();
    let o = ghgkit(d.path(), &["check", "a.csv"]);
    let t = assert_bad(&o);
    assert!(t.contains("a.csv:2:1"), "{t}");
    assert!(t.contains("2019.5"), "{t}");
}

#[test]
fn unknown_names_on_the_command_line_suggest_the_nearest() {
    let d = tempdir();
    let o = ghgkit(d.path(), &["run", "--out", "o", "--gwp", "AR55"]);
    let t = assert_bad(&o);
    assert!(t.contains("AR5"), "{t}");
    let o = ghgkit(d.path(), &["run", "--out", "o", "--factor-set", "chna"]);
    let t = assert_bad(&o);
    assert!(t.contains("did you mean \"china\""), "{t}");
    let o = ghgkit(d.path(), &["factors", "--fuel", "natral gas"]);
    let t = assert_bad(&o);
    assert!(t.contains("Natural Gas"), "{t}");
}

#[test]
fn duplicate_rows_are_reported_with_both_places() {
    let d = tempdir();
    let p = d.path().join("dup.xlsx");
    xlsx(
        &p,
        &[(
            "s",
            vec![
                header(),
                row("1.A.2", "raw_coal", C::N(1.0), "万吨"),
                row("1.A.2", "原煤", C::N(2.0), "万吨"),
            ],
        )],
    );
    let o = ghgkit(d.path(), &["check", "dup.xlsx"]);
    let t = assert_bad(&o);
    assert!(
        t.contains("dup.xlsx › s › E3") && t.contains("dup.xlsx › s › E2"),
        "{t}"
    );
}
