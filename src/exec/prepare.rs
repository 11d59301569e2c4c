//! Preparing a workload's operations once, before any phase runs, and binding generated
//! values to them.
//!
//! Each operation is prepared with its consistency, serial consistency, idempotence and page
//! size. The prepared metadata says the CQL type of every bind marker; one cycle of values is
//! generated and converted per operation right away (a dry run), so a binding that cannot
//! feed its column (text into an `int`, 300 into a `tinyint`) is reported before the run
//! starts, naming the operation, the marker and both types.

use scylla::client::session::Session;
use scylla::frame::response::result::ColumnType;
use scylla::statement::prepared::PreparedStatement;
use scylla::value::CqlValue;

use crate::generate::Value;
use crate::plan::{OperationKind, OperationPlan, WorkloadPlan};

use super::convert::{into_cql, to_cql, ConvertError};
use super::error::ExecError;

/// Every operation of a workload, prepared, in plan order.
#[derive(Debug)]
pub struct PreparedOps {
    ops: Vec<PreparedOp>,
}

/// One prepared operation and what binding needs.
#[derive(Debug)]
pub struct PreparedOp {
    pub name: String,
    pub kind: OperationKind,
    pub statement: PreparedStatement,
    /// For each bind marker: the index of its binding (from the plan).
    pub markers: Vec<usize>,
    /// For each bind marker: its name and CQL type (from the prepared metadata).
    marker_names: Vec<String>,
    marker_types: Vec<ColumnType<'static>>,
    /// The workload set this operation's page size.
    explicit_page_size: bool,
}

impl PreparedOps {
    /// The operation at plan index `index`.
    pub fn get(&self, index: usize) -> Option<&PreparedOp> {
        self.ops.get(index)
    }

    pub fn len(&self) -> usize {
        self.ops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &PreparedOp> {
        self.ops.iter()
    }

    /// Give every operation whose workload entry sets no page size this one (the profile's
    /// default); `None` keeps the driver's default (5000 rows).
    pub fn apply_default_page_size(&mut self, page_size: Option<i32>) {
        let Some(page_size) = page_size.filter(|p| *p > 0) else {
            return;
        };
        for op in self.ops.iter_mut().filter(|op| !op.explicit_page_size) {
            op.statement.set_page_size(page_size);
        }
    }
}

impl PreparedOp {
    /// Convert one cycle's generated values (in marker order) to the markers' CQL types.
    pub fn bind(&self, values: &[Value]) -> Result<Vec<Option<CqlValue>>, ExecError> {
        self.bind_with(values, to_cql)
    }

    /// [`PreparedOp::bind`] taking the values: text and blobs move into the CQL values
    /// rather than being copied (the per-request path).
    pub fn bind_owned(
        &self,
        values: impl IntoIterator<Item = Value>,
    ) -> Result<Vec<Option<CqlValue>>, ExecError> {
        self.bind_with(values, into_cql)
    }

    fn bind_with<V>(
        &self,
        values: impl IntoIterator<Item = V>,
        convert: impl Fn(V, &ColumnType<'static>) -> Result<Option<CqlValue>, ConvertError>,
    ) -> Result<Vec<Option<CqlValue>>, ExecError> {
        values
            .into_iter()
            .zip(&self.marker_types)
            .enumerate()
            .map(|(i, (value, typ))| convert(value, typ).map_err(|e| self.convert_error(i, e)))
            .collect()
    }

    fn convert_error(&self, marker: usize, e: ConvertError) -> ExecError {
        ExecError::Convert {
            operation: self.name.clone(),
            marker: self.marker_names.get(marker).cloned().unwrap_or_default(),
            column_type: e.column_type,
            value: e.value,
            detail: e.detail,
        }
    }
}

/// Prepare every operation of `workload` and check that the values of one cycle (cycle 0
/// under `seed`) convert to their markers' types.
pub async fn prepare(
    session: &Session,
    workload: &WorkloadPlan,
    seed: u64,
) -> Result<PreparedOps, ExecError> {
    let mut ops = Vec::with_capacity(workload.operations.len());
    let mut values = Vec::new();
    for plan in &workload.operations {
        let op = prepare_one(session, plan).await?;
        values.clear();
        workload
            .bindings
            .generate(seed, 0, &op.markers, &mut values);
        op.bind(&values)?;
        ops.push(op);
    }
    Ok(PreparedOps { ops })
}

async fn prepare_one(session: &Session, plan: &OperationPlan) -> Result<PreparedOp, ExecError> {
    let mut statement =
        session
            .prepare(plan.cql.as_str())
            .await
            .map_err(|source| ExecError::Prepare {
                operation: plan.name.clone(),
                cql: plan.cql.clone(),
                source: Box::new(source),
            })?;
    if let Some(consistency) = plan.consistency {
        statement.set_consistency(consistency);
    }
    if plan.serial_consistency.is_some() {
        statement.set_serial_consistency(plan.serial_consistency);
    }
    statement.set_is_idempotent(plan.idempotent);
    if let Some(page_size) = plan.page_size {
        statement.set_page_size(page_size);
    }
    if plan.kind == OperationKind::Read {
        // Reads are only counted, never decoded, so the result metadata cached at prepare
        // time is enough: the cluster skips sending it with every page and the client skips
        // parsing it (as the Java driver does for bound statements; Scylla with the metadata
        // id extension always does). Writes and LWTs keep it: `[applied]` answers vary.
        statement.set_use_cached_result_metadata(true);
    }
    let specs = statement.get_variable_col_specs();
    if specs.len() != plan.markers.len() {
        return Err(ExecError::MarkerCount {
            operation: plan.name.clone(),
            planned: plan.markers.len(),
            prepared: specs.len(),
        });
    }
    let marker_names = specs.iter().map(|s| s.name().to_string()).collect();
    let marker_types = specs.iter().map(|s| s.typ().clone()).collect();
    Ok(PreparedOp {
        name: plan.name.clone(),
        kind: plan.kind,
        markers: plan.markers.clone(),
        marker_names,
        marker_types,
        explicit_page_size: plan.page_size.is_some(),
        statement,
    })
}
