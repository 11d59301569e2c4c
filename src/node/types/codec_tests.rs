//! Tests of value validation and the collection codec.

use super::*;
use crate::node::types::vint::put_vint;

fn err(ty: &CqlType, bytes: &[u8]) -> String {
    match validate(ty, bytes) {
        Err(CqlError::Invalid(msg)) => msg,
        other => panic!("{ty:?} {bytes:?}: expected Invalid, got {other:?}"),
    }
}

fn list(elem: CqlType) -> CqlType {
    CqlType::List {
        elem: Box::new(elem),
        frozen: false,
    }
}

fn duration(months: i64, days: i64, nanos: i64) -> Vec<u8> {
    let mut out = Vec::new();
    for v in [months, days, nanos] {
        put_vint(&mut out, v);
    }
    out
}

#[test]
fn fixed_sizes_and_cassandra_messages() {
    assert_eq!(
        err(&CqlType::Int, &[1, 2, 3]),
        "Expected 4 or 0 byte int (3)"
    );
    assert!(validate(&CqlType::Int, &[]).is_ok());
    assert!(validate(&CqlType::Int, &[0, 0, 0, 1]).is_ok());
    assert_eq!(
        err(&CqlType::BigInt, &[0; 4]),
        "Expected 8 or 0 byte long (4)"
    );
    assert_eq!(
        err(&CqlType::Counter, &[0; 9]),
        "Expected 8 or 0 byte long (9)"
    );
    assert_eq!(
        err(&CqlType::SmallInt, &[]),
        "Expected 2 bytes for a smallint (0)"
    );
    assert_eq!(
        err(&CqlType::TinyInt, &[0; 4]),
        "Expected 1 byte for a tinyint (4)"
    );
    assert_eq!(
        err(&CqlType::Boolean, &[0; 2]),
        "Expected 1 or 0 byte value (2)"
    );
    assert_eq!(
        err(&CqlType::Float, &[0; 8]),
        "Expected 4 or 0 byte value for a float (8)"
    );
    assert_eq!(
        err(&CqlType::Double, &[0; 4]),
        "Expected 8 or 0 byte value for a double (4)"
    );
    assert_eq!(
        err(&CqlType::Timestamp, &[0; 4]),
        "Expected 8 or 0 byte long for date (4)"
    );
    assert_eq!(
        err(&CqlType::Date, &[]),
        "Expected 4 byte long for date (0)"
    );
    assert_eq!(
        err(&CqlType::Time, &[0; 4]),
        "Expected 8 byte long for time (4)"
    );
    assert_eq!(
        err(&CqlType::Uuid, &[0; 15]),
        "UUID should be 16 or 0 bytes (15)"
    );
    assert_eq!(
        err(&CqlType::Decimal, &[0; 3]),
        "Expected 0 or at least 4 bytes (3)"
    );
    assert!(validate(&CqlType::Decimal, &[0, 0, 0, 2, 5]).is_ok());
    assert!(validate(&CqlType::Varint, &[]).is_ok());
    assert!(validate(&CqlType::Blob, &[0xff; 3]).is_ok());
}

#[test]
fn timeuuid_must_be_version_1() {
    let mut v1 = [0u8; 16];
    v1[6] = 0x11;
    assert!(validate(&CqlType::TimeUuid, &v1).is_ok());
    let mut v4 = v1;
    v4[6] = 0x41;
    assert_eq!(
        err(&CqlType::TimeUuid, &v4),
        "Invalid version for TimeUUID type."
    );
    assert!(validate(&CqlType::Uuid, &v4).is_ok());
    assert!(validate(&CqlType::TimeUuid, &[]).is_ok());
}

#[test]
fn text_and_ascii() {
    assert!(validate(&CqlType::Text, "zażółć".as_bytes()).is_ok());
    assert_eq!(
        err(&CqlType::Text, &[0x66, 0xff]),
        "String didn't validate."
    );
    assert_eq!(
        err(&CqlType::Text, &[0xe2, 0x82]),
        "String didn't validate."
    );
    assert!(validate(&CqlType::Ascii, b"plain").is_ok());
    assert_eq!(
        err(&CqlType::Ascii, "é".as_bytes()),
        "Invalid byte for ascii: -61"
    );
}

#[test]
fn inet_lengths() {
    assert!(validate(&CqlType::Inet, &[127, 0, 0, 1]).is_ok());
    assert!(validate(&CqlType::Inet, &[0; 16]).is_ok());
    assert!(validate(&CqlType::Inet, &[]).is_ok());
    assert_eq!(
        err(&CqlType::Inet, &[1, 2, 0xab]),
        "Expected 4 or 16 byte inetaddress; got 0102ab"
    );
}

#[test]
fn durations() {
    assert!(validate(&CqlType::Duration, &duration(1, 2, 3)).is_ok());
    assert!(validate(&CqlType::Duration, &duration(-1, 0, -3)).is_ok());
    assert!(validate(&CqlType::Duration, &duration(0, 0, 0)).is_ok());
    assert_eq!(
        err(&CqlType::Duration, &duration(1, -2, 3)),
        "The duration months, days and nanoseconds must be all of the same sign (1, -2, 3)"
    );
    assert_eq!(
        err(&CqlType::Duration, &duration(1 << 40, 0, 0)),
        "The duration months must be a 32 bits integer but was: 1099511627776"
    );
    assert_eq!(
        err(&CqlType::Duration, &[0, 0]),
        "Expected at least 3 bytes for a duration (2)"
    );
    assert_eq!(
        err(&CqlType::Duration, &[0, 0, 0xc0]),
        "Not enough bytes to read a duration"
    );
}

