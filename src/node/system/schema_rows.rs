//! Rows of `system_schema.*` and `system_virtual_schema.*`, derived from the live [`Schema`].
//!
//! Every keyspace appears, system ones included (drivers need the system tables' columns to
//! decode and cqlsh to print them); virtual keyspaces appear only in
//! `system_virtual_schema`, as in Cassandra. Tables we have no such objects for (types,
//! functions, aggregates, views, indexes, triggers, dropped columns) are empty.

use crate::node::cql::ast::{Order, PropertyValue};
use crate::node::schema::options::{OptionKind, CDC, TABLE_OPTIONS};
use crate::node::schema::{Column, ColumnKind, Schema, Table};
use crate::node::types::type_name;

use super::defs::is_virtual_keyspace;
use super::local::NamedCells;
use super::value;

/// Rows of the `system_schema` table `name`.
pub fn system_schema(schema: &Schema, name: &str) -> Vec<NamedCells> {
    let real = || {
        schema
            .keyspaces
            .values()
            .filter(|k| !is_virtual_keyspace(&k.name))
    };
    match name {
        "keyspaces" => real()
            .map(|k| {
                vec![
                    ("keyspace_name", value::text(&k.name)),
                    ("durable_writes", value::boolean(k.durable_writes)),
                    ("replication", value::text_map(&k.replication)),
                ]
            })
            .collect(),
        "tables" => real()
            .flat_map(|k| k.tables.values())
            .map(|t| table_row(t))
            .collect(),
        "columns" => real()
            .flat_map(|k| k.tables.values())
            .flat_map(|t| t.columns.iter().map(move |c| column_row(t, c)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Rows of the `system_virtual_schema` table `name`.
pub fn virtual_schema(schema: &Schema, name: &str) -> Vec<NamedCells> {
    let virtual_keyspaces = || {
        schema
            .keyspaces
            .values()
            .filter(|k| is_virtual_keyspace(&k.name))
    };
    match name {
        "keyspaces" => virtual_keyspaces()
            .map(|k| vec![("keyspace_name", value::text(&k.name))])
            .collect(),
        "tables" => virtual_keyspaces()
            .flat_map(|k| k.tables.values())
            .map(|t| {
                vec![
                    ("keyspace_name", value::text(&t.keyspace)),
                    ("table_name", value::text(&t.name)),
                    (
                        "comment",
                        value::text(t.option_text("comment").unwrap_or("")),
                    ),
                ]
            })
            .collect(),
        "columns" => virtual_keyspaces()
            .flat_map(|k| k.tables.values())
            .flat_map(|t| t.columns.iter().map(move |c| column_row(t, c)))
            .collect(),
        _ => Vec::new(),
    }
}

fn table_row(table: &Table) -> NamedCells {
    let mut row = vec![
        ("keyspace_name", value::text(&table.keyspace)),
        ("table_name", value::text(&table.name)),
        ("id", value::uuid(table.id)),
        ("flags", value::text_collection(flags(table))),
        ("dclocal_read_repair_chance", value::double(0.0)),
        ("read_repair_chance", value::double(0.0)),
    ];
    for (name, kind) in TABLE_OPTIONS {
        // Cassandra only writes `cdc` when CDC is enabled in cassandra.yaml (it is not).
        if *name == CDC {
            row.push((name, None));
            continue;
        }
        row.push((name, option_cell(table.options.get(*name), *kind)));
    }
    row
}

/// `TableMetadata.Flag`s of a CQL table: always `compound`, plus `counter`.
fn flags(table: &Table) -> Vec<&'static str> {
    if table.is_counter() {
        vec!["compound", "counter"]
    } else {
        vec!["compound"]
    }
}

fn option_cell(value: Option<&PropertyValue>, kind: OptionKind) -> value::Cell {
    match (value?, kind) {
        (PropertyValue::Constant(v), OptionKind::Text) => value::text(v.as_str()),
        (PropertyValue::Constant(v), OptionKind::Double) => value::double(v.parse().ok()?),
        (PropertyValue::Constant(v), OptionKind::Int) => value::int(v.parse().ok()?),
        (PropertyValue::Constant(v), OptionKind::Boolean) => value::boolean(v == "true"),
        (PropertyValue::Map(entries), OptionKind::Map | OptionKind::BlobMap) => {
            let mut sorted: Vec<&(String, String)> = entries.iter().collect();
            sorted.sort();
            value::text_map(sorted.into_iter().map(|(k, v)| (k, v.as_bytes())))
        }
        _ => None,
    }
}

fn column_row(table: &Table, column: &Column) -> NamedCells {
    let (kind, order) = match column.kind {
        ColumnKind::PartitionKey => ("partition_key", "none"),
        ColumnKind::Clustering if column.order == Order::Desc => ("clustering", "desc"),
        ColumnKind::Clustering => ("clustering", "asc"),
        ColumnKind::Regular => ("regular", "none"),
        ColumnKind::Static => ("static", "none"),
    };
    vec![
        ("keyspace_name", value::text(&table.keyspace)),
        ("table_name", value::text(&table.name)),
        ("column_name", value::text(&column.name)),
        ("clustering_order", value::text(order)),
        ("column_name_bytes", value::blob(column.name.as_bytes())),
        ("kind", value::text(kind)),
        ("position", value::int(column.position)),
        ("type", value::text(&type_name(&column.ty))),
    ]
}
