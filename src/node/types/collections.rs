//! Collection and tuple literals (`[1, 2]`, `{'a', 'b'}`, `{'k': 1}`, `(1, 'x')`), and the
//! canonical form of set and map values.
//!
//! Cassandra keeps sets sorted and free of duplicates, and maps sorted by key with one entry
//! per key, in both literals and bound values (a frozen set is compared and stored by its
//! bytes, so `{2, 1}` and `{1, 2}` must serialize identically). Elements cannot be null;
//! an unset element makes the whole list, set or map value unset, as in Cassandra.

use super::codec::{decode_collection, decode_map, encode_collection, encode_map, encode_tuple};
use super::compare::compare;
use super::literal::{assignable, evaluate_for, term_text, Receiver};
use super::{type_name, CqlType};
use crate::node::cql::ast::Term;
use crate::node::error::{CqlError, CqlResult};
use crate::node::exec::BoundValue;
use std::cmp::Ordering;

fn invalid(msg: String) -> CqlError {
    CqlError::Invalid(msg)
}

fn null_inside() -> CqlError {
    invalid("null is not supported inside collections".into())
}

/// A `[...]` literal.
pub(crate) fn list(
    receiver: &Receiver<'_>,
    items: &[Term],
    bound: &[BoundValue],
) -> CqlResult<BoundValue> {
    let CqlType::List { elem, .. } = receiver.ty else {
        return Err(invalid(format!(
            "Invalid list literal for {}",
            receiver.plain()
        )));
    };
    check_elements(receiver, "list", items, elem)?;
    Ok(
        match elements(&receiver.child("value", elem), items, bound)? {
            Some(values) => BoundValue::Value(encode_collection(&values)),
            None => BoundValue::Unset,
        },
    )
}

/// A non-empty `{...}` literal without colons.
pub(crate) fn set(
    receiver: &Receiver<'_>,
    items: &[Term],
    bound: &[BoundValue],
) -> CqlResult<BoundValue> {
    let CqlType::Set { elem, .. } = receiver.ty else {
        return Err(invalid(format!(
            "Invalid set literal for {}",
            receiver.plain()
        )));
    };
    check_elements(receiver, "set", items, elem)?;
    Ok(
        match elements(&receiver.child("value", elem), items, bound)? {
            Some(values) => BoundValue::Value(encode_collection(&sorted_set(elem, values))),
            None => BoundValue::Unset,
        },
    )
}

/// A `{k: v, ...}` literal, or `{}` (an empty map or an empty set).
pub(crate) fn map(
    receiver: &Receiver<'_>,
    entries: &[(Term, Term)],
    bound: &[BoundValue],
) -> CqlResult<BoundValue> {
    let (key_ty, value_ty) = match receiver.ty {
        CqlType::Map { key, value, .. } => (key, value),
        // Cassandra parses `{}` as an empty set literal and lets it stand for either.
        CqlType::Set { .. } if entries.is_empty() => {
            return Ok(BoundValue::Value(encode_collection(&[])))
        }
        _ if entries.is_empty() => {
            return Err(invalid(format!(
                "Invalid set literal for {}",
                receiver.plain()
            )))
        }
        _ => {
            return Err(invalid(format!(
                "Invalid map literal for {}",
                receiver.plain()
            )))
        }
    };
    for (k, v) in entries {
        for (term, ty, what) in [(k, key_ty, "key"), (v, value_ty, "value")] {
            if !assignable(term, ty) {
                return Err(invalid(format!(
                    "Invalid map literal for {}: {what} {} is not of type {}",
                    receiver.label(),
                    term_text(term),
                    type_name(ty)
                )));
            }
        }
    }
    let (key_receiver, value_receiver) = (
        receiver.child("key", key_ty),
        receiver.child("value", value_ty),
    );
    let mut pairs = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let key = match evaluate_for(&key_receiver, k, bound)? {
            BoundValue::Value(bytes) => bytes,
            BoundValue::Null => return Err(null_inside()),
            BoundValue::Unset => {
                return Err(invalid("unset value is not supported for map keys".into()))
            }
        };
        match evaluate_for(&value_receiver, v, bound)? {
            BoundValue::Value(value) => pairs.push((key, value)),
            BoundValue::Null => return Err(null_inside()),
            BoundValue::Unset => return Ok(BoundValue::Unset),
        }
    }
    Ok(BoundValue::Value(encode_map(&sorted_map(key_ty, pairs))))
}

