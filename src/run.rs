//! The inventory job as a whole: compute, then produce every output in memory, so that files are only
//! written once everything has succeeded (a failed run leaves no half-written report).

use crate::activity::ActivityRecord;
use crate::error::Result;
use crate::factors::{Factor, FactorLibrary};
use crate::gases::GwpSet;
use crate::ingest::balance::EnergyBalance;
use crate::inventory::electricity::{self, IndirectElectricity};
use crate::inventory::reference::{self, ReferenceApproach};
use crate::inventory::{self, Inventory, Settings, fugitive};
use crate::plot::adapt::NamedChart;
use crate::scenario::{self, Outcome, Scenario};
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
    /// The computed inventory (combustion, and fugitive emissions where a balance gives production).
    pub inventory: Inventory,
    /// The reference approach of each energy balance, compared with the sectoral inventory.
    pub reference: Vec<ReferenceApproach>,
    /// Indirect emissions of net imported electricity (never in the inventory's totals).
    pub indirect: Vec<IndirectElectricity>,
    /// Key categories and uncertainty.
    pub assessment: crate::assess::Assessment,
    /// The charts (also in `outputs` as PNG and SVG), for the reports.
    pub charts: Vec<NamedChart>,
    /// The files to write.
    pub outputs: Vec<Output>,
    /// When `summary` was the only output: the totals, summed as the rows were computed. The rows were not
    /// kept (`inventory.rows` is empty) and key categories and uncertainty, which need every row, were not
    /// analysed (`assessment` is that of an empty inventory).
    pub totals: Option<report::totals::RunningTotals>,
}

/// What an inventory job is given.
pub struct InventoryJob<'a> {
    /// Checked activity data.
    pub records: &'a [ActivityRecord],
    /// Factor overrides (a workbook's `factors` sheets).
    pub overrides: &'a [Factor],
    /// Energy balance tables read whole (for fugitive emissions, the reference approach and electricity).
    pub balances: &'a [EnergyBalance],
    /// The factor library.
    pub library: &'a FactorLibrary,
    /// The chosen factor set.
    pub factor_set: &'a str,
    /// The GWP set.
    pub gwp: &'a GwpSet,
    /// The output folder.
    pub out_dir: &'a Path,
    /// The data source, for chart footnotes.
    pub data_source: &'a str,
    /// Key categories and uncertainty: Monte Carlo draws (0: Approach 1 only) and seed.
    pub assess: crate::assess::Options,
    /// The language and font of the charts.
    pub style: &'a plot::style::Style,
}

/// Computes the inventory and renders `inventory.csv`, `inventory.xlsx`, `summary.json` (both with the
/// reference approach and indirect electricity, when there are balances), `reference_approach.csv` and
/// `indirect_electricity.csv` (when not empty), `key_categories.csv` and `uncertainty.csv` (also sheets of
/// the workbook; [`crate::assess`]) and the charts of every region, key categories and uncertainty
/// included (PNG and SVG, see [`plot::adapt::inventory_charts`]).
pub fn inventory_job(job: &InventoryJob<'_>) -> Result<InventoryRun> {
    inventory_job_only(job, OutputKind::ALL)
}

/// A kind of output file of an inventory run, so that a run can render only some of them (the
/// computation is the same whichever are chosen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    /// `inventory.csv`, and `reference_approach.csv` and `indirect_electricity.csv` when not empty.
    Csv,
    /// `inventory.xlsx`.
    Xlsx,
    /// `summary.json`.
    Summary,
    /// The charts, PNG and SVG ([`plot::adapt::inventory_charts`]).
    Charts,
}

impl OutputKind {
    /// Every output, the default.
    pub const ALL: &'static [OutputKind] = &[
        OutputKind::Csv,
        OutputKind::Xlsx,
        OutputKind::Summary,
        OutputKind::Charts,
    ];
}

