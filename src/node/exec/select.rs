//! SELECT: checks (ORDER BY, DISTINCT), the partitions to visit (keys in statement order, or
//! the ring from a token or resume position), and the page of rows from [`super::reader`].
//!
//! System tables go through the same pipeline: their current rows (from
//! [`crate::node::system::rows`]) are loaded into a throw-away table first, so filtering,
//! ordering, paging and projection behave exactly as for user tables.

use std::ops::Bound;
use std::sync::Arc;

use crate::node::cql::ast::Select;
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::{ColumnKind, Table};
use crate::node::storage::{Clustering, Layout, PartitionKey, TableData};
use crate::node::system;

use super::keys::{self, PartitionSet};
use super::node::NodeExecutor;
use super::paging::PagingState;
use super::reader::{ReadPlan, Reader};
use super::resolve::{column, now_seconds};
use super::restrict::{analyse, Kind, Restrictions, Values};
use super::selection::{self, Selection, ValueRow};
use super::values::limit;
use super::{BoundValue, QueryParameters, ResultRows};

/// Checks of a SELECT that do not need values; returns its restrictions and selection.
pub fn check<'a>(table: &Table, s: &'a Select) -> CqlResult<(Restrictions<'a>, Selection, bool)> {
    if s.json {
        return Err(CqlError::invalid(
            "SELECT JSON is not supported by this node",
        ));
    }
    if !s.group_by.is_empty() {
        return Err(CqlError::invalid("GROUP BY is not supported by this node"));
    }
    let selection = selection::resolve(table, s)?;
    let r = analyse(
        table,
        &s.where_clause,
        Kind::Select {
            allow_filtering: s.allow_filtering,
        },
    )?;
    if s.distinct && (r.has_clustering || r.has_regular) {
        return Err(CqlError::invalid(
            "SELECT DISTINCT with WHERE clause only supports restriction by partition key and/or static columns.",
        ));
    }
    let reversed = reversed(table, s, &r)?;
    Ok((r, selection, reversed))
}

/// Whether ORDER BY reverses the clustering order; checks it like Cassandra.
fn reversed(table: &Table, s: &Select, r: &Restrictions<'_>) -> CqlResult<bool> {
    if s.order_by.is_empty() {
        return Ok(false);
    }
    if !r.has_keys() {
        return Err(CqlError::invalid(
            "ORDER BY is only supported when the partition key is restricted by an EQ or an IN.",
        ));
    }
    let pk_len = table.partition_key_len;
    let eq_restricted = |pos: usize| {
        r.prefix
            .iter()
            .any(|p| p.first == pos && p.len == 1 && matches!(p.values, Values::Eq(_)))
    };
    let mut next = 0;
    let mut result: Option<bool> = None;
    for (name, dir) in &s.order_by {
        let (index, col) = column(table, name)?;
        if col.kind != ColumnKind::Clustering {
            return Err(CqlError::invalid(format!(
                "Order by is currently only supported on the clustered columns of the PRIMARY KEY, got {name}"
            )));
        }
        let pos = index - pk_len;
        while next < pos {
            if !eq_restricted(next) {
                return Err(CqlError::invalid(
                    "Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY",
                ));
            }
            next += 1;
        }
        if pos < next {
            return Err(CqlError::invalid(
                "Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY",
            ));
        }
        next = pos + 1;
        let rev = *dir != col.order;
        if result.is_some_and(|r| r != rev) {
            return Err(CqlError::invalid("Unsupported order by relation"));
        }
        result = Some(rev);
    }
    Ok(result.unwrap_or(false))
}

/// The data a SELECT reads: the table's store, or a snapshot of a system table.
fn source(node: &NodeExecutor, table: &Table, now: i64) -> CqlResult<Option<Arc<TableData>>> {
    if !system::is_system_keyspace(&table.keyspace) {
        return Ok(node.cluster.store.get(table.id));
    }
    let Some(rows) = system::rows(node, table) else {
        return Ok(None);
    };
    super::snapshot::load(table, rows, now).map(Some)
}

