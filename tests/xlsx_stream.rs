//! The streaming reader of plain tidy .xlsx workbooks (`ingest::stream_activity`) against the table
//! path (`ingest::read_activity`): the same records (every field, with its cell) and the same problems
//! (every message, in the same order) on generated workbooks with good and bad rows; `None` (so that the
//! caller reads the file whole) for every workbook it does not handle; and, end to end,
//! `run::inventory_summary_streamed` gives the very bytes of summary.json of reading the files whole and
//! running the job with `summary` alone, also across its batches.

mod common;

use common::{C, header, strings, tidy_row, xlsx};
use ghgkit::activity::ActivityRecord;
use ghgkit::factors::FactorLibrary;
use ghgkit::run::{self, OutputKind};
use ghgkit::{gases, ingest};
use std::path::{Path, PathBuf};

/// Every field of a record, as text (with its cell), for comparison.
fn describe(r: &ActivityRecord) -> String {
    format!(
        "{} {} {} {} {:?} {} {:?} {:?} {:?} {:?} at {} {:?}",
        r.region,
        r.year,
        r.category,
        r.activity,
        r.value,
        r.unit_text,
        r.unit,
        r.source,
        r.note,
        r.uncertainty_pct,
        r.location,
        r.attributes
            .iter()
            .map(|a| format!("{}={} at {}", a.name, a.text, a.location))
            .collect::<Vec<_>>()
    )
}

/// Records and problems of the streaming reader, or `None`.
fn streamed(paths: &[PathBuf]) -> Option<(Vec<String>, Vec<String>)> {
    let mut records = Vec::new();
    let out = ingest::stream_activity(paths, &mut |batch: Vec<ActivityRecord>| {
        records.extend(batch.iter().map(describe));
        true
    })?;
    assert_eq!(out.records, records.len());
    let problems = out.diagnostics.iter().map(|d| d.to_string()).collect();
    Some((records, problems))
}

/// Records and problems of the table path.
fn whole(paths: &[PathBuf]) -> (Vec<String>, Vec<String>) {
    let data = ingest::read_activity(paths).unwrap();
    let records = data.records.iter().map(describe).collect();
    let problems = data.diagnostics.iter().map(|d| d.to_string()).collect();
    (records, problems)
}

fn s(text: &str) -> C {
    C::S(Box::leak(text.to_string().into_boxed_str()))
}

/// A tidy sheet with good rows and every kind of bad cell the row checks know, below two title rows,
/// with an unknown column and blank rows in between.
fn mixed_rows() -> Vec<Vec<C>> {
    let mut h = header();
    h.push(s("source"));
    h.push(s("remark"));
    let mut rows = vec![
        vec![s("湖北省能源消费 (generated)")],
        vec![],
        h,
        tidy_row(2019.0, "Hubei", "1.A.1.a", "raw_coal", 3500.0, "万吨"),
        // Text in numbers: the year and the value.
        vec![
            s("twenty"),
            s("Hubei"),
            s("1.A.2"),
            s("raw_coal"),
            C::N(1.0),
            s("t"),
        ],
        vec![
            C::N(2019.0),
            s("Hubei"),
            s("1.A.2"),
            s("natural_gas"),
            s("12,5x"),
            s("亿立方米"),
        ],
        // Unknown unit, fuel and category (with their nearest names).
        tidy_row(
            2019.0,
            "Hubei",
            "1.A.2",
            "coke_oven_coke",
            5.0,
            "kilofurlongs",
        ),
        tidy_row(2019.0, "Hubei", "1.A.2", "Gas/Diesel Oi", 5.0, "t"),
        tidy_row(2019.0, "Hubei", "1.A.9", "lpg", 5.0, "t"),
        // A unit of the wrong kind, a negative value, a missing value (a warning), an empty region.
        tidy_row(2019.0, "Hubei", "1.A.2", "lignite", 5.0, "TJ/t"),
        tidy_row(2019.0, "Hubei", "1.A.2", "anthracite", -5.0, "t"),
        vec![
            C::N(2019.0),
            s("Hubei"),
            s("1.A.2"),
            s("kerosene"),
            s("—"),
            s("t"),
        ],
        tidy_row(2019.0, "", "1.A.2", "kerosene", 5.0, "t"),
        vec![],
        // Text numbers with thousands separators are read; a year out of range is not.
        vec![
            C::N(2020.0),
            s("Hubei"),
            s("1.A.4.b"),
            s("lpg"),
            s("1,234.5"),
            s("t"),
            s("yearbook 2021"),
            s("ignored"),
        ],
        tidy_row(1850.0, "Hubei", "1.A.2", "lpg", 5.0, "t"),
        // Duplicates of the first row (and of the one below, in the other sheet).
        tidy_row(2019.0, "Hubei", "1.A.1.a", "raw_coal", 1.0, "万吨"),
        tidy_row(2020.0, "Anhui", "1.A.3.b", "motor_gasoline", 77.25, "万吨"),
    ];
    for year in 2001..2005 {
        rows.push(tidy_row(
            f64::from(year),
            "Hunan",
            "1.A.2.a",
            "cleaned_coal",
            f64::from(year) / 7.0,
            "t",
        ));
    }
    rows
}

