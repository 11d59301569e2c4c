//! Driving a connected run: schema, prepared operations, then the load phase and each phase
//! in turn while an interval collector turns the recorders' data into snapshots every
//! `plan.interval` (to `latency.hlog`, `intervals.jsonl` and the progress line), and finally
//! `run.json`.
//!
//! What was measured is always written: a stop signal (Ctrl-C) ends the current phase (the
//! execution layer drains in-flight requests briefly), skips the rest and marks the run
//! interrupted; a set-up error inside a phase marks it failed. Request errors never stop a
//! run: they are counted by class and timed (a node that disappears mid-run shows up as
//! errors, not as a crash).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;
use tokio::sync::watch;

use crate::exec::{self, GaugeSnapshot, PhaseContext, PhaseGauges, PhaseReport};
use crate::metrics::Registry;
use crate::plan::{PhasePlan, RunPlan};
use crate::profile::Connection;
use crate::progress::Progress;
use crate::results::{ResultWriter, RunMeta, RunResult, RunStatus};

use super::schema::create_schema;

/// A finished (or stopped) run and where its files are.
#[derive(Debug)]
pub struct RunOutcome {
    pub result: RunResult,
    pub run_dir: PathBuf,
    /// The run was stopped early by the stop signal.
    pub interrupted: bool,
}

/// Run `plan` over `connection`. `stop` turning true ends the run early; `progress` shows the
/// progress line.
pub async fn drive(
    plan: &RunPlan,
    connection: &Connection,
    stop: watch::Receiver<bool>,
    progress: Option<Progress<std::io::Stderr>>,
) -> anyhow::Result<RunOutcome> {
    let session = connection.session().clone();
    let workload = &plan.workload;
    create_schema(&session, workload).await?;
    let ops = exec::prepare(&session, workload, plan.seed)
        .await
        .with_context(|| format!("workload '{}' cannot start", workload.name))?;
    let names = workload.operations.iter().map(|o| o.name.clone()).collect();
    let registry = Arc::new(Registry::new(names));
    let run_start = Instant::now();
    let writer = ResultWriter::create(
        &plan.out_dir,
        &workload.name,
        &plan.profile.name,
        SystemTime::now(),
    )?;
    let ctx = PhaseContext {
        session,
        ops: Arc::new(ops),
        bindings: workload.bindings.clone(),
        seed: plan.seed,
        concurrency: plan.concurrency,
        max_in_flight: plan.max_in_flight,
        run_start,
        recorders: registry.clone(),
    };
    let mut collector = Collector {
        registry,
        writer,
        progress,
        run_start,
        interval: plan.interval,
        warnings: Vec::new(),
    };
    let mut status = RunStatus::Completed;
    let mut failure = None;
    for phase in workload.load.iter().chain(&workload.phases) {
        if *stop.borrow() {
            break;
        }
        match collector.phase(&ctx, phase, stop.clone()).await {
            Ok(report) => {
                collector.note_report(&report);
                if report.stopped {
                    status = RunStatus::Interrupted;
                    break;
                }
            }
            Err(e) => {
                status = RunStatus::Failed;
                failure = Some(e);
                break;
            }
        }
    }
    if *stop.borrow() && status == RunStatus::Completed {
        status = RunStatus::Interrupted;
    }
    let outcome = collector.finish(plan, status)?;
    match failure {
        Some(e) => Err(e).with_context(|| {
            format!(
                "the run stopped; what it measured is in {}",
                outcome.run_dir.display()
            )
        }),
        None => Ok(outcome),
    }
}

/// Collects interval snapshots while phases run and writes them out.
struct Collector {
    registry: Arc<Registry>,
    writer: ResultWriter,
    progress: Option<Progress<std::io::Stderr>>,
    run_start: Instant,
    interval: Duration,
    /// Warnings for run.json beside those the results derive from the measurements.
    warnings: Vec<String>,
}

impl Collector {
    /// Run one phase, collecting an interval every `self.interval` and once at its end.
    async fn phase(
        &mut self,
        ctx: &PhaseContext,
        phase: &PhasePlan,
        stop: watch::Receiver<bool>,
    ) -> anyhow::Result<PhaseReport> {
        let gauges = Arc::new(PhaseGauges::new(phase)?);
        let start_ns = self.now_ns();
        self.registry.start_at(start_ns);
        if let Some(progress) = self.progress.as_mut() {
            progress.begin_phase(&phase.name, Some(phase.length), start_ns);
        }
        let run = exec::run_phase(ctx, phase, &gauges, stop);
        tokio::pin!(run);
        let first_tick = tokio::time::Instant::now() + self.interval;
        let mut ticks = tokio::time::interval_at(first_tick, self.interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut previous: Option<GaugeSnapshot> = None;
        let report = loop {
            tokio::select! {
                report = &mut run => break report,
                _ = ticks.tick() => {
                    let now = gauges.snapshot();
                    self.collect(&phase.name, now.to_metrics(previous.as_ref()));
                    previous = Some(now);
                }
            }
        };
        // The phase's last (partial) interval, after its workers finished.
        let last = gauges.snapshot();
        self.collect(&phase.name, last.to_metrics(previous.as_ref()));
        if let Some(progress) = self.progress.as_mut() {
            progress.finish();
        }
        Ok(report?)
    }

    fn collect(&mut self, phase: &str, gauges: crate::metrics::Gauges) {
        let snapshot = self.registry.collect(phase, self.now_ns(), gauges);
        if let Err(e) = self.writer.interval(&snapshot) {
            // Totals are kept even when a write fails, so run.json stays complete; say once.
            if self.warnings.iter().all(|w| !w.starts_with(WRITE_WARNING)) {
                self.warnings.push(format!("{WRITE_WARNING}: {e}"));
            }
        }
        if let Some(progress) = self.progress.as_mut() {
            progress.update(&snapshot);
        }
    }

    fn now_ns(&self) -> u64 {
        u64::try_from(self.run_start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    /// What a phase report tells a reader that the histograms do not.
    fn note_report(&mut self, report: &PhaseReport) {
        if report.abandoned > 0 {
            self.warnings.push(format!(
                "phase '{}': {} request(s) were still in flight when the run stopped and \
                 were abandoned after {:?} (not in the histograms)",
                report.phase,
                report.abandoned,
                exec::DRAIN_TIMEOUT
            ));
        }
        for example in &report.error_examples {
            self.warnings.push(format!(
                "phase '{}', operation '{}': {} errors, for example: {}",
                report.phase,
                example.operation,
                example.class.name(),
                example.message
            ));
        }
    }

    /// Write run.json.
    fn finish(self, plan: &RunPlan, status: RunStatus) -> anyhow::Result<RunOutcome> {
        let run_dir = self.writer.run_dir().to_path_buf();
        let mut meta = RunMeta::from_plan(plan);
        meta.status = status;
        meta.warnings = self.warnings;
        let result = self
            .writer
            .finish(meta)
            .with_context(|| format!("cannot write the results to {}", run_dir.display()))?;
        Ok(RunOutcome {
            result,
            run_dir,
            interrupted: status == RunStatus::Interrupted,
        })
    }
}

/// Start of the warning given when interval data cannot be written.
const WRITE_WARNING: &str = "some interval data could not be written";
