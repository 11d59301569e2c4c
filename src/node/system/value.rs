//! Serialized cells for system rows: each helper returns one column value in its native
//! protocol form (`None` = null), so row builders read like the row they build.

use std::net::IpAddr;

use uuid::Uuid;

use crate::node::types::{encode_collection, encode_map};

/// One cell of a row: the serialized value, or `None` for null.
pub type Cell = Option<Vec<u8>>;

pub fn text(value: &str) -> Cell {
    Some(value.as_bytes().to_vec())
}

pub fn int(value: i32) -> Cell {
    Some(value.to_be_bytes().to_vec())
}

/// A `bigint` from a count (saturating at `i64::MAX`).
pub fn bigint(value: u64) -> Cell {
    Some(
        i64::try_from(value)
            .unwrap_or(i64::MAX)
            .to_be_bytes()
            .to_vec(),
    )
}

pub fn boolean(value: bool) -> Cell {
    Some(vec![u8::from(value)])
}

pub fn double(value: f64) -> Cell {
    Some(value.to_be_bytes().to_vec())
}

pub fn uuid(value: Uuid) -> Cell {
    Some(value.as_bytes().to_vec())
}

pub fn inet(value: IpAddr) -> Cell {
    Some(match value {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    })
}

pub fn blob(value: &[u8]) -> Cell {
    Some(value.to_vec())
}

/// A `set<text>` or `list<text>`.
pub fn text_collection<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Cell {
    let items: Vec<Vec<u8>> = items
        .into_iter()
        .map(|s| s.as_ref().as_bytes().to_vec())
        .collect();
    Some(encode_collection(&items))
}

/// A `map<text, text>` (or `map<text, blob>` when the values are already bytes).
pub fn text_map<K: AsRef<str>, V: AsRef<[u8]>>(entries: impl IntoIterator<Item = (K, V)>) -> Cell {
    let entries: Vec<(Vec<u8>, Vec<u8>)> = entries
        .into_iter()
        .map(|(k, v)| (k.as_ref().as_bytes().to_vec(), v.as_ref().to_vec()))
        .collect();
    Some(encode_map(&entries))
}
