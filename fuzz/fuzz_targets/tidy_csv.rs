//! Any text as a tidy or wide CSV activity sheet, then the inventory of whatever records it gives: errors are
//! fine, panics are not.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// The built-in factor library, loaded once per process (loading it per input made the target run at
/// about 3 inputs per second).
fn library() -> &'static ghgkit::factors::FactorLibrary {
    static LIB: OnceLock<ghgkit::factors::FactorLibrary> = OnceLock::new();
    LIB.get_or_init(|| ghgkit::factors::FactorLibrary::builtin().expect("built-in factors load"))
}

fuzz_target!(|text: &str| {
    let Ok(tables) = ghgkit::ingest::workbook::tables_from_csv_text(text, "fuzz.csv") else {
        return;
    };
    let mut out = ghgkit::ingest::Ingested::default();
    ghgkit::ingest::read_tables(&tables, &mut out);
    if out.diagnostics.has_errors() || out.records.is_empty() {
        return;
    }
    let lib = library();
    let gwp = ghgkit::gases::gwp_set("AR5").expect("AR5 exists");
    let settings = ghgkit::inventory::Settings {
        library: lib,
        factor_set: "china",
        gwp,
        overrides: &out.overrides,
    };
    let _ = ghgkit::inventory::compute(&out.records, &settings);
});
