//! Constants, collections, tuples, markers, function calls and casts, seen through INSERT
//! VALUES.

use super::support::*;
use crate::node::cql::ast::*;
use crate::node::types::CqlType;

/// The single value of `INSERT INTO t (v) VALUES (<term>)`.
fn value(term: &str) -> Term {
    let mut values = insert(&format!("INSERT INTO t (v) VALUES ({term})")).values;
    assert_eq!(values.len(), 1, "for {term}");
    values.remove(0)
}

fn literal(term: &str) -> Literal {
    match value(term) {
        Term::Literal(literal) => literal,
        other => panic!("expected a literal for {term}, got {other:?}"),
    }
}

#[test]
fn constants() {
    assert_eq!(literal("'it''s'"), Literal::String("it's".into()));
    assert_eq!(
        literal("$$a 'quoted' $ text$$"),
        Literal::String("a 'quoted' $ text".into())
    );
    assert_eq!(literal("''"), Literal::String(String::new()));
    assert_eq!(literal("-17"), Literal::Integer("-17".into()));
    assert_eq!(literal("3.25"), Literal::Float("3.25".into()));
    assert_eq!(literal("-1.5E-3"), Literal::Float("-1.5E-3".into()));
    assert_eq!(literal("NaN"), Literal::Float("NaN".into()));
    assert_eq!(literal("-nan"), Literal::Float("NaN".into()));
    assert_eq!(literal("Infinity"), Literal::Float("Infinity".into()));
    assert_eq!(literal("-Infinity"), Literal::Float("-Infinity".into()));
    assert_eq!(literal("TRUE"), Literal::Bool(true));
    assert_eq!(literal("false"), Literal::Bool(false));
    assert_eq!(literal("null"), Literal::Null);
    assert_eq!(literal("0xCAfe01"), Literal::Blob(vec![0xca, 0xfe, 0x01]));
    assert_eq!(literal("0x"), Literal::Blob(vec![]));
    let id = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
    assert_eq!(
        literal(id),
        Literal::Uuid(uuid::Uuid::parse_str(id).unwrap_or_default())
    );
}

#[test]
fn odd_blob_is_invalid() {
    assert_eq!(
        invalid("INSERT INTO t (v) VALUES (0xabc)"),
        "cannot parse 'abc' as hex bytes"
    );
}

#[test]
fn durations() {
    for text in [
        "12h30m",
        "1y2mo3w4d5h6m7s8ms9us10ns",
        "-3d",
        "P1Y2M3DT4H5M6S",
        "PT1H",
        "P2W",
        "P0001-02-03T04:05:06",
        "1µs",
    ] {
        assert_eq!(literal(text), Literal::Duration(text.into()), "for {text}");
    }
}

#[test]
fn collections_and_tuples() {
    assert_eq!(literal("[1, 2]"), Literal::List(vec![int("1"), int("2")]));
    assert_eq!(literal("[]"), Literal::List(vec![]));
    assert_eq!(
        literal("{'a', ?}"),
        Literal::Set(vec![string("a"), bind(0)])
    );
    assert_eq!(literal("{}"), Literal::Map(vec![]));
    assert_eq!(
        literal("{'a': 1, 'b': [2]}"),
        Literal::Map(vec![
            (string("a"), int("1")),
            (string("b"), Term::Literal(Literal::List(vec![int("2")]))),
        ])
    );
    assert_eq!(
        literal("(1, 'x', (2, 3))"),
        Literal::Tuple(vec![
            int("1"),
            string("x"),
            Term::Literal(Literal::Tuple(vec![int("2"), int("3")])),
        ])
    );
}

#[test]
fn casts_and_functions() {
    assert_eq!(
        value("(int) ?"),
        Term::Cast {
            ty: CqlType::Int,
            term: Box::new(bind(0))
        }
    );
    assert_eq!(
        value("(list<text>) ['a']"),
        Term::Cast {
            ty: CqlType::List {
                elem: Box::new(CqlType::Text),
                frozen: false
            },
            term: Box::new(Term::Literal(Literal::List(vec![string("a")])))
        }
    );
    assert_eq!(
        value("system.now()"),
        Term::Function {
            name: "system.now".into(),
            args: vec![]
        }
    );
    assert_eq!(
        value("\"MyFunc\"(1, ?)"),
        Term::Function {
            name: "MyFunc".into(),
            args: vec![int("1"), bind(0)]
        }
    );
    // A parenthesised function call is a tuple, not a cast to a user type.
    assert_eq!(
        literal("(now(), 1)"),
        Literal::Tuple(vec![
            Term::Function {
                name: "now".into(),
                args: vec![]
            },
            int("1")
        ])
    );
    assert_eq!(
        invalid("INSERT INTO t (v) VALUES ((mytype) ?)"),
        "Unknown type mytype"
    );
}

#[test]
fn user_type_literals_are_unsupported() {
    assert_eq!(
        invalid("INSERT INTO t (v) VALUES ({street: 'x', zip: 1})"),
        "User-defined type literal is not supported by the ringbench reference node"
    );
}
