//! The IAMC table: `iamc.csv` and `iamc.xlsx`, the format of the IPCC AR6 scenario database, read as it is
//! by pyam (`pyam.IamDataFrame("iamc.xlsx")` or `pyam.IamDataFrame("iamc.csv")`).
//!
//! Columns `model, scenario, region, variable, unit`, then one column per year. `model` is
//! `ghgkit <version>`; one row per scenario and variable. Values are the **mean over the draws**: means add
//! up (the mean of a sum is the sum of the means), so the sector rows add up to their aggregates as pyam's
//! `check_aggregate` expects; medians would not. Percentiles are in `trajectories.csv`.
//!
//! Variable names follow the IAMC / AR6 common definitions: `Emissions|CO2`,
//! `Emissions|CO2|Energy|Demand|Industry` (industry and construction),
//! `Emissions|CO2|Energy|Demand|Transportation`, `Emissions|CO2|Energy|Demand|Residential and Commercial`
//! (services and households), `Emissions|CO2|Energy|Demand|AFOFI` (agriculture),
//! `Emissions|CO2|Energy|Supply|Electricity`, `Emissions|CO2|Energy|Supply|Heat`,
//! `Emissions|CO2|Industrial Processes`, `Final Energy|…` (EJ/yr), `GDP|MER` (billion CNY at the base year's
//! constant prices, written `billion CNY_2020/yr`) and `Carbon Intensity|CO2` (kg CO2 per CNY, the same
//! prices). The xlsx has the same table in sheet `data` and the run's settings per scenario in sheet `meta`.

use super::engine::Outcome;
use crate::error::{Error, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// EJ per 10⁴ tce (29.3076 GJ/tce × 10⁴ = 2.93076e5 GJ = 2.93076e-4 EJ).
pub const EJ_PER_E4TCE: f64 = 2.930_76e-4;

/// One IAMC row of a scenario: name, unit and values per year.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// IAMC variable.
    pub variable: String,
    /// IAMC unit.
    pub unit: String,
    /// One value per year, base year first.
    pub values: Vec<f64>,
}

/// (IAMC variable, unit with `{by}` for the price year, our variables summed, scale).
const MAP: &[(&str, &str, &[&str], f64)] = &[
    ("GDP|MER", "billion CNY_{by}/yr", &["gdp"], 0.1),
    ("Emissions|CO2", "Mt CO2/yr", &["co2"], 1.0),
    (
        "Emissions|CO2|Energy",
        "Mt CO2/yr",
        &[
            "co2_agriculture",
            "co2_industry",
            "co2_construction",
            "co2_transport",
            "co2_services",
            "co2_households",
            "co2_electricity",
            "co2_heat",
        ],
        1.0,
    ),
    (
        "Emissions|CO2|Energy|Demand",
        "Mt CO2/yr",
        &[
            "co2_agriculture",
            "co2_industry",
            "co2_construction",
            "co2_transport",
            "co2_services",
            "co2_households",
        ],
        1.0,
    ),
    (
        "Emissions|CO2|Energy|Demand|AFOFI",
        "Mt CO2/yr",
        &["co2_agriculture"],
        1.0,
    ),
    (
        "Emissions|CO2|Energy|Demand|Industry",
        "Mt CO2/yr",
        &["co2_industry", "co2_construction"],
        1.0,
    ),
    (
        "Emissions|CO2|Energy|Demand|Residential and Commercial",
        "Mt CO2/yr",
        &["co2_services", "co2_households"],
        1.0,
    ),
    (
        "Emissions|CO2|Energy|Demand|Transportation",
        "Mt CO2/yr",
        &["co2_transport"],
        1.0,
    ),
    (
        "Emissions|CO2|Energy|Supply",
        "Mt CO2/yr",
        &["co2_electricity", "co2_heat"],
        1.0,
    ),
    (
        "Emissions|CO2|Energy|Supply|Electricity",
        "Mt CO2/yr",
        &["co2_electricity"],
        1.0,
    ),
    (
        "Emissions|CO2|Energy|Supply|Heat",
        "Mt CO2/yr",
        &["co2_heat"],
        1.0,
    ),
    (
        "Emissions|CO2|Industrial Processes",
        "Mt CO2/yr",
        &["co2_industrial_processes"],
        1.0,
    ),
    ("Final Energy", "EJ/yr", &["final_energy"], EJ_PER_E4TCE),
    (
        "Final Energy|Solids|Coal",
        "EJ/yr",
        &["final_energy_coal"],
        EJ_PER_E4TCE,
    ),
    (
        "Final Energy|Liquids",
        "EJ/yr",
        &["final_energy_oil"],
        EJ_PER_E4TCE,
    ),
    (
        "Final Energy|Gases",
        "EJ/yr",
        &["final_energy_gas"],
        EJ_PER_E4TCE,
    ),
    (
        "Final Energy|Electricity",
        "EJ/yr",
        &["final_energy_electricity"],
        EJ_PER_E4TCE,
    ),
    (
        "Final Energy|Heat",
        "EJ/yr",
        &["final_energy_heat"],
        EJ_PER_E4TCE,
    ),
    (
        "Final Energy|Other",
        "EJ/yr",
        &["final_energy_other"],
        EJ_PER_E4TCE,
    ),
    (
        "Carbon Intensity|CO2",
        "kg CO2/CNY_{by}",
        &["carbon_intensity"],
        0.1,
    ),
];

