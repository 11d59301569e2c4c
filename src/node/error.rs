//! The error a node returns to a client, one variant per CQL native protocol v4 error code.
//!
//! Every layer of the reference node (parser, schema, storage, executor, server) reports
//! failures as a [`CqlError`]; the server turns it into an ERROR frame with the code and body
//! the protocol spec prescribes, so drivers react exactly as they would to Cassandra.

use cassandra_protocol::consistency::Consistency;
use thiserror::Error;

/// A CQL error: the protocol error code plus the body fields that code carries.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CqlError {
    /// 0x0000: something unexpected happened on the server.
    #[error("{0}")]
    Server(String),
    /// 0x000A: the client broke the protocol.
    #[error("{0}")]
    Protocol(String),
    /// 0x0100: authentication failed.
    #[error("{0}")]
    BadCredentials(String),
    /// 0x1000: not enough live replicas for the consistency level.
    #[error("Cannot achieve consistency level {}", consistency_name(*consistency))]
    Unavailable {
        consistency: Consistency,
        required: i32,
        alive: i32,
    },
    /// 0x1001: the coordinator is overloaded.
    #[error("{0}")]
    Overloaded(String),
    /// 0x1002: the coordinator is bootstrapping.
    #[error("{0}")]
    IsBootstrapping(String),
    /// 0x1003: a TRUNCATE failed.
    #[error("{0}")]
    Truncate(String),
    /// 0x1100: replicas did not acknowledge a write in time.
    #[error("Operation timed out - received only {received} responses.")]
    WriteTimeout {
        consistency: Consistency,
        received: i32,
        block_for: i32,
        /// SIMPLE, BATCH, UNLOGGED_BATCH, COUNTER, BATCH_LOG, CAS, VIEW, CDC
        write_type: String,
    },
    /// 0x1200: replicas did not answer a read in time.
    #[error("Operation timed out - received only {received} responses.")]
    ReadTimeout {
        consistency: Consistency,
        received: i32,
        block_for: i32,
        data_present: bool,
    },
    /// 0x2000: the statement does not parse.
    #[error("{0}")]
    Syntax(String),
    /// 0x2100: the user lacks a permission.
    #[error("{0}")]
    Unauthorized(String),
    /// 0x2200: the statement parses but is not valid.
    #[error("{0}")]
    Invalid(String),
    /// 0x2300: the statement conflicts with the configuration.
    #[error("{0}")]
    Config(String),
    /// 0x2400: the keyspace or table of a CREATE already exists.
    #[error("{message}")]
    AlreadyExists {
        message: String,
        keyspace: String,
        /// Empty when the keyspace itself exists.
        table: String,
    },
    /// 0x2500: EXECUTE named a statement id this node does not know; drivers re-prepare.
    #[error("{message}")]
    Unprepared { message: String, id: Vec<u8> },
}

impl CqlError {
    /// Shorthand for an Invalid (0x2200) error.
    pub fn invalid(msg: impl Into<String>) -> Self {
        CqlError::Invalid(msg.into())
    }

    /// Shorthand for a SyntaxError (0x2000).
    pub fn syntax(msg: impl Into<String>) -> Self {
        CqlError::Syntax(msg.into())
    }

    /// The protocol error code of this error.
    pub fn code(&self) -> i32 {
        match self {
            CqlError::Server(_) => 0x0000,
            CqlError::Protocol(_) => 0x000A,
            CqlError::BadCredentials(_) => 0x0100,
            CqlError::Unavailable { .. } => 0x1000,
            CqlError::Overloaded(_) => 0x1001,
            CqlError::IsBootstrapping(_) => 0x1002,
            CqlError::Truncate(_) => 0x1003,
            CqlError::WriteTimeout { .. } => 0x1100,
            CqlError::ReadTimeout { .. } => 0x1200,
            CqlError::Syntax(_) => 0x2000,
            CqlError::Unauthorized(_) => 0x2100,
            CqlError::Invalid(_) => 0x2200,
            CqlError::Config(_) => 0x2300,
            CqlError::AlreadyExists { .. } => 0x2400,
            CqlError::Unprepared { .. } => 0x2500,
        }
    }
}

/// Cassandra's name of a consistency level, as in its error messages (`LOCAL_QUORUM`).
pub fn consistency_name(c: Consistency) -> &'static str {
    match c {
        Consistency::Any => "ANY",
        Consistency::One => "ONE",
        Consistency::Two => "TWO",
        Consistency::Three => "THREE",
        Consistency::Quorum => "QUORUM",
        Consistency::All => "ALL",
        Consistency::LocalQuorum => "LOCAL_QUORUM",
        Consistency::EachQuorum => "EACH_QUORUM",
        Consistency::Serial => "SERIAL",
        Consistency::LocalSerial => "LOCAL_SERIAL",
        Consistency::LocalOne => "LOCAL_ONE",
        _ => "UNKNOWN",
    }
}

/// Result alias used throughout the node.
pub type CqlResult<T> = Result<T, CqlError>;
