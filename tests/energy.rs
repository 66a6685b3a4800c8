//! Energy accounting beyond the sectoral approach, on the real provincial energy balances of 2007 (China
//! Energy Statistical Yearbook 2008, Tables 6-1 … 6-30, read from `../shared/data/energy-balance-2007/`
//! when it is there; without them those tests say "skipped" and pass): the reference approach (IPCC 2006
//! Vol. 2 Ch. 6) against the sectoral approach, indirect emissions of net imported electricity, and
//! Tier 1 fugitive emissions (Vol. 2 Ch. 4) from production.
//!
//! The expected figures are typed from the printed table and the guidelines, not taken from the code.
//! Run with `cargo test --test energy -- --nocapture` to see the tables.

use ghgkit::error::{Diagnostics, Error};
use ghgkit::factors::FactorLibrary;
use ghgkit::gases::{Gas, gwp_set};
use ghgkit::ingest::balance::{BalanceMapping, EnergyBalance, read_balance};
use ghgkit::ingest::{self, Ingested, workbook};
use ghgkit::inventory::electricity::{indirect_from_balance, indirect_from_records};
use ghgkit::inventory::fugitive::fugitive_records;
use ghgkit::inventory::reference::{ReferenceApproach, reference_approach};
use ghgkit::inventory::{Settings, compute, compute_by_activity};
use std::path::{Path, PathBuf};

mod common;
use common::balance_2007_dir;

fn balance(path: &Path) -> EnergyBalance {
    let tables = workbook::read_tables(path).expect("readable workbook");
    let mut d = Diagnostics::new();
    let b = tables
        .iter()
        .find_map(|t| read_balance(t, BalanceMapping::builtin_2007(), &mut d))
        .expect("a balance sheet");
    assert_eq!(d.error_count(), 0, "{d}");
    b
}

fn settings<'a>(lib: &'a FactorLibrary, set: &'a str) -> Settings<'a> {
    Settings {
        library: lib,
        factor_set: set,
        gwp: gwp_set("AR5").unwrap(),
        overrides: &[],
    }
}

fn cells(locs: &[ghgkit::error::Location]) -> Vec<&str> {
    locs.iter().map(|l| l.cell.as_deref().unwrap()).collect()
}

fn print_reference(ra: &ReferenceApproach) {
    println!(
        "Reference approach, {} {} (factor set {}):",
        ra.region, ra.year, ra.factor_set
    );
    println!(
        "  {:24} {:>8} {:>11} {:>11} {:>9} {:>11} {:>10}",
        "fuel", "unit", "AC items", "AC total", "excluded", "AC TJ", "CO2 Mt"
    );
    for f in &ra.fuels {
        println!(
            "  {:24} {:>8} {:>11.2} {:>11} {:>9.2} {:>11.0} {:>10.3}",
            f.fuel,
            f.unit,
            f.apparent_consumption,
            f.apparent_consumption_from_total
                .map(|x| format!("{x:.2}"))
                .unwrap_or_default(),
            f.excluded,
            f.apparent_consumption_tj,
            f.co2_t / 1e6
        );
    }
    println!(
        "  {:12} {:>9} {:>9} {:>9} {:>8} {:>8} {:>5}",
        "group", "RA Mt", "RA tot", "SA Mt", "diff %", "tot %", "flag"
    );
    for c in &ra.comparison {
        let p = |x: Option<f64>| x.map(|v| format!("{v:+.1}")).unwrap_or("–".into());
        println!(
            "  {:12} {:>9.2} {:>9.2} {:>9.2} {:>8} {:>8} {:>5}",
            c.group,
            c.reference_co2_t / 1e6,
            c.reference_from_total_co2_t / 1e6,
            c.sectoral_co2_t / 1e6,
            p(c.difference_pct),
            p(c.difference_from_total_pct),
            c.flag
        );
        if !c.explanation.is_empty() {
            println!("      {}", c.explanation);
        }
    }
}

