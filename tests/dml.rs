//! INSERT, UPDATE, DELETE and SELECT against the reference node through the scylla driver:
//! every type round trips, collections, static columns, clustering slices and order, IN,
//! ALLOW FILTERING, selectors and aggregates. Errors and bind variables: `dml_errors.rs`.

mod util;

#[path = "util/cql.rs"]
mod cql;

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use cql::{assert_error, column_names, exec, keyspace, prepared, rows, rows_with, run, INVALID};
use scylla::value::{
    CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlTimeuuid, CqlVarint,
};
use uuid::Uuid;

#[tokio::test]
async fn insert_update_delete_select_round_trip() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, "dml1").await;
    run(&s, "CREATE TABLE kv (k int PRIMARY KEY, v text, n int)").await;
    prepared(
        &s,
        "INSERT INTO kv (k, v, n) VALUES (?, ?, ?)",
        (1, "one", 10),
    )
    .await;
    exec(&s, "INSERT INTO kv (k, v) VALUES (?, ?)", (2, "two")).await;
    run(&s, "UPDATE kv SET n = 30, v = 'three' WHERE k = 3").await;
    let got: Vec<(i32, Option<String>, Option<i32>)> =
        rows(&s, "SELECT k, v, n FROM kv WHERE k IN (3, 1, 2)").await;
    assert_eq!(
        got,
        vec![
            (3, Some("three".into()), Some(30)),
            (1, Some("one".into()), Some(10)),
            (2, Some("two".into()), None)
        ]
    );

    // INSERT writes a row marker: the row survives its only column being deleted; UPDATE does not.
    run(&s, "DELETE v FROM kv WHERE k = 2").await;
    run(&s, "DELETE v, n FROM kv WHERE k = 3").await;
    let got: Vec<(i32,)> = rows(&s, "SELECT k FROM kv").await;
    let keys: BTreeSet<i32> = got.into_iter().map(|r| r.0).collect();
    assert_eq!(keys, BTreeSet::from([1, 2]));

    run(&s, "DELETE FROM kv WHERE k = 1").await;
    let got: Vec<(i32, Option<String>)> = rows(&s, "SELECT k, v FROM kv WHERE k = 1").await;
    assert!(got.is_empty());
    // An explicitly older write does not resurrect the deleted row.
    run(
        &s,
        "INSERT INTO kv (k, v) VALUES (1, 'old') USING TIMESTAMP 1",
    )
    .await;
    let got: Vec<(i32,)> = rows(&s, "SELECT k FROM kv WHERE k = 1").await;
    assert!(got.is_empty());

    // Prepared statements report the partition key index for token-aware routing.
    let p = s.prepare("SELECT v FROM kv WHERE k = ?").await.unwrap();
    assert_eq!(p.get_variable_pk_indexes().len(), 1);
    let p = s.prepare("UPDATE kv SET v = ? WHERE k = ?").await.unwrap();
    assert_eq!(p.get_variable_pk_indexes()[0].index, 1);
    let specs: Vec<String> = p
        .get_variable_col_specs()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    assert_eq!(specs, ["v", "k"]);
    let p = s
        .prepare("SELECT v FROM kv WHERE k IN ? LIMIT ?")
        .await
        .unwrap();
    let specs: Vec<String> = p
        .get_variable_col_specs()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    assert_eq!(specs, ["in(k)", "[limit]"]);
    assert!(p.get_variable_pk_indexes().is_empty());
}

/// One value of every type, bound by name when inserted and decoded in order when read.
#[derive(Debug, Clone, PartialEq, scylla::SerializeRow, scylla::DeserializeRow)]
#[scylla(flavor = "enforce_order", skip_name_checks)]
struct AllTypes {
    a: String,
    tx: String,
    b: Vec<u8>,
    bo: bool,
    ti: i8,
    si: i16,
    i: i32,
    bi: i64,
    vi: CqlVarint,
    f: f32,
    d: f64,
    de: CqlDecimal,
    u: Uuid,
    tu: CqlTimeuuid,
    ts: CqlTimestamp,
    da: CqlDate,
    tm: CqlTime,
    du: CqlDuration,
    ip: IpAddr,
    l: Vec<i32>,
    st: BTreeSet<String>,
    m: BTreeMap<String, i32>,
    tp: (i32, String),
    fl: Vec<i32>,
}

