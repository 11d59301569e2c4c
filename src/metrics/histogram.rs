//! HdrHistogram conventions shared by every recorder, snapshot and result.
//!
//! All latency histograms hold **microseconds** with 3 significant digits, from 1 µs up to one
//! hour (longer values are clamped to one hour rather than lost). They start small and grow
//! (auto-resize) to the largest value seen, so an operation whose latencies stay below a few
//! milliseconds costs ~16 KiB per histogram instead of the ~190 KiB of the full hour range; the
//! growth happens at most a few dozen times over a run, never per request.

use hdrhistogram::Histogram;

/// Significant decimal digits kept by every latency histogram (the contract asks for >= 3).
pub const SIGNIFICANT_DIGITS: u8 = 3;

/// The largest recordable latency in microseconds: one hour. Longer values are clamped.
pub const MAX_MICROS: u64 = 3_600_000_000;

/// A latency histogram in microseconds.
pub type Latency = Histogram<u64>;

/// An empty latency histogram (auto-resizing, 3 significant digits).
pub fn new_latency() -> Latency {
    // 3 significant digits is within hdrhistogram's accepted range (0..=5), so this cannot fail.
    Histogram::new(SIGNIFICANT_DIGITS).expect("3 significant digits is a valid precision")
}

/// Nanoseconds rounded to the nearest microsecond, clamped to [`MAX_MICROS`].
pub fn micros(ns: u64) -> u64 {
    (ns.saturating_add(500) / 1000).min(MAX_MICROS)
}

/// Records a latency given in nanoseconds.
#[inline]
pub fn record_ns(histogram: &mut Latency, ns: u64) {
    let us = micros(ns);
    // `record` grows an auto-resizing histogram (`saturating_record` would clamp to its current
    // range instead); it can only fail where a resize cannot be represented, and then the value
    // is still counted, clamped.
    if histogram.record(us).is_err() {
        histogram.saturating_record(us);
    }
}

/// Adds every count of `from` to `into`. Histograms made by [`new_latency`] or read back with
/// auto-resize always merge directly; a fixed-range target that is too small still receives
/// every value (clamped to its range) instead of failing.
pub fn merge(into: &mut Latency, from: &Latency) {
    if from.is_empty() {
        return;
    }
    if into.add(from).is_err() {
        for value in from.iter_recorded() {
            into.saturating_record_n(value.value_iterated_to(), value.count_at_value());
        }
    }
}

/// The value at quantile `q` (0.0 ..= 1.0) in microseconds; 0 for an empty histogram.
pub fn quantile_us(histogram: &Latency, q: f64) -> u64 {
    if histogram.is_empty() {
        0
    } else {
        histogram.value_at_quantile(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microseconds_round_and_clamp() {
        assert_eq!(micros(0), 0);
        assert_eq!(micros(499), 0);
        assert_eq!(micros(500), 1);
        assert_eq!(micros(1_499_999), 1_500);
        assert_eq!(micros(u64::MAX), MAX_MICROS);
    }

    #[test]
    fn grows_to_an_hour_and_merges_into_a_fixed_range() {
        let mut h = new_latency();
        record_ns(&mut h, 7_200_000_000_000); // two hours: clamped to one
        record_ns(&mut h, 1_000);
        assert_eq!(h.len(), 2);
        assert!(h.max() >= MAX_MICROS && h.max() <= MAX_MICROS + MAX_MICROS / 1000);
        let mut small = Histogram::<u64>::new_with_max(1_000, 3).expect("valid bounds");
        merge(&mut small, &h);
        assert_eq!(
            small.len(),
            2,
            "values beyond the target's range are clamped, not lost"
        );
    }
}
