//! Connecting through profiles: embedded clusters, credentials from the environment,
//! unreachable clusters, and driver settings reaching the session.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use ringbench::profile::{self, Profile, ProfileError};
use scylla::statement::{Consistency, SerialConsistency};

use crate::{cql, util};

/// A remote profile for `addr` with `extra` appended (top-level YAML keys).
pub fn remote(addr: SocketAddr, extra: &str) -> Profile {
    let text = format!("name: test\ncontact_points: [\"{addr}\"]\n{extra}");
    profile::load("test.yaml", None, &text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

async fn connected(p: &Profile) -> profile::Connection {
    profile::connect(p)
        .await
        .unwrap_or_else(|e| panic!("connect failed: {e}"))
}

async fn release_version(conn: &profile::Connection) {
    let query = "SELECT release_version FROM system.local";
    if let Err(e) = conn.session().query_unpaged(query, &[]).await {
        panic!("{query}: {e}");
    }
}

#[tokio::test]
async fn embedded_3node_starts_three_nodes_and_takes_the_replication_override() {
    let p = profile::open("embedded-3node").unwrap_or_else(|e| panic!("{e}"));
    let conn = connected(&p).await;
    assert_eq!(conn.session().get_cluster_state().get_nodes_info().len(), 3);
    assert_eq!(conn.nodes().len(), 3);
    let cluster = conn
        .embedded()
        .unwrap_or_else(|| panic!("no embedded cluster"));
    assert_eq!(cluster.addresses(), conn.nodes());

    // The override is valid CQL replication for this cluster and is what the keyspace gets.
    let wanted = p
        .replication_override()
        .unwrap_or_else(|| panic!("no override"));
    let options = wanted
        .iter()
        .map(|(k, v)| format!("'{k}': '{v}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let session = conn.session();
    cql::run(
        session,
        &format!("CREATE KEYSPACE override_check WITH replication = {{{options}}}"),
    )
    .await;
    let rows: Vec<(HashMap<String, String>,)> = cql::rows(
        session,
        "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = 'override_check'",
    )
    .await;
    let [(replication,)] = rows.as_slice() else {
        panic!("expected one keyspace row, got {rows:?}");
    };
    assert_eq!(
        replication.get("datacenter1").map(String::as_str),
        Some("3")
    );
    assert!(replication
        .get("class")
        .is_some_and(|c| c.ends_with("NetworkTopologyStrategy")));
    conn.close().await;
}

#[tokio::test]
async fn the_password_comes_from_the_environment_and_is_never_shown() {
    let secret = format!("pw-{}-{:?}", std::process::id(), Instant::now());
    let cluster = util::start_with_auth(1, "bench", &secret).await;
    let var = "RINGBENCH_TEST_PROFILE_PASSWORD";
    std::env::set_var(var, &secret);
    let p = remote(
        cluster.addresses()[0],
        &format!("auth:\n  username: bench\n  password_env: {var}\n"),
    );
    assert!(!format!("{p:?}").contains(&secret));

    let conn = connected(&p).await;
    release_version(&conn).await;
    assert!(!format!("{conn:?}").contains(&secret), "{conn:?}");
    conn.close().await;

    std::env::set_var(var, "not-the-password");
    let Err(e) = profile::connect(&p).await else {
        panic!("connected with a wrong password");
    };
    let message = e.to_string();
    assert!(
        message.contains("check the username and the password"),
        "{message}"
    );
    assert!(
        message.contains(&cluster.addresses()[0].to_string()),
        "{message}"
    );
    assert!(!message.contains(&secret), "{message}");
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_missing_password_variable_is_a_clear_error() {
    let var = "RINGBENCH_TEST_PROFILE_UNSET_VARIABLE";
    std::env::remove_var(var);
    let p = remote(
        "127.0.0.1:9".parse().unwrap_or_else(|e| panic!("{e}")),
        &format!("auth:\n  username_env: {var}\n  password_env: {var}\n"),
    );
    match profile::connect(&p).await {
        Err(ProfileError::MissingEnv { var: named, .. }) => assert_eq!(named, var),
        Err(e) => panic!("expected MissingEnv, got: {e}"),
        Ok(_) => panic!("connected without credentials"),
    }
}

/// Connecting must fail within the profile's bound, naming the contact point.
async fn fails_fast(addr: SocketAddr) {
    let p = remote(addr, "driver:\n  connect_timeout: 1s\n");
    let started = Instant::now();
    let Err(e) = profile::connect(&p).await else {
        panic!("connected to {addr}, where nothing serves CQL");
    };
    let took = started.elapsed();
    let bound = profile::connect_limit(&p) + Duration::from_millis(500);
    assert!(took <= bound, "took {took:?}, bound {bound:?}: {e}");
    let message = e.to_string();
    assert!(message.contains(&addr.to_string()), "{message}");
    assert!(message.contains("check"), "no advice in: {message}");
}

#[tokio::test]
async fn a_closed_port_fails_fast_with_a_clear_message() {
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap_or_else(|e| panic!("{e}"));
    // The listener is dropped: nothing listens there any more.
    fails_fast(addr).await;
}

#[tokio::test]
async fn a_node_that_never_answers_fails_within_the_connect_bound() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    // Accept and hold connections without ever sending a byte.
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    fails_fast(addr).await;
    silent.abort();
}

#[tokio::test]
async fn driver_settings_reach_the_session() {
    let cluster = util::start(1).await;
    let p = remote(
        cluster.addresses()[0],
        "consistency: one\nserial_consistency: SERIAL\ndriver:\n  connections_per_host: 2\n  compression: lz4\n  request_timeout: 3s\n  retry: fallthrough\n  speculative_execution: { max_retries: 1, delay: 20ms }\n  page_size: 100\n",
    );
    let conn = connected(&p).await;
    release_version(&conn).await;
    let ep = conn
        .session()
        .get_default_execution_profile_handle()
        .to_profile();
    assert_eq!(ep.get_consistency(), Consistency::One);
    assert_eq!(ep.get_serial_consistency(), Some(SerialConsistency::Serial));
    assert_eq!(ep.get_request_timeout(), Some(Duration::from_secs(3)));
    assert!(ep.get_speculative_execution_policy().is_some());
    let retry = format!("{:?}", ep.get_retry_policy());
    assert!(retry.contains("Fallthrough"), "{retry}");
    assert_eq!(p.page_size(), Some(100));
    conn.close().await;
    cluster.shutdown().await;
}
