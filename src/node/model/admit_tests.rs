//! Tests of [`Model::admit`] with fixed service times, so every expected instant is computed
//! by hand: FIFO shards, shedding, stalls, replication and consistency, LWT rounds, outages,
//! injection, determinism, ground truth.

use std::time::Duration;

use cassandra_protocol::consistency::Consistency;

use super::*;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn fixed(shards: usize, service_ms: u64) -> ModelConfig {
    ModelConfig::simple(shards, Distribution::Fixed(ms(service_ms)))
}

fn slow(node: usize, factor: f64) -> NodeOverride {
    NodeOverride {
        node,
        slow_factor: factor,
        stalls: None,
        down: Vec::new(),
    }
}

fn work(coordinator: usize, class: RequestClass, cl: Consistency, replicas: &[usize]) -> Work {
    Work {
        coordinator,
        class,
        consistency: cl,
        replicas: replicas.to_vec(),
    }
}

fn read(coordinator: usize, cl: Consistency, replicas: &[usize]) -> Work {
    work(coordinator, RequestClass::Read, cl, replicas)
}

fn write(coordinator: usize, cl: Consistency, replicas: &[usize]) -> Work {
    work(coordinator, RequestClass::Write, cl, replicas)
}

fn respond(at: Duration) -> Decision {
    Decision::Respond { at }
}

fn new(config: ModelConfig, nodes: usize) -> Model {
    Model::new(config, nodes).expect("valid model")
}

#[test]
fn one_shard_serves_simultaneous_arrivals_in_turn() {
    let model = new(fixed(1, 3), 1);
    let ends: Vec<_> = (0..4)
        .map(|_| model.admit(&read(0, Consistency::One, &[0]), ms(0)))
        .collect();
    assert_eq!(ends, [3, 6, 9, 12].map(|t| respond(ms(t))));
    let truth = model.ground_truth();
    let reads = truth.class(0, RequestClass::Read).expect("node 0 reads");
    assert_eq!((reads.count, reads.latency.min_us), (4, 3000));
    assert!(reads.histogram.equivalent(reads.latency.max_us, 12_000));
}

#[test]
fn two_shards_halve_the_wait() {
    let model = new(fixed(2, 3), 1);
    let ends: Vec<_> = (0..4)
        .map(|_| model.admit(&read(0, Consistency::One, &[0]), ms(0)))
        .collect();
    assert_eq!(ends, [3, 3, 6, 6].map(|t| respond(ms(t))));
}

#[test]
fn the_queue_limit_sheds_without_occupying() {
    let mut config = fixed(1, 10);
    config.queue_limit = Some(1);
    let model = new(config, 1);
    let r = read(0, Consistency::One, &[0]);
    let overloaded = Decision::Fail {
        at: ms(0),
        error: InjectedError::Overloaded,
    };
    let decisions: Vec<_> = (0..4).map(|_| model.admit(&r, ms(0))).collect();
    assert_eq!(
        decisions,
        [
            respond(ms(10)),
            respond(ms(20)),
            overloaded.clone(),
            overloaded
        ]
    );
    // The shed requests took no time: at 10 ms the second starts and the next one ends at 30.
    assert_eq!(model.admit(&r, ms(10)), respond(ms(30)));
    let reads = model.ground_truth().cluster(RequestClass::Read);
    assert_eq!(
        (reads.count, reads.failures.overloaded, reads.latency.count),
        (5, 2, 3)
    );
}

#[test]
fn stalls_stretch_replica_work_and_hold_the_coordinators_releases() {
    // Node 0 stalls [50, 60) ms every 100 ms; node 1 never stalls.
    let mut config = fixed(1, 10);
    config.stalls = Some(Stalls {
        every: ms(100),
        length: ms(10),
        jitter: Duration::ZERO,
        offset: ms(50),
    });
    config.nodes = vec![NodeOverride {
        stalls: Some(None),
        ..slow(1, 1.0)
    }];
    let model = new(config, 2);
    // Work on node 0 from 145 ms: 5 ms, the stall [150, 160), 5 ms -> 165 ms.
    assert_eq!(
        model.admit(&read(0, Consistency::One, &[0]), ms(145)),
        respond(ms(165))
    );
    // Work on node 1 ends at 55 ms, inside coordinator 0's stall: released at its end.
    assert_eq!(
        model.admit(&read(0, Consistency::One, &[1]), ms(45)),
        respond(ms(60))
    );
    assert_eq!(model.stalled_until(0, ms(55)), Some(ms(60)));
    assert_eq!(model.stalled_until(1, ms(55)), None);
    // Coordinated by node 1, nothing is held.
    assert_eq!(
        model.admit(&read(1, Consistency::One, &[1]), ms(245)),
        respond(ms(255))
    );
}