#[test]
fn streamed_records_and_problems_are_those_of_the_table_path() {
    let dir = common::tempdir();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    xlsx(
        &a,
        &[
            ("instructions", vec![vec![s("read me")]]),
            ("活动数据", mixed_rows()),
            (
                "second",
                vec![
                    header(),
                    tidy_row(2020.0, "Anhui", "1.A.3.b", "motor_gasoline", 1.0, "万吨"),
                    tidy_row(2021.0, "Anhui", "1.A.3.b", "motor_gasoline", 2.0, "万吨"),
                ],
            ),
            ("empty", vec![]),
        ],
    );
    // A second file repeating a row of the first: a duplicate across files.
    xlsx(
        &b,
        &[(
            "data",
            vec![
                header(),
                tidy_row(2021.0, "Anhui", "1.A.3.b", "motor_gasoline", 3.0, "万吨"),
                tidy_row(2022.0, "Anhui", "1.A.3.b", "motor_gasoline", 4.0, "万吨"),
            ],
        )],
    );
    let paths = vec![a, b];
    let (records, problems) = streamed(&paths).expect("plain tidy workbooks are streamed");
    let (want_records, want_problems) = whole(&paths);
    assert_eq!(records, want_records);
    assert_eq!(problems, want_problems);
    // The case is not trivial: good records, errors of every row check, warnings and duplicates.
    // Good: 3 in the first sheet above the Hunan rows (E4, E15, E17), Anhui (E18), 4 × Hunan, 2 + 2.
    assert_eq!(records.len(), 12, "{records:#?}");
    let all = problems.join("\n");
    for expected in [
        "a.xlsx › 活动数据 › A5",
        "year: \"twenty\" is not a number",
        "value: \"12,5x\" is not a number",
        "kilofurlongs",
        "unknown fuel or activity \"Gas/Diesel Oi\"",
        "Gas/Diesel Oil",
        "unknown IPCC 2006 category \"1.A.9\"",
        "activity cannot be negative",
        "read as missing, not as zero",
        "the region is empty",
        "column \"remark\" is not one ghgkit reads",
        "year 1850 is not a whole year",
        "duplicate row: Hubei 2019 1.A.1.a raw_coal was already given at ",
        "a.xlsx › 活动数据 › E4; sum them",
        "a.xlsx › 活动数据 › E18; sum them",
        "a.xlsx › second › E3; sum them",
    ] {
        assert!(all.contains(expected), "{expected:?} not in\n{all}");
    }
}

