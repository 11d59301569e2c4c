//! Validating the `model:` section of an embedded profile into the reference node's
//! [`ModelConfig`]: the defaults for what is left out (docs/profile.md lists them), 1-based
//! node numbers in YAML turned into 0-based indexes, and every rule the types cannot express
//! checked with the position of the offending value and what to write instead.
//!
//! The model itself ([`crate::node::model`]) checks its configuration again when the cluster
//! starts; the checks here exist so that a mistake is reported at its line and column.

use std::time::Duration;

use serde_saphyr::{Location, Spanned};

use crate::node::exec::RequestClass;
use crate::node::model::{
    Distribution, ErrorInjection, InjectedKind, ModelConfig, NodeOverride, Outage, ServiceTimes,
    Stalls,
};

use super::error::ProfileError;
use super::model_raw::{
    NodeMap, OrNone, RawClass, RawDistribution, RawError, RawErrorKind, RawModel, RawNode,
    RawStalls,
};
use super::validate::Ctx;
use super::values::{format_duration, DurationText};

/// Service slots per node when the profile does not say.
pub const DEFAULT_SHARDS: usize = 4;
/// Paxos rounds of a lightweight transaction (prepare, read, propose, commit).
pub const DEFAULT_LWT_ROUNDS: u32 = 4;
/// The model's seed when the profile does not say: the same profile behaves the same way
/// on every run.
pub const DEFAULT_SEED: u64 = 0;
/// The longest service time, stall or delay a model may name (latency histograms end at 1 h;
/// a minute is already far beyond any request timeout).
const MAX_TIME: Duration = Duration::from_secs(60);

const MAX_SHARDS: u64 = 1024;
const MAX_LWT_ROUNDS: u64 = 16;
const MAX_SLOW_FACTOR: f64 = 1000.0;

/// The service times of a model whose profile gives none: reads log-normal (median 500 µs,
/// p99 2 ms), writes 300 µs, one LWT round 1 ms, a batch 1 ms, a schema change 10 ms.
pub fn default_service() -> ServiceTimes {
    let ms = Duration::from_millis;
    ServiceTimes {
        read: Distribution::LogNormal {
            median: Duration::from_micros(500),
            p99: ms(2),
        },
        write: Distribution::Fixed(Duration::from_micros(300)),
        lwt: Distribution::Fixed(ms(1)),
        batch: Distribution::Fixed(ms(1)),
        schema: Distribution::Fixed(ms(10)),
    }
}

/// The model an empty `model: {}` section describes.
pub fn default_model() -> ModelConfig {
    ModelConfig {
        shards: DEFAULT_SHARDS,
        queue_limit: None,
        service: default_service(),
        lwt_rounds: DEFAULT_LWT_ROUNDS,
        stalls: None,
        errors: Vec::new(),
        nodes: Vec::new(),
        seed: DEFAULT_SEED,
    }
}

/// The validated model of an embedded cluster of `nodes` nodes.
pub fn model(
    ctx: &Ctx,
    section: &Spanned<RawModel>,
    nodes: usize,
) -> Result<ModelConfig, ProfileError> {
    let config = fill(ctx, &section.value, nodes)?;
    // The model's own checks, as a safety net for any rule the positioned checks above miss.
    config.validate(nodes).map_err(|e| {
        ctx.error(
            &section.referenced,
            e.to_string(),
            "see docs/profile.md, \"The model section\"",
        )
    })?;
    Ok(config)
}

/// The section's values over the defaults, each checked where it is written.
fn fill(ctx: &Ctx, raw: &RawModel, nodes: usize) -> Result<ModelConfig, ProfileError> {
    let mut config = default_model();
    if let Some(s) = &raw.shards {
        config.shards = in_range(ctx, "shards", s, 1, MAX_SHARDS)? as usize;
    }
    if let Some(q) = &raw.queue_limit {
        config.queue_limit = q.value.as_option().map(|n| *n as usize);
    }
    if let Some(service) = &raw.service {
        let s = &mut config.service;
        let classes = [
            (&service.read, &mut s.read),
            (&service.write, &mut s.write),
            (&service.lwt, &mut s.lwt),
            (&service.batch, &mut s.batch),
            (&service.schema, &mut s.schema),
        ];
        for (given, slot) in classes {
            if let Some(d) = given {
                *slot = distribution(ctx, d)?;
            }
        }
    }
    if let Some(r) = &raw.lwt_rounds {
        config.lwt_rounds = in_range(ctx, "lwt_rounds", r, 1, MAX_LWT_ROUNDS)? as u32;
    }
    if let Some(s) = &raw.stalls {
        config.stalls = stalls(ctx, s)?;
    }
    config.errors = raw
        .errors
        .iter()
        .map(|e| error(ctx, &e.value, nodes))
        .collect::<Result<_, _>>()?;
    config.nodes = overrides(ctx, &raw.nodes, nodes)?;
    if let Some(seed) = raw.seed {
        config.seed = seed;
    }
    Ok(config)
}

