//! Tests of the plan builder's phase rules (pure functions over phases).

use std::time::Duration;

use super::*;
use crate::schedule::Step;

fn phase(name: &str, rate: RateShape, length: PhaseLength) -> PhasePlan {
    PhasePlan {
        name: name.into(),
        rate,
        length,
        mix: vec![(0, 1.0), (1, 3.0)],
        concurrency: Some(4),
        first_cycle: 0,
    }
}

fn secs(s: u64) -> PhaseLength {
    PhaseLength::Duration(Duration::from_secs(s))
}

fn warmup_steady() -> Vec<PhasePlan> {
    let mut warmup = phase("warmup", RateShape::Constant { rate: 500.0 }, secs(5));
    warmup.mix = vec![(1, 1.0)];
    vec![
        warmup,
        phase("steady", RateShape::Constant { rate: 2000.0 }, secs(10)),
    ]
}

#[test]
fn no_flags_keep_the_workload_phases() {
    let phases = warmup_steady();
    let out = main_phases("w", &phases, None, None).ok();
    let names: Option<Vec<_>> = out.map(|p| p.into_iter().map(|p| p.name).collect());
    assert_eq!(
        names,
        Some(vec!["warmup".to_string(), "steady".to_string()])
    );
}

#[test]
fn rate_replaces_main_phases_with_one_constant_phase_of_the_same_total_length() {
    let phases = warmup_steady();
    let Ok(out) = main_phases("w", &phases, Some(750.0), None) else {
        panic!("--rate must apply");
    };
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].name, RATE_PHASE_NAME);
    assert_eq!(out[0].rate, RateShape::Constant { rate: 750.0 });
    assert_eq!(out[0].length, secs(5 + 10));
    // The mix of the last (steady) phase.
    assert_eq!(out[0].mix, phases[1].mix);
}

#[test]
fn rate_with_a_length_uses_that_length() {
    let phases = warmup_steady();
    let out = main_phases("w", &phases, Some(100.0), Some(PhaseLength::Ops(42))).ok();
    assert_eq!(out.map(|p| p[0].length), Some(PhaseLength::Ops(42)));
}

#[test]
fn op_count_phases_convert_at_the_new_rate() {
    let phases = vec![
        phase("a", RateShape::Unlimited, PhaseLength::Ops(3000)),
        phase("b", RateShape::Unlimited, secs(2)),
    ];
    // 3000 ops at 1000/s take 3 s, plus 2 s.
    let out = main_phases("w", &phases, Some(1000.0), None).ok();
    assert_eq!(out.map(|p| p[0].length), Some(secs(5)));
    let ops_only = vec![
        phase("a", RateShape::Unlimited, PhaseLength::Ops(3000)),
        phase("b", RateShape::Unlimited, PhaseLength::Ops(500)),
    ];
    let out = main_phases("w", &ops_only, Some(1000.0), None).ok();
    assert_eq!(out.map(|p| p[0].length), Some(PhaseLength::Ops(3500)));
}

#[test]
fn length_without_rate_keeps_the_last_phase_shape() {
    let phases = warmup_steady();
    let Ok(out) = main_phases("w", &phases, None, Some(secs(3))) else {
        panic!("--duration must apply");
    };
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].name, "steady");
    assert_eq!(out[0].rate, RateShape::Constant { rate: 2000.0 });
    assert_eq!(out[0].length, secs(3));
    assert_eq!(out[0].concurrency, Some(4));
}

#[test]
fn steps_keep_their_proportions_over_a_new_length() {
    let steps = vec![phase(
        "stairs",
        RateShape::Steps(vec![
            Step {
                rate: 100.0,
                duration: Duration::from_secs(10),
            },
            Step {
                rate: 300.0,
                duration: Duration::from_secs(5),
            },
        ]),
        secs(15),
    )];
    let scaled = |length| match main_phases("w", &steps, None, Some(length)) {
        Ok(p) => p[0].rate.clone(),
        Err(e) => panic!("{e}"),
    };
    let expected = |a: f64, b: f64| {
        RateShape::Steps(vec![
            Step {
                rate: 100.0,
                duration: Duration::from_secs_f64(a),
            },
            Step {
                rate: 300.0,
                duration: Duration::from_secs_f64(b),
            },
        ])
    };
    assert_eq!(scaled(secs(3)), expected(2.0, 1.0));
    // 2500 ops over steps averaging (1000 + 1500) / 15 s = 166.7 ops/s: 15 s, as written;
    // 500 ops: a fifth of that.
    assert_eq!(scaled(PhaseLength::Ops(2500)), expected(10.0, 5.0));
    assert_eq!(scaled(PhaseLength::Ops(500)), expected(2.0, 1.0));
    // A ramp is left to stretch over its phase's length.
    let ramp = vec![phase("up", RateShape::Ramp { from: 1.0, to: 9.0 }, secs(4))];
    let out = main_phases("w", &ramp, None, Some(PhaseLength::Ops(10))).ok();
    assert_eq!(
        out.map(|p| (p[0].rate.clone(), p[0].length)),
        Some((RateShape::Ramp { from: 1.0, to: 9.0 }, PhaseLength::Ops(10)))
    );
}