#[test]
fn hubei_reference_approach_against_the_sectoral_approach() {
    let Some(dir) = balance_2007_dir() else {
        return;
    };
    let b = balance(&dir.join("17-hubei.xls"));
    let lib = FactorLibrary::builtin().unwrap();
    let ra = reference_approach(&b, &settings(&lib, "china")).unwrap();
    print_reference(&ra);

    // Raw coal: the supply items as printed in column D — production 609.98 (D12) + inflow 8 861.01
    // (D14) + stock change −403.49 (D20) = 9 067.50 万吨; the printed supply total (D11) is 9 306.90.
    let raw = ra.fuels.iter().find(|f| f.fuel == "raw_coal").unwrap();
    assert!((raw.apparent_consumption - 9067.50).abs() < 1e-9);
    assert_eq!(raw.apparent_consumption_from_total, Some(9306.90));
    assert_eq!(raw.excluded, 0.0);
    assert_eq!(cells(&raw.inputs), ["D12", "D14", "D20", "D11"]);
    // CO2 with the factors of set `china`: GB/T 2589 raw coal 20 908 kJ/kg; GB/T 32151.22 Table C.1
    // carbon content 26.1 t C/TJ and oxidation 0.93; × 44/12.
    let tj = 9067.50e4 * 20_908.0 / 1e6;
    assert!((raw.apparent_consumption_tj - tj).abs() < 1e-6 * tj);
    let co2 = tj * 26.1 * 0.93 * 44.0 / 12.0;
    assert!(
        (raw.co2_t - co2).abs() < 1e-6 * co2,
        "{} vs {co2}",
        raw.co2_t
    );
    // No column without data, no aggregate, no secondary carrier.
    for f in &ra.fuels {
        assert!(
            ![
                "coal_total",
                "petroleum_total",
                "heat",
                "electricity",
                "other_energy"
            ]
            .contains(&f.fuel.as_str())
        );
    }

    // The sectoral side is the example inventory's CO2 (README: 252.92 Mt, memo items excluded).
    let total = ra.comparison.last().unwrap();
    assert_eq!(total.group, "total");
    assert!(
        (total.sectoral_co2_t / 1e6 - 252.92).abs() < 0.005,
        "{}",
        total.sectoral_co2_t
    );
    // The gap of every group is fully split into its causes (the rest is `other`), and Hubei's balance
    // closes with its printed totals, so `other` is small.
    for c in &ra.comparison {
        let g = &c.gap;
        let sum = g.supply_items_vs_total_t
            + g.conversion_t
            + g.losses_t
            + g.statistical_difference_t
            + g.other_t;
        let diff = c.reference_co2_t - c.sectoral_co2_t;
        assert!((sum - diff).abs() < 1e-6 * diff.abs().max(1.0), "{c:?}");
        assert!(
            g.other_t.abs() < 0.01 * c.sectoral_co2_t.abs().max(c.reference_co2_t.abs()),
            "{}: other {}",
            c.group,
            g.other_t
        );
        // The % difference is (RA − SA) / SA.
        if let Some(p) = c.difference_pct {
            assert!((p - diff / c.sectoral_co2_t * 100.0).abs() < 1e-9);
            assert_eq!(c.flag, p.abs() > 5.0);
        }
    }
    // Coke-oven gas is made from coal in Hubei (coking, I25 = 27.62 亿 m³) and has no supply items: RA
    // counts its carbon in the coal, SA where the gas is burned. So the gaseous group's RA is short of SA
    // and the solid group's conversion term is positive.
    let by = |g: &str| ra.comparison.iter().find(|c| c.group == g).unwrap();
    assert!(by("gaseous").gap.conversion_t < 0.0);
    assert!(by("solid").gap.conversion_t > 0.0);
    // The supply items of raw coal are 239.4 万吨 below the printed total: the solid group's items-vs-total
    // term is that amount at raw coal's CO2 per 万吨, plus the other solid columns' gaps.
    assert!(by("solid").gap.supply_items_vs_total_t < -239.4 * raw.co2_per_unit_t * 0.99);
}

