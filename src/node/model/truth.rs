//! Ground truth: the true server-side latency (queue + service, up to the release) of every
//! request a node coordinated, per class, and its failures per kind, so client-side numbers
//! can be checked against what really happened. Each node records under its own lock;
//! [`GroundTruth`] is a snapshot for the virtual table and the JSON written at shutdown.

use serde::{Serialize, Serializer};

use super::config::MODELLED;
use super::InjectedError;
use crate::metrics::histogram::{new_latency, record_ns};
use crate::metrics::Latency;
use crate::node::exec::RequestClass;
use crate::results::codec::encode;
use crate::results::LatencySummary;

/// Snapshot of the ground truth of every node.
#[derive(Debug, Clone, Serialize)]
pub struct GroundTruth {
    pub nodes: Vec<NodeTruth>,
}

/// One coordinator's requests, per modelled class (read, write, lwt, batch, schema).
#[derive(Debug, Clone, Serialize)]
pub struct NodeTruth {
    /// 0-based index (profiles number nodes from 1: node N is index N-1).
    pub node: usize,
    /// Where the node listens, when the server filled it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub classes: Vec<ClassTruth>,
}

/// Requests of one class one node coordinated.
#[derive(Debug, Clone, Serialize)]
pub struct ClassTruth {
    pub class: RequestClass,
    /// Requests decided: responses and failures.
    pub count: u64,
    pub failures: Failures,
    /// Summary of `histogram` (responses only), microseconds.
    pub latency: LatencySummary,
    /// Latencies of the responses in microseconds (3 significant digits, 1 µs .. 1 h); in
    /// JSON, HdrHistogram V2 deflate + base64.
    #[serde(serialize_with = "histogram_text")]
    pub histogram: Latency,
}

/// Failed requests per kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Failures {
    pub overloaded: u64,
    pub write_timeout: u64,
    pub read_timeout: u64,
    pub unavailable: u64,
}

impl Failures {
    pub fn total(&self) -> u64 {
        self.overloaded + self.write_timeout + self.read_timeout + self.unavailable
    }

    fn count(&mut self, error: &InjectedError) {
        let slot = match error {
            InjectedError::Overloaded => &mut self.overloaded,
            InjectedError::WriteTimeout { .. } => &mut self.write_timeout,
            InjectedError::ReadTimeout { .. } => &mut self.read_timeout,
            InjectedError::Unavailable { .. } => &mut self.unavailable,
        };
        *slot += 1;
    }
}

fn histogram_text<S: Serializer>(histogram: &Latency, serializer: S) -> Result<S::Ok, S::Error> {
    let text = encode(histogram).map_err(serde::ser::Error::custom)?;
    serializer.serialize_str(&text)
}

impl GroundTruth {
    /// The truth of `class` requests coordinated by `node`.
    pub fn class(&self, node: usize, class: RequestClass) -> Option<&ClassTruth> {
        self.nodes
            .iter()
            .find(|n| n.node == node)?
            .classes
            .iter()
            .find(|c| c.class == class)
    }

    /// Every node's requests of `class` together (histograms merged).
    pub fn cluster(&self, class: RequestClass) -> ClassTruth {
        let mut total = ClassRecorder::default();
        for c in self.nodes.iter().flat_map(|n| &n.classes) {
            if c.class == class {
                total.merge(c);
            }
        }
        total.snapshot(class)
    }
}

/// What one node records for one class.
#[derive(Debug, Clone)]
struct ClassRecorder {
    count: u64,
    failures: Failures,
    histogram: Latency,
}

impl Default for ClassRecorder {
    fn default() -> Self {
        ClassRecorder {
            count: 0,
            failures: Failures::default(),
            histogram: new_latency(),
        }
    }
}

impl ClassRecorder {
    fn snapshot(&self, class: RequestClass) -> ClassTruth {
        ClassTruth {
            class,
            count: self.count,
            failures: self.failures,
            latency: LatencySummary::of(&self.histogram),
            histogram: self.histogram.clone(),
        }
    }

    fn merge(&mut self, other: &ClassTruth) {
        self.count += other.count;
        self.failures.overloaded += other.failures.overloaded;
        self.failures.write_timeout += other.failures.write_timeout;
        self.failures.read_timeout += other.failures.read_timeout;
        self.failures.unavailable += other.failures.unavailable;
        crate::metrics::histogram::merge(&mut self.histogram, &other.histogram);
    }
}

/// One node's recorders, indexed like [`MODELLED`].
#[derive(Debug, Clone, Default)]
pub(super) struct TruthRecorder {
    classes: [ClassRecorder; MODELLED.len()],
}

impl TruthRecorder {
    /// A response after `latency_ns` of class number `class` (see `config::class_index`).
    pub fn response(&mut self, class: usize, latency_ns: u64) {
        if let Some(c) = self.classes.get_mut(class) {
            c.count += 1;
            record_ns(&mut c.histogram, latency_ns);
        }
    }

    /// A failure of class number `class`.
    pub fn failure(&mut self, class: usize, error: &InjectedError) {
        if let Some(c) = self.classes.get_mut(class) {
            c.count += 1;
            c.failures.count(error);
        }
    }

    pub fn snapshot(&self, node: usize) -> NodeTruth {
        NodeTruth {
            node,
            address: None,
            classes: MODELLED
                .iter()
                .zip(&self.classes)
                .map(|(class, c)| c.snapshot(*class))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::codec::decode;

    #[test]
    fn records_responses_and_failures_and_round_trips_as_json() {
        let mut node0 = TruthRecorder::default();
        for us in [100, 200, 300, 400] {
            node0.response(0, us * 1000);
        }
        node0.failure(0, &InjectedError::Overloaded);
        node0.response(1, 1_500_000);
        let mut node1 = TruthRecorder::default();
        node1.response(0, 1_000_000);
        let truth = GroundTruth {
            nodes: vec![node0.snapshot(0), node1.snapshot(1)],
        };
        let read = truth.class(0, RequestClass::Read).expect("node 0 reads");
        assert_eq!((read.count, read.failures.overloaded), (5, 1));
        assert_eq!(read.latency.count, 4);
        assert_eq!((read.latency.p50_us, read.latency.max_us), (200, 400));
        assert_eq!(read.latency.mean_us, 250.0);
        let all_reads = truth.cluster(RequestClass::Read);
        assert_eq!((all_reads.count, all_reads.latency.max_us), (6, 1000));

        let json = serde_json::to_value(&truth).expect("serializes");
        let class = &json["nodes"][0]["classes"][0];
        assert_eq!(class["class"], "read");
        assert_eq!(class["failures"]["overloaded"], 1);
        assert_eq!(class["latency"]["p50_us"], 200);
        let text = class["histogram"].as_str().expect("histogram as text");
        let back = decode(text, "node 0 read").expect("decodes");
        assert_eq!(back.len(), 4);
        assert_eq!(json["nodes"][0]["classes"][1]["latency"]["max_us"], 1500);
        assert_eq!(
            json["nodes"][1]["classes"].as_array().map(Vec::len),
            Some(5)
        );
    }
}
