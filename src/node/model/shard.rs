//! One node's shards: FIFO service slots in virtual time, and the queue limit that sheds load.
//!
//! Each shard only remembers when it frees up (the end of the last work given to it); work
//! goes to the shard that frees first and starts at `max(ready, free)`, so each shard is a
//! FIFO queue, and the node a thread pool. With a queue limit, each shard also keeps the start
//! times of the work that has not started yet at the latest arrival seen ("waiting"): a
//! request that would wait behind `queue_limit` others is shed. Start times on one shard never
//! decrease, so the waiting ones are always the tail of that list.

use std::collections::VecDeque;
use std::time::Duration;

#[derive(Debug, Clone)]
pub(super) struct Shards {
    /// When each shard frees up.
    free: Vec<Duration>,
    /// With a queue limit: per shard, start times of work not started yet, ascending.
    waiting: Vec<VecDeque<Duration>>,
    limit: Option<usize>,
}

impl Shards {
    /// `count` (>= 1) idle shards.
    pub fn new(count: usize, limit: Option<usize>) -> Shards {
        let waiting = match limit {
            Some(limit) => (0..count)
                .map(|_| VecDeque::with_capacity(limit + 1))
                .collect(),
            None => Vec::new(),
        };
        Shards {
            free: vec![Duration::ZERO; count.max(1)],
            waiting,
            limit,
        }
    }

    /// The shard that frees first (the lowest index among equals).
    fn soonest(&self) -> usize {
        let mut best = 0;
        for (i, free) in self.free.iter().enumerate() {
            if *free < self.free[best] {
                best = i;
            }
        }
        best
    }

    /// Whether a request arriving at `at` is shed: the shard it would go to is busy and
    /// already has `queue_limit` requests waiting (starting after `at`).
    pub fn is_full(&mut self, at: Duration) -> bool {
        let Some(limit) = self.limit else {
            return false;
        };
        let shard = self.soonest();
        let free = self.free[shard];
        let Some(queue) = self.waiting.get_mut(shard) else {
            return false;
        };
        while queue.front().is_some_and(|start| *start <= at) {
            queue.pop_front();
        }
        free > at && queue.len() >= limit
    }

    /// Gives work decided at `now` and ready at `ready` (>= `now`) to the shard that frees
    /// first; returns when it starts and ends. `run` turns an earliest start into the real
    /// (start, end) (service time, stalls).
    ///
    /// Work ready later than the shard frees (an LWT's later rounds) would leave the shard
    /// idle until then, although requests arriving meanwhile would really be served in that
    /// gap. So it is charged to the shard's backlog as if queued at `now` (the shard's busy
    /// time stays exact, and so does its capacity), while the work itself still cannot start
    /// before `ready`.
    pub fn occupy(
        &mut self,
        now: Duration,
        ready: Duration,
        run: impl Fn(Duration) -> (Duration, Duration),
    ) -> (Duration, Duration) {
        let shard = self.soonest();
        let queued = now.max(self.free[shard]);
        let (start, end) = run(ready.max(queued));
        let (charged_start, charged_end) = if ready > queued {
            run(queued)
        } else {
            (start, end)
        };
        self.free[shard] = charged_end;
        if let Some(queue) = self.waiting.get_mut(shard) {
            if charged_start > now {
                queue.push_back(charged_start);
            }
        }
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Fixed service `s`: work runs from its start for `s`.
    fn fixed(s: Duration) -> impl Fn(Duration) -> (Duration, Duration) {
        move |start| (start, start + s)
    }

    #[test]
    fn one_shard_is_fifo() {
        // k simultaneous arrivals with service s finish at s, 2s, ..., ks.
        let mut shards = Shards::new(1, None);
        let ends: Vec<_> = (0..5)
            .map(|_| shards.occupy(ms(0), ms(0), fixed(ms(3))).1)
            .collect();
        assert_eq!(ends, [ms(3), ms(6), ms(9), ms(12), ms(15)]);
        // After the queue drained, work starts on arrival.
        assert_eq!(
            shards.occupy(ms(100), ms(100), fixed(ms(3))),
            (ms(100), ms(103))
        );
    }

    #[test]
    fn two_shards_halve_the_queue() {
        let mut shards = Shards::new(2, None);
        let ends: Vec<_> = (0..6)
            .map(|_| shards.occupy(ms(0), ms(0), fixed(ms(3))).1)
            .collect();
        assert_eq!(ends, [ms(3), ms(3), ms(6), ms(6), ms(9), ms(9)]);
    }

    #[test]
    fn queue_limit_sheds_exactly_the_requests_beyond_it() {
        // One shard, 2 may wait: of 6 simultaneous arrivals the first runs, 2 wait, 3 are shed.
        let mut shards = Shards::new(1, Some(2));
        let mut admitted = Vec::new();
        for i in 0..6 {
            if !shards.is_full(ms(0)) {
                admitted.push((i, shards.occupy(ms(0), ms(0), fixed(ms(10))).1));
            }
        }
        assert_eq!(admitted, [(0, ms(10)), (1, ms(20)), (2, ms(30))]);
        // At 10 ms the second started: one waits, so one more fits, and then none.
        assert!(!shards.is_full(ms(10)));
        assert_eq!(shards.occupy(ms(10), ms(10), fixed(ms(10))).1, ms(40));
        assert!(shards.is_full(ms(10)));
        // At 40 ms everything started or finished: an idle shard never sheds.
        assert!(!shards.is_full(ms(40)));
    }

    #[test]
    fn later_rounds_are_charged_to_the_backlog_without_a_gap() {
        let mut shards = Shards::new(1, None);
        // Decided at 0, ready at 50: runs 50..60, but the shard counts it as 0..10.
        assert_eq!(
            shards.occupy(ms(0), ms(50), fixed(ms(10))),
            (ms(50), ms(60))
        );
        // A request arriving at 5 ms waits for that backlog only: 10..20.
        assert_eq!(shards.occupy(ms(5), ms(5), fixed(ms(10))), (ms(10), ms(20)));
        // Ready before the backlog ends: queued behind it as usual.
        assert_eq!(
            shards.occupy(ms(6), ms(15), fixed(ms(10))),
            (ms(20), ms(30))
        );
    }

    #[test]
    fn queue_limit_zero_sheds_whatever_would_wait() {
        let mut shards = Shards::new(2, Some(0));
        let mut admitted = 0;
        for _ in 0..5 {
            if !shards.is_full(ms(0)) {
                shards.occupy(ms(0), ms(0), fixed(ms(10)));
                admitted += 1;
            }
        }
        assert_eq!(admitted, 2, "one per shard, none waiting");
    }
}