/// RF 3 on nodes 1x, 2x and 3x slow with 1 ms service: replicas finish at 1, 2 and 3 ms.
fn staggered() -> Model {
    let mut config = fixed(1, 1);
    config.nodes = vec![slow(1, 2.0), slow(2, 3.0)];
    new(config, 3)
}

#[test]
fn writes_answer_at_the_levels_acknowledgement() {
    let replicas = [0, 1, 2];
    for (cl, expected) in [
        (Consistency::One, 1),
        (Consistency::Quorum, 2),
        (Consistency::All, 3),
    ] {
        let model = staggered();
        assert_eq!(
            model.admit(&write(0, cl, &replicas), ms(0)),
            respond(ms(expected)),
            "{cl:?}"
        );
        // Every replica worked: node 2 is busy until 3 ms whatever the level.
        let next = model.admit(&read(2, Consistency::One, &[2]), ms(0));
        assert_eq!(next, respond(ms(6)), "{cl:?}: node 2 after the write");
    }
}

#[test]
fn reads_use_the_coordinator_first_and_only_the_levels_replicas() {
    let model = staggered();
    // ONE via node 1: only node 1 works (2 ms); node 0 stays idle.
    assert_eq!(
        model.admit(&read(1, Consistency::One, &[0, 1, 2]), ms(0)),
        respond(ms(2))
    );
    assert_eq!(
        model.admit(&read(0, Consistency::One, &[0]), ms(0)),
        respond(ms(1))
    );
    // QUORUM via node 2: nodes 2 (3 ms) and 0 (1 ms) -> 3 ms; node 1 stays idle.
    let model = staggered();
    assert_eq!(
        model.admit(&read(2, Consistency::Quorum, &[0, 1, 2]), ms(0)),
        respond(ms(3))
    );
    assert_eq!(
        model.admit(&read(1, Consistency::One, &[1]), ms(0)),
        respond(ms(2))
    );
}

#[test]
fn lwt_rounds_run_one_after_the_other_on_a_quorum() {
    let model = staggered();
    let lwt = work(0, RequestClass::Lwt, Consistency::Quorum, &[0, 1, 2]);
    // 4 rounds on nodes 0 and 1, each answered when node 1 finishes: 2, 4, 6, 8 ms.
    assert_eq!(model.admit(&lwt, ms(0)), respond(ms(8)));
    // Node 2 took no part.
    assert_eq!(
        model.admit(&read(2, Consistency::One, &[2]), ms(0)),
        respond(ms(3))
    );
}

#[test]
fn schema_and_unknown_replicas_run_on_the_coordinator() {
    let model = staggered();
    let schema = work(1, RequestClass::Schema, Consistency::All, &[0, 1, 2]);
    assert_eq!(model.admit(&schema, ms(0)), respond(ms(2)));
    // No replicas known, ALL: the coordinator alone answers.
    assert_eq!(
        model.admit(&write(2, Consistency::All, &[]), ms(0)),
        respond(ms(3))
    );
    assert_eq!(
        model.admit(&read(0, Consistency::One, &[0]), ms(0)),
        respond(ms(1))
    );
}

#[test]
fn other_requests_are_never_delayed_nor_recorded() {
    let model = new(fixed(1, 5), 1);
    let other = work(0, RequestClass::Other, Consistency::One, &[]);
    assert_eq!(model.admit(&other, ms(7)), respond(ms(7)));
    assert_eq!(
        model.ground_truth().nodes[0]
            .classes
            .iter()
            .map(|c| c.count)
            .sum::<u64>(),
        0
    );
}

