//! Simulations in virtual time: arrival streams fed to [`Model::admit`] whose throughput and
//! latency are compared with [`capacity`] and with queueing theory. Closed loop: many clients,
//! each sending its next request when the previous one is answered, keep every node busy,
//! so the achieved throughput is the capacity. Open loop: Poisson arrivals at a known rate.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Duration;

use cassandra_protocol::consistency::Consistency;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution as _, Exp};

use super::*;
use crate::node::cluster::{ClusterState, NodeInfo};

fn ring(nodes: usize) -> Ring {
    let infos: Vec<NodeInfo> = (0..nodes)
        .map(|i| NodeInfo {
            index: i,
            address: ([127, 0, 0, 1 + i as u8], 9042).into(),
            host_id: uuid::Uuid::nil(),
            tokens: ClusterState::tokens_for(i, nodes),
            datacenter: "datacenter1".into(),
            rack: "rack1".into(),
        })
        .collect();
    Ring::new(&infos)
}

/// What one simulation sends.
struct Load {
    nodes: usize,
    rf: usize,
    class: RequestClass,
    consistency: Consistency,
}

/// Closed loop with 64 clients per shard of the cluster, uniform random tokens sent to their
/// first replica (token-aware), for `seconds` of virtual time; responses per second after
/// the first 3 s (the clients start spread over the nodes; until they have piled up in the
/// bottleneck's queue, the other nodes complete more than their steady share).
fn closed_loop(config: &ModelConfig, load: &Load, seconds: u64) -> f64 {
    let model = Model::new(config.clone(), load.nodes).expect("valid model");
    let ring = ring(load.nodes);
    let mut rng = SmallRng::seed_from_u64(3);
    let (warmup, end) = (Duration::from_secs(3), Duration::from_secs(seconds));
    let clients = 64 * load.nodes * config.shards;
    let mut next: BinaryHeap<Reverse<(Duration, usize)>> =
        (0..clients).map(|c| Reverse((Duration::ZERO, c))).collect();
    let mut work = Work {
        coordinator: 0,
        class: load.class,
        consistency: load.consistency,
        replicas: Vec::new(),
    };
    let mut answered = 0u64;
    while let Some(Reverse((arrival, client))) = next.pop() {
        if arrival >= end {
            break;
        }
        ring.replicas_into(rng.random(), load.rf, &mut work.replicas);
        work.coordinator = work.replicas.first().copied().unwrap_or(0);
        let at = match model.admit(&work, arrival) {
            Decision::Respond { at } => at,
            other => panic!("no failures expected, got {other:?}"),
        };
        if at >= warmup && at < end {
            answered += 1;
        }
        next.push(Reverse((at, client)));
    }
    answered as f64 / (end - warmup).as_secs_f64()
}

/// Runs the closed loop and compares it with the formula for `load.class`. The bottleneck's
/// throughput over n exponential services has a relative standard deviation of 1/sqrt(n):
/// each test runs long enough for n >= 40k there, so 2% is at least 4 deviations.
fn assert_saturates_at_capacity(config: &ModelConfig, load: &Load, seconds: u64) {
    let expected = capacity(config, load.nodes, load.rf, load.consistency);
    let class = expected
        .per_class
        .iter()
        .find(|c| c.class == load.class)
        .expect("class in the capacity table");
    let achieved = closed_loop(config, load, seconds);
    let error = (achieved - class.ops_per_s).abs() / class.ops_per_s;
    assert!(
        error <= 0.02,
        "{:?}: formula {} -> {:.1} ops/s, simulated {achieved:.1} ops/s ({:.2}% off, 2% allowed)",
        load.class,
        class.formula,
        class.ops_per_s,
        error * 100.0
    );
}

fn exponential(micros: u64) -> Distribution {
    Distribution::Exponential {
        mean: Duration::from_micros(micros),
    }
}

#[test]
fn one_node_reads_saturate_at_shards_over_mean() {
    // 4 / 1 ms = 4000 ops/s.
    let config = ModelConfig::simple(4, exponential(1000));
    let load = Load {
        nodes: 1,
        rf: 1,
        class: RequestClass::Read,
        consistency: Consistency::One,
    };
    assert_saturates_at_capacity(&config, &load, 23);
}

#[test]
fn replicated_quorum_writes_cost_every_replica() {
    // 3 × 2 / mean / 3 with a log-normal mean of 1 ms × e^(sigma²/2) = 1.27 ms: ~1574 ops/s.
    let config = ModelConfig::simple(
        2,
        Distribution::LogNormal {
            median: Duration::from_millis(1),
            p99: Duration::from_millis(5),
        },
    );
    let load = Load {
        nodes: 3,
        rf: 3,
        class: RequestClass::Write,
        consistency: Consistency::Quorum,
    };
    assert_saturates_at_capacity(&config, &load, 23);
}

#[test]
fn a_slow_node_bounds_the_cluster() {
    // Node 2 twice as slow: 3 × 2 / (1 ms × 2) / 1 = 3000 ops/s at ONE.
    let mut config = ModelConfig::simple(2, exponential(1000));
    config.nodes = vec![NodeOverride {
        node: 2,
        slow_factor: 2.0,
        stalls: None,
        down: Vec::new(),
    }];
    let load = Load {
        nodes: 3,
        rf: 3,
        class: RequestClass::Read,
        consistency: Consistency::One,
    };
    assert_saturates_at_capacity(&config, &load, 43);
}

