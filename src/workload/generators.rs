//! The parameters of each generator family, read from YAML and handed to the constructors in
//! [`crate::generate`]. One arm per family; the family's own checks (e.g. `min <= max`) come
//! back as positioned problems.

use crate::generate::choice::Choice;
use crate::generate::collection::{Collection, CollectionKind};
use crate::generate::numeric::{Shaped, UniformFloat, UniformInt};
use crate::generate::sequence::{Permutation, Sequence};
use crate::generate::text::{Blob, Text, ALPHANUMERIC};
use crate::generate::time::{self, Bucket, BucketFormat, Clock};
use crate::generate::zipf::Zipf;
use crate::generate::{derived, GenerateError, Generator};

use super::bindings::{constant, Compiler};
use super::error::{Checked, Problem};
use super::params::{count, duration, number, Num, Params};
use super::yaml::{Kind, Node};

/// Build generator `name` from `params`; `Ok(None)` when there is no such generator.
pub fn build(c: &Compiler<'_>, name: &str, params: &Node) -> Checked<Option<Generator>> {
    let at = |e: GenerateError| {
        Problem::new(
            params.pos,
            e.to_string(),
            "see docs/workload.md, section Generators",
        )
    };
    let g = match name {
        "constant" => Generator::Constant(constant(params)?),
        "cycle" => {
            Params::new("cycle", params, &[])?.finish()?;
            Generator::Cycle
        }
        "uniform" => {
            let mut p = Params::new("uniform", params, &["min", "max"])?;
            let (min, max) = (p.required("min")?, p.required("max")?);
            let (min, max) = (number(min)?, number(max)?);
            p.finish()?;
            match (min, max) {
                (Num::Int(lo), Num::Int(hi)) => {
                    Generator::UniformInt(UniformInt::new(lo, hi).map_err(at)?)
                }
                (lo, hi) => Generator::UniformFloat(
                    UniformFloat::new(lo.as_f64(), hi.as_f64()).map_err(at)?,
                ),
            }
        }
        "normal" => shaped(
            params,
            "normal",
            &["mean", "stddev", "min", "max", "round"],
            |p| {
                let mean = p.required("mean").and_then(number)?.as_f64();
                let stddev = p.required("stddev").and_then(number)?.as_f64();
                Ok(Shaped::normal(mean, stddev))
            },
        )?,
        "exponential" => shaped(
            params,
            "exponential",
            &["mean", "min", "max", "round"],
            |p| {
                let mean = p.required("mean").and_then(number)?.as_f64();
                Ok(Shaped::exponential(mean))
            },
        )?,
        "log_normal" => shaped(
            params,
            "log_normal",
            &["median", "p99", "mu", "sigma", "min", "max", "round"],
            |p| {
                if let (Some(median), Some(p99)) = (p.num("median")?, p.num("p99")?) {
                    return Ok(Shaped::log_normal_percentiles(
                        median.as_f64(),
                        p99.as_f64(),
                    ));
                }
                let mu = p.required("mu").and_then(number)?.as_f64();
                let sigma = p.required("sigma").and_then(number)?.as_f64();
                Ok(Shaped::log_normal(mu, sigma))
            },
        )?,
        "zipf" => {
            let mut p = Params::new("zipf", params, &["n", "exponent"])?;
            let n = count(p.required("n")?, 1)?;
            let exponent = p.f64_or("exponent", 1.0)?;
            p.finish()?;
            Generator::Zipf(Zipf::new(n, exponent).map_err(at)?)
        }
        "sequence" => {
            let mut p = Params::new("sequence", params, &["start", "step", "wrap"])?;
            let start = p.i64_or("start", 0)?;
            let step = p.i64_or("step", 1)?;
            let wrap = p.get("wrap").map(|n| count(n, 1)).transpose()?;
            p.finish()?;
            Generator::Sequence(Sequence::new(start, step, wrap).map_err(at)?)
        }
        "permutation" => {
            let mut p = Params::new("permutation", params, &["n", "input"])?;
            let n = count(p.required("n")?, 1)?;
            let input = p.get("input").map(|g| c.generator(g)).transpose()?;
            p.finish()?;
            let permutation = Permutation::new(n).map_err(at)?;
            Generator::Permutation(permutation, Box::new(input.unwrap_or(Generator::Cycle)))
        }
        "choice" => Generator::Choice(choice(c, params)?),
        "text" => {
            let (length, alphabet) = if has_any_key(params, &["length", "alphabet"]) {
                let mut p = Params::new("text", params, &["length", "alphabet"])?;
                let length = c.generator(p.required("length")?)?;
                let alphabet = p.get("alphabet").map(text_param).transpose()?;
                p.finish()?;
                (length, alphabet.unwrap_or_else(|| ALPHANUMERIC.to_string()))
            } else {
                (c.generator(params)?, ALPHANUMERIC.to_string())
            };
            Generator::Text(Text::new(length, &alphabet).map_err(at)?)
        }
        "blob" => {
            let size = if has_any_key(params, &["size"]) {
                let mut p = Params::new("blob", params, &["size"])?;
                let size = c.generator(p.required("size")?)?;
                p.finish()?;
                size
            } else {
                c.generator(params)?
            };
            Generator::Blob(Blob::new(size))
        }
        "uuid" => {
            Params::new("uuid", params, &[])?.finish()?;
            Generator::Uuid
        }
        "timeuuid" => {
            let mut p = Params::new("timeuuid", params, &["at"])?;
            let at = p.get("at").map(|g| c.generator(g)).transpose()?;
            p.finish()?;
            Generator::TimeUuid(at.map(Box::new))
        }
        "clock" => {
            let mut p = Params::new("clock", params, &["start", "step"])?;
            let start = p.get("start").map(timestamp).transpose()?;
            let step = duration(p.required("step")?)?;
            p.finish()?;
            let step_ns = u64::try_from(step.as_nanos()).unwrap_or(u64::MAX);
            Generator::Clock(
                Clock::new(start.unwrap_or(time::DEFAULT_START_MS), step_ns).map_err(at)?,
            )
        }
        "bucket" => {
            let mut p = Params::new("bucket", params, &["of", "size", "as"])?;
            let of = c.generator(p.required("of")?)?;
            let size = duration(p.required("size")?)?;
            let format = p.get("as").map(bucket_format).transpose()?;
            p.finish()?;
            let size_ms = i64::try_from(size.as_millis()).unwrap_or(i64::MAX);
            let bucket = Bucket::new(size_ms, format.unwrap_or(BucketFormat::Text)).map_err(at)?;
            Generator::Bucket(bucket, Box::new(of))
        }
        "derived" => {
            let text = text_param(params)?;
            let expr = derived::parse(&text, &|n| c.resolve(n)).map_err(|e| {
                Problem::new(
                    c.inside(params.pos, e.offset),
                    format!("in derived value '{text}': {}", e.message),
                    "write an expression over other bindings, e.g. \"ts - 5m\" or \"key * 10 + 1\"",
                )
            })?;
            Generator::Derived(expr)
        }
        "list" | "set" => {
            let (what, kind) = if name == "list" {
                ("list", CollectionKind::List)
            } else {
                ("set", CollectionKind::Set)
            };
            let mut p = Params::new(what, params, &["size", "of"])?;
            let size = c.generator(p.required("size")?)?;
            let of = c.generator(p.required("of")?)?;
            p.finish()?;
            Generator::Collection(Collection::sequence(kind, size, of))
        }
        "map" => {
            let mut p = Params::new("map", params, &["size", "keys", "values"])?;
            let size = c.generator(p.required("size")?)?;
            let keys = c.generator(p.required("keys")?)?;
            let values = c.generator(p.required("values")?)?;
            p.finish()?;
            Generator::Collection(Collection::map(size, keys, values))
        }
        _ => return Ok(None),
    };
    Ok(Some(g))
}

