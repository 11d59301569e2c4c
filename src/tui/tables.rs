//! The tables of one phase: per operation (rate, percentiles, errors, LWT contention), per
//! coordinator node, and errors by class; from live merged statistics or from a saved phase.

use super::quantiles::Quantiles;
use crate::metrics::{ErrorClass, Stats};
use crate::results::{ErrorCounts, LwtCounts, PhaseResult};

/// One operation's row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct OpRow {
    pub name: String,
    /// Requests that finished, successful or not.
    pub count: u64,
    pub rate: f64,
    pub response: Quantiles,
    pub service: Quantiles,
    pub errors: u64,
    /// Conditional writes whose condition held / did not (contention).
    pub lwt: Option<LwtCounts>,
}

/// One coordinator node's row.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeRow {
    pub address: String,
    pub count: u64,
    pub rate: f64,
    pub response: Quantiles,
    pub errors: u64,
}

/// The tables of one phase (so far, when live).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhaseTable {
    /// Which phase, and over what span.
    pub title: String,
    pub requests: u64,
    pub operations: Vec<OpRow>,
    pub nodes: Vec<NodeRow>,
    pub errors: ErrorCounts,
}

/// Error counts with `count(class)` for each class.
fn by_class(count: impl Fn(ErrorClass) -> u64) -> ErrorCounts {
    let mut errors = ErrorCounts::default();
    for class in ErrorClass::ALL {
        errors.set(class, count(class));
    }
    errors
}

fn per_second(n: u64, secs: f64) -> f64 {
    if secs > 0.0 {
        n as f64 / secs
    } else {
        0.0
    }
}

impl PhaseTable {
    /// From merged live statistics over `secs` seconds.
    pub fn of_stats(title: String, stats: &Stats, secs: f64) -> PhaseTable {
        let errors = by_class(|class| {
            stats
                .operations
                .iter()
                .map(|op| op.error(class).count)
                .sum()
        });
        PhaseTable {
            title,
            requests: stats.count(),
            operations: stats
                .operations
                .iter()
                .map(|op| OpRow {
                    name: op.name.clone(),
                    count: op.count(),
                    rate: per_second(op.count(), secs),
                    response: Quantiles::of(&op.response),
                    service: Quantiles::of(&op.service),
                    errors: op.error_count(),
                    lwt: (op.applied + op.not_applied > 0).then_some(LwtCounts {
                        applied: op.applied,
                        not_applied: op.not_applied,
                    }),
                })
                .collect(),
            nodes: stats
                .nodes
                .iter()
                .map(|n| NodeRow {
                    address: n.address.to_string(),
                    count: n.count(),
                    rate: per_second(n.count(), secs),
                    response: Quantiles::of(&n.response),
                    errors: n.errors,
                })
                .collect(),
            errors,
        }
    }

    /// From a saved phase.
    pub fn of_result(phase: &PhaseResult) -> PhaseTable {
        let secs = phase.end_s - phase.start_s;
        let errors = by_class(|class| phase.operations.iter().map(|op| op.errors.get(class)).sum());
        PhaseTable {
            title: format!("phase '{}'", phase.name),
            requests: phase.ops,
            operations: phase
                .operations
                .iter()
                .map(|op| OpRow {
                    name: op.name.clone(),
                    count: op.count,
                    rate: op.rate,
                    response: Quantiles::of_summary(&op.response),
                    service: Quantiles::of_summary(&op.service),
                    errors: op.errors.total(),
                    lwt: op.lwt,
                })
                .collect(),
            nodes: phase
                .nodes
                .iter()
                .map(|n| NodeRow {
                    address: n.address.clone(),
                    count: n.count,
                    rate: per_second(n.count, secs),
                    response: Quantiles::of_summary(&n.response),
                    errors: n.errors,
                })
                .collect(),
            errors,
        }
    }
}
