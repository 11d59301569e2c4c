//! `duration` constants: `12h30m`, `-3d`, `P1DT2H`, `P2W`, `P0001-02-03T04:05:06`.
//!
//! A duration is three numbers (months, days, nanoseconds) because months and days have no
//! fixed length. Cassandra's `Duration.from` accepts units in decreasing order only, each at
//! most once, and refuses totals beyond 32-bit months/days or 64-bit nanoseconds; the same
//! rules and messages apply here. The value is serialized as three vints.

use super::vint::put_vint;
use crate::node::error::{CqlError, CqlResult};

const NANOS_PER_MICRO: i64 = 1_000;
const NANOS_PER_MILLI: i64 = 1_000_000;
const NANOS_PER_SECOND: i64 = 1_000_000_000;
const NANOS_PER_MINUTE: i64 = 60 * NANOS_PER_SECOND;
const NANOS_PER_HOUR: i64 = 60 * NANOS_PER_MINUTE;

/// The units, largest first; a unit's position is its order index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Years,
    Months,
    Weeks,
    Days,
    Hours,
    Minutes,
    Seconds,
    Millis,
    Micros,
    Nanos,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Years => "years",
            Unit::Months => "months",
            Unit::Weeks => "weeks",
            Unit::Days => "days",
            Unit::Hours => "hours",
            Unit::Minutes => "minutes",
            Unit::Seconds => "seconds",
            Unit::Millis => "milliseconds",
            Unit::Micros => "microseconds",
            Unit::Nanos => "nanoseconds",
        }
    }
}

/// Accumulates units in order, checking order and overflow as Cassandra's builder does.
#[derive(Default)]
struct Builder {
    months: i64,
    days: i64,
    nanos: i64,
    last: Option<Unit>,
}

impl Builder {
    fn add(&mut self, amount: i64, unit: Unit) -> CqlResult<()> {
        match self.last {
            Some(last) if last == unit => {
                return Err(invalid(format!(
                    "Invalid duration. The {} are specified multiple times",
                    unit.name()
                )))
            }
            Some(last) if last > unit => {
                return Err(invalid(format!(
                    "Invalid duration. The {} should be after {}",
                    last.name(),
                    unit.name()
                )))
            }
            _ => self.last = Some(unit),
        }
        let (total, per_unit, limit, what) = match unit {
            Unit::Years => (&mut self.months, 12, i64::from(i32::MAX), "months"),
            Unit::Months => (&mut self.months, 1, i64::from(i32::MAX), "months"),
            Unit::Weeks => (&mut self.days, 7, i64::from(i32::MAX), "days"),
            Unit::Days => (&mut self.days, 1, i64::from(i32::MAX), "days"),
            Unit::Hours => (&mut self.nanos, NANOS_PER_HOUR, i64::MAX, "nanoseconds"),
            Unit::Minutes => (&mut self.nanos, NANOS_PER_MINUTE, i64::MAX, "nanoseconds"),
            Unit::Seconds => (&mut self.nanos, NANOS_PER_SECOND, i64::MAX, "nanoseconds"),
            Unit::Millis => (&mut self.nanos, NANOS_PER_MILLI, i64::MAX, "nanoseconds"),
            Unit::Micros => (&mut self.nanos, NANOS_PER_MICRO, i64::MAX, "nanoseconds"),
            Unit::Nanos => (&mut self.nanos, 1, i64::MAX, "nanoseconds"),
        };
        if amount > (limit - *total) / per_unit {
            // Cassandra prints Integer.MAX_VALUE here whatever the unit.
            return Err(invalid(format!(
                "Invalid duration. The total number of {what} must be less or equal to {}",
                i32::MAX
            )));
        }
        *total += amount * per_unit;
        Ok(())
    }

    fn build(self, negative: bool) -> (i64, i64, i64) {
        let sign = if negative { -1 } else { 1 };
        (sign * self.months, sign * self.days, sign * self.nanos)
    }
}

fn invalid(msg: String) -> CqlError {
    CqlError::Invalid(msg)
}

