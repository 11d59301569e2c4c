//! Cassandra's variable-length integers (`[vint]`), the encoding of `duration` values.
//!
//! A signed value is zig-zag encoded, then written big-endian in 1 to 9 bytes: the number of
//! leading one bits of the first byte says how many bytes follow, and the rest of the first
//! byte holds the top bits of the value. This is `VIntCoding` in Cassandra and the `[vint]`
//! of the native protocol spec; drivers decode durations with it.

/// Append `value` as a signed vint.
pub(crate) fn put_vint(out: &mut Vec<u8>, value: i64) {
    let zigzag = ((value << 1) ^ (value >> 63)) as u64;
    put_unsigned_vint(out, zigzag);
}

/// Append `value` as an unsigned vint.
pub(crate) fn put_unsigned_vint(out: &mut Vec<u8>, value: u64) {
    // Each extra byte adds 8 value bits and costs one marker bit in the first byte.
    let bits = 64 - (value | 1).leading_zeros() as usize;
    let extra = if bits <= 7 { 0 } else { (bits - 7).div_ceil(7) }.min(8);
    if extra == 0 {
        out.push(value as u8);
        return;
    }
    let be = value.to_be_bytes();
    let tail = &be[8 - extra..];
    // Marker: `extra` leading one bits; any value bits above the tail go in the first byte.
    let marker = (0xff00u16 >> extra) as u8;
    let head = if extra >= 8 {
        0
    } else {
        (value >> (8 * extra)) as u8
    };
    out.push(marker | head);
    out.extend_from_slice(tail);
}

/// Read a signed vint from the front of `bytes`; returns the value and the bytes it used.
pub(crate) fn read_vint(bytes: &[u8]) -> Option<(i64, usize)> {
    let (raw, used) = read_unsigned_vint(bytes)?;
    let value = ((raw >> 1) as i64) ^ -((raw & 1) as i64);
    Some((value, used))
}

/// Read an unsigned vint from the front of `bytes`.
pub(crate) fn read_unsigned_vint(bytes: &[u8]) -> Option<(u64, usize)> {
    let first = *bytes.first()?;
    let extra = first.leading_ones() as usize;
    let tail = bytes.get(1..1 + extra)?;
    let mask = if extra >= 8 { 0 } else { 0xffu8 >> extra };
    let mut value = u64::from(first & mask);
    for byte in tail {
        value = (value << 8) | u64::from(*byte);
    }
    Some((value, 1 + extra))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(value: i64) -> Vec<u8> {
        let mut out = Vec::new();
        put_vint(&mut out, value);
        out
    }

    #[test]
    fn known_encodings() {
        // zig-zag: 0 -> 0, -1 -> 1, 1 -> 2, 63 -> 126, 64 -> 128 (two bytes: 10 000000 10000000)
        assert_eq!(encode(0), vec![0x00]);
        assert_eq!(encode(-1), vec![0x01]);
        assert_eq!(encode(1), vec![0x02]);
        assert_eq!(encode(63), vec![0x7e]);
        assert_eq!(encode(64), vec![0x80, 0x80]);
        assert_eq!(encode(-65), vec![0x80, 0x81]);
        assert_eq!(encode(i64::MIN).len(), 9);
        assert_eq!(encode(i64::MIN)[0], 0xff);
    }

    #[test]
    fn round_trips_across_sizes() {
        let mut value: i64 = 1;
        for _ in 0..64 {
            for v in [
                value,
                value.wrapping_neg(),
                value.wrapping_sub(1),
                value.wrapping_add(1),
            ] {
                let bytes = encode(v);
                assert_eq!(read_vint(&bytes), Some((v, bytes.len())), "value {v}");
            }
            value = value.wrapping_mul(2);
        }
        for v in [i64::MAX, i64::MIN] {
            let bytes = encode(v);
            assert_eq!(read_vint(&bytes), Some((v, 9)));
        }
    }

    #[test]
    fn truncated_input_is_rejected() {
        assert_eq!(read_vint(&[]), None);
        assert_eq!(read_vint(&[0x80]), None);
        assert_eq!(read_vint(&[0xff, 1, 2]), None);
    }
}
