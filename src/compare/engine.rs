//! Comparing runs: align phases by name (the phases both runs have, the load phase only when
//! asked for), operations by name within them, compute every row, and roll the statuses up
//! into verdicts per operation, per run and overall.

use std::collections::BTreeMap;

use super::cells;
use super::error::CompareError;
use super::judge::operation_rows;
use super::load::{LoadedRun, OperationIntervals};
use super::model::{
    worst, CompareOutput, Comparison, Method, MetricRow, OperationComparison, PhaseComparison,
    SCHEMA_VERSION,
};
use super::thresholds::Thresholds;
use super::{facts, method_paragraph, warnings, MIN_INTERVALS};
use crate::report::Status;
use crate::results::{PhaseResult, ToolInfo};

/// The phase compared when none is named is every common phase but this one.
pub const LOAD_PHASE: &str = "load";

/// Which phases to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhaseChoice {
    /// Every phase both runs have, except the load phase.
    Common,
    /// This phase only (it must be in both runs).
    Only(String),
}

/// Compares every run in `runs` with `base`.
pub fn compare_runs(
    base: &LoadedRun,
    runs: &[LoadedRun],
    choice: &PhaseChoice,
    thresholds: &Thresholds,
) -> Result<CompareOutput, CompareError> {
    let mut comparisons = Vec::new();
    for run in runs {
        comparisons.push(compare_one(base, run, choice, thresholds)?);
    }
    let verdict = worst(comparisons.iter().map(|c| c.verdict));
    let headline = headline(verdict, &comparisons);
    let settings = &thresholds.settings;
    Ok(CompareOutput {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo::current(),
        method: Method {
            name: "circular block bootstrap over per-interval histograms".into(),
            confidence: settings.confidence,
            resamples: settings.resamples,
            seed: settings.seed,
            min_intervals: MIN_INTERVALS,
            description: method_paragraph(settings),
        },
        thresholds: thresholds.clone(),
        verdict,
        headline,
        exit_code: u8::from(verdict == Status::Regression),
        base: facts(base),
        warnings: warnings::all(base, runs, &comparisons, thresholds),
        comparisons,
    })
}

fn compare_one(
    base: &LoadedRun,
    run: &LoadedRun,
    choice: &PhaseChoice,
    thresholds: &Thresholds,
) -> Result<Comparison, CompareError> {
    let names =
        |r: &LoadedRun| -> Vec<String> { r.result.phases.iter().map(|p| p.name.clone()).collect() };
    let phases: Vec<String> = match choice {
        PhaseChoice::Only(name) => {
            for r in [base, run] {
                if r.phase(name).is_none() {
                    return Err(CompareError::MissingPhase {
                        run: r.name(),
                        phase: name.clone(),
                        has: names(r).join(", "),
                    });
                }
            }
            vec![name.clone()]
        }
        PhaseChoice::Common => names(base)
            .into_iter()
            .filter(|p| p != LOAD_PHASE && run.phase(p).is_some())
            .collect(),
    };
    if phases.is_empty() {
        return Err(CompareError::NoCommonPhase {
            base: base.name(),
            run: run.name(),
            base_phases: names(base).join(", "),
            run_phases: names(run).join(", "),
        });
    }
    let mut out = Vec::new();
    for name in &phases {
        if let (Some(b), Some(r)) = (base.phase(name), run.phase(name)) {
            out.push(compare_phase((base, b), (run, r), thresholds)?);
        }
    }
    let verdict = worst(
        out.iter()
            .flat_map(|p| p.operations.iter().map(|o| o.verdict)),
    );
    Ok(Comparison {
        run: facts(run),
        verdict,
        phases: out,
    })
}

