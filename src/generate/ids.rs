//! Identifiers: random (version 4) uuids and time-based (version 1) timeuuids, both drawn
//! from the cycle's RNG so they are reproducible.

use rand::rngs::SmallRng;
use rand::Rng;
use uuid::{Builder, Uuid};

/// 100 ns ticks between the Gregorian calendar's start (1582-10-15) and the Unix epoch.
const GREGORIAN_OFFSET_TICKS: u64 = 0x01B2_1DD2_1381_4000;

/// A random uuid (version 4).
pub fn uuid_v4(rng: &mut SmallRng) -> Uuid {
    Builder::from_random_bytes(rng.random()).into_uuid()
}

/// A timeuuid (version 1) for the millisecond `ms` since the epoch, with a random sub-ms
/// part, clock sequence and node, so that many timeuuids of one millisecond differ but still
/// sort by time.
pub fn timeuuid(ms: i64, rng: &mut SmallRng) -> Uuid {
    let ms = u64::try_from(ms).unwrap_or(0);
    let ticks = ms
        .saturating_mul(10_000)
        .saturating_add(GREGORIAN_OFFSET_TICKS)
        .saturating_add(rng.random_range(0..10_000));
    let node: [u8; 6] = rng.random();
    Builder::from_gregorian_timestamp(ticks, rng.random::<u16>() & 0x3FFF, &node).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn versions_and_time_are_right() {
        let mut rng = SmallRng::seed_from_u64(5);
        assert_eq!(uuid_v4(&mut rng).get_version_num(), 4);
        let ms = 1_704_067_200_123i64;
        let t = timeuuid(ms, &mut rng);
        assert_eq!(t.get_version_num(), 1);
        let (secs, nanos) = t.get_timestamp().expect("v1 has a timestamp").to_unix();
        let got_ms = secs as i64 * 1000 + i64::from(nanos) / 1_000_000;
        assert_eq!(got_ms, ms);
    }
}
