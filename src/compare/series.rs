//! One run's per-interval measurements of one operation over one phase, laid out so that a
//! bootstrap resample (a list of blocks of consecutive intervals) costs a few lookups per
//! statistic instead of merging histograms.
//!
//! - [`HistogramSeries`]: per-interval latency histograms. All intervals share one grid (the
//!   distinct bucket values that occur); `prefix[i][g]` counts the samples at or below
//!   `grid[g]` in intervals `0..i`. The samples at or below `grid[g]` in a block of intervals
//!   are then one subtraction, and a percentile of a resample is a binary search over the grid
//!   summing one such difference per block. The answer is exactly what HdrHistogram's
//!   `value_at_quantile` gives for the merged histogram of the resampled intervals.
//! - [`RatioSeries`]: per-interval numerators and denominators (requests and seconds for
//!   throughput, errors and requests for the error rate), with prefix sums likewise.
//!
//! Both implement [`Resample`], which is what the bootstrap needs.

/// A block of consecutive intervals, `len` long from `start`, wrapping around the end of the
/// series (a circular block bootstrap gives every interval the same chance to be drawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub start: usize,
    pub len: usize,
}

/// What the bootstrap resamples.
pub trait Resample {
    /// Intervals in the series.
    fn intervals(&self) -> usize;
    /// The statistics of the whole series (for a histogram series: one per quantile).
    fn statistics(&self) -> Vec<f64> {
        let all = [Block {
            start: 0,
            len: self.intervals(),
        }];
        self.statistics_of(&all)
    }
    /// The statistics of a resample made of `blocks`; `None` for a statistic that is undefined
    /// (e.g. a percentile of no samples).
    fn statistics_of(&self, blocks: &[Block]) -> Vec<f64>;
    /// One number per interval whose autocorrelation says how long blocks must be.
    fn dependence(&self) -> Vec<f64>;
}

/// Sums of a per-interval quantity over blocks, through prefix sums.
#[derive(Debug, Clone)]
struct Prefix {
    /// `sums[i]` = sum over intervals `0..i`; `n + 1` entries.
    sums: Vec<f64>,
}

impl Prefix {
    fn new(values: impl Iterator<Item = f64>) -> Self {
        let mut sums = vec![0.0];
        let mut total = 0.0;
        for v in values {
            total += v;
            sums.push(total);
        }
        Prefix { sums }
    }

    fn block(&self, b: Block) -> f64 {
        let n = self.sums.len() - 1;
        let at = |i: usize| self.sums.get(i).copied().unwrap_or(0.0);
        let end = b.start + b.len;
        if end <= n {
            at(end) - at(b.start)
        } else {
            (at(n) - at(b.start)) + at(end - n)
        }
    }
}

/// Per-interval numerators over denominators: the statistic is sum(num) / sum(den).
#[derive(Debug, Clone)]
pub struct RatioSeries {
    num: Prefix,
    den: Prefix,
    per_interval: Vec<f64>,
    /// Multiplies the ratio (e.g. 100 for a percentage).
    scale: f64,
}

impl RatioSeries {
    /// `pairs`: (numerator, denominator) per interval.
    pub fn new(pairs: &[(f64, f64)], scale: f64) -> Self {
        RatioSeries {
            num: Prefix::new(pairs.iter().map(|p| p.0)),
            den: Prefix::new(pairs.iter().map(|p| p.1)),
            per_interval: pairs
                .iter()
                .map(|(n, d)| if *d > 0.0 { scale * n / d } else { 0.0 })
                .collect(),
            scale,
        }
    }
}

impl Resample for RatioSeries {
    fn intervals(&self) -> usize {
        self.per_interval.len()
    }

    fn statistics_of(&self, blocks: &[Block]) -> Vec<f64> {
        let num: f64 = blocks.iter().map(|b| self.num.block(*b)).sum();
        let den: f64 = blocks.iter().map(|b| self.den.block(*b)).sum();
        vec![if den > 0.0 {
            self.scale * num / den
        } else {
            0.0
        }]
    }

    fn dependence(&self) -> Vec<f64> {
        self.per_interval.clone()
    }
}

/// Per-interval latency histograms and the quantiles to take of them.
#[derive(Debug, Clone)]
pub struct HistogramSeries {
    grid: Vec<u64>,
    /// Row-major `(n + 1) × grid.len()`: cumulative over intervals and over the grid.
    prefix: Vec<u64>,
    n: usize,
    means: Vec<f64>,
    quantiles: Vec<f64>,
}

