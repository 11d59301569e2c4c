//! [`Responder`]: the single place where a response leaves the node.
//!
//! Every answer, whether the executor's outcome, an error or a handshake message, goes
//! through [`Responder::respond`] with the request's class and stream id. Today it encodes
//! the frame at once; this is where a performance model will delay a response until a given
//! instant, replace it with an error (timeout, overloaded) or withhold it, without the
//! executor knowing. Responses are collected while a read's worth of requests is processed
//! and handed to the writer in one piece by [`Responder::flush`].

use crate::node::error::CqlError;
use crate::node::exec::{Outcome, RequestClass};

use super::error_body::write_error;
use super::frame::{opcode, write_response};
use super::handshake::{write_supported, AUTHENTICATOR};
use super::result::write_result;
use super::wire::{put_bytes, put_string};
use super::writer::Outbox;

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
}

impl Responder {
    pub fn new(outbox: Outbox) -> Self {
        Responder {
            outbox,
            pending: Vec::with_capacity(16 * 1024),
            scratch: Vec::new(),
            compress: false,
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

    /// Answer the request on `stream`. `class` says what kind of work it was.
    pub fn respond(&mut self, class: RequestClass, stream: i16, response: Response) {
        let _ = class; // the performance model's hook; every class is answered at once today
        let (op, compress) = match &response {
            Response::Ready => (opcode::READY, false),
            Response::Supported => (opcode::SUPPORTED, false),
            Response::Authenticate => (opcode::AUTHENTICATE, false),
            Response::AuthSuccess => (opcode::AUTH_SUCCESS, self.compress),
            Response::Result { .. } => (opcode::RESULT, self.compress),
            Response::Error(_) => (opcode::ERROR, self.compress),
        };
        write_response(
            &mut self.pending,
            &mut self.scratch,
            stream,
            op,
            compress,
            |body| match &response {
                Response::Ready => {}
                Response::Supported => write_supported(body),
                Response::Authenticate => put_string(body, AUTHENTICATOR),
                Response::AuthSuccess => put_bytes(body, None),
                Response::Result {
                    outcome,
                    skip_metadata,
                } => write_result(outcome, *skip_metadata, body),
                Response::Error(err) => write_error(err, body),
            },
        );
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
