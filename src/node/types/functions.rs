//! Cassandra's native scalar functions usable in values: `now()`, `uuid()`,
//! `currentTimestamp()` and friends, the time conversions (`toTimestamp`, `toDate`,
//! `toUnixTimestamp`, `minTimeuuid`, ...) and the blob conversions (`textAsBlob`,
//! `blobAsInt`, ... for every native type).
//!
//! A call is resolved as Cassandra resolves it: by name (case-insensitive, optionally
//! `system.`-qualified), then by arity, then by which overload its arguments can be assigned
//! to, preferring an overload the arguments match exactly; an ambiguous call asks for a type
//! cast. The result type must fit the receiver. A null argument gives a null result.

use super::codec::hex;
use super::constants::{classify, preferred_type};
use super::datetime::{date_bytes, millis_to_days, now_millis, now_nanos, EPOCH_DAY};
use super::datetime::{MILLIS_PER_DAY, NANOS_PER_DAY};
use super::literal::{assignable, evaluate_for, term_text, value_compatible, Receiver};
use super::{parse_type_name, timeuuid, type_name, validate, CqlType};
use crate::node::cql::ast::{Literal, Term};
use crate::node::error::{CqlError, CqlResult};
use crate::node::exec::BoundValue;

/// What a function computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Now,
    Uuid,
    CurrentTimestamp,
    CurrentDate,
    CurrentTime,
    ToTimestamp,
    ToDate,
    ToUnixTimestamp,
    MinTimeuuid,
    MaxTimeuuid,
    ToBlob,
    FromBlob,
}

/// One overload of a native function.
#[derive(Debug, Clone)]
struct Overload {
    /// Lower-case name without keyspace.
    name: String,
    params: Vec<CqlType>,
    returns: CqlType,
    op: Op,
}

impl Overload {
    fn new(name: &str, params: &[CqlType], returns: CqlType, op: Op) -> Self {
        Overload {
            name: name.to_string(),
            params: params.to_vec(),
            returns,
            op,
        }
    }

    fn qualified(&self) -> String {
        format!("system.{}", self.name)
    }

    /// `system.totimestamp : (timeuuid) -> timestamp`
    fn signature(&self) -> String {
        let params: Vec<String> = self.params.iter().map(type_name).collect();
        format!(
            "{} : ({}) -> {}",
            self.qualified(),
            params.join(", "),
            type_name(&self.returns)
        )
    }
}

/// Every overload of the function `name` (empty when there is no such function).
fn overloads(name: &str) -> Vec<Overload> {
    use CqlType as T;
    let lower = name.to_ascii_lowercase();
    let name = lower.strip_prefix("system.").unwrap_or(&lower);
    let one =
        |params: &[CqlType], returns: CqlType, op: Op| Overload::new(name, params, returns, op);
    match name {
        "now" | "currenttimeuuid" => vec![one(&[], T::TimeUuid, Op::Now)],
        "uuid" => vec![one(&[], T::Uuid, Op::Uuid)],
        "currenttimestamp" => vec![one(&[], T::Timestamp, Op::CurrentTimestamp)],
        "currentdate" => vec![one(&[], T::Date, Op::CurrentDate)],
        "currenttime" => vec![one(&[], T::Time, Op::CurrentTime)],
        "totimestamp" => vec![
            one(&[T::TimeUuid], T::Timestamp, Op::ToTimestamp),
            one(&[T::Date], T::Timestamp, Op::ToTimestamp),
        ],
        "dateof" => vec![one(&[T::TimeUuid], T::Timestamp, Op::ToTimestamp)],
        "todate" => vec![
            one(&[T::TimeUuid], T::Date, Op::ToDate),
            one(&[T::Timestamp], T::Date, Op::ToDate),
        ],
        "tounixtimestamp" => vec![
            one(&[T::TimeUuid], T::BigInt, Op::ToUnixTimestamp),
            one(&[T::Timestamp], T::BigInt, Op::ToUnixTimestamp),
            one(&[T::Date], T::BigInt, Op::ToUnixTimestamp),
        ],
        "unixtimestampof" => vec![one(&[T::TimeUuid], T::BigInt, Op::ToUnixTimestamp)],
        "mintimeuuid" => vec![one(&[T::Timestamp], T::TimeUuid, Op::MinTimeuuid)],
        "maxtimeuuid" => vec![one(&[T::Timestamp], T::TimeUuid, Op::MaxTimeuuid)],
        _ => blob_conversion(name).into_iter().collect(),
    }
}

