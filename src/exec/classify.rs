//! Sorting driver errors into the classes they are counted under.
//!
//! The classes answer the operator's first question about an error: did the cluster run out
//! of time (timeout), out of capacity (overloaded), out of replicas (unavailable), or is the
//! request itself wrong (invalid)? Everything else (broken connections, no reachable node,
//! protocol surprises) is `Other`.

use scylla::errors::{DbError, ExecutionError, RequestAttemptError};

use crate::metrics::ErrorClass;

/// The class an execution error is counted under.
pub fn classify(error: &ExecutionError) -> ErrorClass {
    match error {
        ExecutionError::RequestTimeout(_) => ErrorClass::Timeout,
        ExecutionError::BadQuery(_) => ErrorClass::Invalid,
        ExecutionError::LastAttemptError(attempt) => classify_attempt(attempt),
        _ => ErrorClass::Other,
    }
}

/// The class of the last attempt's error.
pub fn classify_attempt(error: &RequestAttemptError) -> ErrorClass {
    match error {
        RequestAttemptError::DbError(db, _) => classify_db(db),
        RequestAttemptError::SerializationError(_) => ErrorClass::Invalid,
        _ => ErrorClass::Other,
    }
}

/// The class of an ERROR response from the cluster.
pub fn classify_db(error: &DbError) -> ErrorClass {
    match error {
        DbError::ReadTimeout { .. } | DbError::WriteTimeout { .. } => ErrorClass::Timeout,
        DbError::Overloaded | DbError::RateLimitReached { .. } => ErrorClass::Overloaded,
        DbError::Unavailable { .. } => ErrorClass::Unavailable,
        DbError::SyntaxError
        | DbError::Invalid
        | DbError::Unauthorized
        | DbError::AlreadyExists { .. }
        | DbError::ConfigError => ErrorClass::Invalid,
        _ => ErrorClass::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scylla::frame::types::Consistency;
    use std::time::Duration;

    fn db(error: DbError) -> ErrorClass {
        classify(&ExecutionError::LastAttemptError(
            RequestAttemptError::DbError(error, "message".into()),
        ))
    }

    #[test]
    fn cluster_errors_land_in_their_class() {
        use scylla::errors::WriteType;
        assert_eq!(
            db(DbError::ReadTimeout {
                consistency: Consistency::One,
                received: 0,
                required: 1,
                data_present: false
            }),
            ErrorClass::Timeout
        );
        assert_eq!(
            db(DbError::WriteTimeout {
                consistency: Consistency::Quorum,
                received: 1,
                required: 2,
                write_type: WriteType::Simple
            }),
            ErrorClass::Timeout
        );
        assert_eq!(db(DbError::Overloaded), ErrorClass::Overloaded);
        assert_eq!(
            db(DbError::Unavailable {
                consistency: Consistency::All,
                required: 3,
                alive: 1
            }),
            ErrorClass::Unavailable
        );
        for invalid in [
            DbError::SyntaxError,
            DbError::Invalid,
            DbError::Unauthorized,
            DbError::ConfigError,
        ] {
            assert_eq!(db(invalid.clone()), ErrorClass::Invalid, "{invalid:?}");
        }
        for other in [
            DbError::ServerError,
            DbError::ProtocolError,
            DbError::IsBootstrapping,
        ] {
            assert_eq!(db(other.clone()), ErrorClass::Other, "{other:?}");
        }
    }

    #[test]
    fn client_side_errors_are_timeouts_or_other() {
        assert_eq!(
            classify(&ExecutionError::RequestTimeout(Duration::from_secs(1))),
            ErrorClass::Timeout
        );
        assert_eq!(classify(&ExecutionError::EmptyPlan), ErrorClass::Other);
        assert_eq!(
            classify(&ExecutionError::LastAttemptError(
                RequestAttemptError::UnableToAllocStreamId
            )),
            ErrorClass::Other
        );
    }
}
