//! Fugitive emissions from fuels, Tier 1 (2006 IPCC Guidelines, Vol. 2, Ch. 4), from the production row of
//! an energy balance. The records made here are computed like any category outside fuel combustion, by
//! [`super::by_activity`] (`emissions = A × EF`) with the Tier 1 factors of `factors/ipcc2006.toml`.
//!
//! **Coal mining and handling (1.B.1.a)**, Vol. 2 Ch. 4 §4.1.3–4.1.4, Eq. 4.1.3 (underground mining),
//! 4.1.4 (underground post-mining), 4.1.5 (surface mining), 4.1.6 (surface post-mining) (equation numbers
//! as recalled): `CH4 [Gg] = raw coal production [t] × EF [m³/t] × 0.67 × 10⁻⁶ Gg/m³` (the density of CH4
//! at 20 °C and 1 atm, §4.1.3.2). The factor records carry the product EF × 0.67 in kg CH4 per tonne, with
//! the m³ figure in their note. Tier 1 averages: underground mining 18 m³/t (10–25), post-mining 2.5
//! (0.9–4.0); surface mining 1.2 (0.3–2.0), post-mining 0.1 (0–0.2).
//!
//! The balance gives raw coal production (原煤, 一次能源生产量) without the split between underground and
//! surface mines. **Default: all of it from underground mines** (1.B.1.a.i.1 and 1.B.1.a.i.2): underground mines
//! gave most of China's coal in the 2000s (about nine tenths is the figure widely quoted; not checked
//! against a statistical source here), and the underground factors are the conservative choice (an upper estimate where surface mining is large, as in Inner Mongolia or
//! Xinjiang). **To give your own split**, add tidy records in categories under 1.B.1.a with activity
//! `raw_coal` for the region and year (e.g. 1.B.1.a.i.1, 1.B.1.a.i.2, 1.B.1.a.ii.1, 1.B.1.a.ii.2 with the
//! tonnes of each kind of mine); [`fugitive_records_with`] then drops the balance's default coal records.
//! The same holds for oil (records under 1.B.2.a with `crude_oil`) and gas (1.B.2.b, `natural_gas`).
//!
//! **Oil and natural gas systems (1.B.2)**, Vol. 2 Ch. 4 §4.2.2.3, Eq. 4.2.1 with the Tier 1 factors of
//! Table 4.2.5 (developing countries and countries with economies in transition), per unit of production:
//!
//! | segment | category | activity |
//! |---|---|---|
//! | oil production, fugitives (conventional oil, onshore) | 1.B.2.a.iii.2 | crude oil production |
//! | oil production, venting | 1.B.2.a.i | crude oil production |
//! | oil production, flaring | 1.B.2.a.ii | crude oil production |
//! | gas production, fugitives | 1.B.2.b.iii.2 | natural gas production |
//! | gas processing, fugitives (default weighted total of the plant types) | 1.B.2.b.iii.3 | natural gas production |
//! | gas production and processing, flaring (the two rows added: both are 1.B.2.b.ii) | 1.B.2.b.ii | natural gas production |
//! | gas processing, venting of raw CO2 (default weighted total) | 1.B.2.b.i | natural gas production |
//!
//! Left out (they need activity data the balance does not give, or do not apply to Chinese provinces as a
//! default): well drilling, testing and servicing; offshore oil; heavy oil, thermal and synthetic crude;
//! oil transport by pipeline, truck and tanker; refining (1.B.2.a.iii.4); distribution of oil products;
//! gas transmission and storage, gas distribution (per length of pipeline or gas delivered); natural gas
//! liquids transport; abandoned coal mines (1.B.1.a.i.3); uncontrolled combustion and coal dumps (1.B.1.b);
//! solid fuel transformation (1.B.1.c).

use crate::activity::ActivityRecord;
use crate::categories::CategoryTree;
use crate::ingest::balance::EnergyBalance;

/// The balance row (mapping key) read for production.
pub const PRODUCTION_ROW: &str = "production";