/// A continuous distribution with the common `min`, `max` and `round` options.
fn shaped(
    params: &Node,
    what: &'static str,
    allowed: &'static [&'static str],
    make: impl FnOnce(&mut Params<'_>) -> Checked<Result<Shaped, GenerateError>>,
) -> Checked<Generator> {
    let at = |e: GenerateError| {
        Problem::new(
            params.pos,
            e.to_string(),
            "see docs/workload.md, section Generators",
        )
    };
    let mut p = Params::new(what, params, allowed)?;
    let base = make(&mut p)?.map_err(at)?;
    let min = p.num("min")?.map(Num::as_f64);
    let max = p.num("max")?.map(Num::as_f64);
    let round = p.bool_or("round", false)?;
    p.finish()?;
    Ok(Generator::Shaped(
        base.clamped(min, max).map_err(at)?.rounded(round),
    ))
}

/// `choice: [a, b, c]` (equal weights) or `choice: [{ value: a, weight: 3 }, { generator:
/// { ... }, weight: 1 }]`.
fn choice(c: &Compiler<'_>, params: &Node) -> Checked<Choice> {
    let Kind::Seq(items) = &params.kind else {
        return Err(Problem::new(
            params.pos,
            format!("choice expects a list of options, found {}", params.describe()),
            "write choice: [red, green] or choice: [{ value: red, weight: 3 }, { value: green, weight: 1 }]",
        ));
    };
    let mut options = Vec::with_capacity(items.len());
    for item in items {
        if !matches!(item.kind, Kind::Map(_)) {
            options.push((1.0, Generator::Constant(constant(item)?)));
            continue;
        }
        let mut p = Params::new("a choice option", item, &["value", "generator", "weight"])?;
        let weight_node = p.get("weight");
        let weight = weight_node
            .map(number)
            .transpose()?
            .map_or(1.0, Num::as_f64);
        if !(weight.is_finite() && weight > 0.0) {
            let pos = weight_node.map_or(item.pos, |n| n.pos);
            return Err(Problem::new(
                pos,
                format!("a choice weight must be a positive number, found {weight}"),
                "give every option a weight > 0 (remove an option rather than weighting it 0)",
            ));
        }
        let generator = match (p.get("value"), p.get("generator")) {
            (Some(v), None) => Generator::Constant(constant(v)?),
            (None, Some(g)) => c.generator(g)?,
            _ => return Err(Problem::new(
                item.pos,
                "a choice option needs exactly one of 'value' and 'generator'",
                "write { value: red, weight: 3 } or { generator: { uniform: { min: 1, max: 9 } } }",
            )),
        };
        p.finish()?;
        options.push((weight, generator));
    }
    Choice::new(options)
        .map_err(|e| Problem::new(params.pos, e.to_string(), "list at least one option"))
}

