//! The floor of reading a workbook: inflate the first worksheet's XML and scan it once, counting the cells
//! (`<c ` tags), without parsing anything. No reader of the sheet can be faster than this; BENCHMARKS.md
//! compares ghgkit with it.
//!
//! ```sh
//! cargo run --release --example sheet_floor -- WORKBOOK.xlsx
//! cargo run --release --example sheet_floor -- WORKBOOK.xlsx cells   # calamine's streaming cell reader
//! cargo run --release --example sheet_floor -- WORKBOOK.xlsx range   # calamine's worksheet_range
//! ```
//! The two calamine modes read every cell (shared strings resolved) and count the non-empty ones, doing
//! nothing else with them: what calamine itself costs before ghgkit looks at a cell.

use std::io::Read;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: sheet_floor WORKBOOK.xlsx")?;
    let t = std::time::Instant::now();
    if let Some(mode) = std::env::args().nth(2) {
        return calamine_only(&path, &mode, t);
    }
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path)?)?;
    let mut sheet = zip.by_name("xl/worksheets/sheet1.xml")?;
    let finder = memchr::memmem::Finder::new(b"<c ");
    let mut buf = vec![0u8; 1 << 16];
    // The last two bytes of a block are kept in front of the next one, so that a tag split between two
    // blocks is still seen (and, being shorter than the needle, is never counted twice).
    let (mut keep, mut cells, mut bytes) = (0usize, 0usize, 0usize);
    loop {
        let n = sheet.read(&mut buf[keep..])?;
        if n == 0 {
            break;
        }
        bytes += n;
        let end = keep + n;
        cells += finder.find_iter(&buf[..end]).count();
        keep = end.min(2);
        buf.copy_within(end - keep..end, 0);
    }
    eprintln!(
        "{cells} cells in {:.1} MB of sheet XML, inflated and scanned in {:.3} s",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    println!("{cells}");
    Ok(())
}

fn calamine_only(
    path: &str,
    mode: &str,
    t: std::time::Instant,
) -> Result<(), Box<dyn std::error::Error>> {
    use calamine::{Data, DataRef, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path)?;
    let name = wb.sheet_names()[0].clone();
    let opened = t.elapsed().as_secs_f64();
    let cells = match mode {
        "cells" => {
            let mut r = wb.worksheet_cells_reader(&name)?;
            let mut n = 0usize;
            while let Some(c) = r.next_cell()? {
                n += usize::from(!matches!(c.get_value(), DataRef::Empty));
            }
            n
        }
        "range" => {
            let range = wb.worksheet_range(&name)?;
            range
                .used_cells()
                .filter(|(_, _, d)| !matches!(d, Data::Empty))
                .count()
        }
        other => return Err(format!("unknown mode {other}: cells or range").into()),
    };
    eprintln!(
        "calamine {mode}: {cells} cells in {:.3} s (of which opening the workbook and reading its shared strings {opened:.3} s)",
        t.elapsed().as_secs_f64()
    );
    println!("{cells}");
    Ok(())
}
