//! DESCRIBE text compared with Cassandra 4.1's (expected strings follow the shapes of
//! Cassandra's `DescribeStatementTest`, with 4.1's table options).

use std::collections::BTreeMap;

use uuid::Uuid;

use super::*;
use crate::node::schema::{options, TableLayout};
use crate::node::types::CqlType;

const OPTIONS_4_1: &str = "additional_write_policy = '99p'
    AND bloom_filter_fp_chance = 0.01
    AND caching = {'keys': 'ALL', 'rows_per_partition': 'NONE'}
    AND cdc = false
    AND comment = ''
    AND compaction = {'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy', 'max_threshold': '32', 'min_threshold': '4'}
    AND compression = {'chunk_length_in_kb': '16', 'class': 'org.apache.cassandra.io.compress.LZ4Compressor'}
    AND memtable = 'default'
    AND crc_check_chance = 1.0
    AND default_time_to_live = 0
    AND extensions = {}
    AND gc_grace_seconds = 864000
    AND max_index_interval = 2048
    AND memtable_flush_period_in_ms = 0
    AND min_index_interval = 128
    AND read_repair = 'BLOCKING'
    AND speculative_retry = '99p';";

fn cols(items: &[(&str, CqlType)]) -> Vec<(String, CqlType)> {
    items
        .iter()
        .map(|(n, t)| (n.to_string(), t.clone()))
        .collect()
}

fn table(keyspace: &str, name: &str, layout: TableLayout) -> Table {
    layout.into_table(keyspace, name, Uuid::nil(), options::defaults())
}

#[test]
fn single_column_key_is_inline() {
    let t = table(
        "test",
        "users",
        TableLayout {
            partition_key: cols(&[("userid", CqlType::Text)]),
            regulars: cols(&[
                ("lastname", CqlType::Text),
                ("age", CqlType::Int),
                ("firstname", CqlType::Text),
            ]),
            ..TableLayout::default()
        },
    );
    let expected = format!(
        "CREATE TABLE test.users (\n    userid text PRIMARY KEY,\n    age int,\n    firstname text,\n    lastname text\n) WITH {OPTIONS_4_1}"
    );
    assert_eq!(table_cql(&t, false), expected);
}

#[test]
fn composite_key_clustering_order_statics_and_collections() {
    let list = CqlType::List {
        elem: Box::new(CqlType::Int),
        frozen: false,
    };
    let t = table(
        "ks",
        "Test",
        TableLayout {
            partition_key: cols(&[("pk1", CqlType::Int), ("pk2", CqlType::Int)]),
            clustering: vec![
                ("ck1".into(), CqlType::Int, Order::Asc),
                ("ck2".into(), CqlType::Int, Order::Desc),
            ],
            statics: cols(&[("s", CqlType::Decimal)]),
            regulars: cols(&[
                ("reg2", list),
                ("reg3", CqlType::Int),
                ("reg1", CqlType::Int),
            ]),
        },
    );
    let expected = format!(
        "CREATE TABLE ks.\"Test\" (\n    pk1 int,\n    pk2 int,\n    ck1 int,\n    ck2 int,\n    s decimal static,\n    reg1 int,\n    reg3 int,\n    reg2 list<int>,\n    PRIMARY KEY ((pk1, pk2), ck1, ck2)\n) WITH CLUSTERING ORDER BY (ck1 ASC, ck2 DESC)\n    AND {OPTIONS_4_1}"
    );
    assert_eq!(table_cql(&t, false), expected);
    let with_id = table_cql(&t, true);
    assert!(
        with_id.contains(") WITH ID = 00000000-0000-0000-0000-000000000000\n    AND CLUSTERING ORDER BY (ck1 ASC, ck2 DESC)\n    AND additional_write_policy"),
        "{with_id}"
    );
}

#[test]
fn keyspaces() {
    let ks = Keyspace {
        name: "test".into(),
        replication: BTreeMap::from([
            (
                "class".to_string(),
                "org.apache.cassandra.locator.SimpleStrategy".to_string(),
            ),
            ("replication_factor".to_string(), "1".to_string()),
        ]),
        durable_writes: true,
        tables: BTreeMap::new(),
    };
    assert_eq!(
        keyspace_cql(&ks),
        "CREATE KEYSPACE test WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}  AND durable_writes = true;"
    );
    let virtual_ks = Keyspace {
        name: "system_virtual_schema".into(),
        replication: BTreeMap::new(),
        durable_writes: true,
        tables: BTreeMap::new(),
    };
    assert_eq!(
        keyspace_cql(&virtual_ks),
        "/*\nWarning: Keyspace system_virtual_schema is a virtual keyspace and cannot be recreated with CQL.\nStructure, for reference:\nVIRTUAL KEYSPACE system_virtual_schema;\n*/"
    );
}

#[test]
fn virtual_tables_are_commented_out() {
    let defs = crate::node::system::keyspace_definitions();
    let columns = &defs["system_virtual_schema"].tables["columns"];
    let expected = "/*\nWarning: Table system_virtual_schema.columns is a virtual table and cannot be recreated with CQL.\nStructure, for reference:\nVIRTUAL TABLE system_virtual_schema.columns (\n    keyspace_name text,\n    table_name text,\n    column_name text,\n    clustering_order text,\n    column_name_bytes blob,\n    kind text,\n    position int,\n    type text,\n    PRIMARY KEY (keyspace_name, table_name, column_name)\n) WITH CLUSTERING ORDER BY (table_name ASC, column_name ASC)\n    AND comment = 'virtual column definitions';\n*/";
    assert_eq!(table_cql(columns, false), expected);
}
