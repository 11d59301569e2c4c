//! The reference node's performance model: how long each request takes, when it is shed,
//! when a node stalls or goes down. With a model, the cluster's latency and capacity are
//! known in advance, so ringbench's client-side numbers can be checked against the truth and
//! configurations ("3 nodes vs 5", "one slow node", "GC pauses") differ in measurable ways.
//!
//! The executor still runs every request at once (it is in memory); the model only decides
//! *when* the response leaves the coordinator, or which error replaces it. It works in virtual
//! time, from the request's arrival instant:
//! - every node has `shards` service slots, each a FIFO queue; a request's work goes to the
//!   node's shard that frees up first (a thread pool, as Cassandra's stages are);
//! - its work on one replica takes a service time drawn from its class's distribution,
//!   multiplied by the node's slow factor, stretched by any stall of that node it overlaps;
//! - replication: a write (and a batch) occupies a shard on every live replica and the
//!   coordinator answers when as many replicas finished as the consistency level needs; a
//!   read occupies as many replicas as the level needs (the coordinator first when it is one)
//!   and answers when all of them finished; an LWT runs `lwt_rounds` rounds one after the
//!   other, each on a quorum of replicas; schema changes run on the coordinator;
//! - a shard whose waiting requests reach `queue_limit` sheds new ones (Overloaded);
//! - errors are injected with a probability per class; a node may be down on a schedule.
//!
//! Requests of class `Other` (PREPARE, OPTIONS, USE, reads of system tables) are never delayed.
//!
//! Files:
//! - `distribution`: service-time distributions and sampling.
//! - `shard`: one node's shards: FIFO virtual queues, queue limit.
//! - `stall`: stall windows (periodic, with jitter) and stretching work over them.
//! - `replicas`: which nodes hold a token at a replication factor; how many acknowledge.
//! - `inject`: error injection decisions and the Cassandra error each becomes.
//! - `admit`: [`Model::admit`], putting the above together for one request.
//! - `truth`: ground-truth histograms per node and class.
//! - `capacity`: the theoretical capacity per class (`ringbench serve --explain`).
//! - `engine`: [`Model`] itself: construction, per-node state, the read-only questions.
//! - `config`: validating a [`ModelConfig`]; constructors for configs built in code.
//! - `error`: [`ModelError`], what can be wrong with a `model:` section.
//!
//! docs/model.md explains the model and derives the capacity formula with a worked example.

use std::time::Duration;

use cassandra_protocol::consistency::Consistency;
use serde::Serialize;

use crate::node::exec::RequestClass;

mod admit;
mod capacity;
mod config;
mod distribution;
mod engine;
mod error;
mod inject;
mod replicas;
mod shard;
mod stall;
mod truth;

#[cfg(test)]
mod admit_tests;
#[cfg(test)]
mod simulation_tests;

pub use capacity::{capacity, Capacity, ClassCapacity};
pub use config::{class_index, class_name, MODELLED};
pub use distribution::{MAX_SERVICE, Z99};
pub use engine::Model;
pub use error::ModelError;
pub use replicas::{quorum, replicas, required_acks, Ring};
pub use truth::{ClassTruth, Failures, GroundTruth, NodeTruth};

/// The whole model of one cluster, as a profile's `model:` section describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelConfig {
    /// Service slots per node.
    pub shards: usize,
    /// Requests that may wait on one shard; the next one is shed with Overloaded.
    /// `None`: unbounded.
    pub queue_limit: Option<usize>,
    pub service: ServiceTimes,
    /// Sequential Paxos rounds of a lightweight transaction (prepare, read, propose, commit).
    pub lwt_rounds: u32,
    /// Stalls (GC pauses) of every node unless a node overrides them.
    pub stalls: Option<Stalls>,
    pub errors: Vec<ErrorInjection>,
    /// Per-node differences, by node index (0-based).
    pub nodes: Vec<NodeOverride>,
    /// Seed of the model's random draws (service times, jitter, injected errors).
    pub seed: u64,
}

/// Service-time distribution per request class (the work on ONE replica).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceTimes {
    pub read: Distribution,
    pub write: Distribution,
    /// One round of a lightweight transaction.
    pub lwt: Distribution,
    /// A whole batch on one replica.
    pub batch: Distribution,
    pub schema: Distribution,
}

/// A service-time distribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    Fixed(Duration),
    Uniform {
        min: Duration,
        max: Duration,
    },
    Exponential {
        mean: Duration,
    },
    /// Given by its median and 99th percentile (sigma = ln(p99 / median) / 2.326).
    LogNormal {
        median: Duration,
        p99: Duration,
    },
}

/// Periodic stalls: every `every`, the node stops for `length`; each stall starts up to
/// `jitter` later than its period's start (uniformly, from the model's seed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stalls {
    pub every: Duration,
    pub length: Duration,
    pub jitter: Duration,
    /// Offset of the first period from the cluster's start.
    pub offset: Duration,
}

/// Errors injected instead of a request's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorInjection {
    pub kind: InjectedKind,
    /// The classes it applies to; empty = read, write, LWT, batch.
    pub classes: Vec<RequestClass>,
    /// Probability per request, 0..=1.
    pub probability: f64,
    /// When the error is sent, after arrival: `None` = at once for Overloaded / Unavailable,
    /// and after the request's modelled latency for the timeouts.
    pub after: Option<Duration>,
    /// Only on these nodes (as coordinator), by index; empty = every node.
    pub nodes: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InjectedKind {
    Overloaded,
    WriteTimeout,
    ReadTimeout,
    Unavailable,
}

/// How one node differs from the others.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeOverride {
    pub node: usize,
    /// Service times on this node are multiplied by this (1 = normal).
    pub slow_factor: f64,
    /// Replaces the cluster's stalls for this node (`Some(None)`: this node never stalls).
    pub stalls: Option<Option<Stalls>>,
    /// Down / up schedule, as offsets from the cluster's start.
    pub down: Vec<Outage>,
}

/// The node is down from `at` for `length` (listener refuses, connections closed).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Outage {
    pub at: Duration,
    pub length: Duration,
}

/// What the server knows about one request when it asks the model.
#[derive(Debug, Clone)]
pub struct Work {
    /// The node the client sent it to.
    pub coordinator: usize,
    pub class: RequestClass,
    pub consistency: Consistency,
    /// Replicas of the partition it touched, in ring order from its token (the replication
    /// factor is their number); empty when unknown (work on the coordinator only).
    pub replicas: Vec<usize>,
}

/// The model's answer for one request.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Send the executor's response when `at` (an offset from the cluster's start) comes.
    Respond { at: Duration },
    /// Send this error instead, when `at` comes.
    Fail { at: Duration, error: InjectedError },
}

/// An error the model produces (shed load, injected failure, too few live replicas). The
/// server turns it into the matching Cassandra error (code and body).
#[derive(Debug, Clone, PartialEq)]
pub enum InjectedError {
    Overloaded,
    WriteTimeout {
        consistency: Consistency,
        received: i32,
        block_for: i32,
        write_type: &'static str,
    },
    ReadTimeout {
        consistency: Consistency,
        received: i32,
        block_for: i32,
        data_present: bool,
    },
    Unavailable {
        consistency: Consistency,
        required: i32,
        alive: i32,
    },
}
