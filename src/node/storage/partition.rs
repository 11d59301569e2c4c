//! One partition: its key, the partition and range deletions, the static row and the rows in
//! clustering order; and how a [`Mutation`] is applied to it.
//!
//! A mutation is applied in two steps: first every list operation is resolved against the
//! current data (so an out-of-bound index fails the whole mutation before anything changed),
//! then deletions, then writes. Deletions drop the data they shadow right away; later writes
//! that they shadow are ignored, so rows never carry dead data for long.

use std::collections::BTreeMap;
use std::ops::Bound;

use super::cell::{Cell, Deletion};
use super::clustering::Clustering;
use super::mutation::{resolve, Mutation, RangeDeletion, RowMutation};
use super::row::{ColumnWrite, Row};
use crate::node::error::CqlResult;

/// A partition of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    /// The partition key components, serialized, in key order.
    pub key: Vec<Vec<u8>>,
    pub deletion: Option<Deletion>,
    pub ranges: Vec<RangeDeletion>,
    pub static_row: Row,
    pub rows: BTreeMap<Clustering, Row>,
    /// Earliest local second at which some stored cell may expire (`i64::MAX`: none), so
    /// that the lazy purge costs nothing for partitions without TTLs.
    next_expiry: i64,
}

/// A row mutation whose list operations have been resolved.
struct ResolvedRow {
    marker: Option<Cell>,
    deletion: Option<Deletion>,
    writes: Vec<(usize, ColumnWrite)>,
}

impl Partition {
    pub fn new(key: Vec<Vec<u8>>) -> Self {
        Partition {
            key,
            deletion: None,
            ranges: Vec::new(),
            static_row: Row::default(),
            rows: BTreeMap::new(),
            next_expiry: i64::MAX,
        }
    }

    /// The latest deletion above the row at `key`: the partition's or a covering range's.
    pub fn deletion_above(&self, key: &Clustering) -> Option<Deletion> {
        self.ranges
            .iter()
            .filter(|r| key.within(&r.start, &r.end))
            .fold(self.deletion, |acc, r| {
                Deletion::latest(acc, Some(r.deletion))
            })
    }

    /// Rows between two bounds (positions, inclusive), in clustering order or reversed.
    pub fn slice<'a>(
        &'a self,
        start: &Clustering,
        end: &Clustering,
        reversed: bool,
    ) -> Box<dyn Iterator<Item = (&'a Clustering, &'a Row)> + 'a> {
        if start > end {
            return Box::new(std::iter::empty());
        }
        let range = self
            .rows
            .range((Bound::Included(start), Bound::Included(end)));
        if reversed {
            Box::new(range.rev())
        } else {
            Box::new(range)
        }
    }

    /// Apply `mutation` at local time `now` (seconds). Fails, changing nothing, when a list
    /// operation does not fit the current list.
    pub fn apply(&mut self, mutation: Mutation, now: i64) -> CqlResult<()> {
        let static_row = match mutation.static_row {
            Some(m) => Some(resolve_row(m, Some(&self.static_row), now)?),
            None => None,
        };
        let mut rows = Vec::with_capacity(mutation.rows.len());
        for (key, m) in mutation.rows {
            let resolved = resolve_row(m, self.rows.get(&key), now)?;
            rows.push((key, resolved));
        }
        if let Some(d) = mutation.deletion {
            self.delete(d);
        }
        for range in mutation.ranges {
            self.delete_range(range);
        }
        let expiry = static_row
            .iter()
            .chain(rows.iter().map(|(_, r)| r))
            .filter_map(ResolvedRow::earliest_expiry)
            .min();
        if let Some(e) = expiry {
            self.next_expiry = self.next_expiry.min(e);
        }
        if let Some(s) = static_row {
            let outer = self.deletion;
            write_row(&mut self.static_row, s, outer, now);
        }
        for (key, resolved) in rows {
            let outer = self.deletion_above(&key);
            let row = self.rows.entry(key.clone()).or_default();
            write_row(row, resolved, outer, now);
            if row.is_empty() {
                self.rows.remove(&key);
            }
        }
        Ok(())
    }

    fn delete(&mut self, d: Deletion) {
        self.deletion = Deletion::latest(self.deletion, Some(d));
        self.static_row.purge_shadowed(d);
        for row in self.rows.values_mut() {
            row.purge_shadowed(d);
            if row.deletion.is_some_and(|rd| d.shadows(rd.timestamp)) {
                row.deletion = None;
            }
        }
        self.rows.retain(|_, r| !r.is_empty());
        self.ranges.retain(|r| !d.shadows(r.deletion.timestamp));
    }

    fn delete_range(&mut self, range: RangeDeletion) {
        if range.start > range.end
            || self
                .deletion
                .is_some_and(|d| d.shadows(range.deletion.timestamp))
        {
            return;
        }
        let mut emptied = Vec::new();
        for (key, row) in self
            .rows
            .range_mut((Bound::Included(&range.start), Bound::Included(&range.end)))
        {
            row.purge_shadowed(range.deletion);
            if row
                .deletion
                .is_some_and(|rd| range.deletion.shadows(rd.timestamp))
            {
                row.deletion = None;
            }
            if row.is_empty() {
                emptied.push(key.clone());
            }
        }
        for key in emptied {
            self.rows.remove(&key);
        }
        self.ranges.push(range);
    }

    /// Drop expired data (lazy purge); true when the partition holds nothing at all anymore.
    pub fn purge_expired(&mut self, now: i64) -> bool {
        if now < self.next_expiry {
            return false;
        }
        self.static_row.purge_expired(now);
        self.rows.retain(|_, r| !r.purge_expired(now));
        self.next_expiry = std::iter::once(&self.static_row)
            .chain(self.rows.values())
            .filter_map(Row::earliest_expiry)
            .min()
            .unwrap_or(i64::MAX);
        self.is_empty()
    }

    /// True when nothing (not even a tombstone) is stored.
    pub fn is_empty(&self) -> bool {
        self.deletion.is_none()
            && self.ranges.is_empty()
            && self.static_row.is_empty()
            && self.rows.is_empty()
    }

    /// True when some row or static cell is live at `now`.
    pub fn has_live_data(&self, now: i64) -> bool {
        self.static_row.is_live(now) || self.rows.values().any(|r| r.is_live(now))
    }
}

impl ResolvedRow {
    fn earliest_expiry(&self) -> Option<i64> {
        let mut cells: Vec<&Cell> = self.marker.iter().collect();
        for (_, w) in &self.writes {
            match w {
                ColumnWrite::Cell(c) => cells.push(c),
                ColumnWrite::Elements(e) => cells.extend(e.iter().map(|(_, c)| c)),
                _ => {}
            }
        }
        cells.iter().filter(|c| c.ttl > 0).map(|c| c.expires).min()
    }
}

fn resolve_row(m: RowMutation, current: Option<&Row>, now: i64) -> CqlResult<ResolvedRow> {
    let mut writes = Vec::with_capacity(m.ops.len());
    for (index, op) in m.ops {
        writes.push((index, resolve(op, index, current, now)?));
    }
    Ok(ResolvedRow {
        marker: m.marker,
        deletion: m.deletion,
        writes,
    })
}

fn write_row(row: &mut Row, m: ResolvedRow, outer: Option<Deletion>, now: i64) {
    if let Some(d) = m.deletion {
        if !outer.is_some_and(|o| o.shadows(d.timestamp)) {
            row.delete(d);
        }
    }
    if let Some(marker) = m.marker {
        row.write_marker(marker, outer, now);
    }
    for (index, write) in m.writes {
        row.write(index, write, outer, now);
    }
}
