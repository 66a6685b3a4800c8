//! A look inside an OLE compound file (.xls, Excel 97–2003) before the spreadsheet reader opens it: refuses
//! files whose sector chains loop or point outside the file.
//!
//! An .xls is a small file system (MS-CFB, "Compound File Binary File Format", §2.3 and §2.6): a header, a
//! sector allocation table (FAT) in which each sector names the next sector of its stream, and a
//! directory of streams. The reader (calamine 0.38) follows these chains without checking them: a chain
//! that loops back on itself makes it append the same sectors forever (a 28 KB file found by fuzzing took
//! 20 GB of memory before the system killed it), and a sector number past the end of the file or of the
//! table makes it panic. So before the workbook is opened, every chain the reader follows is walked here
//! the same way it will be (DIFAT, FAT, directory, mini stream, mini FAT, every stream), and refused when it
//! is longer than the file has sectors, names a sector past the end of the file, or a sector the allocation
//! table does not cover. Only sector numbers are read: the walk needs memory in proportion to the FAT,
//! which is itself bounded by the file size.

use crate::error::{Error, Location, Result};
use std::path::Path;

/// The OLE compound file signature.
const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Sector numbers from here up are markers (MS-CFB §2.1): DIFSECT, FATSECT, ENDOFCHAIN, FREESECT.
const MAXREGSECT_END: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// Streams shorter than this live in the mini stream (MS-CFB §2.6.3).
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: u64 = 64;

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Checks the compound file at `path` (see the module docs); `file` is the name used in messages. A file
/// that cannot be read or is not a compound file passes: the workbook reader then says what is wrong.
pub fn check(path: &Path, file: &str) -> Result<()> {
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(());
    };
    walk(&bytes).map_err(|what| {
        Error::input(
            Some(Location::file(file)),
            format!(
                "the file is damaged: {what} (its internal sector chains are broken); open and save it again in Excel or LibreOffice"
            ),
        )
    })
}

/// The sectors of a compound file, as the reader sees them: sector `id` starts after the header.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
    /// The number of sectors the file holds (partial last one included).
    count: u64,
}

impl Sectors<'_> {
    /// The bytes of sector `id`, at least one: a sector past the end of the file is an error.
    fn get(&self, id: u32) -> std::result::Result<&[u8], String> {
        let start = id as usize * self.size;
        if (id as u64) >= self.count || start >= self.data.len() {
            return Err(format!("sector {id} lies past the end of the file"));
        }
        Ok(&self.data[start..(start + self.size).min(self.data.len())])
    }
}

