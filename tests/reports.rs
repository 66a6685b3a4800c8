//! `ghgkit run` as the main job: every chart, both reports, the summary; the same bytes for any thread
//! count; Chinese labels (when a CJK font exists); formula-like text stays text in CSV, xlsx and HTML; the
//! workbooks open in openpyxl and pandas (when a Python with them is at hand: `.ci/run` provides one).

mod common;
use common::{ghgkit, tempdir, text};
use std::io::Read;
use std::path::Path;

const CHARTS: [&str; 14] = [
    "emissions_by_category",
    "emissions_by_gas",
    "emissions_by_fuel",
    "reference_vs_sectoral",
    "key_categories",
    "uncertainty",
    "scenario_co2",
    "scenario_intensity",
    "peak_year",
    "lmdi_hubei-baseline",
    "lmdi_hubei-policy",
    "lmdi_hubei-enhanced",
    "lmdi_hubei-policy_vs_hubei-baseline",
    "lmdi_hubei-enhanced_vs_hubei-policy",
];

fn check_chart(dir: &Path, name: &str) {
    let png = image::open(dir.join(format!("{name}.png")))
        .unwrap_or_else(|e| panic!("{name}.png: {e}"))
        .to_rgb8();
    let colours: std::collections::BTreeSet<[u8; 3]> = png.pixels().map(|p| p.0).collect();
    assert!(colours.len() > 8, "{name}.png: {} colours", colours.len());
    let inked = png
        .pixels()
        .filter(|p| p.0.iter().any(|&c| c < 200))
        .count();
    assert!(
        inked as f64 / (png.width() * png.height()) as f64 > 0.01,
        "{name}.png is nearly blank"
    );
    let svg = std::fs::read_to_string(dir.join(format!("{name}.svg"))).unwrap();
    roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}.svg: {e}"));
}

/// The XML parts of an xlsx file: (name, text).
fn xlsx_parts(path: &Path) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (name, s)
        })
        .collect()
}

#[test]
fn run_writes_every_chart_both_reports_and_a_summary() {
    let d = tempdir();
    let o = ghgkit(d.path(), &["run", "--out", "o", "--draws", "400"]);
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    let out = d.path().join("o");
    for c in CHARTS {
        check_chart(&out, c);
    }
    // The summary: total, each scenario's intensity change against its target and P(peak by 2030).
    // (The figures themselves are checked in tests/energy.rs, tests/sectors.rs and tests/assess.rs.)
    assert!(
        t.contains("Hubei 2007: ")
            && t.contains("Mt CO2e in total")
            && t.contains("without LULUCF"),
        "{t}"
    );
    for s in ["hubei-baseline", "hubei-policy", "hubei-enhanced"] {
        let line = t
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{s}:")))
            .unwrap();
        assert!(
            line.contains("intensity 2020-2025") && line.contains("target -18 %"),
            "{line}"
        );
        assert!(line.contains("P(CO2 peaks by 2030) = "), "{line}");
    }
    assert!(t.contains("report.html"), "{t}");
    // report.html: self-contained, every chart inline, methods and sources.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(html.matches("<svg ").count(), CHARTS.len());
    for bad in ["<script", "<link", "src=\"http", "@import", "url("] {
        assert!(
            !html.contains(bad),
            "report.html refers outside itself: {bad}"
        );
    }
    for must in [
        "GWP100 set AR5",
        "China Energy Statistical Yearbook 2008",
        "Eq. 2.1",
        "scenarios/hubei-policy.toml",
        "peak_by",
        "Key categories, level assessment",
        "Uncertainty of the totals",
    ] {
        assert!(html.contains(must), "report.html lacks {must}");
    }
    // The uncertainty table's estimates are the totals of summary.json (t → Mt, 2 decimals).
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let total = summary["totals"][0]["co2e_t"].as_f64().unwrap();
    assert!(
        html.contains(&format!("<td class=\"n\">{:.2}</td>", total / 1e6)),
        "the HTML names the total {total} t"
    );
    // report.xlsx: its sheets, native charts, no formulas.
    let parts = xlsx_parts(&out.join("report.xlsx"));
    let names: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
    assert!(names.contains(&"xl/charts/chart1.xml") && names.contains(&"xl/charts/chart2.xml"));
    let wb = &parts.iter().find(|p| p.0 == "xl/workbook.xml").unwrap().1;
    for s in [
        "inventory",
        "scenarios",
        "targets",
        "methods",
        "key_categories",
        "uncertainty",
    ] {
        assert!(wb.contains(&format!("name=\"{s}\"")), "sheet {s}");
    }
    for (n, x) in &parts {
        assert!(!x.contains("<f>"), "{n} has a formula");
        // The table sheets (all but methods, the fourth) have a frozen header.
        if ["sheet1", "sheet2", "sheet3"]
            .map(|s| format!("xl/worksheets/{s}.xml"))
            .contains(n)
        {
            assert!(x.contains("<pane "), "{n}: frozen header");
        }
    }
}

