//! Column operations of INSERT values, UPDATE's SET clause and DELETE's column list: what a
//! write does to one column given its type (simple, frozen, non-frozen list / set / map,
//! counter), with Cassandra's rules and messages for operations that do not fit the type.

use crate::node::cql::ast::{Assignment, DeleteTarget, Term};
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::{Column, ColumnKind, Table};
use crate::node::storage::{Cell, ColumnOp, ColumnWrite, Deletion};
use crate::node::types::{decode_collection, decode_map, CqlType};

use super::resolve::column;
use super::values::{eval, eval_required};
use super::BoundValue;

/// Timestamp, TTL and clock of one write.
#[derive(Debug, Clone, Copy)]
pub struct WriteTime {
    pub timestamp: i64,
    pub ttl: i32,
    /// Local time, seconds.
    pub now: i64,
}

impl WriteTime {
    fn live(&self, value: Vec<u8>) -> Cell {
        Cell::live(self.timestamp, value, self.ttl, self.now)
    }
    fn deletion(&self, timestamp: i64) -> Deletion {
        Deletion::new(timestamp, self.now)
    }
}

/// The operations on one column: (column index, ops).
pub type ColumnOps = (usize, Vec<ColumnOp>);

/// Writing `value` to the whole column (INSERT, `SET c = value`).
pub fn set_value(
    col: &Column,
    index: usize,
    value: BoundValue,
    t: WriteTime,
) -> CqlResult<ColumnOps> {
    let ops = match value {
        BoundValue::Unset => Vec::new(),
        BoundValue::Null if col.ty.is_multi_cell() => vec![ColumnOp::Write(
            ColumnWrite::DeleteCollection(t.deletion(t.timestamp - 1)),
        )],
        BoundValue::Null => vec![ColumnOp::Write(ColumnWrite::Cell(Cell::tombstone(
            t.timestamp,
        )))],
        BoundValue::Value(v) if col.ty.is_multi_cell() => {
            let mut ops = vec![ColumnOp::Write(ColumnWrite::DeleteCollection(
                t.deletion(t.timestamp - 1),
            ))];
            ops.push(add_elements(&col.ty, &v, t)?);
            ops
        }
        BoundValue::Value(v) => vec![ColumnOp::Write(ColumnWrite::Cell(t.live(v)))],
    };
    Ok((index, ops))
}

/// Adding the elements of a serialized collection (`c = c + value`, or after an overwrite).
fn add_elements(ty: &CqlType, value: &[u8], t: WriteTime) -> CqlResult<ColumnOp> {
    Ok(match ty {
        CqlType::List { .. } => ColumnOp::ListAppend {
            values: decode_collection(value)?,
            timestamp: t.timestamp,
            ttl: t.ttl,
        },
        CqlType::Set { .. } => ColumnOp::Write(ColumnWrite::Elements(
            decode_collection(value)?
                .into_iter()
                .map(|e| (e, t.live(Vec::new())))
                .collect(),
        )),
        _ => ColumnOp::Write(ColumnWrite::Elements(
            decode_map(value)?
                .into_iter()
                .map(|(k, v)| (k, t.live(v)))
                .collect(),
        )),
    })
}

fn op_error(text: String, kind: &str, col: &Column) -> CqlError {
    CqlError::invalid(format!(
        "Invalid operation ({text}) for {kind} column {}",
        col.name
    ))
}

