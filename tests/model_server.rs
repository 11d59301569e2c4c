//! The performance model on the wire, through the scylla driver and raw frames over TCP:
//! responses leave no earlier than the model says, injected errors arrive with Cassandra's
//! codes and bodies, a queue limit sheds, the ground-truth virtual table counts what was
//! sent, a node goes down and comes back on schedule with STATUS_CHANGE events, and a bad
//! model is refused at start-up.

#[path = "util/cql.rs"]
mod cql;
#[path = "model_server/outage.rs"]
mod outage;
mod util;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ringbench::node::exec::RequestClass;
use ringbench::node::model::{
    quorum, required_acks, Distribution, ErrorInjection, InjectedKind, Model, ModelConfig,
};
use ringbench::node::server::{start_cluster, ClusterConfig, RunningCluster};
use scylla::client::execution_profile::ExecutionProfile;
use scylla::client::session::Session;
use scylla::errors::{DbError, ExecutionError, RequestAttemptError, WriteType};
use scylla::policies::retry::FallthroughRetryPolicy;
use scylla::statement::Consistency;

/// A loopback block of our own per cluster, away from the ones `util::start` hands out.
fn listen_address() -> Ipv4Addr {
    static NEXT: AtomicU8 = AtomicU8::new(200);
    Ipv4Addr::new(127, 0, NEXT.fetch_add(1, Ordering::Relaxed), 1)
}

async fn start(nodes: usize, model: ModelConfig) -> RunningCluster {
    util::start_with(ClusterConfig {
        nodes,
        listen: listen_address(),
        model: Some(model),
        ..ClusterConfig::default()
    })
    .await
}

/// A session that never retries (errors reach the test as the node sent them) at `level`.
async fn session(cluster: &RunningCluster, level: Consistency) -> Session {
    let profile = ExecutionProfile::builder()
        .retry_policy(Arc::new(FallthroughRetryPolicy))
        .consistency(level)
        .build();
    util::build(util::builder(cluster).default_execution_profile_handle(profile.into_handle()))
        .await
}

/// Keyspace `ks` at replication factor `rf` with table `t (k int PRIMARY KEY, v int)`.
async fn schema(session: &Session, rf: usize) {
    cql::run(session, &format!("CREATE KEYSPACE ks WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': {rf}}}")).await;
    cql::run(session, "CREATE TABLE ks.t (k int PRIMARY KEY, v int)").await;
}

fn fixed(ms: u64) -> Distribution {
    Distribution::Fixed(Duration::from_millis(ms))
}

const INSERT: &str = "INSERT INTO ks.t (k, v) VALUES (?, ?)";
const SELECT: &str = "SELECT v FROM ks.t WHERE k = ?";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_leave_no_earlier_than_the_fixed_service_time() {
    let service = Duration::from_millis(4);
    let cluster = start(1, ModelConfig::simple(64, Distribution::Fixed(service))).await;
    let s = session(&cluster, Consistency::One).await;
    schema(&s, 1).await;
    let (insert, select) = match (s.prepare(INSERT).await, s.prepare(SELECT).await) {
        (Ok(i), Ok(q)) => (i, q),
        other => panic!("prepare failed: {other:?}"),
    };
    let mut latencies = Vec::new();
    for k in 0..30i32 {
        let started = Instant::now();
        if let Err(e) = s.execute_unpaged(&insert, (k, k)).await {
            panic!("insert {k}: {e}");
        }
        latencies.push(started.elapsed());
        let started = Instant::now();
        if let Err(e) = s.execute_unpaged(&select, (k,)).await {
            panic!("select {k}: {e}");
        }
        latencies.push(started.elapsed());
    }
    latencies.sort();
    let (min, median) = (latencies[0], latencies[latencies.len() / 2]);
    assert!(
        min >= service,
        "fastest {min:?} beat the model's {service:?}"
    );
    let slack = Duration::from_millis(3);
    assert!(
        median <= service + slack,
        "median {median:?}, expected the model's {service:?} + at most {slack:?}"
    );
    cluster.shutdown().await;
}

/// A 3-node cluster (RF 3) injecting `kind` into every `class` request.
async fn injecting(kind: InjectedKind, class: RequestClass) -> (RunningCluster, Session) {
    let mut model = ModelConfig::simple(8, fixed(1));
    model.errors.push(ErrorInjection {
        kind,
        classes: vec![class],
        probability: 1.0,
        after: None,
        nodes: Vec::new(),
    });
    let cluster = start(3, model).await;
    let s = session(&cluster, Consistency::Quorum).await;
    schema(&s, 3).await;
    (cluster, s)
}