/// `<type>asblob` and `blobas<type>` for every native type but blob.
fn blob_conversion(name: &str) -> Option<Overload> {
    let native = |type_word: &str| {
        parse_type_name(type_word)
            .ok()
            .filter(|ty| !ty.is_collection() && !matches!(ty, CqlType::Tuple(_) | CqlType::Blob))
            .filter(|_| type_word.bytes().all(|b| b.is_ascii_alphabetic()))
    };
    if let Some(ty) = name.strip_suffix("asblob").and_then(native) {
        return Some(Overload::new(name, &[ty], CqlType::Blob, Op::ToBlob));
    }
    let ty = name.strip_prefix("blobas").and_then(native)?;
    Some(Overload::new(name, &[CqlType::Blob], ty, Op::FromBlob))
}

/// The return type of a call, when it resolves; used to test assignability.
pub(crate) fn return_type(name: &str, args: &[Term]) -> Option<CqlType> {
    resolve(name, args).ok().map(|f| f.returns)
}

/// Evaluate `name(args)` for `receiver`.
pub(crate) fn call(
    receiver: &Receiver<'_>,
    name: &str,
    args: &[Term],
    bound: &[BoundValue],
) -> CqlResult<BoundValue> {
    let fun = resolve(name, args)?;
    if !value_compatible(receiver.ty, &fun.returns) {
        return Err(invalid(format!(
            "Type error: cannot assign result of function {} (type {}) to {} (type {})",
            fun.qualified(),
            type_name(&fun.returns),
            receiver.label(),
            type_name(receiver.ty)
        )));
    }
    let mut values = Vec::with_capacity(args.len());
    for (i, (arg, param)) in args.iter().zip(&fun.params).enumerate() {
        let arg_receiver = Receiver {
            name: Some(format!("arg{i}({})", fun.qualified())),
            ty: param,
        };
        match evaluate_for(&arg_receiver, arg, bound)? {
            BoundValue::Value(bytes) => values.push(bytes),
            BoundValue::Null => return Ok(BoundValue::Null),
            BoundValue::Unset => {
                return Err(invalid(format!(
                    "Invalid unset value for argument in call to function {}",
                    fun.qualified()
                )))
            }
        }
    }
    Ok(match execute(&fun, &values)? {
        Some(bytes) => BoundValue::Value(bytes),
        None => BoundValue::Null,
    })
}

fn invalid(msg: String) -> CqlError {
    CqlError::Invalid(msg)
}

