//! Any text as an energy-balance layout (mappings/*.toml); a layout that loads is applied to the embedded
//! Hubei balance table. Errors are fine, panics are not.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(mapping) = ghgkit::ingest::balance::BalanceMapping::parse(text, "fuzz.toml") else {
        return;
    };
    let Ok(tables) = ghgkit::ingest::workbook::tables_from_csv_text(
        ghgkit::example::HUBEI_2007_CSV,
        ghgkit::example::HUBEI_2007_FILE,
    ) else {
        return;
    };
    let mut out = ghgkit::ingest::Ingested::default();
    ghgkit::ingest::read_tables_with(&tables, std::slice::from_ref(&mapping), &mut out);
});
