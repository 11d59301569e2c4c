//! DDL: CREATE / ALTER / DROP KEYSPACE, CREATE / DROP TABLE and TRUNCATE.
//!
//! Each statement is checked in Cassandra 4.1's order: the authorization step (the system
//! keyspaces' protection, `Unauthorized`), then `AlterSchemaStatement.execute` (virtual and
//! local system keyspaces, keyspace name syntax), then the statement's own `apply`. A change
//! gives the new schema a new version, answers RESULT SchemaChange and publishes the same
//! change as a SCHEMA_CHANGE event to every node's registered connections; a statement that
//! changes nothing (`IF NOT EXISTS` on an existing object, `IF EXISTS` on a missing one, an
//! ALTER to the current values) answers RESULT Void and publishes nothing, as in Cassandra.

use std::collections::BTreeMap;
use std::sync::Arc;

use uuid::Uuid;

use crate::node::cluster::{ClusterState, Event};
use crate::node::cql::ast::{AlterKeyspace, CreateKeyspace, CreateTable, QualifiedName, Statement};
use crate::node::error::{CqlError, CqlResult};
use crate::node::exec::{ChangeType, Outcome, SchemaChange, SchemaTarget};
use crate::node::system::{is_local_system_keyspace, is_system_keyspace, is_virtual_keyspace};

use super::cql_text::{is_valid_name, NAME_LENGTH};
use super::replication::keyspace_params;
use super::table_def::{build_table, check_prepare};
use super::{schema_version, Keyspace, Schema};

/// What applying a statement did, for the work done after the schema lock is released.
#[derive(Default)]
struct Applied {
    change: Option<SchemaChange>,
    /// Tables whose data must go (dropped tables, tables of a dropped keyspace).
    dropped: Vec<Uuid>,
    truncated: Option<Uuid>,
}

/// Apply a DDL statement; `keyspace` is the session keyspace for unqualified names.
pub fn execute(
    cluster: &ClusterState,
    keyspace: Option<&str>,
    stmt: &Statement,
) -> CqlResult<Outcome> {
    let applied = {
        let mut schema = cluster
            .schema
            .write()
            .map_err(|_| CqlError::Server("schema lock poisoned".into()))?;
        let applied = apply(cluster, &mut schema, keyspace, stmt)?;
        if applied.change.is_some() {
            schema.version = schema_version(&schema);
        }
        applied
    };
    for id in &applied.dropped {
        cluster.store.drop_table(*id);
    }
    if let Some(id) = applied.truncated {
        cluster.store.truncate(id);
    }
    Ok(match applied.change {
        Some(change) => {
            cluster.publish(Event::SchemaChange(change.clone()));
            Outcome::SchemaChange(change)
        }
        None => Outcome::Void,
    })
}

fn apply(
    cluster: &ClusterState,
    schema: &mut Schema,
    session_keyspace: Option<&str>,
    stmt: &Statement,
) -> CqlResult<Applied> {
    match stmt {
        Statement::CreateKeyspace(s) => create_keyspace(cluster, schema, s),
        Statement::AlterKeyspace(s) => alter_keyspace(cluster, schema, s),
        Statement::DropKeyspace { name, if_exists } => drop_keyspace(schema, name, *if_exists),
        Statement::CreateTable(s) => {
            let ks = qualified_keyspace(&s.table, session_keyspace)?;
            create_table(schema, &ks, s)
        }
        Statement::DropTable { table, if_exists } => {
            let ks = qualified_keyspace(table, session_keyspace)?;
            drop_table(schema, &ks, &table.name, *if_exists)
        }
        Statement::Truncate { table } => {
            let ks = qualified_keyspace(table, session_keyspace)?;
            truncate(schema, &ks, &table.name)
        }
        _ => Err(CqlError::Server("not a DDL statement".into())),
    }
}

