//! Binding analysed restrictions ([`super::restrict`]) to values: the partition keys (or
//! token range) to visit, the clustering slices to read in storage order, and the row filters.
//!
//! Clustering `=` / `IN` values combine into prefixes (their cartesian product, sorted and
//! deduplicated like Cassandra's clustering sets); a slice on the next columns becomes the
//! bounds under each prefix. A slice is expressed in value order (`c > 3`), so on a DESC column
//! its lower value bound is the storage end. A multi-column slice over columns of mixed order
//! is read as the whole prefix plus a tuple filter.

use std::ops::Bound;
use std::sync::Arc;

use crate::node::cql::ast::{Literal, Operator, Order, RelationValue, Term};
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::Table;
use crate::node::storage::{BoundKind, Clustering, ClusteringOrder, PartitionKey};
use crate::node::types::{decode_collection, CqlType};

use super::filter::RowFilter;
use super::restrict::{Partitions, Restrictions, Slice, SliceBound, Values};
use super::values::eval;
use super::BoundValue;

/// The partitions to visit.
#[derive(Debug, Clone)]
pub enum PartitionSet {
    /// Partition key components of each partition, deduplicated, in statement order.
    Keys(Vec<Vec<Vec<u8>>>),
    /// A ring range: from `start`, while the token is below `end` (`(token, inclusive)`).
    Range {
        start: Bound<PartitionKey>,
        end: Option<(i64, bool)>,
    },
    /// Nothing matches (e.g. an empty token range).
    Empty,
}

/// Restrictions with their values.
#[derive(Debug, Clone)]
pub struct BoundRestrictions {
    pub partitions: PartitionSet,
    /// Clustering slices, in storage order, each `(start, end)` inclusive as positions.
    pub slices: Vec<(Clustering, Clustering)>,
    /// Complete clustering keys when `=` / `IN` fix every clustering column (writes need them).
    pub rows: Option<Vec<Vec<Vec<u8>>>>,
    pub filters: Vec<RowFilter>,
}

/// Bind `r` with `bound` for `table`.
pub fn bind(
    table: &Table,
    order: &Arc<ClusteringOrder>,
    r: &Restrictions<'_>,
    bound: &[BoundValue],
) -> CqlResult<BoundRestrictions> {
    let partitions = match &r.partitions {
        Partitions::Keys(per_column) => {
            let mut keys: Vec<Vec<Vec<u8>>> = vec![Vec::new()];
            for (col, values) in per_column.iter().enumerate() {
                let tuples = values_of(table, &[col], values, bound)?;
                keys = product(&keys, &tuples);
            }
            let mut unique: Vec<Vec<Vec<u8>>> = Vec::with_capacity(keys.len());
            for k in keys {
                if !unique.contains(&k) {
                    unique.push(k);
                }
            }
            PartitionSet::Keys(unique)
        }
        Partitions::Token { lower, upper } => token_range(lower.as_ref(), upper.as_ref(), bound)?,
        Partitions::Scan => PartitionSet::Range {
            start: Bound::Unbounded,
            end: None,
        },
    };
    let pk_len = table.partition_key_len;
    let mut prefixes: Vec<Vec<Vec<u8>>> = vec![Vec::new()];
    for p in &r.prefix {
        let cols: Vec<usize> = (p.first..p.first + p.len).map(|c| pk_len + c).collect();
        let tuples = values_of(table, &cols, &p.values, bound)?;
        prefixes = product(&prefixes, &tuples);
    }
    prefixes
        .sort_by(|a, b| Clustering::key(order, a.clone()).cmp(&Clustering::key(order, b.clone())));
    prefixes.dedup();
    let mut filters = Vec::new();
    for f in &r.filters {
        filters.push(RowFilter::bind(table, f, bound)?);
    }
    let full = r.prefix_len() == table.clustering_len && r.slice.is_none();
    let rows = full.then(|| prefixes.clone());
    let mut slices = Vec::with_capacity(prefixes.len());
    for prefix in prefixes {
        match &r.slice {
            None => slices.push(whole(order, prefix)),
            Some(s) => slices.push(slice_bounds(table, order, s, prefix, bound, &mut filters)?),
        }
    }
    Ok(BoundRestrictions {
        partitions,
        slices,
        rows,
        filters,
    })
}

