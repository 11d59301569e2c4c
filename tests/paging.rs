//! Paging through the scylla driver: many pages, exact page boundaries, the driver's
//! `query_iter` / `execute_iter`, LIMIT and PER PARTITION LIMIT across pages, full scans,
//! and resuming after rows were written between pages.

mod util;

#[path = "util/cql.rs"]
mod cql;

use cql::{exec, keyspace, run};
use futures::TryStreamExt;
use scylla::client::session::Session;
use scylla::response::{PagingState, PagingStateResponse};
use scylla::statement::unprepared::Statement;

async fn fill(s: &Session, partitions: i32, rows: i32) {
    let insert = s
        .prepare("INSERT INTO p (k, c, v) VALUES (?, ?, ?)")
        .await
        .unwrap();
    for k in 0..partitions {
        for c in 0..rows {
            s.execute_unpaged(&insert, (k, c, k * 1000 + c))
                .await
                .unwrap();
        }
    }
}

async fn setup(ks: &str) -> (ringbench::node::server::RunningCluster, Session) {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, ks).await;
    run(
        &s,
        "CREATE TABLE p (k int, c int, v int, s text static, PRIMARY KEY (k, c))",
    )
    .await;
    (cluster, s)
}

/// All rows of `cql`, page by page with `page_size`: (rows per page, all rows).
async fn pages(s: &Session, cql: &str, page_size: i32) -> (Vec<usize>, Vec<(i32, i32)>) {
    let statement = Statement::new(cql).with_page_size(page_size);
    let mut state = PagingState::start();
    let mut sizes = Vec::new();
    let mut all = Vec::new();
    loop {
        let (result, next) = s
            .query_single_page(statement.clone(), (), state)
            .await
            .unwrap();
        let rows: Vec<(i32, i32)> = cql::decode(cql, result);
        sizes.push(rows.len());
        all.extend(rows);
        match next {
            PagingStateResponse::HasMorePages { state: s } => state = s,
            PagingStateResponse::NoMorePages => break,
        }
        assert!(sizes.len() < 10_000, "paging does not end");
    }
    (sizes, all)
}

#[tokio::test]
async fn pages_have_exact_sizes_and_end_without_an_empty_page() {
    let (_cluster, s) = setup("pg1").await;
    fill(&s, 1, 100).await;
    let (sizes, rows) = pages(&s, "SELECT c, v FROM p WHERE k = 0", 10).await;
    assert_eq!(
        sizes,
        vec![10; 10],
        "100 rows in pages of 10: no trailing empty page"
    );
    let expected: Vec<(i32, i32)> = (0..100).map(|c| (c, c)).collect();
    assert_eq!(rows, expected);
    let (sizes, rows) = pages(&s, "SELECT c, v FROM p WHERE k = 0 ORDER BY c DESC", 33).await;
    assert_eq!(sizes, vec![33, 33, 33, 1]);
    let expected: Vec<(i32, i32)> = (0..100).rev().map(|c| (c, c)).collect();
    assert_eq!(rows, expected);
    let (sizes, rows) = pages(
        &s,
        "SELECT c, v FROM p WHERE k = 0 AND c >= 40 LIMIT 25",
        10,
    )
    .await;
    assert_eq!(sizes, vec![10, 10, 5]);
    assert_eq!(rows.first(), Some(&(40, 40)));
    assert_eq!(rows.last(), Some(&(64, 64)));
}

