//! `DESCRIBE CLUSTER`: cluster name, partitioner and snitch, plus, when the session uses a
//! non-system keyspace, which nodes own each token range of the ring for that keyspace's
//! replication (`StorageService.getRangeToAddressMap`).

use std::collections::BTreeMap;

use crate::node::cluster::ClusterState;
use crate::node::error::{CqlError, CqlResult};
use crate::node::exec::ColumnSpec;
use crate::node::system::is_system_keyspace;
use crate::node::types::{encode_collection, encode_map, CqlType};

use super::describe::text_column;
use super::replication::{NETWORK_TOPOLOGY, SIMPLE};

type Row = Vec<Option<Vec<u8>>>;

/// The port Cassandra shows for nodes in ring listings (the storage port).
const STORAGE_PORT: u16 = 7000;

/// Columns and the single row of DESCRIBE CLUSTER.
pub fn cluster_rows(
    cluster: &ClusterState,
    session: Option<&str>,
) -> CqlResult<(Vec<ColumnSpec>, Vec<Row>)> {
    let mut columns = vec![
        text_column("cluster", CqlType::Text),
        text_column("partitioner", CqlType::Text),
        text_column("snitch", CqlType::Text),
    ];
    let mut row: Row = vec![
        Some(cluster.cluster_name.as_bytes().to_vec()),
        Some(b"Murmur3Partitioner".to_vec()),
        Some(b"DynamicEndpointSnitch".to_vec()),
    ];
    if let Some(ks) = session.filter(|k| !is_system_keyspace(k)) {
        let replication = cluster
            .schema
            .read()
            .map_err(|_| CqlError::Server("schema lock poisoned".into()))?
            .keyspaces
            .get(ks)
            .map(|k| k.replication.clone())
            .ok_or_else(|| CqlError::invalid(format!("'{ks}' not found in keyspaces")))?;
        let list = CqlType::List {
            elem: Box::new(CqlType::Text),
            frozen: false,
        };
        columns.push(text_column(
            "range_ownership",
            CqlType::Map {
                key: Box::new(CqlType::Text),
                value: Box::new(list),
                frozen: false,
            },
        ));
        row.push(Some(range_ownership(cluster, &replication)));
    }
    Ok((columns, vec![row]))
}

/// `map<text, list<text>>`: each range's end token to its replicas (`/ip:7000`).
fn range_ownership(cluster: &ClusterState, replication: &BTreeMap<String, String>) -> Vec<u8> {
    let ring = ring(cluster);
    let entries: Vec<(Vec<u8>, Vec<u8>)> = (0..ring.len())
        .map(|i| {
            let endpoints: Vec<Vec<u8>> = replicas(cluster, &ring, i, replication)
                .into_iter()
                .filter_map(|n| cluster.nodes.get(n))
                .map(|n| format!("/{}:{STORAGE_PORT}", n.address.ip()).into_bytes())
                .collect();
            let token = ring.get(i).map_or(0, |(t, _)| *t);
            (
                token.to_string().into_bytes(),
                encode_collection(&endpoints),
            )
        })
        .collect();
    encode_map(&entries)
}

/// Every (token, node index) of the cluster, by token.
pub fn ring(cluster: &ClusterState) -> Vec<(i64, usize)> {
    let mut ring: Vec<(i64, usize)> = cluster
        .nodes
        .iter()
        .flat_map(|n| n.tokens.iter().map(move |t| (*t, n.index)))
        .collect();
    ring.sort_unstable();
    ring
}

/// Replicas (node indexes) of the range ending at `ring[start]`: walking the ring clockwise,
/// the first distinct nodes, `replication_factor` of them (SimpleStrategy) or as many per
/// datacenter as the keyspace asks (NetworkTopologyStrategy); every node otherwise.
pub fn replicas(
    cluster: &ClusterState,
    ring: &[(i64, usize)],
    start: usize,
    replication: &BTreeMap<String, String>,
) -> Vec<usize> {
    let wanted = |dc: &str| -> usize {
        let rf = match replication.get("class").map(String::as_str) {
            Some(SIMPLE) => replication.get("replication_factor"),
            Some(NETWORK_TOPOLOGY) => replication.get(dc),
            _ => return usize::MAX,
        };
        rf.and_then(|v| v.parse().ok()).unwrap_or(0)
    };
    let simple = replication.get("class").map(String::as_str) == Some(SIMPLE);
    let mut chosen: Vec<usize> = Vec::new();
    for step in 0..ring.len() {
        let Some((_, node)) = ring.get((start + step) % ring.len()) else {
            break;
        };
        let Some(info) = cluster.nodes.get(*node) else {
            continue;
        };
        if chosen.contains(node) {
            continue;
        }
        let same_group = |n: &usize| {
            simple || cluster.nodes.get(*n).map(|i| &i.datacenter) == Some(&info.datacenter)
        };
        if chosen.iter().filter(|n| same_group(n)).count() < wanted(&info.datacenter) {
            chosen.push(*node);
        }
    }
    chosen
}
