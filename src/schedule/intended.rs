//! Intended start times: a phase's rate shape and length compiled into the pure function
//! "request n of the phase should start at offset t".
//!
//! Everything here is computed from the rate integral `N(t) = ∫ rate`, never from the time a
//! previous request actually went out: request `n` is due at the `t` where `N(t) = n`. A late
//! client therefore does not shift the schedule (no drift), and the delay of every late
//! request is visible as wait time.

use std::time::Duration;

use super::error::ScheduleError;
use super::{PhaseLength, RateShape};

/// Slack for float round-off when turning a rate integral into a request count, so that
/// e.g. 2000 ops/s for 3 s gives 6000 requests and not 6001.
const COUNT_EPSILON: f64 = 1e-6;

/// The compiled schedule of one phase.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    curve: Curve,
    /// Requests in the phase; `None` for a closed loop bounded by time.
    total: Option<u64>,
    /// Length of the phase; `None` for a closed loop bounded by an operation count.
    duration: Option<Duration>,
}

/// The rate as a function of the elapsed time, in a form that can be integrated and inverted.
#[derive(Debug, Clone, PartialEq)]
enum Curve {
    Unlimited,
    Constant {
        rate: f64,
    },
    /// `rate(t) = from + slope * t` (ops/s and ops/s²).
    Ramp {
        from: f64,
        slope: f64,
    },
    Steps(Vec<Span>),
}

/// One step of a step shape, placed on the phase's timeline.
#[derive(Debug, Clone, PartialEq)]
struct Span {
    start_s: f64,
    /// Requests scheduled before this step starts (`N(start_s)`).
    start_count: f64,
    rate: f64,
}

impl Schedule {
    /// Compile a rate shape and a phase length.
    ///
    /// With an operation count, a ramp lasts as long as it takes to issue that many requests
    /// (`2N / (from + to)`), and steps stop after the count or after the last step,
    /// whichever comes first. With a duration, steps stop after the duration or the last
    /// step, whichever comes first.
    pub fn new(shape: &RateShape, length: PhaseLength) -> Result<Schedule, ScheduleError> {
        match length {
            PhaseLength::Duration(d) if d.is_zero() => return Err(ScheduleError::ZeroLength),
            PhaseLength::Ops(0) => return Err(ScheduleError::ZeroLength),
            _ => {}
        }
        let curve = compile(shape, length)?;
        let (total, duration) = match (&curve, length) {
            (Curve::Unlimited, PhaseLength::Duration(d)) => (None, Some(d)),
            (Curve::Unlimited, PhaseLength::Ops(n)) => (Some(n), None),
            (_, PhaseLength::Duration(d)) => {
                let end = curve
                    .end_s()
                    .map_or(d.as_secs_f64(), |e| e.min(d.as_secs_f64()));
                (Some(count_before(curve.count(end))), Some(secs(end)))
            }
            (_, PhaseLength::Ops(n)) => {
                let all = curve.end_s().map(|e| count_before(curve.count(e)));
                let total = all.map_or(n, |all| all.min(n));
                let end = match curve.end_s() {
                    Some(e) if total < n => e,
                    _ => curve.time_of(total as f64).unwrap_or(0.0),
                };
                (Some(total), Some(secs(end)))
            }
        };
        Ok(Schedule {
            curve,
            total,
            duration,
        })
    }

    /// True when requests follow a schedule; false for a closed loop.
    pub fn is_rate_controlled(&self) -> bool {
        self.curve != Curve::Unlimited
    }

    /// Requests in the phase, when known in advance (always, except a closed loop bounded by
    /// time).
    pub fn total_ops(&self) -> Option<u64> {
        self.total
    }

    /// Length of the phase, when known in advance (always, except a closed loop bounded by
    /// an operation count).
    pub fn duration(&self) -> Option<Duration> {
        self.duration
    }

    /// Intended start of request `n` (0-based) as an offset from the phase's start; `None`
    /// in a closed loop and for `n` past the end of the phase.
    pub fn intended(&self, n: u64) -> Option<Duration> {
        self.intended_ns(n).map(Duration::from_nanos)
    }

    /// [`Schedule::intended`] in nanoseconds.
    pub fn intended_ns(&self, n: u64) -> Option<u64> {
        if self.total.is_some_and(|total| n >= total) {
            return None;
        }
        let t = self.curve.time_of(n as f64)?;
        Some((t * 1e9).round() as u64)
    }

    /// How many requests are due at `elapsed` (intended start <= elapsed), capped at the
    /// phase's total; `None` in a closed loop. Due minus sent is the client's backlog.
    pub fn due_by(&self, elapsed: Duration) -> Option<u64> {
        if !self.is_rate_controlled() {
            return None;
        }
        let t = elapsed.as_secs_f64();
        // Requests 0..=c have N <= N(t); the last of them is due unless it waits at the far
        // end of an idle (zero-rate) stretch.
        let c = (self.curve.count(t) + COUNT_EPSILON).floor();
        let last_is_due = self.curve.time_of(c).is_some_and(|tc| tc <= t + 1e-9);
        let due = c as u64 + u64::from(last_is_due);
        Some(self.total.map_or(due, |total| due.min(total)))
    }

