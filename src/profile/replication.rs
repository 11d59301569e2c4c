//! Checking a profile's `replication:` override before anything connects: the class must be
//! one Cassandra knows, and the factors must be whole numbers, so that a typo fails at load
//! time with its position instead of as a CREATE KEYSPACE error in the middle of a run.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use super::error::ProfileError;
use super::validate::Ctx;
use super::values::ScalarText;

const PACKAGE: &str = "org.apache.cassandra.locator.";
const SIMPLE: &str = "SimpleStrategy";
const TOPOLOGY: &str = "NetworkTopologyStrategy";

/// Validate and normalise (short class name, factors as digits) a replication map.
pub fn check(
    ctx: &Ctx,
    raw: &Spanned<BTreeMap<String, Spanned<ScalarText>>>,
) -> Result<BTreeMap<String, String>, ProfileError> {
    let map = &raw.value;
    let Some(class) = map.get("class") else {
        return Err(ctx.error(
            &raw.referenced,
            "the replication override has no `class`",
            "add `class: NetworkTopologyStrategy` (with one factor per datacenter) or `class: SimpleStrategy` (with `replication_factor`)",
        ));
    };
    let short = class
        .value
        .0
        .strip_prefix(PACKAGE)
        .unwrap_or(&class.value.0);
    let mut out = BTreeMap::new();
    match short {
        SIMPLE => {
            let Some(rf) = map.get("replication_factor") else {
                return Err(ctx.error(
                    &raw.referenced,
                    "SimpleStrategy needs `replication_factor`",
                    "add `replication_factor: 3` (or how many copies you want)",
                ));
            };
            if let Some((key, value)) = map
                .iter()
                .find(|(k, _)| *k != "class" && *k != "replication_factor")
            {
                return Err(ctx.error(
                    &value.referenced,
                    format!("SimpleStrategy takes no option `{key}`"),
                    "per-datacenter factors need `class: NetworkTopologyStrategy`",
                ));
            }
            out.insert(
                "replication_factor".into(),
                factor(ctx, "replication_factor", rf, 1)?,
            );
        }
        TOPOLOGY => {
            for (key, value) in map.iter().filter(|(k, _)| *k != "class") {
                out.insert(key.clone(), factor(ctx, key, value, 0)?);
            }
            if out.is_empty() {
                return Err(ctx.error(
                    &raw.referenced,
                    "NetworkTopologyStrategy without any datacenter",
                    "add one factor per datacenter, e.g. `dc1: 3`",
                ));
            }
        }
        other => return Err(ctx.error(
            &class.referenced,
            format!("unknown replication class '{other}'"),
            "use NetworkTopologyStrategy (production clusters) or SimpleStrategy (one datacenter)",
        )),
    }
    out.insert("class".into(), short.to_string());
    Ok(out)
}

/// A replication factor: a whole number >= `min`.
fn factor(
    ctx: &Ctx,
    key: &str,
    value: &Spanned<ScalarText>,
    min: u32,
) -> Result<String, ProfileError> {
    match value.value.0.trim().parse::<u32>() {
        Ok(n) if n >= min => Ok(n.to_string()),
        _ => Err(ctx.error(
            &value.referenced,
            format!("`{key}: {}` is not a replication factor", value.value.0),
            format!("write a whole number of replicas, at least {min}"),
        )),
    }
}
