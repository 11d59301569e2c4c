//! Server-side DESCRIBE (Cassandra 4.0+; cqlsh sends DESCRIBE to the server verbatim).
//!
//! Listings (KEYSPACES, TABLES, TYPES, FUNCTIONS, AGGREGATES) answer rows of
//! `keyspace_name, type, name`; element descriptions (KEYSPACE, TABLE, SCHEMA, a bare name)
//! add `create_statement`; CLUSTER answers `cluster, partitioner, snitch` and, when a user
//! keyspace is in use, `range_ownership`. Names are quoted when CQL needs it and sorted
//! case-insensitively, as `DescribeStatement` does. Errors carry its messages.

use std::cmp::Ordering;

use crate::node::cluster::ClusterState;
use crate::node::cql::ast::{Describe, DescribeTarget, QualifiedName};
use crate::node::error::{CqlError, CqlResult};
use crate::node::exec::{ColumnSpec, Outcome, ResultRows};
use crate::node::system::is_system_keyspace;
use crate::node::types::CqlType;

use super::cql_text::maybe_quote;
use super::describe_cluster::cluster_rows;
use super::describe_cql::{keyspace_cql, table_cql};
use super::{Keyspace, Schema, Table};

type Row = Vec<Option<Vec<u8>>>;

/// Answer a DESCRIBE statement; `keyspace` is the session keyspace.
pub fn execute(
    cluster: &ClusterState,
    keyspace: Option<&str>,
    describe: &Describe,
) -> CqlResult<Outcome> {
    if describe.target == DescribeTarget::Cluster {
        let (columns, rows) = cluster_rows(cluster, keyspace)?;
        return Ok(rows_outcome(columns, rows));
    }
    let schema = cluster
        .schema
        .read()
        .map_err(|_| CqlError::Server("schema lock poisoned".into()))?;
    let internals = describe.with_internals;
    let (listing, rows) = match &describe.target {
        DescribeTarget::Keyspaces => (
            true,
            sorted_keyspaces(&schema).map(keyspace_entry).collect(),
        ),
        DescribeTarget::Tables => (
            true,
            listing(&schema, keyspace, |k| tables(k).map(table_entry).collect())?,
        ),
        DescribeTarget::Types | DescribeTarget::Functions | DescribeTarget::Aggregates => {
            (true, listing(&schema, keyspace, |_| Vec::new())?)
        }
        DescribeTarget::Schema { full } => {
            let keyspaces =
                sorted_keyspaces(&schema).filter(|k| *full || !is_system_keyspace(&k.name));
            (
                false,
                keyspaces
                    .flat_map(|k| keyspace_elements(k, internals))
                    .collect(),
            )
        }
        DescribeTarget::Keyspace { name, only } => {
            let ks = element_keyspace(&schema, name.as_deref().or(keyspace))?;
            let rows = if *only {
                vec![keyspace_element(ks)]
            } else {
                keyspace_elements(ks, internals)
            };
            (false, rows)
        }
        DescribeTarget::Table(name) => (
            false,
            vec![table_element(
                describe_table(&schema, keyspace, name)?,
                internals,
            )],
        ),
        DescribeTarget::Name(name) => (false, describe_name(&schema, keyspace, name, internals)?),
        DescribeTarget::Cluster => (false, Vec::new()),
    };
    let mut names = vec!["keyspace_name", "type", "name"];
    if !listing {
        names.push("create_statement");
    }
    let columns = names
        .into_iter()
        .map(|n| text_column(n, CqlType::Text))
        .collect();
    Ok(rows_outcome(columns, rows))
}

pub(super) fn rows_outcome(columns: Vec<ColumnSpec>, rows: Vec<Row>) -> Outcome {
    Outcome::Rows(ResultRows {
        columns,
        rows,
        paging_state: None,
        metadata_changed: false,
    })
}

/// A result column of the pseudo table `system.describe`.
pub(super) fn text_column(name: &str, ty: CqlType) -> ColumnSpec {
    ColumnSpec {
        keyspace: "system".into(),
        table: "describe".into(),
        name: name.into(),
        ty,
    }
}

