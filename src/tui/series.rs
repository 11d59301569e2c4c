//! The time axis of the dashboard: one [`Point`] per interval, in one shape whether it comes
//! from a live interval snapshot (full histograms: every percentile, response and service
//! time, all operations merged) or from a saved run's series (p50, p99 and max of response
//! time per operation; the rest stays `None`).

use std::collections::VecDeque;

use super::quantiles::{Pct, Quantiles};
use crate::metrics::histogram::{merge, new_latency};
use crate::metrics::{IntervalSnapshot, OperationStats};
use crate::results::IntervalRow;

/// Latencies of a set of requests: response time always, service time when known.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lat {
    pub response: Quantiles,
    /// `None` for a saved run's intervals (run.json keeps response time per interval).
    pub service: Option<Quantiles>,
}

impl Lat {
    fn of_stats(op: &OperationStats) -> Lat {
        Lat {
            response: Quantiles::of(&op.response),
            service: Some(Quantiles::of(&op.service)),
        }
    }
}

/// One interval on the time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// End of the interval, seconds since the run's start.
    pub end_s: f64,
    pub phase: String,
    pub ops: u64,
    pub errors: u64,
    pub achieved: f64,
    pub target: Option<f64>,
    pub in_flight: u64,
    pub backlog: u64,
    pub behind: bool,
    /// All operations merged; `None` for a saved run (percentiles cannot be merged back).
    pub all: Option<Lat>,
    /// Per operation, in plan order.
    pub operations: Vec<Lat>,
}

impl Point {
    /// A live interval.
    pub fn of_snapshot(s: &IntervalSnapshot) -> Point {
        let mut service_all = new_latency();
        for op in &s.stats.operations {
            merge(&mut service_all, &op.service);
        }
        Point {
            end_s: s.end_ns as f64 / 1e9,
            phase: s.phase.clone(),
            ops: s.ops(),
            errors: s.errors(),
            achieved: s.achieved_rate(),
            target: s.gauges.target_rate,
            in_flight: s.gauges.in_flight,
            backlog: s.gauges.backlog,
            behind: s.gauges.falling_behind,
            all: Some(Lat {
                response: Quantiles::of(&s.response_all()),
                service: Some(Quantiles::of(&service_all)),
            }),
            operations: s.stats.operations.iter().map(Lat::of_stats).collect(),
        }
    }

    /// A saved interval (p50, p99 and max of response time per operation).
    pub fn of_row(row: &IntervalRow) -> Point {
        Point {
            end_s: row.end_s,
            phase: row.phase.clone(),
            ops: row.ops,
            errors: row.errors,
            achieved: row.achieved_rate,
            target: row.target_rate,
            in_flight: row.in_flight,
            backlog: row.backlog,
            behind: row.falling_behind,
            all: None,
            operations: row
                .operations
                .iter()
                .map(|op| {
                    let known = |us: u64| (op.ops > op.errors).then_some(us);
                    Lat {
                        response: Quantiles::default()
                            .with(Pct::P50, known(op.p50_us))
                            .with(Pct::P99, known(op.p99_us))
                            .with(Pct::Max, known(op.max_us)),
                        service: None,
                    }
                })
                .collect(),
        }
    }

    /// The latencies of operation `selected` (`None`: all operations).
    pub fn latency(&self, selected: Option<usize>) -> Option<&Lat> {
        match selected {
            None => self.all.as_ref(),
            Some(i) => self.operations.get(i),
        }
    }
}

/// The most recent intervals, oldest first; live runs keep at most `capacity` so that memory
/// stays flat however long the run is.
#[derive(Debug, Clone, Default)]
pub struct History {
    points: VecDeque<Point>,
    capacity: usize,
}

impl History {
    pub fn with_capacity(capacity: usize) -> History {
        History {
            points: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Every point, for a saved run (no bound: they are in memory already).
    pub fn of_points(points: Vec<Point>) -> History {
        let capacity = points.len().max(1);
        History {
            points: points.into(),
            capacity,
        }
    }

    pub fn push(&mut self, point: Point) {
        if self.points.len() == self.capacity {
            self.points.pop_front();
        }
        self.points.push_back(point);
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&Point> {
        self.points.get(i)
    }

    /// At most `width` points ending with point `end` (inclusive).
    pub fn window(&self, end: usize, width: usize) -> impl Iterator<Item = &Point> {
        let stop = (end + 1).min(self.points.len());
        let start = stop.saturating_sub(width.max(1));
        self.points.range(start..stop)
    }
}
