//! The execution layer against the reference node through the scylla driver: rate accuracy,
//! closed loops, type checks before the run, error classification (a dropped table, a node
//! that goes away), wait time under a tiny in-flight bound, and stopping with a bounded drain.
//! Expectations are computed from the schedule and the delays the tests impose.

mod util;

#[path = "util/cql.rs"]
mod cql;

#[path = "exec/proxy.rs"]
mod proxy;

#[path = "exec/support.rs"]
mod support;

#[path = "exec/errors.rs"]
mod errors;

#[path = "exec/outcomes.rs"]
mod outcomes;

#[path = "exec/stop.rs"]
mod stop;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use ringbench::node::server::RunningCluster;
use ringbench::schedule::{PhaseLength, RateShape};
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use tokio::sync::watch;

use support::{kv_workload, phase, Harness, PeakWatcher};

/// A 1-node cluster with keyspace `ks` and table `kv (k int PRIMARY KEY, v text)`, and a
/// session straight to it.
pub async fn kv_cluster(ks: &str) -> (RunningCluster, Arc<Session>) {
    let cluster = util::start(1).await;
    let session = util::session(&cluster).await;
    cql::keyspace(&session, ks).await;
    cql::run(&session, "CREATE TABLE kv (k int PRIMARY KEY, v text)").await;
    (cluster, Arc::new(session))
}

/// A session whose every answer from `node` passes through `proxy`. The driver reaches the
/// node it discovers at (its address, the contact port), so that address is translated back
/// to the proxy.
pub async fn proxied(proxy: &proxy::DelayProxy, node: SocketAddr) -> Arc<Session> {
    let discovered = SocketAddr::new(node.ip(), proxy.address().port());
    let translator = HashMap::from([(discovered, proxy.address())]);
    let builder = SessionBuilder::new()
        .known_node_addr(proxy.address())
        .address_translator(Arc::new(translator));
    Arc::new(util::build(builder).await)
}

pub fn secs(s: f64) -> PhaseLength {
    PhaseLength::Duration(Duration::from_secs_f64(s))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_constant_rate_phase_achieves_its_rate_within_one_percent() {
    let (cluster, session) = kv_cluster("rate1").await;
    let harness = Harness::new(session, &kv_workload("rate1"), 4, 256).await;
    let rate = 2000.0;
    let steady = phase("steady", RateShape::Constant { rate }, secs(3.0), 2);
    let report = harness.run(&steady).await;
    let expected = 6000; // 2000 ops/s × 3 s
    assert_eq!(report.scheduled, Some(expected));
    assert_eq!(
        (report.sent, report.completed),
        (expected, expected),
        "{report:?}"
    );
    let off = (report.achieved_rate - rate).abs() / rate;
    assert!(
        off < 0.01,
        "achieved {:.1} ops/s against a target of {rate} ({:.2}% off)",
        report.achieved_rate,
        off * 100.0
    );
    assert_eq!(report.target_rate, Some(rate));
    assert_eq!(
        report.next_cycle, expected,
        "cycles count on from the phase's first"
    );
    let stats = harness.collect("steady");
    assert_eq!(stats.count(), expected, "every request is recorded once");
    assert_eq!(
        stats.error_count(),
        0,
        "errors: {:?}",
        report.error_examples
    );
    assert!(
        stats.operations.iter().all(|op| op.ok > 0),
        "both operations ran"
    );
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_loop_keeps_one_request_per_worker_in_flight() {
    let (cluster, _direct) = kv_cluster("closed1").await;
    // Every answer takes 20 ms, so 4 workers complete at most 4 / 20 ms = 200 requests a second.
    let node = cluster.addresses()[0];
    let proxy = proxy::DelayProxy::start(node).await;
    let harness = Harness::new(
        proxied(&proxy, node).await,
        &kv_workload("closed1"),
        4,
        1024,
    )
    .await;
    proxy.set_delay(Duration::from_millis(20));
    let closed = phase("closed", RateShape::Unlimited, secs(1.0), 2);
    let gauges = Harness::gauges(&closed);
    let watcher = PeakWatcher::start(gauges.clone());
    let (_keep, stop) = watch::channel(false);
    let report = harness.run_with(&closed, &gauges, stop).await;
    let peak = watcher.finish().await;
    assert!(!report.rate_controlled && report.scheduled.is_none());
    assert!(
        (1..=4).contains(&peak),
        "one request per worker in flight at most, saw {peak}"
    );
    let ceiling = 4.0 * 1.0 / 0.020;
    let done = report.completed as f64;
    assert!(
        done <= ceiling + 4.0 && done >= 0.6 * ceiling,
        "completed {done} requests, expected about {ceiling} (4 workers × 1 s / 20 ms)"
    );
    let stats = harness.collect("closed");
    assert_eq!(stats.count(), report.completed);
    for op in &stats.operations {
        assert_eq!(
            op.wait.max(),
            0,
            "{}: closed-loop requests never wait",
            op.name
        );
        assert!(
            op.service.is_empty() || op.service.min() >= 19_000,
            "{}: service time includes the 20 ms delay, min {} µs",
            op.name,
            op.service.min()
        );
    }
    cluster.shutdown().await;
}
