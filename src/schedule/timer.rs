//! A sub-millisecond timer for the workers' waits.
//!
//! tokio's `sleep` has a 1 ms granularity: a request due 0.3 ms from now would go out up to
//! 1 ms late, which is then (honestly, but needlessly) charged as wait time. This timer runs
//! one plain OS thread that keeps the pending deadlines in a heap and waits for the earliest
//! with `recv_timeout`, a futex wait backed by a high-resolution kernel timer (typically
//! within ~50-100 µs), then wakes the task that asked. Each worker owns its own
//! [`TimerHandle`] (a channel sender and a waker slot), so no lock is shared by all workers.
//!
//! The thread lives as long as some handle does; dropping the last handle ends it.
//!
//! # Precision costs CPU
//! Every precise wake is a round trip through the timer thread and a wake of the runtime
//! (two context switches, measured at 10-35 µs of CPU on a busy 2-core machine). That is
//! cheap at low rates and ruinous at high ones, so [`TimerHandle::pace_until`] times a task
//! precisely only while the task issues at most [`PRECISE_MAX_RATE`] requests per second.
//! Above that it sleeps on tokio's timer and, on waking, sends every request that has come
//! due at once (a batch): lateness grows to at most ~1-2 ms, is charged as wait time like
//! any other delay, and the schedule itself never drifts (it is computed, not accumulated).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures::task::AtomicWaker;

/// Deadlines closer than this are not worth a trip through the timer thread: the task
/// yields to the runtime and checks the clock again instead.
const SPIN_BELOW: Duration = Duration::from_micros(20);

/// Requests per second per task up to which [`TimerHandle::pace_until`] wakes the task
/// precisely for each one (at most ~1000 precise wakes per second per task).
pub const PRECISE_MAX_RATE: f64 = 1000.0;

/// One pending wake-up.
struct Entry {
    deadline: Instant,
    seq: u64,
    slot: Arc<AtomicWaker>,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        (self.deadline, self.seq) == (other.deadline, other.seq)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.deadline, self.seq).cmp(&(other.deadline, other.seq))
    }
}

/// A worker's access to the timer thread. Cloning gives a new, independent handle.
#[derive(Debug)]
pub struct TimerHandle {
    tx: Sender<(Instant, Arc<AtomicWaker>)>,
    slot: Arc<AtomicWaker>,
    origin: Instant,
    /// The deadline last handed to the thread, as ns since `origin` (`u64::MAX`: none), so
    /// that a sleep re-created for the same deadline does not queue it twice.
    armed_ns: AtomicU64,
}

impl Clone for TimerHandle {
    fn clone(&self) -> Self {
        TimerHandle::new(self.tx.clone())
    }
}

impl TimerHandle {
    /// Start a timer thread and return the first handle to it.
    pub fn start() -> std::io::Result<TimerHandle> {
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("ringbench-timer".into())
            .spawn(move || run(rx))?;
        Ok(TimerHandle::new(tx))
    }

    fn new(tx: Sender<(Instant, Arc<AtomicWaker>)>) -> TimerHandle {
        TimerHandle {
            tx,
            slot: Arc::new(AtomicWaker::new()),
            origin: Instant::now(),
            armed_ns: AtomicU64::new(u64::MAX),
        }
    }

    /// A future that completes at `deadline` (at once if it has passed), on the timer
    /// thread: typically within ~0.1 ms. Never early.
    pub fn sleep_until(&self, deadline: Instant) -> PreciseSleep<'_> {
        PreciseSleep {
            handle: self,
            deadline,
            coarse: false,
            tokio_sleep: None,
        }
    }

    /// Wait for a request due at `deadline` when this task issues `task_rate` requests per
    /// second: precisely up to [`PRECISE_MAX_RATE`], on tokio's millisecond timer above.
    /// Never early.
    pub fn pace_until(&self, deadline: Instant, task_rate: f64) -> PreciseSleep<'_> {
        PreciseSleep {
            coarse: task_rate > PRECISE_MAX_RATE,
            ..self.sleep_until(deadline)
        }
    }
}

/// The future of [`TimerHandle::sleep_until`].
pub struct PreciseSleep<'a> {
    handle: &'a TimerHandle,
    deadline: Instant,
    /// Sleep on tokio's timer rather than the timer thread.
    coarse: bool,
    /// tokio's sleep, when coarse (or if the timer thread is gone).
    tokio_sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Future for PreciseSleep<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let now = Instant::now();
        if now >= self.deadline {
            return Poll::Ready(());
        }
        if self.coarse || self.tokio_sleep.is_some() {
            return self.poll_tokio(cx);
        }
        if self.deadline - now < SPIN_BELOW {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let handle = self.handle;
        handle.slot.register(cx.waker());
        let since_origin = self.deadline.saturating_duration_since(handle.origin);
        let deadline_ns = u64::try_from(since_origin.as_nanos()).unwrap_or(u64::MAX - 1);
        let newly_armed = handle.armed_ns.swap(deadline_ns, Ordering::Relaxed) != deadline_ns;
        let sent = || handle.tx.send((self.deadline, handle.slot.clone())).is_ok();
        if newly_armed && !sent() {
            // The timer thread is gone (it cannot be while a handle exists, unless it
            // panicked): fall back to tokio's timer rather than wake early or never.
            return self.poll_tokio(cx);
        }
        Poll::Pending
    }
}

impl PreciseSleep<'_> {
    fn poll_tokio(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let deadline = tokio::time::Instant::from_std(self.deadline);
        let sleep = self
            .tokio_sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        sleep.as_mut().poll(cx)
    }
}

/// The timer thread: wake every entry whose deadline has come, then wait for the next
/// deadline or a new entry.
fn run(rx: Receiver<(Instant, Arc<AtomicWaker>)>) {
    let mut heap: BinaryHeap<Reverse<Entry>> = BinaryHeap::new();
    let mut seq = 0u64;
    loop {
        let now = Instant::now();
        while heap.peek().is_some_and(|Reverse(e)| e.deadline <= now) {
            if let Some(Reverse(entry)) = heap.pop() {
                entry.slot.wake();
            }
        }
        let received = match heap.peek() {
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(Reverse(next)) => rx.recv_timeout(next.deadline.saturating_duration_since(now)),
        };
        match received {
            Ok((deadline, slot)) => {
                seq += 1;
                heap.push(Reverse(Entry {
                    deadline,
                    seq,
                    slot,
                }));
            }
            Err(RecvTimeoutError::Timeout) => {}
            // Every handle is gone, so nobody waits for the remaining entries.
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}
