//! Lightweight transactions: `IF NOT EXISTS`, `IF EXISTS` and `IF col op value` on one
//! partition, checked and applied atomically.
//!
//! The partition's lock is held from reading the current row to applying the write, and the
//! write timestamp is drawn from the cluster clock inside that lock, so conditional writes to a
//! partition are linearizable and a later one always wins over an earlier one (Paxos ballots
//! give Cassandra the same order). The result is Cassandra's: one row, `[applied]` first, and
//! when not applied the current values of the conditioned columns (all columns for
//! `IF NOT EXISTS`), with the primary key columns first in a batch.

use std::cmp::Ordering;

use crate::node::cql::ast::{ColumnCondition, Operator, RelationValue};
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::{ColumnKind, Table};
use crate::node::storage::{
    live_row, Layout, LiveRow, Mutation, Partition, PartitionKey, TableData,
};
use crate::node::types::{compare, decode_collection, decode_map, CqlType};

use super::bind::{element_receivers, Receiver};
use super::resolve::column;
use super::selection::ValueRow;
use super::values::eval;
use super::{BoundValue, ColumnSpec, ResultRows};

/// What a condition requires.
#[derive(Debug, Clone, Copy)]
pub enum Check<'a> {
    NotExists,
    Exists,
    Columns(&'a [ColumnCondition]),
}

/// A condition of one statement, with the row it applies to.
#[derive(Debug, Clone)]
pub struct Guard<'a> {
    pub check: Check<'a>,
    /// Clustering of the row; `None` for the partition as a whole (static columns).
    pub row: Option<Vec<Vec<u8>>>,
    pub bound: &'a [BoundValue],
}

