//! The inventory job as a whole: compute, then produce every output in memory, so that files are only
//! written once everything has succeeded (a failed run leaves no half-written report).

use crate::activity::ActivityRecord;
use crate::error::Result;
use crate::factors::FactorLibrary;
use crate::gases::GwpSet;
use crate::inventory::{self, Inventory, Settings};
use crate::{plot, report};
use std::path::{Path, PathBuf};

/// One file to write: where, and its bytes.
pub struct Output {
    /// The path.
    pub path: PathBuf,
    /// The content.
    pub bytes: Vec<u8>,
}

/// What an inventory run produced.
pub struct InventoryRun {
    /// The computed inventory.
    pub inventory: Inventory,
    /// The files to write.
    pub outputs: Vec<Output>,
}

/// Computes the inventory and renders `inventory.csv` and the category chart (PNG and SVG) for the latest
/// year of the first region.
pub fn inventory_job(
    records: &[ActivityRecord],
    library: &FactorLibrary,
    factor_set: &str,
    gwp: &GwpSet,
    out_dir: &Path,
    data_source: &str,
) -> Result<InventoryRun> {
    let settings = Settings {
        library,
        factor_set,
        gwp,
        overrides: &[],
    };
    let inv = inventory::compute(records, &settings)?;
    let mut outputs = vec![Output {
        path: out_dir.join("inventory.csv"),
        bytes: report::csv::inventory_csv(&inv)?,
    }];
    if let Some(((region, _), _)) = inv.totals().into_iter().next() {
        let year = inv
            .rows
            .iter()
            .filter(|r| r.region == region)
            .map(|r| r.year)
            .max()
            .unwrap_or_default();
        let chart = plot::emissions_by_category(&inv, &region, year, data_source)?;
        outputs.push(Output {
            path: out_dir.join("emissions_by_category.png"),
            bytes: chart.png,
        });
        outputs.push(Output {
            path: out_dir.join("emissions_by_category.svg"),
            bytes: chart.svg.into_bytes(),
        });
    }
    Ok(InventoryRun {
        inventory: inv,
        outputs,
    })
}

/// Writes every output atomically.
pub fn write_all(outputs: &[Output]) -> Result<()> {
    for o in outputs {
        report::write_atomic(&o.path, &o.bytes)?;
    }
    Ok(())
}
