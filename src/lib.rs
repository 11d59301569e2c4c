//! ringbench: a load-testing and performance-forensics workbench for Apache Cassandra and
//! ScyllaDB.
//!
//! # Layout
//! - [`cli`]: the command line (clap derive); the doc comments are the help text.
//! - [`commands`]: carrying out each subcommand (`serve`, `demo`); `main.rs` only maps the
//!   outcome to an exit code.
//! - [`node`]: the in-memory CQL reference node (`ringbench serve`), the embedded default
//!   target and the ground truth for tests.

pub mod cli;
pub mod commands;
pub mod node;