/// The Tier 1 segments made from production: (fuel, category, description), in output order.
pub const SEGMENTS: &[(&str, &str, &str)] = &[
    ("raw_coal", "1.B.1.a.i.1", "underground coal mining"),
    (
        "raw_coal",
        "1.B.1.a.i.2",
        "post-mining seam gas, underground mines",
    ),
    ("crude_oil", "1.B.2.a.iii.2", "oil production, fugitives"),
    ("crude_oil", "1.B.2.a.i", "oil production, venting"),
    ("crude_oil", "1.B.2.a.ii", "oil production, flaring"),
    ("natural_gas", "1.B.2.b.iii.2", "gas production, fugitives"),
    ("natural_gas", "1.B.2.b.iii.3", "gas processing, fugitives"),
    (
        "natural_gas",
        "1.B.2.b.ii",
        "gas production and processing, flaring",
    ),
    (
        "natural_gas",
        "1.B.2.b.i",
        "gas processing, venting of raw CO2",
    ),
];

/// The category whose records, given by the user for a fuel, replace that fuel's default records.
pub fn user_family(fuel: &str) -> Option<&'static str> {
    match fuel {
        "raw_coal" => Some("1.B.1.a"),
        "crude_oil" => Some("1.B.2.a"),
        "natural_gas" => Some("1.B.2.b"),
        _ => None,
    }
}

/// The fugitive-emission activity of a balance: one record per segment of [`SEGMENTS`] whose fuel has a
/// positive production (row `production`), located at the production cell. Raw coal is all assigned to
/// underground mines (see the module documentation). A balance without production gives no records.
pub fn fugitive_records(b: &EnergyBalance) -> Vec<ActivityRecord> {
    let mut out = Vec::new();
    let Some(row) = b.row(PRODUCTION_ROW) else {
        return out;
    };
    for &(fuel, category, what) in SEGMENTS {
        let Some(j) = b.column_index(fuel) else {
            continue;
        };
        let (Some(v), Some(unit)) = (row.values[j], b.columns[j].unit.clone()) else {
            continue;
        };
        if v <= 0.0 {
            continue;
        }
        let loc = &row.locations[j];
        let assumption = if fuel == "raw_coal" {
            "; all raw coal assumed mined underground (the balance does not split underground and surface mines): records of your own under 1.B.1.a with activity raw_coal replace this default"
        } else {
            ""
        };
        out.push(ActivityRecord {
            region: b.region.as_str().into(),
            year: b.year,
            category: category.into(),
            activity: fuel.into(),
            value: v,
            unit_text: b.columns[j].unit_text.as_str().into(),
            unit,
            source: Some(loc.to_string()),
            note: Some(format!(
                "{} of {}, Tier 1 {what}{assumption}",
                row.label(),
                b.columns[j].header
            )),
            uncertainty_pct: None,
            location: loc.clone(),
            attributes: Vec::new(),
        });
    }
    out
}