/// Check `guards` and apply `build(timestamp)` atomically on the partition `key`.
#[allow(clippy::too_many_arguments)]
pub fn execute(
    data: &TableData,
    table: &Table,
    key: &PartitionKey,
    components: &[Vec<u8>],
    guards: &[Guard<'_>],
    now: i64,
    timestamp: impl Fn() -> i64,
    build: impl Fn(i64) -> CqlResult<Mutation>,
    batch: bool,
) -> CqlResult<ResultRows> {
    let layout = &data.layout;
    data.modify(key, components, now, |p| {
        let mut all = true;
        for g in guards {
            if !holds(table, layout, p, g, now)? {
                all = false;
            }
        }
        if all {
            p.apply(build(timestamp())?, now)?;
            return Ok(applied(table, true, Vec::new(), Vec::new()));
        }
        let (columns, rows) = failure(table, layout, p, guards, now, batch);
        Ok(applied(table, false, columns, rows))
    })
}

fn applied(table: &Table, ok: bool, columns: Vec<usize>, rows: Vec<ValueRow>) -> ResultRows {
    let spec = |name: String, ty: CqlType| ColumnSpec {
        keyspace: table.keyspace.clone(),
        table: table.name.clone(),
        name,
        ty,
    };
    let flag = Some(vec![u8::from(ok)]);
    // Without a current row Cassandra's result is `[applied]` alone.
    let columns = if rows.is_empty() { Vec::new() } else { columns };
    let mut specs = vec![spec("[applied]".into(), CqlType::Boolean)];
    specs.extend(
        columns
            .iter()
            .filter_map(|c| table.columns.get(*c))
            .map(|c| spec(c.name.clone(), c.ty.clone())),
    );
    let rows = if rows.is_empty() {
        vec![vec![flag]]
    } else {
        rows.into_iter()
            .map(|r| std::iter::once(flag.clone()).chain(r).collect())
            .collect()
    };
    ResultRows {
        columns: specs,
        rows,
        paging_state: None,
        metadata_changed: false,
    }
}

/// The live view of the guarded row: the clustering row, else the static row alone.
fn current(
    layout: &Layout,
    p: &Partition,
    row: Option<&Vec<Vec<u8>>>,
    now: i64,
) -> Option<LiveRow> {
    if let Some(ck) = row {
        let key = layout.clustering(ck.clone());
        if let Some((k, r)) = p.rows.get_key_value(&key) {
            if let Some(live) = live_row(layout, p, Some((k, r)), now) {
                return Some(live);
            }
        }
    }
    live_row(layout, p, None, now)
}

fn row_exists(layout: &Layout, p: &Partition, row: Option<&Vec<Vec<u8>>>, now: i64) -> bool {
    match row {
        Some(ck) if layout.clustering_len > 0 => p
            .rows
            .get(&layout.clustering(ck.clone()))
            .is_some_and(|r| r.is_live(now)),
        Some(_) => p.rows.values().any(|r| r.is_live(now)),
        None => p.has_live_data(now),
    }
}

fn holds(
    table: &Table,
    layout: &Layout,
    p: &Partition,
    g: &Guard<'_>,
    now: i64,
) -> CqlResult<bool> {
    match g.check {
        Check::NotExists => Ok(!row_exists(layout, p, g.row.as_ref(), now)),
        Check::Exists => Ok(row_exists(layout, p, g.row.as_ref(), now)),
        Check::Columns(conds) => {
            let live = current(layout, p, g.row.as_ref(), now);
            for c in conds {
                if !condition_holds(table, c, live.as_ref(), g.bound)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
    }
}

fn condition_holds(
    table: &Table,
    c: &ColumnCondition,
    row: Option<&LiveRow>,
    bound: &[BoundValue],
) -> CqlResult<bool> {
    let (index, col) = column(table, &c.column)?;
    let whole = row
        .and_then(|r| r.get(index))
        .and_then(|v| v.as_ref())
        .map(|v| v.value.clone());
    let recv = Receiver {
        name: col.name.clone(),
        ty: col.ty.clone(),
        column: Some(index),
    };
    let (actual, recv) = match &c.element {
        None => (whole, recv),
        Some(k) => {
            let (key_recv, value_recv) = element_receivers(&recv);
            let key = match eval(&key_recv.ty, k, bound, &key_recv.name)? {
                BoundValue::Value(v) => v,
                _ => {
                    return Err(CqlError::invalid(format!(
                        "Invalid null value for {} element access",
                        col.name
                    )))
                }
            };
            (whole.and_then(|w| element(&col.ty, &w, &key)), value_recv)
        }
    };
    let values: Vec<Option<Vec<u8>>> = match (&c.value, c.op) {
        (RelationValue::List(items), _) => items
            .iter()
            .map(|t| condition_value(&recv, t, bound))
            .collect::<CqlResult<_>>()?,
        (RelationValue::Term(t), Operator::In) => {
            let list = CqlType::List {
                elem: Box::new(recv.ty.clone()),
                frozen: true,
            };
            match eval(&list, t, bound, &format!("in({})", recv.name))? {
                BoundValue::Value(v) => decode_collection(&v)?.into_iter().map(Some).collect(),
                _ => vec![None],
            }
        }
        (RelationValue::Term(t), _) => vec![condition_value(&recv, t, bound)?],
    };
    let cmp = |expected: &Option<Vec<u8>>| -> Option<Ordering> {
        match (&actual, expected) {
            (Some(a), Some(e)) => Some(compare(&recv.ty, a, e)),
            (None, None) => Some(Ordering::Equal),
            _ => None,
        }
    };
    let first = values.first().cloned().flatten();
    if matches!(
        c.op,
        Operator::Lt | Operator::Le | Operator::Gt | Operator::Ge
    ) && first.is_none()
    {
        return Err(CqlError::invalid(format!(
            "Invalid comparison with null for operator \"{}\"",
            match c.op {
                Operator::Lt => "<",
                Operator::Le => "<=",
                Operator::Gt => ">",
                _ => ">=",
            }
        )));
    }
    let first = values.first().cloned().unwrap_or(None);
    Ok(match c.op {
        Operator::Eq => cmp(&first) == Some(Ordering::Equal),
        Operator::Ne => cmp(&first) != Some(Ordering::Equal),
        Operator::Lt => cmp(&first) == Some(Ordering::Less),
        Operator::Le => matches!(cmp(&first), Some(Ordering::Less | Ordering::Equal)),
        Operator::Gt => cmp(&first) == Some(Ordering::Greater),
        Operator::Ge => matches!(cmp(&first), Some(Ordering::Greater | Ordering::Equal)),
        Operator::In => values.iter().any(|v| cmp(v) == Some(Ordering::Equal)),
        Operator::Contains | Operator::ContainsKey => {
            return Err(CqlError::invalid("CONTAINS is not supported in conditions"))
        }
    })
}

fn condition_value(
    recv: &Receiver,
    t: &crate::node::cql::ast::Term,
    bound: &[BoundValue],
) -> CqlResult<Option<Vec<u8>>> {
    match eval(&recv.ty, t, bound, &recv.name)? {
        BoundValue::Value(v) => Ok(Some(v)),
        BoundValue::Null => Ok(None),
        BoundValue::Unset => Err(CqlError::invalid("Invalid 'unset' value in condition")),
    }
}

/// The element `key` of a serialized list (key = int index) or map.
fn element(ty: &CqlType, collection: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    match ty {
        CqlType::List { .. } => {
            let index = i32::from_be_bytes(key.try_into().ok()?);
            let items = decode_collection(collection).ok()?;
            usize::try_from(index)
                .ok()
                .and_then(|i| items.get(i).cloned())
        }
        CqlType::Map { key: kt, .. } => decode_map(collection)
            .ok()?
            .into_iter()
            .find(|(k, _)| compare(kt, k, key) == Ordering::Equal)
            .map(|(_, v)| v),
        _ => None,
    }
}

/// Columns and rows of a "not applied" result.
fn failure(
    table: &Table,
    layout: &Layout,
    p: &Partition,
    guards: &[Guard<'_>],
    now: i64,
    batch: bool,
) -> (Vec<usize>, Vec<ValueRow>) {
    let wildcard = guards
        .iter()
        .any(|g| matches!(g.check, Check::NotExists | Check::Exists));
    let mut columns: Vec<usize> = Vec::new();
    if wildcard {
        columns = (0..table.columns.len()).collect();
    } else {
        if batch {
            columns.extend(0..table.partition_key_len + table.clustering_len);
        }
        let conds = guards.iter().filter_map(|g| match g.check {
            Check::Columns(c) => Some(c),
            _ => None,
        });
        let mut regular = Vec::new();
        let mut statics = Vec::new();
        for c in conds.flatten() {
            if let Some((i, col)) = table.column(&c.column) {
                let target = if col.kind == ColumnKind::Static {
                    &mut statics
                } else {
                    &mut regular
                };
                target.push(i);
            }
        }
        for i in regular.into_iter().chain(statics) {
            if !columns.contains(&i) {
                columns.push(i);
            }
        }
    }
    let mut seen: Vec<Option<&Vec<Vec<u8>>>> = Vec::new();
    let mut rows = Vec::new();
    for g in guards {
        let key = g.row.as_ref();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        if let Some(live) = current(layout, p, key, now) {
            rows.push(
                columns
                    .iter()
                    .map(|c| live.get(*c).cloned().flatten().map(|v| v.value))
                    .collect(),
            );
        }
    }
    (columns, rows)
}
