//! The latency-throughput curve of a capacity search: achieved throughput (x) against p50
//! (solid), p99 (dashed) and p99.9 (dotted) latency (y), one colour per configuration, the
//! SLO as a dark horizontal line and each configuration's knee as a circled point.

use super::axes::Axis;
use super::canvas::render;
use super::legend::Dash;
use super::over_time::bounds;
use super::scale::LatencyUnit;
use super::xy::{XyChart, XyLine, XyMarker};
use super::{palette, CurvePoint, CurveSeries, Knee, PlotError, Slo};
use crate::report::Plot;

/// Picks one percentile out of a step.
type Pick = fn(&CurvePoint) -> f64;

/// Draws the curves of `series`, the `slo` line if any and the `knees` (any number, one per
/// configuration that has one).
pub fn curve(
    title: &str,
    slug: &str,
    series: &[CurveSeries],
    slo: Option<&Slo>,
    knees: &[Knee],
) -> Result<Plot, PlotError> {
    let all = || series.iter().flat_map(|s| s.points.iter());
    let max_us = all()
        .map(|p| p.p999_us.max(p.p99_us).max(p.p50_us))
        .chain(slo.map(|s| s.latency_us))
        .chain(knees.iter().map(|k| k.latency_us))
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let unit = LatencyUnit::for_max_us(max_us);
    let (_, x_hi) = bounds(
        all()
            .map(|p| p.throughput)
            .chain(knees.iter().map(|k| k.throughput))
            .filter(|v| v.is_finite()),
    )
    .unwrap_or((0.0, 1.0));
    let x = Axis::nice("throughput (ops/s)", 0.0, x_hi * 1.05, 8);
    let mut lines = Vec::new();
    for s in series {
        let mut points: Vec<CurvePoint> = s.points.clone();
        points.sort_by(|a, b| a.throughput.total_cmp(&b.throughput));
        let percentiles: [(&str, Dash, Pick); 3] = [
            ("p50", Dash::Solid, |p| p.p50_us),
            ("p99", Dash::Dashed, |p| p.p99_us),
            ("p99.9", Dash::Dotted, |p| p.p999_us),
        ];
        for (name, dash, pick) in percentiles {
            lines.push(XyLine {
                label: format!("{} {name}", s.label),
                colour: palette::run_colour(s.run),
                dash,
                points: points
                    .iter()
                    .map(|p| (p.throughput, pick(p) / unit.divisor))
                    .collect(),
            });
        }
    }
    if let Some(slo) = slo {
        lines.push(XyLine {
            label: slo.label.clone(),
            colour: palette::REFERENCE,
            dash: Dash::Dashed,
            points: vec![
                (x.range.0, slo.latency_us / unit.divisor),
                (x.range.1, slo.latency_us / unit.divisor),
            ],
        });
    }
    let markers = knees
        .iter()
        .map(|k| XyMarker {
            label: k.label.clone(),
            colour: palette::run_colour(k.run),
            at: (k.throughput, k.latency_us / unit.divisor),
        })
        .collect();
    let chart = XyChart {
        title: title.to_string(),
        x,
        y: Axis::nice(
            format!("latency ({})", unit.name),
            0.0,
            max_us / unit.divisor * 1.08,
            6,
        ),
        lines,
        markers,
    };
    render(title, slug, &chart)
}
