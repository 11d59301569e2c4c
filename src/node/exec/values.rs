//! Values of terms at execution time: bound markers (validated against their receiver's
//! type), literals and functions (via [`crate::node::types::evaluate`]), and the statement
//! attributes `USING TTL`, `USING TIMESTAMP`, `LIMIT` and `PER PARTITION LIMIT` with
//! Cassandra's checks and messages.

use crate::node::cql::ast::{PropertyValue, Term};
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::Table;
use crate::node::types::{evaluate_for_column, CqlType};

use super::BoundValue;

/// Cassandra's maximum TTL: 20 years, in seconds.
pub const MAX_TTL: i32 = 20 * 365 * 24 * 60 * 60;

/// The last local expiration second Cassandra 4.1 can store (2038-01-19T03:14:06Z).
const MAX_EXPIRATION: i64 = i32::MAX as i64 - 1;

/// The value of `term` for a receiver of type `ty` named `name` (named in error messages as
/// Cassandra does); bound values are validated and sets and maps put in canonical order.
pub fn eval(ty: &CqlType, term: &Term, bound: &[BoundValue], name: &str) -> CqlResult<BoundValue> {
    evaluate_for_column(name, ty, term, bound)
}

/// Evaluate a term that must have a value (key parts, element keys, ...).
pub fn eval_required(
    ty: &CqlType,
    term: &Term,
    bound: &[BoundValue],
    name: &str,
    null_message: impl FnOnce() -> String,
) -> CqlResult<Vec<u8>> {
    match eval(ty, term, bound, name)? {
        BoundValue::Value(v) => Ok(v),
        BoundValue::Null => Err(CqlError::invalid(null_message())),
        BoundValue::Unset => Err(CqlError::invalid(format!(
            "Invalid unset value for column {name}"
        ))),
    }
}

fn as_int(v: &[u8]) -> Option<i32> {
    <[u8; 4]>::try_from(v).ok().map(i32::from_be_bytes)
}

fn as_bigint(v: &[u8]) -> Option<i64> {
    <[u8; 8]>::try_from(v).ok().map(i64::from_be_bytes)
}

/// The table's `default_time_to_live` option (0: none).
pub fn default_ttl(table: &Table) -> i32 {
    match table.options.get("default_time_to_live") {
        Some(PropertyValue::Constant(v)) => v.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

/// The TTL of a write: `USING TTL`, else the table default; 0 means no expiry.
pub fn ttl(table: &Table, term: Option<&Term>, bound: &[BoundValue], now: i64) -> CqlResult<i32> {
    let default = default_ttl(table);
    let Some(term) = term else {
        return check_expiration(table, default, now, true);
    };
    let ttl = match eval(&CqlType::Int, term, bound, "[ttl]")? {
        BoundValue::Null => return Ok(0),
        BoundValue::Unset => return check_expiration(table, default, now, true),
        BoundValue::Value(v) => as_int(&v)
            .ok_or_else(|| CqlError::invalid(format!("Invalid timestamp value: {v:?}")))?,
    };
    if ttl < 0 {
        return Err(CqlError::invalid(format!(
            "A TTL must be greater or equal to 0, but was {ttl}"
        )));
    }
    if ttl > MAX_TTL {
        return Err(CqlError::invalid(format!(
            "ttl is too large. requested ({ttl}) maximum ({MAX_TTL})"
        )));
    }
    check_expiration(table, ttl, now, false)
}

fn check_expiration(table: &Table, ttl: i32, now: i64, is_default: bool) -> CqlResult<i32> {
    if ttl > 0 && now + i64::from(ttl) > MAX_EXPIRATION {
        return Err(CqlError::invalid(format!(
            "Request on table {}.{} with {}ttl of {ttl} seconds exceeds maximum supported expiration date of 2038-01-19T03:14:06+00:00. In order to avoid this use a lower TTL or upgrade to a version where this limitation is fixed. See CASSANDRA-14092 for more details.",
            table.keyspace,
            table.name,
            if is_default { "default " } else { "" }
        )));
    }
    Ok(ttl)
}

/// `USING TIMESTAMP`, when given and set.
pub fn timestamp(term: Option<&Term>, bound: &[BoundValue]) -> CqlResult<Option<i64>> {
    let Some(term) = term else { return Ok(None) };
    match eval(&CqlType::BigInt, term, bound, "[timestamp]")? {
        BoundValue::Null => Err(CqlError::invalid("Invalid null value of timestamp")),
        BoundValue::Unset => Ok(None),
        BoundValue::Value(v) => match as_bigint(&v) {
            Some(i64::MIN) => Err(CqlError::invalid(
                "The value Long.MIN_VALUE is not allowed for timestamp",
            )),
            Some(ts) => Ok(Some(ts)),
            None => Err(CqlError::invalid(format!("Invalid timestamp value: {v:?}"))),
        },
    }
}

/// `LIMIT` (`what` = "limit") or `PER PARTITION LIMIT` (`what` = "per partition limit").
pub fn limit(term: Option<&Term>, bound: &[BoundValue], what: &str) -> CqlResult<Option<usize>> {
    let Some(term) = term else { return Ok(None) };
    let upper = what.to_uppercase();
    match eval(
        &CqlType::Int,
        term,
        bound,
        &format!("[{}]", what.replace(' ', "_")),
    )? {
        BoundValue::Null => Err(CqlError::invalid(format!("Invalid null value of {what}"))),
        BoundValue::Unset => Ok(None),
        BoundValue::Value(v) => match as_int(&v) {
            Some(n) if n > 0 => Ok(Some(n as usize)),
            Some(_) => Err(CqlError::invalid(format!(
                "{upper} must be strictly positive"
            ))),
            None => Err(CqlError::invalid(format!("Invalid {what} value"))),
        },
    }
}
