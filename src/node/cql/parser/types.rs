//! CQL types as written (`comparatorType`), and their resolution to [`CqlType`].
//!
//! Parsing and resolving are separate because Cassandra separates them: `frozen<int>` is a
//! syntax error found while parsing, while an unknown user type or a non-frozen collection
//! inside a collection is an invalid request found when the statement is prepared (and
//! only reported if the statement parsed). Keeping the raw form also lets the parser
//! backtrack over `(type) term` casts without side effects.

use std::fmt;

use super::{unsupported, PResult, Parser};
use crate::node::cql::keywords;
use crate::node::cql::lexer::TokenKind;
use crate::node::error::CqlError;
use crate::node::types::CqlType;

/// A type as written in the statement.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RawType {
    /// A native type and the name it was written with (`varchar` stays `varchar`).
    Native(CqlType, &'static str),
    List(Box<RawType>, bool),
    Set(Box<RawType>, bool),
    Map(Box<RawType>, Box<RawType>, bool),
    /// Tuples are always frozen.
    Tuple(Vec<RawType>),
    User {
        keyspace: Option<String>,
        name: String,
        frozen: bool,
    },
    /// `'org.apache.cassandra.db.marshal.XType'`
    Custom(String),
}

impl RawType {
    fn supports_freezing(&self) -> bool {
        !matches!(self, RawType::Native(..) | RawType::Custom(_))
    }

    fn is_frozen(&self) -> bool {
        match self {
            RawType::List(_, frozen) | RawType::Set(_, frozen) | RawType::Map(_, _, frozen) => {
                *frozen
            }
            RawType::User { frozen, .. } => *frozen,
            RawType::Tuple(_) => true,
            RawType::Native(..) | RawType::Custom(_) => false,
        }
    }

    fn is_counter(&self) -> bool {
        matches!(self, RawType::Native(CqlType::Counter, _))
    }

    /// `frozen<self>`: freezes collections deeply, or fails like Cassandra for other types.
    fn freeze(self) -> Result<RawType, String> {
        let inner = |t: Box<RawType>| -> Result<Box<RawType>, String> {
            if t.supports_freezing() {
                t.freeze().map(Box::new)
            } else {
                Ok(t)
            }
        };
        match self {
            RawType::List(elem, _) => Ok(RawType::List(inner(elem)?, true)),
            RawType::Set(elem, _) => Ok(RawType::Set(inner(elem)?, true)),
            RawType::Map(key, value, _) => Ok(RawType::Map(inner(key)?, inner(value)?, true)),
            RawType::User { keyspace, name, .. } => Ok(RawType::User {
                keyspace,
                name,
                frozen: true,
            }),
            RawType::Tuple(types) => Ok(RawType::Tuple(types)),
            other => Err(format!(
                "frozen<> is only allowed on collections, tuples, and user-defined types (got {other})"
            )),
        }
    }
}

impl fmt::Display for RawType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (open, close) = if self.is_frozen() && !matches!(self, RawType::Tuple(_)) {
            ("frozen<", ">")
        } else {
            ("", "")
        };
        match self {
            RawType::Native(_, name) => write!(f, "{name}"),
            RawType::List(elem, _) => write!(f, "{open}list<{elem}>{close}"),
            RawType::Set(elem, _) => write!(f, "{open}set<{elem}>{close}"),
            RawType::Map(key, value, _) => write!(f, "{open}map<{key}, {value}>{close}"),
            RawType::Tuple(types) => {
                let names: Vec<String> = types.iter().map(ToString::to_string).collect();
                write!(f, "tuple<{}>", names.join(", "))
            }
            RawType::User { keyspace, name, .. } => match keyspace {
                Some(keyspace) => write!(f, "{open}{keyspace}.{name}{close}"),
                None => write!(f, "{open}{name}{close}"),
            },
            RawType::Custom(class) => write!(f, "'{class}'"),
        }
    }
}

