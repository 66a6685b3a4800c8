//! The bad-input corpus: every kind of broken, hostile or awkward file a compiler may be handed, each generated
//! here, each run through `ghgkit check` and `ghgkit inventory` under an address-space limit. For every case:
//! the exit code is the one promised (2 for bad input, 0 for awkward but valid files), no panic, the message
//! names the file (and sheet › cell where there is one), memory stays bounded (the process would abort
//! otherwise), nothing is written for a refused input, and the input files are left byte for byte and
//! modification time unchanged.

mod common;
use common::{C, good_rows, header_zh, tempdir, tidy_row, xlsx_bytes};
use std::io::{Read, Write};
use std::path::Path;

/// The address-space limit of every run, KiB (`ulimit -v`): far above what a good input needs, far below what
/// a zip bomb or a claimed giant range would take if it were believed.
const ADDRESS_SPACE_KIB: u64 = 3 << 20;

/// What a case must give.
enum Expect {
    /// Exit 2; the output contains each of these texts.
    Refused(&'static [&'static str]),
    /// Exit 0; the output contains each of these texts.
    Accepted(&'static [&'static str]),
}

struct Case {
    name: &'static str,
    /// Files written into the case's folder (name, bytes); the first is the one named on the command line
    /// unless `args` says otherwise.
    files: Vec<(String, Vec<u8>)>,
    expect: Expect,
}

/// Runs ghgkit with `args` in `dir` under the address-space limit; (exit code, stdout + stderr).
fn limited(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let o = std::process::Command::new("sh")
        .current_dir(dir)
        .arg("-c")
        .arg(format!(
            "ulimit -v {ADDRESS_SPACE_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_ghgkit"))
        .args(args)
        .output()
        .expect("run ghgkit under sh");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code(), text)
}

fn run_case(case: &Case) {
    let d = tempdir();
    for (name, bytes) in &case.files {
        std::fs::write(d.path().join(name), bytes).unwrap();
    }
    let snapshot = |p: &Path| {
        let m = std::fs::metadata(p).unwrap();
        (std::fs::read(p).unwrap(), m.modified().unwrap())
    };
    let before: Vec<_> = case
        .files
        .iter()
        .map(|(n, _)| snapshot(&d.path().join(n)))
        .collect();
    let input = case.files[0].0.as_str();
    for args in [
        vec!["check", input],
        vec!["inventory", input, "--out", "out"],
    ] {
        let (code, text) = limited(d.path(), &args);
        let what = format!("case {:?}, `ghgkit {}`:\n{text}", case.name, args.join(" "));
        assert!(!text.contains("panicked"), "panic in {what}");
        assert!(
            !text.contains("memory allocation") && code != Some(134),
            "ran out of the address-space limit in {what}"
        );
        let (want, texts) = match case.expect {
            Expect::Refused(t) => (2, t),
            Expect::Accepted(t) => (0, t),
        };
        assert_eq!(code, Some(want), "exit code in {what}");
        for t in texts {
            assert!(text.contains(t), "{t:?} missing in {what}");
        }
        if want == 2 {
            assert!(text.contains(input), "the file is not named in {what}");
            assert!(!d.path().join("out").exists(), "output written in {what}");
        }
    }
    for ((n, _), b) in case.files.iter().zip(&before) {
        assert!(
            &snapshot(&d.path().join(n)) == b,
            "case {:?}: input {n} was modified",
            case.name
        );
    }
    // Nothing but the inputs and (for accepted cases) the output folder: no stray temporary files.
    let mut names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = case.files.iter().map(|(n, _)| n.clone()).collect();
    if matches!(case.expect, Expect::Accepted(_)) {
        expected.push("out".into());
    }
    expected.sort();
    assert_eq!(names, expected, "case {:?}: stray files", case.name);
}

// ------------------------------------------------------------------------------------------------
// Generators
// ------------------------------------------------------------------------------------------------

