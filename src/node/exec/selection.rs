//! The SELECT clause: result column metadata (named as Cassandra names them: the column or
//! its alias, `writetime(v)`, `ttl(v)`, `count`, `system.max(v)`, ...), projection of a live
//! row onto it, and aggregation (`count(*)`, `count(col)`, `min`, `max`, `sum`, `avg`).

use crate::node::cql::ast::{Select, Selection as Clause, SelectorExpr, Term};
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::{ColumnKind, Table};
use crate::node::storage::LiveRow;
use crate::node::types::CqlType;

use super::aggregate::{Accumulator, Aggregate};
use super::resolve::column;
use super::ColumnSpec;

/// The values of one result row, serialized (None = null).
pub type ValueRow = Vec<Option<Vec<u8>>>;

/// One selected expression, resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Column(usize),
    WriteTime(usize),
    Ttl(usize),
    /// `token(pk...)` of the row's partition.
    Token,
    Aggregate(Aggregate, Option<usize>),
}

/// A resolved SELECT clause.
#[derive(Debug, Clone)]
pub struct Selection {
    pub items: Vec<Item>,
    pub columns: Vec<ColumnSpec>,
    /// True when the query aggregates all rows into one.
    pub aggregate: bool,
}

fn spec(table: &Table, name: String, ty: CqlType) -> ColumnSpec {
    ColumnSpec {
        keyspace: table.keyspace.clone(),
        table: table.name.clone(),
        name,
        ty,
    }
}

/// Every column of `table`, in `SELECT *` order.
pub fn wildcard(table: &Table) -> Selection {
    Selection {
        items: (0..table.columns.len()).map(Item::Column).collect(),
        columns: table
            .columns
            .iter()
            .map(|c| spec(table, c.name.clone(), c.ty.clone()))
            .collect(),
        aggregate: false,
    }
}

/// Resolve the SELECT clause of `s`.
pub fn resolve(table: &Table, s: &Select) -> CqlResult<Selection> {
    let selection = match &s.selection {
        Clause::Wildcard => wildcard(table),
        Clause::Selectors(selectors) => {
            let mut items = Vec::with_capacity(selectors.len());
            let mut columns = Vec::with_capacity(selectors.len());
            for sel in selectors {
                let (item, name, ty) = selector(table, &sel.expr)?;
                items.push(item);
                columns.push(spec(table, sel.alias.clone().unwrap_or(name), ty));
            }
            let aggregate = items.iter().any(|i| matches!(i, Item::Aggregate(..)));
            Selection {
                items,
                columns,
                aggregate,
            }
        }
    };
    if s.distinct {
        check_distinct(table, &selection)?;
    }
    Ok(selection)
}

fn check_distinct(table: &Table, selection: &Selection) -> CqlResult<()> {
    for item in &selection.items {
        let Item::Column(c) = item else { continue };
        if let Some(col) = table.columns.get(*c) {
            if !matches!(col.kind, ColumnKind::PartitionKey | ColumnKind::Static) {
                return Err(CqlError::invalid(format!(
                    "SELECT DISTINCT queries must only request partition key columns and/or static columns (not {})",
                    col.name
                )));
            }
        }
    }
    if let Some(missing) = table
        .partition_key()
        .iter()
        .enumerate()
        .find(|(i, _)| !selection.items.contains(&Item::Column(*i)))
    {
        return Err(CqlError::invalid(format!(
            "SELECT DISTINCT queries must request all the partition key columns (missing {})",
            missing.1.name
        )));
    }
    Ok(())
}

fn selector(table: &Table, expr: &SelectorExpr) -> CqlResult<(Item, String, CqlType)> {
    Ok(match expr {
        SelectorExpr::Column(name) => {
            let (i, col) = column(table, name)?;
            (Item::Column(i), col.name.clone(), col.ty.clone())
        }
        SelectorExpr::CountAll => (
            Item::Aggregate(Aggregate::Count, None),
            "count".into(),
            CqlType::BigInt,
        ),
        SelectorExpr::WriteTime(name) | SelectorExpr::Ttl(name) => {
            let writetime = matches!(expr, SelectorExpr::WriteTime(_));
            let function = if writetime { "writeTime" } else { "ttl" };
            let (i, col) = column(table, name)?;
            if matches!(col.kind, ColumnKind::PartitionKey | ColumnKind::Clustering) {
                return Err(CqlError::invalid(format!(
                    "Cannot use selection function {function} on PRIMARY KEY part {name}"
                )));
            }
            if col.ty.is_multi_cell() {
                return Err(CqlError::invalid(format!(
                    "Cannot use selection function {function} on non-frozen collection {name}"
                )));
            }
            if writetime {
                (
                    Item::WriteTime(i),
                    format!("writetime({name})"),
                    CqlType::BigInt,
                )
            } else {
                (Item::Ttl(i), format!("ttl({name})"), CqlType::Int)
            }
        }
        SelectorExpr::Function { name, args } => function(table, name, args)?,
        SelectorExpr::Term(_) => {
            return Err(CqlError::invalid("Constant selectors are not supported"));
        }
    })
}

