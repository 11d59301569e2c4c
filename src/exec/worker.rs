//! One client worker: claim the next request of the phase, wait for its intended start, take
//! an in-flight slot, send, record; repeat until the phase is over or a stop is asked for.
//!
//! One loop serves both modes. With a schedule, a worker keeps any number of requests in
//! flight (a `FuturesUnordered`), bounded only by the phase's shared slots, so a few workers
//! sustain high rates; a request that is late is sent at once and its delay (waiting for the
//! clock, then for a slot) is its wait time. In a closed loop a worker has one request in
//! flight at a time and sends the next as soon as the previous completes; the intended start
//! is the send, so latency is service time.
//!
//! Values are generated and converted when a request is claimed, before its wait, so their
//! cost never lands in the measured latency.
//!
//! # Cost per request
//! The loop is one hand-written poll function rather than a `select!` re-run per event: every
//! wake-up sends everything that has come due, then collects every completion, and only then
//! sleeps. The stop signal is one long-lived future, polled once per wake-up instead of being
//! re-registered for every request. Request futures live in recycled boxes
//! ([`super::recycle`]).

use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant};

use futures::stream::{FuturesUnordered, StreamExt};
use scylla::client::session::Session;
use scylla::errors::ExecutionError;
use scylla::value::CqlValue;
use tokio::sync::watch;

use crate::generate::{Bindings, Value};
use crate::metrics::{ErrorClass, Recorder, Sample, SampleOutcome};
use crate::schedule::TimerHandle;

use super::classify::classify;
use super::error::ExecError;
use super::gauges::{PhaseGauges, LATE_SEND};
use super::mix::Mix;
use super::prepare::PreparedOps;
use super::ready::{Ready, Slot, Slots};
use super::recycle::Recycler;
use super::report::{ErrorExample, ErrorExamples};
use super::target;

/// How long a stopped phase waits for requests already in flight before abandoning them.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(2);

/// What every worker of a phase shares (read-only, apart from the claim counter).
pub(super) struct Shared {
    pub session: Arc<Session>,
    pub ops: Arc<PreparedOps>,
    pub bindings: Arc<Bindings>,
    pub seed: u64,
    pub mix: Mix,
    pub first_cycle: u64,
    pub gauges: Arc<PhaseGauges>,
    pub slots: Slots,
    /// The next request number of the phase to claim.
    pub next: AtomicU64,
    pub run_start: Instant,
    pub phase_start: Instant,
    /// A closed loop bounded by time stops claiming here.
    pub deadline: Option<Instant>,
    /// Requests one worker keeps in flight (1 in a closed loop).
    pub per_worker: usize,
    /// Workers sharing the phase.
    pub workers: usize,
}

/// What a worker hands back when it is done.
#[derive(Debug, Default)]
pub(super) struct WorkerOutcome {
    /// Requests still in flight when the drain after a stop timed out.
    pub abandoned: u64,
    pub examples: ErrorExamples,
}

/// A claimed request, not sent yet.
pub(super) struct Claim {
    operation: usize,
    /// Offset of the intended start from the phase start; `None` in a closed loop.
    pub intended: Option<Duration>,
    /// Requests per second this worker issues around then (the target rate / workers).
    pub worker_rate: f64,
    values: Result<Vec<Option<CqlValue>>, ExecError>,
}

/// A finished request and, for an error, its cause (turned into a message only if it is the
/// first of its operation and class).
struct Finished {
    sample: Sample,
    cause: Option<Cause>,
}

enum Cause {
    Driver(ExecutionError),
    /// A value of this cycle did not convert to its column's type.
    Bind(ExecError),
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cause::Driver(e) => e.fmt(f),
            Cause::Bind(e) => e.fmt(f),
        }
    }
}

impl Shared {
    /// Claim the next request, generating its values; `None` when the phase has no more.
    fn claim(&self, scratch: &mut Vec<Value>) -> Option<Claim> {
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return None;
        }
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let schedule = self.gauges.schedule();
        if schedule.total_ops().is_some_and(|total| n >= total) {
            return None;
        }
        let cycle = self.first_cycle + n;
        let operation = self.mix.pick(self.seed, cycle);
        let op = self.ops.get(operation)?;
        scratch.clear();
        self.bindings
            .generate(self.seed, cycle, &op.markers, scratch);
        let intended = schedule.intended(n);
        let rate = intended.and_then(|at| schedule.target_rate_at(at));
        Some(Claim {
            operation,
            intended,
            worker_rate: rate.unwrap_or(0.0) / self.workers.max(1) as f64,
            values: op.bind_owned(scratch.drain(..)),
        })
    }

    fn since_run_start(&self, at: Instant) -> u64 {
        u64::try_from(at.saturating_duration_since(self.run_start).as_nanos()).unwrap_or(u64::MAX)
    }
}

