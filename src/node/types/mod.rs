//! CQL data types and their values.
//!
//! Values travel and are stored in their native-protocol serialized form (`Vec<u8>`), exactly
//! as Cassandra keeps them: a bound value from EXECUTE goes into storage without conversion and
//! comes back out in a result set unchanged. This module knows, for each [`CqlType`], how to
//! validate those bytes, compare them (clustering order), turn a CQL literal into them, and
//! name the type the way `system_schema` and result metadata do.

mod bignum;
mod codec;
mod collections;
mod compare;
mod constants;
mod datetime;
mod duration;
mod functions;
mod literal;
mod names;
mod numbers;
mod timeuuid;
mod vint;
mod wire;

pub use codec::{
    decode_collection, decode_map, decode_tuple, encode_collection, encode_map, encode_tuple,
    validate,
};
pub use compare::compare;
pub use literal::{evaluate, evaluate_for_column};
pub use names::{parse_type_name, type_name, write_type_option};

/// A CQL type as declared in a schema. `text` and `varchar` are the same type ([`CqlType::Text`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CqlType {
    Ascii,
    Text,
    Blob,
    Boolean,
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    Varint,
    Float,
    Double,
    Decimal,
    Uuid,
    TimeUuid,
    Timestamp,
    Date,
    Time,
    Duration,
    Inet,
    Counter,
    List {
        elem: Box<CqlType>,
        frozen: bool,
    },
    Set {
        elem: Box<CqlType>,
        frozen: bool,
    },
    Map {
        key: Box<CqlType>,
        value: Box<CqlType>,
        frozen: bool,
    },
    /// Tuples are always frozen.
    Tuple(Vec<CqlType>),
}

impl CqlType {
    /// True for list, set and map types that are not frozen: stored cell by cell, so they
    /// support append, element put and element delete.
    pub fn is_multi_cell(&self) -> bool {
        matches!(
            self,
            CqlType::List { frozen: false, .. }
                | CqlType::Set { frozen: false, .. }
                | CqlType::Map { frozen: false, .. }
        )
    }

    /// True for list, set and map (frozen or not).
    pub fn is_collection(&self) -> bool {
        matches!(
            self,
            CqlType::List { .. } | CqlType::Set { .. } | CqlType::Map { .. }
        )
    }
}
