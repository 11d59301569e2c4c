//! The circular block bootstrap of the difference between two runs.
//!
//! Latencies of consecutive intervals are not independent (a compaction, a GC pause or a hot
//! partition lasts several seconds), so resampling single requests or single intervals would
//! understate the noise and call it a regression. Instead each resample of a run is built from
//! blocks of consecutive intervals, drawn at uniformly random starts with wrap-around
//! (circular), until it is as long as the run; the statistic is taken of the merged resample.
//! The two runs are resampled independently, each with its own block length.
//!
//! The interval of a change is the change ± t × standard error, the standard error coming
//! from the variance of each run's resampled statistic. Block bootstraps of short runs
//! understate that variance, so each run's variance is divided by the share it is expected to
//! see: the fixed-b factor 1 - b + b²/3 (b = block length / run length; Kiefer and Vogelsang
//! 2005), times the share of an AR(1) process's long-run variance a Bartlett window of the
//! block length covers (the AR coefficient from the lag-1 autocorrelation, as in Andrews and
//! Monahan's prewhitening; the coefficient taken one standard error above its estimate). t is
//! Student's, with one degree of freedom per block beyond the first, of the run with fewer
//! blocks (Hsu's conservative bound on Welch-Satterthwaite). `tests/compare_stats.rs`
//! measures the false-positive rate this gives on autocorrelated synthetic runs.
//!
//! Block length ([`block_length`]): at least ⌈√n⌉ intervals, and at least twice the lag after
//! which the autocorrelation of the per-interval series (mean latency, or the per-interval
//! ratio) stays within ±2·√(log10(n)/n) for several lags in a row (the rule of Politis and
//! White, 2004), at most n / 5 so that every resample has at least [`MIN_BLOCKS`] blocks.

use super::quantile::student_t;
use super::rng::SplitMix64;
use super::series::{Block, Resample};

/// Runs with fewer intervals than this are compared, but never called significant.
pub const MIN_INTERVALS: usize = 10;

/// Blocks are at most n / this long, so that a resample mixes at least this many blocks.
pub const MIN_BLOCKS: usize = 5;

/// How the bootstrap runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Confidence of the intervals, e.g. 0.95.
    pub confidence: f64,
    pub resamples: usize,
    pub seed: u64,
}

/// The comparison of one statistic between a base run and another run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub base: f64,
    pub value: f64,
    /// Confidence interval of `value - base`; `None` when either run is too short (fewer than
    /// [`MIN_INTERVALS`]) or the statistic is undefined.
    pub interval: Option<(f64, f64)>,
}

impl Estimate {
    /// Whether the interval excludes 0; `None` when there is no interval.
    pub fn significant(&self) -> Option<bool> {
        let resolved =
            (self.value - self.base).abs() > RESOLUTION * self.base.abs().max(self.value.abs());
        self.interval
            .map(|(lo, hi)| resolved && (lo > 0.0 || hi < 0.0))
    }
}

/// The block length for a series of per-interval values (see the module docs).
pub fn block_length(values: &[f64]) -> usize {
    let n = values.len();
    if n < 4 {
        return 1;
    }
    let floor = (n as f64).sqrt().ceil() as usize;
    let band = 2.0 * ((n as f64).log10() / n as f64).sqrt();
    // Politis and White's K_n: how many insignificant lags in a row end the dependence.
    let run_of = ((n as f64).log10().sqrt().ceil() as usize).max(5);
    let max_lag = n / 2;
    let acf = autocorrelations(values, max_lag);
    let mut quiet = 0;
    let mut last_significant = 0;
    for (lag, r) in acf.iter().enumerate().map(|(i, r)| (i + 1, r)) {
        if r.abs() > band {
            last_significant = lag;
            quiet = 0;
        } else {
            quiet += 1;
            if quiet >= run_of {
                break;
            }
        }
    }
    floor
        .max(2 * last_significant)
        .clamp(1, (n / MIN_BLOCKS).max(1))
}

