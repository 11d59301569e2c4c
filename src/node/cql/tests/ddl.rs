//! Keyspace and table DDL, USE, TRUNCATE, types, and the statements this node rejects.

use super::support::*;
use crate::node::cql::ast::*;
use crate::node::types::CqlType;

fn constant(text: &str) -> PropertyValue {
    PropertyValue::Constant(text.to_string())
}

fn column_type(query: &str) -> CqlType {
    create_table(query).columns[1].ty.clone()
}

#[test]
fn create_keyspace() {
    let Statement::CreateKeyspace(ks) = ok("CREATE KEYSPACE IF NOT EXISTS Ks WITH replication = \
         {'class': 'SimpleStrategy', 'replication_factor': 3} AND durable_writes = false;")
    else {
        panic!("not CREATE KEYSPACE")
    };
    assert_eq!(ks.name, "ks");
    assert!(ks.if_not_exists);
    assert_eq!(
        ks.properties,
        vec![
            (
                "replication".to_string(),
                PropertyValue::Map(vec![
                    ("class".into(), "SimpleStrategy".into()),
                    ("replication_factor".into(), "3".into()),
                ])
            ),
            ("durable_writes".to_string(), constant("false")),
        ]
    );
}

#[test]
fn alter_and_drop_keyspace() {
    let Statement::AlterKeyspace(alter) = ok(
        "ALTER KEYSPACE \"MyKs\" WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}",
    ) else {
        panic!("not ALTER KEYSPACE")
    };
    assert_eq!(alter.name, "MyKs");
    assert_eq!(
        ok("DROP KEYSPACE IF EXISTS ks"),
        Statement::DropKeyspace {
            name: "ks".into(),
            if_exists: true
        }
    );
    assert_eq!(
        ok("drop schema ks"),
        Statement::DropKeyspace {
            name: "ks".into(),
            if_exists: false
        }
    );
}

#[test]
fn property_errors() {
    assert_eq!(
        syntax("CREATE KEYSPACE ks WITH durable_writes = true AND durable_writes = false"),
        "Multiple definition for property 'durable_writes'"
    );
    assert_eq!(
        syntax("CREATE KEYSPACE ks WITH replication = {'a': 1, 'a': 2}"),
        "Multiple definition for property a"
    );
    assert_eq!(
        syntax("CREATE KEYSPACE ks WITH replication = {'class': ?}"),
        "Invalid property value: ? for property: replication (bind variables are not supported \
         in DDL queries)"
    );
    assert_eq!(
        syntax("CREATE KEYSPACE ? WITH replication = {}"),
        "Bind variables cannot be used for keyspace names"
    );
}

#[test]
fn create_table_full() {
    let t = create_table(
        "CREATE TABLE IF NOT EXISTS ks.events (\n  day date,\n  bucket int,\n  ts timeuuid,\n  \
         seq int,\n  owner text STATIC,\n  payload blob,\n  PRIMARY KEY ((day, bucket), ts, seq)\n\
         ) WITH CLUSTERING ORDER BY (ts DESC, seq ASC) AND comment = 'x' \
         AND compaction = {'class': 'LeveledCompactionStrategy'} AND gc_grace_seconds = 10;",
    );
    assert_eq!(t.table, table(Some("ks"), "events"));
    assert!(t.if_not_exists);
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["day", "bucket", "ts", "seq", "owner", "payload"]);
    assert_eq!(t.columns[0].ty, CqlType::Date);
    assert_eq!(t.columns[2].ty, CqlType::TimeUuid);
    assert!(t.columns[4].is_static && !t.columns[3].is_static);
    assert_eq!(t.partition_key, vec!["day", "bucket"]);
    assert_eq!(t.clustering, vec!["ts", "seq"]);
    assert_eq!(
        t.clustering_order,
        vec![("ts".into(), Order::Desc), ("seq".into(), Order::Asc)]
    );
    assert!(!t.compact_storage);
    assert_eq!(
        t.properties,
        vec![
            ("comment".to_string(), constant("x")),
            (
                "compaction".to_string(),
                PropertyValue::Map(vec![("class".into(), "LeveledCompactionStrategy".into())])
            ),
            ("gc_grace_seconds".to_string(), constant("10")),
        ]
    );
}

#[test]
fn create_table_inline_key_and_synonyms() {
    let t =
        create_table("CREATE COLUMNFAMILY t (k int PRIMARY KEY, v text, ) WITH COMPACT STORAGE");
    assert_eq!(t.table, table(None, "t"));
    assert_eq!(t.partition_key, vec!["k"]);
    assert!(t.clustering.is_empty());
    assert!(t.compact_storage);
    assert_eq!(t.columns[1].ty, CqlType::Text);
    let t = create_table("CREATE TABLE t (k int, c int, PRIMARY KEY (k, c))");
    assert_eq!(t.partition_key, vec!["k"]);
    assert_eq!(t.clustering, vec!["c"]);
}

#[test]
fn create_table_key_errors() {
    assert_eq!(
        invalid("CREATE TABLE ks.t (k int PRIMARY KEY, v int, PRIMARY KEY (v))"),
        "Multiple PRIMARY KEY specified for table 'ks.t' (exactly one required)"
    );
    assert_eq!(
        invalid("CREATE TABLE t (k int, v int)"),
        "No PRIMARY KEY specifed for table 't' (exactly one required)"
    );
    assert_eq!(
        invalid("CREATE TABLE t (k int PRIMARY KEY, k text)"),
        "Duplicate column 'k' declaration for table 't'"
    );
    assert_eq!(
        invalid("CREATE TABLE t (k int, c int, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c ASC, c DESC)"),
        "Duplicate column 'c' in CLUSTERING ORDER BY clause for table 't'"
    );
}

