//! Saved runs as `compare` needs them: run.json, and per phase and operation the per-interval
//! data the bootstrap resamples (latency histograms from `latency.hlog`, request and error
//! counts from the run's interval series).
//!
//! Memory stays bounded for long runs: a phase of more than [`MAX_SPANS`] intervals is read in
//! spans of consecutive intervals (merged as they are read), so at most that many histograms
//! per operation are held. Blocks of the bootstrap are runs of consecutive intervals anyway;
//! a span only makes the smallest block longer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::error::CompareError;
use crate::results::hlog::tag;
use crate::results::hlog_read::read_intervals;
use crate::results::{PhaseResult, RunResult};

/// Most intervals of one phase the bootstrap works with; longer phases are read in spans.
pub const MAX_SPANS: usize = 600;

/// A saved run.
#[derive(Debug, Clone)]
pub struct LoadedRun {
    /// `A` for the base, then `B`, `C`... (how reports, plots and warnings name the run).
    pub label: String,
    /// The run directory.
    pub dir: PathBuf,
    pub result: RunResult,
}

/// Sparse histogram buckets `(value µs, count)`, ascending.
pub type Buckets = Vec<(u64, u64)>;

/// One operation's per-interval data over one phase (one entry per interval or span).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationIntervals {
    pub response: Vec<Buckets>,
    pub service: Vec<Buckets>,
    /// (requests, seconds) per interval.
    pub throughput: Vec<(f64, f64)>,
    /// (failed requests, requests) per interval.
    pub errors: Vec<(f64, f64)>,
}

impl LoadedRun {
    /// Reads `run_json` (a run.json path, as [`crate::results::locate`] returns).
    pub fn load(run_json: &Path, label: &str) -> Result<LoadedRun, CompareError> {
        let dir = run_json
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let result = RunResult::load(run_json).map_err(|source| CompareError::Results {
            run: run_json.display().to_string(),
            source,
        })?;
        Ok(LoadedRun {
            label: label.to_string(),
            dir,
            result,
        })
    }

    /// `A (20261122T130000Z-kv-mixed-embedded-1node)`.
    pub fn name(&self) -> String {
        format!("{} ({})", self.label, self.result.run_id)
    }

    pub fn phase(&self, name: &str) -> Option<&PhaseResult> {
        self.result.phases.iter().find(|p| p.name == name)
    }

    /// The per-interval data of `operations` in `phase` (an operation the run lacks gets
    /// empty series).
    pub fn intervals(
        &self,
        phase: &PhaseResult,
        operations: &[String],
    ) -> Result<BTreeMap<String, OperationIntervals>, CompareError> {
        let span = (phase.intervals as usize).div_ceil(MAX_SPANS).max(1);
        let mut out: BTreeMap<String, OperationIntervals> = operations
            .iter()
            .map(|op| (op.clone(), OperationIntervals::default()))
            .collect();
        // Tags wanted, to (operation, is response).
        let mut wanted: BTreeMap<String, (String, bool)> = BTreeMap::new();
        for op in operations {
            wanted.insert(tag(op, "response"), (op.clone(), true));
            wanted.insert(tag(op, "service"), (op.clone(), false));
        }
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        // hlog timestamps have millisecond precision.
        let (from, to) = (phase.start_s - 0.001, phase.end_s - 0.001);
        let hlog = self.dir.join(&self.result.files.hlog);
        read_intervals(
            &hlog,
            |t| wanted.contains_key(t),
            |interval| {
                if interval.start_s < from || interval.start_s >= to {
                    return;
                }
                let Some((op, is_response)) = wanted.get(&interval.tag) else {
                    return;
                };
                let Some(entry) = out.get_mut(op) else { return };
                let series = if *is_response {
                    &mut entry.response
                } else {
                    &mut entry.service
                };
                let index = seen.entry(interval.tag.clone()).or_insert(0);
                if index.is_multiple_of(span) {
                    series.push(interval.buckets);
                } else if let Some(last) = series.last_mut() {
                    *last = merge_buckets(last, &interval.buckets);
                }
                *index += 1;
            },
        )
        .map_err(|source| CompareError::Results {
            run: self.name(),
            source,
        })?;
        if out.values().all(|o| o.response.is_empty()) {
            return Err(CompareError::NoIntervals {
                run: self.name(),
                phase: phase.name.clone(),
                hlog,
            });
        }
        let rows = self.result.series.iter().filter(|r| r.phase == phase.name);
        for (i, row) in rows.enumerate() {
            let secs = (row.end_s - row.start_s).max(0.0);
            for (name, entry) in out.iter_mut() {
                let (ops, errors) = row
                    .operations
                    .iter()
                    .find(|o| &o.name == name)
                    .map_or((0, 0), |o| (o.ops, o.errors));
                let (ops, errors) = (ops as f64, errors as f64);
                if i.is_multiple_of(span) {
                    entry.throughput.push((ops, secs));
                    entry.errors.push((errors, ops));
                } else {
                    add_last(&mut entry.throughput, (ops, secs));
                    add_last(&mut entry.errors, (errors, ops));
                }
            }
        }
        Ok(out)
    }
}

fn add_last(series: &mut [(f64, f64)], (a, b): (f64, f64)) {
    if let Some(last) = series.last_mut() {
        last.0 += a;
        last.1 += b;
    }
}

/// The buckets of two histograms added together.
fn merge_buckets(a: &[(u64, u64)], b: &[(u64, u64)]) -> Buckets {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                out.push((x.0, x.1 + y.1));
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                out.push(*x);
                i += 1;
            }
            (_, Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                i += 1;
            }
            (None, None) => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_merge_by_value() {
        let a = [(1, 2), (5, 1), (9, 4)];
        let b = [(2, 1), (5, 3), (12, 1)];
        assert_eq!(
            merge_buckets(&a, &b),
            vec![(1, 2), (2, 1), (5, 4), (9, 4), (12, 1)]
        );
        assert_eq!(merge_buckets(&[], &b), b.to_vec());
    }
}