/// Run a SELECT and return one page.
pub fn run(
    node: &NodeExecutor,
    table: &Arc<Table>,
    s: &Select,
    bound: &[BoundValue],
    params: &QueryParameters,
) -> CqlResult<ResultRows> {
    let (r, selection, reversed) = check(table, s)?;
    let now = now_seconds();
    let layout = Layout::new(table);
    let b = keys::bind(table, &layout.order, &r, bound)?;
    node.touch(table, || first_token(&b.partitions));
    if let PartitionSet::Keys(keys) = &b.partitions {
        for k in keys {
            super::write::validate_key(k, &[])?;
        }
    }
    let user_limit = limit(s.limit.as_ref(), bound, "limit")?;
    let per_partition_limit = limit(s.per_partition_limit.as_ref(), bound, "per partition limit")?;
    let resume = params
        .paging_state
        .as_deref()
        .filter(|p| !p.is_empty())
        .map(PagingState::decode)
        .transpose()?;
    let multi_key = matches!(&b.partitions, PartitionSet::Keys(k) if k.len() > 1);
    let sort = !s.order_by.is_empty() && multi_key && !selection.aggregate;
    let page_size = if selection.aggregate {
        None
    } else {
        params.page_size.filter(|n| *n > 0).map(|n| n as usize)
    };
    if sort && page_size.is_some() {
        return Err(CqlError::invalid(
            "Cannot page queries with both ORDER BY and a IN restriction on the partition key; you must either remove the ORDER BY or the IN and sort client side, or disable paging for this query",
        ));
    }
    let remaining = match &resume {
        Some(p) => p.remaining.map(|n| n as usize),
        None if selection.aggregate || sort => None,
        None => user_limit,
    };
    let plan = ReadPlan {
        layout: &layout,
        selection: &selection,
        slices: &b.slices,
        filters: &b.filters,
        reversed,
        distinct: s.distinct,
        static_fallback: !r.has_clustering && !r.has_regular,
        page_size,
        per_partition_limit,
        keep_clustering: sort,
        now,
    };
    let mut reader = Reader::new(plan, remaining);
    if let Some(data) = source(node, table, now)? {
        read_partitions(&data, &b.partitions, resume.as_ref(), &mut reader, now);
    }
    let mut rows = ResultRows {
        columns: selection.columns.clone(),
        rows: Vec::new(),
        paging_state: reader.paging_state(),
        metadata_changed: false,
    };
    if let Some(row) = reader.aggregate_row() {
        rows.rows = vec![row];
        return Ok(rows);
    }
    rows.rows = if sort {
        sorted(&layout, reader, reversed, user_limit)
    } else {
        reader.rows
    };
    Ok(rows)
}

/// The token of the first partition a SELECT names (`None` for a range or scan).
fn first_token(partitions: &PartitionSet) -> Option<i64> {
    match partitions {
        PartitionSet::Keys(keys) => keys.first().map(|k| {
            let parts: Vec<&[u8]> = k.iter().map(Vec::as_slice).collect();
            crate::node::token::token(&parts)
        }),
        _ => None,
    }
}

fn read_partitions(
    data: &TableData,
    partitions: &PartitionSet,
    resume: Option<&PagingState>,
    reader: &mut Reader<'_>,
    now: i64,
) {
    match partitions {
        PartitionSet::Empty => {}
        PartitionSet::Keys(keys) => {
            let found = resume.and_then(|r| keys.iter().position(|k| *k == r.partition));
            for (i, components) in keys.iter().enumerate().skip(found.unwrap_or(0)) {
                let key = PartitionKey::new(components);
                let resume_here = resume.filter(|_| found == Some(i));
                let go_on = data.read(&key, now, |p| match p {
                    Some(p) => reader.partition(key.token, p, resume_here),
                    None => true,
                });
                if !go_on || reader.finished() {
                    break;
                }
            }
        }
        PartitionSet::Range { start, end } => {
            let resume_key = resume.map(|r| PartitionKey::new(&r.partition));
            let start = match &resume_key {
                Some(k) => Bound::Included(k),
                None => start.as_ref(),
            };
            data.scan(start, now, |key, p| {
                if let Some((t, inclusive)) = end {
                    if key.token > *t || (!inclusive && key.token == *t) {
                        return false;
                    }
                }
                let here = resume.filter(|_| resume_key.as_ref() == Some(key));
                reader.partition(key.token, p, here)
            });
        }
    }
}

/// Rows of several partitions sorted by clustering (ORDER BY with IN), then LIMIT.
fn sorted(
    layout: &Layout,
    reader: Reader<'_>,
    reversed: bool,
    limit: Option<usize>,
) -> Vec<ValueRow> {
    let mut indexed: Vec<(Clustering, ValueRow)> = reader
        .clusterings
        .into_iter()
        .map(|c| layout.clustering(c))
        .zip(reader.rows)
        .collect();
    indexed.sort_by(|a, b| {
        if reversed {
            b.0.cmp(&a.0)
        } else {
            a.0.cmp(&b.0)
        }
    });
    let rows = indexed.into_iter().map(|(_, r)| r);
    match limit {
        Some(n) => rows.take(n).collect(),
        None => rows.collect(),
    }
}
