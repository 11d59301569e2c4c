//! Table options (`CREATE TABLE ... WITH name = value AND ...`): the options Cassandra 4.1
//! knows, their defaults, and how a user's `WITH` clause is checked and normalised.
//!
//! A table keeps every option with its effective value in [`crate::node::schema::Table`]'s
//! `options`, already in the form `system_schema.tables` and `DESCRIBE` show (doubles printed
//! like Java, maps with fully qualified class names, retry policies as `99p`), so readers never
//! re-parse user input. Errors follow Cassandra: an unknown or repeated property and a value of
//! the wrong shape are syntax errors (0x2000); values out of range are configuration errors
//! (0x2300) with `TableParams.validate`'s messages.

mod params;
mod retry;

use std::collections::BTreeMap;

use uuid::Uuid;

use crate::node::cql::ast::{Properties, PropertyValue};
use crate::node::error::{CqlError, CqlResult};

use super::cql_text::java_double;

pub const ADDITIONAL_WRITE_POLICY: &str = "additional_write_policy";
pub const BLOOM_FILTER_FP_CHANCE: &str = "bloom_filter_fp_chance";
pub const CACHING: &str = "caching";
pub const CDC: &str = "cdc";
pub const COMMENT: &str = "comment";
pub const COMPACTION: &str = "compaction";
pub const COMPRESSION: &str = "compression";
pub const MEMTABLE: &str = "memtable";
pub const CRC_CHECK_CHANCE: &str = "crc_check_chance";
pub const DEFAULT_TIME_TO_LIVE: &str = "default_time_to_live";
pub const EXTENSIONS: &str = "extensions";
pub const GC_GRACE_SECONDS: &str = "gc_grace_seconds";
pub const MAX_INDEX_INTERVAL: &str = "max_index_interval";
pub const MEMTABLE_FLUSH_PERIOD_IN_MS: &str = "memtable_flush_period_in_ms";
pub const MIN_INDEX_INTERVAL: &str = "min_index_interval";
pub const READ_REPAIR: &str = "read_repair";
pub const SPECULATIVE_RETRY: &str = "speculative_retry";

/// The `WITH id = ...` property (not an option: it becomes the table id).
const ID: &str = "id";
/// Options removed in 4.0 that Cassandra still accepts and ignores.
const OBSOLETE: &[&str] = &["read_repair_chance", "dclocal_read_repair_chance"];
/// `Attributes.MAX_TTL`: 20 years in seconds.
pub const MAX_TTL: i64 = 20 * 365 * 24 * 60 * 60;
/// `BloomCalculations.minSupportedBloomFilterFpChance()`.
const MIN_BLOOM_FP_CHANCE: f64 = 6.71e-5;

/// The CQL type an option has in `system_schema.tables`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    Text,
    Double,
    Int,
    Boolean,
    /// `frozen<map<text, text>>`
    Map,
    /// `frozen<map<text, blob>>` (`extensions`)
    BlobMap,
}

/// Every table option of Cassandra 4.1, in the order `DESCRIBE` prints them.
pub const TABLE_OPTIONS: &[(&str, OptionKind)] = &[
    (ADDITIONAL_WRITE_POLICY, OptionKind::Text),
    (BLOOM_FILTER_FP_CHANCE, OptionKind::Double),
    (CACHING, OptionKind::Map),
    (CDC, OptionKind::Boolean),
    (COMMENT, OptionKind::Text),
    (COMPACTION, OptionKind::Map),
    (COMPRESSION, OptionKind::Map),
    (MEMTABLE, OptionKind::Text),
    (CRC_CHECK_CHANCE, OptionKind::Double),
    (DEFAULT_TIME_TO_LIVE, OptionKind::Int),
    (EXTENSIONS, OptionKind::BlobMap),
    (GC_GRACE_SECONDS, OptionKind::Int),
    (MAX_INDEX_INTERVAL, OptionKind::Int),
    (MEMTABLE_FLUSH_PERIOD_IN_MS, OptionKind::Int),
    (MIN_INDEX_INTERVAL, OptionKind::Int),
    (READ_REPAIR, OptionKind::Text),
    (SPECULATIVE_RETRY, OptionKind::Text),
];

/// The kind of a table option, `None` for names that are not options.
pub fn kind_of(name: &str) -> Option<OptionKind> {
    TABLE_OPTIONS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, k)| *k)
}