/// One assignment of UPDATE's SET clause.
pub fn assignment(
    table: &Table,
    a: &Assignment,
    bound: &[BoundValue],
    t: WriteTime,
) -> CqlResult<(ColumnKind, ColumnOps)> {
    let name = match a {
        Assignment::Set { column, .. }
        | Assignment::SetElement { column, .. }
        | Assignment::Add { column, .. }
        | Assignment::Prepend { column, .. }
        | Assignment::Subtract { column, .. } => column,
    };
    let (index, col) = column(table, name)?;
    if matches!(col.kind, ColumnKind::PartitionKey | ColumnKind::Clustering) {
        return Err(CqlError::invalid(format!(
            "PRIMARY KEY part {name} found in SET part"
        )));
    }
    let counter = col.ty == CqlType::Counter;
    let ops = match a {
        Assignment::Set { value, .. } => {
            if counter {
                return Err(CqlError::invalid(format!(
                    "Cannot set the value of counter column {name} (counters can only be incremented/decremented, not set)"
                )));
            }
            return Ok((
                col.kind,
                set_value(col, index, eval(&col.ty, value, bound, name)?, t)?,
            ));
        }
        Assignment::SetElement { key, value, .. } => set_element(col, key, value, bound, t)?,
        Assignment::Add { value, .. } if counter => counter_add(col, value, bound, t, false)?,
        Assignment::Subtract { value, .. } if counter => counter_add(col, value, bound, t, true)?,
        Assignment::Add { value, .. } => {
            if !col.ty.is_multi_cell() {
                return Err(op_error(format!("{name} = {name} + ?"), "non counter", col));
            }
            match eval(&col.ty, value, bound, name)? {
                BoundValue::Value(v) => vec![add_elements(&col.ty, &v, t)?],
                _ => Vec::new(),
            }
        }
        Assignment::Prepend { value, .. } => {
            if !matches!(col.ty, CqlType::List { frozen: false, .. }) {
                return Err(op_error(format!("{name} = ? + {name}"), "non list", col));
            }
            match eval(&col.ty, value, bound, name)? {
                BoundValue::Value(v) => vec![ColumnOp::ListPrepend {
                    values: decode_collection(&v)?,
                    timestamp: t.timestamp,
                    ttl: t.ttl,
                }],
                _ => Vec::new(),
            }
        }
        Assignment::Subtract { value, .. } => subtract(col, value, bound, t)?,
    };
    Ok((col.kind, (index, ops)))
}

fn counter_add(
    col: &Column,
    value: &Term,
    bound: &[BoundValue],
    t: WriteTime,
    negate: bool,
) -> CqlResult<Vec<ColumnOp>> {
    let v = match eval(&CqlType::BigInt, value, bound, &col.name)? {
        BoundValue::Value(v) => v,
        BoundValue::Null => {
            return Err(CqlError::invalid(
                "Invalid null value for counter increment",
            ))
        }
        BoundValue::Unset => return Ok(Vec::new()),
    };
    let delta = <[u8; 8]>::try_from(v.as_slice())
        .map(i64::from_be_bytes)
        .map_err(|_| CqlError::invalid("Invalid counter increment value"))?;
    let delta = if negate {
        delta.checked_neg().ok_or_else(|| {
            CqlError::invalid(
                "The negation of -9223372036854775808 overflows supported counter precision (signed 8 bytes integer)",
            )
        })?
    } else {
        delta
    };
    Ok(vec![ColumnOp::Write(ColumnWrite::CounterAdd {
        delta,
        timestamp: t.timestamp,
    })])
}

fn set_element(
    col: &Column,
    key: &Term,
    value: &Term,
    bound: &[BoundValue],
    t: WriteTime,
) -> CqlResult<Vec<ColumnOp>> {
    let name = &col.name;
    match &col.ty {
        CqlType::List {
            elem,
            frozen: false,
        } => {
            let idx = eval_required(&CqlType::Int, key, bound, &format!("idx({name})"), || {
                "Invalid null value for list index".to_string()
            })?;
            let index = <[u8; 4]>::try_from(idx.as_slice())
                .map(i32::from_be_bytes)
                .map_err(|_| CqlError::invalid("Invalid list index"))?;
            let value = match eval(elem, value, bound, &format!("value({name})"))? {
                BoundValue::Value(v) => Some(v),
                BoundValue::Null => None,
                BoundValue::Unset => return Ok(Vec::new()),
            };
            Ok(vec![ColumnOp::ListSetIndex {
                index,
                value,
                timestamp: t.timestamp,
                ttl: t.ttl,
            }])
        }
        CqlType::Map {
            key: kt,
            value: vt,
            frozen: false,
        } => {
            let k = eval_required(kt, key, bound, &format!("key({name})"), || {
                "Invalid null map key".to_string()
            })?;
            let cell = match eval(vt, value, bound, &format!("value({name})"))? {
                BoundValue::Value(v) => t.live(v),
                BoundValue::Null => Cell::tombstone(t.timestamp),
                BoundValue::Unset => return Ok(Vec::new()),
            };
            Ok(vec![ColumnOp::Write(ColumnWrite::Elements(vec![(
                k, cell,
            )]))])
        }
        ty if ty.is_collection() => {
            Err(op_error(format!("{name}[?] = ?"), "frozen collection", col))
        }
        _ => Err(op_error(format!("{name}[?] = ?"), "non collection", col)),
    }
}

