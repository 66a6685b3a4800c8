//! The sectoral model: sectors with activity, energy intensity and fuel mix; electricity demand met by a
//! generation mix that yields the grid factor; process emissions from cement output.
//!
//! # Equations (one year, one draw)
//!
//! For each end-use sector `i` (agriculture, industry, construction, transport, services, households):
//!
//! - activity `A_i,t = A_i,t−1 (1 + a_i,t)` (value added in 1e8 CNY, or any other unit, e.g. population for
//!   households);
//! - energy intensity `e_i,t = e_i,t−1 (1 + ε_i,t)` with `e_i,base = E_i,base / A_i,base`; final energy
//!   `E_i = A_i e_i` (10⁴ tce);
//! - fuel mix: a weight per fuel `w_i,f,t = w_i,f,t−1 (1 + φ_i,f,t)` starting from the base-year shares, and
//!   shares `s_i,f = w_i,f / Σ_f w_i,f` (renormalised, so that every driver can take any rate form and the
//!   shares still add up to 1); `E_i,f = E_i s_i,f`;
//! - direct CO2 (Mt) `C_i = Σ_{f ∈ coal, oil, gas} E_i,f × EF_f / 100` (EF in t CO2/tce; 10⁴ tce × t/tce =
//!   10⁴ t = Mt/100).
//!
//! Electricity demand `D = Σ_i E_i,electricity / 1.22835` (10⁸ kWh; 1 kWh = 3.6 MJ = 0.122835 kgce, the
//! calorific equivalent, GB/T 2589-2020); generation mix `m_s` over coal, gas, hydro, nuclear, wind, solar and
//! imports (weights with rates, renormalised like the fuel mix); grid factor `G = Σ_s m_s EF_s` (kg CO2/kWh;
//! imports count 0 in the territorial total: their emissions belong to the exporting province); CO2 of
//! electricity `C_el = D × G / 10` (10⁸ kWh × kg/kWh = 10⁸ kg = Mt/10). Heat: `C_heat = H × EF_heat / 100`
//! with `H = Σ_i E_i,heat`. Process CO2 (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.1, Tier 1):
//! `C_proc = cement × clinker ratio × EF_clc / 100` (10⁴ t, EF_clc = 0.52 t CO2/t clinker).
//! `CO2 = Σ_i C_i + C_el + C_heat + C_proc`; `GDP = Σ` of the activities given in money; carbon intensity
//! `100 × CO2 / GDP` (t CO2/10⁴ CNY).
//!
//! # Scenario file
//!
//! ```toml
//! [model]
//! type = "sectoral"
//!
//! [sectors.industry]
//! activity = { value = 19098.62, unit = "1e8 CNY" }        # value added, base year
//! energy = { value = 9000, unit = "万吨标准煤" }              # final energy use, base year
//! fuels = { coal = 0.45, oil = 0.05, gas = 0.08, electricity = 0.35, heat = 0.07 }   # shares, sum 1
//! activity_growth = 0.05                                      # any rate form
//! energy_intensity_growth = { normal = { mean = -0.03, sd = 0.01 } }
//! fuel_growth = { coal = -0.04, electricity = 0.02 }           # optional, per fuel, any rate form
//!
//! [sectors.industrial_processes]
//! cement = { value = 11396.85, unit = "万吨" }
//! clinker_ratio = 0.6
//! cement_growth = -0.02
//! clinker_ratio_growth = -0.005                               # optional
//!
//! [power]
//! mix = { coal = 0.40, gas = 0.02, hydro = 0.45, wind = 0.04, solar = 0.03, imports = 0.06 }
//! mix_growth = { solar = 0.12, wind = 0.08, coal = -0.04 }     # optional, per source
//!
//! [factors]                                                   # optional overrides of the defaults below
//! fuel = { coal = 2.66 }     # t CO2/tce
//! power = { coal = 0.82 }    # kg CO2/kWh generated
//! heat = 3.0                 # t CO2/tce of heat delivered
//! clinker = 0.52             # t CO2/t clinker
//! ```
//!
//! Drivers are named `sectors.SECTOR.activity_growth`, `sectors.SECTOR.energy_intensity_growth`,
//! `sectors.SECTOR.fuel_growth.FUEL`, `sectors.industrial_processes.cement_growth`,
//! `sectors.industrial_processes.clinker_ratio_growth`, `power.mix_growth.SOURCE`. Inheritance: a child's
//! key replaces its parent's; `fuels` of a sector and `power.mix` are replaced whole.

