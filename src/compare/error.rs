//! What can stop a comparison: unreadable or damaged results, runs with nothing in common, a
//! thresholds file that does not parse. Each message names the run or file and what to do.
//! All of them are "usage or data" errors (exit code 2); a regression is not an error.

use std::path::PathBuf;

use crate::results::ResultsError;

#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error("run {run}: {source}")]
    Results {
        run: String,
        #[source]
        source: ResultsError,
    },

    #[error("run {run}: phase '{phase}' has no intervals in {hlog}; its latency.hlog does not match run.json (was one of them replaced?); run the workload again")]
    NoIntervals {
        run: String,
        phase: String,
        hlog: PathBuf,
    },

    #[error("run {run} has no phase '{phase}' (it has: {has}); pick a phase both runs have with --phase")]
    MissingPhase {
        run: String,
        phase: String,
        has: String,
    },

    #[error("runs {base} and {run} have no phase in common (base: {base_phases}; run: {run_phases}); the load phase is skipped unless --phase load is given")]
    NoCommonPhase {
        base: String,
        run: String,
        base_phases: String,
        run_phases: String,
    },

    #[error("runs {base} and {run} have no operation in common in phase '{phase}' (base: {base_ops}; run: {run_ops}); compare runs of the same workload")]
    NoCommonOperation {
        base: String,
        run: String,
        phase: String,
        base_ops: String,
        run_ops: String,
    },

    #[error("cannot read thresholds file {}: {source}; check the path given with --thresholds", path.display())]
    ReadThresholds {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}:{line}:{column}: {problem}; see docs/compare.md for the thresholds format")]
    Thresholds {
        path: String,
        line: u64,
        column: u64,
        problem: String,
    },

    #[error("cannot write {}: {source}; check that the folder is writable (choose another with --out)", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot draw the plot '{what}': {detail}")]
    Plot { what: String, detail: String },

    #[error("cannot serialize the comparison: {0}")]
    Serialize(#[source] serde_json::Error),
}
