//! DESCRIBE / DESC.

use super::support::*;
use crate::node::cql::ast::*;

fn target(query: &str) -> (DescribeTarget, bool) {
    match ok(query) {
        Statement::Describe(d) => (d.target, d.with_internals),
        other => panic!("expected DESCRIBE from {query:?}, got {other:?}"),
    }
}

#[test]
fn describe_targets() {
    use DescribeTarget::*;
    let cases = [
        ("DESCRIBE CLUSTER", Cluster),
        ("DESC KEYSPACES", Keyspaces),
        ("describe tables", Tables),
        ("DESCRIBE COLUMNFAMILIES", Tables),
        ("DESCRIBE TYPES", Types),
        ("DESCRIBE FUNCTIONS", Functions),
        ("DESCRIBE AGGREGATES", Aggregates),
        ("DESCRIBE SCHEMA", Schema { full: false }),
        ("DESCRIBE FULL SCHEMA", Schema { full: true }),
        (
            "DESCRIBE KEYSPACE",
            Keyspace {
                name: None,
                only: false,
            },
        ),
        (
            "DESCRIBE ONLY KEYSPACE Ks",
            Keyspace {
                name: Some("ks".into()),
                only: true,
            },
        ),
        (
            "DESCRIBE KEYSPACE \"Ks\"",
            Keyspace {
                name: Some("Ks".into()),
                only: false,
            },
        ),
        ("DESCRIBE TABLE ks.t", Table(table(Some("ks"), "t"))),
        ("DESC COLUMNFAMILY t", Table(table(None, "t"))),
        ("DESCRIBE ks", Name(table(None, "ks"))),
        ("DESCRIBE ks.t;", Name(table(Some("ks"), "t"))),
        ("DESCRIBE type", Name(table(None, "type"))),
    ];
    for (query, expected) in cases {
        assert_eq!(target(query), (expected, false), "for {query}");
    }
    assert_eq!(
        target("DESCRIBE KEYSPACE ks WITH INTERNALS"),
        (
            Keyspace {
                name: Some("ks".into()),
                only: false
            },
            true
        )
    );
}

#[test]
fn describe_errors() {
    assert_eq!(
        invalid("DESCRIBE INDEX ks.i"),
        "DESCRIBE INDEX is not supported by the ringbench reference node"
    );
    assert_eq!(
        invalid("DESCRIBE TYPE ks.address"),
        "DESCRIBE TYPE is not supported by the ringbench reference node"
    );
    assert_eq!(
        syntax("DESCRIBE FULL KEYSPACE"),
        "line 1:14 mismatched input 'KEYSPACE' expecting K_SCHEMA (DESCRIBE FULL [KEYSPACE])"
    );
    assert_eq!(
        syntax("DESCRIBE"),
        "line 0:-1 no viable alternative at input '<EOF>'"
    );
}
