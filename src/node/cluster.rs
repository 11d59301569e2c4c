//! State shared by every node of one reference cluster: topology, schema, data, prepared
//! statements, per-node request counters, the event channel, and the performance model with
//! its time origin (the epoch).
//!
//! The nodes of a reference cluster share a single store (there is no replication to
//! simulate), but each node keeps its own identity (address, host id, tokens) and its own
//! prepared-statement cache, as a real node does.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::broadcast;
use uuid::Uuid;

use crate::node::exec::prepared::PreparedStatement;
use crate::node::exec::SchemaChange;
use crate::node::model::Model;
use crate::node::schema::Schema;
use crate::node::storage::Store;

/// Number of vnode tokens each node owns.
pub const TOKENS_PER_NODE: usize = 8;

/// Identity of one node of the ring.
#[derive(Debug, Clone)]
pub struct NodeInfo {
    pub index: usize,
    /// Where the node listens for CQL clients (its rpc / native address and port).
    pub address: SocketAddr,
    pub host_id: Uuid,
    /// Murmur3 tokens owned by this node, sorted.
    pub tokens: Vec<i64>,
    pub datacenter: String,
    pub rack: String,
}

/// A server-pushed event (REGISTER).
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    SchemaChange(SchemaChange),
    /// `NEW_NODE` or `REMOVED_NODE`
    TopologyChange {
        change: String,
        address: SocketAddr,
    },
    /// `UP` or `DOWN`
    StatusChange {
        change: String,
        address: SocketAddr,
    },
}

/// Username and password the PasswordAuthenticator accepts.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// Everything the nodes of one cluster share.
pub struct ClusterState {
    pub cluster_name: String,
    pub nodes: Vec<NodeInfo>,
    pub schema: RwLock<Schema>,
    pub store: Store,
    /// Per node: prepared statements by id.
    pub prepared: Vec<RwLock<HashMap<Vec<u8>, Arc<PreparedStatement>>>>,
    /// Per node: how many requests it coordinated (QUERY, EXECUTE, BATCH).
    pub coordinated: Vec<AtomicU64>,
    pub events: broadcast::Sender<Event>,
    pub auth: Option<Credentials>,
    /// The cluster's start: every offset given to or returned by the model is `instant -
    /// epoch`.
    pub epoch: Instant,
    /// The performance model; `None` answers every request at once.
    pub model: Option<Arc<Model>>,
    last_timestamp: AtomicI64,
}

impl ClusterState {
    /// A cluster of the given nodes with the system keyspaces and no user data.
    pub fn new(cluster_name: &str, nodes: Vec<NodeInfo>, auth: Option<Credentials>) -> Self {
        let (events, _) = broadcast::channel(1024);
        let n = nodes.len();
        ClusterState {
            cluster_name: cluster_name.to_string(),
            nodes,
            schema: RwLock::new(crate::node::schema::initial_schema()),
            store: Store::new(),
            prepared: (0..n).map(|_| RwLock::new(HashMap::new())).collect(),
            coordinated: (0..n).map(|_| AtomicU64::new(0)).collect(),
            events,
            auth,
            epoch: Instant::now(),
            model: None,
            last_timestamp: AtomicI64::new(0),
        }
    }

    /// The same cluster with a performance model.
    pub fn with_model(mut self, model: Option<Arc<Model>>) -> Self {
        self.model = model;
        self
    }

    /// Evenly spread tokens: node `i` of `n` owns tokens `i, i + n, i + 2n, ...` of
    /// `n * TOKENS_PER_NODE` equal slices of the Murmur3 range.
    pub fn tokens_for(index: usize, node_count: usize) -> Vec<i64> {
        let slices = (node_count * TOKENS_PER_NODE) as i128;
        let width = (u64::MAX as i128 + 1) / slices;
        let mut tokens: Vec<i64> = (0..TOKENS_PER_NODE)
            .map(|j| {
                let slot = (j * node_count + index) as i128;
                (i64::MIN as i128 + slot * width) as i64
            })
            .collect();
        tokens.sort_unstable();
        tokens
    }

    /// A server-side write timestamp in microseconds, strictly increasing across the cluster
    /// (like Cassandra's ClientState, so two writes in a row never tie).
    pub fn next_timestamp(&self) -> i64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_micros() as i64)
            .unwrap_or(0);
        let mut last = self.last_timestamp.load(Ordering::Relaxed);
        loop {
            let next = now.max(last + 1);
            match self.last_timestamp.compare_exchange_weak(
                last,
                next,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return next,
                Err(actual) => last = actual,
            }
        }
    }

    /// Publish an event to every registered connection (no-op when nobody listens).
    pub fn publish(&self, event: Event) {
        let _ = self.events.send(event);
    }

    /// Requests coordinated so far by each node, in node order.
    pub fn coordinated_counts(&self) -> Vec<u64> {
        self.coordinated
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .collect()
    }
}