#[test]
fn a_fuel_without_factor_in_the_reference_approach_is_a_listed_error() {
    let Some(dir) = balance_2007_dir() else {
        return;
    };
    let b = balance(&dir.join("17-hubei.xls"));
    let mut lib = FactorLibrary::builtin().unwrap();
    lib.sets.push(
        ghgkit::factors::FactorSet::parse(
            "[set]\nname = \"empty\"\ntitle_en = \"nothing\"\ndocument = \"none\"\n",
            "empty.toml",
        )
        .unwrap(),
    );
    let Err(Error::Input(d)) = reference_approach(&b, &settings(&lib, "empty")) else {
        panic!("expected an input error");
    };
    let t = d.to_string();
    println!("{t}");
    // Every fuel column of Hubei with data needs a heating value: 17 of them, each named with its header
    // cell (raw coal: D4).
    assert_eq!(d.error_count(), 17, "{t}");
    assert!(
        t.contains("17-hubei.xls › Sheet1 › D4: no factor (ncv) for fuel raw_coal"),
        "{t}"
    );
    assert!(t.contains("no factor (ncv) for fuel natural_gas"), "{t}");
    assert!(t.contains("reference approach"), "{t}");
}

#[test]
fn hubei_is_a_net_exporter_of_electricity() {
    let Some(dir) = balance_2007_dir() else {
        return;
    };
    let b = balance(&dir.join("17-hubei.xls"));
    let lib = FactorLibrary::builtin().unwrap();
    let row = indirect_from_balance(&b, &settings(&lib, "china"))
        .unwrap()
        .unwrap();
    println!("{row:#?}");
    // Inflow 115.24 (W14) + outflow −667.34 (W17) = −552.10 亿 kWh.
    assert!((row.net_import_kwh - (-552.10e8)).abs() < 1.0);
    assert_eq!(cells(&row.inputs), ["W14", "W17"]);
    // Central China grid 2012, 0.5257 kg CO2/kWh: −552.10e8 kWh × 0.5257 = −29.02 Mt CO2.
    assert_eq!(row.factor_id, "china.ef.electricity.CO2.central_china.2012");
    assert_eq!(row.factor_year, Some(2012));
    let expect = -552.10e8 * 0.5257 / 1000.0;
    assert!(
        (row.co2_t - expect).abs() < 1.0,
        "{} vs {expect}",
        row.co2_t
    );
    assert!((row.co2_t / 1e6 - (-29.02)).abs() < 0.005);
    assert!(
        row.note.contains("not 2007") && row.note.contains("negative"),
        "{}",
        row.note
    );
    // Shanghai brings electricity in (346.76 in, 16.23 out): positive, East China grid 2012 (0.7035).
    let sh = indirect_from_balance(
        &balance(&dir.join("09-shanghai.xls")),
        &settings(&lib, "china"),
    )
    .unwrap()
    .unwrap();
    assert!((sh.net_import_kwh - 330.53e8).abs() < 1.0);
    assert!((sh.co2_t - 330.53e8 * 0.7035 / 1000.0).abs() < 1.0);
}

#[test]
fn hubei_fugitive_emissions_from_production() {
    let Some(dir) = balance_2007_dir() else {
        return;
    };
    let b = balance(&dir.join("17-hubei.xls"));
    let recs = fugitive_records(&b);
    let lib = FactorLibrary::builtin().unwrap();
    let rows = compute_by_activity(&recs, &settings(&lib, "china")).unwrap();
    println!("Fugitive emissions, Hubei 2007 (Tier 1):");
    for r in &rows {
        println!(
            "  {:14} {:12} {:4} {:>12.3} t  {:>12.1} t CO2e  {}  {}",
            r.category,
            r.activity,
            r.gas.name(),
            r.emissions_t,
            r.co2e_t,
            r.input,
            r.factor_ids.join(" ")
        );
    }
    // Raw coal production 609.98 万吨 (D12), all underground by default: 18 m³/t × 0.67 kg/m³ while
    // mining, 2.5 m³/t after.
    let ch4 = |cat: &str| {
        rows.iter()
            .find(|r| r.category == cat && r.gas == Gas::CH4)
            .unwrap()
    };
    let mining = ch4("1.B.1.a.i.1");
    assert!((mining.emissions_t - 609.98e4 * 18.0 * 0.67 / 1000.0).abs() < 1e-6); // 73 563.6 t
    assert_eq!(mining.input.cell.as_deref(), Some("D12"));
    assert!((ch4("1.B.1.a.i.2").emissions_t - 609.98e4 * 2.5 * 0.67 / 1000.0).abs() < 1e-6);
    // Crude oil 85.54 万吨 (L12) and natural gas 1.24 亿 m³ (S12) give the oil and gas segments.
    assert_eq!(recs.len(), 9);
    assert!(
        rows.iter()
            .any(|r| r.category == "1.B.2.a.i" && r.input.cell.as_deref() == Some("L12"))
    );
    assert!(
        rows.iter()
            .any(|r| r.category == "1.B.2.b.iii.2" && r.input.cell.as_deref() == Some("S12"))
    );
    let total: f64 = rows.iter().map(|r| r.co2e_t).sum();
    println!("  total {:.3} Mt CO2e (AR5)", total / 1e6);

    // Shanghai mines no coal: no coal records (its oil and gas production gives the others).
    let sh = fugitive_records(&balance(&dir.join("09-shanghai.xls")));
    assert!(!sh.is_empty());
    assert!(sh.iter().all(|r| r.activity != "raw_coal"), "{sh:?}");
}

