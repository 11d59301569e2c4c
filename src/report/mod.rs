//! Reports as documents: what `compare`, `matrix` and `capacity` produce, independent of the
//! format it is written in.
//!
//! A command builds one [`Report`] (a title, a verdict, then sections: tables, plots, run
//! metadata side by side, warnings, paragraphs) and hands it to a renderer: terminal text,
//! Markdown or one self-contained HTML file. Plots are drawn with plotters into SVG (inlined
//! in HTML) and PNG (written beside Markdown) by the functions in [`plot`].
//!
//! - `text`, `markdown`, `html`: the renderers (`render(&Report) -> String`).
//! - `plot`: the plots (percentile spectrum, latency and throughput over time, per-node bars,
//!   latency-throughput curves) and the bundled font they are labelled with.
//! - `write_plots_png`: each plot's PNG written beside a Markdown report.
//!
//! Renderers never fail: a report is all text and already-drawn plots. Cells, marks and
//! colours come from each cell's [`Status`], so a reader without colour (a log, a pipe,
//! `NO_COLOR`) still sees which changes are regressions: see [`Status::mark`].

use serde::Serialize;

mod error;
mod files;
pub mod html;
mod layout;
pub mod markdown;
pub mod plot;
mod status;
pub mod text;

pub use error::ReportError;
pub use files::write_plots_png;

/// A whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// E.g. `ringbench compare: kv-mixed, 3 runs`.
    pub title: String,
    /// The one-line answer at the top; `None` for reports without a verdict.
    pub verdict: Option<Verdict>,
    pub sections: Vec<Section>,
}

/// The answer at the top of a report.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub status: Status,
    /// E.g. `REGRESSION: read p99 +23% (significant), throughput -1% (noise)`.
    pub headline: String,
}

/// How a cell, line or report judges what it shows; renderers colour by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Nothing to say (no comparison, or a metric without a threshold).
    Neutral,
    /// Better than the base, significantly.
    Improvement,
    /// Within noise or thresholds.
    Pass,
    /// Worse, but under the regression threshold or not significant.
    Warning,
    Regression,
}

/// One part of a report, in order.
#[derive(Debug, Clone, Serialize)]
pub enum Section {
    Heading(String),
    Paragraph(String),
    Table(Table),
    Plot(Plot),
    /// Run metadata side by side: one column per run, one row per field.
    Metadata(Table),
    /// Plain-language warnings ("run B missed its target rate").
    Warnings(Vec<String>),
}

/// A table of text cells, each with a status (for colouring).
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub caption: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub text: String,
    pub status: Status,
}

/// A drawn plot: the same picture as SVG text and as PNG bytes.
#[derive(Debug, Clone, Serialize)]
pub struct Plot {
    pub title: String,
    /// A stable name for files (`spectrum-read-response`), unique within the report.
    pub slug: String,
    pub svg: String,
    #[serde(skip)]
    pub png: Vec<u8>,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            status: Status::Neutral,
        }
    }

    pub fn with(text: impl Into<String>, status: Status) -> Self {
        Cell {
            text: text.into(),
            status,
        }
    }
}
