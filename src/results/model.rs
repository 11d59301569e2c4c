//! The `run.json` model: everything a run leaves behind, versioned.
//!
//! `schemas/run.schema.json` describes this shape for other tools; a test validates real output
//! against it, so a change here must change the schema too (and bump [`SCHEMA_VERSION`] when an
//! existing field changes meaning). Latencies are integer microseconds (`*_us`), rates ops/s,
//! times RFC 3339 UTC or seconds since the run's start (`*_s`). Histograms are HdrHistogram V2
//! compressed (deflate) + base64 so that comparing and merging runs is lossless.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::metrics::ErrorClass;

/// Version of the `run.json` layout.
pub const SCHEMA_VERSION: u32 = 1;

/// A saved run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    pub schema_version: u32,
    pub tool: ToolInfo,
    /// `<UTC start>-<workload>-<profile>`, also the name of the run's directory.
    pub run_id: String,
    pub status: RunStatus,
    /// The command line as typed (secrets are never accepted on it).
    pub command_line: Vec<String>,
    pub workload: WorkloadInfo,
    pub profile: ProfileInfo,
    pub host: HostInfo,
    pub started_at: String,
    pub ended_at: String,
    pub duration_s: f64,
    pub seed: u64,
    pub tags: BTreeMap<String, String>,
    /// Length of one interval of `series` and of `latency.hlog`.
    pub interval_s: f64,
    /// CPU time (user + system) this process used during the run; `None` where unknown.
    pub client_cpu_s: Option<f64>,
    /// Whether `client_cpu_s` includes an embedded reference cluster running in-process.
    pub client_cpu_includes_node: bool,
    pub phases: Vec<PhaseResult>,
    /// Plain-language notes on anything that makes the numbers less trustworthy.
    pub warnings: Vec<String>,
    /// The per-interval series (small: a few numbers per operation and interval).
    pub series: Vec<IntervalRow>,
    pub files: FilesInfo,
}

/// How the run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Completed,
    /// Stopped early (Ctrl-C): the result covers what was measured until then.
    Interrupted,
    /// Stopped by an error; the result covers what was measured until then.
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

impl ToolInfo {
    /// This build of ringbench.
    pub fn current() -> Self {
        ToolInfo {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkloadInfo {
    pub name: String,
    pub description: String,
    /// The file it was loaded from; `None` for a shipped workload named on the command line.
    pub path: Option<String>,
    /// Hex digest of `text`: two runs used the same workload iff their hashes match.
    pub content_hash: String,
    /// The full YAML text.
    pub text: String,
}

/// The cluster profile, secrets removed: a profile only ever names the environment variables
/// holding credentials, and only those names are recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileInfo {
    pub name: String,
    pub description: String,
    /// One line saying what it connects to (e.g. `embedded reference cluster, 3 node(s)`).
    pub target: String,
    /// The profile's settings as JSON (contact points, driver knobs, credential variable
    /// names...); `null` when not recorded.
    #[serde(default)]
    pub settings: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostInfo {
    pub hostname: String,
    pub cores: u32,
    pub os: String,
    pub arch: String,
    /// Kernel release, where known.
    pub kernel: Option<String>,
}

/// Where the run's files are, relative to the run directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilesInfo {
    pub hlog: String,
    pub intervals: String,
    /// The performance model's ground truth (server-side latency per node and class), for a
    /// run against a modelled embedded cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground_truth: Option<String>,
}

/// The file, in the run directory, holding the ground truth of a modelled embedded cluster.
pub const GROUND_TRUTH_FILE: &str = "ground-truth.json";

/// One phase (load, warm-up, steady...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseResult {
    pub name: String,
    pub started_at: String,
    pub ended_at: String,
    /// Offsets from the run's start.
    pub start_s: f64,
    pub end_s: f64,
    /// No rate: workers sent back to back, so latency is service time.
    pub closed_loop: bool,
    /// The schedule's average rate; `None` in a closed loop.
    pub target_rate: Option<f64>,
    pub achieved_rate: f64,
    /// Requests the schedule asked for; `None` in a closed loop.
    pub scheduled_ops: Option<u64>,
    pub ops: u64,
    pub errors: u64,
    /// Intervals in which the schedule fell behind, of `intervals`.
    pub behind_intervals: u64,
    pub intervals: u64,
    pub max_backlog: u64,
    pub max_in_flight: u64,
    pub operations: Vec<OperationResult>,
    pub nodes: Vec<NodeResult>,
}

/// One operation over one phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationResult {
    pub name: String,
    /// Requests that finished, successful or not.
    pub count: u64,
    pub ok: u64,
    /// `count` per second over the phase.
    pub rate: f64,
    pub errors: ErrorCounts,
    pub rows: u64,
    /// For lightweight transactions.
    pub lwt: Option<LwtCounts>,
    /// Latencies of successful requests.
    pub response: LatencySummary,
    pub service: LatencySummary,
    pub wait: LatencySummary,
    /// Response times of failed requests, per error class that occurred.
    pub error_response: BTreeMap<String, LatencySummary>,
    pub histograms: OperationHistograms,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorCounts {
    pub timeout: u64,
    pub overloaded: u64,
    pub unavailable: u64,
    pub invalid: u64,
    pub other: u64,
}

impl ErrorCounts {
    pub fn get(&self, class: ErrorClass) -> u64 {
        match class {
            ErrorClass::Timeout => self.timeout,
            ErrorClass::Overloaded => self.overloaded,
            ErrorClass::Unavailable => self.unavailable,
            ErrorClass::Invalid => self.invalid,
            ErrorClass::Other => self.other,
        }
    }

    pub fn set(&mut self, class: ErrorClass, count: u64) {
        match class {
            ErrorClass::Timeout => self.timeout = count,
            ErrorClass::Overloaded => self.overloaded = count,
            ErrorClass::Unavailable => self.unavailable = count,
            ErrorClass::Invalid => self.invalid = count,
            ErrorClass::Other => self.other = count,
        }
    }

    pub fn total(&self) -> u64 {
        ErrorClass::ALL.into_iter().map(|c| self.get(c)).sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LwtCounts {
    pub applied: u64,
    pub not_applied: u64,
}

/// Percentiles of one histogram, integer microseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct LatencySummary {
    pub count: u64,
    pub min_us: u64,
    pub mean_us: f64,
    pub p50_us: u64,
    pub p90_us: u64,
    pub p99_us: u64,
    pub p999_us: u64,
    pub p9999_us: u64,
    pub max_us: u64,
}

/// Full histograms of one operation (V2 deflate + base64).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationHistograms {
    pub response: String,
    pub service: String,
    pub wait: String,
    /// Response times of failed requests, per error class that occurred.
    pub errors: BTreeMap<String, String>,
}

/// Requests one coordinator node served during a phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeResult {
    pub address: String,
    pub count: u64,
    pub ok: u64,
    pub errors: u64,
    /// Response times of its successful requests.
    pub response: LatencySummary,
    pub histogram: String,
}

/// One interval of the series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntervalRow {
    pub index: u64,
    pub phase: String,
    pub start_s: f64,
    pub end_s: f64,
    pub ops: u64,
    pub errors: u64,
    pub target_rate: Option<f64>,
    pub achieved_rate: f64,
    pub in_flight: u64,
    pub backlog: u64,
    pub falling_behind: bool,
    pub operations: Vec<IntervalOperation>,
}

/// One operation in one interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntervalOperation {
    pub name: String,
    pub ops: u64,
    pub errors: u64,
    pub p50_us: u64,
    pub p99_us: u64,
    pub max_us: u64,
}
