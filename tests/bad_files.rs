//! Files that are broken, lie about their size, or hide problems: a clear error (exit 2), never a panic,
//! bounded memory, nothing written, the input left unchanged. Every fixture is generated here.

mod common;
use common::{C, ghgkit, good_rows, tempdir, text, xlsx};
use std::io::{Read, Write};
use std::path::Path;

/// Runs `check` and `inventory` on `file`: both exit 2, no panic, no output folder, input unchanged.
fn refused(dir: &Path, file: &str) -> String {
    let before = std::fs::read(dir.join(file)).unwrap();
    let o = ghgkit(dir, &["check", file]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "check {file}:\n{t}");
    assert!(!t.contains("panicked"), "{t}");
    let o = ghgkit(dir, &["inventory", file, "--out", "out"]);
    let t2 = text(&o);
    assert_eq!(o.status.code(), Some(2), "inventory {file}:\n{t2}");
    assert!(!dir.join("out").exists(), "output written for {file}");
    assert_eq!(
        std::fs::read(dir.join(file)).unwrap(),
        before,
        "{file} changed"
    );
    t
}

/// Rewrites one entry of a zip (xlsx) with `f` applied to its text.
fn rezip(path: &Path, entry: &str, f: impl Fn(String) -> String) {
    let bytes = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if name == entry {
            data = f(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn truncated_and_corrupt_workbooks() {
    let d = tempdir();
    xlsx(&d.path().join("good.xlsx"), &[("s", good_rows())]);
    let good = std::fs::read(d.path().join("good.xlsx")).unwrap();
    std::fs::write(d.path().join("half.xlsx"), &good[..good.len() / 2]).unwrap();
    std::fs::write(d.path().join("tail.xlsx"), &good[..good.len() - 30]).unwrap();
    let mut flipped = good.clone();
    for b in flipped.iter_mut().skip(200).step_by(97).take(40) {
        *b ^= 0x5a;
    }
    std::fs::write(d.path().join("flipped.xlsx"), flipped).unwrap();
    std::fs::write(d.path().join("empty.xlsx"), b"").unwrap();
    std::fs::write(d.path().join("text.xls"), b"year,region\n2019,Hubei\n").unwrap();
    std::fs::write(d.path().join("pdf.ods"), b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n").unwrap();
    std::fs::write(d.path().join("data.docx"), b"PK\x03\x04").unwrap();
    for f in [
        "half.xlsx",
        "tail.xlsx",
        "flipped.xlsx",
        "empty.xlsx",
        "text.xls",
        "pdf.ods",
        "data.docx",
    ] {
        let t = refused(d.path(), f);
        assert!(t.contains(f), "the message names {f}:\n{t}");
    }
}

#[test]
fn an_xlsx_renamed_xls_is_still_refused_or_read_never_a_panic() {
    let d = tempdir();
    xlsx(&d.path().join("good.xlsx"), &[("s", good_rows())]);
    std::fs::copy(d.path().join("good.xlsx"), d.path().join("renamed.xls")).unwrap();
    let o = ghgkit(d.path(), &["check", "renamed.xls"]);
    let t = text(&o);
    assert!(!t.contains("panicked"), "{t}");
    assert!(matches!(o.status.code(), Some(0 | 2)), "{t}");
}

#[test]
fn empty_sheets_and_an_empty_workbook() {
    let d = tempdir();
    xlsx(
        &d.path().join("blank.xlsx"),
        &[("Sheet1", vec![]), ("Sheet2", vec![])],
    );
    let t = refused(d.path(), "blank.xlsx");
    assert!(t.contains("no activity data found"), "{t}");
    std::fs::write(d.path().join("blank.csv"), "").unwrap();
    let t = refused(d.path(), "blank.csv");
    assert!(t.contains("no activity data found"), "{t}");
}

#[test]
fn a_sheet_whose_cells_span_a_million_rows_is_refused_without_allocating_them() {
    let d = tempdir();
    let mut rows = good_rows();
    // One stray cell at XFD1048576, the last cell of a sheet.
    let mut far: Vec<C> = (0..16_383).map(|_| C::E).collect();
    far.push(C::S("x"));
    rows.resize_with(1_048_575, Vec::new);
    rows.push(far);
    xlsx(&d.path().join("huge.xlsx"), &[("s", rows)]);
    let t = refused(d.path(), "huge.xlsx");
    assert!(t.contains("1048576 rows × 16384 columns"), "{t}");
    assert!(t.contains("XFD1048576"), "{t}");
}

#[test]
fn a_dimension_tag_claiming_a_huge_range_is_ignored() {
    // The <dimension ref="A1:XFD1048576"/> of the sheet XML says nothing about the real cells.
    let d = tempdir();
    let p = d.path().join("claims.xlsx");
    xlsx(&p, &[("s", good_rows())]);
    rezip(&p, "xl/worksheets/sheet1.xml", |x| {
        let start = x.find("<dimension ref=\"").unwrap() + "<dimension ref=\"".len();
        let end = start + x[start..].find('"').unwrap();
        format!("{}A1:XFD1048576{}", &x[..start], &x[end..])
    });
    let o = ghgkit(d.path(), &["check", "claims.xlsx"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn a_formula_without_a_cached_value_is_named() {
    let d = tempdir();
    let p = d.path().join("f.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("s").unwrap();
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
    ws.write_formula(1, 4, "=G2*2").unwrap();
    ws.write_string(1, 5, "万吨").unwrap();
    wb.save(&p).unwrap();
    // rust_xlsxwriter caches 0 for a formula; a file saved by a program that does not compute formulas
    // stores no <v> at all: remove it.
    rezip(&p, "xl/worksheets/sheet1.xml", |x| {
        let f = x.find("<f>G2*2</f>").unwrap() + "<f>G2*2</f>".len();
        let v_end = f + x[f..].find("</v>").unwrap() + "</v>".len();
        format!("{}{}", &x[..f], &x[v_end..])
    });
    let t = refused(d.path(), "f.xlsx");
    assert!(t.contains("f.xlsx › s › E2"), "{t}");
    assert!(t.contains("=G2*2") && t.contains("no stored result"), "{t}");
}

#[test]
fn merged_header_cells_are_flagged() {
    let d = tempdir();
    let p = d.path().join("m.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("s").unwrap();
    ws.merge_range(0, 0, 0, 1, "year", &rust_xlsxwriter::Format::new())
        .unwrap();
    for (c, h) in ["category", "activity", "value", "unit"].iter().enumerate() {
        ws.write_string(0, c as u16 + 2, *h).unwrap();
    }
    ws.write_number(1, 0, 2019.0).unwrap();
    ws.write_string(1, 1, "Hubei").unwrap();
    ws.write_string(1, 2, "1.A.2").unwrap();
    ws.write_string(1, 3, "raw_coal").unwrap();
    ws.write_number(1, 4, 1.0).unwrap();
    ws.write_string(1, 5, "万吨").unwrap();
    wb.save(&p).unwrap();
    let t = refused(d.path(), "m.xlsx");
    assert!(t.contains("merged header cells A1:B1"), "{t}");
    assert!(t.contains("region"), "the missing column is named: {t}");
}

#[test]
fn text_nan_and_infinity_in_numbers() {
    let d = tempdir();
    let mut csv = String::from("year,region,category,activity,value,unit\n");
    for v in ["NaN", "inf", "-inf", "1e999", "12 吨", "0x10"] {
        csv.push_str(&format!("2019,Hubei,1.A.2,raw_coal,{v},万吨\n"));
    }
    std::fs::write(d.path().join("n.csv"), csv).unwrap();
    let t = refused(d.path(), "n.csv");
    for line in 2..=7 {
        assert!(t.contains(&format!("n.csv:{line}:5")), "line {line}: {t}");
    }
    assert!(t.contains("6 error(s)"), "{t}");
}

#[test]
fn missing_markers_are_missing_with_a_warning_not_zero() {
    let d = tempdir();
    let csv = "year,region,category,activity,value,unit\n2019,Hubei,1.A.2,raw_coal,—,万吨\n2019,Hubei,1.A.2,natural_gas,1.5,亿立方米\n";
    std::fs::write(d.path().join("m.csv"), csv).unwrap();
    let o = ghgkit(d.path(), &["check", "m.csv", "--export", "e.csv"]);
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(
        t.contains("m.csv:2:5") && t.contains("missing, not as zero"),
        "{t}"
    );
    let e = std::fs::read_to_string(d.path().join("e.csv")).unwrap();
    assert!(!e.contains("raw_coal"), "{e}");
}

#[test]
fn an_ods_workbook_is_read() {
    // A minimal OpenDocument spreadsheet: mimetype, manifest, content.
    let d = tempdir();
    let cells = |vals: &[&str]| {
        vals.iter()
            .map(|v| match v.parse::<f64>() {
                Ok(n) => format!(
                    "<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{v}</text:p></table:table-cell>"
                ),
                Err(_) => format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{v}</text:p></table:table-cell>"
                ),
            })
            .collect::<String>()
    };
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="活动"><table:table-row>{}</table:table-row><table:table-row>{}</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
        cells(&["年份", "地区", "类别", "活动", "数值", "单位"]),
        cells(&["2019", "Hubei", "1.A.2", "原煤", "12.5", "万吨"])
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", stored).unwrap();
    z.write_all(manifest.as_bytes()).unwrap();
    z.start_file("content.xml", stored).unwrap();
    z.write_all(content.as_bytes()).unwrap();
    std::fs::write(d.path().join("a.ods"), z.finish().unwrap().into_inner()).unwrap();
    let o = ghgkit(d.path(), &["check", "a.ods", "--export", "e.csv"]);
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    let e = std::fs::read_to_string(d.path().join("e.csv")).unwrap();
    assert!(
        e.contains("raw_coal") && e.contains("12.5") && e.contains("a.ods › 活动 › E2"),
        "{e}"
    );
}
