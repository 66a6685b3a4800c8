//! Any bytes as a workbook (.xlsx, .xls, .ods or .csv, chosen by the first byte): reading must return tables
//! or an error, never panic, and reading the tables as activity data must do the same.
//!
//! The spreadsheet reader (calamine) panics on some damaged files; `workbook::read_tables` catches those
//! panics and turns them into input errors (exit 2), as the binary does. libFuzzer's panic hook aborts on
//! every panic, caught or not, so the hook is wrapped like `src/main.rs` does: a panic inside the reader
//! (`workbook::in_reader()`) is left to `read_tables`; any other panic still aborts and is a finding.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !ghgkit::ingest::workbook::in_reader() {
                fuzzer_hook(info);
            }
        }));
    });
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
