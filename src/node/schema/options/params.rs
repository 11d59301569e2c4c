//! The map-valued table options: `caching`, `compaction` and `compression`, checked like
//! Cassandra 4.1's `CachingParams`, `CompactionParams` and `CompressionParams` and stored as
//! their `asMap()` (class names fully qualified, defaults such as the compaction thresholds
//! filled in), which is what `system_schema.tables` and `DESCRIBE` show.

use std::collections::BTreeMap;

use crate::node::cql::ast::PropertyValue;
use crate::node::error::{CqlError, CqlResult};

const COMPACTION_PACKAGE: &str = "org.apache.cassandra.db.compaction.";
const COMPRESSION_PACKAGE: &str = "org.apache.cassandra.io.compress.";
const STCS: &str = "SizeTieredCompactionStrategy";
const LCS: &str = "LeveledCompactionStrategy";
const TWCS: &str = "TimeWindowCompactionStrategy";

/// Options every compaction strategy accepts (`AbstractCompactionStrategy.validateOptions`).
const COMMON_COMPACTION_OPTIONS: &[&str] = &[
    "enabled",
    "min_threshold",
    "max_threshold",
    "provide_overlapping_tombstones",
    "tombstone_threshold",
    "tombstone_compaction_interval",
    "unchecked_tombstone_compaction",
    "log_all",
    "only_purge_repaired_tombstones",
];
const STCS_OPTIONS: &[&str] = &["min_sstable_size", "bucket_low", "bucket_high"];
const LCS_OPTIONS: &[&str] = &[
    "sstable_size_in_mb",
    "fanout_size",
    "single_sstable_uplevel",
];
const TWCS_OPTIONS: &[&str] = &[
    "compaction_window_unit",
    "compaction_window_size",
    "timestamp_resolution",
    "expired_sstable_check_frequency_seconds",
    "unsafe_aggressive_sstable_expiration",
    "min_sstable_size",
    "bucket_low",
    "bucket_high",
];

/// Compressors and the options each one understands.
const COMPRESSORS: &[(&str, &[&str])] = &[
    (
        "LZ4Compressor",
        &["lz4_compressor_type", "lz4_high_compressor_level"],
    ),
    ("SnappyCompressor", &[]),
    ("DeflateCompressor", &[]),
    ("ZstdCompressor", &["compression_level"]),
    ("NoopCompressor", &[]),
];

