//! Turning a term of a statement (literal, bind marker, function call, cast) into a value.
//!
//! The executor calls [`evaluate`] (or [`evaluate_for_column`], which names the column in
//! error messages exactly as Cassandra does: `Invalid STRING constant (foo) for "k" of type
//! int`) once it knows which column a term is assigned to or compared with. Like Cassandra,
//! it first checks that the term *can* be of the column's type (`testAssignment`), then builds
//! the value: constants are parsed ([`super::constants`]), collection and tuple literals are
//! built element by element ([`super::collections`]), functions are called
//! ([`super::functions`]) and bound values are validated, with sets and maps brought into
//! their canonical sorted, de-duplicated form.

use super::collections;
use super::constants::{self, classify};
use super::functions;
use super::{type_name, validate, CqlType};
use crate::node::cql::ast::{BindMarker, Literal, Term};
use crate::node::error::{CqlError, CqlResult};
use crate::node::exec::BoundValue;

/// The value of `term` for a column of type `ty`; `bound` holds the bound values in marker order.
/// Error messages say `for type <ty>` where Cassandra names the column; see
/// [`evaluate_for_column`].
pub fn evaluate(ty: &CqlType, term: &Term, bound: &[BoundValue]) -> CqlResult<BoundValue> {
    evaluate_for(&Receiver { name: None, ty }, term, bound)
}

/// [`evaluate`] for the column `column`, with Cassandra's exact error messages.
pub fn evaluate_for_column(
    column: &str,
    ty: &CqlType,
    term: &Term,
    bound: &[BoundValue],
) -> CqlResult<BoundValue> {
    let receiver = Receiver {
        name: Some(column.to_string()),
        ty,
    };
    evaluate_for(&receiver, term, bound)
}

/// What a term is assigned to: a column, a collection element, a function argument.
pub(crate) struct Receiver<'a> {
    /// Cassandra's name for it (`k`, `value(k)`, `arg0(system.totimestamp)`), if known.
    pub(crate) name: Option<String>,
    pub(crate) ty: &'a CqlType,
}

impl<'a> Receiver<'a> {
    /// `"k" of type int` (or `type int` without a name).
    pub(crate) fn quoted(&self) -> String {
        match &self.name {
            Some(name) => format!("\"{name}\" of type {}", type_name(self.ty)),
            None => format!("type {}", type_name(self.ty)),
        }
    }

    /// `k of type int` (or `type int` without a name).
    pub(crate) fn plain(&self) -> String {
        match &self.name {
            Some(name) => format!("{name} of type {}", type_name(self.ty)),
            None => format!("type {}", type_name(self.ty)),
        }
    }

    /// `k` (or the type name without a name).
    pub(crate) fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| type_name(self.ty))
    }

    /// A receiver for a part of this one, named `wrap(name)`, e.g. `value(k)`.
    pub(crate) fn child<'b>(&self, wrap: &str, ty: &'b CqlType) -> Receiver<'b> {
        Receiver {
            name: self.name.as_ref().map(|n| format!("{wrap}({n})")),
            ty,
        }
    }
}

/// Evaluate `term` for `receiver`.
pub(crate) fn evaluate_for(
    receiver: &Receiver<'_>,
    term: &Term,
    bound: &[BoundValue],
) -> CqlResult<BoundValue> {
    match term {
        Term::Bind(marker) => bind(receiver.ty, marker, bound),
        Term::Literal(literal) => literal_value(receiver, literal, bound),
        Term::Function { name, args } => functions::call(receiver, name, args, bound),
        Term::Cast { ty, term: inner } => cast(receiver, ty, inner, bound),
    }
}

fn literal_value(
    receiver: &Receiver<'_>,
    literal: &Literal,
    bound: &[BoundValue],
) -> CqlResult<BoundValue> {
    match literal {
        Literal::Null if *receiver.ty == CqlType::Counter => Err(CqlError::Invalid(
            "Invalid null value for counter increment/decrement".into(),
        )),
        Literal::Null => Ok(BoundValue::Null),
        Literal::List(items) => collections::list(receiver, items, bound),
        Literal::Set(items) => collections::set(receiver, items, bound),
        Literal::Map(entries) => collections::map(receiver, entries, bound),
        Literal::Tuple(items) => collections::tuple(receiver, items, bound),
        constant => constants::constant(receiver, constant).map(BoundValue::Value),
    }
}

/// A bound value: validated against the type; sets and maps are put in canonical order.
fn bind(ty: &CqlType, marker: &BindMarker, bound: &[BoundValue]) -> CqlResult<BoundValue> {
    let value = bound.get(marker.index).ok_or_else(|| {
        CqlError::Invalid(format!(
            "No value has been bound for bind marker {}",
            marker.index
        ))
    })?;
    match value {
        BoundValue::Value(bytes) => {
            validate(ty, bytes)?;
            Ok(BoundValue::Value(collections::normalize(ty, bytes)?))
        }
        other => Ok(other.clone()),
    }
}

