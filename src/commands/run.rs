//! `ringbench run`: workload + profile + flags -> plan -> connect -> schema -> load phase and
//! phases -> results on disk and a summary on stdout.
//!
//! [`execute`] is the whole run as a library call (the tests drive it in-process, through the
//! same argument parsing as the command line); [`run`] adds what only the command line has:
//! Ctrl-C, the progress line, the printed summary and the client's own single-threaded runtime
//! (`runtime.rs`). Ctrl-C stops claiming requests, drains those in flight briefly, writes
//! everything measured so far (run.json says `interrupted`) and ends with [`Interrupted`],
//! which `main` maps to exit code [`INTERRUPTED_EXIT_CODE`].

mod drive;
mod runtime;
mod schema;

use std::path::PathBuf;

use anyhow::Context as _;
use tokio::sync::watch;

use crate::cli::RunArgs;
use crate::plan::{build_plan, PlanInputs, RunPlan};
use crate::profile::{self, Profile};
use crate::progress::Progress;
use crate::results::summary;
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
}

impl RunOptions {
    /// A run driven by a program rather than a person: no progress display, no dashboard.
    /// Add new options here with their quiet default, so callers keep compiling.
    pub fn headless(stop: watch::Receiver<bool>, command_line: Vec<String>) -> Self {
        RunOptions {
            stop,
            progress: false,
            command_line,
        }
    }
}

/// Carry out `ringbench run`: the run, with Ctrl-C and progress, then its summary.
pub async fn run(args: &RunArgs) -> anyhow::Result<()> {
    let (stop_tx, stop) = watch::channel(false);
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!(
                "\nringbench: stopping: draining requests in flight (up to {:?}), then \
                 writing the results",
                crate::exec::DRAIN_TIMEOUT
            );
            let _ = stop_tx.send(true);
        }
    });
    let options = RunOptions {
        stop,
        progress: true,
        command_line: std::env::args().collect(),
    };
    let args = args.clone();
    let outcome =
        runtime::on_client_thread(move || async move { execute(&args, options).await }).await;
    ctrl_c.abort();
    let outcome = outcome?;
    print!(
        "{}",
        summary::render(&outcome.result, Some(&outcome.run_dir))
    );
    if outcome.interrupted {
        return Err(Interrupted {
            run_dir: outcome.run_dir,
        }
        .into());
    }
    Ok(())
}

/// The whole run for `args`: plan, connect, drive, disconnect. Returns what was written.
pub async fn execute(args: &RunArgs, options: RunOptions) -> anyhow::Result<RunOutcome> {
    let plan = plan(args, options.command_line)?;
    let connection = profile::connect(&plan.profile)
        .await
        .with_context(|| format!("the run of '{}' did not start", plan.workload.name))?;
    let progress = options.progress.then(Progress::stderr);
    let outcome = drive::drive(&plan, &connection, options.stop, progress).await;
    connection.close().await;
    outcome
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
