//! Matchers for the lexer's literal rules: numbers, durations, blobs and uuids.
//!
//! Each function looks at the characters at the start of `rest` and returns how many of them
//! the corresponding Cassandra lexer rule (`INTEGER`, `FLOAT`, `DURATION`, `HEXNUMBER`,
//! `UUID`) would match, or `None`. The lexer then applies ANTLR's rule: the longest match
//! wins, and among equally long matches the rule declared first in `Lexer.g`.

use super::lexer::TokenKind;

fn at(rest: &[char], i: usize) -> Option<char> {
    rest.get(i).copied()
}

fn is_digit(rest: &[char], i: usize) -> bool {
    at(rest, i).is_some_and(|c| c.is_ascii_digit())
}

/// Number of ASCII digits starting at `i`.
fn digits(rest: &[char], i: usize) -> usize {
    rest.iter()
        .skip(i)
        .take_while(|c| c.is_ascii_digit())
        .count()
}

/// `INTEGER: '-'? DIGIT+`
pub(super) fn integer(rest: &[char]) -> Option<usize> {
    let sign = usize::from(at(rest, 0) == Some('-'));
    let n = digits(rest, sign);
    (n > 0).then_some(sign + n)
}

/// `FLOAT: INTEGER ('.' DIGIT*)? EXPONENT?`, only when it matches more than `INTEGER` (a
/// plain integer is an `INTEGER`, and `1..` leaves the dots to the `..` range token).
pub(super) fn float(rest: &[char]) -> Option<usize> {
    let int = integer(rest)?;
    let mut end = int;
    if at(rest, end) == Some('.') && at(rest, end + 1) != Some('.') {
        end += 1 + digits(rest, end + 1);
    }
    if matches!(at(rest, end), Some('e' | 'E')) {
        let mut k = end + 1;
        if matches!(at(rest, k), Some('+' | '-')) {
            k += 1;
        }
        let n = digits(rest, k);
        if n > 0 {
            end = k + n;
        }
    }
    (end > int).then_some(end)
}

/// Length of the duration unit (`y mo w d h m s ms us µs ns`, any case) at `i`, or 0.
fn unit(rest: &[char], i: usize) -> usize {
    let first = at(rest, i).map(|c| c.to_ascii_lowercase());
    let second = at(rest, i + 1).map(|c| c.to_ascii_lowercase());
    match (first, second) {
        (Some('m'), Some('o' | 's')) | (Some('u' | 'n' | 'µ'), Some('s')) => 2,
        (Some('y' | 'w' | 'd' | 'h' | 'm' | 's'), _) => 1,
        _ => 0,
    }
}

/// `'-'? (DIGIT+ DURATION_UNIT)+`
fn unit_duration(rest: &[char], start: usize) -> Option<usize> {
    let mut end = None;
    let mut k = start;
    loop {
        let n = digits(rest, k);
        let u = if n > 0 { unit(rest, k + n) } else { 0 };
        if u == 0 {
            return end;
        }
        k += n + u;
        end = Some(k);
    }
}

/// Optional `DIGIT+ designator` groups in the given order; returns the end and whether any
/// group matched.
fn designators(rest: &[char], start: usize, order: &[char]) -> (usize, bool) {
    let mut k = start;
    let mut any = false;
    for &designator in order {
        let n = digits(rest, k);
        if n > 0 && at(rest, k + n) == Some(designator) {
            k += n + 1;
            any = true;
        }
    }
    (k, any)
}

/// ISO 8601 forms starting with `P` at `start`: `P1Y2M3DT4H5M6S` (any non-empty ordered
/// subset of the parts), `P3W`, and the alternative `P0001-02-03T04:05:06`.
fn iso_duration(rest: &[char], start: usize) -> Option<usize> {
    if at(rest, start) != Some('P') {
        return None;
    }
    let alternative: Vec<bool> = "0000-00-00T00:00:00"
        .chars()
        .enumerate()
        .map(|(i, p)| match p {
            '0' => is_digit(rest, start + 1 + i),
            _ => at(rest, start + 1 + i) == Some(p),
        })
        .collect();
    let mut best = alternative
        .iter()
        .all(|&ok| ok)
        .then_some(start + 1 + alternative.len());
    let weeks = digits(rest, start + 1);
    if weeks > 0 && at(rest, start + 1 + weeks) == Some('W') {
        best = best.max(Some(start + 2 + weeks));
    }
    let (mut end, mut any) = designators(rest, start + 1, &['Y', 'M', 'D']);
    if at(rest, end) == Some('T') {
        let (time_end, time_any) = designators(rest, end + 1, &['H', 'M', 'S']);
        if time_any {
            end = time_end;
            any = true;
        }
    }
    if any {
        best = best.max(Some(end));
    }
    best
}

/// `DURATION`: unit form (`1h30m`, `-3d`) or ISO 8601 form (`P1DT2H`, `-PT5M`).
pub(super) fn duration(rest: &[char]) -> Option<usize> {
    let sign = usize::from(at(rest, 0) == Some('-'));
    unit_duration(rest, sign).or_else(|| iso_duration(rest, sign))
}

