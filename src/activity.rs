//! Activity data: what was burned, produced or kept, where, when, how much — as read and checked.

use crate::error::Location;
use crate::shared::Shared;
use crate::units::Unit;
use serde::Serialize;

/// One checked observation of activity.
///
/// The names (region, category, activity, unit) are [`Shared`]: read like `&str`, built with `.into()`
/// from a `String` or `&str`; the tidy reader interns them, so a million records share a few hundred
/// texts.
#[derive(Clone, Debug, Serialize)]
pub struct ActivityRecord {
    /// Region (province), as written.
    pub region: Shared,
    /// Inventory year.
    pub year: i32,
    /// IPCC 2006 category code (checked against the tree).
    pub category: Shared,
    /// Fuel or activity key (checked against the catalogue).
    pub activity: Shared,
    /// The amount, in `unit`.
    pub value: f64,
    /// The unit as written.
    pub unit_text: Shared,
    /// The unit, parsed.
    #[serde(skip)]
    pub unit: Unit,
    /// The optional `source` column.
    pub source: Option<String>,
    /// The optional `note` column.
    pub note: Option<String>,
    /// The optional `uncertainty_pct` column (±%, 95 %).
    pub uncertainty_pct: Option<f64>,
    /// Where the value was read.
    pub location: Location,
    /// Values of the optional model columns (rice: `season_days`, `pre_season`, `organic_amendment`;
    /// manure: `manure_system`; wastewater: `sludge_removed`), as
    /// written, each with its cell; empty for most records.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
}

/// A value of an optional model column of the tidy layout, as written.
#[derive(Clone, Debug, Serialize)]
pub struct Attribute {
    /// The column's name (`season_days`, `pre_season`, `organic_amendment`, `manure_system`,
    /// `sludge_removed`).
    pub name: &'static str,
    /// The cell's text.
    pub text: String,
    /// Where it was read.
    pub location: Location,
}

impl ActivityRecord {
    /// The amount in the canonical unit of its dimension (t, TJ, m³ …).
    pub fn canonical_value(&self) -> f64 {
        self.unit.to_canonical(self.value)
    }

    /// The value of an optional model column, if the row has one.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The input location as text (`file › sheet › C7`).
    pub fn input_string(&self) -> String {
        self.location.to_string()
    }
}
