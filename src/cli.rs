//! Command-line definitions and the thin glue from flags to library calls. All printing happens here.

use clap::{Parser, Subcommand};
use ghgkit::error::{Diagnostics, Error, Location, Result};
use ghgkit::factors::{FactorKind, FactorLibrary};
use ghgkit::fuels::FuelCatalogue;
use ghgkit::report::template::{self, Lang};
use ghgkit::{example, gases, ingest, run};
use std::path::PathBuf;

const ABOUT: &str = "Greenhouse-gas inventories and carbon-peaking scenarios for Chinese provinces \
(2006 IPCC Guidelines; China's provincial inventory guidelines).";

const AFTER: &str = "Start here:
  ghgkit run                          the embedded Hubei 2007 example, outputs in ./ghgkit-out/
  ghgkit inventory data.xlsx --out results
  ghgkit factors --fuel raw_coal      which factors apply to raw coal, with sources
  ghgkit template --out my-data.xlsx  a blank workbook to fill, with drop-down lists and instructions
  ghgkit scenario scenarios/simple.toml --out results   peaking scenario: target probabilities, peak year

Exit codes: 0 success, 2 bad input (every problem is listed with file › sheet › cell), 1 internal failure.";

/// ghgkit command line.
#[derive(Parser, Debug)]
#[command(name = "ghgkit", version, about = ABOUT, after_help = AFTER)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the main job on the embedded Hubei example (real 2007 yearbook data) and the Hubei scenarios:
    /// inventory, scenarios, charts, report.html, report.xlsx, summary.
    #[command(after_help = "Example:
  ghgkit run                        writes ./ghgkit-out/ (the files are listed under `ghgkit inventory --help`
                                    and `ghgkit scenario --help`), report.html and report.xlsx
  ghgkit run --out /tmp/hubei --gwp AR6 --threads 2
  ghgkit run --lang zh              Chinese chart labels and report (needs a CJK font, e.g.
                                    apt-get install fonts-wqy-microhei, or --font PATH)

The example is Hubei's 2007 energy balance (China Energy Statistical Yearbook
2008, Table 6-17), cell for cell in examples/data/hubei-2007-balance.csv: fuel
combustion, fugitive emissions from production, the reference approach, and the
indirect emissions of the electricity Hubei exports.")]
    Run {
        /// Folder for the outputs (created if missing; files in it are replaced atomically).
        #[arg(long, default_value = "ghgkit-out")]
        out: PathBuf,
        #[command(flatten)]
        factors: FactorArgs,
        #[command(flatten)]
        assess: AssessArgs,
        /// Monte Carlo draws of each Hubei scenario (1 to 100,000,000; a modest default keeps `run` fast).
        #[arg(long, default_value_t = 5_000)]
        draws: usize,
        #[command(flatten)]
        charts: ChartArgs,
    },
    /// Compile an energy inventory (combustion, fugitive; reference approach, indirect electricity) from activity workbooks or yearbook energy balances.
    #[command(after_help = "The workbook needs a sheet with the columns
  year, region, category, activity, value, unit      (or 年份, 地区, 类别, 活动, 数值, 单位)
optionally source, note, uncertainty_pct. The header row may sit below title rows.
  category  an IPCC 2006 code, e.g. 1.A.1.a (1A1a is accepted)
  activity  a fuel key or name: raw_coal, 原煤, \"Other Bituminous Coal\", 柴油 …
  unit      t, 万吨, Gg, m3, 亿立方米, TJ, tce, 万吨标准煤 …

A yearbook energy balance table (能源平衡表(实物量), e.g. 17-hubei.xls) is recognised and read with the
built-in 2007 layout; other layouts: copy mappings/yearbook-provincial-2007.toml, edit, pass --mapping.

