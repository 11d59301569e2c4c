//! Value generators: every value a workload binds derives from (seed, cycle number), so the
//! same seed replays the same values.

mod value;

pub use value::Value;

/// The compiled bindings of a workload (filled in by the generators work).
#[derive(Debug, Default)]
pub struct Bindings {}
