//! Operations: each CQL statement parsed with the reference node's own CQL parser (so a typo
//! is caught before anything connects), its named bind markers matched to bindings in marker
//! order, its kind decided, and its consistency settings read.

use scylla::statement::{Consistency, SerialConsistency};
use serde_saphyr::Spanned;

use crate::generate::Bindings;
use crate::node::cql::ast::Statement;
use crate::plan::{OperationKind, OperationPlan};

use super::error::{did_you_mean, Checked, Problem};
use super::markers::markers;
use super::params::integer;
use super::yaml::{Node, Pos};

/// What one operation says, whichever section it came from.
pub struct StatementSpec<'a> {
    pub name: &'a str,
    pub cql: &'a Node,
    pub consistency: Option<&'a Spanned<String>>,
    pub serial_consistency: Option<&'a Spanned<String>>,
    pub idempotent: Option<bool>,
    pub page_size: Option<&'a Node>,
}

/// Parse, check and compile one operation.
pub fn compile(spec: &StatementSpec<'_>, bindings: &Bindings) -> Checked<OperationPlan> {
    let pos = spec.cql.pos;
    let cql = cql_text(spec.cql)?;
    let statement = crate::node::cql::parse(&cql).map_err(|e| {
        let message = e.to_string();
        // A binding named like a reserved word (`from`, `limit`, ...) cannot be a marker.
        let reserved = bindings
            .names()
            .find(|n| cql.contains(&format!(":{n}")) && message.contains(&format!("input '{n}'")));
        let hint = match reserved {
            Some(n) => format!("'{n}' is a reserved CQL word and cannot name a marker: rename the binding (e.g. '{n}_value')"),
            None => "fix the statement (the position after 'line' is inside the CQL text)".to_string(),
        };
        Problem::new(pos, format!("the CQL of operation '{}' does not parse: {message}", spec.name), hint)
    })?;
    let kind = kind_of(&statement).ok_or_else(|| {
        Problem::new(
            pos,
            format!(
                "operation '{}' is not a SELECT, INSERT, UPDATE, DELETE or BATCH",
                spec.name
            ),
            "put CREATE / ALTER / DROP statements in the schema section",
        )
    })?;
    let mut bound = Vec::new();
    for marker in markers(&statement) {
        let Some(name) = marker.name else {
            return Err(Problem::new(
                pos,
                format!(
                    "operation '{}' has a positional marker '?' (marker #{})",
                    spec.name,
                    marker.index + 1
                ),
                "use named markers such as :key, so ringbench knows which binding fills each one",
            ));
        };
        let index = bindings.index_of(&name).ok_or_else(|| {
            Problem::new(
                pos,
                format!(
                    "operation '{}' uses :{name}, but there is no binding '{name}'{}",
                    spec.name,
                    did_you_mean(&name, bindings.names())
                ),
                format!("add a binding named '{name}' to the bindings section, or fix the marker"),
            )
        })?;
        bound.push(index);
    }
    Ok(OperationPlan {
        name: spec.name.to_string(),
        cql,
        kind,
        markers: bound,
        consistency: spec.consistency.map(consistency).transpose()?,
        serial_consistency: spec
            .serial_consistency
            .map(serial_consistency)
            .transpose()?,
        idempotent: spec.idempotent.unwrap_or(kind == OperationKind::Read),
        page_size: spec.page_size.map(page_size).transpose()?,
    })
}

/// The text of a CQL statement, trimmed of whitespace and a final `;`.
pub fn cql_text(node: &Node) -> Checked<String> {
    match node.as_str() {
        Some(text) => Ok(text.trim().trim_end_matches(';').trim().to_string()),
        None => Err(Problem::new(
            node.pos,
            format!(
                "expected a CQL statement as text, found {}",
                node.describe()
            ),
            "YAML reads unquoted text containing ': ' (e.g. a map literal {'k': 1}) as a \
             mapping: quote the statement, or write it as a block on the next lines after >-",
        )),
    }
}

/// Read, write, LWT (any IF condition, batches included) or batch.
fn kind_of(statement: &Statement) -> Option<OperationKind> {
    Some(match statement {
        Statement::Select(_) => OperationKind::Read,
        Statement::Insert(s) if s.if_not_exists => OperationKind::Lwt,
        Statement::Update(s) if s.condition.is_some() => OperationKind::Lwt,
        Statement::Delete(s) if s.condition.is_some() => OperationKind::Lwt,
        Statement::Insert(_) | Statement::Update(_) | Statement::Delete(_) => OperationKind::Write,
        Statement::Batch(b)
            if b.statements
                .iter()
                .any(|s| kind_of(s) == Some(OperationKind::Lwt)) =>
        {
            OperationKind::Lwt
        }
        Statement::Batch(_) => OperationKind::Batch,
        _ => return None,
    })
}

/// A consistency level by its CQL name (any case, `_` or `-`).
pub fn consistency(text: &Spanned<String>) -> Checked<Consistency> {
    crate::consistency::parse(&text.value).map_err(|_| {
        let upper = text.value.trim().to_ascii_uppercase();
        let names: Vec<&str> = crate::consistency::level_names().collect();
        Problem::new(
            Pos::of(text),
            format!(
                "'{}' is not a consistency level{}",
                text.value,
                did_you_mean(&upper, names.iter().copied())
            ),
            format!("use one of {}", names.join(", ")),
        )
    })
}

/// SERIAL or LOCAL_SERIAL.
pub fn serial_consistency(text: &Spanned<String>) -> Checked<SerialConsistency> {
    crate::consistency::parse_serial(&text.value).map_err(|_| {
        Problem::new(
            Pos::of(text),
            format!("'{}' is not a serial consistency level", text.value),
            "use SERIAL or LOCAL_SERIAL",
        )
    })
}

fn page_size(node: &Node) -> Checked<i32> {
    let n = integer(node)?;
    i32::try_from(n).ok().filter(|&n| n > 0).ok_or_else(|| {
        Problem::new(
            node.pos,
            format!("page_size must be between 1 and {}, found {n}", i32::MAX),
            "use a row count such as 5000 (or leave it out for the profile's default)",
        )
    })
}
