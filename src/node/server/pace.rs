//! Asking the performance model about one request: what kind of work it was, which replicas
//! hold its partition, and when (and with what) the coordinator answers.
//!
//! The executor has already run the request (it is in memory); the model only decides when
//! its response leaves, or which error replaces it ([`crate::node::model`]). Without a model
//! every answer leaves at once, and this module costs nothing (no [`Pacer`] exists).

use std::sync::Arc;
use std::time::Instant;

use cassandra_protocol::consistency::Consistency;

use crate::node::cluster::ClusterState;
use crate::node::error::{CqlError, CqlResult};
use crate::node::exec::node::Touched;
use crate::node::exec::{Outcome, RequestClass};
use crate::node::model::{Decision, InjectedError, Model, Ring, Work};
use crate::node::system::is_system_keyspace;

/// Cassandra's message when a node sheds a request.
pub const OVERLOADED: &str =
    "Server is in overloaded state. Cannot accept more requests at this point";

/// When the answer to a request leaves the node.
#[derive(Debug, Clone, PartialEq)]
pub enum Pace {
    /// With the current batch of answers.
    Now,
    /// The executor's answer, at this instant (at once if it has passed).
    At(Instant),
    /// This error instead of the executor's answer, at this instant (or at once).
    Fail(Instant, CqlError),
}

/// The kind of work a request turned out to be, from its outcome and the partition it
/// touched. Reads of the system keyspaces (drivers' metadata queries) and DESCRIBE (rows
/// without a table read) are `Other`, so they are never delayed nor counted in the truth.
pub fn classify(
    is_batch: bool,
    result: &CqlResult<Outcome>,
    touched: Option<&Touched>,
) -> RequestClass {
    let user_table = touched.is_some_and(|t| !is_system_keyspace(&t.table.keyspace));
    match result {
        _ if is_batch => RequestClass::Batch,
        Ok(Outcome::Rows(rows)) if rows.columns.first().is_some_and(|c| c.name == "[applied]") => {
            RequestClass::Lwt
        }
        Ok(Outcome::Rows(_)) if user_table => RequestClass::Read,
        Ok(Outcome::Rows(_)) => RequestClass::Other,
        Ok(Outcome::Void) => RequestClass::Write,
        Ok(Outcome::SchemaChange(_)) => RequestClass::Schema,
        _ => RequestClass::Other,
    }
}

/// One connection's link to the cluster's model: the ring (to find replicas without
/// allocating) and a reusable [`Work`].
pub struct Pacer {
    model: Arc<Model>,
    ring: Ring,
    work: Work,
}

impl Pacer {
    /// A pacer for requests `coordinator` receives; `None` when the cluster has no model.
    pub fn new(cluster: &ClusterState, coordinator: usize) -> Option<Pacer> {
        let model = cluster.model.clone()?;
        Some(Pacer {
            model,
            ring: Ring::new(&cluster.nodes),
            work: Work {
                coordinator,
                class: RequestClass::Other,
                consistency: Consistency::One,
                replicas: Vec::new(),
            },
        })
    }

    /// Ask the model about a request received at `arrival` (it records the request in the
    /// ground truth).
    pub fn decide(
        &mut self,
        cluster: &ClusterState,
        class: RequestClass,
        consistency: Consistency,
        touched: Option<&Touched>,
        arrival: Instant,
    ) -> Pace {
        if class == RequestClass::Other {
            return Pace::Now;
        }
        self.work.class = class;
        self.work.consistency = consistency;
        self.work.replicas.clear();
        if let Some(Touched {
            table,
            token: Some(token),
        }) = touched
        {
            let rf = replication_factor(cluster, &table.keyspace);
            self.ring.replicas_into(*token, rf, &mut self.work.replicas);
        }
        let offset = arrival.saturating_duration_since(cluster.epoch);
        match self.model.admit(&self.work, offset) {
            Decision::Respond { at } => Pace::At(cluster.epoch + at),
            Decision::Fail { at, error } => Pace::Fail(cluster.epoch + at, cql_error(error)),
        }
    }
}

/// The replication factor of `keyspace` in this one-datacenter cluster: SimpleStrategy's
/// `replication_factor`, NetworkTopologyStrategy's `datacenter1`, capped at the node count;
/// 0 when unknown (local and virtual keyspaces).
fn replication_factor(cluster: &ClusterState, keyspace: &str) -> usize {
    let Ok(schema) = cluster.schema.read() else {
        return 0;
    };
    let Some(replication) = schema.keyspaces.get(keyspace).map(|k| &k.replication) else {
        return 0;
    };
    let key = match replication.get("class").map(String::as_str) {
        Some(class) if class.ends_with("SimpleStrategy") => "replication_factor",
        Some(class) if class.ends_with("NetworkTopologyStrategy") => "datacenter1",
        _ => return 0,
    };
    let rf: usize = replication
        .get(key)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    rf.min(cluster.nodes.len())
}

