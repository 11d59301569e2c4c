//! A known run, recorded through the real recorders and written by the real result writer, with
//! the expectations computed from the samples themselves (never from our own output).
//!
//! - phase `load` (closed loop, 0 s .. 1 s): 500 `write`s of 200 µs service time on node A;
//! - phase `steady` (target 1,200 ops/s, 1 s .. 11 s, ten 1 s intervals): 10,000 `read`s with
//!   response times 1 .. 10,000 µs (wait i % 10 µs) alternating nodes A and B, and 1,000
//!   `write`s (LWT) per 100 each interval: 70 applied, 20 not applied, 10 timeouts of 2 s on
//!   node B. Interval 5 reports the schedule falling behind with a backlog of 42.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ringbench::metrics::{ErrorClass, Gauges, Registry, Sample, SampleOutcome};
use ringbench::results::{ProfileInfo, ResultWriter, RunMeta, RunResult, RunStatus, WorkloadInfo};

pub const SEC: u64 = 1_000_000_000;
pub const US: u64 = 1_000;
pub const READS: u64 = 10_000;
pub const TARGET_RATE: f64 = 1_200.0;

pub fn node_a() -> SocketAddr {
    SocketAddr::from(([127, 0, 9, 1], 9042))
}

pub fn node_b() -> SocketAddr {
    SocketAddr::from(([127, 0, 9, 2], 9042))
}

/// A fresh, empty folder for one test (removed first if a previous run left it).
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ringbench-results-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary folder");
    dir
}

/// The run's start: a fixed instant, so timestamps in the files are predictable.
pub fn run_start() -> SystemTime {
    // 2026-11-22T13:00:00Z
    UNIX_EPOCH + Duration::from_secs(1_795_352_400)
}

pub fn sample(
    operation: usize,
    intended_ns: u64,
    wait_ns: u64,
    response_ns: u64,
    outcome: SampleOutcome,
    node: SocketAddr,
) -> Sample {
    Sample {
        operation,
        intended_ns,
        sent_ns: intended_ns + wait_ns,
        completed_ns: intended_ns + response_ns,
        outcome,
        coordinator: Some(node),
    }
}

pub fn ok(rows: u64, applied: Option<bool>) -> SampleOutcome {
    SampleOutcome::Ok { rows, applied }
}

/// Response time in µs of the i-th read (1-based).
pub fn read_response_us(i: u64) -> u64 {
    i
}

/// Writes the scenario's run into `out` and returns the result and its directory.
pub fn write_run(out: &Path) -> (RunResult, PathBuf) {
    let registry = Registry::with_max_shards(vec!["read".into(), "write".into()], 2);
    let mut recorders = [registry.recorder(), registry.recorder()];
    let mut writer =
        ResultWriter::create(out, "kv test", "embedded-1node", run_start()).expect("create");

    for i in 0..500u64 {
        let t = i * 2 * US;
        let s = sample(1, t, 0, 200 * US, ok(0, None), node_a());
        recorders[(i % 2) as usize].record(&s);
    }
    let snapshot = registry.collect("load", SEC, Gauges::default());
    writer.interval(&snapshot).expect("write interval");

    for interval in 0..10u64 {
        let base = SEC + interval * SEC;
        for k in 1..=1000u64 {
            let i = interval * 1000 + k;
            let node = if i % 2 == 0 { node_a() } else { node_b() };
            let s = sample(
                0,
                base + k * US,
                (i % 10) * US,
                read_response_us(i) * US,
                ok(1, None),
                node,
            );
            recorders[(i % 2) as usize].record(&s);
        }
        for k in 0..100u64 {
            let t = base + k * 10 * US;
            let s = match k {
                0..=69 => sample(1, t, 0, 300 * US, ok(1, Some(true)), node_a()),
                70..=89 => sample(1, t, 0, 400 * US, ok(1, Some(false)), node_a()),
                _ => sample(
                    1,
                    t,
                    0,
                    2 * SEC,
                    SampleOutcome::Error(ErrorClass::Timeout),
                    node_b(),
                ),
            };
            recorders[(k % 2) as usize].record(&s);
        }
        let gauges = Gauges {
            target_rate: Some(TARGET_RATE),
            due: Some((interval + 1) * TARGET_RATE as u64),
            in_flight: 3,
            backlog: if interval == 5 { 42 } else { 0 },
            falling_behind: interval == 5,
        };
        let snapshot = registry.collect("steady", base + SEC, gauges);
        writer.interval(&snapshot).expect("write interval");
    }
    let dir = writer.run_dir().to_path_buf();
    let result = writer.finish(meta()).expect("finish");
    (result, dir)
}

pub fn meta() -> RunMeta {
    RunMeta {
        command_line: vec!["ringbench".into(), "run".into(), "kv-test.yaml".into()],
        workload: WorkloadInfo {
            name: "kv test".into(),
            description: "reads and conditional writes".into(),
            path: Some("kv-test.yaml".into()),
            content_hash: "0123456789abcdef0123".into(),
            text: "name: kv test\n".into(),
        },
        profile: ProfileInfo {
            name: "embedded-1node".into(),
            description: "one in-process reference node".into(),
            target: "embedded reference cluster, 1 node(s), started in-process".into(),
            settings: serde_json::json!({ "auth": { "password_env": "RB_PASSWORD" } }),
        },
        seed: 42,
        tags: [("env".to_string(), "ci".to_string())]
            .into_iter()
            .collect(),
        interval: Duration::from_secs(1),
        status: RunStatus::Completed,
        client_cpu_includes_node: true,
        warnings: Vec::new(),
    }
}

/// The value at quantile `q` of `sorted` (the smallest value with at least q of the samples at
/// or below it), as HdrHistogram defines percentiles.
pub fn quantile(sorted: &[u64], q: f64) -> u64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// `actual` is within HdrHistogram's 3-significant-digit precision of `expected`.
pub fn assert_close(what: &str, actual: u64, expected: u64) {
    let tolerance = expected / 1000 + 1;
    assert!(
        actual.abs_diff(expected) <= tolerance,
        "{what}: expected {expected} µs (± {tolerance}), got {actual} µs"
    );
}