#[test]
fn all_thirty_provinces() {
    let Some(dir) = balance_2007_dir() else {
        return;
    };
    let lib = FactorLibrary::builtin().unwrap();
    let s = settings(&lib, "china");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xls"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 30);
    println!(
        "{:16} {:>9} {:>9} {:>8} {:>8} {:>10} {:>10}",
        "region", "RA Mt", "SA Mt", "diff %", "tot %", "elec Mt", "1.B Mt"
    );
    let mut exporters = 0;
    for f in &files {
        let b = balance(f);
        let ra = reference_approach(&b, &s).unwrap_or_else(|e| panic!("{}: {e}", b.region));
        let t = ra.comparison.last().unwrap();
        let el = indirect_from_balance(&b, &s).unwrap().unwrap();
        if el.co2_t < 0.0 {
            exporters += 1;
        }
        let fug: f64 = compute_by_activity(&fugitive_records(&b), &s)
            .unwrap_or_else(|e| panic!("{}: {e}", b.region))
            .iter()
            .map(|r| r.co2e_t)
            .sum();
        println!(
            "{:16} {:>9.2} {:>9.2} {:>8.1} {:>8.1} {:>10.2} {:>10.2}",
            b.region,
            t.reference_co2_t / 1e6,
            t.sectoral_co2_t / 1e6,
            t.difference_pct.unwrap(),
            t.difference_from_total_pct.unwrap(),
            el.co2_t / 1e6,
            fug / 1e6
        );
        assert!(t.sectoral_co2_t > 0.0);
    }
    println!("{exporters} net exporters of electricity");
    assert!(exporters > 0);
}

#[test]
fn tidy_net_imports_of_electricity() {
    // The convention: activity electricity, category 1.A, value = net imports (negative: net exports).
    let csv = "year,region,category,activity,value,unit\n\
               2007,Hubei,1.A,电力,-552.10,亿千瓦时\n\
               2007,Hubei,1.A.2,原煤,1,万吨\n";
    let tables = workbook::tables_from_csv_text(csv, "e.csv").unwrap();
    let mut data = Ingested::default();
    ingest::read_tables(&tables, &mut data);
    assert!(data.diagnostics.is_empty(), "{}", data.diagnostics);
    assert_eq!(data.records.len(), 2);
    let lib = FactorLibrary::builtin().unwrap();
    let s = settings(&lib, "china");
    let rows = indirect_from_records(&data.records, &s).unwrap();
    assert_eq!(rows.len(), 1);
    assert!((rows[0].co2_t - (-552.10e8 * 0.5257 / 1000.0)).abs() < 1.0);
    assert_eq!(rows[0].inputs[0].to_string(), "e.csv:2:5");
    // The territorial inventory leaves the row out.
    let inv = compute(&data.records, &s).unwrap();
    assert!(inv.rows.iter().all(|r| r.activity != "electricity"));
    assert_eq!(inv.rows.len(), 3);
    // Negative electricity anywhere else is refused by the reader.
    let bad = "year,region,category,activity,value,unit\n2007,Hubei,1.A.2,电力,-5,亿千瓦时\n";
    let mut data = Ingested::default();
    ingest::read_tables(
        &workbook::tables_from_csv_text(bad, "b.csv").unwrap(),
        &mut data,
    );
    let t = data.diagnostics.to_string();
    assert!(
        t.contains("b.csv:2:5") && t.contains("cannot be negative"),
        "{t}"
    );
}
