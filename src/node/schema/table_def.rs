//! CREATE TABLE: from the parsed statement to a checked [`Table`], with the checks and
//! messages of Cassandra 4.1's `CreateTableStatement` (primary key columns, CLUSTERING ORDER,
//! static and counter columns, collection types).

use std::collections::BTreeMap;

use uuid::Uuid;

use crate::node::cql::ast::{CreateTable, Order};
use crate::node::error::{CqlError, CqlResult};
use crate::node::types::{type_name, CqlType};

use super::cql_text::{is_valid_name, NAME_LENGTH};
use super::{options, Table, TableLayout};

/// The checks Cassandra makes when it prepares a CREATE TABLE, before looking at the schema.
pub fn check_prepare(stmt: &CreateTable) -> CqlResult<()> {
    let display = display_name(stmt);
    if stmt.compact_storage {
        return Err(CqlError::invalid(
            "Compact tables are not allowed in Cassandra starting with 4.0 version. Use `ALTER ... DROP COMPACT STORAGE` command supplied in 3.x/3.11 Cassandra in order to migrate off Compact Storage.",
        ));
    }
    for (i, col) in stmt.columns.iter().enumerate() {
        if stmt.columns[..i].iter().any(|c| c.name == col.name) {
            return Err(CqlError::invalid(format!(
                "Duplicate column '{}' declaration for table '{display}'",
                col.name
            )));
        }
    }
    if stmt.partition_key.is_empty() {
        return Err(CqlError::invalid(format!(
            "No PRIMARY KEY specifed for table '{display}' (exactly one required)"
        )));
    }
    for (i, (name, _)) in stmt.clustering_order.iter().enumerate() {
        if stmt.clustering_order[..i].iter().any(|(n, _)| n == name) {
            return Err(CqlError::invalid(format!(
                "Duplicate column '{name}' in CLUSTERING ORDER BY clause for table '{display}'"
            )));
        }
    }
    Ok(())
}

/// The table name as the statement wrote it (`ks.t` or `t`).
fn display_name(stmt: &CreateTable) -> String {
    match &stmt.table.keyspace {
        Some(ks) => format!("{ks}.{}", stmt.table.name),
        None => stmt.table.name.clone(),
    }
}

/// Build the table `keyspace.(stmt.table.name)` described by `stmt` (after [`check_prepare`]).
pub fn build_table(keyspace: &str, stmt: &CreateTable) -> CqlResult<Table> {
    check_prepare(stmt)?;
    let table = stmt.table.name.as_str();
    let mut declared: BTreeMap<&str, (CqlType, bool)> = BTreeMap::new();
    for col in &stmt.columns {
        declared.insert(&col.name, (prepare_type(&col.ty)?, col.is_static));
    }
    let (options, id) = options::from_properties(&stmt.properties)?;
    let mut layout = TableLayout::default();
    let key_columns = stmt.partition_key.iter().chain(&stmt.clustering);
    for (i, name) in key_columns.enumerate() {
        let (ty, is_static) = declared.get(name.as_str()).ok_or_else(|| {
            CqlError::invalid(format!(
                "Unknown column '{name}' referenced in PRIMARY KEY for table '{table}'"
            ))
        })?;
        check_key_column(stmt, i, name, ty, *is_static, table)?;
    }
    for name in &stmt.partition_key {
        if let Some((ty, _)) = declared.remove(name.as_str()) {
            layout.partition_key.push((name.clone(), ty));
        }
    }
    check_clustering_order(stmt)?;
    for name in &stmt.clustering {
        let order = stmt
            .clustering_order
            .iter()
            .find(|(n, _)| n == name)
            .map_or(Order::Asc, |(_, o)| *o);
        if let Some((ty, _)) = declared.remove(name.as_str()) {
            layout.clustering.push((name.clone(), ty, order));
        }
    }
    let has_statics = declared.values().any(|(_, s)| *s);
    if stmt.clustering.is_empty() && has_statics {
        return Err(CqlError::invalid("Static columns are only useful (and thus allowed) if the table has at least one clustering column"));
    }
    let has_counters = stmt.columns.iter().any(|c| c.ty == CqlType::Counter);
    if has_counters {
        if declared.values().any(|(ty, _)| *ty != CqlType::Counter) {
            return Err(CqlError::invalid(
                "Cannot mix counter and non counter columns in the same table",
            ));
        }
        if options::number(&options, options::DEFAULT_TIME_TO_LIVE) > 0.0 {
            return Err(CqlError::invalid(
                "Cannot set default_time_to_live on a table with counters",
            ));
        }
    }
    for (name, (ty, is_static)) in declared {
        let group = if is_static {
            &mut layout.statics
        } else {
            &mut layout.regulars
        };
        group.push((name.to_string(), ty));
    }
    if !is_valid_name(table) {
        return Err(CqlError::Config(format!("Table name must not be empty, more than {NAME_LENGTH} characters long, or contain non-alphanumeric-underscore characters (got \"{table}\")")));
    }
    let id = id.unwrap_or_else(new_table_id);
    Ok(layout.into_table(keyspace, table, id, options))
}

