//! A .xlsx file read by the streaming tidy reader (`ingest::xlsx_stream`, used by `ghgkit inventory --only
//! summary`): it must never panic, and whenever it does not give up (`Some`), its records and problems must
//! be those of the table path (`ingest::read_activity`) on the same file.
//!
//! The first byte chooses the input: even, the rest is the whole file (zip and all); odd, the rest is the
//! worksheet's XML, zipped here with a fixed workbook and a fixed list of shared strings, so that the
//! fuzzer works on the cells, rows and attributes the stream parses rather than on deflate streams.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
/// year region category activity value unit Hubei 1.A.1.a raw_coal 万吨 1.A.2 natural_gas 亿立方米 1.A.3.b
/// gas_diesel_oil t 1.A.4.b lpg 2.A.1 clinker (indices 0–19).
const STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="26" uniqueCount="20"><si><t>year</t></si><si><t>region</t></si><si><t>category</t></si><si><t>activity</t></si><si><t>value</t></si><si><t>unit</t></si><si><t>Hubei</t></si><si><t>1.A.1.a</t></si><si><t>raw_coal</t></si><si><t>万吨</t></si><si><t>1.A.2</t></si><si><t>natural_gas</t></si><si><t>亿立方米</t></si><si><t>1.A.3.b</t></si><si><t>gas_diesel_oil</t></si><si><t>t</t></si><si><t>1.A.4.b</t></si><si><t>lpg</t></si><si><t>2.A.1</t></si><si><t>clinker</t></si></sst>"#;

/// A workbook of the fixed parts around `sheet` (the worksheet's XML).
fn wrap(sheet: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, bytes) in [
        ("[Content_Types].xml", TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", RELS.as_bytes()),
        ("xl/sharedStrings.xml", STRINGS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ] {
        zip.start_file(name, opts).ok()?;
        zip.write_all(bytes).ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        // As in the `workbook` target: a panic inside calamine (caught by the table path) is not a finding.
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !ghgkit::ingest::workbook::in_reader() {
                fuzzer_hook(info);
            }
        }));
    });
    let dir = std::env::temp_dir().join(format!("ghgkit-fuzz-stream-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("input.xlsx");
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let bytes = if kind % 2 == 0 {
        rest.to_vec()
    } else {
        match wrap(rest) {
            Some(b) => b,
            None => return,
        }
    };
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let mut records = Vec::new();
    let streamed = ghgkit::ingest::xlsx_stream::stream_activity(&[&path], &mut |batch| {
        records.extend(batch);
        true
    });
    let Some(streamed) = streamed else {
        return;
    };
    assert_eq!(streamed.records, records.len());
    let whole = ghgkit::ingest::read_activity(&[&path]).expect("the table path reads what the stream read");
    let problems = |d: &ghgkit::error::Diagnostics| d.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(problems(&streamed.diagnostics), problems(&whole.diagnostics));
    assert_eq!(records.len(), whole.records.len());
    for (a, b) in records.iter().zip(&whole.records) {
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
});
