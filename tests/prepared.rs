//! Prepared statements over TCP: ids identical on every node, Unprepared (0x2500) for an
//! unknown id with the id echoed in the error body, the scylla driver re-preparing after a
//! node forgot its statements, and LWT results that keep their metadata even when the client
//! asks to skip it, and values sent by name (the NAMES_FOR_VALUES flag).

mod util;

use std::collections::HashSet;

use util::{body, op, RawClient, RawFrame};

const UNPREPARED: i32 = 0x2500;
/// Rows metadata flag: no column specs follow.
const NO_METADATA: i32 = 0x0004;

/// The statement id of a RESULT Prepared frame.
fn prepared_id(frame: &RawFrame) -> Vec<u8> {
    assert_eq!(frame.opcode, op::RESULT, "expected RESULT, got {frame:?}");
    let b = frame.inflated_body();
    assert_eq!(
        &b[0..4],
        &4i32.to_be_bytes(),
        "expected kind Prepared in {b:?}"
    );
    let len = u16::from_be_bytes([b[4], b[5]]) as usize;
    b[6..6 + len].to_vec()
}

/// An EXECUTE body: [short bytes id][consistency ONE][flags] and no values.
fn execute_body(id: &[u8], flags: u8) -> Vec<u8> {
    let mut out = (id.len() as u16).to_be_bytes().to_vec();
    out.extend_from_slice(id);
    out.extend_from_slice(&1u16.to_be_bytes());
    out.push(flags);
    out
}

fn prepare_body(cql: &str) -> Vec<u8> {
    let mut out = Vec::new();
    body::long_string(&mut out, cql);
    out
}

#[tokio::test]
async fn ids_are_identical_on_every_node_and_unknown_ids_are_unprepared() {
    let cluster = util::start(3).await;
    let query = "SELECT * FROM system.local WHERE key = 'local'";
    let mut ids = HashSet::new();
    for addr in cluster.addresses() {
        let mut client = RawClient::ready(addr).await;
        ids.insert(prepared_id(
            &client.request(op::PREPARE, &prepare_body(query)).await,
        ));
    }
    assert_eq!(ids.len(), 1, "nodes handed out different ids: {ids:?}");

    let mut client = RawClient::ready(cluster.addresses()[0]).await;
    let unknown = vec![0xAB; 16];
    let reply = client
        .request(op::EXECUTE, &execute_body(&unknown, 0))
        .await;
    let (code, message) = reply.error().expect("an ERROR frame");
    assert_eq!(code, UNPREPARED, "message: {message}");
    // The body ends with the unknown id as [short bytes], so drivers know what to re-prepare.
    let b = reply.inflated_body();
    let tail = &b[b.len() - 18..];
    assert_eq!(&tail[..2], &16u16.to_be_bytes());
    assert_eq!(&tail[2..], &unknown[..]);
    cluster.shutdown().await;
}

#[tokio::test]
async fn the_driver_re_prepares_when_a_node_forgot_the_statement() {
    let cluster = util::start(1).await;
    let session = util::session(&cluster).await;
    for ddl in [
        "CREATE KEYSPACE rp WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
        "CREATE TABLE rp.t (k int PRIMARY KEY, v text)",
    ] {
        session.query_unpaged(ddl, &[]).await.expect(ddl);
    }
    let insert = session
        .prepare("INSERT INTO rp.t (k, v) VALUES (?, ?)")
        .await
        .expect("prepare");
    session
        .execute_unpaged(&insert, (1, "a"))
        .await
        .expect("first execute");

    // The node forgets every prepared statement, as after a restart.
    cluster.state().prepared[0].write().unwrap().clear();
    session
        .execute_unpaged(&insert, (2, "b"))
        .await
        .expect("execute after the node forgot the statement: the driver should re-prepare");
    assert_eq!(
        cluster.state().prepared[0].read().unwrap().len(),
        1,
        "the driver did not prepare the statement again"
    );
    let (n,): (i64,) = session
        .query_unpaged("SELECT COUNT(*) FROM rp.t", &[])
        .await
        .unwrap()
        .into_rows_result()
        .unwrap()
        .first_row()
        .unwrap();
    assert_eq!(n, 2);
    cluster.shutdown().await;
}

