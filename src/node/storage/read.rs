//! Reading a row as the client sees it: one live value (with write time and remaining TTL)
//! per column, in table column order.
//!
//! Non-frozen collections are assembled from their live element cells and serialized like a
//! frozen value (sets and maps sorted by element order, lists in position order); an empty
//! collection reads as null, as in Cassandra.

use super::clustering::Clustering;
use super::partition::Partition;
use super::row::{ColumnData, Row};
use super::Layout;
use crate::node::schema::ColumnKind;
use crate::node::types::{compare, encode_collection, encode_map, CqlType};

/// A live value with its metadata, for `WRITETIME(col)` and `TTL(col)`.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveCell {
    pub value: Vec<u8>,
    /// Write timestamp (µs); for a collection, the latest of its elements'.
    pub timestamp: i64,
    /// Seconds left before expiry; `None` when the value does not expire.
    pub ttl: Option<i32>,
}

/// One value (or null) per table column.
pub type LiveRow = Vec<Option<LiveCell>>;

/// The live view of `row` of `partition` (or, for `None`, of the partition's static row
/// alone), or `None` when nothing of it is live at `now`.
pub fn live_row(
    layout: &Layout,
    partition: &Partition,
    row: Option<(&Clustering, &Row)>,
    now: i64,
) -> Option<LiveRow> {
    let live = match row {
        Some((_, r)) => r.is_live(now),
        None => partition.static_row.is_live(now),
    };
    if !live {
        return None;
    }
    let mut out = Vec::with_capacity(layout.columns.len());
    let (mut pk, mut ck) = (0, 0);
    for (index, (ty, kind)) in layout.columns.iter().enumerate() {
        let value = match kind {
            ColumnKind::PartitionKey => {
                pk += 1;
                partition.key.get(pk - 1).map(|v| key_cell(v))
            }
            ColumnKind::Clustering => {
                ck += 1;
                row.and_then(|(c, _)| c.values.get(ck - 1))
                    .map(|v| key_cell(v))
            }
            ColumnKind::Static => partition
                .static_row
                .column(index)
                .and_then(|d| live_value(ty, d, now)),
            ColumnKind::Regular => row
                .and_then(|(_, r)| r.column(index))
                .and_then(|d| live_value(ty, d, now)),
        };
        out.push(value);
    }
    Some(out)
}

fn key_cell(value: &[u8]) -> LiveCell {
    LiveCell {
        value: value.to_vec(),
        timestamp: 0,
        ttl: None,
    }
}

/// The live value of one column's data at `now`.
pub fn live_value(ty: &CqlType, data: &ColumnData, now: i64) -> Option<LiveCell> {
    match data {
        ColumnData::Simple(cell) => cell.live_value(now).map(|v| LiveCell {
            value: v.to_vec(),
            timestamp: cell.timestamp,
            ttl: cell.ttl_left(now),
        }),
        ColumnData::Complex { cells, .. } => {
            let live: Vec<(&Vec<u8>, &[u8], i64)> = cells
                .iter()
                .filter_map(|(p, c)| c.live_value(now).map(|v| (p, v, c.timestamp)))
                .collect();
            let timestamp = live.iter().map(|(_, _, ts)| *ts).max()?;
            let value = match ty {
                CqlType::List { .. } => {
                    encode_collection(&live.iter().map(|(_, v, _)| v.to_vec()).collect::<Vec<_>>())
                }
                CqlType::Set { elem, .. } => {
                    let mut items: Vec<Vec<u8>> = live.iter().map(|(p, _, _)| p.to_vec()).collect();
                    items.sort_by(|a, b| compare(elem, a, b));
                    encode_collection(&items)
                }
                CqlType::Map { key, .. } => {
                    let mut entries: Vec<(Vec<u8>, Vec<u8>)> = live
                        .iter()
                        .map(|(p, v, _)| (p.to_vec(), v.to_vec()))
                        .collect();
                    entries.sort_by(|a, b| compare(key, &a.0, &b.0));
                    encode_map(&entries)
                }
                _ => return None,
            };
            Some(LiveCell {
                value,
                timestamp,
                ttl: None,
            })
        }
    }
}
