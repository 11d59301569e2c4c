//! Arbitrary-precision integers for `varint` and `decimal`, just enough to parse literals and to
//! order values numerically.
//!
//! Cassandra stores a varint as Java's `BigInteger.toByteArray()` (minimal big-endian two's
//! complement) and a decimal as a 4-byte scale followed by such a varint. No big-number crate
//! is a dependency, so the few operations needed live here: decimal text to bytes, and
//! comparison that does not depend on how many sign bytes an encoding carries.

use std::cmp::Ordering;

/// A non-negative magnitude, little-endian base 2^32 limbs, no high zero limbs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Magnitude(Vec<u32>);

impl Magnitude {
    fn trim(mut self) -> Self {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        self
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// `self * mul + add`.
    pub(crate) fn mul_add(&self, mul: u32, add: u32) -> Magnitude {
        let mut carry = u64::from(add);
        let mut out = Vec::with_capacity(self.0.len() + 1);
        for limb in &self.0 {
            let v = u64::from(*limb) * u64::from(mul) + carry;
            out.push(v as u32);
            carry = v >> 32;
        }
        if carry > 0 {
            out.push(carry as u32);
        }
        Magnitude(out).trim()
    }

    /// `self / div` and the remainder.
    fn div_rem(&self, div: u32) -> (Magnitude, u32) {
        let mut rem = 0u64;
        let mut out = vec![0u32; self.0.len()];
        for (i, limb) in self.0.iter().enumerate().rev() {
            let cur = (rem << 32) | u64::from(*limb);
            if let Some(slot) = out.get_mut(i) {
                *slot = (cur / u64::from(div)) as u32;
            }
            rem = cur % u64::from(div);
        }
        (Magnitude(out).trim(), rem as u32)
    }

    /// The number of decimal digits (1 for zero).
    pub(crate) fn decimal_digits(&self) -> usize {
        let mut digits = 0;
        let mut cur = self.clone();
        while cur.0.len() > 1 {
            let (q, _) = cur.div_rem(1_000_000_000);
            cur = q;
            digits += 9;
        }
        let last = cur.0.first().copied().unwrap_or(0);
        digits + last.checked_ilog10().map_or(1, |d| d as usize + 1)
    }

    /// Parse ASCII decimal digits.
    pub(crate) fn from_decimal(digits: &str) -> Option<Magnitude> {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut mag = Magnitude::default();
        for chunk in digits.as_bytes().chunks(9) {
            let mut value = 0u32;
            for b in chunk {
                value = value * 10 + u32::from(b - b'0');
            }
            mag = mag.mul_add(10u32.pow(chunk.len() as u32), value);
        }
        Some(mag)
    }

    /// Unsigned big-endian bytes of a magnitude (no leading zero bytes; empty for zero).
    fn to_be_bytes(&self) -> Vec<u8> {
        let mut out: Vec<u8> = self.0.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
        let first = out.iter().position(|b| *b != 0).unwrap_or(out.len());
        out.drain(..first);
        out
    }

    fn from_be_bytes(bytes: &[u8]) -> Magnitude {
        let limbs = bytes
            .rchunks(4)
            .map(|chunk| chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
            .collect();
        Magnitude(limbs).trim()
    }
}

/// A signed integer as a sign and a magnitude.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BigInt {
    pub(crate) negative: bool,
    pub(crate) magnitude: Magnitude,
}

impl BigInt {
    /// Parse `[+-]digits` as Java's `new BigInteger(String)` does.
    pub(crate) fn parse(text: &str) -> Option<BigInt> {
        let (negative, digits) = match text.as_bytes().first() {
            Some(b'-') => (true, text.get(1..)?),
            Some(b'+') => (false, text.get(1..)?),
            _ => (false, text),
        };
        let magnitude = Magnitude::from_decimal(digits)?;
        Some(BigInt {
            negative: negative && !magnitude.is_zero(),
            magnitude,
        })
    }

