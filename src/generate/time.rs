//! Time: a simulated clock that advances a fixed step per cycle (so time-series writes are
//! reproducible and as dense as the workload says, whatever the real rate), time buckets
//! (the day or hour a timestamp falls in, for partition keys), and the calendar arithmetic
//! to read and print timestamps without a date library.

use super::error::GenerateError;
use super::value::Value;
use crate::calendar::{civil_from_days, days_from_civil};

const MS_PER_DAY: i64 = 86_400_000;

/// The default clock start: 2024-01-01T00:00:00Z, in ms since the Unix epoch.
pub const DEFAULT_START_MS: i64 = 1_704_067_200_000;

/// `start + cycle * step`, as a timestamp.
#[derive(Debug, Clone)]
pub struct Clock {
    start_ms: i64,
    step_ns: u64,
}

impl Clock {
    pub fn new(start_ms: i64, step_ns: u64) -> Result<Self, GenerateError> {
        if step_ns == 0 {
            return Err(GenerateError::bad(
                "clock",
                "step must be longer than zero (e.g. 10ms: each cycle is 10 ms of simulated time)",
            ));
        }
        Ok(Clock { start_ms, step_ns })
    }

    pub fn at(&self, cycle: u64) -> Value {
        let offset_ms = u128::from(cycle) * u128::from(self.step_ns) / 1_000_000;
        let offset = i64::try_from(offset_ms).unwrap_or(i64::MAX);
        Value::Timestamp(self.start_ms.saturating_add(offset))
    }
}

/// How a bucket is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketFormat {
    /// The bucket's first instant, as a timestamp.
    Timestamp,
    /// `2024-01-15` for buckets of whole days, `2024-01-15 13:00:00` otherwise.
    Text,
    /// The bucket number since the epoch (timestamp / size).
    Number,
}

/// The bucket of `size_ms` a timestamp falls in.
#[derive(Debug, Clone)]
pub struct Bucket {
    size_ms: i64,
    format: BucketFormat,
}

impl Bucket {
    pub fn new(size_ms: i64, format: BucketFormat) -> Result<Self, GenerateError> {
        if size_ms <= 0 {
            return Err(GenerateError::bad(
                "bucket",
                "size must be at least 1ms (e.g. 1d for daily buckets)",
            ));
        }
        Ok(Bucket { size_ms, format })
    }

    /// The bucket of `of` (a timestamp, or milliseconds as an integer); other values give null.
    pub fn of(&self, of: &Value) -> Value {
        let ms = match of {
            Value::Timestamp(ms) | Value::Int(ms) => *ms,
            _ => return Value::Null,
        };
        let number = ms.div_euclid(self.size_ms);
        let start = number.saturating_mul(self.size_ms);
        match self.format {
            BucketFormat::Timestamp => Value::Timestamp(start),
            BucketFormat::Number => Value::Int(number),
            BucketFormat::Text => Value::Text(format_ms(start, self.size_ms % MS_PER_DAY != 0)),
        }
    }
}

/// `2024-01-15` or `2024-01-15 13:45:00` (UTC).
pub fn format_ms(ms: i64, with_time: bool) -> String {
    let (year, month, day) = civil_from_days(ms.div_euclid(MS_PER_DAY));
    if !with_time {
        return format!("{year:04}-{month:02}-{day:02}");
    }
    let secs = ms.rem_euclid(MS_PER_DAY) / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    format!("{year:04}-{month:02}-{day:02} {h:02}:{m:02}:{s:02}")
}

/// Milliseconds since the epoch of `2024-01-15`, `2024-01-15T13:45:00Z`,
/// `2024-01-15 13:45:00.250`, or with an offset such as `+02:00`. Times without an offset
/// are UTC.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, rest) = t.split_at(t.find(['T', ' ']).unwrap_or(t.len()));
    let mut parts = date.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let mut ms = days_from_civil(year, month, day).checked_mul(MS_PER_DAY)?;
    let rest = rest.get(1..).unwrap_or("");
    if rest.is_empty() {
        return Some(ms);
    }
    let (time, offset_ms) = split_offset(rest)?;
    let mut hms = time.splitn(3, ':');
    let h: i64 = hms.next()?.parse().ok()?;
    let m: i64 = hms.next()?.parse().ok()?;
    let s: f64 = hms.next().unwrap_or("0").parse().ok()?;
    if !(0..24).contains(&h) || !(0..60).contains(&m) || !(0.0..61.0).contains(&s) {
        return None;
    }
    ms += h * 3_600_000 + m * 60_000 + (s * 1000.0).round() as i64;
    ms.checked_sub(offset_ms)
}

fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(t) = time.strip_suffix('Z') {
        return Some((t, 0));
    }
    let Some(at) = time.rfind(['+', '-']) else {
        return Some((time, 0));
    };
    let (t, offset) = time.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let (h, m) = offset.get(1..)?.split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    Some((t, sign * (h * 3_600_000 + m * 60_000)))
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips() {
        assert_eq!(parse_timestamp("1970-01-01"), Some(0));
        assert_eq!(
            parse_timestamp("2024-01-01T00:00:00Z"),
            Some(DEFAULT_START_MS)
        );
        // 2000-03-01 is day 11017 (a leap-year check across February).
        assert_eq!(parse_timestamp("2000-03-01"), Some(11_017 * MS_PER_DAY));
        assert_eq!(
            parse_timestamp("2024-01-01T02:00:00+02:00"),
            Some(DEFAULT_START_MS)
        );
        assert_eq!(
            parse_timestamp("2024-01-01 00:00:01.5"),
            Some(DEFAULT_START_MS + 1500)
        );
        assert_eq!(parse_timestamp("2023-02-29"), None);
        assert_eq!(parse_timestamp("yesterday"), None);
        for days in [-1000i64, 0, 11_017, 19_723, 100_000] {
            let text = format_ms(days * MS_PER_DAY, false);
            assert_eq!(parse_timestamp(&text), Some(days * MS_PER_DAY), "{text}");
        }
        assert_eq!(
            format_ms(DEFAULT_START_MS + 49_530_000, true),
            "2024-01-01 13:45:30"
        );
    }

    #[test]
    fn clock_advances_by_its_step() {
        let clock = Clock::new(DEFAULT_START_MS, 250_000).expect("valid");
        assert_eq!(clock.at(0), Value::Timestamp(DEFAULT_START_MS));
        assert_eq!(clock.at(4), Value::Timestamp(DEFAULT_START_MS + 1));
        assert_eq!(clock.at(4000), Value::Timestamp(DEFAULT_START_MS + 1000));
        assert!(Clock::new(0, 0).is_err());
    }

    #[test]
    fn buckets_floor_to_their_size() {
        let ts = Value::Timestamp(DEFAULT_START_MS + MS_PER_DAY + 3_600_000);
        let day = |f| Bucket::new(MS_PER_DAY, f).expect("valid").of(&ts);
        assert_eq!(day(BucketFormat::Text), Value::Text("2024-01-02".into()));
        assert_eq!(
            day(BucketFormat::Timestamp),
            Value::Timestamp(DEFAULT_START_MS + MS_PER_DAY)
        );
        assert_eq!(
            day(BucketFormat::Number),
            Value::Int(DEFAULT_START_MS / MS_PER_DAY + 1)
        );
        let hour = Bucket::new(3_600_000, BucketFormat::Text).expect("valid");
        assert_eq!(hour.of(&ts), Value::Text("2024-01-02 01:00:00".into()));
        assert_eq!(hour.of(&Value::Text("x".into())), Value::Null);
        assert!(Bucket::new(0, BucketFormat::Text).is_err());
    }
}
