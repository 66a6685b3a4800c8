//! Plain tidy .xlsx workbooks read as a stream: each sheet's XML is inflated in chunks into a rolling
//! buffer, its cells are parsed as they come (as [`super::xlsx_scan::parse_cell`] parses them, so a cell
//! reads as on the table path; a shared string is kept as its index), each row goes straight to the tidy reader ([`TidyStream`]) and each record, once
//! checked for duplicates, to the caller in batches. No sheet XML, cell list or [`Table`] of the whole
//! sheet is held: memory is bounded by a batch of records and the duplicate keys (a few numbers per
//! record), not by the sheet.
//!
//! The records, warnings and errors are those of [`super::read_activity`] on the same files, in the same
//! order (tested in `tests/xlsx_stream.rs`). Anything else — a file that is not a plain .xlsx, a cell the
//! scanner does not handle, a sheet that is not tidy (a balance table, a `factors` sheet, the wide layout,
//! a header without a required column, no header, no records), rows out of order, merged cells — makes
//! [`stream_activity`] return `None`, and the caller reads the files with [`super::read_activity_with`].

use super::table::{Cell, Table};
use super::tidy::{RowCells, TidyStream};
use super::xlsx_scan::{self, Scanned};
use crate::activity::ActivityRecord;
use crate::error::{Diagnostics, Location};
use crate::shared::Shared;
use memchr::memmem;
use rustc_hash::FxHashMap;
use std::io::Read;
use std::path::Path;

/// Records handed to the sink at a time.
pub const BATCH: usize = 16_384;

/// Bytes inflated at a time.
const CHUNK: usize = 1 << 18;

/// More sheet XML than ghgkit's cell limit could ever need (as in `xlsx_scan`).
const MAX_ENTRY: u64 = 4 << 30;

/// Rows searched for the header (as the tidy reader does).
const HEADER_ROWS: u32 = 50;

/// What [`stream_activity`] read, besides the records it handed over.
#[derive(Debug, Default)]
pub struct Streamed {
    /// The number of records handed to the sink.
    pub records: usize,
    /// Every problem found, in the order of [`super::read_activity`] (duplicates last).
    pub diagnostics: Diagnostics,
}

/// Reads plain tidy .xlsx files row by row and hands their checked records to `sink` in batches of at
/// most [`BATCH`], in file, sheet and row order. `sink` returns `false` to stop (then `None`). `None` also
/// when the files are not all plain tidy .xlsx workbooks (see the [module documentation](self)): the
/// caller then reads them with [`super::read_activity_with`], which gives the same result for those this
/// reader handles. Records already handed over before `None` are to be discarded.
pub fn stream_activity<P: AsRef<Path>>(
    paths: &[P],
    sink: &mut dyn FnMut(Vec<ActivityRecord>) -> bool,
) -> Option<Streamed> {
    let mut st = State {
        batch: Vec::with_capacity(BATCH),
        sink,
        out: Streamed::default(),
        dups: Duplicates::default(),
    };
    for p in paths {
        let path = p.as_ref();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        if !matches!(ext.as_deref(), Some("xlsx" | "xlsm")) || !is_zip(path) {
            return None;
        }
        let file = path.display().to_string();
        super::zipguard::check(path, &file).ok()?;
        let before = st.out.records + st.batch.len();
        read_file(path, &file, &mut st)?;
        if st.out.records + st.batch.len() == before {
            return None;
        }
    }
    st.flush()?;
    let mut out = st.out;
    out.diagnostics.extend(st.dups.finish());
    Some(out)
}

/// True when the file starts with the signature of a zip archive.
fn is_zip(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| magic == *b"PK\x03\x04")
}

/// The reader's state across files: the batch being filled, the sink, the duplicate keys.
struct State<'s> {
    batch: Vec<ActivityRecord>,
    sink: &'s mut dyn FnMut(Vec<ActivityRecord>) -> bool,
    out: Streamed,
    dups: Duplicates,
}

