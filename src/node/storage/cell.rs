//! Cells, deletions and the last-write-wins rules that reconcile them.
//!
//! A [`Cell`] is one value (or a tombstone) with the timestamp of the write that produced it
//! and, for expiring data, its TTL and local expiry second. Reconciliation follows Cassandra's
//! `Cells.reconcile`: the higher timestamp wins; at equal timestamps a dead cell (tombstone or
//! expired) wins over a live one, then the greater value bytes win, then the later expiry.

use std::cmp::Ordering;

/// A deletion: everything written at or before `timestamp` is shadowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deletion {
    /// Write timestamp of the deletion, in microseconds.
    pub timestamp: i64,
    /// Local time of the deletion, in seconds since the epoch.
    pub local_time: i64,
}

impl Deletion {
    pub fn new(timestamp: i64, local_time: i64) -> Self {
        Deletion {
            timestamp,
            local_time,
        }
    }

    /// True when data written at `timestamp` is deleted by this deletion.
    pub fn shadows(&self, timestamp: i64) -> bool {
        timestamp <= self.timestamp
    }

    /// The later of two optional deletions.
    pub fn latest(a: Option<Deletion>, b: Option<Deletion>) -> Option<Deletion> {
        match (a, b) {
            (Some(x), Some(y)) => Some(if y.timestamp > x.timestamp { y } else { x }),
            (x, None) => x,
            (None, y) => y,
        }
    }
}

/// Shorthand: does the optional deletion shadow data written at `timestamp`?
pub fn shadowed(deletion: Option<Deletion>, timestamp: i64) -> bool {
    deletion.is_some_and(|d| d.shadows(timestamp))
}

/// One stored value or tombstone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Write timestamp in microseconds.
    pub timestamp: i64,
    /// The serialized value; `None` for a tombstone.
    pub value: Option<Vec<u8>>,
    /// TTL in seconds as written (0: the cell does not expire).
    pub ttl: i32,
    /// Local second at which the cell expires (meaningful when `ttl > 0`).
    pub expires: i64,
}

impl Cell {
    /// A live cell, expiring after `ttl` seconds from `now` when `ttl > 0`.
    pub fn live(timestamp: i64, value: Vec<u8>, ttl: i32, now: i64) -> Self {
        Cell {
            timestamp,
            value: Some(value),
            ttl,
            expires: if ttl > 0 { now + i64::from(ttl) } else { 0 },
        }
    }

    /// A tombstone written at `timestamp`.
    pub fn tombstone(timestamp: i64) -> Self {
        Cell {
            timestamp,
            value: None,
            ttl: 0,
            expires: 0,
        }
    }

    /// True when the cell holds a value that has not expired at `now` (seconds).
    pub fn is_live(&self, now: i64) -> bool {
        self.value.is_some() && (self.ttl <= 0 || now < self.expires)
    }

    /// True when the cell carried a TTL that has run out at `now`.
    pub fn is_expired(&self, now: i64) -> bool {
        self.value.is_some() && self.ttl > 0 && now >= self.expires
    }

    /// Seconds left before expiry, for `TTL(col)`; `None` for a non-expiring cell.
    pub fn ttl_left(&self, now: i64) -> Option<i32> {
        (self.ttl > 0).then(|| i32::try_from(self.expires - now).unwrap_or(i32::MAX).max(0))
    }

    /// The cell live value at `now`, if any.
    pub fn live_value(&self, now: i64) -> Option<&[u8]> {
        if self.is_live(now) {
            self.value.as_deref()
        } else {
            None
        }
    }

    /// True when `self` wins over `other` under last-write-wins at `now`.
    pub fn supersedes(&self, other: &Cell, now: i64) -> bool {
        match self.timestamp.cmp(&other.timestamp) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => {
                let (a, b) = (self.is_live(now), other.is_live(now));
                if a != b {
                    return !a;
                }
                match self.value.cmp(&other.value) {
                    Ordering::Equal => self.expires > other.expires,
                    ord => ord == Ordering::Greater,
                }
            }
        }
    }

    /// Replace `slot` by `new` when the new cell wins.
    pub fn reconcile_into(slot: &mut Cell, new: Cell, now: i64) {
        if new.supersedes(slot, now) {
            *slot = new;
        }
    }

    /// Turn an expired cell into the tombstone it is equivalent to (drops the value bytes).
    pub fn purge_expired(&mut self, now: i64) {
        if self.is_expired(now) {
            self.value = None;
            self.ttl = 0;
            self.expires = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn higher_timestamp_wins_either_way() {
        let old = Cell::live(10, vec![9], 0, 0);
        let new = Cell::live(11, vec![1], 0, 0);
        assert!(new.supersedes(&old, 0));
        assert!(!old.supersedes(&new, 0));
        assert!(Cell::tombstone(11).supersedes(&old, 0));
        assert!(!Cell::tombstone(9).supersedes(&old, 0));
    }

    #[test]
    fn ties_go_to_tombstone_then_greater_value() {
        let a = Cell::live(10, vec![1], 0, 0);
        let b = Cell::live(10, vec![2], 0, 0);
        assert!(b.supersedes(&a, 0));
        assert!(!a.supersedes(&b, 0));
        let dead = Cell::tombstone(10);
        assert!(dead.supersedes(&b, 0));
        assert!(!b.supersedes(&dead, 0));
    }

    #[test]
    fn expiry_is_relative_to_the_clock() {
        let c = Cell::live(1, vec![1], 5, 100);
        assert!(c.is_live(104));
        assert_eq!(c.ttl_left(101), Some(4));
        assert!(!c.is_live(105));
        assert!(c.is_expired(105));
        let mut p = c.clone();
        p.purge_expired(105);
        assert_eq!(p.value, None);
        assert_eq!(Cell::live(1, vec![], 0, 0).ttl_left(5), None);
    }

    #[test]
    fn deletion_shadows_same_timestamp() {
        let d = Deletion::new(10, 0);
        assert!(d.shadows(10));
        assert!(!d.shadows(11));
        assert!(shadowed(Some(d), 3));
        assert!(!shadowed(None, 3));
        let later = Deletion::new(12, 0);
        assert_eq!(Deletion::latest(Some(d), Some(later)), Some(later));
        assert_eq!(Deletion::latest(None, Some(d)), Some(d));
    }
}
