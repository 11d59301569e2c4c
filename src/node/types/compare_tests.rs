//! Tests of the value comparators.

use super::*;
use crate::node::types::{encode_collection, encode_map};
use std::cmp::Ordering::{Equal, Greater, Less};

/// Assert that `values` are in strictly ascending order under `ty`, pairwise in both directions.
fn assert_ascending(ty: &CqlType, values: &[Vec<u8>]) {
    for (i, a) in values.iter().enumerate() {
        for (j, b) in values.iter().enumerate() {
            let expected = i.cmp(&j);
            assert_eq!(compare(ty, a, b), expected, "{ty:?}: {a:?} vs {b:?}");
        }
    }
}

#[test]
fn signed_integers_numerically() {
    let ints: Vec<Vec<u8>> = [i32::MIN, -1, 0, 1, 255, i32::MAX]
        .iter()
        .map(|v| v.to_be_bytes().to_vec())
        .collect();
    assert_ascending(
        &CqlType::Int,
        &[vec![]].into_iter().chain(ints).collect::<Vec<_>>(),
    );
    let longs: Vec<Vec<u8>> = [i64::MIN, -5, 0, 7, i64::MAX]
        .iter()
        .map(|v| v.to_be_bytes().to_vec())
        .collect();
    assert_ascending(&CqlType::BigInt, &longs);
    assert_ascending(&CqlType::Timestamp, &longs);
    assert_ascending(
        &CqlType::SmallInt,
        &[vec![0x80, 0], vec![0xff, 0xff], vec![0, 1]],
    );
    assert_ascending(
        &CqlType::TinyInt,
        &[vec![0x80], vec![0xff], vec![0], vec![0x7f]],
    );
}

#[test]
fn floats_like_java() {
    let f = |v: f32| v.to_be_bytes().to_vec();
    assert_ascending(
        &CqlType::Float,
        &[
            f(f32::NEG_INFINITY),
            f(-1.5),
            f(-0.0),
            f(0.0),
            f(2.0),
            f(f32::INFINITY),
            f(f32::NAN),
        ],
    );
    assert_eq!(compare(&CqlType::Float, &f(f32::NAN), &f(-f32::NAN)), Equal);
    let d = |v: f64| v.to_be_bytes().to_vec();
    assert_ascending(
        &CqlType::Double,
        &[d(-1e300), d(-0.0), d(0.0), d(1e-300), d(f64::NAN)],
    );
}

#[test]
fn varint_and_decimal_numerically() {
    assert_ascending(
        &CqlType::Varint,
        &[
            vec![0x80, 0x00],
            vec![0xff],
            vec![0x00],
            vec![0x7f],
            vec![0x00, 0x80],
        ],
    );
    assert_eq!(compare(&CqlType::Varint, &[0, 0, 5], &[5]), Equal);
    let dec = |scale: i32, unscaled: &[u8]| [&scale.to_be_bytes()[..], unscaled].concat();
    // -2, -1.5, 0.5, 1.0 (== 1.00), 1.5
    assert_ascending(
        &CqlType::Decimal,
        &[
            dec(0, &[0xfe]),
            dec(1, &[0xf1]),
            dec(1, &[5]),
            dec(1, &[10]),
            dec(1, &[15]),
        ],
    );
    assert_eq!(
        compare(&CqlType::Decimal, &dec(1, &[10]), &dec(2, &[100])),
        Equal
    );
}

#[test]
fn text_blob_and_booleans() {
    assert_ascending(
        &CqlType::Text,
        &[
            vec![],
            b"A".to_vec(),
            b"a".to_vec(),
            b"ab".to_vec(),
            "é".as_bytes().to_vec(),
        ],
    );
    assert_ascending(
        &CqlType::Blob,
        &[vec![0x00], vec![0x7f], vec![0x80], vec![0xff]],
    );
    assert_ascending(&CqlType::Boolean, &[vec![], vec![0], vec![1]]);
    assert_eq!(compare(&CqlType::Boolean, &[1], &[2]), Equal);
}

#[test]
fn dates_are_unsigned_day_numbers() {
    let day = |d: i64| ((d + (1 << 31)) as u32).to_be_bytes().to_vec();
    assert_ascending(
        &CqlType::Date,
        &[day(-10_000), day(-1), day(0), day(1), day(20_000)],
    );
}

