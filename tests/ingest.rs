//! Layouts: tidy and wide sheets give identical results; factor override sheets; the activity export;
//! several sheets and workbooks in one run; CSV and xlsx alike.

mod common;
use common::{C, ghgkit, header, read_csv, rel, tempdir, text, tidy_row, xlsx};

/// The same data, tidy: (year, region, category, activity, value, unit).
const DATA: &[(f64, &str, &str, &str, f64, &str)] = &[
    (2018.0, "Hubei", "1.A.1.a", "原煤", 3200.5, "万吨"),
    (2019.0, "Hubei", "1.A.1.a", "原煤", 3350.25, "万吨"),
    (2018.0, "Hubei", "1.A.4.b", "天然气", 20.5, "亿立方米"),
    (2019.0, "Hubei", "1.A.4.b", "天然气", 22.75, "亿立方米"),
    (2019.0, "Hunan", "1.A.3.b", "柴油", 410.0, "万吨"),
];

fn tidy(path: &std::path::Path) {
    let mut rows = vec![vec![C::S("Activity data (tidy)")], header()];
    for &(y, r, c, a, v, u) in DATA {
        rows.push(tidy_row(y, r, c, a, v, u));
    }
    xlsx(path, &[("tidy", rows)]);
}

fn wide(path: &std::path::Path) {
    // Region, category, activity, unit, then one column per year; a year written as text "2019年" too.
    let mut rows = vec![
        vec![C::S("Activity data (wide)")],
        vec![],
        vec![
            C::S("地区"),
            C::S("类别"),
            C::S("活动"),
            C::S("单位"),
            C::N(2018.0),
            C::S("2019年"),
        ],
    ];
    rows.push(vec![
        C::S("Hubei"),
        C::S("1.A.1.a"),
        C::S("原煤"),
        C::S("万吨"),
        C::N(3200.5),
        C::N(3350.25),
    ]);
    rows.push(vec![
        C::S("Hubei"),
        C::S("1.A.4.b"),
        C::S("天然气"),
        C::S("亿立方米"),
        C::N(20.5),
        C::N(22.75),
    ]);
    rows.push(vec![
        C::S("Hunan"),
        C::S("1.A.3.b"),
        C::S("柴油"),
        C::S("万吨"),
        C::E,
        C::N(410.0),
    ]);
    xlsx(path, &[("wide", rows)]);
}