#[tokio::test]
async fn lwt_results_keep_their_metadata_when_skip_metadata_is_asked() {
    let cluster = util::start(1).await;
    let mut client = RawClient::ready(cluster.addresses()[0]).await;
    for ddl in [
        "CREATE KEYSPACE lw WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
        "CREATE TABLE lw.t (k int PRIMARY KEY, v text)",
    ] {
        let reply = client.request(op::QUERY, &body::query(ddl)).await;
        assert_eq!(reply.error(), None, "{ddl}");
    }
    let reply = client
        .request(
            op::PREPARE,
            &prepare_body("INSERT INTO lw.t (k, v) VALUES (1, 'x') IF NOT EXISTS"),
        )
        .await;
    let id = prepared_id(&reply);
    for expect_applied in [true, false] {
        // flags 0x02 = Skip_metadata
        let reply = client.request(op::EXECUTE, &execute_body(&id, 0x02)).await;
        assert_eq!(reply.error(), None);
        let b = reply.inflated_body();
        assert_eq!(&b[0..4], &2i32.to_be_bytes(), "expected kind Rows in {b:?}");
        let flags = i32::from_be_bytes([b[4], b[5], b[6], b[7]]);
        assert_eq!(
            flags & NO_METADATA,
            0,
            "LWT rows must carry metadata (applied = {expect_applied})"
        );
        let text = String::from_utf8_lossy(&b);
        assert!(text.contains("[applied]"), "no [applied] column in {b:?}");
    }
    cluster.shutdown().await;
}

/// A QUERY body with values sent by name (flags VALUES | NAMES_FOR_VALUES).
fn named_query_body(cql: &str, values: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    body::long_string(&mut out, cql);
    out.extend_from_slice(&1u16.to_be_bytes());
    out.push(0x01 | 0x40);
    out.extend_from_slice(&(values.len() as u16).to_be_bytes());
    for (name, value) in values {
        body::string(&mut out, name);
        out.extend_from_slice(&(value.len() as i32).to_be_bytes());
        out.extend_from_slice(value);
    }
    out
}

#[tokio::test]
async fn named_values_bind_by_marker_name_whatever_their_order() {
    let cluster = util::start(1).await;
    let mut client = RawClient::ready(cluster.addresses()[0]).await;
    for ddl in [
        "CREATE KEYSPACE nv WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
        "CREATE TABLE nv.t (k int PRIMARY KEY, v text)",
    ] {
        let reply = client.request(op::QUERY, &body::query(ddl)).await;
        assert_eq!(reply.error(), None, "{ddl}");
    }
    // Sent v first, k second: the node must match them to :k and :v by name.
    let insert = named_query_body(
        "INSERT INTO nv.t (k, v) VALUES (:k, :v)",
        &[("v", b"seven"), ("k", &7i32.to_be_bytes())],
    );
    let reply = client.request(op::QUERY, &insert).await;
    assert_eq!(reply.error(), None);

    let session = util::session(&cluster).await;
    let rows: Vec<(i32, String)> = session
        .query_unpaged("SELECT k, v FROM nv.t", &[])
        .await
        .unwrap()
        .into_rows_result()
        .unwrap()
        .rows::<(i32, String)>()
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows, vec![(7, "seven".to_string())]);

    // A name that matches no marker leaves :k unbound.
    let wrong = named_query_body(
        "INSERT INTO nv.t (k, v) VALUES (:k, :v)",
        &[("v", b"x"), ("key", &1i32.to_be_bytes())],
    );
    let (code, message) = client
        .request(op::QUERY, &wrong)
        .await
        .error()
        .expect("an ERROR frame");
    assert_eq!(code, 0x2200, "{message}");
    cluster.shutdown().await;
}
