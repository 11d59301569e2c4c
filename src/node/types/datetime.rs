//! `timestamp`, `date` and `time` constants: parsing the string forms Cassandra accepts, and
//! the calendar arithmetic behind them and behind the time functions.
//!
//! Cassandra 4.1 reads a timestamp string as `y-M-d[( |T)H:m[:s][.fraction]][zone]`, a date as
//! ISO `yyyy-MM-dd` (or a raw unsigned day number centred on 2^31), and a time as
//! `hh:mm:ss[.fffffffff]` (or raw nanoseconds). A timestamp without a zone is read in the
//! server's zone; a reference node always runs in UTC. Values are serialized as Cassandra
//! stores them: timestamp = i64 millis, date = u32 days with the epoch at 2^31, time = i64
//! nanoseconds since midnight.

pub(crate) use crate::calendar::days_from_civil;
use crate::node::error::{CqlError, CqlResult};
use std::time::{SystemTime, UNIX_EPOCH};

pub(crate) const MILLIS_PER_DAY: i64 = 86_400_000;
pub(crate) const NANOS_PER_DAY: i64 = 86_400_000_000_000;
/// The serialized `date` of 1970-01-01.
pub(crate) const EPOCH_DAY: i64 = 1 << 31;

/// Milliseconds since the Unix epoch, now.
pub(crate) fn now_millis() -> i64 {
    now_nanos().div_euclid(1_000_000) as i64
}

/// Nanoseconds since the Unix epoch, now.
pub(crate) fn now_nanos() -> i128 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Serialized `date` for a day count since the epoch (`None` outside the 32-bit range).
pub(crate) fn date_bytes(days_since_epoch: i64) -> Option<Vec<u8>> {
    let raw = u32::try_from(days_since_epoch.checked_add(EPOCH_DAY)?).ok()?;
    Some(raw.to_be_bytes().to_vec())
}

/// Days since the epoch of a timestamp, as Cassandra's `timeInMillisToDay` computes them:
/// whole seconds (floored), then days truncated toward zero.
pub(crate) fn millis_to_days(millis: i64) -> i64 {
    millis.div_euclid(1000) / 86_400
}

/// A timestamp constant (string form, or digits for raw milliseconds).
pub(crate) fn parse_timestamp(source: &str) -> CqlResult<i64> {
    if source.eq_ignore_ascii_case("now") {
        return Ok(now_millis());
    }
    if is_raw_number(source) {
        return source.parse().map_err(|_| {
            CqlError::Invalid(format!("Unable to make long (for date) from: '{source}'"))
        });
    }
    parse_date_time(source)
        .ok_or_else(|| CqlError::Invalid(format!("Unable to parse a date/time from '{source}'")))
}

/// A date constant: `yyyy-MM-dd`, or digits for the raw unsigned day number.
pub(crate) fn parse_date(source: &str) -> CqlResult<Vec<u8>> {
    if is_raw_number(source) {
        let raw = source
            .parse::<i64>()
            .ok()
            .filter(|v| (0..=i64::from(u32::MAX)).contains(v));
        return raw
            .and_then(|v| u32::try_from(v).ok())
            .map(|v| v.to_be_bytes().to_vec())
            .ok_or_else(|| {
                CqlError::Invalid(format!(
                    "Unable to make unsigned int (for date) from: '{source}'"
                ))
            });
    }
    let fail = || {
        CqlError::Invalid(format!(
            "Unable to coerce '{source}' to a formatted date (long)"
        ))
    };
    let mut cursor = Cursor::new(source);
    let (year, month, day) = cursor.iso_date().ok_or_else(fail)?;
    if !cursor.done() || day > days_in_month(year, month) {
        return Err(fail());
    }
    let days = days_from_civil(year, month, day);
    if days < -EPOCH_DAY {
        return Err(CqlError::Invalid(format!(
            "Input date {source} is less than min supported date -5877641-06-23T00:00Z"
        )));
    }
    date_bytes(days).ok_or_else(|| {
        CqlError::Invalid(format!(
            "Input date {source} is greater than max supported date +5881580-07-11T00:00Z"
        ))
    })
}

/// A time constant: `hh:mm:ss[.fffffffff]`, or digits for raw nanoseconds.
pub(crate) fn parse_time(source: &str) -> CqlResult<i64> {
    if is_raw_number(source) {
        return source
            .parse::<i64>()
            .ok()
            .filter(|v| (0..NANOS_PER_DAY).contains(v))
            .ok_or_else(|| {
                CqlError::Invalid(format!("Unable to make long (for time) from: '{source}'"))
            });
    }
    parse_time_of_day(source.trim()).ok_or_else(|| {
        CqlError::Invalid(format!(
            "(TimeType) Unable to coerce '{source}' to a formatted time (long)"
        ))
    })
}

