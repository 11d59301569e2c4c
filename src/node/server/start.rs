//! Starting and stopping a reference cluster: one listener per node on 127.0.0.1,
//! 127.0.0.2, ... (all on the same port, because drivers reach peers on the contact point's
//! port), one shared [`ClusterState`], and with a performance model its [`Model`] and the
//! [`Release`] thread that sends held-back responses.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::node::cluster::{ClusterState, Credentials, NodeInfo};
use crate::node::exec::node::NodeExecutor;
use crate::node::model::{GroundTruth, Model, ModelConfig};

use super::outage;
use super::release::Release;

/// How many port choices to try when the port picked for node 1 is taken on another node's
/// address.
const BIND_ATTEMPTS: usize = 8;

/// What cluster to start.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    pub nodes: usize,
    /// Address of the first node; node `i` listens on this address plus `i`.
    pub listen: Ipv4Addr,
    /// Port every node listens on; 0 picks a free one.
    pub port: u16,
    /// Require these credentials (PasswordAuthenticator) when set.
    pub auth: Option<Credentials>,
    pub cluster_name: String,
    /// The performance model; `None` answers every request at once.
    pub model: Option<ModelConfig>,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            nodes: 1,
            listen: Ipv4Addr::LOCALHOST,
            port: 0,
            auth: None,
            cluster_name: "ringbench".into(),
            model: None,
        }
    }
}

/// A started cluster. Dropping it stops it too (best effort, without waiting).
pub struct RunningCluster {
    state: Arc<ClusterState>,
    addresses: Vec<SocketAddr>,
    stop: watch::Sender<bool>,
    listeners: Vec<JoinHandle<()>>,
    release: Option<Release>,
}

impl RunningCluster {
    /// Where each node listens, in node order.
    pub fn addresses(&self) -> Vec<SocketAddr> {
        self.addresses.clone()
    }

    /// The state the nodes share (schema, data, per-node counters, events).
    pub fn state(&self) -> &Arc<ClusterState> {
        &self.state
    }

    /// The performance model's ground truth so far: per node and class, the modelled
    /// server-side latency of every request. `None` without a model.
    pub fn ground_truth(&self) -> Option<GroundTruth> {
        let mut truth = self.state.model.as_ref()?.ground_truth();
        for node in &mut truth.nodes {
            node.address = self.addresses.get(node.node).map(|a| a.to_string());
        }
        Some(truth)
    }

    /// Stop accepting, close every connection, and wait until all of it is done.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        for handle in std::mem::take(&mut self.listeners) {
            let _ = handle.await;
        }
        if let Some(release) = &self.release {
            release.stop();
        }
    }
}

impl Drop for RunningCluster {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(release) = &self.release {
            release.stop();
        }
    }
}

/// Start a cluster as configured. Every node listens on the same port; with port 0 a free
/// one is chosen (retrying with another when it is taken on a later node's address).
pub async fn start_cluster(config: ClusterConfig) -> io::Result<RunningCluster> {
    if config.nodes == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a cluster needs at least one node",
        ));
    }
    let model = match &config.model {
        Some(model) => Some(Arc::new(
            Model::new(model.clone(), config.nodes)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?,
        )),
        None => None,
    };
    let ips = node_ips(config.listen, config.nodes)?;
    let listeners = bind_all(&ips, config.port).await?;
    let mut addresses = Vec::with_capacity(listeners.len());
    for l in &listeners {
        addresses.push(l.local_addr()?);
    }
    // Started last: nothing fails after it, so the thread is always stopped by the handle.
    let release = model.as_ref().map(|_| Release::start()).transpose()?;
    let nodes = addresses
        .iter()
        .enumerate()
        .map(|(index, address)| NodeInfo {
            index,
            address: *address,
            host_id: host_id(&config.cluster_name, index),
            tokens: ClusterState::tokens_for(index, config.nodes),
            datacenter: "datacenter1".into(),
            rack: "rack1".into(),
        })
        .collect();
    let state = Arc::new(
        ClusterState::new(&config.cluster_name, nodes, config.auth.clone()).with_model(model),
    );
    let (stop, _) = watch::channel(false);
    let listeners = listeners
        .into_iter()
        .enumerate()
        .map(|(index, l)| {
            let node = NodeExecutor::new(state.clone(), index);
            tokio::spawn(outage::run(l, node, release.clone(), stop.subscribe()))
        })
        .collect();
    Ok(RunningCluster {
        state,
        addresses,
        stop,
        listeners,
        release,
    })
}

/// `first`, `first + 1`, ... as addresses.
fn node_ips(first: Ipv4Addr, n: usize) -> io::Result<Vec<Ipv4Addr>> {
    (0..n)
        .map(|i| {
            u32::try_from(i)
                .ok()
                .and_then(|i| u32::from(first).checked_add(i))
                .map(Ipv4Addr::from)
                .ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("{n} nodes starting at {first} run past 255.255.255.255"),
                    )
                })
        })
        .collect()
}

/// Bind every address on one common port.
async fn bind_all(ips: &[Ipv4Addr], port: u16) -> io::Result<Vec<TcpListener>> {
    let attempts = if port == 0 { BIND_ATTEMPTS } else { 1 };
    let mut last_error = None;
    for _ in 0..attempts {
        let first = TcpListener::bind((ips[0], port)).await?;
        let chosen = first.local_addr()?.port();
        let mut listeners = vec![first];
        for ip in &ips[1..] {
            match TcpListener::bind((*ip, chosen)).await {
                Ok(l) => listeners.push(l),
                Err(e) => {
                    last_error = Some(io::Error::new(
                        e.kind(),
                        format!("cannot listen on {ip}:{chosen}: {e}"),
                    ));
                    break;
                }
            }
        }
        if listeners.len() == ips.len() {
            return Ok(listeners);
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::other("cannot bind the cluster's listeners")))
}

/// A host id that is the same for the same cluster name and node index on every run.
fn host_id(cluster_name: &str, index: usize) -> Uuid {
    // FNV-1a over "name/index", widened to 128 bits with two different offsets.
    let key = format!("{cluster_name}/{index}");
    let fnv = |offset: u64| {
        key.bytes().fold(offset, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&fnv(0xcbf2_9ce4_8422_2325).to_be_bytes());
    bytes[8..].copy_from_slice(&fnv(0x6c62_272e_07bb_0142).to_be_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_ids_are_stable_and_distinct() {
        assert_eq!(host_id("ringbench", 0), host_id("ringbench", 0));
        assert_ne!(host_id("ringbench", 0), host_id("ringbench", 1));
        assert_ne!(host_id("ringbench", 0), host_id("other", 0));
        assert_eq!(host_id("ringbench", 2).get_version_num(), 4);
    }

    #[test]
    fn node_addresses_count_up_and_refuse_overflow() {
        let ips = node_ips(Ipv4Addr::new(127, 0, 0, 1), 3).ok();
        assert_eq!(
            ips,
            Some(vec![
                Ipv4Addr::new(127, 0, 0, 1),
                Ipv4Addr::new(127, 0, 0, 2),
                Ipv4Addr::new(127, 0, 0, 3)
            ])
        );
        assert!(node_ips(Ipv4Addr::BROADCAST, 2).is_err());
    }
}
