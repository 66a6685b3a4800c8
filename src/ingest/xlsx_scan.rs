//! A fast reader for plain .xlsx sheets: the sheet's XML is inflated and scanned once for its cells
//! (`<c r="B2" t="s"><v>6</v></c>`), without an XML parser. It reads what data dumps are made of —
//! numbers, shared and inline strings, booleans, in cells that name their position — and gives up (returns
//! `None`) on anything else, so that [`super::workbook`] reads the file with calamine instead: formulas,
//! error values, dates (a number format that is not plainly numeric), rich text, merged cells, escapes
//! it does not know, a sheet that is not a worksheet. Its tables are the same, cell for cell, as those of
//! the calamine path (tested in `tests/xlsx_scan.rs` on generated workbooks).
//!
//! Why: on a 1,041,600-row tidy workbook calamine's streaming cell reader takes about 13 times as long as
//! inflating the sheet and scanning it once (BENCHMARKS.md).

use super::table::{Cell, Table};
use memchr::memmem;
use std::io::Read;
use std::path::Path;

/// Number formats that show a number as a number (never as a date or time): General, 0, 0.00, #,##0,
/// #,##0.00, percentages, scientific, fractions, accounting, ##0.0E+0, and text (@).
const PLAIN_FORMATS: &[u32] = &[0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 37, 38, 39, 40, 48, 49];

/// The tables of a plain .xlsx workbook, or `None` when the workbook holds anything this reader does not
/// handle (then calamine reads it). `max_cells` bounds the cells of one sheet (beyond it: `None`, and the
/// calamine path reports the problem).
pub(crate) fn read(path: &Path, file: &str, max_cells: usize) -> Option<Vec<Table>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
    let workbook = entry(&mut zip, "xl/workbook.xml")?;
    let rels = entry(&mut zip, "xl/_rels/workbook.xml.rels")?;
    let strings = match zip.index_for_name("xl/sharedStrings.xml") {
        Some(_) => shared_strings(&entry(&mut zip, "xl/sharedStrings.xml")?)?,
        None => Vec::new(),
    };
    let plain_styles = match zip.index_for_name("xl/styles.xml") {
        Some(_) => plain_styles(&entry(&mut zip, "xl/styles.xml")?)?,
        None => vec![true],
    };
    let mut tables = Vec::new();
    for (name, rid) in sheets(&workbook)? {
        let target = target_of(&rels, &rid)?;
        let target = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        if !target.starts_with("xl/worksheets/") {
            return None;
        }
        let xml = entry(&mut zip, &target)?;
        let cells = cells(&xml, &strings, &plain_styles, max_cells)?;
        drop(xml);
        tables.push(super::workbook::dense(file, &name, cells, Vec::new()).ok()?);
    }
    Some(tables)
}

/// The bytes of a zip entry, bounded (a zip bomb gives `None`, and calamine its own error).
pub(super) fn entry(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Option<Vec<u8>> {
    /// More sheet XML than ghgkit's cell limit could ever need.
    const MAX_ENTRY: u64 = 4 << 30;
    let f = zip.by_name(name).ok()?;
    let mut out = Vec::with_capacity(f.size().min(MAX_ENTRY) as usize);
    f.take(MAX_ENTRY + 1).read_to_end(&mut out).ok()?;
    (out.len() as u64 <= MAX_ENTRY).then_some(out)
}

/// The value of attribute `name` in a tag's text (`<sheet name="x" r:id="rId1"/>`).
pub(super) fn attr<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(i) = memmem::find(&tag[from..], name) {
        let at = from + i;
        let before_ok = at > 0 && tag[at - 1].is_ascii_whitespace();
        let rest = &tag[at + name.len()..];
        if before_ok && rest.len() >= 2 && rest[0] == b'=' && (rest[1] == b'"' || rest[1] == b'\'')
        {
            let q = rest[1];
            let end = memchr::memchr(q, &rest[2..])?;
            return Some(&rest[2..2 + end]);
        }
        from = at + name.len();
    }
    None
}

