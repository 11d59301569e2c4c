//! Running a plan: workers sharing a schedule, the in-flight bound, and executing operations
//! through the scylla driver with error classification.
//!
//! # How a run uses it
//! ```text
//! let ops = exec::prepare(&session, &plan.workload, plan.seed).await?;   // once per run
//! let ctx = PhaseContext { session, ops: Arc::new(ops), bindings, seed, concurrency,
//!                          max_in_flight, run_start, recorders: Arc::new(registry) };
//! for phase in phases {
//!     let gauges = Arc::new(PhaseGauges::new(&phase)?);    // hand a clone to the progress line
//!     let report = exec::run_phase(&ctx, &phase, &gauges, stop_rx.clone()).await?;
//! }
//! ```
//!
//! # The measurement contract, as implemented here
//! - Request `n` of a rate-controlled phase has the intended start `schedule.intended(n)`
//!   after the phase's start ([`crate::schedule::Schedule`]), whatever happened to earlier
//!   requests. Workers claim request numbers from one atomic counter, wait for the intended
//!   start on a sub-millisecond timer ([`crate::schedule::TimerHandle`]), then for one of
//!   `max_in_flight` slots. A late request goes out at once; nothing is skipped or dropped.
//!   Its sample carries the intended, sent and completed times, so response = service + wait.
//! - Without a rate (a closed loop) each worker sends one request after the other and the
//!   intended start is the send: the latency is service time.
//! - Every request's outcome becomes a [`crate::metrics::Sample`] recorded by the worker's
//!   own [`crate::metrics::Recorder`]; errors are classified ([`classify`]), counted and timed,
//!   never stored (only the first message per operation and class is kept as an example)
//!   and never stop the run.
//! - [`PhaseGauges`] (atomics) show due / sent / completed / in flight / backlog live and
//!   tell when the client falls behind.
//! - A stop signal (`watch` turning true, e.g. on Ctrl-C) stops claiming; requests in flight
//!   get up to [`DRAIN_TIMEOUT`] to finish and are recorded; the rest are counted as abandoned.
//!
//! # Files
//! - `prepare`: preparing operations with their statement options; the dry binding check.
//! - `convert`: generated values to the bound columns' CQL types.
//! - `target`: one request through the driver (pages, `[applied]`, coordinator).
//! - `classify`: driver errors to error classes.
//! - `mix`: the phase's operation mix.
//! - `worker`: the worker loop; `ready`: a claimed request's wait for its start and a slot;
//!   `recycle`: reusing the memory of finished request futures;
//!   `phase`: starting workers and reporting; `gauges`, `report`.

pub mod classify;
pub mod convert;
mod error;
mod gauges;
mod mix;
mod phase;
mod prepare;
mod ready;
mod recycle;
mod report;
mod target;
mod worker;

pub use classify::classify;
pub use error::ExecError;
pub use gauges::{GaugeSnapshot, PhaseGauges, LATE_SEND};
pub use phase::{run_phase, PhaseContext};
pub use prepare::{prepare, PreparedOp, PreparedOps};
pub use report::{ErrorExample, PhaseReport};
pub use target::Executed;
pub use worker::DRAIN_TIMEOUT;
