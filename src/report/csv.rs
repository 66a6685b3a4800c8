//! `inventory.csv`: one row per region × year × category × activity × gas, tidy, UTF-8 with a BOM so that
//! Excel opens Chinese text correctly (pandas reads it with `encoding="utf-8-sig"`, and plain `utf-8` too
//! since pandas strips a leading BOM).

use super::excel_safe;
use crate::categories::CategoryTree;
use crate::error::{Error, Result};
use crate::fuels::FuelCatalogue;
use crate::inventory::Inventory;

/// CSV bytes with a UTF-8 byte-order mark (so that Excel shows Chinese text), written by `write`.
pub(crate) fn with_bom(
    write: impl FnOnce(&mut csv::Writer<&mut Vec<u8>>) -> csv::Result<()>,
) -> Result<Vec<u8>> {
    let mut buf = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        write(&mut w)
            .and_then(|()| w.flush().map_err(csv::Error::from))
            .map_err(|e| Error::Internal(format!("CSV: {e}")))?;
    }
    Ok(buf)
}

/// The columns of `inventory.csv`, in order.
pub const INVENTORY_COLUMNS: &[&str] = &[
    "region",
    "year",
    "category",
    "category_en",
    "category_zh",
    "activity",
    "activity_en",
    "activity_zh",
    "gas",
    "emissions_t",
    "co2e_t",
    "gwp",
    "gwp_set",
    "factor_set",
    "memo",
    "activity_value",
    "activity_unit",
    "energy_tj",
    "method",
    "factor_ids",
    "factor_source",
    "input",
];

/// Indices of the numeric columns of [`INVENTORY_COLUMNS`].
const NUMERIC: [usize; 6] = [1, 9, 10, 11, 15, 17];

/// The bytes of `inventory.csv`.
pub fn inventory_csv(inv: &Inventory) -> Result<Vec<u8>> {
    let tree = CategoryTree::ipcc2006();
    let fuels = FuelCatalogue::builtin();
    with_bom(|w| {
        w.write_record(INVENTORY_COLUMNS)?;
        for r in &inv.rows {
            let cat = tree.get(&r.category);
            let fuel = fuels.get(&r.activity);
            let rec: [String; 22] = [
                r.region.to_string(),
                r.year.to_string(),
                r.category.to_string(),
                cat.map(|c| c.title_en.clone()).unwrap_or_default(),
                cat.map(|c| c.title_zh.clone()).unwrap_or_default(),
                r.activity.to_string(),
                fuel.map(|f| f.name_en.clone()).unwrap_or_default(),
                fuel.map(|f| f.name_zh.clone()).unwrap_or_default(),
                r.gas.to_string(),
                r.emissions_t.to_string(),
                r.co2e_t.to_string(),
                r.gwp.to_string(),
                r.gwp_set.to_string(),
                inv.factor_set.clone(),
                r.memo.to_string(),
                r.activity_value.to_string(),
                r.activity_unit.to_string(),
                r.energy_tj.to_string(),
                r.method.to_string(),
                r.factor_ids.join(" ; "),
                r.factor_source.to_string(),
                r.input.to_string(),
            ];
            // Text fields are neutralised against formula injection; numbers are written as they are.
            w.write_record(rec.iter().enumerate().map(|(i, s)| {
                if NUMERIC.contains(&i) {
                    s.clone()
                } else {
                    excel_safe(s).into_owned()
                }
            }))?;
        }
        Ok(())
    })
}

/// The columns of the activity export (`ghgkit check --export`), in order.
pub const ACTIVITY_COLUMNS: &[&str] = &[
    "region",
    "year",
    "category",
    "category_en",
    "activity",
    "activity_en",
    "activity_zh",
    "value",
    "unit",
    "value_canonical",
    "unit_canonical",
    "source",
    "note",
    "uncertainty_pct",
    "input",
];

