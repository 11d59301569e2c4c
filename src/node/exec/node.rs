//! [`NodeExecutor`]: one node's entry point for QUERY, PREPARE, EXECUTE and BATCH.
//!
//! It parses (or looks up the prepared statement), binds the values, and sends the statement to
//! the part that owns it: DDL to [`crate::node::schema::ddl`], everything else to
//! [`super::statement`] and [`super::batch`].

use std::cell::Cell;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use crate::node::cluster::ClusterState;
use crate::node::cql::{self, ast::Statement};
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::{self, Table};
use crate::node::system;

use super::prepared::{statement_id, PreparedStatement};
use super::statement::{self, StatementInfo};
use super::{
    batch, BatchRequest, BatchStatement, BoundValue, BoundValues, ColumnSpec, Outcome,
    PreparedResult, QueryParameters, RequestClass, Session,
};

/// The partition a request touched: its table and the token of its (first) partition key,
/// `None` for a range or scan. The performance model's replicas come from it.
#[derive(Debug, Clone)]
pub struct Touched {
    pub table: Arc<Table>,
    pub token: Option<i64>,
}

/// Executes requests as node `index` of a cluster.
pub struct NodeExecutor {
    pub cluster: Arc<ClusterState>,
    pub index: usize,
    /// Set where a DML statement, SELECT or batch resolves its partition key; the server
    /// takes it after each request ([`NodeExecutor::take_touched`]). One per connection.
    touched: Cell<Option<Touched>>,
}

impl Clone for NodeExecutor {
    /// A fresh executor for the same node (nothing touched yet).
    fn clone(&self) -> Self {
        NodeExecutor::new(self.cluster.clone(), self.index)
    }
}

impl NodeExecutor {
    pub fn new(cluster: Arc<ClusterState>, index: usize) -> Self {
        NodeExecutor {
            cluster,
            index,
            touched: Cell::new(None),
        }
    }

    /// Record the partition the current request works on (the first one recorded wins).
    /// Only a cluster with a performance model pays for it (`token` is not called otherwise).
    pub(super) fn touch(&self, table: &Arc<Table>, token: impl FnOnce() -> Option<i64>) {
        if self.cluster.model.is_none() {
            return;
        }
        let current = self.touched.take();
        self.touched.set(current.or_else(|| {
            Some(Touched {
                table: table.clone(),
                token: token(),
            })
        }));
    }

    /// The partition the last request touched, if any, and forget it.
    pub fn take_touched(&self) -> Option<Touched> {
        self.touched.take()
    }

    /// QUERY: parse and run `query`.
    pub fn query(
        &self,
        session: &mut Session,
        query: &str,
        params: &QueryParameters,
    ) -> CqlResult<Outcome> {
        let stmt = cql::parse(query)?;
        self.run(
            session,
            &stmt,
            session.keyspace.clone().as_deref(),
            params,
            None,
        )
    }

    /// PREPARE: parse, describe the bound variables and cache the statement under its id.
    pub fn prepare(&self, session: &Session, query: &str) -> CqlResult<PreparedResult> {
        let stmt = cql::parse(query)?;
        let keyspace = session.keyspace.as_deref();
        let info = self.describe(keyspace, &stmt)?;
        let result = PreparedResult {
            id: statement_id(keyspace, query),
            bind_columns: info.bind,
            pk_indexes: info.pk_indexes,
            result_columns: info.result,
        };
        let prepared = Arc::new(PreparedStatement {
            statement: stmt,
            keyspace: session.keyspace.clone(),
            result: result.clone(),
        });
        self.cluster.prepared[self.index]
            .write()
            .map_err(|_| CqlError::Server("prepared statement cache poisoned".into()))?
            .insert(result.id.clone(), prepared);
        Ok(result)
    }

    /// EXECUTE: run a statement prepared earlier on this node.
    pub fn execute(
        &self,
        session: &mut Session,
        id: &[u8],
        params: &QueryParameters,
    ) -> CqlResult<Outcome> {
        let prepared = self.lookup(id)?;
        let keyspace = prepared.keyspace.clone();
        let mut outcome = self.run(
            session,
            &prepared.statement,
            keyspace.as_deref(),
            params,
            Some(&prepared.result.bind_columns),
        )?;
        if let Outcome::Rows(rows) = &mut outcome {
            rows.metadata_changed = rows.columns != prepared.result.result_columns;
        }
        Ok(outcome)
    }

    /// BATCH: bind every statement, then apply them together.
    pub fn batch(&self, session: &Session, request: &BatchRequest) -> CqlResult<Outcome> {
        let mut items = Vec::with_capacity(request.statements.len());
        for (stmt, values) in &request.statements {
            let (statement, keyspace) = match stmt {
                BatchStatement::Query(q) => (cql::parse(q)?, session.keyspace.clone()),
                BatchStatement::Prepared(id) => {
                    let p = self.lookup(id)?;
                    (p.statement.clone(), p.keyspace.clone())
                }
            };
            if !matches!(
                statement,
                Statement::Insert(_) | Statement::Update(_) | Statement::Delete(_)
            ) {
                return Err(CqlError::invalid(
                    "Invalid statement in batch: only UPDATE, INSERT and DELETE statements are allowed.",
                ));
            }
            let info = self.describe(keyspace.as_deref(), &statement)?;
            let bound = bind_values(&info.bind, values)?;
            items.push(batch::BatchItem {
                statement,
                keyspace,
                values: bound,
            });
        }
        self.count(
            items
                .iter()
                .any(|i| touches_user_data(&i.statement, i.keyspace.as_deref())),
        );
        batch::run(self, request, &items)
    }

