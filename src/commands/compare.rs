//! `ringbench compare BASE RUN [RUN...]` (or `--baseline NAME RUN...`): load the runs, compare
//! them ([`crate::compare`]), print or write the report, and end with [`RegressionFound`]
//! when the verdict is a regression, which `main` maps to exit code 1 (every other error is a
//! usage or data error, exit code 2).

use std::path::{Path, PathBuf};

use crate::cli::CompareArgs;
use crate::compare::{
    compare_runs, output, CompareOutput, Format, LoadedRun, PhaseChoice, Thresholds,
};
use crate::results::locate;

/// The exit code of a comparison that found a regression.
pub const REGRESSION_EXIT_CODE: u8 = 1;

/// The exit code of every other error: a usage or data error (bad arguments, missing or
/// damaged files, runs with nothing in common), as clap uses for usage errors.
pub const ERROR_EXIT_CODE: u8 = 2;

/// The comparison found a regression; the report has been printed.
#[derive(Debug, thiserror::Error)]
#[error("{headline}")]
pub struct RegressionFound {
    pub headline: String,
}

/// What a comparison produced.
#[derive(Debug)]
pub struct Compared {
    pub output: CompareOutput,
    /// What goes to standard output.
    pub printed: String,
    /// The report file, with --out.
    pub written: Option<PathBuf>,
}

/// How to compare and report, from `compare` or `matrix`.
#[derive(Debug, Clone)]
pub struct ReportPlan<'a> {
    pub title: String,
    pub phase: Option<&'a str>,
    pub thresholds: Option<&'a Path>,
    pub format: Format,
    /// Write `report.<ext>` here and print text; `None`: print `format`.
    pub out: Option<&'a Path>,
}

/// Carry out `ringbench compare`.
pub fn run(args: &CompareArgs) -> anyhow::Result<()> {
    let compared = execute(args)?;
    print!("{}", compared.printed);
    if let Some(path) = &compared.written {
        eprintln!("ringbench: report written to {}", path.display());
    }
    finish(&compared.output)
}

/// `Err(RegressionFound)` when the verdict is a regression.
pub fn finish(output: &CompareOutput) -> anyhow::Result<()> {
    if output.exit_code == REGRESSION_EXIT_CODE {
        return Err(RegressionFound {
            headline: output.headline.clone(),
        }
        .into());
    }
    Ok(())
}

/// The comparison for `args`, rendered (nothing printed).
pub fn execute(args: &CompareArgs) -> anyhow::Result<Compared> {
    let mut paths = Vec::new();
    if let Some(name) = &args.baseline {
        paths.push(super::baseline::run_json(&args.results, name)?);
    } else if args.runs.len() < 2 {
        anyhow::bail!(
            "`ringbench compare` needs a base run and at least one run to compare with it \
             (or --baseline NAME and a run)"
        );
    }
    for run in &args.runs {
        paths.push(locate(run, &args.results)?);
    }
    let runs = load_all(&paths)?;
    let title = match &args.baseline {
        Some(name) => format!("ringbench compare: {} vs baseline {name}", workload(&runs)),
        None => format!("ringbench compare: {}", workload(&runs)),
    };
    report(
        &runs,
        &ReportPlan {
            title,
            phase: args.phase.as_deref(),
            thresholds: args.thresholds.as_deref(),
            format: args.format,
            out: args.out.as_deref(),
        },
    )
}

/// Loads each run.json, labelled A, B, C... in order.
pub fn load_all(paths: &[PathBuf]) -> anyhow::Result<Vec<LoadedRun>> {
    paths
        .iter()
        .enumerate()
        .map(|(i, path)| Ok(LoadedRun::load(path, &label(i))?))
        .collect()
}

/// Compares `runs[0]` (the base) with the others and renders as `plan` says.
pub fn report(runs: &[LoadedRun], plan: &ReportPlan) -> anyhow::Result<Compared> {
    let Some((base, others)) = runs.split_first() else {
        anyhow::bail!("no runs to compare");
    };
    let thresholds = match plan.thresholds {
        Some(path) => Thresholds::load(path)?,
        None => Thresholds::default(),
    };
    let choice = match plan.phase {
        Some(name) => PhaseChoice::Only(name.to_string()),
        None => PhaseChoice::Common,
    };
    let compared = compare_runs(base, others, &choice, &thresholds)?;
    let all: Vec<&LoadedRun> = runs.iter().collect();
    let (printed, written) = match plan.out {
        None => (
            output::render(plan.format, &plan.title, &compared, &all)?,
            None,
        ),
        Some(dir) => {
            let path = output::write(dir, plan.format, &plan.title, &compared, &all)?;
            let text = output::render(Format::Text, &plan.title, &compared, &all)?;
            (text, Some(path))
        }
    };
    Ok(Compared {
        output: compared,
        printed: ensure_newline(printed),
        written,
    })
}

/// `A`, `B`, ... `Z`, then `R27`, `R28`...
pub fn label(index: usize) -> String {
    match u8::try_from(index).ok().filter(|i| *i < 26) {
        Some(i) => char::from(b'A' + i).to_string(),
        None => format!("R{}", index + 1),
    }
}

fn workload(runs: &[LoadedRun]) -> String {
    let mut names: Vec<&str> = runs
        .iter()
        .map(|r| r.result.workload.name.as_str())
        .collect();
    names.dedup();
    names.join(" / ")
}

fn ensure_newline(mut text: String) -> String {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}
