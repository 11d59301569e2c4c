//! DDL against the reference node through the scylla driver over TCP: keyspaces and tables
//! round trip through `system_schema`, IF [NOT] EXISTS, Cassandra's error codes and
//! messages, schema agreement across a 3-node ring, and server-side DESCRIBE.

mod util;

#[path = "util/cql.rs"]
mod cql;
#[path = "schema/describe.rs"]
mod describe;

use std::sync::Arc;

use cql::{assert_error, error, rows, run};
use scylla::errors::DbError;
use scylla::policies::load_balancing::{NodeIdentifier, SingleTargetLoadBalancingPolicy};
use scylla::statement::unprepared::Statement;
use uuid::Uuid;

pub(crate) const SYNTAX: i32 = 0x2000;
pub(crate) const UNAUTHORIZED: i32 = 0x2100;
pub(crate) const INVALID: i32 = 0x2200;
pub(crate) const CONFIG: i32 = 0x2300;
pub(crate) const ALREADY_EXISTS: i32 = 0x2400;

pub(crate) const SIMPLE_1: &str = "{'class': 'SimpleStrategy', 'replication_factor': 1}";

#[tokio::test]
async fn keyspace_and_table_round_trip_through_system_schema() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    run(
        &s,
        &format!("CREATE KEYSPACE ks1 WITH replication = {SIMPLE_1}"),
    )
    .await;
    run(&s, "CREATE TABLE ks1.events (day text, ts timestamp, id int, payload text, tags set<text>, s int static, PRIMARY KEY (day, ts, id)) WITH CLUSTERING ORDER BY (ts DESC, id ASC) AND comment = 'events'").await;

    let ks: Vec<(String, bool, std::collections::HashMap<String, String>)> = rows(&s, "SELECT keyspace_name, durable_writes, replication FROM system_schema.keyspaces WHERE keyspace_name = 'ks1'").await;
    assert_eq!(ks.len(), 1);
    assert!(ks[0].1);
    assert_eq!(
        ks[0].2["class"],
        "org.apache.cassandra.locator.SimpleStrategy"
    );
    assert_eq!(ks[0].2["replication_factor"], "1");

    let tables: Vec<(String, Vec<String>, String)> = rows(
        &s,
        "SELECT table_name, flags, comment FROM system_schema.tables WHERE keyspace_name = 'ks1'",
    )
    .await;
    assert_eq!(
        tables,
        vec![(
            "events".to_string(),
            vec!["compound".to_string()],
            "events".to_string()
        )]
    );

    let mut columns: Vec<(String, String, i32, String, String)> = rows(&s, "SELECT column_name, kind, position, clustering_order, type FROM system_schema.columns WHERE keyspace_name = 'ks1' AND table_name = 'events'").await;
    columns.sort();
    let expected = [
        ("day", "partition_key", 0, "none", "text"),
        ("id", "clustering", 1, "asc", "int"),
        ("payload", "regular", -1, "none", "text"),
        ("s", "static", -1, "none", "int"),
        ("tags", "regular", -1, "none", "set<text>"),
        ("ts", "clustering", 0, "desc", "timestamp"),
    ];
    let expected: Vec<(String, String, i32, String, String)> = expected
        .iter()
        .map(|(n, k, p, o, t)| {
            (
                n.to_string(),
                k.to_string(),
                *p,
                o.to_string(),
                t.to_string(),
            )
        })
        .collect();
    assert_eq!(columns, expected);

    run(&s, "DROP TABLE ks1.events").await;
    let left: Vec<(String,)> = rows(
        &s,
        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks1'",
    )
    .await;
    assert!(left.is_empty(), "{left:?}");
    run(&s, "DROP KEYSPACE ks1").await;
    let left: Vec<(String,)> = rows(
        &s,
        "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = 'ks1'",
    )
    .await;
    assert!(left.is_empty(), "{left:?}");
    cluster.shutdown().await;
}

