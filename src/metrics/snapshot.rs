//! One interval's measurements: what every recorder gathered between two collections, plus
//! the gauges the execution layer reports. Snapshots are the only thing that leaves the hot
//! path; the progress line, the `.hlog` writer and the results all render from them.

use std::time::Duration;

use super::histogram::Latency;
use super::stats::Stats;

/// Live values the execution layer provides at collection time (it owns the schedule and the
/// in-flight bound; the recorders only see finished requests).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Gauges {
    /// The schedule's target rate over this interval in ops/s (its average, or its value at the
    /// interval's middle); `None` in a closed-loop phase.
    pub target_rate: Option<f64>,
    /// Requests the schedule has asked for since the phase started (intended start passed),
    /// at collection time; `None` in a closed-loop phase.
    pub due: Option<u64>,
    /// Requests sent and not yet completed, at collection time.
    pub in_flight: u64,
    /// Requests whose intended start has passed but that are not sent yet.
    pub backlog: u64,
    /// The schedule is falling behind (backlog growing, or the in-flight limit reached).
    pub falling_behind: bool,
}

/// Everything measured during one interval of the run.
#[derive(Debug, Clone)]
pub struct IntervalSnapshot {
    /// 0 for the run's first interval, counting on across phases.
    pub index: u64,
    /// The phase the interval belongs to.
    pub phase: String,
    /// Interval start and end, nanoseconds since the run's start (the clock of
    /// [`Sample`](super::Sample) times).
    pub start_ns: u64,
    pub end_ns: u64,
    pub stats: Stats,
    pub gauges: Gauges,
}

impl IntervalSnapshot {
    pub fn duration(&self) -> Duration {
        Duration::from_nanos(self.end_ns.saturating_sub(self.start_ns))
    }

    /// Requests completed in this interval, successful or not.
    pub fn ops(&self) -> u64 {
        self.stats.count()
    }

    pub fn errors(&self) -> u64 {
        self.stats.error_count()
    }

    /// Completed requests per second over this interval (0 for an empty interval).
    pub fn achieved_rate(&self) -> f64 {
        let secs = self.duration().as_secs_f64();
        if secs > 0.0 {
            self.ops() as f64 / secs
        } else {
            0.0
        }
    }

    /// Response times of every successful request of the interval, all operations merged.
    pub fn response_all(&self) -> Latency {
        self.stats.response_all()
    }
}