#[tokio::test]
async fn full_scans_page_across_partitions_in_token_order() {
    let (_cluster, s) = setup("pg2").await;
    fill(&s, 30, 7).await;
    let (sizes, rows) = pages(&s, "SELECT k, c FROM p", 8).await;
    assert_eq!(rows.len(), 210);
    assert!(sizes.iter().all(|n| *n <= 8));
    let mut seen = rows.clone();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 210, "no row twice");
    let (_, limited) = pages(&s, "SELECT k, c FROM p PER PARTITION LIMIT 2", 5).await;
    assert_eq!(limited.len(), 60);
    assert!(limited
        .chunks(2)
        .all(|pair| pair[0].0 == pair[1].0 && pair[0].1 == 0 && pair[1].1 == 1));
    let (_, keys) = pages(&s, "SELECT k, c FROM p WHERE k IN (5, 3, 9) AND c < 3", 4).await;
    let want: Vec<(i32, i32)> = [5, 3, 9]
        .iter()
        .flat_map(|k| (0..3).map(move |c| (*k, c)))
        .collect();
    assert_eq!(
        keys, want,
        "IN partitions in statement order, resumed mid-partition"
    );
}

#[tokio::test]
async fn driver_iterators_fetch_every_page() {
    let (_cluster, s) = setup("pg3").await;
    fill(&s, 12, 50).await;
    let statement = Statement::new("SELECT k, c, v FROM p").with_page_size(17);
    let rows: Vec<(i32, i32, i32)> = s
        .query_iter(statement, ())
        .await
        .unwrap()
        .rows_stream::<(i32, i32, i32)>()
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 600);
    assert!(rows.iter().all(|(k, c, v)| *v == k * 1000 + c));
    let mut prepared = s
        .prepare("SELECT c FROM p WHERE k = ? AND c >= ?")
        .await
        .unwrap();
    prepared.set_page_size(6);
    let rows: Vec<(i32,)> = s
        .execute_iter(prepared, (4, 10))
        .await
        .unwrap()
        .rows_stream::<(i32,)>()
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let want: Vec<(i32,)> = (10..50).map(|c| (c,)).collect();
    assert_eq!(rows, want);
}

#[tokio::test]
async fn resuming_continues_after_the_last_row_even_after_writes() {
    let (_cluster, s) = setup("pg4").await;
    for c in (0..20).step_by(2) {
        exec(&s, "INSERT INTO p (k, c, v) VALUES (1, ?, 0)", (c,)).await;
    }
    let statement = Statement::new("SELECT c, v FROM p WHERE k = 1").with_page_size(4);
    let (first, next) = s
        .query_single_page(statement.clone(), (), PagingState::start())
        .await
        .unwrap();
    let first: Vec<(i32, i32)> = cql::decode("first page", first);
    assert_eq!(first, vec![(0, 0), (2, 0), (4, 0), (6, 0)]);
    // Rows before the resume position are not returned again, rows after it are.
    exec(&s, "INSERT INTO p (k, c, v) VALUES (1, 1, 1)", ()).await;
    exec(&s, "INSERT INTO p (k, c, v) VALUES (1, 7, 1)", ()).await;
    let PagingStateResponse::HasMorePages { state } = next else {
        panic!("expected more pages")
    };
    let (second, _) = s.query_single_page(statement, (), state).await.unwrap();
    let second: Vec<(i32, i32)> = cql::decode("second page", second);
    assert_eq!(second, vec![(7, 1), (8, 0), (10, 0), (12, 0)]);
}

#[tokio::test]
async fn static_only_and_distinct_rows_page_by_partition() {
    let (_cluster, s) = setup("pg5").await;
    for k in 0..9 {
        exec(&s, "UPDATE p SET s = 'x' WHERE k = ?", (k,)).await;
    }
    exec(&s, "INSERT INTO p (k, c, v) VALUES (3, 1, 1)", ()).await;
    let statement = Statement::new("SELECT k, s FROM p").with_page_size(2);
    let rows: Vec<(i32, Option<String>)> = s
        .query_iter(statement, ())
        .await
        .unwrap()
        .rows_stream::<(i32, Option<String>)>()
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 9, "one static-only row per partition: {rows:?}");
    let statement = Statement::new("SELECT DISTINCT k FROM p").with_page_size(4);
    let rows: Vec<(i32,)> = s
        .query_iter(statement, ())
        .await
        .unwrap()
        .rows_stream::<(i32,)>()
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 9);
}
