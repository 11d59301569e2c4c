//! Phases and the load phase: rate shapes (`2k`, `unlimited`, `{ ramp: { from, to } }`,
//! `{ steps: [...] }`), lengths (duration or op count), concurrency and operation mixes, and
//! the cycle numbers each phase starts at.

use std::time::Duration;

use serde_saphyr::Spanned;

use crate::plan::{OperationPlan, PhasePlan};
use crate::schedule::{PhaseLength, RateShape, Step};

use super::error::{did_you_mean, Checked, Problem};
use super::model::{LoadSpec, PhaseSpec};
use super::params::{count, duration, number, Params};
use super::yaml::{Kind, Node, Pos};

const RATE_HINT: &str = "write a rate as 2000, 2k, unlimited, { ramp: { from: 1k, to: 5k } } or \
                         { steps: [{ rate: 1k, duration: 10s }, ...] }";

/// A rate shape; no rate at all is a closed loop (`unlimited`).
pub fn rate(node: Option<&Node>) -> Checked<RateShape> {
    let Some(node) = node else {
        return Ok(RateShape::Unlimited);
    };
    match &node.kind {
        Kind::Str(s) if s.trim().eq_ignore_ascii_case("unlimited") => Ok(RateShape::Unlimited),
        Kind::Int(_) | Kind::Float(_) | Kind::Str(_) => Ok(RateShape::Constant {
            rate: ops_per_sec(node)?,
        }),
        Kind::Map(_) => shaped_rate(node),
        _ => Err(Problem::new(
            node.pos,
            format!("expected a rate, found {}", node.describe()),
            RATE_HINT,
        )),
    }
}

fn shaped_rate(node: &Node) -> Checked<RateShape> {
    let Some((key, value)) = node.single_entry() else {
        return Err(Problem::new(
            node.pos,
            "a rate mapping must have exactly one entry",
            RATE_HINT,
        ));
    };
    match key.as_str().unwrap_or_default() {
        "constant" => Ok(RateShape::Constant {
            rate: ops_per_sec(value)?,
        }),
        "unlimited" => Ok(RateShape::Unlimited),
        "ramp" => {
            let mut p = Params::new("ramp", value, &["from", "to"])?;
            let from = ops_per_sec(p.required("from")?)?;
            let to = ops_per_sec(p.required("to")?)?;
            p.finish()?;
            Ok(RateShape::Ramp { from, to })
        }
        "steps" => {
            let Kind::Seq(items) = &value.kind else {
                return Err(Problem::new(value.pos, "steps expects a list", RATE_HINT));
            };
            if items.is_empty() {
                return Err(Problem::new(
                    value.pos,
                    "steps is empty",
                    "list at least one { rate, duration } step",
                ));
            }
            let mut steps = Vec::with_capacity(items.len());
            for item in items {
                let mut p = Params::new("a step", item, &["rate", "duration"])?;
                let rate = ops_per_sec(p.required("rate")?)?;
                let duration = positive_duration(p.required("duration")?)?;
                p.finish()?;
                steps.push(Step { rate, duration });
            }
            Ok(RateShape::Steps(steps))
        }
        other => Err(Problem::new(
            key.pos,
            format!(
                "unknown rate shape '{other}'{}",
                did_you_mean(other, ["constant", "ramp", "steps", "unlimited"])
            ),
            RATE_HINT,
        )),
    }
}

fn ops_per_sec(node: &Node) -> Checked<f64> {
    let rate = number(node)?.as_f64();
    if rate.is_finite() && rate > 0.0 {
        Ok(rate)
    } else {
        Err(Problem::new(
            node.pos,
            format!("a rate must be a positive number of ops/s, found {rate}"),
            RATE_HINT,
        ))
    }
}

fn positive_duration(node: &Node) -> Checked<Duration> {
    let d = duration(node)?;
    if d.is_zero() {
        return Err(Problem::new(
            node.pos,
            "the duration is zero",
            "give a duration such as 10s",
        ));
    }
    Ok(d)
}

/// The phase's length from its rate shape and its `duration` / `ops`.
fn length(pos: Pos, name: &str, shape: &RateShape, spec: &PhaseSpec) -> Checked<PhaseLength> {
    let duration = spec.duration.as_ref().map(positive_duration).transpose()?;
    let ops = spec.ops.as_ref().map(|n| count(n, 1)).transpose()?;
    let both_at = spec.ops.as_ref().map_or(pos, |n| n.pos);
    match (shape, duration, ops) {
        (_, Some(_), Some(_)) => Err(Problem::new(
            both_at,
            format!("phase '{name}' has both a duration and an op count"),
            "keep one: the phase ends after the duration or after the ops, not both",
        )),
        (RateShape::Steps(steps), None, ops) => Ok(match ops {
            Some(n) => PhaseLength::Ops(n),
            None => PhaseLength::Duration(steps.iter().map(|s| s.duration).sum()),
        }),
        (RateShape::Steps(_), Some(_), None) => Err(Problem::new(
            spec.duration.as_ref().map_or(pos, |n| n.pos),
            format!("phase '{name}' has steps and a duration"),
            "remove the duration: a steps phase lasts as long as its steps together",
        )),
        (RateShape::Ramp { .. }, None, _) => Err(Problem::new(
            pos,
            format!("phase '{name}' ramps but has no duration"),
            "add a duration (e.g. duration: 30s): the ramp goes from its first to its last rate \
             over that time",
        )),
        (_, Some(d), None) => Ok(PhaseLength::Duration(d)),
        (_, None, Some(n)) => Ok(PhaseLength::Ops(n)),
        (_, None, None) => Err(Problem::new(
            pos,
            format!("phase '{name}' has neither a duration nor an op count"),
            "add duration: 30s or ops: 100k",
        )),
    }
}

