//! BATCH: logged, unlogged and counter batches, conditional batches on one partition.
//!
//! Every statement of a batch is written with the batch's timestamp (its `USING TIMESTAMP`,
//! else the client's, else one from the cluster clock) unless it carries its own. Mutations
//! to the same partition are merged and applied together. A batch with conditions must stay
//! in one partition of one table; its conditions are checked together and the whole batch is
//! applied or nothing, under the partition lock (see [`super::lwt`]).

use std::sync::Arc;

use crate::node::cluster::ClusterState;
use crate::node::cql::ast::{Batch, BatchKind, Statement};
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::Table;
use crate::node::storage::Mutation;

use super::bind::{self, Receiver};
use super::lwt::{self, Guard};
use super::node::{bind_values, NodeExecutor};
use super::resolve::now_seconds;
use super::statement::{check_of, dml_receivers, target_table, using_timestamp, StatementInfo};
use super::values;
use super::write::{self, PartitionWrite};
use super::{BatchRequest, BoundValue, Outcome, QueryParameters, RequestClass};

/// One bound statement of a batch.
#[derive(Debug, Clone)]
pub struct BatchItem {
    pub statement: Statement,
    pub keyspace: Option<String>,
    pub values: Vec<BoundValue>,
}

/// A statement of a batch resolved against the schema.
struct Entry<'a> {
    stmt: &'a Statement,
    table: Arc<Table>,
    values: &'a [BoundValue],
}

/// Apply a BATCH request whose statements are already bound.
pub fn run(node: &NodeExecutor, request: &BatchRequest, items: &[BatchItem]) -> CqlResult<Outcome> {
    let entries = items
        .iter()
        .map(|i| {
            Ok(Entry {
                stmt: &i.statement,
                table: target_table(&node.cluster, i.keyspace.as_deref(), &i.statement)?,
                values: &i.values,
            })
        })
        .collect::<CqlResult<Vec<_>>>()?;
    apply(node, request.kind, &entries, None, request.timestamp)
}

/// Apply a `BEGIN BATCH ... APPLY BATCH` sent as one QUERY (markers numbered across the text).
pub fn run_parsed(
    node: &NodeExecutor,
    keyspace: Option<&str>,
    batch: &Batch,
    params: &QueryParameters,
) -> CqlResult<Outcome> {
    let info = describe(&node.cluster, keyspace, batch)?;
    let values = bind_values(&info.bind, &params.values)?;
    let entries = batch
        .statements
        .iter()
        .map(|s| {
            Ok(Entry {
                stmt: s,
                table: target_table(&node.cluster, keyspace, s)?,
                values: &values,
            })
        })
        .collect::<CqlResult<Vec<_>>>()?;
    let batch_ts = values::timestamp(batch.timestamp.as_ref(), &values)?;
    if batch_ts.is_some() {
        check_no_statement_timestamps(&entries)?;
    }
    apply(node, batch.kind, &entries, batch_ts, params.timestamp)
}

/// Describe a batch statement text (PREPARE of `BEGIN BATCH ...`).
pub fn describe(
    cluster: &ClusterState,
    keyspace: Option<&str>,
    batch: &Batch,
) -> CqlResult<StatementInfo> {
    let mut found: Vec<(usize, Receiver, Arc<Table>)> = Vec::new();
    for s in &batch.statements {
        if !matches!(
            s,
            Statement::Insert(_) | Statement::Update(_) | Statement::Delete(_)
        ) {
            return Err(CqlError::invalid(
                "Invalid statement in batch: only UPDATE, INSERT and DELETE statements are allowed.",
            ));
        }
        let table = target_table(cluster, keyspace, s)?;
        for (i, r) in dml_receivers(&table, s)? {
            found.push((i, r, Arc::clone(&table)));
        }
    }
    if let (Some(t), Some((_, _, table))) = (&batch.timestamp, found.first().cloned()) {
        let mut specs = bind::Specs::new(&table);
        specs.timestamp(Some(t));
        for (i, r) in specs.pairs() {
            found.push((i, r, Arc::clone(&table)));
        }
    }
    found.sort_by_key(|(i, _, _)| *i);
    let tables: Vec<Arc<Table>> = found.iter().map(|(_, _, t)| Arc::clone(t)).collect();
    let receivers = bind::contiguous(found.into_iter().map(|(i, r, _)| (i, r)).collect())?;
    let bind = receivers
        .into_iter()
        .zip(tables)
        .flat_map(|(r, t)| bind::column_specs(&t, vec![r]))
        .collect();
    Ok(StatementInfo {
        bind,
        pk_indexes: Vec::new(),
        result: Vec::new(),
        class: RequestClass::Batch,
    })
}

