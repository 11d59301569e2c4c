//! Statement validation through the scylla driver: Cassandra's errors with their codes and
//! messages, and the names, types and partition key indexes of prepared bind variables.

mod util;

#[path = "util/cql.rs"]
mod cql;

use cql::{assert_error, keyspace, rows, run, INVALID, UNAUTHORIZED};

#[tokio::test]
async fn errors_match_cassandra() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    assert_error(
        &s,
        "SELECT * FROM t",
        INVALID,
        "No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename",
    )
    .await;
    assert_error(
        &s,
        "SELECT * FROM nope.t",
        INVALID,
        "Keyspace nope does not exist",
    )
    .await;
    keyspace(&s, "dml6").await;
    run(
        &s,
        "CREATE TABLE e (k int, k2 int, c int, v int, PRIMARY KEY ((k, k2), c))",
    )
    .await;
    assert_error(
        &s,
        "SELECT * FROM missing",
        INVALID,
        "unconfigured table missing",
    )
    .await;
    assert_error(
        &s,
        "SELECT nope FROM e",
        INVALID,
        "Undefined column name nope",
    )
    .await;
    assert_error(
        &s,
        "INSERT INTO e (k, c, v) VALUES (1, 1, 1)",
        INVALID,
        "Some partition key parts are missing: k2",
    )
    .await;
    assert_error(
        &s,
        "INSERT INTO e (k, k2, v) VALUES (1, 1, 1)",
        INVALID,
        "Some clustering keys are missing: c",
    )
    .await;
    assert_error(
        &s,
        "UPDATE e SET v = 1 WHERE k = 1 AND k2 = 1",
        INVALID,
        "Some clustering keys are missing: c",
    )
    .await;
    assert_error(
        &s,
        "UPDATE e SET k = 1 WHERE k = 1 AND k2 = 1 AND c = 1",
        INVALID,
        "PRIMARY KEY part k found in SET part",
    )
    .await;
    assert_error(&s, "SELECT * FROM e WHERE k = 1", INVALID, "Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING").await;
    assert_error(&s, "SELECT * FROM e WHERE v = 1", INVALID, "Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING").await;
    assert_error(
        &s,
        "SELECT * FROM e WHERE k = 1 AND k2 = 1 ORDER BY v DESC",
        INVALID,
        "Order by is currently only supported on the clustered columns of the PRIMARY KEY, got v",
    )
    .await;
    assert_error(
        &s,
        "INSERT INTO e (k, k2, c, v) VALUES (1, 1, 1, 1) USING TTL 630720001",
        INVALID,
        "ttl is too large. requested (630720001) maximum (630720000)",
    )
    .await;
    assert_error(
        &s,
        "INSERT INTO e (k, k2, c, v) VALUES (1, 1, 1, 1) USING TTL -1",
        INVALID,
        "A TTL must be greater or equal to 0, but was -1",
    )
    .await;
    assert_error(
        &s,
        "INSERT INTO system.local (key) VALUES ('x')",
        UNAUTHORIZED,
        "system keyspace is not user-modifiable.",
    )
    .await;
    assert_error(
        &s,
        "SELECT * FROM e WHERE k = 1 AND k2 = 1 LIMIT 0",
        INVALID,
        "LIMIT must be strictly positive",
    )
    .await;
    assert_error(&s, "SELECT * FROM e WHERE k > 1 AND k2 > 1", INVALID, "Only EQ and IN relation are supported on the partition key (unless you use the token() function)").await;
    run(&s, "CREATE TABLE big (k text PRIMARY KEY, v int)").await;
    assert_error(
        &s,
        "INSERT INTO big (k, v) VALUES ('', 1)",
        INVALID,
        "Key may not be empty",
    )
    .await;
    let (code, message) = cql::error_with(
        &s,
        "INSERT INTO big (k, v) VALUES (?, 1)",
        ("x".repeat(70_000),),
    )
    .await;
    assert_eq!(
        (code, message.as_str()),
        (
            INVALID,
            "Key length of 70000 is longer than maximum of 65535"
        )
    );
    let got: Vec<(i32,)> = rows(&s, "SELECT v FROM e WHERE k = 1 ALLOW FILTERING").await;
    assert!(got.is_empty());
}

async fn bind_names(s: &scylla::client::session::Session, cql: &str) -> (Vec<String>, Vec<u16>) {
    let p = match s.prepare(cql).await {
        Ok(p) => p,
        Err(e) => panic!("PREPARE {cql}: {e}"),
    };
    let names = p
        .get_variable_col_specs()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    // The driver keeps them sorted by bind index; `sequence` is the position in the key.
    let mut pk: Vec<(u16, u16)> = p
        .get_variable_pk_indexes()
        .iter()
        .map(|i| (i.sequence, i.index))
        .collect();
    pk.sort_unstable();
    let pk = pk.into_iter().map(|(_, index)| index).collect();
    (names, pk)
}

#[tokio::test]
async fn prepared_bind_variables_are_named_like_cassandra() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    keyspace(&s, "dml7").await;
    run(&s, "CREATE TABLE n (k int, k2 text, c1 int, c2 int, l list<int>, m map<text, int>, st set<int>, v int, PRIMARY KEY ((k, k2), c1, c2))").await;
    let cases: [(&str, &[&str], &[u16]); 7] = [
        ("UPDATE n USING TTL ? AND TIMESTAMP ? SET m[?] = ?, l[?] = ? WHERE k2 = ? AND k = ? AND c1 = ? AND c2 = ?", &["[ttl]", "[timestamp]", "key(m)", "value(m)", "idx(l)", "value(l)", "k2", "k", "c1", "c2"], &[7, 6]),
        ("DELETE m[?], st[?], l[?] FROM n WHERE k = :key AND k2 = :part AND c1 = 1 AND c2 = 2", &["key(m)", "value(st)", "idx(l)", "key", "part"], &[3, 4]),
        ("SELECT * FROM n WHERE token(k, k2) > ? AND token(k, k2) <= ?", &["partition key token", "partition key token"], &[]),
        ("SELECT * FROM n WHERE k = ? AND k2 = ? AND (c1, c2) > (?, ?) PER PARTITION LIMIT ? LIMIT ?", &["k", "k2", "c1", "c2", "[per_partition_limit]", "[limit]"], &[0, 1]),
        ("SELECT * FROM n WHERE k = ? AND k2 = ? AND (c1, c2) IN ?", &["k", "k2", "in(c1,c2)"], &[0, 1]),
        ("SELECT * FROM n WHERE k = ? AND k2 = ? AND (c1, c2) >= ?", &["k", "k2", "(c1,c2)"], &[0, 1]),
        ("UPDATE n SET v = ? WHERE k = ? AND k2 = ? AND c1 = ? AND c2 = ? IF v IN ? AND m[?] = ?", &["v", "k", "k2", "c1", "c2", "in(v)", "key(m)", "value(m)"], &[1, 2]),
    ];
    for (cql, names, pk) in cases {
        let (got_names, got_pk) = bind_names(&s, cql).await;
        assert_eq!(
            (got_names, got_pk),
            (names.iter().map(|n| n.to_string()).collect(), pk.to_vec()),
            "{cql}"
        );
    }
}
