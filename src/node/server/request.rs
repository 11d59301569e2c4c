//! Request bodies (section 4.1 of the v4 spec) decoded into the executor's types.
//!
//! Every count and length read from the wire is checked against the bytes actually present,
//! so a hostile body costs at most its own size; any violation is a ProtocolError.

use cassandra_protocol::consistency::Consistency;

use crate::node::cql::ast::BatchKind;
use crate::node::error::{CqlError, CqlResult};
use crate::node::exec::{BatchRequest, BatchStatement, BoundValue, BoundValues, QueryParameters};

use super::frame::{opcode, FLAG_CUSTOM_PAYLOAD};
use super::wire::Reader;

/// A decoded request.
#[derive(Debug, Clone)]
pub enum Request {
    /// The STARTUP options, in wire order.
    Startup(Vec<(String, String)>),
    Options,
    Query {
        query: String,
        params: QueryParameters,
    },
    Prepare {
        query: String,
    },
    Execute {
        id: Vec<u8>,
        params: QueryParameters,
    },
    Batch(BatchRequest),
    /// Event types to receive.
    Register(Vec<String>),
    /// The SASL token (`None` when null).
    AuthResponse(Option<Vec<u8>>),
}

impl Request {
    /// The message name Cassandra uses in its errors.
    pub fn name(&self) -> &'static str {
        match self {
            Request::Startup(_) => "STARTUP",
            Request::Options => "OPTIONS",
            Request::Query { .. } => "QUERY",
            Request::Prepare { .. } => "PREPARE",
            Request::Execute { .. } => "EXECUTE",
            Request::Batch(_) => "BATCH",
            Request::Register(_) => "REGISTER",
            Request::AuthResponse(_) => "AUTH_RESPONSE",
        }
    }
}

// Flags of <query_parameters> (section 4.1.4).
const VALUES: u8 = 0x01;
const SKIP_METADATA: u8 = 0x02;
const PAGE_SIZE: u8 = 0x04;
const PAGING_STATE: u8 = 0x08;
const SERIAL_CONSISTENCY: u8 = 0x10;
const DEFAULT_TIMESTAMP: u8 = 0x20;
const NAMES_FOR_VALUES: u8 = 0x40;

/// Decode the body of a request frame with the given header flags and opcode.
pub fn decode(flags: u8, op: u8, body: &[u8]) -> CqlResult<Request> {
    let mut r = Reader::new(body);
    if flags & FLAG_CUSTOM_PAYLOAD != 0 {
        r.skip_bytes_map()?;
    }
    let r = &mut r;
    Ok(match op {
        opcode::STARTUP => Request::Startup(r.string_map()?),
        opcode::OPTIONS => Request::Options,
        opcode::QUERY => Request::Query {
            query: r.long_string()?,
            params: query_parameters(r)?,
        },
        opcode::PREPARE => Request::Prepare {
            query: r.long_string()?,
        },
        opcode::EXECUTE => Request::Execute {
            id: r.short_bytes()?.to_vec(),
            params: query_parameters(r)?,
        },
        opcode::BATCH => Request::Batch(batch(r)?),
        opcode::REGISTER => Request::Register(r.string_list()?),
        opcode::AUTH_RESPONSE => Request::AuthResponse(r.bytes()?.map(<[u8]>::to_vec)),
        other => {
            return Err(CqlError::Protocol(format!(
                "Unknown opcode {other} for a request message"
            )))
        }
    })
}

fn consistency_level(r: &mut Reader) -> CqlResult<Consistency> {
    let code = r.signed_short()?;
    Consistency::try_from(code)
        .map_err(|_| CqlError::Protocol(format!("Unknown code {code} for a consistency level")))
}

fn bound_value(r: &mut Reader) -> CqlResult<BoundValue> {
    Ok(match r.value()? {
        Ok(bytes) => BoundValue::Value(bytes.to_vec()),
        Err(-2) => BoundValue::Unset,
        Err(_) => BoundValue::Null,
    })
}

