//! Definitions of the system keyspaces and of the system tables clients read, with Cassandra
//! 4.1's names, column names and column types (`SystemKeyspace`, `SchemaKeyspace`,
//! `AuthKeyspace`, `TraceKeyspace`, `SystemViewsKeyspace`, `VirtualSchemaKeyspace`).
//!
//! Drivers index system rows by column name and decode them by the declared type, so these
//! must match Cassandra exactly; `system_schema.tables` / `columns` describe these tables too,
//! because cqlsh refuses to print a `SELECT` from a table missing in the driver's metadata.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::node::cql::ast::Order;
use crate::node::schema::options::{self, OptionKind, TABLE_OPTIONS};
use crate::node::schema::{name_based_uuid, Keyspace, Table, TableLayout};
use crate::node::types::{parse_type_name, CqlType};

type Columns = &'static [(&'static str, &'static str)];

/// One system table: key columns in key order, other columns in any order.
struct Spec {
    name: &'static str,
    comment: &'static str,
    partition_key: Columns,
    clustering: Columns,
    regular: Columns,
}

const fn spec(
    name: &'static str,
    comment: &'static str,
    partition_key: Columns,
    clustering: Columns,
    regular: Columns,
) -> Spec {
    Spec {
        name,
        comment,
        partition_key,
        clustering,
        regular,
    }
}

const MAP_TEXT: &str = "frozen<map<text, text>>";
const LIST_TEXT: &str = "frozen<list<text>>";
const KS: Columns = &[("keyspace_name", "text")];
const PEERS_COMMENT: &str = "information about known peers in the cluster";

#[rustfmt::skip]
const SYSTEM: &[Spec] = &[
    spec("local", "information about the local node", &[("key", "text")], &[], &[
        ("bootstrapped", "text"), ("broadcast_address", "inet"), ("broadcast_port", "int"),
        ("cluster_name", "text"), ("cql_version", "text"), ("data_center", "text"),
        ("gossip_generation", "int"), ("host_id", "uuid"), ("listen_address", "inet"),
        ("listen_port", "int"), ("native_protocol_version", "text"), ("partitioner", "text"),
        ("rack", "text"), ("release_version", "text"), ("rpc_address", "inet"),
        ("rpc_port", "int"), ("schema_version", "uuid"), ("tokens", "set<text>"),
        ("truncated_at", "map<uuid, blob>"),
    ]),
    spec("peers", PEERS_COMMENT, &[("peer", "inet")], &[], &[
        ("data_center", "text"), ("host_id", "uuid"), ("preferred_ip", "inet"),
        ("rack", "text"), ("release_version", "text"), ("rpc_address", "inet"),
        ("schema_version", "uuid"), ("tokens", "set<text>"),
    ]),
    spec("peers_v2", PEERS_COMMENT, &[("peer", "inet")], &[("peer_port", "int")], &[
        ("data_center", "text"), ("host_id", "uuid"), ("native_address", "inet"),
        ("native_port", "int"), ("preferred_ip", "inet"), ("preferred_port", "int"),
        ("rack", "text"), ("release_version", "text"), ("schema_version", "uuid"),
        ("tokens", "set<text>"),
    ]),
];

#[rustfmt::skip]
const SYSTEM_SCHEMA: &[Spec] = &[
    spec("keyspaces", "keyspace definitions", KS, &[], &[
        ("durable_writes", "boolean"), ("replication", MAP_TEXT),
    ]),
    // The option columns of `tables` and `views` are added from TABLE_OPTIONS.
    spec("tables", "table definitions", KS, &[("table_name", "text")], &[
        ("flags", "frozen<set<text>>"), ("id", "uuid"),
    ]),
    spec("columns", "column definitions", KS, &[("table_name", "text"), ("column_name", "text")], &[
        ("clustering_order", "text"), ("column_name_bytes", "blob"), ("kind", "text"),
        ("position", "int"), ("type", "text"),
    ]),
    spec("dropped_columns", "dropped column registry", KS, &[("table_name", "text"), ("column_name", "text")], &[
        ("dropped_time", "timestamp"), ("kind", "text"), ("type", "text"),
    ]),
    spec("triggers", "trigger definitions", KS, &[("table_name", "text"), ("trigger_name", "text")], &[
        ("options", MAP_TEXT),
    ]),
    spec("views", "view definitions", KS, &[("view_name", "text")], &[
        ("base_table_id", "uuid"), ("base_table_name", "text"), ("where_clause", "text"),
        ("id", "uuid"), ("include_all_columns", "boolean"),
    ]),
    spec("types", "user defined type definitions", KS, &[("type_name", "text")], &[
        ("field_names", LIST_TEXT), ("field_types", LIST_TEXT),
    ]),
    spec("functions", "user defined function definitions", KS, &[("function_name", "text"), ("argument_types", LIST_TEXT)], &[
        ("argument_names", LIST_TEXT), ("body", "text"), ("called_on_null_input", "boolean"),
        ("language", "text"), ("return_type", "text"),
    ]),
    spec("aggregates", "user defined aggregate definitions", KS, &[("aggregate_name", "text"), ("argument_types", LIST_TEXT)], &[
        ("final_func", "text"), ("initcond", "text"), ("return_type", "text"),
        ("state_func", "text"), ("state_type", "text"),
    ]),
    spec("indexes", "secondary index definitions", KS, &[("table_name", "text"), ("index_name", "text")], &[
        ("kind", "text"), ("options", MAP_TEXT),
    ]),
];

