//! Cost of one `Model::admit` (the node runs it for every request): a 3-node model with
//! 8 shards, log-normal service times, stalls, a queue limit and an error injection, fed a
//! mix of 70% reads at ONE, 25% writes at QUORUM (RF 3) and 5% LWTs (1.85 replica-services
//! per request on average), arriving at 50% of the cluster's capacity for that mix.
//!
//! `cargo bench --bench model_admit` prints nanoseconds per admit for one thread, and for two
//! threads admitting at once on different coordinators (the per-node locks' contention).
//! Target: < 1 µs per admit. Knob: RINGBENCH_BENCH_ADMITS (default 1,000,000 per thread).

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cassandra_protocol::consistency::Consistency;
use ringbench::node::cluster::{ClusterState, NodeInfo};
use ringbench::node::exec::RequestClass;
use ringbench::node::model::{
    capacity, Distribution, ErrorInjection, InjectedKind, Model, ModelConfig, Ring, Stalls, Work,
};

const TARGET_NS: f64 = 1000.0;
const NODES: usize = 3;

fn config() -> ModelConfig {
    let mut config = ModelConfig::simple(
        8,
        Distribution::LogNormal {
            median: Duration::from_micros(400),
            p99: Duration::from_millis(3),
        },
    );
    config.queue_limit = Some(64);
    config.stalls = Some(Stalls {
        every: Duration::from_secs(2),
        length: Duration::from_millis(50),
        jitter: Duration::from_millis(200),
        offset: Duration::ZERO,
    });
    config.errors = vec![ErrorInjection {
        kind: InjectedKind::ReadTimeout,
        classes: vec![RequestClass::Read],
        probability: 0.001,
        after: None,
        nodes: Vec::new(),
    }];
    config
}

/// 1024 requests with replicas from the real ring layout: 70% reads, 25% writes, 5% LWTs.
fn requests() -> Vec<Work> {
    let nodes: Vec<NodeInfo> = (0..NODES)
        .map(|i| NodeInfo {
            index: i,
            address: ([127, 0, 0, 1 + i as u8], 9042).into(),
            host_id: uuid::Uuid::nil(),
            tokens: ClusterState::tokens_for(i, NODES),
            datacenter: "datacenter1".into(),
            rack: "rack1".into(),
        })
        .collect();
    let ring = Ring::new(&nodes);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..1024)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut replicas = Vec::new();
            ring.replicas_into(x as i64, 3, &mut replicas);
            let (class, consistency) = match i % 20 {
                0 => (RequestClass::Lwt, Consistency::Serial),
                1..=5 => (RequestClass::Write, Consistency::Quorum),
                _ => (RequestClass::Read, Consistency::One),
            };
            Work {
                coordinator: replicas.first().copied().unwrap_or(0),
                class,
                consistency,
                replicas,
            }
        })
        .collect()
}

/// Admits `n` requests from `requests`, each arriving `gap` after the previous one on the
/// shared virtual `clock` (nanoseconds; shared so that threads admitting at once keep
/// arrivals in order, as the server's clock does); wall time per admit in ns.
fn run(model: &Model, requests: &[Work], n: usize, gap: Duration, clock: &AtomicU64) -> f64 {
    let gap = gap.as_nanos() as u64;
    let start = Instant::now();
    for i in 0..n {
        let arrival = Duration::from_nanos(clock.fetch_add(gap, Ordering::Relaxed) + gap);
        black_box(model.admit(&requests[i % requests.len()], arrival));
    }
    start.elapsed().as_nanos() as f64 / n as f64
}

/// What the model decided, per class: a sanity check that the load is as described.
fn report(model: &Model) {
    for class in [RequestClass::Read, RequestClass::Write, RequestClass::Lwt] {
        let t = model.ground_truth().cluster(class);
        println!(
            "  {class:?}: {} requests, {} failed, p50 {} µs, p99 {} µs",
            t.count,
            t.failures.total(),
            t.latency.p50_us,
            t.latency.p99_us
        );
    }
}

fn main() {
    let n: usize = std::env::var("RINGBENCH_BENCH_ADMITS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let reads = capacity(&config(), NODES, 3, Consistency::One)
        .per_class
        .iter()
        .find(|c| c.class == RequestClass::Read)
        .map_or(10_000.0, |c| c.ops_per_s);
    // Read capacity counts 1 replica-service per request; the mix averages 1.85.
    let gap = Duration::from_secs_f64(1.85 / (0.5 * reads));
    let requests = requests();

    let model = Model::new(config(), NODES).expect("valid model");
    let one = run(&model, &requests, n, gap, &AtomicU64::new(0));
    println!("model_admit: 1 thread:  {one:.0} ns per admit (target < {TARGET_NS:.0} ns)");
    report(&model);

    let model = Arc::new(Model::new(config(), NODES).expect("valid model"));
    let requests = Arc::new(requests);
    let clock = Arc::new(AtomicU64::new(0));
    let threads: Vec<_> = (0..2)
        .map(|t| {
            let (model, requests) = (Arc::clone(&model), Arc::clone(&requests));
            let clock = Arc::clone(&clock);
            std::thread::spawn(move || {
                // Each thread takes every other request: different coordinators mostly.
                let own: Vec<Work> = requests.iter().skip(t).step_by(2).cloned().collect();
                run(&model, &own, n, gap, &clock)
            })
        })
        .collect();
    let per_thread: Vec<f64> = threads
        .into_iter()
        .map(|t| t.join().expect("bench thread"))
        .collect();
    println!(
        "model_admit: 2 threads: {:.0} / {:.0} ns per admit",
        per_thread[0], per_thread[1]
    );
    report(&model);
    let worst = per_thread.iter().copied().fold(one, f64::max);
    println!(
        "model_admit: {}",
        if worst < TARGET_NS {
            "within target"
        } else {
            "ABOVE TARGET"
        }
    );
}
