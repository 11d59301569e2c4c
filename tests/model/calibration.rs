//! Calibration: a closed-loop load with enough concurrency keeps every service slot of a
//! modelled cluster busy, so the throughput the client measures is the model's capacity
//! (`model::capacity`, the formula `ringbench serve --explain` prints) within 5%.
//!
//! Service times are milliseconds and capacities a few hundred requests per second, so that
//! neither the client nor the reference node's own work (tens of microseconds per request)
//! is the limit on a small shared machine.

use cassandra_protocol::consistency::Consistency;
use ringbench::node::exec::RequestClass;
use ringbench::node::model::capacity;
use ringbench::profile;

use crate::model::support::{self as m, ProfileSpec};
use crate::support::Scratch;

/// Run `operation` closed-loop for 4 s with 32 workers against `spec`, and compare the
/// achieved throughput with the model's capacity for `class`.
async fn calibrate(label: &str, spec: ProfileSpec<'_>, operation: &str, class: RequestClass) {
    let _serial = m::serial().await;
    let scratch = Scratch::new(label);
    let profile_path = spec.write(&scratch, label);
    let workload = m::workload(&scratch, label, operation);
    let loaded = profile::open(&profile_path).unwrap_or_else(|e| panic!("{e}"));
    let model = loaded
        .model()
        .unwrap_or_else(|| panic!("{label}: no model"));
    let level = match spec.consistency {
        "ONE" => Consistency::One,
        "LOCAL_QUORUM" => Consistency::LocalQuorum,
        other => panic!("no wire level for {other} in this test"),
    };
    let table = capacity(model, spec.nodes, spec.rf, level);
    let expected = table
        .per_class
        .iter()
        .find(|c| c.class == class)
        .map(|c| c.ops_per_s)
        .unwrap_or_else(|| panic!("no {class:?} in\n{table}"));

    let args = [
        workload.as_str(),
        "--profile",
        &profile_path,
        "--duration",
        "4s",
        "--concurrency",
        "32",
    ];
    let outcome = m::run(&scratch, &args).await;
    let main = m::phase(&outcome.result, "main");
    let report = format!(
        "{label}: {} requests in {:.3} s, {:.1} ops/s measured, {expected:.1} ops/s from the \
         formula\n{table}",
        main.ops,
        main.end_s - main.start_s,
        main.achieved_rate
    );
    eprintln!("{report}");
    assert!(main.closed_loop, "{report}");
    assert_eq!(main.errors, 0, "{report}\n{:?}", main.operations);
    assert!(
        (main.achieved_rate - expected).abs() <= 0.05 * expected,
        "throughput is not within 5% of the model's capacity\n{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_node_reads_saturate_at_the_model_capacity() {
    // 1 node x 2 shards / 4 ms = 500 reads/s.
    let spec = ProfileSpec {
        nodes: 1,
        rf: 1,
        consistency: "ONE",
        retry: "fallthrough",
        model: "shards: 2\nservice:\n  read: { fixed: 4ms }\n",
    };
    let op = "read:\n  cql: SELECT value FROM kv WHERE key = :key\n";
    calibrate("calibrate-1node", spec, op, RequestClass::Read).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_node_writes_pay_for_every_replica() {
    // Every write occupies a slot on each of the 3 replicas: 3 x 2 / 3 ms / 3 = 667 writes/s,
    // although LOCAL_QUORUM answers after 2 of them.
    let spec = ProfileSpec {
        nodes: 3,
        rf: 3,
        consistency: "LOCAL_QUORUM",
        retry: "fallthrough",
        model: "shards: 2\nservice:\n  write: { fixed: 3ms }\n",
    };
    let op = "write:\n  cql: INSERT INTO kv (key, value) VALUES (:key, :value)\n";
    calibrate("calibrate-3node", spec, op, RequestClass::Write).await;
}