#[test]
fn outputs_are_byte_identical_across_runs_and_thread_counts() {
    let d = tempdir();
    for (out, threads) in [("a", "1"), ("b", "2")] {
        let o = ghgkit(
            d.path(),
            &["run", "--out", out, "--draws", "300", "--threads", threads],
        );
        assert!(o.status.success(), "{}", text(&o));
    }
    let mut n = 0;
    for e in std::fs::read_dir(d.path().join("a")).unwrap() {
        let name = e.unwrap().file_name();
        let a = std::fs::read(d.path().join("a").join(&name)).unwrap();
        let b = std::fs::read(d.path().join("b").join(&name)).unwrap();
        assert!(a == b, "{name:?} differs between --threads 1 and 2");
        n += 1;
    }
    assert!(n >= 2 * CHARTS.len() + 8, "{n} files compared");
}

#[test]
fn chinese_labels_when_a_cjk_font_exists() {
    let d = tempdir();
    let Some(font) = ghgkit::plot::style::find_cjk_font() else {
        eprintln!(
            "SKIPPED chinese_labels_when_a_cjk_font_exists: no font with Chinese glyphs (Debian: apt-get install fonts-wqy-microhei)"
        );
        return;
    };
    let o = ghgkit(
        d.path(),
        &["run", "--out", "o", "--draws", "200", "--lang", "zh"],
    );
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(!t.contains("warning: no font"), "{t}");
    let out = d.path().join("o");
    for c in CHARTS {
        check_chart(&out, c);
    }
    let svg = std::fs::read_to_string(out.join("emissions_by_fuel.svg")).unwrap();
    assert!(
        svg.contains("分燃料温室气体排放") && svg.contains("原煤"),
        "Chinese labels"
    );
    let svg = std::fs::read_to_string(out.join("scenario_co2.svg")).unwrap();
    assert!(svg.contains("各情景二氧化碳排放"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("lang=\"zh-CN\"") && html.contains("方法与数据来源"));
    // The font given explicitly works too.
    let o = ghgkit(
        d.path(),
        &[
            "scenario",
            "--out",
            "s",
            "--draws",
            "100",
            "--lang",
            "zh",
            "--font",
            font.to_str().unwrap(),
            "x.toml",
        ],
    );
    // (x.toml does not exist: a bad-input error, not a font problem.)
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!text(&o).contains("--font"), "{}", text(&o));
}

