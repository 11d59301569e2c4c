//! Recording latencies: per-worker recorders, interval snapshots, running totals and the
//! HdrHistogram conventions they share.
//!
//! Workers call [`Recorder::record`] for every finished request ([`Sample`]); every interval
//! the run loop calls [`Registry::collect`], which merges the recorders' data into an
//! [`IntervalSnapshot`] for the progress line, the `.hlog` writer and [`RunTotals`]. See
//! [`registry`] for why recording never contends on a lock shared by all workers.

mod cpu;
mod errors;
pub mod histogram;
pub mod registry;
mod sample;
mod snapshot;
mod stats;
mod totals;

pub use cpu::process_cpu_time;
pub use histogram::Latency;
pub use registry::{Recorder, Registry};
pub use sample::{ErrorClass, Sample, SampleOutcome};
pub use snapshot::{Gauges, IntervalSnapshot};
pub use stats::{ErrorCell, NodeStats, OperationStats, Stats};
pub use totals::{PhaseTotals, RunTotals};