/// The options of a table created without `WITH`.
pub fn defaults() -> BTreeMap<String, PropertyValue> {
    let constant = |v: &str| PropertyValue::Constant(v.to_string());
    let mut map = BTreeMap::new();
    map.insert(ADDITIONAL_WRITE_POLICY.into(), constant("99p"));
    map.insert(BLOOM_FILTER_FP_CHANCE.into(), constant("0.01"));
    map.insert(CACHING.into(), params::caching_default());
    map.insert(CDC.into(), constant("false"));
    map.insert(COMMENT.into(), constant(""));
    map.insert(COMPACTION.into(), params::compaction_default());
    map.insert(COMPRESSION.into(), params::compression_default());
    map.insert(MEMTABLE.into(), constant("default"));
    map.insert(CRC_CHECK_CHANCE.into(), constant("1.0"));
    map.insert(DEFAULT_TIME_TO_LIVE.into(), constant("0"));
    map.insert(EXTENSIONS.into(), PropertyValue::Map(Vec::new()));
    map.insert(GC_GRACE_SECONDS.into(), constant("864000"));
    map.insert(MAX_INDEX_INTERVAL.into(), constant("2048"));
    map.insert(MEMTABLE_FLUSH_PERIOD_IN_MS.into(), constant("0"));
    map.insert(MIN_INDEX_INTERVAL.into(), constant("128"));
    map.insert(READ_REPAIR.into(), constant("BLOCKING"));
    map.insert(SPECULATIVE_RETRY.into(), constant("99p"));
    map
}

/// The options of a system table: defaults with its own comment, gc grace and flush period.
pub fn system_table(comment: &str, gc_grace_seconds: i32) -> BTreeMap<String, PropertyValue> {
    let mut map = defaults();
    map.insert(COMMENT.into(), PropertyValue::Constant(comment.to_string()));
    map.insert(
        GC_GRACE_SECONDS.into(),
        PropertyValue::Constant(gc_grace_seconds.to_string()),
    );
    map.insert(
        MEMTABLE_FLUSH_PERIOD_IN_MS.into(),
        PropertyValue::Constant("3600000".into()),
    );
    map
}

/// Options and the optional table id given by a `CREATE TABLE ... WITH` clause, checked and
/// normalised like Cassandra 4.1's `TableAttributes`.
pub fn from_properties(
    properties: &Properties,
) -> CqlResult<(BTreeMap<String, PropertyValue>, Option<Uuid>)> {
    check_names(properties)?;
    let mut options = defaults();
    let mut id = None;
    for (name, value) in properties {
        if name == ID {
            id = Some(parse_id(value)?);
            continue;
        }
        let Some(kind) = kind_of(name) else { continue }; // obsolete: ignored
        let normalised = normalise(name, kind, value)?;
        options.insert(name.clone(), normalised);
    }
    let bloom_given = properties.iter().any(|(n, _)| n == BLOOM_FILTER_FP_CHANCE);
    if !bloom_given && params::is_leveled(&options) {
        options.insert(
            BLOOM_FILTER_FP_CHANCE.into(),
            PropertyValue::Constant("0.1".into()),
        );
    }
    validate(&options)?;
    Ok((options, id))
}

/// Reject repeated and unknown property names (`PropertyDefinitions`).
pub(crate) fn check_names_against(properties: &Properties, known: &[&str]) -> CqlResult<()> {
    for (i, (name, _)) in properties.iter().enumerate() {
        if properties[..i].iter().any(|(n, _)| n == name) {
            return Err(CqlError::syntax(format!(
                "Multiple definition for property '{name}'"
            )));
        }
    }
    match properties
        .iter()
        .find(|(n, _)| !known.contains(&n.as_str()))
    {
        Some((name, _)) => Err(CqlError::syntax(format!("Unknown property '{name}'"))),
        None => Ok(()),
    }
}

fn check_names(properties: &Properties) -> CqlResult<()> {
    let mut known: Vec<&str> = TABLE_OPTIONS.iter().map(|(n, _)| *n).collect();
    known.push(ID);
    known.extend_from_slice(OBSOLETE);
    check_names_against(properties, &known)
}

fn normalise(name: &str, kind: OptionKind, value: &PropertyValue) -> CqlResult<PropertyValue> {
    let constant = PropertyValue::Constant;
    Ok(match kind {
        OptionKind::Map | OptionKind::BlobMap => {
            let entries = map_value(name, value)?;
            match name {
                CACHING => params::caching(entries)?,
                COMPACTION => params::compaction(entries)?,
                COMPRESSION => params::compression(entries)?,
                _ => PropertyValue::Map(entries.to_vec()),
            }
        }
        OptionKind::Double => {
            constant(java_double(parse_double(name, string_value(name, value)?)?))
        }
        OptionKind::Int => constant(parse_int(name, string_value(name, value)?)?.to_string()),
        OptionKind::Boolean => {
            constant(parse_boolean(name, string_value(name, value)?)?.to_string())
        }
        OptionKind::Text => {
            let text = string_value(name, value)?;
            match name {
                SPECULATIVE_RETRY | ADDITIONAL_WRITE_POLICY => constant(retry::normalise(text)?),
                READ_REPAIR => constant(read_repair(text)?),
                _ => constant(text.to_string()),
            }
        }
    })
}