fn create_keyspace(
    cluster: &ClusterState,
    schema: &mut Schema,
    stmt: &CreateKeyspace,
) -> CqlResult<Applied> {
    let name = stmt.name.as_str();
    check_modifiable(name)?;
    let params = keyspace_params(&stmt.properties)?;
    if params.replication.is_none() {
        return Err(CqlError::invalid("Missing mandatory option 'replication'"));
    }
    if schema.keyspaces.contains_key(name) {
        if stmt.if_not_exists {
            return Ok(Applied::default());
        }
        return Err(CqlError::AlreadyExists {
            message: format!("Cannot add existing keyspace \"{name}\""),
            keyspace: name.to_string(),
            table: String::new(),
        });
    }
    let replication = params
        .resolve(name, &datacenters(cluster))?
        .unwrap_or_default();
    let keyspace = Keyspace {
        name: name.to_string(),
        replication,
        durable_writes: params.durable_writes.unwrap_or(true),
        tables: BTreeMap::new(),
    };
    schema.keyspaces.insert(name.to_string(), keyspace);
    Ok(changed(
        ChangeType::Created,
        SchemaTarget::Keyspace(name.into()),
    ))
}

fn alter_keyspace(
    cluster: &ClusterState,
    schema: &mut Schema,
    stmt: &AlterKeyspace,
) -> CqlResult<Applied> {
    let name = stmt.name.as_str();
    authorize(name, None, "ALTER")?;
    check_modifiable(name)?;
    let params = keyspace_params(&stmt.properties)?;
    let keyspace = schema
        .keyspaces
        .get_mut(name)
        .ok_or_else(|| CqlError::invalid(format!("Keyspace '{name}' doesn't exist")))?;
    let replication = params
        .resolve(name, &datacenters(cluster))?
        .unwrap_or_else(|| keyspace.replication.clone());
    let durable_writes = params.durable_writes.unwrap_or(keyspace.durable_writes);
    if replication == keyspace.replication && durable_writes == keyspace.durable_writes {
        return Ok(Applied::default());
    }
    keyspace.replication = replication;
    keyspace.durable_writes = durable_writes;
    Ok(changed(
        ChangeType::Updated,
        SchemaTarget::Keyspace(name.into()),
    ))
}

fn drop_keyspace(schema: &mut Schema, name: &str, if_exists: bool) -> CqlResult<Applied> {
    authorize(name, None, "DROP")?;
    check_modifiable(name)?;
    let Some(keyspace) = schema.keyspaces.remove(name) else {
        if if_exists {
            return Ok(Applied::default());
        }
        return Err(CqlError::invalid(format!(
            "Keyspace '{name}' doesn't exist"
        )));
    };
    let mut applied = changed(ChangeType::Dropped, SchemaTarget::Keyspace(name.into()));
    applied.dropped = keyspace.tables.values().map(|t| t.id).collect();
    Ok(applied)
}

fn create_table(schema: &mut Schema, ks: &str, stmt: &CreateTable) -> CqlResult<Applied> {
    check_prepare(stmt)?;
    authorize(ks, None, "CREATE")?;
    check_modifiable(ks)?;
    let name = stmt.table.name.as_str();
    let keyspace = schema
        .keyspaces
        .get_mut(ks)
        .ok_or_else(|| CqlError::invalid(format!("Keyspace '{ks}' doesn't exist")))?;
    if keyspace.tables.contains_key(name) {
        if stmt.if_not_exists {
            return Ok(Applied::default());
        }
        return Err(CqlError::AlreadyExists {
            message: format!("Cannot add already existing table \"{name}\" to keyspace \"{ks}\""),
            keyspace: ks.to_string(),
            table: name.to_string(),
        });
    }
    let table = build_table(ks, stmt)?;
    keyspace.tables.insert(name.to_string(), Arc::new(table));
    Ok(changed(ChangeType::Created, table_target(ks, name)))
}

