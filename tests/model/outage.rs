//! A node down mid-run: three modelled nodes at RF 3, node 2 down from 3 s to 5 s after the
//! cluster starts (listener closed, connections dropped). The run must complete; requests at
//! consistency ALL (which need node 2) fail with Unavailable while it is down, as many as
//! were sent in those 2 s, and are counted; LOCAL_QUORUM requests (2 of 3 replicas) carry
//! on; afterwards the driver reconnects and node 2 coordinates requests again.

use crate::model::support::{self as m, ProfileSpec};
use crate::support::Scratch;

const OPERATIONS: &str = "\
read_all:
  cql: SELECT value FROM kv WHERE key = :key
  consistency: ALL
read_quorum:
  cql: SELECT value FROM kv WHERE key = :key
  consistency: LOCAL_QUORUM
";

/// `during` spans the outage whatever the few hundred ms of set-up before it; `after` starts
/// once node 2 is back, long enough for the driver's reconnection backoff (50 ms doubling,
/// so an attempt within about 1.8 s of the node's return).
const PHASES: &str = "\
- name: during
  rate: 400
  duration: 6s
- name: after
  rate: 400
  duration: 4s
";

const RATE: f64 = 400.0;
const OUTAGE_S: f64 = 2.0;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_down_for_two_seconds_is_survived_and_counted() {
    let _serial = m::serial().await;
    let scratch = Scratch::new("outage");
    let spec = ProfileSpec {
        nodes: 3,
        rf: 3,
        consistency: "LOCAL_QUORUM",
        retry: "fallthrough",
        model: "shards: 8\n\
                service: { read: { fixed: 1ms } }\n\
                nodes:\n  2: { down: [{ at: 3s, for: 2s }] }\n",
    };
    let profile = spec.write(&scratch, "outage");
    let workload = m::workload_with_phases(&scratch, "outage", OPERATIONS, PHASES);
    let outcome = m::run(&scratch, &[workload.as_str(), "--profile", &profile]).await;
    let result = &outcome.result;
    assert_eq!(
        result.status,
        ringbench::results::RunStatus::Completed,
        "{:#?}",
        result.warnings
    );
    let during = m::phase(result, "during");
    let after = m::phase(result, "after");
    assert_eq!(
        (during.ops, after.ops),
        (2400, 1600),
        "requests went missing"
    );

    let all = m::operation(during, "read_all");
    let quorum = m::operation(during, "read_quorum");
    // Half the requests are read_all; those sent during the outage need node 2.
    let expected = RATE * OUTAGE_S * all.count as f64 / during.ops as f64;
    let report = format!(
        "read_all: {} requests, errors {:?}; read_quorum: {} requests, errors {:?}; \
         expected {expected:.0} unavailable\nwarnings: {:#?}",
        all.count, all.errors, quorum.count, quorum.errors, result.warnings
    );
    eprintln!("{report}");
    let unavailable = all.errors.unavailable as f64;
    assert!((unavailable - expected).abs() <= 0.1 * expected, "{report}");
    // Only requests in flight to node 2 when it went down can fail otherwise (a few at 1 ms
    // each), for either operation.
    assert!(all.errors.total() - all.errors.unavailable <= 5, "{report}");
    assert_eq!(quorum.errors.unavailable, 0, "{report}");
    assert!(quorum.errors.total() <= 5, "{report}");

    // The driver found node 2 again: it coordinated requests after the outage.
    let (node2_after, _) = m::node_counts(after, 2);
    assert!(
        node2_after > 0,
        "node 2 coordinated nothing after it came back: {:?}\n{report}",
        after.nodes
    );
    assert_eq!(after.errors, 0, "{report}");
}
