//! Fuel-combustion inventory: the must-hold figures, hand-computed from the IPCC tables, through the
//! library and through the binary.

mod common;
use common::{C, ghgkit, header, header_zh, read_csv, rel, tempdir, text, tidy_row, xlsx};

// Independent inputs, typed from the 2006 IPCC Guidelines (not read from factors/):
// Vol. 2 Ch. 1 Table 1.2: NCV other bituminous coal 25.8 TJ/Gg; Table 1.4: CO2 94,600 kg/TJ;
// Vol. 2 Ch. 2 Table 2.2 (energy industries, coal): CH4 1 kg/TJ, N2O 1.5 kg/TJ;
// AR5 WG I Table 8.A.1: GWP100 CH4 28, N2O 265.
const NCV: f64 = 25.8;
const EF_CO2_KG_PER_TJ: f64 = 94_600.0;
const EF_CH4_KG_PER_TJ: f64 = 1.0;
const EF_N2O_KG_PER_TJ: f64 = 1.5;

fn one_gg_workbook(dir: &std::path::Path) -> std::path::PathBuf {
    let p = dir.join("coal.xlsx");
    xlsx(
        &p,
        &[(
            "activity",
            vec![
                vec![C::S("Power sector coal, 2019 (test)")],
                vec![],
                header(),
                tidy_row(
                    2019.0,
                    "Hubei",
                    "1.A.1.a",
                    "Other Bituminous Coal",
                    1.0,
                    "Gg",
                ),
            ],
        )],
    );
    p
}

