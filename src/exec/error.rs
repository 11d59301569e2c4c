//! What can stop a phase from starting (or a worker from finishing).
//!
//! Errors of individual requests are not here: they are classified, counted and recorded with
//! their latency (see [`super::classify`]), and never stop a run. These errors are about the
//! set-up: a statement the cluster refuses to prepare, a generated value that cannot become
//! the bound column's type, a phase with nothing to schedule.

use thiserror::Error;

use crate::schedule::ScheduleError;

/// Why the execution layer cannot run (or finish) a phase.
#[derive(Debug, Error)]
pub enum ExecError {
    #[error(
        "operation '{operation}': the cluster refused to prepare `{cql}`: {source}. \
         Check the statement and that the schema it uses exists"
    )]
    Prepare {
        operation: String,
        cql: String,
        #[source]
        source: Box<scylla::errors::PrepareError>,
    },

    #[error(
        "operation '{operation}': the workload binds {planned} value(s) but the prepared \
         statement has {prepared} bind marker(s); give every marker of the statement a binding"
    )]
    MarkerCount {
        operation: String,
        planned: usize,
        prepared: usize,
    },

    #[error(
        "operation '{operation}', marker '{marker}': a {value} value cannot be bound to a \
         column of type {column_type}{detail}; change the binding's generator or the column type"
    )]
    Convert {
        operation: String,
        marker: String,
        column_type: String,
        value: &'static str,
        /// Extra context, starting with "; " (e.g. "; 3000000000 does not fit an int").
        detail: String,
    },

    #[error("phase '{phase}': {source}")]
    Schedule {
        phase: String,
        #[source]
        source: ScheduleError,
    },

    #[error(
        "phase '{phase}' has no operation to run: its mix is empty or every weight is 0; \
         give at least one operation a positive weight"
    )]
    EmptyMix { phase: String },

    #[error(
        "phase '{phase}' refers to operation #{index}, but the workload has {operations} \
         operation(s) (a bug in building the plan)"
    )]
    UnknownOperation {
        phase: String,
        index: usize,
        operations: usize,
    },

    #[error("cannot start the client's timer thread: {0}")]
    Timer(#[source] std::io::Error),

    #[error(
        "phase '{phase}': a client worker failed unexpectedly: {message} (a bug; please report it)"
    )]
    Worker { phase: String, message: String },
}
