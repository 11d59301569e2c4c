//! In-memory storage: partitions, rows and cells with timestamps, TTLs and tombstones.
//!
//! The [`Store`] maps a table id to its [`TableData`]. Keying by id (not by name) means a table
//! dropped and created again under the same name starts empty, as in Cassandra. Each table's
//! partitions are ordered by token, then key bytes (the Murmur3 partitioner's order), and split
//! into [`SHARDS`] contiguous token ranges, each behind its own mutex: requests for different
//! partitions rarely contend, a full scan walks the shards in order, and holding one shard's
//! lock makes a read-check-write on a partition (LWT) atomic.
//!
//! Time is always passed in (`now`, local seconds) so that TTL expiry can be tested with an
//! injected clock. Expired data is purged lazily, when a partition is next read or written.

mod cell;
mod clustering;
mod mutation;
mod partition;
mod read;
mod row;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use uuid::Uuid;

pub use cell::{Cell, Deletion};
pub use clustering::{BoundKind, Clustering, ClusteringOrder};
pub use mutation::{ColumnOp, Mutation, RangeDeletion, RowMutation};
pub use partition::Partition;
pub use read::{live_row, LiveCell, LiveRow};
pub use row::{ColumnData, ColumnWrite, Row};

use crate::node::error::CqlResult;
use crate::node::schema::{ColumnKind, Table};
use crate::node::types::CqlType;

/// Number of token-range shards per table (a power of two).
pub const SHARDS: usize = 16;
const SHARD_BITS: u32 = SHARDS.trailing_zeros();

/// A partition's position in the ring: its token, then its serialized key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartitionKey {
    pub token: i64,
    pub bytes: Vec<u8>,
}

impl PartitionKey {
    /// The key of a partition given its serialized components, in key order.
    pub fn new(components: &[Vec<u8>]) -> Self {
        let refs: Vec<&[u8]> = components.iter().map(Vec::as_slice).collect();
        PartitionKey {
            token: crate::node::token::token(&refs),
            bytes: serialize_key(components),
        }
    }

    /// The smallest key with `token` (a scan start for `token(k) >= t`).
    pub fn token_start(token: i64) -> Self {
        PartitionKey {
            token,
            bytes: Vec::new(),
        }
    }
}

/// Cassandra's serialized partition key: the component itself when there is one, otherwise
/// each component as a 2-byte length, the bytes and a 0 end-of-component byte.
pub fn serialize_key(components: &[Vec<u8>]) -> Vec<u8> {
    if let [single] = components {
        return single.clone();
    }
    let mut out = Vec::new();
    for c in components {
        out.extend_from_slice(&(c.len().min(u16::MAX as usize) as u16).to_be_bytes());
        out.extend_from_slice(c);
        out.push(0);
    }
    out
}

/// What storage needs to know about a table's columns.
#[derive(Debug, Clone)]
pub struct Layout {
    pub order: Arc<ClusteringOrder>,
    /// Type and kind of each column, in table column order.
    pub columns: Vec<(CqlType, ColumnKind)>,
    pub partition_key_len: usize,
    pub clustering_len: usize,
}

impl Layout {
    pub fn new(table: &Table) -> Self {
        Layout {
            order: Arc::new(ClusteringOrder {
                columns: table
                    .clustering()
                    .iter()
                    .map(|c| (c.ty.clone(), c.order))
                    .collect(),
            }),
            columns: table
                .columns
                .iter()
                .map(|c| (c.ty.clone(), c.kind))
                .collect(),
            partition_key_len: table.partition_key_len,
            clustering_len: table.clustering_len,
        }
    }

    /// A complete clustering key of this table.
    pub fn clustering(&self, values: Vec<Vec<u8>>) -> Clustering {
        Clustering::key(&self.order, values)
    }
}

type Shard = BTreeMap<PartitionKey, Partition>;

/// The data of one table.
pub struct TableData {
    pub layout: Layout,
    shards: Vec<Mutex<Shard>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn shard_of(token: i64) -> usize {
    (((token as u64) ^ (1 << 63)) >> (64 - SHARD_BITS)) as usize
}

impl TableData {
    pub fn new(layout: Layout) -> Self {
        TableData {
            layout,
            shards: (0..SHARDS).map(|_| Mutex::new(BTreeMap::new())).collect(),
        }
    }

