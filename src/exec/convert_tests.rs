//! Conversion rules of `convert.rs`, each against the CQL value it must produce.

use super::*;
use uuid::Uuid;

fn native(n: NativeType) -> ColumnType<'static> {
    ColumnType::Native(n)
}

fn coll(frozen: bool, typ: CollectionType<'static>) -> ColumnType<'static> {
    ColumnType::Collection { frozen, typ }
}

fn ok(value: Value, typ: &ColumnType<'static>) -> Option<CqlValue> {
    match to_cql(&value, typ) {
        Ok(v) => v,
        Err(e) => panic!("{value:?} into {}: {e:?}", type_name(typ)),
    }
}

fn err(value: Value, typ: &ColumnType<'static>) -> ConvertError {
    match to_cql(&value, typ) {
        Ok(v) => panic!("{value:?} into {} converted to {v:?}", type_name(typ)),
        Err(e) => e,
    }
}

#[test]
fn integers_fit_every_integer_type_in_range() {
    use NativeType as N;
    assert_eq!(
        ok(Value::Int(5), &native(N::TinyInt)),
        Some(CqlValue::TinyInt(5))
    );
    assert_eq!(
        ok(Value::Int(-300), &native(N::SmallInt)),
        Some(CqlValue::SmallInt(-300))
    );
    assert_eq!(
        ok(Value::Int(70_000), &native(N::Int)),
        Some(CqlValue::Int(70_000))
    );
    assert_eq!(
        ok(Value::Int(1 << 40), &native(N::BigInt)),
        Some(CqlValue::BigInt(1 << 40))
    );
    assert_eq!(
        ok(Value::Int(-2), &native(N::Counter)),
        Some(CqlValue::Counter(Counter(-2)))
    );
    assert_eq!(
        ok(Value::Int(258), &native(N::Varint)),
        Some(CqlValue::Varint(CqlVarint::from_signed_bytes_be_slice(
            &258i64.to_be_bytes()
        )))
    );
    assert_eq!(
        ok(Value::Int(3), &native(N::Double)),
        Some(CqlValue::Double(3.0))
    );
    assert_eq!(
        ok(Value::Int(42), &native(N::Text)),
        Some(CqlValue::Text("42".into()))
    );
    let e = err(Value::Int(300), &native(N::TinyInt));
    assert_eq!((e.column_type.as_str(), e.value), ("tinyint", "integer"));
    assert!(e.detail.contains("300"), "detail names the value: {e:?}");
    assert!(err(Value::Int(1 << 31), &native(N::Int))
        .detail
        .contains("out of"));
}

#[test]
fn kinds_that_do_not_fit_say_both_types() {
    let e = err(Value::Int(1), &native(NativeType::Uuid));
    assert_eq!(
        e,
        ConvertError {
            column_type: "uuid".into(),
            value: "integer",
            detail: String::new()
        }
    );
    let e = err(Value::Text("x".into()), &native(NativeType::Int));
    assert_eq!((e.column_type.as_str(), e.value), ("int", "text"));
    let e = err(
        Value::Uuid(Uuid::from_u128(7)),
        &native(NativeType::Timeuuid),
    );
    assert_eq!((e.column_type.as_str(), e.value), ("timeuuid", "uuid"));
}

#[test]
fn floats_fit_floating_types_decimals_and_whole_integers() {
    use NativeType as N;
    assert_eq!(
        ok(Value::Float(2.5), &native(N::Float)),
        Some(CqlValue::Float(2.5))
    );
    assert_eq!(
        ok(Value::Float(2.0), &native(N::Int)),
        Some(CqlValue::Int(2))
    );
    assert!(err(Value::Float(2.5), &native(N::Int)).value == "float");
    // 3.25 = 325 × 10^-2.
    assert_eq!(
        ok(Value::Float(3.25), &native(N::Decimal)),
        Some(CqlValue::Decimal(
            CqlDecimal::from_signed_be_bytes_slice_and_exponent(&325i128.to_be_bytes(), 2)
        ))
    );
}

#[test]
fn text_parses_into_addresses_and_uuids_and_stays_ascii_for_ascii() {
    use NativeType as N;
    let addr: std::net::IpAddr = "10.0.0.7".parse().expect("address");
    assert_eq!(
        ok(Value::Text("10.0.0.7".into()), &native(N::Inet)),
        Some(CqlValue::Inet(addr))
    );
    let v1 = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    assert_eq!(
        ok(Value::Text(v1.into()), &native(N::Timeuuid)),
        Some(CqlValue::Timeuuid(CqlTimeuuid::from(
            Uuid::parse_str(v1).expect("uuid")
        )))
    );
    assert!(err(Value::Text("nope".into()), &native(N::Uuid))
        .detail
        .contains("'nope'"));
    assert!(err(Value::Text("é".into()), &native(N::Ascii))
        .detail
        .contains("ASCII"));
    assert_eq!(
        ok(Value::Text("ab".into()), &native(N::Blob)),
        Some(CqlValue::Blob(b"ab".to_vec()))
    );
}

#[test]
fn timestamps_fit_dates_and_times_of_day() {
    use NativeType as N;
    let ms = 86_400_000 + 1_500; // 1970-01-02 00:00:01.500
    assert_eq!(
        ok(Value::Timestamp(ms), &native(N::Timestamp)),
        Some(CqlValue::Timestamp(CqlTimestamp(ms)))
    );
    assert_eq!(
        ok(Value::Timestamp(ms), &native(N::Date)),
        Some(CqlValue::Date(CqlDate((1u32 << 31) + 1)))
    );
    // One millisecond before the epoch is the day before it.
    assert_eq!(
        ok(Value::Timestamp(-1), &native(N::Date)),
        Some(CqlValue::Date(CqlDate((1u32 << 31) - 1)))
    );
    assert_eq!(
        ok(Value::Timestamp(ms), &native(N::Time)),
        Some(CqlValue::Time(CqlTime(1_500_000_000)))
    );
}

#[test]
fn collections_convert_element_by_element() {
    use NativeType as N;
    let list_int = coll(false, CollectionType::List(Box::new(native(N::Int))));
    assert_eq!(
        ok(Value::List(vec![Value::Int(1), Value::Int(2)]), &list_int),
        Some(CqlValue::List(vec![CqlValue::Int(1), CqlValue::Int(2)]))
    );
    let set_big = coll(false, CollectionType::Set(Box::new(native(N::BigInt))));
    assert_eq!(
        ok(Value::Set(vec![Value::Int(1)]), &set_big),
        Some(CqlValue::Set(vec![CqlValue::BigInt(1)]))
    );
    let map = coll(
        true,
        CollectionType::Map(Box::new(native(N::Text)), Box::new(native(N::Int))),
    );
    assert_eq!(type_name(&map), "frozen<map<text, int>>");
    assert_eq!(
        ok(
            Value::Map(vec![(Value::Text("a".into()), Value::Int(1))]),
            &map
        ),
        Some(CqlValue::Map(vec![(
            CqlValue::Text("a".into()),
            CqlValue::Int(1)
        )]))
    );
    let e = err(
        Value::List(vec![Value::Int(1), Value::Int(1 << 40)]),
        &list_int,
    );
    assert_eq!(e.column_type, "int", "the failing element's type: {e:?}");
    assert!(err(Value::List(vec![Value::Null]), &list_int)
        .detail
        .contains("null"));
    assert_eq!(err(Value::Map(vec![]), &list_int).value, "map");
}

#[test]
fn null_fits_everything() {
    assert_eq!(ok(Value::Null, &native(NativeType::Int)), None);
    assert_eq!(
        ok(
            Value::Null,
            &coll(
                false,
                CollectionType::List(Box::new(native(NativeType::Int)))
            )
        ),
        None
    );
}

#[test]
fn taking_a_value_converts_exactly_like_borrowing_it() {
    use NativeType as N;
    let cases = [
        (Value::Blob(vec![1, 2, 3]), native(N::Blob)),
        (Value::Text("héllo".into()), native(N::Text)),
        (Value::Text("plain".into()), native(N::Ascii)),
        (Value::Text("héllo".into()), native(N::Ascii)),
        (Value::Text("abc".into()), native(N::Blob)),
        (Value::Text("10.0.0.1".into()), native(N::Inet)),
        (Value::Blob(vec![9]), native(N::Text)),
        (Value::Int(7), native(N::Int)),
        (Value::Null, native(N::Blob)),
        (
            Value::List(vec![Value::Text("a".into())]),
            coll(false, CollectionType::List(Box::new(native(N::Text)))),
        ),
    ];
    for (value, typ) in cases {
        assert_eq!(
            into_cql(value.clone(), &typ),
            to_cql(&value, &typ),
            "{value:?} into {}",
            type_name(&typ)
        );
    }
}
