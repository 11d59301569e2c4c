//! Stall windows (a GC-pause model) and stretching work over them.
//!
//! Period `k` of a node starts at `offset + k * every`; its stall starts `jitter_k` later
//! (uniform in `0 ..= jitter`, a hash of the model's seed, the node and `k`, so any window can
//! be computed without state, in any order) and lasts `length`. Validation keeps
//! `length + jitter <= every`, so stall `k` lies inside period `k` and windows never overlap.
//! A stalled node does no work: work that meets a stall pauses until its end.

use std::time::Duration;

use super::distribution::nanos;
use super::error::ModelError;
use super::Stalls;

/// One node's stall windows, in nanoseconds from the cluster's start.
#[derive(Debug, Clone)]
pub(super) struct StallSchedule {
    every: u64,
    length: u64,
    jitter: u64,
    offset: u64,
    salt: u64,
}

/// SplitMix64's finalizer: a well-mixed 64-bit hash of `x`.
pub(super) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Checks `stalls` (found at `field` of the profile): a positive period longer than the stall
/// plus its jitter.
pub(super) fn check(stalls: &Stalls, field: &str) -> Result<(), ModelError> {
    let fail = |detail: String| {
        Err(ModelError::Stalls {
            field: field.to_string(),
            detail,
        })
    };
    if stalls.every.is_zero() {
        return fail("every is 0; give the time between stalls (e.g. 5s)".into());
    }
    if stalls.length >= stalls.every {
        return fail(format!(
            "length {:?} is not shorter than every {:?}; the node would never run",
            stalls.length, stalls.every
        ));
    }
    if stalls.length.saturating_add(stalls.jitter) > stalls.every {
        return fail(format!(
            "length {:?} + jitter {:?} exceeds every {:?}; stalls would overlap the next period",
            stalls.length, stalls.jitter, stalls.every
        ));
    }
    Ok(())
}

impl StallSchedule {
    /// The windows of node `node` (None when the stalls have length 0).
    pub fn new(stalls: &Stalls, seed: u64, node: usize) -> Option<StallSchedule> {
        if stalls.length.is_zero() || stalls.every.is_zero() {
            return None;
        }
        Some(StallSchedule {
            every: nanos(stalls.every),
            length: nanos(stalls.length),
            jitter: nanos(stalls.jitter),
            offset: nanos(stalls.offset),
            salt: mix(seed ^ mix(node as u64 ^ 0x5157_a115)),
        })
    }

    /// The fraction of time the node is stalled (`length / every`).
    pub fn stalled_fraction(&self) -> f64 {
        self.length as f64 / self.every as f64
    }

    /// Stall `k`: its start and end.
    fn window(&self, k: u64) -> (u64, u64) {
        let jitter = match self.jitter {
            0 => 0,
            j => mix(self.salt ^ k) % (j + 1),
        };
        let start = self
            .offset
            .saturating_add(k.saturating_mul(self.every))
            .saturating_add(jitter);
        (start, start.saturating_add(self.length))
    }

    /// The first stall that ends after `t` (it may contain `t`).
    fn next_window(&self, t: u64) -> (u64, u64) {
        let k = t.saturating_sub(self.offset) / self.every;
        let window = self.window(k);
        if window.1 > t {
            window
        } else {
            self.window(k + 1)
        }
    }

    /// The end of the stall containing `at`, if `at` falls into one.
    pub fn containing(&self, at: Duration) -> Option<Duration> {
        let t = nanos(at);
        let (start, end) = self.next_window(t);
        (start <= t).then(|| Duration::from_nanos(end))
    }