/// The checks of one PRIMARY KEY column (`i`-th in key order).
fn check_key_column(
    stmt: &CreateTable,
    i: usize,
    name: &str,
    ty: &CqlType,
    is_static: bool,
    table: &str,
) -> CqlResult<()> {
    let key = stmt.partition_key.iter().chain(&stmt.clustering);
    if key.take(i).any(|n| n == name) {
        return Err(CqlError::invalid(format!(
            "Duplicate column '{name}' in PRIMARY KEY clause for table '{table}'"
        )));
    }
    if ty.is_multi_cell() {
        return Err(CqlError::invalid(format!(
            "Invalid non-frozen collection type {} for PRIMARY KEY column '{name}'",
            type_name(ty)
        )));
    }
    if *ty == CqlType::Counter {
        return Err(CqlError::invalid(format!(
            "counter type is not supported for PRIMARY KEY column '{name}'"
        )));
    }
    if references_duration(ty) {
        return Err(CqlError::invalid(format!(
            "duration type is not supported for PRIMARY KEY column '{name}'"
        )));
    }
    if is_static {
        return Err(CqlError::invalid(format!(
            "Static column '{name}' cannot be part of the PRIMARY KEY"
        )));
    }
    Ok(())
}

/// `WITH CLUSTERING ORDER BY` must name clustering columns, in key order (a prefix).
fn check_clustering_order(stmt: &CreateTable) -> CqlResult<()> {
    if stmt.clustering_order.len() > stmt.clustering.len() {
        return Err(CqlError::invalid(
            "Only clustering columns can be defined in CLUSTERING ORDER directive",
        ));
    }
    for ((given, _), expected) in stmt.clustering_order.iter().zip(&stmt.clustering) {
        if given != expected {
            let listed = stmt.clustering_order.iter().any(|(n, _)| n == expected);
            return Err(CqlError::invalid(if listed {
                format!("The order of columns in the CLUSTERING ORDER directive must match that of the clustering columns ({expected} must appear before {given})")
            } else {
                format!("Missing CLUSTERING ORDER for column {expected}")
            }));
        }
    }
    Ok(())
}

/// Check a declared column type and freeze what Cassandra freezes implicitly (everything
/// nested in a frozen collection or a tuple).
fn prepare_type(ty: &CqlType) -> CqlResult<CqlType> {
    let elements: Vec<&CqlType> = match ty {
        CqlType::List { elem, .. } | CqlType::Set { elem, .. } => vec![elem],
        CqlType::Map { key, value, .. } => vec![key, value],
        CqlType::Tuple(fields) => fields.iter().collect(),
        _ => return Ok(ty.clone()),
    };
    if ty.is_multi_cell() && elements.iter().any(|e| e.is_multi_cell()) {
        return Err(CqlError::invalid(format!(
            "Non-frozen collections are not allowed inside collections: {}",
            type_name(ty)
        )));
    }
    if elements.iter().any(|e| **e == CqlType::Counter) {
        return Err(CqlError::invalid(format!(
            "Counters are not allowed inside collections: {}",
            type_name(ty)
        )));
    }
    match ty {
        CqlType::Set { elem, .. } if references_duration(elem) => {
            return Err(CqlError::invalid(format!(
                "Durations are not allowed inside sets: {}",
                type_name(ty)
            )))
        }
        CqlType::Map { key, .. } if references_duration(key) => {
            return Err(CqlError::invalid(format!(
                "Durations are not allowed as map keys: {}",
                type_name(ty)
            )))
        }
        _ => {}
    }
    Ok(freeze_nested(ty))
}

/// `ty` with every collection nested inside it frozen.
fn freeze_nested(ty: &CqlType) -> CqlType {
    let inner = |t: &CqlType| Box::new(freeze(t));
    match ty {
        CqlType::List { elem, frozen } => CqlType::List {
            elem: inner(elem),
            frozen: *frozen,
        },
        CqlType::Set { elem, frozen } => CqlType::Set {
            elem: inner(elem),
            frozen: *frozen,
        },
        CqlType::Map { key, value, frozen } => CqlType::Map {
            key: inner(key),
            value: inner(value),
            frozen: *frozen,
        },
        CqlType::Tuple(fields) => CqlType::Tuple(fields.iter().map(freeze).collect()),
        other => other.clone(),
    }
}

fn freeze(ty: &CqlType) -> CqlType {
    match freeze_nested(ty) {
        CqlType::List { elem, .. } => CqlType::List { elem, frozen: true },
        CqlType::Set { elem, .. } => CqlType::Set { elem, frozen: true },
        CqlType::Map { key, value, .. } => CqlType::Map {
            key,
            value,
            frozen: true,
        },
        other => other,
    }
}

fn references_duration(ty: &CqlType) -> bool {
    match ty {
        CqlType::Duration => true,
        CqlType::List { elem, .. } | CqlType::Set { elem, .. } => references_duration(elem),
        CqlType::Map { key, value, .. } => references_duration(key) || references_duration(value),
        CqlType::Tuple(fields) => fields.iter().any(references_duration),
        _ => false,
    }
}

/// A new table id: a time-based UUID, as Cassandra's `TableId.generate()`.
pub fn new_table_id() -> Uuid {
    Uuid::now_v1(&[0x72, 0x62, 0x65, 0x6e, 0x63, 0x68])
}
