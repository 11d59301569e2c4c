//! Counters through the scylla driver: increments and decrements (also concurrent ones from
//! many tasks and through several nodes), deletion, and the statements Cassandra refuses on
//! counter tables.

mod util;

#[path = "util/cql.rs"]
mod cql;

use std::sync::Arc;

use cql::{assert_error, keyspace, rows, run, INVALID};
use scylla::value::Counter;

#[tokio::test]
async fn concurrent_increments_add_up() {
    let cluster = util::start(3).await;
    let s = Arc::new(util::session(&cluster).await);
    keyspace(&s, "cnt1").await;
    run(
        &s,
        "CREATE TABLE c (k text, b int, hits counter, misses counter, PRIMARY KEY (k, b))",
    )
    .await;
    let inc = s
        .prepare("UPDATE c SET hits = hits + ?, misses = misses - 1 WHERE k = ? AND b = ?")
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for t in 0..10i64 {
        let (s, inc) = (Arc::clone(&s), inc.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..20i32 {
                s.execute_unpaged(&inc, (Counter(t), "page", i % 2))
                    .await
                    .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let got: Vec<(i32, Counter, Counter)> =
        rows(&s, "SELECT b, hits, misses FROM c WHERE k = 'page'").await;
    let per_bucket: i64 = (0..10).sum::<i64>() * 10;
    assert_eq!(
        got,
        vec![
            (0, Counter(per_bucket), Counter(-100)),
            (1, Counter(per_bucket), Counter(-100))
        ]
    );
    run(&s, "DELETE hits FROM c WHERE k = 'page' AND b = 0").await;
    let got: Vec<(Option<Counter>, Counter)> =
        rows(&s, "SELECT hits, misses FROM c WHERE k = 'page' AND b = 0").await;
    assert_eq!(got, vec![(None, Counter(-100))]);
    run(&s, "UPDATE c SET hits = hits + 0 WHERE k = 'new' AND b = 0").await;
    let got: Vec<(Option<Counter>, Option<Counter>)> =
        rows(&s, "SELECT hits, misses FROM c WHERE k = 'new'").await;
    assert_eq!(got, vec![(Some(Counter(0)), None)]);
}

#[tokio::test]
async fn counter_tables_refuse_what_cassandra_refuses() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, "cnt2").await;
    run(&s, "CREATE TABLE c (k int PRIMARY KEY, hits counter)").await;
    assert_error(
        &s,
        "INSERT INTO c (k, hits) VALUES (1, 1)",
        INVALID,
        "INSERT statements are not allowed on counter tables, use UPDATE instead",
    )
    .await;
    assert_error(&s, "UPDATE c SET hits = 1 WHERE k = 1", INVALID, "Cannot set the value of counter column hits (counters can only be incremented/decremented, not set)").await;
    assert_error(
        &s,
        "UPDATE c USING TTL 10 SET hits = hits + 1 WHERE k = 1",
        INVALID,
        "Cannot provide custom TTL for counter updates",
    )
    .await;
    assert_error(
        &s,
        "UPDATE c USING TIMESTAMP 10 SET hits = hits + 1 WHERE k = 1",
        INVALID,
        "Cannot provide custom timestamp for counter updates",
    )
    .await;
    assert_error(
        &s,
        "UPDATE c SET hits = hits + 1 WHERE k = 1 IF hits = 0",
        INVALID,
        "Conditional updates are not supported on counter tables",
    )
    .await;
}
