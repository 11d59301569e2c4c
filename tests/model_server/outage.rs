//! Node down / up on the model's schedule: the listener refuses connections, open
//! connections close, registered clients see STATUS_CHANGE DOWN and UP, requests needing the
//! down replica get Unavailable, and shutdown still stops a node in its outage.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use ringbench::node::model::{ModelConfig, NodeOverride, Outage};

use super::util::{body, op, RawClient};
use super::{fixed, start};

/// A QUERY body at consistency ALL.
fn query_all(cql: &str) -> Vec<u8> {
    let mut out = Vec::new();
    body::long_string(&mut out, cql);
    out.extend_from_slice(&[0, 5, 0]);
    out
}

/// The STATUS_CHANGE event body for `change` of `address`.
fn status_event(change: &str, address: SocketAddr) -> Vec<u8> {
    let mut out = Vec::new();
    body::string(&mut out, "STATUS_CHANGE");
    body::string(&mut out, change);
    let SocketAddr::V4(v4) = address else {
        panic!("IPv4 nodes expected, got {address}");
    };
    out.push(4);
    out.extend_from_slice(&v4.ip().octets());
    out.extend_from_slice(&i32::from(v4.port()).to_be_bytes());
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_down_node_refuses_connections_and_comes_back() {
    let outage = Outage {
        at: Duration::from_millis(1500),
        length: Duration::from_millis(1500),
    };
    let mut model = ModelConfig::simple(4, fixed(1));
    model.nodes.push(NodeOverride {
        node: 1,
        slow_factor: 1.0,
        stalls: None,
        down: vec![outage],
    });
    let cluster = start(2, model).await;
    let [first, second] = cluster.addresses()[..] else {
        panic!("two nodes expected");
    };
    let mut watcher = RawClient::ready(first).await;
    let reply = watcher
        .request(op::REGISTER, &body::string_list(&["STATUS_CHANGE"]))
        .await;
    assert_eq!(reply.opcode, op::READY, "{reply:?}");
    for cql in [
        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}",
        "CREATE TABLE ks.t (k int PRIMARY KEY, v int)",
    ] {
        let reply = watcher.request(op::QUERY, &body::query(cql)).await;
        assert_eq!(reply.opcode, op::RESULT, "{cql}: {reply:?}");
    }
    let mut doomed = RawClient::ready(second).await;

    assert!(
        doomed.is_closed().await,
        "the down node kept its connection"
    );
    let event = watcher.read_frame().await;
    assert_eq!(
        (event.opcode, event.stream, event.body),
        (op::EVENT, -1, status_event("DOWN", second))
    );
    assert!(
        tokio::net::TcpStream::connect(second).await.is_err(),
        "the down node accepted a connection"
    );
    // Both replicas are needed at ALL and one is down.
    let reply = watcher
        .request(
            op::QUERY,
            &query_all("INSERT INTO ks.t (k, v) VALUES (1, 1)"),
        )
        .await;
    let mut expected = 0x1000i32.to_be_bytes().to_vec();
    body::string(&mut expected, "Cannot achieve consistency level ALL");
    expected.extend_from_slice(&[0, 5, 0, 0, 0, 2, 0, 0, 0, 1]);
    assert_eq!((reply.opcode, reply.body), (op::ERROR, expected));

    let event = watcher.read_frame().await;
    assert_eq!(
        (event.opcode, event.body),
        (op::EVENT, status_event("UP", second))
    );
    let mut back = RawClient::ready(second).await;
    let reply = back
        .request(op::QUERY, &body::query("SELECT v FROM ks.t WHERE k = 1"))
        .await;
    assert_eq!(reply.opcode, op::RESULT, "{reply:?}");
    cluster.shutdown().await;
}

#[tokio::test]
async fn shutdown_stops_a_node_in_the_middle_of_its_outage() {
    let mut model = ModelConfig::simple(1, fixed(1));
    model.nodes.push(NodeOverride {
        node: 0,
        slow_factor: 1.0,
        stalls: None,
        down: vec![Outage {
            at: Duration::ZERO,
            length: Duration::from_secs(60),
        }],
    });
    let cluster = start(1, model).await;
    let address = cluster.addresses()[0];
    let deadline = Instant::now() + Duration::from_secs(5);
    while tokio::net::TcpStream::connect(address).await.is_ok() {
        assert!(Instant::now() < deadline, "{address} never went down");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let stopped = tokio::time::timeout(Duration::from_secs(5), cluster.shutdown()).await;
    assert!(stopped.is_ok(), "shutdown hung during the outage");
}
