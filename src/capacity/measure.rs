//! What one step measured, read from its run.json: the steady phase's achieved rate,
//! response-time percentiles of all operations together (histograms merged), error rate,
//! wait and service time, backlog trend and client CPU; and the value of every SLO.
//!
//! The achieved rate is successful requests per second over the steady phase's full-length
//! intervals but the first: the short interval at the end, where the last responses trickle
//! in after the schedule ended, and the first, which holds the phase's start-up, are left
//! out, because over a step of a few seconds either alone would look like a shortfall of a
//! percent or two. Past the capacity every interval runs at what the cluster completes,
//! which is what the 99% criterion must see. (Short steps get short intervals, see
//! `steps.rs`.)

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::CapacityError;
use super::slo::{Metric, Slo};
use crate::metrics::histogram::{merge, new_latency, quantile_us};
use crate::metrics::Latency;
use crate::results::codec::decode;
use crate::results::{IntervalRow, LatencySummary, PhaseResult, RunResult};

/// Name of each step's unjudged warm-up phase.
pub const WARMUP_PHASE: &str = "warmup";
/// Name of each step's measured phase.
pub const STEADY_PHASE: &str = "steady";

/// An interval counts as full when it is at least this share of the interval length.
const FULL_INTERVAL: f64 = 0.9;

/// The numbers of one step, as `search.json` and the report show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepSummary {
    /// The rate the step asked for, ops/s.
    pub target_rate: f64,
    /// Successful requests per second over the steady phase's full intervals.
    pub achieved_rate: f64,
    /// Requests of the steady phase, failed ones included.
    pub ops: u64,
    pub errors: u64,
    pub error_rate: f64,
    /// Response time of successful requests, all operations merged.
    pub response: LatencySummary,
    pub service_p99_us: u64,
    pub wait_p99_us: u64,
    /// Requests due but not yet sent grew through the steady phase.
    pub backlog_growing: bool,
    pub max_backlog: u64,
    /// Cores of CPU the process used over the step's run (`client_cpu_s / duration_s`).
    pub client_cores: Option<f64>,
    /// An embedded cluster ran in the same process, so its CPU is in `client_cores`.
    pub client_cpu_includes_node: bool,
}

/// A step's summary and the value of each SLO, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub summary: StepSummary,
    pub slo_values: Vec<f64>,
}

/// Measures step `index` (its run directory `dir`, for errors) at `target_rate`.
pub fn measure(
    result: &RunResult,
    target_rate: f64,
    slos: &[Slo],
    index: u32,
    dir: &Path,
) -> Result<Measured, CapacityError> {
    let steady = result
        .phases
        .iter()
        .find(|p| p.name == STEADY_PHASE)
        .ok_or_else(|| CapacityError::NoSteadyPhase {
            index,
            dir: dir.to_path_buf(),
            phase: STEADY_PHASE,
        })?;
    let decoded = Decoded::of(steady, index)?;
    let rows: Vec<&IntervalRow> = result
        .series
        .iter()
        .filter(|r| r.phase == STEADY_PHASE)
        .collect();
    let full: Vec<&IntervalRow> = rows
        .iter()
        .copied()
        .filter(|r| r.end_s - r.start_s >= FULL_INTERVAL * result.interval_s)
        .collect();
    // The first interval also holds the phase's start-up (workers starting, the first
    // responses on their way); measure after it when there is more than one.
    let settled = match full.as_slice() {
        [_, rest @ ..] if !rest.is_empty() => rest,
        all => all,
    };
    let ok = steady.ops.saturating_sub(steady.errors);
    let achieved_rate = match sum_rate(settled) {
        Some(rate) => rate,
        None if steady.ops > 0 => steady.achieved_rate * ok as f64 / steady.ops as f64,
        None => 0.0,
    };
    let summary = StepSummary {
        target_rate,
        achieved_rate,
        ops: steady.ops,
        errors: steady.errors,
        error_rate: ratio(steady.errors, steady.ops),
        response: LatencySummary::of(&decoded.all_response),
        service_p99_us: quantile_us(&decoded.service, 0.99),
        wait_p99_us: quantile_us(&decoded.wait, 0.99),
        backlog_growing: backlog_growing(&full, target_rate, result.interval_s),
        max_backlog: steady.max_backlog,
        client_cores: result
            .client_cpu_s
            .filter(|_| result.duration_s > 0.0)
            .map(|cpu| cpu / result.duration_s),
        client_cpu_includes_node: result.client_cpu_includes_node,
    };
    let slo_values = slos.iter().map(|slo| decoded.value(slo, steady)).collect();
    Ok(Measured {
        summary,
        slo_values,
    })
}

/// The steady phase's histograms, decoded once.
struct Decoded {
    /// (operation, successful response times).
    per_op: Vec<(String, Latency)>,
    all_response: Latency,
    service: Latency,
    wait: Latency,
}

impl Decoded {
    fn of(phase: &PhaseResult, index: u32) -> Result<Decoded, CapacityError> {
        let mut decoded = Decoded {
            per_op: Vec::new(),
            all_response: new_latency(),
            service: new_latency(),
            wait: new_latency(),
        };
        let get = |text: &str, op: &str, kind: &str| {
            decode(
                text,
                &format!("phase {}, operation {op}, {kind}", phase.name),
            )
            .map_err(|source| CapacityError::Histogram { index, source })
        };
        for op in &phase.operations {
            let response = get(&op.histograms.response, &op.name, "response")?;
            merge(&mut decoded.all_response, &response);
            merge(
                &mut decoded.service,
                &get(&op.histograms.service, &op.name, "service")?,
            );
            merge(
                &mut decoded.wait,
                &get(&op.histograms.wait, &op.name, "wait")?,
            );
            decoded.per_op.push((op.name.clone(), response));
        }
        Ok(decoded)
    }

    /// The value `slo` judges: a response-time quantile (µs) or an error rate.
    fn value(&self, slo: &Slo, phase: &PhaseResult) -> f64 {
        match (&slo.operation, slo.metric) {
            (None, Metric::Latency { quantile }) => {
                quantile_us(&self.all_response, quantile) as f64
            }
            (Some(op), Metric::Latency { quantile }) => self
                .per_op
                .iter()
                .find(|(name, _)| name == op)
                .map_or(0.0, |(_, h)| quantile_us(h, quantile) as f64),
            (None, Metric::ErrorRate) => ratio(phase.errors, phase.ops),
            (Some(op), Metric::ErrorRate) => phase
                .operations
                .iter()
                .find(|o| &o.name == op)
                .map_or(0.0, |o| ratio(o.errors.total(), o.count)),
        }
    }
}

/// Successful requests per second over `rows`; `None` without any.
fn sum_rate(rows: &[&IntervalRow]) -> Option<f64> {
    let secs: f64 = rows.iter().map(|r| r.end_s - r.start_s).sum();
    let ok: u64 = rows.iter().map(|r| r.ops.saturating_sub(r.errors)).sum();
    (secs > 0.0).then(|| ok as f64 / secs)
}

/// Whether requests waiting to be sent piled up through the step: the backlog at the last
/// full interval is above the first's (or above zero when there is one interval) and worth
/// at least a tenth of an interval of the schedule.
fn backlog_growing(full: &[&IntervalRow], target_rate: f64, interval_s: f64) -> bool {
    let (Some(first), Some(last)) = (full.first(), full.last()) else {
        return false;
    };
    let baseline = if full.len() >= 2 { first.backlog } else { 0 };
    let significant = (0.1 * target_rate * interval_s).max(1.0);
    last.backlog > baseline && last.backlog as f64 >= significant
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
