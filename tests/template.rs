//! `ghgkit template`: the blank activity workbook reads back through ghgkit's own reader, its header
//! round-trips in both languages, and it carries the lists, drop-downs, checks and header notes it promises.

mod common;
use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{ghgkit, read_csv, tempdir, text, zip_member};
use ghgkit::categories::CategoryTree;
use ghgkit::fuels::FuelCatalogue;
use ghgkit::units::known_units;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const LANGS: [(&str, &str, &str, &str); 2] = [
    // --lang, instructions, activity, lists
    ("en", "instructions", "activity", "lists"),
    ("zh", "说明", "活动数据", "代码表"),
];

/// Writes a template through the binary and returns its path.
fn make(dir: &Path, name: &str, lang: &str) -> PathBuf {
    let o = ghgkit(dir, &["template", "--out", name, "--lang", lang]);
    assert!(o.status.success(), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains(&format!("wrote {name}")), "{t}");
    assert!(
        t.contains(&format!("ghgkit check {name}")),
        "next step: {t}"
    );
    dir.join(name)
}

/// The cells of one sheet as text (numbers printed plainly), by calamine.
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.sheet_names()
}

/// The targets of a relationships part, by type suffix (e.g. "/worksheet", "/comments").
fn rels(path: &Path, part: &str) -> Vec<(String, String, String)> {
    let xml = zip_member(path, part).unwrap_or_default();
    if xml.is_empty() {
        return Vec::new();
    }
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("Relationship"))
        .map(|n| {
            (
                n.attribute("Id").unwrap().to_string(),
                n.attribute("Type").unwrap().to_string(),
                n.attribute("Target").unwrap().to_string(),
            )
        })
        .collect()
}

/// The zip path of the worksheet named `name` (via workbook.xml and its relationships).
fn worksheet_part(path: &Path, name: &str) -> String {
    let wb = zip_member(path, "xl/workbook.xml").unwrap();
    let doc = roxmltree::Document::parse(&wb).unwrap();
    let r_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let id = doc
        .descendants()
        .find(|n| n.has_tag_name("sheet") && n.attribute("name") == Some(name))
        .and_then(|n| n.attribute((r_ns, "id")))
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .to_string();
    let target = rels(path, "xl/_rels/workbook.xml.rels")
        .into_iter()
        .find(|(i, _, _)| *i == id)
        .unwrap()
        .2;
    format!("xl/{}", target.trim_start_matches("/xl/"))
}

