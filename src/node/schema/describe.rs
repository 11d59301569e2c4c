//! Server-side DESCRIBE (Cassandra 4.0+): rows of keyspace_name, type, name, create_statement.
use crate::node::cluster::ClusterState;
use crate::node::cql::ast::Describe;
use crate::node::error::CqlResult;
use crate::node::exec::Outcome;

/// Answer a DESCRIBE statement; `keyspace` is the session keyspace.
pub fn execute(
    _cluster: &ClusterState,
    _keyspace: Option<&str>,
    _describe: &Describe,
) -> CqlResult<Outcome> {
    todo!("H5")
}