#[test]
fn a_font_that_cannot_be_used_is_bad_input() {
    let d = tempdir();
    let o = ghgkit(
        d.path(),
        &["run", "--lang", "zh", "--font", "no-such-font.ttc"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("no-such-font.ttc") && t.contains("--font"),
        "{t}"
    );
    assert!(!d.path().join("ghgkit-out").exists(), "nothing written");
}

#[test]
fn formula_like_text_stays_text_in_csv_xlsx_and_html() {
    let d = tempdir();
    let hostile = "=cmd|' /C calc'!A0";
    let csv = format!(
        "year,region,category,activity,value,unit\n2019,\"{hostile}\",1.A.1.a,raw_coal,100,万吨\n2019,@SUM(A1),1.A.3.b,diesel_oil,10,万吨\n"
    );
    std::fs::write(d.path().join("h.csv"), csv).unwrap();
    let o = ghgkit(d.path(), &["inventory", "h.csv", "--out", "o"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = d.path().join("o");
    // CSV: prefixed with ' (report::excel_safe), so spreadsheets show text.
    let inv = std::fs::read_to_string(out.join("inventory.csv")).unwrap();
    assert!(
        inv.contains(&format!("\"'{hostile}\"")) || inv.contains(&format!("'{hostile}")),
        "{inv}"
    );
    assert!(inv.contains("'@SUM(A1)"));
    assert!(!inv.lines().any(|l| l.starts_with(hostile)));
    // xlsx: shared strings, never formulas.
    for book in ["inventory.xlsx", "report.xlsx"] {
        let parts = xlsx_parts(&out.join(book));
        let shared = &parts
            .iter()
            .find(|p| p.0 == "xl/sharedStrings.xml")
            .unwrap()
            .1;
        assert!(
            shared.contains("=cmd|") && shared.contains("@SUM(A1)"),
            "{book}: the names are stored as text"
        );
        for (n, x) in &parts {
            assert!(!x.contains("<f>"), "{book} {n}: a formula");
        }
    }
    // HTML: escaped.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("=cmd|&#39; /C calc&#39;!A0"));
}

/// A Python with openpyxl and pandas: `GHGKIT_PYTHON` (set by .ci/run) or `python3`.
fn python() -> Option<String> {
    let py = std::env::var("GHGKIT_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = std::process::Command::new(&py)
        .args(["-c", "import openpyxl, pandas"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(py)
}

#[test]
fn workbooks_open_in_openpyxl_and_pandas() {
    let Some(py) = python() else {
        eprintln!(
            "SKIPPED workbooks_open_in_openpyxl_and_pandas: no Python with openpyxl and pandas (.ci/run installs them)"
        );
        return;
    };
    let d = tempdir();
    let o = ghgkit(d.path(), &["run", "--out", "o", "--draws", "200"]);
    assert!(o.status.success(), "{}", text(&o));
    let script = r#"
import sys, openpyxl, pandas as pd
out = sys.argv[1]
for book in ["inventory.xlsx", "report.xlsx"]:
    wb = openpyxl.load_workbook(f"{out}/{book}")
    frames = pd.read_excel(f"{out}/{book}", sheet_name=None)
    print(book, ",".join(wb.sheetnames), sum(len(f) for f in frames.values()))
t = pd.read_excel(f"{out}/report.xlsx", sheet_name="targets")
p = t[(t.iloc[:, 0] == "hubei-enhanced") & (t.iloc[:, 1] == "peak_by")].iloc[0, 3]
print("enhanced_peak_by", p)
s = pd.read_excel(f"{out}/report.xlsx", sheet_name="scenarios")
print("co2_2020", s[(s.variable == "co2") & (s.year == 2020)].iloc[0]["p5"])
"#;
    let r = std::process::Command::new(&py)
        .arg("-c")
        .arg(script)
        .arg(d.path().join("o"))
        .output()
        .unwrap();
    let t = text(&r);
    assert!(r.status.success(), "{t}");
    assert!(
        t.contains("report.xlsx inventory,scenarios,targets,methods"),
        "{t}"
    );
    // A probability stored as a fraction.
    let p: f64 = t
        .lines()
        .find_map(|l| l.strip_prefix("enhanced_peak_by "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!((0.0..=1.0).contains(&p), "{t}");
    // The base year's CO2 is the scenario file's 333 Mt in every draw (scenarios/hubei-baseline.toml).
    let c: f64 = t
        .lines()
        .find_map(|l| l.strip_prefix("co2_2020 "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(c, 333.0);
}

#[test]
fn a_multi_year_inventory_gets_a_stacked_sector_chart_and_a_single_year_none() {
    let d = tempdir();
    // Two years, two categories: 2018 raw coal in power plants and diesel in road transport; 2019 more.
    let csv = "year,region,category,activity,value,unit\n\
               2018,Testland,1.A.1.a,raw_coal,100,万吨\n2018,Testland,1.A.3.b,diesel_oil,10,万吨\n\
               2019,Testland,1.A.1.a,raw_coal,120,万吨\n2019,Testland,1.A.3.b,diesel_oil,12,万吨\n";
    std::fs::write(d.path().join("m.csv"), csv).unwrap();
    let o = ghgkit(d.path(), &["inventory", "m.csv", "--out", "o"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = d.path().join("o");
    for c in [
        "emissions_by_sector",
        "emissions_by_gas",
        "emissions_by_fuel",
        "emissions_by_category",
    ] {
        check_chart(&out, c);
    }
    let svg = std::fs::read_to_string(out.join("emissions_by_sector.svg")).unwrap();
    assert!(
        svg.contains("2018–2019") && svg.contains("1.A.1 Energy Industries"),
        "title and direct labels"
    );
    // A single year: the category bars are the by-sector chart; no one-column stack.
    let o = ghgkit(d.path(), &["run", "--out", "r", "--draws", "50"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!d.path().join("r/emissions_by_sector.png").exists());
}

#[test]
fn every_region_gets_its_charts_and_the_regions_are_compared() {
    let d = tempdir();
    // Two regions, one year: 100 kt and 50 kt of raw coal in power plants.
    let csv = "year,region,category,activity,value,unit\n\
               2019,North,1.A.1.a,raw_coal,100,万吨\n2019,South,1.A.1.a,raw_coal,50,万吨\n";
    std::fs::write(d.path().join("m.csv"), csv).unwrap();
    let o = ghgkit(d.path(), &["inventory", "m.csv", "--out", "o"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = d.path().join("o");
    check_chart(&out, "emissions_by_region");
    for region in ["North", "South"] {
        for c in [
            "emissions_by_category",
            "emissions_by_gas",
            "key_categories",
        ] {
            check_chart(&out, &format!("{c}_{region}"));
        }
    }
    assert!(!out.join("emissions_by_gas.png").exists());
    // North burns twice South's coal: its bar comes first (largest first).
    let svg = std::fs::read_to_string(out.join("emissions_by_region.svg")).unwrap();
    let (n, s) = (svg.find("North").unwrap(), svg.find("South").unwrap());
    assert!(n < s, "largest first");
    // Both regions' charts are in the HTML report.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap_or_default();
    if !html.is_empty() {
        assert!(html.contains("North") && html.contains("South"));
    }
}

#[test]
fn a_scenario_sent_into_an_inventory_folder_warns_that_its_report_replaces_the_inventory() {
    let d = tempdir();
    let csv = "year,region,category,activity,value,unit\n2019,Testland,1.A.1.a,raw_coal,120,万吨\n";
    std::fs::write(d.path().join("m.csv"), csv).unwrap();
    let simple = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/simple.toml");
    let simple = simple.to_str().unwrap();
    let o = ghgkit(d.path(), &["inventory", "m.csv", "--out", "o"]);
    assert!(o.status.success(), "{}", text(&o));
    let html = std::fs::read_to_string(d.path().join("o/report.html")).unwrap();
    assert!(html.contains("<meta name=\"ghgkit-parts\" content=\"inventory\">"));
    // The same command again replaces nothing it does not write again: no warning.
    let o = ghgkit(d.path(), &["inventory", "m.csv", "--out", "o"]);
    assert!(!text(&o).contains("warning: "), "{}", text(&o));
    // A scenario into the same folder: the run succeeds, and says what its report replaced.
    let o = ghgkit(
        d.path(),
        &["scenario", simple, "--out", "o", "--draws", "50"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("report.html and report.xlsx held the inventory part"),
        "{err}"
    );
    // Its own folder: no warning.
    let o = ghgkit(
        d.path(),
        &["scenario", simple, "--out", "s", "--draws", "50"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("held the"), "{}", text(&o));
    // `run` holds both parts: nothing is lost when it replaces either.
    let html = std::fs::read_to_string(d.path().join("s/report.html")).unwrap();
    assert!(html.contains("content=\"scenarios\""));
}
