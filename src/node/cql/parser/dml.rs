//! INSERT, UPDATE, DELETE and BATCH (Cassandra's `insertStatement`, `updateStatement`,
//! `deleteStatement`, `batchStatement`).

use super::{unsupported, Failure, PResult, Parser};
use crate::node::cql::ast::{
    Assignment, Batch, BatchKind, Delete, DeleteTarget, Insert, Literal, Statement, Term, Update,
    Using,
};
use crate::node::cql::lexer::TokenKind;

/// Cassandra's `isCompatibleWith`: a column may be set once, or changed by several
/// non-overwriting operations.
fn compatible(existing: &Assignment, new: &Assignment) -> bool {
    !matches!(existing, Assignment::Set { .. }) && !matches!(new, Assignment::Set { .. })
}

fn assignment_column(assignment: &Assignment) -> &str {
    match assignment {
        Assignment::Set { column, .. }
        | Assignment::SetElement { column, .. }
        | Assignment::Add { column, .. }
        | Assignment::Prepend { column, .. }
        | Assignment::Subtract { column, .. } => column,
    }
}

impl Parser<'_> {
    /// `INSERT INTO table (cols) VALUES (terms) [IF NOT EXISTS] [USING ...]`
    pub(super) fn insert_statement(&mut self) -> PResult<Statement> {
        self.bump();
        self.expect_kw("into")?;
        let table = self.table_name()?;
        if self.at_kw("json") {
            return Err(Failure::Invalid(unsupported("INSERT JSON")));
        }
        self.expect_sym("(")?;
        let columns = self.comma_separated(Self::cident)?;
        self.expect_sym(")")?;
        self.expect_kw("values")?;
        self.expect_sym("(")?;
        let values = self.comma_separated(Self::term)?;
        self.expect_sym(")")?;
        let if_not_exists = self.if_not_exists()?;
        let using = self.using_clause()?;
        Ok(Statement::Insert(Insert {
            table,
            columns,
            values,
            if_not_exists,
            using,
        }))
    }

    /// `USING (TTL x | TIMESTAMP y) (AND ...)*`, if present.
    fn using_clause(&mut self) -> PResult<Using> {
        let mut using = Using::default();
        if !self.eat_kw("using") {
            return Ok(using);
        }
        loop {
            if self.eat_kw("timestamp") {
                using.timestamp = Some(self.int_value()?);
            } else if self.eat_kw("ttl") {
                using.ttl = Some(self.int_value()?);
            } else {
                return Err(self.no_viable());
            }
            if !self.eat_kw("and") {
                return Ok(using);
            }
        }
    }

    /// `UPDATE table [USING ...] SET ops WHERE ... [IF EXISTS | IF conditions]`
    pub(super) fn update_statement(&mut self) -> PResult<Statement> {
        self.bump();
        let table = self.table_name()?;
        let using = self.using_clause()?;
        self.expect_kw("set")?;
        let mut assignments = Vec::new();
        loop {
            let assignment = self.column_operation()?;
            let clash = assignments.iter().any(|existing: &Assignment| {
                assignment_column(existing) == assignment_column(&assignment)
                    && !compatible(existing, &assignment)
            });
            if clash {
                return Err(self.recognition(format!(
                    "Multiple incompatible setting of column {}",
                    assignment_column(&assignment)
                )));
            }
            assignments.push(assignment);
            if !self.eat_sym(",") {
                break;
            }
        }
        let where_clause = self.required_where()?;
        let condition = self.condition()?;
        Ok(Statement::Update(Update {
            table,
            using,
            assignments,
            where_clause,
            condition,
        }))
    }

    /// `columnOperation`
    fn column_operation(&mut self) -> PResult<Assignment> {
        let column = self.cident()?;
        if self.eat_sym("[") {
            let key = self.term()?;
            self.expect_sym("]")?;
            self.expect_sym("=")?;
            let value = self.term()?;
            return Ok(Assignment::SetElement { column, key, value });
        }
        if self.eat_sym("+=") {
            let value = self.term()?;
            return Ok(Assignment::Add { column, value });
        }
        if self.eat_sym("-=") {
            let value = self.term()?;
            return Ok(Assignment::Subtract { column, value });
        }
        if self.at_sym(".") {
            self.defer_unsupported("Setting a user type field");
            self.bump();
            self.ident()?;
            self.expect_sym("=")?;
            let value = self.term()?;
            return Ok(Assignment::Set { column, value });
        }
        if !self.at_sym("=") {
            return Err(self.no_viable());
        }
        self.bump();
        let starts_with_column = self.at_cident_n(0) && !self.at_function_call();
        if starts_with_column {
            return self.operation_on_column(column);
        }
        let value = self.term()?;
        if !self.eat_sym("+") {
            return Ok(Assignment::Set { column, value });
        }
        let other = self.cident()?;
        if other != column {
            return Err(
                self.recognition("Only expressions of the form X = <value> + X are supported.")
            );
        }
        Ok(Assignment::Prepend { column, value })
    }

    /// `X = X + v`, `X = X - v`, and `X = X -3` (lexed as `X`, `-3`).
    fn operation_on_column(&mut self, column: String) -> PResult<Assignment> {
        let other = self.cident()?;
        let same = other == column;
        let token = self.peek();
        if token.kind == TokenKind::Integer {
            self.bump();
            if !same {
                let sign = if token.text.starts_with('-') {
                    '-'
                } else {
                    '+'
                };
                return Err(self.recognition(format!(
                    "Only expressions of the form X = X {sign} <value> are supported."
                )));
            }
            let value = Term::Literal(Literal::Integer(token.text.clone()));
            return Ok(Assignment::Add { column, value });
        }
        let sign = if self.eat_sym("+") {
            "+"
        } else if self.eat_sym("-") {
            "-"
        } else {
            return Err(self.no_viable());
        };
        let value = self.term()?;
        if !same {
            return Err(self.recognition(format!(
                "Only expressions of the form X = X {sign}<value> are supported."
            )));
        }
        Ok(match sign {
            "+" => Assignment::Add { column, value },
            _ => Assignment::Subtract { column, value },
        })
    }

    /// `DELETE [targets] FROM table [USING TIMESTAMP x] WHERE ... [IF ...]`
    pub(super) fn delete_statement(&mut self) -> PResult<Statement> {
        self.bump();
        let columns = if self.at_kw("from") {
            Vec::new()
        } else {
            self.comma_separated(Self::delete_target)?
        };
        self.expect_kw("from")?;
        let table = self.table_name()?;
        let timestamp = if self.eat_kw("using") {
            self.expect_kw("timestamp")?;
            Some(self.int_value()?)
        } else {
            None
        };
        let where_clause = self.required_where()?;
        let condition = self.condition()?;
        Ok(Statement::Delete(Delete {
            table,
            columns,
            timestamp,
            where_clause,
            condition,
        }))
    }

    /// `deleteOp`: `col`, `col[term]` (or `col.field`, not supported).
    fn delete_target(&mut self) -> PResult<DeleteTarget> {
        let column = self.cident()?;
        let element = if self.eat_sym("[") {
            let key = self.term()?;
            self.expect_sym("]")?;
            Some(key)
        } else {
            if self.eat_sym(".") {
                self.defer_unsupported("Deleting a user type field");
                self.ident()?;
            }
            None
        };
        Ok(DeleteTarget { column, element })
    }

    /// `BEGIN [UNLOGGED | COUNTER] BATCH [USING ...] (stmt ;?)* APPLY BATCH`
    pub(super) fn batch_statement(&mut self) -> PResult<Statement> {
        self.bump();
        let kind = if self.eat_kw("unlogged") {
            BatchKind::Unlogged
        } else if self.eat_kw("counter") {
            BatchKind::Counter
        } else {
            BatchKind::Logged
        };
        self.expect_kw("batch")?;
        let using = self.using_clause()?;
        if using.ttl.is_some() {
            self.defer(crate::node::error::CqlError::Invalid(
                "Global TTL on the BATCH statement is not supported.".to_string(),
            ));
        }
        let mut statements = Vec::new();
        loop {
            let statement = if self.at_kw("insert") {
                self.insert_statement()?
            } else if self.at_kw("update") {
                self.update_statement()?
            } else if self.at_kw("delete") {
                self.delete_statement()?
            } else {
                break;
            };
            statements.push(statement);
            self.eat_sym(";");
        }
        self.expect_kw("apply")?;
        self.expect_kw("batch")?;
        Ok(Statement::Batch(Batch {
            kind,
            timestamp: using.timestamp,
            statements,
        }))
    }
}