fn compare_phase(
    (base, bp): (&LoadedRun, &PhaseResult),
    (run, rp): (&LoadedRun, &PhaseResult),
    thresholds: &Thresholds,
) -> Result<PhaseComparison, CompareError> {
    let op_names =
        |p: &PhaseResult| -> Vec<String> { p.operations.iter().map(|o| o.name.clone()).collect() };
    // Operations both runs have and at least one of them ran in this phase (a workload's
    // load statement is listed in every phase, with no requests outside the load phase).
    let ran = |p: &PhaseResult, n: &str| p.operations.iter().any(|o| o.name == n && o.count > 0);
    let common: Vec<String> = op_names(bp)
        .into_iter()
        .filter(|n| rp.operations.iter().any(|o| &o.name == n))
        .filter(|n| ran(bp, n) || ran(rp, n))
        .collect();
    if common.is_empty() {
        return Err(CompareError::NoCommonOperation {
            base: base.name(),
            run: run.name(),
            phase: bp.name.clone(),
            base_ops: op_names(bp).join(", "),
            run_ops: op_names(rp).join(", "),
        });
    }
    let base_data = base.intervals(bp, &common)?;
    let run_data = run.intervals(rp, &common)?;
    let empty = OperationIntervals::default();
    let mut operations = Vec::new();
    for name in &common {
        let (Some(bo), Some(ro)) = (
            bp.operations.iter().find(|o| &o.name == name),
            rp.operations.iter().find(|o| &o.name == name),
        ) else {
            continue;
        };
        let metrics: Vec<MetricRow> = operation_rows(
            (base_data.get(name).unwrap_or(&empty), bo),
            (run_data.get(name).unwrap_or(&empty), ro),
            thresholds.for_operation(name),
            &thresholds.settings,
        );
        operations.push(OperationComparison {
            name: name.clone(),
            verdict: worst(metrics.iter().map(|m| m.status)),
            metrics,
        });
    }
    let spans = |d: &BTreeMap<String, OperationIntervals>| {
        d.values().map(|o| o.response.len()).max().unwrap_or(0)
    };
    let only = |a: &PhaseResult, b: &PhaseResult| -> Vec<String> {
        op_names(a)
            .into_iter()
            .filter(|n| !b.operations.iter().any(|o| &o.name == n))
            .collect()
    };
    Ok(PhaseComparison {
        name: bp.name.clone(),
        base_intervals: spans(&base_data),
        run_intervals: spans(&run_data),
        operations,
        only_in_base: only(bp, rp),
        only_in_run: only(rp, bp),
    })
}

/// The one line at the top: the regressions (up to three), else warnings or improvements.
fn headline(verdict: Status, comparisons: &[Comparison]) -> String {
    let pick = |status: Status| -> Vec<String> {
        let mut found = Vec::new();
        for c in comparisons {
            for p in &c.phases {
                for o in &p.operations {
                    for m in o.metrics.iter().filter(|m| m.status == status) {
                        found.push(describe(&c.run.label, &p.name, &o.name, m, comparisons));
                    }
                }
            }
        }
        found
    };
    let list = |items: Vec<String>| -> String {
        let shown = items.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
        match items.len() {
            n if n > 3 => format!("{shown}; and {} more", n - 3),
            _ => shown,
        }
    };
    let operations: usize = comparisons
        .iter()
        .flat_map(|c| &c.phases)
        .map(|p| p.operations.len())
        .sum();
    match verdict {
        Status::Regression => format!("REGRESSION: {}", list(pick(Status::Regression))),
        Status::Warning => format!(
            "PASS with warnings: no regression in {operations} operation(s); {}",
            list(pick(Status::Warning))
        ),
        Status::Improvement => format!(
            "PASS: no regression in {operations} operation(s); improved: {}",
            list(pick(Status::Improvement))
        ),
        _ => format!("PASS: no regression in {operations} operation(s)"),
    }
}

/// `B steady/read response.p99 +23.4% (significant)`; the run and phase only when needed.
fn describe(
    label: &str,
    phase: &str,
    op: &str,
    m: &MetricRow,
    comparisons: &[Comparison],
) -> String {
    let mut who = String::new();
    if comparisons.len() > 1 {
        who.push_str(label);
        who.push(' ');
    }
    if comparisons.iter().any(|c| c.phases.len() > 1) {
        who.push_str(phase);
        who.push('/');
    }
    let change = m
        .change
        .map(|c| format!(" {c:+.1}{}", m.change_unit))
        .unwrap_or_default();
    let why = match m.significant {
        Some(true) => " (significant)",
        Some(false) => " (not significant)",
        None => "",
    };
    format!("{who}{op} {}{change}{why}", cells::metric(&m.metric))
}
