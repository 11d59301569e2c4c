//! Whether a step is sustainable: every SLO met and the achieved rate at least 99% of the
//! target; and whether it tripped a guardrail, meaning the cluster was overloaded, not merely
//! past an objective:
//! - the error rate above 10× the tightest `error_rate` objective (10% without one);
//! - requests due but not yet sent piling up through the step (backlog growing);
//! - the achieved rate below 90% of the target.
//!
//! A tripped guardrail fails the step even when every objective held (with only an
//! `error_rate` objective, latency may run away unjudged), stops the probe from climbing
//! further, and doubles the cool-down after the step.

use serde::{Deserialize, Serialize};

use super::measure::StepSummary;
use super::slo::{Metric, Slo};
use crate::results::format;

/// A step passes only if it achieved at least this share of its target rate.
pub const ACHIEVED_SHARE: f64 = 0.99;
/// Guardrail: achieved below this share of the target is overload.
pub const GUARD_ACHIEVED_SHARE: f64 = 0.9;
/// Guardrail: an error rate above this multiple of the tightest error objective.
pub const GUARD_ERROR_FACTOR: f64 = 10.0;
/// Guardrail: the error rate limit without any error objective.
pub const GUARD_ERROR_DEFAULT: f64 = 0.1;

/// The verdict on one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Judgement {
    pub passed: bool,
    /// Each objective with its measured value, in the order given.
    pub slos: Vec<SloCheck>,
    /// Why it failed, in plain language (empty when it passed).
    pub failures: Vec<String>,
    /// A guardrail tripped (see the module docs).
    pub overload: bool,
}

/// One objective on one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SloCheck {
    pub slo: String,
    /// Microseconds or a fraction, as the objective's limit.
    pub value: f64,
    pub held: bool,
}

/// Judges a step from its summary and its SLO values (as [`super::measure::measure`]
/// returns them, in the order of `slos`).
pub fn judge(summary: &StepSummary, slos: &[Slo], values: &[f64]) -> Judgement {
    let mut failures = Vec::new();
    let mut checks = Vec::with_capacity(slos.len());
    for (slo, &value) in slos.iter().zip(values) {
        let held = slo.holds(value);
        if !held {
            failures.push(format!("{slo} not met: {}", slo.show_value(value)));
        }
        checks.push(SloCheck {
            slo: slo.to_string(),
            value,
            held,
        });
    }
    let target = summary.target_rate;
    let share = if target > 0.0 {
        summary.achieved_rate / target
    } else {
        1.0
    };
    if share < ACHIEVED_SHARE {
        failures.push(format!(
            "achieved {} ops/s, {:.1}% of the target (at least {}% needed)",
            format::rate(summary.achieved_rate),
            share * 100.0,
            ACHIEVED_SHARE * 100.0
        ));
    }
    let guards = guardrails(summary, slos, share);
    let overload = !guards.is_empty();
    failures.extend(guards);
    Judgement {
        passed: failures.is_empty(),
        slos: checks,
        failures,
        overload,
    }
}

/// The guardrails `summary` trips, as failure messages.
fn guardrails(summary: &StepSummary, slos: &[Slo], achieved_share: f64) -> Vec<String> {
    let mut tripped = Vec::new();
    let error_limit = slos
        .iter()
        .filter(|s| s.metric == Metric::ErrorRate)
        .map(|s| s.limit * GUARD_ERROR_FACTOR)
        .min_by(f64::total_cmp)
        .unwrap_or(GUARD_ERROR_DEFAULT);
    if summary.error_rate > error_limit {
        tripped.push(format!(
            "overload: {:.2}% of requests failed (guardrail at {}%)",
            summary.error_rate * 100.0,
            error_limit * 100.0
        ));
    }
    if summary.backlog_growing {
        tripped.push(format!(
            "overload: the client's backlog grew through the step (up to {} requests due \
             but not sent)",
            format::count(summary.max_backlog)
        ));
    }
    if achieved_share < GUARD_ACHIEVED_SHARE {
        tripped.push(format!(
            "overload: achieved below {}% of the target",
            GUARD_ACHIEVED_SHARE * 100.0
        ));
    }
    tripped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::LatencySummary;

    fn summary(target: f64, achieved: f64, error_rate: f64) -> StepSummary {
        StepSummary {
            target_rate: target,
            achieved_rate: achieved,
            ops: 10_000,
            errors: (error_rate * 10_000.0) as u64,
            error_rate,
            response: LatencySummary::default(),
            service_p99_us: 0,
            wait_p99_us: 0,
            backlog_growing: false,
            max_backlog: 0,
            client_cores: None,
            client_cpu_includes_node: false,
        }
    }

    fn slos(texts: &[&str]) -> Vec<Slo> {
        texts
            .iter()
            .map(|t| Slo::parse(t).unwrap_or_else(|e| panic!("{t}: {e}")))
            .collect()
    }

    #[test]
    fn objectives_and_the_achieved_rate() {
        let s = slos(&["p99<=10ms", "error_rate<=0.1%"]);
        let pass = judge(&summary(1000.0, 995.0, 0.0), &s, &[9_000.0, 0.0]);
        assert!(pass.passed && !pass.overload, "{pass:?}");
        assert!(pass.slos.iter().all(|c| c.held));

        let slow = judge(&summary(1000.0, 1000.0, 0.0), &s, &[12_000.0, 0.0]);
        assert!(!slow.passed && !slow.overload);
        assert_eq!(
            slow.failures,
            vec!["p99<=10ms not met: 12.0 ms".to_string()]
        );

        let short = judge(&summary(1000.0, 985.0, 0.0), &s, &[1_000.0, 0.0]);
        assert!(
            !short.passed && !short.overload,
            "98.5% fails but is no overload"
        );
        assert!(
            short.failures[0].contains("98.5% of the target"),
            "{short:?}"
        );
    }

    #[test]
    fn guardrails_trip_even_when_the_objectives_hold() {
        let s = slos(&["error_rate<=1%"]);
        // 12% errors: above 10 × 1%.
        let j = judge(&summary(1000.0, 1000.0, 0.12), &s, &[0.12]);
        assert!(!j.passed && j.overload, "{j:?}");
        // Without an error objective, the limit is 10%.
        let j = judge(&summary(1000.0, 1000.0, 0.05), &[], &[]);
        assert!(j.passed && !j.overload, "{j:?}");
        let j = judge(&summary(1000.0, 1000.0, 0.11), &[], &[]);
        assert!(!j.passed && j.overload, "{j:?}");
        // Backlog growing, latency unjudged.
        let mut growing = summary(1000.0, 1000.0, 0.0);
        growing.backlog_growing = true;
        growing.max_backlog = 1234;
        let j = judge(&growing, &[], &[]);
        assert!(!j.passed && j.overload);
        assert!(j.failures[0].contains("1,234 requests"), "{j:?}");
        // Far below the target.
        let j = judge(&summary(1000.0, 850.0, 0.0), &[], &[]);
        assert!(!j.passed && j.overload && j.failures.len() == 2, "{j:?}");
    }
}
