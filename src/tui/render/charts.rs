//! The two charts over time: throughput (achieved and target rate) and latency (the chosen
//! percentile set of the selected operation, response or service time, linear or log
//! scale). The x axis is seconds since the run's start, so a pause shows as a gap. A series
//! the data does not have (a saved run keeps p50 / p99 / max of response time per operation
//! and interval) is left out and the chart says what to press instead.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, Wrap};
use ratatui::Frame;

use crate::results::format::{latency, rate};
use crate::tui::app::App;
use crate::tui::keys::{LatencyKind, Scale};
use crate::tui::series::Point;

/// One line of a chart.
struct Series {
    name: String,
    points: Vec<(f64, f64)>,
    style: Style,
    marker: Marker,
}

/// The points the charts show: as many as the chart has Braille columns (2 per cell).
fn window(app: &App, area: Rect) -> Vec<&Point> {
    let width = usize::from(area.width.saturating_sub(10)) * 2;
    app.history.window(app.end_index(), width.max(2)).collect()
}

fn x_bounds(points: &[&Point]) -> [f64; 2] {
    let first = points.first().map_or(0.0, |p| p.end_s);
    let last = points.last().map_or(1.0, |p| p.end_s);
    if last > first {
        [first, last]
    } else {
        [first, first + 1.0]
    }
}

fn x_labels(bounds: [f64; 2]) -> Vec<Line<'static>> {
    vec![
        Line::from(format!("{:.0}s", bounds[0])),
        Line::from(format!("{:.0}s", bounds[1])),
    ]
}

/// A chart to draw: its lines, its y range and how to label it, and what to say when there is
/// nothing to draw.
struct Plot<'a> {
    title: Line<'static>,
    series: &'a [Series],
    y_bounds: [f64; 2],
    label: &'a dyn Fn(f64) -> String,
    empty: &'a str,
}

fn draw(frame: &mut Frame, area: Rect, app: &App, plot: Plot<'_>) {
    let Plot {
        mut title,
        series,
        y_bounds,
        label,
        empty,
    } = plot;
    // The legend is in the title: each line's name in its own style (and marker without
    // colour), which takes no room from the plot.
    for s in series {
        let marker = if app.theme.markers.iter().all(|m| *m == s.marker) {
            String::new()
        } else {
            format!("{} ", marker_symbol(s.marker))
        };
        title.push_span(Span::styled(format!("{marker}{} ", s.name), s.style));
    }
    let block = Block::bordered().title(title).border_style(app.theme.dim);
    let x = x_bounds(&window(app, area));
    if series.iter().all(|s| s.points.is_empty()) {
        let text = Paragraph::new(Span::styled(empty.to_string(), app.theme.dim))
            .wrap(Wrap { trim: true })
            .block(block);
        frame.render_widget(text, area);
        return;
    }
    let datasets = series
        .iter()
        .map(|s| {
            Dataset::default()
                .name(s.name.clone())
                .marker(s.marker)
                .graph_type(GraphType::Line)
                .style(s.style)
                .data(&s.points)
        })
        .collect();
    let chart = Chart::new(datasets)
        .block(block)
        .legend_position(None)
        .x_axis(
            Axis::default()
                .bounds(x)
                .labels(x_labels(x))
                .style(app.theme.dim),
        )
        .y_axis(
            Axis::default()
                .bounds(y_bounds)
                .labels(vec![
                    Line::from(label(y_bounds[0])),
                    Line::from(label(y_bounds[1])),
                ])
                .style(app.theme.dim),
        );
    frame.render_widget(chart, area);
}

/// How a marker looks, for the legend.
fn marker_symbol(marker: Marker) -> &'static str {
    match marker {
        Marker::Dot => "•",
        Marker::Block => "█",
        Marker::Bar => "▄",
        _ => "⠿",
    }
}

fn max_of(series: &[Series]) -> f64 {
    series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(0.0, f64::max)
}

/// Achieved and target rate over time.
pub fn throughput(frame: &mut Frame, area: Rect, app: &App) {
    let points = window(app, area);
    let theme = &app.theme;
    // The target first, so that the achieved rate is drawn over it where they meet.
    let series = [
        Series {
            name: "target".into(),
            points: points
                .iter()
                .filter_map(|p| Some((p.end_s, p.target?)))
                .collect(),
            style: theme.dim,
            marker: theme.markers[1],
        },
        Series {
            name: "achieved".into(),
            points: points.iter().map(|p| (p.end_s, p.achieved)).collect(),
            style: theme.lines[1],
            marker: theme.markers[0],
        },
    ];
    let top = (max_of(&series) * 1.1).max(1.0);
    let title = Line::from(Span::styled(" throughput ops/s: ", theme.title));
    let plot = Plot {
        title,
        series: &series,
        y_bounds: [0.0, top],
        label: &rate,
        empty: "waiting for the first interval",
    };
    draw(frame, area, app, plot);
}

/// The selected operation's latency percentiles over time.
pub fn latency_chart(frame: &mut Frame, area: Rect, app: &App) {
    let points = window(app, area);
    let ui = &app.ui;
    let log = ui.scale == Scale::Log;
    let to_y = |us: u64| {
        if log {
            (us.max(1) as f64).log10()
        } else {
            us as f64
        }
    };
    let series: Vec<Series> = ui
        .percentiles
        .pcts()
        .iter()
        .enumerate()
        .map(|(i, pct)| Series {
            name: pct.label().to_string(),
            points: points
                .iter()
                .filter_map(|p| {
                    let lat = p.latency(ui.selected)?;
                    let q = match ui.kind {
                        LatencyKind::Response => lat.response,
                        LatencyKind::Service => lat.service?,
                    };
                    Some((p.end_s, to_y(q.get(*pct)?)))
                })
                .collect(),
            style: app.theme.lines[i],
            marker: app.theme.markers[i],
        })
        .collect();
    let kind = match ui.kind {
        LatencyKind::Response => "response",
        LatencyKind::Service => "service",
    };
    let scale = if log { ", log" } else { "" };
    let title = Line::from(Span::styled(
        format!(" {} {kind}{scale}: ", app.selection_name()),
        app.theme.title,
    ));
    let empty = if app.history.is_empty() {
        "waiting for the first interval"
    } else if !app.live && ui.selected.is_none() {
        "a saved run keeps latency per operation and interval: press o to pick one"
    } else if !app.live && ui.kind == LatencyKind::Service {
        "a saved run keeps response time per interval: press s for it"
    } else {
        "no successful requests in these intervals"
    };
    let hi = max_of(&series);
    let log_label = |y: f64| latency(10f64.powf(y).round() as u64);
    let linear_label = |y: f64| latency(y.round() as u64);
    let (y_bounds, label): ([f64; 2], &dyn Fn(f64) -> String) = if log {
        let lo = series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .fold(hi, f64::min)
            .floor()
            .max(0.0);
        ([lo, hi.ceil().max(lo + 1.0)], &log_label)
    } else {
        ([0.0, (hi * 1.1).max(1.0)], &linear_label)
    };
    let plot = Plot {
        title,
        series: &series,
        y_bounds,
        label,
        empty,
    };
    draw(frame, area, app, plot);
}
