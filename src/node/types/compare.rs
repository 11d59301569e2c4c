//! Ordering of serialized values, as Cassandra's comparators order them.
use super::CqlType;
use std::cmp::Ordering;

/// Compare two serialized values of `ty`.
pub fn compare(_ty: &CqlType, _a: &[u8], _b: &[u8]) -> Ordering {
    todo!("H1")
}
