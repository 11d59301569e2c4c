//! Reusing the memory of finished request futures.
//!
//! A request's future embeds the scylla driver's whole execution state machine: ~4.5 KiB.
//! Allocated afresh for every request, that is a large (non-cached) allocation and free per
//! request plus copies of the whole state into place, a few percent of the client's CPU at
//! tens of thousands of requests per second. A worker instead keeps the boxes of finished
//! requests and writes the next request's future into one of them ([`Pin::set`]: the
//! finished future is dropped in place, the new one moved in), so in the steady state no
//! request allocates its future.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard};
use std::task::{Context, Poll};

/// Boxes kept for reuse at most (more in flight at once still works; their boxes are freed).
const KEEP: usize = 256;

/// Finished futures' boxes of one worker, ready for the next requests.
pub(super) struct Recycler<F> {
    spare: Mutex<Vec<Pin<Box<F>>>>,
}

/// A future running in a recycled box; its box goes back to the recycler when it completes.
pub(super) struct Recycled<'r, F> {
    boxed: Option<Pin<Box<F>>>,
    recycler: &'r Recycler<F>,
}

impl<F: Future> Recycler<F> {
    pub fn new() -> Self {
        Recycler {
            spare: Mutex::new(Vec::new()),
        }
    }

    /// `future`, placed in a spare box when there is one.
    pub fn wrap(&self, future: F) -> Recycled<'_, F> {
        let spare = self.lock().pop();
        let boxed = match spare {
            Some(mut boxed) => {
                boxed.as_mut().set(future);
                boxed
            }
            None => Box::pin(future),
        };
        Recycled {
            boxed: Some(boxed),
            recycler: self,
        }
    }

    fn give_back(&self, boxed: Pin<Box<F>>) {
        let mut spare = self.lock();
        if spare.len() < KEEP {
            spare.push(boxed);
        }
    }

    /// Spare boxes (for tests).
    #[cfg(test)]
    fn spare(&self) -> usize {
        self.lock().len()
    }

    /// The spare list is only pushed to and popped from; a panic cannot leave it torn.
    fn lock(&self) -> MutexGuard<'_, Vec<Pin<Box<F>>>> {
        self.spare
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<F: Future> Future for Recycled<'_, F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = &mut *self;
        // Polled again after completing (futures must not be): it never completes twice.
        let Some(boxed) = this.boxed.as_mut() else {
            return Poll::Pending;
        };
        let output = match boxed.as_mut().poll(cx) {
            Poll::Ready(output) => output,
            Poll::Pending => return Poll::Pending,
        };
        if let Some(boxed) = this.boxed.take() {
            this.recycler.give_back(boxed);
        }
        Poll::Ready(output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::stream::{FuturesUnordered, StreamExt};

    async fn work(n: u64) -> u64 {
        if n == u64::MAX {
            std::future::pending::<()>().await;
        }
        tokio::task::yield_now().await;
        n * 2
    }

    #[tokio::test]
    async fn finished_boxes_are_reused_and_results_are_unchanged() {
        let recycler = Recycler::new();
        let mut inflight = FuturesUnordered::new();
        let mut sum = 0;
        for n in 0..100u64 {
            inflight.push(recycler.wrap(work(n)));
            if inflight.len() == 4 {
                sum += inflight.next().await.unwrap_or(0);
            }
        }
        while let Some(out) = inflight.next().await {
            sum += out;
        }
        assert_eq!(sum, (0..100u64).map(|n| n * 2).sum::<u64>());
        // Never more than four in flight, so never more than four boxes were made.
        assert!(recycler.spare() <= 4, "{} spare boxes", recycler.spare());
        assert!(recycler.spare() >= 1);
    }

    #[tokio::test]
    async fn an_abandoned_future_is_dropped_not_recycled() {
        let recycler = Recycler::new();
        let mut never = recycler.wrap(work(u64::MAX));
        let waker = futures::task::noop_waker();
        let poll = Pin::new(&mut never).poll(&mut Context::from_waker(&waker));
        assert!(poll.is_pending());
        drop(never);
        assert_eq!(recycler.spare(), 0);
        assert_eq!(recycler.wrap(work(3)).await, 6);
        assert_eq!(recycler.spare(), 1);
    }
}
