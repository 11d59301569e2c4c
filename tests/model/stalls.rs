//! Stalls (GC pauses) and coordinated omission: at a fixed rate against one modelled node
//! that stops for S = 300 ms every P = 2 s, the response-time percentiles the client reports
//! must follow from the stall pattern, computed here, and the model's own ground truth must
//! tell the same story.
//!
//! The derivation (as in tests/coordinated_omission.rs, with the stall inside the node
//! instead of a proxy): requests are intended at a fixed rate over T = 6 s, a multiple of P,
//! so whatever the phase's start, it holds exactly T·S/P of stall time: a fraction f = S/P =
//! 15% of the requests arrive inside a stall, at a uniformly distributed point of it, and
//! wait for its end. The node has 64 slots of 1 ms, so the ~150 requests released together
//! at a stall's end are served within ~3 ms. The others see the base latency b. So for q >
//! 1 - f the response-time quantile is
//!     Q(q) = b + S · (q - (1 - f)) / f        p95 = b + 200 ms,   p99 = b + 280 ms.
//! b is the median of the same run (85% of requests meet no stall). Tolerance ±25 ms: the
//! sampling error of a quantile of 450 stalled requests (≈ 4 ms), the ~3 ms of service after
//! each stall, and the burst of answers the client parses at each stall's end.

use std::time::Duration;

use crate::model::support::{self as m, ProfileSpec};
use crate::support::Scratch;

const STALL: Duration = Duration::from_millis(300);
const PERIOD: Duration = Duration::from_millis(2000);
const TOLERANCE_MS: f64 = 25.0;
/// The model's service time: the ground truth's base latency.
const SERVICE_MS: f64 = 1.0;

/// The quantile `q` the derivation predicts, in ms, for base latency `b_ms`.
fn expected_ms(q: f64, b_ms: f64) -> f64 {
    let f = STALL.as_secs_f64() / PERIOD.as_secs_f64();
    b_ms + STALL.as_secs_f64() * 1e3 * ((q - (1.0 - f)) / f).max(0.0)
}

/// `what`'s quantiles q against the derivation; failures are collected in `report`.
fn check(what: &str, h: &hdrhistogram::Histogram<u64>, base: f64, report: &mut String) -> bool {
    let mut ok = true;
    for q in [0.95, 0.99] {
        let (expected, actual) = (expected_ms(q, base), m::ms_at(h, q));
        let pass = (actual - expected).abs() <= TOLERANCE_MS;
        ok &= pass;
        *report += &format!(
            "{what} p{}: expected {expected:.1} ms ± {TOLERANCE_MS}, measured {actual:.1} ms{}\n",
            q * 100.0,
            if pass { "" } else { "  <-- off" }
        );
    }
    ok
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn response_times_follow_the_stall_pattern_and_the_ground_truth() {
    let _serial = m::serial().await;
    let scratch = Scratch::new("stalls");
    let spec = ProfileSpec {
        nodes: 1,
        rf: 1,
        consistency: "ONE",
        retry: "fallthrough",
        model: "shards: 64\n\
                service:\n  read: { fixed: 1ms }\n\
                stalls: { every: 2s, length: 300ms, offset: 1s }\n",
    };
    let profile = spec.write(&scratch, "stalls");
    let workload = m::workload(
        &scratch,
        "stalls",
        "read:\n  cql: SELECT value FROM kv WHERE key = :key\n",
    );
    let args = [
        workload.as_str(),
        "--profile",
        &profile,
        "--rate",
        "500",
        "--ops",
        "3000",
    ];
    let outcome = m::run(&scratch, &args).await;
    let main = m::phase(&outcome.result, "main");
    assert_eq!(main.ops, 3000, "requests were dropped or skipped");
    assert_eq!(main.errors, 0, "{:?}", main.operations);
    let read = m::operation(main, "read");
    let response = m::histogram(&read.histograms.response, "response");
    let service = m::histogram(&read.histograms.service, "service");
    let wait = m::histogram(&read.histograms.wait, "wait");
    let base = m::ms_at(&response, 0.5);
    let mut report = format!("client: base (response p50) {base:.2} ms\n");
    let client_ok = check("client response", &response, base, &mut report);

    // The ground truth: node 1's reads, their modelled latency (queue + stall + service).
    let truth = m::ground_truth(&outcome.run_dir, &outcome.result);
    let reads = truth["nodes"][0]["classes"]
        .as_array()
        .and_then(|classes| classes.iter().find(|c| c["class"] == "read"))
        .unwrap_or_else(|| panic!("no reads in the ground truth: {truth}"));
    let truth_hist = m::histogram(reads["histogram"].as_str().unwrap_or_default(), "truth");
    report += &format!(
        "truth: {} reads, p50 {:.2} ms\n",
        reads["count"],
        m::ms_at(&truth_hist, 0.5)
    );
    let truth_ok = check("ground truth", &truth_hist, SERVICE_MS, &mut report);
    let service_p50 = m::ms_at(&service, 0.5);
    let wait_p99 = m::ms_at(&wait, 0.99);
    report += &format!("client: service p50 {service_p50:.2} ms, wait p99 {wait_p99:.2} ms\n");
    eprintln!("{report}");

    assert!(client_ok && truth_ok, "{report}");
    // Every read of the phase is in the truth (the schema statements are not reads).
    assert_eq!(reads["count"].as_u64(), Some(3000), "{report}");
    // 85% of requests meet no stall: the median is the model's 1 ms plus the round trip.
    assert!((SERVICE_MS..SERVICE_MS + 5.0).contains(&base), "{report}");
    assert!(
        (SERVICE_MS..SERVICE_MS + 5.0).contains(&service_p50),
        "{report}"
    );
    // The client kept to its schedule through the stalls: requests went out on time.
    assert!(wait_p99 < 20.0, "{report}");
}
