//! Helpers for the capacity tests (with `Scratch` folders from tests/run/support.rs): parse `ringbench capacity ...` exactly as the binary does,
//! run it in-process in a fresh folder, and compute the model's capacity of a test profile
//! from `model::capacity` (the documented formula), independently of the search.
#![allow(dead_code)]

use std::path::Path;

use cassandra_protocol::consistency::Consistency as WireConsistency;
use clap::Parser as _;
use ringbench::cli::{CapacityArgs, Cli, Command};
use ringbench::commands::capacity::{execute, CapacityOptions, CapacityOutcome};
use ringbench::node::exec::RequestClass;
use ringbench::node::model::capacity;
use tokio::sync::watch;

pub use super::run_support::Scratch;

/// The scratch folder as a command-line argument.
pub fn text(scratch: &Scratch) -> String {
    scratch.dir.to_string_lossy().into_owned()
}

/// The test data folder (workload and profiles with a `model:` section).
pub fn data(name: &str) -> String {
    format!("{}/tests/data/capacity/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `ringbench capacity ARGS...` parsed as the binary parses it.
pub fn try_args(args: &[&str]) -> Result<CapacityArgs, clap::Error> {
    let line = ["ringbench", "capacity"].iter().chain(args.iter());
    match Cli::try_parse_from(line)?.command {
        Command::Capacity(args) => Ok(args),
        other => panic!("`ringbench capacity {args:?}` parsed as {other:?}"),
    }
}

pub fn args(args: &[&str]) -> CapacityArgs {
    try_args(args).unwrap_or_else(|e| panic!("`ringbench capacity {args:?}` does not parse: {e}"))
}

/// Runs `ringbench capacity ARGS...` in-process to its end, quietly.
pub async fn try_search(line: &[&str]) -> anyhow::Result<CapacityOutcome> {
    let (_stop_tx, stop) = watch::channel(false);
    let options = CapacityOptions {
        stop,
        progress: false,
        command_line: line.iter().map(|s| s.to_string()).collect(),
    };
    execute(&args(line), options).await
}

pub async fn search(line: &[&str]) -> CapacityOutcome {
    match try_search(line).await {
        Ok(outcome) => outcome,
        Err(e) => panic!("`ringbench capacity {}` failed: {e:#}", line.join(" ")),
    }
}

/// The write capacity (ops/s) `model::capacity` gives for test profile `file`: its nodes,
/// model, replication factor (datacenter1) and consistency.
pub fn model_write_capacity(file: &str) -> f64 {
    let profile = ringbench::profile::open(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let (Some(nodes), Some(model)) = (profile.embedded_nodes(), profile.model()) else {
        panic!("{file}: not a modelled embedded profile");
    };
    let rf: usize = profile
        .replication
        .as_ref()
        .and_then(|r| r.get("datacenter1"))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{file}: no datacenter1 replication factor"));
    let level = WireConsistency::try_from(profile.consistency as i16)
        .unwrap_or_else(|_| panic!("{file}: consistency without a protocol code"));
    capacity(model, nodes, rf, level)
        .per_class
        .iter()
        .find(|c| c.class == RequestClass::Write)
        .map(|c| c.ops_per_s)
        .unwrap_or_else(|| panic!("{file}: the model has no write capacity"))
}

/// `actual` within `tolerance` (a share) of `expected`, with both in the message.
pub fn assert_near(what: &str, actual: f64, expected: f64, tolerance: f64) {
    let error = (actual - expected).abs() / expected;
    eprintln!(
        "{what}: {actual:.3} against {expected:.3} expected ({:+.1}%)",
        (actual / expected - 1.0) * 100.0
    );
    assert!(
        error <= tolerance,
        "{what}: expected {expected:.3} within {:.0}%, got {actual:.3} ({:+.1}%)",
        tolerance * 100.0,
        (actual / expected - 1.0) * 100.0
    );
}

/// The files of a finished step exist where the layout says.
pub fn assert_step_files(search_dir: &Path, profile_dir: &str, step_dir: &str) {
    let dir = search_dir.join(profile_dir).join(step_dir);
    for file in ["run.json", "latency.hlog"] {
        assert!(dir.join(file).is_file(), "{} has no {file}", dir.display());
    }
}