fn in_range(
    ctx: &Ctx,
    key: &str,
    v: &Spanned<u64>,
    min: u64,
    max: u64,
) -> Result<u64, ProfileError> {
    if (min..=max).contains(&v.value) {
        return Ok(v.value);
    }
    Err(ctx.error(
        &v.referenced,
        format!("`{key}: {}` is out of range", v.value),
        format!("use {min} to {max}"),
    ))
}

/// A duration no longer than [`MAX_TIME`] (and, with `positive`, above zero).
fn time(
    ctx: &Ctx,
    at: &Location,
    what: &str,
    d: Duration,
    positive: bool,
) -> Result<Duration, ProfileError> {
    if positive && d.is_zero() {
        return Err(ctx.error(at, format!("{what} is 0s"), "give it a length, e.g. 1ms"));
    }
    if d > MAX_TIME {
        return Err(ctx.error(
            at,
            format!("{what} of {} is longer than a minute", format_duration(d)),
            "model times are milliseconds to seconds; use at most 60s",
        ));
    }
    Ok(d)
}

/// [`time`] of a duration with its own position.
fn spanned_time(
    ctx: &Ctx,
    what: &str,
    v: &Spanned<DurationText>,
    positive: bool,
) -> Result<Duration, ProfileError> {
    time(ctx, &v.referenced, what, v.value.0, positive)
}

fn distribution(ctx: &Ctx, raw: &Spanned<RawDistribution>) -> Result<Distribution, ProfileError> {
    let at = &raw.referenced;
    let t = |what: &str, d: Duration, positive: bool| time(ctx, at, what, d, positive);
    Ok(match &raw.value {
        RawDistribution::Fixed(d) => Distribution::Fixed(t("the fixed service time", d.0, false)?),
        RawDistribution::Uniform { min, max } => {
            let (min, max) = (t("`min`", min.0, false)?, t("`max`", max.0, false)?);
            if min > max {
                return Err(ctx.error(
                    at,
                    format!(
                        "uniform `min: {}` is above `max: {}`",
                        format_duration(min),
                        format_duration(max)
                    ),
                    "swap them: min is the shortest service time, max the longest",
                ));
            }
            Distribution::Uniform { min, max }
        }
        RawDistribution::Exponential { mean } => Distribution::Exponential {
            mean: t("the exponential `mean`", mean.0, true)?,
        },
        RawDistribution::LogNormal { median, p99 } => {
            let median = t("the log-normal `median`", median.0, true)?;
            let p99 = t("the log-normal `p99`", p99.0, true)?;
            if p99 < median {
                return Err(ctx.error(
                    at,
                    format!(
                        "log-normal `p99: {}` is below `median: {}`",
                        format_duration(p99),
                        format_duration(median)
                    ),
                    "the 99th percentile is at least the median (equal makes it fixed)",
                ));
            }
            Distribution::LogNormal { median, p99 }
        }
    })
}

/// `stalls:` (a mapping, or `none`).
fn stalls(ctx: &Ctx, raw: &Spanned<OrNone<RawStalls>>) -> Result<Option<Stalls>, ProfileError> {
    let Some(s) = raw.value.as_option() else {
        return Ok(None);
    };
    let every = spanned_time(ctx, "`every`", &s.every, true)?;
    let length = spanned_time(ctx, "`length`", &s.length, true)?;
    let jitter = match &s.jitter {
        Some(j) => spanned_time(ctx, "`jitter`", j, false)?,
        None => Duration::ZERO,
    };
    if length + jitter >= every {
        let (at, fix) = if jitter.is_zero() {
            (&s.length.referenced, "make `length` shorter than `every`")
        } else {
            (
                &s.length.referenced,
                "keep `length` + `jitter` below `every`, so that one stall ends before the next period",
            )
        };
        return Err(ctx.error(
            at,
            format!(
                "a stall of {} (jitter {}) does not fit in its period `every: {}`",
                format_duration(length),
                format_duration(jitter),
                format_duration(every)
            ),
            fix,
        ));
    }
    let offset = s.offset.map_or(Duration::ZERO, |o| o.0);
    Ok(Some(Stalls {
        every,
        length,
        jitter,
        offset,
    }))
}

