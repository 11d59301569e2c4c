//! The Murmur3 partitioner: a partition key's token, as Cassandra and the drivers compute it.
//!
//! Token-aware drivers hash the partition key themselves and send each request to a replica
//! of the token; the node must place data by the very same token or routing (and the ring
//! tests) break. Cassandra's `Murmur3Partitioner` uses MurmurHash3 x64/128 with seed 0 and
//! keeps the first 64-bit half, with one quirk: the tail bytes are sign-extended before they
//! are mixed (a Java `byte` is signed). `Long.MIN_VALUE` is reserved as the ring's minimum, so
//! it maps to `Long.MAX_VALUE`.

const C1: u64 = 0x87c3_7b91_1142_53d5;
const C2: u64 = 0x4cf5_ad43_2745_937f;

/// The token of a partition key given its serialized components, in key order.
///
/// A single-component key hashes its bytes. A composite key hashes, for each component,
/// `[u16 big-endian length][bytes][0x00]` (Cassandra's `CompositeType` encoding).
pub fn token(components: &[&[u8]]) -> i64 {
    let hash = match components {
        [single] => murmur3_first_half(single),
        _ => murmur3_first_half(&composite_key(components)),
    };
    if hash == i64::MIN {
        i64::MAX
    } else {
        hash
    }
}

/// Serialize a composite partition key. Components longer than 65535 bytes cannot be key
/// components in Cassandra (it rejects them on write); their length is truncated here.
fn composite_key(components: &[&[u8]]) -> Vec<u8> {
    let size = components.iter().map(|c| c.len() + 3).sum();
    let mut out = Vec::with_capacity(size);
    for component in components {
        let len = u16::try_from(component.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(component);
        out.push(0);
    }
    out
}

fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

fn mix_k1(k1: u64) -> u64 {
    k1.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2)
}

fn mix_k2(k2: u64) -> u64 {
    k2.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1)
}

/// Little-endian 64-bit word of an 8-byte block.
fn word(block: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    buf.copy_from_slice(block.get(..8).unwrap_or(&[0; 8]));
    u64::from_le_bytes(buf)
}

/// Tail bytes as Cassandra mixes them: each byte sign-extended, then shifted into place.
fn tail_word(bytes: &[u8]) -> u64 {
    bytes.iter().enumerate().fold(0u64, |acc, (i, b)| {
        acc ^ (((*b as i8) as i64 as u64) << (8 * i))
    })
}

/// The first 64 bits of Cassandra's MurmurHash3 x64/128 (seed 0) of `data`.
fn murmur3_first_half(data: &[u8]) -> i64 {
    let (mut h1, mut h2) = (0u64, 0u64);
    let blocks = data.chunks_exact(16);
    let tail = blocks.remainder();
    for block in blocks {
        let (k1, k2) = (word(block), word(block.get(8..).unwrap_or(&[])));
        h1 ^= mix_k1(k1);
        h1 = h1.rotate_left(27).wrapping_add(h2);
        h1 = h1.wrapping_mul(5).wrapping_add(0x52dc_e729);
        h2 ^= mix_k2(k2);
        h2 = h2.rotate_left(31).wrapping_add(h1);
        h2 = h2.wrapping_mul(5).wrapping_add(0x3849_5ab5);
    }
    if tail.len() > 8 {
        h2 ^= mix_k2(tail_word(tail.get(8..).unwrap_or(&[])));
    }
    if !tail.is_empty() {
        h1 ^= mix_k1(tail_word(tail.get(..tail.len().min(8)).unwrap_or(&[])));
    }
    let len = data.len() as u64;
    h1 ^= len;
    h2 ^= len;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1.wrapping_add(h2) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use scylla::routing::partitioner::{Murmur3Partitioner, Partitioner, PartitionerHasher};

    #[test]
    fn known_vectors() {
        // The scylla driver's test vectors for its Murmur3Partitioner.
        assert_eq!(token(&[b"test"]), -6017608668500074083);
        assert_eq!(token(&[b"xd"]), 4507812186440344727);
        assert_eq!(token(&[b"primary_key"]), -1632642444691073360);
        assert_eq!(token(&["kremówki".as_bytes()]), 4354931215268080151);
    }

    #[test]
    fn matches_cassandra_for_common_keys() {
        // `SELECT token(k)` on Cassandra for an int key 1.
        assert_eq!(token(&[&1i32.to_be_bytes()]), -4069959284402364209);
    }

    /// A deterministic pseudo-random byte stream (xorshift), so failures reproduce.
    fn bytes(seed: &mut u64, len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 7;
                *seed ^= *seed << 17;
                *seed as u8
            })
            .collect()
    }

    #[test]
    fn agrees_with_the_scylla_driver_on_single_keys() {
        let mut seed = 0x2545_f491_4f6c_dd1d;
        for len in 0..80 {
            let key = bytes(&mut seed, len);
            let expected = Murmur3Partitioner.hash_one(&key).value();
            assert_eq!(token(&[&key]), expected, "key {key:02x?}");
        }
    }

    #[test]
    fn agrees_with_the_scylla_driver_on_composite_keys() {
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        for round in 0..60 {
            let parts: Vec<Vec<u8>> = (0..2 + round % 3)
                .map(|i| bytes(&mut seed, (round * 7 + i * 3) % 37))
                .collect();
            // The driver feeds a composite key component by component, like this.
            let mut hasher = Murmur3Partitioner.build_hasher();
            for part in &parts {
                hasher.write(&(part.len() as u16).to_be_bytes());
                hasher.write(part);
                hasher.write(&[0]);
            }
            let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
            assert_eq!(token(&refs), hasher.finish().value(), "parts {parts:02x?}");
        }
    }
}
