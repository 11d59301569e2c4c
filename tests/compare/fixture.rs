//! Saved runs with known contents for the `compare` tests, written by the real recorders and
//! result writer (run.json, latency.hlog, intervals.jsonl), so that `compare` reads exactly
//! what `ringbench run` leaves behind.
//!
//! Every run has a `load` phase (one interval of 100 `write`s, closed loop) and a `steady`
//! phase of [`RunSpec::intervals`] one-second intervals at a target rate: `read`s with the
//! AR(1) log-normal latencies of `synthetic.rs` (times [`RunSpec::factor`]) and 20 `write`s
//! per interval of 300 µs, some of which may time out. The histogram of every steady-phase
//! read response is returned, so tests compute their expectations from the samples.
//!
//! Include it with `#[path = "compare/fixture.rs"] mod fixture;` (needs `synthetic`).
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hdrhistogram::Histogram;
use ringbench::metrics::{ErrorClass, Gauges, Registry, Sample, SampleOutcome};
use ringbench::results::{ProfileInfo, ResultWriter, RunMeta, RunStatus, WorkloadInfo};

use super::synthetic;

const SEC: u64 = 1_000_000_000;
const US: u64 = 1_000;
const WRITES: u64 = 20;

/// What to write.
#[derive(Debug, Clone)]
pub struct RunSpec {
    pub seed: u64,
    /// Multiplies every read latency.
    pub factor: f64,
    pub intervals: usize,
    pub reads_per_interval: usize,
    /// Writes per interval that time out (the rest succeed).
    pub write_timeouts: u64,
    pub profile: String,
    pub workload_hash: String,
    /// Completed requests as a share of those the schedule asked for.
    pub achieved_share: f64,
    /// Operation names (the first reads, the second writes).
    pub operations: [String; 2],
}

impl RunSpec {
    pub fn new(seed: u64) -> Self {
        RunSpec {
            seed,
            factor: 1.0,
            intervals: 40,
            reads_per_interval: 200,
            write_timeouts: 0,
            profile: "embedded-1node".into(),
            workload_hash: "a1b2c3d4e5f6a7b8c9d0".into(),
            achieved_share: 1.0,
            operations: ["read".into(), "write".into()],
        }
    }
}

/// A written run.
pub struct Written {
    pub dir: PathBuf,
    /// Every successful steady-phase read's response time, µs.
    pub read_response: Histogram<u64>,
}

/// A fresh, empty folder for one test (removed on drop).
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn new(label: &str) -> Scratch {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "ringbench-compare-{}-{label}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a scratch folder");
        Scratch { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, text).expect("write a scratch file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn node(n: u8) -> SocketAddr {
    SocketAddr::from(([127, 0, 7, n], 9042))
}

fn sample(op: usize, intended_ns: u64, response_us: u64, ok: bool, node_n: u8) -> Sample {
    let wait = (response_us / 20).min(40);
    Sample {
        operation: op,
        intended_ns,
        sent_ns: intended_ns + wait * US,
        completed_ns: intended_ns + response_us * US,
        outcome: if ok {
            SampleOutcome::Ok {
                rows: 1,
                applied: None,
            }
        } else {
            SampleOutcome::Error(ErrorClass::Timeout)
        },
        coordinator: Some(node(node_n)),
    }
}

/// Writes the run under `out` (a run directory named by its start, which the seed sets).
pub fn write_run(out: &Path, spec: &RunSpec) -> Written {
    let registry = Registry::with_max_shards(spec.operations.to_vec(), 1);
    let mut recorder = registry.recorder();
    // 2026-11-22T13:00:00Z plus an hour per seed: distinct run ids.
    let start = UNIX_EPOCH + Duration::from_secs(1_795_352_400 + 3_600 * spec.seed);
    let mut writer = ResultWriter::create(out, "kv synthetic", &spec.profile, start)
        .expect("create the run directory");
    for k in 0..100u64 {
        recorder.record(&sample(1, k * 10 * US, 300, true, 1));
    }
    let snapshot = registry.collect("load", SEC, Gauges::default());
    writer.interval(&snapshot).expect("write the load interval");

    let mut read_response = Histogram::<u64>::new(3).expect("3 significant digits");
    read_response.auto(true);
    let per_second = spec.reads_per_interval as u64 + WRITES;
    let latencies = synthetic::latencies(
        spec.seed,
        spec.factor,
        spec.intervals,
        spec.reads_per_interval,
    );
    for (i, interval) in latencies.iter().enumerate() {
        let base = SEC * (1 + i as u64);
        let step = SEC / per_second;
        for (k, us) in interval.iter().enumerate() {
            recorder.record(&sample(
                0,
                base + k as u64 * step,
                *us,
                true,
                1 + (k % 2) as u8,
            ));
            read_response.record(*us).expect("records");
        }
        for w in 0..WRITES {
            let ok = w >= spec.write_timeouts;
            let us = if ok { 300 } else { 2_000_000 };
            recorder.record(&sample(1, base + w * 1_000 * US / WRITES, us, ok, 2));
        }
        let done = per_second * (i as u64 + 1);
        let gauges = Gauges {
            target_rate: Some(per_second as f64),
            due: Some((done as f64 / spec.achieved_share).round() as u64),
            in_flight: 2,
            backlog: 0,
            falling_behind: false,
        };
        let snapshot = registry.collect("steady", base + SEC, gauges);
        writer.interval(&snapshot).expect("write an interval");
    }
    let dir = writer.run_dir().to_path_buf();
    writer.finish(meta(spec)).expect("finish the run");
    Written { dir, read_response }
}

fn meta(spec: &RunSpec) -> RunMeta {
    RunMeta {
        command_line: vec!["ringbench".into(), "run".into(), "kv-synthetic.yaml".into()],
        workload: WorkloadInfo {
            name: "kv synthetic".into(),
            description: "synthetic reads and writes".into(),
            path: Some("kv-synthetic.yaml".into()),
            content_hash: spec.workload_hash.clone(),
            text: "name: kv synthetic\n".into(),
        },
        profile: ProfileInfo {
            name: spec.profile.clone(),
            description: "a synthetic profile".into(),
            target: "nothing: written by the test".into(),
            settings: serde_json::Value::Null,
        },
        seed: spec.seed,
        tags: [("suite".to_string(), "compare".to_string())]
            .into_iter()
            .collect(),
        interval: Duration::from_secs(1),
        status: RunStatus::Completed,
        client_cpu_includes_node: false,
        warnings: Vec::new(),
    }
}

/// The run's start, for tests that need it.
pub fn start_of(seed: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_352_400 + 3_600 * seed)
}
