//! System tables: `system.local`, `system.peers(_v2)`, `system_schema.*`,
//! `system_virtual_schema.*`, `system_views.settings` and `system_views.ringbench_latency`
//! (the performance model's ground truth, [`latency`]).
//!
//! Their definitions ([`keyspace_definitions`]) are part of every cluster's schema; their
//! rows are computed on each read from the node's identity, the ring and the live schema, so
//! they can never disagree with what DDL did. The executor filters and projects these rows
//! with the same SELECT pipeline as user tables; this module only produces full rows, in
//! `table.columns` order and in Cassandra's row order (by token, then clustering).

mod defs;
mod latency;
mod local;
mod schema_rows;
mod value;

use std::cmp::Ordering;

use crate::node::cql::ast::Order;
use crate::node::exec::node::NodeExecutor;
use crate::node::schema::Table;
use crate::node::types::compare;

pub use defs::{is_virtual_keyspace, keyspace_definitions};
pub use local::{CQL_VERSION, PARTITIONER, RELEASE_VERSION};
pub use value::Cell;

/// True for the keyspaces Cassandra itself owns.
pub fn is_system_keyspace(keyspace: &str) -> bool {
    matches!(
        keyspace,
        "system"
            | "system_schema"
            | "system_auth"
            | "system_distributed"
            | "system_traces"
            | "system_views"
            | "system_virtual_schema"
    )
}

/// The keyspaces whose schema nobody may change (`SchemaConstants.isLocalSystemKeyspace`).
pub fn is_local_system_keyspace(keyspace: &str) -> bool {
    matches!(keyspace, "system" | "system_schema")
}

/// The current rows of a system table as seen by `node`, every column in `table.columns`
/// order; `None` when the table is not a system table.
///
/// Takes the schema read lock: do not call it while holding the schema lock.
pub fn rows(node: &NodeExecutor, table: &Table) -> Option<Vec<Vec<Cell>>> {
    if !is_system_keyspace(&table.keyspace) {
        return None;
    }
    let schema = node.cluster.schema.read().ok()?;
    let version = schema.version;
    let named = match (table.keyspace.as_str(), table.name.as_str()) {
        ("system", "local") => local::local(node, version).into_iter().collect(),
        ("system", "peers") => local::peers(node, version),
        ("system", "peers_v2") => local::peers_v2(node, version),
        ("system_schema", name) => schema_rows::system_schema(&schema, name),
        ("system_virtual_schema", name) => schema_rows::virtual_schema(&schema, name),
        ("system_views", "settings") => settings(node),
        ("system_views", "ringbench_latency") => latency::rows(node),
        _ => Vec::new(),
    };
    drop(schema);
    let mut rows: Vec<Vec<Cell>> = named.iter().map(|r| project(table, r)).collect();
    sort_rows(table, &mut rows);
    Some(rows)
}

/// A row in `table.columns` order; columns missing from `named` are null.
fn project(table: &Table, named: &local::NamedCells) -> Vec<Cell> {
    table
        .columns
        .iter()
        .map(|c| {
            named
                .iter()
                .find(|(n, _)| *n == c.name)
                .and_then(|(_, v)| v.clone())
        })
        .collect()
}

/// Sort rows like Cassandra returns them: partitions by token (virtual tables use a local
/// partitioner: by key bytes), then rows by clustering order.
fn sort_rows(table: &Table, rows: &mut Vec<Vec<Cell>>) {
    let pk = table.partition_key_len;
    let by_token = !is_virtual_keyspace(&table.keyspace);
    let mut keyed: Vec<(i64, Vec<Cell>)> = rows
        .drain(..)
        .map(|row| {
            let parts: Vec<&[u8]> = row
                .iter()
                .take(pk)
                .map(|c| c.as_deref().unwrap_or(&[]))
                .collect();
            let token = if by_token {
                crate::node::token::token(&parts)
            } else {
                0
            };
            (token, row)
        })
        .collect();
    keyed.sort_by(|(ta, a), (tb, b)| {
        ta.cmp(tb)
            .then_with(|| a.iter().take(pk).cmp(b.iter().take(pk)))
            .then_with(|| clustering_cmp(table, a, b))
    });
    rows.extend(keyed.into_iter().map(|(_, row)| row));
}

fn clustering_cmp(table: &Table, a: &[Cell], b: &[Cell]) -> Ordering {
    for (i, column) in table.clustering().iter().enumerate() {
        let at = table.partition_key_len + i;
        let x = a.get(at).and_then(|c| c.as_deref()).unwrap_or(&[]);
        let y = b.get(at).and_then(|c| c.as_deref()).unwrap_or(&[]);
        let ord = compare(&column.ty, x, y);
        let ord = if column.order == Order::Desc {
            ord.reverse()
        } else {
            ord
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// `system_views.settings`: the few settings the reference node has.
fn settings(node: &NodeExecutor) -> Vec<local::NamedCells> {
    let port = node
        .cluster
        .nodes
        .get(node.index)
        .map_or(9042, |n| n.address.port())
        .to_string();
    let entries = [
        ("cluster_name", node.cluster.cluster_name.clone()),
        (
            "endpoint_snitch",
            "org.apache.cassandra.locator.SimpleSnitch".to_string(),
        ),
        ("native_transport_port", port),
        (
            "num_tokens",
            crate::node::cluster::TOKENS_PER_NODE.to_string(),
        ),
        ("partitioner", PARTITIONER.to_string()),
    ];
    entries
        .iter()
        .map(|(name, v)| vec![("name", value::text(name)), ("value", value::text(v))])
        .collect()
}
