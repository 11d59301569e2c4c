//! Keyspace options (`replication`, `durable_writes`) checked like Cassandra 4.1's
//! `KeyspaceAttributes`, `ReplicationParams` and the strategies' `validateOptions`.
//!
//! The replication map is stored as `system_schema.keyspaces.replication` shows it: `class`
//! fully qualified, the other options as given, except that NetworkTopologyStrategy's
//! `replication_factor` shorthand is expanded to every datacenter of the cluster (4.0+).

use std::collections::BTreeMap;

use crate::node::cql::ast::Properties;
use crate::node::error::{CqlError, CqlResult};

use super::options::{check_names_against, map_value, parse_boolean, string_value};

pub const LOCATOR_PACKAGE: &str = "org.apache.cassandra.locator.";
pub const SIMPLE: &str = "org.apache.cassandra.locator.SimpleStrategy";
pub const NETWORK_TOPOLOGY: &str = "org.apache.cassandra.locator.NetworkTopologyStrategy";
pub const LOCAL: &str = "org.apache.cassandra.locator.LocalStrategy";
const EVERYWHERE: &str = "org.apache.cassandra.locator.EverywhereStrategy";

const REPLICATION: &str = "replication";
const DURABLE_WRITES: &str = "durable_writes";

/// What a CREATE / ALTER KEYSPACE asks for; `None` fields keep their previous value.
/// `replication` is the map as given (with a `class`): [`KeyspaceParams::resolve`] checks it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyspaceParams {
    pub replication: Option<BTreeMap<String, String>>,
    pub durable_writes: Option<bool>,
}

/// Parse the `WITH` properties of CREATE / ALTER KEYSPACE (`KeyspaceAttributes.validate`):
/// known names, a boolean `durable_writes`, a `replication` map naming a class.
pub fn keyspace_params(properties: &Properties) -> CqlResult<KeyspaceParams> {
    check_names_against(properties, &[REPLICATION, DURABLE_WRITES])?;
    let mut params = KeyspaceParams {
        replication: None,
        durable_writes: None,
    };
    for (name, value) in properties {
        if name == DURABLE_WRITES {
            params.durable_writes = Some(parse_boolean(name, string_value(name, value)?)?);
        } else {
            let given = map_value(name, value)?;
            if !given.is_empty() {
                if !given.iter().any(|(k, _)| k == "class") {
                    return Err(CqlError::Config(
                        "Missing replication strategy class".into(),
                    ));
                }
                params.replication = Some(given.iter().cloned().collect());
            }
        }
    }
    Ok(params)
}

impl KeyspaceParams {
    /// The replication map to store for `keyspace`, checked against the strategy's rules;
    /// `datacenters` are the cluster's datacenters (NetworkTopologyStrategy's valid options).
    pub fn resolve(
        &self,
        keyspace: &str,
        datacenters: &[String],
    ) -> CqlResult<Option<BTreeMap<String, String>>> {
        self.replication
            .as_ref()
            .map(|given| replication(keyspace, given.clone(), datacenters))
            .transpose()
    }
}

/// A replication map, checked and normalised.
fn replication(
    keyspace: &str,
    mut options: BTreeMap<String, String>,
    datacenters: &[String],
) -> CqlResult<BTreeMap<String, String>> {
    let class = options
        .remove("class")
        .ok_or_else(|| CqlError::Config("Missing replication strategy class".into()))?;
    let full = if class.contains('.') {
        class
    } else {
        format!("{LOCATOR_PACKAGE}{class}")
    };
    match full.as_str() {
        SIMPLE => simple(keyspace, &options)?,
        NETWORK_TOPOLOGY => network_topology(keyspace, &mut options, datacenters)?,
        LOCAL => {
            return Err(CqlError::invalid(
                "Unable to use given strategy class: LocalStrategy is reserved for internal use.",
            ))
        }
        EVERYWHERE => {}
        _ => {
            return Err(CqlError::Config(format!(
                "Unable to find replication strategy class '{full}'"
            )))
        }
    }
    options.insert("class".into(), full);
    Ok(options)
}

fn simple(keyspace: &str, options: &BTreeMap<String, String>) -> CqlResult<()> {
    if let Some(key) = options.keys().find(|k| k.as_str() != "replication_factor") {
        return Err(unrecognized(key, "SimpleStrategy", keyspace));
    }
    let rf = options.get("replication_factor").ok_or_else(|| {
        CqlError::Config("SimpleStrategy requires a replication_factor strategy option.".into())
    })?;
    validate_rf(rf)
}

fn network_topology(
    keyspace: &str,
    options: &mut BTreeMap<String, String>,
    datacenters: &[String],
) -> CqlResult<()> {
    if let Some(rf) = options.remove("replication_factor") {
        for dc in datacenters {
            options.entry(dc.clone()).or_insert_with(|| rf.clone());
        }
    }
    if let Some(key) = options.keys().find(|k| !datacenters.contains(k)) {
        return Err(unrecognized(key, "NetworkTopologyStrategy", keyspace));
    }
    options.values().try_for_each(|rf| validate_rf(rf))
}