#[test]
fn down_replicas_make_too_few_live_ones_unavailable() {
    let mut config = fixed(1, 1);
    let outage = Outage {
        at: ms(100),
        length: ms(50),
    };
    config.nodes = vec![
        NodeOverride {
            down: vec![outage],
            ..slow(1, 1.0)
        },
        NodeOverride {
            down: vec![outage],
            ..slow(2, 1.0)
        },
    ];
    let model = new(config, 3);
    assert!(model.is_down(1, ms(100)) && model.is_down(2, ms(149)) && !model.is_down(1, ms(150)));
    assert_eq!(model.outages(2), vec![outage]);
    assert_eq!(
        model.admit(&write(0, Consistency::Quorum, &[0, 1, 2]), ms(120)),
        Decision::Fail {
            at: ms(120),
            error: InjectedError::Unavailable {
                consistency: Consistency::Quorum,
                required: 2,
                alive: 1
            }
        }
    );
    // ONE succeeds on the live replica alone; the failed QUORUM occupied nothing.
    assert_eq!(
        model.admit(&write(0, Consistency::One, &[0, 1, 2]), ms(120)),
        respond(ms(121))
    );
    // After the outage, QUORUM works again.
    assert_eq!(
        model.admit(&write(0, Consistency::Quorum, &[0, 1, 2]), ms(150)),
        respond(ms(151))
    );
    let writes = model.ground_truth().cluster(RequestClass::Write);
    assert_eq!((writes.count, writes.failures.unavailable), (3, 1));
}

fn always(kind: InjectedKind, after: Option<Duration>) -> ErrorInjection {
    ErrorInjection {
        kind,
        classes: Vec::new(),
        probability: 1.0,
        after,
        nodes: Vec::new(),
    }
}

#[test]
fn injected_timeouts_occupy_and_overloads_do_not() {
    let mut config = fixed(1, 10);
    config.errors = vec![always(InjectedKind::WriteTimeout, None)];
    let model = new(config.clone(), 3);
    let timeout = InjectedError::WriteTimeout {
        consistency: Consistency::Quorum,
        received: 1,
        block_for: 2,
        write_type: "SIMPLE",
    };
    let w = write(0, Consistency::Quorum, &[0, 1, 2]);
    let first = model.admit(&w, ms(0));
    assert_eq!(
        first,
        Decision::Fail {
            at: ms(10),
            error: timeout.clone()
        }
    );
    // The timed-out write still held the shards: the next one ends at 20 ms.
    assert_eq!(
        model.admit(&w, ms(0)),
        Decision::Fail {
            at: ms(20),
            error: timeout
        }
    );

    config.errors = vec![always(InjectedKind::Overloaded, Some(ms(3)))];
    let model = new(config, 3);
    let shed = Decision::Fail {
        at: ms(3),
        error: InjectedError::Overloaded,
    };
    assert_eq!(model.admit(&w, ms(0)), shed);
    assert_eq!(model.admit(&w, ms(0)), shed, "nothing was occupied");
    let schema = work(0, RequestClass::Schema, Consistency::One, &[]);
    assert_eq!(
        model.admit(&schema, ms(0)),
        respond(ms(10)),
        "schema is not a default class"
    );
}

#[test]
fn the_same_seed_and_sequence_give_the_same_decisions() {
    let mut config = ModelConfig::simple(
        2,
        Distribution::Exponential {
            mean: Duration::from_micros(500),
        },
    );
    config.errors = vec![ErrorInjection {
        probability: 0.2,
        ..always(InjectedKind::ReadTimeout, None)
    }];
    config.seed = 11;
    let run = |config: &ModelConfig| -> Vec<Decision> {
        let model = new(config.clone(), 3);
        (0..500u64)
            .map(|i| {
                let r = read((i % 3) as usize, Consistency::Quorum, &[0, 1, 2]);
                model.admit(&r, Duration::from_micros(i * 100))
            })
            .collect()
    };
    let first = run(&config);
    assert_eq!(first, run(&config));
    config.seed = 12;
    assert_ne!(first, run(&config), "another seed draws other times");
}
