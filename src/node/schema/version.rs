//! The schema version: a digest of the schema's content, as a name-based (version 3) UUID.
//!
//! Cassandra derives `schema_version` from an MD5 digest of the `system_schema` rows, so equal
//! schemas give equal versions and any DDL gives a new one; drivers wait for all nodes to
//! report the same version after DDL ("schema agreement"). Here every node of a reference
//! cluster shares one [`Schema`], and the version is a 128-bit FNV-1a digest of its canonical
//! text (keyspaces and tables are in `BTreeMap`s, so the text is deterministic).

use uuid::Uuid;

use super::Schema;

const FNV_OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
const FNV_PRIME: u128 = 0x0000000001000000000000000000013b;

/// The version of `schema`'s current content.
pub fn schema_version(schema: &Schema) -> Uuid {
    let text: String = schema
        .keyspaces
        .values()
        .map(|keyspace| format!("{keyspace:?}"))
        .collect();
    name_based_uuid(text.as_bytes())
}

/// A deterministic version-3-shaped UUID digesting `data` (like `UUID.nameUUIDFromBytes`,
/// with FNV-1a instead of MD5). System tables get their ids this way, as in Cassandra.
pub fn name_based_uuid(data: &[u8]) -> Uuid {
    let mut hash = FNV_OFFSET;
    for byte in data {
        hash ^= u128::from(*byte);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    let mut bytes = hash.to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x30;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    Uuid::from_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::node::schema::Keyspace;

    fn keyspace(name: &str, rf: &str) -> Keyspace {
        Keyspace {
            name: name.to_string(),
            replication: BTreeMap::from([("replication_factor".to_string(), rf.to_string())]),
            durable_writes: true,
            tables: BTreeMap::new(),
        }
    }

    #[test]
    fn equal_content_gives_equal_versions_and_changes_give_new_ones() {
        let mut a = Schema::default();
        a.keyspaces.insert("ks".into(), keyspace("ks", "1"));
        let b = a.clone();
        assert_eq!(schema_version(&a), schema_version(&b));
        let mut c = a.clone();
        c.keyspaces.insert("ks".into(), keyspace("ks", "2"));
        assert_ne!(schema_version(&a), schema_version(&c));
        assert_eq!(schema_version(&a).get_version_num(), 3);
    }
}
