//! Native protocol v4 behaviour of the reference node over real TCP: handshake, versions,
//! authentication, compression, concurrency, hostile input and events.
//!
//! Raw-frame tests only need the server; the tests that use the scylla driver or run CQL
//! also need the parser, executor and system tables.

mod util;

#[path = "protocol/hostile.rs"]
mod hostile;

use std::collections::HashSet;

use scylla::client::Compression;
use util::{body, frame, op, startup_body, RawClient, RawFrame};

const PROTOCOL_ERROR: i32 = 0x000A;
const BAD_CREDENTIALS: i32 = 0x0100;

/// Decode a [string multimap] (the SUPPORTED body).
fn multimap(b: &[u8]) -> Vec<(String, Vec<String>)> {
    fn short(b: &[u8], at: &mut usize) -> usize {
        let v = u16::from_be_bytes([b[*at], b[*at + 1]]) as usize;
        *at += 2;
        v
    }
    fn string(b: &[u8], at: &mut usize) -> String {
        let n = short(b, at);
        let s = String::from_utf8_lossy(&b[*at..*at + n]).into_owned();
        *at += n;
        s
    }
    let mut at = 0;
    let keys = short(b, &mut at);
    (0..keys)
        .map(|_| {
            let key = string(b, &mut at);
            let count = short(b, &mut at);
            (key, (0..count).map(|_| string(b, &mut at)).collect())
        })
        .collect()
}

pub(crate) fn assert_protocol_error(reply: &RawFrame, starts_with: &str) {
    match reply.error() {
        Some((code, msg)) => {
            assert_eq!(
                code, PROTOCOL_ERROR,
                "expected a ProtocolError, got {msg:?}"
            );
            assert!(
                msg.starts_with(starts_with),
                "expected a message starting with {starts_with:?}, got {msg:?}"
            );
        }
        None => panic!("expected an ERROR frame, got {reply:?}"),
    }
}

/// The node still answers OPTIONS on a new connection.
pub(crate) async fn assert_still_serving(addr: std::net::SocketAddr) {
    let mut client = RawClient::connect(addr).await;
    let reply = client.request(op::OPTIONS, &[]).await;
    assert_eq!(reply.opcode, op::SUPPORTED, "{reply:?}");
}

#[tokio::test]
async fn options_lists_cql_version_lz4_and_v4_only() {
    let cluster = util::start(1).await;
    let mut client = RawClient::connect(cluster.addresses()[0]).await;
    let reply = client.request(op::OPTIONS, &[]).await;
    assert_eq!(reply.version, 0x84);
    assert_eq!(reply.opcode, op::SUPPORTED);
    let mut options = multimap(&reply.body);
    options.sort();
    let expected = vec![
        ("COMPRESSION".to_string(), vec!["lz4".to_string()]),
        ("CQL_VERSION".to_string(), vec!["3.4.6".to_string()]),
        ("PROTOCOL_VERSIONS".to_string(), vec!["4/v4".to_string()]),
    ];
    assert_eq!(options, expected);
    cluster.shutdown().await;
}

#[tokio::test]
async fn startup_then_ready_and_requests_before_startup_are_refused() {
    let cluster = util::start(1).await;
    let addr = cluster.addresses()[0];
    let mut client = RawClient::connect(addr).await;
    let reply = client
        .request(op::QUERY, &body::query("SELECT * FROM system.local"))
        .await;
    assert_protocol_error(
        &reply,
        "Unexpected message QUERY, expecting STARTUP or OPTIONS",
    );
    // Not fatal: the same connection can still start up.
    let reply = client.request(op::STARTUP, &startup_body(None)).await;
    assert_eq!(
        (reply.opcode, reply.body.len()),
        (op::READY, 0),
        "{reply:?}"
    );
    let reply = client.request(op::STARTUP, &startup_body(None)).await;
    assert_protocol_error(&reply, "Unexpected message STARTUP");

    let mut client = RawClient::connect(addr).await;
    let reply = client.request(op::STARTUP, &body::string_map(&[])).await;
    assert_protocol_error(&reply, "Missing value CQL_VERSION");
    let reply = client
        .request(op::STARTUP, &startup_body(Some("snappy")))
        .await;
    assert_protocol_error(&reply, "Unknown compression algorithm");
    cluster.shutdown().await;
}

