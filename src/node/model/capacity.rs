//! The theoretical capacity per request class (`ringbench serve --explain`), from the formula
//! docs/model.md derives:
//!
//! ```text
//! capacity(c) = nodes × min_i( shards / (mean_c × slow_i) × (1 − stalled_i) ) / busy(c)
//! ```
//!
//! A node serves at most `shards / (mean_c × slow_i)` replica-services per second, less the
//! fraction of time it is stalled (`length / every`). A request of class `c` costs `busy(c)`
//! replica-services: read = the acknowledgements its level needs, write / batch = RF (every
//! replica works), LWT = rounds × quorum(RF), schema = 1. With work spread evenly by token,
//! every node gets `busy(c) / nodes` of each request's services, so the node with the lowest
//! rate saturates first and bounds the cluster.

use std::fmt;
use std::time::Duration;

use cassandra_protocol::consistency::Consistency;
use serde::Serialize;

use super::config::{class_name, MODELLED};
use super::replicas::{quorum, required_acks};
use super::stall::StallSchedule;
use super::ModelConfig;
use crate::node::error::consistency_name;
use crate::node::exec::RequestClass;

/// Theoretical capacity of one configuration, per class.
#[derive(Debug, Clone, Serialize)]
pub struct Capacity {
    pub nodes: usize,
    pub shards: usize,
    /// The replication factor used (capped at the node count).
    pub rf: usize,
    pub consistency: &'static str,
    pub per_class: Vec<ClassCapacity>,
    /// What the numbers assume and leave out.
    pub notes: Vec<String>,
}

/// Capacity of one request class.
#[derive(Debug, Clone, Serialize)]
pub struct ClassCapacity {
    pub class: RequestClass,
    /// Requests per second the cluster completes when saturated (0: every request fails
    /// with Unavailable; infinite when service times are 0).
    pub ops_per_s: f64,
    /// Replica-services one request occupies, `busy(c)`.
    pub replicas_busy: usize,
    /// Mean service time of one replica-service on a normal node.
    pub mean_service: Duration,
    /// The formula with this configuration's numbers.
    pub formula: String,
}

/// The node that saturates first: the highest `slow / (1 − stalled)`.
struct Bottleneck {
    node: usize,
    slow: f64,
    stalled: f64,
}

fn bottleneck(config: &ModelConfig, nodes: usize) -> Bottleneck {
    let of = |node: usize| Bottleneck {
        node,
        slow: config.slow_factor(node),
        stalled: config
            .stalls_of(node)
            .and_then(|s| StallSchedule::new(s, config.seed, node))
            .map_or(0.0, |s| s.stalled_fraction()),
    };
    let cost = |b: &Bottleneck| b.slow / (1.0 - b.stalled);
    (0..nodes)
        .map(of)
        .reduce(|best, b| if cost(&b) > cost(&best) { b } else { best })
        .unwrap_or_else(|| of(0))
}

/// Theoretical capacity per class (ops/s) for a workload at `rf` and `consistency` when the
/// load is spread evenly over the ring; with the formula as text for `--explain`.
pub fn capacity(
    config: &ModelConfig,
    nodes: usize,
    rf: usize,
    consistency: Consistency,
) -> Capacity {
    let rf_used = rf.clamp(1, nodes.max(1));
    let b = bottleneck(config, nodes);
    let mut notes = vec![
        "assumes requests spread evenly over the ring by token (token-aware routing, uniform keys)"
            .to_string(),
    ];
    if rf_used != rf {
        notes.push(format!("RF {rf} capped at {rf_used} (the node count)"));
    }
    if b.slow != 1.0 || b.stalled > 0.0 {
        notes.push(format!(
            "node {} saturates first (slow factor {}, stalled {:.1}% of the time); the others idle part of the time",
            b.node + 1, b.slow, b.stalled * 100.0
        ));
    }
    if config.queue_limit.is_some() {
        notes.push("queue_limit sheds load offered beyond capacity (Overloaded); it does not change capacity".into());
    }
    if (0..nodes).any(|n| config.node(n).is_some_and(|o| !o.down.is_empty())) {
        notes.push("outages (nodes down on a schedule) are not counted: capacity drops while a node is down".into());
    }
    let per_class = MODELLED
        .iter()
        .filter_map(|class| {
            let mean = config.service.of(*class)?.mean();
            Some(class_capacity(
                config,
                nodes,
                rf_used,
                consistency,
                &b,
                *class,
                mean,
            ))
        })
        .collect();
    Capacity {
        nodes,
        shards: config.shards,
        rf: rf_used,
        consistency: consistency_name(consistency),
        per_class,
        notes,
    }
}