#[test]
fn a_workload_without_phases_is_an_error_naming_it() {
    let msg = main_phases("kv", &[], Some(5.0), None)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.contains("'kv'") && msg.contains("phases"), "{msg}");
}

/// `ringbench run ARGS...` as the command line parses it.
fn run_args(args: &[&str]) -> RunArgs {
    use clap::Parser as _;
    let line = ["ringbench", "run"].iter().chain(args.iter());
    match crate::cli::Cli::try_parse_from(line) {
        Ok(crate::cli::Cli {
            command: crate::cli::Command::Run(args),
        }) => args,
        other => panic!("`ringbench run {args:?}` does not parse: {other:?}"),
    }
}

fn plan_for(workload: &str, profile: &str, args: &[&str]) -> Result<RunPlan, PlanError> {
    let workload = match crate::workload::load_named(workload) {
        Ok(w) => w,
        Err(e) => panic!("shipped workload {workload}: {e}"),
    };
    let profile = match crate::profile::load_shipped(profile) {
        Ok(p) => p,
        Err(e) => panic!("shipped profile {profile}: {e}"),
    };
    let mut line = vec![workload.name.as_str()];
    line.extend_from_slice(args);
    build_plan(
        &run_args(&line),
        PlanInputs {
            workload,
            profile,
            command_line: vec!["ringbench".into(), "run".into()],
            cores: 3,
        },
    )
}

#[test]
fn flags_reach_the_plan() {
    let args = [
        "--rate",
        "1.5k",
        "--ops",
        "9000",
        "--concurrency",
        "5",
        "--max-in-flight",
        "77",
        "--seed",
        "42",
        "--tag",
        "env=ci",
        "--tag",
        "build=7",
        "--out",
        "/tmp/x",
    ];
    let plan = match plan_for("kv-mixed", "embedded-1node", &args) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(plan.seed, 42);
    assert_eq!(plan.concurrency, 5);
    assert_eq!(plan.max_in_flight, 77);
    assert_eq!(plan.out_dir, std::path::PathBuf::from("/tmp/x"));
    assert_eq!(plan.tags.get("env").map(String::as_str), Some("ci"));
    assert_eq!(plan.tags.get("build").map(String::as_str), Some("7"));
    let phases = &plan.workload.phases;
    assert_eq!(phases.len(), 1);
    assert_eq!(phases[0].rate, RateShape::Constant { rate: 1500.0 });
    assert_eq!(phases[0].length, PhaseLength::Ops(9000));
    // --concurrency overrides the phases' own worker counts, the load phase's included.
    assert!(plan
        .workload
        .load
        .iter()
        .chain(phases)
        .all(|p| p.concurrency.is_none()));
    // Cycles count on after the load phase.
    let Some(load) = &plan.workload.load else {
        panic!("kv-mixed has a load phase");
    };
    assert_eq!(load.first_cycle, 0);
    assert_eq!(phases[0].first_cycle, crate::workload::cycle_span(load));
}

#[test]
fn defaults_scale_with_cores_and_pick_a_seed() {
    let a = plan_for("kv-mixed", "embedded-1node", &[]).ok();
    let b = plan_for("kv-mixed", "embedded-1node", &[]).ok();
    let (Some(a), Some(b)) = (a, b) else {
        panic!("kv-mixed plans without flags");
    };
    assert_eq!(a.concurrency, DEFAULT_TASKS_PER_CORE * 3);
    assert_eq!(a.max_in_flight, DEFAULT_MAX_IN_FLIGHT);
    assert_eq!(a.interval, DEFAULT_INTERVAL);
    // Two random seeds agree with chance 2^-64.
    assert_ne!(a.seed, b.seed);
    assert!(a.workload.load.is_some());
}

#[test]
fn no_load_drops_the_load_phase_and_renumbers() {
    let plan = plan_for("kv-mixed", "embedded-1node", &["--no-load"]).ok();
    let Some(plan) = plan else {
        panic!("--no-load plans");
    };
    assert!(plan.workload.load.is_none());
    assert_eq!(plan.workload.phases.first().map(|p| p.first_cycle), Some(0));
}

#[test]
fn the_profile_replication_replaces_the_workload_one() {
    let Some(expected) = crate::profile::load_shipped("embedded-3node")
        .ok()
        .and_then(|p| p.replication_override())
    else {
        panic!("embedded-3node overrides the replication");
    };
    let plan = plan_for("kv-mixed", "embedded-3node", &[]).ok();
    assert_eq!(
        plan.map(|p| p.workload.keyspace.replication),
        Some(expected)
    );
    let plan = plan_for("kv-mixed", "embedded-1node", &[]).ok();
    let replication = plan.map(|p| p.workload.keyspace.replication);
    assert_eq!(
        replication.and_then(|r| r.get("replication_factor").cloned()),
        Some("1".to_string())
    );
}

#[test]
fn zero_counts_are_refused_with_the_flag_named() {
    let msg = plan_for("kv-mixed", "embedded-1node", &["--duration", "0s"])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.contains("--duration"), "{msg}");
}
