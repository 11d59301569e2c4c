//! What one request leaves behind for the recorders.

use std::net::SocketAddr;

/// The class an error is counted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorClass {
    /// Read / write timeouts from the cluster and client-side request timeouts.
    Timeout,
    Overloaded,
    Unavailable,
    /// The request itself is wrong (syntax, invalid, unauthorized, ...).
    Invalid,
    /// Everything else, connection failures included.
    Other,
}

/// How a request ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SampleOutcome {
    Ok {
        rows: u64,
        /// For lightweight transactions: whether the condition held.
        applied: Option<bool>,
    },
    Error(ErrorClass),
}

/// One finished request. Times are nanoseconds since the run's start; in a rate-controlled
/// phase `intended_ns` comes from the schedule, in a closed loop it equals `sent_ns`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Index of the operation in the plan.
    pub operation: usize,
    pub intended_ns: u64,
    pub sent_ns: u64,
    pub completed_ns: u64,
    pub outcome: SampleOutcome,
    /// The node that coordinated the request, when the driver knows it.
    pub coordinator: Option<SocketAddr>,
}

impl Sample {
    /// Completion minus intended start: what a user of the cluster would see.
    pub fn response_ns(&self) -> u64 {
        self.completed_ns.saturating_sub(self.intended_ns)
    }

    /// Completion minus actual send.
    pub fn service_ns(&self) -> u64 {
        self.completed_ns.saturating_sub(self.sent_ns)
    }

    /// Actual send minus intended start (scheduling / client backlog delay).
    pub fn wait_ns(&self) -> u64 {
        self.sent_ns.saturating_sub(self.intended_ns)
    }
}
