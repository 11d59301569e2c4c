//! Helpers shared by the parser tests: parse-or-explain, and small AST builders.

use crate::node::cql::ast::*;
use crate::node::cql::parse;
use crate::node::error::CqlError;

/// Parse `query`, failing the test with the query and the error if it does not parse.
pub fn ok(query: &str) -> Statement {
    match parse(query) {
        Ok(statement) => statement,
        Err(error) => panic!("expected {query:?} to parse, got {error:?}"),
    }
}

/// The error `query` produces, failing the test if it parses.
pub fn err(query: &str) -> CqlError {
    match parse(query) {
        Ok(statement) => panic!("expected {query:?} to fail, got {statement:?}"),
        Err(error) => error,
    }
}

/// The message of the SyntaxError `query` produces.
pub fn syntax(query: &str) -> String {
    match err(query) {
        CqlError::Syntax(message) => message,
        other => panic!("expected a syntax error for {query:?}, got {other:?}"),
    }
}

/// The message of the Invalid error `query` produces.
pub fn invalid(query: &str) -> String {
    match err(query) {
        CqlError::Invalid(message) => message,
        other => panic!("expected an invalid-request error for {query:?}, got {other:?}"),
    }
}

pub fn int(text: &str) -> Term {
    Term::Literal(Literal::Integer(text.to_string()))
}

pub fn string(text: &str) -> Term {
    Term::Literal(Literal::String(text.to_string()))
}

pub fn bind(index: usize) -> Term {
    Term::Bind(BindMarker { index, name: None })
}

pub fn named(index: usize, name: &str) -> Term {
    Term::Bind(BindMarker {
        index,
        name: Some(name.to_string()),
    })
}

pub fn table(keyspace: Option<&str>, name: &str) -> QualifiedName {
    QualifiedName {
        keyspace: keyspace.map(str::to_string),
        name: name.to_string(),
    }
}

pub fn eq(column: &str, value: Term) -> Relation {
    Relation {
        target: RelationTarget::Column(column.to_string()),
        op: Operator::Eq,
        value: RelationValue::Term(value),
    }
}

pub fn select(query: &str) -> Select {
    match ok(query) {
        Statement::Select(select) => select,
        other => panic!("expected a SELECT from {query:?}, got {other:?}"),
    }
}

pub fn update(query: &str) -> Update {
    match ok(query) {
        Statement::Update(update) => update,
        other => panic!("expected an UPDATE from {query:?}, got {other:?}"),
    }
}

pub fn insert(query: &str) -> Insert {
    match ok(query) {
        Statement::Insert(insert) => insert,
        other => panic!("expected an INSERT from {query:?}, got {other:?}"),
    }
}

pub fn delete(query: &str) -> Delete {
    match ok(query) {
        Statement::Delete(delete) => delete,
        other => panic!("expected a DELETE from {query:?}, got {other:?}"),
    }
}

pub fn create_table(query: &str) -> CreateTable {
    match ok(query) {
        Statement::CreateTable(create) => create,
        other => panic!("expected a CREATE TABLE from {query:?}, got {other:?}"),
    }
}

/// The single term of a relation value.
pub fn term_of(value: &RelationValue) -> &Term {
    match value {
        RelationValue::Term(term) => term,
        other => panic!("expected a single term, got {other:?}"),
    }
}
