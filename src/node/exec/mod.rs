//! The executor: runs a request (QUERY, PREPARE, EXECUTE, BATCH) against the shared cluster
//! state on behalf of one node, and returns an [`Outcome`] or a [`CqlError`].
//!
//! It is synchronous and knows nothing about sockets or frames: the server decodes a frame into
//! these calls and encodes the outcome. That split is deliberate: the performance model can
//! later delay a response, replace it with an error or withhold it in the server, without
//! touching the parser, the schema or storage.

use cassandra_protocol::consistency::Consistency;

use crate::node::cql::ast::BatchKind;
use crate::node::types::CqlType;

/// Per-connection state that statements can change (`USE ks`).
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub keyspace: Option<String>,
}

/// A value bound to a marker.
#[derive(Debug, Clone, PartialEq)]
pub enum BoundValue {
    Null,
    /// Protocol v4 "not set": leaves the column unchanged.
    Unset,
    Value(Vec<u8>),
}

/// Values as sent by the client.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum BoundValues {
    #[default]
    None,
    Positional(Vec<BoundValue>),
    Named(Vec<(String, BoundValue)>),
}

/// The query parameters of QUERY and EXECUTE.
#[derive(Debug, Clone, Default)]
pub struct QueryParameters {
    pub consistency: Consistency,
    pub values: BoundValues,
    pub skip_metadata: bool,
    pub page_size: Option<i32>,
    pub paging_state: Option<Vec<u8>>,
    pub serial_consistency: Option<Consistency>,
    /// Client-provided default timestamp (microseconds).
    pub timestamp: Option<i64>,
}

/// Name and type of a bound variable or a result column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSpec {
    pub keyspace: String,
    pub table: String,
    pub name: String,
    pub ty: CqlType,
}

/// A page of rows. Each row holds one serialized value (or null) per column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResultRows {
    pub columns: Vec<ColumnSpec>,
    pub rows: Vec<Vec<Option<Vec<u8>>>>,
    /// Present when more rows follow; the client sends it back to get the next page.
    pub paging_state: Option<Vec<u8>>,
    /// True when the columns differ from the result metadata PREPARE announced (as for LWT
    /// results): the metadata is then sent even if the client asked to skip it.
    pub metadata_changed: bool,
}

/// The answer to PREPARE.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedResult {
    pub id: Vec<u8>,
    pub bind_columns: Vec<ColumnSpec>,
    /// Indexes into `bind_columns` of the partition key columns, in key order (empty when the
    /// statement does not bind the whole partition key).
    pub pk_indexes: Vec<u16>,
    /// Columns of the result for SELECT; empty for other statements.
    pub result_columns: Vec<ColumnSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeType {
    Created,
    Updated,
    Dropped,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaTarget {
    Keyspace(String),
    Table { keyspace: String, table: String },
}

/// A schema change: the result of DDL and the payload of a SCHEMA_CHANGE event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaChange {
    pub change: ChangeType,
    pub target: SchemaTarget,
}

/// What a successful request returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Void,
    Rows(ResultRows),
    SetKeyspace(String),
    Prepared(PreparedResult),
    SchemaChange(SchemaChange),
}

/// The kind of work a request is, for accounting (and for the performance model later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestClass {
    Read,
    Write,
    Lwt,
    Batch,
    Schema,
    Other,
}

/// One statement of a BATCH request.
#[derive(Debug, Clone)]
pub enum BatchStatement {
    Query(String),
    Prepared(Vec<u8>),
}

/// A BATCH request as decoded from the frame.
#[derive(Debug, Clone)]
pub struct BatchRequest {
    pub kind: BatchKind,
    pub statements: Vec<(BatchStatement, BoundValues)>,
    pub consistency: Consistency,
    pub serial_consistency: Option<Consistency>,
    pub timestamp: Option<i64>,
}

pub mod batch;
pub mod node;
pub mod prepared;
pub mod statement;

// DML and SELECT internals (H4).
mod aggregate;
mod assign;
mod bind;
mod filter;
mod keys;
mod lwt;
mod paging;
mod reader;
mod resolve;
mod restrict;
mod select;
mod selection;
mod snapshot;
mod values;
mod write;