/// `SchemaElement.NAME_COMPARATOR`: case-insensitive.
fn by_name(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

fn sorted_keyspaces(schema: &Schema) -> impl Iterator<Item = &Keyspace> {
    let mut all: Vec<&Keyspace> = schema.keyspaces.values().collect();
    all.sort_by(|a, b| by_name(&a.name, &b.name));
    all.into_iter()
}

fn tables(keyspace: &Keyspace) -> impl Iterator<Item = &Table> {
    let mut all: Vec<&Table> = keyspace.tables.values().map(|t| t.as_ref()).collect();
    all.sort_by(|a, b| by_name(&a.name, &b.name));
    all.into_iter()
}

/// A listing over the session keyspace, or over every keyspace when there is none.
fn listing(
    schema: &Schema,
    session: Option<&str>,
    entries: impl Fn(&Keyspace) -> Vec<Row>,
) -> CqlResult<Vec<Row>> {
    Ok(match session {
        Some(ks) => entries(find_keyspace(schema, ks)?),
        None => sorted_keyspaces(schema).flat_map(entries).collect(),
    })
}

fn find_keyspace<'a>(schema: &'a Schema, name: &str) -> CqlResult<&'a Keyspace> {
    schema
        .keyspaces
        .get(name)
        .ok_or_else(|| CqlError::invalid(format!("'{name}' not found in keyspaces")))
}

/// The keyspace an element statement describes: the named one, else the session's.
fn element_keyspace<'a>(schema: &'a Schema, name: Option<&str>) -> CqlResult<&'a Keyspace> {
    let name =
        name.ok_or_else(|| CqlError::invalid("No keyspace specified and no current keyspace"))?;
    find_keyspace(schema, name)
}

fn describe_table<'a>(
    schema: &'a Schema,
    session: Option<&str>,
    name: &QualifiedName,
) -> CqlResult<&'a Table> {
    let ks = element_keyspace(schema, name.keyspace.as_deref().or(session))?;
    ks.tables
        .get(&name.name)
        .map(|t| t.as_ref())
        .ok_or_else(|| {
            CqlError::invalid(format!(
                "Table '{}' not found in keyspace '{}'",
                name.name, ks.name
            ))
        })
}

/// `DESCRIBE name`: a keyspace if one has that name, else a table of the keyspace.
fn describe_name(
    schema: &Schema,
    session: Option<&str>,
    name: &QualifiedName,
    internals: bool,
) -> CqlResult<Vec<Row>> {
    let ks_name = match &name.keyspace {
        Some(ks) => ks.as_str(),
        None => {
            if let Some(ks) = schema.keyspaces.get(&name.name) {
                return Ok(keyspace_elements(ks, internals));
            }
            session.unwrap_or(&name.name)
        }
    };
    let ks = find_keyspace(schema, ks_name)?;
    match ks.tables.get(&name.name) {
        Some(table) => Ok(vec![table_element(table, internals)]),
        None => Err(CqlError::invalid(format!(
            "'{}' not found in keyspace '{}'",
            name.name, ks.name
        ))),
    }
}

/// The keyspace's CREATE statement followed by its tables'.
fn keyspace_elements(keyspace: &Keyspace, internals: bool) -> Vec<Row> {
    std::iter::once(keyspace_element(keyspace))
        .chain(tables(keyspace).map(|t| table_element(t, internals)))
        .collect()
}

fn entry(keyspace: &str, kind: &str, name: &str) -> Row {
    vec![
        Some(maybe_quote(keyspace).as_bytes().to_vec()),
        Some(kind.as_bytes().to_vec()),
        Some(maybe_quote(name).as_bytes().to_vec()),
    ]
}

fn keyspace_entry(keyspace: &Keyspace) -> Row {
    entry(&keyspace.name, "keyspace", &keyspace.name)
}

fn table_entry(table: &Table) -> Row {
    entry(&table.keyspace, "table", &table.name)
}

fn keyspace_element(keyspace: &Keyspace) -> Row {
    let mut row = keyspace_entry(keyspace);
    row.push(Some(keyspace_cql(keyspace).into_bytes()));
    row
}

fn table_element(table: &Table, internals: bool) -> Row {
    let mut row = table_entry(table);
    row.push(Some(table_cql(table, internals).into_bytes()));
    row
}
