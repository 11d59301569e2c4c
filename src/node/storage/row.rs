//! One row: its primary-key liveness (the row marker INSERT writes), its deletion, and its
//! column data; simple columns hold one [`Cell`], non-frozen collections hold one cell per
//! element plus a collection-wide deletion (so an overwrite is "tombstone + new cells").
//!
//! Writes arrive as resolved [`ColumnWrite`]s (see [`super::mutation`]): list operations that
//! depend on the current list have already been turned into per-element cells. Data shadowed
//! by a deletion is dropped when the deletion arrives and ignored when it arrives later, so a
//! read only has to check expiry.

use std::collections::BTreeMap;

use super::cell::{shadowed, Cell, Deletion};

/// The stored data of one column of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// A simple column, a frozen collection or a counter.
    Simple(Cell),
    /// A non-frozen collection: cells keyed by path (set element, map key, list position).
    Complex {
        deletion: Option<Deletion>,
        cells: BTreeMap<Vec<u8>, Cell>,
    },
}

/// A write to one column, after list operations have been resolved against current data.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnWrite {
    /// Write (or tombstone) a simple column.
    Cell(Cell),
    /// Add to a counter.
    CounterAdd { delta: i64, timestamp: i64 },
    /// Delete a whole collection (also the first half of an overwrite).
    DeleteCollection(Deletion),
    /// Write (or tombstone) collection elements by path.
    Elements(Vec<(Vec<u8>, Cell)>),
}

/// One row (or the static row) of a partition.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// Primary-key liveness written by INSERT (a cell with an empty value).
    pub marker: Option<Cell>,
    pub deletion: Option<Deletion>,
    /// Column data by column index in the table, sorted by index.
    pub columns: Vec<(usize, ColumnData)>,
}

impl Row {
    /// The data of column `index`, if any.
    pub fn column(&self, index: usize) -> Option<&ColumnData> {
        self.columns
            .binary_search_by_key(&index, |(i, _)| *i)
            .ok()
            .and_then(|pos| self.columns.get(pos))
            .map(|(_, d)| d)
    }

    /// Set the row deletion and drop the data it shadows.
    pub fn delete(&mut self, deletion: Deletion) {
        self.deletion = Deletion::latest(self.deletion, Some(deletion));
        self.purge_shadowed(deletion);
    }

    /// Drop everything written at or before `deletion` (it was deleted by something above).
    pub fn purge_shadowed(&mut self, deletion: Deletion) {
        if self
            .marker
            .as_ref()
            .is_some_and(|m| deletion.shadows(m.timestamp))
        {
            self.marker = None;
        }
        for (_, data) in self.columns.iter_mut() {
            match data {
                ColumnData::Simple(_) => {}
                ColumnData::Complex { cells, .. } => {
                    cells.retain(|_, c| !deletion.shadows(c.timestamp))
                }
            }
        }
        self.columns.retain(|(_, data)| match data {
            ColumnData::Simple(c) => !deletion.shadows(c.timestamp),
            ColumnData::Complex { deletion: d, cells } => {
                !cells.is_empty() || d.is_some_and(|d| d.timestamp > deletion.timestamp)
            }
        });
    }

    /// Write the row marker unless `outer` (the deletions above this row) shadows it.
    pub fn write_marker(&mut self, marker: Cell, outer: Option<Deletion>, now: i64) {
        let effective = Deletion::latest(outer, self.deletion);
        if shadowed(effective, marker.timestamp) {
            return;
        }
        match &mut self.marker {
            Some(slot) => Cell::reconcile_into(slot, marker, now),
            None => self.marker = Some(marker),
        }
    }

    /// Apply one column write unless shadowed by `outer` or the row deletion.
    pub fn write(&mut self, index: usize, write: ColumnWrite, outer: Option<Deletion>, now: i64) {
        let effective = Deletion::latest(outer, self.deletion);
        let pos = match self.columns.binary_search_by_key(&index, |(i, _)| *i) {
            Ok(pos) => pos,
            Err(pos) => {
                let fresh = match write {
                    ColumnWrite::Cell(_) | ColumnWrite::CounterAdd { .. } => {
                        ColumnData::Simple(Cell::tombstone(i64::MIN))
                    }
                    _ => ColumnData::Complex {
                        deletion: None,
                        cells: BTreeMap::new(),
                    },
                };
                self.columns.insert(pos, (index, fresh));
                pos
            }
        };
        if let Some((_, data)) = self.columns.get_mut(pos) {
            apply_write(data, write, effective, now);
        }
        if self
            .columns
            .get(pos)
            .is_some_and(|(_, d)| is_placeholder(d))
        {
            self.columns.remove(pos);
        }
    }

