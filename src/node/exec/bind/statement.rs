//! The receivers of whole statements (INSERT, UPDATE, DELETE, SELECT), the partition key
//! indexes drivers route by, and the protocol column specs.

use crate::node::cql::ast::{Delete, Insert, Select, Update};
use crate::node::error::{CqlError, CqlResult};
use crate::node::exec::ColumnSpec;
use crate::node::schema::{ColumnKind, Table};

use super::{element_receivers, Receiver, Specs};

/// The receivers in marker order; fails when markers are not numbered 0, 1, 2, ...
pub fn contiguous(pairs: Vec<(usize, Receiver)>) -> CqlResult<Vec<Receiver>> {
    let mut out = Vec::with_capacity(pairs.len());
    for (expected, (index, recv)) in pairs.into_iter().enumerate() {
        if index != expected {
            return Err(CqlError::Server(format!(
                "bind marker {index} found where marker {expected} was expected"
            )));
        }
        out.push(recv);
    }
    Ok(out)
}

/// Receivers of the markers of INSERT.
pub fn insert(table: &Table, s: &Insert) -> CqlResult<Vec<(usize, Receiver)>> {
    let mut specs = Specs::new(table);
    for (name, value) in s.columns.iter().zip(&s.values) {
        let recv = specs.column(name)?;
        specs.term(value, &recv);
    }
    for name in s.columns.iter().skip(s.values.len()) {
        specs.column(name)?;
    }
    specs.using(&s.using);
    Ok(specs.pairs())
}

/// Receivers of the markers of UPDATE.
pub fn update(table: &Table, s: &Update) -> CqlResult<Vec<(usize, Receiver)>> {
    let mut specs = Specs::new(table);
    specs.using(&s.using);
    specs.assignments(&s.assignments)?;
    specs.relations(&s.where_clause)?;
    specs.condition(s.condition.as_ref())?;
    Ok(specs.pairs())
}

/// Receivers of the markers of DELETE.
pub fn delete(table: &Table, s: &Delete) -> CqlResult<Vec<(usize, Receiver)>> {
    let mut specs = Specs::new(table);
    for target in &s.columns {
        let recv = specs.column(&target.column)?;
        if let Some(e) = &target.element {
            let (k, _) = element_receivers(&recv);
            specs.term(e, &k);
        }
    }
    specs.timestamp(s.timestamp.as_ref());
    specs.relations(&s.where_clause)?;
    specs.condition(s.condition.as_ref())?;
    Ok(specs.pairs())
}

/// Receivers of the markers of SELECT.
pub fn select(table: &Table, s: &Select) -> CqlResult<Vec<(usize, Receiver)>> {
    let mut specs = Specs::new(table);
    specs.relations(&s.where_clause)?;
    specs.limit(s.per_partition_limit.as_ref(), "[per_partition_limit]");
    specs.limit(s.limit.as_ref(), "[limit]");
    Ok(specs.pairs())
}

/// Bind index of each partition key column when every one of them is bound by a marker
/// standing for the column itself (the last such marker wins, as in Cassandra); else empty.
pub fn pk_indexes(table: &Table, receivers: &[Receiver]) -> Vec<u16> {
    let mut out = vec![None; table.partition_key_len];
    for (i, r) in receivers.iter().enumerate() {
        if let Some(col) = r.column {
            let is_pk = table
                .columns
                .get(col)
                .is_some_and(|c| c.kind == ColumnKind::PartitionKey);
            if let (true, Some(slot)) = (is_pk, out.get_mut(col)) {
                *slot = u16::try_from(i).ok();
            }
        }
    }
    out.into_iter()
        .collect::<Option<Vec<u16>>>()
        .unwrap_or_default()
}

/// Column specs for the protocol, from receivers.
pub fn column_specs(table: &Table, receivers: Vec<Receiver>) -> Vec<ColumnSpec> {
    receivers
        .into_iter()
        .map(|r| ColumnSpec {
            keyspace: table.keyspace.clone(),
            table: table.name.clone(),
            name: r.name,
            ty: r.ty,
        })
        .collect()
}
