//! Any bytes as a workbook (.xlsx, .xls, .ods or .csv, chosen by the first byte): reading must return tables
//! or an error, never panic, and reading the tables as activity data must do the same.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let ext = ["xlsx", "xls", "ods", "csv"][kind as usize % 4];
    let dir = std::env::temp_dir().join(format!("ghgkit-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("input.{ext}"));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    if let Ok(tables) = ghgkit::ingest::workbook::read_tables(&path) {
        let mut out = ghgkit::ingest::Ingested::default();
        ghgkit::ingest::read_tables(&tables, &mut out);
    }
});