use super::model::Variable;
use super::spec::{At, Driver, P, SVal, Val, driver};
use crate::error::{Diagnostic, Diagnostics, Location, nearest};
use crate::units::Dimension;
use std::collections::BTreeMap;
use toml::de::DeTable;

/// Every sector key; `power_and_heat` follows from electricity and heat demand and `[power]`.
pub const SECTORS: [&str; 8] = [
    "agriculture",
    "industry",
    "construction",
    "transport",
    "services",
    "households",
    "power_and_heat",
    "industrial_processes",
];

/// The end-use sectors (activity × energy intensity × fuel mix).
pub const END_USE: [&str; 6] = [
    "agriculture",
    "industry",
    "construction",
    "transport",
    "services",
    "households",
];

/// Chinese names of [`END_USE`].
pub const END_USE_ZH: [&str; 6] = ["农业", "工业", "建筑业", "交通运输", "服务业", "居民生活"];

/// Final-energy carriers.
pub const FUELS: [&str; 6] = ["coal", "oil", "gas", "electricity", "heat", "other"];

/// Generation sources.
pub const SOURCES: [&str; 7] = [
    "coal", "gas", "hydro", "nuclear", "wind", "solar", "imports",
];

/// The factors of the LMDI identity of the sectoral model, in order.
pub const FACTORS: [&str; 5] = [
    "activity",
    "structure",
    "energy_intensity",
    "fuel_mix",
    "emission_factor",
];

/// A default factor with its source.
#[derive(Clone, Copy, Debug)]
pub struct DefaultFactor {
    /// Key (fuel or source).
    pub key: &'static str,
    /// Value.
    pub value: f64,
    /// Unit.
    pub unit: &'static str,
    /// Source and status.
    pub source: &'static str,
}

/// t CO2 per tce: IPCC 2006 Vol. 2 Ch. 1 Table 1.4 default CO2 factors (kg/TJ) × 0.0293076 TJ/tce
/// (GB/T 2589-2020: 1 kgce = 29,307.6 kJ).
pub const FUEL_CO2: [DefaultFactor; 6] = [
    DefaultFactor {
        key: "coal",
        value: 94_600.0 * 0.029_307_6 / 1000.0,
        unit: "t CO2/tce",
        source: "IPCC 2006 Vol. 2 Ch. 1 Table 1.4, other bituminous coal 94,600 kg CO2/TJ × 0.0293076 TJ/tce",
    },
    DefaultFactor {
        key: "oil",
        value: 73_300.0 * 0.029_307_6 / 1000.0,
        unit: "t CO2/tce",
        source: "IPCC 2006 Vol. 2 Ch. 1 Table 1.4, crude oil 73,300 kg CO2/TJ × 0.0293076 TJ/tce (stands for the oil products mix)",
    },
    DefaultFactor {
        key: "gas",
        value: 56_100.0 * 0.029_307_6 / 1000.0,
        unit: "t CO2/tce",
        source: "IPCC 2006 Vol. 2 Ch. 1 Table 1.4, natural gas 56,100 kg CO2/TJ × 0.0293076 TJ/tce",
    },
    DefaultFactor {
        key: "electricity",
        value: 0.0,
        unit: "t CO2/tce",
        source: "no direct emissions: counted in power and heat through the grid factor",
    },
    DefaultFactor {
        key: "heat",
        value: 0.0,
        unit: "t CO2/tce",
        source: "no direct emissions: counted in power and heat through the heat factor",
    },
    DefaultFactor {
        key: "other",
        value: 0.0,
        unit: "t CO2/tce",
        source: "zero-carbon carriers (biomass CO2 is a memo item, IPCC 2006 Vol. 2 Ch. 2 §2.3.3.4; hydrogen from clean power)",
    },
];

/// kg CO2 per kWh generated.
pub const POWER_CO2: [DefaultFactor; 7] = [
    DefaultFactor {
        key: "coal",
        value: 0.3055 * 94_600.0 * 0.029_307_6 / 1000.0,
        unit: "kg CO2/kWh",
        source: "305.5 gce/kWh, coal-fired net supply coal consumption in China 2020 (China Electricity Council, recalled) × 2.7725 t CO2/tce (IPCC 2006 Table 1.4, other bituminous coal)",
    },
    DefaultFactor {
        key: "gas",
        value: 3.6 / 0.53 * 56.1 / 1000.0,
        unit: "kg CO2/kWh",
        source: "ILLUSTRATIVE: combined cycle at 53 % net efficiency (6.79 MJ/kWh) × 56.1 g CO2/MJ (IPCC 2006 Table 1.4, natural gas)",
    },
    DefaultFactor {
        key: "hydro",
        value: 0.0,
        unit: "kg CO2/kWh",
        source: "no combustion",
    },
    DefaultFactor {
        key: "nuclear",
        value: 0.0,
        unit: "kg CO2/kWh",
        source: "no combustion",
    },
    DefaultFactor {
        key: "wind",
        value: 0.0,
        unit: "kg CO2/kWh",
        source: "no combustion",
    },
    DefaultFactor {
        key: "solar",
        value: 0.0,
        unit: "kg CO2/kWh",
        source: "no combustion",
    },
    DefaultFactor {
        key: "imports",
        value: 0.0,
        unit: "kg CO2/kWh",
        source: "territorial accounting: emitted in the exporting province (indirect emissions are a memo item)",
    },
];