fn check_no_statement_timestamps(entries: &[Entry<'_>]) -> CqlResult<()> {
    let has_own = entries.iter().any(|e| match e.stmt {
        Statement::Insert(s) => s.using.timestamp.is_some(),
        Statement::Update(s) => s.using.timestamp.is_some(),
        Statement::Delete(s) => s.timestamp.is_some(),
        _ => false,
    });
    if has_own {
        return Err(CqlError::invalid(
            "Timestamp must be set either on BATCH or individual statements",
        ));
    }
    Ok(())
}

fn validate(kind: BatchKind, entries: &[Entry<'_>], custom_ts: bool) -> CqlResult<bool> {
    let counters = entries.iter().filter(|e| e.table.is_counter()).count();
    match kind {
        BatchKind::Counter if counters < entries.len() => {
            return Err(CqlError::invalid(
                "Only counter mutations are allowed in COUNTER batches",
            ))
        }
        BatchKind::Logged if counters > 0 => {
            return Err(CqlError::invalid(
                "Cannot include a counter statement in a logged batch",
            ))
        }
        _ if counters > 0 && counters < entries.len() => {
            return Err(CqlError::invalid(
                "Counter and non-counter mutations cannot exist in the same batch",
            ))
        }
        _ => {}
    }
    if counters > 0 && custom_ts {
        return Err(CqlError::invalid(
            "Cannot provide custom timestamp for counter BATCH",
        ));
    }
    let conditional = entries.iter().any(|e| check_of(e.stmt).is_some());
    if conditional {
        if custom_ts {
            return Err(CqlError::invalid(
                "Cannot provide custom timestamp for conditional BATCH",
            ));
        }
        let first = entries.first().map(|e| e.table.id);
        if entries.iter().any(|e| Some(e.table.id) != first) {
            return Err(CqlError::invalid(
                "Batch with conditions cannot span multiple tables",
            ));
        }
    }
    Ok(conditional)
}

fn build_all(entries: &[Entry<'_>], ts: i64, now: i64) -> CqlResult<Vec<(usize, PartitionWrite)>> {
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let own = using_timestamp(e.stmt, e.values)?;
        let layout = crate::node::storage::Layout::new(&e.table);
        for w in write::build(&e.table, &layout, e.stmt, e.values, own.unwrap_or(ts), now)? {
            out.push((i, w));
        }
    }
    Ok(out)
}

fn apply(
    node: &NodeExecutor,
    kind: BatchKind,
    entries: &[Entry<'_>],
    batch_ts: Option<i64>,
    client_ts: Option<i64>,
) -> CqlResult<Outcome> {
    if entries.is_empty() {
        return Ok(Outcome::Void);
    }
    for e in entries {
        super::statement::check_writable(&e.table)?;
    }
    let conditional = validate(kind, entries, batch_ts.is_some())?;
    let now = now_seconds();
    if conditional {
        return conditional_batch(node, entries, now);
    }
    let ts = batch_ts
        .or(client_ts)
        .unwrap_or_else(|| node.cluster.next_timestamp());
    let mut merged: Vec<(usize, PartitionWrite)> = Vec::new();
    for (i, w) in build_all(entries, ts, now)? {
        let table_id = entries.get(i).map(|e| e.table.id);
        match merged
            .iter_mut()
            .find(|(j, m)| m.key == w.key && entries.get(*j).map(|e| e.table.id) == table_id)
        {
            Some((_, m)) => m.mutation.merge(w.mutation),
            None => merged.push((i, w)),
        }
    }
    if let Some((i, w)) = merged.first() {
        if let Some(e) = entries.get(*i) {
            node.touch(&e.table, || Some(w.key.token));
        }
    }
    for (i, w) in merged {
        if let Some(e) = entries.get(i) {
            let data = node.cluster.store.table(&e.table);
            data.apply(&w.key, &w.components, w.mutation, now)?;
        }
    }
    Ok(Outcome::Void)
}

fn conditional_batch(node: &NodeExecutor, entries: &[Entry<'_>], now: i64) -> CqlResult<Outcome> {
    let first = build_all(entries, 0, now)?;
    let Some((_, head)) = first.first() else {
        return Ok(Outcome::Void);
    };
    if first.iter().any(|(_, w)| w.key != head.key) {
        return Err(CqlError::invalid(
            "Batch with conditions cannot span multiple partitions",
        ));
    }
    let mut guards = Vec::new();
    for (i, w) in &first {
        if let Some(e) = entries.get(*i) {
            if let Some(check) = check_of(e.stmt) {
                guards.push(Guard {
                    check,
                    row: w.rows.first().cloned(),
                    bound: e.values,
                });
            }
        }
    }
    let Some(table) = entries.first().map(|e| &e.table) else {
        return Ok(Outcome::Void);
    };
    node.touch(table, || Some(head.key.token));
    let data = node.cluster.store.table(table);
    let build = |ts: i64| -> CqlResult<Mutation> {
        let mut m = Mutation::default();
        for (_, w) in build_all(entries, ts, now)? {
            m.merge(w.mutation);
        }
        Ok(m)
    };
    let rows = lwt::execute(
        &data,
        table,
        &head.key,
        &head.components,
        &guards,
        now,
        || node.cluster.next_timestamp(),
        build,
        true,
    )?;
    Ok(Outcome::Rows(rows))
}
