//! Tests of timestamp, date and time parsing.

use super::*;

fn msg<T: std::fmt::Debug>(result: CqlResult<T>) -> String {
    match result {
        Err(CqlError::Invalid(m)) => m,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// 2024-01-02T00:00:00Z in milliseconds.
const JAN_2: i64 = 1_704_153_600_000;

#[test]
fn civil_days() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(2024, 1, 2), 19_724);
    assert_eq!(days_from_civil(1969, 12, 31), -1);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(days_from_civil(1600, 1, 1), -135_140);
}

#[test]
fn timestamp_forms() {
    let ok = |s: &str| parse_timestamp(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    assert_eq!(ok("2024-01-02"), JAN_2);
    assert_eq!(ok("2024-01-02 03:04:05"), JAN_2 + 11_045_000);
    assert_eq!(ok("2024-01-02T03:04:05"), JAN_2 + 11_045_000);
    assert_eq!(ok("2024-01-02 03:04"), JAN_2 + 11_040_000);
    assert_eq!(ok("2024-01-02T03:04:05.123Z"), JAN_2 + 11_045_123);
    assert_eq!(ok("2024-01-02 03:04:05.1"), JAN_2 + 11_045_100);
    assert_eq!(
        ok("2024-01-02 03:04:05+0100"),
        JAN_2 + 11_045_000 - 3_600_000
    );
    assert_eq!(ok("2024-01-02 03:04:05 +0000"), JAN_2 + 11_045_000);
    assert_eq!(ok("2024-01-02 03:04:05+00:00"), JAN_2 + 11_045_000);
    assert_eq!(ok("2024-01-02 03:04:05 UTC"), JAN_2 + 11_045_000);
    assert_eq!(
        ok("2024-01-02 03:04:05.1234567-02:30"),
        JAN_2 + 11_045_123 + 9_000_000
    );
    assert_eq!(ok("2024-01-02Z"), JAN_2);
    assert_eq!(ok("2024-01-02+01:00"), JAN_2 - 3_600_000);
    assert_eq!(ok("1969-12-31 23:59:59"), -1000);
    // Day 30 of February resolves to its last day, like Java's SMART resolver.
    assert_eq!(
        ok("2024-2-30 1:2"),
        days_from_civil(2024, 2, 29) * MILLIS_PER_DAY + 3_720_000
    );
    assert_eq!(ok("1234"), 1234);
    assert_eq!(ok("-5"), -5);
    assert!((ok("now") - now_millis()).abs() < 60_000);
}

#[test]
fn timestamp_errors() {
    assert_eq!(
        msg(parse_timestamp("99999999999999999999")),
        "Unable to make long (for date) from: '99999999999999999999'"
    );
    for bad in [
        "foo",
        "2024-13-01",
        "2024-01-32",
        "2024-01-02 25:00",
        "2024-01-02 03:60",
        "2024-01-02T",
        "2024-01-02 03:04:05 +",
        "2024-01-02 03:04:05.1234567890",
        "",
    ] {
        assert_eq!(
            msg(parse_timestamp(bad)),
            format!("Unable to parse a date/time from '{bad}'")
        );
    }
}

#[test]
fn dates() {
    let day = |v: u32| v.to_be_bytes().to_vec();
    assert_eq!(parse_date("2024-01-02"), Ok(day((1 << 31) + 19_724)));
    assert_eq!(parse_date("1970-01-01"), Ok(day(1 << 31)));
    assert_eq!(parse_date("1969-12-31"), Ok(day((1 << 31) - 1)));
    assert_eq!(parse_date("0"), Ok(day(0)));
    assert_eq!(parse_date("4294967295"), Ok(day(u32::MAX)));
    assert_eq!(parse_date("+10000-01-01").map(|v| v.len()), Ok(4));
    assert_eq!(
        msg(parse_date("4294967296")),
        "Unable to make unsigned int (for date) from: '4294967296'"
    );
    assert_eq!(
        msg(parse_date("-1")),
        "Unable to make unsigned int (for date) from: '-1'"
    );
    for bad in [
        "2024-02-30",
        "2024-1-02",
        "10000-01-01",
        "2024-01-02 00:00",
        "x",
    ] {
        assert_eq!(
            msg(parse_date(bad)),
            format!("Unable to coerce '{bad}' to a formatted date (long)")
        );
    }
    assert!(msg(parse_date("+9999999-01-01")).starts_with("Input date +9999999-01-01 is greater"));
    assert!(msg(parse_date("-9999999-01-01")).starts_with("Input date -9999999-01-01 is less"));
}

#[test]
fn times() {
    assert_eq!(parse_time("08:12:54"), Ok(29_574_000_000_000));
    assert_eq!(parse_time("08:12:54.123456789"), Ok(29_574_123_456_789));
    assert_eq!(parse_time("08:12:54.1"), Ok(29_574_100_000_000));
    assert_eq!(parse_time(" 00:00:00 "), Ok(0));
    assert_eq!(parse_time("86399999999999"), Ok(86_399_999_999_999));
    assert_eq!(
        msg(parse_time("86400000000000")),
        "Unable to make long (for time) from: '86400000000000'"
    );
    for bad in [
        "24:00:00",
        "08:12",
        "08:12:54.",
        "08:60:00",
        "08:12:54.1234567890",
        "a:b:c",
    ] {
        assert_eq!(
            msg(parse_time(bad)),
            format!("(TimeType) Unable to coerce '{bad}' to a formatted time (long)")
        );
    }
}

#[test]
fn millis_to_days_truncates_like_cassandra() {
    assert_eq!(millis_to_days(0), 0);
    assert_eq!(millis_to_days(MILLIS_PER_DAY - 1), 0);
    assert_eq!(millis_to_days(MILLIS_PER_DAY), 1);
    assert_eq!(millis_to_days(-1), 0);
    assert_eq!(millis_to_days(-MILLIS_PER_DAY - 1000), -1);
}
