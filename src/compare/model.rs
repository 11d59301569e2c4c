//! The outcome of `ringbench compare` as data: what `--format json` writes (described by
//! `schemas/compare.schema.json`, versioned by [`SCHEMA_VERSION`]) and what the text, Markdown,
//! HTML and JUnit outputs are rendered from.
//!
//! Units: latencies in microseconds, throughput in ops/s, error rates in percent; a change is
//! in percent of the base (`change_unit: "%"`) or, for error rates, in percentage points
//! (`"pp"`). Numbers that do not exist (a percentile of no requests) are `null`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::thresholds::Thresholds;
use crate::report::Status;
use crate::results::ToolInfo;

/// Version of the JSON layout; bumped when a field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole comparison: the base, every other run against it, the overall verdict.
#[derive(Debug, Clone, Serialize)]
pub struct CompareOutput {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub method: Method,
    pub thresholds: Thresholds,
    pub verdict: Status,
    pub headline: String,
    /// What the process exits with: 0 pass, 1 regression.
    pub exit_code: u8,
    pub base: RunFacts,
    pub comparisons: Vec<Comparison>,
    /// Everything that makes the comparison less trustworthy, in plain language.
    pub warnings: Vec<String>,
}

/// How significance was decided.
#[derive(Debug, Clone, Serialize)]
pub struct Method {
    pub name: String,
    pub confidence: f64,
    pub resamples: usize,
    pub seed: u64,
    /// Runs with fewer intervals than this are never called significant.
    pub min_intervals: usize,
    /// The paragraph the reports print.
    pub description: String,
}

/// Facts about one run, shown side by side.
#[derive(Debug, Clone, Serialize)]
pub struct RunFacts {
    pub label: String,
    pub run_id: String,
    pub path: String,
    pub status: String,
    pub workload: String,
    pub workload_hash: String,
    pub profile: String,
    pub target: String,
    pub tool_version: String,
    pub host: String,
    pub cores: u32,
    pub seed: u64,
    pub tags: BTreeMap<String, String>,
    pub started_at: String,
    pub duration_s: f64,
    pub interval_s: f64,
}

/// One run against the base.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub run: RunFacts,
    pub verdict: Status,
    pub phases: Vec<PhaseComparison>,
}

/// One phase both runs have.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseComparison {
    pub name: String,
    /// Intervals (or spans of intervals, for long runs) the bootstrap resampled.
    pub base_intervals: usize,
    pub run_intervals: usize,
    pub operations: Vec<OperationComparison>,
    pub only_in_base: Vec<String>,
    pub only_in_run: Vec<String>,
}

/// One operation both runs have.
#[derive(Debug, Clone, Serialize)]
pub struct OperationComparison {
    pub name: String,
    pub verdict: Status,
    pub metrics: Vec<MetricRow>,
}

/// One metric of one operation: base value, value, change and the verdict on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricRow {
    /// `throughput`, `error_rate`, `response.p99`, `service.max`, `errors.timeout`...
    pub metric: String,
    /// `ops/s`, `%`, `us` or `requests`.
    pub unit: &'static str,
    pub base: Option<f64>,
    pub value: Option<f64>,
    pub change: Option<f64>,
    /// `%` (of the base) or `pp` (percentage points).
    pub change_unit: &'static str,
    /// Confidence interval of the change, same unit.
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// `None`: not tested (max, new error classes, too few intervals).
    pub significant: Option<bool>,
    /// The largest worsening that passes, in `change_unit`; `None` when the metric has no rule.
    pub limit: Option<f64>,
    pub status: Status,
    /// Why the status is what it is, when that is not obvious.
    pub note: Option<String>,
}

/// Severity order of statuses: the verdict of a group is its worst member.
pub fn severity(status: Status) -> u8 {
    match status {
        Status::Neutral => 0,
        Status::Pass => 1,
        Status::Improvement => 2,
        Status::Warning => 3,
        Status::Regression => 4,
    }
}

/// The worst of `statuses` (`Pass` for none).
pub fn worst(statuses: impl IntoIterator<Item = Status>) -> Status {
    statuses
        .into_iter()
        .max_by_key(|s| severity(*s))
        .filter(|s| *s != Status::Neutral)
        .unwrap_or(Status::Pass)
}
