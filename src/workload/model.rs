//! The workload file as serde reads it: the fixed structure, with unknown fields refused and
//! positions kept (`Spanned`, [`Node`]) for the checks that come after parsing. The free-form
//! parts (generators, rate shapes, replication, counts like `100k`) stay [`Node`]s and are
//! read by the compiler. docs/workload.md documents every field.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::yaml::{Node, Ordered};

/// A whole workload file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadSpec {
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: String,
    pub keyspace: Option<Spanned<KeyspaceSpec>>,
    /// CREATE TABLE / TYPE / INDEX statements, run in order in the keyspace.
    #[serde(default)]
    pub schema: Vec<Node>,
    #[serde(default)]
    pub bindings: Ordered<Node>,
    pub operations: Spanned<Ordered<OperationSpec>>,
    pub load: Option<Spanned<LoadSpec>>,
    pub phases: Option<Spanned<Vec<Spanned<PhaseSpec>>>>,
}

/// `keyspace:`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyspaceSpec {
    pub name: Option<Spanned<String>>,
    /// `{ class: SimpleStrategy, replication_factor: 1 }` or NetworkTopologyStrategy with
    /// per-DC factors.
    pub replication: Option<Node>,
    pub durable_writes: Option<bool>,
}

/// One entry of `operations:` (and the statement of `load:`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    pub cql: Node,
    pub weight: Option<Node>,
    pub consistency: Option<Spanned<String>>,
    pub serial_consistency: Option<Spanned<String>>,
    pub idempotent: Option<bool>,
    pub page_size: Option<Node>,
}

/// `load:` — one statement run `ops` times before the phases.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadSpec {
    /// The operation's name in results (default `load`).
    pub name: Option<Spanned<String>>,
    pub cql: Node,
    pub consistency: Option<Spanned<String>>,
    pub serial_consistency: Option<Spanned<String>>,
    pub idempotent: Option<bool>,
    pub ops: Node,
    pub rate: Option<Node>,
    pub concurrency: Option<Node>,
}

/// One entry of `phases:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseSpec {
    pub name: Spanned<String>,
    pub rate: Option<Node>,
    pub duration: Option<Node>,
    pub ops: Option<Node>,
    pub concurrency: Option<Node>,
    /// Operation name -> weight, replacing the operations' own weights in this phase.
    pub mix: Option<Ordered<Node>>,
}