/// A zip with the entries of `base`, where `entry` is replaced by `size` bytes of `fill` inside `prefix` …
/// `suffix` (written with fast deflate, streamed: never held in memory).
fn with_big_entry(
    base: &[u8],
    entry: &str,
    prefix: &str,
    fill: u8,
    size: u64,
    suffix: &str,
) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let fast = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        out.start_file(name.as_str(), fast).unwrap();
        if name == entry {
            out.write_all(prefix.as_bytes()).unwrap();
            let chunk = vec![fill; 1 << 20];
            let mut left = size;
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                out.write_all(&chunk[..n]).unwrap();
                left -= n as u64;
            }
            out.write_all(suffix.as_bytes()).unwrap();
        } else {
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            out.write_all(&data).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

/// Rewrites the declared uncompressed size of `entry` (local header and central directory) of a zip without
/// zip64 records: a forged directory.
fn forge_size(zip_bytes: &mut [u8], entry: &str, size: u32) {
    let eocd = (0..zip_bytes.len() - 3)
        .rev()
        .find(|&i| zip_bytes[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .expect("end of central directory");
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]) as usize;
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap()) as usize;
    let entries = u16_at(zip_bytes, eocd + 10);
    let mut p = u32_at(zip_bytes, eocd + 16);
    let mut found = false;
    for _ in 0..entries {
        assert_eq!(&zip_bytes[p..p + 4], &[0x50, 0x4b, 0x01, 0x02]);
        let (n, x, c) = (
            u16_at(zip_bytes, p + 28),
            u16_at(zip_bytes, p + 30),
            u16_at(zip_bytes, p + 32),
        );
        let local = u32_at(zip_bytes, p + 42);
        if &zip_bytes[p + 46..p + 46 + n] == entry.as_bytes() {
            zip_bytes[p + 24..p + 28].copy_from_slice(&size.to_le_bytes());
            zip_bytes[local + 22..local + 26].copy_from_slice(&size.to_le_bytes());
            found = true;
        }
        p += 46 + n + x + c;
    }
    assert!(found, "{entry} not in the zip");
}

/// A minimal Excel 5.0 (BIFF5) workbook, as Chinese Excel 95/97 wrote them: 8-bit strings in the GBK code
/// page (936), one sheet of labels and numbers.
fn biff5_gbk_xls(sheet: &str, rows: &[Vec<C>]) -> Vec<u8> {
    fn rec(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
        out.extend_from_slice(&typ.to_le_bytes());
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
    }
    let gbk = |s: &str| {
        let (b, _, bad) = encoding_rs::GBK.encode(s);
        assert!(!bad, "{s} is not GBK");
        b.into_owned()
    };
    let bof = |dt: u16| {
        let mut b = Vec::new();
        b.extend_from_slice(&0x0500u16.to_le_bytes());
        b.extend_from_slice(&dt.to_le_bytes());
        b.extend_from_slice(&[0; 4]);
        b
    };
    // Globals: BOF, CODEPAGE 936, BOUNDSHEET (offset patched below), EOF.
    let mut s = Vec::new();
    rec(&mut s, 0x0809, &bof(0x0005));
    rec(&mut s, 0x0042, &936u16.to_le_bytes());
    let name = gbk(sheet);
    let mut bs = vec![0; 4];
    bs.extend_from_slice(&[0, 0, name.len() as u8]);
    bs.extend_from_slice(&name);
    let bs_at = s.len() + 4;
    rec(&mut s, 0x0085, &bs);
    rec(&mut s, 0x000A, &[]);
    let sheet_at = s.len() as u32;
    s[bs_at..bs_at + 4].copy_from_slice(&sheet_at.to_le_bytes());
    rec(&mut s, 0x0809, &bof(0x0010));
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let mut d = Vec::new();
            d.extend_from_slice(&(r as u16).to_le_bytes());
            d.extend_from_slice(&(c as u16).to_le_bytes());
            d.extend_from_slice(&0u16.to_le_bytes());
            match cell {
                C::S(t) => {
                    let b = gbk(t);
                    d.extend_from_slice(&(b.len() as u16).to_le_bytes());
                    d.extend_from_slice(&b);
                    rec(&mut s, 0x0204, &d);
                }
                C::N(n) => {
                    d.extend_from_slice(&n.to_le_bytes());
                    rec(&mut s, 0x0203, &d);
                }
                C::E => {}
            }
        }
    }
    rec(&mut s, 0x000A, &[]);
    let mut comp = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    comp.create_stream("/Book").unwrap().write_all(&s).unwrap();
    comp.flush().unwrap();
    comp.into_inner().into_inner()
}

