//! Capacity searches (`ringbench capacity`): the highest request rate a cluster sustains
//! under service-level objectives, with its uncertainty, the latency-throughput curve and its
//! knee, for one or several profiles compared.
//!
//! ```text
//! --slo ──► slo::Slo                        settings::Settings (flags, or search.json)
//!                 │                                   │
//!   search::next(settings, steps so far) ──► rate ──► steps::step_plan ──► run (commands)
//!        ▲                                                                   │ run.json
//!        └──── judge::judge ◄── measure::measure ◄── analyse::step_record ◄──┘
//!                                                         │
//!   record::SearchRecord (search.json) ◄── analyse::conclude (conclusion, knee, warnings)
//!        └──► report::build ──► report::Report ──► output (text / md / html)
//! ```
//!
//! Everything here is free of clusters and connections: the command
//! (`crate::commands::capacity`) runs each step as a normal run on one connection per
//! profile; the search ([`search::run`]) only needs a closure that runs a step and says
//! whether it passed, so it is tested on synthetic step functions.
//!
//! - [`slo`]: parsing objectives (`p99<=10ms`, `error_rate<=0.1%`, `read.p99<=5ms`).
//! - [`settings`]: start rate, limits, precision, step and rest lengths.
//! - [`search`]: exponential probe then bisection; resumable from any set of steps.
//! - [`steps`]: a step's run plan (warm-up + steady phase at one rate).
//! - [`measure`], [`judge`]: what a step's run.json says, and whether it passed or tripped
//!   a guardrail.
//! - [`knee`]: Kneedle on the curve; [`predict`]: the performance model's answer, if any.
//! - [`analyse`]: step records, conclusions and client-limit warnings.
//! - [`record`]: `search.json`; [`layout`]: folder names.
//! - [`report`], [`output`]: the report document and where it is written.

pub mod analyse;
mod error;
pub mod judge;
pub mod knee;
pub mod layout;
pub mod measure;
pub mod output;
pub mod predict;
pub mod record;
pub mod report;
pub mod search;
pub mod settings;
pub mod slo;
pub mod steps;

pub use error::CapacityError;
pub use output::ReportFormat;
pub use record::{KneePoint, ProfileSearch, SearchRecord, StepRecord, SEARCH_FILE};
pub use search::{Conclusion, Outcome};
pub use settings::Settings;
pub use slo::{parse_fraction, parse_slo_arg, Metric, Slo};