impl State<'_> {
    fn push(&mut self, rec: ActivityRecord, sheet: u32, (row, col): (u32, u32)) -> Option<()> {
        self.dups.check(&rec, sheet, row, col);
        self.batch.push(rec);
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Some(())
    }

    fn flush(&mut self) -> Option<()> {
        if self.batch.is_empty() {
            return Some(());
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.out.records += batch.len();
        let go_on = (self.sink)(batch);
        go_on.then_some(())
    }
}

/// Every sheet of one workbook.
fn read_file(path: &Path, file: &str, st: &mut State<'_>) -> Option<()> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
    let workbook = xlsx_scan::entry(&mut zip, "xl/workbook.xml")?;
    let rels = xlsx_scan::entry(&mut zip, "xl/_rels/workbook.xml.rels")?;
    let strings = match zip.index_for_name("xl/sharedStrings.xml") {
        Some(_) => xlsx_scan::shared_strings(&xlsx_scan::entry(&mut zip, "xl/sharedStrings.xml")?)?,
        None => Vec::new(),
    };
    let plain_styles = match zip.index_for_name("xl/styles.xml") {
        Some(_) => xlsx_scan::plain_styles(&xlsx_scan::entry(&mut zip, "xl/styles.xml")?)?,
        None => vec![true],
    };
    let strings = Strings::new(strings);
    let file: Shared = file.into();
    for (name, rid) in xlsx_scan::sheets(&workbook)? {
        let target = xlsx_scan::target_of(&rels, &rid)?;
        let target = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        if !target.starts_with("xl/worksheets/") {
            return None;
        }
        let trimmed = name.trim();
        if super::overrides::SHEET_NAMES
            .iter()
            .any(|n| n.eq_ignore_ascii_case(trimmed))
        {
            return None;
        }
        if super::TEMPLATE_SHEETS
            .iter()
            .any(|n| n.eq_ignore_ascii_case(trimmed))
        {
            continue;
        }
        let sheet_no = st.dups.sheets.len() as u32;
        let sheet: Shared = name.as_str().into();
        st.dups.sheets.push((file.clone(), sheet.clone(), 0));
        let entry = zip.by_name(&target).ok()?;
        let mut rows = SheetRows {
            xml: Xml::new(entry),
            strings: strings.cells.len(),
            plain_styles: &plain_styles,
        };
        let mut sheet_reader = SheetReader {
            file: file.clone(),
            sheet,
            strings: &strings,
            sheet_no,
            head: Vec::new(),
            reader: None,
            bounds: None,
        };
        let before = st.out.records + st.batch.len();
        let (dimension, empty) = rows.open()?;
        if let Some(n) = dimension {
            st.dups.reserve(n);
        }
        rows.each_row(empty, &mut |row, cells| sheet_reader.row(row, cells, st))?;
        // A sheet with cells but no record (only a header, only bad rows …) is the table path's to report.
        if sheet_reader.finish(st)? && st.out.records + st.batch.len() == before {
            return None;
        }
    }
    Some(())
}

/// A workbook's shared strings as cells, and which are blank: a row holds a shared string by its index.
struct Strings {
    cells: Vec<Cell>,
    blank: Vec<bool>,
}

impl Strings {
    fn new(strings: Vec<Shared>) -> Self {
        let cells: Vec<Cell> = strings.into_iter().map(Cell::Text).collect();
        let blank = cells.iter().map(Cell::is_blank).collect();
        Strings { cells, blank }
    }
}

/// A zip entry inflated in chunks into a rolling buffer: `buf[pos..end]` is unread.
struct Xml<R: Read> {
    src: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    total: u64,
}

impl<R: Read> Xml<R> {
    fn new(src: R) -> Self {
        Xml {
            src,
            buf: Vec::new(),
            pos: 0,
            end: 0,
            eof: false,
            total: 0,
        }
    }

