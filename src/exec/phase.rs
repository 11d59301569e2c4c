//! Running one phase: start its workers on a shared schedule, wait for them, report.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use scylla::client::session::Session;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::generate::Bindings;
use crate::metrics::Registry;
use crate::plan::PhasePlan;
use crate::schedule::TimerHandle;

use super::error::ExecError;
use super::gauges::PhaseGauges;
use super::mix::Mix;
use super::prepare::PreparedOps;
use super::ready::Slots;
use super::report::{ErrorExamples, PhaseReport};
use super::worker::{self, Shared};

/// What every phase of a run needs besides its own plan.
#[derive(Clone)]
pub struct PhaseContext {
    pub session: Arc<Session>,
    pub ops: Arc<PreparedOps>,
    pub bindings: Arc<Bindings>,
    /// Every generated value and operation choice derives from (seed, cycle).
    pub seed: u64,
    /// Client tasks sharing a rate-controlled phase; the worker count of a closed-loop phase
    /// that does not set its own.
    pub concurrency: usize,
    /// Requests in flight at once, over all workers.
    pub max_in_flight: usize,
    /// Sample times are nanoseconds since this instant.
    pub run_start: Instant,
    /// Where the workers' recorders come from (one per worker).
    pub recorders: Arc<Registry>,
}

/// Run `phase` to its end (its length, or `stop` turning true followed by a drain of at most
/// [`super::DRAIN_TIMEOUT`]). `gauges` must come from [`PhaseGauges::new`] for this phase;
/// the phase's clock starts now, and the gauges show its progress while it runs.
///
/// Request errors never end a phase: they are recorded. Errors here are set-up problems.
pub async fn run_phase(
    ctx: &PhaseContext,
    phase: &PhasePlan,
    gauges: &Arc<PhaseGauges>,
    stop: watch::Receiver<bool>,
) -> Result<PhaseReport, ExecError> {
    let mix = Mix::new(&phase.name, &phase.mix, ctx.ops.len())?;
    let timer = TimerHandle::start().map_err(ExecError::Timer)?;
    let schedule = gauges.schedule();
    let rate_controlled = schedule.is_rate_controlled();
    let workers = match rate_controlled {
        true => ctx.concurrency,
        false => phase.concurrency.unwrap_or(ctx.concurrency),
    }
    .max(1);
    let phase_start = gauges.start(Instant::now());
    let shared = Arc::new(Shared {
        session: ctx.session.clone(),
        ops: ctx.ops.clone(),
        bindings: ctx.bindings.clone(),
        seed: ctx.seed,
        mix,
        first_cycle: phase.first_cycle,
        gauges: gauges.clone(),
        slots: Slots::new(ctx.max_in_flight),
        next: AtomicU64::new(0),
        run_start: ctx.run_start,
        phase_start,
        deadline: match rate_controlled {
            true => None,
            false => schedule.duration().map(|d| phase_start + d),
        },
        per_worker: if rate_controlled { usize::MAX } else { 1 },
        workers,
    });
    let mut set = JoinSet::new();
    for _ in 0..workers {
        let recorder = ctx.recorders.recorder();
        set.spawn(worker::run(
            shared.clone(),
            recorder,
            timer.clone(),
            stop.clone(),
        ));
    }
    drop(timer);
    let (mut abandoned, mut examples) = (0, ErrorExamples::default());
    while let Some(joined) = set.join_next().await {
        let outcome = joined.map_err(|e| ExecError::Worker {
            phase: phase.name.clone(),
            message: e.to_string(),
        })?;
        abandoned += outcome.abandoned;
        examples.merge(outcome.examples);
    }
    let end = Instant::now();
    let ns = |at: Instant| {
        u64::try_from(at.saturating_duration_since(ctx.run_start).as_nanos()).unwrap_or(u64::MAX)
    };
    let snapshot = gauges.snapshot_at(end);
    let elapsed = end.saturating_duration_since(phase_start).as_secs_f64();
    let claimed = shared.next.load(Ordering::Relaxed);
    let claimed = schedule
        .total_ops()
        .map_or(claimed, |total| claimed.min(total));
    Ok(PhaseReport {
        phase: phase.name.clone(),
        start_ns: ns(phase_start),
        end_ns: ns(end),
        rate_controlled,
        scheduled: schedule.total_ops().filter(|_| rate_controlled),
        sent: snapshot.sent,
        completed: snapshot.completed,
        abandoned,
        late_sends: snapshot.late_sends,
        limit_waits: snapshot.limit_waits,
        target_rate: match (rate_controlled, schedule.total_ops(), schedule.duration()) {
            (true, Some(total), Some(d)) if !d.is_zero() => Some(total as f64 / d.as_secs_f64()),
            _ => None,
        },
        achieved_rate: if elapsed > 0.0 {
            snapshot.completed as f64 / elapsed
        } else {
            0.0
        },
        stopped: *stop.borrow(),
        next_cycle: phase.first_cycle + claimed,
        error_examples: examples.into_vec(),
    })
}
