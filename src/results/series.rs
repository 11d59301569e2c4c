//! The per-interval series: a few numbers per operation and interval (ops, errors, p50, p99,
//! max), appended to `intervals.jsonl` as the run goes (so memory stays flat) and copied into
//! run.json when the run ends.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::error::ResultsError;
use super::model::{IntervalOperation, IntervalRow};
use crate::metrics::histogram::quantile_us;
use crate::metrics::IntervalSnapshot;

/// File name of the series inside a run directory (one JSON object per line).
pub const INTERVALS_FILE: &str = "intervals.jsonl";

impl IntervalRow {
    /// The series row of one interval.
    pub fn of(snapshot: &IntervalSnapshot) -> Self {
        let secs = |ns: u64| ns as f64 / 1e9;
        IntervalRow {
            index: snapshot.index,
            phase: snapshot.phase.clone(),
            start_s: secs(snapshot.start_ns),
            end_s: secs(snapshot.end_ns),
            ops: snapshot.ops(),
            errors: snapshot.errors(),
            target_rate: snapshot.gauges.target_rate,
            achieved_rate: snapshot.achieved_rate(),
            in_flight: snapshot.gauges.in_flight,
            backlog: snapshot.gauges.backlog,
            falling_behind: snapshot.gauges.falling_behind,
            operations: snapshot
                .stats
                .operations
                .iter()
                .map(|op| IntervalOperation {
                    name: op.name.clone(),
                    ops: op.count(),
                    errors: op.error_count(),
                    p50_us: quantile_us(&op.response, 0.5),
                    p99_us: quantile_us(&op.response, 0.99),
                    max_us: if op.response.is_empty() {
                        0
                    } else {
                        op.response.max()
                    },
                })
                .collect(),
        }
    }
}

/// Appends rows to `intervals.jsonl`.
#[derive(Debug)]
pub struct SeriesWriter {
    path: PathBuf,
    file: BufWriter<File>,
}

impl SeriesWriter {
    pub fn create(path: &Path) -> Result<Self, ResultsError> {
        let file = File::create(path).map_err(|source| ResultsError::Write {
            action: "create",
            path: path.to_path_buf(),
            source,
        })?;
        Ok(SeriesWriter {
            path: path.to_path_buf(),
            file: BufWriter::new(file),
        })
    }

    /// Appends one row and flushes it.
    pub fn append(&mut self, row: &IntervalRow) -> Result<(), ResultsError> {
        serde_json::to_writer(&mut self.file, row).map_err(ResultsError::Serialize)?;
        self.file
            .write_all(b"\n")
            .and_then(|()| self.file.flush())
            .map_err(|source| ResultsError::Write {
                action: "write",
                path: self.path.clone(),
                source,
            })
    }
}

/// Reads every row of an `intervals.jsonl`.
pub fn read_series(path: &Path) -> Result<Vec<IntervalRow>, ResultsError> {
    let file = File::open(path).map_err(|source| ResultsError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut rows = Vec::new();
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|source| ResultsError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let row = serde_json::from_str(&line).map_err(|source| ResultsError::Parse {
            path: path.to_path_buf(),
            source,
        })?;
        rows.push(row);
    }
    Ok(rows)
}