/// `^-?\d+$`
fn is_raw_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `hh:mm:ss[.f{1,9}]` with hours < 24, minutes and seconds < 60.
fn parse_time_of_day(s: &str) -> Option<i64> {
    let mut parts = s.splitn(3, ':');
    let hour = parse_java_int(parts.next()?).filter(|h| (0..24).contains(h))?;
    let minute = parse_java_int(parts.next()?).filter(|m| (0..60).contains(m))?;
    let rest = parts.next()?;
    let (second, fraction) = match rest.split_once('.') {
        Some((sec, frac)) => (sec, Some(frac)),
        None => (rest, None),
    };
    let second = parse_java_int(second).filter(|s| (0..60).contains(s))?;
    let nanos = match fraction {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{f:0<9}").parse::<i64>().ok()?
        }
        Some(_) => return None,
    };
    Some(((hour * 60 + minute) * 60 + second) * 1_000_000_000 + nanos)
}

/// `Integer.parseInt`: optional sign then digits.
fn parse_java_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i32>().ok().map(i64::from)
}

/// `y-M-d`, optionally followed by `( |T)H:m[:s][.fraction]`, then an optional zone.
fn parse_date_time(source: &str) -> Option<i64> {
    let mut c = Cursor::new(source);
    let year = i64::try_from(c.number(1, 9)?).ok()?;
    c.literal('-')?;
    let month = u32::try_from(c.number(1, 2)?).ok()?;
    c.literal('-')?;
    let day = u32::try_from(c.number(1, 2)?).ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Java's SMART resolver moves day 29-31 of a shorter month to its last day.
    let day = day.min(days_in_month(year, month));
    let mut millis = days_from_civil(year, month, day).checked_mul(MILLIS_PER_DAY)?;
    let save = c.pos;
    if c.literal('T').or_else(|| c.literal(' ')).is_some() && c.peek_digit() {
        millis = millis.checked_add(c.clock()?)?;
    } else {
        c.pos = save;
    }
    let offset = c.zone()?;
    if !c.done() {
        return None;
    }
    millis.checked_sub(offset.checked_mul(60_000)?)
}

/// A position in the text being parsed.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor { text, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn done(&self) -> bool {
        self.rest().is_empty()
    }

    fn peek_digit(&self) -> bool {
        self.rest()
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit())
    }

    fn literal(&mut self, c: char) -> Option<()> {
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            Some(())
        } else {
            None
        }
    }

    /// Between `min` and `max` ASCII digits.
    fn number(&mut self, min: usize, max: usize) -> Option<u64> {
        let rest = self.rest();
        let len = rest
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_digit)
            .count();
        if len < min {
            return None;
        }
        self.pos += len;
        rest.get(..len)?.parse().ok()
    }

    /// ISO `yyyy-MM-dd` (a year beyond 9999 needs a sign, as `ISO_LOCAL_DATE` wants).
    fn iso_date(&mut self) -> Option<(i64, u32, u32)> {
        let negative = self.literal('-').is_some();
        let signed = negative || self.literal('+').is_some();
        let year = i64::try_from(self.number(4, 9)?).ok()?;
        if year > 9999 && !signed {
            return None;
        }
        self.literal('-')?;
        let month = u32::try_from(self.number(2, 2)?).ok()?;
        self.literal('-')?;
        let day = u32::try_from(self.number(2, 2)?).ok()?;
        if !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        Some((if negative { -year } else { year }, month, day))
    }

    /// `H:m[:s][.fraction]` as milliseconds into the day (the fraction is truncated).
    fn clock(&mut self) -> Option<i64> {
        let hour = self.number(1, 2).filter(|h| *h < 24)?;
        self.literal(':')?;
        let minute = self.number(1, 2).filter(|m| *m < 60)?;
        let mut second = 0;
        if self.literal(':').is_some() {
            second = self.number(1, 2).filter(|s| *s < 60)?;
        }
        let mut millis = 0;
        if self.literal('.').is_some() {
            let digits = self.rest().bytes().take_while(u8::is_ascii_digit).count();
            if digits > 9 {
                return None;
            }
            let fraction = self.rest().get(..digits.min(3))?;
            millis = format!("{fraction:0<3}").parse::<u64>().ok()?;
            self.pos += digits;
        }
        i64::try_from(((hour * 60 + minute) * 60 + second) * 1000 + millis).ok()
    }

    /// An optional zone, as minutes east of UTC: `Z`, `UTC`/`GMT` (after a space), `+HH`,
    /// `+HHMM` or `+HH:MM`, optionally preceded by one space. No zone means UTC.
    fn zone(&mut self) -> Option<i64> {
        if self.done() {
            return Some(0);
        }
        let spaced = self.literal(' ').is_some();
        let rest = self.rest();
        if rest == "Z" || (spaced && (rest == "UTC" || rest == "GMT")) {
            self.pos = self.text.len();
            return Some(0);
        }
        let sign = match rest.bytes().next()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        self.pos += 1;
        let hours = i64::try_from(self.number(2, 2)?).ok()?;
        let colon = self.literal(':').is_some();
        let minutes = match self.number(2, 2) {
            Some(m) => i64::try_from(m).ok()?,
            None if colon => return None,
            None => 0,
        };
        if hours > 18 || minutes > 59 {
            return None;
        }
        Some(sign * (hours * 60 + minutes))
    }
}

#[cfg(test)]
#[path = "datetime_tests.rs"]
mod tests;
