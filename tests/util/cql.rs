//! CQL helpers shared by the integration tests (schema, metadata, DML, SELECT, paging, TTL,
//! LWT, batches, counters): run CQL with bound values through the scylla driver, decode typed
//! rows, and read the server's error code and message.
//!
//! Include it with `#[path = "util/cql.rs"] mod cql;`.
#![allow(dead_code)]

use scylla::client::session::Session;
use scylla::deserialize::row::DeserializeRow;
use scylla::errors::{DbError, ExecutionError, RequestAttemptError};
use scylla::response::query_result::QueryResult;
use scylla::serialize::row::SerializeRow;

pub const INVALID: i32 = 0x2200;
pub const SYNTAX: i32 = 0x2000;
pub const UNAUTHORIZED: i32 = 0x2100;

/// Create keyspace `ks` (RF 1) and make it the session keyspace.
pub async fn keyspace(session: &Session, ks: &str) {
    run(
        session,
        &format!("CREATE KEYSPACE {ks} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}"),
    )
    .await;
    if let Err(e) = session.use_keyspace(ks, false).await {
        panic!("USE {ks} failed: {e}");
    }
}

/// Run `cql` without values.
pub async fn run(session: &Session, cql: &str) -> QueryResult {
    exec(session, cql, ()).await
}

/// Run `cql` with `values`, failing the test with the server's message.
pub async fn exec(session: &Session, cql: &str, values: impl SerializeRow) -> QueryResult {
    match session.query_unpaged(cql, values).await {
        Ok(result) => result,
        Err(e) => panic!("{cql}\n  failed: {e}"),
    }
}

/// Prepare `cql` and execute it with `values`.
pub async fn prepared(session: &Session, cql: &str, values: impl SerializeRow) -> QueryResult {
    let statement = match session.prepare(cql).await {
        Ok(p) => p,
        Err(e) => panic!("PREPARE {cql}\n  failed: {e}"),
    };
    match session.execute_unpaged(&statement, values).await {
        Ok(result) => result,
        Err(e) => panic!("EXECUTE {cql}\n  failed: {e}"),
    }
}

/// Decode every row of `result` as `R`.
pub fn decode<R>(cql: &str, result: QueryResult) -> Vec<R>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let rows = match result.into_rows_result() {
        Ok(rows) => rows,
        Err(e) => panic!("{cql}\n  did not return rows: {e}"),
    };
    let decoded = match rows.rows::<R>() {
        Ok(iter) => iter.collect::<Result<Vec<R>, _>>(),
        Err(e) => panic!("{cql}\n  rows of an unexpected type: {e}"),
    };
    match decoded {
        Ok(rows) => rows,
        Err(e) => panic!("{cql}\n  cannot decode a row: {e}"),
    }
}

/// Run `cql` (no values) and decode every row as `R`.
pub async fn rows<R>(session: &Session, cql: &str) -> Vec<R>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    decode(cql, run(session, cql).await)
}

/// Run `cql` with values and decode every row as `R`.
pub async fn rows_with<R>(session: &Session, cql: &str, values: impl SerializeRow) -> Vec<R>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    decode(cql, exec(session, cql, values).await)
}

/// Names of the result columns of `result`.
pub fn column_names(result: QueryResult) -> Vec<String> {
    match result.into_rows_result() {
        Ok(rows) => rows
            .column_specs()
            .iter()
            .map(|c| c.name().to_string())
            .collect(),
        Err(e) => panic!("no rows: {e}"),
    }
}

/// Run `cql` with `values`, which must fail with a server error: its code and message.
pub async fn error_with(session: &Session, cql: &str, values: impl SerializeRow) -> (i32, String) {
    let (code, message, _) = db_error(session, cql, values).await;
    (code, message)
}

/// Run `cql` (no values), which must fail with a server error: its code, message and the
/// driver's view of it.
pub async fn error(session: &Session, cql: &str) -> (i32, String, DbError) {
    db_error(session, cql, ()).await
}

async fn db_error(
    session: &Session,
    cql: &str,
    values: impl SerializeRow,
) -> (i32, String, DbError) {
    match session.query_unpaged(cql, values).await {
        Ok(_) => panic!("{cql}\n  succeeded but should have failed"),
        Err(ExecutionError::LastAttemptError(RequestAttemptError::DbError(db, msg))) => {
            (code(&db), msg, db)
        }
        Err(e) => panic!("{cql}\n  failed without a server error: {e}"),
    }
}

/// Assert that `cql` fails with `code` and exactly `message`.
pub async fn assert_error(session: &Session, cql: &str, code: i32, message: &str) {
    let (got_code, got) = error_with(session, cql, ()).await;
    assert_eq!(
        (got_code, got.as_str()),
        (code, message),
        "\n  statement: {cql}\n  expected: {code:#06x} {message:?}\n  actual:   {got_code:#06x} {got:?}"
    );
}

fn code(db: &DbError) -> i32 {
    match db {
        DbError::SyntaxError => 0x2000,
        DbError::Unauthorized => 0x2100,
        DbError::Invalid => 0x2200,
        DbError::ConfigError => 0x2300,
        DbError::AlreadyExists { .. } => 0x2400,
        DbError::ServerError => 0x0000,
        DbError::ProtocolError => 0x000A,
        _ => -1,
    }
}
