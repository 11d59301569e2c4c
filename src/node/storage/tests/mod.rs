//! Unit tests of the storage engine: last-write-wins, tombstones of every kind, TTL expiry with
//! an injected clock, clustering order (ASC and DESC), collections, counters, ring order.
//! This file holds the fixture (a table with every kind of column) and its helpers.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::*;
use crate::node::cql::ast::Order;
use crate::node::schema::{Column, ColumnKind, Table};
use crate::node::types::{decode_collection, decode_map, CqlType};

/// `k int, c int (order), v int, s int static, l list<int>, st set<int>, m map<int, int>, n counter-free`
pub(super) fn table(order: Order) -> Table {
    let col = |name: &str, ty: CqlType, kind: ColumnKind, position: i32, order: Order| Column {
        name: name.into(),
        ty,
        kind,
        position,
        order,
    };
    let list = CqlType::List {
        elem: Box::new(CqlType::Int),
        frozen: false,
    };
    let set = CqlType::Set {
        elem: Box::new(CqlType::Int),
        frozen: false,
    };
    let map = CqlType::Map {
        key: Box::new(CqlType::Int),
        value: Box::new(CqlType::Int),
        frozen: false,
    };
    Table {
        keyspace: "ks".into(),
        name: "t".into(),
        id: Uuid::new_v4(),
        columns: vec![
            col("k", CqlType::Int, ColumnKind::PartitionKey, 0, Order::Asc),
            col("c", CqlType::Int, ColumnKind::Clustering, 0, order),
            col("l", list, ColumnKind::Regular, -1, Order::Asc),
            col("m", map, ColumnKind::Regular, -1, Order::Asc),
            col("s", CqlType::Int, ColumnKind::Static, -1, Order::Asc),
            col("st", set, ColumnKind::Regular, -1, Order::Asc),
            col("v", CqlType::Int, ColumnKind::Regular, -1, Order::Asc),
        ],
        partition_key_len: 1,
        clustering_len: 1,
        options: BTreeMap::new(),
    }
}

pub(super) const L: usize = 2;
pub(super) const M: usize = 3;
pub(super) const S: usize = 4;
pub(super) const ST: usize = 5;
pub(super) const V: usize = 6;

pub(super) fn int(v: i32) -> Vec<u8> {
    v.to_be_bytes().to_vec()
}

pub(super) fn key(k: i32) -> (PartitionKey, Vec<Vec<u8>>) {
    let comps = vec![int(k)];
    (PartitionKey::new(&comps), comps)
}

pub(super) fn write(ck: i32, col: usize, op: ColumnOp, layout: &Layout) -> Mutation {
    Mutation {
        rows: vec![(
            layout.clustering(vec![int(ck)]),
            RowMutation {
                ops: vec![(col, op)],
                ..RowMutation::default()
            },
        )],
        ..Mutation::default()
    }
}

pub(super) fn set_v(ck: i32, v: i32, ts: i64, ttl: i32, now: i64, layout: &Layout) -> Mutation {
    write(
        ck,
        V,
        ColumnOp::Write(ColumnWrite::Cell(Cell::live(ts, int(v), ttl, now))),
        layout,
    )
}

/// (clustering, value of `col`) of each live row of partition `k`, in storage order.
pub(super) fn rows(data: &TableData, k: i32, col: usize, now: i64) -> Vec<(i32, Option<Vec<u8>>)> {
    let (pk, _) = key(k);
    data.read(&pk, now, |p| {
        let Some(p) = p else { return Vec::new() };
        p.rows
            .iter()
            .filter_map(|(c, r)| live_row(&data.layout, p, Some((c, r)), now))
            .map(|row| {
                let c = row[1]
                    .as_ref()
                    .map(|c| i32::from_be_bytes(c.value.clone().try_into().unwrap()))
                    .unwrap();
                (c, row[col].as_ref().map(|v| v.value.clone()))
            })
            .collect()
    })
}

pub(super) fn store(order: Order) -> TableData {
    TableData::new(Layout::new(&table(order)))
}

pub(super) fn apply(data: &TableData, k: i32, m: Mutation, now: i64) {
    let (pk, comps) = key(k);
    data.apply(&pk, &comps, m, now).unwrap();
}

mod collections;
mod semantics;