/// As [`inventory_job`], rendering only the outputs of the kinds in `only`.
pub fn inventory_job_only(job: &InventoryJob<'_>, only: &[OutputKind]) -> Result<InventoryRun> {
    let settings = Settings {
        library: job.library,
        factor_set: job.factor_set,
        gwp: job.gwp,
        overrides: job.overrides,
    };
    // Fugitive emissions (1.B) from the production rows of each balance, unless the user gave their own
    // 1.B records for that fuel, region and year.
    // The records are copied only when fugitive records are added to them.
    let mut records = std::borrow::Cow::Borrowed(job.records);
    for b in job.balances {
        let more: Vec<ActivityRecord> = fugitive::fugitive_records_with(b, job.records);
        if !more.is_empty() {
            records.to_mut().extend(more);
        }
    }
    // Summary only: every row is summed as it is computed and dropped, except the CO2 rows of the balances'
    // region-years, which the reference approach is compared with.
    let streaming = !only
        .iter()
        .any(|k| matches!(k, OutputKind::Csv | OutputKind::Xlsx | OutputKind::Charts));
    let (inv, totals) = if streaming {
        let blocks: std::collections::BTreeSet<(&str, i32)> = job
            .balances
            .iter()
            .map(|b| (b.region.as_str(), b.year))
            .collect();
        let (inv, t) = report::totals::compute_totals(&records, &settings, |r| {
            r.gas == crate::gases::Gas::CO2 && blocks.contains(&(r.region.as_str(), r.year))
        })?;
        (inv, Some(t))
    } else {
        (inventory::compute(&records, &settings)?, None)
    };
    render_job(job, only, &records, &settings, (inv, totals))
}

/// The outputs of an inventory job whose figures are computed: `inv` with its rows, or without them and
/// with `totals` (summary only), from `records`.
fn render_job(
    job: &InventoryJob<'_>,
    only: &[OutputKind],
    records: &[ActivityRecord],
    settings: &Settings<'_>,
    (inv, totals): (Inventory, Option<report::totals::RunningTotals>),
) -> Result<InventoryRun> {
    let wants = |k: OutputKind| only.contains(&k);
    let streaming = totals.is_some();
    let settings = settings.clone();
    let mut reference = Vec::new();
    let mut indirect = electricity::indirect_from_records(job.records, &settings)?;
    for b in job.balances {
        let mut ra = reference::reference_approach(b, &settings)?;
        ra.comparison = ra.compare_with(&inv);
        reference.push(ra);
        indirect.extend(electricity::indirect_from_balance(b, &settings)?);
    }
    // The factors sheet lists every factor behind any figure of the run: also those of the reference
    // approach (fuels the sectoral approach may not burn) and the grid factors.
    let mut inv = inv;
    let ids = reference
        .iter()
        .flat_map(|ra| ra.fuels.iter().flat_map(|f| f.factor_ids.iter()))
        .chain(indirect.iter().map(|e| &e.factor_id));
    for id in ids {
        if !inv.factors_used.contains_key(id)
            && let Some(f) = job
                .overrides
                .iter()
                .chain(job.library.iter())
                .find(|f| &f.id == id)
        {
            inv.factors_used.insert(id.clone(), f.clone());
        }
    }
    let (out_dir, data_source) = (job.out_dir, job.data_source);
    // Key categories (Vol. 1 Ch. 4) and uncertainty (Vol. 1 Ch. 3), with the activity ranges of the
    // records the inventory was computed from.
    let assessment = if streaming {
        inv.rows = Vec::new();
        crate::assess::assess(&inv, &[], &job.assess)?
    } else {
        crate::assess::assess(&inv, records, &job.assess)?
    };
    let data = report::tables::ReportData {
        inventory: &inv,
        reference: &reference,
        indirect: &indirect,
        assessment: Some(&assessment),
    };
    let mut outputs = Vec::new();
    if wants(OutputKind::Csv) {
        outputs.push(Output {
            path: out_dir.join("inventory.csv"),
            bytes: report::csv::inventory_csv(&inv)?,
        });
    }
    if wants(OutputKind::Xlsx) {
        outputs.push(Output {
            path: out_dir.join("inventory.xlsx"),
            bytes: report::xlsx::inventory_xlsx(&data)?,
        });
    }
    if wants(OutputKind::Summary) {
        outputs.push(Output {
            path: out_dir.join("summary.json"),
            bytes: match &totals {
                Some(t) => report::json::summary_json_with(&data, t)?,
                None => report::json::summary_json(&data)?,
            },
        });
    }
    if wants(OutputKind::Csv) {
        outputs.push(Output {
            path: out_dir.join("key_categories.csv"),
            bytes: report::assess::table_csv(&report::assess::key_category_table(
                &assessment.key_categories,
            ))?,
        });
        outputs.push(Output {
            path: out_dir.join("uncertainty.csv"),
            bytes: report::assess::table_csv(&report::assess::uncertainty_table(
                &assessment.uncertainty,
            ))?,
        });
    }
    if !reference.is_empty() && wants(OutputKind::Csv) {
        outputs.push(Output {
            path: out_dir.join("reference_approach.csv"),
            bytes: report::csv::reference_csv(&reference)?,
        });
    }
    if !indirect.is_empty() && wants(OutputKind::Csv) {
        outputs.push(Output {
            path: out_dir.join("indirect_electricity.csv"),
            bytes: report::csv::indirect_csv(&indirect)?,
        });
    }
    let charts = if wants(OutputKind::Charts) {
        plot::adapt::inventory_charts(&inv, &reference, Some(&assessment), data_source, job.style)?
    } else {
        Vec::new()
    };
    outputs.extend(chart_outputs(&charts, out_dir));
    Ok(InventoryRun {
        inventory: inv,
        reference,
        indirect,
        assessment,
        charts,
        outputs,
        totals,
    })
}