#[test]
fn workbooks_the_stream_does_not_handle_are_left_to_the_table_path() {
    let dir = common::tempdir();
    let at = |name: &str| dir.path().join(name);
    let one = |name: &str, rows: Vec<Vec<C>>| {
        let p = at(name);
        xlsx(&p, &[("data", rows)]);
        p
    };
    let good = || {
        vec![
            header(),
            tidy_row(2019.0, "Hubei", "1.A.2", "raw_coal", 10.0, "万吨"),
        ]
    };
    let mut cases: Vec<(&str, PathBuf)> = vec![
        (
            "a required column missing",
            one(
                "missing.xlsx",
                vec![
                    vec![
                        s("year"),
                        s("region"),
                        s("category"),
                        s("activity"),
                        s("value"),
                    ],
                    vec![
                        C::N(2019.0),
                        s("Hubei"),
                        s("1.A.2"),
                        s("raw_coal"),
                        C::N(1.0),
                    ],
                ],
            ),
        ),
        (
            "the wide layout",
            one(
                "wide.xlsx",
                vec![
                    vec![
                        s("region"),
                        s("category"),
                        s("activity"),
                        s("unit"),
                        C::N(2019.0),
                    ],
                    vec![s("Hubei"), s("1.A.2"), s("raw_coal"), s("万吨"), C::N(1.0)],
                ],
            ),
        ),
        (
            "no header (nor a balance table)",
            one("noheader.xlsx", vec![vec![s("a"), s("b")], vec![C::N(1.0)]]),
        ),
        ("a header without rows", one("header.xlsx", vec![header()])),
        (
            "only bad rows",
            one(
                "bad.xlsx",
                vec![
                    header(),
                    tidy_row(2019.0, "Hubei", "1.A.2", "nofuel", 10.0, "万吨"),
                ],
            ),
        ),
    ];
    // A factors sheet.
    let p = at("factors.xlsx");
    xlsx(&p, &[("data", good()), ("factors", vec![vec![s("id")]])]);
    cases.push(("a factors sheet", p));
    // A formula (with its cached value) and merged cells.
    let p = at("formula.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["year", "region", "category", "activity", "value", "unit"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_number(1, 0, 2019.0).unwrap();
        ws.write_string(1, 1, "Hubei").unwrap();
        ws.write_string(1, 2, "1.A.2").unwrap();
        ws.write_string(1, 3, "raw_coal").unwrap();
        ws.write_formula(1, 4, rust_xlsxwriter::Formula::new("=2*5").set_result("10"))
            .unwrap();
        ws.write_string(1, 5, "万吨").unwrap();
        wb.save(&p).unwrap();
    }
    cases.push(("a formula", p));
    let p = at("merged.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.merge_range(0, 0, 0, 1, "title", &rust_xlsxwriter::Format::new())
            .unwrap();
        for (c, h) in ["year", "region", "category", "activity", "value", "unit"]
            .iter()
            .enumerate()
        {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        ws.write_number(2, 0, 2019.0).unwrap();
        ws.write_string(2, 1, "Hubei").unwrap();
        ws.write_string(2, 2, "1.A.2").unwrap();
        ws.write_string(2, 3, "raw_coal").unwrap();
        ws.write_number(2, 4, 10.0).unwrap();
        ws.write_string(2, 5, "万吨").unwrap();
        wb.save(&p).unwrap();
    }
    cases.push(("merged cells", p));
    let p = at("data.csv");
    std::fs::write(
        &p,
        "year,region,category,activity,value,unit\n2019,Hubei,1.A.2,raw_coal,1,t\n",
    )
    .unwrap();
    cases.push(("a CSV file", p));
    let p = at("notzip.xlsx");
    std::fs::write(&p, b"not a zip at all").unwrap();
    cases.push(("not a zip", p));
    for (what, p) in cases {
        assert!(
            streamed(std::slice::from_ref(&p)).is_none(),
            "{what}: {}",
            p.display()
        );
        // With a good file before it, the whole set goes to the table path.
        let ok = one("ok.xlsx", good());
        assert!(streamed(&[ok, p]).is_none(), "{what} after a good file");
    }
    // The good one alone is streamed.
    assert!(streamed(&[one("ok.xlsx", good())]).is_some());
}

/// The problems of a run, and its summary.json unless they stopped it.
type Outcome = (Vec<String>, Option<Vec<u8>>);

/// The `summary`-only inventory job of the tests: set `china`, AR5.
fn inventory_job<'a>(
    records: &'a [ActivityRecord],
    library: &'a FactorLibrary,
    out: &'a Path,
    style: &'a ghgkit::plot::style::Style,
) -> run::InventoryJob<'a> {
    run::InventoryJob {
        records,
        overrides: &[],
        balances: &[],
        library,
        factor_set: "china",
        gwp: gases::gwp_set("AR5").unwrap(),
        out_dir: out,
        data_source: "test",
        assess: ghgkit::assess::Options::default(),
        style,
    }
}

