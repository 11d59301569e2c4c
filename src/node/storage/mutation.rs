//! A [`Mutation`]: every change one statement (or one batch) makes to one partition.
//!
//! The executor builds mutations from INSERT / UPDATE / DELETE. List operations that depend on
//! the current list (`l[i] = v`, `DELETE l[i]`, `l = l - [v]`) are carried as [`ColumnOp`]s
//! and resolved against the stored list under the partition lock, as Cassandra does with its
//! read-before-write; appends and prepends get fresh cell paths there too.

use std::sync::atomic::{AtomicU64, Ordering};

use super::cell::{Cell, Deletion};
use super::clustering::Clustering;
use super::row::{ColumnData, ColumnWrite, Row};
use crate::node::error::{CqlError, CqlResult};

/// A change to one column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnOp {
    /// A write that needs no read.
    Write(ColumnWrite),
    /// `l = l + [..]`
    ListAppend {
        values: Vec<Vec<u8>>,
        timestamp: i64,
        ttl: i32,
    },
    /// `l = [..] + l`
    ListPrepend {
        values: Vec<Vec<u8>>,
        timestamp: i64,
        ttl: i32,
    },
    /// `l[index] = value`, or `DELETE l[index]` when `value` is `None`.
    ListSetIndex {
        index: i32,
        value: Option<Vec<u8>>,
        timestamp: i64,
        ttl: i32,
    },
    /// `l = l - [..]`: remove every element equal to one of `values`.
    ListRemove {
        values: Vec<Vec<u8>>,
        timestamp: i64,
    },
}

/// Changes to one row (or the static row).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowMutation {
    pub marker: Option<Cell>,
    pub deletion: Option<Deletion>,
    /// (column index in the table, operation)
    pub ops: Vec<(usize, ColumnOp)>,
}

/// A deletion of a slice of rows, between two clustering bounds (inclusive as positions).
#[derive(Debug, Clone, PartialEq)]
pub struct RangeDeletion {
    pub start: Clustering,
    pub end: Clustering,
    pub deletion: Deletion,
}

/// All changes to one partition.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mutation {
    pub deletion: Option<Deletion>,
    pub ranges: Vec<RangeDeletion>,
    pub static_row: Option<RowMutation>,
    /// (complete clustering key, changes)
    pub rows: Vec<(Clustering, RowMutation)>,
}

impl Mutation {
    /// Append the changes of `other` (same partition) to this mutation.
    pub fn merge(&mut self, other: Mutation) {
        self.deletion = Deletion::latest(self.deletion, other.deletion);
        self.ranges.extend(other.ranges);
        if let Some(s) = other.static_row {
            let mine = self.static_row.get_or_insert_with(RowMutation::default);
            mine.merge(s);
        }
        self.rows.extend(other.rows);
    }
}

impl RowMutation {
    fn merge(&mut self, other: RowMutation) {
        if let Some(m) = other.marker {
            match &mut self.marker {
                Some(slot) if !m.supersedes(slot, 0) => {}
                slot => *slot = Some(m),
            }
        }
        self.deletion = Deletion::latest(self.deletion, other.deletion);
        self.ops.extend(other.ops);
    }
}

/// Source of list cell paths: appends take increasing paths above 2^63, prepends decreasing
/// ones below it, so order follows arrival order as with Cassandra's time-based paths.
static LIST_SEQUENCE: AtomicU64 = AtomicU64::new(1);
const LIST_MIDDLE: u64 = 1 << 63;

fn list_paths(count: usize, prepend: bool) -> Vec<Vec<u8>> {
    let n = count as u64;
    let start = LIST_SEQUENCE.fetch_add(n.max(1), Ordering::Relaxed);
    (0..n)
        .map(|i| {
            let p = if prepend {
                LIST_MIDDLE - start - n + i
            } else {
                LIST_MIDDLE + start + i
            };
            p.to_be_bytes().to_vec()
        })
        .collect()
}

/// Turn `op` into a plain column write, reading the current list from `row` when needed.
pub fn resolve(op: ColumnOp, index: usize, row: Option<&Row>, now: i64) -> CqlResult<ColumnWrite> {
    let live_elements = || -> Vec<(Vec<u8>, Vec<u8>)> {
        match row.and_then(|r| r.column(index)) {
            Some(ColumnData::Complex { cells, .. }) => cells
                .iter()
                .filter_map(|(p, c)| c.live_value(now).map(|v| (p.clone(), v.to_vec())))
                .collect(),
            _ => Vec::new(),
        }
    };
    Ok(match op {
        ColumnOp::Write(w) => w,
        ColumnOp::ListAppend {
            values,
            timestamp,
            ttl,
        } => list_cells(values, timestamp, ttl, now, false),
        ColumnOp::ListPrepend {
            values,
            timestamp,
            ttl,
        } => list_cells(values, timestamp, ttl, now, true),
        ColumnOp::ListSetIndex {
            index: i,
            value,
            timestamp,
            ttl,
        } => {
            let current = live_elements();
            if current.is_empty() {
                return Err(CqlError::invalid(if value.is_some() {
                    "Attempted to set an element on a list which is null"
                } else {
                    "Attempted to delete an element from a list which is null"
                }));
            }
            let path = usize::try_from(i)
                .ok()
                .and_then(|i| current.get(i))
                .map(|(p, _)| p.clone())
                .ok_or_else(|| {
                    CqlError::invalid(format!(
                        "List index {i} out of bound, list has size {}",
                        current.len()
                    ))
                })?;
            let cell = match value {
                Some(v) => Cell::live(timestamp, v, ttl, now),
                None => Cell::tombstone(timestamp),
            };
            ColumnWrite::Elements(vec![(path, cell)])
        }
        ColumnOp::ListRemove { values, timestamp } => ColumnWrite::Elements(
            live_elements()
                .into_iter()
                .filter(|(_, v)| values.contains(v))
                .map(|(p, _)| (p, Cell::tombstone(timestamp)))
                .collect(),
        ),
    })
}

fn list_cells(
    values: Vec<Vec<u8>>,
    timestamp: i64,
    ttl: i32,
    now: i64,
    prepend: bool,
) -> ColumnWrite {
    let paths = list_paths(values.len(), prepend);
    ColumnWrite::Elements(
        paths
            .into_iter()
            .zip(values)
            .map(|(p, v)| (p, Cell::live(timestamp, v, ttl, now)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepend_paths_sort_before_earlier_ones_and_keep_order() {
        let a = list_paths(2, true);
        let b = list_paths(3, true);
        let c = list_paths(2, false);
        assert!(a[0] < a[1]);
        assert!(b[0] < b[1] && b[1] < b[2]);
        assert!(b[2] < a[0]);
        assert!(a[1] < c[0] && c[0] < c[1]);
    }
}
