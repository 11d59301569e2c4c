//! `ringbench run`: workload + profile + flags -> plan -> connect -> schema -> load phase and
//! phases -> results on disk and a summary on stdout.
//!
//! [`execute`] is the whole run as a library call (the tests drive it in-process, through the
//! same argument parsing as the command line); [`run`] adds what only the command line has:
//! Ctrl-C, the dashboard or the progress line, the printed summary and the client's own
//! single-threaded runtime (`runtime.rs`). Ctrl-C stops claiming requests, drains those in
//! flight briefly, writes everything measured so far (run.json says `interrupted`) and ends
//! with [`Interrupted`], which `main` maps to exit code [`INTERRUPTED_EXIT_CODE`].
//!
//! The dashboard (`--tui`, the default when stdout is a terminal) draws on its own thread,
//! never on the client thread; quitting it with q or Esc stops the run like Ctrl-C but exits
//! with 0 (the user asked for it), Ctrl-C inside it exits with 130 as usual. The terminal is
//! restored before the summary is printed.

mod collector;
mod control;
mod dashboard;
mod drive;
mod runtime;
mod schema;
mod segment;

use std::path::PathBuf;

use anyhow::Context as _;
use tokio::sync::watch;

use crate::cli::RunArgs;
use crate::plan::{build_plan, PlanInputs, RunPlan};
use crate::profile::{self, Profile};
use crate::progress::Progress;
use crate::results::summary;
use crate::tui::{Exit, RunSide};
use crate::workload;

pub use drive::RunOutcome;
pub use schema::create_keyspace_cql;

/// The exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED_EXIT_CODE: u8 = 130;

/// A run stopped early by Ctrl-C; its results (marked interrupted) are in `run_dir`.
#[derive(Debug, thiserror::Error)]
#[error(
    "interrupted: the results measured until then are in {}",
    run_dir.display()
)]
pub struct Interrupted {
    pub run_dir: PathBuf,
}

/// How a run is driven besides its arguments.
#[derive(Debug)]
pub struct RunOptions {
    /// Turning true stops the run early (Ctrl-C).
    pub stop: watch::Receiver<bool>,
    /// Show the progress line on stderr.
    pub progress: bool,
    /// The command line as typed, recorded in the result.
    pub command_line: Vec<String>,
    /// The dashboard's end of the link: the run sends it events and applies its controls
    /// (pause, resume, rate changes).
    pub dashboard: Option<RunSide>,
}

impl RunOptions {
    /// A run driven by a program rather than a person: no progress display, no dashboard.
    /// Add new options here with their quiet default, so callers keep compiling.
    pub fn headless(stop: watch::Receiver<bool>, command_line: Vec<String>) -> Self {
        RunOptions {
            stop,
            progress: false,
            command_line,
            dashboard: None,
        }
    }
}

/// Carry out `ringbench run`: the run, with Ctrl-C and the dashboard or the progress line,
/// then its summary.
pub async fn run(args: &RunArgs) -> anyhow::Result<()> {
    let plan = plan(args, std::env::args().collect())?;
    let (stop_tx, stop) = watch::channel(false);
    let (live, side) = dashboard::start(args, &plan, &stop_tx)?.unzip();
    let quiet = live.is_some();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            if !quiet {
                eprintln!(
                    "\nringbench: stopping: draining requests in flight (up to {:?}), then \
                     writing the results",
                    crate::exec::DRAIN_TIMEOUT
                );
            }
            let _ = stop_tx.send(true);
        }
    });
    let options = RunOptions {
        stop,
        progress: !quiet,
        command_line: Vec::new(),
        dashboard: side,
    };
    let outcome =
        runtime::on_client_thread(move || async move { execute_plan(&plan, options).await }).await;
    ctrl_c.abort();
    let exit = match live {
        Some(live) => dashboard::finish(live).await,
        None => Exit::Finished,
    };
    let outcome = outcome?;
    print!(
        "{}",
        summary::render(&outcome.result, Some(&outcome.run_dir))
    );
    if outcome.interrupted && exit != Exit::Quit {
        return Err(Interrupted {
            run_dir: outcome.run_dir,
        }
        .into());
    }
    Ok(())
}

/// The whole run for `args`: plan, connect, drive, disconnect. Returns what was written.
pub async fn execute(args: &RunArgs, mut options: RunOptions) -> anyhow::Result<RunOutcome> {
    let plan = plan(args, std::mem::take(&mut options.command_line))?;
    execute_plan(&plan, options).await
}

/// The run of a plan already built ([`plan`]): connect, drive, disconnect.
/// `options.command_line` is not used (the plan holds it).
pub async fn execute_plan(plan: &RunPlan, options: RunOptions) -> anyhow::Result<RunOutcome> {
    let connection = profile::connect(&plan.profile)
        .await
        .with_context(|| format!("the run of '{}' did not start", plan.workload.name))?;
    let progress = options.progress.then(Progress::stderr);
    let outcome = drive::drive(plan, &connection, options.stop, progress, options.dashboard).await;
    connection.close().await;
    outcome
}

/// The run of a plan on a connection the caller opened and closes (a capacity search runs
/// all its steps on one cluster). `options.command_line` is not used (the plan holds it).
pub async fn execute_on(
    plan: &RunPlan,
    connection: &profile::Connection,
    options: RunOptions,
) -> anyhow::Result<RunOutcome> {
    let progress = options.progress.then(Progress::stderr);
    drive::drive(plan, connection, options.stop, progress, options.dashboard).await
}

/// Load the workload and the profile and build the plan (nothing connects yet).
pub fn plan(args: &RunArgs, command_line: Vec<String>) -> anyhow::Result<RunPlan> {
    let workload = workload::load_named(&args.workload)?;
    let profile = load_profile(args.profile.as_deref())?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    Ok(build_plan(
        args,
        PlanInputs {
            workload,
            profile,
            command_line,
            cores,
        },
    )?)
}

/// `--profile NAME_OR_PATH`, or the embedded 1-node default.
fn load_profile(name_or_path: Option<&str>) -> anyhow::Result<Profile> {
    Ok(match name_or_path {
        Some(p) => profile::open(p)?,
        None => profile::embedded_default()?,
    })
}
