//! Generated values meet column types: a [`Value`] becomes the [`CqlValue`] of the bound
//! variable's CQL type, as the prepared statement's metadata describes it.
//!
//! One binding can feed an `int` column in one statement and a `bigint` or `text` in another;
//! the conversion is decided here, per marker, with range checks instead of silent
//! truncation. The rules:
//! - integers fit any integer type they are in range of (`tinyint` .. `varint`, `counter`),
//!   `float` / `double` / `decimal`, `timestamp` (ms since the epoch), `date` (days since the
//!   epoch), `time` (ns since midnight), and `text` / `ascii` (decimal digits);
//! - floats fit `float` / `double` / `decimal`, integer types when they are whole, and text;
//! - text fits `text` / `ascii` (ASCII only), `inet` and `uuid` / `timeuuid` (parsed), and
//!   `blob` (its UTF-8 bytes);
//! - timestamps (ms since the epoch) fit `timestamp`, `date`, `time` (time of day) and `bigint`;
//! - uuids fit `uuid` (time uuids also `timeuuid`) and text;
//! - lists and sets fit `list` and `set`, maps fit `map`, element by element;
//! - null fits everything.

use scylla::frame::response::result::{CollectionType, ColumnType, NativeType};
use scylla::value::{
    Counter, CqlDate, CqlDecimal, CqlTime, CqlTimestamp, CqlTimeuuid, CqlValue, CqlVarint,
};

use crate::generate::Value;

const MS_PER_DAY: i64 = 86_400_000;
const NS_PER_DAY: i64 = 86_400_000_000_000;

/// Why a value does not fit a column type.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertError {
    /// The CQL type, as in a CREATE TABLE (`list<int>`).
    pub column_type: String,
    /// The kind of generated value (`text`, `integer`, ...).
    pub value: &'static str,
    /// What went wrong beyond the kinds (a range), empty when the kinds alone say it.
    pub detail: String,
}

/// Convert `value` for a variable of type `typ`; `None` is CQL null.
pub fn to_cql(value: &Value, typ: &ColumnType<'_>) -> Result<Option<CqlValue>, ConvertError> {
    if let Value::Null = value {
        return Ok(None);
    }
    convert(value, typ).map(Some)
}

/// [`to_cql`] taking the value: text and blobs move into the CQL value instead of being
/// copied (the per-request path, where the generated values are not needed afterwards).
pub fn into_cql(value: Value, typ: &ColumnType<'_>) -> Result<Option<CqlValue>, ConvertError> {
    match (value, typ) {
        (Value::Blob(b), ColumnType::Native(NativeType::Blob)) => Ok(Some(CqlValue::Blob(b))),
        (Value::Text(s), ColumnType::Native(NativeType::Text)) => Ok(Some(CqlValue::Text(s))),
        (value, typ) => to_cql(&value, typ),
    }
}

fn convert(value: &Value, typ: &ColumnType<'_>) -> Result<CqlValue, ConvertError> {
    let mismatch = || mismatch(value, typ, String::new());
    match typ {
        ColumnType::Native(native) => native_value(value, native, typ),
        ColumnType::Collection { typ: coll, .. } => match (coll, value) {
            (CollectionType::List(elem), Value::List(items) | Value::Set(items)) => {
                elements(items, elem).map(CqlValue::List)
            }
            (CollectionType::Set(elem), Value::List(items) | Value::Set(items)) => {
                elements(items, elem).map(CqlValue::Set)
            }
            (CollectionType::Map(k, v), Value::Map(pairs)) => pairs
                .iter()
                .map(|(key, val)| Ok((convert(key, k)?, convert(val, v)?)))
                .collect::<Result<Vec<_>, _>>()
                .map(CqlValue::Map),
            _ => Err(mismatch()),
        },
        _ => Err(mismatch()),
    }
}

/// Collection elements: CQL collections cannot hold nulls.
fn elements(items: &[Value], elem: &ColumnType<'_>) -> Result<Vec<CqlValue>, ConvertError> {
    items
        .iter()
        .map(|item| match item {
            Value::Null => Err(mismatch(
                item,
                elem,
                "; collections cannot contain null".into(),
            )),
            _ => convert(item, elem),
        })
        .collect()
}