/// summary.json of reading `paths` whole and running the job with `summary` alone, and of the streaming
/// run; with the problems of both.
fn summaries(paths: &[PathBuf]) -> (Outcome, Outcome) {
    let library = FactorLibrary::builtin().unwrap();
    let out = common::tempdir();
    let style = ghgkit::plot::style::Style::default();
    let job = |records: &[ActivityRecord]| -> Option<Vec<u8>> {
        let r = run::inventory_job_only(
            &inventory_job(records, &library, out.path(), &style),
            &[OutputKind::Summary],
        )
        .ok()?;
        Some(r.outputs[0].bytes.clone())
    };
    let data = ingest::read_activity(paths).unwrap();
    let problems = |d: &ghgkit::error::Diagnostics| d.iter().map(|x| x.to_string()).collect();
    let whole = if data.diagnostics.has_errors() {
        (problems(&data.diagnostics), None)
    } else {
        (problems(&data.diagnostics), job(&data.records))
    };
    let (d, r, n) =
        run::inventory_summary_streamed(paths, &inventory_job(&[], &library, out.path(), &style))
            .expect("streamed");
    let streamed = if d.has_errors() {
        assert!(r.is_err());
        (problems(&d), None)
    } else {
        assert_eq!(n, data.records.len());
        let r = r.unwrap();
        assert_eq!(r.outputs.len(), 1);
        (problems(&d), Some(r.outputs[0].bytes.clone()))
    };
    (whole, streamed)
}

