//! `ringbench capacity`: for each profile, connect once and run the search's steps as normal
//! runs on that connection (each step a run directory under the search's folder), judge each
//! from its run.json, rewrite `search.json` after every step, rest between steps; then print
//! the summary and write the report. `--resume DIR` carries on a search (finished steps are
//! reused, new objectives re-judge them); `--report DIR` reports a search again.
//!
//! The search logic, judging, files and report live in [`crate::capacity`]; this file only
//! connects, runs, renames and prints. Ctrl-C stops the running step, keeps everything
//! finished and ends with [`super::run::Interrupted`] (exit code 130), naming the folder to
//! resume.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use clap::Parser as _;
use tokio::sync::watch;

use super::run::{self, Interrupted, RunOptions};
use crate::capacity::analyse::{conclude, refresh, step_record};
use crate::capacity::layout::{profile_dir_name, search_dir_name, step_dir_name};
use crate::capacity::predict::predicted_rate;
use crate::capacity::search::{self, Next};
use crate::capacity::slo::check_operations;
use crate::capacity::steps::step_plan;
use crate::capacity::{output, ProfileSearch, SearchRecord, Settings, StepRecord};
use crate::cli::{CapacityArgs, RunArgs};
use crate::plan::RunPlan;
use crate::profile::{self, DEFAULT_PROFILE};
use crate::results::{format, ToolInfo};

/// How a search is driven besides its arguments.
#[derive(Debug)]
pub struct CapacityOptions {
    /// Turning true stops the search (Ctrl-C): the running step ends early and is not used.
    pub stop: watch::Receiver<bool>,
    /// Show each step's progress line and a line per finished step on stderr.
    pub progress: bool,
    /// The command line as typed, recorded in search.json and every step's run.json.
    pub command_line: Vec<String>,
}

/// A finished (or stopped) search and where its files are.
#[derive(Debug)]
pub struct CapacityOutcome {
    /// The search directory (`<out>/capacity-<stamp>`).
    pub dir: PathBuf,
    pub record: SearchRecord,
    /// Stopped early; `--resume dir` carries on.
    pub interrupted: bool,
}

/// The running step was stopped by the stop signal.
#[derive(Debug, thiserror::Error)]
#[error("the search was stopped")]
struct Stopped;

/// Carry out `ringbench capacity`.
pub async fn run(args: &CapacityArgs) -> anyhow::Result<()> {
    if let Some(dir) = &args.report {
        return report_again(args, dir);
    }
    let (stop_tx, stop) = watch::channel(false);
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("\nringbench: stopping the search: the running step ends and is not used");
            let _ = stop_tx.send(true);
        }
    });
    let options = CapacityOptions {
        stop,
        progress: true,
        command_line: std::env::args().collect(),
    };
    let outcome = execute(args, options).await;
    ctrl_c.abort();
    let outcome = outcome?;
    print_and_write(args, &outcome.dir, &outcome.record)?;
    if outcome.interrupted {
        eprintln!(
            "ringbench: carry on with `ringbench capacity --resume {}`",
            outcome.dir.display()
        );
        return Err(Interrupted {
            run_dir: outcome.dir,
        }
        .into());
    }
    Ok(())
}

/// The whole search for `args` (a new one, or `--resume`), without printing the report.
pub async fn execute(
    args: &CapacityArgs,
    options: CapacityOptions,
) -> anyhow::Result<CapacityOutcome> {
    let (dir, mut record) = match &args.resume {
        Some(dir) => (dir.clone(), load_search(args, dir)?),
        None => start(args, &options.command_line)?,
    };
    record.save(&dir)?;
    let mut interrupted = false;
    for index in 0..record.searches.len() {
        if *options.stop.borrow() || interrupted {
            interrupted = true;
            break;
        }
        interrupted = search_profile(&dir, &mut record, index, &options).await?;
    }
    Ok(CapacityOutcome {
        dir,
        record,
        interrupted,
    })
}

/// `--report DIR`: the recorded search re-judged (with any new --slo or settings) and
/// reported; nothing runs.
fn report_again(args: &CapacityArgs, dir: &Path) -> anyhow::Result<()> {
    let record = load_search(args, dir)?;
    print_and_write(args, dir, &record)
}