fn class_capacity(
    config: &ModelConfig,
    nodes: usize,
    rf: usize,
    consistency: Consistency,
    b: &Bottleneck,
    class: RequestClass,
    mean: Duration,
) -> ClassCapacity {
    let acks = required_acks(consistency, rf);
    let (busy, unavailable) = match class {
        RequestClass::Read => (acks, acks > rf),
        RequestClass::Write | RequestClass::Batch => (rf, acks > rf),
        RequestClass::Lwt => (config.lwt_rounds as usize * quorum(rf), false),
        _ => (1, false),
    };
    let per_node = config.shards as f64 / (mean.as_secs_f64() * b.slow) * (1.0 - b.stalled);
    let ops_per_s = if unavailable {
        0.0
    } else {
        nodes as f64 * per_node / busy as f64
    };
    let mut formula = format!("{nodes} nodes × {} shards / ({}", config.shards, show(mean));
    if b.slow != 1.0 {
        formula += &format!(" × slow {} on node {}", b.slow, b.node + 1);
    }
    formula += ")";
    if b.stalled > 0.0 {
        formula += &format!(" × (1 − {:.4} stalled)", b.stalled);
    }
    formula += &match class {
        RequestClass::Lwt => format!(" / ({} rounds × quorum {})", config.lwt_rounds, quorum(rf)),
        RequestClass::Read => format!(
            " / {busy} replicas ({} at RF {rf})",
            consistency_name(consistency)
        ),
        RequestClass::Write | RequestClass::Batch => format!(" / {busy} replicas (RF)"),
        _ => " / 1 (coordinator)".to_string(),
    };
    formula += &if unavailable {
        format!(
            ": {} needs {acks} replicas but RF is {rf}: every request fails (Unavailable)",
            consistency_name(consistency)
        )
    } else {
        format!(" = {} ops/s", rate(ops_per_s))
    };
    ClassCapacity {
        class,
        ops_per_s,
        replicas_busy: busy,
        mean_service: mean,
        formula,
    }
}

/// A duration for people: `250.0 µs`, `2.000 ms`, `1.500 s`.
fn show(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.1} µs")
    } else if us < 1e6 {
        format!("{:.3} ms", us / 1e3)
    } else {
        format!("{:.3} s", us / 1e6)
    }
}

/// Ops/s with one decimal, or `unbounded`.
fn rate(ops: f64) -> String {
    if ops.is_finite() {
        format!("{ops:.1}")
    } else {
        "unbounded".into()
    }
}

