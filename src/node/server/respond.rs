//! [`Responder`]: the single place where a response leaves the node.
//!
//! Every answer, whether the executor's outcome, an error or a handshake message, goes
//! through [`Responder::respond`] (at once) or [`Responder::respond_at`] (when the performance
//! model says, see [`super::pace`]) with its stream id. Answers due at once are collected
//! while a read's worth of requests is processed and handed to the writer in one piece by
//! [`Responder::flush`]; answers due later are encoded now and handed to the cluster's
//! [`Release`] timer with this connection's outbox.

use std::time::Instant;

use crate::node::error::CqlError;
use crate::node::exec::Outcome;

use super::error_body::write_error;
use super::frame::{opcode, write_response};
use super::handshake::{write_supported, AUTHENTICATOR};
use super::release::{self, ConnectionId, Release};
use super::result::write_result;
use super::wire::{put_bytes, put_string};
use super::writer::{Outbox, Sink};

/// A response message.
#[derive(Debug)]
pub enum Response {
    Ready,
    Supported,
    Authenticate,
    AuthSuccess,
    Result {
        outcome: Outcome,
        skip_metadata: bool,
    },
    Error(CqlError),
}

/// The writer task is gone (the socket failed or was closed).
#[derive(Debug)]
pub struct Closed;

/// Encodes responses for one connection and hands them to its writer.
pub struct Responder {
    outbox: Outbox,
    pending: Vec<u8>,
    scratch: Vec<u8>,
    compress: bool,
    /// Only with a performance model: the cluster's release timer.
    release: Option<Delayed>,
}

/// What the release timer needs to answer on this connection later.
struct Delayed {
    release: Release,
    connection: ConnectionId,
    sink: Sink,
}

impl Responder {
    /// `release` is the cluster's release timer (with a performance model).
    pub fn new(outbox: Outbox, sink: Sink, release: Option<Release>) -> Self {
        Responder {
            outbox,
            pending: Vec::with_capacity(16 * 1024),
            scratch: Vec::new(),
            compress: false,
            release: release.map(|release| Delayed {
                release,
                connection: release::connection_id(),
                sink,
            }),
        }
    }

    /// A handle on the writer, for event forwarding.
    pub fn outbox(&self) -> Outbox {
        self.outbox.clone()
    }

    /// Compress the bodies of the responses that follow with lz4.
    pub fn set_compression(&mut self, on: bool) {
        self.compress = on;
    }

    pub fn compression(&self) -> bool {
        self.compress
    }

    /// Answer the request on `stream` with the current batch.
    pub fn respond(&mut self, stream: i16, response: Response) {
        encode(
            &mut self.pending,
            &mut self.scratch,
            self.compress,
            stream,
            &response,
        );
    }

    /// Answer the request on `stream` at `at` (with the current batch if `at` has passed or
    /// the cluster has no release timer).
    pub fn respond_at(&mut self, at: Instant, stream: i16, response: Response) {
        match &self.release {
            Some(delayed) if at > Instant::now() => {
                let mut frame = Vec::new();
                encode(
                    &mut frame,
                    &mut self.scratch,
                    self.compress,
                    stream,
                    &response,
                );
                let sink = delayed.sink.clone();
                delayed.release.push(at, delayed.connection, sink, frame);
            }
            _ => self.respond(stream, response),
        }
    }

    /// Hand the responses collected so far to the writer.
    pub async fn flush(&mut self) -> Result<(), Closed> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.pending, Vec::with_capacity(16 * 1024));
        self.outbox.send(batch).await.map_err(|_| Closed)
    }
}

/// Append the frame answering `stream` with `response` to `out`.
fn encode(
    out: &mut Vec<u8>,
    scratch: &mut Vec<u8>,
    compress: bool,
    stream: i16,
    response: &Response,
) {
    let (op, compress) = match response {
        Response::Ready => (opcode::READY, false),
        Response::Supported => (opcode::SUPPORTED, false),
        Response::Authenticate => (opcode::AUTHENTICATE, false),
        Response::AuthSuccess => (opcode::AUTH_SUCCESS, compress),
        Response::Result { .. } => (opcode::RESULT, compress),
        Response::Error(_) => (opcode::ERROR, compress),
    };
    write_response(out, scratch, stream, op, compress, |body| match response {
        Response::Ready => {}
        Response::Supported => write_supported(body),
        Response::Authenticate => put_string(body, AUTHENTICATOR),
        Response::AuthSuccess => put_bytes(body, None),
        Response::Result {
            outcome,
            skip_metadata,
        } => write_result(outcome, *skip_metadata, body),
        Response::Error(err) => write_error(err, body),
    });
}