    fn shard(&self, token: i64) -> MutexGuard<'_, Shard> {
        // `shard_of` keeps the top SHARD_BITS bits, so it is always < SHARDS.
        lock(&self.shards[shard_of(token) & (SHARDS - 1)])
    }

    /// Run `f` on the partition at `key` (after purging expired data) while holding its lock.
    pub fn read<R>(
        &self,
        key: &PartitionKey,
        now: i64,
        f: impl FnOnce(Option<&Partition>) -> R,
    ) -> R {
        let mut shard = self.shard(key.token);
        if shard.get_mut(key).is_some_and(|p| p.purge_expired(now)) {
            shard.remove(key);
        }
        f(shard.get(key))
    }

    /// Run `f` on the partition at `key`, created empty if absent, while holding its lock:
    /// a read-check-write inside `f` is atomic with respect to every other request.
    pub fn modify<R>(
        &self,
        key: &PartitionKey,
        components: &[Vec<u8>],
        now: i64,
        f: impl FnOnce(&mut Partition) -> R,
    ) -> R {
        let mut shard = self.shard(key.token);
        let partition = shard
            .entry(key.clone())
            .or_insert_with(|| Partition::new(components.to_vec()));
        partition.purge_expired(now);
        let result = f(partition);
        if partition.is_empty() {
            shard.remove(key);
        }
        result
    }

    /// Apply a mutation to one partition.
    pub fn apply(
        &self,
        key: &PartitionKey,
        components: &[Vec<u8>],
        mutation: Mutation,
        now: i64,
    ) -> CqlResult<()> {
        self.modify(key, components, now, |p| p.apply(mutation, now))
    }

    /// Visit partitions in ring order from `start`; `f` returns false to stop.
    pub fn scan(
        &self,
        start: Bound<&PartitionKey>,
        now: i64,
        mut f: impl FnMut(&PartitionKey, &Partition) -> bool,
    ) {
        let first = match start {
            Bound::Included(k) | Bound::Excluded(k) => shard_of(k.token),
            Bound::Unbounded => 0,
        };
        for shard in self.shards.iter().skip(first) {
            let mut shard = lock(shard);
            let mut dead = Vec::new();
            let mut stop = false;
            for (key, partition) in shard.range_mut((start, Bound::Unbounded)) {
                if partition.purge_expired(now) {
                    dead.push(key.clone());
                    continue;
                }
                if !f(key, partition) {
                    stop = true;
                    break;
                }
            }
            for key in dead {
                shard.remove(&key);
            }
            if stop {
                return;
            }
        }
    }

    /// Remove every partition.
    pub fn clear(&self) {
        for shard in &self.shards {
            lock(shard).clear();
        }
    }

    /// Number of stored partitions (including ones holding only tombstones).
    pub fn partition_count(&self) -> usize {
        self.shards.iter().map(|s| lock(s).len()).sum()
    }
}

/// All user data of a cluster.
#[derive(Default)]
pub struct Store {
    tables: RwLock<HashMap<Uuid, Arc<TableData>>>,
}

impl Store {
    pub fn new() -> Self {
        Store::default()
    }

    /// The data of `table`, created empty on first use.
    pub fn table(&self, table: &Table) -> Arc<TableData> {
        if let Some(data) = self.get(table.id) {
            return data;
        }
        let mut tables = self.tables.write().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(
            tables
                .entry(table.id)
                .or_insert_with(|| Arc::new(TableData::new(Layout::new(table)))),
        )
    }

    /// The data of the table with this id, if anything was ever written to it.
    pub fn get(&self, id: Uuid) -> Option<Arc<TableData>> {
        self.tables
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
            .cloned()
    }

    /// Forget a dropped table's data.
    pub fn drop_table(&self, id: Uuid) {
        self.tables
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id);
    }

    /// Remove every row of a table (TRUNCATE).
    pub fn truncate(&self, id: Uuid) {
        if let Some(data) = self.get(id) {
            data.clear();
        }
    }
}
