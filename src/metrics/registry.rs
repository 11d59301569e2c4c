//! Per-worker recorders and the interval collector.
//!
//! # Why a small mutex per shard, swapped by the collector
//! Every worker records into a [`Recorder`]; a recorder owns a *shard*: a [`Stats`] behind its
//! own `Mutex`. Once per interval the collector takes each shard's lock just long enough to swap
//! the shard's `Box<Stats>` with an empty spare (a pointer swap), then merges what it took out
//! of the lock, resets it and keeps it as the next spare, so that after two intervals no
//! recording allocates. No lock is shared by all workers, and a worker's lock is uncontended
//! except for that one swap per interval: an uncontended `Mutex` costs a couple of atomic
//! operations, well inside the 50 ns per request budget (measured by `benches/record.rs`).
//!
//! The alternative, HdrHistogram's phase-shift double buffering, needs every recorder to pass
//! its buffer back before a collection completes, so an idle worker (all its requests stuck on a
//! stalled node) would delay every interval; with a mutex the collector never waits on a
//! worker's progress.
//!
//! Shards rather than one structure per worker: each shard holds three histograms per
//! operation, so a closed-loop run with hundreds of workers would otherwise hold hundreds of
//! copies. The registry makes at most `max_shards` shards (default: 4 per core) and hands them
//! out round-robin; workers that share a shard contend only while one of them is inside
//! [`Recorder::record`], which never awaits.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::snapshot::{Gauges, IntervalSnapshot};
use super::stats::Stats;
use super::Sample;

type Shard = Arc<Mutex<Box<Stats>>>;

/// Takes a lock even if a thread panicked while holding it: counters stay usable, and losing a
/// run's measurements to an unrelated panic would be worse than a possibly half-counted sample.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One worker's handle for recording finished requests.
#[derive(Debug)]
pub struct Recorder {
    shard: Shard,
}

impl Recorder {
    /// Counts one finished request: no allocation in the steady state, no lock shared by all
    /// workers, no await.
    #[inline]
    pub fn record(&mut self, sample: &Sample) {
        lock(&self.shard).record(sample);
    }
}

/// Hands out recorders and, every interval, collects and merges what they recorded.
#[derive(Debug)]
pub struct Registry {
    operation_names: Vec<String>,
    max_shards: usize,
    handed_out: AtomicUsize,
    /// Only [`Registry::recorder`] and [`Registry::collect`] take this lock, never the hot path.
    shards: Mutex<Vec<ShardSlot>>,
    clock: Mutex<Clock>,
}

#[derive(Debug)]
struct ShardSlot {
    live: Shard,
    spare: Box<Stats>,
}

#[derive(Debug, Default)]
struct Clock {
    next_index: u64,
    last_end_ns: u64,
}

impl Registry {
    /// A registry for the plan's operations (names in plan order), with the default shard
    /// limit of four per core.
    pub fn new(operation_names: Vec<String>) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Registry::with_max_shards(operation_names, cores * 4)
    }

    /// A registry that makes at most `max_shards` shards (at least one).
    pub fn with_max_shards(operation_names: Vec<String>, max_shards: usize) -> Self {
        Registry {
            operation_names,
            max_shards: max_shards.max(1),
            handed_out: AtomicUsize::new(0),
            shards: Mutex::new(Vec::new()),
            clock: Mutex::new(Clock::default()),
        }
    }

    pub fn operation_names(&self) -> &[String] {
        &self.operation_names
    }

    /// A recorder for one worker: a new shard until `max_shards` exist, then an existing one
    /// round-robin.
    pub fn recorder(&self) -> Recorder {
        let n = self.handed_out.fetch_add(1, Ordering::Relaxed);
        let mut shards = lock(&self.shards);
        if shards.len() < self.max_shards {
            let live = Arc::new(Mutex::new(Box::new(Stats::new(&self.operation_names))));
            shards.push(ShardSlot {
                live: Arc::clone(&live),
                spare: Box::new(Stats::new(&self.operation_names)),
            });
            return Recorder { shard: live };
        }
        let slot = &shards[n % shards.len()];
        Recorder {
            shard: Arc::clone(&slot.live),
        }
    }

    /// Starts the first interval at `now_ns` instead of 0 (the run's start), when recording
    /// begins later than the clock's origin (e.g. after schema set-up). What was recorded
    /// before is kept and lands in the next interval.
    pub fn start_at(&self, now_ns: u64) {
        lock(&self.clock).last_end_ns = now_ns;
    }

    /// Ends the current interval at `now_ns` (nanoseconds since the run's start): takes what
    /// every recorder gathered since the previous collection, merges it and returns it with the
    /// given phase name and gauges. Call it once per interval, and once more when a phase ends
    /// (after its workers finished) so that the phase's last partial interval is included.
    pub fn collect(&self, phase: &str, now_ns: u64, gauges: Gauges) -> IntervalSnapshot {
        let mut merged = Stats::new(&self.operation_names);
        {
            let mut shards = lock(&self.shards);
            for slot in shards.iter_mut() {
                std::mem::swap(&mut *lock(&slot.live), &mut slot.spare);
                merged.add(&slot.spare);
                slot.spare.reset();
            }
        }
        let mut clock = lock(&self.clock);
        let start_ns = clock.last_end_ns.min(now_ns);
        let index = clock.next_index;
        clock.next_index += 1;
        clock.last_end_ns = now_ns;
        IntervalSnapshot {
            index,
            phase: phase.to_string(),
            start_ns,
            end_ns: now_ns,
            stats: merged,
            gauges,
        }
    }
}
