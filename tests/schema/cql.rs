//! Small helpers shared by the schema and metadata tests: run CQL through the scylla driver
//! and read back typed rows or the server's error code and message.
#![allow(dead_code)]

use scylla::client::session::Session;
use scylla::deserialize::row::DeserializeRow;
use scylla::errors::{DbError, ExecutionError, RequestAttemptError};
use scylla::response::query_result::QueryResult;

/// Run `cql` (no bound values), failing the test with the server's message.
pub async fn run(session: &Session, cql: &str) -> QueryResult {
    match session.query_unpaged(cql, &()).await {
        Ok(result) => result,
        Err(e) => panic!("{cql}\n  failed: {e}"),
    }
}

/// Run `cql` and decode every row as `R`.
pub async fn rows<R>(session: &Session, cql: &str) -> Vec<R>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let result = run(session, cql).await;
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

/// Run `cql`, which must fail with a server error; its protocol code and message.
pub async fn error(session: &Session, cql: &str) -> (i32, String, DbError) {
    match session.query_unpaged(cql, &()).await {
        Ok(_) => panic!("{cql}\n  succeeded but should have failed"),
        Err(ExecutionError::LastAttemptError(RequestAttemptError::DbError(db, msg))) => {
            (code(&db), msg, db)
        }
        Err(e) => panic!("{cql}\n  failed without a server error: {e}"),
    }
}

/// Assert that `cql` fails with `code` and exactly `message`.
pub async fn assert_error(session: &Session, cql: &str, code: i32, message: &str) {
    let (got_code, got_message, _) = error(session, cql).await;
    assert_eq!(
        (got_code, got_message.as_str()),
        (code, message),
        "\n  statement: {cql}\n  expected: {code:#06x} {message:?}\n  actual:   {got_code:#06x} {got_message:?}"
    );
}

/// The protocol error code of the errors schema statements produce.
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