/// A 1-based node number in YAML -> a 0-based index.
fn node_index(ctx: &Ctx, n: &Spanned<u64>, nodes: usize) -> Result<usize, ProfileError> {
    if n.value >= 1 && n.value <= nodes as u64 {
        return Ok((n.value - 1) as usize);
    }
    Err(ctx.error(
        &n.referenced,
        format!("there is no node {} in a {nodes}-node cluster", n.value),
        format!("nodes are numbered 1 to {nodes} (node 1 listens on 127.0.0.1)"),
    ))
}

fn error(ctx: &Ctx, raw: &RawError, nodes: usize) -> Result<ErrorInjection, ProfileError> {
    let p = &raw.probability;
    if !(p.value.is_finite() && (0.0..=1.0).contains(&p.value)) {
        return Err(ctx.error(
            &p.referenced,
            format!("`probability: {}` is not between 0 and 1", p.value),
            "write the share of requests that fail, e.g. 0.01 for 1%",
        ));
    }
    Ok(ErrorInjection {
        kind: match raw.kind {
            RawErrorKind::Overloaded => InjectedKind::Overloaded,
            RawErrorKind::WriteTimeout => InjectedKind::WriteTimeout,
            RawErrorKind::ReadTimeout => InjectedKind::ReadTimeout,
            RawErrorKind::Unavailable => InjectedKind::Unavailable,
        },
        classes: raw
            .classes
            .iter()
            .map(|c| match c {
                RawClass::Read => RequestClass::Read,
                RawClass::Write => RequestClass::Write,
                RawClass::Lwt => RequestClass::Lwt,
                RawClass::Batch => RequestClass::Batch,
                RawClass::Schema => RequestClass::Schema,
            })
            .collect(),
        probability: p.value,
        after: raw.after.map(|a| a.0),
        nodes: raw
            .nodes
            .iter()
            .map(|n| node_index(ctx, n, nodes))
            .collect::<Result<_, _>>()?,
    })
}

fn overrides(ctx: &Ctx, map: &NodeMap, nodes: usize) -> Result<Vec<NodeOverride>, ProfileError> {
    let mut out: Vec<NodeOverride> = Vec::with_capacity(map.0.len());
    for (number, node) in &map.0 {
        let index = node_index(ctx, number, nodes)?;
        if out.iter().any(|o| o.node == index) {
            return Err(ctx.error(
                &number.referenced,
                format!("node {} is listed twice under `nodes`", number.value),
                "merge its settings into one entry",
            ));
        }
        out.push(node_override(ctx, index, &node.value)?);
    }
    out.sort_by_key(|o| o.node);
    Ok(out)
}

fn node_override(ctx: &Ctx, node: usize, raw: &RawNode) -> Result<NodeOverride, ProfileError> {
    let slow_factor = match &raw.slow {
        Some(s) if !(s.value.is_finite() && s.value > 0.0 && s.value <= MAX_SLOW_FACTOR) => {
            return Err(ctx.error(
                &s.referenced,
                format!("`slow: {}` is not a usable factor", s.value),
                format!("service times on this node are multiplied by it: use a number above 0 and at most {MAX_SLOW_FACTOR} (4 = four times slower)"),
            ));
        }
        Some(s) => s.value,
        None => 1.0,
    };
    let stalls = raw.stalls.as_ref().map(|s| stalls(ctx, s)).transpose()?;
    let mut down = Vec::with_capacity(raw.down.len());
    for outage in &raw.down {
        let o = &outage.value;
        let length = spanned_time(ctx, "the outage's `for`", &o.length, true)?;
        down.push((outage.referenced, Outage { at: o.at.0, length }));
    }
    down.sort_by_key(|(_, o)| o.at);
    for pair in down.windows(2) {
        if let [(_, first), (at, next)] = pair {
            if first.at + first.length > next.at {
                return Err(ctx.error(
                    at,
                    format!(
                        "node {}'s outage at {} starts before its outage at {} ends",
                        node + 1,
                        format_duration(next.at),
                        format_duration(first.at)
                    ),
                    "make the outages one after the other (or merge them into one)",
                ));
            }
        }
    }
    Ok(NodeOverride {
        node,
        slow_factor,
        stalls,
        down: down.into_iter().map(|(_, o)| o).collect(),
    })
}
