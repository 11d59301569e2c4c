//! Scalar constants (`'text'`, `42`, `1.5`, `true`, `0xcafe`, a uuid, `12h`) turned into the
//! serialized value of a given type.
//!
//! Cassandra first checks that the kind of constant may be assigned to the type (a string is
//! fine for `text`, `inet`, `date`, `time` and `timestamp`, never for `int` or `uuid`; an
//! integer fits every numeric and temporal type, ...) and reports "Invalid STRING constant
//! (foo) for "k" of type int" otherwise; then it parses the text with the type's own parser.
//! Both steps, with their messages, are reproduced here.

use super::codec::hex;
use super::datetime::{parse_date, parse_time, parse_timestamp};
use super::duration::duration_bytes;
use super::literal::Receiver;
use super::numbers;
use super::CqlType;
use crate::node::cql::ast::Literal;
use crate::node::error::{CqlError, CqlResult};
use std::net::IpAddr;

/// The kind of a constant, named as Cassandra names it in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Integer,
    Uuid,
    Float,
    Boolean,
    Hex,
    Duration,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::String => "STRING",
            Kind::Integer => "INTEGER",
            Kind::Uuid => "UUID",
            Kind::Float => "FLOAT",
            Kind::Boolean => "BOOLEAN",
            Kind::Hex => "HEX",
            Kind::Duration => "DURATION",
        }
    }
}

/// The kind and text of a scalar constant; `None` for null and collection literals.
pub(crate) fn classify(literal: &Literal) -> Option<(Kind, String)> {
    Some(match literal {
        Literal::String(s) => (Kind::String, s.clone()),
        Literal::Integer(s) => (Kind::Integer, s.clone()),
        Literal::Float(s) => (Kind::Float, s.clone()),
        Literal::Bool(b) => (Kind::Boolean, b.to_string()),
        Literal::Blob(b) => (Kind::Hex, format!("0x{}", hex(b))),
        Literal::Uuid(u) => (Kind::Uuid, u.to_string()),
        Literal::Duration(s) => (Kind::Duration, s.clone()),
        Literal::Null
        | Literal::List(_)
        | Literal::Set(_)
        | Literal::Map(_)
        | Literal::Tuple(_) => return None,
    })
}

/// Whether a constant of `kind` may be assigned to `ty` (Cassandra's `testAssignment`).
pub(crate) fn assignable(kind: Kind, ty: &CqlType) -> bool {
    use CqlType as T;
    match kind {
        Kind::String => matches!(
            ty,
            T::Ascii | T::Text | T::Inet | T::Date | T::Time | T::Timestamp
        ),
        Kind::Integer => matches!(
            ty,
            T::BigInt
                | T::Counter
                | T::Date
                | T::Decimal
                | T::Double
                | T::Duration
                | T::Float
                | T::Int
                | T::SmallInt
                | T::Time
                | T::Timestamp
                | T::TinyInt
                | T::Varint
        ),
        Kind::Uuid => matches!(ty, T::Uuid | T::TimeUuid),
        Kind::Float => matches!(ty, T::Decimal | T::Double | T::Float),
        Kind::Boolean => matches!(ty, T::Boolean),
        Kind::Hex => matches!(ty, T::Blob),
        Kind::Duration => matches!(ty, T::Duration),
    }
}

/// The type a constant is most naturally read as (Cassandra's "preferred type"), used to
/// pick between overloaded functions.
pub(crate) fn preferred_type(kind: Kind, text: &str) -> Option<CqlType> {
    Some(match kind {
        Kind::String if text.is_ascii() => CqlType::Ascii,
        Kind::String => CqlType::Text,
        Kind::Integer => match text.parse::<i64>() {
            Ok(v) if i32::try_from(v).is_ok() => CqlType::Int,
            Ok(_) => CqlType::BigInt,
            Err(_) => CqlType::Varint,
        },
        Kind::Uuid => match uuid::Uuid::parse_str(text).map(|u| u.get_version_num()) {
            Ok(1) => CqlType::TimeUuid,
            _ => CqlType::Uuid,
        },
        Kind::Float => CqlType::Double,
        Kind::Boolean => CqlType::Boolean,
        Kind::Hex => CqlType::Blob,
        Kind::Duration => CqlType::Duration,
    })
}

