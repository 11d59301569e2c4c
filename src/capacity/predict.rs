//! What the performance model says the search should find, for a modelled embedded profile:
//! the capacity of the workload's operation mix, from [`crate::node::model::capacity`] per
//! request class. With weights `w_i` (summing to 1) and per-class capacities `C_i`, each
//! request of operation `i` uses `1 / C_i` of the cluster's second, so the mix saturates at
//! `1 / Σ (w_i / C_i)`. Shown beside the measured answer; it is never used by the search.

use cassandra_protocol::consistency::Consistency as WireConsistency;

use crate::node::exec::RequestClass;
use crate::node::model::capacity;
use crate::plan::{OperationKind, RunPlan};

/// The model's capacity (ops/s) for `plan`'s steady mix (its last phase), or `None` when the
/// profile has no model, the replication factor is unknown, or an operation's class or level
/// has no capacity.
pub fn predicted_rate(plan: &RunPlan) -> Option<f64> {
    let model = plan.profile.model()?;
    let nodes = plan.profile.embedded_nodes()?;
    let rf = replication_factor(&plan.workload.keyspace.replication)?;
    let mix = &plan.workload.phases.last()?.mix;
    let total: f64 = mix.iter().map(|(_, w)| w).sum();
    if total <= 0.0 {
        return None;
    }
    let mut seconds_per_op = 0.0;
    for (index, weight) in mix {
        let op = plan.workload.operations.get(*index)?;
        let level = op.consistency.unwrap_or(plan.profile.consistency);
        let wire = WireConsistency::try_from(level as i16).ok()?;
        let class = match op.kind {
            OperationKind::Read => RequestClass::Read,
            OperationKind::Write => RequestClass::Write,
            OperationKind::Lwt => RequestClass::Lwt,
            OperationKind::Batch => RequestClass::Batch,
        };
        let ops = capacity(model, nodes, rf, wire)
            .per_class
            .iter()
            .find(|c| c.class == class)?
            .ops_per_s;
        if !(ops.is_finite() && ops > 0.0) {
            return None;
        }
        seconds_per_op += weight / total / ops;
    }
    (seconds_per_op > 0.0).then(|| 1.0 / seconds_per_op)
}

/// The replication factor of a keyspace's replication map: `replication_factor`
/// (SimpleStrategy) or the embedded cluster's datacenter, `datacenter1`.
fn replication_factor(replication: &std::collections::BTreeMap<String, String>) -> Option<usize> {
    replication
        .get("replication_factor")
        .or_else(|| replication.get("datacenter1"))
        .and_then(|v| v.trim().parse().ok())
}
