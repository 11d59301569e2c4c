//! What the scylla driver learns from the reference node's system tables: keyspaces with
//! their replication, tables with keys and column types, the 3-node token ring, and
//! token-aware routing of prepared statements to the node that owns the partition.

mod util;

#[path = "util/cql.rs"]
mod cql;

use std::collections::HashMap;
use std::net::IpAddr;

use cql::{rows, run};
use ringbench::node::token::token;
use scylla::cluster::metadata::{ColumnKind, ColumnType, NativeType, Strategy};
use uuid::Uuid;

#[tokio::test]
async fn driver_metadata_shows_keyspaces_tables_and_columns() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    run(&s, "CREATE KEYSPACE m1 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}").await;
    run(&s, "CREATE KEYSPACE m2 WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 2} AND durable_writes = false").await;
    run(&s, "CREATE TABLE m1.readings (sensor uuid, day date, at timestamp, seq int, value double, tags list<text>, note text static, PRIMARY KEY ((sensor, day), at, seq)) WITH CLUSTERING ORDER BY (at DESC)").await;
    if let Err(e) = s.refresh_metadata().await {
        panic!("metadata refresh failed: {e}");
    }
    let state = s.get_cluster_state();

    let m1 = state
        .get_keyspace("m1")
        .expect("keyspace m1 in the driver's metadata");
    assert!(
        matches!(
            m1.strategy,
            Strategy::SimpleStrategy {
                replication_factor: 1
            }
        ),
        "{:?}",
        m1.strategy
    );
    let m2 = state
        .get_keyspace("m2")
        .expect("keyspace m2 in the driver's metadata");
    assert!(!m2.durable_writes);
    match &m2.strategy {
        Strategy::NetworkTopologyStrategy {
            datacenter_repfactors,
        } => {
            assert_eq!(datacenter_repfactors.get("datacenter1"), Some(&2));
        }
        other => panic!("m2 should use NetworkTopologyStrategy, got {other:?}"),
    }
    let system = state.get_keyspace("system").expect("system keyspace");
    assert!(
        matches!(system.strategy, Strategy::LocalStrategy),
        "{:?}",
        system.strategy
    );
    assert!(system.tables.contains_key("local") && system.tables.contains_key("peers_v2"));

    let table = m1.tables.get("readings").expect("table m1.readings");
    assert_eq!(table.partition_key, ["sensor", "day"]);
    assert_eq!(table.clustering_key, ["at", "seq"]);
    let column = |name: &str| match table.columns.get(name) {
        Some(c) => (c.kind.clone(), c.typ.clone()),
        None => panic!("column {name} missing: {:?}", table.columns.keys()),
    };
    assert_eq!(
        column("sensor"),
        (
            ColumnKind::PartitionKey,
            ColumnType::Native(NativeType::Uuid)
        )
    );
    assert_eq!(
        column("day"),
        (
            ColumnKind::PartitionKey,
            ColumnType::Native(NativeType::Date)
        )
    );
    assert_eq!(
        column("at"),
        (
            ColumnKind::Clustering,
            ColumnType::Native(NativeType::Timestamp)
        )
    );
    assert_eq!(
        column("value"),
        (ColumnKind::Regular, ColumnType::Native(NativeType::Double))
    );
    assert_eq!(
        column("note"),
        (ColumnKind::Static, ColumnType::Native(NativeType::Text))
    );
    assert!(matches!(
        column("tags"),
        (
            ColumnKind::Regular,
            ColumnType::Collection { frozen: false, .. }
        )
    ));
    assert_eq!(table.columns.len(), 7);
    cluster.shutdown().await;
}

