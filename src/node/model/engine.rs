//! [`Model`]: a validated [`ModelConfig`] compiled for one cluster, with each node's mutable
//! state (shards, random streams, ground truth) behind its own mutex, so requests on
//! different nodes never contend. Deciding a request is in `admit`; this file holds the
//! construction and the read-only questions the server asks (down? stalled? truth so far?).
//!
//! Every random stream derives from the model's seed and the node index, so the same config,
//! seed and sequence of admissions give the same decisions.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rand::rngs::SmallRng;
use rand::SeedableRng;

use super::config::MODELLED;
use super::distribution::Sampler;
use super::error::ModelError;
use super::shard::Shards;
use super::stall::{mix, StallSchedule};
use super::truth::{GroundTruth, TruthRecorder};
use super::{ModelConfig, Outage};

/// The performance model of one cluster (`Send + Sync`; share it in an `Arc`).
#[derive(Debug)]
pub struct Model {
    pub(super) config: ModelConfig,
    /// Service-time samplers indexed like `config::MODELLED`.
    pub(super) samplers: Vec<Sampler>,
    pub(super) nodes: Vec<NodeModel>,
    state: Vec<Mutex<NodeState>>,
}

/// What never changes about one node.
#[derive(Debug)]
pub(super) struct NodeModel {
    pub slow: f64,
    pub stalls: Option<StallSchedule>,
    /// Sorted by start.
    pub outages: Vec<Outage>,
}

/// One node's mutable state.
#[derive(Debug)]
pub(super) struct NodeState {
    pub shards: Shards,
    /// Service-time draws of work on this node.
    pub service: SmallRng,
    /// Injection draws of requests this node coordinates.
    pub inject: SmallRng,
    pub truth: TruthRecorder,
}

impl Model {
    /// Validates the config against the node count (indexes in range, probabilities in
    /// 0..=1, shards >= 1, lwt_rounds >= 1, stalls shorter than their period, ...).
    pub fn new(config: ModelConfig, nodes: usize) -> Result<Model, ModelError> {
        config.validate(nodes)?;
        let s = &config.service;
        let samplers = MODELLED
            .iter()
            .zip([&s.read, &s.write, &s.lwt, &s.batch, &s.schema])
            .map(|(class, distribution)| {
                Sampler::new(distribution).map_err(|detail| ModelError::Distribution {
                    class: super::config::class_name(*class),
                    detail,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let node_models = (0..nodes)
            .map(|i| {
                let mut outages = config.node(i).map(|o| o.down.clone()).unwrap_or_default();
                outages.sort_by_key(|o| o.at);
                NodeModel {
                    slow: config.slow_factor(i),
                    stalls: config
                        .stalls_of(i)
                        .and_then(|s| StallSchedule::new(s, config.seed, i)),
                    outages,
                }
            })
            .collect();
        let state = (0..nodes)
            .map(|i| {
                let stream = |k: u64| SmallRng::seed_from_u64(mix(config.seed ^ mix(k)));
                Mutex::new(NodeState {
                    shards: Shards::new(config.shards, config.queue_limit),
                    service: stream(2 * i as u64),
                    inject: stream(2 * i as u64 + 1),
                    truth: TruthRecorder::default(),
                })
            })
            .collect();
        Ok(Model {
            config,
            samplers,
            nodes: node_models,
            state,
        })
    }

    pub fn config(&self) -> &ModelConfig {
        &self.config
    }

    pub fn nodes(&self) -> usize {
        self.nodes.len()
    }

    /// Is `node` down at `at`? (Unknown nodes are never down.)
    pub fn is_down(&self, node: usize, at: Duration) -> bool {
        self.nodes.get(node).is_some_and(|n| {
            n.outages
                .iter()
                .any(|o| o.at <= at && at < o.at.saturating_add(o.length))
        })
    }

    /// The node's outages (from its override), sorted by start.
    pub fn outages(&self, node: usize) -> Vec<Outage> {
        self.nodes
            .get(node)
            .map(|n| n.outages.clone())
            .unwrap_or_default()
    }

    /// When `node` is stalled at `at`, the end of that stall (a coordinator cannot send
    /// during its own stall; the server delays any release falling into one).
    pub fn stalled_until(&self, node: usize, at: Duration) -> Option<Duration> {
        self.nodes.get(node)?.stalls.as_ref()?.containing(at)
    }

    /// Snapshot of the ground truth so far.
    pub fn ground_truth(&self) -> GroundTruth {
        GroundTruth {
            nodes: (0..self.state.len())
                .filter_map(|i| Some(self.lock(i)?.truth.snapshot(i)))
                .collect(),
        }
    }

    /// Node `node`'s state (a poisoned lock is still usable: the state is plain numbers).
    pub(super) fn lock(&self, node: usize) -> Option<MutexGuard<'_, NodeState>> {
        let state = self.state.get(node)?;
        Some(state.lock().unwrap_or_else(PoisonError::into_inner))
    }
}