#[test]
fn collections_recursively() {
    let ints = encode_collection(&[vec![0, 0, 0, 1], vec![0, 0, 0, 2]]);
    assert!(validate(&list(CqlType::Int), &ints).is_ok());
    assert_eq!(
        err(&list(CqlType::SmallInt), &ints),
        "Expected 2 bytes for a smallint (4)"
    );
    assert_eq!(
        err(&list(CqlType::Int), &[]),
        "Not enough bytes to read a list"
    );
    let mut extra = ints.clone();
    extra.push(0);
    assert_eq!(
        err(&list(CqlType::Int), &extra),
        "Unexpected extraneous bytes after list value"
    );
    assert_eq!(
        err(&list(CqlType::Int), &ints[..ints.len() - 1]),
        "Not enough bytes to read a list"
    );
    let set = CqlType::Set {
        elem: Box::new(CqlType::Int),
        frozen: true,
    };
    assert!(validate(&set, &[]).is_ok());
    assert!(validate(&set, &ints).is_ok());
    let map = CqlType::Map {
        key: Box::new(CqlType::Text),
        value: Box::new(CqlType::Int),
        frozen: false,
    };
    let entries = encode_map(&[(b"a".to_vec(), vec![0, 0, 0, 7])]);
    assert!(validate(&map, &entries).is_ok());
    // Values are ints, so a map<text, bigint> rejects them.
    let wrong = CqlType::Map {
        key: Box::new(CqlType::Text),
        value: Box::new(CqlType::BigInt),
        frozen: false,
    };
    assert_eq!(err(&wrong, &entries), "Expected 8 or 0 byte long (4)");
    assert_eq!(
        err(&map, &[0, 0, 0, 1, 0, 0, 0, 0]),
        "Not enough bytes to read a map"
    );
    let nested = list(list(CqlType::Int));
    assert!(validate(&nested, &encode_collection(std::slice::from_ref(&ints))).is_ok());
    assert_eq!(
        err(&nested, &encode_collection(&[vec![1, 2]])),
        "Not enough bytes to read a list"
    );
}

#[test]
fn tuples_allow_nulls_and_missing_fields() {
    let ty = CqlType::Tuple(vec![CqlType::Int, CqlType::Text]);
    let full = [&[0, 0, 0, 4, 0, 0, 0, 9][..], &[0, 0, 0, 1, b'x']].concat();
    assert!(validate(&ty, &full).is_ok());
    assert!(validate(&ty, &[0, 0, 0, 4, 0, 0, 0, 9]).is_ok());
    assert!(validate(&ty, &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).is_ok());
    assert!(validate(&ty, &[]).is_ok());
    assert_eq!(
        err(&ty, &[0, 0, 0, 3, 0, 0, 0]),
        "Expected 4 or 0 byte int (3)"
    );
    assert_eq!(
        err(&ty, &[0, 0]),
        "Not enough bytes to read size of 0th component"
    );
    assert_eq!(
        err(&ty, &[0, 0, 0, 4, 0]),
        "Not enough bytes to read 0th component"
    );
    let three = [full.as_slice(), &[0xff, 0xff, 0xff, 0xff]].concat();
    assert_eq!(
        err(&ty, &three),
        "Invalid remaining data after end of tuple value"
    );
}

#[test]
fn decode_and_encode_round_trip() {
    let items = vec![b"a".to_vec(), Vec::new(), b"bc".to_vec()];
    let bytes = encode_collection(&items);
    assert_eq!(decode_collection(&bytes), Ok(items));
    let entries = vec![(b"k".to_vec(), b"v".to_vec()), (b"k2".to_vec(), Vec::new())];
    let bytes = encode_map(&entries);
    assert_eq!(decode_map(&bytes), Ok(entries));
    assert_eq!(decode_collection(&[]), Ok(Vec::new()));
    assert_eq!(decode_map(&[]), Ok(Vec::new()));
    assert_eq!(encode_collection(&[]), vec![0, 0, 0, 0]);
}

#[test]
fn decode_rejects_garbage_without_panicking() {
    let garbage: [&[u8]; 6] = [
        &[1],
        &[0, 0, 0, 2, 0, 0, 0, 1, 9],
        &[0xff, 0xff, 0xff, 0xfe],
        &[0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff],
        &[0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0],
        &[0, 0, 0, 1, 0x7f, 0xff, 0xff, 0xff, 0],
    ];
    for bytes in garbage {
        assert!(decode_collection(bytes).is_err(), "{bytes:?}");
        assert!(decode_map(bytes).is_err(), "{bytes:?}");
    }
    assert_eq!(
        decode_collection(&[0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff]),
        Err(CqlError::Invalid(
            "null is not supported inside collections".into()
        ))
    );
}

#[test]
fn tuples_split_and_join() {
    let fields = vec![Some(vec![0, 0, 0, 1]), None, Some(Vec::new())];
    let bytes = encode_tuple(&fields);
    assert_eq!(decode_tuple(&bytes), Ok(fields));
    assert_eq!(
        decode_tuple(&[0, 0, 0, 5, 1]),
        Err(CqlError::Invalid("Not enough bytes to read a tuple".into()))
    );
}
