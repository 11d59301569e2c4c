//! Pacing: how late requests leave against their intended start, and what the waiting costs
//! in client CPU, for the workers' timer ([`TimerHandle::pace_until`]) against plain tokio
//! sleeps, at several rates. No requests are sent: this isolates the schedule and the timer.
//!
//! `cargo bench --bench pacing` prints one line per (rate, workers, timer): lateness
//! percentiles in µs and process CPU time per 100k waits. Figures, not assertions: compare
//! them across commits on the same machine.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ringbench::metrics::process_cpu_time;
use ringbench::schedule::{PhaseLength, RateShape, Schedule, TimerHandle};

const SECONDS: f64 = 2.0;

#[derive(Clone, Copy, PartialEq)]
enum Timer {
    /// `TimerHandle::pace_until`: precise per request up to 1000 req/s per worker, batched above.
    Pacer,
    /// `tokio::time::sleep_until` for every request (1 ms granularity).
    Tokio,
}

async fn pace(rate: f64, workers: usize, timer_kind: Timer) -> Option<String> {
    let length = PhaseLength::Duration(Duration::from_secs_f64(SECONDS));
    let schedule = Arc::new(Schedule::new(&RateShape::Constant { rate }, length).ok()?);
    let timer = TimerHandle::start().ok()?;
    let next = Arc::new(AtomicU64::new(0));
    let cpu_before = process_cpu_time()?;
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..workers {
        let (schedule, next, timer) = (schedule.clone(), next.clone(), timer.clone());
        tasks.push(tokio::spawn(async move {
            let mut lateness = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some(offset) = schedule.intended(n) else {
                    break;
                };
                let at = start + offset;
                match timer_kind {
                    Timer::Pacer => timer.pace_until(at, rate / workers as f64).await,
                    Timer::Tokio => tokio::time::sleep_until(at.into()).await,
                }
                let late = Instant::now().saturating_duration_since(at);
                lateness.push(late.as_micros() as u64);
            }
            lateness
        }));
    }
    let mut lateness = Vec::new();
    for task in tasks {
        lateness.extend(task.await.ok()?);
    }
    let cpu = process_cpu_time()?.saturating_sub(cpu_before);
    lateness.sort_unstable();
    let q = |p: f64| lateness[((lateness.len() - 1) as f64 * p) as usize];
    let name = match timer_kind {
        Timer::Pacer => "pacer",
        Timer::Tokio => "tokio sleep",
    };
    Some(format!(
        "{rate:>8} ops/s {workers} workers {name:<12} lateness p50 {:>5} p90 {:>5} p99 {:>5} \
         max {:>6} µs   CPU {:>6.1} ms per 100k waits",
        q(0.5),
        q(0.9),
        q(0.99),
        q(1.0),
        cpu.as_secs_f64() * 1e3 * 100_000.0 / lateness.len() as f64
    ))
}

fn main() {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return eprintln!("cannot start a runtime: {e}"),
    };
    println!("pacing over {SECONDS} s per line (process CPU ticks are 10 ms)");
    for (rate, workers) in [
        (100.0, 1),
        (1000.0, 1),
        (4000.0, 4),
        (20_000.0, 4),
        (50_000.0, 4),
    ] {
        for timer in [Timer::Pacer, Timer::Tokio] {
            match runtime.block_on(pace(rate, workers, timer)) {
                Some(line) => println!("{line}"),
                None => println!("{rate} ops/s: measurement failed"),
            }
        }
    }
}
