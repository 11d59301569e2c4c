//! `ringbench run` end to end, in-process through the same argument parsing as the binary:
//! every shipped workload against embedded 1- and 3-node reference clusters with its results
//! written and read back; determinism of generated values by seed; rate accuracy.

#[path = "util/cql.rs"]
mod cql;
#[path = "run/support.rs"]
mod support;
mod util;

use ringbench::plan::WorkloadPlan;
use ringbench::results::{PhaseResult, RunResult, RunStatus};
use ringbench::schedule::PhaseLength;
use support::Scratch;

/// Operations the main phase of the end-to-end runs issues, at `MAIN_RATE`.
const MAIN_OPS: u64 = 400;
const MAIN_RATE: &str = "1k";

fn shipped(name: &str) -> WorkloadPlan {
    match ringbench::workload::load_named(name) {
        Ok(plan) => plan,
        Err(e) => panic!("shipped workload {name}: {e}"),
    }
}

fn phase<'a>(result: &'a RunResult, name: &str) -> &'a PhaseResult {
    match result.phases.iter().find(|p| p.name == name) {
        Some(p) => p,
        None => panic!(
            "no phase '{name}' in the result; phases: {:?}",
            result.phases.iter().map(|p| &p.name).collect::<Vec<_>>()
        ),
    }
}

