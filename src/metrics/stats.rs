//! What a set of requests leaves behind: per operation counters and latency histograms, and
//! per coordinator node a response-time histogram.
//!
//! One type, [`Stats`], serves three roles so that recording and merging are written once: the
//! cells a worker records into, the merged content of one interval, and the running totals of a
//! phase. Merging adds histograms; percentiles are never averaged.
//!
//! Latency histograms of an operation (response, service, wait) hold its **successful**
//! requests; each error class has its own count and response-time histogram, so a flood of
//! fast errors cannot make an operation look fast (an error is still a response, recorded in
//! its class's histogram).

use std::net::SocketAddr;

use super::histogram::{merge, new_latency, record_ns, Latency};
use super::{ErrorClass, Sample, SampleOutcome};

/// Errors of one class: how many, and their response times.
#[derive(Debug, Clone, Default)]
pub struct ErrorCell {
    pub count: u64,
    /// Allocated at the class's first error (most classes never see one).
    pub response: Option<Latency>,
}

impl ErrorCell {
    fn record(&mut self, response_ns: u64) {
        self.count += 1;
        record_ns(self.response.get_or_insert_with(new_latency), response_ns);
    }

    fn add(&mut self, other: &ErrorCell) {
        self.count += other.count;
        if let Some(theirs) = &other.response {
            merge(self.response.get_or_insert_with(new_latency), theirs);
        }
    }

    fn reset(&mut self) {
        self.count = 0;
        if let Some(h) = &mut self.response {
            h.reset();
        }
    }
}

/// One operation's counters and histograms.
#[derive(Debug, Clone)]
pub struct OperationStats {
    pub name: String,
    /// Successful requests.
    pub ok: u64,
    /// Rows returned by successful requests (all pages).
    pub rows: u64,
    /// Lightweight transactions whose condition held / did not hold.
    pub applied: u64,
    pub not_applied: u64,
    /// Indexed by [`ErrorClass::index`].
    pub errors: [ErrorCell; 5],
    /// Completion - intended start, successful requests.
    pub response: Latency,
    /// Completion - actual send, successful requests.
    pub service: Latency,
    /// Actual send - intended start, successful requests.
    pub wait: Latency,
}

impl OperationStats {
    pub fn new(name: impl Into<String>) -> Self {
        OperationStats {
            name: name.into(),
            ok: 0,
            rows: 0,
            applied: 0,
            not_applied: 0,
            errors: Default::default(),
            response: new_latency(),
            service: new_latency(),
            wait: new_latency(),
        }
    }

    /// Requests that finished, successful or not.
    pub fn count(&self) -> u64 {
        self.ok + self.error_count()
    }

    pub fn error_count(&self) -> u64 {
        self.errors.iter().map(|e| e.count).sum()
    }

    pub fn error(&self, class: ErrorClass) -> &ErrorCell {
        &self.errors[class.index()]
    }

    fn record(&mut self, sample: &Sample) {
        match sample.outcome {
            SampleOutcome::Ok { rows, applied } => {
                self.ok += 1;
                self.rows += rows;
                match applied {
                    Some(true) => self.applied += 1,
                    Some(false) => self.not_applied += 1,
                    None => {}
                }
                record_ns(&mut self.response, sample.response_ns());
                record_ns(&mut self.service, sample.service_ns());
                record_ns(&mut self.wait, sample.wait_ns());
            }
            SampleOutcome::Error(class) => {
                self.errors[class.index()].record(sample.response_ns());
            }
        }
    }

    pub fn add(&mut self, other: &OperationStats) {
        self.ok += other.ok;
        self.rows += other.rows;
        self.applied += other.applied;
        self.not_applied += other.not_applied;
        for (mine, theirs) in self.errors.iter_mut().zip(&other.errors) {
            mine.add(theirs);
        }
        merge(&mut self.response, &other.response);
        merge(&mut self.service, &other.service);
        merge(&mut self.wait, &other.wait);
    }

    fn reset(&mut self) {
        self.ok = 0;
        self.rows = 0;
        self.applied = 0;
        self.not_applied = 0;
        self.errors.iter_mut().for_each(ErrorCell::reset);
        self.response.reset();
        self.service.reset();
        self.wait.reset();
    }
}