#[tokio::test]
async fn if_not_exists_and_if_exists_are_no_ops() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    let version = || {
        cluster
            .state()
            .schema
            .read()
            .map(|g| g.version)
            .unwrap_or_default()
    };
    run(
        &s,
        &format!("CREATE KEYSPACE ks2 WITH replication = {SIMPLE_1}"),
    )
    .await;
    run(&s, "CREATE TABLE ks2.t (k int PRIMARY KEY, v text)").await;
    let before = version();
    let again = run(
        &s,
        &format!("CREATE KEYSPACE IF NOT EXISTS ks2 WITH replication = {SIMPLE_1}"),
    )
    .await;
    assert!(!again.is_rows());
    run(
        &s,
        "CREATE TABLE IF NOT EXISTS ks2.t (k int PRIMARY KEY, other int)",
    )
    .await;
    run(&s, "DROP TABLE IF EXISTS ks2.missing").await;
    run(&s, "DROP KEYSPACE IF EXISTS missing_ks").await;
    assert_eq!(
        version(),
        before,
        "no-op DDL must not change the schema version"
    );
    let cols: Vec<(String,)> = rows(&s, "SELECT column_name FROM system_schema.columns WHERE keyspace_name = 'ks2' AND table_name = 't'").await;
    assert_eq!(cols.len(), 2, "the first definition stays: {cols:?}");
    cluster.shutdown().await;
}

#[tokio::test]
async fn errors_have_cassandras_codes_and_messages() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    run(
        &s,
        &format!("CREATE KEYSPACE ks3 WITH replication = {SIMPLE_1}"),
    )
    .await;
    run(&s, "CREATE TABLE ks3.t (k int PRIMARY KEY, v text)").await;

    let (code, msg, db) = error(
        &s,
        &format!("CREATE KEYSPACE ks3 WITH replication = {SIMPLE_1}"),
    )
    .await;
    assert_eq!(
        (code, msg.as_str()),
        (ALREADY_EXISTS, "Cannot add existing keyspace \"ks3\"")
    );
    assert!(
        matches!(db, DbError::AlreadyExists { ref keyspace, ref table } if keyspace == "ks3" && table.is_empty()),
        "{db:?}"
    );
    let (code, msg, db) = error(&s, "CREATE TABLE ks3.t (k int PRIMARY KEY)").await;
    assert_eq!(
        (code, msg.as_str()),
        (
            ALREADY_EXISTS,
            "Cannot add already existing table \"t\" to keyspace \"ks3\""
        )
    );
    assert!(
        matches!(db, DbError::AlreadyExists { ref keyspace, ref table } if keyspace == "ks3" && table == "t"),
        "{db:?}"
    );

    let cases = [
        ("DROP KEYSPACE nope", INVALID, "Keyspace 'nope' doesn't exist"),
        ("DROP TABLE ks3.nope", INVALID, "Table 'ks3.nope' doesn't exist"),
        ("CREATE TABLE nope.t (k int PRIMARY KEY)", INVALID, "Keyspace 'nope' doesn't exist"),
        ("ALTER KEYSPACE nope WITH durable_writes = false", INVALID, "Keyspace 'nope' doesn't exist"),
        ("CREATE TABLE t (k int PRIMARY KEY)", INVALID, "No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename"),
        ("CREATE KEYSPACE ks4 WITH replication = {'class': 'SimpleStrategy'}", CONFIG, "SimpleStrategy requires a replication_factor strategy option."),
        ("CREATE KEYSPACE ks4 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 'three'}", CONFIG, "For input string: \"three\""),
        ("CREATE KEYSPACE ks4 WITH replication = {'class': 'NoSuchStrategy'}", CONFIG, "Unable to find replication strategy class 'org.apache.cassandra.locator.NoSuchStrategy'"),
        ("CREATE KEYSPACE ks4 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1, 'dc2': 1}", CONFIG, "Unrecognized strategy option {dc2} passed to SimpleStrategy for keyspace ks4"),
        ("CREATE KEYSPACE ks4 WITH replication = {'class': 'NetworkTopologyStrategy', 'dc2': 1}", CONFIG, "Unrecognized strategy option {dc2} passed to NetworkTopologyStrategy for keyspace ks4"),
        ("CREATE KEYSPACE ks4 WITH durable_writes = true", INVALID, "Missing mandatory option 'replication'"),
        ("CREATE TABLE ks3.u (k int PRIMARY KEY) WITH foo = 1", SYNTAX, "Unknown property 'foo'"),
        ("CREATE TABLE ks3.u (k int PRIMARY KEY) WITH gc_grace_seconds = -1", CONFIG, "gc_grace_seconds must be greater than or equal to 0 (got -1)"),
        ("CREATE TABLE ks3.u (k int PRIMARY KEY, v int static)", INVALID, "Static columns are only useful (and thus allowed) if the table has at least one clustering column"),
        ("CREATE TABLE ks3.u (k int PRIMARY KEY, c counter, v int)", INVALID, "Cannot mix counter and non counter columns in the same table"),
        ("CREATE TABLE ks3.u (k list<int> PRIMARY KEY, v int)", INVALID, "Invalid non-frozen collection type list<int> for PRIMARY KEY column 'k'"),
        ("CREATE TABLE ks3.u (k int, v int, PRIMARY KEY (k, x))", INVALID, "Unknown column 'x' referenced in PRIMARY KEY for table 'u'"),
        ("DROP KEYSPACE system", UNAUTHORIZED, "system keyspace is not user-modifiable."),
        ("DROP KEYSPACE system_auth", UNAUTHORIZED, "Cannot DROP <keyspace system_auth>"),
        ("CREATE TABLE system_schema.x (k int PRIMARY KEY)", UNAUTHORIZED, "system_schema keyspace is not user-modifiable."),
        ("CREATE KEYSPACE system WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}", INVALID, "System keyspace 'system' is not user-modifiable"),
        ("DROP KEYSPACE system_views", INVALID, "Virtual keyspace 'system_views' is not user-modifiable"),
    ];
    for (statement, code, message) in cases {
        assert_error(&s, statement, code, message).await;
    }
    cluster.shutdown().await;
}

