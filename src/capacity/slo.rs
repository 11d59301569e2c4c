//! Service-level objectives (`--slo`): what a step must meet to count as sustainable.
//!
//! Grammar: `[OPERATION.]METRIC OP LIMIT`, where METRIC is a response-time percentile (`p50`,
//! `p99`, `p99.9`, `p99.99`, `max`) with LIMIT a duration with its unit (`500us`, `10ms`,
//! `1s`), or `error_rate` with LIMIT a percentage (`0.1%`) or a fraction (`0.001`); OP is
//! `<=` or `<`. Without an operation the objective applies to all operations together
//! (histograms merged, never percentiles averaged). Latency objectives judge successful
//! requests; failed ones count against `error_rate` and the achieved rate.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::CapacityError;
use crate::results::format;

/// One parsed objective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slo {
    /// The operation it applies to; `None`: all operations together.
    pub operation: Option<String>,
    pub metric: Metric,
    /// `<` rather than `<=`.
    pub strict: bool,
    /// Microseconds for a latency metric, a fraction (0..=1) for the error rate.
    pub limit: f64,
}

/// What an objective measures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Metric {
    /// Response time at this quantile (0 < q <= 1; 1 is the maximum).
    Latency { quantile: f64 },
    /// Failed requests / all requests.
    ErrorRate,
}

impl Slo {
    /// Parses `text` (see the module docs).
    pub fn parse(text: &str) -> Result<Slo, CapacityError> {
        let fail = |why: &str| CapacityError::Slo {
            text: text.to_string(),
            why: why.to_string(),
        };
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let (left, strict, right) = if let Some((l, r)) = compact.split_once("<=") {
            (l, false, r)
        } else if let Some((l, r)) = compact.split_once('<') {
            (l, true, r)
        } else {
            return Err(fail(
                "expected a metric, `<=` or `<`, and a limit; objectives are upper bounds",
            ));
        };
        let (operation, metric) = split_scope(left).ok_or_else(|| {
            fail("unknown metric: expected p50, p99, p99.9 (any percentile), max or error_rate, optionally after OPERATION.")
        })?;
        let limit = match metric {
            Metric::Latency { .. } => parse_latency_us(right).map_err(|why| fail(&why))?,
            Metric::ErrorRate => parse_fraction(right).map_err(|why| fail(&why))?,
        };
        Ok(Slo {
            operation,
            metric,
            strict,
            limit,
        })
    }

    /// Whether a measured `value` (same unit as `limit`) meets the objective.
    pub fn holds(&self, value: f64) -> bool {
        if self.strict {
            value < self.limit
        } else {
            value <= self.limit
        }
    }

    /// `p99`, `p99.9`, `max`, `error_rate`.
    pub fn metric_name(&self) -> String {
        match self.metric {
            Metric::ErrorRate => "error_rate".into(),
            Metric::Latency { quantile } if quantile >= 1.0 => "max".into(),
            Metric::Latency { quantile } => format!("p{}", trim_number(quantile * 100.0)),
        }
    }

    /// A measured value as people read it: `4.25 ms`, `0.12%`.
    pub fn show_value(&self, value: f64) -> String {
        match self.metric {
            Metric::Latency { .. } => format::latency(value.max(0.0).round() as u64),
            Metric::ErrorRate => format!("{}%", trim_number(value * 100.0)),
        }
    }

    fn show_limit(&self) -> String {
        match self.metric {
            Metric::Latency { .. } => {
                let us = self.limit;
                if us >= 1e6 && (us / 1e6).fract() == 0.0 {
                    format!("{}s", trim_number(us / 1e6))
                } else if us >= 1e3 {
                    format!("{}ms", trim_number(us / 1e3))
                } else {
                    format!("{}us", trim_number(us))
                }
            }
            Metric::ErrorRate => format!("{}%", trim_number(self.limit * 100.0)),
        }
    }
}

impl fmt::Display for Slo {
    /// The canonical form, which [`Slo::parse`] reads back: `read.p99<=5ms`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = &self.operation {
            write!(f, "{op}.")?;
        }
        let op = if self.strict { "<" } else { "<=" };
        write!(f, "{}{op}{}", self.metric_name(), self.show_limit())
    }
}

impl TryFrom<String> for Slo {
    type Error = CapacityError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Slo::parse(&text)
    }
}

impl From<Slo> for String {
    fn from(slo: Slo) -> String {
        slo.to_string()
    }
}

/// For clap: `--slo` parsed at the command line, the error as text.
pub fn parse_slo_arg(text: &str) -> Result<Slo, String> {
    Slo::parse(text).map_err(|e| match e {
        CapacityError::Slo { why, .. } => why,
        other => other.to_string(),
    })
}

/// Checks that every objective scoped to an operation names one of `operations` (of
/// workload `workload`).
pub fn check_operations(
    slos: &[Slo],
    workload: &str,
    operations: &[String],
) -> Result<(), CapacityError> {
    for slo in slos {
        if let Some(op) = slo.operation.as_ref().filter(|op| !operations.contains(op)) {
            return Err(CapacityError::UnknownOperation {
                slo: slo.to_string(),
                operation: op.clone(),
                workload: workload.to_string(),
                known: operations.join(", "),
            });
        }
    }
    Ok(())
}

/// `OPERATION.METRIC` or `METRIC`. Operation names may contain dots, so the first split
/// point whose right side is a metric wins (`a.b.p99.9` is operation `a.b`, `p99.9`).
fn split_scope(left: &str) -> Option<(Option<String>, Metric)> {
    if let Some(metric) = parse_metric(left) {
        return Some((None, metric));
    }
    left.char_indices()
        .filter(|(_, c)| *c == '.')
        .find_map(|(i, _)| {
            let (op, rest) = (&left[..i], &left[i + 1..]);
            let metric = parse_metric(rest)?;
            (!op.is_empty()).then(|| (Some(op.to_string()), metric))
        })
}