/// The bytes of the normalised activity export: exactly what ghgkit understood, with the input cell of
/// every value.
pub fn activity_csv(records: &[crate::activity::ActivityRecord]) -> Result<Vec<u8>> {
    let tree = CategoryTree::ipcc2006();
    let fuels = FuelCatalogue::builtin();
    with_bom(|w| {
        w.write_record(ACTIVITY_COLUMNS)?;
        for r in records {
            let fuel = fuels.get(&r.activity);
            let text = |s: &str| excel_safe(s).into_owned();
            w.write_record([
                text(&r.region),
                r.year.to_string(),
                text(&r.category),
                tree.get(&r.category)
                    .map(|c| text(&c.title_en))
                    .unwrap_or_default(),
                text(&r.activity),
                fuel.map(|f| text(&f.name_en)).unwrap_or_default(),
                fuel.map(|f| text(&f.name_zh)).unwrap_or_default(),
                r.value.to_string(),
                text(&r.unit_text),
                r.canonical_value().to_string(),
                r.unit.dimension.canonical_symbol().to_string(),
                text(r.source.as_deref().unwrap_or("")),
                text(r.note.as_deref().unwrap_or("")),
                r.uncertainty_pct.map(|p| p.to_string()).unwrap_or_default(),
                text(&r.input_string()),
            ])?;
        }
        Ok(())
    })
}

/// The bytes of `reference_approach.csv`: one row per fuel (`kind = fuel`) and per fuel group and total
/// (`kind = comparison`), so that one file holds the whole IPCC Vol. 2 Ch. 6 check.
pub fn reference_csv(refs: &[crate::inventory::reference::ReferenceApproach]) -> Result<Vec<u8>> {
    with_bom(|w| {
        w.write_record([
            "region",
            "year",
            "factor_set",
            "kind",
            "fuel_or_group",
            "unit",
            "apparent_consumption",
            "apparent_consumption_from_total",
            "excluded_non_energy",
            "apparent_consumption_tj",
            "reference_co2_t",
            "reference_from_total_co2_t",
            "sectoral_co2_t",
            "difference_pct",
            "difference_from_total_pct",
            "flag",
            "explanation",
            "factor_ids",
            "inputs",
        ])?;
        let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        let text = |s: &str| excel_safe(s).into_owned();
        for ra in refs {
            for f in &ra.fuels {
                w.write_record([
                    text(&ra.region),
                    ra.year.to_string(),
                    text(&ra.factor_set),
                    "fuel".into(),
                    text(&f.fuel),
                    text(&f.unit),
                    f.apparent_consumption.to_string(),
                    opt(f.apparent_consumption_from_total),
                    f.excluded.to_string(),
                    f.apparent_consumption_tj.to_string(),
                    f.co2_t.to_string(),
                    opt(f.co2_from_total_t),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    text(&f.method),
                    text(&f.factor_ids.join(" ; ")),
                    text(
                        &f.inputs
                            .iter()
                            .map(|l| l.to_string())
                            .collect::<Vec<_>>()
                            .join(" ; "),
                    ),
                ])?;
            }
            for c in &ra.comparison {
                w.write_record([
                    text(&ra.region),
                    ra.year.to_string(),
                    text(&ra.factor_set),
                    "comparison".into(),
                    text(&c.group),
                    "t CO2".into(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    c.reference_co2_t.to_string(),
                    c.reference_from_total_co2_t.to_string(),
                    c.sectoral_co2_t.to_string(),
                    opt(c.difference_pct),
                    opt(c.difference_from_total_pct),
                    c.flag.to_string(),
                    text(&c.explanation),
                    String::new(),
                    String::new(),
                ])?;
            }
        }
        Ok(())
    })
}

/// The bytes of `indirect_electricity.csv`: indirect CO2 of net imported electricity, one row per region
/// and year (negative for net exporters). Never part of the territorial totals.
pub fn indirect_csv(
    rows: &[crate::inventory::electricity::IndirectElectricity],
) -> Result<Vec<u8>> {
    with_bom(|w| {
        w.write_record([
            "region",
            "year",
            "net_import_kwh",
            "grid_factor_kg_co2_per_kwh",
            "factor_id",
            "factor_year",
            "factor_region",
            "indirect_co2_t",
            "inputs",
            "note",
        ])?;
        let text = |s: &str| excel_safe(s).into_owned();
        for r in rows {
            w.write_record([
                text(&r.region),
                r.year.to_string(),
                r.net_import_kwh.to_string(),
                r.grid_factor.to_string(),
                text(&r.factor_id),
                r.factor_year.map(|y| y.to_string()).unwrap_or_default(),
                text(r.factor_region.as_deref().unwrap_or("national")),
                r.co2_t.to_string(),
                text(
                    &r.inputs
                        .iter()
                        .map(|l| l.to_string())
                        .collect::<Vec<_>>()
                        .join(" ; "),
                ),
                text(&r.note),
            ])?;
        }
        Ok(())
    })
}