    /// The target rate (ops/s) at `elapsed`, for "target vs achieved"; `None` in a closed
    /// loop. At and past the end of the phase, the rate the shape ends with.
    pub fn target_rate_at(&self, elapsed: Duration) -> Option<f64> {
        let end = self.duration.map_or(f64::INFINITY, |d| d.as_secs_f64());
        self.curve.rate_at(elapsed.as_secs_f64().min(end))
    }
}

impl Curve {
    /// `N(t)`: requests scheduled in `[0, t)` as a real number.
    fn count(&self, t: f64) -> f64 {
        let t = t.max(0.0);
        match self {
            Curve::Unlimited => 0.0,
            Curve::Constant { rate } => rate * t,
            Curve::Ramp { from, slope } => {
                // Past the point where a falling ramp reaches zero the integral stays flat.
                let t = match self.zero_time() {
                    Some(z) => t.min(z),
                    None => t,
                };
                from * t + slope * t * t / 2.0
            }
            Curve::Steps(spans) => {
                let i = spans.partition_point(|s| s.start_s <= t).saturating_sub(1);
                spans
                    .get(i)
                    .map_or(0.0, |s| s.start_count + s.rate * (t - s.start_s))
            }
        }
    }

    /// The `t` where `N(t) = n`; `None` in a closed loop or when the rate never gets there.
    fn time_of(&self, n: f64) -> Option<f64> {
        match self {
            Curve::Unlimited => None,
            Curve::Constant { rate } => Some(n / rate),
            Curve::Ramp { from, slope } => {
                // Solve slope/2 t² + from t - n = 0 in the form that stays exact when the
                // slope is tiny: t = 2n / (from + sqrt(from² + 2 slope n)).
                let disc = from * from + 2.0 * slope * n;
                if disc < 0.0 {
                    return None;
                }
                let denom = from + disc.sqrt();
                if denom <= 0.0 {
                    return (n <= 0.0).then_some(0.0);
                }
                Some(2.0 * n / denom)
            }
            Curve::Steps(spans) => {
                let i = spans
                    .partition_point(|s| s.start_count <= n)
                    .saturating_sub(1);
                let s = spans.get(i)?;
                (s.rate > 0.0).then(|| s.start_s + (n - s.start_count) / s.rate)
            }
        }
    }

    /// The rate at `t`.
    fn rate_at(&self, t: f64) -> Option<f64> {
        let t = t.max(0.0);
        match self {
            Curve::Unlimited => None,
            Curve::Constant { rate } => Some(*rate),
            Curve::Ramp { from, slope } => Some((from + slope * t).max(0.0)),
            Curve::Steps(spans) => {
                // Left-continuous: at a step boundary (and at the end) the step just finished.
                let i = spans.partition_point(|s| s.start_s < t).saturating_sub(1);
                spans.get(i).map(|s| s.rate)
            }
        }
    }

    /// Where the shape itself ends (steps: after the last step).
    fn end_s(&self) -> Option<f64> {
        match self {
            Curve::Steps(spans) => spans.last().map(|s| s.start_s),
            _ => None,
        }
    }

    /// When a falling ramp reaches rate 0.
    fn zero_time(&self) -> Option<f64> {
        match self {
            Curve::Ramp { from, slope } if *slope < 0.0 => Some(from / -slope),
            _ => None,
        }
    }
}

/// Validate a shape and turn it into a curve. Ramps need the phase length to know their
/// slope.
fn compile(shape: &RateShape, length: PhaseLength) -> Result<Curve, ScheduleError> {
    let valid = |r: f64| r.is_finite() && r >= 0.0;
    match shape {
        RateShape::Unlimited => Ok(Curve::Unlimited),
        RateShape::Constant { rate } if valid(*rate) && *rate > 0.0 => {
            Ok(Curve::Constant { rate: *rate })
        }
        RateShape::Constant { rate } => Err(ScheduleError::BadRate { rate: *rate }),
        RateShape::Ramp { from, to } => {
            if !valid(*from) || !valid(*to) || from + to <= 0.0 {
                return Err(ScheduleError::BadRamp {
                    from: *from,
                    to: *to,
                });
            }
            let seconds = match length {
                PhaseLength::Duration(d) => d.as_secs_f64(),
                PhaseLength::Ops(n) => 2.0 * n as f64 / (from + to),
            };
            Ok(Curve::Ramp {
                from: *from,
                slope: (to - from) / seconds,
            })
        }
        RateShape::Steps(steps) => {
            let mut spans = Vec::with_capacity(steps.len() + 1);
            let (mut start_s, mut start_count) = (0.0, 0.0);
            for (i, step) in steps.iter().enumerate() {
                if !valid(step.rate) {
                    return Err(ScheduleError::BadStepRate {
                        step: i + 1,
                        rate: step.rate,
                    });
                }
                spans.push(Span {
                    start_s,
                    start_count,
                    rate: step.rate,
                });
                start_s += step.duration.as_secs_f64();
                start_count += step.rate * step.duration.as_secs_f64();
            }
            if start_count < 1.0 - COUNT_EPSILON {
                return Err(ScheduleError::EmptySteps);
            }
            // A closing zero-rate span marks the end of the last step.
            spans.push(Span {
                start_s,
                start_count,
                rate: 0.0,
            });
            Ok(Curve::Steps(spans))
        }
    }
}

/// Requests whose intended start lies strictly before the point where `N = count`.
fn count_before(count: f64) -> u64 {
    (count - COUNT_EPSILON).ceil().max(0.0) as u64
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s.max(0.0))
}
