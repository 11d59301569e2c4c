//! Why a rate shape and phase length cannot be turned into a schedule.

use thiserror::Error;

/// A rate shape / phase length combination that has no schedule. The workload loader
/// normally rejects these with a file position; this is the last line of defence for plans
/// built in code or from the command line.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ScheduleError {
    #[error("the rate {rate} ops/s is not a positive number: give a rate above 0 (e.g. 500, 20k)")]
    BadRate { rate: f64 },
    #[error(
        "the ramp from {from} to {to} ops/s is invalid: both ends must be 0 or more and \
         at least one above 0"
    )]
    BadRamp { from: f64, to: f64 },
    #[error("step {step} has rate {rate} ops/s: step rates must be 0 or more")]
    BadStepRate { step: usize, rate: f64 },
    #[error(
        "the steps issue no request: give at least one step with a rate above 0 and a duration"
    )]
    EmptySteps,
    #[error("the phase length is zero: give a duration above 0 or at least one operation")]
    ZeroLength,
}
