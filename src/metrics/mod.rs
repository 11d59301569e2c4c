//! Recording latencies: per-worker recorders, interval snapshots, HdrHistogram helpers.

mod sample;

pub use sample::{ErrorClass, Sample, SampleOutcome};
