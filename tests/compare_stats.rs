//! The statistics of `ringbench compare` on synthetic runs whose truth is known: per-interval
//! latency histograms from a log-normal distribution whose level drifts as an AR(1) process
//! from interval to interval (autocorrelated, like a real cluster's GC and compaction
//! cycles; see `compare/synthetic.rs`). Two runs drawn from the same process must rarely be
//! called different (the false-positive rate is measured over many seeds and must stay under
//! the stated level); a run whose latencies are 30% higher must be flagged.

#[path = "compare/synthetic.rs"]
mod synthetic;

use hdrhistogram::Histogram;
use ringbench::compare::bootstrap::{compare, Settings};
use ringbench::compare::series::{HistogramSeries, RatioSeries};
use ringbench::compare::thresholds::Rules;

/// Intervals per synthetic run (a one-minute phase at the default 1 s interval).
const INTERVALS: usize = 60;
/// Requests per interval.
const PER_INTERVAL: usize = 250;

const QUANTILES: [f64; 4] = [0.5, 0.9, 0.99, 0.999];

/// One run's per-interval buckets, latencies multiplied by `factor`.
fn synthetic_run(seed: u64, factor: f64, intervals: usize) -> Vec<Vec<(u64, u64)>> {
    synthetic::latencies(seed, factor, intervals, PER_INTERVAL)
        .into_iter()
        .map(|values| {
            let mut h = Histogram::<u64>::new(3).expect("3 significant digits");
            h.auto(true);
            for v in values {
                h.record(v).expect("records");
            }
            h.iter_recorded()
                .map(|v| (v.value_iterated_to(), v.count_at_value()))
                .collect()
        })
        .collect()
}

fn settings(seed: u64) -> Settings {
    Settings {
        confidence: 0.95,
        resamples: 1000,
        seed,
    }
}

#[test]
fn same_distribution_noise_is_rarely_called_significant() {
    const PAIRS: u64 = 100;
    let p99_limit = Rules::default().response[2].unwrap_or(10.0);
    let mut flagged = [0u32; 4];
    let mut regressions = 0u32;
    for pair in 0..PAIRS {
        let base = HistogramSeries::new(&synthetic_run(2 * pair, 1.0, INTERVALS), &QUANTILES);
        let run = HistogramSeries::new(&synthetic_run(2 * pair + 1, 1.0, INTERVALS), &QUANTILES);
        let estimates = compare(&base, &run, &settings(pair));
        for (count, e) in flagged.iter_mut().zip(&estimates) {
            *count += u32::from(e.significant() == Some(true));
        }
        // The default rule: p99 up by more than the limit, and significant.
        if let Some(p99) = estimates.get(2) {
            let change = 100.0 * (p99.value - p99.base) / p99.base;
            regressions += u32::from(p99.significant() == Some(true) && change > p99_limit);
        }
    }
    let total: u32 = flagged.iter().sum();
    let tests = 4 * PAIRS as u32;
    println!(
        "same-distribution pairs called significant (p50, p90, p99, p99.9 of {PAIRS} each): \
         {flagged:?}, {total} of {tests}; called a p99 regression: {regressions}"
    );
    assert!(
        f64::from(total) <= 0.05 * f64::from(tests),
        "{total} of {tests} same-distribution comparisons called significant (per percentile: \
         {flagged:?}); the stated level is 5%"
    );
    assert!(
        f64::from(regressions) <= 0.05 * PAIRS as f64,
        "{regressions} of {PAIRS} same-distribution pairs called a p99 regression"
    );
}

/// Power: two-minute runs (the bootstrap is deliberately conservative, so one minute of this
/// much noise does not always suffice).
#[test]
fn a_thirty_percent_shift_is_significant() {
    for pair in 0..5u64 {
        let base =
            HistogramSeries::new(&synthetic_run(1000 + pair, 1.0, 2 * INTERVALS), &QUANTILES);
        let run = HistogramSeries::new(&synthetic_run(2000 + pair, 1.3, 2 * INTERVALS), &QUANTILES);
        let estimates = compare(&base, &run, &settings(pair));
        for (q, e) in QUANTILES.iter().zip(&estimates).take(3) {
            let change = 100.0 * (e.value - e.base) / e.base;
            assert_eq!(
                e.significant(),
                Some(true),
                "pair {pair}, quantile {q}: change {change:+.1}%, interval {:?}",
                e.interval
            );
        }
    }
}

fn rates(seed: u64, mean: f64) -> Vec<(f64, f64)> {
    synthetic::rates(seed, mean, 0.03, INTERVALS)
}

#[test]
fn throughput_noise_and_a_real_drop() {
    const PAIRS: u64 = 1000;
    let mut flagged = 0;
    for pair in 0..PAIRS {
        let base = RatioSeries::new(&rates(2 * pair, 1000.0), 1.0);
        let run = RatioSeries::new(&rates(2 * pair + 1, 1000.0), 1.0);
        flagged += u32::from(compare(&base, &run, &settings(pair))[0].significant() == Some(true));
    }
    println!("same-rate pairs called significant: {flagged} of {PAIRS}");
    assert!(
        f64::from(flagged) <= 0.05 * PAIRS as f64,
        "{flagged} of {PAIRS} same-rate pairs called significant; the stated level is 5%"
    );
    for seed in 0..5 {
        let base = RatioSeries::new(&rates(7 + 2 * seed, 1000.0), 1.0);
        let run = RatioSeries::new(&rates(8 + 2 * seed, 900.0), 1.0);
        let e = compare(&base, &run, &settings(1))[0];
        assert_eq!(e.significant(), Some(true), "a 10% drop: {e:?}");
    }
}
