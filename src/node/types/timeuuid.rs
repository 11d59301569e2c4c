//! Version 1 (time-based) UUIDs: generation for `now()`, and conversions for the time
//! functions.
//!
//! A timeuuid packs a 60-bit count of 100 ns intervals since 1582-10-15 with a clock sequence
//! and a node id. Like Cassandra, the node id and clock sequence are chosen once per process
//! (random here; the node id has its multicast bit set as RFC 4122 asks for random nodes),
//! and uniqueness comes from never handing out the same timestamp twice: a call in the same
//! tick as the previous one takes the next tick. So `now()` values are unique and increasing
//! within a process, which is what clustering on `now()` relies on.

use super::datetime::now_nanos;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// 100 ns intervals between 1582-10-15 and 1970-01-01.
const GREGORIAN_OFFSET: i64 = 0x01B2_1DD2_1381_4000;
/// The low half of the smallest timeuuid of a millisecond under `TimeUUIDType` order
/// (each byte compares as a signed byte).
const MIN_CLOCK_SEQ_AND_NODE: u64 = 0x8080_8080_8080_8080;
/// The low half of the largest timeuuid of a millisecond.
const MAX_CLOCK_SEQ_AND_NODE: u64 = 0x7f7f_7f7f_7f7f_7f7f;

static LAST_TICK: AtomicU64 = AtomicU64::new(0);
static CLOCK_SEQ_AND_NODE: OnceLock<u64> = OnceLock::new();

/// A fresh version 1 UUID for the current time.
pub(crate) fn now() -> [u8; 16] {
    let current = (now_nanos() / 100 + i128::from(GREGORIAN_OFFSET)).max(0) as u64;
    let mut last = LAST_TICK.load(Ordering::Relaxed);
    let tick = loop {
        let next = current.max(last.saturating_add(1));
        match LAST_TICK.compare_exchange_weak(last, next, Ordering::AcqRel, Ordering::Relaxed) {
            Ok(_) => break next,
            Err(seen) => last = seen,
        }
    };
    from_parts(tick, clock_seq_and_node())
}

/// A random version 4 UUID.
pub(crate) fn random() -> [u8; 16] {
    *uuid::Uuid::new_v4().as_bytes()
}

/// The smallest timeuuid of the millisecond `millis` (`minTimeuuid`).
pub(crate) fn min_at(millis: i64) -> [u8; 16] {
    from_parts(tick_of_millis(millis), MIN_CLOCK_SEQ_AND_NODE)
}

/// The largest timeuuid of the millisecond `millis` (`maxTimeuuid`).
pub(crate) fn max_at(millis: i64) -> [u8; 16] {
    let next = tick_of_millis(millis.saturating_add(1));
    from_parts(next.wrapping_sub(1), MAX_CLOCK_SEQ_AND_NODE)
}

/// Milliseconds since the Unix epoch of a version 1 UUID's timestamp.
pub(crate) fn unix_millis(uuid: [u8; 16]) -> i64 {
    let msb = (u128::from_be_bytes(uuid) >> 64) as u64;
    let tick = ((msb & 0x0fff) << 48) | (((msb >> 16) & 0xffff) << 32) | (msb >> 32);
    // Java's integer division truncates toward zero.
    (tick as i64 - GREGORIAN_OFFSET) / 10_000
}

fn tick_of_millis(millis: i64) -> u64 {
    millis
        .saturating_mul(10_000)
        .saturating_add(GREGORIAN_OFFSET)
        .max(0) as u64
}

/// Lay out a 60-bit tick and the low half as a version 1 UUID.
fn from_parts(tick: u64, low: u64) -> [u8; 16] {
    let time_low = tick & 0xffff_ffff;
    let time_mid = (tick >> 32) & 0xffff;
    let time_hi = (tick >> 48) & 0x0fff;
    let msb = (time_low << 32) | (time_mid << 16) | 0x1000 | time_hi;
    ((u128::from(msb) << 64) | u128::from(low)).to_be_bytes()
}

/// The process-wide clock sequence and node id (RFC 4122 variant bits set).
fn clock_seq_and_node() -> u64 {
    *CLOCK_SEQ_AND_NODE.get_or_init(|| {
        let random = u128::from_be_bytes(random()) as u64;
        let variant = (random & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        // Multicast bit of the node id (first node byte), marking a random node.
        variant | 0x0000_0100_0000_0000
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::types::{compare, validate, CqlType};
    use std::cmp::Ordering as Order;

    #[test]
    fn now_is_version_1_and_strictly_increasing() {
        let mut previous = now();
        assert!(validate(&CqlType::TimeUuid, &previous).is_ok());
        assert_eq!(uuid::Uuid::from_bytes(previous).get_version_num(), 1);
        for _ in 0..1000 {
            let next = now();
            assert_eq!(compare(&CqlType::TimeUuid, &previous, &next), Order::Less);
            previous = next;
        }
        let millis = unix_millis(previous);
        assert!((millis - super::super::datetime::now_millis()).abs() < 60_000);
    }

    #[test]
    fn random_is_version_4() {
        let id = random();
        assert_eq!(uuid::Uuid::from_bytes(id).get_version_num(), 4);
        assert_ne!(id, random());
    }

    #[test]
    fn known_timestamp_round_trips() {
        // 2024-01-02T03:04:05.678Z
        let millis = 1_704_164_645_678;
        let min = min_at(millis);
        let max = max_at(millis);
        assert_eq!(unix_millis(min), millis);
        assert_eq!(unix_millis(max), millis);
        assert_eq!(compare(&CqlType::TimeUuid, &min, &max), Order::Less);
        // Everything generated within that millisecond sorts between the two.
        let inside = from_parts(tick_of_millis(millis) + 5_000, clock_seq_and_node());
        assert_eq!(compare(&CqlType::TimeUuid, &min, &inside), Order::Less);
        assert_eq!(compare(&CqlType::TimeUuid, &inside, &max), Order::Less);
        assert_eq!(
            compare(&CqlType::TimeUuid, &max, &min_at(millis + 1)),
            Order::Less
        );
    }

    #[test]
    fn decodes_a_uuid_from_the_uuid_crate() {
        // The uuid crate's own v1 builder puts the same timestamp in the same fields.
        let ts = uuid::Timestamp::from_unix(uuid::NoContext, 1_704_164_645, 678_000_000);
        let id = uuid::Uuid::new_v1(ts, &[1, 2, 3, 4, 5, 6]);
        assert_eq!(unix_millis(*id.as_bytes()), 1_704_164_645_678);
    }
}