/// Walks every chain; `Err` says what is wrong.
fn walk(bytes: &[u8]) -> std::result::Result<(), String> {
    if bytes.len() < 512 || bytes[..8] != SIGNATURE {
        return Ok(());
    }
    let size: usize = match u16::from_le_bytes([bytes[30], bytes[31]]) {
        9 => 512,
        12 => 4096,
        _ => return Ok(()), // the reader refuses it with its own message
    };
    let header = size; // the header fills the first sector (512 bytes read, the rest skipped)
    if bytes.len() < header {
        return Ok(());
    }
    let sectors = Sectors {
        data: &bytes[header..],
        size,
        count: (bytes.len() - header).div_ceil(size) as u64,
    };
    // A chain never holds more sectors than the file has: one more step is a loop.
    let max_steps = sectors.count + 1;

    // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors whose last entry is the next.
    let mut difat: Vec<u32> = (76..512).step_by(4).map(|at| u32_at(bytes, at)).collect();
    let mut id = u32_at(bytes, 68);
    let mut steps = 0;
    while id < MAXREGSECT_END {
        steps += 1;
        if steps > max_steps {
            return Err("the chain of DIFAT sectors loops".into());
        }
        let s = sectors.get(id)?;
        difat.extend(s.chunks_exact(4).map(|c| u32_at(c, 0)));
        id = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    // The FAT: the sectors the DIFAT names. More of them than the file has sectors is not a real table.
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_sectors.len() as u64 > sectors.count {
        return Err(format!(
            "the allocation table claims {} sectors, the file has {}",
            fat_sectors.len(),
            sectors.count
        ));
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        fat.extend(sectors.get(id)?.chunks_exact(4).map(|c| u32_at(c, 0)));
    }

    // One chain of the FAT, up to `len` bytes (the reader stops there); its length in bytes.
    let chain = |start: u32, len: u64, what: &str| -> std::result::Result<u64, String> {
        let (mut id, mut got, mut steps) = (start, 0u64, 0u64);
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > max_steps {
                return Err(format!("the chain of {what} loops"));
            }
            got += sectors.get(id)?.len() as u64;
            if got >= len {
                break;
            }
            id = *fat.get(id as usize).ok_or_else(|| {
                format!("the chain of {what} names sector {id}, outside the allocation table")
            })?;
        }
        Ok(got)
    };

    let dir_start = u32_at(bytes, 48);
    let dir_bytes = chain(dir_start, u64::MAX, "the directory")?;
    // Directory entries: 128 bytes each; name, then the start sector at 116 and the length at 120.
    let mut entries = Vec::new();
    let (mut id, mut left) = (dir_start, dir_bytes);
    while id != ENDOFCHAIN && left > 0 {
        let s = sectors.get(id)?;
        for e in s.chunks_exact(128) {
            let len = if size == 512 {
                u32_at(e, 120) as u64
            } else {
                u64::from_le_bytes(e[120..128].try_into().expect("8 bytes"))
            };
            entries.push((u32_at(e, 116), len));
        }
        left = left.saturating_sub(s.len() as u64);
        id = fat.get(id as usize).copied().unwrap_or(ENDOFCHAIN);
    }
    let Some(&(root_start, root_len)) = entries.first() else {
        return Ok(()); // no root: the reader says so
    };

    // The mini stream (the root entry's stream) and the mini FAT, when there is one.
    let mini_fat_len = u32_at(bytes, 64) as u64;
    let (mini_fat, mini_bytes) = if mini_fat_len > 0 {
        let mini_bytes = chain(root_start, root_len, "the mini stream")?.min(root_len);
        let mini_fat_start = u32_at(bytes, 60);
        let n = chain(
            mini_fat_start,
            mini_fat_len * size as u64,
            "the mini allocation table",
        )?;
        // The mini FAT's entries, read along its (now known to be finite) chain.
        let mut mini_fat = Vec::new();
        let (mut id, mut left) = (mini_fat_start, n.min(mini_fat_len * size as u64));
        while id != ENDOFCHAIN && left > 0 {
            let s = sectors.get(id)?;
            let take = (s.len() as u64).min(left) as usize;
            mini_fat.extend(s[..take].chunks_exact(4).map(|c| u32_at(c, 0)));
            left -= take as u64;
            id = fat.get(id as usize).copied().unwrap_or(ENDOFCHAIN);
        }
        (mini_fat, mini_bytes)
    } else {
        (Vec::new(), 0)
    };

    // Every stream the reader may open: small ones in the mini stream, the others in the FAT.
    for (i, &(start, len)) in entries.iter().enumerate().skip(1) {
        if len == 0 {
            continue;
        }
        let what = format!("directory entry {i}");
        if len < MINI_CUTOFF {
            let (mut id, mut got, mut steps) = (start, 0u64, 0u64);
            while id != ENDOFCHAIN {
                steps += 1;
                if steps > mini_fat.len() as u64 + 1 {
                    return Err(format!("the chain of {what} loops"));
                }
                if (id as u64 + 1) * MINI_SECTOR > mini_bytes {
                    return Err(format!(
                        "{what} names mini sector {id}, past the end of the mini stream"
                    ));
                }
                got += MINI_SECTOR;
                if got >= len {
                    break;
                }
                id = *mini_fat.get(id as usize).ok_or_else(|| {
                    format!("{what} names mini sector {id}, outside the mini allocation table")
                })?;
            }
        } else {
            chain(start, len, &what)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal compound file: header, one FAT sector (sector 0), one directory sector (sector 1) with the
    /// root entry and a stream in sectors 2..10 (4096 bytes) that declares `len` bytes; `fat_patch`
    /// overrides entries of the FAT.
    fn file(fat_patch: &[(usize, u32)], len: u32) -> Vec<u8> {
        let mut b = vec![0u8; 512];
        b[..8].copy_from_slice(&SIGNATURE);
        b[26] = 3; // version 3
        b[30] = 9; // 512-byte sectors
        b[32] = 6; // 64-byte mini sectors
        b[44..48].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
        b[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
        b[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes()); // no mini FAT
        b[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes()); // no DIFAT sectors
        for at in (76..512).step_by(4) {
            b[at..at + 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        }
        b[76..80].copy_from_slice(&0u32.to_le_bytes()); // FAT in sector 0
        // Sector 0: the FAT.
        let mut fat = vec![0xFFFF_FFFFu32; 128];
        fat[0] = 0xFFFF_FFFD; // FATSECT
        fat[1] = ENDOFCHAIN; // directory: one sector
        for (i, next) in (2..10).zip(3..11) {
            fat[i] = if i == 9 { ENDOFCHAIN } else { next };
        }
        for &(i, v) in fat_patch {
            fat[i] = v;
        }
        b.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
        // Sector 1: the directory: root entry, then the stream "Book" (sectors 2.., 4096 bytes).
        let mut dir = vec![0u8; 512];
        dir[116..120].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        let e = &mut dir[128..256];
        for (k, c) in "Book".encode_utf16().enumerate() {
            e[2 * k..2 * k + 2].copy_from_slice(&c.to_le_bytes());
        }
        e[116..120].copy_from_slice(&2u32.to_le_bytes());
        e[120..124].copy_from_slice(&len.to_le_bytes());
        b.extend(dir);
        b.extend(vec![0u8; 8 * 512]);
        b
    }

    #[test]
    fn a_well_formed_file_passes() {
        assert_eq!(walk(&file(&[], 4096)), Ok(()));
        // A stream claiming more than its chain holds: the reader stops at the end of the chain (bounded).
        assert_eq!(walk(&file(&[], 1 << 30)), Ok(()));
        // A loop behind the declared length is never followed.
        assert_eq!(walk(&file(&[(9, 2)], 4096)), Ok(()));
    }

    #[test]
    fn a_chain_that_loops_is_refused() {
        // Sector 5 points back to sector 3 and the stream claims 1 GiB: the reader would append forever.
        let e = walk(&file(&[(5, 3)], 1 << 30)).unwrap_err();
        assert!(e.contains("the chain of directory entry 1 loops"), "{e}");
        // The directory chain pointing at itself (the reader follows it with no length limit).
        let e = walk(&file(&[(1, 1)], 4096)).unwrap_err();
        assert!(e.contains("the chain of the directory loops"), "{e}");
    }

    #[test]
    fn a_sector_past_the_end_or_outside_the_table_is_refused() {
        let e = walk(&file(&[(4, 11)], 4096)).unwrap_err();
        assert!(e.contains("sector 11 lies past the end"), "{e}");
        let e = walk(&file(&[(4, 300)], 4096)).unwrap_err();
        assert!(e.contains("sector 300 lies past the end"), "{e}");
        let mut g = file(&[(4, 200)], 4096);
        g.extend(vec![0u8; 200 * 512]); // sector 200 exists, but the one-sector FAT covers only 0..127
        let e = walk(&g).unwrap_err();
        assert!(e.contains("outside the allocation table"), "{e}");
    }

    #[test]
    fn not_a_compound_file_passes_for_the_reader_to_judge() {
        assert_eq!(walk(b"PK\x03\x04 not ole"), Ok(()));
        assert_eq!(walk(&[0u8; 600]), Ok(()));
    }
}