#[tokio::test]
async fn every_type_round_trips_unchanged() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, "dml2").await;
    run(&s, "CREATE TABLE t (k int PRIMARY KEY, a ascii, tx text, b blob, bo boolean, ti tinyint, si smallint, i int, bi bigint, vi varint, f float, d double, de decimal, u uuid, tu timeuuid, ts timestamp, da date, tm time, du duration, ip inet, l list<int>, st set<text>, m map<text, int>, tp tuple<int, text>, fl frozen<list<int>>)").await;
    let value = AllTypes {
        a: "ascii".into(),
        tx: "tëxt ✓".into(),
        b: vec![0, 1, 255],
        bo: true,
        ti: -8,
        si: -16,
        i: -32,
        bi: -64,
        vi: CqlVarint::from_signed_bytes_be(vec![0x01, 0, 0, 0, 0, 0, 0, 0, 0]),
        f: 1.5,
        d: -2.25,
        de: CqlDecimal::from_signed_be_bytes_and_exponent(vec![0x30, 0x39], 2),
        u: Uuid::from_u128(0x1234),
        tu: CqlTimeuuid::from(Uuid::parse_str("8e14e760-7fa8-11eb-bc66-000000000001").unwrap()),
        ts: CqlTimestamp(1_700_000_000_123),
        da: CqlDate(1 << 31),
        tm: CqlTime(3_600_000_000_000),
        du: CqlDuration {
            months: 1,
            days: 2,
            nanoseconds: 3,
        },
        ip: "::1".parse().unwrap(),
        l: vec![3, 1, 2],
        st: BTreeSet::from(["b".to_string(), "a".to_string()]),
        m: BTreeMap::from([("x".to_string(), 1), ("y".to_string(), -1)]),
        tp: (7, "seven".into()),
        fl: vec![9, 8],
    };
    let columns =
        "a, tx, b, bo, ti, si, i, bi, vi, f, d, de, u, tu, ts, da, tm, du, ip, l, st, m, tp, fl";
    let markers = vec!["?"; 24].join(", ");
    prepared(
        &s,
        &format!("INSERT INTO t (k, {columns}) VALUES (1, {markers})"),
        value.clone(),
    )
    .await;
    let got: Vec<AllTypes> = rows(&s, &format!("SELECT {columns} FROM t WHERE k = 1")).await;
    assert_eq!(got, vec![value]);
}

#[tokio::test]
async fn collection_operations() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, "dml3").await;
    run(
        &s,
        "CREATE TABLE c (k int PRIMARY KEY, l list<int>, st set<int>, m map<text, int>)",
    )
    .await;
    run(
        &s,
        "INSERT INTO c (k, l, st, m) VALUES (1, [1, 2], {5, 3}, {'a': 1})",
    )
    .await;
    run(
        &s,
        "UPDATE c SET l = l + [3], st = st + {4}, m = m + {'b': 2} WHERE k = 1",
    )
    .await;
    run(
        &s,
        "UPDATE c SET l = [0] + l, st = st - {5}, m['c'] = 3 WHERE k = 1",
    )
    .await;
    run(&s, "UPDATE c SET l[1] = 10, m = m - {'a'} WHERE k = 1").await;
    run(&s, "DELETE l[0], m['b'] FROM c WHERE k = 1").await;
    type Row = (
        Option<Vec<i32>>,
        Option<Vec<i32>>,
        Option<BTreeMap<String, i32>>,
    );
    let got: Vec<Row> = rows(&s, "SELECT l, st, m FROM c WHERE k = 1").await;
    assert_eq!(
        got,
        vec![(
            Some(vec![10, 2, 3]),
            Some(vec![3, 4]),
            Some(BTreeMap::from([("c".to_string(), 3)]))
        )]
    );
    run(&s, "UPDATE c SET l = l - [2, 3], st = {} WHERE k = 1").await;
    let got: Vec<Row> = rows(&s, "SELECT l, st, m FROM c WHERE k = 1").await;
    assert_eq!(got[0].0, Some(vec![10]));
    assert_eq!(got[0].1, None, "an empty collection is null");
    assert_error(
        &s,
        "UPDATE c SET l[5] = 1 WHERE k = 1",
        INVALID,
        "List index 5 out of bound, list has size 1",
    )
    .await;
    assert_error(
        &s,
        "UPDATE c SET l[0] = 1 WHERE k = 2",
        INVALID,
        "Attempted to set an element on a list which is null",
    )
    .await;
}