/// The share of the long-run variance a block bootstrap with blocks of `len` sees when the
/// series is an AR(1) process (Bartlett taper sum over the AR(1) long-run variance), with the
/// AR coefficient estimated from the lag-1 autocorrelation (Kendall's bias correction, capped
/// at 0.95): the prewhitening idea of Andrews and Monahan (1992).
fn taper_share(values: &[f64], len: usize) -> f64 {
    let n = values.len() as f64;
    let Some(r1) = autocorrelations(values, 1).first().copied() else {
        return 1.0;
    };
    let corrected = r1 + (1.0 + 3.0 * r1) / n;
    // One standard error above the estimate: a short series hides much of its dependence.
    let phi = (corrected + ((1.0 - corrected * corrected).max(0.0) / n).sqrt()).clamp(0.0, 0.95);
    let l = len as f64;
    let seen: f64 = 1.0
        + 2.0
            * (1..len)
                .map(|k| (1.0 - k as f64 / l) * phi.powi(k as i32))
                .sum::<f64>();
    (seen * (1.0 - phi) / (1.0 + phi)).clamp(0.05, 1.0)
}

/// Sample autocorrelations at lags 1..=max_lag (0 for a constant series).
fn autocorrelations(values: &[f64], max_lag: usize) -> Vec<f64> {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var: f64 = values.iter().map(|v| (v - mean).powi(2)).sum();
    (1..=max_lag)
        .map(|lag| {
            if var <= 0.0 {
                return 0.0;
            }
            let cov: f64 = values
                .iter()
                .zip(values.iter().skip(lag))
                .map(|(a, b)| (a - mean) * (b - mean))
                .sum();
            cov / var
        })
        .collect()
}

/// Fills `blocks` with one resample of `n` intervals in blocks of `len`.
fn draw(rng: &mut SplitMix64, n: usize, len: usize, blocks: &mut Vec<Block>) {
    blocks.clear();
    let mut left = n;
    while left > 0 {
        let take = len.min(left);
        blocks.push(Block {
            start: rng.below(n),
            len: take,
        });
        left -= take;
    }
}

/// Degrees of freedom of a block-bootstrap variance per block drawn, beyond the first: what
/// non-overlapping batch means have (conservative: the overlapping analogue has about 1.5 per
/// batch, Meketon and Schmeiser 1984).
const DF_PER_BLOCK: f64 = 1.0;

/// Changes smaller than this share of the value are never significant: HdrHistogram keeps 3
/// significant digits, so neighbouring buckets are 0.1% apart.
const RESOLUTION: f64 = 1e-3;

/// One run's resampled statistics, how many blocks each resample had, and the expected
/// share of the true variance its bootstrap variance shows.
struct Resampled {
    stats: Vec<Vec<f64>>,
    blocks: usize,
    bias: f64,
}

fn resample<S: Resample>(series: &S, settings: &Settings, rng: &mut SplitMix64) -> Resampled {
    let n = series.intervals();
    let dependence = series.dependence();
    let len = block_length(&dependence);
    let mut stats: Vec<Vec<f64>> = Vec::new();
    let mut blocks = Vec::new();
    for _ in 0..settings.resamples {
        draw(rng, n, len, &mut blocks);
        for (k, v) in series.statistics_of(&blocks).into_iter().enumerate() {
            if stats.len() <= k {
                stats.push(Vec::with_capacity(settings.resamples));
            }
            if let Some(s) = stats.get_mut(k).filter(|_| v.is_finite()) {
                s.push(v);
            }
        }
    }
    // Kiefer and Vogelsang (2005): with blocks a share b of the series, the Bartlett-kernel
    // variance estimate the block bootstrap amounts to (Künsch 1989) is low by the factor
    // 1 - b + b²/3 on average, because each block's deviations are taken from the run's own
    // mean.
    let b = len as f64 / n.max(1) as f64;
    Resampled {
        stats,
        blocks: n.div_ceil(len.max(1)),
        bias: (1.0 - b + b * b / 3.0) * taper_share(&dependence, len),
    }
}

