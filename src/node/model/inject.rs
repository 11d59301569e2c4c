//! Error injection: which configured error (if any) replaces a request's result, and the
//! Cassandra error each becomes, with the body fields a driver's retry policy looks at.
//!
//! Injections are tried in configuration order with their own probability; the first that
//! fires wins, so a later one fires with probability `(1 - earlier ones) * p`. Bodies follow
//! Cassandra: a timeout reports one acknowledgement fewer than the level needs, so a driver's
//! default policy does not mistake it for a "data was there, retry the read" case; an
//! Unavailable reports one live replica fewer than needed. LWTs report SERIAL (or
//! LOCAL_SERIAL) with write type CAS, as Cassandra's Paxos does.

use std::time::Duration;

use cassandra_protocol::consistency::Consistency;
use rand::rngs::SmallRng;
use rand::Rng;

use super::{ErrorInjection, InjectedError, InjectedKind};
use crate::node::exec::RequestClass;

/// An injection that fired: the error and when it is sent after arrival (`None`: the
/// default, at once or at the modelled completion).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Fired {
    pub kind: InjectedKind,
    pub after: Option<Duration>,
}

impl Fired {
    /// Overloaded and Unavailable are answered without doing the work; timeouts still occupy
    /// the replicas.
    pub fn is_immediate(&self) -> bool {
        matches!(
            self.kind,
            InjectedKind::Overloaded | InjectedKind::Unavailable
        )
    }
}

/// Whether `injection` applies to `class` requests coordinated by `coordinator`.
fn applies(injection: &ErrorInjection, class: RequestClass, coordinator: usize) -> bool {
    let class_ok = if injection.classes.is_empty() {
        matches!(
            class,
            RequestClass::Read | RequestClass::Write | RequestClass::Lwt | RequestClass::Batch
        )
    } else {
        injection.classes.contains(&class)
    };
    class_ok && (injection.nodes.is_empty() || injection.nodes.contains(&coordinator))
}

/// Draws the injections that apply, in order; the first that fires.
pub(super) fn draw(
    injections: &[ErrorInjection],
    class: RequestClass,
    coordinator: usize,
    rng: &mut SmallRng,
) -> Option<Fired> {
    injections
        .iter()
        .filter(|i| applies(i, class, coordinator))
        .find(|i| i.probability > 0.0 && rng.random_bool(i.probability.min(1.0)))
        .map(|i| Fired {
            kind: i.kind,
            after: i.after,
        })
}

/// The consistency an error about a `class` request reports.
pub(super) fn reported_consistency(class: RequestClass, consistency: Consistency) -> Consistency {
    match (class, consistency) {
        (RequestClass::Lwt, Consistency::LocalSerial) => Consistency::LocalSerial,
        (RequestClass::Lwt, _) => Consistency::Serial,
        _ => consistency,
    }
}

/// Unavailable: `required` live replicas needed, `alive` found.
pub(super) fn unavailable(
    consistency: Consistency,
    required: usize,
    alive: usize,
) -> InjectedError {
    InjectedError::Unavailable {
        consistency,
        required: count(required),
        alive: count(alive),
    }
}

/// The error an injection of `kind` sends for a request needing `required` acknowledgements.
pub(super) fn error_for(
    kind: InjectedKind,
    class: RequestClass,
    consistency: Consistency,
    required: usize,
) -> InjectedError {
    let short = count(required.saturating_sub(1));
    match kind {
        InjectedKind::Overloaded => InjectedError::Overloaded,
        InjectedKind::Unavailable => unavailable(consistency, required, required.saturating_sub(1)),
        InjectedKind::ReadTimeout => InjectedError::ReadTimeout {
            consistency,
            received: short,
            block_for: count(required),
            data_present: false,
        },
        InjectedKind::WriteTimeout => InjectedError::WriteTimeout {
            consistency,
            received: short,
            block_for: count(required),
            write_type: match class {
                RequestClass::Batch => "BATCH",
                RequestClass::Lwt => "CAS",
                _ => "SIMPLE",
            },
        },
    }
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn injection(kind: InjectedKind, p: f64, classes: Vec<RequestClass>) -> ErrorInjection {
        ErrorInjection {
            kind,
            classes,
            probability: p,
            after: None,
            nodes: Vec::new(),
        }
    }

    /// How many of `n` draws fire each kind.
    fn tally(injections: &[ErrorInjection], class: RequestClass, n: usize) -> [usize; 4] {
        let mut rng = SmallRng::seed_from_u64(42);
        let mut counts = [0; 4];
        for _ in 0..n {
            if let Some(fired) = draw(injections, class, 0, &mut rng) {
                counts[fired.kind as usize] += 1;
            }
        }
        counts
    }

    /// `actual` within 4.5 binomial standard deviations of n * p.
    fn assert_binomial(what: &str, actual: usize, n: usize, p: f64) {
        let (mean, sd) = (n as f64 * p, (n as f64 * p * (1.0 - p)).sqrt());
        assert!(
            (actual as f64 - mean).abs() <= 4.5 * sd,
            "{what}: expected {mean:.0} ± {:.0}, got {actual}",
            4.5 * sd
        );
    }

    #[test]
    fn rates_follow_the_probabilities_in_order() {
        let n = 40_000;
        let list = [
            injection(InjectedKind::Overloaded, 0.1, vec![]),
            injection(InjectedKind::WriteTimeout, 0.2, vec![RequestClass::Write]),
        ];
        let write = tally(&list, RequestClass::Write, n);
        assert_binomial("overloaded", write[0], n, 0.1);
        assert_binomial("write timeout after overloaded", write[1], n, 0.9 * 0.2);
        let read = tally(&list, RequestClass::Read, n);
        assert_binomial("overloaded on reads", read[0], n, 0.1);
        assert_eq!(read[1], 0, "write timeouts only apply to writes");
        assert_eq!(
            tally(&list, RequestClass::Schema, n),
            [0; 4],
            "schema not in the default"
        );
    }

    #[test]
    fn nodes_restrict_the_coordinator() {
        let mut only_two = injection(InjectedKind::Unavailable, 1.0, vec![]);
        only_two.nodes = vec![2];
        let mut rng = SmallRng::seed_from_u64(1);
        let list = [only_two];
        assert_eq!(draw(&list, RequestClass::Read, 0, &mut rng), None);
        let fired = draw(&list, RequestClass::Read, 2, &mut rng).expect("always fires");
        assert!(fired.is_immediate());
    }

    #[test]
    fn bodies_carry_the_level_and_counts() {
        let lwt = reported_consistency(RequestClass::Lwt, Consistency::Quorum);
        assert_eq!(lwt, Consistency::Serial);
        assert_eq!(
            error_for(InjectedKind::WriteTimeout, RequestClass::Lwt, lwt, 2),
            InjectedError::WriteTimeout {
                consistency: Consistency::Serial,
                received: 1,
                block_for: 2,
                write_type: "CAS"
            }
        );
        assert_eq!(
            error_for(
                InjectedKind::ReadTimeout,
                RequestClass::Read,
                Consistency::All,
                3
            ),
            InjectedError::ReadTimeout {
                consistency: Consistency::All,
                received: 2,
                block_for: 3,
                data_present: false
            }
        );
        assert_eq!(
            error_for(
                InjectedKind::Unavailable,
                RequestClass::Write,
                Consistency::One,
                1
            ),
            InjectedError::Unavailable {
                consistency: Consistency::One,
                required: 1,
                alive: 0
            }
        );
    }
}
