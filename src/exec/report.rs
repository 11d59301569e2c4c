//! What a finished phase reports beside the recorders' histograms: how much was scheduled,
//! sent and completed, the target and achieved rates, whether the client fell behind, and one
//! example message per (operation, error class) so that a user sees *why* requests failed
//! without the run storing every error.

use std::time::Duration;

use crate::metrics::ErrorClass;

/// The outcome of one phase.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseReport {
    pub phase: String,
    /// Start and end of the phase, nanoseconds since the run's start.
    pub start_ns: u64,
    pub end_ns: u64,
    /// False for a closed loop (latency there is service time).
    pub rate_controlled: bool,
    /// Requests the schedule planned, when known in advance.
    pub scheduled: Option<u64>,
    pub sent: u64,
    pub completed: u64,
    /// Requests still in flight when the drain after a stop gave up on them.
    pub abandoned: u64,
    /// Requests sent more than [`super::LATE_SEND`] after their intended start.
    pub late_sends: u64,
    /// Requests that had to wait for an in-flight slot.
    pub limit_waits: u64,
    /// The schedule's average rate (scheduled / planned duration); `None` in a closed loop.
    pub target_rate: Option<f64>,
    /// Completed requests per second of the phase's actual length.
    pub achieved_rate: f64,
    /// The phase ended on a stop signal (Ctrl-C) rather than by its length.
    pub stopped: bool,
    /// Cycle number for the next phase's first request (this phase's first cycle plus the
    /// requests it claimed).
    pub next_cycle: u64,
    /// The first error message of each (operation, class), in order of appearance.
    pub error_examples: Vec<ErrorExample>,
}

impl PhaseReport {
    /// The phase's actual length.
    pub fn elapsed(&self) -> Duration {
        Duration::from_nanos(self.end_ns.saturating_sub(self.start_ns))
    }

    /// Whether the client could not keep to the schedule at some point: requests were sent
    /// late or waited for an in-flight slot. Their delay is in the wait-time histograms.
    pub fn fell_behind(&self) -> bool {
        self.late_sends > 0 || self.limit_waits > 0
    }
}

/// The first error seen for one operation and class.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorExample {
    pub operation: String,
    pub class: ErrorClass,
    pub message: String,
}

/// At most one example per (operation index, class): bounded by operations × 5 classes.
#[derive(Debug, Clone, Default)]
pub(super) struct ErrorExamples {
    seen: Vec<(usize, ErrorClass)>,
    examples: Vec<ErrorExample>,
}

impl ErrorExamples {
    /// Keep the example `make` builds if (operation, class) has none yet.
    pub fn offer(
        &mut self,
        operation: usize,
        class: ErrorClass,
        make: impl FnOnce() -> ErrorExample,
    ) {
        if !self.seen.contains(&(operation, class)) {
            self.seen.push((operation, class));
            self.examples.push(make());
        }
    }

    /// Merge another worker's examples (this one's win on duplicates).
    pub fn merge(&mut self, other: ErrorExamples) {
        for (key, example) in other.seen.into_iter().zip(other.examples) {
            self.offer(key.0, key.1, || example);
        }
    }

    pub fn into_vec(self) -> Vec<ErrorExample> {
        self.examples
    }
}
