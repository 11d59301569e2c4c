//! Injected errors end to end: each kind the model injects reaches the client as the
//! Cassandra error it stands for, counted in the run's error class (and shown in the run's
//! example messages), and the scylla driver's retry policies react as they document:
//! `fallthrough` reports every error as it happened; `default` retries an idempotent request
//! that got Overloaded on the next node, and any request that got Unavailable once on the
//! next node (scylla 1.x `DefaultRetrySession::decide_should_retry`), but never retries a
//! non-idempotent one that got Overloaded.
//!
//! Three modelled nodes with RF 3 and consistency ONE: every node is a replica of every key,
//! so token-aware routing sends each request to any of them, about a third each; the
//! injections are tied to the coordinator (`nodes:`) with probability 1.

use ringbench::results::{OperationResult, PhaseResult};

use crate::model::support::{self as m, ProfileSpec};
use crate::support::Scratch;

const OPERATIONS: &str = "\
read:
  cql: SELECT value FROM kv WHERE key = :key
write:
  cql: INSERT INTO kv (key, value) VALUES (:key, :value)
";

/// Run the read + write workload at 400 ops/s for 800 requests with `retry` and the given
/// `errors:` list; return the main phase and the run's warnings.
async fn run_with(label: &str, retry: &str, errors: &str) -> (PhaseResult, Vec<String>) {
    let scratch = Scratch::new(label);
    let model = format!(
        "shards: 8\nservice: {{ read: {{ fixed: 1ms }}, write: {{ fixed: 1ms }} }}\nerrors:\n{errors}"
    );
    let spec = ProfileSpec {
        nodes: 3,
        rf: 3,
        consistency: "ONE",
        retry,
        model: &model,
    };
    let profile = spec.write(&scratch, label);
    let workload = m::workload(&scratch, label, OPERATIONS);
    let args = [
        workload.as_str(),
        "--profile",
        &profile,
        "--rate",
        "400",
        "--ops",
        "800",
    ];
    let outcome = m::run(&scratch, &args).await;
    let main = m::phase(&outcome.result, "main").clone();
    (main, outcome.result.warnings)
}

/// `n` of `count` is a plausible share of about a third (binomial, more than 4 sd away
/// from 1/3 fails).
fn about_a_third(n: u64, count: u64) -> bool {
    let (n, count) = (n as f64, count as f64);
    let sd = (count * (1.0 / 3.0) * (2.0 / 3.0)).sqrt();
    (n - count / 3.0).abs() <= 4.0 * sd
}

/// The example message of `operation`'s `class` errors, from the run's warnings.
fn example<'a>(warnings: &'a [String], operation: &str, class: &str) -> &'a str {
    let prefix = format!("phase 'main', operation '{operation}': {class} errors, for example: ");
    warnings
        .iter()
        .find_map(|w| w.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no example of {operation}'s {class} errors in {warnings:#?}"))
}

fn describe(op: &OperationResult) -> String {
    format!(
        "{}: count {}, ok {}, errors {:?}",
        op.name, op.count, op.ok, op.errors
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_injected_kind_reaches_the_client_in_its_class() {
    let _serial = m::serial().await;
    let errors = "\
- { kind: overloaded, classes: [read], probability: 1, nodes: [1] }
- { kind: read_timeout, classes: [read], probability: 1, nodes: [2], after: 5ms }
- { kind: unavailable, classes: [read], probability: 1, nodes: [3] }
- { kind: write_timeout, classes: [write], probability: 1, nodes: [1] }
";
    let (main, warnings) = run_with("errors-fallthrough", "fallthrough", errors).await;
    let read = m::operation(&main, "read");
    let write = m::operation(&main, "write");
    let report = format!("{}\n{}\n{warnings:#?}", describe(read), describe(write));
    eprintln!("{report}");
    // Every read fails, with the kind of the node it went to.
    assert_eq!(read.ok, 0, "{report}");
    let e = read.errors;
    assert_eq!(
        e.overloaded + e.timeout + e.unavailable,
        read.count,
        "{report}"
    );
    for (class, n) in [
        ("overloaded", e.overloaded),
        ("timeout", e.timeout),
        ("unavailable", e.unavailable),
    ] {
        assert!(about_a_third(n, read.count), "read {class}: {n}\n{report}");
    }
    // Writes fail on node 1 only, with a write timeout.
    let w = write.errors;
    assert_eq!(w.total(), w.timeout, "{report}");
    assert_eq!(write.ok + w.timeout, write.count, "{report}");
    assert!(about_a_third(w.timeout, write.count), "{report}");
    // The codes behind the classes, as the driver decoded them.
    let checks = [
        ("read", "overloaded", "overloaded"),
        ("read", "timeout", "read request in time"),
        ("read", "unavailable", "Not enough nodes are alive"),
        ("write", "timeout", "write request in time"),
    ];
    for (operation, class, words) in checks {
        let message = example(&warnings, operation, class);
        assert!(message.contains(words), "{operation} {class}: {message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_retry_policy_retries_what_it_documents() {
    let _serial = m::serial().await;
    let errors = "\
- { kind: overloaded, classes: [read, write], probability: 1, nodes: [1] }
- { kind: unavailable, classes: [read], probability: 1, nodes: [3] }
";
    let (main, warnings) = run_with("errors-default", "default", errors).await;
    let read = m::operation(&main, "read");
    let write = m::operation(&main, "write");
    let report = format!("{}\n{}\n{warnings:#?}", describe(read), describe(write));
    eprintln!("{report}");
    // Reads are idempotent: Overloaded on node 1 and Unavailable on node 3 are retried on the
    // next node, until node 2 answers. None fails, none is answered by node 1.
    assert_eq!(read.errors.total(), 0, "{report}");
    assert_eq!(read.ok, read.count, "{report}");
    // Writes are not idempotent: an Overloaded one is not retried.
    let w = write.errors;
    assert_eq!(w.total(), w.overloaded, "{report}");
    assert!(about_a_third(w.overloaded, write.count), "{report}");
    let (node1, _) = m::node_counts(&main, 1);
    assert_eq!(
        node1, 0,
        "node 1 answered {node1} requests successfully\n{report}"
    );
    let (node2, _) = m::node_counts(&main, 2);
    assert!(
        node2 >= read.count,
        "node 2 answered {node2} requests\n{report}"
    );
}