    /// Reads one more chunk (moving the unread bytes to the front); `false` at the end of the entry.
    fn fill(&mut self) -> Option<bool> {
        if self.eof {
            return Some(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        // The buffer only grows (for an element longer than a chunk): no bytes zeroed per chunk.
        if self.buf.len() < self.end + CHUNK {
            self.buf.resize(self.end + CHUNK, 0);
        }
        let mut got = 0;
        while got < CHUNK {
            match self
                .src
                .read(&mut self.buf[self.end + got..self.end + CHUNK])
            {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        self.end += got;
        self.total += got as u64;
        (self.total <= MAX_ENTRY).then_some(got > 0 || !self.eof)
    }

    /// The unread bytes.
    fn rest(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    /// Offset (from `pos`) of `needle` at or after `from`, reading on as needed; `None` if it never comes.
    fn find(&mut self, needle: &[u8], from: usize) -> Option<usize> {
        loop {
            if let Some(i) = self
                .rest()
                .get(from..)
                .and_then(|r| memmem::find(r, needle))
            {
                return Some(from + i);
            }
            if !self.fill()? {
                return None;
            }
        }
    }
}

/// Bytes kept unread ahead of an element's start (unless the entry ends first), enough to tell
/// `</sheetData>` from the other elements.
const LOOKAHEAD: usize = 64;

/// One element of `<sheetData>` at the start of the unread bytes.
enum Element {
    /// It ends beyond the bytes read.
    Incomplete,
    /// `</sheetData>`, of this length.
    End(usize),
    /// `<row …>` or `</row>`, of this length.
    Row(usize),
    /// A cell, of this length, as read (`None` for a cell without a value).
    Cell(usize, Option<(u32, u32, Scanned)>),
}

/// The element at the start of `rest` (which holds at least [`LOOKAHEAD`] bytes or the end of the
/// sheet); `None` for anything but rows and cells, or a cell the scanner does not handle.
fn element(rest: &[u8], strings: usize, plain_styles: &[bool]) -> Option<Element> {
    if let Some((len, cell)) = xlsx_scan::scan_usual_cell(rest, strings, plain_styles) {
        return Some(Element::Cell(len, cell?));
    }
    let after = |n: usize| {
        rest.get(n)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
    };
    if rest.starts_with(b"</sheetData>") {
        Some(Element::End(12))
    } else if rest.starts_with(b"</row>") {
        Some(Element::Row(6))
    } else if rest.starts_with(b"<row") && after(4) {
        // A `<` inside a tag is not XML: left to the table path (which reports it), never skipped over.
        match memchr::memchr(b'>', rest) {
            None => Some(Element::Incomplete),
            Some(e) if rest[1..e].contains(&b'<') => None,
            Some(e) => Some(Element::Row(e + 1)),
        }
    } else if rest.starts_with(b"<c") && after(2) {
        let Some(end) = memchr::memchr(b'>', rest) else {
            return Some(Element::Incomplete);
        };
        if rest[1..end].contains(&b'<') {
            return None;
        }
        let self_closing = rest[end - 1] == b'/';
        let close = if self_closing {
            end + 1
        } else {
            // Usually `<v>…</v></c>`; else the first `</c>`.
            let body = &rest[end + 1..];
            let value_end = body
                .strip_prefix(b"<v>")
                .and_then(|v| memchr::memchr(b'<', v))
                .map(|i| 3 + i)
                .filter(|&i| body[i..].starts_with(b"</v></c>"));
            match value_end {
                Some(i) => end + 1 + i + 8,
                None => match memmem::find(&rest[end..], b"</c>") {
                    Some(i) => end + i + 4,
                    None => return Some(Element::Incomplete),
                },
            }
        };
        let tag = &rest[1..end];
        let inner = (!self_closing).then(|| &rest[end + 1..close - 4]);
        let cell = xlsx_scan::scan_cell(tag, inner, strings, plain_styles)?;
        Some(Element::Cell(close, cell))
    } else {
        None
    }
}

/// The rows of one worksheet's `<sheetData>`, parsed strictly: rows, cells and nothing else.
struct SheetRows<'a, R: Read> {
    xml: Xml<R>,
    /// The number of shared strings.
    strings: usize,
    plain_styles: &'a [bool],
}

impl<R: Read> SheetRows<'_, R> {
    /// Reads up to the start of `<sheetData>`: the number of rows the sheet's `<dimension>` gives, if
    /// any, and whether the data is empty (`<sheetData/>`).
    fn open(&mut self) -> Option<(Option<u32>, bool)> {
        let start = self.xml.find(b"<sheetData", 0)?;
        let rows = xlsx_scan::tags(&self.xml.rest()[..start], b"dimension")
            .next()
            .and_then(|t| {
                let range = xlsx_scan::attr(t, b"ref")?;
                let mut ends = range.split(|&b| b == b':').map(crate::error::a1_position);
                let (first, _) = ends.next()??;
                let (last, _) = ends.next().unwrap_or(Some((first, 0)))?;
                last.checked_sub(first).map(|n| n + 1)
            });
        self.xml.pos += start;
        let close = self.xml.find(b">", 0)?;
        let empty = self.xml.rest()[close - 1] == b'/';
        self.xml.pos += close + 1;
        Some((rows, empty))
    }

    /// Calls `f` with each row number (0-based) and its cells by column (dense from column A), in
    /// document order, `empty` as [`Self::open`] gave it. `None` for anything not handled.
    fn each_row(
        &mut self,
        empty: bool,
        f: &mut dyn FnMut(u32, &[Scanned]) -> Option<()>,
    ) -> Option<()> {
        let mut cells: Vec<Scanned> = Vec::new();
        let mut current: Option<u32> = None;
        if !empty {
            loop {
                // Whitespace between elements.
                let skip = self
                    .xml
                    .rest()
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
                self.xml.pos += skip;
                if self.xml.rest().len() < LOOKAHEAD && self.xml.fill()? {
                    continue;
                }
                if self.xml.rest().is_empty() {
                    return None;
                }
                let (len, parsed) = match element(self.xml.rest(), self.strings, self.plain_styles)?
                {
                    Element::Incomplete => {
                        if !self.xml.fill()? {
                            return None;
                        }
                        continue;
                    }
                    Element::End(len) => {
                        self.xml.pos += len;
                        break;
                    }
                    Element::Row(len) => (len, None),
                    Element::Cell(len, parsed) => (len, parsed),
                };
                self.xml.pos += len;
                let Some((row, col, cell)) = parsed else {
                    continue;
                };
                match current {
                    Some(r) if r == row => {}
                    Some(r) if r > row => return None,
                    Some(r) => {
                        f(r, &cells)?;
                        cells.clear();
                    }
                    None => {}
                }
                current = Some(row);
                let c = col as usize;
                if c < cells.len() {
                    cells[c] = cell;
                } else {
                    // Cells come left to right: columns skipped are empty.
                    while cells.len() < c {
                        cells.push(Scanned::Cell(Cell::Empty));
                    }
                    cells.push(cell);
                }
            }
        }
        if let Some(r) = current {
            f(r, &cells)?;
        }
        // Merged cells are listed after the data: the table path records them.
        self.xml.find(b"<mergeCell", 0).is_none().then_some(())
    }
}

/// One row of a streamed sheet, for the tidy reader.
struct StreamRow<'a> {
    file: &'a Shared,
    sheet: &'a Shared,
    row: u32,
    cells: &'a [Scanned],
    strings: &'a Strings,
}

impl RowCells for StreamRow<'_> {
    fn cell(&self, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        match self.cells.get(col) {
            Some(Scanned::Shared(i)) => &self.strings.cells[*i],
            Some(Scanned::Cell(c)) => c,
            None => &EMPTY,
        }
    }
    fn location(&self, col: usize) -> Location {
        Location::cell(self.file, self.sheet, self.row, col as u32)
    }
    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| match c {
            Scanned::Shared(i) => self.strings.blank[*i],
            Scanned::Cell(c) => c.is_blank(),
        })
    }
    fn text_id(&self, col: usize) -> Option<u32> {
        match self.cells.get(col) {
            Some(Scanned::Shared(i)) => u32::try_from(*i).ok(),
            _ => None,
        }
    }
}

