//! Grouped bars: one group per x position (e.g. a node address), one bar per run inside it in
//! the run's colour, the value written above each bar.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{self, Axis};
use super::canvas::{render, Figure};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::{FAMILY, SMALL};
use super::legend::{self, Entry, Sample};
use super::{palette, Bar, PlotError};
use crate::report::Plot;

/// Draws `bars` grouped by [`Bar::group`] (groups and runs in first-seen order; runs sorted
/// by index inside a group); `y_label` names the value and its unit.
pub fn bars(title: &str, slug: &str, y_label: &str, bars: &[Bar]) -> Result<Plot, PlotError> {
    let mut groups: Vec<&str> = Vec::new();
    let mut runs: Vec<(usize, &str)> = Vec::new();
    for bar in bars {
        if !groups.contains(&bar.group.as_str()) {
            groups.push(&bar.group);
        }
        if !runs.iter().any(|(run, _)| *run == bar.run) {
            runs.push((bar.run, &bar.label));
        }
    }
    runs.sort_by_key(|(run, _)| *run);
    let max = bars
        .iter()
        .map(|b| b.value)
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let figure = Bars {
        title,
        x: Axis {
            desc: String::new(),
            range: (0.0, groups.len().max(1) as f64),
            ticks: groups
                .iter()
                .enumerate()
                .map(|(i, g)| (i as f64 + 0.5, g.to_string()))
                .collect(),
        },
        y: Axis::nice(y_label, 0.0, max * 1.08, 6),
        groups,
        runs,
        bars,
    };
    render(title, slug, &figure)
}

struct Bars<'a> {
    title: &'a str,
    x: Axis,
    y: Axis,
    groups: Vec<&'a str>,
    runs: Vec<(usize, &'a str)>,
    bars: &'a [Bar],
}

/// The share of a group's width its bars take together.
const FILL: f64 = 0.8;

impl Figure for Bars<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let entries: Vec<Entry> = self
            .runs
            .iter()
            .map(|(run, label)| Entry {
                label: label.to_string(),
                colour: palette::run_colour(*run),
                sample: Sample::Bar,
            })
            .collect();
        let (plot_area, legend_area) = legend::split(root, self.title, &entries)?;
        let mut chart = axes::frame(&plot_area, &self.x, &self.y, false)?;
        let width = FILL / self.runs.len().max(1) as f64;
        let value_style = TextStyle::from((FAMILY, SMALL).into_font())
            .color(&BLACK)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        for (slot, (run, _)) in self.runs.iter().enumerate() {
            let colour = palette::run_colour(*run);
            let rects: Vec<(f64, f64, f64)> = self
                .bars
                .iter()
                .filter(|b| b.run == *run && b.value.is_finite())
                .filter_map(|b| {
                    let group = self.groups.iter().position(|g| *g == b.group)?;
                    let x0 = group as f64 + (1.0 - FILL) / 2.0 + slot as f64 * width;
                    Some((x0, x0 + width, b.value))
                })
                .collect();
            chart
                .draw_series(
                    rects.iter().map(|(x0, x1, v)| {
                        Rectangle::new([(*x0, 0.0), (*x1, *v)], colour.filled())
                    }),
                )
                .map_err(axes::msg)?;
            chart
                .draw_series(rects.iter().map(|(x0, x1, v)| {
                    Text::new(short(*v), ((x0 + x1) / 2.0, *v), value_style.clone())
                }))
                .map_err(axes::msg)?;
        }
        match legend_area {
            Some(area) => legend::draw(&area, &entries),
            None => Ok(()),
        }
    }
}

/// A value with three significant digits, e.g. `4.21`, `42.1`, `421`, `4210`.
fn short(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 100.0 || magnitude == 0.0 {
        format!("{value:.0}")
    } else if magnitude >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}
