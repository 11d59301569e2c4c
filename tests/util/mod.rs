//! Shared helpers for integration tests: start a reference cluster on free loopback ports,
//! connect the scylla driver to it, and talk raw native-protocol frames to it.
//!
//! Use from a test file with `mod util;`. Every cluster binds port 0 on 127.0.0.x and is
//! stopped by `cluster.shutdown().await` (or, best effort, when dropped).
#![allow(dead_code)]

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use ringbench::node::cluster::Credentials;
use ringbench::node::server::{start_cluster, ClusterConfig, RunningCluster};
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long raw clients wait for a frame before failing the test.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A different loopback /24 "first address" per cluster started by this process, so that
/// concurrently running tests with several nodes do not compete for the same addresses.
fn next_listen_address() -> Ipv4Addr {
    static NEXT: AtomicU8 = AtomicU8::new(1);
    let block = NEXT.fetch_add(1, Ordering::Relaxed);
    Ipv4Addr::new(127, 0, block.max(1), 1)
}

/// Start a cluster of `nodes` nodes without authentication on a free port.
pub async fn start(nodes: usize) -> RunningCluster {
    start_with(ClusterConfig {
        nodes,
        listen: next_listen_address(),
        ..ClusterConfig::default()
    })
    .await
}

/// Start a cluster of `nodes` nodes that requires `username` / `password`.
pub async fn start_with_auth(nodes: usize, username: &str, password: &str) -> RunningCluster {
    start_with(ClusterConfig {
        nodes,
        listen: next_listen_address(),
        auth: Some(Credentials {
            username: username.into(),
            password: password.into(),
        }),
        ..ClusterConfig::default()
    })
    .await
}

/// Start a cluster with a custom configuration.
pub async fn start_with(config: ClusterConfig) -> RunningCluster {
    match start_cluster(config.clone()).await {
        Ok(cluster) => cluster,
        Err(e) => panic!("cannot start the reference cluster {config:?}: {e}"),
    }
}

/// A session builder pointed at the first node of `cluster`.
pub fn builder(cluster: &RunningCluster) -> SessionBuilder {
    let first = cluster.addresses()[0];
    SessionBuilder::new().known_node_addr(first)
}

/// A scylla driver session connected to `cluster`.
pub async fn session(cluster: &RunningCluster) -> Session {
    build(builder(cluster)).await
}

/// A scylla driver session for `cluster` with credentials.
pub async fn session_with_auth(cluster: &RunningCluster, user: &str, password: &str) -> Session {
    build(builder(cluster).user(user, password)).await
}

/// Build a session, failing the test with the driver's error.
pub async fn build(builder: SessionBuilder) -> Session {
    match builder.build().await {
        Ok(session) => session,
        Err(e) => panic!("the scylla driver could not connect: {e}"),
    }
}

/// One frame as read off the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFrame {
    pub version: u8,
    pub flags: u8,
    pub stream: i16,
    pub opcode: u8,
    pub body: Vec<u8>,
}

impl RawFrame {
    /// The body, decompressed when the frame has the lz4 compression flag.
    pub fn inflated_body(&self) -> Vec<u8> {
        if self.flags & 0x01 == 0 {
            return self.body.clone();
        }
        let Some((len, block)) = self.body.split_first_chunk::<4>() else {
            panic!("compressed frame without a length: {self:?}");
        };
        match lz4_flex::block::decompress(block, u32::from_be_bytes(*len) as usize) {
            Ok(body) => body,
            Err(e) => panic!("bad lz4 body from the node ({e}): {self:?}"),
        }
    }

    /// For an ERROR frame: its code and message.
    pub fn error(&self) -> Option<(i32, String)> {
        if self.opcode != op::ERROR {
            return None;
        }
        let body = self.inflated_body();
        let code = i32::from_be_bytes(body.get(0..4)?.try_into().ok()?);
        let len = u16::from_be_bytes(body.get(4..6)?.try_into().ok()?) as usize;
        let msg = String::from_utf8_lossy(body.get(6..6 + len)?).into_owned();
        Some((code, msg))
    }
}

/// Opcodes used by the raw client.
pub mod op {
    pub const ERROR: u8 = 0x00;
    pub const STARTUP: u8 = 0x01;
    pub const READY: u8 = 0x02;
    pub const AUTHENTICATE: u8 = 0x03;
    pub const OPTIONS: u8 = 0x05;
    pub const SUPPORTED: u8 = 0x06;
    pub const QUERY: u8 = 0x07;
    pub const RESULT: u8 = 0x08;
    pub const PREPARE: u8 = 0x09;
    pub const EXECUTE: u8 = 0x0A;
    pub const REGISTER: u8 = 0x0B;
    pub const EVENT: u8 = 0x0C;
    pub const BATCH: u8 = 0x0D;
    pub const AUTH_RESPONSE: u8 = 0x0F;
    pub const AUTH_SUCCESS: u8 = 0x10;
}

