//! Plots for reports, drawn with plotters into SVG (inlined in HTML) and PNG (written beside
//! Markdown): the same picture both ways, returned as one [`Plot`](super::Plot).
//!
//! - [`spectrum`]: HdrHistogram-style percentile spectrum, x on a log scale of 1/(1-q).
//! - [`over_time`]: lines over seconds since run start (p50 solid, p99 dashed per run;
//!   throughput).
//! - [`bars`]: grouped bars (e.g. p99 per node, one bar per run).
//! - [`curve`]: the latency-throughput curve of a capacity search, with the SLO line and knee.
//!
//! Every plot has labelled axes with units and a legend; a run has the same colour in every
//! plot ([`palette::run_colour`], Okabe-Ito, colour-blind-safe). PNG text is drawn with the
//! bundled DejaVu Sans ([`font`]), so no system font library is needed.

mod axes;
mod bars;
mod canvas;
mod curve;
pub mod font;
mod legend;
mod over_time;
pub mod palette;
mod scale;
mod spectrum;
mod xy;

pub use bars::bars;
pub use curve::curve;
pub use over_time::over_time;
pub use spectrum::{spectrum, spectrum_x, SPECTRUM_MAX_QUANTILE};

/// Width and height of every plot, in pixels (PNG) and user units (SVG).
pub const SIZE: (u32, u32) = (1000, 560);

/// One run's latency distribution in a [`spectrum`].
pub struct SpectrumSeries<'a> {
    /// Legend text, e.g. `base: 3 nodes`.
    pub label: String,
    /// The run's index in the report (picks its colour).
    pub run: usize,
    /// Latencies recorded in microseconds.
    pub histogram: &'a hdrhistogram::Histogram<u64>,
}

/// One line of an [`over_time`] plot.
#[derive(Debug, Clone)]
pub struct Line {
    /// Legend text, e.g. `run B p99`.
    pub label: String,
    pub run: usize,
    /// Dashed (e.g. p99) rather than solid (p50).
    pub dashed: bool,
    /// (seconds since run start, value) pairs in time order.
    pub points: Vec<(f64, f64)>,
}

/// One bar of a [`bars`] plot.
#[derive(Debug, Clone)]
pub struct Bar {
    /// The group on the x axis, e.g. a node address; groups keep their first-seen order.
    pub group: String,
    /// Legend text for the run (the first label seen for a run is used).
    pub label: String,
    pub run: usize,
    pub value: f64,
}

/// One configuration's latency-throughput curve in a [`curve`] plot.
#[derive(Debug, Clone)]
pub struct CurveSeries {
    /// Legend prefix, e.g. `5 nodes`; lines are labelled `5 nodes p50`, `... p99`, `... p99.9`.
    pub label: String,
    pub run: usize,
    /// Steps of the search in any order; drawn sorted by throughput.
    pub points: Vec<CurvePoint>,
}

/// One step of a capacity search: the achieved throughput and its latency percentiles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// Achieved operations per second.
    pub throughput: f64,
    pub p50_us: f64,
    pub p99_us: f64,
    pub p999_us: f64,
}

/// The service-level objective drawn as a horizontal line on a [`curve`].
#[derive(Debug, Clone)]
pub struct Slo {
    /// E.g. `SLO p99 <= 10 ms`.
    pub label: String,
    pub latency_us: f64,
}

/// The knee of one configuration's curve: where latency starts to climb steeply.
#[derive(Debug, Clone)]
pub struct Knee {
    pub run: usize,
    /// E.g. `knee 3 nodes: 41k ops/s`.
    pub label: String,
    pub throughput: f64,
    pub latency_us: f64,
}

/// Drawing a plot failed; names the plot.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    #[error("cannot draw plot {slug:?} as {format}: {message}")]
    Draw {
        slug: String,
        format: &'static str,
        message: String,
    },
    #[error("cannot encode plot {slug:?} as PNG: {source}")]
    Png {
        slug: String,
        source: png::EncodingError,
    },
    #[error("the bundled plot font (assets/fonts/DejaVuSans.ttf) is not a valid TrueType font; restore it from the repository")]
    Font,
}