/// `HEXNUMBER: '0' X HEX*`
pub(super) fn hex(rest: &[char]) -> Option<usize> {
    if at(rest, 0) != Some('0') || !matches!(at(rest, 1), Some('x' | 'X')) {
        return None;
    }
    Some(
        2 + rest
            .iter()
            .skip(2)
            .take_while(|c| c.is_ascii_hexdigit())
            .count(),
    )
}

/// `UUID`: 8-4-4-4-12 hex digits.
pub(super) fn uuid(rest: &[char]) -> Option<usize> {
    const LEN: usize = 36;
    let ok = (0..LEN).all(|i| match (i, at(rest, i)) {
        (8 | 13 | 18 | 23, c) => c == Some('-'),
        (_, c) => c.is_some_and(|c| c.is_ascii_hexdigit()),
    });
    ok.then_some(LEN)
}

/// `IDENT: LETTER (LETTER | DIGIT | '_')*`
pub(super) fn ident(rest: &[char]) -> Option<usize> {
    if !at(rest, 0).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(
        rest.iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
            .count(),
    )
}

/// The longest literal or identifier token at the start of `rest`, ties going to the rule
/// Cassandra's lexer declares first.
pub(super) fn longest(rest: &[char]) -> Option<(TokenKind, usize)> {
    let candidates = [
        (TokenKind::Integer, integer(rest)),
        (TokenKind::Float, float(rest)),
        (TokenKind::Duration, duration(rest)),
        (TokenKind::Ident, ident(rest)),
        (TokenKind::Hex, hex(rest)),
        (TokenKind::Uuid, uuid(rest)),
    ];
    let mut best: Option<(TokenKind, usize)> = None;
    for (kind, len) in candidates {
        if let Some(len) = len {
            if best.is_none_or(|(_, b)| len > b) {
                best = Some((kind, len));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn kind_len(s: &str) -> Option<(TokenKind, usize)> {
        longest(&chars(s))
    }

    #[test]
    fn numbers() {
        assert_eq!(kind_len("123 "), Some((TokenKind::Integer, 3)));
        assert_eq!(kind_len("-42,"), Some((TokenKind::Integer, 3)));
        assert_eq!(kind_len("1.5)"), Some((TokenKind::Float, 3)));
        assert_eq!(kind_len("-2e10"), Some((TokenKind::Float, 5)));
        assert_eq!(kind_len("1.e+3x"), Some((TokenKind::Float, 5)));
        assert_eq!(kind_len("1e"), Some((TokenKind::Integer, 1)));
        assert_eq!(kind_len("1..2"), Some((TokenKind::Integer, 1)));
    }

    #[test]
    fn durations() {
        assert_eq!(kind_len("12h30m "), Some((TokenKind::Duration, 6)));
        assert_eq!(
            kind_len("1y2mo3w4d5h6m7s8ms9us10ns"),
            Some((TokenKind::Duration, 25))
        );
        assert_eq!(kind_len("-3d"), Some((TokenKind::Duration, 3)));
        assert_eq!(kind_len("5µs"), Some((TokenKind::Duration, 3)));
        assert_eq!(kind_len("1h30"), Some((TokenKind::Duration, 2)));
        // ISO forms tie with IDENT and win because DURATION is declared first.
        assert_eq!(kind_len("P1DT2H"), Some((TokenKind::Duration, 6)));
        assert_eq!(kind_len("P2W"), Some((TokenKind::Duration, 3)));
        assert_eq!(kind_len("-PT5M"), Some((TokenKind::Duration, 5)));
        assert_eq!(
            kind_len("P0001-02-03T04:05:06"),
            Some((TokenKind::Duration, 20))
        );
        // A longer identifier wins; lower-case designators are not ISO durations.
        assert_eq!(kind_len("P1Dx"), Some((TokenKind::Ident, 4)));
        assert_eq!(kind_len("p1d"), Some((TokenKind::Ident, 3)));
    }

    #[test]
    fn blobs_uuids_idents() {
        assert_eq!(kind_len("0xCAFE "), Some((TokenKind::Hex, 6)));
        assert_eq!(kind_len("0x"), Some((TokenKind::Hex, 2)));
        let u = "123e4567-e89b-12d3-a456-426614174000";
        assert_eq!(kind_len(u), Some((TokenKind::Uuid, 36)));
        let u = "deadbeef-e89b-12d3-a456-426614174000";
        assert_eq!(kind_len(u), Some((TokenKind::Uuid, 36)));
        assert_eq!(kind_len("deadbeef-"), Some((TokenKind::Ident, 8)));
        assert_eq!(kind_len("a_b1 "), Some((TokenKind::Ident, 4)));
        assert_eq!(kind_len("_a"), None);
        assert_eq!(kind_len("-"), None);
    }
}
