//! `speculative_retry` and `additional_write_policy` values (`SpeculativeRetryPolicy`):
//! `99p` / `99PERCENTILE`, `50ms`, `ALWAYS`, `NEVER` (or `NONE`), `MIN(99p,50ms)`,
//! `MAX(...)`, normalised to the text Cassandra stores (`99p`, `50ms`, `NEVER`, ...).

use crate::node::error::{CqlError, CqlResult};

/// The stored form of a retry policy, or Cassandra's configuration error.
pub fn normalise(text: &str) -> CqlResult<String> {
    let upper = text.trim().to_ascii_uppercase();
    match upper.as_str() {
        "ALWAYS" => return Ok("ALWAYS".into()),
        "NEVER" | "NONE" => return Ok("NEVER".into()),
        _ => {}
    }
    if let Some(policy) = single(text, &upper)? {
        return Ok(policy);
    }
    if let Some(policy) = hybrid(text, &upper)? {
        return Ok(policy);
    }
    Err(invalid(text))
}

/// A percentile (`99p`, `99.5PERCENTILE`) or a fixed delay (`50ms`); `None` if neither.
fn single(text: &str, upper: &str) -> CqlResult<Option<String>> {
    let number_end = upper
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(upper.len());
    let (number, unit) = upper.split_at(number_end);
    let Ok(value) = number.parse::<f64>() else {
        return Ok(None);
    };
    match unit {
        "P" | "PERCENTILE" => {
            if value <= 0.0 || value > 100.0 {
                return Err(CqlError::Config(format!(
                    "Invalid value {text} for PERCENTILE option 'speculative_retry': must be between (0.0 and 100.0]"
                )));
            }
            Ok(Some(format!("{}p", decimal_4(value))))
        }
        "MS" => Ok(Some(format!("{}ms", value.trunc() as i64))),
        _ => Ok(None),
    }
}

/// `MIN(a,b)` / `MAX(a,b)` of one percentile and one fixed policy.
fn hybrid(text: &str, upper: &str) -> CqlResult<Option<String>> {
    let (function, rest) = match upper.split_at(upper.len().min(3)) {
        (f @ ("MIN" | "MAX"), rest) => (f, rest.trim_start()),
        _ => return Ok(None),
    };
    let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) else {
        return Ok(None);
    };
    let Some((a, b)) = inner.split_once(',') else {
        return Ok(None);
    };
    let (Some(first), Some(second)) = (single(text, a.trim())?, single(text, b.trim())?) else {
        return Ok(None);
    };
    // Cassandra prints the percentile part first, then the fixed part.
    let (percentile, fixed) = match (first.ends_with('p'), second.ends_with('p')) {
        (true, false) => (first, second),
        (false, true) => (second, first),
        _ => return Err(invalid(text)),
    };
    Ok(Some(format!("{function}({percentile},{fixed})")))
}

/// Java's `DecimalFormat("#.####")`: at most 4 decimals, no trailing zeros.
fn decimal_4(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0');
    text.trim_end_matches('.').to_string()
}

fn invalid(text: &str) -> CqlError {
    CqlError::Config(format!(
        "Invalid value {text} for option 'speculative_retry'"
    ))
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn policies_normalise_like_cassandra() {
        assert_eq!(normalise("99p").unwrap(), "99p");
        assert_eq!(normalise("99PERCENTILE").unwrap(), "99p");
        assert_eq!(normalise("99.5p").unwrap(), "99.5p");
        assert_eq!(normalise("50ms").unwrap(), "50ms");
        assert_eq!(normalise("always").unwrap(), "ALWAYS");
        assert_eq!(normalise("NONE").unwrap(), "NEVER");
        assert_eq!(normalise("MIN(50ms,99p)").unwrap(), "MIN(99p,50ms)");
        assert_eq!(normalise("max(90p, 20ms)").unwrap(), "MAX(90p,20ms)");
    }

    #[test]
    fn bad_policies_are_config_errors() {
        for bad in ["fast", "101p", "0p", "MIN(1p,2p)", "p", ""] {
            let err = normalise(bad).unwrap_err();
            assert_eq!(err.code(), 0x2300, "{bad}: {err}");
        }
    }
}
