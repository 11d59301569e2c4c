//! Axis scales shared by the plots: "nice" tick positions (1, 2, 5 × 10^k) with their labels,
//! and the latency unit (µs or ms) that keeps tick labels short.

/// Latency unit of an axis: values are recorded in µs and shown in ms from 10 ms up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LatencyUnit {
    /// Divide a µs value by this to get the axis value.
    pub divisor: f64,
    pub name: &'static str,
}

impl LatencyUnit {
    pub fn for_max_us(max_us: f64) -> Self {
        if max_us >= 10_000.0 {
            LatencyUnit {
                divisor: 1000.0,
                name: "ms",
            }
        } else {
            LatencyUnit {
                divisor: 1.0,
                name: "µs",
            }
        }
    }
}

/// Ticks covering `lo..=hi` at a 1-2-5 step giving about `target` ticks, each with its label.
/// Returns the ticks and the range extended to whole steps.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> (Vec<(f64, String)>, (f64, f64)) {
    let (lo, hi) = if hi > lo && lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else if lo.is_finite() {
        (lo, lo + 1.0)
    } else {
        (0.0, 1.0)
    };
    let raw = (hi - lo) / target.max(1) as f64;
    let exponent = raw.log10().floor();
    let base = 10f64.powf(exponent);
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * base)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * base);
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    let ticks = (0..=((last - first) as i64))
        .map(|i| {
            let value = (first + i as f64) * step;
            (value, format_tick(value, decimals))
        })
        .collect();
    (ticks, (first * step, last * step))
}

/// A tick label: fixed decimals, thousands as `k` from 10,000 up (`20k`, `1.5M`).
fn format_tick(value: f64, decimals: usize) -> String {
    let magnitude = value.abs();
    if magnitude >= 1e6 && decimals == 0 {
        trim(format!("{:.2}", value / 1e6)) + "M"
    } else if magnitude >= 1e4 && decimals == 0 {
        trim(format!("{:.2}", value / 1e3)) + "k"
    } else {
        let text = format!("{value:.decimals$}");
        if text
            .trim_start_matches('-')
            .chars()
            .all(|c| c == '0' || c == '.')
        {
            "0".to_string()
        } else {
            text
        }
    }
}

fn trim(text: String) -> String {
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}
