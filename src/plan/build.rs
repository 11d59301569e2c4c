//! Building a [`RunPlan`]: the command line (`ringbench run` flags) applied to a compiled
//! workload and a loaded profile, once, before anything connects.
//!
//! The rules, so a user can predict what runs:
//! - `--rate R` replaces the workload's main phases (everything but the load phase) by one
//!   constant-rate phase named `main`, drawing from the operation mix of the workload's last
//!   phase (its steady state). Its length is `--duration` / `--ops`, or by default as long as
//!   the workload's main phases together.
//! - `--duration` / `--ops` without `--rate` also make the main part one phase: the last
//!   phase, with its rate shape and mix, for that length (a ramp stretches over it; steps
//!   keep their rates and proportions, their durations scaled to fit).
//! - `--no-load` drops the load phase; `--concurrency` overrides every phase's own worker
//!   count; the profile's replication replaces the workload keyspace's.
//! - Cycle numbers count on across the phases that remain, from 0 (the load phase first),
//!   as [`crate::workload::assign_cycles`] numbers them: each phase gets a span fixed before
//!   the run, so a phase's values never depend on how many requests an earlier one managed.

use std::time::Duration;

use crate::cli::RunArgs;
use crate::plan::{PhasePlan, RunPlan, WorkloadPlan};
use crate::profile::Profile;
use crate::schedule::{PhaseLength, RateShape, Step};
use crate::workload::assign_cycles;

/// Requests in flight at once when `--max-in-flight` is not given.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 1024;
/// Client tasks per core when `--concurrency` is not given.
pub const DEFAULT_TASKS_PER_CORE: usize = 2;
/// Length of one interval of the per-interval series and the .hlog.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(1);
/// Name of the phase `--rate` creates.
pub const RATE_PHASE_NAME: &str = "main";

/// Why the command line does not fit the workload.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(
        "workload '{workload}' has no phases to run after its load phase; add a phase \
         (see docs/workload.md, `phases:`)"
    )]
    NoMainPhase { workload: String },
    #[error("--{flag} {value}: {why}")]
    BadFlag {
        flag: &'static str,
        value: String,
        why: &'static str,
    },
}

/// Everything besides the command line that a plan is built from.
#[derive(Debug)]
pub struct PlanInputs {
    pub workload: WorkloadPlan,
    /// Its keyspace replication, when set, replaces the workload's.
    pub profile: Profile,
    /// The command line as typed, recorded in the result.
    pub command_line: Vec<String>,
    /// CPU cores of this machine (for the default concurrency).
    pub cores: usize,
}

/// Apply `args` to the inputs; see the module docs for the rules.
pub fn build_plan(args: &RunArgs, inputs: PlanInputs) -> Result<RunPlan, PlanError> {
    let PlanInputs {
        mut workload,
        profile,
        command_line,
        cores,
    } = inputs;
    let length = length_flag(args)?;
    workload.phases = main_phases(&workload.name, &workload.phases, args.rate, length)?;
    if args.no_load {
        workload.load = None;
    }
    if args.concurrency.is_some() {
        for phase in workload.load.iter_mut().chain(workload.phases.iter_mut()) {
            phase.concurrency = None;
        }
    }
    assign_cycles(workload.load.as_mut(), &mut workload.phases);
    if let Some(replication) = profile.replication_override() {
        workload.keyspace.replication = replication;
    }
    let concurrency = match args.concurrency {
        Some(n) => count_flag("concurrency", n)?,
        None => DEFAULT_TASKS_PER_CORE * cores.max(1),
    };
    let max_in_flight = match args.max_in_flight {
        Some(n) => count_flag("max-in-flight", n)?,
        None => DEFAULT_MAX_IN_FLIGHT,
    };
    Ok(RunPlan {
        workload,
        profile,
        seed: args.seed.unwrap_or_else(rand::random),
        concurrency,
        max_in_flight,
        interval: DEFAULT_INTERVAL,
        out_dir: args.out.clone(),
        tags: args.tags.iter().cloned().collect(),
        command_line,
    })
}

