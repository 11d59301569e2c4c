//! BATCH: logged, unlogged and counter batches, conditional batches on one partition.
use crate::node::cql::ast::{Batch, Statement};
use crate::node::error::CqlResult;

use super::node::NodeExecutor;
use super::{BatchRequest, BoundValue, Outcome, QueryParameters};

/// One bound statement of a batch.
#[derive(Debug, Clone)]
pub struct BatchItem {
    pub statement: Statement,
    pub keyspace: Option<String>,
    pub values: Vec<BoundValue>,
}

/// Apply a BATCH request whose statements are already bound.
pub fn run(
    _node: &NodeExecutor,
    _request: &BatchRequest,
    _items: &[BatchItem],
) -> CqlResult<Outcome> {
    todo!("H4")
}

/// Apply a `BEGIN BATCH ... APPLY BATCH` sent as one QUERY (markers numbered across the text).
pub fn run_parsed(
    _node: &NodeExecutor,
    _keyspace: Option<&str>,
    _batch: &Batch,
    _params: &QueryParameters,
) -> CqlResult<Outcome> {
    todo!("H4")
}
