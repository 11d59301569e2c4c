//! Helpers for the tests of `ringbench run`: parse a command line exactly as the binary does
//! and run it in-process ([`ringbench::commands::run::execute`]), in a fresh results folder;
//! write small workload and profile files; read a run's files back.
//!
//! Include it with `#[path = "run/support.rs"] mod support;`.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use clap::Parser as _;
use ringbench::cli::{Cli, Command, RunArgs};
use ringbench::commands::run::{execute, RunOptions, RunOutcome};
use tokio::sync::watch;

/// A fresh, empty folder for one test (removed by [`Scratch::drop`]).
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn new(label: &str) -> Scratch {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("ringbench-test-{}-{label}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        if let Err(e) = std::fs::create_dir_all(&dir) {
            panic!("cannot create {}: {e}", dir.display());
        }
        Scratch { dir }
    }

    /// Write `text` to `name` in the folder and return its path.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            panic!("cannot write {}: {e}", path.display());
        }
        path
    }

    /// The results folder runs of this test write to.
    pub fn results(&self) -> PathBuf {
        self.dir.join("results")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `ringbench run ARGS...` parsed as the binary parses it.
pub fn run_args(args: &[&str]) -> RunArgs {
    let line = ["ringbench", "run"].iter().chain(args.iter());
    match Cli::try_parse_from(line) {
        Ok(Cli {
            command: Command::Run(args),
        }) => args,
        Ok(other) => panic!("`ringbench run {args:?}` parsed as {other:?}"),
        Err(e) => panic!("`ringbench run {args:?}` does not parse: {e}"),
    }
}

/// Run `ringbench run ARGS... --out <scratch>/results` in-process to its end.
pub async fn run(scratch: &Scratch, args: &[&str]) -> RunOutcome {
    match try_run(scratch, args).await {
        Ok(outcome) => outcome,
        Err(e) => panic!("`ringbench run {}` failed: {e:#}", args.join(" ")),
    }
}

/// Like [`run`], returning the error.
pub async fn try_run(scratch: &Scratch, args: &[&str]) -> anyhow::Result<RunOutcome> {
    let out = scratch.results();
    let out = out.to_string_lossy().into_owned();
    let mut line: Vec<&str> = args.to_vec();
    line.extend(["--out", out.as_str()]);
    let (_never, stop) = watch::channel(false);
    let options = RunOptions::headless(stop, line.iter().map(|s| s.to_string()).collect());
    execute(&run_args(&line), options).await
}

/// A profile file for a cluster listening at `contact` (e.g. a test cluster or a proxy).
pub fn remote_profile(scratch: &Scratch, name: &str, contact: SocketAddr) -> PathBuf {
    let text = format!(
        "name: {name}\n\
         description: a test cluster at {contact}\n\
         contact_points: [\"{contact}\"]\n\
         consistency: ONE\n\
         driver:\n  connect_timeout: 3s\n  request_timeout: 5s\n"
    );
    scratch.file(&format!("{name}.yaml"), &text)
}

/// Histograms per tag in a run's `latency.hlog`, read with the hdrhistogram crate's own
/// interval-log reader (as any HdrHistogram tool would).
pub fn hlog_counts(run_dir: &Path) -> std::collections::BTreeMap<String, u64> {
    use hdrhistogram::serialization::interval_log::{IntervalLogIterator, LogEntry};
    use hdrhistogram::serialization::Deserializer;
    let path = run_dir.join("latency.hlog");
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    };
    let mut counts = std::collections::BTreeMap::new();
    let mut deserializer = Deserializer::new();
    for entry in IntervalLogIterator::new(&bytes) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => panic!("{} is not a valid interval log: {e:?}", path.display()),
        };
        let LogEntry::Interval(interval) = entry else {
            continue;
        };
        let Some(tag) = interval.tag() else { continue };
        use base64::Engine as _;
        let decoded =
            match base64::engine::general_purpose::STANDARD.decode(interval.encoded_histogram()) {
                Ok(d) => d,
                Err(e) => panic!("histogram '{}' is not base64: {e}", tag.as_str()),
            };
        let histogram: hdrhistogram::Histogram<u64> =
            match deserializer.deserialize(&mut decoded.as_slice()) {
                Ok(h) => h,
                Err(e) => panic!("histogram '{}' does not decode: {e:?}", tag.as_str()),
            };
        *counts.entry(tag.as_str().to_string()).or_insert(0) += histogram.len();
    }
    counts
}
