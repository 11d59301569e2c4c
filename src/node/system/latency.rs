//! `system_views.ringbench_latency`: the performance model's ground truth as a virtual table,
//! one row per (node, request class) with the modelled server-side latency (queue + service)
//! of the requests that node coordinated, so a client can compare its own measurements with
//! the truth over plain CQL (`SELECT * FROM system_views.ringbench_latency`).
//!
//! Every node lists every node's rows (the truth is cluster-wide); without a model the table
//! is empty.

use crate::node::exec::node::NodeExecutor;
use crate::node::model::class_name;

use super::local::NamedCells;
use super::value;

/// The table's rows as `node` sees them.
pub fn rows(node: &NodeExecutor) -> Vec<NamedCells> {
    let cluster = &node.cluster;
    let Some(model) = &cluster.model else {
        return Vec::new();
    };
    let truth = model.ground_truth();
    let mut rows = Vec::new();
    for n in &truth.nodes {
        let Some(info) = cluster.nodes.get(n.node) else {
            continue;
        };
        for c in &n.classes {
            let l = &c.latency;
            rows.push(vec![
                ("node", value::inet(info.address.ip())),
                ("class", value::text(class_name(c.class))),
                ("count", value::bigint(c.count)),
                ("failures", value::bigint(c.failures.total())),
                ("mean_us", value::double(l.mean_us)),
                ("p50_us", value::bigint(l.p50_us)),
                ("p90_us", value::bigint(l.p90_us)),
                ("p99_us", value::bigint(l.p99_us)),
                ("p999_us", value::bigint(l.p999_us)),
                ("max_us", value::bigint(l.max_us)),
            ]);
        }
    }
    rows
}
