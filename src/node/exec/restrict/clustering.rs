//! Clustering and regular column restrictions: the usable `=` / `IN` prefix and slice, and
//! the relations left over as row filters, with Cassandra's errors when filtering is needed.

use crate::node::cql::ast::Operator;
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::Table;

use super::{
    push_filters, quote_names, shape, Filter, Group, Kind, Partitions, Prefix, Shape, Slice,
    REQUIRES_FILTERING,
};

type ClusteringPlan<'a> = (Vec<Prefix<'a>>, Option<Slice<'a>>, bool);

pub(super) fn clustering<'a>(
    table: &Table,
    groups: &[Group<'a>],
    kind: Kind,
    partitions: &Partitions<'a>,
    filters: &mut Vec<Filter<'a>>,
) -> CqlResult<ClusteringPlan<'a>> {
    let (pk_len, ck_len) = (table.partition_key_len, table.clustering_len);
    let mut prefix = Vec::new();
    let mut slice = None;
    let mut pos = 0;
    let mut stop_reason: Option<(usize, bool)> = None; // (column that stopped, was a slice)
    let mut has_any = false;
    while pos < ck_len {
        let col = pk_len + pos;
        let Some(group) = groups.get(col) else { break };
        if group.relations.is_empty() {
            stop_reason = Some((col, false));
            break;
        }
        has_any = true;
        match shape(table, group, col)? {
            Shape::Values(values, len) => {
                prefix.push(Prefix {
                    first: pos,
                    len,
                    values,
                });
                pos += len;
            }
            Shape::Slice(mut s) => {
                s.first = pos;
                pos += s.len;
                slice = Some(s);
                stop_reason = Some((col, true));
                break;
            }
            Shape::None => break,
            Shape::Other => {
                if !kind.filtering() {
                    return Err(CqlError::invalid(
                        "Cannot restrict clustering columns by a CONTAINS relation without a secondary index",
                    ));
                }
                push_filters(group, filters);
                stop_reason = Some((col, true));
                pos += 1;
                break;
            }
        }
    }
    // Relations on clustering columns after the usable prefix need filtering.
    for col in (pk_len + pos)..(pk_len + ck_len) {
        let Some(group) = groups.get(col) else {
            continue;
        };
        if group.relations.is_empty() {
            continue;
        }
        has_any = true;
        if !kind.filtering() {
            let (stopper, was_slice) = stop_reason.unwrap_or((col, false));
            let name = |c: usize| {
                table
                    .columns
                    .get(c)
                    .map(|c| c.name.clone())
                    .unwrap_or_default()
            };
            return Err(CqlError::invalid(if was_slice {
                format!(
                    "Clustering column \"{}\" cannot be restricted (preceding column \"{}\" is restricted by a non-EQ relation)",
                    name(col),
                    name(stopper)
                )
            } else {
                format!(
                    "PRIMARY KEY column \"{}\" cannot be restricted as preceding column \"{}\" is not restricted",
                    name(col),
                    name(stopper)
                )
            }));
        }
        push_filters(group, filters);
    }
    let scan = !matches!(partitions, Partitions::Keys(_));
    if has_any && scan && matches!(kind, Kind::Select { .. }) && !kind.filtering() {
        return Err(CqlError::invalid(REQUIRES_FILTERING));
    }
    Ok((prefix, slice, has_any))
}

pub(super) fn regular<'a>(
    table: &Table,
    groups: &[Group<'a>],
    kind: Kind,
    filters: &mut Vec<Filter<'a>>,
) -> CqlResult<bool> {
    let start = table.partition_key_len + table.clustering_len;
    let restricted: Vec<usize> = (start..table.columns.len())
        .filter(|c| groups.get(*c).is_some_and(|g| !g.relations.is_empty()))
        .collect();
    if restricted.is_empty() {
        return Ok(false);
    }
    if matches!(kind, Kind::Update | Kind::Delete) {
        return Err(CqlError::invalid(format!(
            "Non PRIMARY KEY columns found in where clause: {}",
            quote_names(table, &restricted)
        )));
    }
    for c in &restricted {
        let Some(group) = groups.get(*c) else {
            continue;
        };
        for (r, _) in &group.relations {
            if r.op == Operator::In {
                return Err(CqlError::invalid(format!(
                    "IN predicates on non-primary-key columns ({}) is not yet supported",
                    quote_names(table, &[*c])
                )));
            }
            if r.op == Operator::Ne {
                return Err(CqlError::invalid(format!(
                    "Unsupported \"!=\" relation: {} != ...",
                    quote_names(table, &[*c])
                )));
            }
        }
        push_filters(group, filters);
    }
    if !kind.filtering() {
        return Err(CqlError::invalid(REQUIRES_FILTERING));
    }
    Ok(true)
}
