//! The row pipeline of SELECT, fed one partition at a time: slices in query order, live rows,
//! filters, PER PARTITION LIMIT, LIMIT, the page size, then projection or aggregation.
//! It remembers the position of the last row it returned so the page can be resumed.

use crate::node::storage::{live_row, BoundKind, Clustering, Layout, LiveCell, LiveRow, Partition};

use super::aggregate::Accumulator;
use super::filter::RowFilter;
use super::paging::PagingState;
use super::selection::{accumulate, Selection, ValueRow};

/// Partition key, clustering (None: the partition as a whole) and PER PARTITION LIMIT left
/// of the last row returned.
type Position = (Vec<Vec<u8>>, Option<Vec<Vec<u8>>>, Option<usize>);

/// Settings of one read.
pub struct ReadPlan<'a> {
    pub layout: &'a Layout,
    pub selection: &'a Selection,
    pub slices: &'a [(Clustering, Clustering)],
    pub filters: &'a [RowFilter],
    pub reversed: bool,
    pub distinct: bool,
    /// Return a partition's static row when it has no live rows (no clustering or regular
    /// column restrictions, as Cassandra's `queriesFullPartitions`).
    pub static_fallback: bool,
    pub page_size: Option<usize>,
    pub per_partition_limit: Option<usize>,
    /// Keep each row's clustering for an in-memory sort (ORDER BY with IN).
    pub keep_clustering: bool,
    pub now: i64,
}

/// Collects the rows of a read.
pub struct Reader<'a> {
    plan: ReadPlan<'a>,
    pub rows: Vec<ValueRow>,
    pub clusterings: Vec<Vec<Vec<u8>>>,
    acc: Option<Vec<Accumulator>>,
    remaining: Option<usize>,
    last: Option<Position>,
    /// True when the read stopped on a full page with more rows to come.
    pub more: bool,
    done: bool,
}

/// What to do after one row.
enum Next {
    Continue,
    EndPartition,
    Stop,
}

impl<'a> Reader<'a> {
    pub fn new(plan: ReadPlan<'a>, remaining: Option<usize>) -> Self {
        let acc = plan
            .selection
            .aggregate
            .then(|| plan.selection.accumulators());
        Reader {
            plan,
            rows: Vec::new(),
            clusterings: Vec::new(),
            acc,
            remaining,
            last: None,
            more: false,
            done: false,
        }
    }

    /// True once nothing more should be read.
    pub fn finished(&self) -> bool {
        self.done || self.more
    }

    /// Read `p` (token `token`), resuming after `resume` when it is the previous page's last
    /// partition. Returns false when reading must stop.
    pub fn partition(&mut self, token: i64, p: &Partition, resume: Option<&PagingState>) -> bool {
        if self.finished() {
            return false;
        }
        if resume.is_some_and(|r| r.clustering.is_none() || r.partition_remaining == Some(0)) {
            return true;
        }
        if self.plan.distinct {
            if !p.has_live_data(self.plan.now) {
                return true;
            }
            let row = live_row(self.plan.layout, p, None, self.plan.now)
                .unwrap_or_else(|| key_only_row(self.plan.layout, p));
            if !self.plan.filters.iter().all(|f| f.matches(&row)) {
                return true;
            }
            return !matches!(self.emit(&row, token, &p.key, None, &mut None), Next::Stop);
        }
        let mut left = match resume {
            Some(r) => r.partition_remaining.map(|n| n as usize),
            None => self.plan.per_partition_limit,
        };
        let after = resume.and_then(|r| r.clustering.clone());
        let mut saw_row = false;
        let order: Vec<&(Clustering, Clustering)> = if self.plan.reversed {
            self.plan.slices.iter().rev().collect()
        } else {
            self.plan.slices.iter().collect()
        };
        for (start, end) in order {
            let (start, end) = self.resume_bounds(start, end, after.as_ref());
            for (ck, row) in p.slice(&start, &end, self.plan.reversed) {
                let Some(live) = live_row(self.plan.layout, p, Some((ck, row)), self.plan.now)
                else {
                    continue;
                };
                saw_row = true;
                if !self.plan.filters.iter().all(|f| f.matches(&live)) {
                    continue;
                }
                match self.emit(&live, token, &p.key, Some(&ck.values), &mut left) {
                    Next::Continue => {}
                    Next::EndPartition => return true,
                    Next::Stop => return false,
                }
            }
        }
        if !saw_row && after.is_none() && self.plan.static_fallback {
            if let Some(live) = live_row(self.plan.layout, p, None, self.plan.now) {
                if self.plan.filters.iter().all(|f| f.matches(&live)) {
                    return !matches!(self.emit(&live, token, &p.key, None, &mut left), Next::Stop);
                }
            }
        }
        true
    }

    fn resume_bounds(
        &self,
        start: &Clustering,
        end: &Clustering,
        after: Option<&Vec<Vec<u8>>>,
    ) -> (Clustering, Clustering) {
        let Some(last) = after else {
            return (start.clone(), end.clone());
        };
        let order = &self.plan.layout.order;
        if self.plan.reversed {
            let bound = Clustering::bound(order, last.clone(), BoundKind::Before);
            (start.clone(), bound.min(end.clone()))
        } else {
            let bound = Clustering::bound(order, last.clone(), BoundKind::After);
            (bound.max(start.clone()), end.clone())
        }
    }

    fn emit(
        &mut self,
        row: &LiveRow,
        token: i64,
        key: &[Vec<u8>],
        clustering: Option<&Vec<Vec<u8>>>,
        left: &mut Option<usize>,
    ) -> Next {
        if let Some(acc) = &mut self.acc {
            accumulate(self.plan.selection, acc, row, token);
        } else {
            if self.plan.page_size.is_some_and(|n| self.rows.len() >= n) {
                self.more = true;
                return Next::Stop;
            }
            self.rows.push(self.plan.selection.project(row, token));
            if self.plan.keep_clustering {
                self.clusterings
                    .push(clustering.cloned().unwrap_or_default());
            }
        }
        if let Some(l) = left.as_mut() {
            *l = l.saturating_sub(1);
        }
        self.last = Some((key.to_vec(), clustering.cloned(), *left));
        if self.acc.is_none() {
            if let Some(r) = self.remaining.as_mut() {
                *r = r.saturating_sub(1);
                if *r == 0 {
                    self.done = true;
                    return Next::Stop;
                }
            }
        }
        if *left == Some(0) {
            return Next::EndPartition;
        }
        Next::Continue
    }

    /// The paging state to return, when the read stopped on a full page.
    pub fn paging_state(&self) -> Option<Vec<u8>> {
        if !self.more {
            return None;
        }
        let (partition, clustering, left) = self.last.clone()?;
        Some(
            PagingState {
                partition,
                clustering,
                remaining: self.remaining.map(|r| r.min(u32::MAX as usize) as u32),
                partition_remaining: left.map(|l| l.min(u32::MAX as usize) as u32),
            }
            .encode(),
        )
    }

    /// The aggregated row of an aggregate query.
    pub fn aggregate_row(&self) -> Option<ValueRow> {
        self.acc
            .as_ref()
            .map(|acc| acc.iter().map(Accumulator::result).collect())
    }
}

/// A row holding only the partition key (DISTINCT on a partition without live statics).
fn key_only_row(layout: &Layout, p: &Partition) -> LiveRow {
    (0..layout.columns.len())
        .map(|i| {
            (i < layout.partition_key_len)
                .then(|| p.key.get(i))
                .flatten()
                .map(|v| LiveCell {
                    value: v.clone(),
                    timestamp: 0,
                    ttl: None,
                })
        })
        .collect()
}
