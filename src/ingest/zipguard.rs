//! A look inside an .xlsx/.ods package before any of it is inflated: refuses zip bombs.
//!
//! An .xlsx file is a zip archive. A few megabytes of it can inflate to gigabytes (deflate reaches about
//! 1,000 : 1), and the spreadsheet reader loads some parts whole (the shared-string table) or buffers one
//! XML text node whole. So before the workbook is opened:
//! every entry's declared uncompressed size must be at most [`MAX_ENTRY_BYTES`] ([`MAX_WHOLE_PART_BYTES`] for
//! the parts the reader keeps whole: the shared strings), and their sum at most [`MAX_TOTAL_BYTES`]. These
//! sizes come from the central directory: nothing is inflated. A forged directory that understates a size
//! does not get past: the zip reader stops inflating an entry at its declared size ("File is larger than
//! its declared uncompressed size", tested in `tests/corpus.rs`).
//!
//! Worksheets themselves are read as a stream, cell by cell, and their cell count is bounded by
//! [`super::workbook::MAX_CELLS`].

use crate::error::{Error, Location, Result};
use std::path::Path;

/// Largest uncompressed size of one entry (a 20-million-cell sheet is about 1 GiB of XML).
pub const MAX_ENTRY_BYTES: u64 = 2 << 30;
/// Largest uncompressed size of all entries together.
pub const MAX_TOTAL_BYTES: u64 = 4 << 30;
/// Largest inflated size of a part that the reader keeps whole in memory (the shared strings).
pub const MAX_WHOLE_PART_BYTES: u64 = 512 << 20;

/// Parts the spreadsheet reader holds whole in memory.
const WHOLE_PARTS: &[&str] = &["xl/sharedStrings.xml", "content.xml"];

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / (1u64 << 20) as f64)
}

/// Checks the package at `path` (see the module docs); `file` is the name used in messages. A file that is
/// not a zip archive passes: the workbook reader then says what is wrong with it.
pub fn check(path: &Path, file: &str) -> Result<()> {
    let refuse = |what: String| {
        Err(Error::input(
            Some(Location::file(file)),
            format!(
                "{what}: this is not an ordinary spreadsheet (a damaged file or a \"zip bomb\"); ghgkit does not read it"
            ),
        ))
    };
    let Ok(f) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(f)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(e) = zip.by_index_raw(i) else {
            continue;
        };
        let name = e.name().map(|n| n.into_owned()).unwrap_or_default();
        let size = e.size();
        let limit = if WHOLE_PARTS.contains(&name.as_str()) {
            MAX_WHOLE_PART_BYTES
        } else {
            MAX_ENTRY_BYTES
        };
        if size > limit {
            return refuse(format!(
                "the part \"{name}\" inflates to {} ({} compressed), more than the {} ghgkit accepts for it",
                mib(size),
                mib(e.compressed_size()),
                mib(limit)
            ));
        }
        total = total.saturating_add(size);
    }
    if total > MAX_TOTAL_BYTES {
        return refuse(format!(
            "its parts inflate to {} in all, more than the {} ghgkit accepts",
            mib(total),
            mib(MAX_TOTAL_BYTES)
        ));
    }
    Ok(())
}
