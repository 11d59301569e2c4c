//! The writing half of a connection: one task that takes encoded frames from a bounded
//! channel and writes everything pending in one `write_all`, so a burst of responses costs
//! one system call. The bound gives back-pressure: a client that stops reading stops being
//! read from.

use tokio::io::AsyncWriteExt;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Where encoded frames (one or several, back to back) are sent for writing.
pub type Outbox = mpsc::Sender<Vec<u8>>;

/// Batches of frames that may wait for the socket before readers block.
const QUEUE_DEPTH: usize = 256;
/// Stop coalescing once a write is this large.
const MAX_WRITE: usize = 1 << 20;

/// Start the writer task. It ends (and shuts the write side down) once every [`Outbox`]
/// clone is dropped and the queue is drained, or when the socket fails.
pub fn spawn(socket: OwnedWriteHalf) -> (Outbox, JoinHandle<()>) {
    let (tx, rx) = mpsc::channel(QUEUE_DEPTH);
    (tx, tokio::spawn(run(socket, rx)))
}

async fn run(mut socket: OwnedWriteHalf, mut rx: mpsc::Receiver<Vec<u8>>) {
    while let Some(mut pending) = rx.recv().await {
        while pending.len() < MAX_WRITE {
            match rx.try_recv() {
                Ok(more) => pending.extend_from_slice(&more),
                Err(_) => break,
            }
        }
        if socket.write_all(&pending).await.is_err() {
            return;
        }
    }
    let _ = socket.shutdown().await;
}
