//! Checking a [`ModelConfig`] against the cluster's node count, the classes the model times,
//! and small constructors for configurations built in code (tests, defaults).

use std::time::Duration;

use super::error::ModelError;
use super::{stall, Distribution, ModelConfig, NodeOverride, ServiceTimes};
use crate::node::exec::RequestClass;

/// The classes the model times, in the order of [`class_index`]; `Other` is never delayed.
pub const MODELLED: [RequestClass; 5] = [
    RequestClass::Read,
    RequestClass::Write,
    RequestClass::Lwt,
    RequestClass::Batch,
    RequestClass::Schema,
];

/// Position of `class` in [`MODELLED`]; `None` for `Other`.
pub fn class_index(class: RequestClass) -> Option<usize> {
    MODELLED.iter().position(|c| *c == class)
}

/// The class's name as the profile spells it.
pub fn class_name(class: RequestClass) -> &'static str {
    match class {
        RequestClass::Read => "read",
        RequestClass::Write => "write",
        RequestClass::Lwt => "lwt",
        RequestClass::Batch => "batch",
        RequestClass::Schema => "schema",
        RequestClass::Other => "other",
    }
}

impl ServiceTimes {
    /// The same distribution for every class.
    pub fn all(distribution: Distribution) -> ServiceTimes {
        ServiceTimes {
            read: distribution.clone(),
            write: distribution.clone(),
            lwt: distribution.clone(),
            batch: distribution.clone(),
            schema: distribution,
        }
    }

    /// The distribution of `class` (`Other` has none).
    pub fn of(&self, class: RequestClass) -> Option<&Distribution> {
        match class {
            RequestClass::Read => Some(&self.read),
            RequestClass::Write => Some(&self.write),
            RequestClass::Lwt => Some(&self.lwt),
            RequestClass::Batch => Some(&self.batch),
            RequestClass::Schema => Some(&self.schema),
            RequestClass::Other => None,
        }
    }
}

impl ModelConfig {
    /// `shards` per node, the same service time for every class, no queue limit, 4 LWT
    /// rounds, no stalls, errors or node differences, seed 0.
    pub fn simple(shards: usize, service: Distribution) -> ModelConfig {
        ModelConfig {
            shards,
            queue_limit: None,
            service: ServiceTimes::all(service),
            lwt_rounds: 4,
            stalls: None,
            errors: Vec::new(),
            nodes: Vec::new(),
            seed: 0,
        }
    }

    /// The override of `node`, if any.
    pub fn node(&self, node: usize) -> Option<&NodeOverride> {
        self.nodes.iter().find(|o| o.node == node)
    }

    /// The slow factor of `node` (1 without an override).
    pub fn slow_factor(&self, node: usize) -> f64 {
        self.node(node).map_or(1.0, |o| o.slow_factor)
    }

    /// The stalls of `node`: its override's, else the cluster's.
    pub fn stalls_of(&self, node: usize) -> Option<&super::Stalls> {
        match self.node(node).and_then(|o| o.stalls.as_ref()) {
            Some(own) => own.as_ref(),
            None => self.stalls.as_ref(),
        }
    }

    /// Checks everything [`super::Model::new`] relies on for a cluster of `nodes` nodes.
    pub fn validate(&self, nodes: usize) -> Result<(), ModelError> {
        if nodes == 0 {
            return Err(ModelError::NoNodes);
        }
        if self.shards == 0 {
            return Err(ModelError::NoShards);
        }
        if self.lwt_rounds == 0 {
            return Err(ModelError::NoLwtRounds);
        }
        for class in MODELLED {
            if let Some(Err(detail)) = self.service.of(class).map(Distribution::check) {
                let class = class_name(class);
                return Err(ModelError::Distribution { class, detail });
            }
        }
        if let Some(stalls) = &self.stalls {
            stall::check(stalls, "model.stalls")?;
        }
        self.validate_nodes(nodes)?;
        self.validate_errors(nodes)
    }

    fn validate_nodes(&self, nodes: usize) -> Result<(), ModelError> {
        for (i, o) in self.nodes.iter().enumerate() {
            if o.node >= nodes {
                let field = format!("model.nodes[{i}].node");
                return Err(ModelError::NodeIndex {
                    field,
                    node: o.node,
                    nodes,
                });
            }
            if self.nodes.iter().take(i).any(|p| p.node == o.node) {
                return Err(ModelError::DuplicateNode { node: o.node });
            }
            if !(o.slow_factor.is_finite() && o.slow_factor > 0.0) {
                let (node, factor) = (o.node, o.slow_factor);
                return Err(ModelError::SlowFactor { node, factor });
            }
            if let Some(Some(stalls)) = &o.stalls {
                stall::check(stalls, &format!("model.nodes[{i}].stalls"))?;
            }
            if let Some(outage) = o.down.iter().find(|d| d.length == Duration::ZERO) {
                let (node, at) = (o.node, outage.at);
                return Err(ModelError::EmptyOutage { node, at });
            }
        }
        Ok(())
    }