    /// Minimal two's-complement big-endian bytes, like `BigInteger.toByteArray()`.
    pub(crate) fn to_twos_complement(&self) -> Vec<u8> {
        let mut bytes = self.magnitude.to_be_bytes();
        if !self.negative {
            if bytes.first().is_none_or(|b| b & 0x80 != 0) {
                bytes.insert(0, 0);
            }
            return bytes;
        }
        // Negate: invert and add one, from the least significant byte.
        let mut carry = true;
        for b in bytes.iter_mut().rev() {
            let (v, c) = (!*b).overflowing_add(u8::from(carry));
            *b = v;
            carry = c;
        }
        if bytes.first().is_none_or(|b| b & 0x80 == 0) {
            bytes.insert(0, 0xff);
        }
        // Drop redundant leading 0xff bytes (e.g. -128 is a single 0x80).
        while let [0xff, next, ..] = bytes.as_slice() {
            if next & 0x80 == 0 {
                break;
            }
            bytes.remove(0);
        }
        bytes
    }

    /// Decode two's-complement big-endian bytes (empty = zero).
    pub(crate) fn from_twos_complement(bytes: &[u8]) -> BigInt {
        let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
        if !negative {
            return BigInt {
                negative,
                magnitude: Magnitude::from_be_bytes(bytes),
            };
        }
        let mut mag: Vec<u8> = bytes.iter().map(|b| !b).collect();
        let mut carry = true;
        for b in mag.iter_mut().rev() {
            let (v, c) = b.overflowing_add(u8::from(carry));
            *b = v;
            carry = c;
        }
        BigInt {
            negative,
            magnitude: Magnitude::from_be_bytes(&mag),
        }
    }

    /// Multiply by 10^exp.
    pub(crate) fn scale_up(&self, exp: usize) -> BigInt {
        let mut magnitude = self.magnitude.clone();
        for _ in 0..exp {
            magnitude = magnitude.mul_add(10, 0);
        }
        BigInt {
            negative: self.negative,
            magnitude,
        }
    }
}

impl Ord for BigInt {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => cmp_magnitude(&self.magnitude, &other.magnitude),
            (true, true) => cmp_magnitude(&other.magnitude, &self.magnitude),
        }
    }
}

