//! INSERT, UPDATE and DELETE turned into one [`Mutation`] per partition.
//!
//! The `check_*` functions hold the structural rules (missing key parts, counters, static-only
//! updates, conditions) so PREPARE reports them too; `build` binds the values and produces a
//! [`PartitionWrite`] per partition key (several with `IN`), each remembering the clustering
//! rows it writes so that conditions (LWT) can be checked against them.

mod check;

pub use check::{check_delete, check_insert, check_update};

use crate::node::cql::ast::{Delete, Insert, Statement, Update};
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::{ColumnKind, Table};
use crate::node::storage::{
    serialize_key, Cell, ColumnOp, Deletion, Layout, Mutation, PartitionKey, RangeDeletion,
    RowMutation,
};

use super::assign::{self, ColumnOps, WriteTime};
use super::keys::{self, PartitionSet};
use super::resolve::column;
use super::restrict::Restrictions;
use super::values::{self, eval};
use super::BoundValue;

/// The change a statement makes to one partition.
#[derive(Debug, Clone)]
pub struct PartitionWrite {
    pub components: Vec<Vec<u8>>,
    pub key: PartitionKey,
    pub mutation: Mutation,
    /// Clustering keys of the rows written (empty for the static row or a range deletion).
    pub rows: Vec<Vec<Vec<u8>>>,
}

/// Largest serialized key Cassandra accepts.
const MAX_KEY: usize = u16::MAX as usize;

/// Cassandra's checks on a partition key and clustering values; the serialized key.
pub fn validate_key(components: &[Vec<u8>], clustering: &[Vec<u8>]) -> CqlResult<Vec<u8>> {
    let key = serialize_key(components);
    if key.is_empty() {
        return Err(CqlError::invalid("Key may not be empty"));
    }
    if key.len() > MAX_KEY {
        return Err(CqlError::invalid(format!(
            "Key length of {} is longer than maximum of {MAX_KEY}",
            key.len()
        )));
    }
    if let Some(c) = clustering.iter().find(|c| c.len() > MAX_KEY) {
        return Err(CqlError::invalid(format!(
            "Key length of {} is longer than maximum of {MAX_KEY}",
            c.len()
        )));
    }
    Ok(key)
}

/// The partitions named by the restrictions, with their validated keys.
fn partition_keys(
    table: &Table,
    layout: &Layout,
    r: &Restrictions<'_>,
    bound: &[BoundValue],
) -> CqlResult<(Vec<Vec<Vec<u8>>>, keys::BoundRestrictions)> {
    let b = keys::bind(table, &layout.order, r, bound)?;
    let PartitionSet::Keys(k) = &b.partitions else {
        return Err(CqlError::invalid("Some partition key parts are missing"));
    };
    let k = k.clone();
    Ok((k, b))
}

fn write_for(components: Vec<Vec<u8>>, clustering: &[Vec<u8>]) -> CqlResult<PartitionWrite> {
    validate_key(&components, clustering)?;
    let key = PartitionKey::new(&components);
    Ok(PartitionWrite {
        components,
        key,
        mutation: Mutation::default(),
        rows: Vec::new(),
    })
}

/// Operations on columns by column index.
type Ops = Vec<(usize, ColumnOp)>;

/// Static column operations apart from regular ones.
fn split(ops: Vec<(ColumnKind, ColumnOps)>) -> (Ops, Ops) {
    let (mut statics, mut regular) = (Vec::new(), Vec::new());
    for (kind, (index, list)) in ops {
        let target = if kind == ColumnKind::Static {
            &mut statics
        } else {
            &mut regular
        };
        target.extend(list.into_iter().map(|op| (index, op)));
    }
    (statics, regular)
}

/// INSERT as mutations.
pub fn insert(
    table: &Table,
    layout: &Layout,
    s: &Insert,
    bound: &[BoundValue],
    timestamp: i64,
    now: i64,
) -> CqlResult<Vec<PartitionWrite>> {
    check_insert(table, s)?;
    let ttl = values::ttl(table, s.using.ttl.as_ref(), bound, now)?;
    let t = WriteTime {
        timestamp,
        ttl,
        now,
    };
    let pk_len = table.partition_key_len;
    let mut pk = vec![Vec::new(); pk_len];
    let mut ck = vec![Vec::new(); table.clustering_len];
    let mut ops = Vec::new();
    for (name, term) in s.columns.iter().zip(&s.values) {
        let (index, col) = column(table, name)?;
        let value = eval(&col.ty, term, bound, name)?;
        match col.kind {
            ColumnKind::PartitionKey | ColumnKind::Clustering => {
                let v = match value {
                    BoundValue::Value(v) => v,
                    BoundValue::Null => {
                        return Err(CqlError::invalid(format!(
                            "Invalid null value in condition for column {name}"
                        )))
                    }
                    BoundValue::Unset => {
                        return Err(CqlError::invalid(format!(
                            "Invalid unset value for column {name}"
                        )))
                    }
                };
                let slot = if index < pk_len {
                    pk.get_mut(index)
                } else {
                    ck.get_mut(index - pk_len)
                };
                if let Some(slot) = slot {
                    *slot = v;
                }
            }
            kind => ops.push((kind, assign::set_value(col, index, value, t)?)),
        }
    }
    let has_clustering = s.columns.iter().any(|n| {
        table
            .column(n)
            .is_some_and(|(_, c)| c.kind == ColumnKind::Clustering)
    });
    let (statics, regular) = split(ops);
    let mut w = write_for(pk, &ck)?;
    if !statics.is_empty() {
        w.mutation.static_row = Some(RowMutation {
            ops: statics,
            ..RowMutation::default()
        });
    }
    if has_clustering || table.clustering_len == 0 {
        let marker = Cell::live(timestamp, Vec::new(), ttl, now);
        w.mutation.rows.push((
            layout.clustering(ck.clone()),
            RowMutation {
                marker: Some(marker),
                deletion: None,
                ops: regular,
            },
        ));
        w.rows.push(ck);
    }
    Ok(vec![w])
}