#[rustfmt::skip]
const SYSTEM_AUTH: &[Spec] = &[
    spec("roles", "role definitions", &[("role", "text")], &[], &[
        ("can_login", "boolean"), ("is_superuser", "boolean"), ("member_of", "set<text>"),
        ("salted_hash", "text"),
    ]),
    spec("role_members", "role memberships lookup table", &[("role", "text")], &[("member", "text")], &[]),
    spec("role_permissions", "permissions granted to db roles", &[("role", "text")], &[("resource", "text")], &[
        ("permissions", "set<text>"),
    ]),
    spec("resource_role_permissons_index", "index of db roles with permissions granted on a resource", &[("resource", "text")], &[("role", "text")], &[]),
    spec("network_permissions", "user network permissions", &[("role", "text")], &[], &[
        ("dcs", "frozen<set<text>>"),
    ]),
];

#[rustfmt::skip]
const SYSTEM_TRACES: &[Spec] = &[
    spec("sessions", "tracing sessions", &[("session_id", "uuid")], &[], &[
        ("client", "inet"), ("command", "text"), ("coordinator", "inet"),
        ("coordinator_port", "int"), ("duration", "int"), ("parameters", "map<text, text>"),
        ("request", "text"), ("started_at", "timestamp"),
    ]),
    spec("events", "tracing events", &[("session_id", "uuid")], &[("event_id", "timeuuid")], &[
        ("activity", "text"), ("source", "inet"), ("source_elapsed", "int"),
        ("source_port", "int"), ("thread", "text"),
    ]),
];

#[rustfmt::skip]
const SYSTEM_VIEWS: &[Spec] = &[
    spec("settings", "current settings", &[("name", "text")], &[], &[("value", "text")]),
    spec("ringbench_latency", "ground truth of the performance model: modelled server-side latency per node and request class",
        &[("node", "inet")], &[("class", "text")], &[
        ("count", "bigint"), ("failures", "bigint"), ("mean_us", "double"), ("p50_us", "bigint"),
        ("p90_us", "bigint"), ("p99_us", "bigint"), ("p999_us", "bigint"), ("max_us", "bigint"),
    ]),
];

#[rustfmt::skip]
const SYSTEM_VIRTUAL_SCHEMA: &[Spec] = &[
    spec("keyspaces", "virtual keyspace definitions", KS, &[], &[]),
    spec("tables", "virtual table definitions", KS, &[("table_name", "text")], &[
        ("comment", "text"),
    ]),
    spec("columns", "virtual column definitions", KS, &[("table_name", "text"), ("column_name", "text")], &[
        ("clustering_order", "text"), ("column_name_bytes", "blob"), ("kind", "text"),
        ("position", "int"), ("type", "text"),
    ]),
];

/// The virtual keyspaces: they have no replication and are absent from
/// `system_schema.keyspaces` (they are listed in `system_virtual_schema.keyspaces`).
pub fn is_virtual_keyspace(keyspace: &str) -> bool {
    matches!(keyspace, "system_views" | "system_virtual_schema")
}

/// One system keyspace: replication as Cassandra reports it, tables, their gc grace.
struct KeyspaceSpec {
    name: &'static str,
    replication: Columns,
    tables: &'static [Spec],
    gc_grace_seconds: i32,
}

const LOCAL: Columns = &[("class", "org.apache.cassandra.locator.LocalStrategy")];
const SIMPLE: &str = "org.apache.cassandra.locator.SimpleStrategy";

