//! Service-time distributions: their analytic mean (for the capacity formula) and a sampler
//! compiled once from a [`Distribution`], so a draw on the hot path is a few float operations
//! and never fails.
//!
//! A log-normal is given the way operators describe latency, by its median `m` and 99th
//! percentile: `mu = ln m`, `sigma = ln(p99 / m) / z99` with `z99` the standard normal's 99th
//! percentile; its mean is `m * exp(sigma^2 / 2)`.

use std::time::Duration;

use rand::rngs::SmallRng;
use rand::Rng;
use rand_distr::{Distribution as _, Exp, LogNormal};

use super::Distribution;

/// The standard normal distribution's 99th percentile.
pub const Z99: f64 = 2.326_347_874;

/// The longest service time one draw may give (one hour, as the latency histograms hold);
/// heavy tails are clamped to it.
pub const MAX_SERVICE: Duration = Duration::from_secs(3600);

impl Distribution {
    /// The analytic mean.
    pub fn mean(&self) -> Duration {
        match *self {
            Distribution::Fixed(d) => d,
            Distribution::Uniform { min, max } => (min + max) / 2,
            Distribution::Exponential { mean } => mean,
            Distribution::LogNormal { median, p99 } => {
                let sigma = log_normal_sigma(median, p99);
                seconds(median.as_secs_f64() * (sigma * sigma / 2.0).exp())
            }
        }
    }

    /// Why this distribution cannot be sampled, if it cannot.
    pub fn check(&self) -> Result<(), String> {
        match *self {
            Distribution::Uniform { min, max } if min > max => Err(format!(
                "uniform min {min:?} is above max {max:?}; swap them"
            )),
            Distribution::LogNormal { median, .. } if median.is_zero() => {
                Err("log-normal median is 0; give a median above 0".into())
            }
            Distribution::LogNormal { median, p99 } if p99 < median => Err(format!(
                "log-normal p99 {p99:?} is below its median {median:?}; p99 must be >= median"
            )),
            _ => Ok(()),
        }
    }
}

/// `sigma` of a log-normal with this median and 99th percentile.
fn log_normal_sigma(median: Duration, p99: Duration) -> f64 {
    (p99.as_secs_f64() / median.as_secs_f64()).ln() / Z99
}

/// Seconds as a duration, clamped to `0 ..= MAX_SERVICE` (NaN gives 0).
fn seconds(s: f64) -> Duration {
    let s = if s.is_nan() { 0.0 } else { s };
    Duration::from_secs_f64(s.clamp(0.0, MAX_SERVICE.as_secs_f64()))
}

/// A compiled [`Distribution`].
#[derive(Debug, Clone)]
pub(super) enum Sampler {
    Fixed(Duration),
    /// Nanoseconds, inclusive bounds.
    Uniform(u64, u64),
    /// In seconds.
    Exponential(Exp<f64>),
    /// In seconds.
    LogNormal(LogNormal<f64>),
}

impl Sampler {
    /// Compiles a distribution; the error says why it cannot be sampled.
    pub fn new(distribution: &Distribution) -> Result<Sampler, String> {
        distribution.check()?;
        Ok(match *distribution {
            Distribution::Fixed(d) => Sampler::Fixed(d.min(MAX_SERVICE)),
            Distribution::Uniform { min, max } => Sampler::Uniform(nanos(min), nanos(max)),
            Distribution::Exponential { mean } if mean.is_zero() => Sampler::Fixed(mean),
            Distribution::Exponential { mean } => Sampler::Exponential(
                Exp::new(1.0 / mean.as_secs_f64()).map_err(|e| format!("exponential: {e}"))?,
            ),
            Distribution::LogNormal { median, p99 } => Sampler::LogNormal(
                LogNormal::new(median.as_secs_f64().ln(), log_normal_sigma(median, p99))
                    .map_err(|e| format!("log-normal: {e}"))?,
            ),
        })
    }

    /// One service time, multiplied by `factor` (a node's slow factor).
    #[inline]
    pub fn sample(&self, rng: &mut SmallRng, factor: f64) -> Duration {
        let secs = match self {
            Sampler::Fixed(d) if factor == 1.0 => return *d,
            Sampler::Fixed(d) => d.as_secs_f64(),
            Sampler::Uniform(lo, hi) => rng.random_range(*lo..=*hi) as f64 * 1e-9,
            Sampler::Exponential(e) => e.sample(rng),
            Sampler::LogNormal(l) => l.sample(rng),
        };
        seconds(secs * factor)
    }
}

