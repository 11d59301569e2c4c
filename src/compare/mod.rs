//! Comparing saved runs (`ringbench compare`, `matrix`, baselines): is the difference between
//! a base run and other runs of the same workload a regression, or noise?
//!
//! ```text
//! LoadedRun::load (run.json) ──► engine::compare_runs ──► CompareOutput (model, JSON)
//!        │ load: per-interval data from          │ judge: rows + statuses per Rules
//!        │ latency.hlog and the series           │ bootstrap: significance
//!        ▼                                        ▼
//!   series: HistogramSeries / RatioSeries    document::build ──► report::Report (text/md/html)
//!                                            junit::render ──► JUnit XML
//! ```
//!
//! - [`load`]: runs and their per-interval data; [`series`]: that data laid out for fast
//!   resampling; [`bootstrap`]: the circular block bootstrap and block lengths; [`rng`]: its
//!   reproducible random numbers.
//! - [`thresholds`] (+ [`limit`]): the YAML regression policy; [`judge`]: rows and statuses;
//!   [`engine`]: phase and operation alignment, verdicts; [`warnings`]: what to distrust.
//! - [`model`]: the result as data (JSON); [`cells`]: how its numbers read; [`document`]: as a report document; [`plots`]: its
//!   plots; [`junit`]: as JUnit XML; [`output`]: formats and files.

pub mod bootstrap;
pub mod cells;
pub mod document;
pub mod engine;
mod error;
pub mod judge;
pub mod junit;
pub mod limit;
pub mod load;
pub mod model;
pub mod output;
pub mod plots;
pub mod quantile;
pub mod rng;
pub mod series;
pub mod thresholds;
pub mod warnings;

pub use bootstrap::{Settings, MIN_INTERVALS};
pub use engine::{compare_runs, PhaseChoice};
pub use error::CompareError;
pub use load::LoadedRun;
pub use model::CompareOutput;
pub use output::Format;
pub use thresholds::Thresholds;

use model::RunFacts;

/// The facts about a run shown side by side.
pub fn facts(run: &LoadedRun) -> RunFacts {
    let r = &run.result;
    RunFacts {
        label: run.label.clone(),
        run_id: r.run_id.clone(),
        path: run.dir.display().to_string(),
        status: format!("{:?}", r.status).to_lowercase(),
        workload: r.workload.name.clone(),
        workload_hash: r.workload.content_hash.clone(),
        profile: r.profile.name.clone(),
        target: r.profile.target.clone(),
        tool_version: r.tool.version.clone(),
        host: r.host.hostname.clone(),
        cores: r.host.cores,
        seed: r.seed,
        tags: r.tags.clone(),
        started_at: r.started_at.clone(),
        duration_s: r.duration_s,
        interval_s: r.interval_s,
    }
}

/// The paragraph every report prints about how significance was decided.
pub fn method_paragraph(settings: &Settings) -> String {
    let confidence = settings.confidence * 100.0;
    format!(
        "Method: each run's phase is cut into its recorded intervals (1 s by default). \
         Consecutive intervals are not independent (a GC pause or a compaction lasts seconds), \
         so the noise of each run is measured with a circular block bootstrap: {resamples} \
         resamples, each built from blocks of consecutive intervals drawn at random start \
         points; the drawn intervals' HdrHistograms are merged and the percentile is read from \
         the merged histogram (throughput and error rate are ratios of the drawn intervals' \
         counts). Blocks are at least ⌈√n⌉ intervals long, and at least twice the lag up to \
         which the per-interval series is autocorrelated, at most n/5. Each run's bootstrap \
         variance is corrected for what blocks of that length cannot see (the fixed-b bias of \
         Kiefer and Vogelsang, and an AR(1) estimate of the dependence beyond a block), the \
         two runs' variances are added, and the {confidence:.0}% confidence interval of the \
         change is the change ± Student's t (one degree of freedom per block beyond the first, \
         of the run with fewer blocks) × that standard error. A change is significant when the interval \
         excludes zero and the change exceeds HdrHistogram's 0.1% resolution. Runs with fewer \
         than {min} intervals are never called significant; max values rest on one request \
         and are only reported. The random numbers come from a fixed seed ({seed}), so the \
         same runs always give the same report.",
        resamples = settings.resamples,
        min = MIN_INTERVALS,
        seed = settings.seed,
    )
}