/// Compares every statistic of `run` with the same statistic of `base`.
pub fn compare<S: Resample>(base: &S, run: &S, settings: &Settings) -> Vec<Estimate> {
    let base_all = base.statistics();
    let run_all = run.statistics();
    let enough = base.intervals() >= MIN_INTERVALS
        && run.intervals() >= MIN_INTERVALS
        && settings.resamples >= 2;
    let resampled = enough.then(|| {
        let mut rng = SplitMix64::new(settings.seed);
        let b = resample(base, settings, &mut rng);
        let r = resample(run, settings, &mut rng);
        (b, r)
    });
    let p = 1.0 - (1.0 - settings.confidence).clamp(0.0, 1.0) / 2.0;
    base_all
        .iter()
        .zip(run_all)
        .enumerate()
        .map(|(k, (b, r))| {
            let interval = resampled.as_ref().and_then(|(rb, rr)| {
                if !(b.is_finite() && r.is_finite()) {
                    return None;
                }
                let vb = variance(rb.stats.get(k)?)? / rb.bias;
                let vr = variance(rr.stats.get(k)?)? / rr.bias;
                let t = student_t(p, welch_df(rb.blocks, rr.blocks));
                let half = t * (vb + vr).sqrt();
                Some((r - b - half, r - b + half))
            });
            Estimate {
                base: *b,
                value: r,
                interval,
            }
        })
        .collect()
}

/// Sample variance; `None` for fewer than two values.
fn variance(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    Some(values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0))
}

/// Degrees of freedom of the sum of two variance estimates, each with [`DF_PER_BLOCK`] per
/// block beyond the first: the smaller of the two (Hsu's conservative bound on the
/// Welch-Satterthwaite value, which short, autocorrelated runs need).
fn welch_df(blocks_b: usize, blocks_r: usize) -> f64 {
    let df = |blocks: usize| (DF_PER_BLOCK * blocks.saturating_sub(1) as f64).max(1.0);
    df(blocks_b).min(df(blocks_r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_grow_with_length_and_with_dependence() {
        let noise: Vec<f64> = {
            let mut rng = SplitMix64::new(3);
            (0..1000).map(|_| rng.next_u64() as f64).collect()
        };
        assert_eq!(block_length(&noise), 32, "independent: ⌈√1000⌉");
        // A slow sine: correlated over a long stretch, up to the cap of n / 5.
        let wave: Vec<f64> = (0..1000).map(|i| (i as f64 / 40.0).sin()).collect();
        assert!(block_length(&wave) >= 100, "{}", block_length(&wave));
        // AR(1) with coefficient 0.9: correlation below the band after ~20 lags.
        let mut rng = SplitMix64::new(5);
        let mut level = 0.0;
        let ar: Vec<f64> = (0..1000)
            .map(|_| {
                level = 0.9 * level + (rng.next_u64() as f64 / u64::MAX as f64 - 0.5);
                level
            })
            .collect();
        let len = block_length(&ar);
        assert!((33..200).contains(&len), "{len}");
        assert_eq!(block_length(&[1.0, 2.0]), 1);
    }

    #[test]
    fn degrees_of_freedom_are_the_smaller_runs() {
        assert_eq!(welch_df(8, 5), 4.0);
        assert_eq!(welch_df(1, 9), 1.0);
    }

    #[test]
    fn resamples_cover_the_series() {
        let mut rng = SplitMix64::new(1);
        let mut blocks = Vec::new();
        draw(&mut rng, 23, 5, &mut blocks);
        assert_eq!(
            blocks.iter().map(|b| b.len).collect::<Vec<_>>(),
            [5, 5, 5, 5, 3]
        );
        assert!(blocks.iter().all(|b| b.start < 23));
    }
}
