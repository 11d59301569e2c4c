//! Driving a connected run: schema, prepared operations, then the load phase and each phase
//! in turn while an interval collector turns the recorders' data into snapshots every
//! `plan.interval` (to `latency.hlog`, `intervals.jsonl`, the progress line or the
//! dashboard), and finally `run.json`.
//!
//! What was measured is always written: a stop signal (Ctrl-C, or quitting the dashboard)
//! ends the current phase (the execution layer drains in-flight requests briefly), skips the
//! rest and marks the run interrupted; a set-up error inside a phase marks it failed. Request
//! errors never stop a run: they are counted by class and timed (a node that disappears
//! mid-run shows up as errors, not as a crash). With a dashboard, a phase may run as several
//! segments (rate changes, pauses; see `segment.rs` and `collector.rs`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use anyhow::Context as _;
use tokio::sync::watch;

use crate::commands::serve::write_ground_truth;
use crate::exec::{self, PhaseContext};
use crate::metrics::Registry;
use crate::plan::RunPlan;
use crate::profile::Connection;
use crate::progress::Progress;
use crate::results::{ResultWriter, RunResult, RunStatus, GROUND_TRUTH_FILE};
use crate::tui::RunSide;

use super::collector::Collector;
use super::schema::create_schema;
use super::segment::Names;

/// A finished (or stopped) run and where its files are.
#[derive(Debug)]
pub struct RunOutcome {
    pub result: RunResult,
    pub run_dir: PathBuf,
    /// The run was stopped early by the stop signal.
    pub interrupted: bool,
}

/// Run `plan` over `connection`. `stop` turning true ends the run early; `progress` shows the
/// progress line; `dashboard` receives the run's events and sends its controls.
pub async fn drive(
    plan: &RunPlan,
    connection: &Connection,
    stop: watch::Receiver<bool>,
    progress: Option<Progress<std::io::Stderr>>,
    dashboard: Option<RunSide>,
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
    let (events, mut controls) = match dashboard {
        Some(side) => (Some(side.events), Some(side.controls)),
        None => (None, None),
    };
    let run_dir = writer.run_dir().to_path_buf();
    let mut collector = Collector {
        registry,
        writer,
        progress,
        dashboard: events,
        run_start,
        interval: plan.interval,
        warnings: Vec::new(),
    };
    let phases: Vec<_> = workload.load.iter().chain(&workload.phases).collect();
    let mut names = Names::new(phases.iter().map(|p| p.name.clone()));
    let mut status = RunStatus::Completed;
    let mut failure = None;
    for (index, phase) in phases.into_iter().enumerate() {
        if *stop.borrow() {
            break;
        }
        match collector
            .phase(&ctx, phase, index, &stop, &mut controls, &mut names)
            .await
        {
            Ok(true) => {
                status = RunStatus::Interrupted;
                break;
            }
            Ok(false) => {}
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
    // A modelled embedded cluster's ground truth goes beside the results (run.json names it).
    if let Some(truth) = connection.embedded().and_then(|c| c.ground_truth()) {
        if let Err(e) = write_ground_truth(&run_dir.join(GROUND_TRUTH_FILE), &truth) {
            eprintln!("ringbench: warning: {e:#}");
        }
    }
    let (result, run_dir) = collector.finish(plan, status)?;
    let outcome = RunOutcome {
        result,
        run_dir,
        interrupted: status == RunStatus::Interrupted,
    };
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
