//! The cluster's schema: keyspaces, tables and columns, and the DDL that changes them.
//!
//! One [`Schema`] is shared by every node of a reference cluster (they share one store), so a
//! DDL statement is visible everywhere at once and `schema_version` is identical on every node.
//! The version is a deterministic digest of the schema's content, recomputed after each change.

use std::collections::BTreeMap;
use std::sync::Arc;

use uuid::Uuid;

use crate::node::cql::ast::{Order, PropertyValue};
use crate::node::types::CqlType;

/// The role of a column in its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    PartitionKey,
    Clustering,
    Regular,
    Static,
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub ty: CqlType,
    pub kind: ColumnKind,
    /// Position within the partition key or clustering key; -1 for regular and static columns
    /// (as in `system_schema.columns.position`).
    pub position: i32,
    /// Clustering order for clustering columns; `Asc` for every other column.
    pub order: Order,
}

/// A table definition. `columns` holds the partition key columns in key order, then the
/// clustering columns in key order, then the static columns sorted by name, then the regular
/// columns sorted by name: Cassandra's order of `SELECT *`. Build one with [`TableLayout`].
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub keyspace: String,
    pub name: String,
    pub id: Uuid,
    pub columns: Vec<Column>,
    /// Number of partition key columns (the first ones in `columns`).
    pub partition_key_len: usize,
    /// Number of clustering columns (following the partition key in `columns`).
    pub clustering_len: usize,
    /// Table options (`WITH ...`), every known option with its effective value.
    pub options: BTreeMap<String, PropertyValue>,
}

impl Table {
    /// The column with this name, with its index in `columns`.
    pub fn column(&self, name: &str) -> Option<(usize, &Column)> {
        self.columns
            .iter()
            .enumerate()
            .find(|(_, c)| c.name == name)
    }

    /// The partition key columns, in key order.
    pub fn partition_key(&self) -> &[Column] {
        &self.columns[..self.partition_key_len]
    }

    /// The clustering columns, in key order.
    pub fn clustering(&self) -> &[Column] {
        &self.columns[self.partition_key_len..self.partition_key_len + self.clustering_len]
    }

    /// True when the table has counter columns (then all its regular columns are counters).
    pub fn is_counter(&self) -> bool {
        self.columns.iter().any(|c| c.ty == CqlType::Counter)
    }

    /// `default_time_to_live` in seconds (0 = none): a write without `USING TTL` expires after
    /// this many seconds, as in Cassandra.
    pub fn default_ttl(&self) -> i32 {
        match self.options.get(options::DEFAULT_TIME_TO_LIVE) {
            Some(PropertyValue::Constant(v)) => v.parse().unwrap_or(0),
            _ => 0,
        }
    }

    /// The value of a text-like table option (`comment`, `speculative_retry`, ...).
    pub fn option_text(&self, name: &str) -> Option<&str> {
        match self.options.get(name) {
            Some(PropertyValue::Constant(v)) => Some(v),
            _ => None,
        }
    }
}

/// A keyspace with its replication and tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyspace {
    pub name: String,
    /// The replication map as stored in `system_schema.keyspaces.replication`, with the
    /// `class` key fully qualified (`org.apache.cassandra.locator.SimpleStrategy`).
    pub replication: BTreeMap<String, String>,
    pub durable_writes: bool,
    pub tables: BTreeMap<String, Arc<Table>>,
}

/// All keyspaces of the cluster, user and system ones.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    pub keyspaces: BTreeMap<String, Keyspace>,
    /// Digest of the content; changes on every DDL.
    pub version: Uuid,
}

impl Schema {
    /// Look up a table.
    pub fn table(&self, keyspace: &str, table: &str) -> Option<&Arc<Table>> {
        self.keyspaces.get(keyspace)?.tables.get(table)
    }
}

pub mod cql_text;
pub mod ddl;
pub mod describe;
mod describe_cluster;
mod describe_cql;
pub mod options;
mod replication;
mod table_def;
mod table_layout;
mod version;

pub use describe_cluster::{replicas, ring};
pub use options::OptionKind;
pub use table_layout::TableLayout;
pub use version::{name_based_uuid, schema_version};

/// The schema of a new cluster: the system keyspaces and their tables, versioned.
pub fn initial_schema() -> Schema {
    let mut schema = Schema {
        keyspaces: crate::node::system::keyspace_definitions(),
        version: Uuid::nil(),
    };
    schema.version = schema_version(&schema);
    schema
}
