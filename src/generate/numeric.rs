//! Numbers from distributions: uniform (integer and float), normal, exponential and
//! log-normal (via `rand_distr`), optionally clamped and rounded to integers.

use rand::rngs::SmallRng;
use rand::Rng;
use rand_distr::{Distribution, Exp, LogNormal, Normal};

use super::error::GenerateError;
use super::value::Value;

/// Integers uniformly distributed over `lo..=hi`.
#[derive(Debug, Clone)]
pub struct UniformInt {
    lo: i64,
    hi: i64,
}

impl UniformInt {
    pub fn new(lo: i64, hi: i64) -> Result<Self, GenerateError> {
        if lo > hi {
            return Err(GenerateError::bad(
                "uniform",
                format!("min ({lo}) is greater than max ({hi}); swap them"),
            ));
        }
        Ok(UniformInt { lo, hi })
    }

    pub fn sample(&self, rng: &mut SmallRng) -> Value {
        Value::Int(rng.random_range(self.lo..=self.hi))
    }
}

/// Floats uniformly distributed over `lo..hi`.
#[derive(Debug, Clone)]
pub struct UniformFloat {
    lo: f64,
    hi: f64,
}

impl UniformFloat {
    pub fn new(lo: f64, hi: f64) -> Result<Self, GenerateError> {
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err(GenerateError::bad(
                "uniform",
                format!("needs finite min < max, got min {lo}, max {hi}"),
            ));
        }
        Ok(UniformFloat { lo, hi })
    }

    pub fn sample(&self, rng: &mut SmallRng) -> Value {
        Value::Float(rng.random_range(self.lo..self.hi))
    }
}

#[derive(Debug, Clone)]
enum Dist {
    Normal(Normal<f64>),
    Exponential(Exp<f64>),
    LogNormal(LogNormal<f64>),
}

/// A continuous distribution, clamped to `[min, max]` and optionally rounded to an integer.
#[derive(Debug, Clone)]
pub struct Shaped {
    dist: Dist,
    min: f64,
    max: f64,
    round: bool,
}

/// The standard normal quantile of 0.99, for log-normals given as median and p99.
const Z99: f64 = 2.326_347_874_040_840_8;

impl Shaped {
    /// Normal with the given mean and standard deviation.
    pub fn normal(mean: f64, stddev: f64) -> Result<Self, GenerateError> {
        if !(mean.is_finite() && stddev.is_finite() && stddev >= 0.0) {
            return Err(GenerateError::bad(
                "normal",
                format!("needs a finite mean and stddev >= 0, got mean {mean}, stddev {stddev}"),
            ));
        }
        let dist =
            Normal::new(mean, stddev).map_err(|e| GenerateError::bad("normal", e.to_string()))?;
        Ok(Self::of(Dist::Normal(dist)))
    }

    /// Exponential with the given mean (rate = 1 / mean).
    pub fn exponential(mean: f64) -> Result<Self, GenerateError> {
        if !(mean.is_finite() && mean > 0.0) {
            return Err(GenerateError::bad(
                "exponential",
                format!("mean must be a positive number, got {mean}"),
            ));
        }
        let dist =
            Exp::new(1.0 / mean).map_err(|e| GenerateError::bad("exponential", e.to_string()))?;
        Ok(Self::of(Dist::Exponential(dist)))
    }

    /// Log-normal from the mean and standard deviation of the underlying normal.
    pub fn log_normal(mu: f64, sigma: f64) -> Result<Self, GenerateError> {
        if !(mu.is_finite() && sigma.is_finite() && sigma >= 0.0) {
            return Err(GenerateError::bad(
                "log_normal",
                format!("needs a finite mu and sigma >= 0, got mu {mu}, sigma {sigma}"),
            ));
        }
        let dist = LogNormal::new(mu, sigma)
            .map_err(|e| GenerateError::bad("log_normal", e.to_string()))?;
        Ok(Self::of(Dist::LogNormal(dist)))
    }

    /// Log-normal with the given median and 99th percentile (how sizes and latencies are
    /// usually described): mu = ln(median), sigma = (ln(p99) - mu) / z(0.99).
    pub fn log_normal_percentiles(median: f64, p99: f64) -> Result<Self, GenerateError> {
        if !(median > 0.0 && p99 >= median && p99.is_finite()) {
            return Err(GenerateError::bad(
                "log_normal",
                format!("needs 0 < median <= p99, got median {median}, p99 {p99}"),
            ));
        }
        let mu = median.ln();
        Self::log_normal(mu, (p99.ln() - mu) / Z99)
    }