/// Requests one node coordinated.
#[derive(Debug, Clone)]
pub struct NodeStats {
    pub address: SocketAddr,
    pub ok: u64,
    pub errors: u64,
    /// Response times of its successful requests.
    pub response: Latency,
}

impl NodeStats {
    pub fn new(address: SocketAddr) -> Self {
        NodeStats {
            address,
            ok: 0,
            errors: 0,
            response: new_latency(),
        }
    }

    pub fn count(&self) -> u64 {
        self.ok + self.errors
    }

    pub fn add(&mut self, other: &NodeStats) {
        self.ok += other.ok;
        self.errors += other.errors;
        merge(&mut self.response, &other.response);
    }
}

/// Per-operation and per-node statistics of a set of requests.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// In plan order: `operations[i]` is the plan's operation `i`.
    pub operations: Vec<OperationStats>,
    /// In order of first appearance.
    pub nodes: Vec<NodeStats>,
}

impl Stats {
    /// Empty statistics for the named operations (in plan order).
    pub fn new(operation_names: &[String]) -> Self {
        Stats {
            operations: operation_names.iter().map(OperationStats::new).collect(),
            nodes: Vec::new(),
        }
    }

    /// Empty statistics with the same operations as `other` (and no nodes yet).
    pub fn empty_like(other: &Stats) -> Self {
        Stats {
            operations: other
                .operations
                .iter()
                .map(|op| OperationStats::new(op.name.clone()))
                .collect(),
            nodes: Vec::new(),
        }
    }

    /// Counts one finished request. Allocates only the first time an error class, a node or an
    /// operation index appears in this set; otherwise it only increments and records.
    #[inline]
    pub fn record(&mut self, sample: &Sample) {
        self.operation_mut(sample.operation).record(sample);
        if let Some(address) = sample.coordinator {
            let node = self.node_mut(address);
            match sample.outcome {
                SampleOutcome::Ok { .. } => {
                    node.ok += 1;
                    record_ns(&mut node.response, sample.response_ns());
                }
                SampleOutcome::Error(_) => node.errors += 1,
            }
        }
    }

    /// Adds `other` into `self`: operations by index, nodes by address.
    pub fn add(&mut self, other: &Stats) {
        for (i, theirs) in other.operations.iter().enumerate() {
            self.operation_mut(i).add(theirs);
        }
        for theirs in &other.nodes {
            self.node_mut(theirs.address).add(theirs);
        }
    }

    /// Zeroes every counter and histogram, keeping their allocations for reuse.
    pub fn reset(&mut self) {
        self.operations.iter_mut().for_each(OperationStats::reset);
        for node in &mut self.nodes {
            node.ok = 0;
            node.errors = 0;
            node.response.reset();
        }
    }

    /// Requests that finished, over all operations.
    pub fn count(&self) -> u64 {
        self.operations.iter().map(OperationStats::count).sum()
    }

    pub fn error_count(&self) -> u64 {
        self.operations
            .iter()
            .map(OperationStats::error_count)
            .sum()
    }

    /// Response times of successful requests over all operations (merged, not averaged).
    pub fn response_all(&self) -> Latency {
        let mut all = new_latency();
        for op in &self.operations {
            merge(&mut all, &op.response);
        }
        all
    }

    fn operation_mut(&mut self, index: usize) -> &mut OperationStats {
        // An index beyond the plan's operations is a caller bug; it is still counted (under a
        // placeholder name) rather than dropped or allowed to panic.
        while self.operations.len() <= index {
            let n = self.operations.len();
            self.operations.push(OperationStats::new(format!("op#{n}")));
        }
        &mut self.operations[index]
    }

    fn node_mut(&mut self, address: SocketAddr) -> &mut NodeStats {
        let position = match self.nodes.iter().position(|n| n.address == address) {
            Some(i) => i,
            None => {
                self.nodes.push(NodeStats::new(address));
                self.nodes.len() - 1
            }
        };
        &mut self.nodes[position]
    }
}
