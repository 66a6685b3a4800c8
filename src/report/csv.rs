//! `inventory.csv`: one row per region × year × category × activity × gas, tidy, UTF-8 with a BOM so that
//! Excel opens Chinese text correctly (pandas reads it with `encoding="utf-8-sig"`, and plain `utf-8` too
//! since pandas strips a leading BOM).

use super::excel_safe;
use crate::categories::CategoryTree;
use crate::error::{Error, Result};
use crate::fuels::FuelCatalogue;
use crate::inventory::Inventory;

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
    let mut buf = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        let err = |e: csv::Error| Error::Internal(format!("CSV: {e}"));
        w.write_record(INVENTORY_COLUMNS).map_err(err)?;
        for r in &inv.rows {
            let cat = tree.get(&r.category);
            let fuel = fuels.get(&r.activity);
            let rec: [String; 22] = [
                r.region.clone(),
                r.year.to_string(),
                r.category.clone(),
                cat.map(|c| c.title_en.clone()).unwrap_or_default(),
                cat.map(|c| c.title_zh.clone()).unwrap_or_default(),
                r.activity.clone(),
                fuel.map(|f| f.name_en.clone()).unwrap_or_default(),
                fuel.map(|f| f.name_zh.clone()).unwrap_or_default(),
                r.gas.to_string(),
                r.emissions_t.to_string(),
                r.co2e_t.to_string(),
                r.gwp.to_string(),
                r.gwp_set.clone(),
                inv.factor_set.clone(),
                r.memo.to_string(),
                r.activity_value.to_string(),
                r.activity_unit.clone(),
                r.energy_tj.to_string(),
                r.method.clone(),
                r.factor_ids.join(" ; "),
                r.factor_source.clone(),
                r.input.to_string(),
            ];
            // Text fields are neutralised against formula injection; numbers are written as they are.
            w.write_record(rec.iter().enumerate().map(|(i, s)| {
                if NUMERIC.contains(&i) {
                    s.clone()
                } else {
                    excel_safe(s).into_owned()
                }
            }))
            .map_err(err)?;
        }
        w.flush()
            .map_err(|e| Error::Internal(format!("CSV: {e}")))?;
    }
    Ok(buf)
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
    let mut buf = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        let err = |e: csv::Error| Error::Internal(format!("CSV: {e}"));
        w.write_record(ACTIVITY_COLUMNS).map_err(err)?;
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
            ])
            .map_err(err)?;
        }
        w.flush()
            .map_err(|e| Error::Internal(format!("CSV: {e}")))?;
    }
    Ok(buf)
}
