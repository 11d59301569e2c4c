//! A TCP proxy for tests that puts a known, periodic stall between a client and a node.
//!
//! Client -> node bytes always pass at once. Node -> client bytes pass at once too, except
//! inside a stall window: the proxy then holds them and releases them, in order and complete,
//! when the window ends. It delays, never drops, so every request still gets its answer, only
//! later; that makes it an honest model of a cluster pausing (a GC pause, a compaction
//! stall) with a stall pattern known in advance, which is what a coordinated-omission test
//! needs to compute the latencies it must see.
//!
//! Stall windows are `[first + k * period, first + k * period + stall)` on the proxy's own
//! clock (started in [`StallProxy::start`]), k = 0, 1, 2, ... The proxy stops (closes the
//! listener and every connection) on [`StallProxy::close`] or when dropped, so a test that
//! fails cannot leave it running; closing it mid-run also models a node that disappears.
//!
//! Include it with `#[path = "util/stall_proxy.rs"] mod stall_proxy;`.
#![allow(dead_code)]

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

/// When node -> client bytes are held back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StallPattern {
    /// Start of the first stall, from the proxy's start.
    pub first: Duration,
    /// Distance between the starts of two stalls.
    pub period: Duration,
    /// How long each stall lasts (less than `period`).
    pub stall: Duration,
}

impl StallPattern {
    /// Offset of the end of the stall covering `elapsed`, or `None` when bytes may pass.
    pub fn stall_end(&self, elapsed: Duration) -> Option<Duration> {
        let since_first = elapsed.checked_sub(self.first)?;
        let period = self.period.as_nanos().max(1);
        let k = since_first.as_nanos() / period;
        let into = since_first.as_nanos() % period;
        (into < self.stall.as_nanos()).then(|| {
            let end = k * period + self.stall.as_nanos();
            self.first + Duration::from_nanos(u64::try_from(end).unwrap_or(u64::MAX))
        })
    }
}

/// A running proxy; see the module docs.
pub struct StallProxy {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
}

impl StallProxy {
    /// Listen on `ip` (a free port) and forward every connection to `upstream`, stalling
    /// node -> client bytes as `pattern` says (`None`: never).
    ///
    /// For the scylla driver, listen on the node's own IP: the driver takes the node's
    /// address from `system.local` and the port from the contact point, and connects there.
    pub async fn start(
        ip: IpAddr,
        upstream: SocketAddr,
        pattern: Option<StallPattern>,
    ) -> StallProxy {
        let listener = match TcpListener::bind((ip, 0)).await {
            Ok(l) => l,
            Err(e) => panic!("the stall proxy cannot listen on {ip}: {e}"),
        };
        let addr = match listener.local_addr() {
            Ok(a) => a,
            Err(e) => panic!("the stall proxy has no local address: {e}"),
        };
        let (stop, stopped) = watch::channel(false);
        let clock = Arc::new(Clock {
            start: Instant::now(),
            pattern,
        });
        tokio::spawn(accept_loop(listener, upstream, clock, stopped));
        StallProxy { addr, stop }
    }

    /// Where clients connect.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stop accepting and close every proxied connection (both directions) now.
    pub fn close(&self) {
        let _ = self.stop.send(true);
    }
}

impl Drop for StallProxy {
    fn drop(&mut self) {
        self.close();
    }
}

/// The proxy's clock and its stall pattern.
struct Clock {
    start: Instant,
    pattern: Option<StallPattern>,
}

impl Clock {
    /// The instant node -> client bytes may pass again, when now is inside a stall.
    fn held_until(&self) -> Option<Instant> {
        let pattern = self.pattern?;
        let end = pattern.stall_end(self.start.elapsed())?;
        Some(self.start + end)
    }
}

async fn accept_loop(
    listener: TcpListener,
    upstream: SocketAddr,
    clock: Arc<Clock>,
    mut stopped: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stopped.wait_for(|stop| *stop) => return,
        };
        let Ok((client, _)) = accepted else { continue };
        let clock = clock.clone();
        let stopped = stopped.clone();
        tokio::spawn(async move {
            let Ok(node) = TcpStream::connect(upstream).await else {
                return; // dropping `client` tells the driver the node is unreachable
            };
            proxy_connection(client, node, clock, stopped).await;
        });
    }
}

/// Forward one connection until either side closes or the proxy stops.
async fn proxy_connection(
    client: TcpStream,
    node: TcpStream,
    clock: Arc<Clock>,
    mut stopped: watch::Receiver<bool>,
) {
    let _ = client.set_nodelay(true);
    let _ = node.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut node_read, mut node_write) = node.into_split();
    // Node -> client: a reader that never stops reading (so the node never blocks on us) and
    // a writer that holds chunks while a stall lasts. The channel is unbounded on purpose:
    // the proxy must delay, never drop or push back, and a test's volume is small.
    let (chunks, mut held) = mpsc::unbounded_channel::<Vec<u8>>();
    let from_node = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match node_read.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if chunks.send(buf[..n].to_vec()).is_err() {
                        return;
                    }
                }
            }
        }
    };
    let to_client = async move {
        while let Some(chunk) = held.recv().await {
            if let Some(until) = clock.held_until() {
                tokio::time::sleep_until(until).await;
            }
            if client_write.write_all(&chunk).await.is_err() {
                return;
            }
        }
    };
    let to_node = async move {
        let _ = tokio::io::copy(&mut client_read, &mut node_write).await;
    };
    // The reader may finish first (the node closed): keep delivering what it read.
    let node_to_client = async {
        tokio::join!(from_node, to_client);
    };
    tokio::select! {
        _ = node_to_client => {}
        _ = to_node => {}
        _ = stopped.wait_for(|stop| *stop) => {}
    }
}
