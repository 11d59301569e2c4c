//! The line chart behind the spectrum, over-time and curve plots: lines (solid, dashed or
//! dotted, each in its run's colour) and point markers on a shared [`axes`] frame, with the
//! legend panel beside it.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::axes::{self, Axis, Chart};
use super::canvas::Figure;
use super::legend::{self, Dash, Entry, Sample, STROKE};

pub(crate) struct XyLine {
    /// Legend text; empty for no legend entry.
    pub label: String,
    pub colour: RGBColor,
    pub dash: Dash,
    pub points: Vec<(f64, f64)>,
}

/// A marked point (e.g. a knee) with its legend text.
pub(crate) struct XyMarker {
    pub label: String,
    pub colour: RGBColor,
    pub at: (f64, f64),
}

pub(crate) struct XyChart {
    pub title: String,
    pub x: Axis,
    pub y: Axis,
    pub lines: Vec<XyLine>,
    pub markers: Vec<XyMarker>,
}

impl XyChart {
    fn entries(&self) -> Vec<Entry> {
        let lines = self.lines.iter().map(|l| Entry {
            label: l.label.clone(),
            colour: l.colour,
            sample: Sample::Line(l.dash),
        });
        let markers = self.markers.iter().map(|m| Entry {
            label: m.label.clone(),
            colour: m.colour,
            sample: Sample::Marker,
        });
        lines
            .chain(markers)
            .filter(|e| !e.label.is_empty())
            .collect()
    }
}

impl Figure for XyChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let entries = self.entries();
        let (plot_area, legend_area) = legend::split(root, &self.title, &entries)?;
        let mut chart = axes::frame(&plot_area, &self.x, &self.y, true)?;
        for line in &self.lines {
            draw_line(&mut chart, line)?;
        }
        for marker in &self.markers {
            let filled = ShapeStyle::from(&marker.colour).filled();
            chart
                .draw_series([
                    Circle::new(marker.at, 7, filled),
                    Circle::new(marker.at, 7, ShapeStyle::from(&BLACK)),
                ])
                .map_err(axes::msg)?;
        }
        match legend_area {
            Some(area) => legend::draw(&area, &entries),
            None => Ok(()),
        }
    }
}

fn draw_line<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    line: &XyLine,
) -> Result<(), String> {
    let style = ShapeStyle::from(&line.colour).stroke_width(STROKE);
    let points = line.points.iter().copied();
    match line.dash.pattern() {
        None => chart
            .draw_series(LineSeries::new(points, style))
            .map(|_| ()),
        Some((dash, gap)) => chart
            .draw_series(std::iter::once(DashedPathElement::new(
                points, dash, gap, style,
            )))
            .map(|_| ()),
    }
    .map_err(axes::msg)
}
