//! Fuzz findings (tests/fuzz/README.md): each saved input is read through the library entry point
//! (`ingest::workbook::read_tables`) and through `ghgkit check`; both must give a clear input error that
//! names the file (exit code 2), never a panic, an abort or unbounded memory.

mod common;
use common::{ghgkit, tempdir, text};
use std::path::Path;

const FINDINGS: &[&str] = &[
    "xls-oom-zero-sectors.xls",
    "xls-sector-past-end.xls",
    "xls-record-assert.xls",
    "xls-short-record.xls",
    "xls-subtract-overflow.xls",
];

fn saved(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(name)
}

#[test]
fn every_saved_input_is_an_input_error_from_the_library() {
    for name in FINDINGS {
        let e = match ghgkit::ingest::workbook::read_tables(&saved(name)) {
            Ok(t) => panic!("{name}: read as {} tables", t.len()),
            Err(e) => e,
        };
        assert_eq!(e.exit_code(), 2, "{name}: {e}");
        let msg = e.to_string();
        assert!(
            msg.contains(name),
            "{name}: the message does not name the file: {msg}"
        );
        assert!(msg.contains("damaged"), "{name}: {msg}");
    }
}

#[test]
fn every_saved_input_exits_2_from_the_cli_and_writes_nothing() {
    let d = tempdir();
    for name in FINDINGS {
        std::fs::copy(saved(name), d.path().join(name)).unwrap();
        let o = ghgkit(d.path(), &["inventory", name, "--out", "out"]);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(2), "{name}:\n{t}");
        assert!(!t.contains("panicked"), "{name}:\n{t}");
        assert!(t.contains(name), "{name}:\n{t}");
        assert!(!d.path().join("out").exists(), "{name}: output written");
    }
}

/// The input that exhausted memory is refused before the reader follows its chains: the message says
/// which sector is wrong.
#[test]
fn the_out_of_memory_input_is_refused_by_the_chain_check() {
    let e = ghgkit::ingest::workbook::read_tables(&saved("xls-oom-zero-sectors.xls")).unwrap_err();
    assert!(
        e.to_string().contains("lies past the end of the file"),
        "{e}"
    );
}
