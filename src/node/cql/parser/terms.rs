//! Terms: constants, bind markers, collection and tuple literals, function calls and casts
//! (Cassandra's `term` / `value` / `constant` rules).

use super::{PResult, Parser};
use crate::node::cql::ast::{BindMarker, Literal, Term};
use crate::node::cql::keywords;
use crate::node::cql::lexer::{Token, TokenKind};
use crate::node::error::CqlError;

/// A constant and its "raw text" as Cassandra's `Constants.Literal.getRawText()` gives it
/// (what WITH properties store).
pub(super) struct Constant {
    pub literal: Literal,
    pub raw: String,
}

/// Decode the digits of a `0x...` blob constant.
fn decode_hex(digits: &str) -> Option<Vec<u8>> {
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| {
            digits
                .get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect()
}

impl Parser<'_> {
    /// Allocate the next bind marker.
    fn new_marker(&mut self, name: Option<String>) -> BindMarker {
        let index = self.markers;
        self.markers += 1;
        BindMarker { index, name }
    }

    /// Is the current token the start of a bind marker (`?` or `:name`)?
    pub(super) fn at_marker(&self) -> bool {
        self.at_sym("?") || self.at_sym(":")
    }

    /// `marker`: `?` or `:name`.
    pub(super) fn marker(&mut self) -> PResult<BindMarker> {
        if self.eat_sym("?") {
            return Ok(self.new_marker(None));
        }
        if self.eat_sym(":") {
            let name = self.marker_name()?;
            return Ok(self.new_marker(Some(name)));
        }
        Err(self.no_viable())
    }

    /// `intValue`: an integer constant or a marker (LIMIT, TTL, TIMESTAMP).
    pub(super) fn int_value(&mut self) -> PResult<Term> {
        let token = self.peek();
        if token.kind == TokenKind::Integer {
            self.bump();
            return Ok(Term::Literal(Literal::Integer(token.text.clone())));
        }
        if self.at_marker() {
            return self.marker().map(Term::Bind);
        }
        Err(self.no_viable())
    }

    /// `constant`, if the current token is one (consumed).
    pub(super) fn constant(&mut self) -> Option<Constant> {
        let token = self.peek();
        let (literal, raw) = match token.kind {
            TokenKind::Str => (Literal::String(token.text.clone()), token.text.clone()),
            TokenKind::Integer => (Literal::Integer(token.text.clone()), token.text.clone()),
            TokenKind::Float => (Literal::Float(token.text.clone()), token.text.clone()),
            TokenKind::Boolean => (
                Literal::Bool(token.text.eq_ignore_ascii_case("true")),
                token.text.clone(),
            ),
            TokenKind::Duration => (Literal::Duration(token.text.clone()), token.text.clone()),
            TokenKind::Uuid => (
                Literal::Uuid(uuid::Uuid::parse_str(&token.text).ok()?),
                token.text.clone(),
            ),
            TokenKind::Hex => (self.blob(token), token.text.clone()),
            TokenKind::NegNan => float("NaN"),
            TokenKind::NegInfinity => float("-Infinity"),
            TokenKind::Ident if token.text.eq_ignore_ascii_case("nan") => float("NaN"),
            TokenKind::Ident if token.text.eq_ignore_ascii_case("infinity") => float("Infinity"),
            _ => return None,
        };
        self.bump();
        Some(Constant { literal, raw })
    }

    /// The bytes of a `0x...` token; odd digit counts are rejected when preparing, as
    /// Cassandra's `BytesType.fromString` does.
    fn blob(&mut self, token: &Token) -> Literal {
        let digits = token.text.get(2..).unwrap_or_default();
        match decode_hex(digits) {
            Some(bytes) => Literal::Blob(bytes),
            None => {
                self.defer(CqlError::Invalid(format!(
                    "cannot parse '{digits}' as hex bytes"
                )));
                Literal::Blob(Vec::new())
            }
        }
    }

    /// `term`
    pub(super) fn term(&mut self) -> PResult<Term> {
        if let Some(constant) = self.constant() {
            return Ok(Term::Literal(constant.literal));
        }
        if self.at_marker() {
            return self.marker().map(Term::Bind);
        }
        if self.eat_kw("null") {
            return Ok(Term::Literal(Literal::Null));
        }
        if self.at_sym("[") {
            return self.list_literal();
        }
        if self.at_sym("{") {
            return self.brace_literal();
        }
        if self.at_sym("(") {
            return self.cast_or_tuple();
        }
        if self.at_kw("cast") && self.at_sym_n(1, "(") {
            self.defer_unsupported("CAST");
            self.bump();
            return self
                .parenthesized_terms()
                .map(|_| Term::Literal(Literal::Null));
        }
        if self.at_function_call() {
            return self.function_call();
        }
        Err(self.no_viable())
    }

    /// Comma-separated terms up to (not including) `close`; possibly none.
    pub(super) fn terms_until(&mut self, close: &str) -> PResult<Vec<Term>> {
        let mut terms = Vec::new();
        if self.at_sym(close) {
            return Ok(terms);
        }
        terms.extend(self.comma_separated(Self::term)?);
        Ok(terms)
    }

    /// `'(' terms? ')'`
    pub(super) fn parenthesized_terms(&mut self) -> PResult<Vec<Term>> {
        self.expect_sym("(")?;
        let terms = self.terms_until(")")?;
        self.expect_sym(")")?;
        Ok(terms)
    }

    /// `'[' terms? ']'`
    fn list_literal(&mut self) -> PResult<Term> {
        self.expect_sym("[")?;
        let items = self.terms_until("]")?;
        self.expect_sym("]")?;
        Ok(Term::Literal(Literal::List(items)))
    }

    /// `{}`, `{a, b}`, `{k: v, ...}`, or a user type literal `{field: v}` (not supported).
    fn brace_literal(&mut self) -> PResult<Term> {
        self.expect_sym("{")?;
        if self.eat_sym("}") {
            return Ok(Term::Literal(Literal::Map(Vec::new())));
        }
        if self.at_ident() && self.at_sym_n(1, ":") {
            self.defer_unsupported("User-defined type literal");
            while !self.at_sym("}") {
                self.ident()?;
                self.expect_sym(":")?;
                self.term()?;
                if !self.eat_sym(",") {
                    break;
                }
            }
            self.expect_sym("}")?;
            return Ok(Term::Literal(Literal::Null));
        }
        let first = self.term()?;
        if self.eat_sym(":") {
            let mut entries = vec![(first, self.term()?)];
            while self.eat_sym(",") {
                let key = self.term()?;
                self.expect_sym(":")?;
                entries.push((key, self.term()?));
            }
            self.expect_sym("}")?;
            return Ok(Term::Literal(Literal::Map(entries)));
        }
        let mut items = vec![first];
        while self.eat_sym(",") {
            items.push(self.term()?);
        }
        self.expect_sym("}")?;
        Ok(Term::Literal(Literal::Set(items)))
    }

    /// `'(' type ')' term` (a cast) or `'(' term (',' term)* ')'` (a tuple).
    fn cast_or_tuple(&mut self) -> PResult<Term> {
        let cast_type = self.attempt(|p| {
            p.expect_sym("(")?;
            let ty = p.comparator_type()?;
            p.expect_sym(")")?;
            Ok(ty)
        });
        if let Some(raw) = cast_type {
            let term = self.term()?;
            let ty = match super::types::resolve(&raw, None) {
                Ok(ty) => ty,
                Err(error) => {
                    self.defer(error);
                    crate::node::types::CqlType::Blob
                }
            };
            return Ok(Term::Cast {
                ty,
                term: Box::new(term),
            });
        }
        self.tuple_literal()
    }

    /// `'(' term (',' term)* ')'`
    pub(super) fn tuple_literal(&mut self) -> PResult<Term> {
        self.expect_sym("(")?;
        let items = self.comma_separated(Self::term)?;
        self.expect_sym(")")?;
        Ok(Term::Literal(Literal::Tuple(items)))
    }

    /// Is a function name (optionally keyspace-qualified) followed by `(` ahead?
    pub(super) fn at_function_call(&self) -> bool {
        let is_name = |k: usize| {
            let token = self.peek_at(k);
            match token.kind {
                TokenKind::Ident => keywords::is_function_name(&token.text),
                TokenKind::QuotedName => true,
                _ => false,
            }
        };
        (is_name(0) && self.at_sym_n(1, "("))
            || (self.at_ident() && self.at_sym_n(1, ".") && is_name(2) && self.at_sym_n(3, "("))
    }

    /// `functionName`: `[keyspace.]name`, lower-cased unless quoted.
    pub(super) fn function_name(&mut self) -> PResult<String> {
        let mut name = String::new();
        if self.at_sym_n(1, ".") {
            name.push_str(&self.ident()?);
            name.push('.');
            self.bump();
        }
        let token = self.bump();
        match token.kind {
            TokenKind::QuotedName => name.push_str(&token.text),
            _ => name.push_str(&token.text.to_ascii_lowercase()),
        }
        Ok(name)
    }

    /// `function`: `name '(' terms? ')'`
    fn function_call(&mut self) -> PResult<Term> {
        let name = self.function_name()?;
        let args = self.parenthesized_terms()?;
        Ok(Term::Function { name, args })
    }
}

fn float(text: &str) -> (Literal, String) {
    (Literal::Float(text.to_string()), text.to_string())
}
