//! A sheet of cells, independent of the file format it came from.

use crate::error::Location;
use crate::shared::Shared;

/// One cell's content, as the file gave it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// A number (a spreadsheet number, or a CSV field is always [`Cell::Text`]).
    Number(f64),
    /// Text ([`Shared`]: the cells of a sheet's shared string share one copy).
    Text(Shared),
    /// TRUE/FALSE.
    Bool(bool),
    /// A spreadsheet error value such as `#DIV/0!`, or a date that is not a number here.
    Error(String),
}

impl Cell {
    /// True for an empty cell or blank text.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as trimmed text, borrowed where it already is text.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Text(t) => std::borrow::Cow::Borrowed(t.trim()),
            other => std::borrow::Cow::Owned(other.as_text()),
        }
    }

    /// The cell as text (numbers printed as the shortest round-trip form).
    pub fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(n) => n.to_string(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A rectangular block of cells read from one sheet (or one CSV file).
#[derive(Clone, Debug)]
pub struct Table {
    /// The file as the user named it (shared by the locations of the table's cells).
    pub file: Shared,
    /// The sheet; `None` for CSV.
    pub sheet: Option<Shared>,
    /// 0-based row of the first row in the sheet.
    pub first_row: u32,
    /// 0-based column of the first column in the sheet.
    pub first_col: u32,
    /// The cells, row by row (rows may be of different lengths).
    pub rows: Vec<Vec<Cell>>,
    /// Merged regions, absolute 0-based ((first row, first col), (last row, last col)); only the top-left
    /// cell of a merged region holds its value.
    pub merged: Vec<((u32, u32), (u32, u32))>,
}

impl Table {
    /// The cell at (row, col) relative to the table, or Empty.
    pub fn get(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    /// Where the cell at (row, col) relative to the table is: `file › sheet › C7` or `file:line:column`.
    pub fn location(&self, row: usize, col: usize) -> Location {
        let r = self.first_row as usize + row;
        let c = self.first_col as usize + col;
        match &self.sheet {
            Some(sheet) => Location::cell(&self.file, sheet, r as u32, c as u32),
            None => Location::line(&self.file, r as u64 + 1).with_column(c as u64 + 1),
        }
    }

    /// The merged regions that cover the table-relative row `row` and span more than one column.
    pub fn merged_in_row(&self, row: usize) -> impl Iterator<Item = &((u32, u32), (u32, u32))> {
        let r = self.first_row + row as u32;
        self.merged
            .iter()
            .filter(move |((r0, c0), (r1, c1))| *r0 <= r && r <= *r1 && c1 > c0)
    }

    /// Where the table is: `file › sheet` or `file`.
    pub fn whole(&self) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            ..Location::default()
        }
    }
}