fn native_value(
    value: &Value,
    native: &NativeType,
    typ: &ColumnType<'_>,
) -> Result<CqlValue, ConvertError> {
    use NativeType as N;
    let out_of_range =
        |n: &dyn std::fmt::Display| mismatch(value, typ, format!("; {n} is out of its range"));
    let converted = match (value, native) {
        (Value::Bool(b), N::Boolean) => CqlValue::Boolean(*b),
        (Value::Int(i), _) if takes_integer(native) => {
            return integer(*i, native).ok_or_else(|| out_of_range(i))
        }
        (Value::Float(f), N::Float) => CqlValue::Float(*f as f32),
        (Value::Float(f), N::Double) => CqlValue::Double(*f),
        (Value::Float(f), N::Decimal) => decimal(*f).ok_or_else(|| out_of_range(f))?,
        (Value::Float(f), N::Text | N::Ascii) => text(f.to_string(), native),
        (Value::Float(f), _) if takes_integer(native) && f.fract() == 0.0 => {
            return (f.abs() < 9.0e15)
                .then(|| integer(*f as i64, native))
                .flatten()
                .ok_or_else(|| out_of_range(f));
        }
        (Value::Text(s), N::Text) => CqlValue::Text(s.clone()),
        (Value::Text(s), N::Ascii) if s.is_ascii() => CqlValue::Ascii(s.clone()),
        (Value::Text(_), N::Ascii) => {
            return Err(mismatch(value, typ, "; it is not ASCII-only".into()))
        }
        (Value::Text(s), N::Blob) => CqlValue::Blob(s.as_bytes().to_vec()),
        (Value::Text(s), N::Inet) => {
            CqlValue::Inet(s.parse().map_err(|_| unparsable(value, typ, s))?)
        }
        (Value::Text(s), N::Uuid) => {
            CqlValue::Uuid(s.parse().map_err(|_| unparsable(value, typ, s))?)
        }
        (Value::Text(s), N::Timeuuid) => match s.parse::<uuid::Uuid>() {
            Ok(u) if u.get_version_num() == 1 => CqlValue::Timeuuid(CqlTimeuuid::from(u)),
            _ => return Err(unparsable(value, typ, s)),
        },
        (Value::Blob(b), N::Blob) => CqlValue::Blob(b.clone()),
        (Value::Uuid(u), N::Uuid) | (Value::TimeUuid(u), N::Uuid) => CqlValue::Uuid(*u),
        (Value::TimeUuid(u), N::Timeuuid) => CqlValue::Timeuuid(CqlTimeuuid::from(*u)),
        (Value::Uuid(u) | Value::TimeUuid(u), N::Text | N::Ascii) => text(u.to_string(), native),
        (Value::Timestamp(ms), N::Timestamp) => CqlValue::Timestamp(CqlTimestamp(*ms)),
        (Value::Timestamp(ms), N::BigInt) => CqlValue::BigInt(*ms),
        (Value::Timestamp(ms), N::Date) => {
            date(ms.div_euclid(MS_PER_DAY)).ok_or_else(|| out_of_range(ms))?
        }
        (Value::Timestamp(ms), N::Time) => {
            CqlValue::Time(CqlTime(ms.rem_euclid(MS_PER_DAY) * 1_000_000))
        }
        _ => return Err(mismatch(value, typ, String::new())),
    };
    Ok(converted)
}

/// Native types an integer can be converted to.
fn takes_integer(native: &NativeType) -> bool {
    use NativeType as N;
    matches!(
        native,
        N::TinyInt
            | N::SmallInt
            | N::Int
            | N::BigInt
            | N::Counter
            | N::Varint
            | N::Decimal
            | N::Float
            | N::Double
            | N::Timestamp
            | N::Date
            | N::Time
            | N::Text
            | N::Ascii
    )
}

