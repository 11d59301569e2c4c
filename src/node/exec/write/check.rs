//! Structural rules of INSERT, UPDATE and DELETE that need no values, so PREPARE reports them
//! too: missing key parts, counters, static-only writes, slices, and conditional writes.

use crate::node::cql::ast::{Assignment, Condition, Delete, Insert, Update};
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::{ColumnKind, Table};

use super::super::resolve::column;
use super::super::restrict::{analyse, Kind, Partitions, Restrictions, Values};

pub(super) fn names(table: &Table, cols: impl Iterator<Item = usize>) -> String {
    cols.filter_map(|c| table.columns.get(c).map(|c| c.name.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_counter(table: &Table, ttl: bool, timestamp: bool, conditional: bool) -> CqlResult<()> {
    if !table.is_counter() {
        return Ok(());
    }
    if ttl {
        return Err(CqlError::invalid(
            "Cannot provide custom TTL for counter updates",
        ));
    }
    if timestamp {
        return Err(CqlError::invalid(
            "Cannot provide custom timestamp for counter updates",
        ));
    }
    if conditional {
        return Err(CqlError::invalid(
            "Conditional updates are not supported on counter tables",
        ));
    }
    Ok(())
}

/// Structural checks of INSERT.
pub fn check_insert(table: &Table, s: &Insert) -> CqlResult<()> {
    if table.is_counter() {
        return Err(CqlError::invalid(
            "INSERT statements are not allowed on counter tables, use UPDATE instead",
        ));
    }
    if s.columns.len() != s.values.len() {
        return Err(CqlError::invalid("Unmatched column names/values"));
    }
    let mut seen = Vec::with_capacity(s.columns.len());
    for name in &s.columns {
        let (i, _) = column(table, name)?;
        if seen.contains(&i) {
            return Err(CqlError::invalid(format!(
                "Multiple definitions found for column {name}"
            )));
        }
        seen.push(i);
    }
    let pk_len = table.partition_key_len;
    let missing_pk: Vec<usize> = (0..pk_len).filter(|c| !seen.contains(c)).collect();
    if !missing_pk.is_empty() {
        return Err(CqlError::invalid(format!(
            "Some partition key parts are missing: {}",
            names(table, missing_pk.into_iter())
        )));
    }
    let ck = pk_len..pk_len + table.clustering_len;
    let missing_ck: Vec<usize> = ck.clone().filter(|c| !seen.contains(c)).collect();
    let only_static = seen.iter().all(|c| {
        table
            .columns
            .get(*c)
            .is_some_and(|col| matches!(col.kind, ColumnKind::PartitionKey | ColumnKind::Static))
    }) && seen.len() > pk_len;
    let static_only_insert = only_static && missing_ck.len() == table.clustering_len;
    if !missing_ck.is_empty() && !static_only_insert {
        return Err(CqlError::invalid(format!(
            "Some clustering keys are missing: {}",
            names(table, missing_ck.into_iter())
        )));
    }
    Ok(())
}

/// The restrictions of UPDATE, after its structural checks.
pub fn check_update<'a>(table: &Table, s: &'a Update) -> CqlResult<Restrictions<'a>> {
    check_counter(
        table,
        s.using.ttl.is_some(),
        s.using.timestamp.is_some(),
        s.condition.is_some(),
    )?;
    if s.condition.is_some() && s.using.timestamp.is_some() {
        return Err(CqlError::invalid(
            "Cannot provide custom timestamp for conditional updates",
        ));
    }
    let r = analyse(table, &s.where_clause, Kind::Update)?;
    let only_static = s.assignments.iter().all(|a| {
        assignment_column(a)
            .and_then(|n| table.column(n))
            .is_some_and(|(_, c)| c.kind == ColumnKind::Static)
    });
    check_rows(table, &r, only_static, "UPDATE", s.condition.as_ref())?;
    Ok(r)
}

fn assignment_column(a: &Assignment) -> Option<&str> {
    match a {
        Assignment::Set { column, .. }
        | Assignment::SetElement { column, .. }
        | Assignment::Add { column, .. }
        | Assignment::Prepend { column, .. }
        | Assignment::Subtract { column, .. } => Some(column),
    }
}

fn check_rows(
    table: &Table,
    r: &Restrictions<'_>,
    only_static: bool,
    verb: &str,
    condition: Option<&Condition>,
) -> CqlResult<()> {
    if only_static && table.clustering_len > 0 {
        if r.has_clustering {
            return Err(CqlError::invalid(format!(
                "Invalid restrictions on clustering columns since the {verb} statement modifies only static columns"
            )));
        }
    } else {
        if r.slice.is_some() {
            return Err(CqlError::invalid(if verb == "UPDATE" {
                "Slice restrictions are not supported on the clustering columns in UPDATE statements".to_string()
            } else {
                "Range deletions are not supported for specific columns".to_string()
            }));
        }
        let start = table.partition_key_len + r.prefix_len();
        let missing = start..table.partition_key_len + table.clustering_len;
        if !missing.is_empty() {
            return Err(CqlError::invalid(
                if verb == "UPDATE" || !r.has_clustering {
                    format!(
                        "Some clustering keys are missing: {}",
                        names(table, missing)
                    )
                } else {
                    "Range deletions are not supported for specific columns".to_string()
                },
            ));
        }
    }
    check_conditional_keys(r, condition, verb)
}

fn check_conditional_keys(
    r: &Restrictions<'_>,
    condition: Option<&Condition>,
    verb: &str,
) -> CqlResult<()> {
    if condition.is_none() {
        return Ok(());
    }
    let what = if verb == "DELETE" {
        "deletions"
    } else {
        "updates"
    };
    if let Partitions::Keys(values) = &r.partitions {
        if values.iter().any(|v| matches!(v, Values::In(_))) {
            return Err(CqlError::invalid(format!(
                "IN on the partition key is not supported with conditional {what}"
            )));
        }
    }
    if r.prefix.iter().any(|p| matches!(p.values, Values::In(_))) {
        return Err(CqlError::invalid(format!(
            "IN on the clustering key columns is not supported with conditional {what}"
        )));
    }
    Ok(())
}

/// The restrictions of DELETE, after its structural checks.
pub fn check_delete<'a>(table: &Table, s: &'a Delete) -> CqlResult<Restrictions<'a>> {
    check_counter(table, false, s.timestamp.is_some(), s.condition.is_some())?;
    if s.condition.is_some() && s.timestamp.is_some() {
        return Err(CqlError::invalid(
            "Cannot provide custom timestamp for conditional updates",
        ));
    }
    let r = analyse(table, &s.where_clause, Kind::Delete)?;
    let regular_condition = match &s.condition {
        Some(Condition::Columns(conds)) => conds.iter().any(|c| {
            table
                .column(&c.column)
                .is_some_and(|(_, col)| col.kind != ColumnKind::Static)
        }),
        _ => false,
    };
    if regular_condition && table.clustering_len > 0 && !r.has_clustering {
        return Err(CqlError::invalid(format!(
            "DELETE statements must restrict all PRIMARY KEY columns with equality relations in order to use IF conditions, but column '{}' is not restricted",
            names(table, std::iter::once(table.partition_key_len))
        )));
    }
    if s.columns.is_empty() {
        if s.condition.is_some()
            && (r.slice.is_some() || (r.has_clustering && r.prefix_len() < table.clustering_len))
        {
            let missing = table.partition_key_len + r.prefix_len();
            return Err(CqlError::invalid(format!(
                "DELETE statements must restrict all PRIMARY KEY columns with equality relations in order to use IF conditions, but column '{}' is not restricted",
                names(table, std::iter::once(missing))
            )));
        }
        check_conditional_keys(&r, s.condition.as_ref(), "DELETE")?;
        return Ok(r);
    }
    let only_static = s.columns.iter().all(|t| {
        table
            .column(&t.column)
            .is_some_and(|(_, c)| c.kind == ColumnKind::Static)
    });
    check_rows(table, &r, only_static, "DELETE", s.condition.as_ref())?;
    Ok(r)
}