/// `--duration` / `--ops` as a phase length.
fn length_flag(args: &RunArgs) -> Result<Option<PhaseLength>, PlanError> {
    match (args.duration, args.ops) {
        (Some(d), _) if d.is_zero() => Err(PlanError::BadFlag {
            flag: "duration",
            value: format!("{d:?}"),
            why: "a phase must last longer than zero (e.g. 30s)",
        }),
        (Some(d), _) => Ok(Some(PhaseLength::Duration(d))),
        (None, Some(0)) => Err(PlanError::BadFlag {
            flag: "ops",
            value: "0".into(),
            why: "a phase must run at least one operation",
        }),
        (None, Some(n)) => Ok(Some(PhaseLength::Ops(n))),
        (None, None) => Ok(None),
    }
}

fn count_flag(flag: &'static str, n: u64) -> Result<usize, PlanError> {
    match usize::try_from(n) {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(PlanError::BadFlag {
            flag,
            value: n.to_string(),
            why: "expected a count of at least 1",
        }),
    }
}

/// The main phases after `--rate` and `--duration` / `--ops` (see the module docs).
pub fn main_phases(
    workload: &str,
    phases: &[PhasePlan],
    rate: Option<f64>,
    length: Option<PhaseLength>,
) -> Result<Vec<PhasePlan>, PlanError> {
    let Some(last) = phases.last() else {
        return Err(PlanError::NoMainPhase {
            workload: workload.into(),
        });
    };
    match (rate, length) {
        (None, None) => Ok(phases.to_vec()),
        (Some(rate), length) => Ok(vec![PhasePlan {
            name: RATE_PHASE_NAME.into(),
            rate: RateShape::Constant { rate },
            length: length.unwrap_or_else(|| total_length(phases, rate)),
            mix: last.mix.clone(),
            concurrency: last.concurrency,
            first_cycle: 0,
        }]),
        (None, Some(length)) => Ok(vec![PhasePlan {
            rate: fit_steps(&last.rate, length),
            length,
            ..last.clone()
        }]),
    }
}

/// A rate given as steps, stretched or shrunk to `length` with the steps keeping their
/// proportions (an op count becomes the time it takes at the steps' mean rate); any other
/// shape is returned as it is (a ramp stretches by itself over its phase's length).
fn fit_steps(shape: &RateShape, length: PhaseLength) -> RateShape {
    let RateShape::Steps(steps) = shape else {
        return shape.clone();
    };
    let total: f64 = steps.iter().map(|s| s.duration.as_secs_f64()).sum();
    let ops: f64 = steps
        .iter()
        .map(|s| s.rate * s.duration.as_secs_f64())
        .sum();
    let target = match length {
        PhaseLength::Duration(d) => d.as_secs_f64(),
        PhaseLength::Ops(n) if ops > 0.0 => n as f64 * total / ops,
        PhaseLength::Ops(_) => total,
    };
    if !(total > 0.0 && target.is_finite()) {
        return shape.clone();
    }
    let scale = target / total;
    RateShape::Steps(
        steps
            .iter()
            .map(|s| Step {
                rate: s.rate,
                duration: s.duration.mul_f64(scale),
            })
            .collect(),
    )
}

/// How long `phases` last together, as one length for a phase running at `rate`: their
/// durations added up, an op-count phase counted as the time it takes at `rate`. All
/// op counts stay an op count.
fn total_length(phases: &[PhasePlan], rate: f64) -> PhaseLength {
    if phases
        .iter()
        .all(|p| matches!(p.length, PhaseLength::Ops(_)))
    {
        let ops = phases
            .iter()
            .map(|p| match p.length {
                PhaseLength::Ops(n) => n,
                PhaseLength::Duration(_) => 0,
            })
            .fold(0u64, u64::saturating_add);
        return PhaseLength::Ops(ops);
    }
    let secs: f64 = phases
        .iter()
        .map(|p| match p.length {
            PhaseLength::Duration(d) => d.as_secs_f64(),
            PhaseLength::Ops(n) => n as f64 / rate,
        })
        .sum();
    PhaseLength::Duration(Duration::from_secs_f64(secs))
}

#[cfg(test)]
#[path = "build_tests.rs"]
mod tests;
