//! Workload files: every shipped workload loads, generates what its comments promise and runs
//! its statements on a reference node; every invalid fixture in tests/workloads/invalid/
//! fails with the message on its first line; random damage to a workload never panics.

#[path = "workloads/invalid.rs"]
mod invalid;
mod util;

use ringbench::generate::Value;
use ringbench::plan::{OperationKind, WorkloadPlan};
use ringbench::schedule::PhaseLength;
use ringbench::workload;

fn shipped(name: &str) -> WorkloadPlan {
    match workload::load_named(name) {
        Ok(plan) => plan,
        Err(e) => panic!("shipped workload {name} does not load: {e}"),
    }
}

fn values(plan: &WorkloadPlan, seed: u64, cycle: u64, names: &[&str]) -> Vec<Value> {
    let wanted: Vec<usize> = names
        .iter()
        .map(|n| {
            plan.bindings
                .index_of(n)
                .unwrap_or_else(|| panic!("{}: no binding {n}", plan.name))
        })
        .collect();
    let mut out = Vec::new();
    plan.bindings.generate(seed, cycle, &wanted, &mut out);
    out
}

/// `:name` markers in CQL text, counted independently of the CQL parser (the shipped
/// statements have no string literals containing colons).
fn marker_names(cql: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = cql;
    while let Some(at) = rest.find(':') {
        let tail = &rest[at + 1..];
        let len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        if len > 0 {
            names.push(tail[..len].to_string());
        }
        rest = &tail[len..];
    }
    names
}

#[test]
fn every_shipped_workload_loads_and_its_markers_match_its_cql() {
    let names: Vec<&str> = workload::shipped().iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["kv-mixed", "timeseries", "lwt", "counters"]);
    for name in names {
        let plan = shipped(name);
        assert_eq!(plan.name, name);
        assert!(!plan.description.is_empty(), "{name} has no description");
        assert!(
            plan.phases.len() >= 2,
            "{name} should have a warmup and a steady phase"
        );
        // The shipped file on disk is the embedded one.
        let on_disk =
            std::fs::read_to_string(format!("workloads/{name}.yaml")).expect("file exists");
        assert_eq!(
            plan.source, on_disk,
            "{name}: embedded text differs from workloads/{name}.yaml"
        );
        for op in &plan.operations {
            let bound: Vec<String> = op
                .markers
                .iter()
                .map(|&i| plan.bindings.name(i).unwrap_or("?").to_string())
                .collect();
            assert_eq!(bound, marker_names(&op.cql), "{name}/{}: markers", op.name);
        }
    }
}

#[test]
fn shipped_workloads_have_the_operation_kinds_they_teach() {
    let kinds = |name: &str| -> Vec<(String, OperationKind)> {
        shipped(name)
            .operations
            .iter()
            .map(|o| (o.name.clone(), o.kind))
            .collect()
    };
    let lwt = kinds("lwt");
    assert!(
        lwt.contains(&("reserve".into(), OperationKind::Lwt)),
        "{lwt:?}"
    );
    assert!(
        lwt.contains(&("transfer".into(), OperationKind::Lwt)),
        "{lwt:?}"
    );
    let ts = shipped("timeseries");
    assert!(ts
        .schema
        .iter()
        .any(|s| s.contains("CLUSTERING ORDER BY (ts DESC)")));
    assert!(ts.operations.iter().any(|o| o.cql.contains("USING TTL")));
    assert!(ts.operations.iter().any(|o| o.cql.contains("LIMIT")));
    let counters = shipped("counters");
    assert!(counters
        .operations
        .iter()
        .all(|o| o.kind == OperationKind::Read || !o.idempotent));
}

#[test]
fn cycles_count_on_across_the_load_and_the_phases() {
    let plan = shipped("kv-mixed");
    let load = plan.load.as_ref().expect("kv-mixed has a load phase");
    assert_eq!(load.first_cycle, 0);
    assert_eq!(load.length, PhaseLength::Ops(20_000));
    // warmup: 2k ops/s for 5 s = 10,000 scheduled requests (+1 of slack).
    assert_eq!(plan.phases[0].first_cycle, 20_000);
    assert_eq!(plan.phases[1].first_cycle, 20_000 + 10_001);
}

#[test]
fn kv_mixed_loads_every_key_once_and_reads_only_loaded_keys() {
    let plan = shipped("kv-mixed");
    let mut loaded = vec![false; 20_000];
    for cycle in 0..20_000u64 {
        let Value::Int(k) = values(&plan, 1, cycle, &["load_key"])[0] else {
            panic!("not an int")
        };
        assert!(!loaded[k as usize], "key {k} loaded twice");
        loaded[k as usize] = true;
    }
    let mut hottest = std::collections::HashMap::new();
    for cycle in 20_000..40_000u64 {
        let Value::Int(k) = values(&plan, 1, cycle, &["key"])[0] else {
            panic!("not an int")
        };
        assert!((0..20_000).contains(&k), "read key {k} was never loaded");
        *hottest.entry(k).or_insert(0u32) += 1;
    }
    // Zipf(1.1) over 20k ranks: the top key gets 1 / H(20000, 1.1) of the requests.
    let h: f64 = (1..=20_000).map(|k| (k as f64).powf(-1.1)).sum();
    let expected = 20_000.0 / h;
    let top = f64::from(*hottest.values().max().expect("keys drawn"));
    assert!(
        (top / expected - 1.0).abs() < 0.15,
        "top key drawn {top} times, expected {expected:.0}"
    );
}

