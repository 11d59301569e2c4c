//! Prepared statements: deterministic ids and the cached, parsed statement.
//!
//! The id is a 128-bit digest of the keyspace and the query text, as Cassandra's MD5 of the
//! same, so every node hands out the same id for the same statement.

use crate::node::cql::ast::Statement;

use super::PreparedResult;

/// A statement prepared on a node.
#[derive(Debug, Clone)]
pub struct PreparedStatement {
    pub statement: Statement,
    /// The session keyspace when it was prepared (used for unqualified table names).
    pub keyspace: Option<String>,
    pub result: PreparedResult,
}

/// The id of `query` prepared while `keyspace` was the session keyspace.
pub fn statement_id(keyspace: Option<&str>, query: &str) -> Vec<u8> {
    // FNV-1a, 128-bit: stable across processes and platforms.
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut hash = OFFSET;
    for byte in keyspace
        .unwrap_or("")
        .bytes()
        .chain(std::iter::once(0))
        .chain(query.bytes())
    {
        hash ^= byte as u128;
        hash = hash.wrapping_mul(PRIME);
    }
    hash.to_be_bytes().to_vec()
}
