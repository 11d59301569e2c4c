//! Live gauges of a running phase, shared with the progress line / TUI without locks.
//!
//! Workers bump a few atomic counters (sent, completed, late sends, in-flight limit hits);
//! everything else is derived when someone looks: requests due by now come from the phase's
//! schedule and the clock, the backlog is due minus sent, in flight is sent minus completed.
//! A reader keeps its previous [`GaugeSnapshot`] to tell whether the client is falling behind
//! (backlog growing, or the in-flight limit reached since then).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::metrics::Gauges;
use crate::plan::PhasePlan;
use crate::schedule::Schedule;

use super::error::ExecError;

/// A request sent this much later than its intended start counts as a late send.
pub const LATE_SEND: Duration = Duration::from_millis(10);

/// Counters of one phase, plus its schedule.
#[derive(Debug)]
pub struct PhaseGauges {
    phase: String,
    schedule: Schedule,
    start: OnceLock<Instant>,
    pub(super) sent: AtomicU64,
    pub(super) completed: AtomicU64,
    /// Requests sent more than [`LATE_SEND`] after their intended start.
    pub(super) late_sends: AtomicU64,
    /// Requests that found no free in-flight slot and had to wait for one.
    pub(super) limit_waits: AtomicU64,
}

/// The gauges at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaugeSnapshot {
    /// Time since the phase started (zero before it starts).
    pub elapsed: Duration,
    /// Length of the phase when known in advance.
    pub duration: Option<Duration>,
    /// Requests in the phase when known in advance.
    pub total: Option<u64>,
    /// Requests whose intended start has passed; `None` in a closed loop.
    pub due: Option<u64>,
    pub sent: u64,
    pub completed: u64,
    pub in_flight: u64,
    /// Due but not sent yet (0 in a closed loop).
    pub backlog: u64,
    /// The schedule's rate now; `None` in a closed loop.
    pub target_rate: Option<f64>,
    pub late_sends: u64,
    pub limit_waits: u64,
}

impl PhaseGauges {
    /// Gauges for `phase`; compiles (and so checks) its schedule.
    pub fn new(phase: &PhasePlan) -> Result<PhaseGauges, ExecError> {
        let schedule =
            Schedule::new(&phase.rate, phase.length).map_err(|source| ExecError::Schedule {
                phase: phase.name.clone(),
                source,
            })?;
        Ok(PhaseGauges {
            phase: phase.name.clone(),
            schedule,
            start: OnceLock::new(),
            sent: AtomicU64::new(0),
            completed: AtomicU64::new(0),
            late_sends: AtomicU64::new(0),
            limit_waits: AtomicU64::new(0),
        })
    }

    /// The phase these gauges belong to.
    pub fn phase(&self) -> &str {
        &self.phase
    }

    /// The phase's compiled schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// When the phase started, once it has.
    pub fn started(&self) -> Option<Instant> {
        self.start.get().copied()
    }

    /// Mark the phase's start; the first call wins.
    pub(super) fn start(&self, at: Instant) -> Instant {
        *self.start.get_or_init(|| at)
    }

    /// Read every gauge now.
    pub fn snapshot(&self) -> GaugeSnapshot {
        self.snapshot_at(Instant::now())
    }

    /// Read every gauge as of `now`.
    pub fn snapshot_at(&self, now: Instant) -> GaugeSnapshot {
        let elapsed = self
            .started()
            .map_or(Duration::ZERO, |s| now.saturating_duration_since(s));
        // Read completed before sent, so that in flight never goes negative.
        let completed = self.completed.load(Ordering::Acquire);
        let sent = self.sent.load(Ordering::Acquire);
        let due = match self.started() {
            Some(_) => self.schedule.due_by(elapsed),
            None => self.schedule.is_rate_controlled().then_some(0),
        };
        GaugeSnapshot {
            elapsed,
            duration: self.schedule.duration(),
            total: self.schedule.total_ops(),
            due,
            sent,
            completed,
            in_flight: sent.saturating_sub(completed),
            backlog: due.map_or(0, |d| d.saturating_sub(sent)),
            target_rate: self.schedule.target_rate_at(elapsed),
            late_sends: self.late_sends.load(Ordering::Relaxed),
            limit_waits: self.limit_waits.load(Ordering::Relaxed),
        }
    }
}