/// A `(a, b, ...)` literal: at most as many components as the tuple type; nulls allowed.
pub(crate) fn tuple(
    receiver: &Receiver<'_>,
    items: &[Term],
    bound: &[BoundValue],
) -> CqlResult<BoundValue> {
    let CqlType::Tuple(fields) = receiver.ty else {
        return Err(invalid(format!(
            "Invalid tuple type literal for {}",
            receiver.plain()
        )));
    };
    if items.len() > fields.len() {
        return Err(invalid(format!(
            "Invalid tuple literal for {}: too many elements. Type {} expects {} but got {}",
            receiver.label(),
            type_name(receiver.ty),
            fields.len(),
            items.len()
        )));
    }
    let mut values = Vec::with_capacity(items.len());
    for (i, (item, field)) in items.iter().zip(fields).enumerate() {
        if !assignable(item, field) {
            return Err(invalid(format!(
                "Invalid tuple literal for {}: component {i} is not of type {}",
                receiver.label(),
                type_name(field)
            )));
        }
        let component = Receiver {
            name: receiver.name.as_ref().map(|n| format!("{n}[{i}]")),
            ty: field,
        };
        values.push(match evaluate_for(&component, item, bound)? {
            BoundValue::Value(bytes) => Some(bytes),
            BoundValue::Null => None,
            BoundValue::Unset => {
                return Err(invalid(format!(
                    "Invalid unset value for tuple field number {i}"
                )))
            }
        });
    }
    Ok(BoundValue::Value(encode_tuple(&values)))
}

/// Every element of a list or set literal must be assignable to the element type.
fn check_elements(
    receiver: &Receiver<'_>,
    kind: &str,
    items: &[Term],
    elem: &CqlType,
) -> CqlResult<()> {
    match items.iter().find(|item| !assignable(item, elem)) {
        Some(item) => Err(invalid(format!(
            "Invalid {kind} literal for {}: value {} is not of type {}",
            receiver.label(),
            term_text(item),
            type_name(elem)
        ))),
        None => Ok(()),
    }
}

/// Evaluate elements; `None` when one of them is unset.
fn elements(
    receiver: &Receiver<'_>,
    items: &[Term],
    bound: &[BoundValue],
) -> CqlResult<Option<Vec<Vec<u8>>>> {
    let mut values = Vec::with_capacity(items.len());
    for item in items {
        match evaluate_for(receiver, item, bound)? {
            BoundValue::Value(bytes) => values.push(bytes),
            BoundValue::Null => return Err(null_inside()),
            BoundValue::Unset => return Ok(None),
        }
    }
    Ok(Some(values))
}

/// Sort set elements by the element comparator, keeping the first of equal elements.
fn sorted_set(elem: &CqlType, mut values: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    values.sort_by(|a, b| compare(elem, a, b));
    values.dedup_by(|later, earlier| compare(elem, later, earlier) == Ordering::Equal);
    values
}

/// Sort map entries by key; for equal keys keep the first key and the last value.
fn sorted_map(key: &CqlType, mut pairs: Vec<(Vec<u8>, Vec<u8>)>) -> Vec<(Vec<u8>, Vec<u8>)> {
    pairs.sort_by(|a, b| compare(key, &a.0, &b.0));
    let mut out: Vec<(Vec<u8>, Vec<u8>)> = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        match out.last_mut() {
            Some(last) if compare(key, &last.0, &k) == Ordering::Equal => last.1 = v,
            _ => out.push((k, v)),
        }
    }
    out
}

/// The canonical form of a validated value: sets sorted and de-duplicated, maps sorted by
/// key with unique keys, recursively inside collections. Other values are returned as is.
pub(crate) fn normalize(ty: &CqlType, bytes: &[u8]) -> CqlResult<Vec<u8>> {
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    match ty {
        CqlType::List { elem, .. } => {
            let items = normalize_all(elem, decode_collection(bytes)?)?;
            Ok(encode_collection(&items))
        }
        CqlType::Set { elem, .. } => {
            let items = normalize_all(elem, decode_collection(bytes)?)?;
            Ok(encode_collection(&sorted_set(elem, items)))
        }
        CqlType::Map { key, value, .. } => {
            let mut pairs = Vec::new();
            for (k, v) in decode_map(bytes)? {
                pairs.push((normalize(key, &k)?, normalize(value, &v)?));
            }
            Ok(encode_map(&sorted_map(key, pairs)))
        }
        _ => Ok(bytes.to_vec()),
    }
}

fn normalize_all(elem: &CqlType, items: Vec<Vec<u8>>) -> CqlResult<Vec<Vec<u8>>> {
    items.iter().map(|item| normalize(elem, item)).collect()
}

#[cfg(test)]
#[path = "collections_tests.rs"]
mod tests;