/// Run one worker until the phase is exhausted, or until a stop followed by the drain.
pub(super) async fn run(
    shared: Arc<Shared>,
    mut recorder: Recorder,
    timer: TimerHandle,
    stop: watch::Receiver<bool>,
) -> WorkerOutcome {
    let shared: &Shared = &shared;
    let mut outcome = WorkerOutcome::default();
    let mut scratch = Vec::new();
    let recycler = Recycler::new();
    let mut inflight = FuturesUnordered::new();
    let mut waiting: Option<Ready<'_>> = None;
    let mut stopped = pin!(stopped(stop));
    let mut drain: Option<Pin<Box<tokio::time::Sleep>>> = None;
    let mut exhausted = false;
    poll_fn(|cx| loop {
        if drain.is_none() && stopped.as_mut().poll(cx).is_ready() {
            waiting = None;
            drain = Some(Box::pin(tokio::time::sleep(DRAIN_TIMEOUT)));
        }
        // Send everything that is due (and has a slot), claiming as we go.
        let mut progress = false;
        while drain.is_none() && !exhausted && inflight.len() < shared.per_worker {
            if waiting.is_none() {
                match shared.claim(&mut scratch) {
                    Some(claim) => waiting = Some(Ready::new(shared, &timer, claim)),
                    None => exhausted = true,
                }
            }
            let Some(ready) = waiting.as_mut() else {
                break;
            };
            let Poll::Ready(slot) = ready.poll(cx, &shared.slots, &shared.gauges) else {
                break;
            };
            if let Some(claim) = waiting.take().map(Ready::into_claim) {
                inflight.push(recycler.wrap(send(shared, claim, slot)));
                progress = true;
            }
        }
        // Then record everything that has completed (this also polls what was just sent).
        while let Poll::Ready(Some(done)) = inflight.poll_next_unpin(cx) {
            finish(&mut recorder, &mut outcome.examples, shared, done);
            progress = true;
        }
        let idle = waiting.is_none() && inflight.is_empty();
        if idle && (exhausted || drain.is_some()) {
            return Poll::Ready(());
        }
        if let Some(timeout) = drain.as_mut() {
            if timeout.as_mut().poll(cx).is_ready() {
                outcome.abandoned = inflight.len() as u64;
                return Poll::Ready(());
            }
        }
        // A completion may free the closed loop's one request: claim again before sleeping.
        if !progress {
            return Poll::Pending;
        }
    })
    .await;
    outcome
}

/// Completes once `stop` turns true; never if its sender goes away without that.
async fn stopped(mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow_and_update() {
            return;
        }
        if stop.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Send one claimed request and time it.
async fn send(shared: &Shared, claim: Claim, slot: Option<Slot<'_>>) -> Finished {
    let sent = Instant::now();
    let sent_ns = shared.since_run_start(sent);
    let intended_ns = match claim.intended {
        Some(offset) => {
            let intended = shared.phase_start + offset;
            if sent.saturating_duration_since(intended) > LATE_SEND {
                shared.gauges.late_sends.fetch_add(1, Ordering::Relaxed);
            }
            shared.since_run_start(intended)
        }
        None => sent_ns,
    };
    shared.gauges.sent.fetch_add(1, Ordering::Release);
    let result = match (claim.values, shared.ops.get(claim.operation)) {
        (Ok(values), Some(op)) => target::execute(&shared.session, op, &values)
            .await
            .map_err(|(e, coordinator)| (classify(&e), Cause::Driver(e), coordinator)),
        (Err(e), _) => Err((ErrorClass::Invalid, Cause::Bind(e), None)),
        // `claim` only hands out operations that exist.
        (Ok(_), None) => Err((
            ErrorClass::Invalid,
            Cause::Bind(ExecError::EmptyMix {
                phase: shared.gauges.phase().to_string(),
            }),
            None,
        )),
    };
    let completed_ns = shared.since_run_start(Instant::now());
    shared.gauges.completed.fetch_add(1, Ordering::Release);
    drop(slot);
    let (outcome, coordinator, cause) = match result {
        Ok(done) => (
            SampleOutcome::Ok {
                rows: done.rows,
                applied: done.applied,
            },
            done.coordinator,
            None,
        ),
        Err((class, cause, coordinator)) => (SampleOutcome::Error(class), coordinator, Some(cause)),
    };
    Finished {
        sample: Sample {
            operation: claim.operation,
            intended_ns,
            sent_ns,
            completed_ns,
            outcome,
            coordinator,
        },
        cause,
    }
}

/// Record a finished request; keep its error message if it is the first of its kind.
fn finish(recorder: &mut Recorder, examples: &mut ErrorExamples, shared: &Shared, done: Finished) {
    recorder.record(&done.sample);
    if let (SampleOutcome::Error(class), Some(cause)) = (done.sample.outcome, done.cause) {
        let index = done.sample.operation;
        examples.offer(index, class, || ErrorExample {
            operation: shared
                .ops
                .get(index)
                .map_or_else(String::new, |op| op.name.clone()),
            class,
            message: cause.to_string(),
        });
    }
}