/// Each tag `<name ...>` or `<name .../>` of a document: the text between `<` and `>`.
pub(super) fn tags<'a>(xml: &'a [u8], name: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let open: Vec<u8> = [b"<".as_slice(), name].concat();
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let i = memmem::find(&xml[from..], &open)? + from;
            let after = *xml.get(i + open.len())?;
            from = i + open.len();
            if after.is_ascii_whitespace() || after == b'>' || after == b'/' {
                let end = memchr::memchr(b'>', &xml[i..])? + i;
                from = end + 1;
                return Some(&xml[i + 1..end]);
            }
        }
    })
}

/// The sheets in workbook order: (name, relationship id).
pub(super) fn sheets(workbook: &[u8]) -> Option<Vec<(String, String)>> {
    tags(workbook, b"sheet")
        .map(|t| {
            let name = unescape(attr(t, b"name")?)?;
            let rid = std::str::from_utf8(attr(t, b"r:id")?).ok()?.to_string();
            Some((name, rid))
        })
        .collect()
}

/// The target of a relationship.
pub(super) fn target_of(rels: &[u8], rid: &str) -> Option<String> {
    tags(rels, b"Relationship")
        .find(|t| attr(t, b"Id") == Some(rid.as_bytes()))
        .and_then(|t| unescape(attr(t, b"Target")?))
}

/// The shared strings: each `<si>` holding one `<t>` (no rich-text runs, no phonetic text).
pub(super) fn shared_strings(xml: &[u8]) -> Option<Vec<crate::shared::Shared>> {
    if memmem::find(xml, b"<r>").is_some()
        || memmem::find(xml, b"<r ").is_some()
        || memmem::find(xml, b"<rPh").is_some()
    {
        return None;
    }
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = memmem::find(rest, b"<si") {
        let after = *rest.get(i + 3)?;
        if after != b'>' && !after.is_ascii_whitespace() && after != b'/' {
            rest = &rest[i + 3..];
            continue;
        }
        let end = memchr::memchr(b'>', &rest[i..])? + i;
        if rest[end - 1] == b'/' {
            out.push("".into());
            rest = &rest[end + 1..];
            continue;
        }
        let close = memmem::find(&rest[end..], b"</si>")? + end;
        out.push(text_of(&rest[end + 1..close])?.into());
        rest = &rest[close + 5..];
    }
    Some(out)
}

/// The text of a `<t>` element inside `inner` (the content of `<si>` or `<is>`); empty for `<t/>`.
fn text_of(inner: &[u8]) -> Option<String> {
    let mut ts = tags(inner, b"t");
    let Some(tag) = ts.next() else {
        // No <t> at all: only whitespace is acceptable (an empty string).
        return inner
            .iter()
            .all(|b| b.is_ascii_whitespace())
            .then(String::new);
    };
    if tag.ends_with(b"/") {
        return Some(String::new());
    }
    let start = tag.as_ptr() as usize - inner.as_ptr() as usize + tag.len() + 1;
    let len = memmem::find(&inner[start..], b"</t>")?;
    let s = unescape(&inner[start..start + len])?;
    // A second <t> would be rich text.
    let after = &inner[start + len + 4..];
    if memmem::find(after, b"<t").is_some() {
        return None;
    }
    Some(s)
}

/// For each cell format (`cellXfs`), whether it shows numbers plainly (see [`PLAIN_FORMATS`]).
pub(super) fn plain_styles(xml: &[u8]) -> Option<Vec<bool>> {
    let Some(start) = memmem::find(xml, b"<cellXfs") else {
        return Some(vec![true]);
    };
    let end = memmem::find(&xml[start..], b"</cellXfs>").map_or(xml.len(), |e| start + e);
    tags(&xml[start..end], b"xf")
        .map(|t| {
            let id = match attr(t, b"numFmtId") {
                Some(v) => std::str::from_utf8(v).ok()?.parse::<u32>().ok()?,
                None => 0,
            };
            Some(PLAIN_FORMATS.contains(&id))
        })
        .collect()
}