#[test]
fn types() {
    let q = |ty: &str| format!("CREATE TABLE t (k int PRIMARY KEY, v {ty})");
    let list = |elem, frozen| CqlType::List {
        elem: Box::new(elem),
        frozen,
    };
    assert_eq!(column_type(&q("VARCHAR")), CqlType::Text);
    assert_eq!(
        column_type(&q("list<bigint>")),
        list(CqlType::BigInt, false)
    );
    assert_eq!(
        column_type(&q("frozen<list<list<int>>>")),
        list(list(CqlType::Int, true), true)
    );
    assert_eq!(
        column_type(&q("map<text, frozen<set<uuid>>>")),
        CqlType::Map {
            key: Box::new(CqlType::Text),
            value: Box::new(CqlType::Set {
                elem: Box::new(CqlType::Uuid),
                frozen: true
            }),
            frozen: false
        }
    );
    assert_eq!(
        column_type(&q("tuple<int, list<text>, duration>")),
        CqlType::Tuple(vec![
            CqlType::Int,
            list(CqlType::Text, true),
            CqlType::Duration
        ])
    );
    for (name, ty) in [
        ("ascii", CqlType::Ascii),
        ("blob", CqlType::Blob),
        ("boolean", CqlType::Boolean),
        ("tinyint", CqlType::TinyInt),
        ("smallint", CqlType::SmallInt),
        ("varint", CqlType::Varint),
        ("float", CqlType::Float),
        ("double", CqlType::Double),
        ("decimal", CqlType::Decimal),
        ("timestamp", CqlType::Timestamp),
        ("time", CqlType::Time),
        ("inet", CqlType::Inet),
        ("counter", CqlType::Counter),
    ] {
        assert_eq!(column_type(&q(name)), ty, "type {name}");
    }
}

#[test]
fn type_errors() {
    let q = |ty: &str| format!("CREATE TABLE ks.t (k int PRIMARY KEY, v {ty})");
    assert_eq!(invalid(&q("mytype")), "Unknown type ks.mytype");
    assert_eq!(invalid(&q("other.mytype")), "Unknown type other.mytype");
    assert_eq!(
        invalid(&q("list<list<int>>")),
        "Non-frozen collections are not allowed inside collections: list<list<int>>"
    );
    assert_eq!(
        invalid(&q("set<counter>")),
        "Counters are not allowed inside collections: set<counter>"
    );
    assert_eq!(
        syntax(&q("frozen<int>")),
        "frozen<> is only allowed on collections, tuples, and user-defined types (got int)"
    );
    assert_eq!(syntax(&q("byte")), "Invalid (reserved) user type name byte");
    // A syntax error later in the statement wins over the unknown type.
    assert!(syntax(&format!("{} WITH", q("mytype"))).starts_with("line 0:-1"));
}

#[test]
fn use_truncate_drop_table() {
    assert_eq!(
        ok("USE \"Ks\""),
        Statement::Use {
            keyspace: "Ks".into()
        }
    );
    assert_eq!(
        ok("use KS;"),
        Statement::Use {
            keyspace: "ks".into()
        }
    );
    for query in [
        "TRUNCATE ks.t",
        "TRUNCATE TABLE ks.t",
        "truncate columnfamily ks.t",
    ] {
        assert_eq!(
            ok(query),
            Statement::Truncate {
                table: table(Some("ks"), "t")
            }
        );
    }
    assert_eq!(
        ok("DROP TABLE IF EXISTS t"),
        Statement::DropTable {
            table: table(None, "t"),
            if_exists: true
        }
    );
}

#[test]
fn unsupported_statements() {
    let cases = [
        ("CREATE INDEX ON t (v)", "CREATE INDEX"),
        ("CREATE CUSTOM INDEX i ON t (v) USING 'x'", "CREATE INDEX"),
        ("CREATE TYPE address (street text)", "CREATE TYPE"),
        (
            "CREATE OR REPLACE FUNCTION f () RETURNS NULL ON NULL INPUT",
            "CREATE FUNCTION",
        ),
        (
            "CREATE OR REPLACE AGGREGATE a (int) SFUNC f STYPE int",
            "CREATE AGGREGATE",
        ),
        (
            "CREATE MATERIALIZED VIEW v AS SELECT * FROM t",
            "CREATE MATERIALIZED VIEW",
        ),
        ("CREATE ROLE r WITH LOGIN = true", "CREATE ROLE"),
        ("CREATE USER u WITH PASSWORD 'p'", "CREATE USER"),
        ("ALTER TABLE t ADD v int", "ALTER TABLE"),
        ("ALTER TYPE address ADD zip int", "ALTER TYPE"),
        ("DROP INDEX i", "DROP INDEX"),
        ("DROP MATERIALIZED VIEW v", "DROP MATERIALIZED VIEW"),
        ("GRANT SELECT ON ALL KEYSPACES TO r", "GRANT"),
        ("REVOKE SELECT ON ks.t FROM r", "REVOKE"),
        ("LIST ROLES", "LIST ROLES"),
        ("LIST ALL PERMISSIONS", "LIST PERMISSIONS"),
    ];
    for (query, name) in cases {
        assert_eq!(
            invalid(query),
            format!("{name} is not supported by the ringbench reference node"),
            "for {query}"
        );
    }
}
