//! In-memory storage: partitions, rows and cells with timestamps, TTLs and tombstones.

/// All user data of a cluster.
#[derive(Default)]
pub struct Store {}

impl Store {
    pub fn new() -> Self {
        Store::default()
    }
}