/// The Cassandra error (code and body) for an error the model produced.
pub fn cql_error(error: InjectedError) -> CqlError {
    match error {
        InjectedError::Overloaded => CqlError::Overloaded(OVERLOADED.into()),
        InjectedError::WriteTimeout {
            consistency,
            received,
            block_for,
            write_type,
        } => CqlError::WriteTimeout {
            consistency,
            received,
            block_for,
            write_type: write_type.into(),
        },
        InjectedError::ReadTimeout {
            consistency,
            received,
            block_for,
            data_present,
        } => CqlError::ReadTimeout {
            consistency,
            received,
            block_for,
            data_present,
        },
        InjectedError::Unavailable {
            consistency,
            required,
            alive,
        } => CqlError::Unavailable {
            consistency,
            required,
            alive,
        },
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::node::cluster::NodeInfo;
    use crate::node::exec::ResultRows;
    use crate::node::schema::{Keyspace, Table};

    fn cluster(nodes: usize, keyspaces: &[(&str, &[(&str, &str)])]) -> ClusterState {
        let infos = (0..nodes)
            .map(|index| NodeInfo {
                index,
                address: ([127, 0, 0, 1 + index as u8], 9042).into(),
                host_id: uuid::Uuid::nil(),
                tokens: ClusterState::tokens_for(index, nodes),
                datacenter: "datacenter1".into(),
                rack: "rack1".into(),
            })
            .collect();
        let state = ClusterState::new("test", infos, None);
        if let Ok(mut schema) = state.schema.write() {
            for (name, replication) in keyspaces {
                let replication: BTreeMap<String, String> = replication
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                schema.keyspaces.insert(
                    name.to_string(),
                    Keyspace {
                        name: name.to_string(),
                        replication,
                        durable_writes: true,
                        tables: BTreeMap::new(),
                    },
                );
            }
        }
        state
    }

    #[test]
    fn replication_factor_per_strategy_capped_at_the_node_count() {
        const SIMPLE: &str = "org.apache.cassandra.locator.SimpleStrategy";
        const NTS: &str = "org.apache.cassandra.locator.NetworkTopologyStrategy";
        let state = cluster(
            3,
            &[
                ("s2", &[("class", SIMPLE), ("replication_factor", "2")]),
                ("s5", &[("class", SIMPLE), ("replication_factor", "5")]),
                ("n3", &[("class", NTS), ("datacenter1", "3")]),
                ("other_dc", &[("class", NTS), ("dc2", "3")]),
            ],
        );
        let rf = |ks| replication_factor(&state, ks);
        assert_eq!(
            [
                rf("s2"),
                rf("s5"),
                rf("n3"),
                rf("other_dc"),
                rf("system"),
                rf("nope")
            ],
            [2, 3, 3, 0, 0, 0]
        );
    }

    #[test]
    fn classes_from_outcomes() {
        let defs = crate::node::system::keyspace_definitions();
        let Some(local) = defs.get("system").and_then(|k| k.tables.get("local")) else {
            panic!("system.local is defined");
        };
        let mut user = local.as_ref().clone();
        user.keyspace = "ks".into();
        let touched = |table: Arc<Table>| Touched { table, token: None };
        let (system, user) = (touched(local.clone()), touched(Arc::new(user)));
        let rows = Ok(Outcome::Rows(ResultRows::default()));
        let failed: CqlResult<Outcome> = Err(CqlError::invalid("no"));
        let cases = [
            (false, &rows, Some(&user), RequestClass::Read),
            (false, &rows, Some(&system), RequestClass::Other),
            (false, &rows, None, RequestClass::Other),
            (true, &Ok(Outcome::Void), Some(&user), RequestClass::Batch),
            (false, &Ok(Outcome::Void), Some(&user), RequestClass::Write),
            (false, &failed, Some(&user), RequestClass::Other),
        ];
        for (is_batch, result, touched, expected) in cases {
            assert_eq!(classify(is_batch, result, touched), expected, "{result:?}");
        }
    }

    #[test]
    fn injected_errors_become_cassandra_errors() {
        let error = cql_error(InjectedError::WriteTimeout {
            consistency: Consistency::Quorum,
            received: 1,
            block_for: 2,
            write_type: "CAS",
        });
        assert_eq!(
            (error.code(), error.to_string()),
            (
                0x1100,
                "Operation timed out - received only 1 responses.".to_string()
            )
        );
        assert_eq!(cql_error(InjectedError::Overloaded).code(), 0x1001);
    }
}