fn map(entries: &[(&str, &str)]) -> PropertyValue {
    PropertyValue::Map(
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

fn config(msg: String) -> CqlError {
    CqlError::Config(msg)
}

pub fn caching_default() -> PropertyValue {
    map(&[("keys", "ALL"), ("rows_per_partition", "NONE")])
}

pub fn compaction_default() -> PropertyValue {
    map(&[
        (
            "class",
            "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy",
        ),
        ("max_threshold", "32"),
        ("min_threshold", "4"),
    ])
}

pub fn compression_default() -> PropertyValue {
    map(&[
        ("chunk_length_in_kb", "16"),
        ("class", "org.apache.cassandra.io.compress.LZ4Compressor"),
    ])
}

/// True when the table's compaction is LCS (its default bloom filter chance is 0.1).
pub fn is_leveled(options: &BTreeMap<String, PropertyValue>) -> bool {
    matches!(options.get(super::COMPACTION), Some(PropertyValue::Map(m))
        if m.iter().any(|(k, v)| k == "class" && v.ends_with(LCS)))
}

/// `CachingParams.fromMap`: `keys` ALL|NONE, `rows_per_partition` ALL|NONE|n.
pub fn caching(entries: &[(String, String)]) -> CqlResult<PropertyValue> {
    let mut keys = "NONE".to_string();
    let mut rows = "NONE".to_string();
    let mut unknown = Vec::new();
    for (k, v) in entries {
        match k.as_str() {
            "keys" if v.eq_ignore_ascii_case("ALL") || v.eq_ignore_ascii_case("NONE") => {
                keys = v.to_ascii_uppercase()
            }
            "keys" => return Err(config(format!("Invalid value '{v}' for caching sub-option 'keys': only 'ALL' and 'NONE' are allowed"))),
            "rows_per_partition" if v.eq_ignore_ascii_case("ALL") || v.eq_ignore_ascii_case("NONE") => {
                rows = v.to_ascii_uppercase()
            }
            "rows_per_partition" => {
                rows = match v.parse::<i32>() {
                    Ok(0) => "NONE".into(),
                    Ok(i32::MAX) => "ALL".into(),
                    Ok(n) if v.bytes().all(|b| b.is_ascii_digit()) => n.to_string(),
                    _ => return Err(config(format!("Invalid value '{v}' for caching sub-option 'rows_per_partition': only 'ALL', 'NONE', and integer values are allowed"))),
                }
            }
            _ => unknown.push(k.as_str()),
        }
    }
    if !unknown.is_empty() {
        return Err(config(format!(
            "Invalid caching sub-options [{}]: only 'keys' and 'rows_per_partition' are allowed",
            unknown.join(", ")
        )));
    }
    Ok(map(&[("keys", &keys), ("rows_per_partition", &rows)]))
}

/// `CompactionParams.fromMap` + `validate`: a known strategy, options it understands, sane
/// thresholds; stored with the class fully qualified and the thresholds filled in.
pub fn compaction(entries: &[(String, String)]) -> CqlResult<PropertyValue> {
    let mut options: BTreeMap<String, String> = entries.iter().cloned().collect();
    let class = options
        .remove("class")
        .ok_or_else(|| config("Missing sub-option 'class' for the 'compaction' option".into()))?;
    let full = if class.contains('.') {
        class.clone()
    } else {
        format!("{COMPACTION_PACKAGE}{class}")
    };
    let simple = full.strip_prefix(COMPACTION_PACKAGE).unwrap_or("");
    let specific: &[&str] = match simple {
        STCS => STCS_OPTIONS,
        LCS => LCS_OPTIONS,
        TWCS => TWCS_OPTIONS,
        _ => {
            return Err(config(format!(
                "Unable to find compaction strategy class '{full}'"
            )))
        }
    };
    if let Some(t) = options.get("provide_overlapping_tombstones") {
        if !["NONE", "ROW", "CELL"].contains(&t.to_ascii_uppercase().as_str()) {
            return Err(config(format!("Invalid value {} for 'provide_overlapping_tombstones' compaction sub-option - must be one of the following [NONE, ROW, CELL].", t.to_ascii_uppercase())));
        }
    }
    let unknown: Vec<&str> = options
        .keys()
        .map(String::as_str)
        .filter(|k| !COMMON_COMPACTION_OPTIONS.contains(k) && !specific.contains(k))
        .collect();
    if !unknown.is_empty() {
        return Err(config(format!(
            "Properties specified [{}] are not understood by {simple}",
            unknown.join(", ")
        )));
    }
    let min = threshold(&options, "min_threshold", 4)?;
    let max = threshold(&options, "max_threshold", 32)?;
    if min <= 0 || max <= 0 {
        return Err(config("Disabling compaction by setting compaction thresholds to 0 has been removed, set the compaction option 'enabled' to false instead.".into()));
    }
    if min <= 1 {
        return Err(config(format!(
            "Min compaction threshold cannot be less than 2 (got {min})"
        )));
    }
    if min > max {
        return Err(config(format!("Min compaction threshold (got {min}) cannot be greater than max compaction threshold (got {max})")));
    }
    options
        .entry("min_threshold".into())
        .or_insert_with(|| "4".into());
    options
        .entry("max_threshold".into())
        .or_insert_with(|| "32".into());
    options.insert("class".into(), full);
    Ok(PropertyValue::Map(options.into_iter().collect()))
}

fn threshold(options: &BTreeMap<String, String>, name: &str, default: i64) -> CqlResult<i64> {
    match options.get(name) {
        None => Ok(default),
        Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(v.parse::<i64>().unwrap_or(i64::MAX))
        }
        Some(v) => Err(config(format!(
            "Invalid value {v} for '{name}' compaction sub-option - must be an integer"
        ))),
    }
}

/// `CompressionParams.fromMap` + `validate`: `{}` or `enabled: false` disable compression;
/// otherwise a known compressor class, a power-of-two `chunk_length_in_kb` and only the
/// options that compressor understands.
pub fn compression(entries: &[(String, String)]) -> CqlResult<PropertyValue> {
    let mut options: BTreeMap<String, String> = entries.iter().cloned().collect();
    let enabled = match options.remove("enabled") {
        Some(v) => v.eq_ignore_ascii_case("true"),
        None => true,
    };
    let class = options
        .remove("class")
        .or_else(|| options.remove("sstable_compression"));
    if !entries.is_empty() && enabled && class.is_none() {
        return Err(config(
            "Missing sub-option 'class' for the 'compression' option.".into(),
        ));
    }
    let Some(class) = class.filter(|c| enabled && !c.is_empty()) else {
        if !options.is_empty() {
            return Err(config(
                "If the 'enabled' option is set to false no other options must be specified".into(),
            ));
        }
        return Ok(map(&[("enabled", "false")]));
    };
    let full = if class.contains('.') {
        class.clone()
    } else {
        format!("{COMPRESSION_PACKAGE}{class}")
    };
    let supported = full
        .strip_prefix(COMPRESSION_PACKAGE)
        .and_then(|simple| COMPRESSORS.iter().find(|(n, _)| *n == simple))
        .map(|(_, opts)| *opts)
        .ok_or_else(|| config(format!("Could not create Compression for type {full}")))?;
    let chunk_kb = match options.remove("chunk_length_in_kb") {
        None => 16,
        Some(v) => v
            .parse::<i64>()
            .map_err(|_| config("Invalid value for chunk_length_in_kb".into()))?,
    };
    if chunk_kb <= 0 {
        return Err(config("Invalid negative or null chunk_length_in_kb".into()));
    }
    if chunk_kb & (chunk_kb - 1) != 0 {
        return Err(config("chunk_length_in_kb must be a power of 2".into()));
    }
    if let Some(ratio) = options.remove("min_compress_ratio") {
        let value: f64 = ratio
            .parse()
            .map_err(|_| config(format!("Invalid value for min_compress_ratio: {ratio}")))?;
        if value != 0.0 {
            options.insert("min_compress_ratio".into(), super::java_double(value));
        }
    }
    if let Some(unknown) = options
        .keys()
        .find(|k| !supported.contains(&k.as_str()) && k.as_str() != "min_compress_ratio")
    {
        return Err(config(format!("Unknown compression options {unknown}")));
    }
    options.insert("chunk_length_in_kb".into(), chunk_kb.to_string());
    options.insert("class".into(), full);
    Ok(PropertyValue::Map(options.into_iter().collect()))
}
