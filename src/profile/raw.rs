//! The profile YAML exactly as written: serde structs whose fields keep their source
//! positions ([`Spanned`]), so that validation ([`super::validate`]) can point at the value
//! that is wrong. Unknown keys are errors (a typo must not silently fall back to a default).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::model_raw::RawModel;
use super::values::{DurationText, OptionalDuration, ScalarText};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub embedded: Option<Spanned<RawEmbedded>>,
    pub contact_points: Option<Spanned<Vec<Spanned<String>>>>,
    pub local_dc: Option<Spanned<String>>,
    pub auth: Option<Spanned<RawAuth>>,
    pub tls: Option<Spanned<RawTls>>,
    pub consistency: Option<Spanned<String>>,
    pub serial_consistency: Option<Spanned<String>>,
    pub driver: Option<RawDriver>,
    pub replication: Option<Spanned<BTreeMap<String, Spanned<ScalarText>>>>,
    /// The performance model of an embedded cluster (see [`super::model_raw`]).
    pub model: Option<Spanned<RawModel>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmbedded {
    pub nodes: Spanned<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAuth {
    pub username: Option<Spanned<String>>,
    pub username_env: Option<Spanned<String>>,
    pub password_env: Option<Spanned<String>>,
    /// Accepted by the parser only to refuse it with a helpful message.
    pub password: Option<Spanned<IgnoredAny>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTls {
    pub ca_file: Option<Spanned<PathBuf>>,
    pub cert_file: Option<Spanned<PathBuf>>,
    pub key_file: Option<Spanned<PathBuf>>,
    pub verify_hostname: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDriver {
    pub connections_per_host: Option<Spanned<u64>>,
    pub connections_per_shard: Option<Spanned<u64>>,
    pub compression: Option<Spanned<RawCompression>>,
    pub request_timeout: Option<OptionalDuration>,
    pub connect_timeout: Option<Spanned<DurationText>>,
    pub retry: Option<RawRetry>,
    pub speculative_execution: Option<RawSpeculative>,
    pub routing: Option<RawRouting>,
    pub page_size: Option<Spanned<u64>>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawCompression {
    None,
    Lz4,
    Snappy,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawRetry {
    Default,
    Fallthrough,
    Downgrading,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpeculative {
    pub max_retries: Spanned<u64>,
    pub delay: DurationText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRouting {
    pub token_aware: Option<bool>,
    pub dc_aware: Option<Spanned<bool>>,
    pub permit_dc_failover: Option<bool>,
}
