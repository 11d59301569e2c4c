//! ringbench: a load-testing and performance-forensics workbench for Apache Cassandra and
//! ScyllaDB.
//!
//! # Layout
//! - [`node`]: the in-memory CQL reference node (`ringbench serve`), the embedded default
//!   target and the ground truth for tests.

pub mod cli;
pub mod commands;
pub mod node;
