//! Waiting until a claimed request may leave: its intended start (on the worker's timer),
//! then one of the phase's in-flight slots.
//!
//! A slot is a permit of one semaphore shared by the phase's workers, borrowed rather than
//! owned (no reference count to bump per request). Taking one is a single atomic operation
//! while slots are free; only when none is free does the request wait (boxed, off the common
//! path), and that wait is counted in the gauges and charged to the request's wait time.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};

use tokio::sync::{AcquireError, Semaphore, SemaphorePermit, TryAcquireError};

use crate::schedule::{PreciseSleep, TimerHandle};

use super::gauges::PhaseGauges;
use super::worker::{Claim, Shared};

/// The in-flight bound of a phase: requests in flight at once, over all its workers.
pub(super) struct Slots {
    semaphore: Semaphore,
}

/// One taken slot; dropping it frees the slot.
pub(super) type Slot<'a> = SemaphorePermit<'a>;

type Acquire<'a> = Pin<Box<dyn Future<Output = Result<Slot<'a>, AcquireError>> + Send + 'a>>;

impl Slots {
    pub fn new(slots: usize) -> Slots {
        Slots {
            semaphore: Semaphore::new(slots.max(1)),
        }
    }
}

/// A claimed request waiting for its intended start and then for a slot.
pub(super) struct Ready<'a> {
    claim: Claim,
    /// Until the intended start; `None` once it has passed (or in a closed loop).
    sleep: Option<PreciseSleep<'a>>,
    /// Waiting for a slot, when none was free.
    acquire: Option<Acquire<'a>>,
}

impl<'a> Ready<'a> {
    pub fn new(shared: &Shared, timer: &'a TimerHandle, claim: Claim) -> Ready<'a> {
        let sleep = claim
            .intended
            .map(|offset| timer.pace_until(shared.phase_start + offset, claim.worker_rate));
        Ready {
            claim,
            sleep,
            acquire: None,
        }
    }

    /// Ready with a slot once the intended start has passed and a slot is free. `None` as the
    /// slot only if the semaphore were closed (it never is): the request then goes without
    /// one rather than being dropped.
    pub fn poll(
        &mut self,
        cx: &mut Context<'_>,
        slots: &'a Slots,
        gauges: &PhaseGauges,
    ) -> Poll<Option<Slot<'a>>> {
        if let Some(sleep) = self.sleep.as_mut() {
            if Pin::new(sleep).poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.sleep = None;
        }
        let acquire = match self.acquire.as_mut() {
            Some(acquire) => acquire,
            None => match slots.semaphore.try_acquire() {
                Ok(slot) => return Poll::Ready(Some(slot)),
                Err(TryAcquireError::Closed) => return Poll::Ready(None),
                Err(TryAcquireError::NoPermits) => {
                    gauges.limit_waits.fetch_add(1, Ordering::Relaxed);
                    self.acquire.insert(Box::pin(slots.semaphore.acquire()))
                }
            },
        };
        acquire.as_mut().poll(cx).map(Result::ok)
    }

    pub fn into_claim(self) -> Claim {
        self.claim
    }
}
