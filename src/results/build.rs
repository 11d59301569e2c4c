//! Turning measurements into the result model: phase totals into [`PhaseResult`]s (percentile
//! summaries plus the full encoded histograms), and the warnings a reader must see.

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::clock::rfc3339_at;
use super::codec::encode;
use super::error::ResultsError;
use super::format;
use super::model::{
    ErrorCounts, LatencySummary, LwtCounts, NodeResult, OperationHistograms, OperationResult,
    PhaseResult, RunStatus,
};
use crate::metrics::{ErrorClass, NodeStats, OperationStats, PhaseTotals};

/// The result of one phase.
pub fn phase_result(
    totals: &PhaseTotals,
    run_start: SystemTime,
) -> Result<PhaseResult, ResultsError> {
    let secs = totals.duration_secs();
    let operations = totals
        .stats
        .operations
        .iter()
        .map(|op| operation_result(op, secs))
        .collect::<Result<Vec<_>, _>>()?;
    let nodes = totals
        .stats
        .nodes
        .iter()
        .map(node_result)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PhaseResult {
        name: totals.name.clone(),
        started_at: rfc3339_at(run_start, totals.start_ns),
        ended_at: rfc3339_at(run_start, totals.end_ns),
        start_s: totals.start_ns as f64 / 1e9,
        end_s: totals.end_ns as f64 / 1e9,
        closed_loop: !totals.rate_controlled,
        target_rate: totals.target_rate(),
        achieved_rate: totals.achieved_rate(),
        scheduled_ops: totals.scheduled,
        ops: totals.stats.count(),
        errors: totals.stats.error_count(),
        behind_intervals: totals.behind_intervals,
        intervals: totals.intervals,
        max_backlog: totals.max_backlog,
        max_in_flight: totals.max_in_flight,
        operations,
        nodes,
    })
}

fn operation_result(op: &OperationStats, secs: f64) -> Result<OperationResult, ResultsError> {
    let mut errors = ErrorCounts::default();
    let mut error_response = BTreeMap::new();
    let mut error_histograms = BTreeMap::new();
    for class in ErrorClass::ALL {
        let cell = op.error(class);
        errors.set(class, cell.count);
        if let Some(h) = cell.response.as_ref().filter(|h| !h.is_empty()) {
            error_response.insert(class.name().to_string(), LatencySummary::of(h));
            error_histograms.insert(class.name().to_string(), encode(h)?);
        }
    }
    let lwt = (op.applied + op.not_applied > 0).then_some(LwtCounts {
        applied: op.applied,
        not_applied: op.not_applied,
    });
    Ok(OperationResult {
        name: op.name.clone(),
        count: op.count(),
        ok: op.ok,
        rate: if secs > 0.0 {
            op.count() as f64 / secs
        } else {
            0.0
        },
        errors,
        rows: op.rows,
        lwt,
        response: LatencySummary::of(&op.response),
        service: LatencySummary::of(&op.service),
        wait: LatencySummary::of(&op.wait),
        error_response,
        histograms: OperationHistograms {
            response: encode(&op.response)?,
            service: encode(&op.service)?,
            wait: encode(&op.wait)?,
            errors: error_histograms,
        },
    })
}

fn node_result(node: &NodeStats) -> Result<NodeResult, ResultsError> {
    Ok(NodeResult {
        address: node.address.to_string(),
        count: node.count(),
        ok: node.ok,
        errors: node.errors,
        response: LatencySummary::of(&node.response),
        histogram: encode(&node.response)?,
    })
}

/// Client CPU use as seen over the whole run.
pub struct CpuUse {
    pub cpu_s: f64,
    pub wall_s: f64,
    pub cores: u32,
    pub includes_node: bool,
}

/// Share of all cores above which the client is said to be saturated.
const SATURATED_SHARE: f64 = 0.9;
/// Achieved rates below this share of the target are reported.
const RATE_SHORTFALL: f64 = 0.99;
/// Wait-time p99 at or above this (µs) in a rate-controlled phase is reported.
const WAIT_P99_NOTICE_US: u64 = 1_000;