/// The serialized value of a scalar constant for `receiver`.
pub(crate) fn constant(receiver: &Receiver<'_>, literal: &Literal) -> CqlResult<Vec<u8>> {
    let Some((kind, text)) = classify(literal) else {
        return Err(CqlError::Invalid(format!(
            "Invalid constant for {}",
            receiver.quoted()
        )));
    };
    if !assignable(kind, receiver.ty) {
        return Err(CqlError::Invalid(format!(
            "Invalid {} constant ({text}) for {}",
            kind.name(),
            receiver.quoted()
        )));
    }
    match literal {
        Literal::Blob(bytes) => Ok(bytes.clone()),
        Literal::Uuid(id) => uuid_bytes(receiver.ty, id),
        Literal::Bool(b) => Ok(vec![u8::from(*b)]),
        _ => parse(receiver.ty, &text),
    }
}

fn uuid_bytes(ty: &CqlType, id: &uuid::Uuid) -> CqlResult<Vec<u8>> {
    if *ty == CqlType::TimeUuid && id.get_version_num() != 1 {
        return Err(CqlError::Invalid(
            "TimeUUID supports only version 1 UUIDs".into(),
        ));
    }
    Ok(id.as_bytes().to_vec())
}

/// Parse constant text with the parser of `ty` (Cassandra's `AbstractType.fromString`).
fn parse(ty: &CqlType, text: &str) -> CqlResult<Vec<u8>> {
    // Every type reads the empty string as the empty value.
    if text.is_empty() {
        return Ok(Vec::new());
    }
    match ty {
        CqlType::Text => Ok(text.as_bytes().to_vec()),
        CqlType::Ascii if text.is_ascii() => Ok(text.as_bytes().to_vec()),
        CqlType::Ascii => Err(CqlError::Invalid(
            "Invalid ASCII character in string literal: \
             java.nio.charset.UnmappableCharacterException: Input length = 1"
                .into(),
        )),
        CqlType::Inet => inet(text),
        CqlType::Timestamp => parse_timestamp(text).map(|v| v.to_be_bytes().to_vec()),
        CqlType::Date => parse_date(text),
        CqlType::Time => parse_time(text).map(|v| v.to_be_bytes().to_vec()),
        CqlType::TinyInt => numbers::fixed_int(text, 1, "byte"),
        CqlType::SmallInt => numbers::fixed_int(text, 2, "short"),
        CqlType::Int => numbers::fixed_int(text, 4, "int"),
        CqlType::BigInt | CqlType::Counter => numbers::fixed_int(text, 8, "long"),
        CqlType::Varint => numbers::varint(text),
        CqlType::Float => numbers::float(text),
        CqlType::Double => numbers::double(text),
        CqlType::Decimal => numbers::decimal(text),
        CqlType::Duration => duration_bytes(text),
        other => Err(CqlError::Invalid(format!(
            "Invalid constant ({text}) for type {}",
            super::type_name(other)
        ))),
    }
}

/// An IP address in text form. Like Java's `InetAddress`, an IPv4-mapped IPv6 address
/// becomes the 4-byte IPv4 address. Host names other than `localhost` are not resolved.
fn inet(text: &str) -> CqlResult<Vec<u8>> {
    let fail = || CqlError::Invalid(format!("Unable to make inet address from '{text}'"));
    let bare = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    let addr = if bare.eq_ignore_ascii_case("localhost") {
        IpAddr::from([127, 0, 0, 1])
    } else {
        bare.parse::<IpAddr>().map_err(|_| fail())?
    };
    Ok(match addr {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.octets().to_vec(),
            None => v6.octets().to_vec(),
        },
    })
}

#[cfg(test)]
#[path = "constants_tests.rs"]
mod tests;
