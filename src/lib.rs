//! ringbench: a load-testing and performance-forensics workbench for Apache Cassandra and
//! ScyllaDB.
//!
//! # Layout
//! - [`cli`]: the command line (clap derive); the doc comments are the help text.
//! - [`commands`]: carrying out each subcommand (`serve`, `demo`); `main.rs` only maps the
//!   outcome to an exit code.
//! - [`workload`]: the workload YAML model, its validation (with file:line:col) and compilation.
//! - [`profile`]: cluster profiles and connecting to a cluster (embedded or real).
//! - [`calendar`]: day-number arithmetic shared by CQL dates, time buckets and result times.
//! - [`consistency`]: consistency levels by their CQL names, both ways.
//! - [`plan`]: workload + profile + command line compiled into one [`plan::RunPlan`].
//! - [`generate`]: value generators, deterministic per (seed, cycle).
//! - [`schedule`]: rate shapes and intended start times.
//! - [`exec`]: workers, the in-flight bound, executing operations through the scylla driver.
//! - [`metrics`]: per-worker recorders and interval snapshots (HdrHistogram).
//! - [`results`]: `run.json` and `latency.hlog`, written and read back; the run summary.
//! - [`compare`]: comparing saved runs: block-bootstrap significance, thresholds, verdicts,
//!   JSON and JUnit output, the comparison report.
//! - [`report`]: reports as documents (tables, plots, verdicts) and their text, Markdown and
//!   HTML renderers.
//! - [`progress`]: the one-line progress display of a run without a TUI.
//! - [`capacity`]: capacity searches: the highest rate meeting service-level objectives,
//!   the latency-throughput curve and its knee, profiles compared.
//! - [`tui`]: the live terminal dashboard of a run, and of a saved run (`show --tui`).
//! - [`node`]: the in-memory CQL reference node (`ringbench serve`), the embedded default
//!   target and the ground truth for tests.

pub mod calendar;
pub mod capacity;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod consistency;
pub mod exec;
pub mod generate;
pub mod metrics;
pub mod node;
pub mod plan;
pub mod profile;
pub mod progress;
pub mod report;
pub mod results;
pub mod schedule;
pub mod tui;
pub mod workload;