/// The defined names of the workbook: name → formula.
fn defined_names(path: &Path) -> BTreeMap<String, String> {
    let wb = zip_member(path, "xl/workbook.xml").unwrap();
    let doc = roxmltree::Document::parse(&wb).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("definedName"))
        .map(|n| {
            (
                n.attribute("name").unwrap().to_string(),
                n.text().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn has_latin_word(s: &str) -> bool {
    s.split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 4)
}

#[test]
fn the_blank_template_is_read_and_reported_as_holding_no_activity_data() {
    let d = tempdir();
    for (lang, instructions, _, lists) in LANGS {
        let name = format!("blank-{lang}.xlsx");
        make(d.path(), &name, lang);
        let o = ghgkit(d.path(), &["check", &name]);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(2), "{t}");
        assert!(!t.contains("panicked"), "{t}");
        assert!(t.contains("no activity data found"), "{t}");
        // The only error is the empty data sheet; the examples on the instructions sheet are not data.
        assert!(t.contains("1 error(s)"), "{t}");
        assert!(!t.contains("2019"), "an example was read as data: {t}");
        // The data sheet is named: header, no rows. The template's other sheets are skipped quietly.
        assert!(
            t.contains("the activity header is there but no data rows"),
            "{t}"
        );
        for s in [instructions, lists] {
            assert!(!t.contains(&format!("{name} › {s}")), "{s} mentioned: {t}");
        }
    }
}

#[test]
fn the_header_round_trips_and_a_filled_copy_computes_in_both_languages() {
    let d = tempdir();
    let mut totals = Vec::new();
    for (lang, _, activity, _) in LANGS {
        let tpl = make(d.path(), &format!("t-{lang}.xlsx"), lang);
        let cells = sheet(&tpl, activity);
        assert_eq!(cells.len(), 1, "the data area is empty: {cells:?}");
        let header = cells[0].clone();
        let want: Vec<&str> = match lang {
            "en" => vec![
                "year",
                "region",
                "category",
                "activity",
                "value",
                "unit",
                "source",
                "note",
                "uncertainty_pct",
            ],
            _ => vec![
                "年份",
                "地区",
                "类别",
                "活动",
                "数值",
                "单位",
                "来源",
                "备注",
                "不确定性(%)",
            ],
        };
        assert_eq!(header, want);

        // rust_xlsxwriter cannot edit a file: write a new workbook with the template's exact header.
        let filled = d.path().join(format!("filled-{lang}.xlsx"));
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(activity).unwrap();
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, h).unwrap();
        }
        let rows: [(&str, &str, f64, &str, f64); 3] = [
            ("1.A.1.a", "原煤", 100.0, "万吨", 5.0),
            ("1.A.3.b", "gas_diesel_oil", 20.0, "万吨", 10.0),
            ("1.A.4.b", "天然气", 1.5, "亿立方米", 0.0),
        ];
        for (i, (cat, fuel, value, unit, unc)) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_number(r, 0, 2019).unwrap();
            ws.write_string(r, 1, "Hubei").unwrap();
            ws.write_string(r, 2, *cat).unwrap();
            ws.write_string(r, 3, *fuel).unwrap();
            ws.write_number(r, 4, *value).unwrap();
            ws.write_string(r, 5, *unit).unwrap();
            ws.write_string(r, 6, "test fixture").unwrap();
            if *unc > 0.0 {
                ws.write_number(r, 8, *unc).unwrap();
            }
        }
        wb.save(&filled).unwrap();

        let check = ghgkit(d.path(), &["check", filled.to_str().unwrap()]);
        assert!(check.status.success(), "{}", text(&check));
        assert!(
            text(&check).contains("3 activity row(s)"),
            "{}",
            text(&check)
        );
        let out = format!("res-{lang}");
        let o = ghgkit(
            d.path(),
            &["inventory", filled.to_str().unwrap(), "--out", &out],
        );
        assert!(o.status.success(), "{}", text(&o));
        let (head, rows) = read_csv(&d.path().join(&out).join("inventory.csv"));
        assert_eq!(rows.len(), 9, "3 fuels × CO2, CH4, N2O");
        let col = |n: &str| head.iter().position(|h| h == n).unwrap();
        let input = col("input");
        assert!(
            rows.iter()
                .any(|r| r[input].contains(&format!("{activity} › E2"))),
            "input cells name the sheet: {rows:?}"
        );
        let co2e: f64 = rows
            .iter()
            .map(|r| r[col("co2e_t")].parse::<f64>().unwrap())
            .sum();
        assert!(co2e > 0.0);
        totals.push(co2e);
    }
    assert_eq!(
        totals[0], totals[1],
        "the same rows give the same result under either header"
    );
}

