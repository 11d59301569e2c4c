//! The percentile spectrum, as HdrHistogram plots it: latency (y) against percentile (x) on
//! a log scale of 1/(1-q), so 90%, 99%, 99.9% ... are equally spaced and the tail, where
//! regressions hide, gets as much room as the median.

use super::axes::Axis;
use super::canvas::render;
use super::legend::Dash;
use super::scale::LatencyUnit;
use super::xy::{XyChart, XyLine};
use super::{palette, PlotError, SpectrumSeries};
use crate::report::Plot;

/// The highest quantile shown (99.999%); the x axis ends at [`spectrum_x`] of it, 5.
pub const SPECTRUM_MAX_QUANTILE: f64 = 0.99999;

/// The end of the x axis: [`spectrum_x`] of [`SPECTRUM_MAX_QUANTILE`], exactly.
const X_MAX: f64 = 5.0;

/// Points per series: x sampled every 5/200 = 0.025 decades.
const SAMPLES: usize = 200;

/// The x position of quantile `q` (0..1): log10(1/(1-q)), so 0% → 0, 90% → 1, 99% → 2,
/// 99.9% → 3; clamped to 0..=[`SPECTRUM_MAX_QUANTILE`].
pub fn spectrum_x(q: f64) -> f64 {
    let q = if q.is_nan() {
        0.0
    } else {
        q.clamp(0.0, SPECTRUM_MAX_QUANTILE)
    };
    (-(1.0 - q).log10()).max(0.0)
}

/// The inverse of [`spectrum_x`].
fn quantile_at(x: f64) -> f64 {
    1.0 - 10f64.powf(-x)
}

/// Draws one line per series: latency at each percentile from 0% to 99.999%.
pub fn spectrum(title: &str, slug: &str, series: &[SpectrumSeries<'_>]) -> Result<Plot, PlotError> {
    let max_us = series
        .iter()
        .map(|s| s.histogram.value_at_quantile(SPECTRUM_MAX_QUANTILE) as f64)
        .fold(0.0, f64::max);
    let unit = LatencyUnit::for_max_us(max_us);
    let lines = series
        .iter()
        .map(|s| {
            let points = if s.histogram.is_empty() {
                Vec::new()
            } else {
                (0..=SAMPLES)
                    .map(|i| {
                        let x = X_MAX * i as f64 / SAMPLES as f64;
                        let us = s.histogram.value_at_quantile(quantile_at(x).min(1.0));
                        (x, us as f64 / unit.divisor)
                    })
                    .collect()
            };
            XyLine {
                label: s.label.clone(),
                colour: palette::run_colour(s.run),
                dash: Dash::Solid,
                points,
            }
        })
        .collect();
    let ticks = ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%"]
        .iter()
        .enumerate()
        .map(|(i, label)| (i as f64, label.to_string()))
        .collect();
    let chart = XyChart {
        title: title.to_string(),
        x: Axis {
            desc: "percentile (log scale of 1/(1-q))".to_string(),
            range: (0.0, X_MAX),
            ticks,
        },
        y: Axis::nice(
            format!("latency ({})", unit.name),
            0.0,
            max_us / unit.divisor * 1.05,
            6,
        ),
        lines,
        markers: Vec::new(),
    };
    render(title, slug, &chart)
}