/// An integer for a type of [`takes_integer`]; `None` when it is out of the type's range.
fn integer(i: i64, native: &NativeType) -> Option<CqlValue> {
    use NativeType as N;
    Some(match native {
        N::TinyInt => CqlValue::TinyInt(i8::try_from(i).ok()?),
        N::SmallInt => CqlValue::SmallInt(i16::try_from(i).ok()?),
        N::Int => CqlValue::Int(i32::try_from(i).ok()?),
        N::BigInt => CqlValue::BigInt(i),
        N::Counter => CqlValue::Counter(Counter(i)),
        N::Varint => CqlValue::Varint(CqlVarint::from_signed_bytes_be_slice(&i.to_be_bytes())),
        N::Decimal => CqlValue::Decimal(CqlDecimal::from_signed_be_bytes_slice_and_exponent(
            &i.to_be_bytes(),
            0,
        )),
        N::Float => CqlValue::Float(i as f32),
        N::Double => CqlValue::Double(i as f64),
        N::Timestamp => CqlValue::Timestamp(CqlTimestamp(i)),
        N::Date => date(i)?,
        N::Time if (0..NS_PER_DAY).contains(&i) => CqlValue::Time(CqlTime(i)),
        N::Text | N::Ascii => text(i.to_string(), native),
        _ => return None,
    })
}

/// `days` since the Unix epoch as a CQL date (stored as days + 2^31).
fn date(days: i64) -> Option<CqlValue> {
    u32::try_from(days + (1i64 << 31))
        .ok()
        .map(|d| CqlValue::Date(CqlDate(d)))
}

/// A finite float as an exact decimal (its shortest round-tripping digits).
fn decimal(f: f64) -> Option<CqlValue> {
    if !f.is_finite() {
        return None;
    }
    let repr = f.to_string();
    let (int_part, frac_part) = repr.split_once('.').unwrap_or((&repr, ""));
    let digits: i128 = format!("{int_part}{frac_part}").parse().ok()?;
    let scale = i32::try_from(frac_part.len()).ok()?;
    let bytes = digits.to_be_bytes();
    Some(CqlValue::Decimal(
        CqlDecimal::from_signed_be_bytes_slice_and_exponent(&bytes, scale),
    ))
}

fn text(s: String, native: &NativeType) -> CqlValue {
    match native {
        NativeType::Ascii => CqlValue::Ascii(s),
        _ => CqlValue::Text(s),
    }
}

fn mismatch(value: &Value, typ: &ColumnType<'_>, detail: String) -> ConvertError {
    ConvertError {
        column_type: type_name(typ),
        value: kind(value),
        detail,
    }
}

fn unparsable(value: &Value, typ: &ColumnType<'_>, s: &str) -> ConvertError {
    mismatch(
        value,
        typ,
        format!("; '{s}' is not a valid {}", type_name(typ)),
    )
}

/// The kind of a generated value, for messages.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Float(_) => "float",
        Value::Text(_) => "text",
        Value::Blob(_) => "blob",
        Value::Uuid(_) => "uuid",
        Value::TimeUuid(_) => "timeuuid",
        Value::Timestamp(_) => "timestamp",
        Value::List(_) => "list",
        Value::Set(_) => "set",
        Value::Map(_) => "map",
    }
}

/// A column type as CQL writes it (`frozen<map<int, text>>`).
pub fn type_name(typ: &ColumnType<'_>) -> String {
    match typ {
        ColumnType::Native(native) => format!("{native:?}").to_lowercase(),
        ColumnType::Collection { frozen, typ } => {
            let inner = match typ {
                CollectionType::List(e) => format!("list<{}>", type_name(e)),
                CollectionType::Set(e) => format!("set<{}>", type_name(e)),
                CollectionType::Map(k, v) => format!("map<{}, {}>", type_name(k), type_name(v)),
                _ => "collection".to_string(),
            };
            if *frozen {
                format!("frozen<{inner}>")
            } else {
                inner
            }
        }
        ColumnType::Tuple(items) => {
            let items: Vec<String> = items.iter().map(type_name).collect();
            format!("tuple<{}>", items.join(", "))
        }
        ColumnType::UserDefinedType { definition, .. } => definition.name.to_string(),
        ColumnType::Vector { typ, dimensions } => {
            format!("vector<{}, {dimensions}>", type_name(typ))
        }
        _ => format!("{typ:?}"),
    }
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