/// `(type) term`: the term must fit the cast type, and the cast type the receiver.
fn cast(
    receiver: &Receiver<'_>,
    cast_ty: &CqlType,
    inner: &Term,
    bound: &[BoundValue],
) -> CqlResult<BoundValue> {
    if !assignable(inner, cast_ty) {
        return Err(CqlError::Invalid(format!(
            "Cannot cast value {} to type {}",
            term_text(inner),
            type_name(cast_ty)
        )));
    }
    if !value_compatible(receiver.ty, cast_ty) {
        return Err(CqlError::Invalid(format!(
            "Cannot assign value ({}){} to {}",
            type_name(cast_ty),
            term_text(inner),
            receiver.plain()
        )));
    }
    let as_cast = Receiver {
        name: receiver.name.clone(),
        ty: cast_ty,
    };
    evaluate_for(&as_cast, inner, bound)
}

/// Whether `term` can be of type `ty`, before evaluating it (Cassandra's `testAssignment`).
pub(crate) fn assignable(term: &Term, ty: &CqlType) -> bool {
    match term {
        Term::Bind(_) => true,
        Term::Cast { ty: cast_ty, .. } => value_compatible(ty, cast_ty),
        Term::Function { name, args } => functions::return_type(name, args)
            .is_none_or(|returned| value_compatible(ty, &returned)),
        Term::Literal(literal) => literal_assignable(literal, ty),
    }
}

fn literal_assignable(literal: &Literal, ty: &CqlType) -> bool {
    match (literal, ty) {
        (Literal::Null, _) => *ty != CqlType::Counter,
        (Literal::List(items), CqlType::List { elem, .. })
        | (Literal::Set(items), CqlType::Set { elem, .. }) => {
            items.iter().all(|item| assignable(item, elem))
        }
        (Literal::Map(entries), CqlType::Map { key, value, .. }) => entries
            .iter()
            .all(|(k, v)| assignable(k, key) && assignable(v, value)),
        (Literal::Map(entries), CqlType::Set { .. }) => entries.is_empty(),
        (Literal::Tuple(items), CqlType::Tuple(fields)) => {
            items.len() <= fields.len()
                && items
                    .iter()
                    .zip(fields)
                    .all(|(item, f)| assignable(item, f))
        }
        (Literal::List(_) | Literal::Set(_) | Literal::Map(_) | Literal::Tuple(_), _) => false,
        (constant, ty) => {
            classify(constant).is_some_and(|(kind, _)| constants::assignable(kind, ty))
        }
    }
}

/// Whether a value of type `from` is also a valid value of type `to` (Cassandra's
/// `isValueCompatibleWith`): the same type, any type into `blob`, `ascii` into `text`,
/// `timeuuid` into `uuid`, and `bigint`/`timestamp` (and `int`, into `varint`) as numbers.
pub(crate) fn value_compatible(to: &CqlType, from: &CqlType) -> bool {
    use CqlType as T;
    to == from
        || matches!(
            (to, from),
            (T::Blob, _)
                | (T::Text, T::Ascii)
                | (T::Uuid, T::TimeUuid)
                | (T::BigInt, T::Timestamp)
                | (T::Timestamp, T::BigInt)
                | (T::Varint, T::Int | T::BigInt | T::Timestamp)
        )
}

/// A term as Cassandra prints it in messages: `'foo'`, `42`, `[1, 2]`, `?`, `now()`.
pub(crate) fn term_text(term: &Term) -> String {
    let join = |items: &[Term]| items.iter().map(term_text).collect::<Vec<_>>().join(", ");
    match term {
        Term::Bind(BindMarker { name: Some(n), .. }) => format!(":{n}"),
        Term::Bind(_) => "?".into(),
        Term::Function { name, args } => format!("{name}({})", join(args)),
        Term::Cast { ty, term } => format!("({}){}", type_name(ty), term_text(term)),
        Term::Literal(literal) => match literal {
            Literal::Null => "NULL".into(),
            Literal::String(s) => format!("'{s}'"),
            Literal::List(items) => format!("[{}]", join(items)),
            Literal::Set(items) => format!("{{{}}}", join(items)),
            Literal::Tuple(items) => format!("({})", join(items)),
            Literal::Map(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", term_text(k), term_text(v)))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
            constant => classify(constant).map(|(_, text)| text).unwrap_or_default(),
        },
    }
}

#[cfg(test)]
#[path = "literal_tests.rs"]
mod tests;