#[tokio::test]
async fn other_protocol_versions_get_a_v4_protocol_error_and_are_closed() {
    let cluster = util::start(1).await;
    for version in [3u8, 5, 66] {
        let mut client = RawClient::connect(cluster.addresses()[0]).await;
        client.send(&frame(version, 0, 3, op::OPTIONS, &[])).await;
        let reply = client.read_frame().await;
        assert_eq!(reply.version, 0x84, "v{version}: {reply:?}");
        assert_eq!(reply.stream, 3);
        assert_protocol_error(
            &reply,
            &format!(
                "Invalid or unsupported protocol version ({version}); supported versions are (4/v4)"
            ),
        );
        assert!(client.is_closed().await, "v{version}: connection left open");
    }
    cluster.shutdown().await;
}

#[tokio::test]
async fn raw_authentication() {
    let cluster = util::start_with_auth(1, "alice", "wonderland").await;
    let addr = cluster.addresses()[0];
    let mut client = RawClient::connect(addr).await;
    let reply = client.request(op::STARTUP, &startup_body(None)).await;
    assert_eq!(reply.opcode, op::AUTHENTICATE);
    let mut expected = Vec::new();
    body::string(
        &mut expected,
        "org.apache.cassandra.auth.PasswordAuthenticator",
    );
    assert_eq!(reply.body, expected);

    let reply = client
        .request(op::QUERY, &body::query("SELECT * FROM system.local"))
        .await;
    assert_protocol_error(&reply, "Unexpected message QUERY");

    let reply = client
        .request(op::AUTH_RESPONSE, &body::bytes(b"\0alice\0rabbit"))
        .await;
    assert_eq!(
        reply.error(),
        Some((
            BAD_CREDENTIALS,
            "Provided username alice and/or password are incorrect".to_string()
        ))
    );
    let reply = client
        .request(op::AUTH_RESPONSE, &body::bytes(b"\0alice\0wonderland"))
        .await;
    assert_eq!(reply.opcode, op::AUTH_SUCCESS, "{reply:?}");
    assert_eq!(
        reply.body,
        (-1i32).to_be_bytes().to_vec(),
        "null token expected"
    );
    cluster.shutdown().await;
}

#[tokio::test]
async fn driver_authentication() {
    let cluster = util::start_with_auth(1, "alice", "wonderland").await;
    let bad = util::builder(&cluster)
        .user("alice", "rabbit")
        .build()
        .await;
    let err = match bad {
        Ok(_) => panic!("the driver connected with a wrong password"),
        Err(e) => format!("{e:?}"),
    };
    assert!(err.contains("and/or password are incorrect"), "{err}");
    let session = util::session_with_auth(&cluster, "alice", "wonderland").await;
    let rows = session
        .query_unpaged("SELECT cluster_name FROM system.local", &[])
        .await;
    assert!(rows.is_ok(), "{rows:?}");
    cluster.shutdown().await;
}

#[tokio::test]
async fn driver_with_lz4_compression() {
    let cluster = util::start(1).await;
    let session = util::build(util::builder(&cluster).compression(Some(Compression::Lz4))).await;
    for _ in 0..20 {
        let result = session
            .query_unpaged("SELECT release_version FROM system.local", &[])
            .await;
        assert!(result.is_ok(), "{result:?}");
    }
    cluster.shutdown().await;
}

