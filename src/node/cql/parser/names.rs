//! Names: identifiers, keyspace names and `[keyspace.]table` names.
//!
//! Unquoted names are lower-cased, quoted names are kept verbatim (Cassandra's
//! `ColumnIdentifier`), and unreserved keywords are ordinary names.

use super::{PResult, Parser};
use crate::node::cql::ast::QualifiedName;
use crate::node::cql::keywords;
use crate::node::cql::lexer::{Token, TokenKind};

/// The name a name token stands for.
fn normalize(token: &Token) -> String {
    match token.kind {
        TokenKind::QuotedName => token.text.clone(),
        _ => token.text.to_ascii_lowercase(),
    }
}

impl Parser<'_> {
    /// Can the token `k` ahead be an `ident` (an unreserved word or a quoted name)?
    pub(super) fn at_ident_n(&self, k: usize) -> bool {
        let token = self.peek_at(k);
        match token.kind {
            TokenKind::Ident => !keywords::is_reserved(&token.text),
            TokenKind::QuotedName => true,
            _ => false,
        }
    }

    pub(super) fn at_ident(&self) -> bool {
        self.at_ident_n(0)
    }

    /// Can the token `k` ahead be a `cident` (an ident or the empty quoted name `""`)?
    pub(super) fn at_cident_n(&self, k: usize) -> bool {
        self.at_ident_n(k) || self.peek_at(k).kind == TokenKind::EmptyQuotedName
    }

    /// `ident` (also `noncol_ident`, `fident`).
    pub(super) fn ident(&mut self) -> PResult<String> {
        if !self.at_ident() {
            return Err(self.no_viable());
        }
        Ok(normalize(self.bump()))
    }

    /// `cident`: a column name, which may be the legacy empty name `""`.
    pub(super) fn cident(&mut self) -> PResult<String> {
        if self.peek().kind == TokenKind::EmptyQuotedName {
            self.bump();
            return Ok(String::new());
        }
        self.ident()
    }

    /// A name, or Cassandra's error for a bind marker where a `what` name is required.
    fn schema_name(&mut self, what: &str) -> PResult<String> {
        if self.at_sym("?") {
            return Err(self.recognition(format!("Bind variables cannot be used for {what} names")));
        }
        self.ident()
    }

    /// `keyspaceName`
    pub(super) fn keyspace_name(&mut self) -> PResult<String> {
        self.schema_name("keyspace")
    }

    /// `columnFamilyName`: `[keyspace.]table`.
    pub(super) fn table_name(&mut self) -> PResult<QualifiedName> {
        let qualified = self.at_sym_n(1, ".") && (self.at_ident() || self.at_sym("?"));
        let keyspace = if qualified {
            let keyspace = self.keyspace_name()?;
            self.bump();
            Some(keyspace)
        } else {
            None
        };
        let name = self.schema_name("table")?;
        Ok(QualifiedName { keyspace, name })
    }

    /// The name of a bound variable after `:`, lower-cased unless quoted.
    pub(super) fn marker_name(&mut self) -> PResult<String> {
        self.ident()
    }
}

/// `ks.name` or `name`, as Cassandra prints a `QualifiedName` in messages.
pub(super) fn display_name(name: &QualifiedName) -> String {
    match &name.keyspace {
        Some(keyspace) => format!("{keyspace}.{}", name.name),
        None => name.name.clone(),
    }
}
