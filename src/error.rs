//! Errors, input locations and diagnostics.
//!
//! Bad input is never reported one problem at a time: readers and checkers collect every problem they find
//! into [`Diagnostics`], each with a [`Severity`] and, where one exists, a [`Location`] naming
//! `file › sheet › cell` (spreadsheets) or `file:line` (CSV, TOML). A run that found errors returns
//! [`Error::Input`] carrying them all; the binary maps it to exit code 2.

use crate::shared::Shared;
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// Where a value was read: a file and, inside it, a sheet and cell, or a line (and column).
///
/// The texts are [`Shared`]: the locations of a million records share their file and sheet names, and
/// cloning a location copies pointers, not text.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// The file as the user named it.
    pub file: Shared,
    /// The sheet of a workbook, if any.
    pub sheet: Option<Shared>,
    /// The cell in A1 notation (`C7`), if any.
    pub cell: Option<Shared>,
    /// The 1-based line of a text file, if any.
    pub line: Option<u64>,
    /// The 1-based column of a text file, if known.
    pub column: Option<u64>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(file: impl Into<Shared>) -> Self {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }

    /// A cell of a sheet, from 0-based row and column indices.
    pub fn cell(file: impl Into<Shared>, sheet: impl Into<Shared>, row: u32, col: u32) -> Self {
        Location {
            file: file.into(),
            sheet: Some(sheet.into()),
            cell: Some(a1_in(row, col, &mut [0; A1_MAX]).into()),
            ..Location::default()
        }
    }

    /// A line (1-based) of a text file.
    pub fn line(file: impl Into<Shared>, line: u64) -> Self {
        Location {
            file: file.into(),
            line: Some(line),
            ..Location::default()
        }
    }

    /// The same location with a column (1-based) added.
    pub fn with_column(mut self, column: u64) -> Self {
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, " › {sheet}")?;
        }
        if let Some(cell) = &self.cell {
            write!(f, " › {cell}")?;
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// The A1 name of a cell from 0-based row and column indices: `a1(6, 2)` is `"C7"`.
///
/// ```
/// assert_eq!(ghgkit::error::a1(6, 2), "C7");
/// assert_eq!(ghgkit::error::a1(0, 26), "AA1");
/// ```
pub fn a1(row: u32, col: u32) -> String {
    let mut buf = [0u8; A1_MAX];
    a1_in(row, col, &mut buf).to_string()
}

/// 0-based (row, column) of an A1 reference within a worksheet's bounds (`C7` → (6, 2)), the inverse of
/// [`a1`]; `None` for anything else. Leading zeros are read (`A07` → (6, 0)), as spreadsheet readers do.
pub fn a1_position(r: &[u8]) -> Option<(u32, u32)> {
    let letters = r.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if letters == 0 || letters > 3 || letters == r.len() {
        return None;
    }
    let mut col: u32 = 0;
    for &b in &r[..letters] {
        col = col * 26 + u32::from(b - b'A' + 1);
    }
    let mut row: u32 = 0;
    for &b in &r[letters..] {
        if !b.is_ascii_digit() {
            return None;
        }
        row = row.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
    }
    (row >= 1 && col <= 16_384 && row <= 1_048_576).then(|| (row - 1, col - 1))
}

/// The longest A1 name of `u32` indices: 7 letters (26⁷ > 2³²) and 10 digits.
const A1_MAX: usize = 17;

/// [`a1`] written into `buf`, without allocating: [`Location::cell`] makes one shared copy of it, a
/// million records each naming their cell.
fn a1_in(row: u32, col: u32, buf: &mut [u8; A1_MAX]) -> &str {
    let mut letters = [0u8; 7];
    let mut n = 0;
    let mut c = u64::from(col) + 1;
    while c > 0 {
        letters[n] = b'A' + ((c - 1) % 26) as u8;
        n += 1;
        c = (c - 1) / 26;
    }
    let mut digits = [0u8; 10];
    let mut d = 0;
    let mut r = u64::from(row) + 1;
    while r > 0 {
        digits[d] = b'0' + (r % 10) as u8;
        d += 1;
        r /= 10;
    }
    for (slot, &b) in buf
        .iter_mut()
        .zip(letters[..n].iter().rev().chain(digits[..d].iter().rev()))
    {
        *slot = b;
    }
    std::str::from_utf8(&buf[..n + d]).unwrap_or_default()
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The run cannot give a correct result while this stands.
    Error,
    /// Worth a look; the run goes on.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where, if the problem has a place.
    pub location: Option<Location>,
    /// What is wrong and what was expected.
    pub message: String,
    /// The nearest valid value, where one can be guessed.
    pub suggestion: Option<String>,
}

impl Diagnostic {
    /// An error at a location.
    pub fn error(location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            suggestion: None,
        }
    }

    /// A warning at a location.
    pub fn warning(location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            suggestion: None,
        }
    }

    /// The same diagnostic with a suggested value.
    pub fn suggest(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.severity)?;
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean \"{s}\"?)")?;
        }
        Ok(())
    }
}

