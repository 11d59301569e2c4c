//! CQL text to syntax tree: a hand-written lexer and recursive-descent parser.

pub mod ast;

use crate::node::error::CqlResult;
use ast::Statement;

/// Parse one statement (a trailing `;` is allowed).
pub fn parse(_query: &str) -> CqlResult<Statement> {
    todo!("H2")
}
