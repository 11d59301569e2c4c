//! The recursive-descent parser: tokens to a [`Statement`], rule by rule after Cassandra
//! 4.1's `Parser.g`.
//!
//! One [`Parser`] walks the significant tokens (hidden ones are skipped but kept for error
//! snippets). Rules live in submodules by statement family; this module holds the cursor,
//! the error helpers shared by all rules and the statement dispatch.
//!
//! Errors come in the three flavours Cassandra has, so the right one reaches the client:
//! - recognition errors ([`Failure::Syntax`]) stop the parse; they carry the offending token
//!   so [`super::parse`] can word them like ANTLR and order them against lexer errors;
//! - errors Cassandra throws from a grammar action ([`Failure::Invalid`], e.g. a second
//!   PRIMARY KEY) stop the parse and win over everything;
//! - errors Cassandra only finds when preparing the parsed statement (unknown type, no
//!   PRIMARY KEY, features this node lacks) are *deferred*: parsing goes on, and the first
//!   deferred error is reported only if the statement is otherwise well-formed.

mod ddl;
mod describe;
mod dml;
mod names;
mod properties;
mod relations;
mod select;
mod table;
mod terms;
mod types;

use super::ast::Statement;
use super::lexer::{Token, TokenKind};
use super::report;
use crate::node::error::CqlError;

/// Why parsing stopped.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// A syntax error at `tokens[at]`. `positional` errors get the ANTLR header and snippet;
    /// the others (Cassandra's `addRecognitionError`) are reported as they are.
    Syntax {
        at: usize,
        message: String,
        positional: bool,
    },
    /// An error raised while parsing that is reported whatever else is wrong.
    Invalid(CqlError),
}

pub(crate) type PResult<T> = Result<T, Failure>;

/// A parsed statement and the first error found after parsing (to report if nothing
/// earlier went wrong).
#[derive(Debug)]
pub(crate) struct Parsed {
    pub statement: Statement,
    pub deferred: Option<CqlError>,
}

/// Parse the `query` rule: one statement, any number of `;`, end of input.
pub(crate) fn parse_tokens(query: &str, tokens: &[Token]) -> PResult<Parsed> {
    let mut parser = Parser::new(query, tokens);
    let statement = parser.statement()?;
    while parser.eat_sym(";") {}
    if parser.peek().kind != TokenKind::Eof {
        return Err(parser.mismatch("EOF"));
    }
    Ok(Parsed {
        statement,
        deferred: parser.deferred,
    })
}

/// The message of a syntax error, worded like Cassandra's.
pub(crate) fn syntax_message(query: &str, tokens: &[Token], failure: &Failure) -> Option<String> {
    match failure {
        Failure::Syntax {
            at,
            message,
            positional: true,
        } => Some(report::positional(query, tokens, *at, message)),
        Failure::Syntax { message, .. } => Some(message.clone()),
        Failure::Invalid(_) => None,
    }
}

/// The cursor over the significant tokens, plus the state rules share.
pub(crate) struct Parser<'a> {
    query: &'a str,
    tokens: &'a [Token],
    /// Indexes into `tokens` of the non-hidden tokens; the last is EOF.
    significant: Vec<usize>,
    pos: usize,
    /// Bind markers seen so far; the next one gets this index.
    markers: usize,
    deferred: Option<CqlError>,
}

/// Saved cursor state for backtracking.
#[derive(Clone)]
struct Mark {
    pos: usize,
    markers: usize,
    deferred: Option<CqlError>,
}

impl<'a> Parser<'a> {
    fn new(query: &'a str, tokens: &'a [Token]) -> Self {
        let significant = (0..tokens.len())
            .filter(|&i| tokens.get(i).is_some_and(|t| !t.is_hidden()))
            .collect();
        Parser {
            query,
            tokens,
            significant,
            pos: 0,
            markers: 0,
            deferred: None,
        }
    }

