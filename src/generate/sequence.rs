//! Values that follow the cycle number: sequences (`start + i * step`, optionally wrapping)
//! and hashed permutations of a range (every value of `0..n` exactly once per `n` inputs, in a
//! scrambled order), e.g. to load keys in an order that spreads over the token ring.

use super::error::GenerateError;
use super::seed::splitmix64;
use super::value::Value;

/// `start + (cycle mod wrap) * step`.
#[derive(Debug, Clone)]
pub struct Sequence {
    start: i64,
    step: i64,
    wrap: Option<u64>,
}

impl Sequence {
    pub fn new(start: i64, step: i64, wrap: Option<u64>) -> Result<Self, GenerateError> {
        if wrap == Some(0) {
            return Err(GenerateError::bad(
                "sequence",
                "wrap must be at least 1 (it is the number of values before the sequence restarts)",
            ));
        }
        Ok(Sequence { start, step, wrap })
    }

    pub fn at(&self, cycle: u64) -> Value {
        let i = match self.wrap {
            Some(n) => cycle % n,
            None => cycle,
        };
        Value::Int(self.start.wrapping_add((i as i64).wrapping_mul(self.step)))
    }
}

/// A keyed bijection of `0..n` (a 4-round Feistel network on the smallest even number of
/// bits that holds `n`, with cycle walking to stay inside the range).
#[derive(Debug, Clone, Copy)]
pub struct Permutation {
    n: u64,
    half_bits: u32,
}

impl Permutation {
    pub fn new(n: u64) -> Result<Self, GenerateError> {
        if n == 0 {
            return Err(GenerateError::bad("permutation", "n must be at least 1"));
        }
        let bits = (64 - (n - 1).leading_zeros()).max(2);
        Ok(Permutation {
            n,
            half_bits: bits.div_ceil(2),
        })
    }

    /// The image of `x mod n` under the permutation selected by `key`.
    pub fn apply(&self, x: u64, key: u64) -> u64 {
        let mut v = x % self.n;
        // The Feistel domain is at most 4n, so this loop runs under 4 times on average.
        loop {
            v = self.feistel(v, key);
            if v < self.n {
                return v;
            }
        }
    }

    fn feistel(&self, x: u64, key: u64) -> u64 {
        let mask = (1u64 << self.half_bits) - 1;
        let (mut left, mut right) = (x >> self.half_bits, x & mask);
        for round in 0..4u64 {
            let f = splitmix64(right ^ splitmix64(key ^ round)) & mask;
            (left, right) = (right, left ^ f);
        }
        (left << self.half_bits) | right
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_steps_and_wraps() {
        let s = Sequence::new(10, 5, Some(3)).expect("valid");
        let got: Vec<Value> = (0..5).map(|c| s.at(c)).collect();
        let want: Vec<Value> = [10, 15, 20, 10, 15].into_iter().map(Value::Int).collect();
        assert_eq!(got, want);
        assert!(Sequence::new(0, 1, Some(0)).is_err());
    }

    #[test]
    fn permutation_is_a_bijection_for_awkward_sizes() {
        for n in [1u64, 2, 3, 7, 100, 1000, 4097] {
            let p = Permutation::new(n).expect("valid");
            let mut seen = vec![false; n as usize];
            for x in 0..n {
                let y = p.apply(x, 42);
                assert!(y < n, "n={n}: {x} -> {y} out of range");
                assert!(!seen[y as usize], "n={n}: {y} produced twice");
                seen[y as usize] = true;
            }
        }
    }

    #[test]
    fn permutation_scrambles_and_depends_on_the_key() {
        let p = Permutation::new(1000).expect("valid");
        let fixed_points = (0..1000).filter(|&x| p.apply(x, 1) == x).count();
        // A random permutation has on average one fixed point.
        assert!(fixed_points < 10, "{fixed_points} fixed points");
        let differ = (0..1000)
            .filter(|&x| p.apply(x, 1) != p.apply(x, 2))
            .count();
        assert!(differ > 900, "only {differ} of 1000 differ between keys");
    }
}
