//! The release timer: responses the performance model holds back leave the node at their
//! instant, to within microseconds, on one thread per cluster.
//!
//! tokio's timer wheel has a 1 ms granularity, far too coarse for a model whose service times
//! are a few milliseconds. A response due later is pushed here as an encoded frame with its
//! connection's [`Sink`]; the thread keeps them in order of release, sleeps on a condition
//! variable (a futex wait on a high-resolution kernel timer) until [`SPIN_MARGIN`] before the
//! earliest instant, then spins the rest of the way. The kernel ends such a wait up to the
//! thread's timer slack late (50 µs by default), so the thread asks for 1 µs (Linux,
//! `/proc/<tid>/timerslack_ns`); what remains is the scheduler's wake-up latency. Everything
//! due by then is written at once, the frames of one connection joined into one write, from
//! this thread when the socket is free ([`Sink::send_now`]): waking the connection's writer
//! task instead would add a thread wake-up (~60 µs p50 on the development VM).
//!
//! A push wakes the thread only when it brings the earliest instant forward (as the client's
//! timer thread does, `crate::schedule`), so a steady stream of releases costs few wake-ups.
//! Precision end to end: `benches/model_timing.rs`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::runtime::Handle;

use super::writer::{Sent, Sink};

/// How long before a release the thread stops sleeping and starts spinning: more than a
/// typical wake-up latency with a 1 µs timer slack (~30 µs on the development VM), short
/// enough that spinning costs little CPU.
pub const SPIN_MARGIN: Duration = Duration::from_micros(80);

/// A handle on a cluster's release thread. Cloning shares the thread; [`Release::stop`]
/// ends it (pending responses are dropped: the cluster is going away).
#[derive(Clone)]
pub struct Release {
    queue: Arc<Queue>,
}

/// Identifies the connection a frame belongs to, so frames due together are joined.
pub type ConnectionId = u64;