    fn validate_errors(&self, nodes: usize) -> Result<(), ModelError> {
        for (index, e) in self.errors.iter().enumerate() {
            if !(0.0..=1.0).contains(&e.probability) {
                let probability = e.probability;
                return Err(ModelError::Probability { index, probability });
            }
            if e.classes.contains(&RequestClass::Other) {
                return Err(ModelError::InjectOther { index });
            }
            if let Some(node) = e.nodes.iter().find(|n| **n >= nodes) {
                let field = format!("model.errors[{index}].nodes");
                return Err(ModelError::NodeIndex {
                    field,
                    node: *node,
                    nodes,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::model::{ErrorInjection, InjectedKind, Outage, Stalls};

    fn base() -> ModelConfig {
        ModelConfig::simple(2, Distribution::Fixed(Duration::from_millis(1)))
    }

    fn override_for(node: usize) -> NodeOverride {
        NodeOverride {
            node,
            slow_factor: 1.0,
            stalls: None,
            down: Vec::new(),
        }
    }

    fn injection(
        probability: f64,
        classes: Vec<RequestClass>,
        nodes: Vec<usize>,
    ) -> ErrorInjection {
        ErrorInjection {
            kind: InjectedKind::Overloaded,
            classes,
            probability,
            after: None,
            nodes,
        }
    }

    /// Each broken config and a phrase its error must contain.
    #[test]
    fn each_mistake_is_reported_with_its_field() {
        let mut cases: Vec<(ModelConfig, &str)> = Vec::new();
        let mut c = base();
        c.shards = 0;
        cases.push((c, "model.shards"));
        let mut c = base();
        c.lwt_rounds = 0;
        cases.push((c, "model.lwt_rounds"));
        let mut c = base();
        c.service.batch = Distribution::Uniform {
            min: Duration::from_millis(2),
            max: Duration::from_millis(1),
        };
        cases.push((c, "model.service.batch"));
        let mut c = base();
        c.stalls = Some(Stalls {
            every: Duration::from_millis(10),
            length: Duration::from_millis(10),
            jitter: Duration::ZERO,
            offset: Duration::ZERO,
        });
        cases.push((c, "model.stalls"));
        let mut c = base();
        c.nodes = vec![override_for(3)];
        cases.push((c, "model.nodes[0].node names node 3"));
        let mut c = base();
        c.nodes = vec![override_for(1), override_for(1)];
        cases.push((c, "two entries for node 1"));
        let mut c = base();
        c.nodes = vec![NodeOverride {
            slow_factor: 0.0,
            ..override_for(0)
        }];
        cases.push((c, "slow_factor 0"));
        let mut c = base();
        c.nodes = vec![NodeOverride {
            down: vec![Outage {
                at: Duration::from_secs(1),
                length: Duration::ZERO,
            }],
            ..override_for(2)
        }];
        cases.push((c, "outage at 1s has length 0"));
        let mut c = base();
        c.errors = vec![injection(1.5, vec![], vec![])];
        cases.push((c, "model.errors[0]: probability 1.5"));
        let mut c = base();
        c.errors = vec![injection(0.1, vec![RequestClass::Other], vec![])];
        cases.push((c, "class `other`"));
        let mut c = base();
        c.errors = vec![injection(0.1, vec![], vec![0, 5])];
        cases.push((c, "model.errors[0].nodes names node 5"));
        for (config, phrase) in cases {
            let err = config.validate(3).expect_err(phrase).to_string();
            assert!(err.contains(phrase), "expected '{phrase}' in: {err}");
        }
        assert!(base().validate(0).is_err());
        assert_eq!(base().validate(3), Ok(()));
    }

    #[test]
    fn node_overrides_replace_the_cluster_stalls() {
        let stalls = Stalls {
            every: Duration::from_secs(1),
            length: Duration::from_millis(100),
            jitter: Duration::ZERO,
            offset: Duration::ZERO,
        };
        let mut c = base();
        c.stalls = Some(stalls.clone());
        c.nodes = vec![
            NodeOverride {
                stalls: Some(None),
                slow_factor: 2.0,
                ..override_for(1)
            },
            override_for(2),
        ];
        assert_eq!(c.stalls_of(0), Some(&stalls));
        assert_eq!(c.stalls_of(1), None);
        assert_eq!(c.stalls_of(2), Some(&stalls));
        assert_eq!((c.slow_factor(0), c.slow_factor(1)), (1.0, 2.0));
    }
}