/// Whether `node` is a mapping with one of `keys` (parameters), rather than a generator
/// written in their place (`text: { uniform: ... }` is shorthand for its length).
fn has_any_key(node: &Node, keys: &[&str]) -> bool {
    match &node.kind {
        Kind::Map(entries) => entries
            .iter()
            .any(|(k, _)| k.as_str().is_some_and(|k| keys.contains(&k))),
        _ => false,
    }
}

fn text_param(node: &Node) -> Checked<String> {
    node.scalar_text().ok_or_else(|| {
        Problem::new(
            node.pos,
            format!("expected text, found {}", node.describe()),
            "write a string",
        )
    })
}

/// `2024-01-01T00:00:00Z`, `2024-01-01`, or milliseconds since the epoch.
fn timestamp(node: &Node) -> Checked<i64> {
    if let Kind::Int(ms) = node.kind {
        return Ok(ms);
    }
    let bad =
        || {
            Problem::new(
            node.pos,
            format!("'{}' is not a timestamp", node.scalar_text().unwrap_or_default()),
            "write a UTC date and time such as 2024-01-01T00:00:00Z, a date such as 2024-01-01, \
             or milliseconds since 1970",
        )
        };
    node.as_str()
        .and_then(time::parse_timestamp)
        .ok_or_else(bad)
}

fn bucket_format(node: &Node) -> Checked<BucketFormat> {
    match node.as_str() {
        Some("text") => Ok(BucketFormat::Text),
        Some("timestamp") => Ok(BucketFormat::Timestamp),
        Some("number") => Ok(BucketFormat::Number),
        _ => Err(Problem::new(
            node.pos,
            format!(
                "'{}' is not a bucket format",
                node.scalar_text().unwrap_or_default()
            ),
            "write as: text (2024-01-15), as: timestamp (the bucket's start) or as: number",
        )),
    }
}