/// `--only summary` of plain tidy .xlsx files, read as a stream ([`crate::ingest::stream_activity`]):
/// each batch of records is computed ([`inventory::Computer`]), summed into the totals
/// ([`report::totals::RunningTotals`]) and dropped, so that memory is bounded by the totals, not by the
/// workbook. The records, problems, figures and summary.json are those of reading the files with
/// [`crate::ingest::read_activity`] and running [`inventory_job_only`] with `[OutputKind::Summary]`.
///
/// `job.records`, `job.overrides` and `job.balances` are not used (the files give them). Returns `None`
/// when the files are not all plain tidy workbooks or a record needs the others (see
/// [`inventory::Computer::independent`]): then read them and run the job as usual. Otherwise the reading's
/// problems (errors among them stop the run: the result is then not to be used), the run, and the number
/// of activity records.
pub fn inventory_summary_streamed<P: AsRef<Path>>(
    files: &[P],
    job: &InventoryJob<'_>,
) -> Option<(crate::error::Diagnostics, Result<InventoryRun>, usize)> {
    let settings = Settings {
        library: job.library,
        factor_set: job.factor_set,
        gwp: job.gwp,
        overrides: &[],
    };
    // Two threads: this one reads; the other computes each batch read (in rayon's pool) and sums its rows,
    // in order. The first record that needs the others (see `Computer::independent`) stops both.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<ActivityRecord>>(1);
    let (read, computed) = std::thread::scope(|scope| {
        let consumer = scope.spawn(|| {
            let mut computer = inventory::Computer::new(&settings);
            let mut totals = report::totals::RunningTotals::new();
            let mut failed = None;
            let mut add = |records: &[ActivityRecord], rows: Vec<inventory::Computed>| {
                for r in &rows {
                    totals.add_computed(records, r);
                }
            };
            for records in rx {
                if !records.iter().all(inventory::Computer::independent) {
                    return None;
                }
                if failed.is_none()
                    && let Err(e) = computer.add_computed(&records, &mut add)
                {
                    failed = Some(e);
                }
            }
            if failed.is_none() {
                let mut add_rows = |rows: Vec<inventory::EmissionRow>| {
                    for r in &rows {
                        totals.add(r);
                    }
                };
                match computer.finish(&[], &mut add_rows) {
                    Ok(inv) => return Some(Ok((inv, totals))),
                    Err(e) => failed = Some(e),
                }
            }
            failed.map(Err)
        });
        let read = crate::ingest::stream_activity(files, &mut |records| tx.send(records).is_ok());
        drop(tx);
        (read, consumer.join())
    });
    let read = read?;
    let computed = computed.ok()??;
    let n = read.records;
    if read.diagnostics.has_errors() {
        let stopped = Err(crate::error::Error::Input(read.diagnostics.clone()));
        return Some((read.diagnostics, stopped, n));
    }
    let run = computed.and_then(|(inv, totals)| {
        let job = InventoryJob {
            records: &[],
            overrides: &[],
            balances: &[],
            ..*job
        };
        render_job(
            &job,
            &[OutputKind::Summary],
            &[],
            &settings,
            (inv, Some(totals)),
        )
    });
    Some((read.diagnostics, run, n))
}

/// Writes every output atomically.
pub fn write_all(outputs: &[Output]) -> Result<()> {
    for o in outputs {
        report::write_atomic(&o.path, &o.bytes)?;
    }
    Ok(())
}

/// Each chart as `NAME.png` and `NAME.svg` in `out_dir`.
fn chart_outputs(charts: &[NamedChart], out_dir: &Path) -> Vec<Output> {
    charts
        .iter()
        .flat_map(|c| {
            [
                Output {
                    path: out_dir.join(format!("{}.png", c.name)),
                    bytes: c.rendered.png.clone(),
                },
                Output {
                    path: out_dir.join(format!("{}.svg", c.name)),
                    bytes: c.rendered.svg.clone().into_bytes(),
                },
            ]
        })
        .collect()
}