/// `ReplicationFactor.fromString`: a non-negative integer (transient `n/m` is not enabled).
fn validate_rf(rf: &str) -> CqlResult<()> {
    if rf.contains('/') {
        return Err(CqlError::Config(
            "Transient replication is disabled. Enable in cassandra.yaml to use.".into(),
        ));
    }
    match rf.parse::<i32>() {
        Ok(n) if n >= 0 => Ok(()),
        Ok(n) => Err(CqlError::Config(format!(
            "Replication factor must be non-negative, found {n}"
        ))),
        Err(_) => Err(CqlError::Config(format!("For input string: \"{rf}\""))),
    }
}

fn unrecognized(key: &str, strategy: &str, keyspace: &str) -> CqlError {
    CqlError::Config(format!(
        "Unrecognized strategy option {{{key}}} passed to {strategy} for keyspace {keyspace}"
    ))
}

/// The class name as DESCRIBE prints it: short for Cassandra's own strategies.
pub fn display_class(class: &str) -> &str {
    class.strip_prefix(LOCATOR_PACKAGE).unwrap_or(class)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::cql::ast::PropertyValue;

    fn replication_props(entries: &[(&str, &str)]) -> Properties {
        vec![(
            REPLICATION.to_string(),
            PropertyValue::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
        )]
    }

    fn dcs() -> Vec<String> {
        vec!["datacenter1".to_string()]
    }

    fn parse(entries: &[(&str, &str)]) -> CqlResult<BTreeMap<String, String>> {
        let params = keyspace_params(&replication_props(entries))?;
        params.resolve("ks", &dcs()).map(Option::unwrap_or_default)
    }

    #[test]
    fn simple_strategy_short_or_qualified() {
        for class in ["SimpleStrategy", SIMPLE] {
            let r = parse(&[("class", class), ("replication_factor", "3")]).unwrap();
            assert_eq!(r["class"], SIMPLE);
            assert_eq!(r["replication_factor"], "3");
        }
    }

    #[test]
    fn network_topology_expands_replication_factor() {
        let r = parse(&[
            ("class", "NetworkTopologyStrategy"),
            ("replication_factor", "2"),
        ])
        .unwrap();
        assert_eq!(r.get("datacenter1").map(String::as_str), Some("2"));
        assert!(!r.contains_key("replication_factor"));
        let p = parse(&[("class", "NetworkTopologyStrategy"), ("datacenter1", "1")]);
        assert_eq!(p.unwrap()["datacenter1"], "1");
    }

    #[test]
    fn errors_match_cassandra() {
        type Case<'a> = (Vec<(&'a str, &'a str)>, i32, &'a str);
        let cases: Vec<Case> = vec![
            (vec![("class", "SimpleStrategy")], 0x2300, "SimpleStrategy requires a replication_factor strategy option."),
            (vec![("replication_factor", "1")], 0x2300, "Missing replication strategy class"),
            (vec![("class", "FooStrategy"), ("replication_factor", "1")], 0x2300, "Unable to find replication strategy class 'org.apache.cassandra.locator.FooStrategy'"),
            (vec![("class", "SimpleStrategy"), ("replication_factor", "x")], 0x2300, "For input string: \"x\""),
            (vec![("class", "SimpleStrategy"), ("replication_factor", "-1")], 0x2300, "Replication factor must be non-negative, found -1"),
            (vec![("class", "SimpleStrategy"), ("replication_factor", "1"), ("dc1", "1")], 0x2300, "Unrecognized strategy option {dc1} passed to SimpleStrategy for keyspace ks"),
            (vec![("class", "NetworkTopologyStrategy"), ("dc9", "1")], 0x2300, "Unrecognized strategy option {dc9} passed to NetworkTopologyStrategy for keyspace ks"),
            (vec![("class", "LocalStrategy")], 0x2200, "Unable to use given strategy class: LocalStrategy is reserved for internal use."),
        ];
        for (entries, code, msg) in cases {
            let err = parse(&entries).unwrap_err();
            assert_eq!(
                (err.code(), err.to_string()),
                (code, msg.to_string()),
                "{entries:?}"
            );
        }
    }

    #[test]
    fn durable_writes_and_unknown_properties() {
        let props = vec![(
            DURABLE_WRITES.to_string(),
            PropertyValue::Constant("false".into()),
        )];
        let p = keyspace_params(&props).unwrap();
        assert_eq!(p.durable_writes, Some(false));
        assert_eq!(p.replication, None);
        let props = vec![("foo".to_string(), PropertyValue::Constant("1".into()))];
        let err = keyspace_params(&props).unwrap_err();
        assert_eq!(
            (err.code(), err.to_string()),
            (0x2000, "Unknown property 'foo'".into())
        );
    }
}
