//! The Murmur3 partitioner: a partition key's token, as Cassandra and the drivers compute it.

/// The token of a partition key given its serialized components, in key order.
pub fn token(_components: &[&[u8]]) -> i64 {
    todo!("H1")
}