    fn of(dist: Dist) -> Self {
        Shaped {
            dist,
            min: f64::NEG_INFINITY,
            max: f64::INFINITY,
            round: false,
        }
    }

    /// Keep samples inside `[min, max]` (values outside are moved to the nearest bound).
    pub fn clamped(mut self, min: Option<f64>, max: Option<f64>) -> Result<Self, GenerateError> {
        self.min = min.unwrap_or(f64::NEG_INFINITY);
        self.max = max.unwrap_or(f64::INFINITY);
        if self.min.is_nan() || self.max.is_nan() || self.min > self.max {
            return Err(GenerateError::bad(
                "clamp",
                format!(
                    "min ({}) must not be greater than max ({})",
                    self.min, self.max
                ),
            ));
        }
        Ok(self)
    }

    /// Produce integers (rounded to nearest) instead of floats.
    pub fn rounded(mut self, round: bool) -> Self {
        self.round = round;
        self
    }

    pub fn sample(&self, rng: &mut SmallRng) -> Value {
        let x = match &self.dist {
            Dist::Normal(d) => d.sample(rng),
            Dist::Exponential(d) => d.sample(rng),
            Dist::LogNormal(d) => d.sample(rng),
        }
        .clamp(self.min, self.max);
        if self.round {
            // `as` saturates at the i64 range, which is what a clamp to it would do.
            Value::Int(x.round() as i64)
        } else {
            Value::Float(x)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn floats(shaped: &Shaped, n: usize) -> Vec<f64> {
        let mut rng = SmallRng::seed_from_u64(7);
        (0..n)
            .map(|_| match shaped.sample(&mut rng) {
                Value::Float(x) => x,
                other => panic!("expected a float, got {other:?}"),
            })
            .collect()
    }

    fn mean(xs: &[f64]) -> f64 {
        xs.iter().sum::<f64>() / xs.len() as f64
    }

    #[test]
    fn uniform_int_stays_in_bounds_and_covers_them() {
        let u = UniformInt::new(3, 6).expect("valid bounds");
        let mut rng = SmallRng::seed_from_u64(1);
        let mut seen = [0u32; 4];
        for _ in 0..4000 {
            let Value::Int(v) = u.sample(&mut rng) else {
                panic!("not an int")
            };
            assert!((3..=6).contains(&v), "{v} outside 3..=6");
            seen[(v - 3) as usize] += 1;
        }
        // Each of the 4 values expected 1000 times; 5 sigma is about 140.
        for (i, count) in seen.iter().enumerate() {
            assert!(
                (860..=1140).contains(count),
                "value {} seen {count} times",
                i + 3
            );
        }
        assert!(UniformInt::new(5, 4).is_err());
    }

    #[test]
    fn normal_mean_and_clamp() {
        let xs = floats(&Shaped::normal(100.0, 15.0).expect("valid"), 20_000);
        // Standard error of the mean: 15 / sqrt(20000) = 0.106; allow 5 of them.
        assert!((mean(&xs) - 100.0).abs() < 0.55, "mean {}", mean(&xs));
        let clamped = Shaped::normal(0.0, 10.0)
            .and_then(|s| s.clamped(Some(-1.0), Some(1.0)))
            .expect("valid");
        assert!(floats(&clamped, 1000)
            .iter()
            .all(|x| (-1.0..=1.0).contains(x)));
        assert!(Shaped::normal(0.0, -1.0).is_err());
    }

    #[test]
    fn exponential_mean() {
        let xs = floats(&Shaped::exponential(4.0).expect("valid"), 20_000);
        // Standard deviation equals the mean: SE = 4 / sqrt(20000) = 0.028.
        assert!((mean(&xs) - 4.0).abs() < 0.15, "mean {}", mean(&xs));
        assert!(Shaped::exponential(0.0).is_err());
    }

    #[test]
    fn log_normal_median_and_p99_are_honoured() {
        let mut xs = floats(
            &Shaped::log_normal_percentiles(100.0, 1000.0).expect("valid"),
            20_000,
        );
        xs.sort_by(f64::total_cmp);
        let median = xs[xs.len() / 2];
        let p99 = xs[xs.len() * 99 / 100];
        assert!((median / 100.0 - 1.0).abs() < 0.05, "median {median}");
        assert!((p99 / 1000.0 - 1.0).abs() < 0.15, "p99 {p99}");
        assert!(Shaped::log_normal_percentiles(10.0, 5.0).is_err());
    }

    #[test]
    fn rounding_gives_integers() {
        let s = Shaped::normal(10.0, 2.0).expect("valid").rounded(true);
        let mut rng = SmallRng::seed_from_u64(3);
        assert!(matches!(s.sample(&mut rng), Value::Int(_)));
    }
}
