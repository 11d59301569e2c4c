//! [`CapacityError`]: everything that can be wrong with a capacity search's inputs or files.
//! Each message names the flag, file or step involved and what to do about it.

use std::path::{Path, PathBuf};

use crate::results::json_file::JsonFileError;
use crate::results::ResultsError;

/// Why a capacity search cannot be set up, resumed or reported.
#[derive(Debug, thiserror::Error)]
pub enum CapacityError {
    /// An `--slo` that does not parse.
    #[error("--slo '{text}': {why} (examples: 'p99<=10ms', 'p99.9<1s', 'error_rate<=0.1%', 'read.p99<=5ms')")]
    Slo { text: String, why: String },

    /// An `--slo` scoped to an operation the workload does not have.
    #[error("--slo '{slo}': workload '{workload}' has no operation '{operation}' (its operations: {known})")]
    UnknownOperation {
        slo: String,
        operation: String,
        workload: String,
        known: String,
    },

    /// A search setting out of range.
    #[error("--{flag} {value}: {why}")]
    Setting {
        flag: &'static str,
        value: String,
        why: String,
    },

    /// `search.json` (or a step's run.json) cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    /// `search.json` is not what this version writes.
    #[error("{} is not a capacity search file this ringbench can read: {source}", path.display())]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },

    /// `search.json` from another layout version.
    #[error(
        "{} has layout version {found}; this ringbench ({tool}) reads version {supported}: \
         re-run the search, or use the ringbench version that wrote it",
        path.display()
    )]
    Version {
        path: PathBuf,
        found: u32,
        supported: u32,
        tool: &'static str,
    },

    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot serialize the capacity search: {0}")]
    Serialize(serde_json::Error),

    /// A step's run directory cannot be used.
    #[error("step {index} ({}): {source}", dir.display())]
    Step {
        index: u32,
        dir: PathBuf,
        source: ResultsError,
    },

    /// A step's run.json lacks the phase the search measures.
    #[error(
        "step {index} ({}): run.json has no '{phase}' phase; it was not written by a capacity \
         search, or the step was interrupted: delete the step's folder and resume",
        dir.display()
    )]
    NoSteadyPhase {
        index: u32,
        dir: PathBuf,
        phase: &'static str,
    },

    /// A histogram in a step's run.json cannot be decoded.
    #[error("step {index}: {source}")]
    Histogram { index: u32, source: ResultsError },

    /// Drawing the latency-throughput curve failed.
    #[error("cannot draw the latency-throughput curve: {0}")]
    Plot(#[from] crate::report::plot::PlotError),

    /// Writing the report's PNG plots failed.
    #[error("cannot write the report's plots: {0}")]
    Report(#[from] crate::report::ReportError),
}

impl CapacityError {
    /// What went wrong with the search.json at `path`.
    pub(super) fn from_json_file(e: JsonFileError, path: &Path) -> Self {
        let path = path.to_path_buf();
        match e {
            JsonFileError::Serialize(source) => CapacityError::Serialize(source),
            JsonFileError::Write { path, source, .. } => CapacityError::Write { path, source },
            JsonFileError::Read(source) => CapacityError::Read { path, source },
            JsonFileError::Parse(source) => CapacityError::Parse { path, source },
            JsonFileError::Version(found) => CapacityError::Version {
                path,
                found,
                supported: super::record::SEARCH_SCHEMA_VERSION,
                tool: env!("CARGO_PKG_VERSION"),
            },
        }
    }
}
