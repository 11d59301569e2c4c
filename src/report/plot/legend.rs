//! The legend, drawn in its own panel right of the chart so it never hides data however many
//! runs a report compares, and the title above both. Each entry shows a sample of what it
//! names (a solid, dashed or dotted line, a bar, a marker) in the run's colour.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::msg;
use super::font::{FAMILY, LABEL, TITLE};

/// How a line is stroked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dash {
    Solid,
    Dashed,
    Dotted,
}

impl Dash {
    /// (dash length, gap) in pixels; `None` for a solid line.
    pub fn pattern(self) -> Option<(u32, u32)> {
        match self {
            Dash::Solid => None,
            Dash::Dashed => Some((10, 6)),
            Dash::Dotted => Some((2, 5)),
        }
    }
}

/// What an entry's sample looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sample {
    Line(Dash),
    Bar,
    Marker,
}

pub(crate) struct Entry {
    pub label: String,
    pub colour: RGBColor,
    pub sample: Sample,
}

/// Line width of plotted lines and their legend samples.
pub(crate) const STROKE: u32 = 2;

const ROW: i32 = 24;
const SAMPLE: i32 = 28;
const PAD: i32 = 10;
/// The legend panel starts this far below the title, level with the top of the chart.
const TOP: i32 = 22;

/// The chart area and, if there is a legend, its panel.
pub(crate) type Areas<DB> = (DrawingArea<DB, Shift>, Option<DrawingArea<DB, Shift>>);

/// Fills `root` white, draws `title` and splits the rest into the chart area and, when there
/// are entries, the legend panel (as wide as the longest label needs, at most 38%).
pub(crate) fn split<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    entries: &[Entry],
) -> Result<Areas<DB>, String> {
    root.fill(&WHITE).map_err(msg)?;
    let body = root
        .margin(12, 0, 0, 0)
        .titled(title, (FAMILY, TITLE).into_font().color(&BLACK))
        .map_err(msg)?;
    if entries.is_empty() {
        return Ok((body, None));
    }
    let (width, _) = body.dim_in_pixel();
    let font = (FAMILY, LABEL).into_font();
    let longest = entries
        .iter()
        .map(|e| font.box_size(&e.label).map_or(0, |(w, _)| w as i32))
        .max()
        .unwrap_or(0);
    let wanted = PAD + SAMPLE + PAD + longest + 2 * PAD;
    let panel = wanted.clamp(120, width as i32 * 38 / 100);
    let (chart, legend) = body.split_horizontally(width as i32 - panel);
    Ok((chart, Some(legend)))
}

/// Draws the entries top-down in `area`.
pub(crate) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
) -> Result<(), String> {
    let text = TextStyle::from((FAMILY, LABEL).into_font())
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (i, entry) in entries.iter().enumerate() {
        let y = TOP + ROW / 2 + ROW * i as i32;
        let (x0, x1) = (PAD, PAD + SAMPLE);
        let style = ShapeStyle::from(&entry.colour).stroke_width(STROKE + 1);
        match entry.sample {
            Sample::Line(dash) => match dash.pattern() {
                None => area.draw(&PathElement::new(vec![(x0, y), (x1, y)], style)),
                Some((d, g)) => {
                    area.draw(&DashedPathElement::new(vec![(x0, y), (x1, y)], d, g, style))
                }
            },
            Sample::Bar => area.draw(&Rectangle::new(
                [(x0 + 4, y - 7), (x1 - 4, y + 7)],
                entry.colour.filled(),
            )),
            Sample::Marker => area.draw(&Circle::new(((x0 + x1) / 2, y), 6, entry.colour.filled())),
        }
        .map_err(msg)?;
        area.draw(&Text::new(
            entry.label.as_str(),
            (x1 + PAD, y),
            text.clone(),
        ))
        .map_err(msg)?;
    }
    Ok(())
}
