//! Plain-language warnings of a comparison: anything that makes a difference between runs
//! less trustworthy, or says it may not be the cluster's doing. A run that missed its target
//! rate, a saturated client, different workload files or tool versions, an interrupted or
//! failed run, too few intervals to test significance, operations that only one run has.

use std::collections::BTreeSet;

use super::bootstrap::MIN_INTERVALS;
use super::load::LoadedRun;
use super::model::Comparison;
use super::thresholds::Thresholds;
use crate::results::{format, PhaseResult, RunStatus};

/// Achieved rates below this share of the target are reported.
const RATE_SHORTFALL: f64 = 0.99;
/// Average CPU use above this share of the cores means the client was saturated.
const SATURATED_SHARE: f64 = 0.9;

/// Every warning, the base's first, each once.
pub fn all(
    base: &LoadedRun,
    runs: &[LoadedRun],
    comparisons: &[Comparison],
    thresholds: &Thresholds,
) -> Vec<String> {
    let mut out = Vec::new();
    let compared: BTreeSet<&str> = comparisons
        .iter()
        .flat_map(|c| c.phases.iter().map(|p| p.name.as_str()))
        .collect();
    for run in std::iter::once(base).chain(runs) {
        run_warnings(run, &compared, &mut out);
    }
    for run in runs {
        differences(base, run, &mut out);
    }
    for c in comparisons {
        for p in &c.phases {
            let fewest = p.base_intervals.min(p.run_intervals);
            if fewest < MIN_INTERVALS {
                out.push(format!(
                    "phase '{}': {} vs {} has only {fewest} interval(s) in one run (fewer than \
                     {MIN_INTERVALS}): changes are shown but never called significant; run \
                     longer (e.g. --duration 30s)",
                    p.name, c.run.label, base.label
                ));
            }
            for (who, ops) in [
                (&base.label, &p.only_in_base),
                (&c.run.label, &p.only_in_run),
            ] {
                if !ops.is_empty() {
                    out.push(format!(
                        "phase '{}': only run {who} has operation(s) {}; they are not compared",
                        p.name,
                        ops.join(", ")
                    ));
                }
            }
        }
    }
    let known: BTreeSet<&str> = comparisons
        .iter()
        .flat_map(|c| &c.phases)
        .flat_map(|p| p.operations.iter().map(|o| o.name.as_str()))
        .collect();
    for name in thresholds.operations.keys() {
        if !known.contains(name.as_str()) {
            out.push(format!(
                "the thresholds file sets rules for operation '{name}', which no compared phase has"
            ));
        }
    }
    let mut seen = BTreeSet::new();
    out.retain(|w| seen.insert(w.clone()));
    out
}

fn run_warnings(run: &LoadedRun, compared: &BTreeSet<&str>, out: &mut Vec<String>) {
    let r = &run.result;
    let label = &run.label;
    match r.status {
        RunStatus::Completed => {}
        RunStatus::Interrupted => out.push(format!(
            "run {label} was interrupted (Ctrl-C): it covers only what was measured until then"
        )),
        RunStatus::Failed => out.push(format!(
            "run {label} stopped on an error: it covers only what was measured until then"
        )),
    }
    for phase in r
        .phases
        .iter()
        .filter(|p| compared.contains(p.name.as_str()))
    {
        if let Some(text) = missed_rate(phase) {
            out.push(format!(
                "run {label} missed its target rate in phase '{}': {text}",
                phase.name
            ));
        }
    }
    if let Some(cpu) = r
        .client_cpu_s
        .filter(|_| r.duration_s > 0.0 && r.host.cores > 0)
    {
        let cores_used = cpu / r.duration_s;
        if cores_used >= SATURATED_SHARE * f64::from(r.host.cores) {
            let node = if r.client_cpu_includes_node {
                " (including the embedded reference cluster in the same process)"
            } else {
                ""
            };
            out.push(format!(
                "run {label}: client saturated: ringbench used {cores_used:.2} of {} cores on \
                 average{node}; its latencies may include client delay",
                r.host.cores
            ));
        }
    }
}

/// What a phase achieved against its target, when short of it.
fn missed_rate(phase: &PhaseResult) -> Option<String> {
    let target = phase.target_rate.filter(|t| *t > 0.0)?;
    if let Some(scheduled) = phase.scheduled_ops.filter(|n| *n > 0) {
        return ((phase.ops as f64) < RATE_SHORTFALL * scheduled as f64).then(|| {
            format!(
                "{} of the {} requests scheduled completed ({}% short)",
                format::count(phase.ops),
                format::count(scheduled),
                format::percent(scheduled.saturating_sub(phase.ops) as f64, scheduled as f64)
            )
        });
    }
    (phase.achieved_rate < RATE_SHORTFALL * target).then(|| {
        format!(
            "achieved {} of {} ops/s",
            format::rate(phase.achieved_rate),
            format::rate(target)
        )
    })
}

fn differences(base: &LoadedRun, run: &LoadedRun, out: &mut Vec<String>) {
    let (a, b) = (&base.result, &run.result);
    let pair = format!("{} and {}", base.label, run.label);
    if a.workload.name != b.workload.name {
        out.push(format!(
            "runs {pair} ran different workloads ('{}' and '{}'): only operations with the same \
             name are compared",
            a.workload.name, b.workload.name
        ));
    } else if a.workload.content_hash != b.workload.content_hash {
        out.push(format!(
            "workload files differ: runs {pair} ran different versions of '{}' (hash {} vs {})",
            a.workload.name,
            short(&a.workload.content_hash),
            short(&b.workload.content_hash)
        ));
    }
    if a.tool.version != b.tool.version {
        out.push(format!(
            "tool versions differ: run {} was made by ringbench {}, run {} by {}",
            base.label, a.tool.version, run.label, b.tool.version
        ));
    }
    if a.host.hostname != b.host.hostname || a.host.cores != b.host.cores {
        out.push(format!(
            "runs {pair} ran on different client hosts ({}, {} cores vs {}, {} cores)",
            a.host.hostname, a.host.cores, b.host.hostname, b.host.cores
        ));
    }
    if (a.interval_s - b.interval_s).abs() > 1e-9 {
        out.push(format!(
            "runs {pair} have different interval lengths ({} s vs {} s): significance is \
             computed per run, but interval-level plots do not line up",
            a.interval_s, b.interval_s
        ));
    }
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}
