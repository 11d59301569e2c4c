//! The validated profile: what [`super::load`] produces and [`super::connect`] consumes.
//!
//! These types hold no secrets by construction: credentials are the NAMES of environment
//! variables, read only at connect time. That is why `Debug` and `Serialize` are derived
//! freely here and why a result file may record the whole profile.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

use scylla::statement::{Consistency, SerialConsistency};
use serde::Serialize;

use crate::consistency;
use crate::node::model::ModelConfig;

/// A loaded, validated cluster profile.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub name: String,
    pub description: String,
    /// What to connect to.
    pub target: Target,
    /// Default consistency of every statement (an operation may set its own).
    #[serde(serialize_with = "consistency::serialize")]
    pub consistency: Consistency,
    /// Default serial consistency of conditional statements; `None` = the driver's default
    /// (LOCAL_SERIAL in scylla 1.9).
    #[serde(serialize_with = "consistency::serialize_serial")]
    pub serial_consistency: Option<SerialConsistency>,
    pub driver: DriverSettings,
    /// Replaces the workload keyspace's replication (keys as in CQL: `class` plus
    /// `replication_factor` or one factor per datacenter).
    pub replication: Option<BTreeMap<String, String>>,
    /// The YAML text the profile was loaded from (it holds no secrets either).
    #[serde(skip)]
    pub source: String,
    /// The file it was loaded from; `None` for a shipped profile named on the command line.
    pub path: Option<PathBuf>,
}

/// Where the cluster is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// A reference cluster started in-process for the run and stopped after it; with a
    /// performance model, its latency and capacity are known in advance.
    Embedded {
        nodes: usize,
        model: Option<ModelConfig>,
    },
    /// A running cluster reached through its contact points.
    Remote(Remote),
}

/// A running cluster somewhere on the network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Remote {
    /// `host:port` (a host without a port gets 9042).
    pub contact_points: Vec<String>,
    /// The datacenter the client is in; requests prefer its nodes when routing is DC-aware.
    pub local_dc: Option<String>,
    pub auth: Option<Auth>,
    pub tls: Option<Tls>,
}

/// Password authentication. Only the username may be written in a profile; the password is
/// always read from an environment variable when connecting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Auth {
    pub username: UsernameSource,
    /// Name of the environment variable holding the password.
    pub password_env: String,
}

/// Where the username comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UsernameSource {
    /// Written in the profile (a username is not a secret).
    Literal(String),
    /// The name of an environment variable holding it.
    Env(String),
}

/// TLS to the nodes, verifying their certificates against a CA file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tls {
    /// PEM file with the CA certificate(s) that signed the nodes' certificates.
    pub ca_file: PathBuf,
    /// PEM client certificate chain and key, for clusters that require client certificates.
    pub client_cert: Option<ClientCert>,
    /// Check that each node's certificate names the address the driver connects to (the
    /// scylla driver connects by IP, so the certificates need IP subject alternative names).
    /// `false` still verifies the chain against `ca_file`.
    pub verify_hostname: bool,
}

/// A client certificate and its private key (both PEM files).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientCert {
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
}

/// Driver knobs. `None` everywhere means "the scylla driver's default".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriverSettings {
    pub pool: Option<Pool>,
    pub compression: CompressionChoice,
    /// Client-side timeout of one request, retries included; `None` disables it.
    #[serde(serialize_with = "super::values::serialize_opt_duration")]
    pub request_timeout: Option<Duration>,
    /// How long to wait for a TCP + CQL handshake with one node; also bounds the whole
    /// initial connect (so an unreachable cluster fails fast).
    #[serde(serialize_with = "super::values::serialize_duration")]
    pub connect_timeout: Duration,
    pub retry: RetryChoice,
    pub speculative_execution: Option<SpeculativeExecution>,
    pub routing: Routing,
    /// Rows per page of a read, unless the operation sets its own.
    pub page_size: Option<i32>,
}

/// Connections the driver keeps open to each node.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pool {
    PerHost(NonZeroUsize),
    /// ScyllaDB: per shard (Cassandra nodes count as one shard).
    PerShard(NonZeroUsize),
}

/// Frame compression negotiated with the nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompressionChoice {
    None,
    Lz4,
    Snappy,
}

/// Which retry policy the driver applies to failed requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RetryChoice {
    /// The driver's default: retry what is safe to retry (idempotent statements, unavailable
    /// on the next node, read timeouts with enough replicas).
    Default,
    /// Never retry: every failure is reported (and counted) as it happened.
    Fallthrough,
    /// Like default, but retries at a lower consistency when too few replicas answered.
    Downgrading,
}

/// Send the same request to another node when the first is slow (idempotent statements only).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpeculativeExecution {
    /// Extra executions per request (not counting the first).
    pub max_retries: usize,
    /// Delay before each extra execution.
    #[serde(serialize_with = "super::values::serialize_duration")]
    pub delay: Duration,
}

/// Load balancing: which node coordinates each request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Routing {
    /// Send each request to a replica of its partition.
    pub token_aware: bool,
    /// Prefer the nodes of `local_dc`.
    pub dc_aware: bool,
    /// With `dc_aware`, may requests go to other datacenters when no local node is up?
    pub permit_dc_failover: bool,
}

impl Profile {
    /// The replication that replaces the workload keyspace's, if this profile sets one.
    pub fn replication_override(&self) -> Option<BTreeMap<String, String>> {
        self.replication.clone()
    }

    /// The page size reads use unless the operation sets its own.
    pub fn page_size(&self) -> Option<i32> {
        self.driver.page_size
    }

    /// Nodes of the embedded reference cluster, or `None` for a remote cluster.
    pub fn embedded_nodes(&self) -> Option<usize> {
        match &self.target {
            Target::Embedded { nodes, .. } => Some(*nodes),
            Target::Remote(_) => None,
        }
    }

    /// The performance model of the embedded cluster, if the profile has a `model:` section.
    pub fn model(&self) -> Option<&ModelConfig> {
        match &self.target {
            Target::Embedded { model, .. } => model.as_ref(),
            Target::Remote(_) => None,
        }
    }

    /// One line saying what this profile connects to, for summaries and `ringbench list`.
    pub fn target_summary(&self) -> String {
        match &self.target {
            Target::Embedded { nodes, model } => {
                let modelled = if model.is_some() { ", modelled" } else { "" };
                format!("embedded reference cluster, {nodes} node(s){modelled}, started in-process")
            }
            Target::Remote(remote) => {
                let mut line = remote.contact_points.join(", ");
                if let Some(dc) = &remote.local_dc {
                    line.push_str(&format!(" (local DC {dc})"));
                }
                if remote.tls.is_some() {
                    line.push_str(", TLS");
                }
                if remote.auth.is_some() {
                    line.push_str(", password auth");
                }
                line
            }
        }
    }
}