/// Run shipped `workload` with its load phase and a short constant-rate main phase against
/// an embedded cluster of `nodes`, and check everything the run leaves behind.
async fn end_to_end(workload: &str, nodes: usize) {
    let profile = match nodes {
        1 => "embedded-1node",
        _ => "embedded-3node",
    };
    let plan = shipped(workload);
    let scratch = Scratch::new(workload);
    let ops = MAIN_OPS.to_string();
    let args = [
        workload,
        "--profile",
        profile,
        "--rate",
        MAIN_RATE,
        "--ops",
        &ops,
        "--seed",
        "11",
    ];
    let outcome = support::run(&scratch, &args).await;
    let result = &outcome.result;
    let context = format!("{workload} on {profile}");
    assert_eq!(result.status, RunStatus::Completed, "{context}");
    assert!(!outcome.interrupted, "{context}");
    assert_eq!(result.seed, 11, "{context}");

    // Phases: the load phase with exactly its op count, then one 'main' phase.
    let mut expected_phases = Vec::new();
    if let Some(load) = &plan.load {
        let PhaseLength::Ops(load_ops) = load.length else {
            panic!(
                "{context}: the load phase has no op count: {:?}",
                load.length
            );
        };
        assert_eq!(
            phase(result, &load.name).ops,
            load_ops,
            "{context}: load ops"
        );
        expected_phases.push(load.name.clone());
    }
    expected_phases.push("main".to_string());
    let names: Vec<_> = result.phases.iter().map(|p| p.name.clone()).collect();
    assert_eq!(names, expected_phases, "{context}");
    let main = phase(result, "main");
    assert_eq!(main.ops, MAIN_OPS, "{context}: main ops");
    assert_eq!(
        main.target_rate.map(|r| r.round()),
        Some(1000.0),
        "{context}"
    );
    assert!(!main.closed_loop, "{context}");

    for p in &result.phases {
        assert_eq!(
            p.errors, 0,
            "{context}, phase {}: errors {:?}",
            p.name, p.operations
        );
        let per_op: u64 = p.operations.iter().map(|o| o.count).sum();
        assert_eq!(
            per_op, p.ops,
            "{context}, phase {}: per-operation counts",
            p.name
        );
        for op in &p.operations {
            if let Some(lwt) = op.lwt {
                assert_eq!(
                    lwt.applied + lwt.not_applied,
                    op.ok,
                    "{context}: {}",
                    op.name
                );
            }
        }
        // Every request's coordinator is known, and on 3 nodes token-aware routing spreads
        // the load phase's thousands of keys over all of them.
        let per_node: u64 = p.nodes.iter().map(|n| n.count).sum();
        assert_eq!(
            per_node, p.ops,
            "{context}, phase {}: per-node counts",
            p.name
        );
    }
    let busiest = result.phases.iter().max_by_key(|p| p.ops);
    let served = busiest.map(|p| p.nodes.iter().filter(|n| n.count > 0).count());
    assert_eq!(
        served,
        Some(nodes),
        "{context}: nodes that coordinated requests"
    );

    // run.json reads back as written; the .hlog holds every successful request.
    let saved = RunResult::load(&outcome.run_dir.join("run.json"));
    assert_eq!(
        saved.as_ref().ok(),
        Some(result),
        "{context}: run.json round trip"
    );
    let hlog = support::hlog_counts(&outcome.run_dir);
    for op in &plan.operations {
        let ok: u64 = result
            .phases
            .iter()
            .flat_map(|p| &p.operations)
            .filter(|o| o.name == op.name)
            .map(|o| o.ok)
            .sum();
        let tag = format!("{}.response", op.name);
        assert_eq!(
            hlog.get(&tag).copied().unwrap_or(0),
            ok,
            "{context}: hlog tag {tag}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kv_mixed_on_one_node() {
    end_to_end("kv-mixed", 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kv_mixed_on_three_nodes() {
    end_to_end("kv-mixed", 3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeseries_on_one_node() {
    end_to_end("timeseries", 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeseries_on_three_nodes() {
    end_to_end("timeseries", 3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwt_on_one_node() {
    end_to_end("lwt", 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwt_on_three_nodes() {
    end_to_end("lwt", 3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_on_one_node() {
    end_to_end("counters", 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_on_three_nodes() {
    end_to_end("counters", 3).await;
}

/// A write-only workload whose every row is a pure function of (seed, cycle): the key is the
/// cycle, the other columns come from several generator families.
const WRITE_ONLY: &str = r#"
name: write-only
description: every cycle writes one row, keyed by the cycle
keyspace:
  name: determinism
  replication: { class: SimpleStrategy, replication_factor: 1 }
schema:
  - CREATE TABLE IF NOT EXISTS t (k bigint PRIMARY KEY, n bigint, x double, s text, u uuid, b blob)
bindings:
  k: { sequence: { start: 0 } }
  n: { uniform: { min: 0, max: 1000000000 } }
  x: { normal: { mean: 0, stddev: 100 } }
  s: { text: { length: { uniform: { min: 1, max: 20 } } } }
  u: { uuid: {} }
  b: { blob: { size: { uniform: { min: 0, max: 16 } } } }
operations:
  write:
    cql: INSERT INTO t (k, n, x, s, u, b) VALUES (:k, :n, :x, :s, :u, :b)
phases:
  - name: all
    ops: 300
"#;

type Row = (i64, i64, f64, String, uuid::Uuid, Vec<u8>);

/// Run WRITE_ONLY with `seed` against a fresh node and return its table, sorted by key.
async fn written_rows(scratch: &Scratch, workload: &std::path::Path, seed: &str) -> Vec<Row> {
    let cluster = util::start(1).await;
    let profile = support::remote_profile(scratch, "det", cluster.addresses()[0]);
    let args = [
        workload.to_str().unwrap_or_default(),
        "--profile",
        profile.to_str().unwrap_or_default(),
        "--seed",
        seed,
        "--concurrency",
        "8",
    ];
    let outcome = support::run(scratch, &args).await;
    assert_eq!(phase(&outcome.result, "all").ops, 300);
    let session = util::session(&cluster).await;
    let mut rows: Vec<Row> =
        cql::rows(&session, "SELECT k, n, x, s, u, b FROM determinism.t").await;
    rows.sort_by_key(|r| r.0);
    cluster.shutdown().await;
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_writes_the_same_values_and_another_seed_does_not() {
    let scratch = Scratch::new("determinism");
    let workload = scratch.file("write-only.yaml", WRITE_ONLY);
    let first = written_rows(&scratch, &workload, "1234").await;
    let again = written_rows(&scratch, &workload, "1234").await;
    let other = written_rows(&scratch, &workload, "1235").await;
    let keys: Vec<i64> = first.iter().map(|r| r.0).collect();
    assert_eq!(keys, (0..300).collect::<Vec<i64>>(), "one row per cycle");
    assert!(
        first == again,
        "same seed, different values:\n{first:?}\nvs\n{again:?}"
    );
    // Keys are the cycle (seed-independent); every other column must differ in most rows.
    let differing = first
        .iter()
        .zip(&other)
        .filter(|(a, b)| a.1 != b.1 && a.4 != b.4)
        .count();
    assert!(
        differing > 290,
        "another seed changed only {differing} of 300 rows"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_constant_rate_is_achieved_within_one_percent() {
    // 1000 ops/s for 5 s: well within what the reference node sustains on 2 shared cores.
    let scratch = Scratch::new("rate");
    let args = [
        "kv-mixed",
        "--no-load",
        "--rate",
        "1000",
        "--duration",
        "5s",
    ];
    let outcome = support::run(&scratch, &args).await;
    let main = phase(&outcome.result, "main");
    let target = 1000.0;
    let achieved = main.achieved_rate;
    assert!(
        (achieved - target).abs() <= target * 0.01,
        "achieved {achieved:.1} ops/s, target {target} (tolerance 1%); phase {main:?}"
    );
    // Every intended start inside the 5 s was sent: none skipped.
    assert_eq!(main.ops, 5000, "requests of a 5 s phase at 1000/s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duration_alone_scales_the_last_phase_steps() {
    // timeseries' last phase climbs 2k, 3k, 4k ops/s for 5 s each; --duration 2s keeps the
    // steps' proportions: 2/3 s each, so (2000 + 3000 + 4000) × 2/3 = 6000 requests.
    let scratch = Scratch::new("steps");
    let args = ["timeseries", "--no-load", "--duration", "2s"];
    let outcome = support::run(&scratch, &args).await;
    let names: Vec<_> = outcome
        .result
        .phases
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["steady"]);
    let steady = phase(&outcome.result, "steady");
    assert!(
        steady.ops.abs_diff(6000) <= 1,
        "requests: {} (expected 6000)",
        steady.ops
    );
    assert_eq!(steady.errors, 0);
}
