//! A TCP proxy that holds every byte from the server back for an adjustable delay: a slow
//! (or, with a long delay, stalled) target for the execution tests, in front of a reference
//! node. Bytes keep their order; the delay applies from the moment the proxy reads them.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// A running proxy; dropping it stops accepting (open connections end with the runtime).
pub struct DelayProxy {
    address: SocketAddr,
    delay_us: Arc<AtomicU64>,
    accept: JoinHandle<()>,
}

impl DelayProxy {
    /// Listen on a free port of 127.0.0.1 and forward to `target`, with no delay yet.
    pub async fn start(target: SocketAddr) -> DelayProxy {
        let listener = match TcpListener::bind("127.0.0.1:0").await {
            Ok(l) => l,
            Err(e) => panic!("the proxy cannot listen: {e}"),
        };
        let address = match listener.local_addr() {
            Ok(a) => a,
            Err(e) => panic!("the proxy has no address: {e}"),
        };
        let delay_us = Arc::new(AtomicU64::new(0));
        let delay = delay_us.clone();
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let delay = delay.clone();
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(target).await {
                        relay(client, server, delay).await;
                    }
                });
            }
        });
        DelayProxy {
            address,
            delay_us,
            accept,
        }
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Delay every server byte read from now on by `delay`.
    pub fn set_delay(&self, delay: Duration) {
        self.delay_us
            .store(delay.as_micros() as u64, Ordering::Relaxed);
    }
}

impl Drop for DelayProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn relay(client: TcpStream, server: TcpStream, delay_us: Arc<AtomicU64>) {
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let upstream = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
    });
    let (tx, mut rx) = mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let reader = tokio::spawn(async move {
        let mut buf = vec![0u8; 64 * 1024];
        while let Ok(n) = server_read.read(&mut buf).await {
            if n == 0 {
                break;
            }
            let due = Instant::now() + Duration::from_micros(delay_us.load(Ordering::Relaxed));
            if tx.send((due, buf[..n].to_vec())).is_err() {
                break;
            }
        }
    });
    while let Some((due, bytes)) = rx.recv().await {
        tokio::time::sleep_until(due).await;
        if client_write.write_all(&bytes).await.is_err() {
            break;
        }
    }
    upstream.abort();
    reader.abort();
}
