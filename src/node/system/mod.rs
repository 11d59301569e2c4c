//! System tables: `system.local`, `system.peers`, `system_schema.*`, `system_virtual_schema.*`.

use crate::node::exec::node::NodeExecutor;
use crate::node::schema::Table;

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

/// The current rows of a system table as seen by `node`, every column in `table.columns`
/// order; `None` when the table is not a system table.
pub fn rows(_node: &NodeExecutor, _table: &Table) -> Option<Vec<Vec<Option<Vec<u8>>>>> {
    todo!("H5")
}