#[test]
fn timeseries_values_follow_the_simulated_clock() {
    let plan = shipped("timeseries");
    let start = 1_704_067_200_000i64; // 2024-01-01T00:00:00Z
    for cycle in [0u64, 99, 100, 30_000, 8_640_000] {
        let v = values(
            &plan,
            3,
            cycle,
            &["ts", "day", "reporting_sensor", "minute_ago"],
        );
        let ts = start + cycle as i64 * 10;
        assert_eq!(v[0], Value::Timestamp(ts), "cycle {cycle}");
        let day = if ts - start < 86_400_000 {
            "2024-01-01"
        } else {
            "2024-01-02"
        };
        assert_eq!(v[1], Value::Text(day.into()), "cycle {cycle}");
        assert_eq!(v[2], Value::Int((cycle % 100) as i64), "cycle {cycle}");
        assert_eq!(v[3], Value::Timestamp(ts - 60_000), "cycle {cycle}");
    }
}

#[test]
fn same_seed_same_values_other_seed_other_values() {
    let plan = shipped("lwt");
    let names = [
        "event",
        "seat",
        "holder",
        "account",
        "expected_balance",
        "new_balance",
    ];
    let a: Vec<Vec<Value>> = (0..50).map(|c| values(&plan, 7, c, &names)).collect();
    let again = shipped("lwt");
    let b: Vec<Vec<Value>> = (0..50).map(|c| values(&again, 7, c, &names)).collect();
    assert_eq!(a, b);
    let other: Vec<Vec<Value>> = (0..50).map(|c| values(&plan, 8, c, &names)).collect();
    assert_ne!(a, other);
    for row in &a {
        // new_balance = 1900 - expected_balance, expected_balance in {1000, 900}.
        match (&row[4], &row[5]) {
            (Value::Int(e), Value::Int(n)) => {
                assert!(*e == 1000 || *e == 900, "expected_balance {e}");
                assert_eq!(*n, 1900 - e);
            }
            other => panic!("unexpected balances {other:?}"),
        }
    }
}

/// Create the workload's keyspace and schema, then run each operation for a few cycles
/// (the load statement first): every statement prepares, its values bind, and it succeeds.
async fn run_statements(plan: &WorkloadPlan, session: &scylla::client::session::Session) {
    let replication: Vec<String> = plan
        .keyspace
        .replication
        .iter()
        .map(|(k, v)| format!("'{k}': '{v}'"))
        .collect();
    let create = format!(
        "CREATE KEYSPACE IF NOT EXISTS {} WITH replication = {{{}}}",
        plan.keyspace.name,
        replication.join(", ")
    );
    let ok = |what: &str, r: Result<_, scylla::errors::ExecutionError>| {
        r.unwrap_or_else(|e| panic!("{}: {what}: {e}", plan.name))
    };
    ok("create keyspace", session.query_unpaged(create, ()).await);
    session
        .use_keyspace(&plan.keyspace.name, false)
        .await
        .expect("use keyspace");
    for statement in &plan.schema {
        ok(
            statement,
            session.query_unpaged(statement.as_str(), ()).await,
        );
    }
    let ops = ringbench::exec::prepare(session, plan, 11)
        .await
        .unwrap_or_else(|e| panic!("{}: prepare: {e}", plan.name));
    let load_index = plan
        .load
        .as_ref()
        .and_then(|l| l.mix.first())
        .map(|(i, _)| *i);
    let order = load_index
        .into_iter()
        .chain((0..ops.len()).filter(|i| Some(*i) != load_index));
    let mut values = Vec::new();
    for index in order {
        let op = ops.get(index).expect("prepared");
        for cycle in 0..20u64 {
            values.clear();
            plan.bindings.generate(11, cycle, &op.markers, &mut values);
            let bound = op
                .bind(&values)
                .unwrap_or_else(|e| panic!("{}: bind: {e}", plan.name));
            ok(
                &op.name,
                session.execute_unpaged(&op.statement, bound).await,
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_shipped_statement_runs_on_a_reference_node() {
    let cluster = util::start(1).await;
    let session = util::session(&cluster).await;
    for (name, _) in workload::shipped() {
        run_statements(&shipped(name), &session).await;
    }
    cluster.shutdown().await;
}

#[test]
fn the_documented_example_is_a_valid_workload() {
    let doc = std::fs::read_to_string("docs/workload.md").expect("docs/workload.md exists");
    let start = doc.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let len = doc[start..].find("```").expect("the block ends");
    let plan = match workload::load("docs/workload.md", &doc[start..start + len]) {
        Ok(w) => w.compile(None),
        Err(e) => panic!("the example in docs/workload.md does not load: {e}"),
    };
    assert_eq!(plan.phases.len(), 5);
    assert_eq!(
        plan.operations.len(),
        5,
        "4 operations and the load statement"
    );
}
