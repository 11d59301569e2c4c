//! Tests of collection and tuple literals.

use super::*;
use crate::node::cql::ast::{BindMarker, Literal};
use crate::node::types::{encode_tuple, evaluate_for_column};

fn lit(literal: Literal) -> Term {
    Term::Literal(literal)
}

fn int(v: &str) -> Term {
    lit(Literal::Integer(v.into()))
}

fn text(v: &str) -> Term {
    lit(Literal::String(v.into()))
}

fn marker(index: usize) -> Term {
    Term::Bind(BindMarker { index, name: None })
}

fn ib(v: i32) -> Vec<u8> {
    v.to_be_bytes().to_vec()
}

fn list_of(elem: CqlType) -> CqlType {
    CqlType::List {
        elem: Box::new(elem),
        frozen: false,
    }
}

fn set_of(elem: CqlType, frozen: bool) -> CqlType {
    CqlType::Set {
        elem: Box::new(elem),
        frozen,
    }
}

fn text_to_int() -> CqlType {
    CqlType::Map {
        key: Box::new(CqlType::Text),
        value: Box::new(CqlType::Int),
        frozen: false,
    }
}

fn eval(ty: &CqlType, literal: Literal, bound: &[BoundValue]) -> CqlResult<BoundValue> {
    evaluate_for_column("k", ty, &lit(literal), bound)
}

