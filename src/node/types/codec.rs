//! Validation and (de)serialization of values in native-protocol form.
use super::CqlType;
use crate::node::error::CqlResult;

/// Check that `bytes` is a valid serialized value of `ty`.
pub fn validate(_ty: &CqlType, _bytes: &[u8]) -> CqlResult<()> {
    todo!("H1")
}
/// Split a serialized list or set into its elements.
pub fn decode_collection(_bytes: &[u8]) -> CqlResult<Vec<Vec<u8>>> {
    todo!("H1")
}
/// Split a serialized map into its entries.
pub fn decode_map(_bytes: &[u8]) -> CqlResult<Vec<(Vec<u8>, Vec<u8>)>> {
    todo!("H1")
}
/// Serialize list or set elements.
pub fn encode_collection(_items: &[Vec<u8>]) -> Vec<u8> {
    todo!("H1")
}
/// Serialize map entries.
pub fn encode_map(_entries: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    todo!("H1")
}