/// Parse a duration into (months, days, nanoseconds).
pub(crate) fn parse_duration(input: &str) -> CqlResult<(i64, i64, i64)> {
    let fail = || invalid(format!("Unable to convert '{input}' to a duration"));
    let negative = input.starts_with('-');
    let source = input.strip_prefix('-').unwrap_or(input);
    let mut builder = Builder::default();
    if let Some(iso) = source.strip_prefix('P') {
        let fields = if source.ends_with('W') {
            iso_week(iso)
        } else if source.contains('-') {
            iso_alternative(iso)
        } else {
            iso_designators(iso)
        };
        for (amount, unit) in fields.ok_or_else(fail)? {
            builder.add(amount, unit)?;
        }
    } else {
        let mut rest = source;
        if rest.is_empty() {
            return Err(fail());
        }
        while !rest.is_empty() {
            let (amount, after) = leading_number(rest).ok_or_else(fail)?;
            let (unit, after) = standard_unit(after).ok_or_else(fail)?;
            builder.add(amount, unit)?;
            rest = after;
        }
    }
    Ok(builder.build(negative))
}

/// Serialize a duration constant.
pub(crate) fn duration_bytes(input: &str) -> CqlResult<Vec<u8>> {
    let (months, days, nanos) = parse_duration(input)?;
    let mut out = Vec::new();
    for v in [months, days, nanos] {
        put_vint(&mut out, v);
    }
    Ok(out)
}

/// Leading ASCII digits as an i64, and the rest.
fn leading_number(s: &str) -> Option<(i64, &str)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    let value = s.get(..len).filter(|d| !d.is_empty())?.parse().ok()?;
    Some((value, s.get(len..)?))
}

/// A unit symbol at the front of `s` (case-insensitive; `mo`/`ms` win over `m`).
fn standard_unit(s: &str) -> Option<(Unit, &str)> {
    const SYMBOLS: [(&str, Unit); 11] = [
        ("mo", Unit::Months),
        ("ms", Unit::Millis),
        ("us", Unit::Micros),
        ("µs", Unit::Micros),
        ("ns", Unit::Nanos),
        ("y", Unit::Years),
        ("w", Unit::Weeks),
        ("d", Unit::Days),
        ("h", Unit::Hours),
        ("s", Unit::Seconds),
        ("m", Unit::Minutes),
    ];
    SYMBOLS.iter().find_map(|(symbol, unit)| {
        let head = s.get(..symbol.len())?;
        (head.to_lowercase() == *symbol).then(|| (*unit, s.get(symbol.len()..).unwrap_or("")))
    })
}

/// `nW` (after the `P`).
fn iso_week(s: &str) -> Option<Vec<(i64, Unit)>> {
    let (weeks, rest) = leading_number(s)?;
    (rest == "W").then(|| vec![(weeks, Unit::Weeks)])
}

/// `YYYY-MM-DDThh:mm:ss` (after the `P`), fixed widths.
fn iso_alternative(s: &str) -> Option<Vec<(i64, Unit)>> {
    let bytes = s.as_bytes();
    let layout = b"dddd-dd-ddTdd:dd:dd";
    let fits = bytes.len() == layout.len()
        && bytes.iter().zip(layout.iter()).all(|(b, l)| match l {
            b'd' => b.is_ascii_digit(),
            other => b == other,
        });
    if !fits {
        return None;
    }
    let field = |range: std::ops::Range<usize>| s.get(range)?.parse::<i64>().ok();
    Some(vec![
        (field(0..4)?, Unit::Years),
        (field(5..7)?, Unit::Months),
        (field(8..10)?, Unit::Days),
        (field(11..13)?, Unit::Hours),
        (field(14..16)?, Unit::Minutes),
        (field(17..19)?, Unit::Seconds),
    ])
}

/// `[nY][nM][nD][T[nH][nM][nS]]` (after the `P`).
fn iso_designators(s: &str) -> Option<Vec<(i64, Unit)>> {
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut fields = designated(
        date,
        &[('Y', Unit::Years), ('M', Unit::Months), ('D', Unit::Days)],
    )?;
    if let Some(time) = time {
        let hms = [
            ('H', Unit::Hours),
            ('M', Unit::Minutes),
            ('S', Unit::Seconds),
        ];
        fields.extend(designated(time, &hms)?);
    }
    Some(fields)
}

/// Numbers each followed by one of `designators`, in that order, each optional.
fn designated(mut s: &str, designators: &[(char, Unit)]) -> Option<Vec<(i64, Unit)>> {
    let mut fields = Vec::new();
    for (letter, unit) in designators {
        if let Some((amount, rest)) = leading_number(s) {
            if let Some(after) = rest.strip_prefix(*letter) {
                fields.push((amount, *unit));
                s = after;
            }
        }
    }
    s.is_empty().then_some(fields)
}

#[cfg(test)]
#[path = "duration_tests.rs"]
mod tests;
