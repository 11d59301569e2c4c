//! Synthetic latencies whose truth is known: log-normal requests around a level that drifts
//! from interval to interval as an AR(1) process, so consecutive intervals are autocorrelated
//! like a real cluster's (GC, compaction, hot partitions). Seeded: the same arguments give the
//! same numbers.
//!
//! Include it with `#[path = "compare/synthetic.rs"] mod synthetic;`.
#![allow(dead_code)]

use rand::rngs::SmallRng;
use rand::SeedableRng as _;
use rand_distr::{Distribution, Normal};

/// Median latency, µs.
pub const MEDIAN_US: f64 = 1_000.0;
/// Spread of single requests around the interval's level (log scale).
pub const REQUEST_SIGMA: f64 = 0.5;
/// AR(1) coefficient of the interval level (lag-1 autocorrelation), and the level's stationary
/// spread (log scale).
pub const PHI: f64 = 0.5;
pub const LEVEL_SIGMA: f64 = 0.15;

/// `intervals` × `per_interval` latencies in µs, each multiplied by `factor`.
pub fn latencies(seed: u64, factor: f64, intervals: usize, per_interval: usize) -> Vec<Vec<u64>> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let unit = Normal::new(0.0, 1.0).expect("a valid normal distribution");
    let innovation = LEVEL_SIGMA * (1.0 - PHI * PHI).sqrt();
    let mut level = LEVEL_SIGMA * unit.sample(&mut rng);
    (0..intervals)
        .map(|_| {
            level = PHI * level + innovation * unit.sample(&mut rng);
            (0..per_interval)
                .map(|_| {
                    let log = MEDIAN_US.ln() + level + REQUEST_SIGMA * unit.sample(&mut rng);
                    (factor * log.exp()).round().max(1.0) as u64
                })
                .collect()
        })
        .collect()
}

/// Per-interval (requests, seconds) around `mean` ops/s, the level an AR(1) process with
/// relative spread `sigma`.
pub fn rates(seed: u64, mean: f64, sigma: f64, intervals: usize) -> Vec<(f64, f64)> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let unit = Normal::new(0.0, 1.0).expect("a valid normal distribution");
    let mut level = sigma * unit.sample(&mut rng);
    let innovation = sigma * (1.0 - PHI * PHI).sqrt();
    (0..intervals)
        .map(|_| {
            level = PHI * level + innovation * unit.sample(&mut rng);
            ((mean * (1.0 + level)).round(), 1.0)
        })
        .collect()
}
