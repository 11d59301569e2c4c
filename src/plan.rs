//! The run plan: workload + profile + command line, validated and compiled once.
//!
//! Everything downstream of `plan` (connecting, schema set-up, the schedule, the workers, the
//! recorders, the results) sees only a [`RunPlan`] and never re-parses user input.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use scylla::statement::{Consistency, SerialConsistency};

use crate::generate::Bindings;
use crate::profile::Profile;
use crate::schedule::{PhaseLength, RateShape};

mod build;

pub use build::{
    build_plan, main_phases, PlanError, PlanInputs, DEFAULT_INTERVAL, DEFAULT_MAX_IN_FLIGHT,
    DEFAULT_TASKS_PER_CORE, RATE_PHASE_NAME,
};

/// A complete, validated run.
#[derive(Debug, Clone)]
pub struct RunPlan {
    pub workload: WorkloadPlan,
    pub profile: Profile,
    /// Every generated value derives from (seed, cycle).
    pub seed: u64,
    /// Closed loop: number of concurrent workers. Rate-controlled: number of client tasks
    /// sharing the schedule.
    pub concurrency: usize,
    /// Upper bound on requests in flight; a late request waits for a slot and is charged the
    /// wait, it is never dropped.
    pub max_in_flight: usize,
    /// Length of one interval of the per-interval series and the .hlog.
    pub interval: Duration,
    /// Folder the run's result directory is created in.
    pub out_dir: PathBuf,
    /// `--tag key=value` pairs, recorded in the result.
    pub tags: BTreeMap<String, String>,
    /// The command line as typed (secrets are never accepted on it).
    pub command_line: Vec<String>,
}

/// A compiled workload.
#[derive(Debug, Clone)]
pub struct WorkloadPlan {
    pub name: String,
    pub description: String,
    /// The YAML text, recorded in the result.
    pub source: String,
    /// Where it was loaded from; `None` for a shipped workload referred to by name.
    pub path: Option<PathBuf>,
    /// Hex digest of `source`, to tell whether two runs used the same workload.
    pub content_hash: String,
    pub keyspace: KeyspacePlan,
    /// Schema statements run after the keyspace is created (CREATE TABLE ...), in order.
    pub schema: Vec<String>,
    pub bindings: Arc<Bindings>,
    pub operations: Vec<OperationPlan>,
    /// The optional load phase (e.g. write N partitions in sequence), run before `phases`.
    pub load: Option<PhasePlan>,
    pub phases: Vec<PhasePlan>,
}

/// The keyspace a workload runs in; the profile may override its replication.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyspacePlan {
    pub name: String,
    /// As in CQL: `class` plus `replication_factor` or per-DC factors.
    pub replication: BTreeMap<String, String>,
    pub durable_writes: bool,
}

/// What kind of statement an operation is; decides how its results are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperationKind {
    Read,
    Write,
    /// A conditional statement (IF NOT EXISTS / IF EXISTS / IF col = ?): reports applied or not.
    Lwt,
    Batch,
}

/// One named, prepared statement of a workload.
#[derive(Debug, Clone)]
pub struct OperationPlan {
    pub name: String,
    /// The CQL text with named bind markers (`:name`), sent to PREPARE as written.
    pub cql: String,
    pub kind: OperationKind,
    /// For each bind marker of `cql`, in marker order, the index of its binding in
    /// `WorkloadPlan::bindings`.
    pub markers: Vec<usize>,
    pub consistency: Option<Consistency>,
    pub serial_consistency: Option<SerialConsistency>,
    pub idempotent: bool,
    /// Page size for reads; `None` = the profile's default.
    pub page_size: Option<i32>,
}

/// A span of the run with its own rate shape and length.
#[derive(Debug, Clone)]
pub struct PhasePlan {
    pub name: String,
    pub rate: RateShape,
    pub length: PhaseLength,
    /// The operations this phase draws from, as (index into `operations`, weight).
    pub mix: Vec<(usize, f64)>,
    /// Closed-loop worker count for this phase, overriding `RunPlan::concurrency`.
    pub concurrency: Option<usize>,
    /// Cycle number of the phase's first request. Cycles count on across phases (the load
    /// phase starts at 0), so every request of a run has its own cycle number.
    pub first_cycle: u64,
}
