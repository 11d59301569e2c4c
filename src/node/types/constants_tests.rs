//! Tests of scalar constants: assignability, parsing and messages.

use super::*;

fn value(ty: &CqlType, literal: Literal) -> CqlResult<Vec<u8>> {
    let receiver = Receiver {
        name: Some("k".into()),
        ty,
    };
    constant(&receiver, &literal)
}

fn msg(ty: &CqlType, literal: Literal) -> String {
    match value(ty, literal.clone()) {
        Err(CqlError::Invalid(m)) => m,
        other => panic!("{literal:?} for {ty:?}: expected Invalid, got {other:?}"),
    }
}

fn s(text: &str) -> Literal {
    Literal::String(text.into())
}

fn int(text: &str) -> Literal {
    Literal::Integer(text.into())
}

#[test]
fn kind_mismatches_use_cassandra_wording() {
    assert_eq!(
        msg(&CqlType::Int, s("foo")),
        "Invalid STRING constant (foo) for \"k\" of type int"
    );
    assert_eq!(
        msg(&CqlType::Text, int("1")),
        "Invalid INTEGER constant (1) for \"k\" of type text"
    );
    assert_eq!(
        msg(&CqlType::Int, Literal::Float("1.5".into())),
        "Invalid FLOAT constant (1.5) for \"k\" of type int"
    );
    assert_eq!(
        msg(&CqlType::Text, Literal::Blob(vec![0xca, 0xfe])),
        "Invalid HEX constant (0xcafe) for \"k\" of type text"
    );
    assert_eq!(
        msg(&CqlType::Int, Literal::Bool(true)),
        "Invalid BOOLEAN constant (true) for \"k\" of type int"
    );
    assert_eq!(
        msg(&CqlType::Text, Literal::Duration("1h".into())),
        "Invalid DURATION constant (1h) for \"k\" of type text"
    );
    // Cassandra accepts neither strings for uuids and durations nor hex for text.
    let id = "550e8400-e29b-41d4-a716-446655440000";
    assert_eq!(
        msg(&CqlType::Uuid, s(id)),
        format!("Invalid STRING constant ({id}) for \"k\" of type uuid")
    );
    assert!(msg(&CqlType::Duration, s("1h")).starts_with("Invalid STRING constant (1h)"));
    assert!(msg(&CqlType::Blob, s("cafe")).starts_with("Invalid STRING constant (cafe)"));
    let list = CqlType::List {
        elem: Box::new(CqlType::Int),
        frozen: false,
    };
    assert_eq!(
        msg(&list, int("1")),
        "Invalid INTEGER constant (1) for \"k\" of type list<int>"
    );
}

#[test]
fn integers_fit_every_numeric_and_temporal_type() {
    assert_eq!(value(&CqlType::TinyInt, int("-1")), Ok(vec![0xff]));
    assert_eq!(
        value(&CqlType::Counter, int("5")),
        Ok(5i64.to_be_bytes().to_vec())
    );
    assert_eq!(value(&CqlType::Varint, int("256")), Ok(vec![0x01, 0x00]));
    assert_eq!(
        value(&CqlType::Float, int("2")),
        Ok(2f32.to_be_bytes().to_vec())
    );
    assert_eq!(value(&CqlType::Decimal, int("7")), Ok(vec![0, 0, 0, 0, 7]));
    assert_eq!(
        value(&CqlType::Timestamp, int("1000")),
        Ok(1000i64.to_be_bytes().to_vec())
    );
    assert_eq!(
        value(&CqlType::Date, int("2147483648")),
        Ok(vec![0x80, 0, 0, 0])
    );
    assert_eq!(
        value(&CqlType::Time, int("1")),
        Ok(1i64.to_be_bytes().to_vec())
    );
    assert_eq!(
        msg(&CqlType::SmallInt, int("40000")),
        "Unable to make short from '40000'"
    );
    assert_eq!(
        msg(&CqlType::Duration, int("5")),
        "Unable to convert '5' to a duration"
    );
}

