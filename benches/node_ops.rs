//! Throughput of the reference node through the scylla driver: prepared INSERT and SELECT.
//!
//! `cargo bench --bench node_ops` starts a 1-node reference cluster in this process, drives it
//! with the real scylla driver at a fixed number of requests in flight, and prints ops/s and
//! the CPU-seconds the process (client and node together) spent. The target is >= 100k simple
//! prepared ops/s on 2 cores. Knobs (environment): RINGBENCH_BENCH_OPS (default 300000),
//! RINGBENCH_BENCH_IN_FLIGHT (default 256).

use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};
use ringbench::node::server::{start_cluster, ClusterConfig};
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use scylla::statement::prepared::PreparedStatement;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// User + system CPU time of this process, from /proc (Linux).
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    // Clock ticks are 100 per second on every Linux configuration we run on.
    Some(Duration::from_millis((utime + stime) * 10))
}

async fn drive(
    label: &str,
    session: &Session,
    statement: &PreparedStatement,
    ops: usize,
    in_flight: usize,
    with_value: bool,
) {
    let cpu_before = process_cpu();
    let start = Instant::now();
    let errors = stream::iter(0..ops)
        .map(|i| async move {
            let k = (i % 100_000) as i32;
            let result = if with_value {
                session
                    .execute_unpaged(statement, (k, "0123456789abcdef"))
                    .await
            } else {
                session.execute_unpaged(statement, (k,)).await
            };
            result.is_err() as usize
        })
        .buffer_unordered(in_flight)
        .fold(0usize, |acc, e| async move { acc + e })
        .await;
    let elapsed = start.elapsed().as_secs_f64();
    let cpu = match (cpu_before, process_cpu()) {
        (Some(a), Some(b)) => format!(
            "{:.2} CPU-s ({:.1} µs CPU/op)",
            (b - a).as_secs_f64(),
            (b - a).as_secs_f64() * 1e6 / ops as f64
        ),
        _ => "CPU n/a".to_string(),
    };
    println!(
        "{label:<16} {ops} ops in {elapsed:.2} s = {:>9.0} ops/s, {cpu}, {errors} errors",
        ops as f64 / elapsed
    );
}

fn main() {
    let ops = env_or("RINGBENCH_BENCH_OPS", 300_000);
    let in_flight = env_or("RINGBENCH_BENCH_IN_FLIGHT", 256);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let cluster = start_cluster(ClusterConfig::default())
            .await
            .expect("start reference node");
        let addr = cluster.addresses()[0];
        let session = SessionBuilder::new()
            .known_node(addr.to_string())
            .build()
            .await
            .expect("connect");
        for ddl in [
            "CREATE KEYSPACE bench WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
            "CREATE TABLE bench.kv (k int PRIMARY KEY, v text)",
        ] {
            session.query_unpaged(ddl, &[]).await.expect("schema");
        }
        let insert = session
            .prepare("INSERT INTO bench.kv (k, v) VALUES (?, ?)")
            .await
            .expect("prepare insert");
        let select = session
            .prepare("SELECT k, v FROM bench.kv WHERE k = ?")
            .await
            .expect("prepare select");
        println!("reference node at {addr}, {in_flight} requests in flight, client and node in one process");
        drive("prepared INSERT", &session, &insert, ops, in_flight, true).await;
        drive("prepared SELECT", &session, &select, ops, in_flight, false).await;
        cluster.shutdown().await;
    });
}
