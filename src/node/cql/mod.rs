//! CQL text to syntax tree: a hand-written lexer and recursive-descent parser that accept
//! what Cassandra 4.1 accepts for the statements in [`ast`], and reject the rest with the
//! error Cassandra would send.
//!
//! - [`lexer`] (with `scan`, `keywords`): characters to tokens, ANTLR's longest-match rules.
//! - `parser`: tokens to a [`Statement`], one submodule per statement family.
//! - `report`: syntax error text in Cassandra's `line L:C message (snippet)` form.
//!
//! [`parse`] also decides which error wins when several are present, the way Cassandra's
//! `ErrorCollector` does: errors thrown by grammar actions first, then the earliest syntax
//! error (lexer or parser, in the order the parser would meet them), then errors Cassandra
//! only finds when preparing the statement.

pub mod ast;
mod keywords;
mod lexer;
mod parser;
mod report;
mod scan;

#[cfg(test)]
mod tests;

use crate::node::error::{CqlError, CqlResult};
use ast::Statement;
use lexer::TokenKind;
use parser::Failure;

/// Parse one statement; trailing `;`s, whitespace and comments are allowed.
pub fn parse(query: &str) -> CqlResult<Statement> {
    let lexed = lexer::lex(query);
    let result = parser::parse_tokens(query, &lexed.tokens);
    let lex_error = lexed.error.map(|e| (e.offset, e.message));
    match result {
        Err(Failure::Invalid(error)) => Err(error),
        Err(failure @ Failure::Syntax { at, .. }) => {
            // The parser pulls tokens lazily: a lexer error before the offending token was
            // reported first.
            let offending = lexed
                .tokens
                .get(at)
                .filter(|t| t.kind != TokenKind::Eof)
                .map_or(usize::MAX, |t| t.start);
            match lex_error {
                Some((offset, message)) if offset < offending => Err(CqlError::Syntax(message)),
                _ => {
                    let message = parser::syntax_message(query, &lexed.tokens, &failure);
                    Err(CqlError::Syntax(message.unwrap_or_default()))
                }
            }
        }
        Ok(parsed) => match (lex_error, parsed.deferred) {
            (Some((_, message)), _) => Err(CqlError::Syntax(message)),
            (None, Some(error)) => Err(error),
            (None, None) => Ok(parsed.statement),
        },
    }
}
