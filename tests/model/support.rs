//! Helpers for the end-to-end tests of the performance model: embedded profiles with a
//! `model:` section and one-operation workloads written into a scratch folder, runs through
//! `ringbench run` in-process, and reading a run's results and ground truth back.
//!
//! The tests of one binary run one at a time ([`serial`]): they measure throughput and
//! latency, and two runs sharing the machine's two cores would disturb each other.

use std::path::Path;

use ringbench::results::{OperationResult, PhaseResult, RunResult, GROUND_TRUTH_FILE};
use tokio::sync::{Mutex, MutexGuard};

use crate::support::{self, Scratch};

static SERIAL: Mutex<()> = Mutex::const_new(());

/// Hold this for the whole test: no other test of this binary runs meanwhile.
pub async fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().await
}

/// An embedded profile of `nodes` nodes whose keyspace has `rf` replicas, with the
/// consistency level, the driver's retry policy and the `model:` section given (its lines
/// indented by two spaces).
pub struct ProfileSpec<'a> {
    pub nodes: usize,
    pub rf: usize,
    pub consistency: &'a str,
    pub retry: &'a str,
    pub model: &'a str,
}

impl ProfileSpec<'_> {
    /// Write the profile as `NAME.yaml` in `scratch` and return its path as text.
    pub fn write(&self, scratch: &Scratch, name: &str) -> String {
        let model: String = self.model.lines().map(|l| format!("  {l}\n")).collect();
        let text = format!(
            "name: {name}\n\
             description: a modelled test cluster\n\
             embedded: {{ nodes: {nodes} }}\n\
             consistency: {consistency}\n\
             driver:\n  request_timeout: 10s\n  retry: {retry}\n\
             replication: {{ class: NetworkTopologyStrategy, datacenter1: {rf} }}\n\
             model:\n{model}",
            nodes = self.nodes,
            consistency = self.consistency,
            retry = self.retry,
            rf = self.rf,
        );
        let path = scratch.file(&format!("{name}.yaml"), &text);
        path.to_string_lossy().into_owned()
    }
}

/// A workload on one table `kv (key bigint PRIMARY KEY, value text)` with keys spread
/// uniformly over 0..9999, the given operations (YAML lines under `operations:`), no load
/// phase and one closed-loop phase `main` (the command line sets the rate and length).
pub fn workload(scratch: &Scratch, name: &str, operations: &str) -> String {
    let phases = "- name: main\n  rate: unlimited\n  duration: 1s\n";
    workload_with_phases(scratch, name, operations, phases)
}

/// Like [`workload`], with the given phases (YAML lines under `phases:`).
pub fn workload_with_phases(
    scratch: &Scratch,
    name: &str,
    operations: &str,
    phases: &str,
) -> String {
    let indent = |text: &str| -> String { text.lines().map(|l| format!("  {l}\n")).collect() };
    let text = format!(
        "name: {name}\n\
         keyspace:\n  name: model_e2e\n\
         schema:\n  - CREATE TABLE IF NOT EXISTS kv (key bigint PRIMARY KEY, value text)\n\
         bindings:\n  key: {{ uniform: {{ min: 0, max: 9999 }} }}\n  value: {{ constant: \"abc\" }}\n\
         operations:\n{}phases:\n{}",
        indent(operations),
        indent(phases)
    );
    let path = scratch.file(&format!("{name}.workload.yaml"), &text);
    path.to_string_lossy().into_owned()
}

/// The phase called `name` of a result.
pub fn phase<'a>(result: &'a RunResult, name: &str) -> &'a PhaseResult {
    match result.phases.iter().find(|p| p.name == name) {
        Some(p) => p,
        None => panic!(
            "no phase '{name}'; phases: {:?}",
            result.phases.iter().map(|p| &p.name).collect::<Vec<_>>()
        ),
    }
}

/// The operation called `name` of a phase.
pub fn operation<'a>(phase: &'a PhaseResult, name: &str) -> &'a OperationResult {
    match phase.operations.iter().find(|o| o.name == name) {
        Some(o) => o,
        None => panic!("no operation '{name}' in phase '{}'", phase.name),
    }
}

/// Requests node `n` (1-based: 127.0.0.n) coordinated in a phase, and how many failed.
pub fn node_counts(phase: &PhaseResult, n: usize) -> (u64, u64) {
    let prefix = format!("127.0.0.{n}:");
    phase
        .nodes
        .iter()
        .filter(|node| node.address.starts_with(&prefix))
        .fold((0, 0), |(c, e), node| (c + node.count, e + node.errors))
}

/// A histogram from a result (V2 deflate + base64).
pub fn histogram(encoded: &str, what: &str) -> hdrhistogram::Histogram<u64> {
    match ringbench::results::codec::decode(encoded, what) {
        Ok(h) => h,
        Err(e) => panic!("the {what} histogram does not decode: {e}"),
    }
}

/// The value at quantile `q` of a microsecond histogram, in ms.
pub fn ms_at(h: &hdrhistogram::Histogram<u64>, q: f64) -> f64 {
    h.value_at_quantile(q) as f64 / 1e3
}

/// The run directory's ground truth (run.json must name it), as JSON.
pub fn ground_truth(run_dir: &Path, result: &RunResult) -> serde_json::Value {
    assert_eq!(
        result.files.ground_truth.as_deref(),
        Some(GROUND_TRUTH_FILE),
        "run.json does not name the ground truth"
    );
    let path = run_dir.join(GROUND_TRUTH_FILE);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Run `ringbench run ARGS...` in-process (see tests/run/support.rs).
pub async fn run(scratch: &Scratch, args: &[&str]) -> ringbench::commands::run::RunOutcome {
    support::run(scratch, args).await
}
