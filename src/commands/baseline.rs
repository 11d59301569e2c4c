//! `ringbench baseline save NAME RUN` and `ringbench baseline list`: named copies of runs under
//! `<out>/baselines/NAME/`, which `compare --baseline NAME` compares against. A baseline is a
//! whole run directory (run.json, latency.hlog, intervals.jsonl), so it stays comparable
//! after the original run is deleted.
//!
//! Saving copies into a temporary folder beside the target and renames it into place, so a
//! baseline is never half-written; an existing baseline is replaced only with `--force`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::{BaselineCommand, BaselineListArgs, BaselineSaveArgs};
use crate::report::{text, Cell, Report, Section, Table};
use crate::results::{format, locate, RunResult, RUN_FILE};

/// Folder of the baselines inside a results folder.
pub const BASELINES_DIR: &str = "baselines";

/// Carry out `ringbench baseline ...`.
pub fn run(command: &BaselineCommand) -> anyhow::Result<()> {
    match command {
        BaselineCommand::Save(args) => {
            let dir = save(args)?;
            println!("saved baseline '{}' in {}", args.name, dir.display());
            Ok(())
        }
        BaselineCommand::List(args) => {
            print!("{}", list(args)?);
            Ok(())
        }
    }
}

/// The folder of baseline `name` under the results folder `out`, after checking the name.
pub fn dir(out: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let valid = !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid {
        anyhow::bail!(
            "'{name}' is not a usable baseline name: use letters, digits, '-', '_' and '.' \
             (not first), at most 100 characters (e.g. nightly-3node)"
        );
    }
    Ok(out.join(BASELINES_DIR).join(name))
}

/// The run.json of a saved baseline.
pub fn run_json(out: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let path = dir(out, name)?.join(RUN_FILE);
    if !path.is_file() {
        anyhow::bail!(
            "no baseline '{name}': {} does not exist; save one with `ringbench baseline save \
             {name} RUN` (list them with `ringbench baseline list --out {}`)",
            path.display(),
            out.display()
        );
    }
    Ok(path)
}

/// Copies the run to `<out>/baselines/NAME/`; returns that folder.
pub fn save(args: &BaselineSaveArgs) -> anyhow::Result<PathBuf> {
    let target = dir(&args.out, &args.name)?;
    let source_json = locate(&args.run, &args.out)?;
    // Only a run that loads is worth keeping.
    RunResult::load(&source_json)
        .with_context(|| format!("`ringbench baseline save {} {}`", args.name, args.run))?;
    let source = source_json
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if same_place(source, &target) {
        anyhow::bail!(
            "{} is already the baseline '{}'",
            source.display(),
            args.name
        );
    }
    if target.exists() && !args.force {
        anyhow::bail!(
            "baseline '{}' exists already ({}); add --force to replace it",
            args.name,
            target.display()
        );
    }
    let parent = args.out.join(BASELINES_DIR);
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = parent.join(format!(".{}.saving-{}", args.name, std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    copy_dir(source, &staging).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&staging);
    })?;
    if target.exists() {
        let old = parent.join(format!(".{}.replaced-{}", args.name, std::process::id()));
        std::fs::rename(&target, &old)
            .with_context(|| format!("cannot move the old baseline {} aside", target.display()))?;
        let _ = std::fs::remove_dir_all(&old);
    }
    std::fs::rename(&staging, &target)
        .with_context(|| format!("cannot move the new baseline into {}", target.display()))?;
    Ok(target)
}

/// The table `ringbench baseline list` prints.
pub fn list(args: &BaselineListArgs) -> anyhow::Result<String> {
    let parent = args.out.join(BASELINES_DIR);
    let mut names: Vec<String> = match std::fs::read_dir(&parent) {
        Ok(entries) => entries
            .flatten()
            .filter(|e| e.path().join(RUN_FILE).is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", parent.display())),
    };
    if names.is_empty() {
        return Ok(format!(
            "no baselines in {} (save one with `ringbench baseline save NAME RUN`)\n",
            parent.display()
        ));
    }
    names.sort();
    let mut rows = Vec::new();
    for name in names {
        let row = match RunResult::load(&parent.join(&name).join(RUN_FILE)) {
            Ok(r) => vec![
                name,
                r.workload.name,
                r.profile.name,
                r.started_at,
                format::seconds(r.duration_s),
                r.run_id,
            ],
            Err(e) => vec![name, format!("unreadable: {e}")],
        };
        rows.push(row.into_iter().map(Cell::plain).collect());
    }
    let header = [
        "name", "workload", "profile", "started", "duration", "run id",
    ];
    let report = Report {
        title: format!("Baselines in {}", parent.display()),
        verdict: None,
        sections: vec![Section::Table(Table {
            caption: None,
            header: header.iter().map(|h| h.to_string()).collect(),
            rows,
        })],
    };
    Ok(text::render(&report) + "\n")
}

fn same_place(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Copies the files of `from` (and its sub-folders) into the new folder `to`.
fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    let entries =
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read {}", source.display()))?;
        if kind.is_dir() {
            copy_dir(&source, &target)?;
        } else if kind.is_file() {
            std::fs::copy(&source, &target).with_context(|| {
                format!("cannot copy {} to {}", source.display(), target.display())
            })?;
        }
    }
    Ok(())
}
