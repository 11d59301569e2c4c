//! Running totals per phase, fed with interval snapshots.
//!
//! Memory stays flat: a phase's totals are one [`Stats`] (histograms merged interval by
//! interval) plus a few numbers, however long the phase runs. Phases are kept apart so that a
//! warm-up never pollutes the steady phase's percentiles.

use super::snapshot::IntervalSnapshot;
use super::stats::Stats;

/// Everything measured during one phase.
#[derive(Debug, Clone)]
pub struct PhaseTotals {
    pub name: String,
    /// Start of its first interval and end of its last, nanoseconds since the run's start.
    pub start_ns: u64,
    pub end_ns: u64,
    pub stats: Stats,
    /// Sum over intervals of target rate × interval length: the schedule's rate integrated
    /// over the phase (the tail where the last responses arrive included). Meaningful only
    /// when `rate_controlled`.
    pub target_ops: f64,
    /// Requests the schedule asked for (the exec layer's highest due count); `None` when it
    /// reports none (closed loop).
    pub scheduled: Option<u64>,
    /// Whether any interval had a target rate (otherwise the phase was a closed loop).
    pub rate_controlled: bool,
    pub intervals: u64,
    /// Intervals whose gauges said the schedule was falling behind.
    pub behind_intervals: u64,
    pub max_backlog: u64,
    pub max_in_flight: u64,
}

impl PhaseTotals {
    fn new(snapshot: &IntervalSnapshot) -> Self {
        PhaseTotals {
            name: snapshot.phase.clone(),
            start_ns: snapshot.start_ns,
            end_ns: snapshot.start_ns,
            stats: Stats::empty_like(&snapshot.stats),
            target_ops: 0.0,
            scheduled: None,
            rate_controlled: false,
            intervals: 0,
            behind_intervals: 0,
            max_backlog: 0,
            max_in_flight: 0,
        }
    }

    fn add(&mut self, snapshot: &IntervalSnapshot) {
        self.end_ns = self.end_ns.max(snapshot.end_ns);
        self.stats.add(&snapshot.stats);
        let gauges = &snapshot.gauges;
        if let Some(rate) = gauges.target_rate {
            self.rate_controlled = true;
            self.target_ops += rate * snapshot.duration().as_secs_f64();
        }
        if let Some(due) = gauges.due {
            self.scheduled = Some(self.scheduled.unwrap_or(0).max(due));
        }
        self.intervals += 1;
        self.behind_intervals += u64::from(gauges.falling_behind);
        self.max_backlog = self.max_backlog.max(gauges.backlog);
        self.max_in_flight = self.max_in_flight.max(gauges.in_flight);
    }

    pub fn duration_secs(&self) -> f64 {
        self.end_ns.saturating_sub(self.start_ns) as f64 / 1e9
    }

    /// Completed requests per second over the phase.
    pub fn achieved_rate(&self) -> f64 {
        per_second(self.stats.count() as f64, self.duration_secs())
    }

    /// The schedule's average rate over the phase; `None` for a closed loop.
    pub fn target_rate(&self) -> Option<f64> {
        self.rate_controlled
            .then(|| per_second(self.target_ops, self.duration_secs()))
    }
}

fn per_second(amount: f64, secs: f64) -> f64 {
    if secs > 0.0 {
        amount / secs
    } else {
        0.0
    }
}

/// Totals of every phase so far, in the order they ran.
#[derive(Debug, Clone, Default)]
pub struct RunTotals {
    pub phases: Vec<PhaseTotals>,
}

impl RunTotals {
    /// Adds one interval to its phase: the last phase if the names match, else a new one.
    pub fn add(&mut self, snapshot: &IntervalSnapshot) {
        let continues = self
            .phases
            .last()
            .is_some_and(|last| last.name == snapshot.phase);
        if !continues {
            self.phases.push(PhaseTotals::new(snapshot));
        }
        if let Some(phase) = self.phases.last_mut() {
            phase.add(snapshot);
        }
    }
}