/// Replaces the five XML entities and numeric character references; `None` for anything else (and for
/// Excel's `_xHHHH_` escapes, which calamine decodes).
fn unescape(raw: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(raw).ok()?;
    if s.contains("_x") {
        return None;
    }
    if !s.contains('&') {
        return Some(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';')? + i;
        let ent = &rest[i + 1..end];
        let c = match ent {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let n = if let Some(h) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                    u32::from_str_radix(h, 16).ok()?
                } else {
                    ent.strip_prefix('#')?.parse::<u32>().ok()?
                };
                char::from_u32(n)?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The non-empty cells of a worksheet, in document order.
fn cells(
    xml: &[u8],
    strings: &[crate::shared::Shared],
    plain_styles: &[bool],
    max_cells: usize,
) -> Option<Vec<(u32, u32, Cell)>> {
    let data_start = memmem::find(xml, b"<sheetData")?;
    let data_end = memmem::find(&xml[data_start..], b"</sheetData>")
        .map(|e| data_start + e)
        .or_else(|| {
            // `<sheetData/>`: no cells.
            let close = memchr::memchr(b'>', &xml[data_start..])? + data_start;
            (xml[close - 1] == b'/').then_some(close)
        })?;
    // Merged cells are listed after the data: the calamine path records them.
    if memmem::find(&xml[data_end..], b"<mergeCell").is_some() {
        return None;
    }
    let data = &xml[data_start..data_end];
    let open = memmem::Finder::new(b"<c");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = open.find(&data[from..]) {
        let at = from + i;
        let after = *data.get(at + 2)?;
        if !(after.is_ascii_whitespace() || after == b'>' || after == b'/') {
            // <col ...>, <cfRule> …: not a cell. Anything unexpected inside sheetData gives up below.
            from = at + 2;
            continue;
        }
        let tag_end = memchr::memchr(b'>', &data[at..])? + at;
        let tag = &data[at + 1..tag_end];
        let inner = if tag.ends_with(b"/") {
            from = tag_end + 1;
            None
        } else {
            let close = memmem::find(&data[tag_end..], b"</c>")? + tag_end;
            from = close + 4;
            Some(&data[tag_end + 1..close])
        };
        let Some((row, col, cell)) = parse_cell(tag, inner, strings, plain_styles)? else {
            continue;
        };
        out.push((row, col, cell));
        if out.len() > max_cells {
            return None;
        }
    }
    Some(out)
}

/// One cell from its tag's text (`c r="B2" t="s"`, between `<` and `>`) and its content (`None` for a
/// self-closing tag): `Some(None)` for a cell without a value (formatting only), `None` for what this
/// reader does not handle (a formula, an error value, a date format, rich text …). Shared by [`cells`] and
/// the streaming reader (`xlsx_stream`, through [`scan_cell`]), so that both read a cell alike.
pub(super) fn parse_cell(
    tag: &[u8],
    inner: Option<&[u8]>,
    strings: &[crate::shared::Shared],
    plain_styles: &[bool],
) -> Option<Option<(u32, u32, Cell)>> {
    let Some((row, col, value)) = scan_cell(tag, inner, strings.len(), plain_styles)? else {
        return Some(None);
    };
    let cell = match value {
        Scanned::Shared(i) => Cell::Text(strings[i].clone()),
        Scanned::Cell(c) => c,
    };
    Some(Some((row, col, cell)))
}

/// What reading a cell gives: `None` for a cell not handled, `Some(None)` for a cell without a value,
/// else its row, column (0-based) and value.
pub(super) type CellScan = Option<Option<(u32, u32, Scanned)>>;

/// A cell's value as [`scan_cell`] reads it.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Scanned {
    /// The shared string with this index (one that exists): the streaming reader keeps the index.
    Shared(usize),
    /// Any other value.
    Cell(Cell),
}

/// [`parse_cell`] with a shared string given as its index (below `strings`, the number of shared
/// strings). The common shapes — attributes `name="value"` of letters and digits one space apart, content
/// `<v>…</v>` — are read in one pass each; anything else the general way, with the same result.
pub(super) fn scan_cell(
    tag: &[u8],
    inner: Option<&[u8]>,
    strings: usize,
    plain_styles: &[bool],
) -> Option<Option<(u32, u32, Scanned)>> {
    let attrs =
        cell_attrs(tag).unwrap_or_else(|| (attr(tag, b"r"), attr(tag, b"s"), attr(tag, b"t")));
    let content = match inner {
        None => Content::Empty,
        Some(inner) => match inner
            .strip_prefix(b"<v>")
            .and_then(|v| v.strip_suffix(b"</v>"))
            .filter(|v| !v.contains(&b'<'))
        {
            Some(v) => Content::Value(v),
            None => Content::Other(inner),
        },
    };
    cell_of(attrs, content, strings, plain_styles)
}

/// A cell element at the start of `xml` in the usual shape — `<c`, attributes as [`cell_attrs`] reads
/// them, then `/>`, or `>` and `<v>…</v></c>` — read in one pass: the element's length and what
/// [`scan_cell`] gives for it. `None` for any other shape, or when the element runs past the end of
/// `xml`: the caller then reads it the general way.
pub(super) fn scan_usual_cell(
    xml: &[u8],
    strings: usize,
    plain_styles: &[bool],
) -> Option<(usize, CellScan)> {
    if !xml.starts_with(b"<c") {
        return None;
    }
    // In the usual shape no attribute value holds a `>`: the first one ends the tag (otherwise
    // `cell_attrs` refuses the cut tag, and the caller reads the cell the general way).
    let close = memchr::memchr(b'>', xml)?;
    let self_closing = xml[close - 1] == b'/';
    let (r, s, t) = cell_attrs(&xml[1..close])?;
    let mut i = close + 1;
    let content = if self_closing {
        Content::Empty
    } else {
        if !xml.get(i..)?.starts_with(b"<v>") {
            return None;
        }
        let value = i + 3;
        let mut end = value;
        while *xml.get(end)? != b'<' {
            end += 1;
        }
        if !xml[end..].starts_with(b"</v></c>") {
            return None;
        }
        i = end + 8;
        Content::Value(&xml[value..end])
    };
    Some((i, cell_of((r, s, t), content, strings, plain_styles)))
}

/// A cell's content.
enum Content<'a> {
    /// None: a self-closing tag.
    Empty,
    /// `<v>…</v>` alone (no formula, nothing else): the text between, without `<`.
    Value(&'a [u8]),
    /// Anything else.
    Other(&'a [u8]),
}

/// [`scan_cell`] from the cell's `r`, `s` and `t` attributes and its content.
#[allow(clippy::type_complexity)]
fn cell_of(
    (r, s, t): (Option<&[u8]>, Option<&[u8]>, Option<&[u8]>),
    content: Content<'_>,
    strings: usize,
    plain_styles: &[bool],
) -> Option<Option<(u32, u32, Scanned)>> {
    let (row, col) = crate::error::a1_position(r?)?;
    let style = match s {
        Some(v) => uint(v, false)?,
        None => 0,
    };
    let kind = t.unwrap_or(b"n");
    let (plain, inner) = match content {
        // An empty cell (formatting only).
        Content::Empty => return Some(None),
        Content::Value(v) => (Some(v), None),
        Content::Other(inner) => (None, Some(inner)),
    };
    if inner.is_some_and(|inner| memmem::find(inner, b"<f").is_some()) {
        return None;
    }
    let value = || -> Option<&[u8]> {
        if plain.is_some() {
            return plain;
        }
        let inner = inner?;
        let v = memmem::find(inner, b"<v>")? + 3;
        let e = memmem::find(&inner[v..], b"</v>")? + v;
        Some(&inner[v..e])
    };
    let cell = match kind {
        b"n" => {
            if !plain_styles.get(style).copied()? {
                return None;
            }
            match value() {
                Some(v) => Cell::Number(number(v)?),
                None if inner.is_some_and(|i| i.iter().all(u8::is_ascii_whitespace)) => {
                    return Some(None);
                }
                None => return None,
            }
        }
        b"s" => {
            let i = uint(value()?, true)?;
            return (i < strings).then_some(Some((row, col, Scanned::Shared(i))));
        }
        b"inlineStr" => {
            let inner = inner?;
            let s = memmem::find(inner, b"<is>")? + 4;
            let e = memmem::find(&inner[s..], b"</is>")? + s;
            Cell::Text(text_of(&inner[s..e])?.into())
        }
        b"b" => match value()? {
            b"0" => Cell::Bool(false),
            b"1" => Cell::Bool(true),
            _ => return None,
        },
        _ => return None,
    };
    Some(Some((row, col, Scanned::Cell(cell))))
}

/// A number as `str::parse::<f64>` reads the text after `trim`. Digits with at most one `.` between
/// them, 15 at most, are read as a whole number divided by a power of ten: both exact in an `f64`, and
/// one correctly rounded division gives the nearest `f64` to the decimal, as the standard parser does
/// (its own fast path, Clinger 1990). Anything else goes to the standard parser.
fn number(v: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let mut whole: u64 = 0;
    let mut point = None;
    let usual = (1..=16).contains(&v.len())
        && v.iter().enumerate().all(|(k, &b)| match b {
            b'0'..=b'9' => {
                whole = whole * 10 + u64::from(b - b'0');
                true
            }
            b'.' if point.is_none() && k > 0 && k + 1 < v.len() => {
                point = Some(k);
                true
            }
            _ => false,
        })
        && v.len() - usize::from(point.is_some()) <= 15;
    if usual {
        let decimals = point.map_or(0, |p| v.len() - 1 - p);
        return Some(whole as f64 / POW10[decimals]);
    }
    std::str::from_utf8(v).ok()?.trim().parse().ok()
}

/// The `r`, `s` and `t` attributes of a cell's tag text (`c r="B2" s="1" t="s"`, perhaps ending in `/`)
/// read in one pass, when the tag has the usual shape: attributes one space apart, names of letters,
/// digits and `:`, values of letters and digits. `None` for any other shape, left to [`attr`]. On the
/// usual shape both read the same: a name is found only where an attribute starts, and the first of
/// its name counts.
#[allow(clippy::type_complexity)]
fn cell_attrs(tag: &[u8]) -> Option<(Option<&[u8]>, Option<&[u8]>, Option<&[u8]>)> {
    let mut rest = tag.strip_prefix(b"c")?;
    if let Some(r) = rest.strip_suffix(b"/") {
        rest = r;
    }
    let (mut r, mut s, mut t, mut other) = (None, None, None, None);
    while !rest.is_empty() {
        rest = rest.strip_prefix(b" ")?;
        let eq = memchr::memchr(b'=', rest)?;
        let name = &rest[..eq];
        if name.is_empty() || !name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b':') {
            return None;
        }
        let q = *rest.get(eq + 1)?;
        if q != b'"' && q != b'\'' {
            return None;
        }
        let v = eq + 2;
        let len = memchr::memchr(q, &rest[v..])?;
        let value = &rest[v..v + len];
        if !value.iter().all(u8::is_ascii_alphanumeric) {
            return None;
        }
        let slot = match name {
            b"r" => &mut r,
            b"s" => &mut s,
            b"t" => &mut t,
            _ => &mut other,
        };
        slot.get_or_insert(value);
        rest = &rest[v + len + 1..];
    }
    Some((r, s, t))
}

/// A whole number as `str::parse::<usize>` reads it (after `trim` when `trim`), without the string for
/// up to nine digits.
fn uint(v: &[u8], trim: bool) -> Option<usize> {
    if !v.is_empty() && v.len() <= 9 && v.iter().all(u8::is_ascii_digit) {
        return Some(v.iter().fold(0, |n, b| n * 10 + usize::from(b - b'0')));
    }
    let s = std::str::from_utf8(v).ok()?;
    if trim { s.trim() } else { s }.parse().ok()
}

#[cfg(test)]
mod tests {
    //! The fast path must give the calamine path's tables, cell for cell, and give up on what it does not
    //! handle. Workbooks are generated with rust_xlsxwriter (as Excel would write them: shared strings,
    //! `xml:space` on padded text, escaped `&<>`).
    use super::*;
    use rust_xlsxwriter::{Format, Workbook};

    fn save(wb: &mut Workbook) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        wb.save(&path).unwrap();
        (dir, path)
    }

    fn same_as_calamine(path: &Path) {
        let fast = read(path, "t.xlsx", 1_000_000).expect("the fast path reads this workbook");
        let slow = super::super::workbook::read_xlsx(path, "t.xlsx").unwrap();
        assert_eq!(fast.len(), slow.len());
        for (a, b) in fast.iter().zip(&slow) {
            assert_eq!(a.sheet, b.sheet);
            assert_eq!((a.first_row, a.first_col), (b.first_row, b.first_col));
            assert_eq!(a.rows, b.rows, "sheet {:?}", a.sheet);
            assert_eq!(a.merged, b.merged);
        }
    }

    #[test]
    fn plain_workbooks_read_as_calamine_reads_them() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("活动 & data").unwrap();
        let texts = [
            "year",
            "  padded  ",
            "a & b < c > d \"q\" 'a'",
            "湖北 原煤",
            "",
            "tab\there",
            "line\nbreak",
            "1.A.1.a.i",
        ];
        for (i, t) in texts.iter().enumerate() {
            ws.write_string(i as u32 + 2, 1, *t).unwrap();
        }
        let numbers = [0.0, -1.5, 1991.0, 1e-300, 6.02e23, 0.1 + 0.2, 123456789.123];
        for (i, n) in numbers.iter().enumerate() {
            ws.write_number(i as u32 + 2, 3, *n).unwrap();
        }
        ws.write_boolean(1, 4, true).unwrap();
        ws.write_boolean(2, 4, false).unwrap();
        // A built-in number format (2 = 0.00); a custom one, even "0.00", goes to calamine.
        ws.write_number_with_format(3, 4, 2.5, &Format::new().set_num_format_index(2))
            .unwrap();
        ws.write_string(40, 7, "far away").unwrap();
        let ws2 = wb.add_worksheet();
        ws2.write_string(0, 0, "second").unwrap();
        wb.add_worksheet(); // empty
        let (_d, path) = save(&mut wb);
        same_as_calamine(&path);
    }

    #[test]
    fn the_generated_tidy_layout_reads_as_calamine_reads_it() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["year", "region", "category", "activity", "value", "unit"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..200u32 {
            ws.write_number(r, 0, 1990.0 + f64::from(r % 30)).unwrap();
            ws.write_string(r, 1, "Hubei").unwrap();
            ws.write_string(r, 2, "1.A.1.a").unwrap();
            ws.write_string(r, 3, if r % 2 == 0 { "原煤" } else { "natural_gas" })
                .unwrap();
            ws.write_number(r, 4, f64::from(r) * 1.37).unwrap();
            ws.write_string(r, 5, "万吨").unwrap();
        }
        let (_d, path) = save(&mut wb);
        same_as_calamine(&path);
    }

    /// Each of these is left to calamine.
    #[test]
    fn gives_up_on_what_it_does_not_handle() {
        type Setup = fn(&mut rust_xlsxwriter::Worksheet);
        let cases: [(&str, Setup); 4] = [
            ("a formula", |ws| {
                ws.write_formula(0, 0, "=1+2").unwrap();
            }),
            ("a date format", |ws| {
                ws.write_number_with_format(
                    0,
                    0,
                    45000.0,
                    &Format::new().set_num_format("yyyy-mm-dd"),
                )
                .unwrap();
            }),
            ("merged cells", |ws| {
                ws.merge_range(0, 0, 0, 2, "merged", &Format::new())
                    .unwrap();
            }),
            ("rich text", |ws| {
                let bold = Format::new().set_bold();
                ws.write_rich_string(0, 0, &[(&bold, "bold"), (&Format::default(), " plain")])
                    .unwrap();
            }),
        ];
        for (what, setup) in cases {
            let mut wb = Workbook::new();
            setup(wb.add_worksheet());
            let (_d, path) = save(&mut wb);
            assert!(read(&path, "t.xlsx", 1_000_000).is_none(), "{what}");
        }
    }

    #[test]
    fn a1_positions() {
        assert_eq!(crate::error::a1_position(b"A1"), Some((0, 0)));
        assert_eq!(crate::error::a1_position(b"C7"), Some((6, 2)));
        assert_eq!(crate::error::a1_position(b"AA10"), Some((9, 26)));
        assert_eq!(
            crate::error::a1_position(b"XFD1048576"),
            Some((1_048_575, 16_383))
        );
        assert_eq!(crate::error::a1_position(b"A0"), None);
        assert_eq!(crate::error::a1_position(b"7"), None);
        assert_eq!(crate::error::a1_position(b"AB"), None);
    }

    /// The one-pass reading of a cell's attributes gives what [`attr`] gives, or leaves the tag to it.
    #[test]
    fn one_pass_attributes_read_as_attr_reads_them() {
        let usual: &[&[u8]] = &[
            b"c r=\"B2\"",
            b"c r=\"B2\" t=\"s\"",
            b"c r=\"B2\" s=\"12\" t=\"inlineStr\"/",
            b"c t=\"b\" r='AA10' s='3'",
            b"c r=\"B2\" cm=\"1\" vm=\"2\" t=\"n\"",
            b"c x:r=\"Z9\" r=\"B2\"",
            b"c rr=\"Z9\" r=\"B2\" tt=\"x\"",
            b"c r=\"B2\" r=\"C3\"",
            b"c",
            b"c/",
        ];
        let odd: &[&[u8]] = &[
            b"c  r=\"B2\"",
            b"c\tr=\"B2\"",
            b"c r = \"B2\"",
            b"c r=\"B2\" /",
            b"c x=' r=\"C3\"' r=\"B2\"",
            b"c r=\"B2\" t=\"s",
            b"c r=B2",
            b"c r=\"B2\"t=\"s\"",
            b"c r=\"\xc3\xa42\"",
            b"cell r=\"B2\"",
        ];
        for tag in usual {
            let general = (attr(tag, b"r"), attr(tag, b"s"), attr(tag, b"t"));
            assert_eq!(
                cell_attrs(tag),
                Some(general),
                "{}",
                String::from_utf8_lossy(tag)
            );
        }
        for tag in odd {
            assert_eq!(cell_attrs(tag), None, "{}", String::from_utf8_lossy(tag));
        }
        // Where both read the tag: the value named, the first of a repeated name.
        let (r, s, t) = cell_attrs(b"c rr=\"Z9\" r=\"B2\" r=\"C3\" s=\"7\"").unwrap();
        assert_eq!((r, s, t), (Some(&b"B2"[..]), Some(&b"7"[..]), None));
    }

    /// Whole numbers read without a string are those `str::parse` reads.
    #[test]
    fn whole_numbers_read_as_parse_reads_them() {
        for v in [
            "0",
            "7",
            "0012",
            "123456789",
            "1234567890",
            "+5",
            " 5 ",
            "-1",
            "",
            "5a",
            "\u{a0}5",
        ] {
            let parsed = v.parse::<usize>().ok();
            let trimmed = v.trim().parse::<usize>().ok();
            assert_eq!(uint(v.as_bytes(), false), parsed, "{v:?}");
            assert_eq!(uint(v.as_bytes(), true), trimmed, "{v:?}");
        }
    }

    /// A cell's content read in one pass when it is `<v>…</v>` alone, the general way otherwise.
    #[test]
    fn cell_contents() {
        let strings: Vec<crate::shared::Shared> = vec!["a".into(), "b".into()];
        let read = |tag: &str, inner: Option<&str>| {
            parse_cell(
                tag.as_bytes(),
                inner.map(str::as_bytes),
                &strings,
                &[true, false],
            )
        };
        let at = |cell| Some(Some((1, 1, cell)));
        assert_eq!(
            read("c r=\"B2\"", Some("<v>2.5</v>")),
            at(Cell::Number(2.5))
        );
        assert_eq!(
            read("c r=\"B2\"", Some(" <v> 2.5 </v> ")),
            at(Cell::Number(2.5))
        );
        assert_eq!(
            read("c r=\"B2\" t=\"s\"", Some("<v>1</v>")),
            at(Cell::Text("b".into()))
        );
        assert_eq!(
            read("c r=\"B2\" t=\"s\"", Some("<v> 1</v>")),
            at(Cell::Text("b".into()))
        );
        assert_eq!(read("c r=\"B2\" t=\"s\"", Some("<v>2</v>")), None);
        assert_eq!(
            read("c r=\"B2\" t=\"b\"", Some("<v>1</v>")),
            at(Cell::Bool(true))
        );
        assert_eq!(read("c r=\"B2\"", Some("<f>1+2</f><v>3</v>")), None);
        assert_eq!(read("c r=\"B2\"", Some("<v>3</v><f>1+2</f>")), None);
        assert_eq!(read("c r=\"B2\" s=\"1\"", Some("<v>3</v>")), None);
        assert_eq!(read("c r=\"B2\" s=\"1\"/", None), Some(None));
        assert_eq!(read("c r=\"B2\"", Some("  ")), Some(None));
    }

    /// Numbers read without the standard parser are those it reads, bit for bit.
    #[test]
    fn numbers_read_as_parse_reads_them() {
        let mut texts: Vec<String> = [
            "0",
            "0.0",
            "1991",
            "792.89",
            "0.1",
            "0.30000000000000004",
            "123456789012345",
            "1234567890123456",
            "12345678901234.5",
            "1.23456789012345",
            "999999999999999",
            "0.000000000000001",
            "00012.50",
            ".5",
            "5.",
            "-1.5",
            "+2",
            "1e5",
            " 7 ",
            "1.2.3",
            "",
            "1,5",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        // Pseudo-random digit strings with a point anywhere (a fixed linear congruential sequence).
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let len = 1 + (x >> 60) as usize;
            let digits: String = (0..len)
                .map(|k| char::from(b'0' + ((x >> (4 * k % 56)) % 10) as u8))
                .collect();
            let p = (x >> 20) as usize % (len + 1);
            texts.push(digits.clone());
            texts.push(format!("{}.{}", &digits[..p], &digits[p..]));
        }
        for t in &texts {
            let want = t.trim().parse::<f64>().ok().map(f64::to_bits);
            assert_eq!(number(t.as_bytes()).map(f64::to_bits), want, "{t:?}");
        }
    }

    /// A cell in the usual shape reads in one pass as [`scan_cell`] reads it; other shapes, and a cell cut
    /// short, are left to it.
    #[test]
    fn usual_cells_read_as_scan_cell_reads_them() {
        let general = |xml: &str| {
            let end = xml.find('>').unwrap();
            let tag = &xml.as_bytes()[1..end];
            if tag.ends_with(b"/") {
                (end + 1, scan_cell(tag, None, 3, &[true, false]))
            } else {
                let close = xml.find("</c>").unwrap();
                let inner = &xml.as_bytes()[end + 1..close];
                (close + 4, scan_cell(tag, Some(inner), 3, &[true, false]))
            }
        };
        for xml in [
            "<c r=\"B2\"><v>2.5</v></c>",
            "<c r=\"B2\" t=\"s\"><v>2</v></c>",
            "<c r=\"B2\" t=\"s\"><v>3</v></c>",
            "<c r=\"B2\" s=\"1\"><v>2</v></c>",
            "<c r=\"B2\" s=\"1\"/>",
            "<c r=\"AA10\" t=\"b\" r=\"C3\"><v>1</v></c>",
            "<c r='B2' t=\"e\"><v>x</v></c>",
            "<c r=\"B2\"><v></v></c>",
        ] {
            let usual = scan_usual_cell(xml.as_bytes(), 3, &[true, false]);
            assert_eq!(usual, Some(general(xml)), "{xml}");
        }
        for xml in [
            "<c r=\"B2\" ><v>2.5</v></c>",
            "<c r=\"B2\"><f>1+1</f><v>2</v></c>",
            "<c r=\"B2\"> <v>2</v></c>",
            "<c r=\"B2\"><v>2</v> </c>",
            "<c r=\"B2\" t=\"inlineStr\"><is><t>x</t></is></c>",
            "<c r=\"B-2\"><v>2</v></c>",
            "<c r=\"B2\"><v>2</v></",
            "<c r=\"B2\"><v>2",
            "<c r=\"B2\"",
            "<col min=\"1\"/>",
        ] {
            assert_eq!(
                scan_usual_cell(xml.as_bytes(), 3, &[true, false]),
                None,
                "{xml}"
            );
        }
    }
}
