//! Recording cost per request: `Recorder::record` (three latency histograms, counters, the
//! coordinator's histogram) on pre-built samples.
//!
//! `cargo bench --bench record` prints nanoseconds per recorded sample for one recorder alone
//! and for one recorder per core recording at once while a collector thread takes snapshots
//! every 100 ms (the run's real pattern, at ten times its collection rate). Times are the
//! recording thread's on-CPU time where Linux reports it (so other processes on a busy machine
//! do not inflate them), wall time otherwise. Target: < 50 ns per sample. Knob: RINGBENCH_BENCH_SAMPLES (default 2,000,000 per recorder).

use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ringbench::metrics::{ErrorClass, Gauges, Recorder, Registry, Sample, SampleOutcome};

const TARGET_NS: f64 = 50.0;

fn samples(n: usize, seed: u64) -> Vec<Sample> {
    let nodes: Vec<SocketAddr> = (1..=3u8)
        .map(|i| SocketAddr::from(([127, 0, 0, i], 9042)))
        .collect();
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|i| {
            let r = next();
            // Service times log-uniform over ~50 µs .. ~100 ms, waits mostly tiny.
            let service = 50_000u64 << (r % 11);
            let wait = (r >> 8) % 20_000;
            let intended = i as u64 * 10_000;
            let outcome = if r % 100 == 0 {
                SampleOutcome::Error(ErrorClass::Timeout)
            } else {
                SampleOutcome::Ok {
                    rows: r % 3,
                    applied: None,
                }
            };
            Sample {
                operation: (r >> 16) as usize % 3,
                intended_ns: intended,
                sent_ns: intended + wait,
                completed_ns: intended + wait + service + (r >> 24) % 1_000,
                outcome,
                coordinator: nodes.get((r >> 32) as usize % nodes.len()).copied(),
            }
        })
        .collect()
}

/// Time this thread spent on a CPU (nanoseconds, from /proc/thread-self/schedstat), so that a
/// busy shared machine descheduling the thread does not count as recording time.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Records every sample; returns the time it took, on-CPU time where the OS reports it.
fn record_all(recorder: &mut Recorder, samples: &[Sample]) -> Duration {
    let (cpu_start, start) = (thread_cpu_ns(), Instant::now());
    for s in samples {
        recorder.record(black_box(s));
    }
    let wall = start.elapsed();
    match (cpu_start, thread_cpu_ns()) {
        (Some(a), Some(b)) if b > a => Duration::from_nanos(b - a),
        _ => wall,
    }
}

fn main() {
    let n: usize = std::env::var("RINGBENCH_BENCH_SAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000_000);
    let names = vec!["read".to_string(), "write".to_string(), "scan".to_string()];

    // One recorder alone; the first pass grows the histograms, the others are steady state.
    let registry = Registry::new(names.clone());
    let mut recorder = registry.recorder();
    let data = samples(n, 0x9e37_79b9_7f4a_7c15);
    let mut best = f64::MAX;
    for round in 0..4 {
        let ns = record_all(&mut recorder, &data).as_nanos() as f64 / n as f64;
        if round > 0 {
            best = best.min(ns);
        }
        registry.collect("bench", round * 1_000_000_000, Gauges::default());
    }
    println!("record, 1 recorder:             {best:6.1} ns/sample (best of 3 x {n})");

    // One recorder per core, with a collector swapping shards every 100 ms.
    let cores = std::thread::available_parallelism().map_or(2, |c| c.get());
    let registry = Arc::new(Registry::new(names));
    let done = Arc::new(AtomicBool::new(false));
    let collector = {
        let (registry, done) = (Arc::clone(&registry), Arc::clone(&done));
        std::thread::spawn(move || {
            let mut t = 0;
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                t += 100_000_000;
                black_box(registry.collect("bench", t, Gauges::default()));
            }
        })
    };
    let workers: Vec<_> = (0..cores)
        .map(|w| {
            let mut recorder = registry.recorder();
            let data = samples(n, 0x5851_f42d_4c95_7f2d + w as u64);
            std::thread::spawn(move || {
                record_all(&mut recorder, &data);
                record_all(&mut recorder, &data).as_nanos() as f64 / n as f64
            })
        })
        .collect();
    let per_worker: Vec<f64> = workers.into_iter().filter_map(|w| w.join().ok()).collect();
    done.store(true, Ordering::Relaxed);
    let _ = collector.join();
    let worst = per_worker.iter().copied().fold(0.0, f64::max);
    println!(
        "record, {cores} recorders + collector: {worst:6.1} ns/sample (slowest recorder, 2nd pass)"
    );
    let verdict = if best.max(worst) < TARGET_NS {
        "within"
    } else {
        "ABOVE"
    };
    println!("target < {TARGET_NS} ns/sample: {verdict}");
}
