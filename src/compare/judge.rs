//! From estimates to verdicts: the rows of one operation (throughput, error rate, response
//! and service percentiles, max, new error classes), each with its change, significance and
//! status under the operation's [`Rules`].
//!
//! A metric is a **regression** when it got worse by more than its limit and, where the rules
//! ask for it (latency and throughput, by default), the change is significant. Over the limit
//! but not significant, or significantly worse but within the limit, is a **warning**;
//! significantly better is an **improvement**; anything else passes. Error rates are judged on
//! their change alone (errors are counted, not sampled), max values are only reported (one
//! request is no evidence), and an error class the base never saw is a regression unless the
//! rules turn that off.

use super::bootstrap::{compare, Estimate, Settings};
use super::load::OperationIntervals;
use super::model::MetricRow;
use super::series::{HistogramSeries, RatioSeries};
use super::thresholds::{Rules, PERCENTILES};
use crate::metrics::ErrorClass;
use crate::report::Status;
use crate::results::OperationResult;

/// Which way is worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Worse {
    Up,
    Down,
}

/// How a metric's change is expressed and judged.
struct Rule {
    worse: Worse,
    /// Change in percentage points instead of percent of the base.
    points: bool,
    limit: Option<f64>,
    require_significant: bool,
}

/// Every row of one operation.
pub fn operation_rows(
    base: (&OperationIntervals, &OperationResult),
    run: (&OperationIntervals, &OperationResult),
    rules: &Rules,
    settings: &Settings,
) -> Vec<MetricRow> {
    let mut rows = Vec::new();
    let throughput = |o: &OperationIntervals| RatioSeries::new(&o.throughput, 1.0);
    let estimate = compare(&throughput(base.0), &throughput(run.0), settings);
    let rule = Rule {
        worse: Worse::Down,
        points: false,
        limit: rules.throughput,
        require_significant: rules.require_significant,
    };
    rows.extend(
        estimate
            .first()
            .map(|e| row("throughput", "ops/s", e, &rule)),
    );
    let errors = |o: &OperationIntervals| RatioSeries::new(&o.errors, 100.0);
    let estimate = compare(&errors(base.0), &errors(run.0), settings);
    let rule = Rule {
        worse: Worse::Up,
        points: true,
        limit: rules.error_rate,
        require_significant: false,
    };
    rows.extend(estimate.first().map(|e| row("error_rate", "%", e, &rule)));

    let quantiles: Vec<f64> = PERCENTILES.iter().map(|(_, q)| *q).collect();
    let kinds = [
        (
            "response",
            &base.0.response,
            &run.0.response,
            &rules.response,
        ),
        ("service", &base.0.service, &run.0.service, &rules.service),
    ];
    for (kind, b, r, limits) in kinds {
        let estimates = compare(
            &HistogramSeries::new(b, &quantiles),
            &HistogramSeries::new(r, &quantiles),
            settings,
        );
        for (((name, _), e), limit) in PERCENTILES.iter().zip(&estimates).zip(limits) {
            let rule = Rule {
                worse: Worse::Up,
                points: false,
                limit: *limit,
                require_significant: rules.require_significant,
            };
            rows.push(row(&format!("{kind}.{name}"), "us", e, &rule));
        }
        let max = |o: &OperationResult| {
            let s = if kind == "response" {
                &o.response
            } else {
                &o.service
            };
            (s.count > 0).then_some(s.max_us as f64)
        };
        rows.push(max_row(&format!("{kind}.max"), max(base.1), max(run.1)));
    }
    rows.extend(new_error_classes(base.1, run.1, rules));
    rows
}

fn row(metric: &str, unit: &'static str, e: &Estimate, rule: &Rule) -> MetricRow {
    let finite = |v: f64| v.is_finite().then_some(v);
    let (base, value) = (finite(e.base), finite(e.value));
    // The change, and the factor turning a difference into that unit.
    let scale = match (rule.points, base) {
        (true, _) => Some(1.0),
        (false, Some(b)) if b > 0.0 => Some(100.0 / b),
        _ => None,
    };
    let change = scale.zip(base.zip(value)).map(|(s, (b, v))| s * (v - b));
    // Every metric is non-negative: the value cannot fall by more than the base.
    let floor = scale.zip(base).map_or(f64::NEG_INFINITY, |(s, b)| -s * b);
    let ci = scale
        .zip(e.interval)
        .map(|(s, (lo, hi))| ((s * lo).max(floor), (s * hi).max(floor)));
    let significant = e.significant();
    // Positive = worse.
    let sign = if rule.worse == Worse::Up { 1.0 } else { -1.0 };
    let worse_by = change.map(|c| sign * c);
    let over = rule.limit.zip(worse_by).is_some_and(|(l, w)| w > l);
    let (status, note) = if over && (significant == Some(true) || !rule.require_significant) {
        (Status::Regression, None)
    } else if over {
        let why = match significant {
            None => "over the limit, but the runs are too short to tell noise from a change",
            _ => "over the limit, but within the noise (not significant)",
        };
        (Status::Warning, Some(why.to_string()))
    } else if significant == Some(true) && worse_by.is_some_and(|w| w > 0.0) {
        (
            Status::Warning,
            Some("significantly worse, within the limit".into()),
        )
    } else if significant == Some(true) && worse_by.is_some_and(|w| w < 0.0) {
        (Status::Improvement, None)
    } else {
        (Status::Pass, None)
    };
    MetricRow {
        metric: metric.to_string(),
        unit,
        base,
        value,
        change,
        change_unit: if rule.points { "pp" } else { "%" },
        ci_low: ci.map(|c| c.0),
        ci_high: ci.map(|c| c.1),
        significant,
        limit: rule.limit,
        status,
        note,
    }
}

