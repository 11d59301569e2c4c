//! The summary a run prints when it ends and `ringbench show` prints later: what ran, against
//! what, target vs achieved rate, a table per phase (count, rate, errors, response-time
//! percentiles, LWT applied %), per coordinator node, warnings, and where the files are. It is
//! written for someone who has never read the docs: every number says what it measures.

use std::fmt::Write as _;
use std::path::Path;

use super::format::{count, latency, percent, rate, seconds};
use super::model::{OperationResult, PhaseResult, RunResult, RunStatus};
use super::table::Table;
use super::{HLOG_FILE, RUN_FILE};
use crate::metrics::ErrorClass;

/// The summary of `result`; `run_dir` (where its files are) is shown when given.
pub fn render(result: &RunResult, run_dir: Option<&Path>) -> String {
    let mut out = String::new();
    header(&mut out, result);
    for phase in &result.phases {
        out.push('\n');
        render_phase(&mut out, phase);
    }
    if result.phases.is_empty() {
        out.push_str("\nNo requests were measured.\n");
    }
    if !result.warnings.is_empty() {
        out.push_str("\nWarnings:\n");
        for warning in &result.warnings {
            let _ = writeln!(out, "  ! {warning}");
        }
    }
    if let Some(dir) = run_dir {
        out.push_str("\nFiles:\n");
        let _ = writeln!(
            out,
            "  {}  (everything above, with full histograms)",
            dir.join(RUN_FILE).display()
        );
        let _ = writeln!(
            out,
            "  {}  (HdrHistogram interval log per operation, values in microseconds)",
            dir.join(HLOG_FILE).display()
        );
    }
    out
}

fn header(out: &mut String, r: &RunResult) {
    let status = match r.status {
        RunStatus::Completed => "completed",
        RunStatus::Interrupted => "INTERRUPTED (Ctrl-C): partial results",
        RunStatus::Failed => "FAILED: partial results",
    };
    let _ = writeln!(out, "Run {}: {status}", r.run_id);
    let description = if r.workload.description.is_empty() {
        String::new()
    } else {
        format!(" - {}", r.workload.description)
    };
    let hash: String = r.workload.content_hash.chars().take(12).collect();
    let _ = writeln!(
        out,
        "  workload  {}{description} (content {hash})",
        r.workload.name
    );
    let _ = writeln!(out, "  cluster   {}: {}", r.profile.name, r.profile.target);
    let _ = writeln!(
        out,
        "  when      {} for {}, seed {}",
        r.started_at,
        seconds(r.duration_s),
        r.seed
    );
    if let Some(cpu) = r.client_cpu_s {
        let node = if r.client_cpu_includes_node {
            ", including the in-process reference cluster"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  client    {} with {} cores: used {cpu:.1} CPU-seconds{node}",
            r.host.hostname, r.host.cores
        );
    }
    if !r.tags.is_empty() {
        let tags: Vec<String> = r.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = writeln!(out, "  tags      {}", tags.join(" "));
    }
}

fn render_phase(out: &mut String, p: &PhaseResult) {
    let length = seconds(p.end_s - p.start_s);
    let ops = count(p.ops);
    let errors = count(p.errors);
    match p.target_rate {
        Some(target) => {
            let _ = writeln!(
                out,
                "Phase '{}': {length}, target {} ops/s, achieved {} ops/s ({}% of target); \
                 {ops} requests, {errors} errors",
                p.name,
                rate(target),
                rate(p.achieved_rate),
                percent(p.achieved_rate, target)
            );
            out.push_str(
                "  Latency is response time: from the instant the schedule intended each request\n  \
                 to its completion, so client-side delays and stalls count. Percentiles are of\n  \
                 successful requests; errors are listed apart.\n",
            );
        }
        None => {
            let _ = writeln!(
                out,
                "Phase '{}': {length}, closed loop (no target rate), achieved {} ops/s; \
                 {ops} requests, {errors} errors",
                p.name,
                rate(p.achieved_rate)
            );
            out.push_str(
                "  Latency is service time: each worker sent its next request when the previous one\n  \
                 completed, so it hides the queueing a client sending at a fixed rate would see.\n  \
                 Percentiles are of successful requests.\n",
            );
        }
    }
    operations_table(out, p);
    if p.target_rate.is_some() {
        for op in p.operations.iter().filter(|o| o.ok > 0) {
            let _ = writeln!(
                out,
                "  {}: service time (send to completion) p50 {}, p99 {}; wait before send p99 {}",
                op.name,
                latency(op.service.p50_us),
                latency(op.service.p99_us),
                latency(op.wait.p99_us)
            );
        }
    }
    for op in p.operations.iter().filter(|o| o.errors.total() > 0) {
        let _ = writeln!(out, "  {} errors: {}", op.name, error_breakdown(op));
    }
    nodes_table(out, p);
}

fn operations_table(out: &mut String, p: &PhaseResult) {
    let mut table = Table::new(&[
        "operation",
        "count",
        "ops/s",
        "errors",
        "p50",
        "p99",
        "p99.9",
        "max",
        "LWT applied",
    ]);
    // Operations this phase did not run (e.g. reads during a load phase) are left out.
    for op in p.operations.iter().filter(|o| o.count > 0 || p.ops == 0) {
        let lwt = op.lwt.map_or("-".to_string(), |l| {
            format!(
                "{}%",
                percent(l.applied as f64, (l.applied + l.not_applied) as f64)
            )
        });
        let latencies = if op.ok == 0 {
            vec!["-".to_string(); 4]
        } else {
            [
                op.response.p50_us,
                op.response.p99_us,
                op.response.p999_us,
                op.response.max_us,
            ]
            .into_iter()
            .map(latency)
            .collect()
        };
        let mut row = vec![
            op.name.clone(),
            count(op.count),
            rate(op.rate),
            count(op.errors.total()),
        ];
        row.extend(latencies);
        row.push(lwt);
        table.row(row);
    }
    out.push_str(&table.render("  "));
}

fn error_breakdown(op: &OperationResult) -> String {
    ErrorClass::ALL
        .into_iter()
        .filter(|c| op.errors.get(*c) > 0)
        .map(|c| {
            let p99 = op
                .error_response
                .get(c.name())
                .map(|s| format!(" (p99 {})", latency(s.p99_us)))
                .unwrap_or_default();
            format!("{} {}{p99}", c.name(), count(op.errors.get(c)))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn nodes_table(out: &mut String, p: &PhaseResult) {
    if p.nodes.is_empty() {
        return;
    }
    out.push_str("  Per coordinator node (the node that served each request):\n");
    let mut table = Table::new(&["node", "count", "share", "errors", "p50", "p99", "max"]);
    for node in &p.nodes {
        table.row(vec![
            node.address.clone(),
            count(node.count),
            format!("{}%", percent(node.count as f64, p.ops as f64)),
            count(node.errors),
            latency(node.response.p50_us),
            latency(node.response.p99_us),
            latency(node.response.max_us),
        ]);
    }
    out.push_str(&table.render("    "));
}
