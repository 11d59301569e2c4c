//! Clustering keys and slice bounds, ordered the way the table's clustering order says.
//!
//! A [`Clustering`] carries the comparator of its table (types and ASC/DESC per column) so
//! that it can live in a `BTreeMap` as an ordinary key. A key may also be a *bound*: a prefix
//! of the clustering columns that sorts just before ([`BoundKind::Before`]) or just after
//! ([`BoundKind::After`]) every row starting with that prefix, as Cassandra's
//! `ClusteringBound` does. Range queries and range tombstones are expressed with bounds.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::node::cql::ast::Order;
use crate::node::types::{compare, CqlType};

/// The clustering columns of a table: type and order of each.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClusteringOrder {
    pub columns: Vec<(CqlType, Order)>,
}

impl ClusteringOrder {
    /// Compare two (possibly partial) clustering prefixes column by column.
    fn compare_prefix(&self, a: &[Vec<u8>], b: &[Vec<u8>]) -> Ordering {
        for ((x, y), (ty, order)) in a.iter().zip(b.iter()).zip(self.columns.iter()) {
            let ord = compare(ty, x, y);
            let ord = if *order == Order::Desc {
                ord.reverse()
            } else {
                ord
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        Ordering::Equal
    }
}

/// Where a clustering prefix sorts relative to the rows it is a prefix of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BoundKind {
    /// Before every row with this prefix (an inclusive start or exclusive end).
    Before,
    /// A complete key (or, for prefixes, the position of the prefix itself).
    Exact,
    /// After every row with this prefix (an exclusive start or inclusive end).
    After,
}

/// A clustering key or bound with its table's comparator.
#[derive(Debug, Clone)]
pub struct Clustering {
    pub values: Vec<Vec<u8>>,
    pub kind: BoundKind,
    order: Arc<ClusteringOrder>,
}

impl Clustering {
    /// A complete clustering key.
    pub fn key(order: &Arc<ClusteringOrder>, values: Vec<Vec<u8>>) -> Self {
        Clustering {
            values,
            kind: BoundKind::Exact,
            order: Arc::clone(order),
        }
    }

    /// A bound on a clustering prefix.
    pub fn bound(order: &Arc<ClusteringOrder>, values: Vec<Vec<u8>>, kind: BoundKind) -> Self {
        Clustering {
            values,
            kind,
            order: Arc::clone(order),
        }
    }

    /// Inclusive start of a slice at `prefix` (`>=`).
    pub fn start(order: &Arc<ClusteringOrder>, prefix: Vec<Vec<u8>>, inclusive: bool) -> Self {
        let kind = if inclusive {
            BoundKind::Before
        } else {
            BoundKind::After
        };
        Clustering::bound(order, prefix, kind)
    }

    /// End of a slice at `prefix` (`<=` when inclusive, `<` otherwise).
    pub fn end(order: &Arc<ClusteringOrder>, prefix: Vec<Vec<u8>>, inclusive: bool) -> Self {
        let kind = if inclusive {
            BoundKind::After
        } else {
            BoundKind::Before
        };
        Clustering::bound(order, prefix, kind)
    }

    /// True when this key lies in `[start, end]` (bounds compare as positions).
    pub fn within(&self, start: &Clustering, end: &Clustering) -> bool {
        self >= start && self <= end
    }
}

impl Ord for Clustering {
    fn cmp(&self, other: &Self) -> Ordering {
        let ord = self.order.compare_prefix(&self.values, &other.values);
        if ord != Ordering::Equal {
            return ord;
        }
        // Equal on the common prefix: the shorter side decides by its bound kind.
        let (a, b) = (self.values.len(), other.values.len());
        match a.cmp(&b) {
            Ordering::Equal => self.kind.cmp(&other.kind),
            Ordering::Less => match self.kind {
                BoundKind::After => Ordering::Greater,
                _ => Ordering::Less,
            },
            Ordering::Greater => match other.kind {
                BoundKind::After => Ordering::Less,
                _ => Ordering::Greater,
            },
        }
    }
}

impl PartialOrd for Clustering {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Clustering {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Clustering {}