#[tokio::test]
async fn static_columns_and_clustering_slices() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, "dml4").await;
    run(&s, "CREATE TABLE ts (k int, c1 int, c2 text, s text static, v int, PRIMARY KEY (k, c1, c2)) WITH CLUSTERING ORDER BY (c1 DESC, c2 ASC)").await;
    for c1 in 1..=4 {
        for c2 in ["a", "b"] {
            exec(
                &s,
                "INSERT INTO ts (k, c1, c2, v) VALUES (1, ?, ?, ?)",
                (c1, c2, c1 * 10),
            )
            .await;
        }
    }
    run(&s, "UPDATE ts SET s = 'shared' WHERE k = 1").await;
    run(&s, "INSERT INTO ts (k, s) VALUES (2, 'only static')").await;

    let got: Vec<(i32, String, Option<String>)> =
        rows(&s, "SELECT c1, c2, s FROM ts WHERE k = 1 AND c1 >= 3").await;
    let want = vec![
        (4, "a".into(), Some("shared".into())),
        (4, "b".into(), Some("shared".into())),
        (3, "a".into(), Some("shared".into())),
        (3, "b".into(), Some("shared".into())),
    ];
    assert_eq!(got, want, "DESC clustering: larger c1 first");
    let got: Vec<(i32, String)> = rows(
        &s,
        "SELECT c1, c2 FROM ts WHERE k = 1 AND c1 < 3 ORDER BY c1 ASC, c2 DESC",
    )
    .await;
    assert_eq!(
        got,
        vec![
            (1, "b".into()),
            (1, "a".into()),
            (2, "b".into()),
            (2, "a".into())
        ]
    );
    let got: Vec<(i32, String)> = rows(
        &s,
        "SELECT c1, c2 FROM ts WHERE k = 1 AND c1 IN (1, 4) AND c2 = 'b'",
    )
    .await;
    assert_eq!(got, vec![(4, "b".into()), (1, "b".into())]);
    let got: Vec<(i32, String)> = rows(
        &s,
        "SELECT c1, c2 FROM ts WHERE k = 1 AND c1 = 2 AND c2 > 'a'",
    )
    .await;
    assert_eq!(got, vec![(2, "b".into())]);
    let got: Vec<(i32, String)> = rows(
        &s,
        "SELECT c1, c2 FROM ts WHERE k = 1 AND (c1, c2) > (3, 'a') AND (c1, c2) <= (4, 'a')",
    )
    .await;
    assert_eq!(
        got,
        vec![(4, "a".into()), (3, "b".into())],
        "mixed-order tuple slices compare in value order"
    );
    let got: Vec<(i32, Option<i32>, Option<String>)> =
        rows(&s, "SELECT k, c1, s FROM ts WHERE k = 2").await;
    assert_eq!(got, vec![(2, None, Some("only static".into()))]);
    let got: Vec<(i32, Option<String>)> = rows(&s, "SELECT DISTINCT k, s FROM ts").await;
    assert_eq!(got.len(), 2);
    run(&s, "DELETE FROM ts WHERE k = 1 AND c1 > 1 AND c1 <= 3").await;
    let got: Vec<(i32,)> = rows(&s, "SELECT c1 FROM ts WHERE k = 1 PER PARTITION LIMIT 3").await;
    assert_eq!(got, vec![(4,), (4,), (1,)]);
    let got: Vec<(i64,)> = rows(&s, "SELECT count(*) FROM ts WHERE k = 1").await;
    assert_eq!(got, vec![(4,)]);
}

#[tokio::test]
async fn filtering_selectors_and_limits() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, "dml5").await;
    run(
        &s,
        "CREATE TABLE f (k int, c int, v int, t text, PRIMARY KEY (k, c))",
    )
    .await;
    for k in 0..5 {
        for c in 0..4 {
            exec(
                &s,
                "INSERT INTO f (k, c, v, t) VALUES (?, ?, ?, ?) USING TIMESTAMP 1000",
                (k, c, k * c, format!("{k}-{c}")),
            )
            .await;
        }
    }
    let got: Vec<(i32, i32)> = rows(&s, "SELECT k, c FROM f WHERE v = 6 ALLOW FILTERING").await;
    let got: BTreeSet<(i32, i32)> = got.into_iter().collect();
    assert_eq!(got, BTreeSet::from([(2, 3), (3, 2)]));
    let got: Vec<(i32,)> = rows(&s, "SELECT c FROM f WHERE k = 4 AND v >= 8 ALLOW FILTERING").await;
    assert_eq!(got, vec![(2,), (3,)]);
    let got: Vec<(i32,)> = rows(&s, "SELECT k FROM f WHERE c = 0 ALLOW FILTERING").await;
    assert_eq!(got.len(), 5);
    let got: Vec<(i32,)> = rows(&s, "SELECT k FROM f LIMIT 7").await;
    assert_eq!(got.len(), 7);
    let result = run(
        &s,
        "SELECT k AS key, writetime(v), ttl(v), count(*), max(v), min(t) FROM f WHERE k = 3",
    )
    .await;
    assert_eq!(
        column_names(result),
        [
            "key",
            "writetime(v)",
            "ttl(v)",
            "count",
            "system.max(v)",
            "system.min(t)"
        ]
    );
    let got: Vec<(i32, i64, Option<i32>, i64, i32, String)> = rows(
        &s,
        "SELECT k, writetime(v), ttl(v), count(*), max(v), min(t) FROM f WHERE k = 3",
    )
    .await;
    assert_eq!(got, vec![(3, 1000, None, 4, 9, "3-0".into())]);
    let got: Vec<(i32, i64)> = rows_with(
        &s,
        "SELECT sum(v), count(v) FROM f WHERE k IN ?",
        (vec![1, 2],),
    )
    .await;
    assert_eq!(got, vec![(18, 8)]);
    let all: Vec<(i32, i64)> =
        rows(&s, "SELECT k, token(k) FROM f WHERE c = 0 ALLOW FILTERING").await;
    let tokens: Vec<i64> = all.iter().map(|r| r.1).collect();
    assert!(
        tokens.windows(2).all(|w| w[0] < w[1]),
        "a scan returns partitions in token order"
    );
    let from = tokens[2];
    let got: Vec<(i32,)> = rows_with(
        &s,
        "SELECT k FROM f WHERE token(k) >= ? AND c = 0 ALLOW FILTERING",
        (from,),
    )
    .await;
    assert_eq!(got.len(), 3);
}