/// Pick the overload of `name` that `args` call.
fn resolve(name: &str, args: &[Term]) -> CqlResult<Overload> {
    let candidates = overloads(name);
    let Some(first) = candidates.first().cloned() else {
        return Err(invalid(format!("Unknown function {name} called")));
    };
    let signatures = |list: &[Overload]| {
        list.iter()
            .map(Overload::signature)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let by_arity: Vec<Overload> = candidates
        .iter()
        .filter(|f| f.params.len() == args.len())
        .cloned()
        .collect();
    if by_arity.is_empty() {
        return Err(if candidates.len() == 1 {
            invalid(format!(
                "Invalid number of arguments in call to function {}: {} required but {} provided",
                first.qualified(),
                first.params.len(),
                args.len()
            ))
        } else {
            none_match(&first, &signatures(&candidates))
        });
    }
    let fits = |f: &&Overload| args.iter().zip(&f.params).all(|(a, p)| assignable(a, p));
    let matching: Vec<Overload> = by_arity.iter().filter(fits).cloned().collect();
    match matching.as_slice() {
        [only] => Ok(only.clone()),
        [] if candidates.len() == 1 => {
            let (i, (arg, param)) = args
                .iter()
                .zip(&first.params)
                .enumerate()
                .find(|(_, (a, p))| !assignable(a, p))
                .ok_or_else(|| none_match(&first, &signatures(&candidates)))?;
            Err(invalid(format!(
                "Type error: {} cannot be passed as argument {i} of function {} of type {}",
                term_text(arg),
                first.qualified(),
                type_name(param)
            )))
        }
        [] => Err(none_match(&first, &signatures(&candidates))),
        several => {
            let exact: Vec<&Overload> = several
                .iter()
                .filter(|f| {
                    args.iter()
                        .zip(&f.params)
                        .all(|(a, p)| exact_type(a).as_ref() == Some(p))
                })
                .collect();
            match exact.as_slice() {
                [only] => Ok((*only).clone()),
                _ => Err(invalid(format!(
                    "Ambiguous call to function {} (can be matched by following signatures: {}): \
                     use type casts to disambiguate",
                    first.qualified(),
                    signatures(several)
                ))),
            }
        }
    }
}

fn none_match(first: &Overload, signatures: &str) -> CqlError {
    invalid(format!(
        "Invalid call to function {}, none of its type signatures match \
         (known type signatures: {signatures})",
        first.qualified()
    ))
}

/// The type a term has on its own, when it has one.
fn exact_type(term: &Term) -> Option<CqlType> {
    match term {
        Term::Cast { ty, .. } => Some(ty.clone()),
        Term::Function { name, args } => return_type(name, args),
        Term::Literal(
            literal @ (Literal::String(_)
            | Literal::Integer(_)
            | Literal::Float(_)
            | Literal::Bool(_)
            | Literal::Blob(_)
            | Literal::Uuid(_)
            | Literal::Duration(_)),
        ) => classify(literal).and_then(|(kind, text)| preferred_type(kind, &text)),
        _ => None,
    }
}

fn long_bytes(value: i64) -> Vec<u8> {
    value.to_be_bytes().to_vec()
}

/// Milliseconds since the epoch of an argument of type timeuuid, timestamp or date.
fn millis_of(ty: &CqlType, bytes: &[u8]) -> CqlResult<i64> {
    let bad = || {
        invalid(format!(
            "Invalid {} value for a time function",
            type_name(ty)
        ))
    };
    match ty {
        CqlType::TimeUuid => Ok(timeuuid::unix_millis(bytes.try_into().map_err(|_| bad())?)),
        CqlType::Timestamp => Ok(i64::from_be_bytes(bytes.try_into().map_err(|_| bad())?)),
        CqlType::Date => {
            let raw = u32::from_be_bytes(bytes.try_into().map_err(|_| bad())?);
            Ok((i64::from(raw) - EPOCH_DAY) * MILLIS_PER_DAY)
        }
        _ => Err(bad()),
    }
}

/// Run a resolved function; `None` is a null result (a time function of an empty value).
fn execute(fun: &Overload, args: &[Vec<u8>]) -> CqlResult<Option<Vec<u8>>> {
    let arg = || -> CqlResult<(&CqlType, &[u8])> {
        match (fun.params.first(), args.first()) {
            (Some(ty), Some(bytes)) => Ok((ty, bytes.as_slice())),
            _ => Err(invalid(format!("Missing argument to {}", fun.qualified()))),
        }
    };
    let time_op = !matches!(fun.op, Op::ToBlob | Op::FromBlob);
    if time_op && args.iter().any(Vec::is_empty) {
        return Ok(None);
    }
    Ok(Some(match fun.op {
        Op::Now => timeuuid::now().to_vec(),
        Op::Uuid => timeuuid::random().to_vec(),
        Op::CurrentTimestamp => long_bytes(now_millis()),
        Op::CurrentDate => date_bytes(millis_to_days(now_millis())).unwrap_or_default(),
        Op::CurrentTime => long_bytes(now_nanos().rem_euclid(i128::from(NANOS_PER_DAY)) as i64),
        Op::ToTimestamp | Op::ToUnixTimestamp => {
            let (ty, bytes) = arg()?;
            long_bytes(millis_of(ty, bytes)?)
        }
        Op::ToDate => {
            let (ty, bytes) = arg()?;
            let days = millis_to_days(millis_of(ty, bytes)?);
            date_bytes(days).ok_or_else(|| invalid("Date out of range".into()))?
        }
        Op::MinTimeuuid | Op::MaxTimeuuid => {
            let (ty, bytes) = arg()?;
            let millis = millis_of(ty, bytes)?;
            let id = if fun.op == Op::MinTimeuuid {
                timeuuid::min_at(millis)
            } else {
                timeuuid::max_at(millis)
            };
            id.to_vec()
        }
        Op::ToBlob => arg()?.1.to_vec(),
        Op::FromBlob => {
            let (_, bytes) = arg()?;
            if validate(&fun.returns, bytes).is_err() {
                return Err(invalid(format!(
                    "In call to function {}, value 0x{} is not a valid binary representation for type {}",
                    fun.qualified(),
                    hex(bytes),
                    type_name(&fun.returns)
                )));
            }
            bytes.to_vec()
        }
    }))
}

#[cfg(test)]
#[path = "functions_tests.rs"]
mod tests;