fn msg(ty: &CqlType, literal: Literal) -> String {
    match eval(ty, literal, &[]) {
        Err(CqlError::Invalid(m)) => m,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn lists() {
    let ty = list_of(CqlType::Int);
    assert_eq!(
        eval(&ty, Literal::List(vec![int("2"), int("1"), int("2")]), &[]),
        Ok(BoundValue::Value(encode_collection(&[ib(2), ib(1), ib(2)])))
    );
    assert_eq!(
        eval(&ty, Literal::List(vec![]), &[]),
        Ok(BoundValue::Value(encode_collection(&[])))
    );
    assert_eq!(
        msg(&ty, Literal::List(vec![int("1"), text("a")])),
        "Invalid list literal for k: value 'a' is not of type int"
    );
    assert_eq!(
        msg(&ty, Literal::List(vec![lit(Literal::Null)])),
        "null is not supported inside collections"
    );
    assert_eq!(
        msg(&ty, Literal::List(vec![int("99999999999")])),
        "Unable to make int from '99999999999'"
    );
    assert_eq!(
        msg(&set_of(CqlType::Int, false), Literal::List(vec![int("1")])),
        "Invalid list literal for k of type set<int>"
    );
    let with_unset = Literal::List(vec![int("1"), marker(0)]);
    assert_eq!(
        eval(&ty, with_unset, &[BoundValue::Unset]),
        Ok(BoundValue::Unset)
    );
    let with_marker = Literal::List(vec![marker(0)]);
    assert_eq!(
        eval(&ty, with_marker, &[BoundValue::Value(ib(5))]),
        Ok(BoundValue::Value(encode_collection(&[ib(5)])))
    );
}

#[test]
fn sets_are_sorted_and_deduplicated() {
    let ty = set_of(CqlType::Int, false);
    assert_eq!(
        eval(&ty, Literal::Set(vec![int("3"), int("-1"), int("3")]), &[]),
        Ok(BoundValue::Value(encode_collection(&[ib(-1), ib(3)])))
    );
    assert_eq!(
        msg(&ty, Literal::Set(vec![text("a")])),
        "Invalid set literal for k: value 'a' is not of type int"
    );
    assert_eq!(
        msg(&CqlType::Int, Literal::Set(vec![int("1")])),
        "Invalid set literal for k of type int"
    );
    // `{}` is an empty set or an empty map, whichever the column is.
    assert_eq!(
        eval(&ty, Literal::Map(vec![]), &[]),
        Ok(BoundValue::Value(encode_collection(&[])))
    );
    assert_eq!(
        eval(&text_to_int(), Literal::Map(vec![]), &[]),
        Ok(BoundValue::Value(encode_map(&[])))
    );
    assert_eq!(
        msg(&list_of(CqlType::Int), Literal::Map(vec![])),
        "Invalid set literal for k of type list<int>"
    );
}

#[test]
fn maps_sorted_by_key_last_value_wins() {
    let ty = text_to_int();
    let entries = vec![
        (text("b"), int("1")),
        (text("a"), int("2")),
        (text("b"), int("3")),
    ];
    assert_eq!(
        eval(&ty, Literal::Map(entries), &[]),
        Ok(BoundValue::Value(encode_map(&[
            (b"a".to_vec(), ib(2)),
            (b"b".to_vec(), ib(3))
        ])))
    );
    assert_eq!(
        msg(&ty, Literal::Map(vec![(int("1"), int("1"))])),
        "Invalid map literal for k: key 1 is not of type text"
    );
    assert_eq!(
        msg(&ty, Literal::Map(vec![(text("a"), text("x"))])),
        "Invalid map literal for k: value 'x' is not of type int"
    );
    assert_eq!(
        msg(&CqlType::Int, Literal::Map(vec![(int("1"), int("1"))])),
        "Invalid map literal for k of type int"
    );
    assert_eq!(
        msg(&ty, Literal::Map(vec![(text("a"), lit(Literal::Null))])),
        "null is not supported inside collections"
    );
    let unset_key = Literal::Map(vec![(marker(0), int("1"))]);
    assert_eq!(
        match eval(&ty, unset_key, &[BoundValue::Unset]) {
            Err(CqlError::Invalid(m)) => m,
            other => format!("{other:?}"),
        },
        "unset value is not supported for map keys"
    );
    let unset_value = Literal::Map(vec![(text("a"), marker(0))]);
    assert_eq!(
        eval(&ty, unset_value, &[BoundValue::Unset]),
        Ok(BoundValue::Unset)
    );
}

#[test]
fn tuples() {
    let ty = CqlType::Tuple(vec![CqlType::Int, CqlType::Text]);
    assert_eq!(
        eval(&ty, Literal::Tuple(vec![int("1"), text("a")]), &[]),
        Ok(BoundValue::Value(encode_tuple(&[
            Some(ib(1)),
            Some(b"a".to_vec())
        ])))
    );
    assert_eq!(
        eval(&ty, Literal::Tuple(vec![int("1"), lit(Literal::Null)]), &[]),
        Ok(BoundValue::Value(encode_tuple(&[Some(ib(1)), None])))
    );
    assert_eq!(
        msg(&ty, Literal::Tuple(vec![int("1"), text("a"), int("2")])),
        "Invalid tuple literal for k: too many elements. \
         Type frozen<tuple<int, text>> expects 2 but got 3"
    );
    assert_eq!(
        msg(&ty, Literal::Tuple(vec![text("a"), int("1")])),
        "Invalid tuple literal for k: component 0 is not of type int"
    );
    assert_eq!(
        msg(&CqlType::Int, Literal::Tuple(vec![int("1"), int("2")])),
        "Invalid tuple type literal for k of type int"
    );
    let unset = Literal::Tuple(vec![int("1"), marker(0)]);
    assert_eq!(
        match eval(&ty, unset, &[BoundValue::Unset]) {
            Err(CqlError::Invalid(m)) => m,
            other => format!("{other:?}"),
        },
        "Invalid unset value for tuple field number 1"
    );
}

#[test]
fn nested_collections() {
    let ty = list_of(set_of(CqlType::Int, true));
    let literal = Literal::List(vec![lit(Literal::Set(vec![int("2"), int("1")]))]);
    let inner = encode_collection(&[ib(1), ib(2)]);
    assert_eq!(
        eval(&ty, literal, &[]),
        Ok(BoundValue::Value(encode_collection(&[inner])))
    );
    let nested_lists = CqlType::List {
        elem: Box::new(CqlType::List {
            elem: Box::new(CqlType::Int),
            frozen: true,
        }),
        frozen: false,
    };
    let bad = Literal::List(vec![lit(Literal::List(vec![text("a")]))]);
    assert_eq!(
        msg(&nested_lists, bad),
        "Invalid list literal for k: value ['a'] is not of type frozen<list<int>>"
    );
}

#[test]
fn normalize_leaves_scalars_and_empty_values_alone() {
    assert_eq!(normalize(&CqlType::Int, &ib(3)), Ok(ib(3)));
    assert_eq!(normalize(&set_of(CqlType::Int, true), &[]), Ok(vec![]));
    let garbage = [0, 0, 0, 2, 0];
    assert!(normalize(&set_of(CqlType::Int, true), &garbage).is_err());
}