    /// Work of length `work` that may start at `start`: when it really starts (moved out of a
    /// stall) and when it ends (`work` of running time, paused by every stall it meets).
    pub fn run(&self, start: Duration, work: Duration) -> (Duration, Duration) {
        let mut t = nanos(start);
        let mut left = nanos(work);
        let mut begin = None;
        loop {
            let (stall_start, stall_end) = self.next_window(t);
            if stall_start <= t {
                t = stall_end;
                continue;
            }
            let begin = *begin.get_or_insert(t);
            if left <= stall_start - t {
                let end = t.saturating_add(left);
                return (Duration::from_nanos(begin), Duration::from_nanos(end));
            }
            left -= stall_start - t;
            t = stall_end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Every 100 ms from 50 ms, 10 ms long, no jitter: stalls [50, 60), [150, 160), ...
    fn plain() -> StallSchedule {
        let stalls = Stalls {
            every: ms(100),
            length: ms(10),
            jitter: Duration::ZERO,
            offset: ms(50),
        };
        StallSchedule::new(&stalls, 1, 0).expect("has stalls")
    }

    #[test]
    fn containing_finds_the_stall_and_its_end() {
        let s = plain();
        assert_eq!(s.containing(ms(0)), None);
        assert_eq!(s.containing(ms(49)), None);
        assert_eq!(s.containing(ms(50)), Some(ms(60)));
        assert_eq!(s.containing(ms(59)), Some(ms(60)));
        assert_eq!(s.containing(ms(60)), None, "the end is not stalled");
        assert_eq!(s.containing(ms(155)), Some(ms(160)));
        assert_eq!(s.stalled_fraction(), 0.1);
    }

    #[test]
    fn work_is_stretched_by_the_overlap() {
        let s = plain();
        // Before any stall: unchanged.
        assert_eq!(s.run(ms(10), ms(20)), (ms(10), ms(30)));
        // Ends exactly where a stall starts: unchanged.
        assert_eq!(s.run(ms(40), ms(10)), (ms(40), ms(50)));
        // 45 + 10 overlaps [50, 60): 5 ms before, 5 ms after -> ends at 65.
        assert_eq!(s.run(ms(45), ms(10)), (ms(45), ms(65)));
        // Starts inside a stall: begins at its end.
        assert_eq!(s.run(ms(55), ms(10)), (ms(60), ms(70)));
        // 250 ms of work from 0 meets stalls at 50, 150, 250: 0..50, 60..150, 160..250 give
        // 230 ms, the last 20 ms run 260..280.
        assert_eq!(s.run(ms(0), ms(250)), (ms(0), ms(280)));
    }

    #[test]
    fn jitter_is_bounded_deterministic_and_varies() {
        let stalls = Stalls {
            every: ms(100),
            length: ms(10),
            jitter: ms(30),
            offset: Duration::ZERO,
        };
        let a = StallSchedule::new(&stalls, 9, 0).unwrap();
        let again = StallSchedule::new(&stalls, 9, 0).unwrap();
        let other_node = StallSchedule::new(&stalls, 9, 1).unwrap();
        let mut starts = Vec::new();
        for k in 0..200u64 {
            let (start, end) = a.window(k);
            let period = k * 100_000_000;
            assert!(
                start >= period && start <= period + 30_000_000,
                "window {k}"
            );
            assert_eq!(end - start, 10_000_000);
            assert_eq!(again.window(k), (start, end));
            starts.push(start - period);
        }
        starts.sort_unstable();
        starts.dedup();
        assert!(
            starts.len() > 150,
            "jitter should vary: {} distinct",
            starts.len()
        );
        assert!((0..200).any(|k| other_node.window(k) != a.window(k)));
    }

    #[test]
    fn invalid_stalls_are_rejected() {
        let s = |every, length, jitter| Stalls {
            every: ms(every),
            length: ms(length),
            jitter: ms(jitter),
            offset: Duration::ZERO,
        };
        assert!(check(&s(100, 10, 90), "model.stalls").is_ok());
        for bad in [s(0, 0, 0), s(100, 100, 0), s(100, 10, 91)] {
            let err = check(&bad, "model.stalls")
                .expect_err("invalid")
                .to_string();
            assert!(err.starts_with("model.stalls: "), "{err}");
        }
    }
}
