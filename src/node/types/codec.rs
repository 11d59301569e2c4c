//! Validation and (de)serialization of values in native-protocol form.
//!
//! [`validate`] accepts exactly what Cassandra 4.1's type serializers accept and rejects the
//! rest with their messages ("Expected 4 or 0 byte int (3)"), because drivers and tests match
//! on those texts. Like Cassandra, most fixed-size types also accept an empty value; `date`,
//! `time`, `smallint`, `tinyint` and `duration` do not. The collection helpers split and join
//! the `[int n]` + `[int len][bytes]` layouts without panicking on hostile bytes.

use super::vint::read_vint;
use super::wire::{join_elements, join_tuple, split_elements, split_tuple, Reader, SplitError};
use super::CqlType;
use crate::node::error::{CqlError, CqlResult};

/// Check that `bytes` is a valid serialized value of `ty`.
pub fn validate(ty: &CqlType, bytes: &[u8]) -> CqlResult<()> {
    let len = bytes.len();
    match ty {
        CqlType::Ascii => match bytes.iter().find(|b| **b >= 0x80) {
            Some(b) => Err(invalid(format!("Invalid byte for ascii: {}", *b as i8))),
            None => Ok(()),
        },
        CqlType::Text => match std::str::from_utf8(bytes) {
            Ok(_) => Ok(()),
            Err(_) => Err(invalid("String didn't validate.")),
        },
        CqlType::Blob | CqlType::Varint => Ok(()),
        CqlType::Boolean => sized(len, &[1, 0], "Expected 1 or 0 byte value"),
        CqlType::TinyInt => sized(len, &[1], "Expected 1 byte for a tinyint"),
        CqlType::SmallInt => sized(len, &[2], "Expected 2 bytes for a smallint"),
        CqlType::Int => sized(len, &[4, 0], "Expected 4 or 0 byte int"),
        CqlType::BigInt | CqlType::Counter => sized(len, &[8, 0], "Expected 8 or 0 byte long"),
        CqlType::Float => sized(len, &[4, 0], "Expected 4 or 0 byte value for a float"),
        CqlType::Double => sized(len, &[8, 0], "Expected 8 or 0 byte value for a double"),
        CqlType::Timestamp => sized(len, &[8, 0], "Expected 8 or 0 byte long for date"),
        CqlType::Date => sized(len, &[4], "Expected 4 byte long for date"),
        CqlType::Time => sized(len, &[8], "Expected 8 byte long for time"),
        CqlType::Decimal if len != 0 && len < 4 => {
            Err(invalid(format!("Expected 0 or at least 4 bytes ({len})")))
        }
        CqlType::Decimal => Ok(()),
        CqlType::Uuid => sized(len, &[16, 0], "UUID should be 16 or 0 bytes"),
        CqlType::TimeUuid => {
            sized(len, &[16, 0], "UUID should be 16 or 0 bytes")?;
            match bytes.get(6) {
                Some(b) if b & 0xf0 != 0x10 => Err(invalid("Invalid version for TimeUUID type.")),
                _ => Ok(()),
            }
        }
        CqlType::Inet if matches!(len, 0 | 4 | 16) => Ok(()),
        CqlType::Inet => Err(invalid(format!(
            "Expected 4 or 16 byte inetaddress; got {}",
            hex(bytes)
        ))),
        CqlType::Duration => validate_duration(bytes),
        CqlType::List { elem, .. } => validate_elements(bytes, "list", &[&**elem]),
        // Cassandra accepts an empty value for sets and maps (but not for lists).
        CqlType::Set { .. } | CqlType::Map { .. } if bytes.is_empty() => Ok(()),
        CqlType::Set { elem, .. } => validate_elements(bytes, "set", &[&**elem]),
        CqlType::Map { key, value, .. } => validate_elements(bytes, "map", &[&**key, &**value]),
        CqlType::Tuple(fields) => validate_tuple(fields, bytes),
    }
}

/// Split a serialized list or set into its elements. An empty value is an empty collection.
pub fn decode_collection(bytes: &[u8]) -> CqlResult<Vec<Vec<u8>>> {
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let elements = split_elements(bytes, 1).map_err(|e| split_error(e, "collection"))?;
    Ok(elements.into_iter().map(<[u8]>::to_vec).collect())
}

/// Split a serialized map into its entries. An empty value is an empty map.
pub fn decode_map(bytes: &[u8]) -> CqlResult<Vec<(Vec<u8>, Vec<u8>)>> {
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let elements = split_elements(bytes, 2).map_err(|e| split_error(e, "map"))?;
    Ok(elements
        .chunks_exact(2)
        .filter_map(|pair| match pair {
            [key, value] => Some((key.to_vec(), value.to_vec())),
            _ => None,
        })
        .collect())
}

