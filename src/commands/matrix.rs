//! `ringbench matrix WORKLOAD --profile A --profile B [...]`: the same workload, with the same
//! rate, length and seed, against each profile in turn (each run is an ordinary `ringbench run`
//! through [`super::run::execute`], its results in `<out>/<run-id>/`), then the comparative
//! report with the first profile as the base, written to `<out>/matrix-<stamp>/report.<ext>`
//! and printed as text. The exit code is that of `compare` (1 on a regression).

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Parser as _;
use tokio::sync::watch;

use super::compare::{finish, load_all, report, Compared, ReportPlan};
use super::run::{execute as execute_run, Interrupted, RunOptions};
use crate::cli::{Cli, Command, MatrixArgs, RunArgs};
use crate::results::RUN_FILE;

/// What a matrix produced.
#[derive(Debug)]
pub struct MatrixOutcome {
    /// Each profile's run directory, in order.
    pub runs: Vec<PathBuf>,
    /// `<out>/matrix-<stamp>/`, holding `report.<ext>`.
    pub report_dir: PathBuf,
    pub compared: Compared,
}

/// Carry out `ringbench matrix`, with Ctrl-C and progress.
pub async fn run(args: &MatrixArgs) -> anyhow::Result<()> {
    let (stop_tx, stop) = watch::channel(false);
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("\nringbench: stopping the matrix after the current run's drain");
            let _ = stop_tx.send(true);
        }
    });
    let outcome = execute(args, stop, true).await;
    ctrl_c.abort();
    let outcome = outcome?;
    print!("{}", outcome.compared.printed);
    if let Some(path) = &outcome.compared.written {
        eprintln!("ringbench: report written to {}", path.display());
    }
    finish(&outcome.compared.output)
}

/// Runs every profile, then compares. `stop` turning true ends the matrix with
/// [`Interrupted`] after the current run has written its results.
pub async fn execute(
    args: &MatrixArgs,
    stop: watch::Receiver<bool>,
    progress: bool,
) -> anyhow::Result<MatrixOutcome> {
    if args.profiles.len() < 2 {
        anyhow::bail!(
            "`ringbench matrix` needs at least two profiles to compare (--profile A --profile B)"
        );
    }
    let mut runs = Vec::new();
    for (i, profile) in args.profiles.iter().enumerate() {
        let line = command_line(args, profile);
        let run_args = parse_run(&line)?;
        let mut options = RunOptions::headless(stop.clone(), line);
        options.progress = progress;
        if progress {
            eprintln!(
                "ringbench matrix: run {} of {}: {} against {profile}",
                i + 1,
                args.profiles.len(),
                args.workload
            );
        }
        let outcome = execute_run(&run_args, options)
            .await
            .with_context(|| format!("matrix run against profile '{profile}'"))?;
        if outcome.interrupted {
            return Err(Interrupted {
                run_dir: outcome.run_dir,
            }
            .into());
        }
        runs.push(outcome.run_dir);
    }
    let loaded = load_all(&runs.iter().map(|d| d.join(RUN_FILE)).collect::<Vec<_>>())?;
    let stamp = loaded
        .first()
        .and_then(|r| r.result.run_id.split('-').next())
        .unwrap_or("run")
        .to_string();
    let report_dir = unique_dir(&args.out, &format!("matrix-{stamp}"))?;
    let title = format!(
        "ringbench matrix: {} on {}",
        args.workload,
        args.profiles.join(", ")
    );
    let compared = report(
        &loaded,
        &ReportPlan {
            title,
            phase: args.phase.as_deref(),
            thresholds: args.thresholds.as_deref(),
            format: args.format,
            out: Some(&report_dir),
        },
    )?;
    Ok(MatrixOutcome {
        runs,
        report_dir,
        compared,
    })
}

/// The `ringbench run` command line of one profile's run (recorded in its run.json).
fn command_line(args: &MatrixArgs, profile: &str) -> Vec<String> {
    let mut line: Vec<String> = ["ringbench", "run", &args.workload, "--profile", profile]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut flag = |name: &str, value: String| {
        line.push(name.to_string());
        line.push(value);
    };
    if let Some(rate) = args.rate {
        flag("--rate", rate.to_string());
    }
    if let Some(duration) = args.duration {
        flag("--duration", format!("{}ms", duration.as_millis()));
    }
    if let Some(ops) = args.ops {
        flag("--ops", ops.to_string());
    }
    flag("--seed", args.seed.to_string());
    flag("--out", args.out.display().to_string());
    for (key, value) in &args.tags {
        flag("--tag", format!("{key}={value}"));
    }
    if args.no_load {
        line.push("--no-load".into());
    }
    line
}

fn parse_run(line: &[String]) -> anyhow::Result<RunArgs> {
    match Cli::try_parse_from(line) {
        Ok(Cli {
            command: Command::Run(args),
        }) => Ok(args),
        Ok(_) => anyhow::bail!("internal: `{}` is not a run", line.join(" ")),
        Err(e) => Err(anyhow::anyhow!("{e}")).context(format!("`{}`", line.join(" "))),
    }
}

/// Creates `<out>/<base>` (or `<base>-2`, `-3`... when taken).
fn unique_dir(out: &Path, base: &str) -> anyhow::Result<PathBuf> {
    for n in 1..=100u32 {
        let dir = match n {
            1 => out.join(base),
            _ => out.join(format!("{base}-{n}")),
        };
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(e).with_context(|| format!("cannot create {}", dir.display()));
            }
        }
    }
    anyhow::bail!("too many matrix folders named {base} in {}", out.display())
}
