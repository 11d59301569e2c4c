//! Tests of term evaluation: dispatch, bind markers, casts, messages.

use super::*;
use crate::node::types::{decode_collection, encode_collection, encode_map};

fn lit(literal: Literal) -> Term {
    Term::Literal(literal)
}

fn marker(index: usize) -> Term {
    Term::Bind(BindMarker { index, name: None })
}

fn msg(result: CqlResult<BoundValue>) -> String {
    match result {
        Err(CqlError::Invalid(m)) => m,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn int_bytes(v: i32) -> Vec<u8> {
    v.to_be_bytes().to_vec()
}

#[test]
fn messages_with_and_without_a_column() {
    let foo = lit(Literal::String("foo".into()));
    assert_eq!(
        msg(evaluate(&CqlType::Int, &foo, &[])),
        "Invalid STRING constant (foo) for type int"
    );
    assert_eq!(
        msg(evaluate_for_column("k", &CqlType::Int, &foo, &[])),
        "Invalid STRING constant (foo) for \"k\" of type int"
    );
}

#[test]
fn null_literals() {
    let null = lit(Literal::Null);
    assert_eq!(evaluate(&CqlType::Text, &null, &[]), Ok(BoundValue::Null));
    assert_eq!(
        msg(evaluate(&CqlType::Counter, &null, &[])),
        "Invalid null value for counter increment/decrement"
    );
}

#[test]
fn bind_markers_are_validated() {
    let bound = vec![
        BoundValue::Value(int_bytes(7)),
        BoundValue::Value(vec![1, 2, 3]),
        BoundValue::Null,
        BoundValue::Unset,
    ];
    assert_eq!(
        evaluate(&CqlType::Int, &marker(0), &bound),
        Ok(BoundValue::Value(int_bytes(7)))
    );
    assert_eq!(
        msg(evaluate(&CqlType::Int, &marker(1), &bound)),
        "Expected 4 or 0 byte int (3)"
    );
    assert_eq!(
        evaluate(&CqlType::Int, &marker(2), &bound),
        Ok(BoundValue::Null)
    );
    assert_eq!(
        evaluate(&CqlType::Int, &marker(3), &bound),
        Ok(BoundValue::Unset)
    );
    assert!(msg(evaluate(&CqlType::Int, &marker(4), &bound)).contains("bind marker 4"));
    let named = Term::Bind(BindMarker {
        index: 0,
        name: Some("v".into()),
    });
    assert_eq!(term_text(&named), ":v");
}

#[test]
fn bound_sets_and_maps_are_canonical() {
    let set = CqlType::Set {
        elem: Box::new(CqlType::Int),
        frozen: true,
    };
    let unsorted = encode_collection(&[int_bytes(3), int_bytes(-1), int_bytes(3)]);
    let got = evaluate(&set, &marker(0), &[BoundValue::Value(unsorted)]);
    let expected = encode_collection(&[int_bytes(-1), int_bytes(3)]);
    assert_eq!(got, Ok(BoundValue::Value(expected)));

    let map = CqlType::Map {
        key: Box::new(CqlType::Text),
        value: Box::new(CqlType::Int),
        frozen: false,
    };
    let entries = encode_map(&[
        (b"b".to_vec(), int_bytes(1)),
        (b"a".to_vec(), int_bytes(2)),
        (b"b".to_vec(), int_bytes(3)),
    ]);
    let got = evaluate(&map, &marker(0), &[BoundValue::Value(entries)]);
    let expected = encode_map(&[(b"a".to_vec(), int_bytes(2)), (b"b".to_vec(), int_bytes(3))]);
    assert_eq!(got, Ok(BoundValue::Value(expected)));

    // Lists keep their order and duplicates.
    let list = CqlType::List {
        elem: Box::new(CqlType::Int),
        frozen: false,
    };
    let items = encode_collection(&[int_bytes(3), int_bytes(3), int_bytes(1)]);
    let got = evaluate(&list, &marker(0), &[BoundValue::Value(items.clone())]);
    assert_eq!(got, Ok(BoundValue::Value(items)));
}

#[test]
fn nested_sets_inside_lists_are_sorted_too() {
    let inner = CqlType::Set {
        elem: Box::new(CqlType::Int),
        frozen: true,
    };
    let ty = CqlType::List {
        elem: Box::new(inner),
        frozen: false,
    };
    let unsorted = encode_collection(&[int_bytes(2), int_bytes(1)]);
    let value = encode_collection(&[unsorted]);
    let got = match evaluate(&ty, &marker(0), &[BoundValue::Value(value)]) {
        Ok(BoundValue::Value(v)) => decode_collection(&v).unwrap_or_default(),
        other => panic!("{other:?}"),
    };
    assert_eq!(got, vec![encode_collection(&[int_bytes(1), int_bytes(2)])]);
}

#[test]
fn casts() {
    let a = lit(Literal::String("a".into()));
    let cast = |ty: CqlType, term: Term| Term::Cast {
        ty,
        term: Box::new(term),
    };
    assert_eq!(
        evaluate(&CqlType::Text, &cast(CqlType::Text, a.clone()), &[]),
        Ok(BoundValue::Value(b"a".to_vec()))
    );
    assert_eq!(
        evaluate(&CqlType::Text, &cast(CqlType::Ascii, a.clone()), &[]),
        Ok(BoundValue::Value(b"a".to_vec()))
    );
    assert_eq!(
        evaluate(
            &CqlType::Int,
            &cast(CqlType::Int, marker(0)),
            &[BoundValue::Value(int_bytes(4))]
        ),
        Ok(BoundValue::Value(int_bytes(4)))
    );
    assert_eq!(
        msg(evaluate_for_column(
            "k",
            &CqlType::Int,
            &cast(CqlType::Text, a.clone()),
            &[]
        )),
        "Cannot assign value (text)'a' to k of type int"
    );
    assert_eq!(
        msg(evaluate(&CqlType::Int, &cast(CqlType::Int, a), &[])),
        "Cannot cast value 'a' to type int"
    );
}

#[test]
fn value_compatibility() {
    assert!(value_compatible(&CqlType::Blob, &CqlType::Int));
    assert!(value_compatible(&CqlType::Uuid, &CqlType::TimeUuid));
    assert!(!value_compatible(&CqlType::TimeUuid, &CqlType::Uuid));
    assert!(value_compatible(&CqlType::Text, &CqlType::Ascii));
    assert!(!value_compatible(&CqlType::Ascii, &CqlType::Text));
    assert!(value_compatible(&CqlType::BigInt, &CqlType::Timestamp));
    assert!(!value_compatible(&CqlType::Int, &CqlType::BigInt));
}

#[test]
fn term_texts() {
    let list = lit(Literal::List(vec![
        lit(Literal::Integer("1".into())),
        lit(Literal::String("x".into())),
    ]));
    assert_eq!(term_text(&list), "[1, 'x']");
    let map = lit(Literal::Map(vec![(
        lit(Literal::Bool(true)),
        lit(Literal::Null),
    )]));
    assert_eq!(term_text(&map), "{true: NULL}");
    let call = Term::Function {
        name: "totimestamp".into(),
        args: vec![Term::Function {
            name: "now".into(),
            args: vec![],
        }],
    };
    assert_eq!(term_text(&call), "totimestamp(now())");
}