    /// Drop expired cells and markers (lazy purge); true when nothing at all remains.
    pub fn purge_expired(&mut self, now: i64) -> bool {
        if self.marker.as_ref().is_some_and(|m| m.is_expired(now)) {
            self.marker = None;
        }
        for (_, data) in self.columns.iter_mut() {
            if let ColumnData::Complex { cells, .. } = data {
                cells.retain(|_, c| !c.is_expired(now));
            }
        }
        self.columns.retain(|(_, data)| match data {
            ColumnData::Simple(c) => !c.is_expired(now),
            ColumnData::Complex { deletion, cells } => deletion.is_some() || !cells.is_empty(),
        });
        self.is_empty()
    }

    /// The earliest expiry second of the row's expiring cells, if any.
    pub fn earliest_expiry(&self) -> Option<i64> {
        let mut cells: Vec<&Cell> = self.marker.iter().collect();
        for (_, data) in &self.columns {
            match data {
                ColumnData::Simple(c) => cells.push(c),
                ColumnData::Complex {
                    cells: elements, ..
                } => cells.extend(elements.values()),
            }
        }
        cells
            .iter()
            .filter(|c| c.ttl > 0 && c.value.is_some())
            .map(|c| c.expires)
            .min()
    }

    /// True when the row holds no marker, no deletion and no column data.
    pub fn is_empty(&self) -> bool {
        self.marker.is_none() && self.deletion.is_none() && self.columns.is_empty()
    }

    /// True when the row has a live marker or a live cell at `now`.
    pub fn is_live(&self, now: i64) -> bool {
        self.marker.as_ref().is_some_and(|m| m.is_live(now))
            || self.columns.iter().any(|(_, d)| data_is_live(d, now))
    }
}

/// True when the column holds at least one live value at `now`.
pub fn data_is_live(data: &ColumnData, now: i64) -> bool {
    match data {
        ColumnData::Simple(c) => c.is_live(now),
        ColumnData::Complex { cells, .. } => cells.values().any(|c| c.is_live(now)),
    }
}

fn is_placeholder(data: &ColumnData) -> bool {
    match data {
        ColumnData::Simple(c) => c.timestamp == i64::MIN && c.value.is_none(),
        ColumnData::Complex { deletion, cells } => deletion.is_none() && cells.is_empty(),
    }
}

fn apply_write(data: &mut ColumnData, write: ColumnWrite, effective: Option<Deletion>, now: i64) {
    match (data, write) {
        (ColumnData::Simple(slot), ColumnWrite::Cell(cell)) => {
            if !shadowed(effective, cell.timestamp) {
                Cell::reconcile_into(slot, cell, now);
            }
        }
        (ColumnData::Simple(slot), ColumnWrite::CounterAdd { delta, timestamp }) => {
            if shadowed(effective, timestamp) {
                return;
            }
            let current = slot
                .live_value(now)
                .and_then(|v| <[u8; 8]>::try_from(v).ok())
                .map(i64::from_be_bytes);
            match current {
                Some(v) => {
                    slot.value = Some(v.wrapping_add(delta).to_be_bytes().to_vec());
                    slot.timestamp = slot.timestamp.max(timestamp);
                }
                None if timestamp > slot.timestamp => {
                    *slot = Cell::live(timestamp, delta.to_be_bytes().to_vec(), 0, now);
                }
                None => {}
            }
        }
        (ColumnData::Complex { deletion, cells }, ColumnWrite::DeleteCollection(d)) => {
            if shadowed(effective, d.timestamp) {
                return;
            }
            *deletion = Deletion::latest(*deletion, Some(d));
            cells.retain(|_, c| !d.shadows(c.timestamp));
        }
        (ColumnData::Complex { deletion, cells }, ColumnWrite::Elements(elements)) => {
            let effective = Deletion::latest(effective, *deletion);
            for (path, cell) in elements {
                if shadowed(effective, cell.timestamp) {
                    continue;
                }
                match cells.get_mut(&path) {
                    Some(slot) => Cell::reconcile_into(slot, cell, now),
                    None => {
                        cells.insert(path, cell);
                    }
                }
            }
        }
        // A write of the wrong shape for the column cannot come from the executor (it
        // resolves writes from the column type); replacing the data keeps the store sane.
        (data, write) => {
            *data = match write {
                ColumnWrite::Cell(c) => ColumnData::Simple(c),
                _ => return,
            }
        }
    }
}
