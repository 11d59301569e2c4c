//! INSERT, UPDATE, DELETE and BATCH.

use super::support::*;
use crate::node::cql::ast::*;

#[test]
fn update_with_markers_only() {
    let u = update("UPDATE t SET v = ? WHERE k = ?");
    assert_eq!(u.table, table(None, "t"));
    assert_eq!(
        u.assignments,
        vec![Assignment::Set {
            column: "v".into(),
            value: bind(0)
        }]
    );
    assert_eq!(u.where_clause, vec![eq("k", bind(1))]);
    assert_eq!(u.condition, None);
    assert_eq!(u.using, Using::default());
}

#[test]
fn insert_using_ttl_marker() {
    let i = insert("INSERT INTO ks.t (k, v) VALUES (?, ?) USING TTL ?");
    assert_eq!(i.table, table(Some("ks"), "t"));
    assert_eq!(i.columns, vec!["k", "v"]);
    assert_eq!(i.values, vec![bind(0), bind(1)]);
    assert_eq!(i.using.ttl, Some(bind(2)));
    assert_eq!(i.using.timestamp, None);
    assert!(!i.if_not_exists);
}

#[test]
fn insert_if_not_exists_using_ttl_and_timestamp() {
    let i = insert(
        "insert into T (K, \"V\") values (1, 'a''b') if not exists using ttl 10 and timestamp 1234",
    );
    assert_eq!(i.table, table(None, "t"));
    assert_eq!(i.columns, vec!["k", "V"]);
    assert_eq!(i.values, vec![int("1"), string("a'b")]);
    assert!(i.if_not_exists);
    assert_eq!(i.using.ttl, Some(int("10")));
    assert_eq!(i.using.timestamp, Some(int("1234")));
}

#[test]
fn insert_json_is_rejected_clearly() {
    assert_eq!(
        invalid("INSERT INTO t JSON '{\"k\": 1}'"),
        "INSERT JSON is not supported by the ringbench reference node"
    );
}

#[test]
fn named_markers_are_numbered_with_positional_ones() {
    let u = update("UPDATE t USING TIMESTAMP :ts SET v = :V, w = ? WHERE k = :\"Key\"");
    assert_eq!(u.using.timestamp, Some(named(0, "ts")));
    assert_eq!(
        u.assignments,
        vec![
            Assignment::Set {
                column: "v".into(),
                value: named(1, "v")
            },
            Assignment::Set {
                column: "w".into(),
                value: bind(2)
            },
        ]
    );
    assert_eq!(u.where_clause, vec![eq("k", named(3, "Key"))]);
}

#[test]
fn update_collection_and_counter_operations() {
    let u = update(
        "UPDATE t SET a = a + ?, b = ? + b, c = c - {1}, m[?] = ?, n = n -3, p += 2, q -= [1] \
         WHERE k = 0",
    );
    assert_eq!(
        u.assignments,
        vec![
            Assignment::Add {
                column: "a".into(),
                value: bind(0)
            },
            Assignment::Prepend {
                column: "b".into(),
                value: bind(1)
            },
            Assignment::Subtract {
                column: "c".into(),
                value: Term::Literal(Literal::Set(vec![int("1")]))
            },
            Assignment::SetElement {
                column: "m".into(),
                key: bind(2),
                value: bind(3)
            },
            Assignment::Add {
                column: "n".into(),
                value: int("-3")
            },
            Assignment::Add {
                column: "p".into(),
                value: int("2")
            },
            Assignment::Subtract {
                column: "q".into(),
                value: Term::Literal(Literal::List(vec![int("1")]))
            },
        ]
    );
}

#[test]
fn update_expression_must_use_the_same_column() {
    assert_eq!(
        syntax("UPDATE t SET a = b + 1 WHERE k = 0"),
        "Only expressions of the form X = X +<value> are supported."
    );
    assert_eq!(
        syntax("UPDATE t SET a = 1 + b WHERE k = 0"),
        "Only expressions of the form X = <value> + X are supported."
    );
    assert_eq!(
        syntax("UPDATE t SET a = b -1 WHERE k = 0"),
        "Only expressions of the form X = X - <value> are supported."
    );
}

#[test]
fn update_setting_a_column_twice_is_rejected() {
    assert_eq!(
        syntax("UPDATE t SET a = 1, a = 2 WHERE k = 0"),
        "Multiple incompatible setting of column a"
    );
    // Several additions to one column are compatible.
    let u = update("UPDATE t SET s = s + {1}, s = s + {2} WHERE k = 0");
    assert_eq!(u.assignments.len(), 2);
}

