//! INSERT, UPDATE, DELETE and SELECT: describing (for PREPARE) and running one statement.
//!
//! `describe` resolves the table and reports the bind variables, the partition key indexes,
//! the result columns and the request class, failing with the same errors execution would.
//! `run` sends SELECT to [`super::select`], plain writes to storage as one mutation per
//! partition, and conditional writes through [`super::lwt`].

use std::sync::Arc;

use crate::node::cluster::ClusterState;
use crate::node::cql::ast::{Condition, Statement};
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::Table;

use super::bind;
use super::lwt::{self, Check, Guard};
use super::node::NodeExecutor;
use super::resolve::{self, now_seconds};
use super::select;
use super::values;
use super::write::{self, PartitionWrite};
use super::{BoundValue, ColumnSpec, Outcome, QueryParameters, RequestClass};

/// What PREPARE needs to know about a statement.
#[derive(Debug, Clone)]
pub struct StatementInfo {
    pub bind: Vec<ColumnSpec>,
    pub pk_indexes: Vec<u16>,
    pub result: Vec<ColumnSpec>,
    pub class: RequestClass,
}

/// The table a DML or SELECT statement targets.
pub fn target_table(
    cluster: &ClusterState,
    keyspace: Option<&str>,
    stmt: &Statement,
) -> CqlResult<Arc<Table>> {
    let name = match stmt {
        Statement::Insert(s) => &s.table,
        Statement::Update(s) => &s.table,
        Statement::Delete(s) => &s.table,
        Statement::Select(s) => &s.table,
        _ => return Err(CqlError::invalid("Not a data manipulation statement")),
    };
    resolve::table(cluster, keyspace, name)
}

/// The condition of a DML statement, if any.
pub fn check_of(stmt: &Statement) -> Option<Check<'_>> {
    match stmt {
        Statement::Insert(s) if s.if_not_exists => Some(Check::NotExists),
        Statement::Update(s) => condition(s.condition.as_ref()),
        Statement::Delete(s) => condition(s.condition.as_ref()),
        _ => None,
    }
}

fn condition(c: Option<&Condition>) -> Option<Check<'_>> {
    match c? {
        Condition::Exists => Some(Check::Exists),
        Condition::Columns(c) => Some(Check::Columns(c)),
    }
}

/// Refuse writes to the keyspaces Cassandra keeps for itself.
pub fn check_writable(table: &Table) -> CqlResult<()> {
    match table.keyspace.as_str() {
        "system" | "system_schema" => Err(CqlError::Unauthorized(format!(
            "{} keyspace is not user-modifiable.",
            table.keyspace
        ))),
        "system_views" | "system_virtual_schema" => Err(CqlError::invalid(format!(
            "Modification is not supported by table {}.{}",
            table.keyspace, table.name
        ))),
        _ => Ok(()),
    }
}

/// Receivers of the markers of one DML statement, after its structural checks.
pub fn dml_receivers(table: &Table, stmt: &Statement) -> CqlResult<Vec<(usize, bind::Receiver)>> {
    check_writable(table)?;
    match stmt {
        Statement::Insert(s) => {
            write::check_insert(table, s)?;
            bind::insert(table, s)
        }
        Statement::Update(s) => {
            write::check_update(table, s)?;
            bind::update(table, s)
        }
        Statement::Delete(s) => {
            write::check_delete(table, s)?;
            bind::delete(table, s)
        }
        _ => Err(CqlError::invalid("Not a data manipulation statement")),
    }
}

/// Describe a DML or SELECT statement; `keyspace` is the session keyspace.
pub fn describe(
    cluster: &ClusterState,
    keyspace: Option<&str>,
    stmt: &Statement,
) -> CqlResult<StatementInfo> {
    if let Statement::Batch(b) = stmt {
        return super::batch::describe(cluster, keyspace, b);
    }
    let table = target_table(cluster, keyspace, stmt)?;
    let (receivers, result, class) = match stmt {
        Statement::Select(s) => {
            let (_, selection, _) = select::check(&table, s)?;
            (
                bind::select(&table, s)?,
                selection.columns,
                RequestClass::Read,
            )
        }
        _ => {
            let class = if check_of(stmt).is_some() {
                RequestClass::Lwt
            } else {
                RequestClass::Write
            };
            (dml_receivers(&table, stmt)?, Vec::new(), class)
        }
    };
    let receivers = bind::contiguous(receivers)?;
    let pk_indexes = bind::pk_indexes(&table, &receivers);
    Ok(StatementInfo {
        bind: bind::column_specs(&table, receivers),
        pk_indexes,
        result,
        class,
    })
}

/// `USING TIMESTAMP` of a DML statement.
pub fn using_timestamp(stmt: &Statement, bound: &[BoundValue]) -> CqlResult<Option<i64>> {
    let term = match stmt {
        Statement::Insert(s) => s.using.timestamp.as_ref(),
        Statement::Update(s) => s.using.timestamp.as_ref(),
        Statement::Delete(s) => s.timestamp.as_ref(),
        _ => None,
    };
    values::timestamp(term, bound)
}

/// Run a DML or SELECT statement with its bound values (one per marker, in marker order).
pub fn run(
    node: &NodeExecutor,
    keyspace: Option<&str>,
    stmt: &Statement,
    values: &[BoundValue],
    params: &QueryParameters,
) -> CqlResult<Outcome> {
    let table = target_table(&node.cluster, keyspace, stmt)?;
    if let Statement::Select(s) = stmt {
        return select::run(node, &table, s, values, params).map(Outcome::Rows);
    }
    check_writable(&table)?;
    let data = node.cluster.store.table(&table);
    let now = now_seconds();
    let build = |ts: i64| write::build(&table, &data.layout, stmt, values, ts, now);
    let Some(check) = check_of(stmt) else {
        let ts = match using_timestamp(stmt, values)?.or(params.timestamp) {
            Some(ts) => ts,
            None => node.cluster.next_timestamp(),
        };
        let writes = build(ts)?;
        node.touch(&table, || writes.first().map(|w| w.key.token));
        for w in writes {
            data.apply(&w.key, &w.components, w.mutation, now)?;
        }
        return Ok(Outcome::Void);
    };
    let first = single_partition(build(0)?)?;
    node.touch(&table, || Some(first.key.token));
    let guard = Guard {
        check,
        row: first.rows.first().cloned(),
        bound: values,
    };
    let rows = lwt::execute(
        &data,
        &table,
        &first.key,
        &first.components,
        &[guard],
        now,
        || node.cluster.next_timestamp(),
        |ts| single_partition(build(ts)?).map(|w| w.mutation),
        false,
    )?;
    Ok(Outcome::Rows(rows))
}

/// The one partition a conditional statement writes.
fn single_partition(writes: Vec<PartitionWrite>) -> CqlResult<PartitionWrite> {
    let mut it = writes.into_iter();
    match (it.next(), it.next()) {
        (Some(w), None) => Ok(w),
        _ => Err(CqlError::invalid(
            "IN on the partition key is not supported with conditional updates",
        )),
    }
}
