//! The thread behind [`super::TimerHandle`]: a heap of pending deadlines, slept on with a
//! condition variable (a futex wait backed by a high-resolution kernel timer).
//!
//! # Waking the thread only when it must
//! Every wake-up of this thread is a context switch, and on a busy or virtualised machine a
//! context switch costs tens of microseconds of CPU. A deadline is handed over by pushing it
//! on the heap under the lock; the sleeping thread is notified only if the new deadline is
//! earlier than the one it sleeps until (or it sleeps with nothing pending). With several
//! workers the new deadline usually lies behind another worker's, so registering costs no
//! switch at all, and each precise wake-up costs one switch here plus the wake of the task.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;

use futures::task::AtomicWaker;

/// Pending deadlines shared by the handles and the thread.
#[derive(Debug)]
pub(super) struct Queue {
    state: Mutex<State>,
    changed: Condvar,
    /// False once the thread has ended (normally only after the last handle, or if it
    /// panicked): sleeps then fall back to tokio's timer rather than never waking.
    running: AtomicBool,
}

#[derive(Debug)]
struct State {
    heap: BinaryHeap<Reverse<Entry>>,
    seq: u64,
    /// Live handles; the thread ends when the last one is gone.
    handles: usize,
    /// What the thread is doing, so that a push knows whether it must wake it.
    thread: Thread,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Thread {
    /// Running: it looks at the heap before it sleeps again.
    Awake,
    /// Asleep until this deadline.
    Until(Instant),
    /// Asleep with nothing pending.
    Idle,
}

/// One pending wake-up.
#[derive(Debug)]
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

impl Queue {
    /// Start the thread; the queue starts with one handle.
    pub fn start() -> std::io::Result<Arc<Queue>> {
        let queue = Arc::new(Queue {
            state: Mutex::new(State {
                heap: BinaryHeap::new(),
                seq: 0,
                handles: 1,
                thread: Thread::Awake,
            }),
            changed: Condvar::new(),
            running: AtomicBool::new(true),
        });
        let thread_queue = queue.clone();
        std::thread::Builder::new()
            .name("ringbench-timer".into())
            .spawn(move || {
                let _running = Running(&thread_queue);
                run(&thread_queue)
            })?;
        Ok(queue)
    }

    /// Whether the thread still runs.
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }

    /// Wake `slot` at `deadline`.
    pub fn push(&self, deadline: Instant, slot: Arc<AtomicWaker>) {
        let mut state = self.lock();
        state.seq += 1;
        let seq = state.seq;
        state.heap.push(Reverse(Entry {
            deadline,
            seq,
            slot,
        }));
        let must_wake = match state.thread {
            Thread::Awake => false,
            Thread::Until(planned) => deadline < planned,
            Thread::Idle => true,
        };
        if must_wake {
            // Once notified it counts as awake: later pushes need not notify again.
            state.thread = Thread::Awake;
            self.changed.notify_one();
        }
    }

    pub fn add_handle(&self) {
        self.lock().handles += 1;
    }

    pub fn remove_handle(&self) {
        let mut state = self.lock();
        state.handles = state.handles.saturating_sub(1);
        if state.handles == 0 {
            state.thread = Thread::Awake;
            self.changed.notify_one();
        }
    }

    /// Takes the lock even if a panic poisoned it: the heap stays consistent (every change
    /// is a single push or pop).
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Marks the queue as no longer served when the thread ends, by return or by panic.
struct Running<'a>(&'a Queue);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.running.store(false, Ordering::Release);
    }
}

/// The thread: wake every entry whose deadline has come, then sleep until the next deadline
/// or until a push needs an earlier wake-up.
fn run(queue: &Queue) {
    let mut due = Vec::new();
    let mut state = queue.lock();
    loop {
        // Every handle is gone, so nobody waits for the remaining entries.
        if state.handles == 0 {
            return;
        }
        let now = Instant::now();
        while state
            .heap
            .peek()
            .is_some_and(|Reverse(e)| e.deadline <= now)
        {
            if let Some(Reverse(entry)) = state.heap.pop() {
                due.push(entry.slot);
            }
        }
        if !due.is_empty() {
            drop(state);
            due.drain(..).for_each(|slot| slot.wake());
            state = queue.lock();
            continue;
        }
        state = match state.heap.peek().map(|Reverse(e)| e.deadline) {
            Some(next) => {
                state.thread = Thread::Until(next);
                let wait = next.saturating_duration_since(now);
                match queue.changed.wait_timeout(state, wait) {
                    Ok((state, _)) => state,
                    Err(poisoned) => poisoned.into_inner().0,
                }
            }
            None => {
                state.thread = Thread::Idle;
                queue
                    .changed
                    .wait(state)
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
            }
        };
        state.thread = Thread::Awake;
    }
}