/// t CO2 per tce of heat delivered.
pub const HEAT_CO2: DefaultFactor = DefaultFactor {
    key: "heat",
    value: 94_600.0 * 0.029_307_6 / 1000.0 / 0.85,
    unit: "t CO2/tce",
    source: "ILLUSTRATIVE: coal-fired heat at 85 % boiler efficiency, 2.7725 t CO2/tce (IPCC 2006 Table 1.4) / 0.85",
};

/// t CO2 per t clinker.
pub const CLINKER_CO2: DefaultFactor = DefaultFactor {
    key: "clinker",
    value: 0.52,
    unit: "t CO2/t clinker",
    source: "IPCC 2006 Vol. 3 Ch. 2 §2.2.1.2, Tier 1 default EF_clc (65 % CaO, no CKD correction)",
};

/// 10⁴ tce per 10⁸ kWh (calorific equivalent: 3.6 MJ/kWh / 29.3076 MJ/kgce = 0.122835 kgce/kWh, so
/// 10⁸ kWh = 1.22835 × 10⁷ kgce = 1.22835 × 10⁴ tce).
pub const E4TCE_PER_E8KWH: f64 = 36.0 / 29.3076;

/// 10⁴ tce per TJ.
const E4TCE_PER_TJ: f64 = 1.0 / 293.076;

/// One end-use sector.
#[derive(Clone, Debug, PartialEq)]
pub struct EndUse {
    /// Sector key (one of [`END_USE`]).
    pub key: &'static str,
    /// Base-year activity: 1e8 CNY if `money`, else the canonical unit of its dimension.
    pub activity: f64,
    /// Whether the activity is value added (counts into GDP).
    pub money: bool,
    /// Base-year final energy, 10⁴ tce.
    pub energy: f64,
    /// Base-year fuel shares, in [`FUELS`] order (sum 1).
    pub shares: [f64; 6],
    /// Driver index of the activity growth.
    pub activity_growth: usize,
    /// Driver index of the energy-intensity change.
    pub intensity_growth: usize,
    /// Driver indices of the fuel-weight changes.
    pub fuel_growth: [Option<usize>; 6],
}

/// Cement and its clinker.
#[derive(Clone, Debug, PartialEq)]
pub struct Processes {
    /// Base-year cement output, 10⁴ t.
    pub cement: f64,
    /// Base-year clinker-to-cement ratio.
    pub clinker_ratio: f64,
    /// Driver index of the cement output growth.
    pub cement_growth: usize,
    /// Driver index of the clinker ratio change.
    pub clinker_growth: Option<usize>,
}

/// The whole sectoral model of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Sectoral {
    /// End-use sectors given, in [`END_USE`] order.
    pub sectors: Vec<EndUse>,
    /// Cement process emissions, if given.
    pub processes: Option<Processes>,
    /// Base-year generation mix, in [`SOURCES`] order (sum 1; all 0 if no electricity is used).
    pub mix: [f64; 7],
    /// Driver indices of the mix-weight changes.
    pub mix_growth: [Option<usize>; 7],
    /// t CO2/tce per fuel.
    pub fuel_co2: [f64; 6],
    /// kg CO2/kWh per source.
    pub power_co2: [f64; 7],
    /// t CO2/tce of heat.
    pub heat_co2: f64,
    /// t CO2/t clinker.
    pub clinker_co2: f64,
    /// Fuels used by some sector (share or growth given), in [`FUELS`] order.
    pub fuels_used: Vec<usize>,
}

/// The state of one draw in one year.
#[derive(Clone, Debug)]
pub struct State {
    a: Vec<f64>,
    e: Vec<f64>,
    w: Vec<[f64; 6]>,
    cement: f64,
    clinker: f64,
    mix: [f64; 7],
}

fn shares<const N: usize>(w: &[f64; N]) -> [f64; N] {
    let sum: f64 = w.iter().sum();
    let mut s = [0.0; N];
    if sum > 0.0 {
        for (x, y) in s.iter_mut().zip(w) {
            *x = y / sum;
        }
    }
    s
}

