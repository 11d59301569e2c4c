//! INSERT, UPDATE, DELETE and SELECT: binding, describing and running one statement.
use crate::node::cluster::ClusterState;
use crate::node::cql::ast::Statement;
use crate::node::error::CqlResult;

use super::node::NodeExecutor;
use super::{BoundValue, ColumnSpec, Outcome, QueryParameters, RequestClass};

/// What PREPARE needs to know about a statement.
#[derive(Debug, Clone)]
pub struct StatementInfo {
    pub bind: Vec<ColumnSpec>,
    pub pk_indexes: Vec<u16>,
    pub result: Vec<ColumnSpec>,
    pub class: RequestClass,
}

/// Describe a DML or SELECT statement; `keyspace` is the session keyspace.
pub fn describe(
    _cluster: &ClusterState,
    _keyspace: Option<&str>,
    _stmt: &Statement,
) -> CqlResult<StatementInfo> {
    todo!("H4")
}

/// Run a DML or SELECT statement with its bound values (one per marker, in marker order).
pub fn run(
    _node: &NodeExecutor,
    _keyspace: Option<&str>,
    _stmt: &Statement,
    _values: &[BoundValue],
    _params: &QueryParameters,
) -> CqlResult<Outcome> {
    todo!("H4")
}