/// The tidy reading of one sheet: the first rows are held until the header is found, then each row is
/// read as it comes.
struct SheetReader<'a> {
    file: Shared,
    sheet: Shared,
    /// The workbook's shared strings.
    strings: &'a Strings,
    sheet_no: u32,
    /// The rows before the reader starts: (row, cells).
    head: Vec<(u32, Vec<Scanned>)>,
    /// The reader, and the header's row.
    reader: Option<(TidyStream, u32)>,
    /// The cells' bounding box: first and last row, first and last column.
    bounds: Option<(u32, u32, u32, u32)>,
}

impl SheetReader<'_> {
    fn row(&mut self, row: u32, cells: &[Scanned], st: &mut State<'_>) -> Option<()> {
        let first_col = cells
            .iter()
            .position(|c| *c != Scanned::Cell(Cell::Empty))? as u32;
        let last_col = cells.len() as u32 - 1;
        self.bounds = Some(match self.bounds {
            None => (row, row, first_col, last_col),
            Some((r0, _, c0, c1)) => (r0, row, c0.min(first_col), c1.max(last_col)),
        });
        let r0 = self.bounds?.0;
        if self.reader.is_none() {
            if row < r0 + HEADER_ROWS {
                self.head.push((row, cells.to_vec()));
                return Some(());
            }
            self.start(st)?;
        }
        self.read(row, cells, st)
    }

    /// Finds the header in the rows held and reads the rows below it.
    fn start(&mut self, st: &mut State<'_>) -> Option<()> {
        let r0 = self.head.first()?.0;
        let mut rows = vec![Vec::new(); HEADER_ROWS as usize];
        for (r, cells) in &self.head {
            rows[(r - r0) as usize] = cells
                .iter()
                .map(|c| match c {
                    Scanned::Shared(i) => self.strings.cells[*i].clone(),
                    Scanned::Cell(c) => c.clone(),
                })
                .collect();
        }
        let table = Table {
            file: self.file.clone(),
            sheet: Some(self.sheet.clone()),
            first_row: r0,
            first_col: 0,
            rows,
            merged: Vec::new(),
        };
        let (reader, header) = TidyStream::start(&table, &mut st.out.diagnostics)?;
        self.reader = Some((reader, r0 + header as u32));
        for (r, cells) in std::mem::take(&mut self.head) {
            self.read(r, &cells, st)?;
        }
        Some(())
    }

    fn read(&mut self, row: u32, cells: &[Scanned], st: &mut State<'_>) -> Option<()> {
        let (reader, header) = self.reader.as_mut()?;
        if row <= *header {
            return Some(());
        }
        let at = StreamRow {
            file: &self.file,
            sheet: &self.sheet,
            row,
            cells,
            strings: self.strings,
        };
        if let Some(rec) = reader.row(&at, &mut st.out.diagnostics) {
            let col = reader.value_column() as u32;
            st.push(rec, self.sheet_no, (row, col))?;
        }
        Some(())
    }

    /// The end of the sheet: a sheet shorter than the header search is read now; a sheet larger than
    /// ghgkit reads, or one that gave no record, is left to the table path.
    /// `Some(false)` for a sheet without cells.
    fn finish(mut self, st: &mut State<'_>) -> Option<bool> {
        let Some((r0, r1, c0, c1)) = self.bounds else {
            // No cells: nothing to read (the table path skips it silently too).
            return Some(false);
        };
        let (h, w) = ((r1 - r0) as usize + 1, (c1 - c0) as usize + 1);
        if h.saturating_mul(w) > super::workbook::MAX_CELLS {
            return None;
        }
        if self.reader.is_none() {
            self.start(st)?;
        }
        Some(true)
    }
}

