//! Schema set-up before a run: the workload's keyspace (with the plan's replication, which
//! the profile may have overridden) and its schema statements, all idempotent, then a wait
//! for schema agreement so that no node sees a prepared statement before its table.

use std::collections::BTreeMap;

use anyhow::Context as _;
use scylla::client::session::Session;

use crate::plan::{KeyspacePlan, WorkloadPlan};

/// Create the keyspace and tables of `workload` if they do not exist, make the keyspace the
/// session's, and wait until every node agrees on the schema.
pub async fn create_schema(session: &Session, workload: &WorkloadPlan) -> anyhow::Result<()> {
    let keyspace = create_keyspace_cql(&workload.keyspace);
    session
        .query_unpaged(keyspace.as_str(), &())
        .await
        .with_context(|| {
            format!(
                "workload '{}': cannot create keyspace '{}' ({keyspace}); check the \
             replication in the workload or the profile",
                workload.name, workload.keyspace.name
            )
        })?;
    session
        .use_keyspace(&workload.keyspace.name, true)
        .await
        .with_context(|| {
            format!(
                "workload '{}': cannot switch to keyspace '{}'",
                workload.name, workload.keyspace.name
            )
        })?;
    for (i, statement) in workload.schema.iter().enumerate() {
        session
            .query_unpaged(statement.as_str(), &())
            .await
            .with_context(|| {
                format!(
                    "workload '{}', schema statement {} ({statement}) failed; write it \
                     with IF NOT EXISTS so a second run can reuse the schema",
                    workload.name,
                    i + 1
                )
            })?;
    }
    session.await_schema_agreement().await.with_context(|| {
        format!(
            "the nodes did not agree on the schema of workload '{}'",
            workload.name
        )
    })?;
    Ok(())
}

/// `CREATE KEYSPACE IF NOT EXISTS ... WITH replication = {...} AND durable_writes = ...`.
pub fn create_keyspace_cql(keyspace: &KeyspacePlan) -> String {
    format!(
        "CREATE KEYSPACE IF NOT EXISTS {} WITH replication = {} AND durable_writes = {}",
        quote_identifier(&keyspace.name),
        replication_map(&keyspace.replication),
        keyspace.durable_writes
    )
}

/// A CQL map literal of strings: `{'class': 'SimpleStrategy', 'replication_factor': '1'}`.
fn replication_map(replication: &BTreeMap<String, String>) -> String {
    let entries: Vec<String> = replication
        .iter()
        .map(|(k, v)| format!("{}: {}", quote_string(k), quote_string(v)))
        .collect();
    format!("{{{}}}", entries.join(", "))
}

fn quote_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A keyspace name as written when it is a plain lower-case identifier, quoted otherwise.
fn quote_identifier(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyspace_statement_quotes_what_needs_quoting() {
        let ks = KeyspacePlan {
            name: "bench".into(),
            replication: [
                ("class".to_string(), "NetworkTopologyStrategy".to_string()),
                ("dc'1".to_string(), "3".to_string()),
            ]
            .into_iter()
            .collect(),
            durable_writes: false,
        };
        assert_eq!(
            create_keyspace_cql(&ks),
            "CREATE KEYSPACE IF NOT EXISTS bench WITH replication = \
             {'class': 'NetworkTopologyStrategy', 'dc''1': '3'} AND durable_writes = false"
        );
        assert_eq!(quote_identifier("Bench"), "\"Bench\"");
        assert_eq!(quote_identifier("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_identifier("k_v2"), "k_v2");
    }
}
