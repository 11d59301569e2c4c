//! How a capacity search proceeds: where the rate starts, how far it may climb, when the
//! bisection stops, how long each step runs and rests. Recorded in `search.json`, so a
//! resumed search goes on with the same settings unless a flag changes one of them.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::error::CapacityError;
use crate::cli::CapacityArgs;

/// The default `--start-rate`, ops/s.
pub const DEFAULT_START_RATE: f64 = 1000.0;
/// The default `--precision`: the bracket is at most this share of its upper end.
pub const DEFAULT_PRECISION: f64 = 0.02;
/// The probe multiplies the rate by this while steps pass.
pub const GROWTH: f64 = 2.0;
/// Steps one profile's search may take before it gives up (resumed steps included).
pub const DEFAULT_MAX_STEPS: u32 = 40;
/// When even the start rate fails, the search halves it down to `start_rate × this`.
pub const MIN_RATE_SHARE: f64 = 1.0 / 128.0;

/// The settings of one search (the same for every profile it compares).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The first step's rate, ops/s.
    pub start_rate: f64,
    /// The probe never goes above this, ops/s.
    pub max_rate: Option<f64>,
    /// Stop bisecting when (lowest failing - highest passing) <= precision × lowest failing.
    pub precision: f64,
    /// The probe's factor between steps.
    pub growth: f64,
    pub max_steps: u32,
    /// The measured (steady) part of each step, seconds.
    pub step_duration_s: f64,
    /// The unjudged warm-up before it, seconds.
    pub warmup_s: f64,
    /// Rest between steps, seconds (doubled after a step that tripped a guardrail).
    pub cooldown_s: f64,
    /// Skip the workload's load phase (the data is already there).
    pub no_load: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            start_rate: DEFAULT_START_RATE,
            max_rate: None,
            precision: DEFAULT_PRECISION,
            growth: GROWTH,
            max_steps: DEFAULT_MAX_STEPS,
            step_duration_s: 30.0,
            warmup_s: 5.0,
            cooldown_s: 2.0,
            no_load: false,
        }
    }
}

impl Settings {
    /// These settings with every flag `args` gives applied, checked.
    pub fn with_args(mut self, args: &CapacityArgs) -> Result<Settings, CapacityError> {
        let secs = |d: Duration| d.as_secs_f64();
        if let Some(rate) = args.start_rate {
            self.start_rate = rate;
        }
        if args.max_rate.is_some() {
            self.max_rate = args.max_rate;
        }
        if let Some(p) = args.precision {
            self.precision = p;
        }
        if let Some(d) = args.step_duration {
            self.step_duration_s = secs(d);
        }
        if let Some(d) = args.warmup {
            self.warmup_s = secs(d);
        }
        if let Some(d) = args.cooldown {
            self.cooldown_s = secs(d);
        }
        if let Some(n) = args.max_steps {
            self.max_steps = n;
        }
        self.no_load |= args.no_load;
        self.check()?;
        Ok(self)
    }

    /// The lowest rate the search tries when nothing passes.
    pub fn min_rate(&self) -> f64 {
        self.start_rate * MIN_RATE_SHARE
    }

    pub fn step_duration(&self) -> Duration {
        Duration::from_secs_f64(self.step_duration_s)
    }

    pub fn warmup(&self) -> Duration {
        Duration::from_secs_f64(self.warmup_s)
    }

    fn check(&self) -> Result<(), CapacityError> {
        let bad = |flag: &'static str, value: String, why: &str| {
            Err(CapacityError::Setting {
                flag,
                value,
                why: why.to_string(),
            })
        };
        if !(self.start_rate.is_finite() && self.start_rate > 0.0) {
            return bad(
                "start-rate",
                self.start_rate.to_string(),
                "expected a positive rate (e.g. 1k)",
            );
        }
        if let Some(max) = self.max_rate {
            if !(max.is_finite() && max >= self.start_rate) {
                return bad(
                    "max-rate",
                    max.to_string(),
                    &format!("must be at least the start rate ({})", self.start_rate),
                );
            }
        }
        if !(self.precision > 0.0 && self.precision <= 0.5) {
            return bad(
                "precision",
                format!("{}%", self.precision * 100.0),
                "expected a share above 0 and at most 50% (e.g. 2%)",
            );
        }
        if !(self.step_duration_s.is_finite() && self.step_duration_s > 0.0) {
            return bad(
                "step-duration",
                format!("{}s", self.step_duration_s),
                "a step must measure for longer than zero (e.g. 30s)",
            );
        }
        if self.max_steps < 2 {
            return bad(
                "max-steps",
                self.max_steps.to_string(),
                "a search needs at least 2 steps",
            );
        }
        if !(self.warmup_s.is_finite() && self.cooldown_s.is_finite()) {
            return bad(
                "warmup",
                format!("{}s", self.warmup_s),
                "expected a duration",
            );
        }
        Ok(())
    }
}