fn strip_input(rows: Vec<Vec<String>>, h: &[String]) -> Vec<Vec<String>> {
    let input = h.iter().position(|c| c == "input").unwrap();
    let mut v: Vec<Vec<String>> = rows
        .into_iter()
        .map(|mut r| {
            r.remove(input);
            r
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_wide_sheet_and_the_same_data_tidy_give_identical_results() {
    let d = tempdir();
    tidy(&d.path().join("tidy.xlsx"));
    wide(&d.path().join("wide.xlsx"));
    for (f, out) in [("tidy.xlsx", "t"), ("wide.xlsx", "w")] {
        let o = ghgkit(d.path(), &["inventory", f, "--out", out]);
        assert!(o.status.success(), "{}", text(&o));
    }
    let (h, t) = read_csv(&d.path().join("t/inventory.csv"));
    let (h2, w) = read_csv(&d.path().join("w/inventory.csv"));
    assert_eq!(h, h2);
    assert_eq!(t.len(), DATA.len() * 3);
    assert_eq!(strip_input(t, &h), strip_input(w, &h2));
}

#[test]
fn export_shows_what_was_understood_cell_by_cell() {
    let d = tempdir();
    wide(&d.path().join("wide.xlsx"));
    let o = ghgkit(
        d.path(),
        &["check", "wide.xlsx", "--export", "understood.csv"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let (h, rows) = read_csv(&d.path().join("understood.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    assert_eq!(rows.len(), 5);
    let gas19 = rows
        .iter()
        .find(|r| r[col("activity")] == "natural_gas" && r[col("year")] == "2019")
        .unwrap();
    assert_eq!(gas19[col("value")], "22.75");
    assert_eq!(gas19[col("unit")], "亿立方米");
    let m3: f64 = gas19[col("value_canonical")].parse().unwrap();
    assert!(rel(m3, 22.75e8) < 1e-12);
    assert_eq!(gas19[col("unit_canonical")], "m3");
    assert_eq!(gas19[col("input")], "wide.xlsx › wide › F5");
    assert_eq!(gas19[col("activity_zh")], "天然气");
}

#[test]
fn several_sheets_and_workbooks_in_one_run_and_csv_like_xlsx() {
    let d = tempdir();
    tidy(&d.path().join("a.xlsx"));
    let mut csv = String::from("年份,地区,类别,活动,数值,单位,备注\n");
    csv.push_str("2019,Anhui,1.A.2,洗精煤,12.5,万吨,from a CSV\n");
    std::fs::write(d.path().join("b.csv"), csv).unwrap();
    let o = ghgkit(d.path(), &["check", "a.xlsx", "b.csv", "--export", "e.csv"]);
    assert!(o.status.success(), "{}", text(&o));
    let (h, rows) = read_csv(&d.path().join("e.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    assert_eq!(rows.len(), DATA.len() + 1);
    let anhui = rows.iter().find(|r| r[col("region")] == "Anhui").unwrap();
    assert_eq!(anhui[col("activity")], "cleaned_coal");
    assert_eq!(anhui[col("note")], "from a CSV");
    assert_eq!(anhui[col("input")], "b.csv:2:5");
}

#[test]
fn a_factors_sheet_overrides_every_set_and_is_named_in_the_output() {
    let d = tempdir();
    let p = d.path().join("o.xlsx");
    let fh = [
        "activity",
        "gas",
        "category",
        "value",
        "unit",
        "source",
        "uncertainty_pct",
    ]
    .into_iter()
    .map(C::S)
    .collect();
    xlsx(
        &p,
        &[
            (
                "activity",
                vec![
                    header(),
                    tidy_row(2019.0, "Hubei", "1.A.1.a", "natural_gas", 100.0, "TJ"),
                    tidy_row(2019.0, "Hubei", "1.A.2", "natural_gas", 100.0, "TJ"),
                ],
            ),
            (
                "factors",
                vec![
                    fh,
                    vec![
                        C::S("天然气"),
                        C::S("CH4"),
                        C::S("1.A.1"),
                        C::N(2.5),
                        C::S("kg/TJ"),
                        C::S("Plant measurement report 2019, p. 4"),
                        C::N(30.0),
                    ],
                ],
            ),
        ],
    );
    let o = ghgkit(
        d.path(),
        &[
            "inventory",
            "o.xlsx",
            "--out",
            "out",
            "--factor-set",
            "ipcc2006",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let (h, rows) = read_csv(&d.path().join("out/inventory.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let ch4 = |cat: &str| {
        rows.iter()
            .find(|r| r[col("gas")] == "CH4" && r[col("category")] == cat)
            .unwrap()
            .clone()
    };
    let power = ch4("1.A.1.a");
    // 100 TJ × 2.5 kg/TJ = 0.25 t (the override); manufacturing keeps IPCC Table 2.3: 1 kg/TJ → 0.1 t.
    assert!(rel(power[col("emissions_t")].parse().unwrap(), 0.25) < 1e-12);
    assert!(
        power[col("factor_source")].contains("Plant measurement report 2019"),
        "{power:?}"
    );
    assert!(
        power[col("factor_ids")].contains("o.xlsx › factors › D2"),
        "{power:?}"
    );
    let industry = ch4("1.A.2");
    assert!(rel(industry[col("emissions_t")].parse().unwrap(), 0.1) < 1e-12);
    assert!(industry[col("factor_source")].contains("ipcc2006"));
}

#[test]
fn a_bad_factors_sheet_is_reported_with_cells() {
    let d = tempdir();
    let p = d.path().join("o.xlsx");
    let fh = ["activity", "gas", "value", "unit", "source"]
        .into_iter()
        .map(C::S)
        .collect();
    xlsx(
        &p,
        &[
            (
                "activity",
                vec![
                    header(),
                    tidy_row(2019.0, "Hubei", "1.A.2", "natural_gas", 1.0, "TJ"),
                ],
            ),
            (
                "因子",
                vec![
                    fh,
                    vec![
                        C::S("natural_gas"),
                        C::S("CH5"),
                        C::N(1.0),
                        C::S("kg/TJ"),
                        C::S("x"),
                    ],
                ],
            ),
        ],
    );
    let o = ghgkit(d.path(), &["check", "o.xlsx"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("o.xlsx › 因子 › C2"), "{t}");
    assert!(t.contains("CH5") && t.contains("CH4"), "{t}");
    assert!(t.contains("uncertainty"), "{t}");
}