fn uuid(text: &str) -> Vec<u8> {
    uuid::Uuid::parse_str(text)
        .map(|u| u.as_bytes().to_vec())
        .unwrap_or_default()
}

#[test]
fn uuids_by_version_then_content() {
    let v1_early = uuid("ffffffff-0000-1000-8000-000000000000"); // time_low high, time_hi 0
    let v1_late = uuid("00000000-0000-1001-8000-000000000000"); // time_hi = 1
    let v4_low = uuid("00000000-0000-4000-8000-000000000000");
    let v4_high = uuid("ffffffff-0000-4000-8000-000000000000");
    assert_ascending(
        &CqlType::Uuid,
        &[vec![], v1_early.clone(), v1_late.clone(), v4_low, v4_high],
    );
    // UUIDType compares the low half unsigned, TimeUUIDType signed byte by byte.
    let lsb_low = uuid("00000000-0000-1000-0000-000000000000");
    let lsb_high = uuid("00000000-0000-1000-8000-000000000000");
    assert_eq!(compare(&CqlType::Uuid, &lsb_low, &lsb_high), Less);
    assert_eq!(compare(&CqlType::TimeUuid, &lsb_low, &lsb_high), Greater);
    assert_eq!(compare(&CqlType::TimeUuid, &v1_early, &v1_late), Less);
}

#[test]
fn timeuuids_by_timestamp() {
    // Same time_low, later time_mid wins even though its time_low bytes are smaller.
    let a = uuid("ffffffff-0001-1000-8000-000000000000");
    let b = uuid("00000000-0002-1000-8000-000000000000");
    assert_eq!(compare(&CqlType::TimeUuid, &a, &b), Less);
    assert_eq!(compare(&CqlType::TimeUuid, &b, &a), Greater);
}

#[test]
fn collections_element_wise_then_by_size() {
    let ty = CqlType::List {
        elem: Box::new(CqlType::Int),
        frozen: true,
    };
    let l = |items: &[i32]| {
        encode_collection(
            &items
                .iter()
                .map(|v| v.to_be_bytes().to_vec())
                .collect::<Vec<_>>(),
        )
    };
    assert_ascending(
        &ty,
        &[vec![], l(&[]), l(&[-1]), l(&[-1, 5]), l(&[0]), l(&[0, 0])],
    );
    let map_ty = CqlType::Map {
        key: Box::new(CqlType::Text),
        value: Box::new(CqlType::Int),
        frozen: true,
    };
    let m = |k: &str, v: i32| encode_map(&[(k.as_bytes().to_vec(), v.to_be_bytes().to_vec())]);
    assert_ascending(&map_ty, &[m("a", -1), m("a", 2), m("b", -9)]);
}

#[test]
fn tuples_with_nulls_and_short_values() {
    let ty = CqlType::Tuple(vec![CqlType::Int, CqlType::Text]);
    let int = |v: i32| [&4i32.to_be_bytes()[..], &v.to_be_bytes()].concat();
    let text = |s: &str| [&(s.len() as i32).to_be_bytes()[..], s.as_bytes()].concat();
    let null = (-1i32).to_be_bytes().to_vec();
    assert_ascending(
        &ty,
        &[
            [null.clone(), text("z")].concat(),
            int(-3),
            [int(-3), null.clone()].concat(),
            [int(-3), text("a")].concat(),
            [int(2), text("a")].concat(),
        ],
    );
}

#[test]
fn malformed_values_do_not_panic() {
    let types = [
        CqlType::Int,
        CqlType::Float,
        CqlType::Decimal,
        CqlType::Uuid,
        CqlType::TimeUuid,
        CqlType::Boolean,
        CqlType::Tuple(vec![CqlType::Int]),
        CqlType::Set {
            elem: Box::new(CqlType::Int),
            frozen: true,
        },
    ];
    for ty in &types {
        assert_eq!(compare(ty, &[1, 2, 3], &[1, 2, 4]), Less, "{ty:?}");
        assert_eq!(compare(ty, &[0xff; 3], &[0xff; 3]), Equal, "{ty:?}");
    }
}
