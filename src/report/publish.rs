//! What the publication reports (`report.html`, `report.xlsx`) are made of: the parts of a run, as plain
//! borrowed data.

use super::tables::ReportData;
use crate::plot::adapt::NamedChart;
use crate::report::template::Lang;
use crate::scenario::Outcome;

/// The inventory part of a report.
pub struct InventoryPart<'a> {
    /// The inventory, its reference approaches and indirect electricity.
    pub data: ReportData<'a>,
    /// Its charts.
    pub charts: &'a [NamedChart],
}

/// The scenario part of a report.
pub struct ScenarioPart<'a> {
    /// One outcome per scenario.
    pub outcomes: &'a [Outcome],
    /// Its charts.
    pub charts: &'a [NamedChart],
}

/// A report: an inventory, scenarios, or both.
pub struct Parts<'a> {
    /// The inventory part.
    pub inventory: Option<InventoryPart<'a>>,
    /// The scenario part.
    pub scenarios: Option<ScenarioPart<'a>>,
    /// The inventory's data source.
    pub data_source: &'a str,
    /// The language of the texts (the charts' language: English when no CJK font was found).
    pub lang: Lang,
}