fn drop_table(schema: &mut Schema, ks: &str, name: &str, if_exists: bool) -> CqlResult<Applied> {
    authorize(ks, Some(name), "DROP")?;
    check_modifiable(ks)?;
    let removed = schema
        .keyspaces
        .get_mut(ks)
        .and_then(|k| k.tables.remove(name));
    let Some(table) = removed else {
        if if_exists {
            return Ok(Applied::default());
        }
        return Err(CqlError::invalid(format!(
            "Table '{ks}.{name}' doesn't exist"
        )));
    };
    let mut applied = changed(ChangeType::Dropped, table_target(ks, name));
    applied.dropped.push(table.id);
    Ok(applied)
}

/// TRUNCATE: no schema change; the data goes once the lock is released.
fn truncate(schema: &Schema, ks: &str, name: &str) -> CqlResult<Applied> {
    let keyspace = schema
        .keyspaces
        .get(ks)
        .ok_or_else(|| CqlError::invalid(format!("Keyspace {ks} does not exist")))?;
    let table = keyspace
        .tables
        .get(name)
        .ok_or_else(|| CqlError::invalid(format!("unconfigured table {name}")))?;
    if is_virtual_keyspace(ks) {
        return Err(CqlError::invalid("Cannot truncate virtual tables"));
    }
    Ok(Applied {
        truncated: Some(table.id),
        ..Applied::default()
    })
}

/// The keyspace of a table name: its own, else the session's.
fn qualified_keyspace(name: &QualifiedName, session: Option<&str>) -> CqlResult<String> {
    name.keyspace
        .as_deref()
        .or(session)
        .map(str::to_string)
        .ok_or_else(|| {
            CqlError::invalid(
                "No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename",
            )
        })
}

/// `ClientState.preventSystemKSSchemaModification`: nobody changes `system` or
/// `system_schema`; the replicated system keyspaces may only have their keyspace ALTERed.
fn authorize(keyspace: &str, table: Option<&str>, permission: &str) -> CqlResult<()> {
    if is_local_system_keyspace(keyspace) {
        return Err(CqlError::Unauthorized(format!(
            "{keyspace} keyspace is not user-modifiable."
        )));
    }
    let replicated = is_system_keyspace(keyspace) && !is_virtual_keyspace(keyspace);
    if replicated && (table.is_some() || permission != "ALTER") {
        let resource = match table {
            Some(t) => format!("<table {keyspace}.{t}>"),
            None => format!("<keyspace {keyspace}>"),
        };
        return Err(CqlError::Unauthorized(format!(
            "Cannot {permission} {resource}"
        )));
    }
    Ok(())
}

/// `AlterSchemaStatement.execute`'s checks before the statement applies.
fn check_modifiable(keyspace: &str) -> CqlResult<()> {
    if is_local_system_keyspace(keyspace) {
        return Err(CqlError::invalid(format!(
            "System keyspace '{keyspace}' is not user-modifiable"
        )));
    }
    if is_virtual_keyspace(keyspace) {
        return Err(CqlError::invalid(format!(
            "Virtual keyspace '{keyspace}' is not user-modifiable"
        )));
    }
    if !is_valid_name(keyspace) {
        return Err(CqlError::invalid(format!("Keyspace name must not be empty, more than {NAME_LENGTH} characters long, or contain non-alphanumeric-underscore characters (got '{keyspace}')")));
    }
    Ok(())
}

fn datacenters(cluster: &ClusterState) -> Vec<String> {
    let mut dcs: Vec<String> = cluster.nodes.iter().map(|n| n.datacenter.clone()).collect();
    dcs.sort();
    dcs.dedup();
    dcs
}

fn table_target(keyspace: &str, table: &str) -> SchemaTarget {
    SchemaTarget::Table {
        keyspace: keyspace.to_string(),
        table: table.to_string(),
    }
}

fn changed(change: ChangeType, target: SchemaTarget) -> Applied {
    Applied {
        change: Some(SchemaChange { change, target }),
        ..Applied::default()
    }
}
