//! Rate shapes and the schedule of intended start times.
//!
//! In a rate-controlled phase the n-th request of the phase has an intended start computed
//! from the phase's absolute start and its rate shape, never from "now": a request that could
//! not be sent on time is sent late and charged the delay (coordinated omission stays out).

use std::time::Duration;

mod error;
mod intended;
mod timer;
mod timer_thread;

pub use error::ScheduleError;
pub use intended::Schedule;
pub use timer::{PreciseSleep, TimerHandle, PRECISE_MAX_RATE};

/// How fast a phase issues requests.
#[derive(Debug, Clone, PartialEq)]
pub enum RateShape {
    /// No schedule: closed loop, as fast as the workers go (latency is service time).
    Unlimited,
    /// A fixed rate in operations per second.
    Constant { rate: f64 },
    /// A linear ramp from `from` to `to` ops/s over the phase's duration.
    Ramp { from: f64, to: f64 },
    /// Consecutive constant-rate steps; the phase lasts as long as the steps together.
    Steps(Vec<Step>),
}

/// One step of a [`RateShape::Steps`] shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub rate: f64,
    pub duration: Duration,
}

/// When a phase ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PhaseLength {
    Duration(Duration),
    Ops(u64),
}
