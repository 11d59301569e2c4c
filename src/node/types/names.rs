//! Type names as `system_schema` writes them, and type options as result metadata encodes them.
use super::CqlType;
use crate::node::error::CqlResult;

/// The CQL name of a type, e.g. `text`, `frozen<list<int>>`, `map<text, int>`.
pub fn type_name(_ty: &CqlType) -> String {
    todo!("H1")
}
/// Parse a type name as written by [`type_name`] or in CQL.
pub fn parse_type_name(_name: &str) -> CqlResult<CqlType> {
    todo!("H1")
}
/// Append the protocol `[option]` describing `ty` (result and prepared metadata).
pub fn write_type_option(_ty: &CqlType, _out: &mut Vec<u8>) {
    todo!("H1")
}