impl Sectoral {
    /// The output variables.
    pub fn variables(&self) -> Vec<Variable> {
        let mut v = vec![
            Variable::new("gdp", "1e8 CNY"),
            Variable::new("co2", "Mt"),
            Variable::new("carbon_intensity", "t CO2/1e4 CNY"),
        ];
        for s in &self.sectors {
            v.push(Variable::new(format!("co2_{}", s.key), "Mt"));
        }
        v.push(Variable::new("co2_electricity", "Mt"));
        v.push(Variable::new("co2_heat", "Mt"));
        if self.processes.is_some() {
            v.push(Variable::new("co2_industrial_processes", "Mt"));
        }
        v.push(Variable::new("final_energy", "1e4 tce"));
        for &f in &self.fuels_used {
            v.push(Variable::new(
                format!("final_energy_{}", FUELS[f]),
                "1e4 tce",
            ));
        }
        v.push(Variable::new("electricity_demand", "1e8 kWh"));
        v.push(Variable::new("grid_factor", "kg CO2/kWh"));
        v
    }

    /// Number of output variables.
    pub fn n_variables(&self) -> usize {
        3 + self.sectors.len()
            + 2
            + usize::from(self.processes.is_some())
            + 1
            + self.fuels_used.len()
            + 2
    }

    /// The base-year state.
    pub fn start(&self) -> State {
        State {
            a: self.sectors.iter().map(|s| s.activity).collect(),
            e: self.sectors.iter().map(|s| s.energy / s.activity).collect(),
            w: self.sectors.iter().map(|s| s.shares).collect(),
            cement: self.processes.as_ref().map_or(0.0, |p| p.cement),
            clinker: self.processes.as_ref().map_or(0.0, |p| p.clinker_ratio),
            mix: self.mix,
        }
    }

    /// Sets `st` back to the base year (as [`Sectoral::start`], without allocating).
    pub fn restart(&self, st: &mut State) {
        for (k, s) in self.sectors.iter().enumerate() {
            st.a[k] = s.activity;
            st.e[k] = s.energy / s.activity;
            st.w[k] = s.shares;
        }
        st.cement = self.processes.as_ref().map_or(0.0, |p| p.cement);
        st.clinker = self.processes.as_ref().map_or(0.0, |p| p.clinker_ratio);
        st.mix = self.mix;
    }

    /// One year on, with the year's rates of every driver.
    pub fn advance(&self, st: &mut State, rates: &[f64]) {
        for (k, s) in self.sectors.iter().enumerate() {
            st.a[k] *= 1.0 + rates[s.activity_growth];
            st.e[k] *= 1.0 + rates[s.intensity_growth];
            for (f, g) in s.fuel_growth.iter().enumerate() {
                if let Some(g) = g {
                    st.w[k][f] *= 1.0 + rates[*g];
                }
            }
        }
        if let Some(p) = &self.processes {
            st.cement *= 1.0 + rates[p.cement_growth];
            if let Some(g) = p.clinker_growth {
                st.clinker = (st.clinker * (1.0 + rates[g])).min(1.0);
            }
        }
        for (s, g) in self.mix_growth.iter().enumerate() {
            if let Some(g) = g {
                st.mix[s] *= 1.0 + rates[*g];
            }
        }
    }

    /// Grid factor, kg CO2/kWh.
    fn grid(&self, st: &State) -> f64 {
        shares(&st.mix)
            .iter()
            .zip(&self.power_co2)
            .map(|(m, f)| m * f)
            .sum()
    }

    /// Writes the year's values of every variable, in [`Sectoral::variables`] order.
    pub fn outputs(&self, st: &State, out: &mut [f64]) {
        let mut i = 3;
        let (mut co2, mut gdp, mut energy) = (0.0, 0.0, 0.0);
        let mut by_fuel = [0.0; 6];
        for (k, s) in self.sectors.iter().enumerate() {
            let e = st.a[k] * st.e[k];
            let sh = shares(&st.w[k]);
            let mut direct = 0.0;
            for f in 0..6 {
                let ef = e * sh[f];
                by_fuel[f] += ef;
                direct += ef * self.fuel_co2[f] / 100.0;
            }
            out[i] = direct;
            i += 1;
            co2 += direct;
            energy += e;
            if s.money {
                gdp += st.a[k];
            }
        }
        let grid = self.grid(st);
        let demand = by_fuel[3] / E4TCE_PER_E8KWH;
        let el = demand * grid / 10.0;
        let heat = by_fuel[4] * self.heat_co2 / 100.0;
        out[i] = el;
        out[i + 1] = heat;
        i += 2;
        co2 += el + heat;
        if self.processes.is_some() {
            let p = st.cement * st.clinker * self.clinker_co2 / 100.0;
            out[i] = p;
            i += 1;
            co2 += p;
        }
        out[i] = energy;
        i += 1;
        for &f in &self.fuels_used {
            out[i] = by_fuel[f];
            i += 1;
        }
        out[i] = demand;
        out[i + 1] = grid;
        out[0] = gdp;
        out[1] = co2;
        out[2] = 100.0 * co2 / gdp;
    }

