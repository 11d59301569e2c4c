//! `latency.hlog`: the standard HdrHistogram interval log, one line per interval, operation and
//! kind, appended (and flushed) every interval so that past intervals live on disk, not in
//! memory, and a crashed run still leaves everything measured up to its last interval.
//!
//! Written with hdrhistogram's own `interval_log` writer, so HdrHistogram tools read it
//! (`HistogramLogProcessor -tag read.response -outputValueUnitRatio 1000` for milliseconds:
//! values are microseconds). Tags:
//! - `<operation>.response`, `<operation>.service`, `<operation>.wait`: successful requests,
//!   every interval;
//! - `<operation>.error.<class>`: response times of failed requests, in intervals with such
//!   errors;
//! - `node.<address>.response`: successful requests a node coordinated, in intervals where it
//!   served any.
//!
//! Interval timestamps are seconds since the run's start (`BaseTime`). Histograms are encoded
//! as V2 compressed with stored (uncompressed) deflate blocks ([`super::stored`]): standard,
//! and far cheaper to write while the run is measuring.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use hdrhistogram::serialization::interval_log::{
    IntervalLogWriterBuilder, IntervalLogWriterError, Tag,
};

use super::error::ResultsError;
use super::stored::StoredV2Serializer;
use crate::metrics::{IntervalSnapshot, Latency};

/// File name of the interval log inside a run directory.
pub const HLOG_FILE: &str = "latency.hlog";

/// The tag of a histogram: `name` and `kind` joined by a dot, with the characters the log
/// format forbids in tags (comma, space, line breaks) replaced by `_`.
pub fn tag(name: &str, kind: &str) -> String {
    format!("{name}.{kind}")
        .chars()
        .map(|c| {
            if matches!(c, ',' | ' ' | '\r' | '\n') {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// Appends intervals to a run's `latency.hlog`.
pub struct HlogWriter {
    path: PathBuf,
    file: BufWriter<File>,
    serializer: StoredV2Serializer,
}

impl std::fmt::Debug for HlogWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HlogWriter")
            .field("path", &self.path)
            .finish()
    }
}

impl HlogWriter {
    /// Creates the log with its header: format version, what the values and tags mean, and the
    /// run's start as both `StartTime` and `BaseTime`.
    pub fn create(path: &Path, run_start: SystemTime, run_id: &str) -> Result<Self, ResultsError> {
        let write_err = |source| ResultsError::Write {
            action: "write",
            path: path.to_path_buf(),
            source,
        };
        let file = File::create(path).map_err(|source| ResultsError::Write {
            action: "create",
            path: path.to_path_buf(),
            source,
        })?;
        let mut writer = HlogWriter {
            path: path.to_path_buf(),
            file: BufWriter::new(file),
            serializer: StoredV2Serializer::new(),
        };
        IntervalLogWriterBuilder::new()
            .add_comment(&format!(
                "[Logged with ringbench {}, run {run_id}]",
                env!("CARGO_PKG_VERSION")
            ))
            .add_comment("[Histogram log format version 1.3]")
            .add_comment(
                "[Values are microseconds. Tags: <operation>.response|service|wait, \
                 <operation>.error.<class>, node.<address>.response]",
            )
            .with_start_time(run_start)
            .with_base_time(run_start)
            .begin_log_with(&mut writer.file, &mut writer.serializer)
            .map_err(write_err)?;
        writer
            .file
            .write_all(
                b"\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\
                  \"Interval_Compressed_Histogram\"\n",
            )
            .and_then(|()| writer.file.flush())
            .map_err(write_err)?;
        Ok(writer)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends every histogram of one interval and flushes.
    pub fn interval(&mut self, snapshot: &IntervalSnapshot) -> Result<(), ResultsError> {
        let start = Duration::from_nanos(snapshot.start_ns);
        let length = snapshot.duration();
        let mut lines: Vec<(String, &Latency)> = Vec::new();
        for op in &snapshot.stats.operations {
            lines.push((tag(&op.name, "response"), &op.response));
            lines.push((tag(&op.name, "service"), &op.service));
            lines.push((tag(&op.name, "wait"), &op.wait));
            for class in crate::metrics::ErrorClass::ALL {
                if let Some(h) = op.error(class).response.as_ref().filter(|h| !h.is_empty()) {
                    lines.push((tag(&op.name, &format!("error.{}", class.name())), h));
                }
            }
        }
        for node in snapshot
            .stats
            .nodes
            .iter()
            .filter(|n| !n.response.is_empty())
        {
            lines.push((
                tag(&format!("node.{}", node.address), "response"),
                &node.response,
            ));
        }

        let mut log = IntervalLogWriterBuilder::new()
            .begin_log_with(&mut self.file, &mut self.serializer)
            .map_err(|source| write_error(&self.path, source))?;
        for (name, histogram) in lines {
            let tag = Tag::new(&name).ok_or_else(|| ResultsError::Histogram {
                what: format!("tag '{name}'"),
                detail: "not a valid interval-log tag".into(),
            })?;
            log.write_histogram(histogram, start, length, Some(tag))
                .map_err(|e| match e {
                    IntervalLogWriterError::IoError(source) => write_error(&self.path, source),
                    IntervalLogWriterError::SerializeError(e) => ResultsError::Histogram {
                        what: format!("'{name}' for {}", self.path.display()),
                        detail: e.to_string(),
                    },
                })?;
        }
        self.file
            .flush()
            .map_err(|source| write_error(&self.path, source))
    }
}

fn write_error(path: &Path, source: std::io::Error) -> ResultsError {
    ResultsError::Write {
        action: "write",
        path: path.to_path_buf(),
        source,
    }
}