#[rustfmt::skip]
const KEYSPACES: &[KeyspaceSpec] = &[
    KeyspaceSpec { name: "system", replication: LOCAL, tables: SYSTEM, gc_grace_seconds: 0 },
    KeyspaceSpec { name: "system_schema", replication: LOCAL, tables: SYSTEM_SCHEMA, gc_grace_seconds: 604_800 },
    KeyspaceSpec { name: "system_auth", replication: &[("class", SIMPLE), ("replication_factor", "1")], tables: SYSTEM_AUTH, gc_grace_seconds: 7_776_000 },
    KeyspaceSpec { name: "system_distributed", replication: &[("class", SIMPLE), ("replication_factor", "3")], tables: &[], gc_grace_seconds: 864_000 },
    KeyspaceSpec { name: "system_traces", replication: &[("class", SIMPLE), ("replication_factor", "2")], tables: SYSTEM_TRACES, gc_grace_seconds: 0 },
    KeyspaceSpec { name: "system_views", replication: &[], tables: SYSTEM_VIEWS, gc_grace_seconds: 0 },
    KeyspaceSpec { name: "system_virtual_schema", replication: &[], tables: SYSTEM_VIRTUAL_SCHEMA, gc_grace_seconds: 0 },
];

/// Every system keyspace with its tables, by name.
pub fn keyspace_definitions() -> BTreeMap<String, Keyspace> {
    KEYSPACES
        .iter()
        .map(|ks| {
            let tables = ks
                .tables
                .iter()
                .map(|s| {
                    let table = build(ks.name, s, ks.gc_grace_seconds);
                    (s.name.to_string(), Arc::new(table))
                })
                .collect();
            let keyspace = Keyspace {
                name: ks.name.to_string(),
                replication: ks
                    .replication
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                durable_writes: true,
                tables,
            };
            (ks.name.to_string(), keyspace)
        })
        .collect()
}

fn build(keyspace: &str, spec: &Spec, gc_grace: i32) -> Table {
    let typed = |cols: Columns| -> Vec<(String, CqlType)> {
        cols.iter().map(|(n, t)| (n.to_string(), ty(t))).collect()
    };
    let mut regulars = typed(spec.regular);
    if keyspace == "system_schema" && matches!(spec.name, "tables" | "views") {
        regulars.extend(option_columns());
    }
    let layout = TableLayout {
        partition_key: typed(spec.partition_key),
        clustering: typed(spec.clustering)
            .into_iter()
            .map(|(n, t)| (n, t, Order::Asc))
            .collect(),
        statics: Vec::new(),
        regulars,
    };
    let options = if is_virtual_keyspace(keyspace) {
        BTreeMap::from([(
            options::COMMENT.to_string(),
            crate::node::cql::ast::PropertyValue::Constant(spec.comment.to_string()),
        )])
    } else {
        options::system_table(spec.comment, gc_grace)
    };
    let id = name_based_uuid(format!("{keyspace}{}", spec.name).as_bytes());
    layout.into_table(keyspace, spec.name, id, options)
}

/// The table-option columns of `system_schema.tables` / `views`, plus the two read repair
/// chances Cassandra still writes as 0.0 "for drivers' sake".
fn option_columns() -> Vec<(String, CqlType)> {
    let mut cols: Vec<(String, CqlType)> = TABLE_OPTIONS
        .iter()
        .map(|(name, kind)| {
            let t = match kind {
                OptionKind::Text => "text",
                OptionKind::Double => "double",
                OptionKind::Int => "int",
                OptionKind::Boolean => "boolean",
                OptionKind::Map => MAP_TEXT,
                OptionKind::BlobMap => "frozen<map<text, blob>>",
            };
            (name.to_string(), ty(t))
        })
        .collect();
    for name in ["dclocal_read_repair_chance", "read_repair_chance"] {
        cols.push((name.to_string(), CqlType::Double));
    }
    cols
}

/// A type written in this file; they are all valid CQL types (a unit test parses them all).
fn ty(name: &str) -> CqlType {
    parse_type_name(name).unwrap_or(CqlType::Blob)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_type_parses() {
        for specs in [
            SYSTEM,
            SYSTEM_SCHEMA,
            SYSTEM_AUTH,
            SYSTEM_TRACES,
            SYSTEM_VIEWS,
            SYSTEM_VIRTUAL_SCHEMA,
        ] {
            for s in specs {
                for (col, t) in s.partition_key.iter().chain(s.clustering).chain(s.regular) {
                    assert!(parse_type_name(t).is_ok(), "{}.{col}: {t}", s.name);
                }
            }
        }
    }

    #[test]
    fn system_local_has_cassandra_columns_in_select_order() {
        let ks = keyspace_definitions();
        let local = &ks["system"].tables["local"];
        let names: Vec<&str> = local.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names.first(), Some(&"key"));
        assert_eq!(names.last(), Some(&"truncated_at"));
        assert_eq!(names.len(), 20);
        let tables = &ks["system_schema"].tables["tables"];
        assert!(tables.column("memtable").is_some());
        assert!(tables.column("flags").is_some());
        assert_eq!(tables.columns.len(), 2 + 2 + TABLE_OPTIONS.len() + 2);
    }
}
