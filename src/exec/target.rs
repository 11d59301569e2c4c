//! Sending one request through the scylla driver and reading what the workers need from the
//! answer: how many rows came back (over every page), whether a lightweight transaction
//! applied, and which node coordinated it.
//!
//! Writes go unpaged. Reads fetch page after page with the statement's page size and count
//! the rows of all of them, so a wide-partition scan costs what it costs on the cluster.
//! Rows are counted, never deserialized, except the `[applied]` column of conditional
//! statements.

use std::net::SocketAddr;

use scylla::client::session::Session;
use scylla::deserialize::row::ColumnIterator;
use scylla::deserialize::value::DeserializeValue;
use scylla::errors::ExecutionError;
use scylla::frame::response::result::{ColumnType, NativeType};
use scylla::response::query_result::QueryResult;
use scylla::response::{PagingState, PagingStateResponse};
use scylla::value::CqlValue;

use crate::plan::OperationKind;

use super::prepare::PreparedOp;

/// What a successful request returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Executed {
    pub rows: u64,
    /// For conditional statements: the `[applied]` column.
    pub applied: Option<bool>,
    /// The node that coordinated the (first page of the) request.
    pub coordinator: Option<SocketAddr>,
}

/// Execute `op` with its bound `values`.
pub async fn execute(
    session: &Session,
    op: &PreparedOp,
    values: &[Option<CqlValue>],
) -> Result<Executed, (ExecutionError, Option<SocketAddr>)> {
    match op.kind {
        OperationKind::Read => read_all_pages(session, op, values).await,
        OperationKind::Write | OperationKind::Lwt | OperationKind::Batch => {
            let result = session
                .execute_unpaged(&op.statement, values)
                .await
                .map_err(|e| (e, None))?;
            Ok(summarize(result, op.kind != OperationKind::Write))
        }
    }
}

/// Fetch every page of a read, counting rows.
async fn read_all_pages(
    session: &Session,
    op: &PreparedOp,
    values: &[Option<CqlValue>],
) -> Result<Executed, (ExecutionError, Option<SocketAddr>)> {
    let mut total = Executed {
        rows: 0,
        applied: None,
        coordinator: None,
    };
    let mut paging = PagingState::start();
    loop {
        let (result, next) = session
            .execute_single_page(&op.statement, values, paging)
            .await
            .map_err(|e| (e, total.coordinator))?;
        let page = summarize(result, false);
        total.rows += page.rows;
        total.coordinator = total.coordinator.or(page.coordinator);
        match next {
            PagingStateResponse::HasMorePages { state } => paging = state,
            PagingStateResponse::NoMorePages => return Ok(total),
        }
    }
}

/// Rows, `[applied]` (when asked for) and coordinator of one response.
fn summarize(result: QueryResult, conditional: bool) -> Executed {
    let coordinator = {
        let node = result.request_coordinator().node();
        Some(SocketAddr::new(node.address.ip(), node.address.port()))
    };
    let (rows, applied) = match result.into_rows_result() {
        Ok(rows) => {
            let applied = conditional.then(|| applied(&rows)).flatten();
            (rows.rows_num() as u64, applied)
        }
        // Not a ROWS result (a plain write): no rows.
        Err(_) => (0, None),
    };
    Executed {
        rows,
        applied,
        coordinator,
    }
}

/// The `[applied]` column of a conditional statement's answer (its first column, boolean).
fn applied(rows: &scylla::response::query_result::QueryRowsResult) -> Option<bool> {
    let spec = rows.column_specs().get_by_index(0)?;
    if spec.name() != "[applied]" || spec.typ() != &ColumnType::Native(NativeType::Boolean) {
        return None;
    }
    let mut first_row = rows.rows::<ColumnIterator>().ok()?.next()?.ok()?;
    let column = first_row.next()?.ok()?;
    <bool as DeserializeValue>::deserialize(column.spec.typ(), column.slice).ok()
}
