//! Number formatting shared by the summary, the warnings and the progress line, so that the same
//! quantity always reads the same way.

/// `1234567` -> `1,234,567`
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A rate in ops/s: thousands separators, one decimal below 100.
pub fn rate(r: f64) -> String {
    if !r.is_finite() || r <= 0.0 {
        "0".to_string()
    } else if r < 100.0 {
        format!("{r:.1}")
    } else {
        count(r.round() as u64)
    }
}

/// A latency in microseconds, in the unit that keeps 3 significant digits readable:
/// `850 µs`, `1.25 ms`, `12.5 ms`, `250 ms`, `1.50 s`.
pub fn latency(us: u64) -> String {
    // Thresholds sit where rounding would carry into the next digit (9.996 ms is "10.0 ms",
    // not "10.00 ms").
    let ms = us as f64 / 1e3;
    if us < 1_000 {
        format!("{us} µs")
    } else if ms < 9.995 {
        format!("{ms:.2} ms")
    } else if ms < 99.95 {
        format!("{ms:.1} ms")
    } else if ms < 999.5 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1e3)
    }
}

/// A duration in seconds: `45.0 s`, `2m 05s`, `1h 02m`.
pub fn seconds(s: f64) -> String {
    if !s.is_finite() || s < 0.0 {
        return "?".to_string();
    }
    let whole = s.round() as u64;
    if s < 60.0 {
        format!("{s:.1} s")
    } else if whole < 3600 {
        format!("{}m {:02}s", whole / 60, whole % 60)
    } else {
        format!("{}h {:02}m", whole / 3600, whole % 3600 / 60)
    }
}

/// `part` as a percentage of `whole` with one decimal (`0.0` when `whole` is 0).
pub fn percent(part: f64, whole: f64) -> String {
    if whole > 0.0 {
        format!("{:.1}", 100.0 * part / whole)
    } else {
        "0.0".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_numbers() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(rate(19_999.6), "20,000");
        assert_eq!(rate(12.34), "12.3");
        assert_eq!(latency(850), "850 µs");
        assert_eq!(latency(1_250), "1.25 ms");
        assert_eq!(latency(12_500), "12.5 ms");
        assert_eq!(latency(250_000), "250 ms");
        assert_eq!(latency(1_500_000), "1.50 s");
        assert_eq!(latency(9_999), "10.0 ms");
        assert_eq!(latency(99_990), "100 ms");
        assert_eq!(latency(999_700), "1.00 s");
        assert_eq!(seconds(45.04), "45.0 s");
        assert_eq!(seconds(125.0), "2m 05s");
        assert_eq!(seconds(3720.0), "1h 02m");
        assert_eq!(percent(1.0, 8.0), "12.5");
    }
}