/// Plain-language warnings derived from the measurements.
pub fn warnings(phases: &[PhaseResult], status: RunStatus, cpu: Option<&CpuUse>) -> Vec<String> {
    let mut out = Vec::new();
    match status {
        RunStatus::Completed => {}
        RunStatus::Interrupted => out.push(
            "the run was stopped early (Ctrl-C, or q in the dashboard): the results cover what was measured until then"
                .to_string(),
        ),
        RunStatus::Failed => out.push(
            "the run stopped on an error: the results cover what was measured until then"
                .to_string(),
        ),
    }
    for phase in phases {
        phase_warnings(phase, &mut out);
    }
    if let Some(cpu) = cpu.filter(|c| c.wall_s > 0.0 && c.cores > 0) {
        let cores_used = cpu.cpu_s / cpu.wall_s;
        if cores_used >= SATURATED_SHARE * f64::from(cpu.cores) {
            let node = if cpu.includes_node {
                " (including the embedded reference cluster running in the same process)"
            } else {
                ""
            };
            out.push(format!(
                "client saturated: this process used {cores_used:.2} of {} cores on average{node}; \
                 ringbench itself may have limited the rate or added latency (check wait time)",
                cpu.cores
            ));
        }
    }
    out
}

fn phase_warnings(phase: &PhaseResult, out: &mut Vec<String>) {
    let name = &phase.name;
    if let Some(target) = phase.target_rate.filter(|t| *t > 0.0) {
        // With the schedule's count known, compare counts: the rate over the phase's span also
        // counts the tail where the last responses arrive, which makes any short phase look
        // slow. Late sending is reported by the falling-behind and wait-time warnings.
        if let Some(scheduled) = phase.scheduled_ops.filter(|n| *n > 0) {
            if (phase.ops as f64) < RATE_SHORTFALL * scheduled as f64 {
                out.push(format!(
                    "phase '{name}': {} of the {} requests the schedule asked for completed ({}% short)",
                    format::count(phase.ops),
                    format::count(scheduled),
                    format::percent((scheduled - phase.ops.min(scheduled)) as f64, scheduled as f64)
                ));
            }
        } else if phase.achieved_rate < RATE_SHORTFALL * target {
            out.push(format!(
                "phase '{name}': achieved {} ops/s, {}% below the target {} ops/s",
                format::rate(phase.achieved_rate),
                format::percent(target - phase.achieved_rate, target),
                format::rate(target)
            ));
        }
        let wait_p99 = phase.operations.iter().map(|o| o.wait.p99_us).max();
        if let Some(wait) = wait_p99.filter(|w| *w >= WAIT_P99_NOTICE_US) {
            out.push(format!(
                "phase '{name}': 1% of requests waited {} or more after their intended start \
                 before being sent (client backlog or in-flight limit); that wait is part of \
                 response time",
                format::latency(wait)
            ));
        }
    }
    if phase.behind_intervals > 0 {
        out.push(format!(
            "phase '{name}': the schedule fell behind in {} of {} intervals (backlog up to {} \
             requests); late requests were sent late and charged their delay, none were skipped",
            phase.behind_intervals,
            phase.intervals,
            format::count(phase.max_backlog)
        ));
    }
    if phase.errors > 0 {
        let mut by_class = ErrorCounts::default();
        for op in &phase.operations {
            for class in ErrorClass::ALL {
                by_class.set(class, by_class.get(class) + op.errors.get(class));
            }
        }
        let classes: Vec<String> = ErrorClass::ALL
            .into_iter()
            .filter(|c| by_class.get(*c) > 0)
            .map(|c| format!("{} {}", c.name(), format::count(by_class.get(c))))
            .collect();
        out.push(format!(
            "phase '{name}': {} of {} requests failed ({})",
            format::count(phase.errors),
            format::count(phase.ops),
            classes.join(", ")
        ));
    }
}
