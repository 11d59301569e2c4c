//! `ringbench demo`: start an in-process reference cluster and show a client session against it.
//!
//! This is what a newcomer runs first: it proves the embedded target works end to end through
//! the real scylla driver (schema, prepared writes and reads, a lightweight transaction,
//! token-aware routing across the ring) before any cluster of their own is involved. The
//! workload runner replaces it as the main job once it exists.

use std::time::Instant;

use futures::stream::{self, StreamExt, TryStreamExt};
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;

use crate::cli::DemoArgs;
use crate::node::server::{start_cluster, ClusterConfig};

/// Run the demo, printing the session transcript to stdout.
pub async fn run(options: &DemoArgs) -> anyhow::Result<()> {
    println!(
        "Starting an in-memory reference cluster of {} node(s)...",
        options.nodes
    );
    let cluster = start_cluster(ClusterConfig {
        nodes: options.nodes as usize,
        ..ClusterConfig::default()
    })
    .await?;
    for (i, addr) in cluster.addresses().iter().enumerate() {
        println!("  node {}: {addr}", i + 1);
    }
    let result = session(&cluster.addresses(), options).await;
    let counts = cluster.state().coordinated_counts();
    cluster.shutdown().await;
    result?;
    println!("\nRequests each node coordinated (the driver routes each key to its owner):");
    for (i, n) in counts.iter().enumerate() {
        println!("  node {}: {n}", i + 1);
    }
    println!("\nThe cluster is stopped. Keep one running with `ringbench serve` and point cqlsh or your own client at it.");
    Ok(())
}

async fn session(addresses: &[std::net::SocketAddr], options: &DemoArgs) -> anyhow::Result<()> {
    let session: Session = SessionBuilder::new()
        .known_nodes(addresses.iter().map(|a| a.to_string()))
        .build()
        .await?;
    let state = session.get_cluster_state();
    println!(
        "\nConnected with the scylla driver; it sees {} node(s) in the ring.",
        state.get_nodes_info().len()
    );

    for ddl in [
        "CREATE KEYSPACE IF NOT EXISTS demo WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
        "CREATE TABLE IF NOT EXISTS demo.kv (k int PRIMARY KEY, v text)",
    ] {
        println!("cql> {ddl}");
        session.query_unpaged(ddl, &[]).await?;
    }
    session.await_schema_agreement().await?;

    let insert = session
        .prepare("INSERT INTO demo.kv (k, v) VALUES (?, ?)")
        .await?;
    println!(
        "cql> INSERT INTO demo.kv (k, v) VALUES (?, ?)   -- prepared, {} rows, 64 in flight",
        options.rows
    );
    let start = Instant::now();
    stream::iter(0..options.rows as i32)
        .map(|k| {
            let (session, insert) = (&session, &insert);
            async move {
                session
                    .execute_unpaged(insert, (k, format!("value-{k}")))
                    .await
            }
        })
        .buffer_unordered(64)
        .try_for_each(|_| async { Ok(()) })
        .await?;
    let elapsed = start.elapsed();
    println!(
        "     {} rows written in {:.1} ms",
        options.rows,
        elapsed.as_secs_f64() * 1e3
    );

    let select = session
        .prepare("SELECT k, v FROM demo.kv WHERE k = ?")
        .await?;
    let key = (options.rows / 2) as i32;
    println!("cql> SELECT k, v FROM demo.kv WHERE k = {key}");
    let rows = session
        .execute_unpaged(&select, (key,))
        .await?
        .into_rows_result()?;
    for row in rows.rows::<(i32, String)>()? {
        let (k, v) = row?;
        println!("     k = {k}, v = '{v}'");
    }

    let lwt = "INSERT INTO demo.kv (k, v) VALUES (0, 'taken') IF NOT EXISTS";
    println!("cql> {lwt}");
    let rows = session.query_unpaged(lwt, &[]).await?.into_rows_result()?;
    for row in rows.rows::<(bool, Option<i32>, Option<String>)>()? {
        let (applied, k, v) = row?;
        println!(
            "     [applied] = {applied}, existing row: k = {}, v = '{}'",
            k.map(|k| k.to_string()).unwrap_or_default(),
            v.unwrap_or_default()
        );
    }

    let count = "SELECT COUNT(*) FROM demo.kv";
    println!("cql> {count}");
    let rows = session
        .query_unpaged(count, &[])
        .await?
        .into_rows_result()?;
    let (n,): (i64,) = rows.first_row()?;
    println!("     count = {n}");
    Ok(())
}