fn whole(order: &Arc<ClusteringOrder>, prefix: Vec<Vec<u8>>) -> (Clustering, Clustering) {
    (
        Clustering::bound(order, prefix.clone(), BoundKind::Before),
        Clustering::bound(order, prefix, BoundKind::After),
    )
}

fn product(acc: &[Vec<Vec<u8>>], tuples: &[Vec<Vec<u8>>]) -> Vec<Vec<Vec<u8>>> {
    let mut out = Vec::with_capacity(acc.len() * tuples.len());
    for a in acc {
        for t in tuples {
            let mut v = a.clone();
            v.extend(t.iter().cloned());
            out.push(v);
        }
    }
    out
}

fn column_type(table: &Table, col: usize) -> (String, CqlType) {
    table
        .columns
        .get(col)
        .map(|c| (c.name.clone(), c.ty.clone()))
        .unwrap_or_else(|| (String::new(), CqlType::Blob))
}

/// One value that must be present (key parts and bounds).
fn required(table: &Table, col: usize, term: &Term, bound: &[BoundValue]) -> CqlResult<Vec<u8>> {
    let (name, ty) = column_type(table, col);
    match eval(&ty, term, bound, &name)? {
        BoundValue::Value(v) => Ok(v),
        BoundValue::Null => Err(CqlError::invalid(format!(
            "Invalid null value in condition for column {name}"
        ))),
        BoundValue::Unset => Err(CqlError::invalid(format!(
            "Invalid unset value for column {name}"
        ))),
    }
}

/// A tuple of values for `cols`: a tuple literal, a marker for a whole tuple, or (one column)
/// a single term.
pub fn tuple_of(
    table: &Table,
    cols: &[usize],
    term: &Term,
    bound: &[BoundValue],
) -> CqlResult<Vec<Vec<u8>>> {
    if let [col] = cols {
        return Ok(vec![required(table, *col, term, bound)?]);
    }
    match term {
        Term::Literal(Literal::Tuple(items)) => {
            if items.len() != cols.len() {
                return Err(CqlError::invalid(format!(
                    "Expected {} elements in value tuple, but got {}",
                    cols.len(),
                    items.len()
                )));
            }
            cols.iter()
                .zip(items)
                .map(|(c, t)| required(table, *c, t, bound))
                .collect()
        }
        _ => {
            let ty = CqlType::Tuple(cols.iter().map(|c| column_type(table, *c).1).collect());
            let bytes = match eval(&ty, term, bound, "tuple")? {
                BoundValue::Value(v) => v,
                _ => return Err(CqlError::invalid("Invalid null value for tuple")),
            };
            split_tuple(&bytes, cols.len())
        }
    }
}

/// Split a serialized tuple into exactly `n` non-null components.
pub fn split_tuple(bytes: &[u8], n: usize) -> CqlResult<Vec<Vec<u8>>> {
    let mut out = Vec::with_capacity(n);
    let mut rest = bytes;
    while !rest.is_empty() {
        let (len, tail) = rest
            .split_first_chunk::<4>()
            .ok_or_else(|| CqlError::invalid("Invalid tuple value"))?;
        let len = i32::from_be_bytes(*len);
        if len < 0 {
            return Err(CqlError::invalid("Invalid null value in tuple"));
        }
        let len = len as usize;
        let (value, tail) = tail
            .split_at_checked(len)
            .ok_or_else(|| CqlError::invalid("Invalid tuple value"))?;
        out.push(value.to_vec());
        rest = tail;
    }
    if out.len() != n {
        return Err(CqlError::invalid(format!(
            "Expected {n} elements in value tuple, but got {}",
            out.len()
        )));
    }
    Ok(out)
}