    /// The token `k` significant tokens ahead (EOF past the end).
    fn peek_at(&self, k: usize) -> &'a Token {
        self.significant
            .get(self.pos + k)
            .and_then(|&i| self.tokens.get(i))
            .unwrap_or(&EOF_TOKEN)
    }

    fn peek(&self) -> &'a Token {
        self.peek_at(0)
    }

    /// Index into `tokens` of the current token.
    fn token_index(&self) -> usize {
        self.significant
            .get(self.pos)
            .copied()
            .unwrap_or(self.tokens.len().saturating_sub(1))
    }

    /// Consume the current token (EOF is never consumed) and return it.
    fn bump(&mut self) -> &'a Token {
        let token = self.peek();
        if token.kind != TokenKind::Eof {
            self.pos += 1;
        }
        token
    }

    fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            markers: self.markers,
            deferred: self.deferred.clone(),
        }
    }

    fn reset(&mut self, mark: Mark) {
        self.pos = mark.pos;
        self.markers = mark.markers;
        self.deferred = mark.deferred;
    }

    /// Run `rule` as a syntactic predicate: on failure, rewind and return `None`.
    fn attempt<T>(&mut self, rule: impl FnOnce(&mut Self) -> PResult<T>) -> Option<T> {
        let mark = self.mark();
        match rule(self) {
            Ok(value) => Some(value),
            Err(_) => {
                self.reset(mark);
                None
            }
        }
    }

    /// `item (',' item)*`: one or more items separated by commas.
    fn comma_separated<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> PResult<T>,
    ) -> PResult<Vec<T>> {
        let mut items = vec![item(self)?];
        while self.eat_sym(",") {
            items.push(item(self)?);
        }
        Ok(items)
    }

    /// Is the token `k` ahead the keyword `kw` (any case)?
    fn at_kw_n(&self, k: usize, kw: &str) -> bool {
        let token = self.peek_at(k);
        token.kind == TokenKind::Ident && token.text.eq_ignore_ascii_case(kw)
    }

    fn at_kw(&self, kw: &str) -> bool {
        self.at_kw_n(0, kw)
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let found = self.at_kw(kw);
        if found {
            self.bump();
        }
        found
    }

    /// Consume keyword `kw` or fail with ANTLR's `expecting K_<KW>`.
    fn expect_kw(&mut self, kw: &str) -> PResult<()> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.mismatch(&format!("K_{}", kw.to_ascii_uppercase())))
        }
    }

    fn at_sym_n(&self, k: usize, sym: &str) -> bool {
        let token = self.peek_at(k);
        token.kind == TokenKind::Symbol && token.text == sym
    }

    fn at_sym(&self, sym: &str) -> bool {
        self.at_sym_n(0, sym)
    }

    fn eat_sym(&mut self, sym: &str) -> bool {
        let found = self.at_sym(sym);
        if found {
            self.bump();
        }
        found
    }

    fn expect_sym(&mut self, sym: &str) -> PResult<()> {
        if self.eat_sym(sym) {
            Ok(())
        } else {
            Err(self.mismatch(&format!("'{sym}'")))
        }
    }

    /// `IF NOT EXISTS`, if present.
    fn if_not_exists(&mut self) -> PResult<bool> {
        if !self.eat_kw("if") {
            return Ok(false);
        }
        self.expect_kw("not")?;
        self.expect_kw("exists")?;
        Ok(true)
    }

    /// `IF EXISTS`, if present.
    fn if_exists(&mut self) -> PResult<bool> {
        if !self.eat_kw("if") {
            return Ok(false);
        }
        self.expect_kw("exists")?;
        Ok(true)
    }

    fn syntax_error(&self, message: String, positional: bool) -> Failure {
        Failure::Syntax {
            at: self.token_index(),
            message,
            positional,
        }
    }

    /// `mismatched input 'x' expecting <expected>` at the current token.
    fn mismatch(&self, expected: &str) -> Failure {
        let found = report::token_display(self.peek());
        self.syntax_error(
            format!("mismatched input {found} expecting {expected}"),
            true,
        )
    }

    /// `no viable alternative at input 'x'` at the current token.
    fn no_viable(&self) -> Failure {
        let found = report::token_display(self.peek());
        self.syntax_error(format!("no viable alternative at input {found}"), true)
    }

    /// A syntax error reported with its bare message (Cassandra's `addRecognitionError`).
    fn recognition(&self, message: impl Into<String>) -> Failure {
        self.syntax_error(message.into(), false)
    }

    /// Remember an error to report once the statement is known to be well-formed.
    fn defer(&mut self, error: CqlError) {
        if self.deferred.is_none() {
            self.deferred = Some(error);
        }
    }

    /// Defer the error for a construct Cassandra accepts but this node does not implement.
    fn defer_unsupported(&mut self, what: &str) {
        self.defer(unsupported(what));
    }

    /// The query text from the start of significant token `start` to the end of the last
    /// consumed token.
    fn text_since(&self, start: usize) -> String {
        let first = self
            .significant
            .get(start)
            .and_then(|&i| self.tokens.get(i));
        let last = self
            .pos
            .checked_sub(1)
            .and_then(|p| self.significant.get(p))
            .and_then(|&i| self.tokens.get(i));
        match (first, last) {
            (Some(first), Some(last)) if first.start <= last.end => self
                .query
                .get(first.start..last.end)
                .unwrap_or_default()
                .to_string(),
            _ => String::new(),
        }
    }

    /// `cqlStatement`
    fn statement(&mut self) -> PResult<Statement> {
        let token = self.peek();
        if token.kind != TokenKind::Ident {
            return Err(self.no_viable());
        }
        match token.text.to_ascii_lowercase().as_str() {
            "select" => self.select_statement(),
            "insert" => self.insert_statement(),
            "update" => self.update_statement(),
            "delete" => self.delete_statement(),
            "begin" => self.batch_statement(),
            "use" => self.use_statement(),
            "truncate" => self.truncate_statement(),
            "create" => self.create_statement(),
            "drop" => self.drop_statement(),
            "alter" => self.alter_statement(),
            "describe" | "desc" => self.describe_statement(),
            "grant" | "revoke" | "list" => self.unsupported_statement(),
            _ => Err(self.no_viable()),
        }
    }
}

/// Returned when looking past the end (the lexer always ends with its own EOF token).
static EOF_TOKEN: Token = Token {
    kind: TokenKind::Eof,
    text: String::new(),
    start: 0,
    end: 0,
    line: 0,
    col: 0,
};

/// The error for a statement or construct this node does not implement.
pub(crate) fn unsupported(what: &str) -> CqlError {
    CqlError::Invalid(format!(
        "{what} is not supported by the ringbench reference node"
    ))
}
