//! Resolving names in DML and SELECT: the table a statement targets (with the session
//! keyspace for unqualified names) and its columns, failing with Cassandra's messages.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::node::cluster::ClusterState;
use crate::node::cql::ast::QualifiedName;
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::{Column, Table};

/// The table `name` refers to, `keyspace` being the session keyspace.
pub fn table(
    cluster: &ClusterState,
    keyspace: Option<&str>,
    name: &QualifiedName,
) -> CqlResult<Arc<Table>> {
    let ks = name.keyspace.as_deref().or(keyspace).ok_or_else(|| {
        CqlError::invalid(
            "No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename",
        )
    })?;
    let schema = cluster
        .schema
        .read()
        .map_err(|_| CqlError::Server("schema lock poisoned".into()))?;
    let keyspace = schema
        .keyspaces
        .get(ks)
        .ok_or_else(|| CqlError::invalid(format!("Keyspace {ks} does not exist")))?;
    keyspace
        .tables
        .get(&name.name)
        .cloned()
        .ok_or_else(|| CqlError::invalid(format!("unconfigured table {}", name.name)))
}

/// The column `name` of `table`, with its index in `table.columns`.
pub fn column<'a>(table: &'a Table, name: &str) -> CqlResult<(usize, &'a Column)> {
    table
        .column(name)
        .ok_or_else(|| CqlError::invalid(format!("Undefined column name {name}")))
}

/// The current local time in whole seconds (Cassandra's `nowInSec`).
pub fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
