//! `system.local`, `system.peers` and `system.peers_v2`: what a node says about itself and
//! about the other nodes of its ring.
//!
//! Drivers discover the ring from these rows (addresses, host ids, datacenter, rack, tokens)
//! and check schema agreement with `schema_version`; the scylla driver reads `rpc_address` from
//! `peers`, the Python driver `native_address` / `native_port` from `peers_v2`. A node never
//! lists itself among its peers.

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use uuid::Uuid;

use crate::node::cluster::NodeInfo;
use crate::node::exec::node::NodeExecutor;

use super::value::{self, Cell};

/// The Cassandra release this node claims to be (cqlsh and the drivers read it).
pub const RELEASE_VERSION: &str = "4.1.4";
/// The CQL version of Cassandra 4.1.
pub const CQL_VERSION: &str = "3.4.6";
/// The only partitioner the reference node implements.
pub const PARTITIONER: &str = "org.apache.cassandra.dht.Murmur3Partitioner";
/// The (unused) inter-node port Cassandra reports for broadcast / listen / peer ports.
pub const STORAGE_PORT: i32 = 7000;

/// Column values of one system row by name; [`super::project`] orders them.
pub type NamedCells = Vec<(&'static str, Cell)>;

/// The `system.local` row of `node`.
pub fn local(node: &NodeExecutor, schema_version: Uuid) -> Option<NamedCells> {
    let me = node.cluster.nodes.get(node.index)?;
    let ip = me.address.ip();
    let mut row = vec![
        ("key", value::text("local")),
        ("bootstrapped", value::text("COMPLETED")),
        ("broadcast_address", value::inet(ip)),
        ("broadcast_port", value::int(STORAGE_PORT)),
        ("cluster_name", value::text(&node.cluster.cluster_name)),
        ("cql_version", value::text(CQL_VERSION)),
        ("gossip_generation", value::int(gossip_generation())),
        ("listen_address", value::inet(ip)),
        ("listen_port", value::int(STORAGE_PORT)),
        ("native_protocol_version", value::text("4")),
        ("partitioner", value::text(PARTITIONER)),
        ("rpc_address", value::inet(ip)),
        ("rpc_port", value::int(i32::from(me.address.port()))),
        ("truncated_at", None),
    ];
    row.extend(shared(me, schema_version));
    Some(row)
}

/// `system.peers`: one row per other node.
pub fn peers(node: &NodeExecutor, schema_version: Uuid) -> Vec<NamedCells> {
    others(node)
        .map(|peer| {
            let ip = peer.address.ip();
            let mut row = vec![
                ("peer", value::inet(ip)),
                ("preferred_ip", None),
                ("rpc_address", value::inet(ip)),
            ];
            row.extend(shared(peer, schema_version));
            row
        })
        .collect()
}

/// `system.peers_v2`: one row per other node, with ports.
pub fn peers_v2(node: &NodeExecutor, schema_version: Uuid) -> Vec<NamedCells> {
    others(node)
        .map(|peer| {
            let ip = peer.address.ip();
            let mut row = vec![
                ("peer", value::inet(ip)),
                ("peer_port", value::int(STORAGE_PORT)),
                ("native_address", value::inet(ip)),
                ("native_port", value::int(i32::from(peer.address.port()))),
                ("preferred_ip", None),
                ("preferred_port", None),
            ];
            row.extend(shared(peer, schema_version));
            row
        })
        .collect()
}

fn others(node: &NodeExecutor) -> impl Iterator<Item = &NodeInfo> {
    node.cluster
        .nodes
        .iter()
        .filter(move |n| n.index != node.index)
}

/// Columns `local`, `peers` and `peers_v2` have in common.
fn shared(info: &NodeInfo, schema_version: Uuid) -> NamedCells {
    vec![
        ("data_center", value::text(&info.datacenter)),
        ("host_id", value::uuid(info.host_id)),
        ("rack", value::text(&info.rack)),
        ("release_version", value::text(RELEASE_VERSION)),
        ("schema_version", value::uuid(schema_version)),
        (
            "tokens",
            value::text_collection(sorted_tokens(&info.tokens)),
        ),
    ]
}

/// Tokens as a `set<text>` orders them: by their decimal text (text compares bytewise).
fn sorted_tokens(tokens: &[i64]) -> Vec<String> {
    let mut text: Vec<String> = tokens.iter().map(i64::to_string).collect();
    text.sort_unstable();
    text
}

/// Seconds since the epoch when this process first reported it (a node's start time).
fn gossip_generation() -> i32 {
    static GENERATION: OnceLock<i32> = OnceLock::new();
    *GENERATION.get_or_init(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs().min(i32::MAX as u64) as i32)
            .unwrap_or(0)
    })
}
