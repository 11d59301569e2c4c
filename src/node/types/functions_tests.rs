//! Tests of native function calls.

use super::*;
use crate::node::cql::ast::BindMarker;
use crate::node::types::evaluate_for_column;

fn call(name: &str, args: Vec<Term>) -> Term {
    Term::Function {
        name: name.into(),
        args,
    }
}

fn lit(literal: Literal) -> Term {
    Term::Literal(literal)
}

fn marker() -> Term {
    Term::Bind(BindMarker {
        index: 0,
        name: None,
    })
}

fn cast(ty: CqlType, term: Term) -> Term {
    Term::Cast {
        ty,
        term: Box::new(term),
    }
}

fn eval(ty: &CqlType, term: &Term, bound: &[BoundValue]) -> CqlResult<Vec<u8>> {
    match evaluate_for_column("k", ty, term, bound)? {
        BoundValue::Value(v) => Ok(v),
        other => Err(CqlError::Server(format!("not a value: {other:?}"))),
    }
}

fn msg(ty: &CqlType, term: &Term) -> String {
    match evaluate_for_column("k", ty, term, &[]) {
        Err(CqlError::Invalid(m)) => m,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn long(bytes: &[u8]) -> i64 {
    i64::from_be_bytes(bytes.try_into().unwrap_or([0; 8]))
}

/// 2024-01-02T03:04:05.678Z
const MILLIS: i64 = 1_704_164_645_678;

#[test]
fn generators() {
    let id = eval(&CqlType::TimeUuid, &call("now", vec![]), &[]).unwrap_or_default();
    assert!(validate(&CqlType::TimeUuid, &id).is_ok() && id.len() == 16);
    assert!(eval(&CqlType::Uuid, &call("NOW", vec![]), &[]).is_ok());
    assert!(eval(
        &CqlType::TimeUuid,
        &call("system.currenttimeuuid", vec![]),
        &[]
    )
    .is_ok());
    let v4 = eval(&CqlType::Uuid, &call("uuid", vec![]), &[]).unwrap_or_default();
    assert_eq!(v4.get(6).map(|b| b >> 4), Some(4));
    let ts = eval(&CqlType::Timestamp, &call("currenttimestamp", vec![]), &[]);
    assert!((long(&ts.unwrap_or_default()) - now_millis()).abs() < 60_000);
    let date = eval(&CqlType::Date, &call("currentdate", vec![]), &[]).unwrap_or_default();
    assert_eq!(date_bytes(millis_to_days(now_millis())), Some(date));
    let time = long(&eval(&CqlType::Time, &call("currenttime", vec![]), &[]).unwrap_or_default());
    assert!((0..NANOS_PER_DAY).contains(&time));
}

#[test]
fn result_type_must_fit_the_receiver() {
    assert_eq!(
        msg(&CqlType::Text, &call("now", vec![])),
        "Type error: cannot assign result of function system.now (type timeuuid) to k (type text)"
    );
    assert_eq!(
        msg(&CqlType::TimeUuid, &call("uuid", vec![])),
        "Type error: cannot assign result of function system.uuid (type uuid) to k (type timeuuid)"
    );
    assert_eq!(
        msg(&CqlType::Int, &call("nosuch", vec![])),
        "Unknown function nosuch called"
    );
    assert_eq!(
        msg(
            &CqlType::TimeUuid,
            &call("now", vec![lit(Literal::Integer("1".into()))])
        ),
        "Invalid number of arguments in call to function system.now: 0 required but 1 provided"
    );
    assert!(
        msg(&CqlType::Timestamp, &call("totimestamp", vec![])).starts_with(
            "Invalid call to function system.totimestamp, none of its type signatures match"
        )
    );
}

#[test]
fn time_conversions() {
    let min = call(
        "mintimeuuid",
        vec![lit(Literal::Integer(MILLIS.to_string()))],
    );
    let id = eval(&CqlType::TimeUuid, &min, &[]).unwrap_or_default();
    assert_eq!(id, timeuuid::min_at(MILLIS).to_vec());
    let to_ts = call("toTimestamp", vec![min.clone()]);
    assert_eq!(
        eval(&CqlType::Timestamp, &to_ts, &[]).map(|v| long(&v)),
        Ok(MILLIS)
    );
    let to_unix = call("tounixtimestamp", vec![min.clone()]);
    assert_eq!(
        eval(&CqlType::BigInt, &to_unix, &[]).map(|v| long(&v)),
        Ok(MILLIS)
    );
    let max = call(
        "maxtimeuuid",
        vec![lit(Literal::String("2024-01-02 03:04:05.678".into()))],
    );
    assert_eq!(
        eval(&CqlType::TimeUuid, &max, &[]),
        Ok(timeuuid::max_at(MILLIS).to_vec())
    );
    // A string literal can only be a date among toTimestamp's overloads.
    let from_date = call(
        "totimestamp",
        vec![lit(Literal::String("2024-01-02".into()))],
    );
    assert_eq!(
        eval(&CqlType::Timestamp, &from_date, &[]).map(|v| long(&v)),
        Ok(1_704_153_600_000)
    );
    let to_date = call("todate", vec![min]);
    let expected = date_bytes(millis_to_days(MILLIS));
    assert_eq!(eval(&CqlType::Date, &to_date, &[]).ok(), expected);
    let now_ts = call("totimestamp", vec![call("now", vec![])]);
    let got = long(&eval(&CqlType::Timestamp, &now_ts, &[]).unwrap_or_default());
    assert!((got - now_millis()).abs() < 60_000);
}

#[test]
fn overloads_with_markers_need_a_cast() {
    assert!(msg(&CqlType::Date, &call("todate", vec![marker()]))
        .starts_with("Ambiguous call to function system.todate"));
    let ts = BoundValue::Value(MILLIS.to_be_bytes().to_vec());
    let casted = call("todate", vec![cast(CqlType::Timestamp, marker())]);
    assert_eq!(
        eval(&CqlType::Date, &casted, &[ts]).ok(),
        date_bytes(millis_to_days(MILLIS))
    );
    let unset = call("totimestamp", vec![cast(CqlType::Date, marker())]);
    assert_eq!(
        match evaluate_for_column("k", &CqlType::Timestamp, &unset, &[BoundValue::Unset]) {
            Err(CqlError::Invalid(m)) => m,
            other => format!("{other:?}"),
        },
        "Invalid unset value for argument in call to function system.totimestamp"
    );
    let null = call("totimestamp", vec![cast(CqlType::Date, marker())]);
    assert_eq!(
        evaluate_for_column("k", &CqlType::Timestamp, &null, &[BoundValue::Null]),
        Ok(BoundValue::Null)
    );
}

#[test]
fn blob_conversions() {
    let text_as_blob = call("textAsBlob", vec![lit(Literal::String("abc".into()))]);
    assert_eq!(
        eval(&CqlType::Blob, &text_as_blob, &[]),
        Ok(b"abc".to_vec())
    );
    let empty = call("textasblob", vec![lit(Literal::String(String::new()))]);
    assert_eq!(eval(&CqlType::Blob, &empty, &[]), Ok(vec![]));
    let int_as_blob = call("intasblob", vec![lit(Literal::Integer("1".into()))]);
    assert_eq!(
        eval(&CqlType::Blob, &int_as_blob, &[]),
        Ok(vec![0, 0, 0, 1])
    );
    let blob_as_int = call("blobAsInt", vec![lit(Literal::Blob(vec![0, 0, 0, 9]))]);
    assert_eq!(eval(&CqlType::Int, &blob_as_int, &[]), Ok(vec![0, 0, 0, 9]));
    let bad = call("blobasint", vec![lit(Literal::Blob(vec![1]))]);
    assert_eq!(
        msg(&CqlType::Int, &bad),
        "In call to function system.blobasint, value 0x01 is not a valid binary representation for type int"
    );
    let wrong_arg = call("intasblob", vec![lit(Literal::String("a".into()))]);
    assert_eq!(
        msg(&CqlType::Blob, &wrong_arg),
        "Type error: 'a' cannot be passed as argument 0 of function system.intasblob of type int"
    );
    assert!(eval(
        &CqlType::Blob,
        &call("varcharasblob", vec![lit(Literal::String("x".into()))]),
        &[]
    )
    .is_ok());
    assert_eq!(
        msg(&CqlType::Blob, &call("blobasblob", vec![])),
        "Unknown function blobasblob called"
    );
    assert_eq!(
        msg(&CqlType::Blob, &call("listasblob", vec![])),
        "Unknown function listasblob called"
    );
    // Any function result fits a blob column.
    assert!(eval(&CqlType::Blob, &call("now", vec![]), &[]).is_ok());
}