Examples:
  ghgkit inventory energy-2019.xlsx --out results --factor-set ipcc2006 --gwp AR5
  ghgkit inventory ../shared/data/energy-balance-2007/*.xls --out all-provinces

Outputs in OUT/:
  inventory.csv             a row per region × year × category × activity × gas,
                            with the equation, the factors and the input cell
  inventory.xlsx            summary, by_category (IPCC tree), by_fuel,
                            by_provincial_sector, factors, provenance
  summary.json              totals by region, year, gas and sector
  reference_approach.csv    balances only: reference vs sectoral approach
  indirect_electricity.csv  net imports × grid factor (not in the totals)
  key_categories.csv        key categories, IPCC 2006 Vol. 1 Ch. 4 Approach 1: level
                            (every year) and trend (first → latest year), with and
                            without LULUCF, 95 % threshold (also a sheet)
  uncertainty.csv           uncertainty per category and total, IPCC 2006 Vol. 1 Ch. 3:
                            Approach 1 (error propagation, trend per Table 3.3) beside
                            Approach 2 (Monte Carlo mean and 2.5-97.5 % interval; also a sheet)
  emissions_by_category, emissions_by_sector (two years or more), emissions_by_gas,
  emissions_by_fuel, reference_vs_sectoral       charts, .png and .svg (--lang zh for Chinese)
  report.html, report.xlsx  the publication reports: tables, charts, methods and sources
--only summary,csv writes only those (the same figures; --only summary sums them as
they are computed, keeps no rows and skips key categories and uncertainty).

Uncertainty inputs: each factor's 95 % range (ghgkit factors --id ID), the activity
sheet's uncertainty_pct column, else ±5 % for energy statistics (IPCC 2006 Vol. 2
Ch. 2 Table 2.15). A factor is drawn once per draw wherever it is used.")]
    Inventory {
        /// Activity workbooks, CSV files or yearbook energy balance tables (能源平衡表).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Folder for the outputs.
        #[arg(long, default_value = "ghgkit-out")]
        out: PathBuf,
        #[command(flatten)]
        factors: FactorArgs,
        #[command(flatten)]
        assess: AssessArgs,
        /// Energy-balance layouts (TOML, see mappings/README.md) tried before the built-in 2007 one.
        #[arg(long = "mapping")]
        mappings: Vec<PathBuf>,
        /// Write only these outputs (comma-separated; default: all). The computation is the same:
        /// `--only summary` computes every emission figure, sums it at once and writes summary.json alone
        /// (no rows are kept; key categories and uncertainty are analysed only with csv or xlsx).
        #[arg(long, value_enum, value_delimiter = ',')]
        only: Vec<OnlyArg>,
        #[command(flatten)]
        charts: ChartArgs,
    },
    /// Check activity workbooks without computing: every problem, with file › sheet › cell.
    #[command(after_help = "Example:
  ghgkit check energy-2019.xlsx other.csv
  ghgkit check energy-2019.xlsx --export understood.csv     see exactly what was read, cell by cell
Exit code 2 when there are errors (nothing is exported then); warnings alone exit 0.")]
    Check {
        /// Activity workbooks, CSV files or yearbook energy balance tables (能源平衡表).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Energy-balance layouts (TOML, see mappings/README.md) tried before the built-in 2007 one.
        #[arg(long = "mapping")]
        mappings: Vec<PathBuf>,
        /// Also write the normalised activity data read (region, year, category, activity, value, unit, the
        /// value in canonical units, the input cell) to this CSV file.
        #[arg(long)]
        export: Option<PathBuf>,
    },
    /// Write a blank activity workbook (.xlsx) to fill in: the header ghgkit reads, drop-down lists,
    /// input checks and bilingual instructions.
    #[command(
        after_help = "The workbook has three sheets (Chinese names with --lang zh):
  instructions (说明)   what to enter in each column, with examples; the rules; the commands to run
  activity (活动数据)   the header row only; fill one row per region × year × category × fuel or
                        activity (every sector: energy, industrial processes, agriculture, land use
                        and forestry, waste; optional model columns season_days, pre_season,
                        organic_amendment, manure_system, sludge_removed are read when added)
                        Rows 2-10000 have drop-down lists for category, activity and unit, and checks
                        for year (1900-2200), value (a number ≥ 0) and uncertainty_pct (0-1000)
  lists (代码表)        the IPCC 2006 category codes with English and Chinese titles, the fuels with
                        their names and usual units, and the accepted units
An empty cell means missing, not zero. --lang zh writes the Chinese header (年份, 地区, 类别, 活动, 数值,
单位, 来源, 备注, 不确定性(%)) and offers Chinese fuel names (原煤, 天然气 …); both headers are read.

Example:
  ghgkit template --out hubei-2019.xlsx --lang zh
  (fill the sheet 活动数据 in Excel, WPS or LibreOffice, then)
  ghgkit check hubei-2019.xlsx
  ghgkit inventory hubei-2019.xlsx --out results

Exit code 2 when FILE exists (use --force to replace it) or does not end in .xlsx."
    )]
    Template {
        /// The workbook to write; must end in .xlsx.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Language of the header row, the sheet names and the fuel drop-down: en (year, region …; fuel
        /// keys such as raw_coal) or zh (年份, 地区 …; Chinese names such as 原煤). The instructions are
        /// bilingual either way.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Carbon-peaking scenarios (达峰行动方案): GDP × carbon intensity by Monte Carlo, with the probability of
    /// meeting each target and the distribution of the peak year.
    #[command(
        after_help = "A scenario file (TOML; scenarios/simple.toml is the minimal form):
  [scenario]  name, region, base_year, end_year; inherits = \"simple\" to state only what differs
  [base]      gdp = { value = 43443, unit = \"1e8 CNY\" }
              co2 = { value = 330, unit = \"Mt\" }
  [growth]    annual rates of change of gdp and carbon_intensity, each one of
                0.05                                       every year
                { \"2021-2025\" = 0.065, \"2026-2035\" = 0.05 }  by period (no gap, no overlap)
                { points = { 2020 = 0.07, 2035 = 0.04 } }  interpolated between points
                { steps = { 2021 = 0.07, 2026 = 0.05 } }   kept until the next step
                { normal = { mean = -0.045, sd = 0.01 } }  uncertain; also lognormal = { mu, sigma }
                                                           of ln(1 + r), triangular = { min, mode,
                                                           max }, uniform = { min, max }; add
                                                           per = \"year\" to draw every year
  [history]   carbon_intensity_ratio = { 2005 = 2.07 }   I_2005 / I_base (or carbon_intensity =
                                                           { 2005 = … } in t CO2/1e4 CNY)
  [targets]   intensity_annual_drop = 0.012
              peak_by = 2030
              intensity = [ { from = 2020, to = 2025, drop = 0.18 } ]
              intensity_vs_reference = [ { reference = 2005, year = 2030, drop = 0.65 } ]
  [goal]      lever = \"carbon_intensity\", target = \"peak_by\", probability = 0.9
                the shift of the lever's annual rates that meets the target with that probability
                (same seed for every try; range = [-0.1, 0.1] by default)
Sectoral model: [model] type = \"sectoral\", then [sectors.industry] (activity, energy, fuels,
activity_growth, energy_intensity_growth, fuel_growth), [sectors.industrial_processes] (cement,
clinker_ratio, cement_growth), [power] (mix, mix_growth); see scenarios/hubei-sectoral.toml.

Examples:
  ghgkit scenario scenarios/simple.toml --out results
  ghgkit scenario scenarios/hubei-*.toml --out results --draws 50000 --seed 7
  ghgkit scenario scenarios/hubei-sectoral.toml --out results --draws-out

Outputs:
  OUT/trajectories.csv   scenario, variable, unit, year, mean, p5, p25, p50, p75, p95 for gdp
                         (1e8 CNY), co2 (Mt), carbon_intensity (t CO2/1e4 CNY) and, for the
                         sectoral model, CO2 by sector, final energy by fuel, the grid factor
  OUT/targets.json       each target's probability; peak-year and peak-level distributions; goal
  OUT/iamc.csv, .xlsx    IAMC table (means over the draws), e.g. pyam.IamDataFrame(\"iamc.xlsx\")
  OUT/decomposition.csv  LMDI of CO2 on the central paths: base year to end year, and each
                         scenario against its parent (inherits) year by year
  OUT/draws.csv          with --draws-out only: every draw, long format
  OUT/scenario_co2, scenario_intensity, peak_year   fan charts and the peak-year chart (.png, .svg)
  OUT/report.html, report.xlsx                      the publication reports
The same files, --seed and --draws give byte-identical outputs whatever --threads. `inherits`
is resolved among the files given and scenarios/*.toml. Percentiles come from a mergeable
sketch (within 1e-4 relative of the exact ones); memory does not grow with --draws, except
with --draws-out (at most 200,000 draws). --only trajectories,targets writes just those (the
Monte Carlo is the same). --variables co2,gdp summarises only those variables (mean and
percentiles per year, the costly part of a large run; default: every variable of the model, or
[monte_carlo] variables = [\"co2\"] in the file); the targets and the peak year and level are
counted from every draw whatever is summarised, and charts of variables not summarised are left out.
Exit code 2 for a bad scenario file: every problem is listed with file:line."
    )]
    Scenario {
        /// Scenario files (TOML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Folder for the outputs (created if missing; files in it are replaced atomically).
        #[arg(long, default_value = "ghgkit-out")]
        out: PathBuf,
        /// Monte Carlo draws (1 to 100,000,000; memory does not grow with them).
        #[arg(long, default_value_t = 10_000)]
        draws: usize,
        /// Seed of the random numbers: the same seed gives the same results.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (default: one per core). Results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        #[command(flatten)]
        charts: ChartArgs,
        /// Also write every draw to OUT/draws.csv (long format: scenario, draw, variable, unit, year,
        /// value; large: draws × variables × years rows; at most 200,000 draws).
        #[arg(long)]
        draws_out: bool,
        /// Write only these outputs (comma-separated; default: all). The Monte Carlo is the same:
        /// `--only trajectories,targets` skips the IAMC tables, decomposition, charts and reports.
        #[arg(long, value_delimiter = ',')]
        only: Vec<ScenarioOnlyArg>,
        /// Summarise only these variables (comma-separated keys as in trajectories.csv, e.g.
        /// `co2,gdp,co2_industry`; default: every variable, or `[monte_carlo] variables` of the file).
        /// Target probabilities and the peak year and level do not depend on it.
        #[arg(long, value_delimiter = ',')]
        variables: Vec<String>,
    },
    /// LMDI-I decomposition (Ang 2005) of a change into the effects of its factors, additive and
    /// multiplicative, from a table of periods, sub-categories and factors.
    #[command(
        after_help = "The input (CSV, or the first sheet of an xlsx/xls/ods) has the columns
  period   a year or any label (periods are taken in the order they appear)
  sub      the sub-category (sector, sector × fuel …)
  …        one column per factor, named freely, e.g. `activity (1e8 CNY)`, `intensity`
  value    optional: V_i, checked against the product of the factors
so that V = Σ_i Π_k x_k,i. Each consecutive pair of periods is decomposed, and the first
against the last when there are more than two.

Example (emissions = GDP × structure × intensity × emission factor):
  period,sub,gdp,structure,energy intensity,emission factor
  2015,industry,100,0.4,2.0,2.5
  2015,services,100,0.6,0.5,2.0
  2020,industry,130,0.35,1.7,2.4
  2020,services,130,0.65,0.45,1.9

  ghgkit decompose history.csv --out results

Output: OUT/decomposition.csv with case, from, to, method (level, additive, multiplicative),
effect, value, unit: the additive effects add up exactly to the change (`total`), the
multiplicative ones multiply to the ratio. Zero values (a fuel appearing) follow the limits of
Ang & Liu (2007); negative factors are refused."
    )]
    Decompose {
        /// The table (CSV, xlsx, xls, ods).
        file: PathBuf,
        /// Folder for the outputs (created if missing).
        #[arg(long, default_value = "ghgkit-out")]
        out: PathBuf,
        /// Unit of V written beside the additive effects (e.g. "Mt CO2").
        #[arg(long, default_value = "")]
        unit: String,
    },
    /// List emission factors with their values, units, uncertainty and sources.
    #[command(after_help = "Examples:
  ghgkit factors                          the factor sets
  ghgkit factors --set ipcc2006 --fuel natural_gas
  ghgkit factors --fuel 原煤 --gas CH4
  ghgkit factors --id ipcc2006.ncv.other_bituminous_coal     one factor in full")]
    Factors {
        /// Only this set (e.g. ipcc2006, china).
        #[arg(long)]
        set: Option<String>,
        /// Only factors for this fuel (key or any name, e.g. 原煤).
        #[arg(long)]
        fuel: Option<String>,
        /// Only this gas (CO2, CH4, N2O …).
        #[arg(long)]
        gas: Option<String>,
        /// Only this kind: ncv, carbon_content, oxidation, ef.
        #[arg(long)]
        kind: Option<String>,
        /// Show one factor in full.
        #[arg(long)]
        id: Option<String>,
        /// Also load factor sets from these files.
        #[arg(long = "factor-file")]
        factor_files: Vec<PathBuf>,
    },
}

/// The outputs of `ghgkit inventory --only`.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum OnlyArg {
    /// inventory.csv (and reference_approach.csv, indirect_electricity.csv).
    Csv,
    /// inventory.xlsx.
    Xlsx,
    /// summary.json.
    Summary,
    /// emissions_by_category.png and .svg.
    Charts,
}

impl From<OnlyArg> for run::OutputKind {
    fn from(o: OnlyArg) -> run::OutputKind {
        match o {
            OnlyArg::Csv => run::OutputKind::Csv,
            OnlyArg::Xlsx => run::OutputKind::Xlsx,
            OnlyArg::Summary => run::OutputKind::Summary,
            OnlyArg::Charts => run::OutputKind::Charts,
        }
    }
}

/// The outputs of `ghgkit scenario --only`.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum ScenarioOnlyArg {
    /// trajectories.csv.
    Trajectories,
    /// targets.json.
    Targets,
    /// iamc.csv and iamc.xlsx.
    Iamc,
    /// decomposition.csv.
    Decomposition,
    /// scenario_co2, scenario_intensity, peak_year (.png, .svg).
    Charts,
    /// report.html and report.xlsx.
    Reports,
}

impl From<ScenarioOnlyArg> for ghgkit::scenario::OutputKind {
    fn from(o: ScenarioOnlyArg) -> Self {
        use ghgkit::scenario::OutputKind as K;
        match o {
            ScenarioOnlyArg::Trajectories => K::Trajectories,
            ScenarioOnlyArg::Targets => K::Targets,
            ScenarioOnlyArg::Iamc => K::Iamc,
            ScenarioOnlyArg::Decomposition => K::Decomposition,
            ScenarioOnlyArg::Charts => K::Charts,
            ScenarioOnlyArg::Reports => K::Reports,
        }
    }
}

/// The language of `ghgkit template`.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum LangArg {
    /// English header (year, region, category …).
    En,
    /// Chinese header (年份, 地区, 类别 …).
    Zh,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

/// The language and font of charts and reports.
#[derive(clap::Args, Debug)]
struct ChartArgs {
    /// Language of chart labels and reports: en or zh. Chinese needs a font with Chinese glyphs: found in
    /// the usual places (Debian: apt-get install fonts-wqy-microhei; Noto CJK; fc-match) or given with
    /// --font; without one, English labels and a warning.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// A font file with Chinese glyphs (.ttf, .otf or .ttc) for --lang zh.
    #[arg(long, value_name = "PATH")]
    font: Option<PathBuf>,
}

impl ChartArgs {
    /// The chart style; a fallback warning is printed here.
    fn style(&self) -> Result<ghgkit::plot::style::Style> {
        let (style, warning) =
            ghgkit::plot::style::Style::resolve(self.lang.into(), self.font.as_deref())?;
        if let Some(w) = warning {
            eprintln!("warning: {w}");
        }
        Ok(style)
    }
}

/// Flags shared by the commands that compute.
#[derive(clap::Args, Debug)]
struct FactorArgs {
    /// Factor set: `china` (GB/T 2589 heating values, GB/T 32151.22 carbon contents, falling back to IPCC
    /// defaults for the rest) or `ipcc2006` (IPCC Tier 1 defaults), or one from --factor-file.
    #[arg(long, default_value = "china")]
    factor_set: String,
    /// Extra factor-set files (TOML, format in factors/README.md); a set with a built-in name replaces it.
    #[arg(long = "factor-file")]
    factor_files: Vec<PathBuf>,
    /// GWP100 set: SAR, AR4, AR5 or AR6.
    #[arg(long, default_value = "AR5")]
    gwp: String,
    /// Worker threads for the computation (default: one per core). Results are identical for any number.
    #[arg(long)]
    threads: Option<usize>,
}

/// Flags of the key category and uncertainty analysis.
#[derive(clap::Args, Debug)]
struct AssessArgs {
    /// Monte Carlo draws for the uncertainty (Approach 2); 0 gives Approach 1 (error propagation) only.
    /// At most 200,000. Default: 10,000, fewer for large inventories (2 × 10⁸ / emission rows, at least
    /// 1,000; uncertainty.csv says how many). The results are the same for any --threads.
    #[arg(long)]
    mc_draws: Option<usize>,
    /// Seed of the Monte Carlo random numbers (with `run`: also the scenarios'): the same seed gives the
    /// same results.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

impl AssessArgs {
    fn options(&self) -> ghgkit::assess::Options {
        ghgkit::assess::Options {
            mc_draws: self.mc_draws,
            seed: self.seed,
        }
    }
}

/// Runs a parsed command.
pub fn dispatch(args: Args) -> Result<()> {
    match args.command {
        Command::Run {
            out,
            factors,
            assess,
            draws,
            charts,
        } => {
            let style = charts.style()?;
            // One seed (--seed) for all the run's random numbers: the uncertainty and the scenarios.
            let seed = assess.seed;
            let data = example::hubei_2007()?;
            // The example's warnings are the published table's own inconsistencies (supply totals larger
            // than their items …): counted here, listed by `ghgkit check`.
            if !data.diagnostics.has_errors() && !data.diagnostics.is_empty() {
                eprintln!(
                    "note: the 2007 Hubei balance has {} inconsistencies of its own (supply totals larger than their items …); `ghgkit check {}` lists them",
                    data.diagnostics.warning_count(),
                    example::HUBEI_2007_FILE
                );
            }
            let data = ingest::Ingested {
                diagnostics: ghgkit::error::Diagnostics::new(),
                ..data
            };
            main_job(data, &out, &factors, &assess, draws, seed, &style)
        }
        Command::Inventory {
            files,
            out,
            factors,
            assess,
            mappings,
            only,
            charts,
        } => {
            let style = charts.style()?;
            let source = files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let only: Vec<run::OutputKind> = only.into_iter().map(Into::into).collect();
            // Balance-table mappings are for balance tables, which the streaming reader leaves to the
            // table path.
            if mappings.is_empty()
                && let Some(done) =
                    inventory_streamed(&files, &out, &factors, &assess, &source, &only, &style)
            {
                return done;
            }
            let data = ingest::read_activity_with(&files, &load_mappings(&mappings)?)?;
            inventory(data, &out, &factors, &assess, &source, &only, &style)
        }
        Command::Check {
            files,
            export,
            mappings,
        } => {
            let data = ingest::read_activity_with(&files, &load_mappings(&mappings)?)?;
            if data.diagnostics.has_errors() {
                return Err(Error::Input(data.diagnostics));
            }
            print_diagnostics(&data.diagnostics);
            println!(
                "{} activity row(s) and {} factor override(s) read from {} file(s); no errors, {} warning(s)",
                data.records.len(),
                data.overrides.len(),
                files.len(),
                data.diagnostics.warning_count()
            );
            if let Some(path) = export {
                ghgkit::report::write_atomic(
                    &path,
                    &ghgkit::report::csv::activity_csv(&data.records)?,
                )?;
                println!("wrote {}", path.display());
            }
            Ok(())
        }
        Command::Template { out, lang, force } => template(&out, lang.into(), force),
        Command::Scenario {
            files,
            out,
            draws,
            seed,
            threads,
            charts,
            draws_out,
            only,
            variables,
        } => {
            let only: Vec<ghgkit::scenario::OutputKind> =
                only.into_iter().map(Into::into).collect();
            scenario(
                &files,
                &out,
                ScenarioRunArgs {
                    draws,
                    seed,
                    threads,
                    draws_out,
                    only: &only,
                    variables: &variables,
                },
                &charts.style()?,
            )
        }
        Command::Decompose { file, out, unit } => decompose(&file, &out, &unit),
        Command::Factors {
            set,
            fuel,
            gas,
            kind,
            id,
            factor_files,
        } => list_factors(set, fuel, gas, kind, id, &factor_files),
    }
}

/// The run options of `ghgkit scenario`.
struct ScenarioRunArgs<'a> {
    draws: usize,
    seed: u64,
    threads: Option<usize>,
    draws_out: bool,
    /// Empty: every output.
    only: &'a [ghgkit::scenario::OutputKind],
    /// `--variables`; empty: as the files say.
    variables: &'a [String],
}

fn scenario(
    files: &[PathBuf],
    out: &std::path::Path,
    args: ScenarioRunArgs<'_>,
    style: &ghgkit::plot::style::Style,
) -> Result<()> {
    use ghgkit::scenario;
    let ScenarioRunArgs {
        draws,
        seed,
        threads,
        draws_out,
        only,
        variables,
    } = args;
    let all = [
        scenario::OutputKind::Trajectories,
        scenario::OutputKind::Targets,
        scenario::OutputKind::Iamc,
        scenario::OutputKind::Decomposition,
        scenario::OutputKind::Charts,
        scenario::OutputKind::Reports,
    ];
    let only = if only.is_empty() { &all[..] } else { only };
    use std::io::IsTerminal;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let library = std::path::Path::new("scenarios");
    let mut scenarios = scenario::spec::load(files, library.is_dir().then_some(library))?;
    if !variables.is_empty() {
        scenario::engine::select_variables(&mut scenarios, variables)?;
    }
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        if t == 0 {
            return Err(Error::input(None, "--threads must be at least 1"));
        }
        pool = pool.num_threads(t);
    }
    let pool = pool
        .build()
        .map_err(|e| Error::Internal(format!("thread pool: {e}")))?;
    let options = scenario::Options {
        draws,
        seed,
        keep_draws: draws_out,
    };
    // A progress bar on stderr for long runs, only when stderr is a terminal; the library only counts.
    let total = scenario::engine::total_draws(&scenarios, &options);
    let progress = AtomicUsize::new(0);
    let done = AtomicBool::new(false);
    let show = std::io::stderr().is_terminal() && total >= 100_000;
    let job = std::thread::scope(|sc| {
        if show {
            sc.spawn(|| {
                let bar = indicatif::ProgressBar::new(total as u64);
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{elapsed:>4} [{bar:40}] {human_pos}/{human_len} draws, {eta} left",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                while !done.load(Ordering::Relaxed) {
                    bar.set_position(progress.load(Ordering::Relaxed) as u64);
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                bar.finish_and_clear();
            });
        }
        let r = pool.install(|| {
            run::scenario_job_only(
                &run::ScenarioJob {
                    scenarios: &scenarios,
                    options,
                    out_dir: out,
                    style,
                    progress: &progress,
                },
                only,
            )
        });
        done.store(true, Ordering::Relaxed);
        r
    })?;
    let reports = write_with_reports(
        &[&job.outputs],
        &run::ReportJob {
            inventory: None,
            scenarios: Some(&job),
            data_source: "",
            out_dir: out,
            style,
        },
        only.contains(&scenario::OutputKind::Reports),
    )?;
    print_scenarios(&job, draws, seed);
    print_written(job.outputs.iter().chain(&reports));
    Ok(())
}

/// Renders the reports of a job when `wanted` (warning on stderr about the parts of the folder's existing
/// report.html they would replace), then writes every output atomically (nothing is written before
/// everything is rendered); returns the reports.
fn write_with_reports(
    outputs: &[&[run::Output]],
    report: &run::ReportJob<'_>,
    wanted: bool,
) -> Result<Vec<run::Output>> {
    let reports = if wanted {
        run::report_job(report)?
    } else {
        Vec::new()
    };
    if wanted {
        let lost = run::report_parts_lost(report);
        if !lost.is_empty() {
            let dir = report.out_dir.display();
            eprintln!(
                "warning: {dir}/report.html and report.xlsx held the {} part, which this run replaces; \
                 send each command to its own folder (--out), or run `ghgkit run` for one report of both",
                lost.join(" and ")
            );
        }
    }
    for group in outputs {
        run::write_all(group)?;
    }
    run::write_all(&reports)?;
    Ok(reports)
}

/// The "wrote:" list of a command's files.
fn print_written<'a>(outputs: impl Iterator<Item = &'a run::Output>) {
    println!("wrote:");
    for o in outputs {
        println!("  {}", o.path.display());
    }
}

fn print_scenarios(job: &run::ScenarioRun, draws: usize, seed: u64) {
    use ghgkit::scenario;
    for o in &job.outcomes {
        let t = scenario::targets::evaluate(o);
        let s = &o.scenario;
        let co2 = match o.stats_of("co2").and_then(<[_]>::last) {
            Some(l) => format!(
                "CO2 {} {:.1} Mt (median; 90 % range {:.1}-{:.1})",
                s.end_year, l.p50, l.p5, l.p95
            ),
            None => "CO2 not summarised (--variables)".to_string(),
        };
        println!(
            "{} ({}, {}-{}; {} draws, seed {}): {co2}",
            s.name, s.region, s.base_year, s.end_year, draws, seed,
        );
        for r in &t.targets {
            println!(
                "  {:<22} P = {:.4}   {}",
                r.target, r.probability, r.condition
            );
        }
        let peaks: Vec<String> = t
            .peak_year
            .years
            .iter()
            .map(|p| format!("{} {:.1} %", p.year, 100.0 * p.share))
            .collect();
        println!(
            "  peak year: {}{}not peaked by {} {:.1} %",
            peaks.join(", "),
            if peaks.is_empty() { "" } else { "; " },
            s.end_year,
            100.0 * t.peak_year.not_peaked_within_horizon
        );
        if let Some(l) = &t.peak_level.all_draws {
            println!(
                "  peak level: {:.1} Mt CO2 (median; 90 % range {:.1}-{:.1}; maximum over {}-{})",
                l.p50, l.p5, l.p95, s.base_year, s.end_year
            );
        }
        if let Some(g) = &t.goal {
            match g.shift {
                Some(d) => println!(
                    "  goal: P({}) >= {} needs {} shifted by {:+.5}/yr ({}; P = {:.4}; central rate {})",
                    g.target,
                    g.probability_wanted,
                    g.lever,
                    d,
                    g.status,
                    g.probability_reached,
                    g.drivers
                        .iter()
                        .map(|x| format!("{} {:+.4}", x.driver, x.central_rate_after))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => println!(
                    "  goal: P({}) >= {} is unreachable by shifting {} within [{}, {}] (best P = {:.4})",
                    g.target,
                    g.probability_wanted,
                    g.lever,
                    g.range[0],
                    g.range[1],
                    g.probability_reached
                ),
            }
        }
    }
}

/// `ghgkit run`: the inventory of the embedded example, the embedded Hubei scenarios, every chart and both
/// reports; everything rendered in memory before anything is written; a short summary.
fn main_job(
    data: ingest::Ingested,
    out: &std::path::Path,
    f: &FactorArgs,
    a: &AssessArgs,
    draws: usize,
    seed: u64,
    style: &ghgkit::plot::style::Style,
) -> Result<()> {
    use ghgkit::scenario;
    let (inv, n_records) = compute_inventory(
        data,
        out,
        f,
        a,
        example::HUBEI_2007_SOURCE,
        run::OutputKind::ALL,
        style,
    )?;
    let scenarios = example::hubei_scenarios()?;
    let sc = run::scenario_job(&run::ScenarioJob {
        scenarios: &scenarios,
        options: scenario::Options::new(draws, seed),
        out_dir: out,
        style,
        progress: &std::sync::atomic::AtomicUsize::new(0),
    })?;
    let reports = write_with_reports(
        &[&inv.outputs, &sc.outputs],
        &run::ReportJob {
            inventory: Some(&inv),
            scenarios: Some(&sc),
            data_source: example::HUBEI_2007_SOURCE,
            out_dir: out,
            style,
        },
        true,
    )?;
    print_inventory(&inv, n_records);
    println!(
        "scenarios ({draws} draws, seed {seed}; assumptions marked ILLUSTRATIVE in scenarios/hubei-*.toml):"
    );
    for o in &sc.outcomes {
        let t = scenario::targets::evaluate(o);
        let s = &o.scenario;
        let med = |y: i32| o.stats[2][(y - s.base_year) as usize].p50;
        let mut parts = Vec::new();
        for p in &s.targets.intensity {
            parts.push(format!(
                "intensity {}-{} {:+.1} % (median path; target -{:.0} %, P = {:.2})",
                p.from,
                p.to,
                100.0 * (med(p.to) / med(p.from) - 1.0),
                100.0 * p.drop,
                t.targets
                    .iter()
                    .find(|r| r.target == "intensity_period"
                        && r.condition.contains(&format!("I_{} / I_{}", p.to, p.from)))
                    .map_or(f64::NAN, |r| r.probability)
            ));
        }
        if let Some(x) = s.targets.intensity_annual_drop {
            let worst = o.stats[2]
                .windows(2)
                .map(|w| 100.0 * (w[1].p50 / w[0].p50 - 1.0))
                .fold(f64::NEG_INFINITY, f64::max);
            parts.push(format!(
                "every year at least -{:.1} % (median path: weakest year {:+.1} %; P = {:.2})",
                100.0 * x,
                worst,
                t.targets
                    .iter()
                    .find(|r| r.target == "intensity_annual_drop")
                    .map_or(f64::NAN, |r| r.probability)
            ));
        }
        if let (Some(y), Some(p)) = (t.peak_year.peak_by, t.peak_year.probability_peak_by) {
            parts.push(format!("P(CO2 peaks by {y}) = {p:.2}"));
        }
        println!("  {}: {}", s.name, parts.join("; "));
    }
    let all: Vec<&run::Output> = inv
        .outputs
        .iter()
        .chain(&sc.outputs)
        .chain(&reports)
        .collect();
    let shown = |o: &&run::Output| o.path.display().to_string();
    let is_chart = |o: &&&run::Output| o.path.extension().is_some_and(|e| e == "png" || e == "svg");
    println!("wrote {} files:", all.len());
    println!(
        "  reports: {}",
        reports
            .iter()
            .map(|o| o.path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  tables:  {}",
        all.iter()
            .filter(|o| !is_chart(o) && !reports.iter().any(|r| r.path == o.path))
            .map(shown)
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  charts:  {} (.png and .svg)",
        all.iter()
            .filter(|o| o.path.extension().is_some_and(|e| e == "png"))
            .map(|o| o.path.with_extension("").display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

fn decompose(file: &std::path::Path, out: &std::path::Path, unit: &str) -> Result<()> {
    use ghgkit::decompose;
    let data = decompose::data::read(file)?;
    let ds = decompose::data::decompose(&data)?;
    let bytes = decompose::decomposition_csv(&[(file.display().to_string(), ds.clone())], unit)?;
    let path = out.join("decomposition.csv");
    ghgkit::report::write_atomic(&path, &bytes)?;
    for d in &ds {
        println!(
            "{} → {}: {} → {} (change {:+}{})",
            d.from,
            d.to,
            d.v0,
            d.vt,
            d.vt - d.v0,
            if unit.is_empty() {
                String::new()
            } else {
                format!(" {unit}")
            }
        );
        for (a, m) in d.additive.iter().zip(
            d.multiplicative
                .iter()
                .map(|x| Some(x.value))
                .chain(std::iter::repeat(None)),
        ) {
            println!(
                "  {:<24} {:+.6}{}",
                a.factor,
                a.value,
                m.map(|m| format!("   × {m:.6}")).unwrap_or_default()
            );
        }
    }
    println!("wrote:\n  {}", path.display());
    Ok(())
}

fn load_mappings(paths: &[PathBuf]) -> Result<Vec<ingest::balance::BalanceMapping>> {
    let mut out = Vec::new();
    let mut diags = Diagnostics::new();
    for p in paths {
        match ingest::balance::BalanceMapping::from_file(p) {
            Ok(m) => out.push(m),
            Err(Error::Input(d)) => diags.extend(d),
            Err(e) => return Err(e),
        }
    }
    diags.into_result()?;
    Ok(out)
}

/// Where all the warnings of reading the input are listed.
const INGEST_WARNINGS_ALL_IN: &str = "`ghgkit check` on the same files lists them all";
/// Where all the warnings raised while computing are listed.
const COMPUTE_WARNINGS_ALL_IN: &str =
    "summary.json and report.html list those raised while computing";

/// The first warnings and a count; `all_in` says where they are all listed.
fn print_warnings_briefly(d: &Diagnostics, all_in: &str) {
    const SHOWN: usize = 10;
    for item in d.iter().take(SHOWN) {
        eprintln!("{item}");
    }
    if d.warning_count() > SHOWN {
        eprintln!(
            "… and {} more warning(s): {all_in}",
            d.warning_count() - SHOWN
        );
    }
}

fn template(out: &std::path::Path, lang: Lang, force: bool) -> Result<()> {
    let shown = out.display().to_string();
    let at = || Some(Location::file(&shown));
    let is_xlsx = out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        return Err(Error::input(
            at(),
            "the template is an Excel workbook: give a file name ending in .xlsx",
        ));
    }
    if out.is_dir() {
        return Err(Error::input(
            at(),
            "is a folder: give a file name ending in .xlsx",
        ));
    }
    if out.exists() && !force {
        return Err(Error::input(
            at(),
            "already exists; nothing was written (add --force to replace it)",
        ));
    }
    let bytes = template::activity_template(lang)?;
    ghgkit::report::write_atomic(out, &bytes)?;
    println!(
        "wrote {shown}: a blank activity workbook ({} header), sheets {}, {}, {}",
        match lang {
            Lang::En => "English",
            Lang::Zh => "Chinese",
        },
        lang.instructions_sheet(),
        lang.activity_sheet(),
        lang.lists_sheet()
    );
    println!(
        "next: fill the sheet \"{}\" (one row per region × year × category × fuel; the sheet \"{}\" explains each column), then",
        lang.activity_sheet(),
        lang.instructions_sheet()
    );
    println!("  ghgkit check {shown}");
    println!("  ghgkit inventory {shown} --out results");
    Ok(())
}

fn print_diagnostics(d: &Diagnostics) {
    for item in d.iter() {
        eprintln!("{item}");
    }
}

fn inventory(
    data: ingest::Ingested,
    out: &std::path::Path,
    f: &FactorArgs,
    a: &AssessArgs,
    source: &str,
    only: &[run::OutputKind],
    style: &ghgkit::plot::style::Style,
) -> Result<()> {
    let (job, n_records) = compute_inventory(data, out, f, a, source, only, style)?;
    write_inventory(job, n_records, out, source, only, style)
}

/// `--only summary` of plain tidy .xlsx files, read as a stream and summed as it is read
/// ([`run::inventory_summary_streamed`]): the same messages, figures and summary.json as reading the files
/// whole, in a fraction of the memory. `None` when the files or options are not for it.
fn inventory_streamed(
    files: &[std::path::PathBuf],
    out: &std::path::Path,
    f: &FactorArgs,
    a: &AssessArgs,
    source: &str,
    only: &[run::OutputKind],
    style: &ghgkit::plot::style::Style,
) -> Option<Result<()>> {
    if only != [run::OutputKind::Summary] {
        return None;
    }
    // The factors are loaded before reading here; a problem with them is reported the usual way (after
    // the input's problems).
    let library = FactorLibrary::with_files(&f.factor_files).ok()?;
    let gwp = gases::gwp_set(&f.gwp).ok()?;
    set_threads(f);
    let job = run::InventoryJob {
        records: &[],
        overrides: &[],
        balances: &[],
        library: &library,
        factor_set: &f.factor_set,
        gwp,
        out_dir: out,
        data_source: source,
        assess: a.options(),
        style,
    };
    let (diagnostics, run, n_records) = run::inventory_summary_streamed(files, &job)?;
    if diagnostics.has_errors() {
        return Some(Err(Error::Input(diagnostics)));
    }
    print_warnings_briefly(&diagnostics, INGEST_WARNINGS_ALL_IN);
    Some(run.and_then(|job| {
        print_warnings_briefly(&job.inventory.warnings, COMPUTE_WARNINGS_ALL_IN);
        write_inventory(job, n_records, out, source, only, style)
    }))
}

/// Writes the outputs of an inventory run and prints its headline figures.
fn write_inventory(
    job: run::InventoryRun,
    n_records: usize,
    out: &std::path::Path,
    source: &str,
    only: &[run::OutputKind],
    style: &ghgkit::plot::style::Style,
) -> Result<()> {
    // The reports go with the full set of outputs, not with a chosen few (`--only`).
    let reports = write_with_reports(
        &[&job.outputs],
        &run::ReportJob {
            inventory: Some(&job),
            scenarios: None,
            data_source: source,
            out_dir: out,
            style,
        },
        only.is_empty(),
    )?;
    print_inventory(&job, n_records);
    print_written(job.outputs.iter().chain(&reports));
    // Millions of rows are freed by the process's exit at once rather than one by one (seconds on a
    // million-row workbook); nothing else is held.
    std::mem::forget(job);
    Ok(())
}

/// The global thread pool of `--threads`. It can be set once per process; a second call (never made by
/// the CLI) is ignored.
fn set_threads(f: &FactorArgs) {
    if let Some(t) = f.threads {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build_global();
    }
}

/// Checks the ingested data and computes the inventory job (nothing written); with the number of
/// activity records.
fn compute_inventory(
    data: ingest::Ingested,
    out: &std::path::Path,
    f: &FactorArgs,
    a: &AssessArgs,
    source: &str,
    only: &[run::OutputKind],
    style: &ghgkit::plot::style::Style,
) -> Result<(run::InventoryRun, usize)> {
    // Warnings are shown; errors stop the run before anything is computed or written.
    let ingest::Ingested {
        records,
        diagnostics,
        overrides,
        balances,
    } = data;
    if diagnostics.has_errors() {
        return Err(Error::Input(diagnostics));
    }
    print_warnings_briefly(&diagnostics, INGEST_WARNINGS_ALL_IN);
    set_threads(f);
    let library = FactorLibrary::with_files(&f.factor_files)?;
    let gwp = gases::gwp_set(&f.gwp)?;
    let only = if only.is_empty() {
        run::OutputKind::ALL
    } else {
        only
    };
    let job = run::inventory_job_only(
        &run::InventoryJob {
            records: &records,
            overrides: &overrides,
            balances: &balances,
            library: &library,
            factor_set: &f.factor_set,
            gwp,
            out_dir: out,
            data_source: source,
            assess: a.options(),
            style,
        },
        only,
    )?;
    print_warnings_briefly(&job.inventory.warnings, COMPUTE_WARNINGS_ALL_IN);
    Ok((job, records.len()))
}

/// The inventory's headline figures.
fn print_inventory(job: &run::InventoryRun, n_records: usize) {
    if let Some(t) = &job.totals {
        print_totals(job, t, n_records);
    } else {
        print_cube_totals(job, n_records);
    }
    print_beside(job);
}

/// The headline figures from the rows (a region × year × category × fuel × gas array).
fn print_cube_totals(job: &run::InventoryRun, n_records: usize) {
    let inv = &job.inventory;
    println!(
        "{} emission rows from {} activity rows; factor set \"{}\", GWP100 {}",
        inv.rows.len(),
        n_records,
        inv.factor_set,
        inv.gwp_set
    );
    // Totals from the region × year × category × fuel × gas array, in one pass.
    let cube = ghgkit::inventory::cube::Cube::of(inv);
    let totals = cube.total_co2e();
    let without_lulucf = inv.totals_without_lulucf();
    let by_gas = cube.emissions_by_gas();
    let co2 = cube.gases.iter().position(|g| *g == gases::Gas::CO2);
    const SHOWN: usize = 12;
    let mut shown = 0;
    for (a, region) in cube.regions.iter().enumerate() {
        for (b, year) in cube.years.iter().enumerate() {
            let t = totals[[a, b]];
            if t == 0.0 && co2.is_none_or(|g| by_gas[[a, b, g]] == 0.0) {
                continue;
            }
            shown += 1;
            if shown > SHOWN {
                continue;
            }
            println!(
                "  {region} {year}: {:.2} Mt CO2e in total, of which CO2 {:.2} Mt (memo items excluded)",
                t / 1e6,
                co2.map_or(0.0, |g| by_gas[[a, b, g]]) / 1e6
            );
            if let Some(w) = without_lulucf.get(&(region.clone(), *year))
                && (w - t).abs() > 0.0
            {
                println!(
                    "  {region} {year}: {:.2} Mt CO2e with LULUCF, {:.2} Mt CO2e without LULUCF (LULUCF net {:.2} Mt CO2e)",
                    t / 1e6,
                    w / 1e6,
                    (t - w) / 1e6
                );
            }
        }
    }
    if shown > SHOWN {
        println!(
            "  … and {} more region-years: see summary.json and inventory.xlsx",
            shown - SHOWN
        );
    }
}

/// The reference approach, indirect emissions and the assessment.
fn print_beside(job: &run::InventoryRun) {
    for ra in &job.reference {
        if let Some(t) = ra.comparison.iter().find(|c| c.group == "total") {
            println!(
                "  {} {}: reference approach {:.2} Mt CO2 vs sectoral {:.2} Mt: {}{}",
                ra.region,
                ra.year,
                t.reference_co2_t / 1e6,
                t.sectoral_co2_t / 1e6,
                t.difference_pct
                    .map(|d| format!("{d:+.1} %"))
                    .unwrap_or_else(|| "n/a".into()),
                if t.flag {
                    " (beyond ±5 %: see reference_approach.csv)"
                } else {
                    ""
                }
            );
        }
    }
    for e in &job.indirect {
        println!(
            "  {} {}: net imports of electricity {:.2} ×10⁸ kWh → indirect {:+.2} Mt CO2 (grid factor {:.4} kg CO2/kWh{}; not in the total)",
            e.region,
            e.year,
            e.net_import_kwh / 1e8,
            e.co2_t / 1e6,
            e.grid_factor,
            e.factor_year.map(|y| format!(", {y}")).unwrap_or_default()
        );
    }
    if job.totals.is_none() {
        print_assessment(&job.assessment);
    } else {
        println!(
            "  key categories and uncertainty are analysed when csv or xlsx is among the outputs (--only summary keeps no rows)"
        );
    }
}

/// The headline figures of a summary-only run, from its running totals (no rows kept, no assessment).
fn print_totals(
    job: &run::InventoryRun,
    t: &ghgkit::report::totals::RunningTotals,
    n_records: usize,
) {
    let inv = &job.inventory;
    println!(
        "{} emission rows from {} activity rows; factor set \"{}\", GWP100 {}",
        t.emission_rows(),
        n_records,
        inv.factor_set,
        inv.gwp_set
    );
    const SHOWN: usize = 12;
    let totals = t.totals();
    let lulucf = t.lulucf_totals();
    for ((region, year), s) in totals.iter().take(SHOWN) {
        println!(
            "  {region} {year}: {:.2} Mt CO2e in total, of which CO2 {:.2} Mt (memo items excluded)",
            s.co2e() / 1e6,
            s.mass(gases::Gas::CO2) / 1e6
        );
        if let Some(l) = lulucf.get(&(region.clone(), *year))
            && *l != 0.0
        {
            println!(
                "  {region} {year}: {:.2} Mt CO2e with LULUCF, {:.2} Mt CO2e without LULUCF (LULUCF net {:.2} Mt CO2e)",
                s.co2e() / 1e6,
                (s.co2e() - l) / 1e6,
                l / 1e6
            );
        }
    }
    if totals.len() > SHOWN {
        println!(
            "  … and {} more region-years: see summary.json",
            totals.len() - SHOWN
        );
    }
}

/// Per region × year (at most a dozen lines): the number of key categories and the uncertainty of the
/// total by both approaches.
fn print_assessment(a: &ghgkit::assess::Assessment) {
    use ghgkit::assess::key_categories::Assessment as Kind;
    const SHOWN: usize = 12;
    let totals: Vec<_> = a
        .uncertainty
        .lines
        .iter()
        .filter(|l| l.key.is_none() && l.lulucf == Some(ghgkit::assess::Lulucf::Without))
        .collect();
    for l in totals.iter().take(SHOWN) {
        let keys = a
            .key_categories
            .iter()
            .filter(|k| {
                k.region == l.region
                    && k.year == l.year
                    && k.assessment == Kind::Level
                    && k.lulucf == ghgkit::assess::Lulucf::Without
                    && k.is_key
            })
            .count();
        let mc =
            l.mc.as_ref()
                .and_then(|m| {
                    Some(format!(
                        "; Monte Carlo ({} draws) -{:.1} % / +{:.1} %",
                        a.uncertainty.draws, m.lower_pct?, m.upper_pct?
                    ))
                })
                .unwrap_or_default();
        println!(
            "  {} {}: {keys} key categories (level, without LULUCF); uncertainty of the total ±{:.1} % (error propagation){mc}",
            l.region, l.year, l.approach1_pct
        );
    }
    if totals.len() > SHOWN {
        println!(
            "  … and {} more region-years: see key_categories.csv and uncertainty.csv",
            totals.len() - SHOWN
        );
    }
}

fn list_factors(
    set: Option<String>,
    fuel: Option<String>,
    gas: Option<String>,
    kind: Option<String>,
    id: Option<String>,
    files: &[PathBuf],
) -> Result<()> {
    let lib = FactorLibrary::with_files(files)?;
    if let Some(id) = id {
        let Some(f) = lib.iter().find(|f| f.id == id) else {
            let ids: Vec<&str> = lib.iter().map(|f| f.id.as_str()).collect();
            let mut d = Diagnostics::new();
            d.push(
                ghgkit::error::Diagnostic::error(None, format!("no factor with id \"{id}\""))
                    .suggest(ghgkit::error::nearest(&id, ids)),
            );
            return Err(Error::Input(d));
        };
        println!("id           {}", f.id);
        println!("set          {}", f.set);
        println!("kind         {}", f.kind);
        println!("fuel         {}", f.activity.as_deref().unwrap_or("any"));
        println!("category     {}", f.category.as_deref().unwrap_or("any"));
        if let Some(g) = f.gas {
            println!("gas          {g}");
        }
        println!("value        {} {}", f.value, f.unit_text);
        println!(
            "uncertainty  -{:.1} % / +{:.1} % (95 %)",
            f.uncertainty.lower_pct, f.uncertainty.upper_pct
        );
        if let Some(r) = &f.region {
            println!("region       {r}");
        }
        if let Some(y) = f.year {
            println!("year         {y}");
        }
        println!("source       {}", f.source);
        println!("status       {}", f.status);
        if !f.note.is_empty() {
            println!("note         {}", f.note);
        }
        println!("defined at   {}", f.location);
        return Ok(());
    }
    if set.is_none() && fuel.is_none() && gas.is_none() && kind.is_none() {
        println!("factor sets (choose with --factor-set; list with ghgkit factors --set NAME):");
        for s in &lib.sets {
            println!(
                "  {:<10} {} records  {}{}",
                s.name,
                s.factors.len(),
                s.title_en,
                s.fallback
                    .as_deref()
                    .map(|f| format!(" (falls back to {f})"))
                    .unwrap_or_default()
            );
            println!("             {}", s.document);
        }
        println!("GWP100 sets (choose with --gwp):");
        for g in gases::gwp_sets() {
            println!("  {:<10} {}", g.name, g.title);
        }
        return Ok(());
    }
    let mut d = Diagnostics::new();
    let fuel_key = match &fuel {
        Some(f) => match FuelCatalogue::builtin().lookup(f) {
            Some(x) => Some(x.key.clone()),
            None => {
                d.push(
                    ghgkit::error::Diagnostic::error(None, format!("unknown fuel \"{f}\""))
                        .suggest(FuelCatalogue::builtin().suggest(f)),
                );
                None
            }
        },
        None => None,
    };
    let gas = match &gas {
        Some(g) => match gases::Gas::parse(g) {
            Some(x) => Some(x),
            None => {
                d.push(
                    ghgkit::error::Diagnostic::error(None, format!("unknown gas \"{g}\""))
                        .suggest(gases::Gas::suggest(g)),
                );
                None
            }
        },
        None => None,
    };
    let kinds = [
        FactorKind::Ncv,
        FactorKind::CarbonContent,
        FactorKind::Oxidation,
        FactorKind::Ef,
    ];
    let kind = match &kind {
        Some(k) => match kinds.iter().find(|x| x.to_string() == *k) {
            Some(x) => Some(*x),
            None => {
                d.error(
                    None,
                    format!("unknown kind \"{k}\": expected ncv, carbon_content, oxidation or ef"),
                );
                None
            }
        },
        None => None,
    };
    if let Some(s) = &set {
        lib.chain(s)?;
    }
    d.into_result()?;
    println!("id\tvalue\tunit\t95% range\tstatus\tsource");
    for f in lib.iter().filter(|f| {
        set.as_deref().is_none_or(|s| f.set == s)
            && fuel_key
                .as_deref()
                .is_none_or(|k| f.activity.as_deref() == Some(k))
            && gas.is_none_or(|g| f.gas == Some(g))
            && kind.is_none_or(|k| f.kind == k)
    }) {
        println!(
            "{}\t{}\t{}\t-{:.0}%/+{:.0}%\t{}\t{}",
            f.id,
            f.value,
            f.unit_text,
            f.uncertainty.lower_pct,
            f.uncertainty.upper_pct,
            f.status,
            f.source
        );
    }
    Ok(())
}
