//! The plots of a comparison, drawn by [`crate::report::plot`]; run `k` (0 = the base) has the
//! same colour in all of them:
//! - per compared phase and operation, the percentile spectrum of response time;
//! - per operation, p50 (solid) and p99 (dashed) response time over the run, per run;
//! - throughput over the run, per run;
//! - per compared phase, each coordinator node's p99 response time, one bar per run.

use std::collections::BTreeSet;

use super::error::CompareError;
use super::load::LoadedRun;
use super::model::CompareOutput;
use crate::metrics::Latency;
use crate::report::plot::{bars, over_time, spectrum, Bar, Line, SpectrumSeries};
use crate::report::Plot;
use crate::results::{codec, IntervalRow};

/// Every plot, in report order. `runs[0]` is the base.
pub fn all(output: &CompareOutput, runs: &[&LoadedRun]) -> Result<Vec<Plot>, CompareError> {
    let fail = |what: &str| {
        let what = what.to_string();
        move |e: crate::report::plot::PlotError| CompareError::Plot {
            what: what.clone(),
            detail: e.to_string(),
        }
    };
    let mut plots = Vec::new();
    let mut phases: Vec<(&str, Vec<&str>)> = Vec::new();
    for c in &output.comparisons {
        for p in &c.phases {
            let ops: Vec<&str> = p.operations.iter().map(|o| o.name.as_str()).collect();
            match phases.iter_mut().find(|(name, _)| *name == p.name) {
                Some((_, known)) => {
                    for op in ops {
                        if !known.contains(&op) {
                            known.push(op);
                        }
                    }
                }
                None => phases.push((&p.name, ops)),
            }
        }
    }
    for (phase, ops) in &phases {
        for op in ops {
            let histograms = response_histograms(runs, phase, op)?;
            let series: Vec<SpectrumSeries> = histograms
                .iter()
                .map(|(run, label, h)| SpectrumSeries {
                    label: label.clone(),
                    run: *run,
                    histogram: h,
                })
                .collect();
            let title = format!("{op} response time by percentile, phase {phase}");
            let slug = slug(&["spectrum", phase, op]);
            plots.push(spectrum(&title, &slug, &series).map_err(fail(&title))?);
        }
    }
    let ops: BTreeSet<&str> = phases
        .iter()
        .flat_map(|(_, ops)| ops.iter().copied())
        .collect();
    for op in ops {
        let mut lines = Vec::new();
        for (k, run) in runs.iter().enumerate() {
            for (dashed, name) in [(false, "p50"), (true, "p99")] {
                let points = full_intervals(run)
                    .filter_map(|row| {
                        let o = row.operations.iter().find(|o| o.name == op)?;
                        let us = if dashed { o.p99_us } else { o.p50_us };
                        (o.ops > 0).then_some((row.end_s, us as f64 / 1e3))
                    })
                    .collect();
                lines.push(Line {
                    label: format!("{} {name}", legend(run)),
                    run: k,
                    dashed,
                    points,
                });
            }
        }
        let title = format!("{op} response time over time (p50 solid, p99 dashed)");
        let slug = slug(&["latency", op]);
        plots.push(over_time(&title, &slug, "response time (ms)", &lines).map_err(fail(&title))?);
    }
    let lines: Vec<Line> = runs
        .iter()
        .enumerate()
        .map(|(k, run)| Line {
            label: legend(run),
            run: k,
            dashed: false,
            points: full_intervals(run)
                .map(|row| (row.end_s, row.achieved_rate))
                .collect(),
        })
        .collect();
    let title = "Throughput over time (all operations)";
    plots.push(over_time(title, "throughput", "throughput (ops/s)", &lines).map_err(fail(title))?);
    for (phase, _) in &phases {
        let mut node_bars = Vec::new();
        for (k, run) in runs.iter().enumerate() {
            let Some(p) = run.phase(phase) else { continue };
            for node in p.nodes.iter().filter(|n| n.response.count > 0) {
                node_bars.push(Bar {
                    group: node.address.clone(),
                    label: legend(run),
                    run: k,
                    value: node.response.p99_us as f64 / 1e3,
                });
            }
        }
        if node_bars.is_empty() {
            continue;
        }
        let title = format!("p99 response time per coordinator node, phase {phase}");
        let slug = slug(&["nodes", phase]);
        plots
            .push(bars(&title, &slug, "p99 response time (ms)", &node_bars).map_err(fail(&title))?);
    }
    // Different names can clean to the same slug (`a.b`, `a_b`): number the repeats.
    let mut seen = BTreeSet::new();
    for plot in &mut plots {
        let mut n = 1;
        let base = plot.slug.clone();
        while !seen.insert(plot.slug.clone()) {
            n += 1;
            plot.slug = format!("{base}-{n}");
        }
    }
    Ok(plots)
}

/// The run's intervals but the short ones at phase ends (the last responses of a phase
/// arriving), whose rates and percentiles rest on a handful of requests.
fn full_intervals(run: &LoadedRun) -> impl Iterator<Item = &IntervalRow> {
    let min = run.result.interval_s / 2.0;
    run.result
        .series
        .iter()
        .filter(move |row| row.end_s - row.start_s >= min)
}

/// `A: embedded-1node`.
fn legend(run: &LoadedRun) -> String {
    format!("{}: {}", run.label, run.result.profile.name)
}

/// Each run's response histogram of `op` over `phase` (runs without it are left out).
fn response_histograms(
    runs: &[&LoadedRun],
    phase: &str,
    op: &str,
) -> Result<Vec<(usize, String, Latency)>, CompareError> {
    let mut out = Vec::new();
    for (k, run) in runs.iter().enumerate() {
        let Some(o) = run
            .phase(phase)
            .and_then(|p| p.operations.iter().find(|o| o.name == op))
        else {
            continue;
        };
        let what = format!("phase {phase}, operation {op}, response");
        let h = codec::decode(&o.histograms.response, &what).map_err(|source| {
            CompareError::Results {
                run: run.name(),
                source,
            }
        })?;
        out.push((k, legend(run), h));
    }
    Ok(out)
}

/// A file-name-safe slug from parts: `spectrum-steady-read`.
fn slug(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c.to_ascii_lowercase()
                    } else {
                        '_'
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}
