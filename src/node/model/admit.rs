//! [`Model::admit`]: deciding one request, in virtual time from its arrival.
//!
//! In order: too few live replicas for the level -> Unavailable at once; an injected
//! Overloaded / Unavailable -> that error (at once or after `after`) without doing the work;
//! the first shard of any replica it would occupy has `queue_limit` waiting -> Overloaded at
//! once (shed, nothing occupied); otherwise the work runs on its replicas (see the module
//! docs of `model` for which ones and when the coordinator answers), and an injected timeout
//! replaces the response (at `after` or at the modelled completion, the replicas still
//! busy). Finally a release falling into the coordinator's own stall moves to the stall's
//! end, and the ground truth records the outcome under the coordinator.
//!
//! Each node's state is locked briefly, one node at a time, never two at once; the lists of
//! replicas and completions live in a per-thread scratch space, so the hot path does not
//! allocate.

use std::cell::RefCell;
use std::time::Duration;

use super::config::class_index;
use super::distribution::nanos;
use super::engine::Model;
use super::inject::{self, Fired};
use super::replicas::required_acks;
use super::{Decision, InjectedError, Work};
use crate::node::exec::RequestClass;

/// Per-thread buffers for one decision.
#[derive(Debug, Default)]
struct Scratch {
    /// Replicas not down at arrival, in the request's replica order.
    live: Vec<usize>,
    /// Replicas the work runs on.
    targets: Vec<usize>,
    /// Completions of one round.
    done: Vec<Duration>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Model {
    /// Decide one request arriving at `arrival` (offset from the cluster's start). Records
    /// its ground truth (the modelled server-side latency, queue + service, of Respond
    /// decisions; failures counted per kind) under the coordinator and class. Class `Other`
    /// is always `Respond { at: arrival }` and not recorded.
    pub fn admit(&self, work: &Work, arrival: Duration) -> Decision {
        let (Some(class), true) = (class_index(work.class), work.coordinator < self.nodes()) else {
            return Decision::Respond { at: arrival };
        };
        let decision = SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.decide(work, class, arrival, &mut scratch),
            Err(_) => self.decide(work, class, arrival, &mut Scratch::default()),
        });
        let decision = self.out_of_stall(work.coordinator, decision);
        if let Some(mut state) = self.lock(work.coordinator) {
            match &decision {
                Decision::Respond { at } => {
                    let latency = nanos(at.saturating_sub(arrival));
                    state.truth.response(class, latency);
                }
                Decision::Fail { error, .. } => state.truth.failure(class, error),
            }
        }
        decision
    }

    /// The decision before the coordinator's stall is taken into account.
    fn decide(&self, work: &Work, class: usize, arrival: Duration, s: &mut Scratch) -> Decision {
        let coordinator = work.coordinator;
        let required = self.live_replicas(work, arrival, &mut s.live);
        let consistency = inject::reported_consistency(work.class, work.consistency);
        let fail = |at: Duration, error: InjectedError| Decision::Fail { at, error };
        if s.live.len() < required {
            let error = inject::unavailable(consistency, required, s.live.len());
            return fail(arrival, error);
        }
        let fired = self.draw_injection(work);
        let injected = |f: Fired| inject::error_for(f.kind, work.class, consistency, required);
        if let Some(f) = fired.filter(Fired::is_immediate) {
            let at = arrival.saturating_add(f.after.unwrap_or_default());
            return fail(at, injected(f));
        }

        let all_live = matches!(work.class, RequestClass::Write | RequestClass::Batch);
        s.targets.clear();
        if all_live {
            s.targets.extend_from_slice(&s.live);
        } else {
            // A quorum (LWT) or the level's replicas (read), the coordinator first.
            let live = &s.live;
            let own = live.iter().filter(|n| **n == coordinator);
            let others = live.iter().filter(|n| **n != coordinator);
            s.targets.extend(own.chain(others).take(required));
        }
        let shed = s.targets.iter().any(|node| {
            self.lock(*node)
                .is_some_and(|mut state| state.shards.is_full(arrival))
        });
        if shed {
            return fail(arrival, InjectedError::Overloaded);
        }

        let rounds = match work.class {
            RequestClass::Lwt => self.config.lwt_rounds,
            _ => 1,
        };
        let mut ready = arrival;
        for _ in 0..rounds {
            s.done.clear();
            for node in &s.targets {
                s.done.push(self.occupy(*node, class, arrival, ready));
            }
            s.done.sort_unstable();
            // Writes answer at the `required`-th acknowledgement, the others when all their
            // replicas answered.
            let answer = if all_live { required } else { s.done.len() };
            ready = s
                .done
                .get(answer.saturating_sub(1))
                .copied()
                .unwrap_or(ready);
        }

        match fired {
            Some(f) => fail(
                f.after.map_or(ready, |a| arrival.saturating_add(a)),
                injected(f),
            ),
            None => Decision::Respond { at: ready },
        }
    }

    /// Fills `live` with the request's replicas not down at `arrival`; returns the
    /// acknowledgements needed. Schema changes, and requests whose
    /// replicas are unknown, run on the coordinator alone and need its answer only.
    fn live_replicas(&self, work: &Work, arrival: Duration, live: &mut Vec<usize>) -> usize {
        live.clear();
        let nodes = self.nodes();
        let known = work.replicas.iter().copied().filter(|r| *r < nodes);
        let coordinator_only = work.class == RequestClass::Schema || known.clone().next().is_none();
        if coordinator_only {
            if !self.is_down(work.coordinator, arrival) {
                live.push(work.coordinator);
            }
            return 1;
        }
        let mut rf = 0;
        for replica in known {
            rf += 1;
            if !self.is_down(replica, arrival) {
                live.push(replica);
            }
        }
        match work.class {
            RequestClass::Lwt => super::replicas::quorum(rf),
            _ => required_acks(work.consistency, rf),
        }
    }

    /// The configured error that replaces this request's result, if one fires.
    fn draw_injection(&self, work: &Work) -> Option<Fired> {
        if self.config.errors.is_empty() {
            return None;
        }
        let mut state = self.lock(work.coordinator)?;
        inject::draw(
            &self.config.errors,
            work.class,
            work.coordinator,
            &mut state.inject,
        )
    }

    /// Runs one replica's work of class number `class` on `node`, decided at `now` and ready
    /// at `ready`; returns its completion.
    fn occupy(&self, node: usize, class: usize, now: Duration, ready: Duration) -> Duration {
        let (Some(model), Some(sampler), Some(mut state)) = (
            self.nodes.get(node),
            self.samplers.get(class),
            self.lock(node),
        ) else {
            return ready;
        };
        let state = &mut *state;
        let service = sampler.sample(&mut state.service, model.slow);
        let run = |start: Duration| match &model.stalls {
            Some(stalls) => stalls.run(start, service),
            None => (start, start.saturating_add(service)),
        };
        state.shards.occupy(now, ready, run).1
    }

    /// Moves a release falling into the coordinator's stall to the stall's end.
    fn out_of_stall(&self, coordinator: usize, decision: Decision) -> Decision {
        let at = match &decision {
            Decision::Respond { at } | Decision::Fail { at, .. } => *at,
        };
        match (self.stalled_until(coordinator, at), decision) {
            (None, decision) => decision,
            (Some(end), Decision::Respond { .. }) => Decision::Respond { at: end },
            (Some(end), Decision::Fail { error, .. }) => Decision::Fail { at: end, error },
        }
    }
}
