//! Building blocks for the execution tests: workloads written as plans (no YAML), a harness
//! that prepares them and runs phases with a real metrics registry, and a watcher of the live
//! in-flight gauge.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ringbench::exec::{self, ExecError, PhaseContext, PhaseGauges, PhaseReport};
use ringbench::generate::{Bindings, Generator, Value};
use ringbench::metrics::{Gauges, Registry, Stats};
use ringbench::plan::{KeyspacePlan, OperationKind, OperationPlan, PhasePlan, WorkloadPlan};
use ringbench::schedule::{PhaseLength, RateShape};
use scylla::client::session::Session;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// One operation of a test workload: name, CQL, kind, and the binding of each marker.
pub struct Op<'a> {
    pub name: &'a str,
    pub cql: String,
    pub kind: OperationKind,
    pub markers: &'a [&'a str],
}

/// A workload plan from bindings and operations (the keyspace and schema are the test's).
pub fn workload(ks: &str, bindings: Vec<(&str, Generator)>, ops: Vec<Op<'_>>) -> WorkloadPlan {
    let names: Vec<String> = bindings.iter().map(|(n, _)| n.to_string()).collect();
    let bindings = match Bindings::new(
        bindings
            .into_iter()
            .map(|(n, g)| (n.to_string(), g))
            .collect(),
    ) {
        Ok(b) => b,
        Err(e) => panic!("bad test bindings: {e}"),
    };
    let index = |marker: &str| match names.iter().position(|n| n == marker) {
        Some(i) => i,
        None => panic!("marker {marker} has no binding"),
    };
    WorkloadPlan {
        name: ks.to_string(),
        description: String::new(),
        source: String::new(),
        path: None,
        content_hash: String::new(),
        keyspace: KeyspacePlan {
            name: ks.to_string(),
            replication: BTreeMap::new(),
            durable_writes: true,
        },
        schema: Vec::new(),
        bindings: Arc::new(bindings),
        operations: ops
            .into_iter()
            .map(|op| OperationPlan {
                name: op.name.to_string(),
                markers: op.markers.iter().map(|m| index(m)).collect(),
                cql: op.cql,
                kind: op.kind,
                consistency: None,
                serial_consistency: None,
                idempotent: true,
                page_size: None,
            })
            .collect(),
        load: None,
        phases: Vec::new(),
    }
}

/// Writes and reads on `ks.kv (k int PRIMARY KEY, v text)`, keys uniform in 0..1000.
pub fn kv_workload(ks: &str) -> WorkloadPlan {
    let k = match ringbench::generate::numeric::UniformInt::new(0, 999) {
        Ok(g) => Generator::UniformInt(g),
        Err(e) => panic!("uniform 0..999: {e}"),
    };
    workload(
        ks,
        vec![
            ("k", k),
            ("v", Generator::Constant(Value::Text("value".into()))),
        ],
        vec![
            Op {
                name: "write",
                cql: format!("INSERT INTO {ks}.kv (k, v) VALUES (:k, :v)"),
                kind: OperationKind::Write,
                markers: &["k", "v"],
            },
            Op {
                name: "read",
                cql: format!("SELECT k, v FROM {ks}.kv WHERE k = :k"),
                kind: OperationKind::Read,
                markers: &["k"],
            },
        ],
    )
}

/// A phase drawing evenly from every operation of a workload with `operations` operations.
pub fn phase(name: &str, rate: RateShape, length: PhaseLength, operations: usize) -> PhasePlan {
    PhasePlan {
        name: name.to_string(),
        rate,
        length,
        mix: (0..operations).map(|i| (i, 1.0)).collect(),
        concurrency: None,
        first_cycle: 0,
    }
}

/// A prepared workload, ready to run phases.
pub struct Harness {
    pub ctx: PhaseContext,
    pub registry: Arc<Registry>,
}

impl Harness {
    pub async fn try_new(
        session: Arc<Session>,
        workload: &WorkloadPlan,
        concurrency: usize,
        max_in_flight: usize,
    ) -> Result<Harness, ExecError> {
        let ops = exec::prepare(&session, workload, 1).await?;
        let names = workload.operations.iter().map(|o| o.name.clone()).collect();
        let registry = Arc::new(Registry::new(names));
        Ok(Harness {
            ctx: PhaseContext {
                session,
                ops: Arc::new(ops),
                bindings: workload.bindings.clone(),
                seed: 1,
                concurrency,
                max_in_flight,
                run_start: Instant::now(),
                recorders: registry.clone(),
            },
            registry,
        })
    }

    pub async fn new(
        session: Arc<Session>,
        workload: &WorkloadPlan,
        concurrency: usize,
        max_in_flight: usize,
    ) -> Harness {
        match Harness::try_new(session, workload, concurrency, max_in_flight).await {
            Ok(h) => h,
            Err(e) => panic!("preparing the workload failed: {e}"),
        }
    }

    /// New gauges for `phase`.
    pub fn gauges(phase: &PhasePlan) -> Arc<PhaseGauges> {
        match PhaseGauges::new(phase) {
            Ok(g) => Arc::new(g),
            Err(e) => panic!("phase {} has no schedule: {e}", phase.name),
        }
    }

    /// Run `phase` to its end.
    pub async fn run(&self, phase: &PhasePlan) -> PhaseReport {
        let (_keep, stop) = watch::channel(false);
        self.run_with(phase, &Harness::gauges(phase), stop).await
    }

    pub async fn run_with(
        &self,
        phase: &PhasePlan,
        gauges: &Arc<PhaseGauges>,
        stop: watch::Receiver<bool>,
    ) -> PhaseReport {
        match exec::run_phase(&self.ctx, phase, gauges, stop).await {
            Ok(report) => report,
            Err(e) => panic!("phase {} failed: {e}", phase.name),
        }
    }

    /// Everything recorded since the last collection.
    pub fn collect(&self, phase: &str) -> Stats {
        let now = u64::try_from(self.ctx.run_start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.registry.collect(phase, now, Gauges::default()).stats
    }
}

/// Samples a phase's in-flight gauge every 200 µs and keeps the peak.
pub struct PeakWatcher {
    done: Arc<AtomicBool>,
    task: JoinHandle<u64>,
}

impl PeakWatcher {
    pub fn start(gauges: Arc<PhaseGauges>) -> PeakWatcher {
        let done = Arc::new(AtomicBool::new(false));
        let flag = done.clone();
        let task = tokio::spawn(async move {
            let mut peak = 0;
            while !flag.load(Ordering::Relaxed) {
                peak = peak.max(gauges.snapshot().in_flight);
                tokio::time::sleep(Duration::from_micros(200)).await;
            }
            peak
        });
        PeakWatcher { done, task }
    }

    pub async fn finish(self) -> u64 {
        self.done.store(true, Ordering::Relaxed);
        self.task.await.unwrap_or(u64::MAX)
    }
}