#[test]
fn one_gigagram_of_other_bituminous_coal_in_power_plants_ar5() {
    let d = tempdir();
    let wb = one_gg_workbook(d.path());
    let o = ghgkit(
        d.path(),
        &[
            "inventory",
            wb.to_str().unwrap(),
            "--out",
            "out",
            "--factor-set",
            "ipcc2006",
            "--gwp",
            "AR5",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let (h, rows) = read_csv(&d.path().join("out/inventory.csv"));
    for col in [
        "region",
        "year",
        "category",
        "activity",
        "gas",
        "emissions_t",
        "co2e_t",
        "gwp",
        "factor_source",
    ] {
        assert!(
            h.iter().any(|c| c == col),
            "column {col} missing from {h:?}"
        );
    }
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    assert_eq!(rows.len(), 3, "one row per gas");
    let energy_tj = 1.0 * NCV; // 1 Gg × 25.8 TJ/Gg
    let expect = [
        ("CO2", energy_tj * EF_CO2_KG_PER_TJ / 1000.0, 1.0),
        ("CH4", energy_tj * EF_CH4_KG_PER_TJ / 1000.0, 28.0),
        ("N2O", energy_tj * EF_N2O_KG_PER_TJ / 1000.0, 265.0),
    ];
    // The issue states the figures to the digit: 2,440.68 t CO2, 25.8 kg CH4, 38.7 kg N2O.
    assert!(rel(expect[0].1, 2440.68) < 1e-12);
    assert!(rel(expect[1].1, 0.0258) < 1e-12);
    assert!(rel(expect[2].1, 0.0387) < 1e-12);
    let mut co2e_total = 0.0;
    for (gas, t, gwp) in expect {
        let row = rows.iter().find(|r| r[col("gas")] == gas).unwrap();
        assert_eq!(row[col("region")], "Hubei");
        assert_eq!(row[col("year")], "2019");
        assert_eq!(row[col("category")], "1.A.1.a");
        assert_eq!(row[col("activity")], "other_bituminous_coal");
        let e: f64 = row[col("emissions_t")].parse().unwrap();
        let c: f64 = row[col("co2e_t")].parse().unwrap();
        let energy: f64 = row[col("energy_tj")].parse().unwrap();
        assert!(rel(energy, 25.8) < 1e-9, "{energy}");
        assert!(rel(e, t) < 1e-9, "{gas}: {e} vs {t}");
        assert!(rel(c, t * gwp) < 1e-9, "{gas}: {c} vs {}", t * gwp);
        assert!(row[col("factor_source")].contains("Table"), "{row:?}");
        assert!(
            row[col("input")].contains("coal.xlsx › activity › E4"),
            "{row:?}"
        );
        co2e_total += c;
    }
    assert!((co2e_total - 2451.66).abs() < 0.005, "{co2e_total}");
    assert!(d.path().join("out/emissions_by_category.png").exists());
}

#[test]
fn switching_gwp_set_changes_only_non_co2_co2e() {
    let d = tempdir();
    let wb = one_gg_workbook(d.path());
    let mut runs = Vec::new();
    for gwp in ["SAR", "AR4", "AR5", "AR6"] {
        let out = format!("out-{gwp}");
        let o = ghgkit(
            d.path(),
            &[
                "inventory",
                wb.to_str().unwrap(),
                "--out",
                &out,
                "--gwp",
                gwp,
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
        runs.push(read_csv(&d.path().join(out).join("inventory.csv")));
    }
    let (h, base) = &runs[0];
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    for (_, rows) in &runs[1..] {
        assert_eq!(rows.len(), base.len());
        for (a, b) in base.iter().zip(rows) {
            assert_eq!(
                a[col("emissions_t")],
                b[col("emissions_t")],
                "masses never change"
            );
            if a[col("gas")] == "CO2" {
                assert_eq!(a[col("co2e_t")], b[col("co2e_t")]);
            } else {
                assert_ne!(a[col("co2e_t")], b[col("co2e_t")]);
            }
        }
    }
    // AR6 distinguishes fossil methane (29.8).
    let (h6, ar6) = &runs[3];
    let g = h6.iter().position(|c| c == "gwp").unwrap();
    let gas = h6.iter().position(|c| c == "gas").unwrap();
    let ch4 = ar6.iter().find(|r| r[gas] == "CH4").unwrap();
    assert_eq!(ch4[g], "29.8");
}

#[test]
fn chinese_headers_and_names_are_read() {
    let d = tempdir();
    let p = d.path().join("zh.xlsx");
    xlsx(
        &p,
        &[(
            "活动水平",
            vec![
                header_zh(),
                tidy_row(2019.0, "湖北", "1A1a", "原煤", 0.1, "万吨"),
            ],
        )],
    );
    let o = ghgkit(
        d.path(),
        &[
            "inventory",
            "zh.xlsx",
            "--out",
            "o",
            "--factor-set",
            "china",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let (h, rows) = read_csv(&d.path().join("o/inventory.csv"));
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let co2 = rows.iter().find(|r| r[col("gas")] == "CO2").unwrap();
    // GB/T 2589: raw coal 20,908 kJ/kg; GB/T 32151.22-2024 Table C.1 (bituminous, used for raw coal):
    // 26.1 t C/TJ, oxidation 93 %. 0.1 × 10^4 t = 1,000 t.
    let energy_tj = 1000.0 * 20_908.0 / 1e6;
    let expect = energy_tj * 26.1 * 0.93 * 44.0 / 12.0;
    let got: f64 = co2[col("emissions_t")].parse().unwrap();
    assert!(rel(got, expect) < 1e-9, "{got} vs {expect}");
    assert_eq!(co2[col("activity")], "raw_coal");
    assert_eq!(co2[col("activity_zh")], "原煤");
    assert_eq!(co2[col("category")], "1.A.1.a");
    assert!(co2[col("method")].contains("CC × OF"));
}

#[test]
fn the_embedded_hubei_example_hand_checked_for_power_plant_raw_coal() {
    let d = tempdir();
    let o = ghgkit(d.path(), &["run", "--out", "o"]);
    assert!(o.status.success(), "{}", text(&o));
    let (h, rows) = read_csv(&d.path().join("o/inventory.csv"));
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let row = rows
        .iter()
        .find(|r| {
            r[col("category")] == "1.A.1.a.i"
                && r[col("activity")] == "raw_coal"
                && r[col("gas")] == "CO2"
        })
        .unwrap();
    // China Energy Statistical Yearbook 2008 Table 6-17, cell D22: 3,479.81 ×10^4 t raw coal into thermal
    // power. × 20,908 kJ/kg (GB/T 2589) × 26.1 t C/TJ × 0.93 (GB/T 32151.22-2024 C.1) × 44/12.
    let tj = 3479.81e4 * 20_908.0 / 1e6;
    let expect = tj * 26.1 * 0.93 * 44.0 / 12.0;
    let got: f64 = row[col("emissions_t")].parse().unwrap();
    assert!(rel(got, expect) < 1e-9, "{got} vs {expect}");
    assert!(rel(expect, 64.753e6) < 1e-4, "about 64.75 Mt: {expect}");
    // Line 22, field 4 of the CSV rendering = cell D22 of the yearbook sheet.
    assert_eq!(
        row[col("input")],
        "examples/data/hubei-2007-balance.csv:22:4"
    );
    // Totals are the sum of rows, memo items excluded; summary printed.
    let total: f64 = rows
        .iter()
        .filter(|r| r[col("memo")] == "false")
        .map(|r| r[col("co2e_t")].parse::<f64>().unwrap())
        .sum();
    let out = text(&o);
    assert!(
        out.contains(&format!("{:.2} Mt CO2e", total / 1e6)),
        "{out}"
    );
}

#[test]
fn the_main_job_reports_fugitive_reference_approach_and_indirect_electricity() {
    let d = tempdir();
    let o = ghgkit(d.path(), &["run", "--out", "o"]);
    assert!(o.status.success(), "{}", text(&o));
    // Fugitive CH4 from underground coal mining: production 609.98 ×10^4 t (cell D12) × 18 m³/t × 0.67 kg/m³
    // (IPCC 2006 Vol. 2 Ch. 4, Tier 1 average; 100 % underground assumed).
    let (h, rows) = read_csv(&d.path().join("o/inventory.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let mining = rows
        .iter()
        .find(|r| r[col("category")] == "1.B.1.a.i.1" && r[col("gas")] == "CH4")
        .expect("coal-mining methane");
    let expect = 609.98e4 * 18.0 * 0.67 / 1000.0;
    let got: f64 = mining[col("emissions_t")].parse().unwrap();
    assert!(rel(got, expect) < 1e-9, "{got} vs {expect}");
    assert_eq!(
        mining[col("input")],
        "examples/data/hubei-2007-balance.csv:12:4"
    );
    // Indirect electricity: inflow 115.24 (W14) + outflow −667.34 (W17) ×10^8 kWh × 0.5257 kg/kWh
    // (Central China grid 2012, the factor nearest 2007).
    let (h, rows) = read_csv(&d.path().join("o/indirect_electricity.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    assert_eq!(rows.len(), 1);
    let kwh = (115.24 - 667.34) * 1e8;
    let got: f64 = rows[0][col("indirect_co2_t")].parse().unwrap();
    assert!(rel(got, kwh * 0.5257 / 1000.0) < 1e-9, "{got}");
    assert_eq!(rows[0][col("factor_year")], "2012");
    // The grid factor is listed with its source in the workbook's factors sheet.
    let grid_id = rows[0][col("factor_id")].clone();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(d.path().join("o/inventory.xlsx")).unwrap();
    use calamine::Reader;
    let factors = wb.worksheet_range("factors").unwrap();
    assert!(
        factors.rows().any(|r| r[0].to_string() == grid_id),
        "{grid_id} not in the factors sheet"
    );
    // Reference approach: raw coal apparent consumption = production 609.98 + inflow 8861.01 + stock
    // change −403.49 = 9067.50 ×10^4 t; the printed supply total is 9306.90.
    let (h, rows) = read_csv(&d.path().join("o/reference_approach.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let coal = rows
        .iter()
        .find(|r| r[col("kind")] == "fuel" && r[col("fuel_or_group")] == "raw_coal")
        .unwrap();
    let ac: f64 = coal[col("apparent_consumption")].parse().unwrap();
    assert!((ac - 9067.50).abs() < 1e-9, "{ac}");
    let ac_total: f64 = coal[col("apparent_consumption_from_total")]
        .parse()
        .unwrap();
    assert!((ac_total - 9306.90).abs() < 1e-9, "{ac_total}");
    let total = rows
        .iter()
        .find(|r| r[col("kind")] == "comparison" && r[col("fuel_or_group")] == "total")
        .unwrap();
    let (ra, sa): (f64, f64) = (
        total[col("reference_co2_t")].parse().unwrap(),
        total[col("sectoral_co2_t")].parse().unwrap(),
    );
    let pct: f64 = total[col("difference_pct")].parse().unwrap();
    assert!((pct - (ra - sa) / sa * 100.0).abs() < 1e-9);
    assert!(text(&o).contains("reference approach"), "{}", text(&o));
}

/// (category, fuel, Gg, NCV, CO2, CH4, N2O, memo CO2).
type Case = (&'static str, &'static str, f64, f64, f64, f64, f64, bool);

/// Fuel by fuel, the arithmetic against hand computations from the IPCC 2006 tables (values typed here from
/// the Guidelines: Vol. 2 Ch. 1 Tables 1.2 (NCV) and 1.4 (CO2); Ch. 2 Tables 2.3–2.5 and Ch. 3 Table 3.2.2
/// (CH4, N2O)), with the `ipcc2006` set and AR5 GWPs (CH4 28, N2O 265).
#[test]
fn fuel_by_fuel_against_the_ipcc_tables() {
    // (category, fuel as a user writes it, amount in Gg, NCV TJ/Gg, CO2 kg/TJ, CH4 kg/TJ, N2O kg/TJ, memo CO2)
    let cases: &[Case] = &[
        (
            "1.A.3.b",
            "Gas/Diesel Oil",
            2.0,
            43.0,
            74_100.0,
            3.9,
            3.9,
            false,
        ),
        (
            "1.A.3.b",
            "Motor Gasoline",
            3.0,
            44.3,
            69_300.0,
            33.0,
            3.2,
            false,
        ),
        (
            "1.A.2",
            "Residual Fuel Oil",
            1.5,
            40.4,
            77_400.0,
            3.0,
            0.6,
            false,
        ),
        (
            "1.A.2",
            "Coke Oven Coke and Lignite Coke",
            4.0,
            28.2,
            107_000.0,
            10.0,
            1.5,
            false,
        ),
        ("1.A.4.a", "LPG", 0.5, 47.3, 63_100.0, 5.0, 0.1, false),
        (
            "1.A.4.b",
            "Natural Gas",
            1.0,
            48.0,
            56_100.0,
            5.0,
            0.1,
            false,
        ),
        ("1.A.4.b", "Wood", 10.0, 15.6, 112_000.0, 300.0, 4.0, true),
    ];
    let d = tempdir();
    let mut csv = String::from("year,region,category,activity,value,unit\n");
    for (cat, fuel, gg, ..) in cases {
        csv.push_str(&format!("2019,Hubei,{cat},\"{fuel}\",{gg},Gg\n"));
    }
    std::fs::write(d.path().join("f.csv"), csv).unwrap();
    let o = ghgkit(
        d.path(),
        &[
            "inventory",
            "f.csv",
            "--out",
            "o",
            "--factor-set",
            "ipcc2006",
            "--gwp",
            "AR5",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let (h, rows) = read_csv(&d.path().join("o/inventory.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let mut total = 0.0;
    let mut memo = 0.0;
    for (line, (cat, _, gg, ncv, co2, ch4, n2o, memo_co2)) in cases.iter().enumerate() {
        let tj = gg * ncv;
        let input = format!("f.csv:{}:5", line + 2);
        for (gas, ef, gwp) in [("CO2", co2, 1.0), ("CH4", ch4, 28.0), ("N2O", n2o, 265.0)] {
            let row = rows
                .iter()
                .find(|r| r[col("input")] == input && r[col("gas")] == gas)
                .unwrap_or_else(|| panic!("{cat} {gas} missing"));
            let t = tj * ef / 1000.0;
            let got: f64 = row[col("emissions_t")].parse().unwrap();
            assert!(rel(got, t) < 1e-9, "{cat} {gas}: {got} vs {t}");
            let is_memo = gas == "CO2" && *memo_co2;
            assert_eq!(row[col("memo")], is_memo.to_string(), "{cat} {gas}");
            if is_memo {
                memo += t;
            } else {
                total += t * gwp;
            }
        }
    }
    // The printed total excludes the memo item (biomass CO2).
    let out = text(&o);
    assert!(
        out.contains(&format!("{:.2} Mt CO2e", total / 1e6)),
        "{out}"
    );
    assert!(memo > 0.0);
}

#[test]
fn many_regions_and_years_with_gaps() {
    // Region B has no natural gas and no 2019: no rows are invented for what is not given.
    let d = tempdir();
    let csv = "year,region,category,activity,value,unit\n\
2018,A,1.A.2,raw_coal,10,万吨\n2019,A,1.A.2,raw_coal,11,万吨\n2019,A,1.A.4.b,natural_gas,2,亿立方米\n\
2018,B,1.A.2,raw_coal,5,万吨\n";
    std::fs::write(d.path().join("g.csv"), csv).unwrap();
    let o = ghgkit(d.path(), &["inventory", "g.csv", "--out", "o"]);
    assert!(o.status.success(), "{}", text(&o));
    let (h, rows) = read_csv(&d.path().join("o/inventory.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    assert_eq!(rows.len(), 4 * 3);
    assert!(
        !rows
            .iter()
            .any(|r| r[col("region")] == "B" && r[col("year")] == "2019")
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("o/summary.json")).unwrap())
            .unwrap();
    let totals = json["totals"].as_array().unwrap();
    let keys: Vec<(String, i64)> = totals
        .iter()
        .map(|t| {
            (
                t["region"].as_str().unwrap().to_string(),
                t["year"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [("A".into(), 2018), ("A".into(), 2019), ("B".into(), 2018)]
    );
    // B 2018 = 5 ×10^4 t raw coal, hand-computed with the china set: 20,908 kJ/kg, 26.1 t C/TJ, 93 %.
    let b: f64 = totals[2]["by_gas"]["CO2"]["emissions_t"].as_f64().unwrap();
    let expect = 5e4 * 20_908.0 / 1e6 * 26.1 * 0.93 * 44.0 / 12.0;
    assert!(rel(b, expect) < 1e-9, "{b} vs {expect}");
}

/// Combustion rows are planned once per fuel, category and region and reused; a factor that names years
/// must still be chosen per year. A user set (falling back to ipcc2006) gives raw coal two dated NCVs;
/// records of four years, interleaved with other regions, must each use the NCV of their year (the latest
/// year not after the inventory year, else the earliest).
#[test]
fn dated_factors_are_chosen_per_year_even_when_rows_are_planned() {
    let d = tempdir();
    let factor = |id: &str, year: i32, value: f64| {
        format!(
            "[[factor]]\nid = \"{id}\"\nkind = \"ncv\"\nactivity = \"raw_coal\"\ncategory = \"any\"\nvalue = {value}\nunit = \"TJ/Gg\"\nuncertainty_pct = 5.0\nsource = \"test\"\nstatus = \"user\"\nnote = \"test\"\nyear = {year}\n\n"
        )
    };
    std::fs::write(
        d.path().join("dated.toml"),
        format!(
            "[set]\nname = \"dated\"\ntitle_en = \"dated NCVs\"\ndocument = \"test\"\nfallback = \"ipcc2006\"\n\n{}{}",
            factor("dated.ncv.2012", 2012, 20.0),
            factor("dated.ncv.2016", 2016, 22.0)
        ),
    )
    .unwrap();
    let years = [2011, 2012, 2015, 2016, 2019];
    let mut rows = vec![header()];
    for (i, y) in years.iter().enumerate() {
        for region in ["Hubei", "Hunan"] {
            rows.push(tidy_row(
                f64::from(*y),
                region,
                "1.A.1.a",
                "raw_coal",
                1.0 + i as f64,
                "Gg",
            ));
        }
    }
    xlsx(&d.path().join("w.xlsx"), &[("activity", rows)]);
    let o = ghgkit(
        d.path(),
        &[
            "inventory",
            "w.xlsx",
            "--out",
            "out",
            "--factor-file",
            "dated.toml",
            "--factor-set",
            "dated",
            "--only",
            "csv",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let (h, out) = read_csv(&d.path().join("out/inventory.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (year, gas, energy) = (col("year"), col("gas"), col("energy_tj"));
    // Hand-computed: E = A [Gg] × NCV [TJ/Gg]; 2011 takes the earliest (2012) value, 2015 the 2012 one.
    let ncv = |y: i32| if y < 2016 { 20.0 } else { 22.0 };
    let mut seen = 0;
    for r in out.iter().filter(|r| r[gas] == "CO2") {
        let y: i32 = r[year].parse().unwrap();
        let i = years.iter().position(|x| *x == y).unwrap();
        let want = (1.0 + i as f64) * ncv(y);
        let got: f64 = r[energy].parse().unwrap();
        assert!(rel(got, want) < 1e-12, "{y}: {got} TJ, expected {want}");
        seen += 1;
    }
    assert_eq!(seen, years.len() * 2);
}
