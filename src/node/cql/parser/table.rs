//! CREATE TABLE (Cassandra's `createTableStatement`, `tableDefinition`, `tableColumns`,
//! `tableProperty`) with the checks Cassandra makes while building the raw statement.

use super::names::display_name;
use super::types::{resolve, RawType};
use super::{Failure, PResult, Parser};
use crate::node::cql::ast::{ColumnDefinition, CreateTable, Order, QualifiedName, Statement};
use crate::node::error::CqlError;

/// What the column definitions and the PRIMARY KEY clause collected.
struct TableDefinition {
    table: QualifiedName,
    columns: Vec<(String, RawType, bool)>,
    partition_key: Option<Vec<String>>,
    clustering: Vec<String>,
}

impl TableDefinition {
    fn invalid(&self, message: String) -> Failure {
        Failure::Invalid(CqlError::Invalid(message))
    }

    fn add_column(&mut self, name: String, ty: RawType, is_static: bool) -> PResult<()> {
        if self
            .columns
            .iter()
            .any(|(existing, _, _)| *existing == name)
        {
            return Err(self.invalid(format!(
                "Duplicate column '{name}' declaration for table '{}'",
                display_name(&self.table)
            )));
        }
        self.columns.push((name, ty, is_static));
        Ok(())
    }

    fn set_partition_key(&mut self, columns: Vec<String>) -> PResult<()> {
        if self.partition_key.is_some() {
            return Err(self.invalid(format!(
                "Multiple PRIMARY KEY specified for table '{}' (exactly one required)",
                display_name(&self.table)
            )));
        }
        self.partition_key = Some(columns);
        Ok(())
    }
}

impl Parser<'_> {
    /// `CREATE (TABLE | COLUMNFAMILY) [IF NOT EXISTS] [ks.]name (columns) [WITH ...]`; the
    /// caller has consumed `CREATE TABLE`.
    pub(super) fn create_table(&mut self) -> PResult<Statement> {
        let if_not_exists = self.if_not_exists()?;
        let table = self.table_name()?;
        let mut definition = TableDefinition {
            table,
            columns: Vec::new(),
            partition_key: None,
            clustering: Vec::new(),
        };
        self.expect_sym("(")?;
        self.table_column(&mut definition)?;
        while self.eat_sym(",") {
            if !self.at_sym(")") {
                self.table_column(&mut definition)?;
            }
        }
        self.expect_sym(")")?;

        let mut clustering_order: Vec<(String, Order)> = Vec::new();
        let mut compact_storage = false;
        let mut properties = Vec::new();
        if self.eat_kw("with") {
            loop {
                if self.at_kw("compact") && self.at_kw_n(1, "storage") {
                    self.bump();
                    self.bump();
                    compact_storage = true;
                } else if self.at_kw("clustering") && self.at_kw_n(1, "order") {
                    self.clustering_order(&definition, &mut clustering_order)?;
                } else {
                    self.property(&mut properties)?;
                }
                if !self.eat_kw("and") {
                    break;
                }
            }
        }
        self.finish_table(
            definition,
            if_not_exists,
            clustering_order,
            compact_storage,
            properties,
        )
    }

    /// `tableColumns`: `name type [STATIC] [PRIMARY KEY]` or `PRIMARY KEY (...)`.
    fn table_column(&mut self, definition: &mut TableDefinition) -> PResult<()> {
        if self.eat_kw("primary") {
            self.expect_kw("key")?;
            self.expect_sym("(")?;
            let partition_key = if self.eat_sym("(") {
                let columns = self.comma_separated(Self::ident)?;
                self.expect_sym(")")?;
                columns
            } else {
                vec![self.ident()?]
            };
            definition.set_partition_key(partition_key)?;
            while self.eat_sym(",") {
                definition.clustering.push(self.ident()?);
            }
            return self.expect_sym(")");
        }
        let name = self.ident()?;
        let ty = self.comparator_type()?;
        let is_static = self.eat_kw("static");
        definition.add_column(name.clone(), ty, is_static)?;
        if self.eat_kw("primary") {
            self.expect_kw("key")?;
            definition.set_partition_key(vec![name])?;
        }
        Ok(())
    }

    /// `CLUSTERING ORDER BY (col ASC|DESC, ...)`
    fn clustering_order(
        &mut self,
        definition: &TableDefinition,
        order: &mut Vec<(String, Order)>,
    ) -> PResult<()> {
        self.bump();
        self.bump();
        self.expect_kw("by")?;
        self.expect_sym("(")?;
        loop {
            let column = self.ident()?;
            let direction = if self.eat_kw("asc") {
                Order::Asc
            } else if self.eat_kw("desc") {
                Order::Desc
            } else {
                return Err(self.no_viable());
            };
            if order.iter().any(|(existing, _)| *existing == column) {
                return Err(definition.invalid(format!(
                    "Duplicate column '{column}' in CLUSTERING ORDER BY clause for table '{}'",
                    display_name(&definition.table)
                )));
            }
            order.push((column, direction));
            if !self.eat_sym(",") {
                break;
            }
        }
        self.expect_sym(")")
    }

    /// Build the statement: a missing PRIMARY KEY and bad column types are reported the way
    /// Cassandra does when it prepares the statement.
    fn finish_table(
        &mut self,
        definition: TableDefinition,
        if_not_exists: bool,
        clustering_order: Vec<(String, Order)>,
        compact_storage: bool,
        properties: crate::node::cql::ast::Properties,
    ) -> PResult<Statement> {
        let TableDefinition {
            table,
            columns,
            partition_key,
            clustering,
        } = definition;
        if partition_key.is_none() {
            self.defer(CqlError::Invalid(format!(
                "No PRIMARY KEY specifed for table '{}' (exactly one required)",
                display_name(&table)
            )));
        }
        let mut resolved = Vec::with_capacity(columns.len());
        for (name, raw, is_static) in columns {
            let ty = match resolve(&raw, table.keyspace.as_deref()) {
                Ok(ty) => ty,
                Err(error) => {
                    self.defer(error);
                    crate::node::types::CqlType::Blob
                }
            };
            resolved.push(ColumnDefinition {
                name,
                ty,
                is_static,
            });
        }
        Ok(Statement::CreateTable(CreateTable {
            table,
            if_not_exists,
            columns: resolved,
            partition_key: partition_key.unwrap_or_default(),
            clustering,
            clustering_order,
            compact_storage,
            properties,
        }))
    }
}