/// A fresh connection id.
pub fn connection_id() -> ConnectionId {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

struct Queue {
    state: Mutex<State>,
    changed: Condvar,
    /// Set by a push that comes before the instant the thread spins towards.
    nudged: AtomicBool,
    /// Where frames go when a connection's writer queue is full (a task waits for room).
    runtime: Handle,
}

struct State {
    /// By release instant, then push order.
    pending: BTreeMap<(Instant, u64), Entry>,
    seq: u64,
    thread: Thread,
    stopped: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Thread {
    /// Looking at the pending responses: it sees a push before it sleeps again.
    Awake,
    /// Asleep until this instant (the next release minus the spin margin).
    Until(Instant),
    /// Spinning towards this instant, without the lock.
    Spinning(Instant),
    /// Asleep with nothing pending.
    Idle,
}

struct Entry {
    connection: ConnectionId,
    sink: Sink,
    frame: Vec<u8>,
}

impl Release {
    /// Start the thread. Must be called inside a tokio runtime (full writer queues are
    /// waited on by tasks of that runtime).
    pub fn start() -> std::io::Result<Release> {
        let queue = Arc::new(Queue {
            state: Mutex::new(State {
                pending: BTreeMap::new(),
                seq: 0,
                thread: Thread::Awake,
                stopped: false,
            }),
            changed: Condvar::new(),
            nudged: AtomicBool::new(false),
            runtime: Handle::try_current().map_err(std::io::Error::other)?,
        });
        let thread_queue = queue.clone();
        std::thread::Builder::new()
            .name("ringbench-release".into())
            .spawn(move || {
                tighten_timer_slack();
                run(&thread_queue)
            })?;
        Ok(Release { queue })
    }

    /// Write `frame` (one or more encoded frames) to `sink` at `at`.
    pub fn push(&self, at: Instant, connection: ConnectionId, sink: Sink, frame: Vec<u8>) {
        let queue = &self.queue;
        let mut state = queue.lock();
        if state.stopped {
            return;
        }
        state.seq += 1;
        let seq = state.seq;
        state.pending.insert(
            (at, seq),
            Entry {
                connection,
                sink,
                frame,
            },
        );
        match state.thread {
            Thread::Awake => {}
            Thread::Spinning(target) => {
                if at < target {
                    queue.nudged.store(true, Ordering::Release);
                }
            }
            Thread::Until(planned) if at.checked_sub(SPIN_MARGIN).unwrap_or(at) >= planned => {}
            Thread::Until(_) | Thread::Idle => {
                state.thread = Thread::Awake;
                queue.changed.notify_one();
            }
        }
    }

    /// End the thread; responses still pending are dropped.
    pub fn stop(&self) {
        let mut state = self.queue.lock();
        state.stopped = true;
        state.pending.clear();
        state.thread = Thread::Awake;
        self.queue.nudged.store(true, Ordering::Release);
        self.queue.changed.notify_one();
    }
}

impl Queue {
    /// Takes the lock even if a panic poisoned it: every change is a single push or pop.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The thread: hand over what is due, then sleep or spin until the next release.
fn run(queue: &Queue) {
    let mut due: Vec<Entry> = Vec::new();
    let mut state = queue.lock();
    loop {
        if state.stopped {
            return;
        }
        let now = Instant::now();
        while state
            .pending
            .first_key_value()
            .is_some_and(|((at, _), _)| *at <= now)
        {
            if let Some((_, entry)) = state.pending.pop_first() {
                due.push(entry);
            }
        }
        if !due.is_empty() {
            drop(state);
            hand_over(&queue.runtime, &mut due);
            state = queue.lock();
            continue;
        }
        let Some(next) = state.pending.first_key_value().map(|((at, _), _)| *at) else {
            state.thread = Thread::Idle;
            state = queue
                .changed
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            state.thread = Thread::Awake;
            continue;
        };
        let wake = next.checked_sub(SPIN_MARGIN).unwrap_or(next);
        if wake > now {
            state.thread = Thread::Until(wake);
            state = match queue.changed.wait_timeout(state, wake - now) {
                Ok((state, _)) => state,
                Err(poisoned) => poisoned.into_inner().0,
            };
        } else {
            state.thread = Thread::Spinning(next);
            queue.nudged.store(false, Ordering::Release);
            drop(state);
            while Instant::now() < next && !queue.nudged.load(Ordering::Acquire) {
                std::hint::spin_loop();
            }
            state = queue.lock();
        }
        state.thread = Thread::Awake;
    }
}

/// Ask Linux for a 1 µs timer slack on this thread (the default is 50 µs), so its timed
/// waits end closer to their deadline. Best effort: elsewhere nothing changes.
fn tighten_timer_slack() {
    let Ok(link) = std::fs::read_link("/proc/thread-self") else {
        return;
    };
    if let Some(tid) = link.file_name() {
        let path = std::path::Path::new("/proc")
            .join(tid)
            .join("timerslack_ns");
        let _ = std::fs::write(path, "1000");
    }
}

/// Write every due frame to its connection, one write per connection.
fn hand_over(runtime: &Handle, due: &mut Vec<Entry>) {
    // Stable: a connection's frames stay in release order.
    due.sort_by_key(|e| e.connection);
    let mut entries = due.drain(..).peekable();
    while let Some(first) = entries.next() {
        let Entry {
            connection,
            sink,
            mut frame,
        } = first;
        while let Some(more) = entries.next_if(|e| e.connection == connection) {
            frame.extend_from_slice(&more.frame);
        }
        if let Sent::Full(frame) = sink.send_now(frame) {
            // The client is slow to read: wait for room without holding up other releases.
            runtime.spawn(async move { sink.send(frame).await });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::server::writer;
    use tokio::io::AsyncReadExt;
    use tokio::net::{TcpListener, TcpStream};

    /// A connection's sink and the client end reading what it writes.
    async fn pair() -> (Sink, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let client = TcpStream::connect(address).await.expect("connect");
        let (server, _) = listener.accept().await.expect("accept");
        let (_, write_half) = server.into_split();
        let (_, sink, _) = writer::spawn(write_half);
        (sink, client)
    }

    async fn read(client: &mut TcpStream, n: usize) -> Vec<u8> {
        let mut buf = vec![0; n];
        client.read_exact(&mut buf).await.expect("read");
        buf
    }

    #[tokio::test]
    async fn frames_leave_at_their_instant_in_order() {
        let release = Release::start().expect("release thread");
        let (sink, mut client) = pair().await;
        let start = Instant::now();
        let later = start + Duration::from_millis(20);
        let sooner = start + Duration::from_millis(5);
        release.push(later, 1, sink.clone(), b"c".to_vec());
        release.push(later, 1, sink.clone(), b"d".to_vec());
        release.push(sooner, 1, sink.clone(), b"ab".to_vec());
        assert_eq!(read(&mut client, 2).await, b"ab");
        assert!(Instant::now() >= sooner);
        assert_eq!(read(&mut client, 2).await, b"cd");
        assert!(Instant::now() >= later);
        release.stop();
    }

    #[tokio::test]
    async fn stop_drops_pending_frames() {
        let release = Release::start().expect("release thread");
        let (sink, mut client) = pair().await;
        release.push(
            Instant::now() + Duration::from_secs(30),
            1,
            sink,
            b"x".to_vec(),
        );
        release.stop();
        // The pending frame held the last sink: the writer ends and closes the socket.
        let mut buf = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), client.read_to_end(&mut buf));
        assert_eq!(read.await.ok().and_then(Result::ok), Some(0));
    }
}