/// Compile one phase; `operations` are the workload's operations, drawn from by weight.
pub fn phase(spec: &Spanned<PhaseSpec>, operations: &[(OperationPlan, f64)]) -> Checked<PhasePlan> {
    let pos = Pos::of(spec);
    let spec = &spec.value;
    let name = spec.name.value.clone();
    let shape = rate(spec.rate.as_ref())?;
    let length = length(pos, &name, &shape, spec)?;
    let mix = match &spec.mix {
        None => operations
            .iter()
            .enumerate()
            .map(|(i, (_, w))| (i, *w))
            .collect(),
        Some(mix) => {
            let mut out = Vec::with_capacity(mix.0.len());
            for (op, weight) in &mix.0 {
                let index = operations
                    .iter()
                    .position(|(o, _)| o.name == op.value)
                    .ok_or_else(|| {
                        Problem::new(
                            Pos::of(op),
                            format!(
                                "phase '{name}' mixes in '{}', which is not an operation{}",
                                op.value,
                                did_you_mean(
                                    &op.value,
                                    operations.iter().map(|(o, _)| o.name.as_str())
                                )
                            ),
                            "name operations from the operations section",
                        )
                    })?;
                out.push((index, weight_of(weight)?));
            }
            if out.is_empty() {
                return Err(Problem::new(
                    pos,
                    format!("phase '{name}' has an empty mix"),
                    "list at least one operation",
                ));
            }
            out
        }
    };
    Ok(PhasePlan {
        name,
        rate: shape,
        length,
        mix,
        concurrency: concurrency(spec.concurrency.as_ref())?,
        first_cycle: 0,
    })
}

/// An operation weight: a positive number.
pub fn weight_of(node: &Node) -> Checked<f64> {
    let weight = number(node)?.as_f64();
    if weight.is_finite() && weight > 0.0 {
        Ok(weight)
    } else {
        Err(Problem::new(
            node.pos,
            format!("a weight must be a positive number, found {weight}"),
            "use a weight > 0 (leave an operation out of a phase with that phase's mix instead)",
        ))
    }
}

fn concurrency(node: Option<&Node>) -> Checked<Option<usize>> {
    node.map(|n| count(n, 1).map(|c| usize::try_from(c).unwrap_or(usize::MAX)))
        .transpose()
}

/// The load phase: operation `index` run `ops` times.
pub fn load(spec: &Spanned<LoadSpec>, index: usize) -> Checked<PhasePlan> {
    let spec = &spec.value;
    let ops = count(&spec.ops, 1)?;
    let shape = rate(spec.rate.as_ref())?;
    if let RateShape::Ramp { .. } | RateShape::Steps(_) = shape {
        let pos = spec.rate.as_ref().map_or_else(Pos::default, |n| n.pos);
        return Err(Problem::new(
            pos,
            "the load phase takes a constant rate or none",
            "write rate: 5k, or leave it out to load as fast as possible",
        ));
    }
    Ok(PhasePlan {
        name: "load".into(),
        rate: shape,
        length: PhaseLength::Ops(ops),
        mix: vec![(index, 1.0)],
        concurrency: concurrency(spec.concurrency.as_ref())?,
        first_cycle: 0,
    })
}

/// How many cycle numbers a phase may use: exact for op counts, the scheduled count (plus one)
/// for rate-controlled durations, and a wide gap (2^40) for closed-loop durations, whose count
/// is unknown in advance.
pub fn cycle_span(phase: &PhasePlan) -> u64 {
    let secs = |d: Duration| d.as_secs_f64();
    let scheduled = |ops: f64| ops.ceil().min(u64::MAX as f64 / 2.0) as u64 + 1;
    match (&phase.rate, phase.length) {
        (_, PhaseLength::Ops(n)) => n,
        (RateShape::Constant { rate }, PhaseLength::Duration(d)) => scheduled(rate * secs(d)),
        (RateShape::Ramp { from, to }, PhaseLength::Duration(d)) => {
            scheduled((from + to) / 2.0 * secs(d))
        }
        (RateShape::Steps(steps), PhaseLength::Duration(_)) => {
            scheduled(steps.iter().map(|s| s.rate * secs(s.duration)).sum())
        }
        (RateShape::Unlimited, PhaseLength::Duration(_)) => 1 << 40,
    }
}

/// Number the cycles: the load phase starts at 0, each phase after the one before.
pub fn assign_cycles(load: Option<&mut PhasePlan>, phases: &mut [PhasePlan]) {
    let mut next = 0u64;
    for phase in load.into_iter().chain(phases.iter_mut()) {
        phase.first_cycle = next;
        next = next.saturating_add(cycle_span(phase));
    }
}