    /// Describe a statement: bound variables, partition key indexes, result columns, class.
    pub fn describe(&self, keyspace: Option<&str>, stmt: &Statement) -> CqlResult<StatementInfo> {
        if is_ddl(stmt) || matches!(stmt, Statement::Describe(_) | Statement::Use { .. }) {
            return Ok(StatementInfo {
                bind: Vec::new(),
                pk_indexes: Vec::new(),
                result: Vec::new(),
                class: RequestClass::Schema,
            });
        }
        statement::describe(&self.cluster, keyspace, stmt)
    }

    fn run(
        &self,
        session: &mut Session,
        stmt: &Statement,
        keyspace: Option<&str>,
        params: &QueryParameters,
        prepared_bind: Option<&[ColumnSpec]>,
    ) -> CqlResult<Outcome> {
        if let Statement::Use { keyspace } = stmt {
            return self.use_keyspace(session, keyspace);
        }
        if is_ddl(stmt) {
            return schema::ddl::execute(&self.cluster, keyspace, stmt);
        }
        if let Statement::Describe(describe) = stmt {
            return schema::describe::execute(&self.cluster, keyspace, describe);
        }
        if let Statement::Batch(batch) = stmt {
            self.count(touches_user_data(stmt, keyspace));
            return batch::run_parsed(self, keyspace, batch, params);
        }
        // A prepared statement binds against the variables PREPARE described; a plain QUERY
        // has to be described first.
        let described;
        let bind = match prepared_bind {
            Some(bind) => bind,
            None => {
                described = statement::describe(&self.cluster, keyspace, stmt)?;
                &described.bind
            }
        };
        let values = bind_values(bind, &params.values)?;
        self.count(touches_user_data(stmt, keyspace));
        statement::run(self, keyspace, stmt, &values, params)
    }

    fn use_keyspace(&self, session: &mut Session, keyspace: &str) -> CqlResult<Outcome> {
        let exists = self
            .cluster
            .schema
            .read()
            .map_err(|_| CqlError::Server("schema lock poisoned".into()))?
            .keyspaces
            .contains_key(keyspace);
        if !exists {
            return Err(CqlError::invalid(format!(
                "Keyspace '{keyspace}' does not exist"
            )));
        }
        session.keyspace = Some(keyspace.to_string());
        Ok(Outcome::SetKeyspace(keyspace.to_string()))
    }

    fn lookup(&self, id: &[u8]) -> CqlResult<Arc<PreparedStatement>> {
        let cache = self.cluster.prepared[self.index]
            .read()
            .map_err(|_| CqlError::Server("prepared statement cache poisoned".into()))?;
        cache.get(id).cloned().ok_or_else(|| CqlError::Unprepared {
            message: format!(
                "Prepared query with ID {} not found (either the query was not prepared on this host (maybe the host has been restarted?) or you have prepared too many queries and it has been evicted from the internal cache)",
                hex(id)
            ),
            id: id.to_vec(),
        })
    }

    fn count(&self, user_request: bool) {
        if user_request {
            self.cluster.coordinated[self.index].fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Turn the client's values into one value per bound variable, in marker order.
pub fn bind_values(specs: &[ColumnSpec], values: &BoundValues) -> CqlResult<Vec<BoundValue>> {
    let bound = match values {
        BoundValues::None => Vec::new(),
        BoundValues::Positional(v) => v.clone(),
        BoundValues::Named(named) => {
            let mut out = Vec::with_capacity(specs.len());
            for spec in specs {
                let found = named.iter().find(|(n, _)| n == &spec.name).or_else(|| {
                    named
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(&spec.name))
                });
                match found {
                    Some((_, v)) => out.push(v.clone()),
                    None => {
                        return Err(CqlError::invalid(format!(
                            "Invalid unset value for column {}",
                            spec.name
                        )))
                    }
                }
            }
            out
        }
    };
    if bound.len() != specs.len() {
        return Err(CqlError::invalid(format!(
            "Invalid amount of bind variables: expected {}, got {}",
            specs.len(),
            bound.len()
        )));
    }
    Ok(bound)
}

fn is_ddl(stmt: &Statement) -> bool {
    matches!(
        stmt,
        Statement::CreateKeyspace(_)
            | Statement::AlterKeyspace(_)
            | Statement::DropKeyspace { .. }
            | Statement::CreateTable(_)
            | Statement::DropTable { .. }
            | Statement::Truncate { .. }
    )
}

/// True when the statement reads or writes a user (non-system) keyspace: only those requests
/// count as coordinated, so drivers' own metadata queries do not disturb routing tests.
fn touches_user_data(stmt: &Statement, session_keyspace: Option<&str>) -> bool {
    let table = match stmt {
        Statement::Insert(s) => &s.table,
        Statement::Update(s) => &s.table,
        Statement::Delete(s) => &s.table,
        Statement::Select(s) => &s.table,
        Statement::Batch(b) => {
            return b
                .statements
                .iter()
                .any(|s| touches_user_data(s, session_keyspace))
        }
        _ => return false,
    };
    let ks = table.keyspace.as_deref().or(session_keyspace).unwrap_or("");
    !system::is_system_keyspace(ks)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
