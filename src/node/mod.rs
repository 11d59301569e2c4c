//! The reference node: an in-memory CQL node that real drivers talk to over TCP.
//!
//! It speaks native protocol v4 like Apache Cassandra for the statements load tests use, so the
//! scylla driver, the Python cassandra-driver and cqlsh cannot tell it from a real node. Several
//! nodes on 127.0.0.1, 127.0.0.2, ... form a ring that shares one store, so token-aware routing
//! works. It is ringbench's embedded default target and the ground truth for its tests.
//!
//! Layout (a request flows top to bottom):
//! - [`server`]: listeners, connections, frames, authentication, events; starts clusters.
//! - [`exec`]: QUERY / PREPARE / EXECUTE / BATCH against the shared state, DML and SELECT.
//! - [`model`]: the performance model (service times, shards, stalls, errors, outages).
//! - [`cql`]: the CQL lexer, parser and syntax tree.
//! - [`schema`]: keyspaces, tables, columns and DDL.
//! - [`system`]: `system.*`, `system_schema.*` and `system_virtual_schema.*` tables.
//! - [`storage`]: partitions, rows and cells with timestamps, TTLs and tombstones.
//! - [`types`]: CQL types, value validation, ordering and literals.
//! - [`token`]: the Murmur3 partitioner.
//! - [`cluster`]: state shared by the nodes of one cluster.
//! - [`error`]: protocol error codes.

pub mod cluster;
pub mod cql;
pub mod error;
pub mod exec;
pub mod model;
pub mod schema;
pub mod server;
pub mod storage;
pub mod system;
pub mod token;
pub mod types;