fn print_and_write(args: &CapacityArgs, dir: &Path, record: &SearchRecord) -> anyhow::Result<()> {
    print!("{}", output::summary(record)?);
    let path = output::write(dir, args.format, record)?;
    println!(
        "\nReport: {}\nSearch: {}",
        path.display(),
        dir.join(crate::capacity::SEARCH_FILE).display()
    );
    Ok(())
}

/// A new search: its folder and record, with every profile's search empty.
fn start(args: &CapacityArgs, command_line: &[String]) -> anyhow::Result<(PathBuf, SearchRecord)> {
    let Some(workload) = args.workload.clone() else {
        anyhow::bail!("name a workload to search (or --resume / --report a search folder)");
    };
    let settings = Settings::default().with_args(args)?;
    let seed = args.seed.unwrap_or_else(rand::random);
    let profiles = match args.profiles.as_slice() {
        [] => vec![DEFAULT_PROFILE.to_string()],
        given => given.to_vec(),
    };
    let mut searches: Vec<ProfileSearch> = Vec::new();
    let mut workload_name = String::new();
    for given in profiles {
        let plan = base_plan(&workload, &given, seed, command_line)?;
        let names = plan.workload.operations.iter().map(|o| o.name.clone());
        check_operations(&args.slos, &plan.workload.name, &names.collect::<Vec<_>>())?;
        workload_name = plan.workload.name.clone();
        let taken: Vec<String> = searches.iter().map(|s| s.dir.clone()).collect();
        searches.push(ProfileSearch {
            dir: profile_dir_name(&plan.profile.name, &taken),
            profile: given,
            profile_name: plan.profile.name.clone(),
            predicted_rate: predicted_rate(&plan),
            steps: Vec::new(),
            conclusion: None,
            knee: None,
            warnings: Vec::new(),
        });
    }
    let dir = create_search_dir(&args.out)?;
    let record = SearchRecord {
        schema_version: crate::capacity::record::SEARCH_SCHEMA_VERSION,
        tool: ToolInfo::current(),
        command_line: command_line.to_vec(),
        workload,
        workload_name,
        seed,
        settings,
        slos: args.slos.clone(),
        searches,
    };
    Ok((dir, record))
}

/// The search recorded in `dir` (`--resume` / `--report`), with the flags given now
/// applied and every step re-judged from its run.json.
pub fn load_search(args: &CapacityArgs, dir: &Path) -> anyhow::Result<SearchRecord> {
    let mut record = SearchRecord::load(dir)?;
    record.settings = record.settings.clone().with_args(args)?;
    if !args.slos.is_empty() {
        let workload = crate::workload::load_named(&record.workload)?;
        let names: Vec<String> = workload.operations.iter().map(|o| o.name.clone()).collect();
        check_operations(&args.slos, &workload.name, &names)?;
        record.slos = args.slos.clone();
    }
    refresh(dir, &mut record)?;
    Ok(record)
}

/// `<out>/capacity-<stamp>`, with `-2`, `-3`... when a search started in the same second.
fn create_search_dir(out: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create the results folder {}", out.display()))?;
    let base = search_dir_name(std::time::SystemTime::now());
    for n in 1..=100 {
        let name = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let dir = out.join(name);
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot create {}", dir.display())),
        }
    }
    anyhow::bail!(
        "cannot create a search folder under {}: 100 exist for this second",
        out.display()
    )
}

/// The workload and profile loaded into a plan as `ringbench run WORKLOAD --profile P --seed S`
/// would, before a step replaces its phases.
fn base_plan(
    workload: &str,
    profile: &str,
    seed: u64,
    command_line: &[String],
) -> anyhow::Result<RunPlan> {
    #[derive(clap::Parser)]
    struct RunLine {
        #[command(flatten)]
        args: RunArgs,
    }
    let seed = seed.to_string();
    let line = ["run", workload, "--profile", profile, "--seed", &seed];
    let args = RunLine::try_parse_from(line)
        .map_err(|e| anyhow::anyhow!("cannot plan the steps of '{workload}' on '{profile}': {e}"))?
        .args;
    run::plan(&args, command_line.to_vec())
}

