//! Batches through the scylla driver: BATCH frames with prepared and unprepared statements,
//! `BEGIN BATCH ... APPLY BATCH` text, one timestamp for all statements, counter batches,
//! conditional batches on one partition, and Cassandra's errors.

mod util;

#[path = "util/cql.rs"]
mod cql;

use cql::{assert_error, column_names, exec, keyspace, rows, run, INVALID};
use scylla::client::session::Session;
use scylla::errors::{ExecutionError, RequestAttemptError};
use scylla::statement::batch::{Batch, BatchType};
use scylla::value::Counter;

async fn setup(ks: &str) -> (ringbench::node::server::RunningCluster, Session) {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, ks).await;
    run(
        &s,
        "CREATE TABLE a (k int, c int, v text, l list<int>, PRIMARY KEY (k, c))",
    )
    .await;
    run(&s, "CREATE TABLE b (k int PRIMARY KEY, n int)").await;
    run(&s, "CREATE TABLE cnt (k int PRIMARY KEY, hits counter)").await;
    (cluster, s)
}

async fn batch_error(
    s: &Session,
    batch: &Batch,
    values: impl scylla::serialize::batch::BatchValues,
) -> String {
    match s.batch(batch, values).await {
        Ok(_) => panic!("the batch should have failed"),
        Err(ExecutionError::LastAttemptError(RequestAttemptError::DbError(_, msg))) => msg,
        Err(e) => panic!("failed without a server error: {e}"),
    }
}

#[tokio::test]
async fn batch_frames_apply_every_statement_with_one_timestamp() {
    let (_cluster, s) = setup("b1").await;
    let mut batch = Batch::new(BatchType::Logged);
    batch.append_statement(
        s.prepare("INSERT INTO a (k, c, v) VALUES (?, ?, ?)")
            .await
            .unwrap(),
    );
    batch.append_statement("UPDATE b SET n = ? WHERE k = ?");
    batch.append_statement("UPDATE a SET l = l + [1] WHERE k = 1 AND c = 1");
    batch.append_statement("UPDATE a SET l = l + [2] WHERE k = 1 AND c = 1");
    s.batch(&batch, ((1, 1, "x"), (5, 1), (), ()))
        .await
        .unwrap();
    let got: Vec<(Option<String>, Option<Vec<i32>>, i64)> =
        rows(&s, "SELECT v, l, writetime(v) FROM a WHERE k = 1 AND c = 1").await;
    assert_eq!(got[0].0.as_deref(), Some("x"));
    assert_eq!(
        got[0].1,
        Some(vec![1, 2]),
        "list appends of one batch keep statement order"
    );
    let got_b: Vec<(Option<i32>, i64)> =
        rows(&s, "SELECT n, writetime(n) FROM b WHERE k = 1").await;
    assert_eq!(got_b[0].0, Some(5));
    assert_eq!(
        got_b[0].1, got[0].2,
        "all statements share the batch timestamp"
    );

    let mut unlogged = Batch::new(BatchType::Unlogged);
    unlogged.append_statement("INSERT INTO b (k, n) VALUES (2, 2)");
    unlogged.append_statement("DELETE FROM b WHERE k = 1");
    s.batch(&unlogged, ((), ())).await.unwrap();
    let keys: Vec<(i32,)> = rows(&s, "SELECT k FROM b").await;
    assert_eq!(keys, vec![(2,)]);
}

#[tokio::test]
async fn batch_text_with_markers_and_timestamps() {
    let (_cluster, s) = setup("b2").await;
    exec(
        &s,
        "BEGIN BATCH USING TIMESTAMP 1000 INSERT INTO a (k, c, v) VALUES (?, ?, 'q'); UPDATE b SET n = ? WHERE k = ?; APPLY BATCH",
        (7, 1, 70, 7),
    )
    .await;
    let got: Vec<(String, i64)> = rows(&s, "SELECT v, writetime(v) FROM a WHERE k = 7").await;
    assert_eq!(got, vec![("q".into(), 1000)]);
    let got: Vec<(i32, i64)> = rows(&s, "SELECT n, writetime(n) FROM b WHERE k = 7").await;
    assert_eq!(got, vec![(70, 1000)]);
    run(&s, "BEGIN UNLOGGED BATCH INSERT INTO b (k, n) VALUES (8, 1) USING TIMESTAMP 5; INSERT INTO b (k, n) VALUES (9, 1) APPLY BATCH").await;
    let got: Vec<(i64,)> = rows(&s, "SELECT writetime(n) FROM b WHERE k = 8").await;
    assert_eq!(got, vec![(5,)]);
    assert_error(&s, "BEGIN BATCH USING TIMESTAMP 1 INSERT INTO b (k, n) VALUES (1, 1) USING TIMESTAMP 2 APPLY BATCH", INVALID, "Timestamp must be set either on BATCH or individual statements").await;
}