fn gbk_rows() -> Vec<Vec<C>> {
    vec![
        vec![C::S("湖北省能源消费(示例)")],
        header_zh(),
        tidy_row(2019.0, "湖北", "1.A.2", "原煤", 10.0, "万吨"),
    ]
}

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from("year,region,category,activity,value,unit\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

fn cases() -> Vec<Case> {
    let good = xlsx_bytes(&[("s", good_rows())]);
    let mut v = Vec::new();
    let mut add = |name, file: &str, bytes: Vec<u8>, expect| {
        v.push(Case {
            name,
            files: vec![(file.to_string(), bytes)],
            expect,
        })
    };

    // Broken containers.
    add(
        "truncated xlsx",
        "t.xlsx",
        good[..good.len() / 2].to_vec(),
        Expect::Refused(&["cannot open"]),
    );
    // Damage the compressed data of the sheet itself (the first occurrence of its name is its local header).
    let mut corrupt = good.clone();
    let name = b"xl/worksheets/sheet1.xml";
    let at = corrupt
        .windows(name.len())
        .position(|w| w == name)
        .expect("sheet entry")
        + name.len()
        + 8;
    corrupt[at..at + 24].fill(0xA5);
    add(
        "xlsx with a damaged middle",
        "c.xlsx",
        corrupt,
        Expect::Refused(&["c.xlsx"]),
    );
    add(
        "random bytes named .xlsx",
        "r.xlsx",
        (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        Expect::Refused(&["cannot open"]),
    );
    add(
        "empty file named .xlsx",
        "e.xlsx",
        Vec::new(),
        Expect::Refused(&["cannot open"]),
    );
    add(
        "random bytes named .xls",
        "r.xls",
        (0..4096u32).map(|i| (i * 104_729 % 253) as u8).collect(),
        Expect::Refused(&["cannot open"]),
    );
    let xls = biff5_gbk_xls("能源", &gbk_rows());
    add(
        "truncated xls",
        "t.xls",
        xls[..xls.len() * 2 / 3].to_vec(),
        Expect::Refused(&["t.xls"]),
    );
    add(
        "an xlsx named .xls",
        "x.xls",
        good.clone(),
        Expect::Accepted(&["1 activity row"]),
    );

    // Zip bombs: the shared strings inflate to 600 MiB (a real bomb, honest directory); the same with a forged
    // directory claiming 1,000 bytes; and a directory claiming 3 GiB for a small part.
    let sst_prefix = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#;
    let bomb = with_big_entry(
        &good,
        "xl/sharedStrings.xml",
        sst_prefix,
        b'A',
        600 << 20,
        "</t></si></sst>",
    );
    let mut forged = bomb.clone();
    forge_size(&mut forged, "xl/sharedStrings.xml", 1000);
    let mut claims = good.clone();
    forge_size(&mut claims, "xl/worksheets/sheet1.xml", 3 << 30);
    add(
        "zip bomb in the shared strings",
        "bomb.xlsx",
        bomb,
        Expect::Refused(&["zip bomb", "xl/sharedStrings.xml", "600 MiB"]),
    );
    add(
        "zip bomb behind a forged directory",
        "forged.xlsx",
        forged,
        Expect::Refused(&["forged.xlsx", "larger than its declared uncompressed size"]),
    );
    add(
        "a part claiming 3 GiB",
        "claims.xlsx",
        claims,
        Expect::Refused(&["zip bomb", "xl/worksheets/sheet1.xml", "3072 MiB"]),
    );

    // Sheets that lie about their size.
    let mut far: Vec<C> = (0..16_383).map(|_| C::E).collect();
    far.push(C::S("x"));
    let mut rows = good_rows();
    rows.resize_with(1_048_575, Vec::new);
    rows.push(far);
    add(
        "cells spanning the whole sheet",
        "span.xlsx",
        xlsx_bytes(&[("s", rows)]),
        Expect::Refused(&["1048576 rows × 16384 columns"]),
    );
    let d = tempdir();
    let p = d.path().join("dim.xlsx");
    std::fs::write(&p, &good).unwrap();
    let mut zin = zip::ZipArchive::new(std::fs::File::open(&p).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut data = String::new();
        e.read_to_string(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let a = data.find("<dimension ref=\"").unwrap() + 16;
            let b = a + data[a..].find('"').unwrap();
            data = format!("{}A1:XFD1048576{}", &data[..a], &data[b..]);
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(data.as_bytes()).unwrap();
    }
    add(
        "a dimension tag claiming the whole sheet",
        "dim.xlsx",
        out.finish().unwrap().into_inner(),
        Expect::Accepted(&["1 activity row"]),
    );

    // Encodings.
    add(
        "GBK-encoded .xls (Excel 5.0, code page 936)",
        "gbk.xls",
        biff5_gbk_xls("能源", &gbk_rows()),
        Expect::Accepted(&["1 activity row"]),
    );
    let mut bad_unit_rows = gbk_rows();
    bad_unit_rows[2][5] = C::S("万砘");
    add(
        "GBK-encoded .xls with an unknown unit",
        "gbk-unit.xls",
        biff5_gbk_xls("能源", &bad_unit_rows),
        Expect::Refused(&["gbk-unit.xls › 能源 › F3", "万砘", "万吨"]),
    );
    add(
        "GBK-encoded CSV",
        "gbk.csv",
        encoding_rs::GBK
            .encode("year,region,category,activity,value,unit\n2019,湖北,1.A.2,原煤,10,万吨\n")
            .0
            .into_owned(),
        Expect::Refused(&["gbk.csv:2", "not UTF-8"]),
    );

    // Cells.
    add(
        "text, NaN and infinity in numbers",
        "n.csv",
        csv(&[
            "2019,Hubei,1.A.2,raw_coal,NaN,万吨",
            "2019,Hubei,1.A.2,natural_gas,inf,亿立方米",
            "2019,Hubei,1.A.2,coke_oven_coke,12 吨,万吨",
        ]),
        Expect::Refused(&["n.csv:2:5", "n.csv:3:5", "n.csv:4:5", "3 error(s)"]),
    );
    add(
        "negative activity",
        "neg.csv",
        csv(&["2019,Hubei,1.A.2,raw_coal,-5,万吨"]),
        Expect::Refused(&["neg.csv:2:5", "negative"]),
    );
    add(
        "duplicate rows",
        "dup.csv",
        csv(&[
            "2019,Hubei,1.A.2,raw_coal,5,万吨",
            "2019,Hubei,1.A.2,raw_coal,5,万吨",
        ]),
        Expect::Refused(&["dup.csv:3", "duplicate row", "dup.csv:2"]),
    );
    add(
        "unknown units, every one reported",
        "u.csv",
        csv(&[
            "2019,Hubei,1.A.2,raw_coal,5,万砘",
            "2019,Hubei,1.A.2,natural_gas,5,亿立方",
        ]),
        Expect::Refused(&["u.csv:2:6", "u.csv:3:6", "万吨", "2 error(s)"]),
    );

    // Sheets.
    add(
        "no activity sheet (only notes)",
        "notes.xlsx",
        xlsx_bytes(&[("notes", vec![vec![C::S("see the other workbook")]])]),
        Expect::Refused(&["no activity data found"]),
    );
    v
}

#[test]
fn every_bad_input_gives_a_clear_error_and_leaves_no_trace() {
    let cases = cases();
    assert!(cases.len() >= 20, "the corpus lost cases: {}", cases.len());
    for case in &cases {
        run_case(case);
    }
}

#[test]
fn a_gbk_xls_is_decoded_not_garbled() {
    // The Excel 5.0 file's 8-bit GBK text must come out as the same Chinese text: region 湖北, fuel 原煤
    // (raw coal), 10 万吨 = 100,000 t in the export.
    let d = tempdir();
    std::fs::write(d.path().join("g.xls"), biff5_gbk_xls("能源", &gbk_rows())).unwrap();
    let (code, text) = limited(d.path(), &["check", "g.xls", "--export", "e.csv"]);
    assert_eq!(code, Some(0), "{text}");
    let e = std::fs::read_to_string(d.path().join("e.csv")).unwrap();
    assert!(e.contains("湖北") && e.contains("raw_coal"), "{e}");
}
