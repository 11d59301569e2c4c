//! The values generators produce, before they meet a column type.
//!
//! A generated value is converted to the bound variable's CQL type only when it is bound to a
//! prepared statement (the driver's metadata says which type that is), so one binding can
//! feed an `int` column in one statement and a `bigint` in another.

use uuid::Uuid;

/// One generated value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Blob(Vec<u8>),
    /// A random (version 4) uuid.
    Uuid(Uuid),
    /// A time-based (version 1) uuid.
    TimeUuid(Uuid),
    /// Milliseconds since the Unix epoch.
    Timestamp(i64),
    List(Vec<Value>),
    Set(Vec<Value>),
    Map(Vec<(Value, Value)>),
}
