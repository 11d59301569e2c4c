//! Results on disk: `<out>/<run-id>/run.json` (versioned, see [`model`]), `latency.hlog` (the
//! standard HdrHistogram interval log, see [`hlog`]) and `intervals.jsonl` (the per-interval
//! series), plus the summary a run prints at its end and `ringbench show` prints later.
//!
//! The run command drives a [`ResultWriter`]: created at the run's start, fed every interval
//! snapshot, finished with the [`RunMeta`] the plan provides. Readers ([`RunResult::load`],
//! later `compare` and `report`) only ever read these files; nothing is re-run.

mod build;
mod clock;
pub mod codec;
mod error;
pub mod format;
pub mod hlog;
pub mod hlog_read;
mod host;
pub mod json_file;
mod meta;
pub mod model;
mod series;
mod store;
mod stored;
pub mod summary;
mod table;
mod writer;

pub use error::ResultsError;
pub use hlog::HLOG_FILE;
pub use meta::RunMeta;
pub use model::*;
pub use series::{read_series, INTERVALS_FILE};
pub use store::{locate, RUN_FILE};
pub use writer::{run_id, ResultWriter};