impl GaugeSnapshot {
    /// A backlog this large is more than timer jitter: 10 ms worth of requests at the target
    /// rate, and at least 8.
    pub fn backlog_threshold(&self) -> u64 {
        self.target_rate
            .map_or(u64::MAX, |rate| ((rate * 0.010) as u64).max(8))
    }

    /// Whether the client is falling behind its schedule: the backlog is above
    /// [`GaugeSnapshot::backlog_threshold`] and has grown since `previous`, or requests had to
    /// wait for an in-flight slot since `previous` (ever, without a previous snapshot).
    pub fn falling_behind(&self, previous: Option<&GaugeSnapshot>) -> bool {
        let (last_backlog, last_waits) = previous.map_or((0, 0), |p| (p.backlog, p.limit_waits));
        let growing = self.backlog > self.backlog_threshold() && self.backlog > last_backlog;
        growing || self.limit_waits > last_waits
    }

    /// The gauges an interval snapshot of the recorders carries.
    pub fn to_metrics(&self, previous: Option<&GaugeSnapshot>) -> Gauges {
        Gauges {
            target_rate: self.target_rate,
            due: self.due,
            in_flight: self.in_flight,
            backlog: self.backlog,
            falling_behind: self.falling_behind(previous),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{PhaseLength, RateShape};

    fn at(backlog: u64, limit_waits: u64) -> GaugeSnapshot {
        GaugeSnapshot {
            elapsed: Duration::from_secs(1),
            duration: None,
            total: None,
            due: Some(1000 + backlog),
            sent: 1000,
            completed: 990,
            in_flight: 10,
            backlog,
            target_rate: Some(2000.0),
            late_sends: 0,
            limit_waits,
        }
    }

    #[test]
    fn falling_behind_means_a_growing_backlog_or_a_full_in_flight_bound() {
        // 10 ms at 2000 ops/s is 20 requests: a smaller backlog is timer jitter.
        assert_eq!(at(0, 0).backlog_threshold(), 20);
        assert!(!at(15, 0).falling_behind(Some(&at(5, 0))));
        assert!(
            at(30, 0).falling_behind(Some(&at(25, 0))),
            "above 20 and growing"
        );
        assert!(
            !at(30, 0).falling_behind(Some(&at(40, 0))),
            "shrinking: catching up"
        );
        assert!(
            at(0, 3).falling_behind(Some(&at(0, 2))),
            "waited for a slot since"
        );
        assert!(!at(0, 3).falling_behind(Some(&at(0, 3))));
        assert!(at(0, 1).falling_behind(None));
    }

    #[test]
    fn gauges_derive_due_and_backlog_from_the_schedule() {
        let phase = PhasePlan {
            name: "steady".into(),
            rate: RateShape::Constant { rate: 1000.0 },
            length: PhaseLength::Duration(Duration::from_secs(10)),
            mix: vec![(0, 1.0)],
            concurrency: None,
            first_cycle: 0,
        };
        let gauges = PhaseGauges::new(&phase).expect("a valid schedule");
        assert_eq!(
            gauges.snapshot().due,
            Some(0),
            "nothing is due before the start"
        );
        let start = Instant::now();
        gauges.start(start);
        gauges.sent.store(400, Ordering::Relaxed);
        gauges.completed.store(390, Ordering::Relaxed);
        let s = gauges.snapshot_at(start + Duration::from_millis(500));
        // Requests 0..=500 are due at 0.5 s (n / 1000 <= 0.5).
        assert_eq!((s.due, s.backlog, s.in_flight), (Some(501), 101, 10));
        assert_eq!((s.total, s.target_rate), (Some(10_000), Some(1000.0)));
    }

    #[test]
    fn a_phase_without_a_schedule_is_refused_by_name() {
        let phase = PhasePlan {
            name: "broken".into(),
            rate: RateShape::Constant { rate: 0.0 },
            length: PhaseLength::Ops(10),
            mix: vec![(0, 1.0)],
            concurrency: None,
            first_cycle: 0,
        };
        let message = PhaseGauges::new(&phase)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("phase 'broken': the rate 0"),
            "{message}"
        );
    }
}
