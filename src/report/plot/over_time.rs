//! Values over the course of a run: x is seconds since the run started, y what the caller
//! names (latency percentiles, throughput). Each run keeps its colour; p50 is drawn solid and
//! p99 dashed by convention (`Line::dashed`).

use super::axes::Axis;
use super::canvas::render;
use super::legend::Dash;
use super::xy::{XyChart, XyLine};
use super::{palette, Line, PlotError};
use crate::report::Plot;

/// Draws `lines` against time; `y_label` names the quantity and its unit, e.g.
/// `latency (ms)` or `throughput (ops/s)`. The y axis starts at 0 (or below, for negative
/// values).
pub fn over_time(
    title: &str,
    slug: &str,
    y_label: &str,
    lines: &[Line],
) -> Result<Plot, PlotError> {
    let points = || {
        lines
            .iter()
            .flat_map(|l| l.points.iter())
            .filter(|p| p.0.is_finite() && p.1.is_finite())
    };
    let (x_lo, x_hi) = bounds(points().map(|p| p.0)).unwrap_or((0.0, 1.0));
    let (y_lo, y_hi) = bounds(points().map(|p| p.1)).unwrap_or((0.0, 1.0));
    let chart = XyChart {
        title: title.to_string(),
        x: Axis::nice("time since run start (s)", x_lo, x_hi, 10),
        y: Axis::nice(y_label, y_lo.min(0.0), y_hi * 1.05, 6),
        lines: lines
            .iter()
            .map(|l| XyLine {
                label: l.label.clone(),
                colour: palette::run_colour(l.run),
                dash: if l.dashed { Dash::Dashed } else { Dash::Solid },
                points: l.points.clone(),
            })
            .collect(),
        markers: Vec::new(),
    };
    render(title, slug, &chart)
}

/// The smallest and largest of `values`, `None` when there are none.
pub(crate) fn bounds(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}
