//! Workload YAML: the model, validation with file:line:col, and compilation into a plan.
//!
//! - [`load`] parses and checks a workload's text and compiles it ([`Workload`]); every
//!   problem is reported as `file:line:col: what is wrong; what to do`.
//! - [`resolve`] finds a workload by path or shipped name; [`shipped`] lists the embedded
//!   ones (workloads/*.yaml).
//! - Inside: `yaml` (positioned YAML nodes), `model` (the serde structure), `bindings` and
//!   `generators` (generator specifications), `operations` and `markers` (CQL checked with
//!   the reference node's parser), `phases` (rate shapes, lengths, mixes, cycle numbers),
//!   `compile` (the whole file into a [`WorkloadPlan`]).
//!
//! docs/workload.md describes the format with a complete annotated example.

mod bindings;
mod compile;
mod error;
mod generators;
mod markers;
mod model;
mod operations;
mod params;
mod phases;
mod shipped;
pub mod yaml;

use std::path::PathBuf;

pub use error::WorkloadError;
pub use phases::{assign_cycles, cycle_span};
pub use shipped::{resolve, shipped};

use crate::plan::WorkloadPlan;

/// A workload that parsed, checked and compiled.
#[derive(Debug, Clone)]
pub struct Workload {
    plan: WorkloadPlan,
}

/// Parse and check a workload. `source_name` is what errors call the file (a path, or the
/// shipped workload's name).
pub fn load(source_name: &str, text: &str) -> Result<Workload, WorkloadError> {
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        let start = yaml::Pos { line: 1, column: 1 };
        let hint =
            "start from a shipped workload (`ringbench list`) or the example in docs/workload.md";
        return Err(
            error::Problem::new(start, "the workload file is empty", hint).in_file(source_name),
        );
    }
    let spec: model::WorkloadSpec = yaml::from_str(text).map_err(|e| {
        let (pos, message) = yaml::error_position(&e);
        yaml_problem(pos, message).in_file(source_name)
    })?;
    let plan = compile::compile(&spec, text).map_err(|p| p.in_file(source_name))?;
    Ok(Workload { plan })
}

/// A YAML-level problem, with a hint for the common traps.
fn yaml_problem(pos: yaml::Pos, message: String) -> error::Problem {
    if let Some(duplicate) =
        message.strip_suffix(", set DuplicateKeyPolicy in Options if acceptable")
    {
        let hint = "each key may appear once in a mapping: rename or remove one";
        return error::Problem::new(pos, duplicate, hint);
    }
    let syntax = [
        "mapping values are not allowed",
        "trailing content",
        "did not find expected",
    ];
    if syntax.iter().any(|s| message.contains(s)) {
        let hint = "text containing ': ' (such as a CQL map literal {'k': 1}) must be quoted, or \
                    written as a block on the lines after >-";
        return error::Problem::new(pos, message, hint);
    }
    error::Problem::new(pos, message, "see docs/workload.md for the workload format")
}

/// Resolve, read, parse and check a workload by path or shipped name.
pub fn load_named(name_or_path: &str) -> Result<WorkloadPlan, WorkloadError> {
    let (path, text) = resolve(name_or_path)?;
    let shown = path.as_ref().map_or_else(
        || format!("{name_or_path}.yaml"),
        |p| p.display().to_string(),
    );
    Ok(load(&shown, &text)?.compile(path))
}

impl Workload {
    /// The compiled plan, without looking at it.
    pub fn plan(&self) -> &WorkloadPlan {
        &self.plan
    }

    /// The plan, recording where the workload was loaded from (`None` for a shipped one).
    pub fn compile(self, path: Option<PathBuf>) -> WorkloadPlan {
        WorkloadPlan { path, ..self.plan }
    }
}

#[cfg(test)]
mod tests;