/// The tuples `=` / `IN` allows for `cols`.
pub fn values_of(
    table: &Table,
    cols: &[usize],
    values: &Values<'_>,
    bound: &[BoundValue],
) -> CqlResult<Vec<Vec<Vec<u8>>>> {
    match values {
        Values::Eq(term) => Ok(vec![tuple_of(table, cols, term, bound)?]),
        Values::In(RelationValue::List(items)) => items
            .iter()
            .map(|t| tuple_of(table, cols, t, bound))
            .collect(),
        Values::In(RelationValue::Term(term)) => {
            let elem = match cols {
                [c] => column_type(table, *c).1,
                _ => CqlType::Tuple(cols.iter().map(|c| column_type(table, *c).1).collect()),
            };
            let name = cols
                .iter()
                .map(|c| column_type(table, *c).0)
                .collect::<Vec<_>>()
                .join(",");
            let list = CqlType::List {
                elem: Box::new(elem),
                frozen: true,
            };
            let bytes = match eval(&list, term, bound, &format!("in({name})"))? {
                BoundValue::Value(v) => v,
                BoundValue::Null => {
                    return Err(CqlError::invalid(format!(
                        "Invalid null value for IN restriction on {name}"
                    )))
                }
                BoundValue::Unset => {
                    return Err(CqlError::invalid(format!(
                        "Invalid unset value for column {name}"
                    )))
                }
            };
            let items = decode_collection(&bytes)?;
            items
                .iter()
                .map(|item| match cols {
                    [_] => Ok(vec![item.clone()]),
                    _ => split_tuple(item, cols.len()),
                })
                .collect()
        }
    }
}

fn token_of(b: &SliceBound<'_>, bound: &[BoundValue]) -> CqlResult<i64> {
    match eval(&CqlType::BigInt, b.term, bound, "partition key token")? {
        BoundValue::Value(v) => <[u8; 8]>::try_from(v.as_slice())
            .map(i64::from_be_bytes)
            .map_err(|_| CqlError::invalid("Invalid token value")),
        _ => Err(CqlError::invalid(
            "Invalid null value for partition key token",
        )),
    }
}

fn token_range(
    lower: Option<&SliceBound<'_>>,
    upper: Option<&SliceBound<'_>>,
    bound: &[BoundValue],
) -> CqlResult<PartitionSet> {
    let start = match lower {
        None => Bound::Unbounded,
        Some(b) => {
            let t = token_of(b, bound)?;
            if b.inclusive {
                Bound::Included(PartitionKey::token_start(t))
            } else if t == i64::MAX {
                return Ok(PartitionSet::Empty);
            } else {
                Bound::Included(PartitionKey::token_start(t + 1))
            }
        }
    };
    let end = match upper {
        None => None,
        Some(b) => Some((token_of(b, bound)?, b.inclusive)),
    };
    Ok(PartitionSet::Range { start, end })
}

fn slice_bounds(
    table: &Table,
    order: &Arc<ClusteringOrder>,
    s: &Slice<'_>,
    prefix: Vec<Vec<u8>>,
    bound: &[BoundValue],
    filters: &mut Vec<RowFilter>,
) -> CqlResult<(Clustering, Clustering)> {
    let pk_len = table.partition_key_len;
    let cols: Vec<usize> = (s.first..s.first + s.len).map(|c| pk_len + c).collect();
    let orders: Vec<Order> = cols
        .iter()
        .filter_map(|c| table.columns.get(*c).map(|col| col.order))
        .collect();
    let value = |b: &SliceBound<'_>| -> CqlResult<(Vec<Vec<u8>>, bool)> {
        let mut v = prefix.clone();
        v.extend(tuple_of(table, &cols, b.term, bound)?);
        Ok((v, b.inclusive))
    };
    let lower = s.lower.as_ref().map(value).transpose()?;
    let upper = s.upper.as_ref().map(value).transpose()?;
    let mixed = orders.iter().any(|o| Some(o) != orders.first());
    if mixed {
        // Read the whole prefix and compare tuples in value order.
        for (b, op_incl, op_excl) in [
            (&s.lower, Operator::Ge, Operator::Gt),
            (&s.upper, Operator::Le, Operator::Lt),
        ] {
            if let Some(b) = b {
                let values = tuple_of(table, &cols, b.term, bound)?;
                let op = if b.inclusive { op_incl } else { op_excl };
                filters.push(RowFilter::tuple(table, &cols, op, values));
            }
        }
        return Ok(whole(order, prefix));
    }
    let desc = orders.first() == Some(&Order::Desc);
    let (from, to) = if desc { (upper, lower) } else { (lower, upper) };
    let start = match from {
        Some((v, incl)) => Clustering::start(order, v, incl),
        None => Clustering::bound(order, prefix.clone(), BoundKind::Before),
    };
    let end = match to {
        Some((v, incl)) => Clustering::end(order, v, incl),
        None => Clustering::bound(order, prefix, BoundKind::After),
    };
    Ok((start, end))
}