/// A metric that is reported but not tested.
fn max_row(metric: &str, base: Option<f64>, value: Option<f64>) -> MetricRow {
    let change = base
        .zip(value)
        .filter(|(b, _)| *b > 0.0)
        .map(|(b, v)| 100.0 * (v - b) / b);
    MetricRow {
        metric: metric.to_string(),
        unit: "us",
        base,
        value,
        change,
        change_unit: "%",
        ci_low: None,
        ci_high: None,
        significant: None,
        limit: None,
        status: Status::Neutral,
        note: Some("one request: reported, never tested".into()),
    }
}

fn new_error_classes(
    base: &OperationResult,
    run: &OperationResult,
    rules: &Rules,
) -> Vec<MetricRow> {
    ErrorClass::ALL
        .into_iter()
        .filter(|c| base.errors.get(*c) == 0 && run.errors.get(*c) > 0)
        .map(|class| MetricRow {
            metric: format!("errors.{}", class.name()),
            unit: "requests",
            base: Some(0.0),
            value: Some(run.errors.get(class) as f64),
            change: None,
            change_unit: "%",
            ci_low: None,
            ci_high: None,
            significant: None,
            limit: None,
            status: if rules.new_error_class {
                Status::Regression
            } else {
                Status::Warning
            },
            note: Some(format!(
                "new error class: the base had no {} errors",
                class.name()
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(base: f64, value: f64, interval: Option<(f64, f64)>) -> Estimate {
        Estimate {
            base,
            value,
            interval,
        }
    }

    fn latency_rule(limit: Option<f64>) -> Rule {
        Rule {
            worse: Worse::Up,
            points: false,
            limit,
            require_significant: true,
        }
    }

    #[test]
    fn statuses_follow_limit_and_significance() {
        let status = |e: Estimate, rule: Rule| row("m", "us", &e, &rule).status;
        // +20 %, significant, limit 10 %.
        let worse = estimate(100.0, 120.0, Some((15.0, 25.0)));
        assert_eq!(status(worse, latency_rule(Some(10.0))), Status::Regression);
        assert_eq!(status(worse, latency_rule(Some(30.0))), Status::Warning);
        assert_eq!(status(worse, latency_rule(None)), Status::Warning);
        // +20 %, not significant.
        let noisy = estimate(100.0, 120.0, Some((-5.0, 45.0)));
        assert_eq!(status(noisy, latency_rule(Some(10.0))), Status::Warning);
        assert_eq!(
            status(estimate(100.0, 120.0, None), latency_rule(Some(10.0))),
            Status::Warning
        );
        let better = estimate(100.0, 80.0, Some((-25.0, -15.0)));
        assert_eq!(
            status(better, latency_rule(Some(10.0))),
            Status::Improvement
        );
        // Throughput: down is worse.
        let down = Rule {
            worse: Worse::Down,
            ..latency_rule(Some(5.0))
        };
        assert_eq!(status(better, down), Status::Regression);
        // Percentage points, no significance needed.
        let points = Rule {
            worse: Worse::Up,
            points: true,
            limit: Some(0.1),
            require_significant: false,
        };
        let r = row("error_rate", "%", &estimate(0.05, 0.3, None), &points);
        assert_eq!(r.status, Status::Regression);
        assert!((r.change.unwrap_or(0.0) - 0.25).abs() < 1e-12);
        assert_eq!(r.change_unit, "pp");
    }

    #[test]
    fn changes_and_intervals_are_in_percent_of_the_base() {
        let r = row(
            "p99",
            "us",
            &estimate(200.0, 250.0, Some((20.0, 80.0))),
            &latency_rule(None),
        );
        assert_eq!(
            (r.change, r.ci_low, r.ci_high),
            (Some(25.0), Some(10.0), Some(40.0))
        );
        assert_eq!(r.significant, Some(true));
        let empty = row(
            "p99",
            "us",
            &estimate(f64::NAN, 3.0, None),
            &latency_rule(Some(1.0)),
        );
        assert_eq!(
            (empty.base, empty.change, empty.status),
            (None, None, Status::Pass)
        );
    }
}
