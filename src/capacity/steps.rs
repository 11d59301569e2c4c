//! The run plan of one step: the workload's steady mix (its last phase's operations) at the
//! step's rate, as a warm-up phase then the measured steady phase, each a constant rate.
//!
//! Cycle numbers are assigned as if the load phase ran in every step, so a step's values do
//! not depend on whether it happened to be the first on its cluster (the one that loads the
//! data); every step of a search uses the search's seed.
//!
//! The first step on a connection warms up for at least [`FIRST_WARMUP_S`]: right after
//! connecting, the driver is still opening its per-node connection pools and learning the
//! ring, and a step judged then can miss its rate for reasons that have nothing to do with
//! the cluster's capacity.

use std::path::Path;
use std::time::Duration;

use crate::plan::{main_phases, PlanError, RunPlan};
use crate::schedule::PhaseLength;
use crate::workload::assign_cycles;

use super::measure::{STEADY_PHASE, WARMUP_PHASE};
use super::settings::Settings;

/// Tag recorded in each step's run.json: the step's index in its profile's search.
pub const STEP_TAG: &str = "capacity.step";
/// Tag recorded in each step's run.json: the step's target rate.
pub const RATE_TAG: &str = "capacity.rate";

/// Warm-up of the first step on a connection, at least (seconds).
pub const FIRST_WARMUP_S: f64 = 2.0;

/// The plan of step `index` at `rate` from `base` (the workload and profile as loaded);
/// `first`: the first step on its connection, which runs the workload's load phase (unless
/// `--no-load`) and warms up for at least [`FIRST_WARMUP_S`]; results under `out_dir`.
pub fn step_plan(
    base: &RunPlan,
    settings: &Settings,
    rate: f64,
    index: u32,
    first: bool,
    out_dir: &Path,
) -> Result<RunPlan, PlanError> {
    let mut plan = base.clone();
    let workload = &mut plan.workload;
    let phase = |name: &str, seconds: f64| {
        let length = PhaseLength::Duration(Duration::from_secs_f64(seconds));
        main_phases(
            &base.workload.name,
            &base.workload.phases,
            Some(rate),
            Some(length),
        )
        .map(|mut phases| {
            for p in &mut phases {
                p.name = name.to_string();
            }
            phases
        })
    };
    let warmup_s = if first {
        settings.warmup_s.max(FIRST_WARMUP_S)
    } else {
        settings.warmup_s
    };
    let mut phases = Vec::new();
    if warmup_s > 0.0 {
        phases.extend(phase(WARMUP_PHASE, warmup_s)?);
    }
    phases.extend(phase(STEADY_PHASE, settings.step_duration_s)?);
    workload.phases = phases;
    assign_cycles(workload.load.as_mut(), &mut workload.phases);
    if !first || settings.no_load {
        workload.load = None;
    }
    plan.interval = step_interval(base.interval, settings.step_duration_s);
    plan.out_dir = out_dir.to_path_buf();
    plan.tags.insert(STEP_TAG.into(), index.to_string());
    plan.tags.insert(RATE_TAG.into(), rate.to_string());
    Ok(plan)
}

/// Intervals per measured phase at least, so even a short step has several full intervals
/// to measure its achieved rate and backlog trend over.
const MIN_INTERVALS: f64 = 8.0;
/// Intervals never get shorter than this.
const MIN_INTERVAL: Duration = Duration::from_millis(100);

/// The run's usual interval, shortened for steps measured over less than 8 of them.
fn step_interval(usual: Duration, step_s: f64) -> Duration {
    let short = Duration::from_secs_f64((step_s / MIN_INTERVALS).max(0.0));
    usual.min(short).max(MIN_INTERVAL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_step_on_a_connection_warms_up_longer() {
        let workload = match crate::workload::load_named("kv-mixed") {
            Ok(w) => w,
            Err(e) => panic!("kv-mixed: {e}"),
        };
        let profile = match crate::profile::embedded_default() {
            Ok(p) => p,
            Err(e) => panic!("embedded default: {e}"),
        };
        use clap::Parser as _;
        let args = match crate::cli::Cli::try_parse_from(["ringbench", "run", "kv-mixed"]) {
            Ok(crate::cli::Cli {
                command: crate::cli::Command::Run(args),
            }) => args,
            other => panic!("`run kv-mixed` should parse: {other:?}"),
        };
        let inputs = crate::plan::PlanInputs {
            workload,
            profile,
            command_line: Vec::new(),
            cores: 2,
        };
        let base = match crate::plan::build_plan(&args, inputs) {
            Ok(p) => p,
            Err(e) => panic!("plan: {e}"),
        };
        let settings = Settings {
            warmup_s: 0.5,
            ..Settings::default()
        };
        let warmup = |first: bool| -> Option<PhaseLength> {
            let plan = step_plan(&base, &settings, 100.0, 1, first, Path::new("out"));
            let plan = plan.unwrap_or_else(|e| panic!("step plan: {e}"));
            assert_eq!(
                plan.workload.load.is_some(),
                first,
                "the load phase runs first only"
            );
            plan.workload
                .phases
                .iter()
                .find(|p| p.name == WARMUP_PHASE)
                .map(|p| p.length)
        };
        let secs = |s: f64| Some(PhaseLength::Duration(Duration::from_secs_f64(s)));
        assert_eq!(warmup(true), secs(FIRST_WARMUP_S));
        assert_eq!(warmup(false), secs(0.5));
    }

    #[test]
    fn short_steps_get_short_intervals() {
        let second = Duration::from_secs(1);
        assert_eq!(step_interval(second, 30.0), second);
        assert_eq!(step_interval(second, 2.0), Duration::from_millis(250));
        assert_eq!(step_interval(second, 0.2), MIN_INTERVAL);
    }
}
