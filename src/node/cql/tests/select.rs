//! SELECT: selectors, WHERE relations, ordering, limits, and the queries drivers send.

use super::support::*;
use crate::node::cql::ast::*;

fn column(name: &str) -> Selector {
    Selector {
        expr: SelectorExpr::Column(name.to_string()),
        alias: None,
    }
}

#[test]
fn limit_marker() {
    let s = select("SELECT * FROM t WHERE k = ? LIMIT ?");
    assert_eq!(s.selection, Selection::Wildcard);
    assert_eq!(s.where_clause, vec![eq("k", bind(0))]);
    assert_eq!(s.limit, Some(bind(1)));
    assert_eq!(s.per_partition_limit, None);
    assert!(!s.allow_filtering && !s.json && !s.distinct);
}

#[test]
fn in_marker_and_in_list() {
    let s = select("SELECT * FROM t WHERE k IN ? AND c IN (1, 2, ?)");
    assert_eq!(
        s.where_clause,
        vec![
            Relation {
                target: RelationTarget::Column("k".into()),
                op: Operator::In,
                value: RelationValue::Term(bind(0)),
            },
            Relation {
                target: RelationTarget::Column("c".into()),
                op: Operator::In,
                value: RelationValue::List(vec![int("1"), int("2"), bind(1)]),
            },
        ]
    );
}

#[test]
fn order_by_several_columns() {
    let s = select("SELECT * FROM t WHERE k = 1 ORDER BY c1 DESC, c2 ASC, c3");
    assert_eq!(
        s.order_by,
        vec![
            ("c1".to_string(), Order::Desc),
            ("c2".to_string(), Order::Asc),
            ("c3".to_string(), Order::Asc),
        ]
    );
}

#[test]
fn all_clauses() {
    let s = select(
        "SELECT DISTINCT k FROM ks.t WHERE k > 1 AND c <= 2 AND d != 3 AND e < 4 AND f >= 5 \
         GROUP BY k, c ORDER BY c PER PARTITION LIMIT 2 LIMIT 10 ALLOW FILTERING",
    );
    assert!(s.distinct);
    assert_eq!(s.table, table(Some("ks"), "t"));
    let ops: Vec<Operator> = s.where_clause.iter().map(|r| r.op).collect();
    assert_eq!(
        ops,
        vec![
            Operator::Gt,
            Operator::Le,
            Operator::Ne,
            Operator::Lt,
            Operator::Ge
        ]
    );
    assert_eq!(s.group_by, vec!["k", "c"]);
    assert_eq!(s.per_partition_limit, Some(int("2")));
    assert_eq!(s.limit, Some(int("10")));
    assert!(s.allow_filtering);
}

#[test]
fn selectors() {
    let s = select(
        "SELECT k AS \"Key\", COUNT(*), count(1), TTL(v), writetime(v), toJson(v), \
         token(k), max(v) AS m, now(), 42, ? FROM t",
    );
    let Selection::Selectors(selectors) = s.selection else {
        panic!("not selectors")
    };
    let exprs: Vec<SelectorExpr> = selectors.iter().map(|s| s.expr.clone()).collect();
    let col = |n: &str| SelectorExpr::Column(n.to_string());
    let func = |n: &str, args| SelectorExpr::Function {
        name: n.to_string(),
        args,
    };
    assert_eq!(
        exprs,
        vec![
            col("k"),
            SelectorExpr::CountAll,
            SelectorExpr::CountAll,
            SelectorExpr::Ttl("v".into()),
            SelectorExpr::WriteTime("v".into()),
            func("tojson", vec![col("v")]),
            func("token", vec![col("k")]),
            func("max", vec![col("v")]),
            func("now", vec![]),
            SelectorExpr::Term(int("42")),
            SelectorExpr::Term(bind(0)),
        ]
    );
    assert_eq!(selectors[0].alias.as_deref(), Some("Key"));
    assert_eq!(selectors[7].alias.as_deref(), Some("m"));
}

#[test]
fn keywords_as_column_names() {
    let s = select("SELECT key, type, count, ttl, values, timestamp, json, distinct FROM t");
    let Selection::Selectors(selectors) = s.selection else {
        panic!("not selectors")
    };
    let names = [
        "key",
        "type",
        "count",
        "ttl",
        "values",
        "timestamp",
        "json",
        "distinct",
    ];
    assert_eq!(selectors, names.map(column).to_vec());
    assert!(!s.json && !s.distinct);
}

#[test]
fn json_and_distinct_modifiers() {
    let s = select("SELECT JSON * FROM t");
    assert!(s.json);
    assert_eq!(s.selection, Selection::Wildcard);
    let s = select("SELECT JSON DISTINCT k, v FROM t");
    assert!(s.json && s.distinct);
    let s = select("SELECT json FROM t");
    assert!(!s.json);
    assert_eq!(s.selection, Selection::Selectors(vec![column("json")]));
    let s = select("SELECT distinct, json FROM t");
    assert!(!s.json && !s.distinct);
}

