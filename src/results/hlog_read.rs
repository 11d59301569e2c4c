//! Reading `latency.hlog` back, interval by interval, for `compare` (which resamples the
//! per-interval histograms) and any other reader that needs more than the phase totals.
//!
//! The file is read line by line and never held whole in memory: an hour-long run with many
//! operations writes hundreds of megabytes. Each line is parsed with hdrhistogram's own
//! interval-log parser; only the lines whose tag the caller wants are decoded, into their
//! non-empty buckets (`(value, count)` pairs, ascending), which is all a percentile needs.
//! Timestamps are seconds since the log's `BaseTime`, which ringbench sets to the run's start.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use hdrhistogram::serialization::interval_log::{IntervalLogIterator, LogEntry};

use super::codec;
use super::error::ResultsError;

/// One histogram line of an interval log.
#[derive(Debug, Clone, PartialEq)]
pub struct HlogInterval {
    /// E.g. `read.response` (see [`super::hlog`] for the tags ringbench writes).
    pub tag: String,
    /// Seconds since the run's start.
    pub start_s: f64,
    pub length_s: f64,
    /// Non-empty buckets, ascending: (highest value equivalent to the bucket in µs, count).
    /// This is the value HdrHistogram reports for a percentile that falls in the bucket.
    pub buckets: Vec<(u64, u64)>,
}

impl HlogInterval {
    /// Samples in the interval.
    pub fn count(&self) -> u64 {
        self.buckets.iter().map(|(_, n)| n).sum()
    }
}

/// Calls `each` for every histogram line of the log at `path` whose tag `wanted` accepts, in
/// file order. Lines without a tag are skipped (ringbench tags every line).
pub fn read_intervals(
    path: &Path,
    mut wanted: impl FnMut(&str) -> bool,
    mut each: impl FnMut(HlogInterval),
) -> Result<(), ResultsError> {
    let read_err = |source| ResultsError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = BufReader::new(File::open(path).map_err(read_err)?);
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).map_err(read_err)? == 0 {
            return Ok(());
        }
        number += 1;
        if line.last() != Some(&b'\n') {
            // The last line of a file need not end with a newline; the parser wants one.
            line.push(b'\n');
        }
        let corrupt = |detail: String| ResultsError::Histogram {
            what: format!("at line {number} of {}", path.display()),
            detail: format!(
                "{detail}; the interval log is damaged (was the run's folder edited or \
                 truncated?), run the workload again"
            ),
        };
        for entry in IntervalLogIterator::new(&line) {
            let entry = entry.map_err(|_| corrupt("not an interval-log line".into()))?;
            let LogEntry::Interval(interval) = entry else {
                continue;
            };
            let Some(tag) = interval.tag() else { continue };
            if !wanted(tag.as_str()) {
                continue;
            }
            let histogram = codec::decode(interval.encoded_histogram(), tag.as_str())
                .map_err(|e| corrupt(e.to_string()))?;
            each(HlogInterval {
                tag: tag.as_str().to_string(),
                start_s: interval.start_timestamp().as_secs_f64(),
                length_s: interval.duration().as_secs_f64(),
                buckets: histogram
                    .iter_recorded()
                    .map(|v| (v.value_iterated_to(), v.count_at_value()))
                    .collect(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
        let path =
            std::env::temp_dir().join(format!("ringbench-hlog-read-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("write a temporary file");
        path
    }

    #[test]
    fn reads_what_hdrhistogram_wrote_and_rejects_damage() {
        use hdrhistogram::serialization::interval_log::{IntervalLogWriterBuilder, Tag};
        use hdrhistogram::serialization::V2DeflateSerializer;
        let mut h = crate::metrics::histogram::new_latency();
        for v in [100u64, 100, 250, 4_000] {
            h.record(v).expect("records");
        }
        let mut bytes = Vec::new();
        let mut serializer = V2DeflateSerializer::new();
        let mut log = IntervalLogWriterBuilder::new()
            .with_base_time(std::time::UNIX_EPOCH)
            .begin_log_with(&mut bytes, &mut serializer)
            .expect("header");
        let at = std::time::Duration::from_secs;
        for (start, tag) in [(0, "read.response"), (0, "read.wait"), (1, "read.response")] {
            log.write_histogram(&h, at(start), at(1), Tag::new(tag))
                .expect("line");
        }
        let text = String::from_utf8(bytes).expect("UTF-8");
        let path = temp_file("ok", text.trim_end());
        let mut seen = Vec::new();
        read_intervals(&path, |t| t.ends_with(".response"), |i| seen.push(i)).expect("a valid log");
        assert_eq!(seen.len(), 2);
        assert_eq!((seen[1].start_s, seen[1].length_s), (1.0, 1.0));
        let expected: Vec<(u64, u64)> = h
            .iter_recorded()
            .map(|v| (v.value_iterated_to(), v.count_at_value()))
            .collect();
        assert_eq!(seen[0].buckets, expected);
        assert_eq!(seen[0].count(), 4);

        let damaged = temp_file(
            "bad",
            &format!("{text}Tag=read.response,2.000,1.0,4.0,@@@\n"),
        );
        let err = read_intervals(&damaged, |_| true, |_| {}).expect_err("damaged");
        let line = text.lines().count() + 1;
        assert!(err.to_string().contains(&format!("line {line}")), "{err}");
        let _ = std::fs::remove_file(path);
        let _ = std::fs::remove_file(damaged);
    }
}