/// `<n>` values, each preceded by a [string] name when `named`.
fn bound_values(r: &mut Reader, named: bool) -> CqlResult<BoundValues> {
    let n = r.short()? as usize;
    // A value takes at least 4 bytes: never preallocate beyond what the body can hold.
    let cap = n.min(r.remaining() / 4);
    if named {
        let mut out = Vec::with_capacity(cap);
        for _ in 0..n {
            let name = r.string()?;
            out.push((name, bound_value(r)?));
        }
        Ok(BoundValues::Named(out))
    } else {
        let mut out = Vec::with_capacity(cap);
        for _ in 0..n {
            out.push(bound_value(r)?);
        }
        Ok(BoundValues::Positional(out))
    }
}

fn timestamp(r: &mut Reader) -> CqlResult<i64> {
    let ts = r.long()?;
    if ts == i64::MIN {
        return Err(CqlError::Protocol(format!(
            "Out of bound timestamp, must be in [{}, {}]",
            i64::MIN + 1,
            i64::MAX
        )));
    }
    Ok(ts)
}

/// `<consistency><flags>[values][page_size][paging_state][serial_consistency][timestamp]`
fn query_parameters(r: &mut Reader) -> CqlResult<QueryParameters> {
    let consistency = consistency_level(r)?;
    let flags = r.byte()?;
    let named = flags & NAMES_FOR_VALUES != 0;
    let values = optional(r, flags, VALUES, |r| bound_values(r, named))?;
    // A page size of zero or less means "no paging", as in Cassandra.
    let page_size = optional(r, flags, PAGE_SIZE, Reader::int)?.filter(|n| *n > 0);
    let paging_state = optional(r, flags, PAGING_STATE, |r| {
        r.bytes().map(|b| b.map(<[u8]>::to_vec))
    })?
    .flatten();
    Ok(QueryParameters {
        consistency,
        values: values.unwrap_or_default(),
        skip_metadata: flags & SKIP_METADATA != 0,
        page_size,
        paging_state,
        serial_consistency: optional(r, flags, SERIAL_CONSISTENCY, consistency_level)?,
        timestamp: optional(r, flags, DEFAULT_TIMESTAMP, timestamp)?,
    })
}

/// `<type><n><query_1>...<query_n><consistency><flags>[<serial_consistency>][<timestamp>]`
///
/// Values are positional: like Cassandra, the 0x40 "names for values" flag is refused
/// (the spec itself says it cannot work, CASSANDRA-10246).
fn batch(r: &mut Reader) -> CqlResult<BatchRequest> {
    let kind = match r.byte()? {
        0 => BatchKind::Logged,
        1 => BatchKind::Unlogged,
        2 => BatchKind::Counter,
        other => {
            return Err(CqlError::Protocol(format!(
                "Invalid BATCH message type {other}"
            )))
        }
    };
    let n = r.short()? as usize;
    // A statement takes at least 3 bytes (kind byte and value count).
    let mut statements = Vec::with_capacity(n.min(r.remaining() / 3));
    for _ in 0..n {
        let statement = match r.byte()? {
            0 => BatchStatement::Query(r.long_string()?),
            1 => BatchStatement::Prepared(r.short_bytes()?.to_vec()),
            other => {
                return Err(CqlError::Protocol(format!(
                    "Invalid query kind in BATCH messages. Must be 0 or 1 but got {other}"
                )))
            }
        };
        statements.push((statement, bound_values(r, false)?));
    }
    let consistency = consistency_level(r)?;
    let flags = r.byte()?;
    if flags & NAMES_FOR_VALUES != 0 {
        return Err(CqlError::Protocol(
            "Names for values are not supported in BATCH messages".into(),
        ));
    }
    Ok(BatchRequest {
        kind,
        statements,
        consistency,
        serial_consistency: optional(r, flags, SERIAL_CONSISTENCY, consistency_level)?,
        timestamp: optional(r, flags, DEFAULT_TIMESTAMP, timestamp)?,
    })
}

/// Read a field present only when `flag` is set in `flags`.
fn optional<'a, T>(
    r: &mut Reader<'a>,
    flags: u8,
    flag: u8,
    read: impl FnOnce(&mut Reader<'a>) -> CqlResult<T>,
) -> CqlResult<Option<T>> {
    if flags & flag != 0 {
        read(r).map(Some)
    } else {
        Ok(None)
    }
}