/// What a scenario job is given.
pub struct ScenarioJob<'a> {
    /// Checked scenarios.
    pub scenarios: &'a [Scenario],
    /// Draws and seed.
    pub options: scenario::Options,
    /// The output folder.
    pub out_dir: &'a Path,
    /// The language and font of the charts.
    pub style: &'a plot::style::Style,
    /// Counts the draws done (for a progress bar; [`scenario::engine::total_draws`] is the total).
    pub progress: &'a std::sync::atomic::AtomicUsize,
}

/// What a scenario job produced.
pub struct ScenarioRun {
    /// One outcome per scenario.
    pub outcomes: Vec<Outcome>,
    /// The charts (also in `outputs`), for the reports.
    pub charts: Vec<NamedChart>,
    /// `trajectories.csv`, `targets.json` and the charts.
    pub outputs: Vec<Output>,
}

/// Simulates the scenarios (in rayon's current pool) and renders `trajectories.csv`, `targets.json` and
/// the scenario charts ([`plot::adapt::scenario_charts`]).
pub fn scenario_job(job: &ScenarioJob<'_>) -> Result<ScenarioRun> {
    use scenario::OutputKind as K;
    scenario_job_only(
        job,
        &[
            K::Trajectories,
            K::Targets,
            K::Iamc,
            K::Decomposition,
            K::Charts,
        ],
    )
}

/// As [`scenario_job`], rendering only the outputs of the kinds in `only` (the charts only with
/// `OutputKind::Charts`; the reports are the caller's, see [`report_job`]).
pub fn scenario_job_only(
    job: &ScenarioJob<'_>,
    only: &[scenario::OutputKind],
) -> Result<ScenarioRun> {
    let rendered = scenario::run_only(job.scenarios, job.options, job.out_dir, job.progress, only)?;
    let charts = if only.contains(&scenario::OutputKind::Charts) {
        plot::adapt::scenario_charts(
            &rendered.outcomes,
            &scenario::decompositions(job.scenarios)?,
            job.style,
        )?
    } else {
        Vec::new()
    };
    let mut outputs: Vec<Output> = rendered
        .files
        .into_iter()
        .map(|(path, bytes)| Output { path, bytes })
        .collect();
    outputs.extend(chart_outputs(&charts, job.out_dir));
    Ok(ScenarioRun {
        outcomes: rendered.outcomes,
        charts,
        outputs,
    })
}

/// What the reports are made of: an inventory run, a scenario run, or both (`ghgkit run`).
pub struct ReportJob<'a> {
    /// The inventory part.
    pub inventory: Option<&'a InventoryRun>,
    /// The scenario part.
    pub scenarios: Option<&'a ScenarioRun>,
    /// The data source of the inventory.
    pub data_source: &'a str,
    /// The output folder.
    pub out_dir: &'a Path,
    /// The language of the report's texts.
    pub style: &'a plot::style::Style,
}

/// The parts of the report.html already in `job.out_dir` that this job's report would replace without
/// holding them (e.g. `["inventory"]` when a scenario run is sent into an inventory's folder); empty when
/// there is no report there, or it is not one of ghgkit's.
pub fn report_parts_lost(job: &ReportJob<'_>) -> Vec<String> {
    let new = report::publish::part_names(job.inventory.is_some(), job.scenarios.is_some());
    match std::fs::read_to_string(job.out_dir.join("report.html")) {
        Ok(existing) => report::publish::parts_lost(&existing, &new),
        Err(_) => Vec::new(),
    }
}

/// `report.html` (one self-contained file: inline SVG charts, tables, methods and sources) and
/// `report.xlsx` (formatted tables and native Excel charts).
pub fn report_job(job: &ReportJob<'_>) -> Result<Vec<Output>> {
    let parts = report::publish::Parts {
        inventory: job.inventory.map(|r| report::publish::InventoryPart {
            data: report::tables::ReportData {
                inventory: &r.inventory,
                reference: &r.reference,
                indirect: &r.indirect,
                assessment: Some(&r.assessment),
            },
            charts: &r.charts,
        }),
        scenarios: job.scenarios.map(|r| report::publish::ScenarioPart {
            outcomes: &r.outcomes,
            charts: &r.charts,
        }),
        data_source: job.data_source,
        lang: job.style.lang,
    };
    Ok(vec![
        Output {
            path: job.out_dir.join("report.html"),
            bytes: report::html::report_html(&parts)?,
        },
        Output {
            path: job.out_dir.join("report.xlsx"),
            bytes: report::report_xlsx::report_xlsx(&parts)?,
        },
    ])
}
