//! Numeric constants of CQL statements turned into serialized values.
//!
//! Cassandra parses a constant with the Java routine of the column's type (`Integer.parseInt`,
//! `new BigDecimal(...)`, ...) and reports failures as "Unable to make int from '...'"; this
//! module follows the same rules (ranges, accepted spellings, messages) for each numeric type.

use super::bignum::BigInt;
use crate::node::error::{CqlError, CqlResult};

/// Serialize an integer constant for a fixed-width integer type (tinyint, smallint, int,
/// bigint, counter). `java_name` is the word Cassandra uses in its message ("byte", "short",
/// "int", "long").
pub(crate) fn fixed_int(text: &str, width: usize, java_name: &str) -> CqlResult<Vec<u8>> {
    let fail = || CqlError::Invalid(format!("Unable to make {java_name} from '{text}'"));
    let value = parse_java_long(text).ok_or_else(fail)?;
    let bits = 8 * width as u32;
    let (min, max) = (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1);
    if i128::from(value) < min || i128::from(value) > max {
        return Err(fail());
    }
    let bytes = value.to_be_bytes();
    Ok(bytes.get(8 - width..).unwrap_or(&[]).to_vec())
}

/// `Long.parseLong`: optional sign, ASCII digits, in range.
pub(crate) fn parse_java_long(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A `varint` constant (`new BigInteger(text)`).
pub(crate) fn varint(text: &str) -> CqlResult<Vec<u8>> {
    BigInt::parse(text)
        .map(|v| v.to_twos_complement())
        .ok_or_else(|| CqlError::Invalid(format!("unable to make int from '{text}'")))
}

/// A `float` constant (`Float.parseFloat`).
pub(crate) fn float(text: &str) -> CqlResult<Vec<u8>> {
    parse_java_float(text)
        .map(|v| (v as f32).to_be_bytes().to_vec())
        .ok_or_else(|| CqlError::Invalid(format!("Unable to make float from '{text}'")))
}

/// A `double` constant (`Double.parseDouble`).
pub(crate) fn double(text: &str) -> CqlResult<Vec<u8>> {
    parse_java_float(text)
        .map(|v| v.to_be_bytes().to_vec())
        .ok_or_else(|| CqlError::Invalid(format!("Unable to make double from '{text}'")))
}

/// Java's floating-point syntax as CQL constants use it: decimal digits with optional
/// fraction and exponent, `NaN`, `Infinity`, `-Infinity` (case-sensitive, unlike Rust's).
fn parse_java_float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let special = matches!(unsigned, "NaN" | "Infinity");
    let numeric = unsigned
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !special && !numeric {
        return None;
    }
    // Parsing as f64 then narrowing to f32 can double-round; Float.parseFloat rounds once.
    // Only ties at the 24th bit differ, far below what a CQL literal is used for.
    text.parse().ok()
}

/// A `decimal` constant (`new BigDecimal(text)`): 4-byte scale then the unscaled varint.
pub(crate) fn decimal(text: &str) -> CqlResult<Vec<u8>> {
    let fail = || CqlError::Invalid(format!("unable to make BigDecimal from '{text}'"));
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (
            text.get(..at).unwrap_or(""),
            parse_java_int(text.get(at + 1..).unwrap_or("")).ok_or_else(fail)?,
        ),
        None => (text, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let (sign, int_digits) = match int_part.as_bytes().first() {
        Some(b'-') | Some(b'+') => int_part.split_at(1),
        _ => ("", int_part),
    };
    if int_digits.is_empty() && frac_part.is_empty() {
        return Err(fail());
    }
    let unscaled = BigInt::parse(&format!("{sign}{int_digits}{frac_part}")).ok_or_else(fail)?;
    // value = unscaled * 10^-(fraction digits) * 10^exponent
    let scale = i64::try_from(frac_part.len()).map_err(|_| fail())? - i64::from(exponent);
    let scale = i32::try_from(scale).map_err(|_| fail())?;
    let mut out = scale.to_be_bytes().to_vec();
    out.extend(unscaled.to_twos_complement());
    Ok(out)
}

/// `Integer.parseInt`.
fn parse_java_int(text: &str) -> Option<i32> {
    parse_java_long(text).and_then(|v| i32::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(result: CqlResult<Vec<u8>>) -> String {
        match result {
            Err(CqlError::Invalid(m)) => m,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn fixed_width_integers_and_ranges() {
        assert_eq!(fixed_int("-2", 4, "int"), Ok(vec![0xff, 0xff, 0xff, 0xfe]));
        assert_eq!(fixed_int("127", 1, "byte"), Ok(vec![0x7f]));
        assert_eq!(fixed_int("-32768", 2, "short"), Ok(vec![0x80, 0x00]));
        assert_eq!(
            fixed_int("9223372036854775807", 8, "long"),
            Ok(i64::MAX.to_be_bytes().to_vec())
        );
        assert_eq!(
            msg(fixed_int("128", 1, "byte")),
            "Unable to make byte from '128'"
        );
        assert_eq!(
            msg(fixed_int("32768", 2, "short")),
            "Unable to make short from '32768'"
        );
        assert_eq!(
            msg(fixed_int("2147483648", 4, "int")),
            "Unable to make int from '2147483648'"
        );
        assert_eq!(
            msg(fixed_int("9223372036854775808", 8, "long")),
            "Unable to make long from '9223372036854775808'"
        );
        assert!(fixed_int("1.5", 4, "int").is_err());
        assert!(fixed_int("", 4, "int").is_err());
    }

    #[test]
    fn floating_point() {
        assert_eq!(float("1.5"), Ok(1.5f32.to_be_bytes().to_vec()));
        assert_eq!(double("-2e10"), Ok((-2e10f64).to_be_bytes().to_vec()));
        assert_eq!(double("7"), Ok(7f64.to_be_bytes().to_vec()));
        assert_eq!(
            double("-Infinity"),
            Ok(f64::NEG_INFINITY.to_be_bytes().to_vec())
        );
        let nan = double("NaN").unwrap_or_default();
        assert!(f64::from_be_bytes(nan.try_into().unwrap_or([0; 8])).is_nan());
        assert_eq!(msg(double("inf")), "Unable to make double from 'inf'");
        assert_eq!(msg(float("nan")), "Unable to make float from 'nan'");
    }

    #[test]
    fn decimals_keep_their_scale() {
        let dec = |scale: i32, unscaled: &[u8]| {
            let mut v = scale.to_be_bytes().to_vec();
            v.extend_from_slice(unscaled);
            v
        };
        assert_eq!(decimal("1.50"), Ok(dec(2, &[0, 150])));
        assert_eq!(decimal("-1.5"), Ok(dec(1, &[0xf1])));
        assert_eq!(decimal("12"), Ok(dec(0, &[12])));
        assert_eq!(decimal("1.5e10"), Ok(dec(-9, &[15])));
        assert_eq!(decimal("1E-2"), Ok(dec(2, &[1])));
        assert_eq!(decimal(".5"), Ok(dec(1, &[5])));
        assert_eq!(msg(decimal("NaN")), "unable to make BigDecimal from 'NaN'");
        assert!(decimal("1e2147483649").is_err());
        assert!(decimal("-").is_err());
        assert!(decimal("1.2.3").is_err());
    }

    #[test]
    fn varints() {
        assert_eq!(varint("-129"), Ok(vec![0xff, 0x7f]));
        assert_eq!(msg(varint("1.0")), "unable to make int from '1.0'");
    }
}
