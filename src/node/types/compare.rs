//! Ordering of serialized values, as Cassandra's comparators order them.
//!
//! Clustering order, set element order, map key order and range restrictions all follow these
//! comparators, and clients observe them in result order, so each type mirrors its Cassandra
//! `AbstractType`: numbers numerically (Java's `Float.compare` for floating point), text and
//! blobs bytewise, `date` as an unsigned day number, UUIDs by version then timestamp, frozen
//! collections and tuples element by element. An empty value sorts before every other value.
//! Malformed values (which validation keeps out of storage) fall back to bytewise order
//! rather than panicking.

use super::bignum::{compare_decimal, compare_varint};
use super::wire::{split_elements, Reader};
use super::CqlType;
use std::cmp::Ordering;

/// Compare two serialized values of `ty`.
pub fn compare(ty: &CqlType, a: &[u8], b: &[u8]) -> Ordering {
    if a.is_empty() || b.is_empty() {
        return b.is_empty().cmp(&a.is_empty());
    }
    compare_non_empty(ty, a, b).unwrap_or_else(|| a.cmp(b))
}

/// `None` when a value does not have the shape its type requires.
fn compare_non_empty(ty: &CqlType, a: &[u8], b: &[u8]) -> Option<Ordering> {
    Some(match ty {
        CqlType::Ascii
        | CqlType::Text
        | CqlType::Blob
        | CqlType::Inet
        | CqlType::Date
        | CqlType::Time
        | CqlType::Duration => a.cmp(b),
        CqlType::Boolean => (first(a)? != 0).cmp(&(first(b)? != 0)),
        CqlType::TinyInt => (first(a)? as i8).cmp(&(first(b)? as i8)),
        CqlType::SmallInt => i16::from_be_bytes(fixed(a)?).cmp(&i16::from_be_bytes(fixed(b)?)),
        CqlType::Int => i32::from_be_bytes(fixed(a)?).cmp(&i32::from_be_bytes(fixed(b)?)),
        CqlType::BigInt | CqlType::Counter | CqlType::Timestamp => {
            i64::from_be_bytes(fixed(a)?).cmp(&i64::from_be_bytes(fixed(b)?))
        }
        CqlType::Float => {
            java_float_order(f32::from_be_bytes(fixed(a)?), f32::from_be_bytes(fixed(b)?))
        }
        CqlType::Double => {
            java_float_order(f64::from_be_bytes(fixed(a)?), f64::from_be_bytes(fixed(b)?))
        }
        CqlType::Varint => compare_varint(a, b),
        CqlType::Decimal => compare_decimal(split_decimal(a)?, split_decimal(b)?),
        CqlType::Uuid => compare_uuid(fixed(a)?, fixed(b)?),
        CqlType::TimeUuid => compare_timeuuid(fixed(a)?, fixed(b)?),
        CqlType::List { elem, .. } | CqlType::Set { elem, .. } => {
            compare_elements(&[&**elem], a, b)?
        }
        CqlType::Map { key, value, .. } => compare_elements(&[&**key, &**value], a, b)?,
        CqlType::Tuple(fields) => compare_tuples(fields, a, b)?,
    })
}

fn first(bytes: &[u8]) -> Option<u8> {
    match bytes {
        [b] => Some(*b),
        _ => None,
    }
}

fn fixed<const N: usize>(bytes: &[u8]) -> Option<[u8; N]> {
    bytes.try_into().ok()
}

/// Java's `Float.compare` / `Double.compare`: -0.0 < 0.0, and NaN is above everything and
/// equal to itself whatever its sign or payload.
fn java_float_order<F: JavaFloat>(a: F, b: F) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => a.total(b),
    }
}

trait JavaFloat: Copy {
    fn is_nan(self) -> bool;
    fn total(self, other: Self) -> Ordering;
}

impl JavaFloat for f32 {
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
    fn total(self, other: Self) -> Ordering {
        self.total_cmp(&other)
    }
}

impl JavaFloat for f64 {
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
    fn total(self, other: Self) -> Ordering {
        self.total_cmp(&other)
    }
}

/// A decimal value: 4-byte scale, then the unscaled varint.
fn split_decimal(bytes: &[u8]) -> Option<(i32, &[u8])> {
    let scale = i32::from_be_bytes(bytes.get(..4)?.try_into().ok()?);
    Some((scale, bytes.get(4..)?))
}

/// A version 1 UUID's most significant half reordered so that the 60-bit timestamp reads
/// from its high bits: time_hi (with the version nibble), time_mid, time_low.
fn timestamp_order(msb: u64) -> u64 {
    (msb << 48) | ((msb << 16) & 0xFFFF_0000_0000) | (msb >> 32)
}

fn halves(bytes: [u8; 16]) -> (u64, u64) {
    let value = u128::from_be_bytes(bytes);
    ((value >> 64) as u64, value as u64)
}

/// Cassandra's `UUIDType`: by version; version 1 by timestamp, others by their high half
/// unsigned; then the low half unsigned.
fn compare_uuid(a: [u8; 16], b: [u8; 16]) -> Ordering {
    let ((msb_a, lsb_a), (msb_b, lsb_b)) = (halves(a), halves(b));
    let (ver_a, ver_b) = ((msb_a >> 12) & 0xf, (msb_b >> 12) & 0xf);
    ver_a
        .cmp(&ver_b)
        .then_with(|| {
            if ver_a == 1 {
                timestamp_order(msb_a).cmp(&timestamp_order(msb_b))
            } else {
                msb_a.cmp(&msb_b)
            }
        })
        .then_with(|| lsb_a.cmp(&lsb_b))
}

/// Cassandra's `TimeUUIDType`: by timestamp, then the low half compared as *signed* bytes
/// (kept for compatibility in Cassandra; it differs from `UUIDType` on purpose).
fn compare_timeuuid(a: [u8; 16], b: [u8; 16]) -> Ordering {
    let ((msb_a, lsb_a), (msb_b, lsb_b)) = (halves(a), halves(b));
    let signed_bytes = |lsb: u64| (lsb ^ 0x0080_8080_8080_8080) as i64;
    (timestamp_order(msb_a) as i64)
        .cmp(&(timestamp_order(msb_b) as i64))
        .then_with(|| signed_bytes(lsb_a).cmp(&signed_bytes(lsb_b)))
}

/// Frozen lists and sets (`types` = [elem]) or maps (`types` = [key, value]): element by
/// element, then the shorter collection first.
fn compare_elements(types: &[&CqlType], a: &[u8], b: &[u8]) -> Option<Ordering> {
    let left = split_elements(a, types.len()).ok()?;
    let right = split_elements(b, types.len()).ok()?;
    for ((x, y), ty) in left.iter().zip(right.iter()).zip(types.iter().cycle()) {
        let order = compare(ty, x, y);
        if order != Ordering::Equal {
            return Some(order);
        }
    }
    Some(left.len().cmp(&right.len()))
}

/// Tuples field by field; a null field sorts first; a value with fewer fields sorts first.
fn compare_tuples(fields: &[CqlType], a: &[u8], b: &[u8]) -> Option<Ordering> {
    let (mut left, mut right) = (Reader::new(a), Reader::new(b));
    for ty in fields {
        if left.remaining() == 0 || right.remaining() == 0 {
            break;
        }
        let order = match (left.read_element()?, right.read_element()?) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => compare(ty, x, y),
        };
        if order != Ordering::Equal {
            return Some(order);
        }
    }
    Some((left.remaining() > 0).cmp(&(right.remaining() > 0)))
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
