//! Parsing the values of flags: counts with a suffix (`20k`, `1.5m`), durations (`30s`,
//! `1h30m`, `250ms`) and tags (`key=value`).

/// `10k` -> 10000, `1.5m` -> 1500000, `250` -> 250.
pub fn parse_count_f64(value: &str) -> Result<f64, String> {
    let v = value.trim();
    let (number, factor) = match v.chars().last() {
        Some('k' | 'K') => (&v[..v.len() - 1], 1e3),
        Some('m' | 'M') => (&v[..v.len() - 1], 1e6),
        Some('g' | 'G') => (&v[..v.len() - 1], 1e9),
        _ => (v, 1.0),
    };
    match number.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 => Ok(n * factor),
        _ => Err(format!(
            "'{value}' is not a positive number (examples: 500, 20k, 1.5m)"
        )),
    }
}

/// Like [`parse_count_f64`], for whole counts.
pub fn parse_count(value: &str) -> Result<u64, String> {
    let n = parse_count_f64(value)?;
    if n.fract() != 0.0 || n > u64::MAX as f64 {
        return Err(format!(
            "'{value}' is not a whole number (examples: 64, 100k)"
        ));
    }
    Ok(n as u64)
}

/// `500ms`, `30s`, `5m`, `1h`, `1h30m`; a bare number is seconds.
pub fn parse_duration(value: &str) -> Result<std::time::Duration, String> {
    let err = || format!("'{value}' is not a duration (examples: 500ms, 30s, 5m, 1h30m)");
    let v = value.trim();
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| std::time::Duration::from_secs_f64(secs))
            .ok_or_else(err);
    }
    let mut total = 0f64;
    let mut rest = v;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(err)?;
        let number: f64 = rest[..digits].parse().map_err(|_| err())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "d" => 86400.0,
            _ => return Err(err()),
        };
        total += number * factor;
        rest = &rest[unit_len..];
    }
    if v.is_empty() {
        return Err(err());
    }
    Ok(std::time::Duration::from_secs_f64(total))
}

pub(super) fn parse_tag(value: &str) -> Result<(String, String), String> {
    match value.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("'{value}' is not key=value")),
    }
}