impl PartialOrd for BigInt {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn cmp_magnitude(a: &Magnitude, b: &Magnitude) -> Ordering {
    a.0.len()
        .cmp(&b.0.len())
        .then_with(|| a.0.iter().rev().cmp(b.0.iter().rev()))
}

/// Numeric order of two varint encodings.
pub(crate) fn compare_varint(a: &[u8], b: &[u8]) -> Ordering {
    BigInt::from_twos_complement(a).cmp(&BigInt::from_twos_complement(b))
}

/// Numeric order of two decimals given as (scale, unscaled). `unscaled * 10^-scale`.
pub(crate) fn compare_decimal(a: (i32, &[u8]), b: (i32, &[u8])) -> Ordering {
    let (ua, ub) = (
        BigInt::from_twos_complement(a.1),
        BigInt::from_twos_complement(b.1),
    );
    let sign = |v: &BigInt| match (v.negative, v.magnitude.is_zero()) {
        (_, true) => 0,
        (true, false) => -1,
        (false, false) => 1,
    };
    let (sa, sb) = (sign(&ua), sign(&ub));
    if sa != sb || sa == 0 {
        return sa.cmp(&sb);
    }
    // Same non-zero sign. Compare the position of the most significant digit first, so the
    // later rescaling multiplies by at most as many powers of ten as the values have digits.
    let top = |v: &BigInt, scale: i32| v.magnitude.decimal_digits() as i64 - i64::from(scale);
    let (ta, tb) = (top(&ua, a.0), top(&ub, b.0));
    if ta != tb {
        let by_magnitude = ta.cmp(&tb);
        return if sa > 0 {
            by_magnitude
        } else {
            by_magnitude.reverse()
        };
    }
    let diff = i64::from(a.0) - i64::from(b.0);
    let shift = usize::try_from(diff.unsigned_abs()).unwrap_or(usize::MAX);
    if diff >= 0 {
        ua.cmp(&ub.scale_up(shift))
    } else {
        ua.scale_up(shift).cmp(&ub)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(text: &str) -> Vec<u8> {
        BigInt::parse(text)
            .map(|b| b.to_twos_complement())
            .unwrap_or_default()
    }

    #[test]
    fn encodes_like_java_big_integer() {
        assert_eq!(bytes("0"), vec![0x00]);
        assert_eq!(bytes("-0"), vec![0x00]);
        assert_eq!(bytes("1"), vec![0x01]);
        assert_eq!(bytes("127"), vec![0x7f]);
        assert_eq!(bytes("128"), vec![0x00, 0x80]);
        assert_eq!(bytes("-1"), vec![0xff]);
        assert_eq!(bytes("-128"), vec![0x80]);
        assert_eq!(bytes("-129"), vec![0xff, 0x7f]);
        assert_eq!(bytes("+255"), vec![0x00, 0xff]);
        assert_eq!(bytes("65536"), vec![0x01, 0x00, 0x00]);
        // 2^64 = 18446744073709551616
        assert_eq!(
            bytes("18446744073709551616"),
            vec![1, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            bytes("-9223372036854775808"),
            i64::MIN.to_be_bytes().to_vec()
        );
        assert!(BigInt::parse("12a").is_none());
        assert!(BigInt::parse("-").is_none());
        assert!(BigInt::parse("").is_none());
    }

    #[test]
    fn twos_complement_round_trips() {
        for text in [
            "0",
            "1",
            "-1",
            "255",
            "-256",
            "123456789012345678901234567890",
        ] {
            let parsed = BigInt::parse(text).expect("valid");
            let back = BigInt::from_twos_complement(&parsed.to_twos_complement());
            assert_eq!(back, parsed, "{text}");
        }
    }

    #[test]
    fn varint_order_ignores_redundant_sign_bytes() {
        assert_eq!(compare_varint(&[0x00, 0x01], &[0x01]), Ordering::Equal);
        assert_eq!(compare_varint(&[0xff, 0xff], &[0xff]), Ordering::Equal);
        assert_eq!(compare_varint(&[0xff], &[0x00]), Ordering::Less);
        assert_eq!(compare_varint(&[0x80], &[0xff, 0x7f]), Ordering::Greater);
        assert_eq!(compare_varint(&[], &[0x00]), Ordering::Equal);
        let big = bytes("100000000000000000000");
        assert_eq!(
            compare_varint(&big, &bytes("99999999999999999999")),
            Ordering::Greater
        );
        assert_eq!(
            compare_varint(&bytes("-100000000000000000000"), &[0x80]),
            Ordering::Less
        );
    }

    #[test]
    fn decimal_order_is_numeric() {
        let d = |unscaled: &str, scale: i32| (scale, bytes(unscaled));
        let cmp =
            |a: &(i32, Vec<u8>), b: &(i32, Vec<u8>)| compare_decimal((a.0, &a.1), (b.0, &b.1));
        assert_eq!(cmp(&d("10", 1), &d("100", 2)), Ordering::Equal); // 1.0 == 1.00
        assert_eq!(cmp(&d("15", 1), &d("2", 0)), Ordering::Less); // 1.5 < 2
        assert_eq!(cmp(&d("-15", 1), &d("-2", 0)), Ordering::Greater); // -1.5 > -2
        assert_eq!(cmp(&d("0", 5), &d("0", -3)), Ordering::Equal);
        assert_eq!(cmp(&d("1", -3), &d("999", 0)), Ordering::Greater); // 1000 > 999
        assert_eq!(cmp(&d("-1", 0), &d("0", 0)), Ordering::Less);
        // Huge scale differences resolve without a huge multiplication.
        assert_eq!(cmp(&d("1", i32::MAX), &d("1", i32::MIN)), Ordering::Less);
        assert_eq!(
            cmp(&d("-1", i32::MAX), &d("-1", i32::MIN)),
            Ordering::Greater
        );
    }

    #[test]
    fn counts_decimal_digits() {
        for (text, digits) in [
            ("0", 1),
            ("9", 1),
            ("10", 2),
            ("999999999", 9),
            ("1000000000", 10),
        ] {
            let m = Magnitude::from_decimal(text).expect("digits");
            assert_eq!(m.decimal_digits(), digits, "{text}");
        }
        let long = "1".repeat(40);
        assert_eq!(
            Magnitude::from_decimal(&long).map(|m| m.decimal_digits()),
            Some(40)
        );
    }
}
