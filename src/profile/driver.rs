//! Validating the `driver:` section: pool size, compression, timeouts, retry policy,
//! speculative execution, routing and page size, with the scylla driver's defaults for what
//! is left out.

use std::num::NonZeroUsize;
use std::time::Duration;

use serde_saphyr::Spanned;

use super::error::ProfileError;
use super::model::{
    CompressionChoice, DriverSettings, Pool, RetryChoice, Routing, SpeculativeExecution, Target,
};
use super::raw::{RawCompression, RawDriver, RawRetry};
use super::validate::{Ctx, DEFAULT_CONNECT_TIMEOUT};

fn positive(ctx: &Ctx, key: &str, v: &Spanned<u64>, max: u64) -> Result<u64, ProfileError> {
    if (1..=max).contains(&v.value) {
        Ok(v.value)
    } else {
        Err(ctx.error(
            &v.referenced,
            format!("`{key}: {}` is out of range", v.value),
            format!("use 1 to {max}"),
        ))
    }
}

/// The driver settings of a profile. `target` tells which settings the target can take
/// (DC-aware routing needs a local DC; the reference node speaks lz4 but not snappy).
pub fn settings(
    ctx: &Ctx,
    raw: Option<&RawDriver>,
    target: &Target,
) -> Result<DriverSettings, ProfileError> {
    let local_dc = matches!(target, Target::Remote(r) if r.local_dc.is_some());
    let default = RawDriver::default();
    let d = raw.unwrap_or(&default);
    let count = |key: &str, v: &Spanned<u64>| -> Result<NonZeroUsize, ProfileError> {
        let n = positive(ctx, key, v, 1024)?;
        NonZeroUsize::new(n as usize)
            .ok_or_else(|| ctx.error(&v.referenced, "zero connections", "use at least 1"))
    };
    let pool = match (&d.connections_per_host, &d.connections_per_shard) {
        (Some(h), Some(_)) => {
            return Err(ctx.error(
                &h.referenced,
                "both `connections_per_host` and `connections_per_shard`",
                "keep one: per shard for ScyllaDB, per host for Cassandra",
            ))
        }
        (Some(h), None) => Some(Pool::PerHost(count("connections_per_host", h)?)),
        (None, Some(s)) => Some(Pool::PerShard(count("connections_per_shard", s)?)),
        (None, None) => None,
    };
    let routing = d.routing.as_ref();
    let dc_aware = match routing.and_then(|r| r.dc_aware.as_ref()) {
        Some(flag) if flag.value && !local_dc => {
            return Err(ctx.error(
                &flag.referenced,
                "`dc_aware: true` without `local_dc`",
                "set `local_dc` to the datacenter this client runs in",
            ))
        }
        Some(flag) => flag.value,
        None => local_dc,
    };
    let connect_timeout = match &d.connect_timeout {
        Some(t) if t.value.0.is_zero() => {
            return Err(ctx.error(
                &t.referenced,
                "`connect_timeout: 0s`",
                "use a few seconds, e.g. 5s",
            ))
        }
        Some(t) => t.value.0,
        None => DEFAULT_CONNECT_TIMEOUT,
    };
    Ok(DriverSettings {
        pool,
        compression: compression(ctx, d.compression.as_ref(), target)?,
        request_timeout: d
            .request_timeout
            .map_or(Some(Duration::from_secs(30)), |t| t.0),
        connect_timeout,
        retry: match d.retry {
            None | Some(RawRetry::Default) => RetryChoice::Default,
            Some(RawRetry::Fallthrough) => RetryChoice::Fallthrough,
            Some(RawRetry::Downgrading) => RetryChoice::Downgrading,
        },
        speculative_execution: d
            .speculative_execution
            .as_ref()
            .map(|s| {
                positive(ctx, "max_retries", &s.max_retries, 16).map(|n| SpeculativeExecution {
                    max_retries: n as usize,
                    delay: s.delay.0,
                })
            })
            .transpose()?,
        routing: Routing {
            token_aware: routing.and_then(|r| r.token_aware).unwrap_or(true),
            dc_aware,
            permit_dc_failover: routing.and_then(|r| r.permit_dc_failover).unwrap_or(false),
        },
        page_size: d
            .page_size
            .as_ref()
            .map(|p| positive(ctx, "page_size", p, i32::MAX as u64).map(|n| n as i32))
            .transpose()?,
    })
}

fn compression(
    ctx: &Ctx,
    raw: Option<&Spanned<RawCompression>>,
    target: &Target,
) -> Result<CompressionChoice, ProfileError> {
    Ok(match raw.map(|c| (c.value, c)) {
        None | Some((RawCompression::None, _)) => CompressionChoice::None,
        Some((RawCompression::Lz4, _)) => CompressionChoice::Lz4,
        Some((RawCompression::Snappy, at)) if matches!(target, Target::Embedded { .. }) => {
            return Err(ctx.error(
                &at.referenced,
                "the reference node does not speak snappy",
                "use `compression: lz4` or `none` with an embedded cluster",
            ))
        }
        Some((RawCompression::Snappy, _)) => CompressionChoice::Snappy,
    })
}
