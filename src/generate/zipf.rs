//! Zipf-distributed integers: a few very popular keys and a long tail, the usual model of
//! hot partitions. Value 0 is the most popular, then 1, ... up to n - 1.

use rand::rngs::SmallRng;
use rand_distr::Distribution;

use super::error::GenerateError;
use super::value::Value;

/// Zipf over `0..n` with the given exponent (1.0 is classic Zipf; larger is more skewed;
/// 0 is uniform).
#[derive(Debug, Clone)]
pub struct Zipf {
    dist: rand_distr::Zipf<f64>,
}

impl Zipf {
    pub fn new(n: u64, exponent: f64) -> Result<Self, GenerateError> {
        if n == 0 {
            return Err(GenerateError::bad("zipf", "n must be at least 1"));
        }
        if !(exponent.is_finite() && exponent >= 0.0) {
            return Err(GenerateError::bad(
                "zipf",
                format!("exponent must be a number >= 0 (1.0 is classic Zipf), got {exponent}"),
            ));
        }
        let dist = rand_distr::Zipf::new(n as f64, exponent)
            .map_err(|e| GenerateError::bad("zipf", e.to_string()))?;
        Ok(Zipf { dist })
    }

    pub fn sample(&self, rng: &mut SmallRng) -> Value {
        // Ranks are 1..=n as whole floats; rank 1 (the most popular) becomes 0.
        Value::Int(self.dist.sample(rng) as i64 - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// Generalised harmonic number H(n, s) = sum over k of 1 / k^s.
    fn harmonic(n: u64, s: f64) -> f64 {
        (1..=n).map(|k| (k as f64).powf(-s)).sum()
    }

    #[test]
    fn rank_frequencies_match_the_analytic_values() {
        let (n, s, draws) = (1000u64, 1.1, 50_000usize);
        let zipf = Zipf::new(n, s).expect("valid");
        let mut rng = SmallRng::seed_from_u64(11);
        let mut counts = vec![0usize; n as usize];
        for _ in 0..draws {
            let Value::Int(v) = zipf.sample(&mut rng) else {
                panic!("not an int")
            };
            assert!((0..n as i64).contains(&v), "{v} outside 0..{n}");
            counts[v as usize] += 1;
        }
        let h = harmonic(n, s);
        for rank in [1u64, 2, 10] {
            let expected = (rank as f64).powf(-s) / h;
            let observed = counts[(rank - 1) as usize] as f64 / draws as f64;
            // Binomial standard error; allow 5 of them.
            let tolerance = 5.0 * (expected * (1.0 - expected) / draws as f64).sqrt();
            assert!(
                (observed - expected).abs() < tolerance,
                "rank {rank}: expected frequency {expected:.4}, observed {observed:.4}"
            );
        }
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(Zipf::new(0, 1.0).is_err());
        assert!(Zipf::new(10, -1.0).is_err());
        assert!(Zipf::new(10, f64::NAN).is_err());
    }
}
