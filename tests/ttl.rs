//! TTL through the scylla driver: expiring rows and cells, `TTL(col)`, `USING TTL ?`, TTL 0,
//! and the table's `default_time_to_live`. One test waits ~2 s for real expiry.

mod util;

#[path = "util/cql.rs"]
mod cql;

use std::time::Duration;

use cql::{exec, keyspace, prepared, rows, run};

#[tokio::test]
async fn rows_and_cells_expire() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, "ttl1").await;
    run(&s, "CREATE TABLE t (k int PRIMARY KEY, a int, b int)").await;
    run(
        &s,
        "CREATE TABLE d (k int PRIMARY KEY, v int) WITH default_time_to_live = 1",
    )
    .await;
    run(&s, "INSERT INTO t (k, a, b) VALUES (1, 1, 1) USING TTL 1").await;
    run(&s, "INSERT INTO t (k, a, b) VALUES (2, 2, 2)").await;
    prepared(&s, "UPDATE t USING TTL ? SET b = ? WHERE k = ?", (1, 20, 2)).await;
    run(&s, "INSERT INTO d (k, v) VALUES (1, 1)").await;
    run(&s, "INSERT INTO d (k, v) VALUES (2, 2) USING TTL 0").await;
    let before: Vec<(i32, Option<i32>)> = rows(&s, "SELECT k, b FROM t").await;
    assert_eq!(before.len(), 2);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let after: Vec<(i32, Option<i32>, Option<i32>)> = rows(&s, "SELECT k, a, b FROM t").await;
    assert_eq!(
        after,
        vec![(2, Some(2), None)],
        "row 1 expired whole; only cell b of row 2 expired"
    );
    let after: Vec<(i32,)> = rows(&s, "SELECT k FROM d").await;
    assert_eq!(
        after,
        vec![(2,)],
        "default_time_to_live expires rows unless TTL 0 overrides it"
    );
}

#[tokio::test]
async fn ttl_function_reports_remaining_seconds() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, "ttl2").await;
    run(&s, "CREATE TABLE t (k int PRIMARY KEY, a int, b int)").await;
    run(
        &s,
        "CREATE TABLE d (k int PRIMARY KEY, v int) WITH default_time_to_live = 500",
    )
    .await;
    exec(&s, "INSERT INTO t (k, a) VALUES (1, 1) USING TTL ?", (100,)).await;
    run(&s, "UPDATE t SET b = 2 WHERE k = 1").await;
    let got: Vec<(Option<i32>, Option<i32>)> =
        rows(&s, "SELECT ttl(a), ttl(b) FROM t WHERE k = 1").await;
    let (a, b) = got[0];
    assert!(matches!(a, Some(99..=100)), "ttl(a) = {a:?}");
    assert_eq!(b, None, "a cell written without TTL has none");
    run(&s, "INSERT INTO d (k, v) VALUES (1, 1)").await;
    let got: Vec<(Option<i32>,)> = rows(&s, "SELECT ttl(v) FROM d WHERE k = 1").await;
    assert!(matches!(got[0].0, Some(499..=500)), "{got:?}");
}