/// Encode a request frame (`version` is the raw version byte, 4 for v4 requests).
pub fn frame(version: u8, flags: u8, stream: i16, opcode: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![version, flags];
    out.extend_from_slice(&stream.to_be_bytes());
    out.push(opcode);
    out.extend_from_slice(&(body.len() as i32).to_be_bytes());
    out.extend_from_slice(body);
    out
}

/// Body helpers for hand-written requests.
pub mod body {
    pub fn string(out: &mut Vec<u8>, s: &str) {
        out.extend_from_slice(&(s.len() as u16).to_be_bytes());
        out.extend_from_slice(s.as_bytes());
    }

    pub fn long_string(out: &mut Vec<u8>, s: &str) {
        out.extend_from_slice(&(s.len() as i32).to_be_bytes());
        out.extend_from_slice(s.as_bytes());
    }

    /// A [string map].
    pub fn string_map(pairs: &[(&str, &str)]) -> Vec<u8> {
        let mut out = (pairs.len() as u16).to_be_bytes().to_vec();
        for (k, v) in pairs {
            string(&mut out, k);
            string(&mut out, v);
        }
        out
    }

    /// A [string list].
    pub fn string_list(items: &[&str]) -> Vec<u8> {
        let mut out = (items.len() as u16).to_be_bytes().to_vec();
        for item in items {
            string(&mut out, item);
        }
        out
    }

    /// A QUERY body with consistency ONE and no values or flags.
    pub fn query(cql: &str) -> Vec<u8> {
        let mut out = Vec::new();
        long_string(&mut out, cql);
        out.extend_from_slice(&[0, 1, 0]);
        out
    }

    /// A [bytes] value.
    pub fn bytes(b: &[u8]) -> Vec<u8> {
        let mut out = (b.len() as i32).to_be_bytes().to_vec();
        out.extend_from_slice(b);
        out
    }
}

/// A raw native-protocol client for protocol tests.
pub struct RawClient {
    pub stream: TcpStream,
}

impl RawClient {
    pub async fn connect(addr: SocketAddr) -> RawClient {
        match TcpStream::connect(addr).await {
            Ok(stream) => RawClient { stream },
            Err(e) => panic!("cannot connect to {addr}: {e}"),
        }
    }

    /// Connect and complete STARTUP (CQL_VERSION 3.0.0, no compression), expecting READY.
    pub async fn ready(addr: SocketAddr) -> RawClient {
        let mut client = RawClient::connect(addr).await;
        let reply = client.request(op::STARTUP, &startup_body(None)).await;
        assert_eq!(reply.opcode, op::READY, "STARTUP answer: {reply:?}");
        client
    }

    /// Write raw bytes.
    pub async fn send(&mut self, bytes: &[u8]) {
        if let Err(e) = self.stream.write_all(bytes).await {
            panic!("cannot write to the node: {e}");
        }
    }

    /// Send a v4 request on stream 0 and read the next frame.
    pub async fn request(&mut self, opcode: u8, body: &[u8]) -> RawFrame {
        self.send(&frame(4, 0, 0, opcode, body)).await;
        self.read_frame().await
    }

    /// Read one frame, failing the test on EOF or after [`READ_TIMEOUT`].
    pub async fn read_frame(&mut self) -> RawFrame {
        match self.try_read_frame().await {
            Some(frame) => frame,
            None => panic!("the connection closed before a whole frame arrived"),
        }
    }

    /// Read one frame; `None` when the connection closes (or resets) first.
    pub async fn try_read_frame(&mut self) -> Option<RawFrame> {
        let read = async {
            let mut header = [0u8; 9];
            self.stream.read_exact(&mut header).await.ok()?;
            let len = i32::from_be_bytes([header[5], header[6], header[7], header[8]]);
            let mut body = vec![0u8; usize::try_from(len).ok()?];
            self.stream.read_exact(&mut body).await.ok()?;
            Some(RawFrame {
                version: header[0],
                flags: header[1],
                stream: i16::from_be_bytes([header[2], header[3]]),
                opcode: header[4],
                body,
            })
        };
        match tokio::time::timeout(READ_TIMEOUT, read).await {
            Ok(frame) => frame,
            Err(_) => panic!("no frame from the node within {READ_TIMEOUT:?}"),
        }
    }

    /// True when the node closed the connection (EOF or reset) within [`READ_TIMEOUT`].
    pub async fn is_closed(&mut self) -> bool {
        let mut byte = [0u8; 1];
        match tokio::time::timeout(READ_TIMEOUT, self.stream.read(&mut byte)).await {
            Ok(Ok(0)) | Ok(Err(_)) => true,
            Ok(Ok(_)) | Err(_) => false,
        }
    }
}

/// A STARTUP body with CQL_VERSION 3.0.0 and the given compression.
pub fn startup_body(compression: Option<&str>) -> Vec<u8> {
    match compression {
        Some(c) => body::string_map(&[("CQL_VERSION", "3.0.0"), ("COMPRESSION", c)]),
        None => body::string_map(&[("CQL_VERSION", "3.0.0")]),
    }
}
