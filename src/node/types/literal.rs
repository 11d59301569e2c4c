//! Turning a term of a statement (literal, bind marker, function call, cast) into a value.
use super::CqlType;
use crate::node::cql::ast::Term;
use crate::node::error::CqlResult;
use crate::node::exec::BoundValue;

/// The value of `term` for a column of type `ty`; `bound` holds the bound values in marker order.
pub fn evaluate(_ty: &CqlType, _term: &Term, _bound: &[BoundValue]) -> CqlResult<BoundValue> {
    todo!("H1")
}
