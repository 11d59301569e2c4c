//! [`TableLayout`]: the columns of a table grouped by role, turned into a [`Table`] whose
//! `columns` follow Cassandra's orders.
//!
//! Two orders matter and both are Cassandra's: `SELECT *` returns the partition key, the
//! clustering columns, then static columns by name, then regular columns by name (the
//! `Table.columns` order); `CREATE TABLE` as written by DESCRIBE lists, within the static and
//! the regular group, the simple columns before the non-frozen collections
//! ([`Table::create_order`]).

use std::collections::BTreeMap;

use uuid::Uuid;

use crate::node::cql::ast::{Order, PropertyValue};
use crate::node::types::CqlType;

use super::{Column, ColumnKind, Table};

/// The columns of a table by role; key columns in key order, the others in any order.
#[derive(Debug, Clone, Default)]
pub struct TableLayout {
    pub partition_key: Vec<(String, CqlType)>,
    pub clustering: Vec<(String, CqlType, Order)>,
    pub statics: Vec<(String, CqlType)>,
    pub regulars: Vec<(String, CqlType)>,
}

impl TableLayout {
    /// Build the table, sorting static and regular columns by name.
    pub fn into_table(
        self,
        keyspace: &str,
        name: &str,
        id: Uuid,
        options: BTreeMap<String, PropertyValue>,
    ) -> Table {
        let mut columns = Vec::new();
        for (i, (n, ty)) in self.partition_key.iter().enumerate() {
            columns.push(column(
                n,
                ty,
                ColumnKind::PartitionKey,
                i as i32,
                Order::Asc,
            ));
        }
        for (i, (n, ty, order)) in self.clustering.iter().enumerate() {
            columns.push(column(n, ty, ColumnKind::Clustering, i as i32, *order));
        }
        for (group, kind) in [
            (self.statics, ColumnKind::Static),
            (self.regulars, ColumnKind::Regular),
        ] {
            let mut group = group;
            group.sort_by(|a, b| a.0.cmp(&b.0));
            for (n, ty) in &group {
                columns.push(column(n, ty, kind, -1, Order::Asc));
            }
        }
        Table {
            keyspace: keyspace.to_string(),
            name: name.to_string(),
            id,
            partition_key_len: self.partition_key.len(),
            clustering_len: self.clustering.len(),
            columns,
            options,
        }
    }
}

fn column(name: &str, ty: &CqlType, kind: ColumnKind, position: i32, order: Order) -> Column {
    Column {
        name: name.to_string(),
        ty: ty.clone(),
        kind,
        position,
        order,
    }
}

impl Table {
    /// Columns in the order of a `CREATE TABLE` written by DESCRIBE: key columns, then static
    /// simple, static collections, regular simple, regular collections (each by name).
    pub fn create_order(&self) -> Vec<&Column> {
        let keys = self.partition_key_len + self.clustering_len;
        let mut out: Vec<&Column> = self.columns.iter().take(keys).collect();
        for kind in [ColumnKind::Static, ColumnKind::Regular] {
            for multi_cell in [false, true] {
                out.extend(
                    self.columns
                        .iter()
                        .skip(keys)
                        .filter(|c| c.kind == kind && c.ty.is_multi_cell() == multi_cell),
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list_of_int() -> CqlType {
        CqlType::List {
            elem: Box::new(CqlType::Int),
            frozen: false,
        }
    }

    fn layout() -> TableLayout {
        TableLayout {
            partition_key: vec![("pk2".into(), CqlType::Int), ("pk1".into(), CqlType::Int)],
            clustering: vec![("ck".into(), CqlType::Text, Order::Desc)],
            statics: vec![("s".into(), CqlType::Int)],
            regulars: vec![
                ("reg3".into(), CqlType::Int),
                ("reg2".into(), list_of_int()),
                ("a".into(), CqlType::Text),
            ],
        }
    }

    #[test]
    fn select_order_puts_statics_before_regulars_each_by_name() {
        let t = layout().into_table("ks", "t", Uuid::nil(), BTreeMap::new());
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["pk2", "pk1", "ck", "s", "a", "reg2", "reg3"]);
        assert_eq!(t.partition_key_len, 2);
        assert_eq!(t.clustering_len, 1);
        assert_eq!(t.columns[1].position, 1);
        assert_eq!(t.columns[2].order, Order::Desc);
        assert_eq!(t.columns[4].position, -1);
    }

    #[test]
    fn create_order_puts_collections_last() {
        let t = layout().into_table("ks", "t", Uuid::nil(), BTreeMap::new());
        let names: Vec<&str> = t.create_order().iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["pk2", "pk1", "ck", "s", "a", "reg3", "reg2"]);
    }
}
