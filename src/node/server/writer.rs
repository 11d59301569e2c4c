//! The writing half of a connection: one task that takes encoded frames from a bounded
//! channel and writes everything pending in one `write_all`, so a burst of responses costs
//! one system call. The bound gives back-pressure: a client that stops reading stops being
//! read from.
//!
//! The performance model's release thread needs its responses on the wire at an exact
//! instant, and waking this task costs a thread wake-up (tens of µs on a virtual machine).
//! So a [`Sink`] writes directly from the calling thread when nobody else is writing (a
//! non-blocking `try_write` under the socket's lock); a partial write leaves the rest in a
//! `front` buffer the task writes before anything else, so frames never interleave.

use std::sync::Arc;

use tokio::io::AsyncWriteExt;
use tokio::net::tcp::OwnedWriteHalf;
use tokio::sync::mpsc::error::TrySendError;
use tokio::sync::{mpsc, Mutex};
use tokio::task::JoinHandle;

/// Where encoded frames (one or several, back to back) are sent for writing.
pub type Outbox = mpsc::Sender<Vec<u8>>;

/// Batches of frames that may wait for the socket before readers block.
const QUEUE_DEPTH: usize = 256;
/// Stop coalescing once a write is this large.
const MAX_WRITE: usize = 1 << 20;

/// The socket, and bytes of a frame a direct write could not finish (written first).
struct WriteSide {
    socket: OwnedWriteHalf,
    front: Vec<u8>,
}

/// Writes frames from any thread without waiting: directly when the socket is free, else
/// through the writer task.
#[derive(Clone)]
pub struct Sink {
    outbox: Outbox,
    side: Arc<Mutex<WriteSide>>,
}

/// What became of frames given to [`Sink::send_now`].
#[derive(Debug)]
pub enum Sent {
    /// Written, or queued for the writer task.
    Done,
    /// The writer's queue is full: the caller must wait for room (these are the frames).
    Full(Vec<u8>),
    /// The connection is gone.
    Closed,
}

impl Sink {
    /// Write `frames` now if the socket is free; otherwise queue them for the writer task.
    /// Never blocks.
    pub fn send_now(&self, frames: Vec<u8>) -> Sent {
        let Ok(mut side) = self.side.try_lock() else {
            return self.queue(frames);
        };
        if !side.front.is_empty() {
            side.front.extend_from_slice(&frames);
            return self.queue(Vec::new());
        }
        let mut written = 0;
        while written < frames.len() {
            match side.socket.try_write(&frames[written..]) {
                Ok(0) => return Sent::Closed,
                Ok(n) => written += n,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    side.front.extend_from_slice(&frames[written..]);
                    // Wake the task to finish: it writes `front` first.
                    return self.queue(Vec::new());
                }
                Err(_) => return Sent::Closed,
            }
        }
        Sent::Done
    }

    /// Wait for room in the writer's queue and hand it `frames`.
    pub async fn send(&self, frames: Vec<u8>) {
        let _ = self.outbox.send(frames).await;
    }

    fn queue(&self, frames: Vec<u8>) -> Sent {
        match self.outbox.try_send(frames) {
            Ok(()) => Sent::Done,
            // The task is busy with a full queue: it will see `front` when it writes next.
            Err(TrySendError::Full(frames)) if frames.is_empty() => Sent::Done,
            Err(TrySendError::Full(frames)) => Sent::Full(frames),
            Err(TrySendError::Closed(_)) => Sent::Closed,
        }
    }
}

/// Start the writer task. It ends (and shuts the write side down) once every [`Outbox`]
/// and [`Sink`] clone is dropped and the queue is drained, or when the socket fails.
pub fn spawn(socket: OwnedWriteHalf) -> (Outbox, Sink, JoinHandle<()>) {
    let (tx, rx) = mpsc::channel(QUEUE_DEPTH);
    let side = Arc::new(Mutex::new(WriteSide {
        socket,
        front: Vec::new(),
    }));
    let sink = Sink {
        outbox: tx.clone(),
        side: side.clone(),
    };
    (tx, sink, tokio::spawn(run(side, rx)))
}

async fn run(side: Arc<Mutex<WriteSide>>, mut rx: mpsc::Receiver<Vec<u8>>) {
    while let Some(mut pending) = rx.recv().await {
        while pending.len() < MAX_WRITE {
            match rx.try_recv() {
                Ok(more) => pending.extend_from_slice(&more),
                Err(_) => break,
            }
        }
        let mut side = side.lock().await;
        if write_front(&mut side).await.is_err() || side.socket.write_all(&pending).await.is_err() {
            return;
        }
    }
    let mut side = side.lock().await;
    if write_front(&mut side).await.is_ok() {
        let _ = side.socket.shutdown().await;
    }
}

async fn write_front(side: &mut WriteSide) -> std::io::Result<()> {
    if side.front.is_empty() {
        return Ok(());
    }
    let front = std::mem::take(&mut side.front);
    side.socket.write_all(&front).await
}