#[tokio::test]
async fn three_node_ring_is_discovered_from_local_and_peers() {
    let cluster = util::start(3).await;
    let s = util::session(&cluster).await;
    let state = s.get_cluster_state();
    let nodes = state.get_nodes_info();
    assert_eq!(nodes.len(), 3, "{nodes:?}");
    let mut addresses: Vec<IpAddr> = nodes.iter().map(|n| n.address.ip()).collect();
    addresses.sort();
    let mut expected: Vec<IpAddr> = cluster.addresses().iter().map(|a| a.ip()).collect();
    expected.sort();
    assert_eq!(addresses, expected);
    for node in nodes {
        assert_eq!(node.datacenter.as_deref(), Some("datacenter1"));
        assert_eq!(node.rack.as_deref(), Some("rack1"));
        let info = cluster
            .state()
            .nodes
            .iter()
            .find(|n| n.host_id == node.host_id);
        assert!(
            info.is_some(),
            "host id {} is not one of the cluster's",
            node.host_id
        );
    }

    let local: Vec<(String, String, String, String, Vec<String>)> = rows(&s, "SELECT cluster_name, partitioner, release_version, cql_version, tokens FROM system.local WHERE key = 'local'").await;
    assert_eq!(local.len(), 1);
    assert_eq!(local[0].0, "ringbench");
    assert_eq!(local[0].1, "org.apache.cassandra.dht.Murmur3Partitioner");
    assert_eq!(local[0].3, "3.4.6");
    assert!(local[0].2.starts_with("4.1."), "{}", local[0].2);
    assert_eq!(local[0].4.len(), ringbench::node::cluster::TOKENS_PER_NODE);

    type PeerRow = (IpAddr, Option<IpAddr>, Option<i32>, Option<Uuid>);
    let peers: Vec<PeerRow> = rows(
        &s,
        "SELECT peer, native_address, native_port, host_id FROM system.peers_v2",
    )
    .await;
    assert_eq!(
        peers.len(),
        2,
        "every node but the one answering: {peers:?}"
    );
    let port = cluster.addresses()[0].port() as i32;
    assert!(peers
        .iter()
        .all(|(peer, native, p, id)| Some(*peer) == *native && *p == Some(port) && id.is_some()));
    cluster.shutdown().await;
}

/// The node owning `t`: the first token >= t clockwise (wrapping) on the ring.
fn owner(ring: &[(i64, usize)], t: i64) -> usize {
    ring.iter()
        .find(|(token, _)| *token >= t)
        .or_else(|| ring.first())
        .map_or(usize::MAX, |(_, node)| *node)
}

#[tokio::test]
async fn prepared_writes_are_routed_to_the_partition_owner() {
    let cluster = util::start(3).await;
    let s = util::session(&cluster).await;
    run(&s, "CREATE KEYSPACE m3 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}").await;
    run(&s, "CREATE TABLE m3.kv (k int PRIMARY KEY, v text)").await;
    if let Err(e) = s.await_schema_agreement().await {
        panic!("no schema agreement: {e}");
    }
    if let Err(e) = s.refresh_metadata().await {
        panic!("metadata refresh failed: {e}");
    }
    let insert = match s.prepare("INSERT INTO m3.kv (k, v) VALUES (?, ?)").await {
        Ok(p) => p,
        Err(e) => panic!("prepare failed: {e}"),
    };
    let mut ring: Vec<(i64, usize)> = cluster
        .state()
        .nodes
        .iter()
        .flat_map(|n| n.tokens.iter().map(move |t| (*t, n.index)))
        .collect();
    ring.sort_unstable();

    let before = cluster.state().coordinated_counts();
    let mut expected = vec![0u64; 3];
    let mut mismatches = Vec::new();
    for k in 0..300i32 {
        let owner = owner(&ring, token(&[&k.to_be_bytes()]));
        if let Some(count) = expected.get_mut(owner) {
            *count += 1;
        }
        let result = match s.execute_unpaged(&insert, (k, "v")).await {
            Ok(r) => r,
            Err(e) => panic!("insert {k} failed: {e}"),
        };
        let served_by = result.request_coordinator().node().address.ip();
        let owner_ip = cluster.state().nodes.get(owner).map(|n| n.address.ip());
        if Some(served_by) != owner_ip {
            mismatches.push((k, served_by, owner_ip));
        }
    }
    let after = cluster.state().coordinated_counts();
    let counted: Vec<u64> = after.iter().zip(&before).map(|(a, b)| a - b).collect();
    assert!(
        mismatches.is_empty(),
        "requests not sent to the owner (key, coordinator, owner): {mismatches:?}"
    );
    assert_eq!(
        counted, expected,
        "coordinated requests per node vs owners from the token ring"
    );
    assert!(
        expected.iter().all(|c| *c > 0),
        "every node should own some of 300 keys: {expected:?}"
    );

    let by_owner: HashMap<usize, usize> = (0..300i32).fold(HashMap::new(), |mut m, k| {
        *m.entry(owner(&ring, token(&[&k.to_be_bytes()])))
            .or_default() += 1;
        m
    });
    assert_eq!(by_owner.values().sum::<usize>(), 300);
    cluster.shutdown().await;
}
