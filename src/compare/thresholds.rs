//! The regression policy: which change of which metric makes a regression, globally and per
//! operation, and how the bootstrap runs. Read from a YAML thresholds file (`--thresholds`),
//! every key optional; docs/compare.md lists every key with its default.
//!
//! ```yaml
//! confidence: 0.95     # of the confidence intervals
//! resamples: 1000      # bootstrap resamples
//! seed: 1              # of the bootstrap's random numbers (same runs + seed = same report)
//! rules:               # for every operation
//!   p99: 10            # response-time p99 up by more than 10 % (and significant)
//!   throughput: 5      # throughput down by more than 5 % (and significant)
//!   error_rate: 0.1    # error rate up by more than 0.1 percentage points
//!   new_error_class: true
//! operations:
//!   read: { p99: 20, p999: 50 }
//!   write: { p99: off }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_saphyr::{Location, Spanned};

use super::bootstrap::Settings;
use super::error::CompareError;
use super::limit::Limit;

/// The percentiles thresholds can name, as (key suffix, quantile).
pub const PERCENTILES: [(&str, f64); 4] =
    [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p999", 0.999)];

/// The rules for one operation. Limits are the largest change that still passes; `None` means
/// the metric is reported but never makes a regression. Serialized with the keys of the file.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(into = "RuleKeys")]
pub struct Rules {
    /// Largest increase in % of the response-time p50, p90, p99, p99.9.
    pub response: [Option<f64>; 4],
    /// The same for service time.
    pub service: [Option<f64>; 4],
    /// Largest decrease of throughput in %.
    pub throughput: Option<f64>,
    /// Largest increase of the error rate in percentage points.
    pub error_rate: Option<f64>,
    /// An error class the base run never saw is a regression.
    pub new_error_class: bool,
    /// Latency and throughput limits count only when the change is significant.
    pub require_significant: bool,
}

/// [`Rules`] as the thresholds file writes them (and the JSON output shows them).
#[derive(Serialize)]
struct RuleKeys {
    p50: Option<f64>,
    p90: Option<f64>,
    p99: Option<f64>,
    p999: Option<f64>,
    service_p50: Option<f64>,
    service_p90: Option<f64>,
    service_p99: Option<f64>,
    service_p999: Option<f64>,
    throughput: Option<f64>,
    error_rate: Option<f64>,
    new_error_class: bool,
    require_significant: bool,
}

impl From<Rules> for RuleKeys {
    fn from(r: Rules) -> Self {
        let [p50, p90, p99, p999] = r.response;
        let [service_p50, service_p90, service_p99, service_p999] = r.service;
        RuleKeys {
            p50,
            p90,
            p99,
            p999,
            service_p50,
            service_p90,
            service_p99,
            service_p999,
            throughput: r.throughput,
            error_rate: r.error_rate,
            new_error_class: r.new_error_class,
            require_significant: r.require_significant,
        }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            response: [None, None, Some(10.0), None],
            service: [None; 4],
            throughput: Some(5.0),
            error_rate: Some(0.1),
            new_error_class: true,
            require_significant: true,
        }
    }
}

/// A whole thresholds file, resolved against the defaults.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thresholds {
    #[serde(skip)]
    pub settings: Settings,
    /// The rules of operations without their own.
    pub rules: Rules,
    pub operations: BTreeMap<String, Rules>,
    /// The file they came from; `None` for the built-in defaults.
    pub file: Option<String>,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            settings: Settings {
                confidence: 0.95,
                resamples: 1000,
                seed: 1,
            },
            rules: Rules::default(),
            operations: BTreeMap::new(),
            file: None,
        }
    }
}

impl Thresholds {
    /// The rules for `operation`.
    pub fn for_operation(&self, operation: &str) -> &Rules {
        self.operations.get(operation).unwrap_or(&self.rules)
    }

