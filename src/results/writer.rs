//! A run's result directory, written as the run goes: created at the start, `latency.hlog` and
//! `intervals.jsonl` appended every interval, `run.json` written once at the end.
//!
//! ```text
//! let mut writer = ResultWriter::create(&plan.out_dir, &workload, &profile, SystemTime::now())?;
//! // every interval:   writer.interval(&registry.collect(phase, now_ns, gauges))?;
//! // at the end:       let result = writer.finish(RunMeta::from_plan(&plan))?;
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::build::{phase_result, warnings, CpuUse};
use super::clock::{compact, rfc3339};
use super::error::ResultsError;
use super::hlog::{HlogWriter, HLOG_FILE};
use super::meta::RunMeta;
use super::model::{
    FilesInfo, HostInfo, IntervalRow, RunResult, ToolInfo, GROUND_TRUTH_FILE, SCHEMA_VERSION,
};
use super::series::{read_series, SeriesWriter, INTERVALS_FILE};
use crate::metrics::{process_cpu_time, IntervalSnapshot, RunTotals};

/// Writes one run's directory. Memory stays flat: intervals go to disk as they arrive and only
/// per-phase totals stay in memory.
#[derive(Debug)]
pub struct ResultWriter {
    run_id: String,
    run_dir: PathBuf,
    run_start: SystemTime,
    cpu_at_start: Option<Duration>,
    hlog: HlogWriter,
    series: SeriesWriter,
    totals: RunTotals,
}

/// `20261122T130000Z-kv-mixed-embedded-1node`: UTC start, workload and profile, with anything
/// but letters, digits, `.`, `_` and `-` replaced by `-`.
pub fn run_id(start: SystemTime, workload: &str, profile: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    };
    format!("{}-{}-{}", compact(start), clean(workload), clean(profile))
}

impl ResultWriter {
    /// Creates `<out_dir>/<run-id>/` (a suffix `-2`, `-3`... if that run id exists already)
    /// with an empty `latency.hlog` and `intervals.jsonl`. `run_start` is the instant sample
    /// times count from (nanosecond 0 of the run).
    pub fn create(
        out_dir: &Path,
        workload: &str,
        profile: &str,
        run_start: SystemTime,
    ) -> Result<Self, ResultsError> {
        let cpu_at_start = process_cpu_time();
        std::fs::create_dir_all(out_dir).map_err(|source| ResultsError::Write {
            action: "create the results folder",
            path: out_dir.to_path_buf(),
            source,
        })?;
        let base = run_id(run_start, workload, profile);
        let (run_id, run_dir) = create_unique_dir(out_dir, &base)?;
        let hlog = HlogWriter::create(&run_dir.join(HLOG_FILE), run_start, &run_id)?;
        let series = SeriesWriter::create(&run_dir.join(INTERVALS_FILE))?;
        Ok(ResultWriter {
            run_id,
            run_dir,
            run_start,
            cpu_at_start,
            hlog,
            series,
            totals: RunTotals::default(),
        })
    }

    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    pub fn run_dir(&self) -> &Path {
        &self.run_dir
    }

    /// The per-phase totals so far.
    pub fn totals(&self) -> &RunTotals {
        &self.totals
    }

    /// Appends an interval to `latency.hlog` and `intervals.jsonl` and adds it to its phase's
    /// totals. The totals are updated even if writing fails, so run.json stays complete.
    pub fn interval(&mut self, snapshot: &IntervalSnapshot) -> Result<(), ResultsError> {
        self.totals.add(snapshot);
        self.hlog.interval(snapshot)?;
        self.series.append(&IntervalRow::of(snapshot))
    }

    /// Writes run.json (atomically) and returns what it holds.
    pub fn finish(self, meta: RunMeta) -> Result<RunResult, ResultsError> {
        let ended = SystemTime::now();
        let duration = ended.duration_since(self.run_start).unwrap_or_default();
        let phases = self
            .totals
            .phases
            .iter()
            .map(|p| phase_result(p, self.run_start))
            .collect::<Result<Vec<_>, _>>()?;
        let host = HostInfo::current();
        let cpu = match (self.cpu_at_start, process_cpu_time()) {
            (Some(start), Some(end)) => Some(end.saturating_sub(start).as_secs_f64()),
            _ => None,
        };
        let cpu_use = cpu.map(|cpu_s| CpuUse {
            cpu_s,
            wall_s: duration.as_secs_f64(),
            cores: host.cores,
            includes_node: meta.client_cpu_includes_node,
        });
        let mut all_warnings = meta.warnings;
        all_warnings.extend(warnings(&phases, meta.status, cpu_use.as_ref()));
        let result = RunResult {
            schema_version: SCHEMA_VERSION,
            tool: ToolInfo::current(),
            run_id: self.run_id,
            status: meta.status,
            command_line: meta.command_line,
            workload: meta.workload,
            profile: meta.profile,
            host,
            started_at: rfc3339(self.run_start),
            ended_at: rfc3339(ended),
            duration_s: duration.as_secs_f64(),
            seed: meta.seed,
            tags: meta.tags,
            interval_s: meta.interval.as_secs_f64(),
            client_cpu_s: cpu,
            client_cpu_includes_node: meta.client_cpu_includes_node,
            phases,
            warnings: all_warnings,
            series: read_series(&self.run_dir.join(INTERVALS_FILE))?,
            files: FilesInfo {
                hlog: HLOG_FILE.to_string(),
                intervals: INTERVALS_FILE.to_string(),
                // Written into the run directory by the run command before this, when the
                // cluster had a performance model.
                ground_truth: self
                    .run_dir
                    .join(GROUND_TRUTH_FILE)
                    .is_file()
                    .then(|| GROUND_TRUTH_FILE.to_string()),
            },
        };
        result.save(&self.run_dir)?;
        Ok(result)
    }
}

fn create_unique_dir(out_dir: &Path, base: &str) -> Result<(String, PathBuf), ResultsError> {
    for n in 1..=1000u32 {
        let id = if n == 1 {
            base.to_string()
        } else {
            format!("{base}-{n}")
        };
        let dir = out_dir.join(&id);
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok((id, dir)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => {
                return Err(ResultsError::Write {
                    action: "create the run directory",
                    path: dir,
                    source,
                })
            }
        }
    }
    Err(ResultsError::Write {
        action: "create the run directory",
        path: out_dir.join(base),
        source: std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "1000 runs with this id exist already",
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_are_clean_and_never_reused() {
        let start = std::time::UNIX_EPOCH + Duration::from_secs(1_795_352_400);
        assert_eq!(
            run_id(start, "kv mixed/v2", "embedded-1node"),
            "20261122T130000Z-kv-mixed-v2-embedded-1node"
        );
        let out = std::env::temp_dir().join(format!("ringbench-writer-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let first = ResultWriter::create(&out, "kv", "p", start).expect("first run directory");
        let second = ResultWriter::create(&out, "kv", "p", start).expect("second run directory");
        assert_eq!(first.run_id(), "20261122T130000Z-kv-p");
        assert_eq!(second.run_id(), "20261122T130000Z-kv-p-2");
        assert!(second.run_dir().join(HLOG_FILE).is_file());
        let _ = std::fs::remove_dir_all(&out);
    }
}