/// Run `cql` (prepared) and return the server error it must fail with.
async fn db_error(s: &Session, cql: &str) -> DbError {
    let prepared = match s.prepare(cql).await {
        Ok(p) => p,
        Err(e) => panic!("PREPARE {cql}: {e}"),
    };
    match s.execute_unpaged(&prepared, (1i32, 1i32)).await {
        Err(ExecutionError::LastAttemptError(RequestAttemptError::DbError(e, _))) => e,
        other => panic!("{cql}: expected a server error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_errors_arrive_with_their_codes_and_fields() {
    // QUORUM of RF 3: the coordinator needs this many replicas; Cassandra reports one fewer.
    let need = required_acks(cassandra_protocol::consistency::Consistency::Quorum, 3) as i32;
    assert_eq!(need, quorum(3) as i32);
    let update = "UPDATE ks.t SET v = ? WHERE k = ?";
    let read = "SELECT v FROM ks.t WHERE k = ? AND v = ? ALLOW FILTERING";
    let cases = [
        (
            InjectedKind::Overloaded,
            RequestClass::Write,
            update,
            DbError::Overloaded,
        ),
        (
            InjectedKind::WriteTimeout,
            RequestClass::Write,
            update,
            DbError::WriteTimeout {
                consistency: Consistency::Quorum,
                received: need - 1,
                required: need,
                write_type: WriteType::Simple,
            },
        ),
        (
            InjectedKind::ReadTimeout,
            RequestClass::Read,
            read,
            DbError::ReadTimeout {
                consistency: Consistency::Quorum,
                received: need - 1,
                required: need,
                data_present: false,
            },
        ),
        (
            InjectedKind::Unavailable,
            RequestClass::Read,
            read,
            DbError::Unavailable {
                consistency: Consistency::Quorum,
                required: need,
                alive: need - 1,
            },
        ),
    ];
    for (kind, class, cql, expected) in cases {
        let (cluster, s) = injecting(kind, class).await;
        let got = db_error(&s, cql).await;
        assert_eq!(got, expected, "injected {kind:?} into {class:?}: {cql}");
        cluster.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_sheds_with_overloaded() {
    // One shard, one waiting request allowed, writes take long enough that all arrive
    // while the first still runs: one runs, one waits, the rest are shed.
    let mut model = ModelConfig::simple(1, fixed(1));
    model.queue_limit = Some(1);
    model.service.write = fixed(400);
    let cluster = start(1, model).await;
    let s = session(&cluster, Consistency::One).await;
    schema(&s, 1).await;
    let insert = match s.prepare(INSERT).await {
        Ok(p) => p,
        Err(e) => panic!("prepare: {e}"),
    };
    let sent = 10;
    let results =
        futures::future::join_all((0..sent).map(|k| s.execute_unpaged(&insert, (k, k)))).await;
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let shed = results
        .iter()
        .filter(|r| {
            matches!(
                r,
                Err(ExecutionError::LastAttemptError(
                    RequestAttemptError::DbError(DbError::Overloaded, _)
                ))
            )
        })
        .count();
    assert_eq!((ok, shed), (2, sent as usize - 2), "{results:?}");
    let truth = cluster
        .ground_truth()
        .map(|t| t.cluster(RequestClass::Write));
    let counted = truth.map(|t| (t.count, t.failures.overloaded));
    assert_eq!(counted, Some((sent as u64, sent as u64 - 2)));
    cluster.shutdown().await;
}

#[derive(Debug, scylla::DeserializeRow)]
struct TruthRow {
    node: std::net::IpAddr,
    class: String,
    count: i64,
    failures: i64,
    p50_us: i64,
    max_us: i64,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ground_truth_table_counts_every_request() {
    let cluster = start(3, ModelConfig::simple(16, fixed(1))).await;
    let s = session(&cluster, Consistency::One).await;
    schema(&s, 2).await;
    let (writes, reads) = (30, 20);
    for k in 0..writes {
        cql::prepared(&s, INSERT, (k, k)).await;
    }
    for k in 0..reads {
        cql::prepared(&s, SELECT, (k,)).await;
    }
    let cql_text =
        "SELECT node, class, count, failures, p50_us, max_us FROM system_views.ringbench_latency";
    let rows: Vec<TruthRow> = cql::rows(&s, cql_text).await;
    let total = |class: &str| -> i64 {
        rows.iter()
            .filter(|r| r.class == class)
            .map(|r| r.count)
            .sum()
    };
    let expected = (i64::from(writes), i64::from(reads), 2);
    assert_eq!(
        (total("write"), total("read"), total("schema")),
        expected,
        "(write, read, schema) counts in {rows:?}"
    );
    let nodes: Vec<_> = cluster.addresses().iter().map(SocketAddr::ip).collect();
    for row in &rows {
        assert!(nodes.contains(&row.node), "unknown node in {row:?}");
        assert_eq!(row.failures, 0, "{row:?}");
        // Fixed 1 ms without queueing: every latency is the service time.
        if row.count > 0 {
            assert!((999..=1001).contains(&row.p50_us), "{row:?}");
            assert!((999..=1001).contains(&row.max_us), "{row:?}");
        }
    }
    let truth = cluster
        .ground_truth()
        .map(|t| t.cluster(RequestClass::Write).count);
    assert_eq!(truth, Some(writes as u64));
    let listed: Vec<(String,)> = cql::rows(
        &s,
        "SELECT table_name FROM system_virtual_schema.tables WHERE keyspace_name = 'system_views'",
    )
    .await;
    assert!(
        listed.iter().any(|(t,)| t == "ringbench_latency"),
        "{listed:?}"
    );
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_bad_model_is_refused_with_its_own_message() {
    let model = ModelConfig::simple(0, fixed(1));
    let expected = Model::new(model.clone(), 1).err().map(|e| e.to_string());
    let config = ClusterConfig {
        listen: listen_address(),
        model: Some(model),
        ..ClusterConfig::default()
    };
    let got = start_cluster(config).await.err();
    let got = got.map(|e| (e.kind(), e.to_string()));
    assert_eq!(got, expected.map(|m| (std::io::ErrorKind::InvalidInput, m)));
}
