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

/// The name of the `<meta>` element of report.html that lists the parts it holds (`inventory`,
/// `scenarios`), so that a later run into the same folder can tell what it would replace.
pub const PARTS_META: &str = "ghgkit-parts";

impl Parts<'_> {
    /// The parts this report holds, as written in report.html's `ghgkit-parts` meta element.
    pub fn names(&self) -> Vec<&'static str> {
        part_names(self.inventory.is_some(), self.scenarios.is_some())
    }
}

/// The names of a report's parts, in the order report.html lists them.
pub fn part_names(inventory: bool, scenarios: bool) -> Vec<&'static str> {
    [("inventory", inventory), ("scenarios", scenarios)]
        .into_iter()
        .filter_map(|(name, held)| held.then_some(name))
        .collect()
}

/// The parts an existing report.html holds, read from its `ghgkit-parts` meta element (empty when the file
/// has none: not a ghgkit report, or one written before the element existed).
pub fn parts_in(html: &str) -> Vec<String> {
    let key = format!("<meta name=\"{PARTS_META}\" content=\"");
    // The element is in the head, within the first few hundred bytes.
    let head = match html.find("</head>") {
        Some(end) => &html[..end],
        None => html,
    };
    head.find(&key)
        .and_then(|i| {
            let rest = &head[i + key.len()..];
            rest.find('"').map(|j| &rest[..j])
        })
        .map(|c| c.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

/// The parts of the report already in `existing` (report.html's text) that a new report holding `new`
/// would lose, e.g. `["inventory"]` when `ghgkit scenario` writes into the folder of `ghgkit inventory`.
pub fn parts_lost(existing: &str, new: &[&str]) -> Vec<String> {
    parts_in(existing)
        .into_iter()
        .filter(|p| !new.contains(&p.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lost_parts_are_those_the_new_report_lacks() {
        let html = format!(
            "<html><head><meta name=\"{PARTS_META}\" content=\"inventory scenarios\"></head><body></body></html>"
        );
        assert_eq!(parts_in(&html), ["inventory", "scenarios"]);
        assert_eq!(parts_lost(&html, &["scenarios"]), ["inventory"]);
        assert!(parts_lost(&html, &["inventory", "scenarios"]).is_empty());
        // A file without the element (not ours, or older) loses nothing we can name.
        assert!(parts_lost("<html><head></head></html>", &["scenarios"]).is_empty());
        // The element is only looked for in the head.
        let in_body =
            format!("<head></head><body><meta name=\"{PARTS_META}\" content=\"inventory\"></body>");
        assert!(parts_in(&in_body).is_empty());
    }
}