fn function(
    table: &Table,
    name: &str,
    args: &[SelectorExpr],
) -> CqlResult<(Item, String, CqlType)> {
    let lower = name.to_lowercase();
    let arg_names = |table: &Table| -> CqlResult<Vec<(usize, String, CqlType)>> {
        args.iter()
            .map(|a| match a {
                SelectorExpr::Column(n) => {
                    let (i, c) = column(table, n)?;
                    Ok((i, c.name.clone(), c.ty.clone()))
                }
                SelectorExpr::Term(Term::Literal(_)) if lower == "count" => {
                    Ok((usize::MAX, "1".to_string(), CqlType::Int))
                }
                _ => Err(CqlError::invalid(format!(
                    "Unsupported argument for function {name}"
                ))),
            })
            .collect()
    };
    let cols = arg_names(table)?;
    let joined = cols
        .iter()
        .map(|c| c.1.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if lower == "token" {
        let pk: Vec<usize> = (0..table.partition_key_len).collect();
        if cols.iter().map(|c| c.0).ne(pk.iter().copied()) {
            return Err(CqlError::invalid(
                "Invalid arguments for function token: it must be called with the partition key columns in order",
            ));
        }
        return Ok((
            Item::Token,
            format!("system.token({joined})"),
            CqlType::BigInt,
        ));
    }
    let aggregate = Aggregate::from_name(&lower)
        .ok_or_else(|| CqlError::invalid(format!("Unknown function '{name}'")))?;
    let [(index, _, ty)] = cols.as_slice() else {
        return Err(CqlError::invalid(format!(
            "Invalid number of arguments in call to function system.{lower}: 1 required but {} provided",
            cols.len()
        )));
    };
    if aggregate == Aggregate::Count && *index == usize::MAX {
        return Ok((
            Item::Aggregate(Aggregate::Count, None),
            format!("system.count({joined})"),
            CqlType::BigInt,
        ));
    }
    let result = aggregate.result_type(ty).ok_or_else(|| {
        CqlError::invalid(format!(
            "Invalid call to function {lower}, none of its type signatures match"
        ))
    })?;
    Ok((
        Item::Aggregate(aggregate, Some(*index)),
        format!("system.{lower}({joined})"),
        result,
    ))
}

impl Selection {
    /// The selected values of one row; `token` is the row's partition token.
    pub fn project(&self, row: &LiveRow, token: i64) -> ValueRow {
        self.items
            .iter()
            .map(|item| project(item, row, token))
            .collect()
    }

    /// Fresh accumulators for an aggregate query.
    pub fn accumulators(&self) -> Vec<Accumulator> {
        self.items
            .iter()
            .zip(&self.columns)
            .map(|(item, spec)| match item {
                Item::Aggregate(a, col) => Accumulator::new(*a, *col, spec.ty.clone()),
                _ => Accumulator::first(),
            })
            .collect()
    }
}

fn project(item: &Item, row: &LiveRow, token: i64) -> Option<Vec<u8>> {
    let cell = |i: &usize| row.get(*i).and_then(|c| c.as_ref());
    match item {
        Item::Column(i) => cell(i).map(|c| c.value.clone()),
        Item::WriteTime(i) => cell(i).map(|c| c.timestamp.to_be_bytes().to_vec()),
        Item::Ttl(i) => cell(i)
            .and_then(|c| c.ttl)
            .map(|t| t.to_be_bytes().to_vec()),
        Item::Token => Some(token.to_be_bytes().to_vec()),
        Item::Aggregate(..) => None,
    }
}

/// Feed one row into the accumulators of an aggregate query.
pub fn accumulate(selection: &Selection, acc: &mut [Accumulator], row: &LiveRow, token: i64) {
    for (a, item) in acc.iter_mut().zip(&selection.items) {
        match item {
            Item::Aggregate(..) => a.add(row),
            other => a.set_first(project(other, row, token)),
        }
    }
}