    /// The LMDI factors of the year: per end-use sector and carrier with emissions (`industry/coal`,
    /// `industry/electricity` …) `activity × structure × energy_intensity × fuel_mix × emission_factor`
    /// (Mt): activity is GDP (1e8 CNY) for sectors in value added, their own activity otherwise (households);
    /// structure `A_i / GDP` (1 for the others); energy intensity `E_i / A_i`; fuel mix `E_i,f / E_i`;
    /// emission factor Mt per 10⁴ tce (`EF_f / 100`; electricity `G / 10 / 1.22835`; heat `EF_heat / 100`).
    /// Process emissions: `cement × 1 × clinker ratio × 1 × EF_clc / 100`. The sum over sub-categories is
    /// the year's CO2.
    pub fn factors(&self, st: &State) -> Vec<(String, Vec<f64>)> {
        let gdp: f64 = self
            .sectors
            .iter()
            .zip(&st.a)
            .filter(|(s, _)| s.money)
            .map(|(_, a)| a)
            .sum();
        let grid = self.grid(st);
        let mut ef = self.fuel_co2.map(|x| x / 100.0);
        ef[3] = grid / 10.0 / E4TCE_PER_E8KWH;
        ef[4] = self.heat_co2 / 100.0;
        let mut out = Vec::new();
        for (k, s) in self.sectors.iter().enumerate() {
            let sh = shares(&st.w[k]);
            let (act, structure) = if s.money {
                (gdp, st.a[k] / gdp)
            } else {
                (st.a[k], 1.0)
            };
            for f in 0..6 {
                if self.fuel_co2[f] > 0.0 || f == 3 || f == 4 {
                    out.push((
                        format!("{}/{}", s.key, FUELS[f]),
                        vec![act, structure, st.e[k], sh[f], ef[f]],
                    ));
                }
            }
        }
        if self.processes.is_some() {
            out.push((
                "industrial_processes/cement".to_string(),
                vec![st.cement, 1.0, st.clinker, 1.0, self.clinker_co2 / 100.0],
            ));
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------------------
// Parsing: the tables are flattened to dotted keys so that inheritance merges key by key.

const END_USE_KEYS: [&str; 6] = [
    "activity",
    "energy",
    "fuels",
    "activity_growth",
    "energy_intensity_growth",
    "fuel_growth",
];
const PROCESS_KEYS: [&str; 4] = [
    "cement",
    "clinker_ratio",
    "cement_growth",
    "clinker_ratio_growth",
];
const POWER_KEYS: [&str; 2] = ["mix", "mix_growth"];
const FACTOR_KEYS: [&str; 4] = ["fuel", "power", "heat", "clinker"];

type Flat = BTreeMap<String, At<SVal>>;

fn put(p: &P<'_>, out: &mut Flat, key: String, v: &Val<'_>, x: Option<SVal>) {
    if let Some(x) = p.at(v, x) {
        out.insert(key, x);
    }
}

/// A table of names (fuels, sources) → numbers or rates.
fn named(p: &mut P<'_>, v: &Val<'_>, what: &str, names: &[&str], rates: bool, out: &mut Flat) {
    let Some(t) = p.table(v, what) else { return };
    let kind = if names.len() == FUELS.len() {
        "fuel"
    } else {
        "source"
    };
    for (k, x) in t {
        let name = k.get_ref().as_ref();
        if !names.contains(&name) {
            let l = p.loc(k.span());
            p.d.push(
                Diagnostic::error(
                    Some(l),
                    format!(
                        "unknown {kind} \"{name}\" in {what} (valid: {})",
                        names.join(", ")
                    ),
                )
                .suggest(nearest(name, names.iter().copied())),
            );
            continue;
        }
        let key = format!("{what}.{name}");
        let val = if rates {
            p.rate(x, &key).map(SVal::Rate)
        } else {
            p.num(x, &key).map(SVal::Num)
        };
        put(p, out, key, x, val);
    }
}

/// Reads `[sectors]`, `[power]` and `[factors]` into dotted keys.
pub(super) fn parse(p: &mut P<'_>, top: &DeTable<'_>, out: &mut Flat) {
    if let Some(v) = top.get("sectors")
        && let Some(t) = p.table(v, "[sectors]")
    {
        for (k, sv) in t {
            let name = k.get_ref().as_ref();
            if name == "power_and_heat" {
                p.err(
                    k.span(),
                    "sectors.power_and_heat: its emissions follow from the sectors' electricity and heat use and the generation mix; describe it in [power] (mix, mix_growth)",
                );
                continue;
            }
            if !SECTORS.contains(&name) {
                let l = p.loc(k.span());
                p.d.push(
                    Diagnostic::error(
                        Some(l),
                        format!(
                            "unknown sector \"{name}\" in [sectors] (valid: {})",
                            SECTORS.join(", ")
                        ),
                    )
                    .suggest(nearest(name, SECTORS.iter().copied())),
                );
                continue;
            }
            let what = format!("sectors.{name}");
            let Some(st) = p.table(sv, &format!("[{what}]")) else {
                continue;
            };
            if name == "industrial_processes" {
                p.keys(st, &PROCESS_KEYS, &format!("[{what}]"));
                for (k2, x) in st {
                    let key = format!("{what}.{}", k2.get_ref());
                    let val = match k2.get_ref().as_ref() {
                        "cement" => p
                            .quantity(x, &key, Dimension::Mass, (1e4, "万吨"))
                            .map(|q| SVal::Qty(q, Dimension::Mass)),
                        "clinker_ratio" => match p.num(x, &key) {
                            Some(r) if r > 0.0 && r <= 1.0 => Some(SVal::Num(r)),
                            Some(r) => {
                                p.err(
                                    x.span(),
                                    format!("{key} is {r}: expected a ratio in (0, 1], e.g. 0.65"),
                                );
                                None
                            }
                            None => None,
                        },
                        "cement_growth" | "clinker_ratio_growth" => p.rate(x, &key).map(SVal::Rate),
                        _ => None,
                    };
                    put(p, out, key, x, val);
                }
                continue;
            }
            p.keys(st, &END_USE_KEYS, &format!("[{what}]"));
            for (k2, x) in st {
                let key = format!("{what}.{}", k2.get_ref());
                match k2.get_ref().as_ref() {
                    "activity" => {
                        let q = p
                            .quantity_any(x, &key, "1e8 CNY")
                            .map(|(v, d, _)| SVal::Qty(v, d));
                        put(p, out, key, x, q);
                    }
                    "energy" => {
                        let q = p
                            .quantity(x, &key, Dimension::Energy, (1.0, "万吨标准煤"))
                            .map(|tj| SVal::Qty(tj * E4TCE_PER_TJ, Dimension::Energy));
                        put(p, out, key, x, q);
                    }
                    "fuels" => named(p, x, &key, &FUELS, false, out),
                    "fuel_growth" => named(p, x, &key, &FUELS, true, out),
                    "activity_growth" | "energy_intensity_growth" => {
                        let r = p.rate(x, &key).map(SVal::Rate);
                        put(p, out, key, x, r);
                    }
                    _ => {}
                }
            }
        }
    }
    if let Some(v) = top.get("power")
        && let Some(t) = p.table(v, "[power]")
    {
        p.keys(t, &POWER_KEYS, "[power]");
        if let Some(x) = t.get("mix") {
            named(p, x, "power.mix", &SOURCES, false, out);
        }
        if let Some(x) = t.get("mix_growth") {
            named(p, x, "power.mix_growth", &SOURCES, true, out);
        }
    }
    if let Some(v) = top.get("factors")
        && let Some(t) = p.table(v, "[factors]")
    {
        p.keys(t, &FACTOR_KEYS, "[factors]");
        if let Some(x) = t.get("fuel") {
            named(p, x, "factors.fuel", &FUELS, false, out);
        }
        if let Some(x) = t.get("power") {
            named(p, x, "factors.power", &SOURCES, false, out);
        }
        for k in ["heat", "clinker"] {
            if let Some(x) = t.get(k) {
                let key = format!("factors.{k}");
                let n = p.num(x, &key).map(SVal::Num);
                put(p, out, key, x, n);
            }
        }
    }
    // Factors and shares cannot be negative.
    for (k, v) in out.iter() {
        if let SVal::Num(x) = v.v
            && x < 0.0
        {
            p.d.error(
                Some(v.loc.clone()),
                format!("{k} is {x}: cannot be negative"),
            );
        }
    }
}

/// `child` over `parent`, key by key; a sector's `fuels` and `power.mix` are replaced whole.
pub(super) fn merge(child: &Flat, parent: &Flat) -> Flat {
    let whole: Vec<String> = child
        .keys()
        .filter_map(|k| {
            let parts: Vec<&str> = k.split('.').collect();
            match parts.as_slice() {
                ["sectors", s, "fuels", _] => Some(format!("sectors.{s}.fuels.")),
                ["power", "mix", _] => Some("power.mix.".to_string()),
                _ => None,
            }
        })
        .collect();
    let mut out: Flat = parent
        .iter()
        .filter(|(k, _)| !whole.iter().any(|w| k.starts_with(w.as_str())))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in child {
        out.insert(k.clone(), v.clone());
    }
    out
}

/// Checks the flattened tables against the horizon and builds the model and its drivers.
pub(super) fn check(
    flat: &Flat,
    file: &str,
    base: i64,
    end: i64,
    quiet: bool,
    d: &mut Diagnostics,
) -> Option<(Sectoral, Vec<Driver>)> {
    let before = d.error_count();
    let mut drivers: Vec<Driver> = Vec::new();
    let add = |d: &mut Diagnostics, key: &str, drivers: &mut Vec<Driver>| -> Option<usize> {
        let At {
            v: SVal::Rate(r),
            loc,
        } = flat.get(key)?
        else {
            return None;
        };
        let rr = At {
            v: r.clone(),
            loc: loc.clone(),
        };
        let dr = driver(&rr, key, base, end, d)?;
        drivers.push(dr);
        Some(drivers.len() - 1)
    };
    let first_loc = |prefix: &str| -> Location {
        flat.iter()
            .find(|(k, _)| k.starts_with(prefix))
            .map(|(_, v)| v.loc.clone())
            .unwrap_or_else(|| Location::file(file))
    };
    let num = |k: &str| match flat.get(k).map(|a| &a.v) {
        Some(SVal::Num(x)) => Some(*x),
        _ => None,
    };
    let missing = |d: &mut Diagnostics, prefix: &str, key: &str, example: &str| {
        if !quiet {
            d.error(
                Some(first_loc(prefix)),
                format!("{prefix} needs {key} (e.g. {key} = {example})"),
            );
        }
    };
    let mut sectors = Vec::new();
    for key in END_USE {
        let prefix = format!("sectors.{key}");
        if !flat.keys().any(|k| k.starts_with(&format!("{prefix}."))) {
            continue;
        }
        let act = match flat.get(&format!("{prefix}.activity")).map(|a| &a.v) {
            Some(SVal::Qty(v, dim)) => Some((*v, *dim == Dimension::Money)),
            _ => {
                missing(
                    d,
                    &prefix,
                    "activity",
                    "{ value = 19098.62, unit = \"1e8 CNY\" }",
                );
                None
            }
        };
        let energy = match flat.get(&format!("{prefix}.energy")).map(|a| &a.v) {
            Some(SVal::Qty(v, _)) => Some(*v),
            _ => {
                missing(
                    d,
                    &prefix,
                    "energy",
                    "{ value = 9000, unit = \"万吨标准煤\" }",
                );
                None
            }
        };
        let mut sh = [0.0; 6];
        let mut any = false;
        for (f, fuel) in FUELS.iter().enumerate() {
            if let Some(x) = num(&format!("{prefix}.fuels.{fuel}")) {
                sh[f] = x;
                any = true;
            }
        }
        if !any {
            missing(d, &prefix, "fuels", "{ coal = 0.5, electricity = 0.5 }");
        } else {
            let sum: f64 = sh.iter().sum();
            if (sum - 1.0).abs() > 1e-6 {
                d.error(
                    Some(first_loc(&format!("{prefix}.fuels."))),
                    format!("{prefix}.fuels: the shares add up to {sum}, not 1"),
                );
            }
        }
        if let Some((a, _)) = act
            && a <= 0.0
        {
            d.error(
                Some(first_loc(&format!("{prefix}.activity"))),
                format!("{prefix}.activity must be positive"),
            );
        }
        let ag = add(d, &format!("{prefix}.activity_growth"), &mut drivers);
        if ag.is_none() && !flat.contains_key(&format!("{prefix}.activity_growth")) {
            missing(d, &prefix, "activity_growth", "0.05");
        }
        let ig = add(
            d,
            &format!("{prefix}.energy_intensity_growth"),
            &mut drivers,
        );
        if ig.is_none() && !flat.contains_key(&format!("{prefix}.energy_intensity_growth")) {
            missing(d, &prefix, "energy_intensity_growth", "-0.03");
        }
        let mut fg = [None; 6];
        for (f, fuel) in FUELS.iter().enumerate() {
            fg[f] = add(d, &format!("{prefix}.fuel_growth.{fuel}"), &mut drivers);
        }
        if let (Some((a, money)), Some(e), Some(ag), Some(ig)) = (act, energy, ag, ig) {
            sectors.push(EndUse {
                key,
                activity: if money { a / 1e8 } else { a },
                money,
                energy: e,
                shares: sh,
                activity_growth: ag,
                intensity_growth: ig,
                fuel_growth: fg,
            });
        }
    }
    let processes = if flat
        .keys()
        .any(|k| k.starts_with("sectors.industrial_processes."))
    {
        let prefix = "sectors.industrial_processes";
        let cement = match flat.get(&format!("{prefix}.cement")).map(|a| &a.v) {
            Some(SVal::Qty(v, _)) => Some(*v),
            _ => {
                missing(d, prefix, "cement", "{ value = 11396.85, unit = \"万吨\" }");
                None
            }
        };
        let ratio = num(&format!("{prefix}.clinker_ratio"));
        if ratio.is_none() {
            missing(d, prefix, "clinker_ratio", "0.65");
        }
        let cg = add(d, &format!("{prefix}.cement_growth"), &mut drivers);
        if cg.is_none() && !flat.contains_key(&format!("{prefix}.cement_growth")) {
            missing(d, prefix, "cement_growth", "-0.02");
        }
        let kg = add(d, &format!("{prefix}.clinker_ratio_growth"), &mut drivers);
        match (cement, ratio, cg) {
            (Some(c), Some(r), Some(g)) => Some(Processes {
                cement: c,
                clinker_ratio: r,
                cement_growth: g,
                clinker_growth: kg,
            }),
            _ => None,
        }
    } else {
        None
    };
    let mut mix = [0.0; 7];
    for (s, src) in SOURCES.iter().enumerate() {
        mix[s] = num(&format!("power.mix.{src}")).unwrap_or(0.0);
    }
    let mut mix_growth = [None; 7];
    for (s, src) in SOURCES.iter().enumerate() {
        mix_growth[s] = add(d, &format!("power.mix_growth.{src}"), &mut drivers);
    }
    let uses_electricity = sectors.iter().any(|s| s.shares[3] > 0.0);
    let msum: f64 = mix.iter().sum();
    if flat.keys().any(|k| k.starts_with("power.mix.")) {
        if (msum - 1.0).abs() > 1e-6 {
            d.error(
                Some(first_loc("power.mix.")),
                format!("power.mix: the shares add up to {msum}, not 1"),
            );
        }
    } else if uses_electricity && !quiet {
        d.error(
            Some(first_loc("sectors.")),
            "the sectors use electricity: give the generation mix in [power], e.g. mix = { coal = 0.4, hydro = 0.5, wind = 0.05, solar = 0.05 }",
        );
    }
    if !sectors.is_empty() && !sectors.iter().any(|s| s.money) {
        d.error(
            Some(first_loc("sectors.")),
            "GDP is the sum of the sectors' value added: at least one sector needs its activity in money (e.g. unit = \"1e8 CNY\")",
        );
    }
    if sectors.is_empty() && !quiet && d.error_count() == before {
        d.error(
            Some(Location::file(file)),
            "the sectoral model needs at least one end-use sector, e.g. [sectors.industry]",
        );
    }
    let mut fuel_co2 = FUEL_CO2.map(|f| f.value);
    for (f, fuel) in FUELS.iter().enumerate() {
        if let Some(x) = num(&format!("factors.fuel.{fuel}")) {
            fuel_co2[f] = x;
        }
    }
    let mut power_co2 = POWER_CO2.map(|f| f.value);
    for (s, src) in SOURCES.iter().enumerate() {
        if let Some(x) = num(&format!("factors.power.{src}")) {
            power_co2[s] = x;
        }
    }
    let fuels_used = (0..6)
        .filter(|&f| {
            sectors
                .iter()
                .any(|s| s.shares[f] > 0.0 || s.fuel_growth[f].is_some())
        })
        .collect();
    if d.error_count() > before {
        return None;
    }
    Some((
        Sectoral {
            sectors,
            processes,
            mix,
            mix_growth,
            fuel_co2,
            power_co2,
            heat_co2: num("factors.heat").unwrap_or(HEAT_CO2.value),
            clinker_co2: num("factors.clinker").unwrap_or(CLINKER_CO2.value),
            fuels_used,
        },
        drivers,
    ))
}