/// As [`fugitive_records`], leaving out the records of a fuel for which `user` has records of the same
/// region and year under that fuel's family (1.B.1.a for raw coal, 1.B.2.a for crude oil, 1.B.2.b for
/// natural gas): the user's own split (underground/surface mines, measured segments) replaces the
/// default. The user's records themselves are not returned.
pub fn fugitive_records_with(b: &EnergyBalance, user: &[ActivityRecord]) -> Vec<ActivityRecord> {
    let tree = CategoryTree::ipcc2006();
    let given = |fuel: &str| {
        user_family(fuel).is_some_and(|fam| {
            user.iter().any(|r| {
                r.region.eq_ignore_ascii_case(&b.region)
                    && r.year == b.year
                    && r.activity == fuel
                    && tree.is_within(&r.category, fam)
            })
        })
    };
    fugitive_records(b)
        .into_iter()
        .filter(|r| !given(&r.activity))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, Location};
    use crate::gases::{Gas, gwp_set};
    use crate::ingest::balance::ColumnKind::Fuel;
    use crate::ingest::balance::RowRole::Supply;
    use crate::inventory::testing::{balance, library};
    use crate::inventory::{Settings, compute, compute_by_activity};
    use crate::units::parse_unit;

    fn rec(cat: &str, activity: &str, value: f64, unit: &str, line: u64) -> ActivityRecord {
        ActivityRecord {
            region: "Hubei".into(),
            year: 2007,
            category: cat.into(),
            activity: activity.into(),
            value,
            unit_text: unit.into(),
            unit: parse_unit(unit).unwrap(),
            source: None,
            note: None,
            uncertainty_pct: None,
            location: Location::line("a.csv", line),
            attributes: Vec::new(),
        }
    }

    fn producer(coal: Option<f64>) -> EnergyBalance {
        balance(
            "Hubei",
            2007,
            &[
                ("raw_coal", Fuel, "万吨"),
                ("crude_oil", Fuel, "万吨"),
                ("natural_gas", Fuel, "亿立方米"),
            ],
            vec![(
                "production",
                Supply,
                false,
                None,
                None,
                vec![coal, Some(85.54), Some(1.24)],
            )],
        )
    }

    #[test]
    fn production_gives_one_record_per_segment() {
        let recs = fugitive_records(&producer(Some(609.98)));
        let cats: Vec<(&str, &str)> = recs
            .iter()
            .map(|r| (r.activity.as_str(), r.category.as_str()))
            .collect();
        assert_eq!(
            cats,
            SEGMENTS
                .iter()
                .map(|(f, c, _)| (*f, *c))
                .collect::<Vec<_>>()
        );
        assert_eq!(recs[0].value, 609.98);
        assert_eq!(recs[0].location.cell.as_deref(), Some("C2"));
        assert!(recs[0].note.as_deref().unwrap().contains("underground"));
        // No coal production: no coal records.
        let recs = fugitive_records(&producer(None));
        assert!(recs.iter().all(|r| r.activity != "raw_coal"));
        assert_eq!(recs.len(), 7);
    }

    #[test]
    fn user_records_replace_the_default_split() {
        let b = producer(Some(609.98));
        let user = [
            rec("1.B.1.a.i.1", "raw_coal", 500.0, "万吨", 2),
            rec("1.B.1.a.ii.1", "raw_coal", 109.98, "万吨", 3),
        ];
        let recs = fugitive_records_with(&b, &user);
        assert!(recs.iter().all(|r| r.activity != "raw_coal"));
        assert_eq!(recs.len(), 7);
        // A user record of another year changes nothing.
        let mut other = user[0].clone();
        other.year = 2008;
        assert_eq!(fugitive_records_with(&b, &[other]).len(), 9);
    }

    #[test]
    fn coal_mining_methane_by_hand() {
        let lib = library();
        let s = Settings {
            library: &lib,
            factor_set: "china",
            gwp: gwp_set("AR5").unwrap(),
            overrides: &[],
        };
        let rows = compute_by_activity(&fugitive_records(&producer(Some(100.0))), &s).unwrap();
        let ch4 = |cat: &str| {
            rows.iter()
                .find(|r| r.category == cat && r.gas == Gas::CH4)
                .unwrap()
                .emissions_t
        };
        // IPCC 2006 Vol. 2 Ch. 4 Tier 1: 18 m³/t (mining), 2.5 m³/t (post-mining), × 0.67 kg/m³.
        assert!((ch4("1.B.1.a.i.1") - 100e4 * 18.0 * 0.67 / 1000.0).abs() < 1e-6); // 12 060 t
        assert!((ch4("1.B.1.a.i.2") - 100e4 * 2.5 * 0.67 / 1000.0).abs() < 1e-6);
        let r = rows.iter().find(|r| r.category == "1.B.1.a.i.1").unwrap();
        assert_eq!(r.method, "A × EF");
        assert_eq!(r.co2e_t, r.emissions_t * 28.0);
        assert_eq!(r.factor_ids, ["ipcc2006.ef.raw_coal.1.B.1.a.i.1.CH4"]);
        assert!(!r.memo);
        // Gas flaring: production + processing rows added, midpoint 4.95e-3 Gg CO2 per 10⁶ m³.
        let flare = rows
            .iter()
            .find(|r| r.category == "1.B.2.b.ii" && r.gas == Gas::CO2)
            .unwrap();
        assert!((flare.emissions_t - 124.0 * 4.95).abs() < 1e-9); // 1.24 亿 m³ = 124 × 10⁶ m³
        // Oil venting: midpoint 8.55e-4 Gg CH4 per 10³ m³ at 0.858 t/m³.
        let vent = rows
            .iter()
            .find(|r| r.category == "1.B.2.a.i" && r.gas == Gas::CH4)
            .unwrap();
        assert!((vent.emissions_t - 85.54e4 / 0.858 * 8.55e-4).abs() < 1e-6 * vent.emissions_t);
    }

    #[test]
    fn missing_factors_and_unit_mismatches_are_all_listed() {
        let lib = library();
        let s = Settings {
            library: &lib,
            factor_set: "ipcc2006",
            gwp: gwp_set("AR5").unwrap(),
            overrides: &[],
        };
        let recs = [
            rec("1.B.1.a.i.1", "natural_gas", 1.0, "亿立方米", 2),
            rec("1.B.3", "raw_coal", 1.0, "万吨", 3),
            rec("1.B.3", "raw_coal", 2.0, "万吨", 4),
            rec("1.B.1.a.i.1", "raw_coal", 1.0, "TJ", 5),
            rec("1.A.2", "raw_coal", 1.0, "万吨", 6),
        ];
        let Err(Error::Input(d)) = compute_by_activity(&recs, &s) else {
            panic!("expected input errors")
        };
        let all = d.to_string();
        for needle in [
            "no factor (ef for any gas) for activity natural_gas in category 1.B.1.a.i.1",
            "no factor (ef for any gas) for activity raw_coal in category 1.B.3",
            "needed by 2 row(s)",
            "a.csv:5: raw_coal in 1.B.1.a.i.1 is given in TJ (energy), but the emission factor ipcc2006.ef.raw_coal.1.B.1.a.i.1.CH4",
            "a.csv:6: category 1.A.2 is fuel combustion",
        ] {
            assert!(all.contains(needle), "«{needle}» in\n{all}");
        }
        assert_eq!(d.error_count(), 4, "{all}");
    }

    #[test]
    fn compute_dispatches_by_category_in_input_order() {
        let lib = library();
        let s = Settings {
            library: &lib,
            factor_set: "ipcc2006",
            gwp: gwp_set("AR5").unwrap(),
            overrides: &[],
        };
        let recs = [
            rec("1.B.1.a.i.1", "raw_coal", 100.0, "万吨", 2),
            rec("1.A", "electricity", -5.0, "亿千瓦时", 3), // net imports: not territorial
            rec("1.A.2", "raw_coal", 1.0, "万吨", 4),
        ];
        let inv = compute(&recs, &s).unwrap();
        let got: Vec<(&str, &str)> = inv
            .rows
            .iter()
            .map(|r| (r.category.as_str(), r.gas.name()))
            .collect();
        assert_eq!(
            got,
            [
                ("1.B.1.a.i.1", "CH4"),
                ("1.A.2", "CO2"),
                ("1.A.2", "CH4"),
                ("1.A.2", "N2O")
            ]
        );
        assert!(
            inv.factors_used
                .contains_key("ipcc2006.ef.raw_coal.1.B.1.a.i.1.CH4")
        );
        let fugitive = inv.by_category(2)[&("Hubei".into(), 2007, "1.B".into())];
        assert!((fugitive - 100e4 * 18.0 * 0.67 / 1000.0 * 28.0).abs() < 1e-6);
        // Electricity anywhere else in 1.A is an error that names the convention.
        let Err(Error::Input(d)) = compute(&[rec("1.A.2", "electricity", 5.0, "亿千瓦时", 2)], &s)
        else {
            panic!("expected an input error")
        };
        let t = d.to_string();
        assert!(
            t.contains("secondary energy carrier")
                && t.contains("category 1.A and activity electricity"),
            "{t}"
        );
    }
}
