//! A sub-millisecond timer for the workers' waits.
//!
//! tokio's `sleep` has a 1 ms granularity: a request due 0.3 ms from now would go out up to
//! 1 ms late, which is then (honestly, but needlessly) charged as wait time. This timer runs
//! one plain OS thread ([`super::timer_thread`]) that keeps the pending deadlines in a heap
//! and sleeps until the earliest on a high-resolution futex wait (typically within ~50-100
//! µs), then wakes the task that asked. Each worker owns its own [`TimerHandle`] (a waker
//! slot); handing a deadline over takes the queue's lock briefly and wakes the thread only
//! when the new deadline is its earliest.
//!
//! The thread lives as long as some handle does; dropping the last handle ends it.
//!
//! # Precision costs CPU
//! Every precise wake is a wake of the timer thread and then of the runtime (two context
//! switches, measured at 10-35 µs of CPU on a busy 2-core machine). That is cheap at low
//! rates and ruinous at high ones, so [`TimerHandle::pace_until`] times a task precisely only
//! while the task issues at most [`PRECISE_MAX_RATE`] requests per second. Above that it
//! sleeps on tokio's timer and, when that fires, sends every request that has come due at
//! once (a batch per millisecond tick): lateness grows to at most ~1-2 ms, is charged as wait
//! time like any other delay, and the schedule itself never drifts (it is computed, not
//! accumulated).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures::task::AtomicWaker;

use super::timer_thread::Queue;

/// Deadlines closer than this are not worth a trip through the timer thread: the task
/// yields to the runtime and checks the clock again instead.
const SPIN_BELOW: Duration = Duration::from_micros(20);

/// Requests per second per task up to which [`TimerHandle::pace_until`] wakes the task
/// precisely for each one (at most ~1000 precise wakes per second per task).
pub const PRECISE_MAX_RATE: f64 = 1000.0;

/// A worker's access to the timer thread. Cloning gives a new, independent handle.
#[derive(Debug)]
pub struct TimerHandle {
    queue: Arc<Queue>,
    slot: Arc<AtomicWaker>,
    origin: Instant,
    /// The deadline last handed to the thread, as ns since `origin` (`u64::MAX`: none), so
    /// that a sleep re-created for the same deadline does not queue it twice.
    armed_ns: AtomicU64,
}

impl Clone for TimerHandle {
    fn clone(&self) -> Self {
        self.queue.add_handle();
        TimerHandle::new(self.queue.clone())
    }
}

impl Drop for TimerHandle {
    fn drop(&mut self) {
        self.queue.remove_handle();
    }
}

impl TimerHandle {
    /// Start a timer thread and return the first handle to it.
    pub fn start() -> std::io::Result<TimerHandle> {
        Ok(TimerHandle::new(Queue::start()?))
    }

    fn new(queue: Arc<Queue>) -> TimerHandle {
        TimerHandle {
            queue,
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
        if self.tokio_sleep.is_some() {
            return self.poll_tokio(cx);
        }
        let now = Instant::now();
        if now >= self.deadline {
            return Poll::Ready(());
        }
        if self.coarse {
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
        if !handle.queue.is_running() {
            // The timer thread is gone (it cannot be while a handle exists, unless it
            // panicked): fall back to tokio's timer rather than wake early or never.
            return self.poll_tokio(cx);
        }
        if handle.armed_ns.swap(deadline_ns, Ordering::Relaxed) != deadline_ns {
            handle.queue.push(self.deadline, handle.slot.clone());
        }
        Poll::Pending
    }
}

impl PreciseSleep<'_> {
    /// Wait on tokio's timer. Once armed, only the timer firing completes the sleep, not a
    /// look at the clock when the task is polled for another reason (a response arriving):
    /// requests then leave in one batch per timer tick instead of one at a time on every
    /// wake-up, each batch costing one write and one round of responses.
    fn poll_tokio(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let deadline = tokio::time::Instant::from_std(self.deadline);
        let sleep = self
            .tokio_sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        loop {
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            if Instant::now() >= self.deadline {
                return Poll::Ready(());
            }
            // tokio rounds deadlines up to its next tick, so this does not happen; if it
            // did, wait again rather than wake early.
            sleep.as_mut().reset(deadline);
        }
    }
}
