//! DDL: CREATE / ALTER / DROP KEYSPACE, CREATE / DROP / TRUNCATE TABLE.
use crate::node::cluster::ClusterState;
use crate::node::cql::ast::Statement;
use crate::node::error::CqlResult;
use crate::node::exec::Outcome;

/// Apply a DDL statement; `keyspace` is the session keyspace for unqualified names.
pub fn execute(
    _cluster: &ClusterState,
    _keyspace: Option<&str>,
    _stmt: &Statement,
) -> CqlResult<Outcome> {
    todo!("H5")
}
