//! Row filters: relations a read checks on each row (ALLOW FILTERING on regular, static,
//! partial partition key and non-prefix clustering columns; tuple slices on mixed-order
//! clustering columns). Values compare in value order with the column types' comparators;
//! a null never matches, as in Cassandra.

use std::cmp::Ordering;

use crate::node::cql::ast::{Operator, RelationValue};
use crate::node::error::CqlResult;
use crate::node::schema::Table;
use crate::node::storage::LiveRow;
use crate::node::types::{compare, decode_collection, decode_map, CqlType};

use super::keys::{tuple_of, values_of};
use super::restrict::{Filter, Values};
use super::BoundValue;

/// A relation with its values, ready to test rows.
#[derive(Debug, Clone)]
pub struct RowFilter {
    /// (column index, column type) of each restricted column.
    columns: Vec<(usize, CqlType)>,
    op: Operator,
    /// Candidate tuples (one for every operator but IN).
    values: Vec<Vec<Vec<u8>>>,
}

impl RowFilter {
    /// Bind an analysed filter.
    pub fn bind(table: &Table, f: &Filter<'_>, bound: &[BoundValue]) -> CqlResult<Self> {
        let columns: Vec<(usize, CqlType)> = f
            .columns
            .iter()
            .filter_map(|c| table.columns.get(*c).map(|col| (*c, col.ty.clone())))
            .collect();
        let values = match (f.op, f.value) {
            (Operator::In, v) => values_of(table, &f.columns, &Values::In(v), bound)?,
            (Operator::Contains | Operator::ContainsKey, RelationValue::Term(t)) => {
                let (col, ty) = columns.first().cloned().unwrap_or((0, CqlType::Blob));
                let elem = element_type(&ty, f.op == Operator::ContainsKey);
                let name = table
                    .columns
                    .get(col)
                    .map(|c| c.name.as_str())
                    .unwrap_or("");
                vec![vec![super::values::eval_required(
                    &elem,
                    t,
                    bound,
                    name,
                    || format!("Unsupported null value for column {name}"),
                )?]]
            }
            (_, RelationValue::Term(t)) => vec![tuple_of(table, &f.columns, t, bound)?],
            (_, RelationValue::List(items)) => items
                .iter()
                .map(|t| tuple_of(table, &f.columns, t, bound))
                .collect::<CqlResult<_>>()?,
        };
        Ok(RowFilter {
            columns,
            op: f.op,
            values,
        })
    }

    /// A tuple comparison on clustering columns, in value order.
    pub fn tuple(table: &Table, cols: &[usize], op: Operator, values: Vec<Vec<u8>>) -> Self {
        RowFilter {
            columns: cols
                .iter()
                .filter_map(|c| table.columns.get(*c).map(|col| (*c, col.ty.clone())))
                .collect(),
            op,
            values: vec![values],
        }
    }

    /// True when `row` satisfies the relation.
    pub fn matches(&self, row: &LiveRow) -> bool {
        let mut actual = Vec::with_capacity(self.columns.len());
        for (col, _) in &self.columns {
            match row.get(*col).and_then(|c| c.as_ref()) {
                Some(cell) => actual.push(cell.value.as_slice()),
                None => return false,
            }
        }
        let cmp = |expected: &Vec<Vec<u8>>| -> Ordering {
            for ((a, e), (_, ty)) in actual.iter().zip(expected).zip(&self.columns) {
                let ord = compare(ty, a, e);
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            Ordering::Equal
        };
        let Some(first) = self.values.first() else {
            return false;
        };
        match self.op {
            Operator::Eq => cmp(first) == Ordering::Equal,
            Operator::Ne => cmp(first) != Ordering::Equal,
            Operator::Lt => cmp(first) == Ordering::Less,
            Operator::Le => cmp(first) != Ordering::Greater,
            Operator::Gt => cmp(first) == Ordering::Greater,
            Operator::Ge => cmp(first) != Ordering::Less,
            Operator::In => self.values.iter().any(|v| cmp(v) == Ordering::Equal),
            Operator::Contains | Operator::ContainsKey => {
                let (Some(value), Some((_, ty)), Some(wanted)) =
                    (actual.first(), self.columns.first(), first.first())
                else {
                    return false;
                };
                contains(ty, value, wanted, self.op == Operator::ContainsKey)
            }
        }
    }
}

fn element_type(ty: &CqlType, key: bool) -> CqlType {
    match ty {
        CqlType::List { elem, .. } | CqlType::Set { elem, .. } => (**elem).clone(),
        CqlType::Map { key: k, .. } if key => (**k).clone(),
        CqlType::Map { value, .. } => (**value).clone(),
        other => other.clone(),
    }
}

fn contains(ty: &CqlType, collection: &[u8], wanted: &[u8], key: bool) -> bool {
    let elem = element_type(ty, key);
    let same = |v: &[u8]| compare(&elem, v, wanted) == Ordering::Equal;
    match ty {
        CqlType::Map { .. } => decode_map(collection)
            .map(|entries| {
                entries
                    .iter()
                    .any(|(k, v)| if key { same(k) } else { same(v) })
            })
            .unwrap_or(false),
        _ => decode_collection(collection)
            .map(|items| items.iter().any(|v| same(v)))
            .unwrap_or(false),
    }
}