/// Nanoseconds of a duration, saturating.
pub(super) fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    const DRAWS: usize = 200_000;

    /// Sorted draws in microseconds.
    fn draws(d: &Distribution) -> Vec<f64> {
        let sampler = Sampler::new(d).expect("valid distribution");
        let mut rng = SmallRng::seed_from_u64(7);
        let mut v: Vec<f64> = (0..DRAWS)
            .map(|_| sampler.sample(&mut rng, 1.0).as_secs_f64() * 1e6)
            .collect();
        v.sort_by(f64::total_cmp);
        v
    }

    fn mean(v: &[f64]) -> f64 {
        v.iter().sum::<f64>() / v.len() as f64
    }

    fn quantile(v: &[f64], q: f64) -> f64 {
        v[((v.len() as f64 * q) as usize).min(v.len() - 1)]
    }

    fn assert_close(what: &str, actual: f64, expected: f64, tolerance: f64) {
        let error = (actual - expected).abs() / expected;
        assert!(
            error <= tolerance,
            "{what}: expected {expected:.2}, got {actual:.2} (off {:.2}%, allowed {:.2}%)",
            error * 100.0,
            tolerance * 100.0
        );
    }

    #[test]
    fn fixed_is_exact_and_scaled_by_the_slow_factor() {
        let sampler = Sampler::new(&Distribution::Fixed(Duration::from_micros(300))).unwrap();
        let mut rng = SmallRng::seed_from_u64(1);
        assert_eq!(sampler.sample(&mut rng, 1.0), Duration::from_micros(300));
        assert_eq!(sampler.sample(&mut rng, 2.5), Duration::from_micros(750));
    }

    #[test]
    fn uniform_mean_and_bounds() {
        // Mean (100 + 300) / 2 = 200 µs; the sample mean's standard error is
        // (200 / sqrt(12)) / sqrt(200k) = 0.13 µs, so 0.5% is ~8 standard errors.
        let d = Distribution::Uniform {
            min: Duration::from_micros(100),
            max: Duration::from_micros(300),
        };
        let v = draws(&d);
        assert!(v[0] >= 100.0 && v[v.len() - 1] <= 300.0);
        assert_close("uniform mean", mean(&v), 200.0, 0.005);
        assert_close("uniform median", quantile(&v, 0.5), 200.0, 0.01);
        assert_eq!(d.mean(), Duration::from_micros(200));
    }

    #[test]
    fn exponential_mean_median_p99() {
        // Mean 1000 µs, median 1000 ln 2, p99 1000 ln 100. Standard errors: mean 2.2 µs
        // (0.22%), p99 ~22 µs (0.5% of 4605): tolerances are >= 4 standard errors.
        let d = Distribution::Exponential {
            mean: Duration::from_millis(1),
        };
        let v = draws(&d);
        assert_close("exponential mean", mean(&v), 1000.0, 0.01);
        assert_close(
            "exponential median",
            quantile(&v, 0.5),
            1000.0 * 2f64.ln(),
            0.015,
        );
        assert_close(
            "exponential p99",
            quantile(&v, 0.99),
            1000.0 * 100f64.ln(),
            0.025,
        );
    }

    #[test]
    fn log_normal_median_p99_and_mean() {
        // median 500 µs, p99 2 ms: sigma = ln 4 / 2.3263 = 0.5959, mean = 500 e^(sigma^2/2)
        // = 597.3 µs.
        let d = Distribution::LogNormal {
            median: Duration::from_micros(500),
            p99: Duration::from_millis(2),
        };
        let sigma = 4f64.ln() / Z99;
        let expected_mean = 500.0 * (sigma * sigma / 2.0).exp();
        assert_close(
            "analytic mean",
            d.mean().as_secs_f64() * 1e6,
            expected_mean,
            1e-6,
        );
        let v = draws(&d);
        assert_close("log-normal median", quantile(&v, 0.5), 500.0, 0.01);
        assert_close("log-normal p99", quantile(&v, 0.99), 2000.0, 0.03);
        assert_close("log-normal mean", mean(&v), expected_mean, 0.01);
    }

    #[test]
    fn invalid_distributions_are_rejected_with_the_reason() {
        let bad = [
            Distribution::Uniform {
                min: Duration::from_millis(2),
                max: Duration::from_millis(1),
            },
            Distribution::LogNormal {
                median: Duration::ZERO,
                p99: Duration::from_millis(1),
            },
            Distribution::LogNormal {
                median: Duration::from_millis(2),
                p99: Duration::from_millis(1),
            },
        ];
        for d in bad {
            let err = Sampler::new(&d).expect_err("invalid");
            assert!(
                err.contains("min") || err.contains("median"),
                "{d:?}: {err}"
            );
        }
        let zero = Distribution::Exponential {
            mean: Duration::ZERO,
        };
        let mut rng = SmallRng::seed_from_u64(1);
        assert_eq!(
            Sampler::new(&zero).unwrap().sample(&mut rng, 3.0),
            Duration::ZERO
        );
    }
}