#[tokio::test]
async fn raw_lz4_requests_and_responses() {
    let cluster = util::start(1).await;
    let mut client = RawClient::connect(cluster.addresses()[0]).await;
    let reply = client
        .request(op::STARTUP, &startup_body(Some("lz4")))
        .await;
    assert_eq!(
        (reply.opcode, reply.flags & 1),
        (op::READY, 0),
        "READY is never compressed"
    );

    // A compressed QUERY: whatever the executor says, the answer is a compressed frame whose
    // body decompresses to a RESULT or an ERROR.
    let plain = body::query("SELECT key FROM system.local");
    let mut compressed = (plain.len() as u32).to_be_bytes().to_vec();
    compressed.extend(lz4_flex::block::compress(&plain));
    client.send(&frame(4, 1, 9, op::QUERY, &compressed)).await;
    let reply = client.read_frame().await;
    assert_eq!((reply.stream, reply.flags & 1), (9, 1), "{reply:?}");
    assert!(matches!(reply.opcode, op::RESULT | op::ERROR), "{reply:?}");
    assert!(reply.inflated_body().len() >= 4, "{reply:?}");
    cluster.shutdown().await;
}

#[tokio::test]
async fn many_concurrent_driver_requests() {
    let cluster = util::start(1).await;
    let session = std::sync::Arc::new(util::session(&cluster).await);
    let prepared = session
        .prepare("SELECT release_version FROM system.local WHERE key = 'local'")
        .await;
    let prepared = match prepared {
        Ok(p) => p,
        Err(e) => panic!("prepare failed: {e}"),
    };
    let tasks: Vec<_> = (0..500)
        .map(|_| {
            let session = session.clone();
            let prepared = prepared.clone();
            tokio::spawn(async move { session.execute_unpaged(&prepared, &[]).await.is_ok() })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        ok += usize::from(matches!(t.await, Ok(true)));
    }
    assert_eq!(ok, 500);
    cluster.shutdown().await;
}

#[tokio::test]
async fn nodes_share_one_port_on_consecutive_addresses() {
    let cluster = util::start(3).await;
    let addresses = cluster.addresses();
    assert_eq!(addresses.len(), 3);
    let port = addresses[0].port();
    for (i, addr) in addresses.iter().enumerate() {
        assert_eq!(addr.port(), port);
        let std::net::IpAddr::V4(ip) = addr.ip() else {
            panic!("node {i} is not on IPv4: {addr}");
        };
        let std::net::IpAddr::V4(first) = addresses[0].ip() else {
            panic!("node 0 is not on IPv4");
        };
        assert_eq!(u32::from(ip), u32::from(first) + i as u32);
        assert_still_serving(*addr).await;
    }
    let host_ids: HashSet<_> = cluster.state().nodes.iter().map(|n| n.host_id).collect();
    assert_eq!(host_ids.len(), 3);
    cluster.shutdown().await;
}

#[tokio::test]
async fn shutdown_closes_open_connections() {
    let cluster = util::start(1).await;
    let addr = cluster.addresses()[0];
    let mut client = RawClient::ready(addr).await;
    cluster.shutdown().await;
    assert!(client.is_closed().await);
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn schema_change_events_reach_every_node() {
    let cluster = util::start(2).await;
    let addresses = cluster.addresses();
    let mut listener = RawClient::ready(addresses[1]).await;
    let reply = listener
        .request(op::REGISTER, &body::string_list(&["SCHEMA_CHANGE"]))
        .await;
    assert_eq!(reply.opcode, op::READY);

    let mut client = RawClient::ready(addresses[0]).await;
    let ddl = "CREATE KEYSPACE events_ks WITH replication = \
               {'class': 'SimpleStrategy', 'replication_factor': 1}";
    let reply = client.request(op::QUERY, &body::query(ddl)).await;
    assert_eq!(reply.opcode, op::RESULT, "{:?}", reply.error());

    let event = listener.read_frame().await;
    assert_eq!((event.opcode, event.stream), (op::EVENT, -1), "{event:?}");
    let mut expected = Vec::new();
    for s in ["SCHEMA_CHANGE", "CREATED", "KEYSPACE", "events_ks"] {
        body::string(&mut expected, s);
    }
    assert_eq!(event.body, expected);
    cluster.shutdown().await;
}
