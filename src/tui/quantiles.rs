//! Latency percentiles as the dashboard shows them: read from a histogram (live) or from a
//! saved summary, with `None` for what is unknown (no requests, or not saved), so that a
//! missing value is drawn as missing and never estimated. Percentiles are read from merged
//! histograms, never averaged.

use crate::metrics::histogram::Latency;
use crate::results::LatencySummary;

/// A percentile the dashboard can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pct {
    P50,
    P90,
    P99,
    P999,
    P9999,
    Max,
}

impl Pct {
    pub const ALL: [Pct; 6] = [
        Pct::P50,
        Pct::P90,
        Pct::P99,
        Pct::P999,
        Pct::P9999,
        Pct::Max,
    ];

    pub const fn label(self) -> &'static str {
        match self {
            Pct::P50 => "p50",
            Pct::P90 => "p90",
            Pct::P99 => "p99",
            Pct::P999 => "p99.9",
            Pct::P9999 => "p99.99",
            Pct::Max => "max",
        }
    }

    const fn index(self) -> usize {
        match self {
            Pct::P50 => 0,
            Pct::P90 => 1,
            Pct::P99 => 2,
            Pct::P999 => 3,
            Pct::P9999 => 4,
            Pct::Max => 5,
        }
    }

    /// The quantile, `None` for the maximum.
    const fn quantile(self) -> Option<f64> {
        match self {
            Pct::P50 => Some(0.5),
            Pct::P90 => Some(0.9),
            Pct::P99 => Some(0.99),
            Pct::P999 => Some(0.999),
            Pct::P9999 => Some(0.9999),
            Pct::Max => None,
        }
    }
}

/// Latency percentiles in microseconds; `None` where unknown (no requests, or not saved).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quantiles([Option<u64>; 6]);

impl Quantiles {
    /// Every percentile of a histogram (all `None` when it is empty).
    pub fn of(histogram: &Latency) -> Quantiles {
        let mut q = Quantiles::default();
        if !histogram.is_empty() {
            for pct in Pct::ALL {
                q.0[pct.index()] = Some(match pct.quantile() {
                    Some(quantile) => histogram.value_at_quantile(quantile),
                    None => histogram.max(),
                });
            }
        }
        q
    }

    /// The percentiles of a saved summary (all `None` when it counted nothing).
    pub fn of_summary(s: &LatencySummary) -> Quantiles {
        if s.count == 0 {
            return Quantiles::default();
        }
        Quantiles([
            Some(s.p50_us),
            Some(s.p90_us),
            Some(s.p99_us),
            Some(s.p999_us),
            Some(s.p9999_us),
            Some(s.max_us),
        ])
    }

    pub fn get(&self, pct: Pct) -> Option<u64> {
        self.0[pct.index()]
    }

    /// This with `pct` set to `value`.
    pub fn with(mut self, pct: Pct, value: Option<u64>) -> Quantiles {
        self.0[pct.index()] = value;
        self
    }
}