/// Serialize list or set elements.
pub fn encode_collection(items: &[Vec<u8>]) -> Vec<u8> {
    join_elements(items.len(), items.iter().map(Vec::as_slice))
}

/// Serialize map entries.
pub fn encode_map(entries: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let flat = entries
        .iter()
        .flat_map(|(k, v)| [k.as_slice(), v.as_slice()]);
    join_elements(entries.len(), flat)
}

/// Split a serialized tuple into its fields (`None` for a null field). A value may hold fewer
/// fields than its type declares.
pub fn decode_tuple(bytes: &[u8]) -> CqlResult<Vec<Option<Vec<u8>>>> {
    let fields = split_tuple(bytes).ok_or_else(|| invalid("Not enough bytes to read a tuple"))?;
    Ok(fields.into_iter().map(|f| f.map(<[u8]>::to_vec)).collect())
}

/// Serialize tuple fields (`None` for a null field).
pub fn encode_tuple(fields: &[Option<Vec<u8>>]) -> Vec<u8> {
    join_tuple(fields)
}

/// Lowercase hex of `bytes`, as Cassandra prints values in messages.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn invalid(msg: impl Into<String>) -> CqlError {
    CqlError::Invalid(msg.into())
}

/// Accept only the listed lengths; `what` is the message before the actual length.
fn sized(len: usize, allowed: &[usize], what: &str) -> CqlResult<()> {
    if allowed.contains(&len) {
        Ok(())
    } else {
        Err(invalid(format!("{what} ({len})")))
    }
}

fn split_error(err: SplitError, kind: &str) -> CqlError {
    match err {
        SplitError::Truncated => invalid(format!("Not enough bytes to read a {kind}")),
        SplitError::NegativeCount => {
            invalid(format!("The data cannot be deserialized as a {kind}"))
        }
        SplitError::NullElement => invalid("null is not supported inside collections"),
        SplitError::Extraneous => {
            invalid(format!("Unexpected extraneous bytes after {kind} value"))
        }
    }
}

/// Validate a list/set (`types` = [elem]) or map (`types` = [key, value]).
fn validate_elements(bytes: &[u8], kind: &str, types: &[&CqlType]) -> CqlResult<()> {
    let elements = split_elements(bytes, types.len()).map_err(|e| split_error(e, kind))?;
    for (element, ty) in elements.iter().zip(types.iter().cycle()) {
        validate(ty, element)?;
    }
    Ok(())
}

/// A tuple may carry fewer fields than its type (fields added later), never more.
fn validate_tuple(fields: &[CqlType], bytes: &[u8]) -> CqlResult<()> {
    let mut reader = Reader::new(bytes);
    for (i, ty) in fields.iter().enumerate() {
        if reader.remaining() == 0 {
            return Ok(());
        }
        let size = reader
            .read_i32()
            .ok_or_else(|| invalid(format!("Not enough bytes to read size of {i}th component")))?;
        let Ok(size) = usize::try_from(size) else {
            continue; // negative: a null field
        };
        let field = reader
            .take(size)
            .ok_or_else(|| invalid(format!("Not enough bytes to read {i}th component")))?;
        validate(ty, field)?;
    }
    if reader.remaining() != 0 {
        return Err(invalid("Invalid remaining data after end of tuple value"));
    }
    Ok(())
}

/// Three vints (months, days, nanoseconds); months and days fit in 32 bits; all share a sign.
/// Like Cassandra, bytes after the third vint are not inspected.
fn validate_duration(bytes: &[u8]) -> CqlResult<()> {
    if bytes.len() < 3 {
        return Err(invalid(format!(
            "Expected at least 3 bytes for a duration ({})",
            bytes.len()
        )));
    }
    let (months, days, nanos) =
        read_duration(bytes).ok_or_else(|| invalid("Not enough bytes to read a duration"))?;
    for (value, unit) in [(months, "months"), (days, "days")] {
        if i32::try_from(value).is_err() {
            return Err(invalid(format!(
                "The duration {unit} must be a 32 bits integer but was: {value}"
            )));
        }
    }
    let all_non_negative = months >= 0 && days >= 0 && nanos >= 0;
    let all_non_positive = months <= 0 && days <= 0 && nanos <= 0;
    if !all_non_negative && !all_non_positive {
        return Err(invalid(format!(
            "The duration months, days and nanoseconds must be all of the same sign ({months}, {days}, {nanos})"
        )));
    }
    Ok(())
}

/// Decode the (months, days, nanoseconds) vints at the start of a duration value.
pub(crate) fn read_duration(bytes: &[u8]) -> Option<(i64, i64, i64)> {
    let (months, a) = read_vint(bytes)?;
    let (days, b) = read_vint(bytes.get(a..)?)?;
    let (nanos, _) = read_vint(bytes.get(a + b..)?)?;
    Some((months, days, nanos))
}

#[cfg(test)]
#[path = "codec_tests.rs"]
mod tests;