#[test]
fn the_activity_sheet_has_drop_downs_checks_notes_and_a_frozen_header() {
    let d = tempdir();
    for (lang, _, activity, lists) in LANGS {
        let tpl = make(d.path(), &format!("v-{lang}.xlsx"), lang);
        let part = worksheet_part(&tpl, activity);
        let xml = zip_member(&tpl, &part).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();

        let mut dv: BTreeMap<String, roxmltree::Node> = BTreeMap::new();
        for n in doc
            .descendants()
            .filter(|n| n.has_tag_name("dataValidation"))
        {
            dv.insert(n.attribute("sqref").unwrap().to_string(), n);
        }
        let formula = |n: &roxmltree::Node, which: &str| {
            n.children()
                .find(|c| c.has_tag_name(which))
                .and_then(|c| c.text())
                .unwrap_or_default()
                .to_string()
        };
        let get = |sqref: &str| {
            *dv.get(sqref)
                .unwrap_or_else(|| panic!("{lang}: no validation on {sqref}: {:?}", dv.keys()))
        };
        // year: whole number 1900–2200.
        let y = get("A2:A10000");
        assert_eq!(y.attribute("type"), Some("whole"));
        assert_eq!(formula(&y, "formula1"), "1900");
        assert_eq!(formula(&y, "formula2"), "2200");
        // category, activity, unit: lists from defined names.
        for (sqref, name) in [
            ("C2:C10000", "ghgkit_categories"),
            ("D2:D10000", "ghgkit_fuels"),
            ("F2:F10000", "ghgkit_units"),
        ] {
            let n = get(sqref);
            assert_eq!(n.attribute("type"), Some("list"), "{sqref}");
            assert_eq!(formula(&n, "formula1"), name, "{sqref}");
            assert_eq!(n.attribute("errorStyle"), Some("warning"), "{sqref}");
        }
        // value: decimal ≥ 0.
        let v = get("E2:E10000");
        assert_eq!(v.attribute("type"), Some("decimal"));
        assert_eq!(v.attribute("operator"), Some("greaterThanOrEqual"));
        assert_eq!(formula(&v, "formula1"), "0");
        // uncertainty_pct: decimal 0–1000.
        let u = get("I2:I10000");
        assert_eq!(u.attribute("type"), Some("decimal"));
        assert_eq!(formula(&u, "formula1"), "0");
        assert_eq!(formula(&u, "formula2"), "1000");
        // Every validation has a bilingual input message; every restricting one a bilingual error.
        for (sqref, n) in &dv {
            let prompt = n.attribute("prompt").unwrap_or_default();
            assert!(
                has_cjk(prompt) && has_latin_word(prompt),
                "{lang} {sqref}: input message {prompt:?}"
            );
            if n.attribute("type").is_some() {
                let error = n.attribute("error").unwrap_or_default();
                assert!(
                    has_cjk(error) && has_latin_word(error),
                    "{lang} {sqref}: error message {error:?}"
                );
            }
        }

        // The defined names point at the lists sheet, over exactly the listed entries.
        let names = defined_names(&tpl);
        let n_fuels = FuelCatalogue::builtin().len();
        let fuel_col = if lang == "en" { "F" } else { "H" };
        for (name, col, n) in [
            ("ghgkit_categories", "A", CategoryTree::ipcc2006().len()),
            ("ghgkit_fuels", fuel_col, n_fuels),
            ("ghgkit_units", "L", known_units().len()),
        ] {
            let want = format!("'{lists}'!${col}$2:${col}${}", n + 1);
            let got = names.get(name).map(|s| s.replace('\'', ""));
            assert_eq!(got, Some(want.replace('\'', "")), "{lang} {name}");
        }

        // Frozen header row.
        let pane = doc
            .descendants()
            .find(|n| n.has_tag_name("pane"))
            .expect("a pane");
        assert_eq!(pane.attribute("ySplit"), Some("1"));
        assert_eq!(pane.attribute("state"), Some("frozen"));

        // A note (comment) on every header cell A1..I1, in both languages.
        let sheet_rels = part.replace("worksheets/", "worksheets/_rels/") + ".rels";
        let comments = rels(&tpl, &sheet_rels)
            .into_iter()
            .find(|(_, t, _)| t.ends_with("/comments"))
            .expect("the activity sheet has comments")
            .2;
        let comments = format!("xl/{}", comments.trim_start_matches("../"));
        let xml = zip_member(&tpl, &comments).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let notes: BTreeMap<&str, String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("comment"))
            .map(|n| {
                let text: String = n
                    .descendants()
                    .filter(|t| t.has_tag_name("t"))
                    .filter_map(|t| t.text())
                    .collect();
                (n.attribute("ref").unwrap(), text)
            })
            .collect();
        let refs: Vec<&str> = notes.keys().copied().collect();
        assert_eq!(
            refs,
            ["A1", "B1", "C1", "D1", "E1", "F1", "G1", "H1", "I1"],
            "{lang}"
        );
        for (r, t) in &notes {
            assert!(has_cjk(t) && has_latin_word(t), "{lang} {r}: {t}");
        }
        assert!(notes["A1"].contains("Required") && notes["A1"].contains("必填"));
        assert!(notes["G1"].contains("Optional") && notes["G1"].contains("选填"));
    }
}

