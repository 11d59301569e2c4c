//! Lightweight transactions through the scylla driver: applied / not applied results with the
//! current values, the conditions Cassandra supports, and linearizable compare-and-set under
//! concurrency.

mod util;

#[path = "util/cql.rs"]
mod cql;

use std::sync::Arc;

use cql::{assert_error, column_names, keyspace, rows, rows_with, run, INVALID};
use scylla::statement::SerialConsistency;

#[tokio::test]
async fn insert_if_not_exists_returns_the_existing_row() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, "lwt1").await;
    run(
        &s,
        "CREATE TABLE t (k int, c int, v text, w int, PRIMARY KEY (k, c))",
    )
    .await;
    let first = run(
        &s,
        "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') IF NOT EXISTS",
    )
    .await;
    assert_eq!(column_names(first), ["[applied]"]);
    let cql = "INSERT INTO t (k, c, v) VALUES (1, 1, 'b') IF NOT EXISTS";
    let second = run(&s, cql).await;
    assert_eq!(column_names(second), ["[applied]", "k", "c", "v", "w"]);
    type Existing = (bool, i32, i32, Option<String>, Option<i32>);
    let got: Vec<Existing> = rows(&s, cql).await;
    assert_eq!(got, vec![(false, 1, 1, Some("a".into()), None)]);
    let got: Vec<(Option<String>,)> = rows(&s, "SELECT v FROM t WHERE k = 1 AND c = 1").await;
    assert_eq!(got, vec![(Some("a".into()),)]);
}

#[tokio::test]
async fn conditions_report_the_conditioned_columns() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, "lwt2").await;
    run(
        &s,
        "CREATE TABLE t (k int PRIMARY KEY, a int, b text, m map<text, int>)",
    )
    .await;
    let missing = "UPDATE t SET a = 1 WHERE k = 1 IF EXISTS";
    let got: Vec<(bool,)> = rows(&s, missing).await;
    assert_eq!(got, vec![(false,)]);
    run(
        &s,
        "INSERT INTO t (k, a, b, m) VALUES (1, 1, 'x', {'e': 5})",
    )
    .await;
    let got: Vec<(bool,)> = rows(&s, missing).await;
    assert_eq!(got, vec![(true,)]);

    let got: Vec<(bool,)> = rows_with(
        &s,
        "UPDATE t SET a = ? WHERE k = 1 IF a = ? AND b IN ('x', 'y')",
        (2, 1),
    )
    .await;
    assert_eq!(got, vec![(true,)]);
    let cql = "UPDATE t SET a = 3 WHERE k = 1 IF b = 'x' AND a = 1";
    assert_eq!(
        column_names(run(&s, cql).await),
        ["[applied]", "b", "a"],
        "in IF order"
    );
    let got: Vec<(bool, Option<String>, Option<i32>)> = rows(&s, cql).await;
    assert_eq!(got, vec![(false, Some("x".into()), Some(2))]);
    let got: Vec<(bool,)> = rows(
        &s,
        "UPDATE t SET a = 4 WHERE k = 1 IF m['e'] = 5 AND a != 3 AND a > 1",
    )
    .await;
    assert_eq!(got, vec![(true,)]);
    let got: Vec<(bool, Option<i32>)> = rows(&s, "DELETE FROM t WHERE k = 1 IF a = 5").await;
    assert_eq!(got, vec![(false, Some(4))]);
    let got: Vec<(bool,)> = rows(&s, "DELETE FROM t WHERE k = 1 IF a = 4").await;
    assert_eq!(got, vec![(true,)]);
    let got: Vec<(bool,)> = rows(&s, "UPDATE t SET a = 1 WHERE k = 1 IF a = null").await;
    assert_eq!(got, vec![(true,)], "a missing row compares as null");
    assert_error(
        &s,
        "UPDATE t SET a = 1 WHERE k IN (1, 2) IF a = 1",
        INVALID,
        "IN on the partition key is not supported with conditional updates",
    )
    .await;
    assert_error(
        &s,
        "UPDATE t USING TIMESTAMP 5 SET a = 1 WHERE k = 1 IF a = 1",
        INVALID,
        "Cannot provide custom timestamp for conditional updates",
    )
    .await;
}

#[tokio::test]
async fn concurrent_compare_and_set_increments_are_linearizable() {
    let cluster = util::start(3).await;
    let s = Arc::new(util::session(&cluster).await);
    keyspace(&s, "lwt3").await;
    run(&s, "CREATE TABLE c (k int PRIMARY KEY, v int)").await;
    run(&s, "INSERT INTO c (k, v) VALUES (0, 0)").await;
    let mut read = s.prepare("SELECT v FROM c WHERE k = 0").await.unwrap();
    read.set_serial_consistency(Some(SerialConsistency::Serial));
    let cas = s
        .prepare("UPDATE c SET v = ? WHERE k = 0 IF v = ?")
        .await
        .unwrap();
    const TASKS: usize = 8;
    const EACH: usize = 15;
    let mut handles = Vec::new();
    for _ in 0..TASKS {
        let (s, read, cas) = (Arc::clone(&s), read.clone(), cas.clone());
        handles.push(tokio::spawn(async move {
            let (mut wins, mut losses) = (0, 0);
            while wins < EACH {
                let current: Vec<(i32,)> =
                    cql::decode("read", s.execute_unpaged(&read, ()).await.unwrap());
                let v = current[0].0;
                let result = s
                    .execute_unpaged(&cas, (v + 1, v))
                    .await
                    .unwrap()
                    .into_rows_result()
                    .unwrap();
                if result.column_specs().len() == 1 {
                    let (applied,): (bool,) = result.single_row().unwrap();
                    assert!(applied);
                    wins += 1;
                } else {
                    let (applied, now): (bool, Option<i32>) = result.single_row().unwrap();
                    assert!(!applied);
                    assert!(
                        now.is_some_and(|now| now > v),
                        "a failed CAS shows a newer value"
                    );
                    losses += 1;
                }
            }
            (wins, losses)
        }));
    }
    let mut wins = 0;
    for h in handles {
        wins += h.await.unwrap().0;
    }
    let got: Vec<(i32,)> = rows(&s, "SELECT v FROM c WHERE k = 0").await;
    assert_eq!(wins, TASKS * EACH);
    assert_eq!(got, vec![((TASKS * EACH) as i32,)]);
}