/// The duplicate check of [`super::tidy::check_duplicates`] with compact keys: a record's region,
/// category, activity and attributes numbered as one combination, its place as (sheet, row) — a sheet's
/// records are all in its value column. Each record adds one number (key and place) to a list, written
/// in order; [`Duplicates::finish`] sorts it and reports the records whose key came before, in record
/// order. (A hash map of the keys seen costs a cache miss per record once it outgrows the cache.)
#[derive(Default)]
struct Duplicates {
    /// Every (file, sheet, value column) read, addressed by number.
    sheets: Vec<(Shared, Shared, u32)>,
    /// Names and attribute texts, numbered.
    ids: FxHashMap<Shared, u32>,
    /// (region, category, activity, attributes) by their numbers → combination number.
    combos: FxHashMap<(u32, u32, u32, u32), u32>,
    /// Each combination's region, category and activity (for a message).
    names: Vec<[Shared; 3]>,
    /// (region, category, activity) without attributes by the addresses of their texts → combination
    /// number: the tidy reader shares one copy of each name, so most records are numbered without
    /// hashing a text. The copies are held (`held`), so that no address is reused for another text.
    by_address: FxHashMap<(usize, usize, usize), u32>,
    held: Vec<[Shared; 3]>,
    /// Each record's (combination, year, sheet, row), packed into 32 bits each, in record order.
    keys: Vec<u128>,
}

