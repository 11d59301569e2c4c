//! UTC timestamps for results: RFC 3339 (`2026-11-22T13:00:00.250Z`) in run.json and the compact
//! form (`20261122T130000Z`) that starts a run id. A few lines of calendar arithmetic instead of
//! a date-time dependency: results only ever format UTC instants.

use crate::calendar::civil_from_days;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Year, month, day, hour, minute, second, millisecond of an instant, in UTC.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u64,
    minute: u64,
    second: u64,
    millis: u32,
}

fn civil(time: SystemTime) -> Civil {
    // Instants before 1970 do not occur for runs; clamp them to the epoch.
    let since = time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let secs = since.as_secs();
    let days = (secs / 86_400) as i64;
    let of_day = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: of_day / 3600,
        minute: of_day % 3600 / 60,
        second: of_day % 60,
        millis: since.subsec_millis(),
    }
}

/// `2026-11-22T13:00:00.250Z`
pub fn rfc3339(time: SystemTime) -> String {
    let c = civil(time);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.millis
    )
}

/// `20261122T130000Z`
pub fn compact(time: SystemTime) -> String {
    let c = civil(time);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `start` plus `offset_ns` nanoseconds, as RFC 3339.
pub fn rfc3339_at(start: SystemTime, offset_ns: u64) -> String {
    rfc3339(start + Duration::from_nanos(offset_ns))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64, millis: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_millis(millis)
    }

    #[test]
    fn known_instants() {
        assert_eq!(rfc3339(at(0, 0)), "1970-01-01T00:00:00.000Z");
        // 2000-02-29 (a leap day in a century leap year) 12:34:56.789 UTC
        assert_eq!(rfc3339(at(951_827_696, 789)), "2000-02-29T12:34:56.789Z");
        // 2026-11-22 13:00:00 UTC
        assert_eq!(compact(at(1_795_352_400, 0)), "20261122T130000Z");
        assert_eq!(rfc3339(at(4_102_444_799, 999)), "2099-12-31T23:59:59.999Z");
    }

    #[test]
    fn every_day_follows_the_previous_one() {
        // Walk 800 years of days: each date is the previous one plus one day.
        let mut previous = civil_from_days(-200 * 365);
        for days in (-200 * 365 + 1)..(600 * 365) {
            let (y, m, d) = civil_from_days(days);
            let (py, pm, pd) = previous;
            let next_day = (y, m, d) == (py, pm, pd + 1);
            let next_month = (y, m, d) == (py, pm + 1, 1);
            let next_year = (y, m, d) == (py + 1, 1, 1) && (pm, pd) == (12, 31);
            assert!(
                next_day || next_month || next_year,
                "{previous:?} -> {:?}",
                (y, m, d)
            );
            previous = (y, m, d);
        }
    }
}
