//! When the client cannot keep up (a tiny in-flight bound against a slow target) and when it
//! is told to stop (Ctrl-C): lateness is charged as wait time, and the drain is bounded.

use std::time::{Duration, Instant};

use ringbench::exec::DRAIN_TIMEOUT;
use ringbench::schedule::{PhaseLength, RateShape};
use tokio::sync::watch;

use super::support::{kv_workload, phase, Harness};
use super::{kv_cluster, proxied, proxy, secs};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tiny_in_flight_bound_against_a_slow_target_shows_up_as_wait_time() {
    let (cluster, _direct) = kv_cluster("wait1").await;
    let node = cluster.addresses()[0];
    let proxy = proxy::DelayProxy::start(node).await;
    // One slot, 20 ms per answer: at most 50 ops/s against a schedule of 200 ops/s.
    let harness = Harness::new(proxied(&proxy, node).await, &kv_workload("wait1"), 2, 1).await;
    proxy.set_delay(Duration::from_millis(20));
    let n = 60u64;
    let steady = phase(
        "steady",
        RateShape::Constant { rate: 200.0 },
        PhaseLength::Ops(n),
        2,
    );
    let report = harness.run(&steady).await;
    assert_eq!(
        (report.sent, report.completed),
        (n, n),
        "nothing is dropped: {report:?}"
    );
    assert!(report.fell_behind() && report.limit_waits > 0, "{report:?}");
    // Request k is intended at 5k ms but cannot leave before k answers of >= 20 ms each:
    // its wait is at least 15k ms, so the last one waits at least 15 (n - 1) ms.
    let floor_us = 15_000 * (n - 1);
    let stats = harness.collect("steady");
    let max_wait = stats
        .operations
        .iter()
        .map(|op| op.wait.max())
        .max()
        .unwrap_or(0);
    let max_response = stats
        .operations
        .iter()
        .map(|op| op.response.max())
        .max()
        .unwrap_or(0);
    assert!(
        max_wait >= floor_us * 99 / 100,
        "max wait {max_wait} µs, expected >= {floor_us} µs"
    );
    assert!(
        max_response >= max_wait + 19_000,
        "response ({max_response} µs) = wait ({max_wait} µs) + service (>= 20 ms)"
    );
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_ends_the_phase_early_and_drains_what_is_in_flight() {
    let (cluster, session) = kv_cluster("stop1").await;
    let harness = Harness::new(session, &kv_workload("stop1"), 2, 64).await;
    let long = phase("long", RateShape::Constant { rate: 500.0 }, secs(30.0), 2);
    let (stop_tx, stop) = watch::channel(false);
    let stopper = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let _ = stop_tx.send(true);
        Instant::now()
    });
    let report = harness.run_with(&long, &Harness::gauges(&long), stop).await;
    assert!(report.stopped, "{report:?}");
    assert!(
        report.sent > 0 && report.sent < 15_000,
        "stopped early: {report:?}"
    );
    assert_eq!(
        report.completed, report.sent,
        "in-flight requests were drained"
    );
    assert_eq!(report.abandoned, 0);
    assert_eq!(harness.collect("long").count(), report.completed);
    let _ = stopper.await;
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_against_a_stalled_target_gives_up_after_the_drain_timeout() {
    let (cluster, _direct) = kv_cluster("stall1").await;
    let node = cluster.addresses()[0];
    let proxy = proxy::DelayProxy::start(node).await;
    let harness = Harness::new(proxied(&proxy, node).await, &kv_workload("stall1"), 2, 64).await;
    proxy.set_delay(Duration::from_secs(60));
    let stalled = phase(
        "stalled",
        RateShape::Constant { rate: 100.0 },
        secs(30.0),
        2,
    );
    let (stop_tx, stop) = watch::channel(false);
    let stopper = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let _ = stop_tx.send(true);
        Instant::now()
    });
    let report = harness
        .run_with(&stalled, &Harness::gauges(&stalled), stop)
        .await;
    let ended = Instant::now();
    let stopped_at = stopper.await.unwrap_or(ended);
    let drain = ended.saturating_duration_since(stopped_at);
    assert!(report.stopped && report.sent > 0, "{report:?}");
    // Every request sent is still waiting for its answer: all of them are abandoned.
    assert_eq!(
        report.abandoned,
        report.sent - report.completed,
        "{report:?}"
    );
    assert!(report.abandoned > 0, "{report:?}");
    assert!(
        drain >= DRAIN_TIMEOUT && drain < DRAIN_TIMEOUT + Duration::from_secs(2),
        "the drain lasted {drain:?}, expected the {DRAIN_TIMEOUT:?} timeout"
    );
    drop(harness);
    cluster.shutdown().await;
}
