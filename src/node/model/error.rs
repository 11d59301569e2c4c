//! What can be wrong with a performance model's configuration, checked once by
//! [`super::Model::new`] so that deciding requests never fails. Each message names the field
//! of the profile's `model:` section and what to change.

use std::time::Duration;

/// An invalid `model:` section.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("model: the cluster has no nodes; a model needs at least one node")]
    NoNodes,

    #[error("model.shards is 0: every node needs at least 1 shard (service slot)")]
    NoShards,

    #[error("model.lwt_rounds is 0: a lightweight transaction needs at least 1 round (Cassandra's Paxos uses 4: prepare, read, propose, commit)")]
    NoLwtRounds,

    #[error("model.service.{class}: {detail}")]
    Distribution { class: &'static str, detail: String },

    #[error("{field}: {detail}")]
    Stalls { field: String, detail: String },

    #[error("{field} names node {node}, but the cluster has {nodes} nodes (indexes 0..{nodes}); use an index below {nodes}")]
    NodeIndex {
        field: String,
        node: usize,
        nodes: usize,
    },

    #[error("model.nodes has two entries for node {node}; merge them into one")]
    DuplicateNode { node: usize },

    #[error("model.nodes (node {node}): slow_factor {factor} must be a finite number above 0 (1 = normal speed, 2 = twice as slow)")]
    SlowFactor { node: usize, factor: f64 },

    #[error(
        "model.nodes (node {node}): outage at {at:?} has length 0; give it a length or remove it"
    )]
    EmptyOutage { node: usize, at: Duration },

    #[error("model.errors[{index}]: probability {probability} must be between 0 and 1")]
    Probability { index: usize, probability: f64 },

    #[error("model.errors[{index}]: class `other` (PREPARE, OPTIONS, system tables) never gets errors; use read, write, lwt, batch or schema")]
    InjectOther { index: usize },
}