impl Parser<'_> {
    /// `comparatorType`
    pub(super) fn comparator_type(&mut self) -> PResult<RawType> {
        let token = self.peek();
        if token.kind == TokenKind::Str {
            self.bump();
            return Ok(RawType::Custom(token.text.clone()));
        }
        if token.kind == TokenKind::Ident {
            if let Some((ty, name)) = keywords::native_type(&token.text) {
                self.bump();
                return Ok(RawType::Native(ty, name));
            }
            if self.at_sym_n(1, "<") {
                match token.text.to_ascii_lowercase().as_str() {
                    "list" => return self.generic(1).map(|t| single(t, RawType::List)),
                    "set" => return self.generic(1).map(|t| single(t, RawType::Set)),
                    "map" => return self.map_type(),
                    "tuple" => return self.generic(usize::MAX).map(RawType::Tuple),
                    "frozen" => return self.frozen_type(),
                    _ => {}
                }
            }
        }
        self.user_type_name()
    }

    /// `kw '<' type (',' type)* '>'` with at most `max` types; returns the types.
    fn generic(&mut self, max: usize) -> PResult<Vec<RawType>> {
        self.bump();
        self.expect_sym("<")?;
        let mut types = vec![self.comparator_type()?];
        while types.len() < max && self.eat_sym(",") {
            types.push(self.comparator_type()?);
        }
        self.expect_sym(">")?;
        Ok(types)
    }

    fn map_type(&mut self) -> PResult<RawType> {
        self.bump();
        self.expect_sym("<")?;
        let key = self.comparator_type()?;
        self.expect_sym(",")?;
        let value = self.comparator_type()?;
        self.expect_sym(">")?;
        Ok(RawType::Map(Box::new(key), Box::new(value), false))
    }

    fn frozen_type(&mut self) -> PResult<RawType> {
        let start = self.token_index();
        let inner = self.generic(1)?.into_iter().next();
        let inner = inner.ok_or_else(|| self.no_viable())?;
        inner.freeze().map_err(|message| super::Failure::Syntax {
            at: start,
            message,
            positional: false,
        })
    }

    /// `userTypeName`: `[keyspace.]name`
    fn user_type_name(&mut self) -> PResult<RawType> {
        let keyspace = if self.at_ident() && self.at_sym_n(1, ".") {
            let keyspace = self.ident()?;
            self.bump();
            Some(keyspace)
        } else {
            None
        };
        let token = self.peek();
        if token.kind == TokenKind::Ident && keywords::is_reserved_type_name(&token.text) {
            return Err(
                self.recognition(format!("Invalid (reserved) user type name {}", token.text))
            );
        }
        let name = self.ident()?;
        Ok(RawType::User {
            keyspace,
            name,
            frozen: false,
        })
    }
}

fn single(mut types: Vec<RawType>, make: fn(Box<RawType>, bool) -> RawType) -> RawType {
    let elem = types
        .pop()
        .unwrap_or(RawType::Native(CqlType::Blob, "blob"));
    make(Box::new(elem), false)
}

/// Cassandra's checks on the element types of a non-internal collection `outer`.
fn check_element(outer: &RawType, elem: &RawType, frozen: bool) -> Result<(), CqlError> {
    if !frozen && elem.supports_freezing() && !elem.is_frozen() {
        let what = match elem {
            RawType::List(..) | RawType::Set(..) | RawType::Map(..) => "collections",
            _ => "UDTs",
        };
        return Err(CqlError::Invalid(format!(
            "Non-frozen {what} are not allowed inside collections: {outer}"
        )));
    }
    if elem.is_counter() {
        return Err(CqlError::Invalid(format!(
            "Counters are not allowed inside collections: {outer}"
        )));
    }
    Ok(())
}

/// The [`CqlType`] of `raw`; unqualified user types are looked up in `keyspace`.
pub(super) fn resolve(raw: &RawType, keyspace: Option<&str>) -> Result<CqlType, CqlError> {
    let inner = |t: &RawType| resolve(t, keyspace).map(Box::new);
    match raw {
        RawType::Native(ty, _) => Ok(ty.clone()),
        RawType::List(elem, frozen) => {
            check_element(raw, elem, *frozen)?;
            Ok(CqlType::List {
                elem: inner(elem)?,
                frozen: *frozen,
            })
        }
        RawType::Set(elem, frozen) => {
            check_element(raw, elem, *frozen)?;
            Ok(CqlType::Set {
                elem: inner(elem)?,
                frozen: *frozen,
            })
        }
        RawType::Map(key, value, frozen) => {
            check_element(raw, value, *frozen)?;
            check_element(raw, key, *frozen)?;
            Ok(CqlType::Map {
                key: inner(key)?,
                value: inner(value)?,
                frozen: *frozen,
            })
        }
        RawType::Tuple(types) => types
            .iter()
            .map(|t| {
                if t.is_counter() {
                    return Err(CqlError::Invalid(
                        "Counters are not allowed inside tuples".to_string(),
                    ));
                }
                let frozen = t.clone().freeze().unwrap_or_else(|_| t.clone());
                resolve(&frozen, keyspace)
            })
            .collect::<Result<Vec<_>, _>>()
            .map(CqlType::Tuple),
        RawType::User {
            keyspace: own,
            name,
            ..
        } => Err(CqlError::Invalid(match own.as_deref().or(keyspace) {
            Some(keyspace) => format!("Unknown type {keyspace}.{name}"),
            None => format!("Unknown type {name}"),
        })),
        RawType::Custom(_) => Err(unsupported("A custom type")),
    }
}