impl HistogramSeries {
    /// `intervals`: each interval's non-empty buckets `(value, count)`, ascending by value (as
    /// [`crate::results::hlog_read`] gives them). `quantiles` in 0..=1.
    pub fn new(intervals: &[Vec<(u64, u64)>], quantiles: &[f64]) -> Self {
        let mut grid: Vec<u64> = intervals.iter().flatten().map(|(v, _)| *v).collect();
        grid.sort_unstable();
        grid.dedup();
        let g = grid.len();
        let n = intervals.len();
        let mut prefix = vec![0u64; (n + 1) * g];
        let mut means = Vec::with_capacity(n);
        for (i, buckets) in intervals.iter().enumerate() {
            let (done, rest) = prefix.split_at_mut((i + 1) * g);
            let previous = &done[i * g..];
            let row = &mut rest[..g];
            let mut next = buckets.iter().peekable();
            let mut cumulative = 0u64;
            for (k, value) in grid.iter().enumerate() {
                while let Some((_, count)) = next.next_if(|(v, _)| v <= value) {
                    cumulative += count;
                }
                row[k] = previous[k] + cumulative;
            }
            let count: u64 = buckets.iter().map(|(_, c)| c).sum();
            let sum: f64 = buckets.iter().map(|(v, c)| *v as f64 * *c as f64).sum();
            means.push(if count > 0 { sum / count as f64 } else { 0.0 });
        }
        HistogramSeries {
            grid,
            prefix,
            n,
            means,
            quantiles: quantiles.to_vec(),
        }
    }

    /// Samples at or below `grid[k]` in intervals `0..i`.
    fn cumulative(&self, i: usize, k: usize) -> u64 {
        self.prefix
            .get(i * self.grid.len() + k)
            .copied()
            .unwrap_or(0)
    }

    fn block_count(&self, b: Block, k: usize) -> u64 {
        let end = b.start + b.len;
        if end <= self.n {
            self.cumulative(end, k) - self.cumulative(b.start, k)
        } else {
            (self.cumulative(self.n, k) - self.cumulative(b.start, k))
                + self.cumulative(end - self.n, k)
        }
    }

    fn count_at_or_below(&self, blocks: &[Block], k: usize) -> u64 {
        blocks.iter().map(|b| self.block_count(*b, k)).sum()
    }
}

impl Resample for HistogramSeries {
    fn intervals(&self) -> usize {
        self.n
    }

    fn statistics_of(&self, blocks: &[Block]) -> Vec<f64> {
        let Some(last) = self.grid.len().checked_sub(1) else {
            return vec![f64::NAN; self.quantiles.len()];
        };
        let total = self.count_at_or_below(blocks, last);
        self.quantiles
            .iter()
            .map(|q| {
                if total == 0 {
                    return f64::NAN;
                }
                // HdrHistogram's rule: the smallest value with at least ceil(q × total)
                // samples at or below it.
                let target = ((q * total as f64).ceil() as u64).max(1);
                let (mut lo, mut hi) = (0usize, last);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    if self.count_at_or_below(blocks, mid) >= target {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                self.grid.get(lo).map_or(f64::NAN, |v| *v as f64)
            })
            .collect()
    }

    fn dependence(&self) -> Vec<f64> {
        self.means.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resampled_quantiles_equal_hdrhistogram_on_the_merged_intervals() {
        let mut histograms = Vec::new();
        for i in 0..5u64 {
            let mut h = crate::metrics::histogram::new_latency();
            for k in 1..=(50 + 30 * i) {
                h.record(k * (i + 1) * 7 % 5_000 + 1).expect("records");
            }
            histograms.push(h);
        }
        let buckets: Vec<Vec<(u64, u64)>> = histograms
            .iter()
            .map(|h| {
                h.iter_recorded()
                    .map(|v| (v.value_iterated_to(), v.count_at_value()))
                    .collect()
            })
            .collect();
        let qs = [0.0, 0.5, 0.9, 0.99, 0.999, 1.0];
        let series = HistogramSeries::new(&buckets, &qs);
        // Blocks 3..5 wrapping to 0, then 2..3, then 3..4 again: intervals 3, 4, 0, 2, 3.
        let blocks = [Block { start: 3, len: 3 }, Block { start: 2, len: 2 }];
        let mut merged = crate::metrics::histogram::new_latency();
        for i in [3, 4, 0, 2, 3] {
            merged.add(&histograms[i]).expect("merges");
        }
        let expected: Vec<f64> = qs[1..]
            .iter()
            .map(|q| merged.value_at_quantile(*q) as f64)
            .collect();
        assert_eq!(series.statistics_of(&blocks)[1..], expected[..]);
        assert_eq!(
            series.statistics()[5],
            histograms.iter().map(|h| h.max()).max().unwrap_or(0) as f64
        );
    }

    #[test]
    fn ratios_of_block_sums_wrap_around() {
        let series = RatioSeries::new(&[(1.0, 1.0), (2.0, 1.0), (3.0, 2.0), (4.0, 1.0)], 1.0);
        assert_eq!(series.statistics(), vec![2.0]);
        // Intervals 3, 0: (4 + 1) / (1 + 1).
        assert_eq!(
            series.statistics_of(&[Block { start: 3, len: 2 }]),
            vec![2.5]
        );
        assert_eq!(series.dependence(), vec![1.0, 2.0, 1.5, 4.0]);
    }
}