impl Duplicates {
    /// Room for `rows` more records (as the sheet's `<dimension>` gives them, at most a sheet's rows).
    fn reserve(&mut self, rows: u32) {
        self.keys.reserve(rows.min(1 << 20) as usize);
    }

    fn id(&mut self, text: &str) -> u32 {
        if let Some(&i) = self.ids.get(text) {
            return i;
        }
        let i = self.ids.len() as u32;
        self.ids.insert(text.into(), i);
        i
    }

    /// The number of a record's (region, category, activity, attributes).
    fn combination(&mut self, r: &ActivityRecord) -> u32 {
        let address = |s: &Shared| s.as_ptr() as usize;
        let plain = r.attributes.is_empty();
        let at = (
            address(&r.region),
            address(&r.category),
            address(&r.activity),
        );
        if plain && let Some(&c) = self.by_address.get(&at) {
            return c;
        }
        let attrs = super::tidy::attribute_key(r);
        let key = (
            self.id(&r.region),
            self.id(&r.category),
            self.id(&r.activity),
            self.id(&attrs),
        );
        let names = [r.region.clone(), r.category.clone(), r.activity.clone()];
        let next = self.combos.len() as u32;
        let c = *self.combos.entry(key).or_insert_with(|| {
            self.names.push(names.clone());
            next
        });
        if plain {
            self.by_address.insert(at, c);
            self.held.push(names);
        }
        c
    }

    fn check(&mut self, r: &ActivityRecord, sheet: u32, row: u32, col: u32) {
        self.sheets[sheet as usize].2 = col;
        let c = self.combination(r);
        let key = (u64::from(c) << 32) | u64::from(r.year as u32);
        let place = (u64::from(sheet) << 32) | u64::from(row);
        self.keys.push((u128::from(key) << 64) | u128::from(place));
    }

    /// Every record whose key an earlier one had, in record order (places grow with it), each naming
    /// the first.
    fn finish(mut self) -> Diagnostics {
        self.keys.sort_unstable();
        // (place, first place, key) of each repeat.
        let mut repeats: Vec<(u64, u64, u64)> = Vec::new();
        for same in self.keys.chunk_by(|a, b| a >> 64 == b >> 64) {
            let first = same[0] as u64;
            repeats.extend(
                same[1..]
                    .iter()
                    .map(|k| (*k as u64, first, (k >> 64) as u64)),
            );
        }
        repeats.sort_unstable();
        let mut diags = Diagnostics::new();
        let at = |place: u64| {
            let (file, sheet, col) = &self.sheets[(place >> 32) as usize];
            Location::cell(file, sheet, place as u32, *col)
        };
        for (place, first, key) in repeats {
            let [region, category, activity] = &self.names[(key >> 32) as usize];
            let year = key as u32 as i32;
            diags.error(
                Some(at(place)),
                format!(
                    "duplicate row: {region} {year} {category} {activity} was already given at {}; sum them in one row or split the category",
                    at(first)
                ),
            );
        }
        diags
    }
}
