//! `ringbench validate`: load and check a workload without connecting to anything, then print
//! what it would do (bindings, operations with weights and markers, phases), or the error.

use std::fmt::Write;

use crate::cli::ValidateArgs;
use crate::plan::{OperationKind, PhasePlan, WorkloadPlan};
use crate::schedule::{PhaseLength, RateShape};

/// Carry out `ringbench validate`.
pub fn run(args: &ValidateArgs) -> anyhow::Result<()> {
    let plan = crate::workload::load_named(&args.workload)?;
    print!("{}", summary(&plan));
    Ok(())
}

/// The human-readable summary `validate` prints.
pub fn summary(plan: &WorkloadPlan) -> String {
    let mut out = String::new();
    let from = plan
        .path
        .as_ref()
        .map_or_else(|| "shipped".to_string(), |p| p.display().to_string());
    let _ = writeln!(out, "{} ({from}): OK", plan.name);
    if !plan.description.is_empty() {
        let _ = writeln!(out, "  {}", plan.description);
    }
    let replication: Vec<String> = plan
        .keyspace
        .replication
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let _ = writeln!(
        out,
        "keyspace {} ({})",
        plan.keyspace.name,
        replication.join(", ")
    );
    let _ = writeln!(out, "schema: {} statement(s)", plan.schema.len());
    let names: Vec<&str> = plan.bindings.names().collect();
    let _ = writeln!(out, "bindings ({}): {}", names.len(), names.join(", "));
    let _ = writeln!(out, "operations:");
    for (index, op) in plan.operations.iter().enumerate() {
        let markers: Vec<String> = op
            .markers
            .iter()
            .map(|&i| format!(":{}", plan.bindings.name(i).unwrap_or("?")))
            .collect();
        let weight = plan
            .phases
            .first()
            .and_then(|p| p.mix.iter().find(|(i, _)| *i == index))
            .map_or_else(|| "load only".to_string(), |(_, w)| format!("weight {w}"));
        let _ = writeln!(
            out,
            "  {:<14} {:<5} {:<10} binds {}",
            op.name,
            kind(op.kind),
            weight,
            if markers.is_empty() {
                "nothing".into()
            } else {
                markers.join(" ")
            }
        );
    }
    if let Some(load) = &plan.load {
        let _ = writeln!(out, "load: {}", phase(load));
    }
    let _ = writeln!(out, "phases:");
    for p in &plan.phases {
        let _ = writeln!(out, "  {}", phase(p));
    }
    out
}

fn kind(kind: OperationKind) -> &'static str {
    match kind {
        OperationKind::Read => "read",
        OperationKind::Write => "write",
        OperationKind::Lwt => "lwt",
        OperationKind::Batch => "batch",
    }
}

fn phase(p: &PhasePlan) -> String {
    let rate = match &p.rate {
        RateShape::Unlimited => "unlimited (closed loop)".to_string(),
        RateShape::Constant { rate } => format!("{rate} ops/s"),
        RateShape::Ramp { from, to } => format!("ramp {from} -> {to} ops/s"),
        RateShape::Steps(steps) => {
            let s: Vec<String> = steps
                .iter()
                .map(|s| format!("{}/s for {:?}", s.rate, s.duration))
                .collect();
            format!("steps {}", s.join(", "))
        }
    };
    let length = match p.length {
        PhaseLength::Duration(d) => format!("for {d:?}"),
        PhaseLength::Ops(n) => format!("for {n} ops"),
    };
    let concurrency = p
        .concurrency
        .map_or_else(String::new, |c| format!(", concurrency {c}"));
    format!("{:<10} {rate} {length}{concurrency}", p.name)
}
