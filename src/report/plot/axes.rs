//! The frame every plot shares: white background, title, axes with their descriptions
//! (units included) and explicit ticks, a light grid, and the legend box. Plots only add
//! their series.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;

use super::font::{AXIS, FAMILY, LABEL};

/// One axis: its description (with unit), its range and its labelled ticks.
pub(crate) struct Axis {
    pub desc: String,
    pub range: (f64, f64),
    pub ticks: Vec<(f64, String)>,
}

impl Axis {
    /// An axis with 1-2-5 ticks covering `lo..=hi`, the range extended to whole ticks.
    pub fn nice(desc: impl Into<String>, lo: f64, hi: f64, target_ticks: usize) -> Self {
        let (ticks, range) = super::scale::nice_ticks(lo, hi, target_ticks);
        Axis {
            desc: desc.into(),
            range,
            ticks,
        }
    }

    fn coord(&self) -> Ticked {
        let (lo, hi) = self.range;
        let hi = if hi > lo { hi } else { lo + 1.0 };
        Ticked {
            lo,
            hi,
            ticks: self.ticks.iter().map(|t| t.0).collect(),
        }
    }

    /// The label of the tick nearest `value` (plotters asks for labels by tick value).
    fn label(&self, value: f64) -> String {
        self.ticks
            .iter()
            .min_by(|a, b| (a.0 - value).abs().total_cmp(&(b.0 - value).abs()))
            .map(|t| t.1.clone())
            .unwrap_or_default()
    }
}

/// A linear f64 axis whose grid lines and labels sit exactly at the given ticks.
#[derive(Debug, Clone)]
pub(crate) struct Ticked {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, (start, end): (i32, i32)) -> i32 {
        let share = (value - self.lo) / (self.hi - self.lo);
        start + (share * f64::from(end - start)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

pub(crate) type Coord = Cartesian2d<Ticked, Ticked>;
pub(crate) type Chart<'a, DB> = ChartContext<'a, DB, Coord>;

/// Turns any plotters error into the message of a [`super::PlotError::Draw`].
pub(crate) fn msg(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// Light grey grid lines and tick marks.
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

/// Draws both axes and the grid (vertical grid lines only when `x_grid`) on `area`; returns
/// the chart to draw series on.
pub(crate) fn frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, plotters::coord::Shift>,
    x: &Axis,
    y: &Axis,
    x_grid: bool,
) -> Result<Chart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(area)
        .margin(16)
        .margin_right(36)
        .x_label_area_size(58)
        .y_label_area_size(84)
        .build_cartesian_2d(x.coord(), y.coord())
        .map_err(msg)?;
    let x_label = |v: &f64| x.label(*v);
    let y_label = |v: &f64| y.label(*v);
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(x.desc.as_str())
        .y_desc(y.desc.as_str())
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .label_style((FAMILY, LABEL).into_font().color(&BLACK))
        .axis_desc_style((FAMILY, AXIS).into_font().color(&BLACK))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(RGBColor(0x66, 0x66, 0x66));
    if !x_grid {
        mesh.disable_x_mesh();
    }
    mesh.draw().map_err(msg)?;
    Ok(chart)
}
