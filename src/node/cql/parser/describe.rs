//! DESCRIBE / DESC (Cassandra's `describeStatement`; since 4.0 the server answers it and
//! cqlsh relies on that).

use super::{unsupported, Failure, PResult, Parser};
use crate::node::cql::ast::{Describe, DescribeTarget, QualifiedName, Statement};
use crate::node::cql::lexer::TokenKind;

/// The target a single word names (`DESCRIBE CLUSTER`, `DESCRIBE TABLES`, ...).
fn simple_target(word: &str) -> Option<DescribeTarget> {
    let target = match word.to_ascii_lowercase().as_str() {
        "cluster" => DescribeTarget::Cluster,
        "keyspaces" => DescribeTarget::Keyspaces,
        "tables" | "columnfamilies" => DescribeTarget::Tables,
        "types" => DescribeTarget::Types,
        "functions" => DescribeTarget::Functions,
        "aggregates" => DescribeTarget::Aggregates,
        _ => return None,
    };
    Some(target)
}

/// Targets naming one object of a kind this node does not have.
const UNSUPPORTED_TARGETS: &[(&str, &str)] = &[
    ("index", "DESCRIBE INDEX"),
    ("materialized", "DESCRIBE MATERIALIZED VIEW"),
    ("type", "DESCRIBE TYPE"),
    ("function", "DESCRIBE FUNCTION"),
    ("aggregate", "DESCRIBE AGGREGATE"),
];

impl Parser<'_> {
    /// `(DESCRIBE | DESC) target [WITH INTERNALS]`
    pub(super) fn describe_statement(&mut self) -> PResult<Statement> {
        self.bump();
        let target = self.describe_target()?;
        let with_internals = self.eat_kw("with");
        if with_internals {
            self.expect_kw("internals")?;
        }
        Ok(Statement::Describe(Describe {
            target,
            with_internals,
        }))
    }

    fn describe_target(&mut self) -> PResult<DescribeTarget> {
        let token = self.peek();
        if let Some(target) = simple_target(&token.text).filter(|_| token.kind == TokenKind::Ident)
        {
            self.bump();
            return Ok(target);
        }
        let full = self.eat_kw("full");
        if self.eat_kw("schema") {
            return Ok(DescribeTarget::Schema { full });
        }
        if full {
            return Err(self.mismatch("K_SCHEMA"));
        }
        let only = self.eat_kw("only");
        if self.eat_kw("keyspace") {
            let name = if self.at_ident() {
                Some(self.keyspace_name()?)
            } else {
                None
            };
            return Ok(DescribeTarget::Keyspace { name, only });
        }
        if only {
            return Err(self.mismatch("K_KEYSPACE"));
        }
        if self.eat_kw("table") || self.eat_kw("columnfamily") {
            return Ok(DescribeTarget::Table(self.table_name()?));
        }
        let is_generic_name = self.at_ident() && !self.at_ident_n(1);
        if let Some((_, name)) = UNSUPPORTED_TARGETS
            .iter()
            .find(|(kw, _)| self.at_kw(kw) && !is_generic_name)
        {
            return Err(Failure::Invalid(unsupported(name)));
        }
        self.generic_name().map(DescribeTarget::Name)
    }

    /// `[keyspace.]name` of `DESCRIBE name`.
    fn generic_name(&mut self) -> PResult<QualifiedName> {
        let first = self.ident()?;
        if self.eat_sym(".") {
            let name = self.ident()?;
            return Ok(QualifiedName {
                keyspace: Some(first),
                name,
            });
        }
        Ok(QualifiedName {
            keyspace: None,
            name: first,
        })
    }
}
