//! Turning step run directories into the search's record: each step measured and judged
//! (from its run.json, so old steps can be re-judged against new objectives), then each
//! profile's conclusion, knee and warnings about the client being the limit.
//!
//! The client rather than the cluster is suspected when, at the lowest failing rate,
//! - the process used nearly a whole core or more on average (for an embedded profile the
//!   figure includes the in-process cluster), or
//! - wait time (intended start to send: the client's own delay) grew several-fold over the
//!   lowest step while service time (send to completion: the cluster) stayed flat.

use std::path::Path;

use super::error::CapacityError;
use super::judge::judge;
use super::knee::knee;
use super::measure::measure;
use super::record::{KneePoint, ProfileSearch, SearchRecord, StepRecord};
use super::search::{standing, Conclusion};
use super::settings::Settings;
use super::slo::Slo;
use crate::results::{format, RunResult};

/// Cores of CPU at which the client counts as busy enough to delay requests itself.
const CLIENT_CORES: f64 = 0.9;
/// Wait-time p99 growth (×) and floor (µs) that, with flat service time, point at the client.
const WAIT_GROWTH: f64 = 4.0;
const WAIT_FLOOR_US: u64 = 1_000;
/// Service-time p99 growth (×) still counted as flat.
const SERVICE_FLAT: f64 = 1.5;

/// Measures and judges step `index` at `rate` from its run `result` in `run_dir`.
pub fn step_record(
    result: &RunResult,
    rate: f64,
    index: u32,
    run_dir: &Path,
    slos: &[Slo],
) -> Result<StepRecord, CapacityError> {
    let measured = measure(result, rate, slos, index, run_dir)?;
    let judgement = judge(&measured.summary, slos, &measured.slo_values);
    Ok(StepRecord {
        index,
        rate,
        dir: run_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        summary: measured.summary,
        judgement,
    })
}

/// Re-reads every step of `record` (under `search_dir`) and recomputes its summary and
/// verdict with the record's objectives, then each profile's conclusion.
pub fn refresh(search_dir: &Path, record: &mut SearchRecord) -> Result<(), CapacityError> {
    for search in &mut record.searches {
        let profile_dir = search_dir.join(&search.dir);
        for step in &mut search.steps {
            let run_dir = profile_dir.join(&step.dir);
            let result = RunResult::load(&run_dir).map_err(|source| CapacityError::Step {
                index: step.index,
                dir: run_dir.clone(),
                source,
            })?;
            *step = step_record(&result, step.rate, step.index, &run_dir, &record.slos)?;
        }
        conclude(search, &record.settings);
    }
    Ok(())
}

/// Sets the conclusion (where the search stands), the knee and the warnings of `search`
/// from its steps.
pub fn conclude(search: &mut ProfileSearch, settings: &Settings) {
    if search.steps.is_empty() {
        search.conclusion = None;
        search.knee = None;
        search.warnings = Vec::new();
        return;
    }
    let conclusion = standing(settings, &search.probes());
    let points: Vec<(f64, f64)> = search
        .steps
        .iter()
        .map(|s| (s.summary.achieved_rate, s.summary.response.p99_us as f64))
        .collect();
    search.knee = knee(&points).map(|(throughput, p99_us)| KneePoint { throughput, p99_us });
    search.warnings = client_warnings(&search.steps, &conclusion);
    search.conclusion = Some(conclusion);
}

/// Warnings that the client, not the cluster, may have limited the search.
pub fn client_warnings(steps: &[StepRecord], conclusion: &Conclusion) -> Vec<String> {
    let mut out = Vec::new();
    let at_limit = conclusion
        .failing
        .and_then(|hi| steps.iter().find(|s| s.rate == hi));
    let busiest = steps
        .iter()
        .filter_map(|s| s.summary.client_cores.map(|c| (s, c)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((step, cores)) = busiest.filter(|(_, c)| *c >= CLIENT_CORES) {
        let node = if step.summary.client_cpu_includes_node {
            " (this includes the embedded cluster running in the same process)"
        } else {
            ""
        };
        out.push(format!(
            "client CPU: the step at {} ops/s used {cores:.2} cores on average{node}; a busy \
             client delays requests itself and may be the limit: check its wait time, run it on \
             a bigger machine or against a cluster in another process",
            format::rate(step.rate)
        ));
    }
    let lowest = steps.iter().min_by(|a, b| a.rate.total_cmp(&b.rate));
    if let (Some(low), Some(high)) = (lowest, at_limit) {
        let (w0, w1) = (low.summary.wait_p99_us, high.summary.wait_p99_us);
        let (s0, s1) = (low.summary.service_p99_us, high.summary.service_p99_us);
        let wait_grew = w1 >= WAIT_FLOOR_US && w1 as f64 >= WAIT_GROWTH * w0.max(1) as f64;
        let service_flat = (s1 as f64) <= SERVICE_FLAT * s0.max(1) as f64;
        if high.rate > low.rate && wait_grew && service_flat {
            out.push(format!(
                "client-side delay: at {} ops/s the wait before sending reached p99 {} (from {} \
                 at {} ops/s) while the cluster's service time stayed flat (p99 {} -> {}); the \
                 client, not the cluster, probably set this limit",
                format::rate(high.rate),
                format::latency(w1),
                format::latency(w0),
                format::rate(low.rate),
                format::latency(s0),
                format::latency(s1)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::judge::Judgement;
    use crate::capacity::measure::StepSummary;
    use crate::capacity::search::Outcome;
    use crate::results::LatencySummary;

    fn step(rate: f64, wait: u64, service: u64, cores: f64) -> StepRecord {
        StepRecord {
            index: 1,
            rate,
            dir: String::new(),
            summary: StepSummary {
                target_rate: rate,
                achieved_rate: rate,
                ops: 1,
                errors: 0,
                error_rate: 0.0,
                response: LatencySummary::default(),
                service_p99_us: service,
                wait_p99_us: wait,
                backlog_growing: false,
                max_backlog: 0,
                client_cores: Some(cores),
                client_cpu_includes_node: true,
            },
            judgement: Judgement {
                passed: true,
                slos: Vec::new(),
                failures: Vec::new(),
                overload: false,
            },
        }
    }

    fn failing_at(rate: f64) -> Conclusion {
        Conclusion {
            outcome: Outcome::Converged,
            sustainable: Some(rate / 2.0),
            failing: Some(rate),
            notes: Vec::new(),
        }
    }

    #[test]
    fn a_client_that_falls_behind_is_named() {
        let steps = [step(1000.0, 200, 2000, 0.3), step(4000.0, 9000, 2500, 0.5)];
        let warnings = client_warnings(&steps, &failing_at(4000.0));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("client-side delay"), "{warnings:?}");
        // Service time growing with the wait: the cluster queues, the client is innocent.
        let steps = [
            step(1000.0, 200, 2000, 0.3),
            step(4000.0, 9000, 40_000, 0.5),
        ];
        assert!(client_warnings(&steps, &failing_at(4000.0)).is_empty());
    }

    #[test]
    fn a_busy_client_process_is_named() {
        let steps = [step(1000.0, 200, 2000, 0.4), step(4000.0, 300, 9000, 1.3)];
        let warnings = client_warnings(&steps, &failing_at(4000.0));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("1.30 cores"), "{warnings:?}");
        assert!(warnings[0].contains("embedded cluster"), "{warnings:?}");
    }
}