    /// Reads a thresholds file.
    pub fn load(path: &Path) -> Result<Thresholds, CompareError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| CompareError::ReadThresholds {
                path: path.to_path_buf(),
                source,
            })?;
        Thresholds::parse(&text, &path.display().to_string())
    }

    /// Parses the text of a thresholds file; `source` names it in errors.
    pub fn parse(text: &str, source: &str) -> Result<Thresholds, CompareError> {
        let error = |at: &Location, problem: String| CompareError::Thresholds {
            path: source.to_string(),
            line: at.line(),
            column: at.column(),
            problem,
        };
        let raw: RawThresholds = serde_saphyr::from_str(text).map_err(|e| {
            let at = e.location().unwrap_or(Location::UNKNOWN);
            let bare = e.without_snippet().to_string();
            let suffix = format!(" at line {}, column {}", at.line(), at.column());
            error(&at, bare.strip_suffix(&suffix).unwrap_or(&bare).to_string())
        })?;
        let mut out = Thresholds {
            file: Some(source.to_string()),
            ..Thresholds::default()
        };
        if let Some(c) = &raw.confidence {
            if !(c.value >= 0.5 && c.value < 1.0) {
                return Err(error(
                    &c.referenced,
                    format!(
                        "confidence {} is not between 0.5 and 1 (e.g. 0.95)",
                        c.value
                    ),
                ));
            }
            out.settings.confidence = c.value;
        }
        if let Some(r) = &raw.resamples {
            if !(100..=100_000).contains(&r.value) {
                return Err(error(
                    &r.referenced,
                    format!(
                        "resamples {} is not between 100 and 100000 (e.g. 1000)",
                        r.value
                    ),
                ));
            }
            out.settings.resamples = r.value as usize;
        }
        if let Some(seed) = raw.seed {
            out.settings.seed = seed;
        }
        if let Some(rules) = &raw.rules {
            out.rules = rules.apply(out.rules, &error)?;
        }
        for (name, rules) in raw.operations.iter().flatten() {
            out.operations
                .insert(name.clone(), rules.apply(out.rules, &error)?);
        }
        Ok(out)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    confidence: Option<Spanned<f64>>,
    resamples: Option<Spanned<u64>>,
    seed: Option<u64>,
    rules: Option<RawRules>,
    operations: Option<BTreeMap<String, RawRules>>,
}

type Limit0 = Option<Spanned<Limit>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    p50: Limit0,
    p90: Limit0,
    p99: Limit0,
    p999: Limit0,
    service_p50: Limit0,
    service_p90: Limit0,
    service_p99: Limit0,
    service_p999: Limit0,
    throughput: Limit0,
    error_rate: Limit0,
    new_error_class: Option<bool>,
    require_significant: Option<bool>,
}

impl RawRules {
    /// `base` with every key this block sets replaced.
    fn apply(
        &self,
        base: Rules,
        error: &impl Fn(&Location, String) -> CompareError,
    ) -> Result<Rules, CompareError> {
        let set = |current: Option<f64>, limit: &Limit0| -> Result<Option<f64>, CompareError> {
            match limit {
                None => Ok(current),
                Some(l) => l.value.checked().map_err(|p| error(&l.referenced, p)),
            }
        };
        let response = [&self.p50, &self.p90, &self.p99, &self.p999];
        let service = [
            &self.service_p50,
            &self.service_p90,
            &self.service_p99,
            &self.service_p999,
        ];
        let mut out = base;
        for k in 0..PERCENTILES.len() {
            out.response[k] = set(base.response[k], response[k])?;
            out.service[k] = set(base.service[k], service[k])?;
        }
        out.throughput = set(base.throughput, &self.throughput)?;
        out.error_rate = set(base.error_rate, &self.error_rate)?;
        out.new_error_class = self.new_error_class.unwrap_or(base.new_error_class);
        out.require_significant = self.require_significant.unwrap_or(base.require_significant);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_override_defaults_then_per_operation() {
        let text = "confidence: 0.9\nseed: 7\nrules:\n  p999: 40\n  throughput: off\n\
                    operations:\n  read: { p99: 20 }\n  write: { p99: off, new_error_class: false }\n";
        let t = Thresholds::parse(text, "t.yaml").expect("valid");
        assert_eq!(t.settings.confidence, 0.9);
        assert_eq!((t.settings.seed, t.settings.resamples), (7, 1000));
        assert_eq!(t.rules.response, [None, None, Some(10.0), Some(40.0)]);
        assert_eq!(t.rules.throughput, None);
        let read = t.for_operation("read");
        assert_eq!(read.response, [None, None, Some(20.0), Some(40.0)]);
        let write = t.for_operation("write");
        assert_eq!((write.response[2], write.new_error_class), (None, false));
        assert_eq!(t.for_operation("other"), &t.rules);
    }

    #[test]
    fn errors_say_where() {
        let err = |text: &str| match Thresholds::parse(text, "t.yaml") {
            Err(e) => e.to_string(),
            Ok(t) => panic!("{text:?} parsed as {t:?}"),
        };
        let e = err("rules:\n  p99: -3\n");
        assert!(e.starts_with("t.yaml:2:8: "), "{e}");
        let e = err("rules:\n  p98: 3\n");
        assert!(e.starts_with("t.yaml:2:3: ") && e.contains("p98"), "{e}");
        let e = err("confidence: 2\n");
        assert!(e.starts_with("t.yaml:1:13: "), "{e}");
        let e = err("rules:\n  p99: fast\n");
        assert!(e.contains("t.yaml:2:") && e.contains("off"), "{e}");
    }
}