/// The IAMC rows of one outcome (means), in a fixed order; a row appears when at least one of its
/// variables exists in the model.
pub fn rows(o: &Outcome) -> Vec<Row> {
    let by = o.scenario.base_year.to_string();
    let n = o.scenario.n_years();
    let mut out = Vec::new();
    for (var, unit, keys, scale) in MAP {
        let idx: Vec<usize> = keys
            .iter()
            .filter_map(|k| o.variables.iter().position(|v| v.key == *k))
            .collect();
        if idx.is_empty() {
            continue;
        }
        let values = (0..n)
            .map(|y| idx.iter().map(|&v| o.stats[v][y].mean).sum::<f64>() * scale)
            .collect();
        out.push(Row {
            variable: var.to_string(),
            unit: unit.replace("{by}", &by),
            values,
        });
    }
    out
}

fn model_name() -> String {
    format!("ghgkit {}", env!("CARGO_PKG_VERSION"))
}

/// The union of the years of every outcome, in order.
fn years(outcomes: &[Outcome]) -> Vec<i32> {
    let mut y: Vec<i32> = outcomes.iter().flat_map(|o| o.scenario.years()).collect();
    y.sort_unstable();
    y.dedup();
    y
}

/// `iamc.csv` (UTF-8 with BOM; pandas and pyam read it as it is): an empty cell where a scenario has no
/// value for a year (scenarios with different horizons).
pub fn iamc_csv(outcomes: &[Outcome]) -> Result<Vec<u8>> {
    let years = years(outcomes);
    let mut buf = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        let e = |e: csv::Error| Error::Internal(format!("iamc.csv: {e}"));
        let mut header: Vec<String> = ["model", "scenario", "region", "variable", "unit"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        header.extend(years.iter().map(|y| y.to_string()));
        w.write_record(&header).map_err(e)?;
        let model = model_name();
        for o in outcomes {
            let s = &o.scenario;
            for r in rows(o) {
                let mut rec = vec![
                    model.clone(),
                    crate::report::excel_safe(&s.name).into_owned(),
                    crate::report::excel_safe(&s.region).into_owned(),
                    r.variable,
                    r.unit,
                ];
                rec.extend(years.iter().map(|y| {
                    if *y < s.base_year || *y > s.end_year {
                        String::new()
                    } else {
                        r.values[(y - s.base_year) as usize].to_string()
                    }
                }));
                w.write_record(&rec).map_err(e)?;
            }
        }
        w.flush()
            .map_err(|x| Error::Internal(format!("iamc.csv: {x}")))?;
    }
    Ok(buf)
}

/// `iamc.xlsx`: sheet `data` (the IAMC table, values as numbers) and sheet `meta` (per scenario: draws,
/// seed, statistic, file, inherits); a fixed creation date, so the same run gives the same bytes.
pub fn iamc_xlsx(outcomes: &[Outcome]) -> Result<Vec<u8>> {
    build(outcomes).map_err(|e| Error::Internal(format!("iamc.xlsx: {e}")))
}

fn build(outcomes: &[Outcome]) -> std::result::Result<Vec<u8>, XlsxError> {
    let years = years(outcomes);
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("ghgkit scenarios, IAMC format")
            .set_author("ghgkit")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2024, 1, 1)?),
    );
    let bold = Format::new().set_bold();
    let model = model_name();
    {
        let ws = wb.add_worksheet().set_name("data")?;
        let mut col = 0u16;
        for h in ["model", "scenario", "region", "variable", "unit"] {
            ws.write_string_with_format(0, col, h, &bold)?;
            col += 1;
        }
        for y in &years {
            ws.write_number_with_format(0, col, *y as f64, &bold)?;
            col += 1;
        }
        let mut row = 1u32;
        for o in outcomes {
            let s = &o.scenario;
            for r in rows(o) {
                ws.write_string(row, 0, &model)?;
                ws.write_string(row, 1, &s.name)?;
                ws.write_string(row, 2, &s.region)?;
                ws.write_string(row, 3, &r.variable)?;
                ws.write_string(row, 4, &r.unit)?;
                for (k, y) in years.iter().enumerate() {
                    if *y >= s.base_year && *y <= s.end_year {
                        ws.write_number(row, 5 + k as u16, r.values[(y - s.base_year) as usize])?;
                    }
                }
                row += 1;
            }
        }
        ws.set_column_width(0, 14)?;
        ws.set_column_width(1, 18)?;
        ws.set_column_width(3, 52)?;
        ws.set_column_width(4, 22)?;
        ws.set_freeze_panes(1, 5)?;
    }
    {
        let ws = wb.add_worksheet().set_name("meta")?;
        for (c, h) in [
            "model",
            "scenario",
            "statistic",
            "draws",
            "seed",
            "file",
            "inherits",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        for (k, o) in outcomes.iter().enumerate() {
            let r = k as u32 + 1;
            ws.write_string(r, 0, &model)?;
            ws.write_string(r, 1, &o.scenario.name)?;
            ws.write_string(r, 2, "mean over draws")?;
            ws.write_number(r, 3, o.options.draws as f64)?;
            ws.write_number(r, 4, o.options.seed as f64)?;
            ws.write_string(r, 5, &o.scenario.file)?;
            ws.write_string(r, 6, o.scenario.inherits.as_deref().unwrap_or(""))?;
        }
    }
    wb.save_to_buffer()
}
