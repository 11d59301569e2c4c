//! How the numbers of a [`MetricRow`] read, the same in tables, headlines and JUnit messages:
//! latencies in the unit that fits (`1.25 ms`), rates with separators, changes signed.

use super::model::MetricRow;
use crate::report::Status;
use crate::results::format;

/// A value of the row's metric (`–` when there is none).
pub fn value(row: &MetricRow, v: Option<f64>) -> String {
    let Some(v) = v else {
        return "–".to_string();
    };
    match row.unit {
        "us" => format::latency(v.round() as u64),
        "ops/s" => format!("{} ops/s", format::rate(v)),
        "%" => format!("{v:.2} %"),
        _ => format::count(v.round() as u64),
    }
}

/// `+23.4 %`, `-0.05 pp`, or `–`.
pub fn change(row: &MetricRow) -> String {
    match row.change {
        Some(c) if row.change_unit == "pp" => format!("{c:+.2} pp"),
        Some(c) => format!("{c:+.1} %"),
        None if row.metric.starts_with("errors.") => "new".to_string(),
        None => "–".to_string(),
    }
}

/// `[+12.0, +35.1] %`, or `–` without an interval.
pub fn interval(row: &MetricRow) -> String {
    match (row.ci_low, row.ci_high) {
        (Some(lo), Some(hi)) if row.change_unit == "pp" => format!("[{lo:+.2}, {hi:+.2}] pp"),
        (Some(lo), Some(hi)) => format!("[{lo:+.1}, {hi:+.1}] %"),
        _ => "–".to_string(),
    }
}

/// `yes`, `no` or `–` (not tested).
pub fn significant(row: &MetricRow) -> String {
    match row.significant {
        Some(true) => "yes",
        Some(false) => "no",
        None => "–",
    }
    .to_string()
}

/// The rule as a limit: `+10 %`, `-5 %`, `+0.1 pp`, or `–`.
pub fn limit(row: &MetricRow) -> String {
    let sign = if row.metric == "throughput" { '-' } else { '+' };
    match row.limit {
        Some(l) if row.change_unit == "pp" => format!("{sign}{l} pp"),
        Some(l) => format!("{sign}{l} %"),
        None => "–".to_string(),
    }
}

/// A status as a word that reads without colour.
pub fn status(s: Status) -> &'static str {
    match s {
        Status::Neutral => "–",
        Status::Pass => "ok",
        Status::Improvement => "better",
        Status::Warning => "warning",
        Status::Regression => "REGRESSION",
    }
}

/// `response.p99` -> `response p99`, `error_rate` -> `error rate`, `response.p999` -> `response
/// p99.9`.
pub fn metric(name: &str) -> String {
    name.replace("p999", "p99.9")
        .replace(['.', '_'], " ")
        .replace("p99 9", "p99.9")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(metric: &str, unit: &'static str, change_unit: &'static str) -> MetricRow {
        MetricRow {
            metric: metric.into(),
            unit,
            base: Some(1_250.0),
            value: Some(1_500.0),
            change: Some(20.0),
            change_unit,
            ci_low: Some(-1.234),
            ci_high: Some(30.0),
            significant: Some(false),
            limit: Some(10.0),
            status: Status::Warning,
            note: None,
        }
    }

    #[test]
    fn cells_read_well() {
        let r = row("response.p999", "us", "%");
        assert_eq!(value(&r, r.base), "1.25 ms");
        assert_eq!(change(&r), "+20.0 %");
        assert_eq!(interval(&r), "[-1.2, +30.0] %");
        assert_eq!(
            (significant(&r), limit(&r)),
            ("no".to_string(), "+10 %".to_string())
        );
        assert_eq!(metric(&r.metric), "response p99.9");
        let t = row("throughput", "ops/s", "%");
        assert_eq!(
            (value(&t, Some(4_000.0)), limit(&t)),
            ("4,000 ops/s".into(), "-10 %".into())
        );
        let e = row("error_rate", "%", "pp");
        assert_eq!(
            (change(&e), metric(&e.metric)),
            ("+20.00 pp".into(), "error rate".into())
        );
        assert_eq!(value(&e, None), "–");
    }
}
