//! Tests of type names and protocol type options.

use super::*;

fn list(elem: CqlType, frozen: bool) -> CqlType {
    CqlType::List {
        elem: Box::new(elem),
        frozen,
    }
}

fn map(key: CqlType, value: CqlType, frozen: bool) -> CqlType {
    CqlType::Map {
        key: Box::new(key),
        value: Box::new(value),
        frozen,
    }
}

#[test]
fn names_as_system_schema_writes_them() {
    assert_eq!(type_name(&CqlType::Text), "text");
    assert_eq!(type_name(&CqlType::TimeUuid), "timeuuid");
    assert_eq!(type_name(&list(CqlType::Int, false)), "list<int>");
    assert_eq!(type_name(&list(CqlType::Int, true)), "frozen<list<int>>");
    assert_eq!(
        type_name(&map(CqlType::Text, CqlType::BigInt, false)),
        "map<text, bigint>"
    );
    let set_of_lists = CqlType::Set {
        elem: Box::new(list(CqlType::Int, true)),
        frozen: false,
    };
    assert_eq!(type_name(&set_of_lists), "set<frozen<list<int>>>");
    let tuple = CqlType::Tuple(vec![CqlType::Int, CqlType::Text]);
    assert_eq!(type_name(&tuple), "frozen<tuple<int, text>>");
    assert_eq!(
        type_name(&list(tuple, false)),
        "list<frozen<tuple<int, text>>>"
    );
}

#[test]
fn parse_accepts_cql_spellings() {
    assert_eq!(parse_type_name("varchar"), Ok(CqlType::Text));
    assert_eq!(parse_type_name(" INT "), Ok(CqlType::Int));
    assert_eq!(
        parse_type_name("frozen< map<text,  frozen<list<int>> > >"),
        Ok(map(CqlType::Text, list(CqlType::Int, true), true))
    );
    assert_eq!(
        parse_type_name("tuple<int, varchar, boolean>"),
        Ok(CqlType::Tuple(vec![
            CqlType::Int,
            CqlType::Text,
            CqlType::Boolean
        ]))
    );
}

#[test]
fn parse_inverts_type_name() {
    let types = [
        CqlType::Duration,
        CqlType::Counter,
        list(map(CqlType::Uuid, CqlType::Inet, true), false),
        CqlType::Set {
            elem: Box::new(CqlType::Tuple(vec![CqlType::Date, CqlType::Time])),
            frozen: true,
        },
        map(CqlType::Text, list(CqlType::Decimal, true), false),
    ];
    for ty in types {
        assert_eq!(parse_type_name(&type_name(&ty)), Ok(ty.clone()), "{ty:?}");
    }
}

#[test]
fn parse_rejects_unknown_and_malformed() {
    let unknown = |s: &str| CqlError::Invalid(format!("Unknown type {s}"));
    assert_eq!(parse_type_name("strng"), Err(unknown("strng")));
    assert_eq!(parse_type_name("list<int"), Err(unknown("list<int")));
    assert_eq!(parse_type_name("map<int>"), Err(unknown("map<int>")));
    assert_eq!(parse_type_name("int int"), Err(unknown("int int")));
    assert_eq!(parse_type_name(""), Err(unknown("")));
    assert_eq!(parse_type_name("list<>"), Err(unknown("list<>")));
    assert!(matches!(
        parse_type_name("frozen<int>"),
        Err(CqlError::Invalid(msg)) if msg.starts_with("frozen<> is only allowed")
    ));
}

#[test]
fn protocol_options() {
    let option = |ty: &CqlType| {
        let mut out = Vec::new();
        write_type_option(ty, &mut out);
        out
    };
    assert_eq!(option(&CqlType::Text), vec![0x00, 0x0D]);
    assert_eq!(option(&CqlType::Ascii), vec![0x00, 0x01]);
    assert_eq!(option(&CqlType::Timestamp), vec![0x00, 0x0B]);
    assert_eq!(option(&CqlType::Duration), vec![0x00, 0x15]);
    assert_eq!(option(&CqlType::TinyInt), vec![0x00, 0x14]);
    assert_eq!(
        option(&map(CqlType::Text, list(CqlType::Int, true), false)),
        vec![0x00, 0x21, 0x00, 0x0D, 0x00, 0x20, 0x00, 0x09]
    );
    assert_eq!(
        option(&CqlType::Set {
            elem: Box::new(CqlType::Uuid),
            frozen: false
        }),
        vec![0x00, 0x22, 0x00, 0x0C]
    );
    assert_eq!(
        option(&CqlType::Tuple(vec![CqlType::Int, CqlType::Blob])),
        vec![0x00, 0x31, 0x00, 0x02, 0x00, 0x09, 0x00, 0x03]
    );
}
