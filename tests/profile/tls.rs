//! TLS profiles against a TLS proxy in front of a reference node: the CA file decides whom
//! the client trusts, `verify_hostname` whether the certificate must name the address, and a
//! client certificate is presented when the profile gives one.

use std::net::Ipv4Addr;

use ringbench::node::server::{ClusterConfig, RunningCluster};
use ringbench::profile::{self, Profile, ProfileError};

use crate::connecting::remote;
use crate::tls_proxy::{self, fixture};
use crate::util;

/// A profile for the proxy with `tls:` settings (`ca_file` is a fixture name).
fn tls_profile(proxy: &tls_proxy::TlsProxy, ca: &str, more: &str) -> Profile {
    let ca_file = fixture(ca);
    remote(
        proxy.addr,
        &format!(
            "tls:\n  ca_file: \"{}\"\n{more}driver:\n  connect_timeout: 2s\n",
            ca_file.display()
        ),
    )
}

/// A one-node reference cluster on 127.0.0.1, the address the node certificates name: the
/// driver reaches the node at its advertised address with the contact point's port, which is
/// then the proxy's.
async fn node() -> RunningCluster {
    util::start_with(ClusterConfig {
        nodes: 1,
        listen: Ipv4Addr::LOCALHOST,
        ..ClusterConfig::default()
    })
    .await
}

async fn works(p: &Profile) {
    let conn = profile::connect(p)
        .await
        .unwrap_or_else(|e| panic!("TLS connect failed: {e}"));
    let query = "SELECT release_version FROM system.local";
    if let Err(e) = conn.session().query_unpaged(query, &[]).await {
        panic!("{query} over TLS: {e}");
    }
    conn.close().await;
}

async fn refused(p: &Profile) -> String {
    match profile::connect(p).await {
        Ok(_) => panic!("connected although the TLS settings should have been refused"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn a_node_certificate_signed_by_the_ca_file_is_trusted() {
    let cluster = node().await;
    let proxy = tls_proxy::start(cluster.addresses()[0], "server-ip", None).await;
    works(&tls_profile(&proxy, "ca.pem", "")).await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_certificate_from_another_ca_is_refused_with_tls_advice() {
    let cluster = node().await;
    let proxy = tls_proxy::start(cluster.addresses()[0], "server-ip", None).await;
    let message = refused(&tls_profile(&proxy, "other-ca.pem", "")).await;
    assert!(
        message.contains("check the profile's `tls` settings"),
        "{message}"
    );
    cluster.shutdown().await;
}

#[tokio::test]
async fn verify_hostname_false_accepts_a_certificate_without_the_ip() {
    let cluster = node().await;
    let proxy = tls_proxy::start(cluster.addresses()[0], "server-name", None).await;
    // The certificate names node1.example only; the driver connects to 127.0.0.1.
    let message = refused(&tls_profile(&proxy, "ca.pem", "  verify_hostname: true\n")).await;
    assert!(
        message.contains("set `tls.verify_hostname: false`"),
        "{message}"
    );
    works(&tls_profile(&proxy, "ca.pem", "  verify_hostname: false\n")).await;
    // The chain is still checked.
    refused(&tls_profile(
        &proxy,
        "other-ca.pem",
        "  verify_hostname: false\n",
    ))
    .await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_client_certificate_is_presented_when_the_profile_has_one() {
    let cluster = node().await;
    let proxy = tls_proxy::start(cluster.addresses()[0], "server-ip", Some("ca.pem")).await;
    let message = refused(&tls_profile(&proxy, "ca.pem", "")).await;
    assert!(
        message.contains("set `tls.cert_file` and `tls.key_file`"),
        "{message}"
    );
    let client = format!(
        "  cert_file: \"{}\"\n  key_file: \"{}\"\n",
        fixture("client.pem").display(),
        fixture("client-key.pem").display()
    );
    works(&tls_profile(&proxy, "ca.pem", &client)).await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn unusable_tls_files_are_named_with_what_to_do() {
    let addr = "127.0.0.1:9".parse().unwrap_or_else(|e| panic!("{e}"));
    for (ca, expected) in [
        ("missing.pem", "No such file"),
        ("make-certs.sh", "no PEM certificate"),
    ] {
        let p = remote(
            addr,
            &format!("tls:\n  ca_file: \"{}\"\n", fixture(ca).display()),
        );
        match profile::connect(&p).await {
            Err(e @ ProfileError::Tls { .. }) => {
                let message = e.to_string();
                assert!(
                    message.contains(ca) && message.contains(expected),
                    "{message}"
                );
                assert!(message.contains("tls.ca_file"), "no advice: {message}");
            }
            Err(e) => panic!("expected a TLS file error for {ca}, got: {e}"),
            Ok(_) => panic!("connected with CA file {ca}"),
        }
    }
}