fn subtract(
    col: &Column,
    value: &Term,
    bound: &[BoundValue],
    t: WriteTime,
) -> CqlResult<Vec<ColumnOp>> {
    let name = &col.name;
    if !col.ty.is_multi_cell() {
        return Err(op_error(format!("{name} = {name} - ?"), "non counter", col));
    }
    let ty = match &col.ty {
        CqlType::Map { key, .. } => CqlType::Set {
            elem: key.clone(),
            frozen: true,
        },
        other => other.clone(),
    };
    let v = match eval(&ty, value, bound, name)? {
        BoundValue::Value(v) => v,
        _ => return Ok(Vec::new()),
    };
    let items = decode_collection(&v)?;
    Ok(vec![match col.ty {
        CqlType::List { .. } => ColumnOp::ListRemove {
            values: items,
            timestamp: t.timestamp,
        },
        _ => ColumnOp::Write(ColumnWrite::Elements(
            items
                .into_iter()
                .map(|e| (e, Cell::tombstone(t.timestamp)))
                .collect(),
        )),
    }])
}

/// One target of DELETE's column list.
pub fn delete_target(
    table: &Table,
    target: &DeleteTarget,
    bound: &[BoundValue],
    t: WriteTime,
) -> CqlResult<(ColumnKind, ColumnOps)> {
    let (index, col) = column(table, &target.column)?;
    let name = &col.name;
    if matches!(col.kind, ColumnKind::PartitionKey | ColumnKind::Clustering) {
        return Err(CqlError::invalid(format!(
            "Invalid identifier {name} for deletion (should not be a PRIMARY KEY part)"
        )));
    }
    let ops = match (&target.element, &col.ty) {
        (None, ty) if ty.is_multi_cell() => vec![ColumnOp::Write(ColumnWrite::DeleteCollection(
            t.deletion(t.timestamp),
        ))],
        (None, _) => vec![ColumnOp::Write(ColumnWrite::Cell(Cell::tombstone(
            t.timestamp,
        )))],
        (Some(e), CqlType::List { frozen: false, .. }) => {
            let idx = eval_required(&CqlType::Int, e, bound, &format!("idx({name})"), || {
                "Invalid null value for list index".to_string()
            })?;
            let index = <[u8; 4]>::try_from(idx.as_slice())
                .map(i32::from_be_bytes)
                .map_err(|_| CqlError::invalid("Invalid list index"))?;
            vec![ColumnOp::ListSetIndex {
                index,
                value: None,
                timestamp: t.timestamp,
                ttl: 0,
            }]
        }
        (
            Some(e),
            CqlType::Map {
                key: elem,
                frozen: false,
                ..
            },
        )
        | (
            Some(e),
            CqlType::Set {
                elem,
                frozen: false,
            },
        ) => {
            let k = eval_required(elem, e, bound, name, || {
                format!("Invalid null value for {name} element")
            })?;
            vec![ColumnOp::Write(ColumnWrite::Elements(vec![(
                k,
                Cell::tombstone(t.timestamp),
            )]))]
        }
        (Some(_), ty) if ty.is_collection() => {
            return Err(CqlError::invalid(format!(
                "Invalid deletion operation for frozen collection column {name}"
            )))
        }
        (Some(_), _) => {
            return Err(CqlError::invalid(format!(
                "Invalid deletion operation for non collection column {name}"
            )))
        }
    };
    Ok((col.kind, (index, ops)))
}