/// Runs (or finishes) the search of profile `index`; true when the stop signal ended it.
async fn search_profile(
    dir: &Path,
    record: &mut SearchRecord,
    index: usize,
    options: &CapacityOptions,
) -> anyhow::Result<bool> {
    let settings = record.settings.clone();
    let slos = record.slos.clone();
    let search = &record.searches[index];
    let probes = search.probes();
    if let Next::Done(_) = search::next(&settings, &probes) {
        conclude(&mut record.searches[index], &settings);
        record.save(dir)?;
        return Ok(false);
    }
    let profile_dir = dir.join(&search.dir);
    let base = base_plan(
        &record.workload,
        &search.profile,
        record.seed,
        &record.command_line,
    )?;
    let connection = profile::connect(&base.profile)
        .await
        .with_context(|| format!("the capacity search on '{}' did not start", search.profile))?;
    let mut runs = 0u32;
    let mut rest = 0.0;
    let outcome = search::run(&settings, probes, async |rate: f64| {
        if runs > 0 && !rested(rest, &options.stop).await {
            return Err(Stopped.into());
        }
        let this = &mut record.searches[index];
        let step_index = this.next_index();
        let plan = step_plan(&base, &settings, rate, step_index, runs == 0, &profile_dir)?;
        runs += 1;
        let mut run_options = RunOptions::headless(options.stop.clone(), Vec::new());
        run_options.progress = options.progress;
        let outcome = run::execute_on(&plan, &connection, run_options).await?;
        let name = step_dir_name(step_index, rate);
        if outcome.interrupted {
            // Kept for a look, under a name that says it is not a step.
            let _ = std::fs::rename(
                &outcome.run_dir,
                profile_dir.join(format!("{name}-interrupted")),
            );
            return Err(Stopped.into());
        }
        let step_dir = free_name(&profile_dir, &name);
        std::fs::rename(&outcome.run_dir, &step_dir).with_context(|| {
            format!(
                "cannot rename {} to {}",
                outcome.run_dir.display(),
                step_dir.display()
            )
        })?;
        let step = step_record(&outcome.result, rate, step_index, &step_dir, &slos)?;
        if options.progress {
            eprintln!("{}", step_line(&this.profile_name, &step));
        }
        rest = settings.cooldown_s * if step.judgement.overload { 2.0 } else { 1.0 };
        let passed = step.judgement.passed;
        this.steps.push(step);
        conclude(this, &settings);
        record.save(dir)?;
        Ok::<bool, anyhow::Error>(passed)
    })
    .await;
    connection.close().await;
    conclude(&mut record.searches[index], &settings);
    record.save(dir)?;
    match outcome {
        Ok(_) => Ok(false),
        Err(e) if e.downcast_ref::<Stopped>().is_some() => Ok(true),
        Err(e) => Err(e),
    }
}

/// Sleeps `rest` seconds unless the stop signal comes first; false when it did.
async fn rested(rest: f64, stop: &watch::Receiver<bool>) -> bool {
    let mut stop = stop.clone();
    if rest > 0.0 {
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs_f64(rest)) => {}
            _ = stop.wait_for(|stopped| *stopped) => {}
        }
    }
    let stopped = *stop.borrow();
    !stopped
}

/// `dir/name`, or `dir/name-2`... if that exists (a step run but not recorded before a crash).
fn free_name(dir: &Path, name: &str) -> PathBuf {
    (1..)
        .map(|n| match n {
            1 => dir.join(name),
            n => dir.join(format!("{name}-{n}")),
        })
        .find(|path| !path.exists())
        .unwrap_or_else(|| dir.join(name))
}

/// `embedded-3node step 3 at 2,250 ops/s: achieved 2,249, p99 3.21 ms, errors 0.00%: pass`.
fn step_line(profile: &str, step: &StepRecord) -> String {
    let s = &step.summary;
    let verdict = match (step.judgement.passed, step.judgement.overload) {
        (true, _) => "pass".to_string(),
        (false, true) => format!("OVERLOAD ({})", step.judgement.failures.join("; ")),
        (false, false) => format!("fail ({})", step.judgement.failures.join("; ")),
    };
    format!(
        "{profile} step {} at {} ops/s: achieved {}, p99 {}, errors {:.2}%: {verdict}",
        step.index,
        format::rate(step.rate),
        format::rate(s.achieved_rate),
        format::latency(s.response.p99_us),
        s.error_rate * 100.0
    )
}
