//! A throw-away copy of a system table's current rows in ordinary storage, so SELECT on
//! `system.*` / `system_schema.*` filters, orders and pages exactly like on user tables.

use std::sync::Arc;

use crate::node::error::CqlResult;
use crate::node::schema::{ColumnKind, Table};
use crate::node::storage::{Cell, Layout, Mutation, PartitionKey, RowMutation, TableData};

use super::assign::{set_value, WriteTime};
use super::selection::ValueRow;
use super::BoundValue;

/// Load `rows` (every column in table order) into a new table store.
pub fn load(table: &Table, rows: Vec<ValueRow>, now: i64) -> CqlResult<Arc<TableData>> {
    let layout = Layout::new(table);
    let data = TableData::new(layout.clone());
    let key_len = table.partition_key_len + table.clustering_len;
    let t = WriteTime {
        timestamp: 1,
        ttl: 0,
        now,
    };
    for row in rows {
        let mut values = row.into_iter();
        let pk: Vec<Vec<u8>> = values
            .by_ref()
            .take(table.partition_key_len)
            .map(Option::unwrap_or_default)
            .collect();
        let ck: Vec<Vec<u8>> = values
            .by_ref()
            .take(table.clustering_len)
            .map(Option::unwrap_or_default)
            .collect();
        let mut regular = RowMutation {
            marker: Some(Cell::live(t.timestamp, Vec::new(), 0, now)),
            ..RowMutation::default()
        };
        let mut statics = RowMutation::default();
        for (offset, value) in values.enumerate() {
            let index = key_len + offset;
            let (Some(col), Some(v)) = (table.columns.get(index), value) else {
                continue;
            };
            let (_, ops) = set_value(col, index, BoundValue::Value(v), t)?;
            let target = if col.kind == ColumnKind::Static {
                &mut statics
            } else {
                &mut regular
            };
            target.ops.extend(ops.into_iter().map(|op| (index, op)));
        }
        let mut mutation = Mutation::default();
        if !statics.ops.is_empty() {
            mutation.static_row = Some(statics);
        }
        mutation.rows.push((layout.clustering(ck), regular));
        data.apply(&PartitionKey::new(&pk), &pk, mutation, now)?;
    }
    Ok(Arc::new(data))
}