/// Every problem found in one pass over the input.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No diagnostics yet.
    pub fn new() -> Self {
        Diagnostics::default()
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds an error.
    pub fn error(&mut self, location: Option<Location>, message: impl Into<String>) {
        self.push(Diagnostic::error(location, message));
    }

    /// Adds a warning.
    pub fn warning(&mut self, location: Option<Location>, message: impl Into<String>) {
        self.push(Diagnostic::warning(location, message));
    }

    /// Moves all of `other` in.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when at least one is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// True when there are none at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All of them, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// All of them, errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// `Err(Error::Input(self))` when there are errors, else `Ok(self)` (warnings kept).
    pub fn into_result(self) -> Result<Diagnostics> {
        if self.has_errors() {
            Err(Error::Input(self))
        } else {
            Ok(self)
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        write!(
            f,
            "{} error(s), {} warning(s)",
            self.error_count(),
            self.warning_count()
        )
    }
}

/// Everything that can go wrong in ghgkit.
#[derive(Debug)]
pub enum Error {
    /// The input is wrong; every problem found is listed. Exit code 2.
    Input(Diagnostics),
    /// An input file could not be read. Exit code 2.
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An output could not be written. Exit code 1.
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A bug or an impossible state. Exit code 1.
    Internal(String),
}

impl Error {
    /// A single input error at a location.
    pub fn input(location: Option<Location>, message: impl Into<String>) -> Self {
        let mut d = Diagnostics::new();
        d.error(location, message);
        Error::Input(d)
    }

    /// The process exit code for this error: 2 for bad input, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::Read { .. } => 2,
            Error::Write { .. } | Error::Internal(_) => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(d) => write!(f, "{d}"),
            Error::Read { path, source } => {
                write!(f, "error: cannot read {}: {source}", path.display())
            }
            Error::Write { path, message } => {
                write!(f, "error: cannot write {}: {message}", path.display())
            }
            Error::Internal(m) => write!(f, "internal error: {m}"),
        }
    }
}

impl std::error::Error for Error {}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The candidate nearest to `text` by edit distance (case-insensitive, over Unicode characters), if close
/// enough to be a plausible misspelling: distance ≤ max(2, len/3).
pub fn nearest<'a, I>(text: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let needle = text.trim().to_lowercase();
    if needle.is_empty() {
        return None;
    }
    let limit = 2.max(needle.chars().count() / 3);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::levenshtein(&needle, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(21, 3), "D22");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 701), "ZZ10");
        assert_eq!(a1(0, 702), "AAA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
        // The longest: column 2³² in bijective base 26 (worked out in Python: MWLQKWV), row 2³².
        assert_eq!(a1(u32::MAX, u32::MAX), "MWLQKWV4294967296");
    }

    #[test]
    fn location_display() {
        let l = Location::cell("a.xlsx", "activity", 6, 2);
        assert_eq!(l.to_string(), "a.xlsx › activity › C7");
        let l = Location::line("s.toml", 12).with_column(3);
        assert_eq!(l.to_string(), "s.toml:12:3");
    }

    #[test]
    fn diagnostics_count_and_result() {
        let mut d = Diagnostics::new();
        d.warning(None, "w");
        assert!(d.clone().into_result().is_ok());
        d.error(Some(Location::file("f")), "e");
        assert_eq!(d.error_count(), 1);
        assert_eq!(d.warning_count(), 1);
        let e = d.into_result().unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn nearest_suggests_close_names_only() {
        let c = ["natural_gas", "raw_coal", "coke_oven_coke"];
        assert_eq!(nearest("natral_gas", c).as_deref(), Some("natural_gas"));
        assert_eq!(nearest("RAW_COAL", c).as_deref(), Some("raw_coal"));
        assert_eq!(nearest("uranium", c), None);
    }
}
