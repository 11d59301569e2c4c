//! CREATE KEYSPACE / CREATE TABLE statements exactly as Cassandra 4.1's DESCRIBE writes them
//! (`KeyspaceMetadata.toCqlString`, `TableMetadata.appendCqlTo`, `TableParams.appendCqlTo`):
//! cqlsh prints them verbatim and users paste them back, so spacing, option order and quoting
//! are Cassandra's. Virtual keyspaces and tables are shown inside a warning comment.

use crate::node::cql::ast::{Order, PropertyValue};
use crate::node::types::type_name;

use super::cql_text::{format_map, maybe_quote, quote_string};
use super::options::{OptionKind, TABLE_OPTIONS};
use super::replication::display_class;
use super::{Column, ColumnKind, Keyspace, Table};
use crate::node::system::is_virtual_keyspace;

/// `CREATE KEYSPACE ks WITH replication = {...}  AND durable_writes = true;`
pub fn keyspace_cql(keyspace: &Keyspace) -> String {
    let name = maybe_quote(&keyspace.name);
    if is_virtual_keyspace(&keyspace.name) {
        return format!("/*\nWarning: Keyspace {name} is a virtual keyspace and cannot be recreated with CQL.\nStructure, for reference:\nVIRTUAL KEYSPACE {name};\n*/");
    }
    let class = keyspace
        .replication
        .get("class")
        .map_or("", |c| display_class(c));
    let mut replication = format!("{{'class': {}", quote_string(class));
    for (k, v) in keyspace.replication.iter().filter(|(k, _)| *k != "class") {
        replication.push_str(&format!(", {}: {}", quote_string(k), quote_string(v)));
    }
    replication.push('}');
    format!(
        "CREATE KEYSPACE {name} WITH replication = {replication}  AND durable_writes = {};",
        keyspace.durable_writes
    )
}

/// `ks.t` with each part quoted if needed (`TableMetadata.toString`).
pub fn qualified_name(table: &Table) -> String {
    format!(
        "{}.{}",
        maybe_quote(&table.keyspace),
        maybe_quote(&table.name)
    )
}

/// The CREATE TABLE statement of `table`; `with_internals` adds `ID = ...`.
pub fn table_cql(table: &Table, with_internals: bool) -> String {
    let name = qualified_name(table);
    let is_virtual = is_virtual_keyspace(&table.keyspace);
    let mut out = String::new();
    if is_virtual {
        out.push_str(&format!("/*\nWarning: Table {name} is a virtual table and cannot be recreated with CQL.\nStructure, for reference:\nVIRTUAL TABLE {name} (\n"));
    } else {
        out.push_str(&format!("CREATE TABLE {name} (\n"));
    }
    let single_key = table.partition_key_len == 1 && table.clustering_len == 0;
    let columns = table.create_order();
    let count = columns.len();
    for (i, column) in columns.into_iter().enumerate() {
        out.push_str("    ");
        out.push_str(&column_cql(column));
        if single_key && column.kind == ColumnKind::PartitionKey {
            out.push_str(" PRIMARY KEY");
        }
        if !single_key || i + 1 < count {
            out.push(',');
        }
        out.push('\n');
    }
    if !single_key {
        out.push_str(&format!("    {}\n", primary_key(table)));
    }
    out.push_str(") WITH ");
    out.push_str(&table_options(table, with_internals, is_virtual).join("\n    AND "));
    out.push(';');
    if is_virtual {
        out.push_str("\n*/");
    }
    out
}

fn column_cql(column: &Column) -> String {
    let mut text = format!("{} {}", maybe_quote(&column.name), type_name(&column.ty));
    if column.kind == ColumnKind::Static {
        text.push_str(" static");
    }
    text
}

/// `PRIMARY KEY ((a, b), c, d)` / `PRIMARY KEY (a, c)`.
fn primary_key(table: &Table) -> String {
    let names = |cols: &[Column]| -> Vec<String> {
        cols.iter()
            .map(|c| maybe_quote(&c.name).into_owned())
            .collect()
    };
    let pk = names(table.partition_key());
    let mut parts = vec![if pk.len() > 1 {
        format!("({})", pk.join(", "))
    } else {
        pk.join("")
    }];
    parts.extend(names(table.clustering()));
    format!("PRIMARY KEY ({})", parts.join(", "))
}

/// The `WITH` clauses, one per line: internals, clustering order, then the options.
fn table_options(table: &Table, with_internals: bool, is_virtual: bool) -> Vec<String> {
    let mut clauses = Vec::new();
    if with_internals {
        clauses.push(format!("ID = {}", table.id));
    }
    if table.clustering_len > 0 {
        let order: Vec<String> = table
            .clustering()
            .iter()
            .map(|c| {
                let dir = if c.order == Order::Desc {
                    "DESC"
                } else {
                    "ASC"
                };
                format!("{} {dir}", maybe_quote(&c.name))
            })
            .collect();
        clauses.push(format!("CLUSTERING ORDER BY ({})", order.join(", ")));
    }
    for (name, kind) in TABLE_OPTIONS {
        if is_virtual && *name != super::options::COMMENT {
            continue;
        }
        if let Some(value) = table.options.get(*name) {
            clauses.push(format!("{name} = {}", option_cql(value, *kind)));
        }
    }
    clauses
}

fn option_cql(value: &PropertyValue, kind: OptionKind) -> String {
    match (value, kind) {
        (PropertyValue::Constant(v), OptionKind::Text) => quote_string(v),
        (PropertyValue::Constant(v), _) => v.clone(),
        (PropertyValue::Map(entries), OptionKind::BlobMap) => {
            let hex: Vec<(String, String)> = entries
                .iter()
                .map(|(k, v)| {
                    let bytes: String = v.bytes().map(|b| format!("{b:02x}")).collect();
                    (k.clone(), format!("0x{bytes}"))
                })
                .collect();
            format_map(hex.iter().map(|(k, v)| (k.as_str(), v.as_str())), false)
        }
        (PropertyValue::Map(entries), _) => {
            format_map(entries.iter().map(|(k, v)| (k.as_str(), v.as_str())), true)
        }
    }
}

#[cfg(test)]
mod tests;