impl fmt::Display for Capacity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Theoretical capacity: {} nodes × {} shards, RF {}, {}",
            self.nodes, self.shards, self.rf, self.consistency
        )?;
        writeln!(
            f,
            "{:<7} {:>12} {:>9} {:>12}  formula",
            "class", "ops/s", "replicas", "mean svc"
        )?;
        for c in &self.per_class {
            let name = class_name(c.class);
            let (ops, busy, mean) = (rate(c.ops_per_s), c.replicas_busy, show(c.mean_service));
            writeln!(f, "{name:<7} {ops:>12} {busy:>9} {mean:>12}  {}", c.formula)?;
        }
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::model::{Distribution, NodeOverride, Stalls};

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn ops(c: &Capacity, class: RequestClass) -> f64 {
        c.per_class
            .iter()
            .find(|x| x.class == class)
            .map_or(f64::NAN, |x| x.ops_per_s)
    }

    fn assert_ops(c: &Capacity, class: RequestClass, expected: f64) {
        let actual = ops(c, class);
        assert!(
            (actual - expected).abs() < 1e-6 * expected.max(1.0),
            "{class:?}: expected {expected}, got {actual}\n{c}"
        );
    }

    #[test]
    fn the_worked_example_of_the_docs() {
        // docs/model.md: 3 nodes × 4 shards; read log-normal median 1 ms, p99 4 ms (mean
        // 1 ms × e^(sigma²/2), sigma = ln 4 / 2.3263); write fixed 0.5 ms; LWT rounds 4 × 1 ms;
        // RF 3 at QUORUM.
        let mut config = ModelConfig::simple(4, Distribution::Fixed(ms(1)));
        config.service.read = Distribution::LogNormal {
            median: ms(1),
            p99: ms(4),
        };
        config.service.write = Distribution::Fixed(Duration::from_micros(500));
        let c = capacity(&config, 3, 3, Consistency::Quorum);
        let sigma = 4f64.ln() / 2.326_347_874;
        let read_mean = 1e-3 * (sigma * sigma / 2.0).exp();
        assert_ops(&c, RequestClass::Read, 3.0 * 4.0 / read_mean / 2.0);
        assert_ops(&c, RequestClass::Write, 3.0 * 4.0 / 0.0005 / 3.0); // 8000
        assert_ops(&c, RequestClass::Batch, 3.0 * 4.0 / 0.001 / 3.0); // 4000
        assert_ops(&c, RequestClass::Lwt, 3.0 * 4.0 / 0.001 / (4.0 * 2.0)); // 1500
        assert_ops(&c, RequestClass::Schema, 3.0 * 4.0 / 0.001); // 12000
        let text = c.to_string();
        assert!(
            text.contains("3 nodes × 4 shards / (500.0 µs) / 3 replicas (RF) = 8000.0 ops/s"),
            "{text}"
        );
        assert!(
            text.contains("/ (4 rounds × quorum 2) = 1500.0 ops/s"),
            "{text}"
        );
    }

    #[test]
    fn consistency_changes_reads_only() {
        let config = ModelConfig::simple(2, Distribution::Fixed(ms(1)));
        for (cl, read_busy) in [
            (Consistency::One, 1.0),
            (Consistency::Quorum, 2.0),
            (Consistency::All, 3.0),
        ] {
            let c = capacity(&config, 3, 3, cl);
            assert_ops(&c, RequestClass::Read, 6000.0 / read_busy);
            assert_ops(&c, RequestClass::Write, 2000.0);
        }
        // RF 5 on 3 nodes is capped at 3.
        let c = capacity(&config, 3, 5, Consistency::Quorum);
        assert_eq!(c.rf, 3);
        assert!(c.notes.iter().any(|n| n.contains("RF 5 capped at 3")));
        // THREE at RF 2 can never be met.
        let c = capacity(&config, 3, 2, Consistency::Three);
        assert_ops(&c, RequestClass::Read, 0.0);
        assert_ops(&c, RequestClass::Write, 0.0);
        assert_ops(&c, RequestClass::Lwt, 3.0 * 2000.0 / (4.0 * 2.0));
    }

    #[test]
    fn the_slowest_stalled_node_bounds_every_class() {
        // Node 1: slow 1.5, no stalls -> cost 1.5. Node 2: slow 1.2, stalled 25% -> cost 1.6.
        let mut config = ModelConfig::simple(4, Distribution::Fixed(ms(2)));
        let stalls = Stalls {
            every: ms(400),
            length: ms(100),
            jitter: Duration::ZERO,
            offset: Duration::ZERO,
        };
        config.nodes = vec![
            NodeOverride {
                node: 1,
                slow_factor: 1.5,
                stalls: None,
                down: Vec::new(),
            },
            NodeOverride {
                node: 2,
                slow_factor: 1.2,
                stalls: Some(Some(stalls)),
                down: Vec::new(),
            },
        ];
        let c = capacity(&config, 3, 3, Consistency::One);
        // Index 2 (node 3 to users): 4 / (2 ms × 1.2) × 0.75 = 1250/s per node; × 3 nodes / busy.
        assert_ops(&c, RequestClass::Read, 3750.0);
        assert_ops(&c, RequestClass::Write, 1250.0);
        assert!(
            c.notes
                .iter()
                .any(|n| n.starts_with("node 3 saturates first")),
            "{c}"
        );
        assert!(c
            .to_string()
            .contains("× slow 1.2 on node 3) × (1 − 0.2500 stalled)"));
    }
}
