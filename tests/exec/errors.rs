//! Set-up errors reported before a run starts, and request errors counted by class while the
//! run goes on.

use std::time::Duration;

use ringbench::exec::ExecError;
use ringbench::generate::{Generator, Value};
use ringbench::metrics::ErrorClass;
use ringbench::plan::OperationKind;
use ringbench::schedule::RateShape;

use super::support::{self, kv_workload, phase, Harness, Op};
use super::{cql, kv_cluster, secs};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_value_that_cannot_become_its_column_type_is_reported_before_the_run() {
    let (cluster, session) = kv_cluster("types1").await;
    let workload = support::workload(
        "types1",
        vec![
            (
                "key",
                Generator::Constant(Value::Text("not a number".into())),
            ),
            ("v", Generator::Constant(Value::Text("x".into()))),
        ],
        vec![Op {
            name: "insert",
            cql: "INSERT INTO types1.kv (k, v) VALUES (:key, :v)".into(),
            kind: OperationKind::Write,
            markers: &["key", "v"],
        }],
    );
    let error = match Harness::try_new(session, &workload, 1, 1).await {
        Ok(_) => panic!("text bound to an int column was accepted"),
        Err(e) => e,
    };
    match &error {
        ExecError::Convert {
            operation,
            column_type,
            value,
            ..
        } => {
            assert_eq!(
                (operation.as_str(), column_type.as_str(), *value),
                ("insert", "int", "text")
            );
        }
        other => panic!("expected a conversion error, got {other:?}"),
    }
    let message = error.to_string();
    assert!(
        message.contains("'insert'") && message.contains("int"),
        "{message}"
    );
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_marker_count_mismatch_and_a_bad_statement_are_reported_before_the_run() {
    let (cluster, session) = kv_cluster("types2").await;
    let k = || Generator::Constant(Value::Int(1));
    let bad = support::workload(
        "types2",
        vec![("k", k())],
        vec![Op {
            name: "missing-table",
            cql: "SELECT * FROM types2.nope WHERE k = :k".into(),
            kind: OperationKind::Read,
            markers: &["k"],
        }],
    );
    match Harness::try_new(session.clone(), &bad, 1, 1).await {
        Err(ExecError::Prepare { operation, .. }) => assert_eq!(operation, "missing-table"),
        other => panic!("expected a prepare error, got {:?}", other.err()),
    }
    let mut short = support::workload(
        "types2",
        vec![("k", k())],
        vec![Op {
            name: "two-markers",
            cql: "INSERT INTO types2.kv (k, v) VALUES (:k, :v)".into(),
            kind: OperationKind::Write,
            markers: &["k"],
        }],
    );
    short.operations[0].markers = vec![0];
    match Harness::try_new(session, &short, 1, 1).await {
        Err(ExecError::MarkerCount {
            planned, prepared, ..
        }) => assert_eq!((planned, prepared), (1, 2)),
        other => panic!("expected a marker count error, got {:?}", other.err()),
    }
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_against_a_dropped_table_are_counted_as_invalid_and_the_run_goes_on() {
    let (cluster, session) = kv_cluster("drop1").await;
    let harness = Harness::new(session.clone(), &kv_workload("drop1"), 2, 64).await;
    let steady = phase("steady", RateShape::Constant { rate: 400.0 }, secs(1.5), 2);
    let dropper = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(600)).await;
        cql::run(&session, "DROP TABLE drop1.kv").await;
    });
    let report = harness.run(&steady).await;
    let _ = dropper.await;
    assert_eq!(report.scheduled, Some(600));
    assert_eq!(
        (report.sent, report.completed),
        (600, 600),
        "the run went on: {report:?}"
    );
    let stats = harness.collect("steady");
    let invalid: u64 = stats
        .operations
        .iter()
        .map(|op| op.error(ErrorClass::Invalid).count)
        .sum();
    let ok: u64 = stats.operations.iter().map(|op| op.ok).sum();
    assert!(
        ok > 0 && invalid > 0,
        "ok {ok}, invalid {invalid}: {:?}",
        report.error_examples
    );
    assert_eq!(
        ok + invalid,
        600,
        "no other class: {:?}",
        report.error_examples
    );
    let example = report
        .error_examples
        .iter()
        .find(|e| e.class == ErrorClass::Invalid);
    assert!(
        example.is_some_and(|e| e.message.contains("kv")),
        "an example names the table: {:?}",
        report.error_examples
    );
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_that_goes_away_mid_run_gives_counted_errors_not_a_crash() {
    let (cluster, session) = kv_cluster("down1").await;
    let harness = Harness::new(session, &kv_workload("down1"), 2, 64).await;
    let steady = phase("steady", RateShape::Constant { rate: 400.0 }, secs(1.5), 2);
    let killer = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(600)).await;
        cluster.shutdown().await;
    });
    let report = harness.run(&steady).await;
    let _ = killer.await;
    assert_eq!((report.sent, report.completed), (600, 600), "{report:?}");
    let stats = harness.collect("steady");
    let count = |class| -> u64 {
        stats
            .operations
            .iter()
            .map(|op| op.error(class).count)
            .sum()
    };
    let lost = count(ErrorClass::Other) + count(ErrorClass::Timeout);
    let ok: u64 = stats.operations.iter().map(|op| op.ok).sum();
    assert!(
        ok > 0 && lost > 0,
        "ok {ok}, other + timeout {lost}: {:?}",
        report.error_examples
    );
    assert_eq!(ok + lost, 600, "{:?}", report.error_examples);
}