/// A tidy workbook of `n` rows: regions × years × categories × fuels, values that do not add up exactly in
/// floating point (a different summation order would show in the last digits).
fn grid(path: &Path, n: usize) {
    let regions = ["Hubei", "Anhui", "Hunan", "Jiangxi", "Henan"];
    let cats = [
        "1.A.1.a", "1.A.2.a", "1.A.2", "1.A.3.b", "1.A.4.b", "1.A.4.a",
    ];
    let fuels = [
        ("raw_coal", "万吨"),
        ("gas_diesel_oil", "t"),
        ("natural_gas", "亿立方米"),
        ("wood", "t"),
        ("lpg", "万吨"),
    ];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["year", "region", "category", "activity", "value", "unit"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let mut k = 0usize;
    'all: for year in 1900..2200 {
        for region in regions {
            for cat in cats {
                for (fuel, unit) in fuels {
                    if k == n {
                        break 'all;
                    }
                    let r = k as u32 + 1;
                    ws.write_number(r, 0, f64::from(year)).unwrap();
                    ws.write_string(r, 1, region).unwrap();
                    ws.write_string(r, 2, cat).unwrap();
                    ws.write_string(r, 3, fuel).unwrap();
                    ws.write_number(r, 4, 1000.0 / 3.0 + (k % 89) as f64 * 7.1)
                        .unwrap();
                    ws.write_string(r, 5, unit).unwrap();
                    k += 1;
                }
            }
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn streamed_summary_is_byte_identical_across_batches() {
    let dir = common::tempdir();
    let p = dir.path().join("grid.xlsx");
    // More rows than one batch, so that the totals are fed several batches.
    let n = ingest::xlsx_stream::BATCH + 1234;
    grid(&p, n);
    let (whole, streamed) = summaries(&[p]);
    assert!(whole.0.is_empty(), "{:?}", whole.0);
    let (a, b) = (whole.1.expect("whole"), streamed.1.expect("streamed"));
    assert_eq!(String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
    assert_eq!(whole.0, streamed.0);
}

#[test]
fn streamed_run_stops_with_the_same_problems() {
    let dir = common::tempdir();
    let a = dir.path().join("a.xlsx");
    xlsx(&a, &[("data", mixed_rows())]);
    let (whole, streamed) = summaries(&[a]);
    assert!(
        !whole.0.is_empty() && whole.1.is_none(),
        "the rows have errors"
    );
    assert_eq!(whole, streamed);
    // Warnings only: the summary is written, with the warnings of the table path.
    let b = dir.path().join("b.xlsx");
    let mut rows = vec![header()];
    rows.push(tidy_row(2019.0, "Hubei", "1.A.2", "raw_coal", 10.0, "万吨"));
    rows.push(vec![
        C::N(2019.0),
        s("Hubei"),
        s("1.A.2"),
        s("kerosene"),
        s("—"),
        s("t"),
    ]);
    xlsx(&b, &[("data", rows)]);
    let (whole, streamed) = summaries(&[b]);
    assert_eq!(whole.0.len(), 1, "one warning: {:?}", whole.0);
    assert!(whole.1.is_some());
    assert_eq!(whole, streamed);
}

#[test]
fn streamed_summary_keeps_the_warnings_raised_while_computing() {
    // A rice row without `pre_season`: the computation assumes the default pre-season water regime and
    // warns at the row's cell. summary.json lists the warning on both paths, the same bytes.
    let dir = common::tempdir();
    let p = dir.path().join("rice.xlsx");
    let mut head = header();
    head.extend(strings(&["season_days", "pre_season", "organic_amendment"]));
    let mut rice = tidy_row(
        2007.0,
        "Hubei",
        "3.C.7",
        "rice_single_drainage",
        1000.0,
        "ha",
    );
    rice.extend([C::N(100.0), C::E, C::E]);
    let mut coal = tidy_row(2007.0, "Hubei", "1.A.2", "raw_coal", 10.0, "万吨");
    coal.extend([C::E, C::E, C::E]);
    xlsx(&p, &[("data", vec![head, rice, coal])]);
    let (whole, streamed) = summaries(&[p]);
    assert_eq!(whole, streamed);
    let doc: serde_json::Value = serde_json::from_slice(&streamed.1.expect("summary")).unwrap();
    let list = doc["warnings"].as_array().expect("a warnings list");
    assert_eq!(list.len(), 1, "{list:?}");
    assert!(list[0]["message"].as_str().unwrap().contains("pre_season"));
}

#[test]
fn streamed_duplicates_with_model_columns_are_those_of_the_table_path() {
    // Rows that differ only in a model column are different observations; rows equal in it too are
    // duplicates, within a sheet and across sheets and files (where the names are other copies of the
    // same texts). Rows without model columns in the same sheet are keyed apart from them.
    let dir = common::tempdir();
    let rice = |season: f64, pre: &str| {
        let mut r = tidy_row(2007.0, "Hubei", "3.C.7", "rice_single_drainage", 10.0, "ha");
        r.extend([C::N(season), s(pre)]);
        r
    };
    let coal = |year: f64| {
        let mut r = tidy_row(year, "Hubei", "1.A.2", "raw_coal", 1.0, "万吨");
        r.extend([C::E, C::E]);
        r
    };
    let head = || {
        let mut h = header();
        h.extend(strings(&["season_days", "pre_season"]));
        h
    };
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    xlsx(
        &a,
        &[
            (
                "one",
                vec![
                    head(),
                    rice(100.0, ""),
                    rice(120.0, ""),
                    rice(100.0, "flooded"),
                    coal(2007.0),
                    rice(100.0, ""),
                    coal(2008.0),
                    coal(2007.0),
                ],
            ),
            ("two", vec![head(), rice(120.0, ""), coal(2008.0)]),
        ],
    );
    xlsx(
        &b,
        &[("three", vec![head(), rice(100.0, "flooded"), coal(2009.0)])],
    );
    let paths = vec![a, b];
    let (records, problems) = streamed(&paths).expect("plain tidy workbooks are streamed");
    let (want_records, want_problems) = whole(&paths);
    assert_eq!(records, want_records);
    assert_eq!(problems, want_problems);
    // Duplicates (records are located in the value column, E; sheet rows count from the header, 1):
    // one › 6 repeats one › 2, one › 8 one › 5 (coal 2007), two › 2 one › 3 (season 120),
    // two › 3 one › 7 (coal 2008), three › 2 one › 4 (flooded).
    let duplicates: Vec<&String> = problems
        .iter()
        .filter(|p| p.contains("duplicate"))
        .collect();
    assert_eq!(duplicates.len(), 5, "{problems:#?}");
    for (at, first) in [
        ("one › E6", "one › E2"),
        ("one › E8", "one › E5"),
        ("two › E2", "one › E3"),
        ("two › E3", "one › E7"),
        ("three › E2", "one › E4"),
    ] {
        assert!(
            duplicates
                .iter()
                .any(|d| d.contains(&format!("{at}: duplicate"))
                    && d.contains(&format!("a.xlsx › {first}; sum them"))),
            "{at} duplicating {first} not in {duplicates:#?}"
        );
    }
}

/// Fuzz finding (session 5, `xlsx_stream` target): a row tag holding a `<` (`<row r<c r="B3" t</row>`, not
/// XML) was skipped to its first `>`, so the stream silently lost row 3, which the table path reads and
/// reports (five problems at A3–F3). A `<` inside a row or cell tag now makes the stream give up, and the
/// file is read the table path's way.
#[test]
fn a_malformed_row_tag_is_never_skipped_over() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/stream-lt-in-row-tag.xlsx");
    let paths = [path];
    let (_, problems) = whole(&paths);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("› A3: the year is empty")),
        "the table path reads row 3: {problems:?}"
    );
    if let Some(streamed) = streamed(&paths) {
        assert_eq!(streamed, whole(&paths));
    }
}