#[test]
fn the_lists_sheet_holds_every_category_fuel_and_unit() {
    let d = tempdir();
    for (lang, instructions, activity, lists) in LANGS {
        let tpl = make(d.path(), &format!("l-{lang}.xlsx"), lang);
        assert_eq!(sheet_names(&tpl), [instructions, activity, lists]);
        assert!(
            !sheet_names(&tpl).iter().any(|s| s == "factors"),
            "factors is left free"
        );
        let cells = sheet(&tpl, lists);
        let column = |c: usize| -> Vec<String> {
            cells
                .iter()
                .skip(1)
                .map(|r| r.get(c).cloned().unwrap_or_default())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let tree = CategoryTree::ipcc2006();
        let codes: Vec<String> = tree.iter().map(|c| c.code.clone()).collect();
        assert_eq!(column(0), codes, "category codes, in tree order");
        let titles_en: Vec<String> = tree.iter().map(|c| c.title_en.clone()).collect();
        let titles_zh: Vec<String> = tree.iter().map(|c| c.title_zh.clone()).collect();
        assert_eq!(column(1), titles_en);
        assert_eq!(column(2), titles_zh);
        let fuels = FuelCatalogue::builtin();
        let keys: Vec<String> = fuels.iter().map(|f| f.key.clone()).collect();
        let names_zh: Vec<String> = fuels.iter().map(|f| f.name_zh.clone()).collect();
        assert_eq!(column(5), keys, "fuel keys");
        assert_eq!(column(7), names_zh, "Chinese fuel names");
        for k in [
            "raw_coal",
            "natural_gas",
            "gas_diesel_oil",
            "coke_oven_gas",
            "biogas",
            "electricity",
        ] {
            assert!(keys.iter().any(|x| x == k), "{k}");
        }
        let units: Vec<String> = known_units().iter().map(|u| u.to_string()).collect();
        assert_eq!(column(11), units, "units");
        // Each table has a header row that ghgkit does not take for an activity header.
        assert!(cells[0][0].contains("code") && cells[0][0].contains("代码"));
        assert!(cells[0][5].contains("key") && cells[0][5].contains("燃料"));
        assert!(cells[0][11].contains("unit") && cells[0][11].contains("单位"));
    }
}

#[test]
fn the_instructions_explain_columns_rules_and_commands_in_both_languages() {
    let d = tempdir();
    for (lang, instructions, activity, _) in LANGS {
        let tpl = make(d.path(), &format!("i-{lang}.xlsx"), lang);
        let all: String = sheet(&tpl, instructions)
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n");
        for needle in [
            "ghgkit check",
            "ghgkit inventory",
            "missing, not zero",
            "不表示零",
            "—",
            "IPCC 2006",
            "1.A.1.a",
            "万吨",
            "亿立方米",
            "uncertainty_pct",
            "不确定性(%)",
            "Required",
            "必填",
            "Optional",
            "选填",
            "illustrative",
            activity,
        ] {
            assert!(all.contains(needle), "{lang}: {needle:?} missing");
        }
        for u in known_units() {
            assert!(all.contains(u), "{lang}: unit {u} not mentioned");
        }
    }
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let d = tempdir();
    let tpl = make(d.path(), "t.xlsx", "en");
    let before = std::fs::read(&tpl).unwrap();

    let o = ghgkit(d.path(), &["template", "--out", "t.xlsx", "--lang", "zh"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("already exists") && t.contains("--force"), "{t}");
    assert_eq!(std::fs::read(&tpl).unwrap(), before, "left untouched");

    let o = ghgkit(
        d.path(),
        &["template", "--out", "t.xlsx", "--lang", "zh", "--force"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_ne!(std::fs::read(&tpl).unwrap(), before, "replaced");
    assert_eq!(sheet_names(&tpl)[1], "活动数据");

    // Not an .xlsx name, or a folder: refused, nothing written.
    for bad in ["t.xls", "t.csv", "t"] {
        let o = ghgkit(d.path(), &["template", "--out", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", text(&o));
        assert!(text(&o).contains(".xlsx"), "{}", text(&o));
        assert!(!d.path().join(bad).exists());
    }
    std::fs::create_dir(d.path().join("dir.xlsx")).unwrap();
    let o = ghgkit(d.path(), &["template", "--out", "dir.xlsx", "--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("folder"), "{}", text(&o));

    // No temporary files left behind.
    for e in std::fs::read_dir(d.path()).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(!name.ends_with(".tmp"), "{name}");
    }
}

#[test]
fn help_teaches_the_command_with_an_example() {
    let d = tempdir();
    let o = ghgkit(d.path(), &["template", "--help"]);
    assert!(o.status.success());
    let t = text(&o);
    for needle in [
        "--out",
        "--lang",
        "--force",
        "Example",
        "ghgkit check",
        "年份",
        "missing, not zero",
    ] {
        assert!(t.contains(needle), "{needle:?} not in help: {t}");
    }
    let top = text(&ghgkit(d.path(), &["--help"]));
    assert!(top.contains("template"), "{top}");
}