/// The numeric value of an option (0 when absent or not a number).
pub fn number(options: &BTreeMap<String, PropertyValue>, name: &str) -> f64 {
    match options.get(name) {
        Some(PropertyValue::Constant(v)) => v.parse().unwrap_or(0.0),
        _ => 0.0,
    }
}

/// `TableParams.validate`: ranges of the numeric options.
fn validate(options: &BTreeMap<String, PropertyValue>) -> CqlResult<()> {
    let fail = |msg: String| Err(CqlError::Config(msg));
    let bloom = number(options, BLOOM_FILTER_FP_CHANCE);
    if bloom <= MIN_BLOOM_FP_CHANCE || bloom > 1.0 {
        return fail(format!(
            "{BLOOM_FILTER_FP_CHANCE} must be larger than {} and less than or equal to 1.0 (got {})",
            java_double(MIN_BLOOM_FP_CHANCE),
            java_double(bloom)
        ));
    }
    let crc = number(options, CRC_CHECK_CHANCE);
    if !(0.0..=1.0).contains(&crc) {
        return fail(format!("{CRC_CHECK_CHANCE} must be larger than or equal to 0 and smaller than or equal to 1.0 (got {})", java_double(crc)));
    }
    let ttl = number(options, DEFAULT_TIME_TO_LIVE) as i64;
    if ttl < 0 {
        return fail(format!(
            "{DEFAULT_TIME_TO_LIVE} must be greater than or equal to 0 (got {ttl})"
        ));
    }
    if ttl > MAX_TTL {
        return fail(format!(
            "{DEFAULT_TIME_TO_LIVE} must be less than or equal to {MAX_TTL} (got {ttl})"
        ));
    }
    let gc = number(options, GC_GRACE_SECONDS) as i64;
    if gc < 0 {
        return fail(format!(
            "{GC_GRACE_SECONDS} must be greater than or equal to 0 (got {gc})"
        ));
    }
    let min = number(options, MIN_INDEX_INTERVAL) as i64;
    let max = number(options, MAX_INDEX_INTERVAL) as i64;
    if min < 1 {
        return fail(format!(
            "{MIN_INDEX_INTERVAL} must be greater than or equal to 1 (got {min})"
        ));
    }
    if max < min {
        return fail(format!("{MAX_INDEX_INTERVAL} must be greater than or equal to {MIN_INDEX_INTERVAL} ({min}) (got {max})"));
    }
    let flush = number(options, MEMTABLE_FLUSH_PERIOD_IN_MS) as i64;
    if flush < 0 {
        return fail(format!(
            "{MEMTABLE_FLUSH_PERIOD_IN_MS} must be greater than or equal to 0 (got {flush})"
        ));
    }
    Ok(())
}

fn parse_id(value: &PropertyValue) -> CqlResult<Uuid> {
    let text = string_value(ID, value)?;
    Uuid::parse_str(text).map_err(|_| CqlError::Config("Invalid table id".into()))
}

fn read_repair(text: &str) -> CqlResult<String> {
    let upper = text.to_ascii_uppercase();
    match upper.as_str() {
        "BLOCKING" | "NONE" => Ok(upper),
        _ => Err(CqlError::Config(format!(
            "Invalid value {text} for option '{READ_REPAIR}'"
        ))),
    }
}

/// The text of a constant property (`getString`), a syntax error for a map.
pub(crate) fn string_value<'a>(name: &str, value: &'a PropertyValue) -> CqlResult<&'a str> {
    match value {
        PropertyValue::Constant(v) => Ok(v),
        PropertyValue::Map(_) => Err(CqlError::syntax(format!(
            "Invalid value for property '{name}'. It should be a string"
        ))),
    }
}

/// The entries of a map property (`getMap`), a syntax error for a constant.
pub(crate) fn map_value<'a>(
    name: &str,
    value: &'a PropertyValue,
) -> CqlResult<&'a [(String, String)]> {
    match value {
        PropertyValue::Map(entries) => Ok(entries),
        PropertyValue::Constant(_) => Err(CqlError::syntax(format!(
            "Invalid value for property '{name}'. It should be a map."
        ))),
    }
}

fn parse_int(name: &str, text: &str) -> CqlResult<i32> {
    text.parse::<i32>()
        .map_err(|_| CqlError::syntax(format!("Invalid integer value {text} for '{name}'")))
}

fn parse_double(name: &str, text: &str) -> CqlResult<f64> {
    text.trim()
        .parse::<f64>()
        .map_err(|_| CqlError::syntax(format!("Invalid double value {text} for '{name}'")))
}

/// `PropertyDefinitions.parseBoolean`: 1/true/yes and 0/false/no, any case.
pub(crate) fn parse_boolean(name: &str, text: &str) -> CqlResult<bool> {
    match text.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        _ => Err(CqlError::syntax(format!(
            "Invalid boolean value {text} for '{name}'. Positive values can be '1', 'true' or 'yes'. Negative values can be '0', 'false' or 'no'."
        ))),
    }
}

#[cfg(test)]
mod tests;
