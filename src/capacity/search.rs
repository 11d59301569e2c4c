//! The search itself, free of clusters and files: which rate to try next given the steps
//! done so far, and the loop that asks a step runner for each one.
//!
//! 1. Probe: from the start rate, multiply by the growth factor (2) while steps pass, never
//!    above `--max-rate`; if the start rate fails, divide instead until a step passes.
//! 2. Bisect between the highest passing rate below the lowest failing one (`lo`) and that
//!    failing rate (`hi`) until `hi - lo <= precision × hi`.
//!
//! The next rate is a function of the SET of (rate, passed) pairs done so far, not of their
//! order: a resumed search hands in the steps it finds on disk and carries on where the
//! interrupted one stopped, and changing an SLO on resume re-judges old steps and continues
//! from there. Rates are rounded (whole ops/s from 100 up) so step folders read well.

use serde::{Deserialize, Serialize};

use super::settings::Settings;
use crate::results::format;

/// One finished step as the search sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probe {
    pub rate: f64,
    pub passed: bool,
}

/// What to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Run a step at this rate.
    Run(f64),
    Done(Conclusion),
}

/// How a search ended (or stands, if it has not ended).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conclusion {
    pub outcome: Outcome,
    /// The highest rate that passed below the lowest failing one: the answer.
    pub sustainable: Option<f64>,
    /// The lowest rate that failed: the capacity is below it.
    pub failing: Option<f64>,
    /// Plain-language remarks (noisy measurements, limits reached).
    pub notes: Vec<String>,
}

/// Why a search stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The bracket is within the precision.
    Converged,
    /// A step at `--max-rate` passed: the capacity is at least that.
    MaxRate,
    /// Even the lowest rate tried failed.
    NothingPasses,
    /// `--max-steps` ran out before the bracket closed.
    StepLimit,
    /// Stopped early (interrupted); `--resume` carries on.
    Incomplete,
}

impl Outcome {
    /// A few words for reports.
    pub fn describe(self) -> &'static str {
        match self {
            Outcome::Converged => "converged",
            Outcome::MaxRate => "reached --max-rate",
            Outcome::NothingPasses => "nothing passed",
            Outcome::StepLimit => "step limit reached",
            Outcome::Incomplete => "incomplete (resume with --resume)",
        }
    }
}

/// The rate a step is run at: whole ops/s from 100 up, else two decimals.
pub fn round_rate(rate: f64) -> f64 {
    if rate >= 100.0 {
        rate.round()
    } else {
        (rate * 100.0).round() / 100.0
    }
}

/// The next step, or the conclusion, given the steps done so far.
pub fn next(settings: &Settings, done: &[Probe]) -> Next {
    let bracket = Bracket::of(done);
    let conclude = |outcome, notes| {
        Next::Done(Conclusion {
            outcome,
            sustainable: bracket.lo,
            failing: bracket.hi,
            notes,
        })
    };
    let mut notes = bracket.notes();
    let candidate = match (bracket.lo, bracket.hi) {
        (None, None) => settings.start_rate,
        (Some(lo), None) => match settings.max_rate {
            Some(max) if lo >= max * (1.0 - 1e-9) => {
                notes.push(format!(
                    "the step at --max-rate ({} ops/s) passed: the capacity is at least that",
                    format::rate(max)
                ));
                return conclude(Outcome::MaxRate, notes);
            }
            Some(max) => (lo * settings.growth).min(max),
            None => lo * settings.growth,
        },
        (None, Some(hi)) => {
            let lower = hi / settings.growth;
            if lower < settings.min_rate() {
                notes.push(format!(
                    "no step met the objectives, down to {} ops/s",
                    format::rate(hi)
                ));
                return conclude(Outcome::NothingPasses, notes);
            }
            lower
        }
        (Some(lo), Some(hi)) => {
            if hi - lo <= settings.precision * hi {
                return conclude(Outcome::Converged, notes);
            }
            (lo + hi) / 2.0
        }
    };
    let rate = round_rate(candidate);
    // Rounding can land on a rate already run (tiny rates, tiny precision): the bracket
    // cannot get narrower, so it is as converged as it will be.
    if done.iter().any(|p| p.rate == rate) {
        return conclude(Outcome::Converged, notes);
    }
    if done.len() >= settings.max_steps as usize {
        notes.push(format!(
            "the search stopped after {} steps (--max-steps) before the bracket closed",
            done.len()
        ));
        return conclude(Outcome::StepLimit, notes);
    }
    Next::Run(rate)
}

/// Where the search stands without running anything more: its conclusion if it is done,
/// else the bracket so far marked [`Outcome::Incomplete`].
pub fn standing(settings: &Settings, done: &[Probe]) -> Conclusion {
    match next(settings, done) {
        Next::Done(conclusion) => conclusion,
        Next::Run(_) => {
            let bracket = Bracket::of(done);
            Conclusion {
                outcome: Outcome::Incomplete,
                sustainable: bracket.lo,
                failing: bracket.hi,
                notes: bracket.notes(),
            }
        }
    }
}

/// Runs steps through `run_step` (which returns whether the step at the rate it is given
/// passed) until the search concludes; `done` holds the steps already finished (resumed).
pub async fn run<E>(
    settings: &Settings,
    mut done: Vec<Probe>,
    mut run_step: impl AsyncFnMut(f64) -> Result<bool, E>,
) -> Result<Conclusion, E> {
    loop {
        match next(settings, &done) {
            Next::Done(conclusion) => return Ok(conclusion),
            Next::Run(rate) => {
                let passed = run_step(rate).await?;
                done.push(Probe { rate, passed });
            }
        }
    }
}

/// The lowest failing rate and the highest passing rate below it.
struct Bracket {
    lo: Option<f64>,
    hi: Option<f64>,
    /// Passing rates above `hi` (noise near the capacity).
    inverted: Vec<f64>,
}

impl Bracket {
    fn of(done: &[Probe]) -> Bracket {
        let hi = done
            .iter()
            .filter(|p| !p.passed)
            .map(|p| p.rate)
            .min_by(f64::total_cmp);
        let below = |rate: f64| hi.is_none_or(|hi| rate < hi);
        let lo = done
            .iter()
            .filter(|p| p.passed && below(p.rate))
            .map(|p| p.rate)
            .max_by(f64::total_cmp);
        let inverted = done
            .iter()
            .filter(|p| p.passed && !below(p.rate))
            .map(|p| p.rate)
            .collect();
        Bracket { lo, hi, inverted }
    }

    fn notes(&self) -> Vec<String> {
        match (self.hi, self.inverted.as_slice()) {
            (Some(hi), [first, ..]) => vec![format!(
                "the step at {} ops/s passed although the one at {} ops/s failed: the \
                 measurements are noisy near the capacity; longer steps (--step-duration) help",
                format::rate(*first),
                format::rate(hi)
            )],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
