//! What successful requests leave behind: LWT applied / not applied, rows, coordinators on a
//! ring, and integers bound as counters; expectations computed from the bindings.

use std::net::SocketAddr;
use std::sync::Arc;

use ringbench::generate::{Generator, Value};
use ringbench::plan::OperationKind;
use ringbench::schedule::{PhaseLength, RateShape};

use super::support::{self, phase, Harness, Op};
use super::{cql, kv_cluster, util};

/// Keys of binding `k` over `cycles` (seed 1, as the harness uses).
fn keys(workload: &ringbench::plan::WorkloadPlan, cycles: std::ops::Range<u64>) -> Vec<i64> {
    let mut out = Vec::new();
    for cycle in cycles {
        let mut values = Vec::new();
        workload.bindings.generate(1, cycle, &[0], &mut values);
        match values.first() {
            Some(Value::Int(k)) => out.push(*k),
            other => panic!("binding k gave {other:?}"),
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwt_outcomes_rows_and_coordinators_are_recorded_on_a_three_node_ring() {
    let cluster = util::start(3).await;
    let direct = util::session(&cluster).await;
    cql::keyspace(&direct, "lwt1").await;
    cql::run(&direct, "CREATE TABLE kv (k int PRIMARY KEY, v text)").await;
    let k = match ringbench::generate::numeric::UniformInt::new(0, 49) {
        Ok(g) => Generator::UniformInt(g),
        Err(e) => panic!("uniform 0..49: {e}"),
    };
    let workload = support::workload(
        "lwt1",
        vec![
            ("k", k),
            ("v", Generator::Constant(Value::Text("taken".into()))),
        ],
        vec![
            Op {
                name: "claim",
                cql: "INSERT INTO lwt1.kv (k, v) VALUES (:k, :v) IF NOT EXISTS".into(),
                kind: OperationKind::Lwt,
                markers: &["k", "v"],
            },
            Op {
                name: "read",
                cql: "SELECT k, v FROM lwt1.kv WHERE k = :k".into(),
                kind: OperationKind::Read,
                markers: &["k"],
            },
        ],
    );
    let harness = Harness::new(Arc::new(direct), &workload, 4, 64).await;
    let mut claims = phase("claims", RateShape::Unlimited, PhaseLength::Ops(200), 2);
    claims.mix = vec![(0, 1.0)];
    let first = harness.run(&claims).await;
    let mut reads = phase("reads", RateShape::Unlimited, PhaseLength::Ops(200), 2);
    reads.mix = vec![(1, 1.0)];
    reads.first_cycle = first.next_cycle;
    harness.run(&reads).await;
    // Each distinct key's first claim applies, every later one does not, whatever the order.
    let claimed: std::collections::BTreeSet<i64> = keys(&workload, 0..200).into_iter().collect();
    let found = keys(&workload, 200..400)
        .iter()
        .filter(|k| claimed.contains(k))
        .count();
    let stats = harness.collect("both");
    let (claim, read) = (&stats.operations[0], &stats.operations[1]);
    assert_eq!(
        (claim.ok, read.ok),
        (200, 200),
        "errors: {:?}",
        stats.error_count()
    );
    assert_eq!(
        claim.applied,
        claimed.len() as u64,
        "one applied claim per distinct key"
    );
    assert_eq!(claim.not_applied, 200 - claimed.len() as u64);
    assert_eq!(
        read.rows, found as u64,
        "reads find exactly the claimed keys"
    );
    let nodes: Vec<SocketAddr> = stats.nodes.iter().map(|n| n.address).collect();
    assert!(
        nodes.len() >= 2 && nodes.iter().all(|a| cluster.addresses().contains(a)),
        "token-aware requests spread over the ring's nodes: {nodes:?} of {:?}",
        cluster.addresses()
    );
    assert_eq!(
        stats.nodes.iter().map(|n| n.ok).sum::<u64>(),
        400,
        "every answer has its coordinator"
    );
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_increments_bind_integers_as_counters() {
    let (cluster, session) = kv_cluster("count1").await;
    cql::run(&session, "CREATE TABLE hits (k int PRIMARY KEY, n counter)").await;
    let k = match ringbench::generate::numeric::UniformInt::new(0, 9) {
        Ok(g) => Generator::UniformInt(g),
        Err(e) => panic!("uniform 0..9: {e}"),
    };
    let workload = support::workload(
        "count1",
        vec![("k", k), ("delta", Generator::Constant(Value::Int(3)))],
        vec![Op {
            name: "hit",
            cql: "UPDATE count1.hits SET n = n + :delta WHERE k = :k".into(),
            kind: OperationKind::Write,
            markers: &["delta", "k"],
        }],
    );
    let harness = Harness::new(session.clone(), &workload, 2, 8).await;
    let hits = phase("hits", RateShape::Unlimited, PhaseLength::Ops(100), 1);
    let report = harness.run(&hits).await;
    assert_eq!(report.completed, 100);
    assert_eq!(
        harness.collect("hits").error_count(),
        0,
        "{:?}",
        report.error_examples
    );
    let totals: Vec<(i32, scylla::value::Counter)> =
        cql::rows(&session, "SELECT k, n FROM hits").await;
    let sum: i64 = totals.iter().map(|(_, n)| n.0).sum();
    assert_eq!(sum, 3 * 100, "100 increments of 3: {totals:?}");
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_count_the_rows_of_every_page() {
    let (cluster, session) = kv_cluster("pages1").await;
    cql::run(
        &session,
        "CREATE TABLE wide (p int, c int, PRIMARY KEY (p, c))",
    )
    .await;
    let rows_per_partition = 25;
    for c in 0..rows_per_partition {
        cql::exec(&session, "INSERT INTO wide (p, c) VALUES (0, ?)", (c,)).await;
    }
    let mut workload = support::workload(
        "pages1",
        vec![("p", Generator::Constant(Value::Int(0)))],
        vec![Op {
            name: "scan",
            cql: "SELECT p, c FROM pages1.wide WHERE p = :p".into(),
            kind: OperationKind::Read,
            markers: &["p"],
        }],
    );
    // Pages of 4 rows: a partition of 25 rows takes 7 pages (the node does page).
    workload.operations[0].page_size = Some(4);
    let mut probe = match session
        .prepare("SELECT p, c FROM pages1.wide WHERE p = 0")
        .await
    {
        Ok(p) => p,
        Err(e) => panic!("prepare: {e}"),
    };
    probe.set_page_size(4);
    let first_page = session
        .execute_single_page(&probe, (), scylla::response::PagingState::start())
        .await
        .ok()
        .and_then(|(result, _)| result.into_rows_result().ok())
        .map(|rows| rows.rows_num());
    assert_eq!(first_page, Some(4), "a page holds 4 rows");
    let harness = Harness::new(session, &workload, 2, 8).await;
    let scans = phase("scans", RateShape::Unlimited, PhaseLength::Ops(10), 1);
    harness.run(&scans).await;
    let stats = harness.collect("scans");
    let scan = &stats.operations[0];
    assert_eq!(scan.ok, 10, "errors: {}", stats.error_count());
    assert_eq!(
        scan.rows,
        10 * rows_per_partition as u64,
        "every page's rows are counted"
    );
    cluster.shutdown().await;
}
