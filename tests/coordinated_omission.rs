//! Coordinated omission, end to end: ringbench runs at a fixed rate against a reference node
//! behind a proxy that withholds every response for 500 ms every 5 s, and the response-time
//! percentiles it reports must match what that stall pattern implies, computed here, while
//! service time stays near the node's base latency.
//!
//! Also pins the proxy itself: it delays, never drops, and it stops with the test.

#[path = "util/stall_proxy.rs"]
mod stall_proxy;
mod util;

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use stall_proxy::{StallPattern, StallProxy};
use tokio::time::Instant;
use util::{op, RawClient};

const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[test]
fn stall_windows_repeat_every_period() {
    let p = StallPattern {
        first: ms(1000),
        period: ms(5000),
        stall: ms(500),
    };
    assert_eq!(p.stall_end(ms(999)), None);
    assert_eq!(p.stall_end(ms(1000)), Some(ms(1500)));
    assert_eq!(p.stall_end(ms(1499)), Some(ms(1500)));
    assert_eq!(p.stall_end(ms(1500)), None);
    assert_eq!(p.stall_end(ms(6200)), Some(ms(6500)));
    assert_eq!(p.stall_end(ms(6500)), None);
}

#[tokio::test]
async fn the_proxy_delays_answers_inside_a_stall_and_drops_none() {
    let cluster = util::start(1).await;
    let pattern = StallPattern {
        first: ms(300),
        period: ms(5000),
        stall: ms(500),
    };
    let started = Instant::now();
    let proxy = StallProxy::start(LOOPBACK, cluster.addresses()[0], Some(pattern)).await;
    // Before the stall: answered at once.
    let mut client = RawClient::ready(proxy.addr()).await;
    assert!(
        started.elapsed() < ms(300),
        "the handshake was held: {:?}",
        started.elapsed()
    );
    // Inside the stall: five requests, each answered, none before the stall ends.
    tokio::time::sleep_until(started + ms(350)).await;
    for stream in 1..=5i16 {
        client
            .send(&util::frame(4, 0, stream, op::OPTIONS, &[]))
            .await;
    }
    let mut streams = Vec::new();
    for _ in 0..5 {
        let reply = client.read_frame().await;
        assert_eq!(reply.opcode, op::SUPPORTED, "{reply:?}");
        streams.push(reply.stream);
    }
    let answered = started.elapsed();
    assert_eq!(streams, vec![1, 2, 3, 4, 5], "answers lost or reordered");
    // The proxy's clock starts just after `started`: the stall ends at 800 ms or later.
    assert!(
        answered >= ms(800),
        "answered inside the stall, at {answered:?}"
    );
    assert!(
        answered < ms(1500),
        "held far past the stall end: {answered:?}"
    );
    // After the stall: at once again.
    let before = Instant::now();
    let reply = client.request(op::OPTIONS, &[]).await;
    assert_eq!(reply.opcode, op::SUPPORTED);
    assert!(
        before.elapsed() < ms(200),
        "held outside a stall: {:?}",
        before.elapsed()
    );
    drop(proxy);
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_closed_proxy_closes_its_connections_and_refuses_new_ones() {
    let cluster = util::start(1).await;
    let proxy = StallProxy::start(LOOPBACK, cluster.addresses()[0], None).await;
    let addr = proxy.addr();
    let mut client = RawClient::ready(addr).await;
    proxy.close();
    assert!(
        client.is_closed().await,
        "a proxied connection outlived close()"
    );
    // The listener is gone: a new connection is refused (or closed at once).
    tokio::time::sleep(ms(50)).await;
    if let Ok(stream) = tokio::net::TcpStream::connect(addr).await {
        let mut late = RawClient { stream };
        assert!(late.is_closed().await, "the proxy accepted after close()");
    }
    cluster.shutdown().await;
}

// ---------------------------------------------------------------------------------------
// The measurement itself.
//
// The derivation the expectations below follow. Requests are intended at a fixed rate over a
// window of T = 10 s; the proxy holds every response that reaches it inside a stall window
// [a, a + S) until a + S, with S = 500 ms every P = 5 s. A window whose length is a multiple
// of P contains exactly T·S/P of stall time wherever it starts (a stall cut by one end of the
// window is completed by the matching part at the other end), so a fraction f = S/P = 10% of
// the requests meet a stall, at a uniformly distributed point of it: their extra delay is
// uniform on (0, S]. The others see the base latency b. So the response-time quantile q,
// for q > 1 - f, is
//     Q(q) = b + S · (q - (1 - f)) / f        p95 = b + 250 ms,   p99 = b + 450 ms.
// b is measured by the same run: the median response time (90% of requests see no stall).
// Tolerance: ±30 ms (6% of S), for the sampling error of a quantile of ~1000 stalled requests
// (≈ 5-8 ms), the burst of ~500 held responses the client parses at each stall's end, and
// timer and scheduling jitter on a small shared machine.
// ---------------------------------------------------------------------------------------

#[path = "run/support.rs"]
mod support;

const STALL: Duration = Duration::from_millis(500);
const PERIOD: Duration = Duration::from_millis(5000);
const TOLERANCE_MS: f64 = 30.0;

/// The response-time quantile `q` the derivation above predicts, in ms, for base `b_ms`.
fn expected_quantile_ms(q: f64, b_ms: f64) -> f64 {
    let f = STALL.as_secs_f64() / PERIOD.as_secs_f64();
    let stalled = ((q - (1.0 - f)) / f).max(0.0);
    b_ms + STALL.as_secs_f64() * 1e3 * stalled
}

/// Run kv-mixed at 1000/s for 10 000 requests (10 s, two stalls) through a stalling proxy.
async fn run_through_stalls(extra: &[&str]) -> ringbench::results::PhaseResult {
    let cluster = util::start(1).await;
    let pattern = StallPattern {
        first: ms(1500),
        period: PERIOD,
        stall: STALL,
    };
    // The proxy listens on the node's own address (another port): the driver learns the
    // node's address from system.local and keeps the contact point's port, so this is where
    // it connects.
    let node = cluster.addresses()[0];
    let proxy = StallProxy::start(node.ip(), node, Some(pattern)).await;
    let scratch = support::Scratch::new("co");
    let profile = support::remote_profile(&scratch, "stalling", proxy.addr());
    let profile = profile.to_string_lossy().into_owned();
    let mut args = vec![
        "kv-mixed",
        "--profile",
        &profile,
        "--no-load",
        "--rate",
        "1000",
        "--ops",
        "10000",
    ];
    args.extend_from_slice(extra);
    let outcome = support::run(&scratch, &args).await;
    drop(proxy);
    cluster.shutdown().await;
    match outcome.result.phases.into_iter().find(|p| p.name == "main") {
        Some(p) => p,
        None => panic!("the run has no main phase"),
    }
}

/// All operations of a phase merged, from the lossless histograms in the result.
fn merged(phase: &ringbench::results::PhaseResult, kind: &str) -> hdrhistogram::Histogram<u64> {
    let mut all: Option<hdrhistogram::Histogram<u64>> = None;
    for op in &phase.operations {
        let encoded = match kind {
            "response" => &op.histograms.response,
            "service" => &op.histograms.service,
            _ => &op.histograms.wait,
        };
        let h = match ringbench::results::codec::decode(encoded, kind) {
            Ok(h) => h,
            Err(e) => panic!("{kind} histogram of {} does not decode: {e}", op.name),
        };
        match all.as_mut() {
            Some(a) => {
                if let Err(e) = a.add(&h) {
                    panic!("cannot merge histograms: {e:?}");
                }
            }
            None => all = Some(h),
        }
    }
    match all {
        Some(h) => h,
        None => panic!("the phase has no operations"),
    }
}

fn ms_at(h: &hdrhistogram::Histogram<u64>, q: f64) -> f64 {
    h.value_at_quantile(q) as f64 / 1e3
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn response_time_percentiles_match_the_stall_pattern() {
    let phase = run_through_stalls(&[]).await;
    assert_eq!(phase.ops, 10_000, "requests were dropped or skipped");
    assert_eq!(phase.errors, 0, "{:?}", phase.operations);
    let response = merged(&phase, "response");
    let service = merged(&phase, "service");
    let wait = merged(&phase, "wait");
    let base = ms_at(&response, 0.5);
    let mut report = format!("base (response p50) {base:.2} ms\n");
    let mut failures = Vec::new();
    for q in [0.95, 0.99] {
        let expected = expected_quantile_ms(q, base);
        let actual = ms_at(&response, q);
        report += &format!(
            "response p{}: expected {expected:.1} ms ± {TOLERANCE_MS}, measured {actual:.1} ms\n",
            q * 100.0
        );
        if (actual - expected).abs() > TOLERANCE_MS {
            failures.push(q);
        }
    }
    let service_p50 = ms_at(&service, 0.5);
    let wait_p99 = ms_at(&wait, 0.99);
    report += &format!("service p50 {service_p50:.2} ms, wait p99 {wait_p99:.2} ms\n");
    eprintln!("{report}");
    assert!(failures.is_empty(), "{report}");
    // 90% of requests meet no stall: the median is the node's base latency, a few ms.
    assert!(base < 20.0 && service_p50 < 20.0, "{report}");
    // The client kept to its schedule through the stalls: requests went out on time.
    assert!(wait_p99 < 50.0, "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_waiting_for_an_in_flight_slot_are_charged_the_wait() {
    // With at most 10 requests in flight, a stall blocks sending: the requests due during it
    // wait for a slot instead of being sent, and are sent late. None is dropped, and their
    // response time still includes the stall (as wait time), while service time does not.
    let phase = run_through_stalls(&["--max-in-flight", "10"]).await;
    assert_eq!(phase.ops, 10_000, "requests were dropped or skipped");
    let response = merged(&phase, "response");
    let service = merged(&phase, "service");
    let wait = merged(&phase, "wait");
    let report = format!(
        "response p99 {:.1} ms, service p99 {:.1} ms, wait p99 {:.1} ms",
        ms_at(&response, 0.99),
        ms_at(&service, 0.99),
        ms_at(&wait, 0.99)
    );
    eprintln!("{report}");
    // Only the 10 requests per stall already in flight are held inside the proxy (0.2%):
    // service p99 stays far below the stall, response and wait p99 reach deep into it.
    assert!(ms_at(&response, 0.99) > 350.0, "{report}");
    assert!(ms_at(&wait, 0.99) > 300.0, "{report}");
    assert!(ms_at(&service, 0.99) < 100.0, "{report}");
    assert!(
        phase.behind_intervals > 0,
        "the falling-behind gauge never fired: {report}"
    );
}