fn parse_metric(text: &str) -> Option<Metric> {
    match text.to_ascii_lowercase().as_str() {
        "error_rate" | "errors" => Some(Metric::ErrorRate),
        "max" | "p100" => Some(Metric::Latency { quantile: 1.0 }),
        other => {
            let digits = other.strip_prefix('p')?;
            if !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
                return None;
            }
            let percent: f64 = digits.parse().ok()?;
            (percent > 0.0 && percent <= 100.0).then_some(Metric::Latency {
                quantile: percent / 100.0,
            })
        }
    }
}

/// `10ms`, `1.5s`, `500us` as microseconds; a unit is required.
fn parse_latency_us(text: &str) -> Result<f64, String> {
    if !text.ends_with(|c: char| c.is_alphabetic()) {
        return Err(format!("'{text}' needs a unit: us, ms or s (e.g. 10ms)"));
    }
    let duration = crate::cli::parse_duration(text)?;
    if duration.is_zero() {
        return Err("a latency limit of zero can never be met".into());
    }
    Ok(duration.as_secs_f64() * 1e6)
}

/// `0.1%` -> 0.001, `0.001` -> 0.001; within 0..=1.
pub fn parse_fraction(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let (number, scale) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), 0.01),
        None => (t, 1.0),
    };
    match number.parse::<f64>() {
        Ok(n) if n.is_finite() && (0.0..=1.0).contains(&(n * scale)) => Ok(n * scale),
        _ => Err(format!(
            "'{text}' is not a share between 0 and 100% (examples: 0.1%, 2%, 0.001)"
        )),
    }
}

/// `99.9` -> "99.9", `99.0` -> "99", `0.1` -> "0.1", without float noise.
fn trim_number(n: f64) -> String {
    let text = format!("{:.6}", n);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Slo {
        match Slo::parse(text) {
            Ok(slo) => slo,
            Err(e) => panic!("'{text}' should parse: {e}"),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn latency_objectives() {
        let slo = ok("p99<=10ms");
        assert_eq!(slo.operation, None);
        assert!(matches!(slo.metric, Metric::Latency { quantile } if close(quantile, 0.99)));
        assert!(close(slo.limit, 10_000.0) && !slo.strict);
        assert!(slo.holds(10_000.0) && !slo.holds(10_001.0));

        let slo = ok(" p99.9 < 1s ");
        assert!(matches!(slo.metric, Metric::Latency { quantile } if close(quantile, 0.999)));
        assert!(close(slo.limit, 1e6) && slo.strict);
        assert!(!slo.holds(1e6) && slo.holds(999_999.0));

        assert!(matches!(ok("max<=250us").metric, Metric::Latency { quantile } if quantile == 1.0));
        assert!(close(ok("p50<=1.5ms").limit, 1500.0));
    }

    #[test]
    fn error_rate_and_scopes() {
        let slo = ok("error_rate<=0.1%");
        assert_eq!(slo.metric, Metric::ErrorRate);
        assert!(close(slo.limit, 0.001));
        assert!(close(ok("error_rate<=0.001").limit, 0.001));

        let slo = ok("read.p99<=5ms");
        assert_eq!(slo.operation.as_deref(), Some("read"));
        assert!(close(slo.limit, 5000.0));
        // An operation name with dots, a percentile with a dot.
        let slo = ok("user.get.p99.9<=5ms");
        assert_eq!(slo.operation.as_deref(), Some("user.get"));
        assert!(matches!(slo.metric, Metric::Latency { quantile } if close(quantile, 0.999)));
    }

    #[test]
    fn canonical_text_reads_back() {
        for text in [
            "p99<=10ms",
            "p99.9<1s",
            "error_rate<=0.1%",
            "read.p99<=5ms",
            "max<=250us",
            "p99.99<=1.5ms",
        ] {
            let slo = ok(text);
            assert_eq!(slo.to_string(), text);
            assert_eq!(ok(&slo.to_string()), slo);
        }
        assert_eq!(ok("p99 <= 2000ms").to_string(), "p99<=2s");
    }

    #[test]
    fn clear_errors() {
        for (text, says) in [
            ("p99>=10ms", "upper bounds"),
            ("p99=10ms", "upper bounds"),
            ("latency<=10ms", "unknown metric"),
            ("p0<=10ms", "unknown metric"),
            ("p101<=10ms", "unknown metric"),
            (".p99<=10ms", "unknown metric"),
            ("p99<=10", "needs a unit"),
            ("p99<=10 parsecs", "not a duration"),
            ("p99<=0ms", "never be met"),
            ("error_rate<=150%", "between 0 and 100%"),
            ("error_rate<=lots", "between 0 and 100%"),
        ] {
            match Slo::parse(text) {
                Ok(slo) => panic!("'{text}' should be refused, parsed as {slo:?}"),
                Err(e) => {
                    let message = e.to_string();
                    assert!(message.contains(says), "'{text}': {message}");
                    assert!(message.contains(text), "'{text}': {message}");
                }
            }
        }
    }

    #[test]
    fn shown_values() {
        assert_eq!(ok("p99<=10ms").show_value(4250.0), "4.25 ms");
        assert_eq!(ok("error_rate<=1%").show_value(0.0012), "0.12%");
        assert_eq!(parse_fraction("2%"), Ok(0.02));
    }
}