/// UPDATE as mutations.
pub fn update(
    table: &Table,
    layout: &Layout,
    s: &Update,
    bound: &[BoundValue],
    timestamp: i64,
    now: i64,
) -> CqlResult<Vec<PartitionWrite>> {
    let r = check_update(table, s)?;
    let ttl = values::ttl(table, s.using.ttl.as_ref(), bound, now)?;
    let t = WriteTime {
        timestamp,
        ttl,
        now,
    };
    let ops = s
        .assignments
        .iter()
        .map(|a| assign::assignment(table, a, bound, t))
        .collect::<CqlResult<Vec<_>>>()?;
    let (statics, regular) = split(ops);
    let (keys, b) = partition_keys(table, layout, &r, bound)?;
    let rows = if regular.is_empty() && table.clustering_len > 0 {
        Vec::new()
    } else {
        b.rows.clone().unwrap_or_default()
    };
    keys.into_iter()
        .map(|components| {
            let mut w = write_for(components, rows.first().map(Vec::as_slice).unwrap_or(&[]))?;
            if !statics.is_empty() {
                w.mutation.static_row = Some(RowMutation {
                    ops: statics.clone(),
                    ..RowMutation::default()
                });
            }
            for ck in &rows {
                validate_key(&w.components, ck)?;
                w.mutation.rows.push((
                    layout.clustering(ck.clone()),
                    RowMutation {
                        ops: regular.clone(),
                        ..RowMutation::default()
                    },
                ));
                w.rows.push(ck.clone());
            }
            Ok(w)
        })
        .collect()
}

/// DELETE as mutations.
pub fn delete(
    table: &Table,
    layout: &Layout,
    s: &Delete,
    bound: &[BoundValue],
    timestamp: i64,
    now: i64,
) -> CqlResult<Vec<PartitionWrite>> {
    let r = check_delete(table, s)?;
    let t = WriteTime {
        timestamp,
        ttl: 0,
        now,
    };
    let deletion = Deletion::new(timestamp, now);
    let ops = s
        .columns
        .iter()
        .map(|c| assign::delete_target(table, c, bound, t))
        .collect::<CqlResult<Vec<_>>>()?;
    let (statics, regular) = split(ops);
    let (keys, b) = partition_keys(table, layout, &r, bound)?;
    keys.into_iter()
        .map(|components| {
            let mut w = write_for(components, &[])?;
            let m = &mut w.mutation;
            if s.columns.is_empty() {
                match &b.rows {
                    _ if !r.has_clustering => {
                        m.deletion = Some(deletion);
                        if table.clustering_len == 0 {
                            // The partition is the table's only row: conditions apply to it.
                            w.rows.push(Vec::new());
                        }
                    }
                    Some(rows) => {
                        for ck in rows {
                            m.rows.push((
                                layout.clustering(ck.clone()),
                                RowMutation {
                                    deletion: Some(deletion),
                                    ..RowMutation::default()
                                },
                            ));
                            w.rows.push(ck.clone());
                        }
                    }
                    None => {
                        for (start, end) in &b.slices {
                            m.ranges.push(RangeDeletion {
                                start: start.clone(),
                                end: end.clone(),
                                deletion,
                            });
                        }
                    }
                }
                return Ok(w);
            }
            if !statics.is_empty() {
                m.static_row = Some(RowMutation {
                    ops: statics.clone(),
                    ..RowMutation::default()
                });
            }
            if !regular.is_empty() {
                for ck in b.rows.iter().flatten() {
                    m.rows.push((
                        layout.clustering(ck.clone()),
                        RowMutation {
                            ops: regular.clone(),
                            ..RowMutation::default()
                        },
                    ));
                    w.rows.push(ck.clone());
                }
            }
            Ok(w)
        })
        .collect()
}

/// The mutations of any DML statement.
pub fn build(
    table: &Table,
    layout: &Layout,
    stmt: &Statement,
    bound: &[BoundValue],
    timestamp: i64,
    now: i64,
) -> CqlResult<Vec<PartitionWrite>> {
    match stmt {
        Statement::Insert(s) => insert(table, layout, s, bound, timestamp, now),
        Statement::Update(s) => update(table, layout, s, bound, timestamp, now),
        Statement::Delete(s) => delete(table, layout, s, bound, timestamp, now),
        _ => Err(CqlError::invalid(
            "Only INSERT, UPDATE and DELETE statements modify data",
        )),
    }
}