#[tokio::test]
async fn counter_batches_and_their_errors() {
    let (_cluster, s) = setup("b3").await;
    run(&s, "BEGIN COUNTER BATCH UPDATE cnt SET hits = hits + 2 WHERE k = 1; UPDATE cnt SET hits = hits + 3 WHERE k = 1; UPDATE cnt SET hits = hits - 1 WHERE k = 2 APPLY BATCH").await;
    let got: Vec<(i32, Counter)> = rows(&s, "SELECT k, hits FROM cnt WHERE k IN (1, 2)").await;
    assert_eq!(got, vec![(1, Counter(5)), (2, Counter(-1))]);
    assert_error(
        &s,
        "BEGIN BATCH UPDATE cnt SET hits = hits + 1 WHERE k = 1 APPLY BATCH",
        INVALID,
        "Cannot include a counter statement in a logged batch",
    )
    .await;
    assert_error(
        &s,
        "BEGIN COUNTER BATCH UPDATE b SET n = 1 WHERE k = 1 APPLY BATCH",
        INVALID,
        "Only counter mutations are allowed in COUNTER batches",
    )
    .await;
    let mut mixed = Batch::new(BatchType::Unlogged);
    mixed.append_statement("UPDATE cnt SET hits = hits + 1 WHERE k = 1");
    mixed.append_statement("UPDATE b SET n = 1 WHERE k = 1");
    assert_eq!(
        batch_error(&s, &mixed, ((), ())).await,
        "Counter and non-counter mutations cannot exist in the same batch"
    );
}

#[tokio::test]
async fn conditional_batches_apply_all_or_nothing() {
    let (_cluster, s) = setup("b4").await;
    run(&s, "INSERT INTO a (k, c, v) VALUES (1, 1, 'one')").await;
    let ok = "BEGIN BATCH UPDATE a SET v = 'uno' WHERE k = 1 AND c = 1 IF v = 'one'; INSERT INTO a (k, c, v) VALUES (1, 2, 'two') IF NOT EXISTS; APPLY BATCH";
    let got: Vec<(bool,)> = rows(&s, ok).await;
    assert_eq!(got, vec![(true,)]);
    let failing = "BEGIN BATCH UPDATE a SET v = 'eins' WHERE k = 1 AND c = 1 IF v = 'one'; INSERT INTO a (k, c, v) VALUES (1, 3, 'three') APPLY BATCH";
    assert_eq!(
        column_names(run(&s, failing).await),
        ["[applied]", "k", "c", "v"]
    );
    let got: Vec<(bool, i32, i32, Option<String>)> = rows(&s, failing).await;
    assert_eq!(got, vec![(false, 1, 1, Some("uno".into()))]);
    let all: Vec<(i32, String)> = rows(&s, "SELECT c, v FROM a WHERE k = 1").await;
    assert_eq!(
        all,
        vec![(1, "uno".into()), (2, "two".into())],
        "nothing of the failed batch was applied"
    );
    assert_error(&s, "BEGIN BATCH UPDATE a SET v = 'x' WHERE k = 1 AND c = 1 IF v = 'uno'; INSERT INTO a (k, c, v) VALUES (2, 1, 'y') APPLY BATCH", INVALID, "Batch with conditions cannot span multiple partitions").await;
    assert_error(&s, "BEGIN BATCH UPDATE a SET v = 'x' WHERE k = 1 AND c = 1 IF v = 'uno'; INSERT INTO b (k, n) VALUES (1, 1) APPLY BATCH", INVALID, "Batch with conditions cannot span multiple tables").await;
}