#[test]
fn multi_column_and_token_relations() {
    let s = select(
        "SELECT * FROM t WHERE token(a, b) > ? AND (c1, c2) >= (1, ?) AND (c1, c2) < ? \
         AND (c1, c2) IN ((1, 2), (3, 4)) AND (c1) IN ? AND (c1, c2) IN (?, ?) AND (c2) IN ()",
    );
    let w = &s.where_clause;
    assert_eq!(
        w[0].target,
        RelationTarget::Token(vec!["a".into(), "b".into()])
    );
    assert_eq!(w[0].op, Operator::Gt);
    assert_eq!(*term_of(&w[0].value), bind(0));
    assert_eq!(
        w[1].target,
        RelationTarget::Tuple(vec!["c1".into(), "c2".into()])
    );
    assert_eq!(
        *term_of(&w[1].value),
        Term::Literal(Literal::Tuple(vec![int("1"), bind(1)]))
    );
    assert_eq!(*term_of(&w[2].value), bind(2));
    let tuple = |a: &str, b: &str| Term::Literal(Literal::Tuple(vec![int(a), int(b)]));
    assert_eq!(
        w[3].value,
        RelationValue::List(vec![tuple("1", "2"), tuple("3", "4")])
    );
    assert_eq!(w[4].target, RelationTarget::Tuple(vec!["c1".into()]));
    assert_eq!(w[4].value, RelationValue::Term(bind(3)));
    assert_eq!(w[5].value, RelationValue::List(vec![bind(4), bind(5)]));
    assert_eq!(w[6].value, RelationValue::List(vec![]));
}

#[test]
fn contains_and_parenthesised_relations() {
    let s = select("SELECT * FROM t WHERE (s CONTAINS 1) AND m CONTAINS KEY 'a' ALLOW FILTERING");
    assert_eq!(s.where_clause[0].op, Operator::Contains);
    assert_eq!(s.where_clause[1].op, Operator::ContainsKey);
    assert_eq!(*term_of(&s.where_clause[1].value), string("a"));
}

#[test]
fn driver_queries() {
    let s = select("SELECT * FROM system.local WHERE key='local'");
    assert_eq!(s.table, table(Some("system"), "local"));
    assert_eq!(s.where_clause, vec![eq("key", string("local"))]);

    let s = select(
        "SELECT peer, data_center, host_id, preferred_ip, rack, release_version, rpc_address, \
         schema_version, tokens FROM system.peers",
    );
    assert_eq!(s.table, table(Some("system"), "peers"));
    let Selection::Selectors(selectors) = s.selection else {
        panic!("not selectors")
    };
    assert_eq!(selectors.len(), 9);
    assert_eq!(selectors[8], column("tokens"));

    let s = select(
        "SELECT keyspace_name, table_name, column_name, clustering_order, column_name_bytes, \
         kind, position, type FROM system_schema.columns",
    );
    let Selection::Selectors(selectors) = s.selection else {
        panic!("not selectors")
    };
    let names = [
        "keyspace_name",
        "table_name",
        "column_name",
        "clustering_order",
        "column_name_bytes",
        "kind",
        "position",
        "type",
    ];
    assert_eq!(selectors, names.map(column).to_vec());

    let s = select("SELECT * FROM system_schema.keyspaces WHERE keyspace_name = 'ks'");
    assert_eq!(s.where_clause, vec![eq("keyspace_name", string("ks"))]);

    let s = select("select * from system_schema.tables where keyspace_name IN ('a', 'b')");
    assert_eq!(s.table, table(Some("system_schema"), "tables"));
}

#[test]
fn scylla_driver_metadata_queries() {
    // Queries the scylla Rust driver 1.9 sends while fetching topology and schema.
    let queries = [
        "SELECT host_id, rpc_address, data_center, rack, tokens FROM system.peers",
        "SELECT host_id, rpc_address, data_center, rack, tokens, cluster_name FROM system.local \
         WHERE key='local'",
        "SELECT schema_version FROM system.local WHERE key='local'",
        "SELECT keyspace_name, replication, durable_writes FROM system_schema.keyspaces",
        "SELECT keyspace_name, table_name, column_name, kind, position, type \
         FROM system_schema.columns where keyspace_name in ?",
        "SELECT keyspace_name, type_name, field_names, field_types FROM system_schema.types",
        "SELECT keyspace_name, view_name, base_table_name FROM system_schema.views",
        "SELECT b, WRITETIME(b) FROM tbl",
    ];
    for query in queries {
        let s = select(query);
        assert!(
            s.table.keyspace.is_some() || s.table.name == "tbl",
            "{query}"
        );
    }
    let s = select(queries[4]);
    assert_eq!(s.where_clause[0].op, Operator::In);
    assert_eq!(s.where_clause[0].value, RelationValue::Term(bind(0)));
}

#[test]
fn unsupported_selectors_are_invalid() {
    let message = invalid("SELECT m['a'] FROM t");
    assert!(message.ends_with("is not supported by the ringbench reference node"));
    let message = invalid("SELECT CAST(v AS text) FROM t");
    assert!(message.starts_with("CAST"));
    let message = invalid("SELECT a + b FROM t");
    assert!(message.starts_with("Arithmetic"));
}

#[test]
fn select_syntax_errors() {
    assert_eq!(
        syntax("SELECT * FORM t"),
        "line 1:9 mismatched input 'FORM' expecting K_FROM (SELECT * [FORM]...)"
    );
    assert_eq!(
        syntax("SELECT * FROM t LIMT 5"),
        "line 1:16 mismatched input 'LIMT' expecting EOF (SELECT * FROM t [LIMT]...)"
    );
    assert_eq!(
        syntax("SELECT * FROM t WHERE"),
        "line 0:-1 no viable alternative at input '<EOF>'"
    );
    assert_eq!(
        syntax("SELECT * FROM t ORDER c"),
        "line 1:22 mismatched input 'c' expecting K_BY (SELECT * FROM t ORDER [c])"
    );
}