#[test]
fn update_function_call_values() {
    let u = update("UPDATE t SET ts = toTimestamp(now()), id = uuid() WHERE k = 1");
    assert_eq!(
        u.assignments,
        vec![
            Assignment::Set {
                column: "ts".into(),
                value: Term::Function {
                    name: "totimestamp".into(),
                    args: vec![Term::Function {
                        name: "now".into(),
                        args: vec![]
                    }]
                }
            },
            Assignment::Set {
                column: "id".into(),
                value: Term::Function {
                    name: "uuid".into(),
                    args: vec![]
                }
            },
        ]
    );
}

#[test]
fn update_conditions() {
    let u = update("UPDATE t SET v = 1 WHERE k = 0 IF EXISTS");
    assert_eq!(u.condition, Some(Condition::Exists));
    let u = update("UPDATE t SET v = 1 WHERE k = 0 IF v = 2 AND m['a'] != ? AND w IN (1, 2)");
    assert_eq!(
        u.condition,
        Some(Condition::Columns(vec![
            ColumnCondition {
                column: "v".into(),
                element: None,
                op: Operator::Eq,
                value: RelationValue::Term(int("2")),
            },
            ColumnCondition {
                column: "m".into(),
                element: Some(string("a")),
                op: Operator::Ne,
                value: RelationValue::Term(bind(0)),
            },
            ColumnCondition {
                column: "w".into(),
                element: None,
                op: Operator::In,
                value: RelationValue::List(vec![int("1"), int("2")]),
            },
        ]))
    );
    // A column may be called `exists`.
    let u = update("UPDATE t SET v = 1 WHERE k = 0 IF exists = true");
    assert!(matches!(u.condition, Some(Condition::Columns(ref c)) if c[0].column == "exists"));
}

#[test]
fn delete_forms() {
    let d = delete("DELETE FROM ks.t WHERE k = ?");
    assert_eq!(d.table, table(Some("ks"), "t"));
    assert!(d.columns.is_empty());
    assert_eq!(d.timestamp, None);
    assert_eq!(d.where_clause, vec![eq("k", bind(0))]);

    let d = delete("DELETE v, m[?] FROM t USING TIMESTAMP 5 WHERE k = ? IF v = 3");
    assert_eq!(
        d.columns,
        vec![
            DeleteTarget {
                column: "v".into(),
                element: None
            },
            DeleteTarget {
                column: "m".into(),
                element: Some(bind(0))
            },
        ]
    );
    assert_eq!(d.timestamp, Some(int("5")));
    assert_eq!(d.where_clause, vec![eq("k", bind(1))]);
    assert!(matches!(d.condition, Some(Condition::Columns(_))));

    assert_eq!(
        delete("DELETE FROM t WHERE k = 1 IF EXISTS").condition,
        Some(Condition::Exists)
    );
}

#[test]
fn delete_rejects_ttl() {
    assert_eq!(
        syntax("DELETE FROM t USING TTL 5 WHERE k = 1"),
        "line 1:20 mismatched input 'TTL' expecting K_TIMESTAMP (DELETE FROM t USING [TTL]...)"
    );
}

#[test]
fn batches() {
    let query = "BEGIN UNLOGGED BATCH USING TIMESTAMP ? \
                 INSERT INTO t (k, v) VALUES (?, ?); \
                 UPDATE t SET v = ? WHERE k = ? \
                 DELETE FROM t WHERE k = ?; \
                 APPLY BATCH;";
    let Statement::Batch(batch) = ok(query) else {
        panic!("not a batch")
    };
    assert_eq!(batch.kind, BatchKind::Unlogged);
    assert_eq!(batch.timestamp, Some(bind(0)));
    assert_eq!(batch.statements.len(), 3);
    let Statement::Delete(last) = &batch.statements[2] else {
        panic!("third statement is not a DELETE")
    };
    assert_eq!(last.where_clause, vec![eq("k", bind(5))]);

    let Statement::Batch(batch) =
        ok("begin counter batch update c set n = n + 1 where k = 1 apply batch")
    else {
        panic!("not a batch")
    };
    assert_eq!(batch.kind, BatchKind::Counter);
    let Statement::Batch(batch) = ok("BEGIN BATCH APPLY BATCH") else {
        panic!("not a batch")
    };
    assert_eq!(batch.kind, BatchKind::Logged);
    assert!(batch.statements.is_empty());
}

#[test]
fn batch_errors() {
    assert_eq!(
        syntax("BEGIN BATCH SELECT * FROM t APPLY BATCH"),
        "line 1:12 mismatched input 'SELECT' expecting K_APPLY (BEGIN BATCH [SELECT]...)"
    );
    assert_eq!(
        invalid("BEGIN BATCH USING TTL 5 INSERT INTO t (k) VALUES (1) APPLY BATCH"),
        "Global TTL on the BATCH statement is not supported."
    );
}
