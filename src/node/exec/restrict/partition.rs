//! Partition key restrictions: `=` / `IN` on every key column, a `token()` range, or a scan
//! whose key relations become row filters (ALLOW FILTERING).

use crate::node::cql::ast::{Operator, Relation, RelationValue};
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::Table;

use super::{
    is_slice, op_text, push_filters, quote_names, shape, Filter, Group, Kind, Partitions, Shape,
    SliceBound, REQUIRES_FILTERING,
};

pub(super) fn partitions<'a>(
    table: &Table,
    groups: &[Group<'a>],
    token: &[&'a Relation],
    kind: Kind,
    filters: &mut Vec<Filter<'a>>,
) -> CqlResult<Partitions<'a>> {
    let pk_len = table.partition_key_len;
    let restricted: Vec<usize> = (0..pk_len)
        .filter(|i| groups.get(*i).is_some_and(|g| !g.relations.is_empty()))
        .collect();
    if !token.is_empty() {
        if !restricted.is_empty() {
            return Err(CqlError::invalid(format!(
                "Columns \"{}\" cannot be restricted by both a normal relation and a token relation",
                quote_names(table, &restricted)
            )));
        }
        return token_range(token);
    }
    let mut keys = Vec::with_capacity(pk_len);
    let mut all_eq = true;
    for col in 0..pk_len {
        match groups.get(col).map(|g| shape(table, g, col)).transpose()? {
            Some(Shape::Values(v, _)) => keys.push(v),
            _ => all_eq = false,
        }
    }
    if all_eq {
        return Ok(Partitions::Keys(keys));
    }
    if matches!(kind, Kind::Update | Kind::Delete) {
        let has_slice = restricted.iter().any(|c| {
            groups
                .get(*c)
                .is_some_and(|g| g.relations.iter().any(|(r, _)| is_slice(r.op)))
        });
        if has_slice {
            return Err(CqlError::invalid(
                "Only EQ and IN relation are supported on the partition key (unless you use the token() function)",
            ));
        }
        let missing: Vec<usize> = (0..pk_len).filter(|c| !restricted.contains(c)).collect();
        return Err(CqlError::invalid(format!(
            "Some partition key parts are missing: {}",
            quote_names(table, &missing)
        )));
    }
    if !restricted.is_empty() {
        if !kind.filtering() {
            let has_slice = restricted.iter().any(|c| {
                groups
                    .get(*c)
                    .is_some_and(|g| g.relations.iter().any(|(r, _)| is_slice(r.op)))
            });
            return Err(CqlError::invalid(
                if has_slice && restricted.len() == pk_len {
                    "Only EQ and IN relation are supported on the partition key (unless you use the token() function)"
                } else {
                    REQUIRES_FILTERING
                },
            ));
        }
        for c in restricted {
            if let Some(g) = groups.get(c) {
                push_filters(g, filters);
            }
        }
    }
    Ok(Partitions::Scan)
}

fn token_range<'a>(token: &[&'a Relation]) -> CqlResult<Partitions<'a>> {
    let (mut lower, mut upper) = (None, None);
    for r in token {
        let RelationValue::Term(term) = &r.value else {
            return Err(CqlError::invalid(
                "IN is not supported on token() restrictions",
            ));
        };
        let bound = |inclusive| Some(SliceBound { term, inclusive });
        match r.op {
            Operator::Eq => {
                if lower.is_some() || upper.is_some() {
                    return Err(CqlError::invalid(
                        "Columns \"token\" cannot be restricted by more than one relation if it includes an Equality",
                    ));
                }
                lower = bound(true);
                upper = bound(true);
            }
            Operator::Gt | Operator::Ge if lower.is_none() => lower = bound(r.op == Operator::Ge),
            Operator::Lt | Operator::Le if upper.is_none() => upper = bound(r.op == Operator::Le),
            Operator::Gt | Operator::Ge | Operator::Lt | Operator::Le => {
                return Err(CqlError::invalid(
                    "More than one restriction was found for the start bound on token",
                ))
            }
            op => {
                return Err(CqlError::invalid(format!(
                    "{} is not supported on token() restrictions",
                    op_text(op)
                )))
            }
        }
    }
    Ok(Partitions::Token { lower, upper })
}
