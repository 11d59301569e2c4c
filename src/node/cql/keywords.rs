//! CQL keywords as Cassandra 4.1 classifies them.
//!
//! The lexer does not produce keyword tokens: every word is an identifier token and the parser
//! asks here whether a word is *reserved* (never usable as a name) or one of the native type
//! names. Unreserved keywords (`key`, `type`, `values`, `ttl`, `timestamp`, ...) are therefore
//! plain identifiers wherever a name is expected, exactly as Cassandra's
//! `unreserved_keyword` rule allows; the system tables rely on that (`key`, `type`, `options`).

use crate::node::types::CqlType;

/// Cassandra 4.1's reserved keywords (lexer keywords that are not in `unreserved_keyword`),
/// sorted for binary search.
const RESERVED: &[&str] = &[
    "add",
    "allow",
    "alter",
    "and",
    "apply",
    "asc",
    "authorize",
    "batch",
    "begin",
    "by",
    "columnfamily",
    "create",
    "delete",
    "desc",
    "describe",
    "drop",
    "entries",
    "execute",
    "from",
    "full",
    "grant",
    "if",
    "in",
    "index",
    "infinity",
    "insert",
    "into",
    "is",
    "keyspace",
    "limit",
    "materialized",
    "modify",
    "nan",
    "norecursive",
    "not",
    "null",
    "of",
    "on",
    "or",
    "order",
    "primary",
    "rename",
    "revoke",
    "schema",
    "select",
    "set",
    "table",
    "to",
    "token",
    "truncate",
    "unlogged",
    "update",
    "use",
    "using",
    "view",
    "where",
    "with",
];

/// Unreserved keywords that still cannot name a function (`unreserved_keyword` minus
/// `unreserved_function_keyword`).
const NOT_FUNCTION_NAMES: &[&str] = &["cast", "distinct", "json", "key", "ttl", "writetime"];

/// Words Cassandra refuses as user type names even though they are not keywords.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "bitstring",
    "byte",
    "complex",
    "date",
    "enum",
    "interval",
    "macaddr",
];

/// Binary search of a sorted lower-case `list` for `word` in any case, without allocating
/// (the parser asks this for nearly every token).
fn contains(list: &[&str], word: &str) -> bool {
    let lower = word.bytes().map(|b| b.to_ascii_lowercase());
    list.binary_search_by(|probe| probe.bytes().cmp(lower.clone()))
        .is_ok()
}

/// True if `word` (any case) is a reserved keyword and so cannot be an unquoted name.
pub(crate) fn is_reserved(word: &str) -> bool {
    contains(RESERVED, word)
}

/// True if an unquoted `word` may name a function (`allowedFunctionName`).
pub(crate) fn is_function_name(word: &str) -> bool {
    word.eq_ignore_ascii_case("token")
        || word.eq_ignore_ascii_case("count")
        || !(is_reserved(word) || contains(NOT_FUNCTION_NAMES, word))
}

/// True if `word` may not be used as a user type name.
pub(crate) fn is_reserved_type_name(word: &str) -> bool {
    contains(RESERVED_TYPE_NAMES, word)
}

/// The native type a word names (`int`, `varchar`, ...), with its canonical spelling.
pub(crate) fn native_type(word: &str) -> Option<(CqlType, &'static str)> {
    let ty = match word.to_ascii_lowercase().as_str() {
        "ascii" => (CqlType::Ascii, "ascii"),
        "bigint" => (CqlType::BigInt, "bigint"),
        "blob" => (CqlType::Blob, "blob"),
        "boolean" => (CqlType::Boolean, "boolean"),
        "counter" => (CqlType::Counter, "counter"),
        "date" => (CqlType::Date, "date"),
        "decimal" => (CqlType::Decimal, "decimal"),
        "double" => (CqlType::Double, "double"),
        "duration" => (CqlType::Duration, "duration"),
        "float" => (CqlType::Float, "float"),
        "inet" => (CqlType::Inet, "inet"),
        "int" => (CqlType::Int, "int"),
        "smallint" => (CqlType::SmallInt, "smallint"),
        "text" => (CqlType::Text, "text"),
        "time" => (CqlType::Time, "time"),
        "timestamp" => (CqlType::Timestamp, "timestamp"),
        "timeuuid" => (CqlType::TimeUuid, "timeuuid"),
        "tinyint" => (CqlType::TinyInt, "tinyint"),
        "uuid" => (CqlType::Uuid, "uuid"),
        "varchar" => (CqlType::Text, "varchar"),
        "varint" => (CqlType::Varint, "varint"),
        _ => return None,
    };
    Some(ty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [RESERVED, NOT_FUNCTION_NAMES, RESERVED_TYPE_NAMES] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            assert_eq!(sorted, list);
        }
    }

    #[test]
    fn reserved_and_unreserved_words() {
        for word in ["SELECT", "from", "Table", "token", "NaN", "schema"] {
            assert!(is_reserved(word), "{word} should be reserved");
        }
        for word in [
            "key",
            "type",
            "values",
            "ttl",
            "timestamp",
            "count",
            "options",
            "kind",
        ] {
            assert!(!is_reserved(word), "{word} should not be reserved");
        }
    }

    #[test]
    fn function_names() {
        assert!(is_function_name("token"));
        assert!(is_function_name("COUNT"));
        assert!(is_function_name("uuid"));
        assert!(is_function_name("now"));
        assert!(!is_function_name("ttl"));
        assert!(!is_function_name("select"));
    }
}
