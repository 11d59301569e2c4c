//! How Cassandra writes names, strings, numbers and maps back as CQL text.
//!
//! DESCRIBE output and `system_schema` values are compared character by character by cqlsh
//! users and by tests, so the small formatting rules live here once: when an identifier needs
//! double quotes (`ColumnIdentifier.maybeQuote`), how a string literal is escaped, how a Java
//! `double` prints (`0.01`, `1.0`, `1.0E-5`), and how option maps print (`{'k': 'v'}`, keys
//! sorted).

use std::borrow::Cow;

/// Cassandra 4.1's reserved keywords: an identifier spelled like one must be quoted.
const RESERVED: &[&str] = &[
    "ADD",
    "ALLOW",
    "ALTER",
    "AND",
    "APPLY",
    "ASC",
    "AUTHORIZE",
    "BATCH",
    "BEGIN",
    "BY",
    "COLUMNFAMILY",
    "CREATE",
    "DELETE",
    "DESC",
    "DESCRIBE",
    "DROP",
    "ENTRIES",
    "EXECUTE",
    "FROM",
    "FULL",
    "GRANT",
    "IF",
    "IN",
    "INDEX",
    "INFINITY",
    "INSERT",
    "INTO",
    "IS",
    "KEYSPACE",
    "LIMIT",
    "MATERIALIZED",
    "MODIFY",
    "NAN",
    "NORECURSIVE",
    "NOT",
    "NULL",
    "OF",
    "ON",
    "OR",
    "ORDER",
    "PRIMARY",
    "RENAME",
    "REVOKE",
    "SCHEMA",
    "SELECT",
    "SET",
    "TABLE",
    "TO",
    "TOKEN",
    "TRUNCATE",
    "UNLOGGED",
    "UPDATE",
    "USE",
    "USING",
    "VIEW",
    "WHERE",
    "WITH",
];

/// Longest keyspace or table name Cassandra 4.1 accepts.
pub const NAME_LENGTH: usize = 48;

/// True when `name` is a valid keyspace or table name: 1 to 48 ASCII letters, digits or
/// underscores (`SchemaConstants.isValidName`).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= NAME_LENGTH
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The identifier as CQL text: bare when it is lower-case `[a-z][a-z0-9_]*` and not a reserved
/// keyword, otherwise double-quoted with inner quotes doubled.
pub fn maybe_quote(name: &str) -> Cow<'_, str> {
    let mut bytes = name.bytes();
    let plain = matches!(bytes.next(), Some(b'a'..=b'z'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
        && !RESERVED.iter().any(|k| k.eq_ignore_ascii_case(name));
    if plain {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("\"{}\"", name.replace('"', "\"\"")))
    }
}

/// A CQL string literal: single-quoted, inner single quotes doubled.
pub fn quote_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// A double as Java's `Double.toString` prints it: `0.01`, `1.0`, `864000.0`, `1.0E-5`,
/// `1.0E7`, `NaN`, `Infinity`.
pub fn java_double(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    let magnitude = value.abs();
    if magnitude == 0.0 || (1e-3..1e7).contains(&magnitude) {
        let text = format!("{value}");
        return if text.contains('.') {
            text
        } else {
            format!("{text}.0")
        };
    }
    let text = format!("{value:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text.as_str(), "0"));
    let mantissa = if mantissa.contains('.') {
        mantissa.to_string()
    } else {
        format!("{mantissa}.0")
    };
    format!("{mantissa}E{exponent}")
}

/// An option map as CQL text, keys sorted: `{'class': 'X', 'max_threshold': '32'}`. Values are
/// quoted unless `quote_values` is false (table `extensions`, whose values are blob literals).
pub fn format_map<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
    quote_values: bool,
) -> String {
    let mut sorted: Vec<(&str, &str)> = entries.into_iter().collect();
    sorted.sort_unstable();
    let body: Vec<String> = sorted
        .iter()
        .map(|(k, v)| {
            let value = if quote_values {
                quote_string(v)
            } else {
                (*v).to_string()
            };
            format!("{}: {}", quote_string(k), value)
        })
        .collect();
    format!("{{{}}}", body.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_only_when_needed() {
        assert_eq!(maybe_quote("users"), "users");
        assert_eq!(maybe_quote("col_2"), "col_2");
        assert_eq!(maybe_quote("Test"), "\"Test\"");
        assert_eq!(maybe_quote("2col"), "\"2col\"");
        assert_eq!(maybe_quote("token"), "\"token\"");
        assert_eq!(maybe_quote("desc"), "\"desc\"");
        assert_eq!(maybe_quote("a\"b"), "\"a\"\"b\"");
        assert_eq!(maybe_quote(""), "\"\"");
    }

    #[test]
    fn doubles_print_like_java() {
        assert_eq!(java_double(0.01), "0.01");
        assert_eq!(java_double(1.0), "1.0");
        assert_eq!(java_double(0.1), "0.1");
        assert_eq!(java_double(0.0), "0.0");
        assert_eq!(java_double(864000.0), "864000.0");
        assert_eq!(java_double(1e-5), "1.0E-5");
        assert_eq!(java_double(6.71e-5), "6.71E-5");
        assert_eq!(java_double(1.5e7), "1.5E7");
        assert_eq!(java_double(-2.5), "-2.5");
    }

    #[test]
    fn strings_and_maps() {
        assert_eq!(quote_string("it's"), "'it''s'");
        assert_eq!(
            format_map([("min_threshold", "4"), ("class", "X")], true),
            "{'class': 'X', 'min_threshold': '4'}"
        );
        assert_eq!(format_map([("k", "0x01")], false), "{'k': 0x01}");
        assert_eq!(format_map([], true), "{}");
    }

    #[test]
    fn names_are_validated_like_cassandra() {
        assert!(is_valid_name("ks_1"));
        assert!(is_valid_name("MyKs"));
        assert!(!is_valid_name(""));
        assert!(!is_valid_name("a-b"));
        assert!(!is_valid_name(&"a".repeat(49)));
        assert!(is_valid_name(&"a".repeat(48)));
    }
}