#[tokio::test]
async fn clustering_order_must_follow_the_clustering_key() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    run(
        &s,
        &format!("CREATE KEYSPACE ks5 WITH replication = {SIMPLE_1}"),
    )
    .await;
    let base = "CREATE TABLE ks5.t (k int, a int, b int, v int, PRIMARY KEY (k, a, b)) WITH CLUSTERING ORDER BY";
    let cases = [
        ("(b DESC, a ASC)", "The order of columns in the CLUSTERING ORDER directive must match that of the clustering columns (a must appear before b)"),
        ("(b DESC)", "Missing CLUSTERING ORDER for column a"),
        ("(a DESC, b ASC, v ASC)", "Only clustering columns can be defined in CLUSTERING ORDER directive"),
    ];
    for (order, message) in cases {
        assert_error(&s, &format!("{base} {order}"), INVALID, message).await;
    }
    run(&s, &format!("{base} (a DESC)")).await;
    let order: Vec<(String, String)> = rows(&s, "SELECT column_name, clustering_order FROM system_schema.columns WHERE keyspace_name = 'ks5' AND table_name = 't'").await;
    let get = |name: &str| {
        order
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, o)| o.clone())
    };
    assert_eq!(get("a").as_deref(), Some("desc"));
    assert_eq!(get("b").as_deref(), Some("asc"));
    cluster.shutdown().await;
}