#[test]
fn stalls_take_their_share_of_lwt_capacity() {
    // Stalled 10 of every 50 ms: 3 × 2 / 1 ms × 0.8 / (2 rounds × quorum 2) = 1200 ops/s.
    let mut config = ModelConfig::simple(2, exponential(1000));
    config.lwt_rounds = 2;
    config.stalls = Some(Stalls {
        every: Duration::from_millis(50),
        length: Duration::from_millis(10),
        jitter: Duration::from_millis(20),
        offset: Duration::ZERO,
    });
    let load = Load {
        nodes: 3,
        rf: 3,
        class: RequestClass::Lwt,
        consistency: Consistency::Serial,
    };
    assert_saturates_at_capacity(&config, &load, 18);
}

#[test]
fn poisson_arrivals_on_one_shard_queue_like_m_m_1() {
    // λ = 500/s, service exponential with mean 1 ms (μ = 1000/s): mean response
    // 1 / (μ − λ) = 2 ms, P(response > t) = e^(−(μ − λ) t), so p90 = ln 10 × 2 ms = 4.61 ms.
    let model = Model::new(ModelConfig::simple(1, exponential(1000)), 1).expect("valid");
    let gaps = Exp::new(500.0).expect("positive rate");
    let mut rng = SmallRng::seed_from_u64(5);
    let work = Work {
        coordinator: 0,
        class: RequestClass::Read,
        consistency: Consistency::One,
        replicas: vec![0],
    };
    let mut arrival = Duration::ZERO;
    for _ in 0..100_000 {
        arrival += Duration::from_secs_f64(gaps.sample(&mut rng));
        model.admit(&work, arrival);
    }
    let reads = model.ground_truth().cluster(RequestClass::Read);
    let mean_ms = reads.latency.mean_us / 1000.0;
    let p90_ms = reads.latency.p90_us as f64 / 1000.0;
    assert!(
        (mean_ms - 2.0).abs() <= 0.1,
        "mean {mean_ms:.3} ms, expected 2.0 ± 0.1"
    );
    let p90 = 10f64.ln() * 2.0;
    assert!(
        (p90_ms - p90).abs() <= 0.25,
        "p90 {p90_ms:.3} ms, expected {p90:.2} ± 0.25"
    );
}

#[test]
fn a_queue_limit_blocks_like_m_m_1_k() {
    // One shard, 4 may wait: at most K = 5 in the system. λ = 1500/s, μ = 1000/s, ρ = 1.5:
    // an arrival is shed with probability P_K = ρ^K (1 − ρ) / (1 − ρ^(K+1)) = 0.3654.
    let mut config = ModelConfig::simple(1, exponential(1000));
    config.queue_limit = Some(4);
    let model = Model::new(config, 1).expect("valid");
    let gaps = Exp::new(1500.0).expect("positive rate");
    let mut rng = SmallRng::seed_from_u64(8);
    let work = Work {
        coordinator: 0,
        class: RequestClass::Read,
        consistency: Consistency::One,
        replicas: vec![0],
    };
    let (n, mut shed, mut arrival) = (150_000, 0u32, Duration::ZERO);
    for _ in 0..n {
        arrival += Duration::from_secs_f64(gaps.sample(&mut rng));
        if let Decision::Fail { at, error } = model.admit(&work, arrival) {
            assert_eq!((at, error), (arrival, InjectedError::Overloaded));
            shed += 1;
        }
    }
    let (rho, k) = (1.5f64, 5);
    let p_k = rho.powi(k) * (1.0 - rho) / (1.0 - rho.powi(k + 1));
    let fraction = f64::from(shed) / f64::from(n);
    assert!(
        (fraction - p_k).abs() <= 0.01,
        "shed {fraction:.4}, M/M/1/5 says {p_k:.4}"
    );
    let reads = model.ground_truth().cluster(RequestClass::Read);
    assert_eq!(reads.failures.overloaded, u64::from(shed));
    assert_eq!(reads.latency.count, u64::from(n - shed));
}

#[test]
fn stalls_delay_arrivals_as_the_fluid_formula_says() {
    // docs/model.md: at utilisation ρ, a stall of L every E makes P(extra wait > x) =
    // (L − x) / ((1 − ρ) E). One shard, 1 ms fixed service, an arrival every 2 ms (ρ = 0.5),
    // 200 ms stalls every 2 s: P(extra > x) = (0.2 − x) / 1, so the p90 is 1 + 100 ms, the
    // p95 1 + 150 ms, and 80% of requests see no stall at all.
    let mut config = ModelConfig::simple(1, Distribution::Fixed(Duration::from_millis(1)));
    config.stalls = Some(Stalls {
        every: Duration::from_secs(2),
        length: Duration::from_millis(200),
        jitter: Duration::ZERO,
        offset: Duration::from_millis(500),
    });
    let model = Model::new(config, 1).expect("valid");
    let work = Work {
        coordinator: 0,
        class: RequestClass::Write,
        consistency: Consistency::One,
        replicas: vec![0],
    };
    for i in 0..100_000u64 {
        model.admit(&work, Duration::from_millis(2 * i));
    }
    let writes = model.ground_truth().cluster(RequestClass::Write);
    let ms_at = |q: f64| writes.histogram.value_at_quantile(q) as f64 / 1000.0;
    for (q, expected) in [(0.5, 1.0), (0.79, 1.0), (0.9, 101.0), (0.95, 151.0)] {
        let actual = ms_at(q);
        assert!(
            (actual - expected).abs() <= 2.0,
            "quantile {q}: {actual:.1} ms, the fluid formula says {expected:.1} ms"
        );
    }
}