#[test]
fn strings_for_text_like_and_temporal_types() {
    assert_eq!(value(&CqlType::Ascii, s("abc")), Ok(b"abc".to_vec()));
    assert_eq!(
        value(&CqlType::Text, s("zażółć")),
        Ok("zażółć".as_bytes().to_vec())
    );
    assert!(msg(&CqlType::Ascii, s("é")).starts_with("Invalid ASCII character in string literal"));
    assert_eq!(value(&CqlType::Inet, s("10.0.0.1")), Ok(vec![10, 0, 0, 1]));
    assert_eq!(value(&CqlType::Inet, s("::1")).map(|v| v.len()), Ok(16));
    assert_eq!(
        value(&CqlType::Inet, s("::ffff:1.2.3.4")),
        Ok(vec![1, 2, 3, 4])
    );
    assert_eq!(
        msg(&CqlType::Inet, s("nope")),
        "Unable to make inet address from 'nope'"
    );
    assert_eq!(
        value(&CqlType::Timestamp, s("1970-01-01 00:00:01+0000")),
        Ok(1000i64.to_be_bytes().to_vec())
    );
    assert_eq!(
        value(&CqlType::Date, s("1970-01-02")),
        Ok(vec![0x80, 0, 0, 1])
    );
    assert_eq!(
        value(&CqlType::Time, s("00:00:01")),
        Ok(1_000_000_000i64.to_be_bytes().to_vec())
    );
    // The empty string is the empty value for every type that takes strings.
    assert_eq!(value(&CqlType::Timestamp, s("")), Ok(vec![]));
    assert_eq!(value(&CqlType::Inet, s("")), Ok(vec![]));
}

#[test]
fn uuids_booleans_blobs_durations_floats() {
    let v4 = uuid::Uuid::parse_str("550e8400-e29b-41d4-a716-446655440000").unwrap_or_default();
    let v1 = uuid::Uuid::parse_str("a4a70900-24e1-11df-8924-001ff3591711").unwrap_or_default();
    assert_eq!(
        value(&CqlType::Uuid, Literal::Uuid(v4)),
        Ok(v4.as_bytes().to_vec())
    );
    assert_eq!(
        value(&CqlType::Uuid, Literal::Uuid(v1)),
        Ok(v1.as_bytes().to_vec())
    );
    assert_eq!(
        value(&CqlType::TimeUuid, Literal::Uuid(v1)),
        Ok(v1.as_bytes().to_vec())
    );
    assert_eq!(
        msg(&CqlType::TimeUuid, Literal::Uuid(v4)),
        "TimeUUID supports only version 1 UUIDs"
    );
    assert_eq!(value(&CqlType::Boolean, Literal::Bool(false)), Ok(vec![0]));
    assert_eq!(
        value(&CqlType::Blob, Literal::Blob(vec![1, 2])),
        Ok(vec![1, 2])
    );
    assert_eq!(
        value(&CqlType::Duration, Literal::Duration("1mo".into())),
        Ok(vec![2, 0, 0])
    );
    assert_eq!(
        value(&CqlType::Double, Literal::Float("-Infinity".into())),
        Ok(f64::NEG_INFINITY.to_be_bytes().to_vec())
    );
    assert_eq!(
        value(&CqlType::Decimal, Literal::Float("0.25".into())),
        Ok(vec![0, 0, 0, 2, 25])
    );
}

#[test]
fn preferred_types() {
    assert_eq!(preferred_type(Kind::Integer, "5"), Some(CqlType::Int));
    assert_eq!(
        preferred_type(Kind::Integer, "5000000000"),
        Some(CqlType::BigInt)
    );
    assert_eq!(
        preferred_type(Kind::Integer, "99999999999999999999"),
        Some(CqlType::Varint)
    );
    assert_eq!(preferred_type(Kind::String, "abc"), Some(CqlType::Ascii));
    assert_eq!(preferred_type(Kind::String, "é"), Some(CqlType::Text));
    let v1 = "a4a70900-24e1-11df-8924-001ff3591711";
    assert_eq!(preferred_type(Kind::Uuid, v1), Some(CqlType::TimeUuid));
}
