//! Segments: a phase split where the dashboard changed its rate or paused it.
//!
//! A rate change or a pause ends the running segment (its workers stop claiming, requests in
//! flight finish) and the rest of the phase runs as a new segment, which the result records
//! as a phase of its own: `steady` then `steady (rate 12k)`, or `steady (resumed)` after a
//! pause. So every phase of run.json has one schedule (its target rate and percentiles stay
//! meaningful), a report shows where the rate changed, and paused time is never charged as
//! latency: a resumed segment's intended start times count from its own start.
//!
//! What is left of a phase after a segment that ran for `elapsed` and sent `sent` requests:
//! - its length: the rest of its duration, or of its request count;
//! - its rate shape: a set rate replaces it by a constant rate; otherwise (resuming) the shape
//!   goes on from where it was: a ramp from its current rate, steps from the current step.
//!
//! Requests that were due but not sent when a segment ended (a backlog) are not carried over:
//! the ended segment's result counts them as scheduled and not completed, so its shortfall
//! is reported rather than hidden.

use std::collections::HashSet;
use std::time::Duration;

use crate::exec::PhaseReport;
use crate::plan::PhasePlan;
use crate::schedule::{PhaseLength, RateShape, Step};

/// Less than this left of a phase's duration counts as nothing left.
pub const MIN_REST: Duration = Duration::from_millis(50);

/// One stretch of a phase with one schedule.
#[derive(Debug, Clone)]
pub struct Segment {
    /// What runs: the phase's plan with this segment's name, shape, length and first cycle.
    pub plan: PhasePlan,
    /// The phase's position among the run's phases (load phase first).
    pub phase: usize,
    /// Run time of the phase before this segment (pauses excluded).
    pub done: Duration,
    /// Requests the phase sent before this segment.
    pub done_ops: u64,
    /// The phase's own name.
    base: String,
}

impl Segment {
    /// The whole phase `plan`, the `index`-th of the run.
    pub fn first(plan: &PhasePlan, index: usize) -> Segment {
        Segment {
            plan: plan.clone(),
            phase: index,
            done: Duration::ZERO,
            done_ops: 0,
            base: plan.name.clone(),
        }
    }

    /// The rest of the phase after this segment ended early with `report`: at `rate` when one
    /// was set, else its shape continued; named uniquely with `names`. `None` when nothing is
    /// left of the phase.
    pub fn next(
        &self,
        report: &PhaseReport,
        rate: Option<f64>,
        names: &mut Names,
    ) -> Option<Segment> {
        let elapsed = report.elapsed();
        let (shape, length) = rest(&self.plan.rate, self.plan.length, elapsed, report.sent)?;
        let (shape, label) = match rate {
            Some(rate) => (
                RateShape::Constant { rate },
                format!("rate {}", short_rate(rate)),
            ),
            None => (shape, "resumed".to_string()),
        };
        let name = names.unique(format!("{} ({label})", self.base));
        Some(Segment {
            plan: PhasePlan {
                name,
                rate: shape,
                length,
                first_cycle: report.next_cycle,
                ..self.plan.clone()
            },
            phase: self.phase,
            done: self.done + elapsed,
            done_ops: self.done_ops + report.sent,
            base: self.base.clone(),
        })
    }
}

/// What is left of a phase of `shape` and `length` after `elapsed` and `sent` requests;
/// `None` when nothing is.
pub fn rest(
    shape: &RateShape,
    length: PhaseLength,
    elapsed: Duration,
    sent: u64,
) -> Option<(RateShape, PhaseLength)> {
    let left = match length {
        PhaseLength::Duration(d) => {
            let left = d.saturating_sub(elapsed);
            (left >= MIN_REST).then_some(PhaseLength::Duration(left))
        }
        PhaseLength::Ops(n) => (n > sent).then(|| PhaseLength::Ops(n - sent)),
    }?;
    let e = elapsed.as_secs_f64();
    let shape = match shape {
        RateShape::Unlimited | RateShape::Constant { .. } => shape.clone(),
        RateShape::Ramp { from, to } => {
            // How long the whole ramp lasts (as `Schedule::new` computes it).
            let span = match length {
                PhaseLength::Duration(d) => d.as_secs_f64(),
                PhaseLength::Ops(n) => 2.0 * n as f64 / (from + to),
            };
            let now = if span > 0.0 {
                from + (to - from) * (e / span).min(1.0)
            } else {
                *to
            };
            if !(now + to).is_finite() || now + to <= 0.0 {
                return None;
            }
            RateShape::Ramp { from: now, to: *to }
        }
        RateShape::Steps(steps) => {
            let mut skip = e;
            let mut left_steps = Vec::new();
            for step in steps {
                let d = step.duration.as_secs_f64();
                if skip >= d {
                    skip -= d;
                    continue;
                }
                left_steps.push(Step {
                    rate: step.rate,
                    duration: Duration::from_secs_f64(d - skip),
                });
                skip = 0.0;
            }
            let requests: f64 = left_steps
                .iter()
                .map(|s| s.rate * s.duration.as_secs_f64())
                .sum();
            if requests < 1.0 {
                return None;
            }
            RateShape::Steps(left_steps)
        }
    };
    Some((shape, left))
}

/// `12000` -> `12k`, `12500` -> `12.5k`, `1500000` -> `1.5m`, `250` -> `250`, `2.5` -> `2.5`.
pub fn short_rate(rate: f64) -> String {
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if rate >= 1e6 {
        format!("{}m", trim(format!("{:.2}", rate / 1e6)))
    } else if rate >= 1e3 {
        format!("{}k", trim(format!("{:.1}", rate / 1e3)))
    } else {
        trim(format!("{rate:.1}"))
    }
}

/// Phase names used so far in a run, so that every segment gets its own (the result keeps
/// consecutive intervals of one name as one phase).
#[derive(Debug, Clone, Default)]
pub struct Names(HashSet<String>);

impl Names {
    pub fn new(taken: impl IntoIterator<Item = String>) -> Names {
        Names(taken.into_iter().collect())
    }

    /// `wanted`, or `wanted #2`, `#3`... whichever is free first; taken from now on.
    pub fn unique(&mut self, wanted: String) -> String {
        let mut name = wanted.clone();
        let mut n = 1;
        while self.0.contains(&name) {
            n += 1;
            name = format!("{wanted} #{n}");
        }
        self.0.insert(name.clone());
        name
    }
}

#[cfg(test)]
#[path = "segment_tests.rs"]
mod tests;