#[tokio::test]
async fn schema_version_agrees_on_all_three_nodes_after_ddl() {
    let cluster = util::start(3).await;
    let s = util::session(&cluster).await;
    let initial = schema_versions(&s).await;
    run(
        &s,
        &format!("CREATE KEYSPACE ks6 WITH replication = {SIMPLE_1}"),
    )
    .await;
    run(&s, "CREATE TABLE ks6.t (k int PRIMARY KEY, v text)").await;
    let after = schema_versions(&s).await;
    let shared = cluster
        .state()
        .schema
        .read()
        .map(|g| g.version)
        .unwrap_or_default();
    assert_eq!(after, vec![shared; 3], "system.local on each node");
    assert_ne!(after, initial, "DDL must change the version");
    let peers: Vec<(Option<Uuid>,)> = rows(&s, "SELECT schema_version FROM system.peers").await;
    assert_eq!(peers, vec![(Some(shared),); 2]);
    assert_eq!(
        s.check_schema_agreement().await.ok().flatten(),
        Some(shared)
    );
    cluster.shutdown().await;
}

/// `system.local.schema_version` read from each node in turn.
async fn schema_versions(s: &scylla::client::session::Session) -> Vec<Uuid> {
    let state = s.get_cluster_state();
    let mut versions = Vec::new();
    for node in state.get_nodes_info() {
        let mut stmt =
            Statement::new("SELECT schema_version FROM system.local WHERE key = 'local'");
        stmt.set_load_balancing_policy(Some(SingleTargetLoadBalancingPolicy::new(
            NodeIdentifier::Node(Arc::clone(node)),
            None,
        )));
        let result = match s.query_unpaged(stmt, &()).await {
            Ok(r) => r,
            Err(e) => panic!("schema_version from {}: {e}", node.address),
        };
        let row = result
            .into_rows_result()
            .ok()
            .and_then(|r| r.single_row::<(Uuid,)>().ok());
        versions.push(row.map(|(v,)| v).unwrap_or_default());
    }
    versions
}

#[tokio::test]
async fn alter_keyspace_changes_replication_and_durable_writes() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    run(
        &s,
        &format!("CREATE KEYSPACE ks7 WITH replication = {SIMPLE_1}"),
    )
    .await;
    run(&s, "ALTER KEYSPACE ks7 WITH replication = {'class': 'NetworkTopologyStrategy', 'replication_factor': 3} AND durable_writes = false").await;
    let ks: Vec<(bool, std::collections::HashMap<String, String>)> = rows(&s, "SELECT durable_writes, replication FROM system_schema.keyspaces WHERE keyspace_name = 'ks7'").await;
    assert_eq!(ks.len(), 1);
    assert!(!ks[0].0);
    assert_eq!(
        ks[0].1.get("class").map(String::as_str),
        Some("org.apache.cassandra.locator.NetworkTopologyStrategy")
    );
    assert_eq!(ks[0].1.get("datacenter1").map(String::as_str), Some("3"));
    assert_eq!(ks[0].1.len(), 2, "{:?}", ks[0].1);
    cluster.shutdown().await;
}

#[tokio::test]
async fn truncate_empties_a_table_and_dropped_tables_do_not_come_back() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    run(
        &s,
        &format!("CREATE KEYSPACE ks9 WITH replication = {SIMPLE_1}"),
    )
    .await;
    run(&s, "CREATE TABLE ks9.t (k int PRIMARY KEY, v text)").await;
    run(&s, "INSERT INTO ks9.t (k, v) VALUES (1, 'a')").await;
    run(&s, "TRUNCATE ks9.t").await;
    let left: Vec<(i32,)> = rows(&s, "SELECT k FROM ks9.t").await;
    assert!(left.is_empty(), "{left:?}");
    run(&s, "INSERT INTO ks9.t (k, v) VALUES (2, 'b')").await;
    run(&s, "DROP TABLE ks9.t").await;
    run(&s, "CREATE TABLE ks9.t (k int PRIMARY KEY, v text)").await;
    let left: Vec<(i32,)> = rows(&s, "SELECT k FROM ks9.t").await;
    assert!(left.is_empty(), "a re-created table starts empty: {left:?}");
    assert_error(&s, "TRUNCATE ks9.nope", INVALID, "unconfigured table nope").await;
    cluster.shutdown().await;
}
