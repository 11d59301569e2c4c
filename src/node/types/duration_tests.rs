//! Tests of duration parsing.

use super::*;

const H: i64 = NANOS_PER_HOUR;
const M: i64 = NANOS_PER_MINUTE;
const S: i64 = NANOS_PER_SECOND;

fn msg(input: &str) -> String {
    match parse_duration(input) {
        Err(CqlError::Invalid(m)) => m,
        other => panic!("{input}: expected Invalid, got {other:?}"),
    }
}

#[test]
fn standard_format() {
    assert_eq!(parse_duration("12h30m"), Ok((0, 0, 12 * H + 30 * M)));
    assert_eq!(parse_duration("-3d"), Ok((0, -3, 0)));
    assert_eq!(parse_duration("1y2mo3w4d"), Ok((14, 25, 0)));
    assert_eq!(
        parse_duration("1h2m3s4ms5us6ns"),
        Ok((0, 0, H + 2 * M + 3 * S + 4_000_000 + 5_000 + 6))
    );
    assert_eq!(parse_duration("7µs"), Ok((0, 0, 7_000)));
    assert_eq!(parse_duration("1MO2D3H4M"), Ok((1, 2, 3 * H + 4 * M)));
}

#[test]
fn iso_formats() {
    assert_eq!(parse_duration("P1DT2H"), Ok((0, 1, 2 * H)));
    assert_eq!(
        parse_duration("P1Y2M3DT4H5M6S"),
        Ok((14, 3, 4 * H + 5 * M + 6 * S))
    );
    assert_eq!(parse_duration("PT30M"), Ok((0, 0, 30 * M)));
    assert_eq!(parse_duration("-P2W"), Ok((0, -14, 0)));
    assert_eq!(
        parse_duration("P0001-02-03T04:05:06"),
        Ok((14, 3, 4 * H + 5 * M + 6 * S))
    );
    assert_eq!(parse_duration("P"), Ok((0, 0, 0)));
}

#[test]
fn rejects_malformed_and_misordered() {
    for bad in [
        "",
        "5",
        "1h 30m",
        "1x",
        "P1H",
        "PT1D",
        "P1W2D",
        "P2024-1-01T00:00:00",
        "1h-",
    ] {
        assert_eq!(msg(bad), format!("Unable to convert '{bad}' to a duration"));
    }
    assert_eq!(
        msg("1h1d"),
        "Invalid duration. The hours should be after days"
    );
    assert_eq!(
        msg("1d1d"),
        "Invalid duration. The days are specified multiple times"
    );
    assert_eq!(
        msg("2147483648mo"),
        "Invalid duration. The total number of months must be less or equal to 2147483647"
    );
    assert_eq!(
        msg("178956971y"),
        "Invalid duration. The total number of months must be less or equal to 2147483647"
    );
    assert_eq!(
        msg("9223372036854775807ns1ns"),
        "Invalid duration. The nanoseconds are specified multiple times"
    );
    assert_eq!(
        msg("2562048h"),
        "Invalid duration. The total number of nanoseconds must be less or equal to 2147483647"
    );
}

#[test]
fn serializes_three_vints() {
    assert_eq!(duration_bytes("1mo2d3ns"), Ok(vec![2, 4, 6]));
    assert_eq!(duration_bytes("-1mo2d3ns"), Ok(vec![1, 3, 5]));
}
