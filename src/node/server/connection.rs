//! One client connection: the read loop, the handshake state machine (STARTUP, optional
//! SASL authentication, READY) and the dispatch of requests to the executor.
//!
//! The read loop decodes every complete frame in its buffer, answers each through the
//! [`Responder`], then flushes all answers to the writer task at once (answers the
//! performance model holds back leave later, through the cluster's release timer). A frame
//! that breaks the protocol (bad version, oversize, undecodable body, bad lz4) gets a
//! ProtocolError on its stream and the connection is closed, after the client had a chance
//! to read it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::AsyncReadExt;
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::node::error::{CqlError, CqlResult};
use crate::node::exec::node::NodeExecutor;
use crate::node::exec::{Outcome, Session};

use super::event;
use super::frame::{self, FatalFrameError, Header, Next, FLAG_COMPRESSION, HEADER_LEN};
use super::handshake;
use super::pace::{self, Pace, Pacer};
use super::release::Release;
use super::request::{self, Request};
use super::respond::{Responder, Response};
use super::writer;

/// Read buffer growth step.
const READ_CHUNK: usize = 64 * 1024;
/// How long a connection closed for a protocol error keeps draining input, so that the
/// client reads the error instead of a connection reset.
const LINGER: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for STARTUP.
    Uninitialized,
    /// STARTUP answered with AUTHENTICATE; waiting for AUTH_RESPONSE.
    Authenticating,
    Ready,
}

struct Connection {
    node: NodeExecutor,
    phase: Phase,
    session: Session,
    responder: Responder,
    /// Lz4 was negotiated: request bodies may be compressed.
    compression: bool,
    events: Arc<AtomicU8>,
    forwarder: Option<JoinHandle<()>>,
    /// Present when the cluster has a performance model.
    pacer: Option<Pacer>,
}

/// Serve one client until it disconnects, breaks the protocol, or `shutdown` turns true.
/// `release` is the cluster's release timer when it has a performance model.
pub async fn serve(
    socket: TcpStream,
    node: NodeExecutor,
    release: Option<Release>,
    mut shutdown: watch::Receiver<bool>,
) {
    let _ = socket.set_nodelay(true);
    let (mut reader, write_half) = socket.into_split();
    let (outbox, sink, writer) = writer::spawn(write_half);
    let pacer = Pacer::new(&node.cluster, node.index);
    let mut conn = Connection {
        pacer,
        node,
        phase: Phase::Uninitialized,
        session: Session::default(),
        responder: Responder::new(outbox, sink, release),
        compression: false,
        events: Arc::new(AtomicU8::new(0)),
        forwarder: None,
    };
    let mut buf: Vec<u8> = Vec::with_capacity(READ_CHUNK);
    let fatal = loop {
        let (consumed, needed, fatal) = conn.handle_frames(&buf);
        let flushed = tokio::select! {
            flushed = conn.responder.flush() => flushed.is_ok(),
            _ = shutdown.changed() => false,
        };
        if fatal || !flushed {
            break fatal;
        }
        buf.drain(..consumed);
        buf.reserve(needed.saturating_sub(buf.len()).max(READ_CHUNK));
        tokio::select! {
            read = reader.read_buf(&mut buf) => match read {
                Ok(0) | Err(_) => break false,
                Ok(_) => {}
            },
            _ = shutdown.changed() => break false,
        }
    };
    if let Some(forwarder) = conn.forwarder.take() {
        forwarder.abort();
    }
    drop(conn);
    finish(writer, reader, fatal, shutdown).await;
}

/// Let the writer drain (unless the node is shutting down), and after a protocol error keep
/// reading for a moment so that closing does not reset the connection under the error frame.
async fn finish(
    mut writer: JoinHandle<()>,
    mut reader: OwnedReadHalf,
    fatal: bool,
    mut shutdown: watch::Receiver<bool>,
) {
    if *shutdown.borrow_and_update() {
        writer.abort();
        return;
    }
    let drain = async {
        let _ = (&mut writer).await;
        if fatal {
            let mut sink = vec![0u8; 8192];
            while let Ok(n) = reader.read(&mut sink).await {
                if n == 0 {
                    break;
                }
            }
        }
    };
    tokio::select! {
        _ = tokio::time::timeout(LINGER, drain) => {}
        _ = shutdown.changed() => {}
    }
    writer.abort();
}

impl Connection {
    /// Answer every whole frame at the start of `buf`. Returns the bytes consumed, the
    /// length the next (incomplete) frame needs, and whether the connection must close.
    fn handle_frames(&mut self, buf: &[u8]) -> (usize, usize, bool) {
        let mut start = 0;
        loop {
            match frame::next_frame(&buf[start..]) {
                Ok(Next::Frame(header, len)) => {
                    let body = &buf[start + HEADER_LEN..start + len];
                    start += len;
                    if let Err(e) = self.handle(header, body) {
                        self.reply_fatal(e);
                        return (start, 0, true);
                    }
                }
                Ok(Next::Need(needed)) => return (start, needed, false),
                Err(e) => {
                    self.reply_fatal(e);
                    return (start, 0, true);
                }
            }
        }
    }

    /// Decode and answer one frame; `Err` when the connection must close.
    fn handle(&mut self, header: Header, body: &[u8]) -> Result<(), FatalFrameError> {
        let fatal = |error: CqlError| FatalFrameError {
            stream: header.stream,
            error,
        };
        let inflated;
        let body = if header.flags & FLAG_COMPRESSION != 0 {
            if !self.compression {
                return Err(fatal(CqlError::Protocol(
                    "Received a compressed frame but no compression was negotiated in STARTUP"
                        .into(),
                )));
            }
            inflated = frame::decompress_lz4(body).map_err(fatal)?;
            &inflated[..]
        } else {
            body
        };
        let request = request::decode(header.flags, header.opcode, body).map_err(fatal)?;
        // The model's clock starts when the request is known (only read with a model).
        let arrival = self.pacer.as_ref().map(|_| Instant::now());
        self.dispatch(header.stream, request, arrival);
        Ok(())
    }

    fn reply_fatal(&mut self, e: FatalFrameError) {
        self.responder.respond(e.stream, Response::Error(e.error));
    }

    fn dispatch(&mut self, stream: i16, request: Request, arrival: Option<Instant>) {
        let response = match (self.phase, request) {
            (_, Request::Options) => Response::Supported,
            (Phase::Uninitialized, Request::Startup(options)) => {
                return self.startup(stream, &options);
            }
            (Phase::Authenticating, Request::AuthResponse(token)) => {
                let expected = self.node.cluster.auth.as_ref();
                match expected.map(|c| handshake::check_plain(token.as_deref(), c)) {
                    Some(Err(e)) => Response::Error(e),
                    _ => {
                        self.phase = Phase::Ready;
                        Response::AuthSuccess
                    }
                }
            }
            (Phase::Ready, Request::Register(types)) => match event::event_mask(&types) {
                Ok(mask) => {
                    self.register(mask);
                    Response::Ready
                }
                Err(e) => Response::Error(e),
            },
            (
                Phase::Ready,
                request @ (Request::Query { .. }
                | Request::Prepare { .. }
                | Request::Execute { .. }
                | Request::Batch(_)),
            ) => return self.execute(stream, request, arrival),
            (phase, request) => Response::Error(CqlError::Protocol(unexpected(phase, &request))),
        };
        self.responder.respond(stream, response);
    }

    fn startup(&mut self, stream: i16, options: &[(String, String)]) {
        let response = match handshake::startup(options) {
            Ok(compress) => {
                self.compression = compress;
                if self.node.cluster.auth.is_some() {
                    self.phase = Phase::Authenticating;
                    Response::Authenticate
                } else {
                    self.phase = Phase::Ready;
                    Response::Ready
                }
            }
            Err(e) => Response::Error(e),
        };
        self.responder.respond(stream, response);
        // The answer to STARTUP itself goes out uncompressed; everything after may not.
        self.responder.set_compression(self.compression);
    }

    fn register(&mut self, mask: u8) {
        self.events.fetch_or(mask, Ordering::Relaxed);
        if self.forwarder.is_none() {
            self.forwarder = Some(tokio::spawn(event::forward(
                self.node.cluster.events.subscribe(),
                self.events.clone(),
                self.responder.outbox(),
                self.responder.compression(),
            )));
        }
    }

    /// QUERY, PREPARE, EXECUTE and BATCH. The executor runs inline: it is synchronous and
    /// in memory. A panic in it becomes a server error instead of a dropped connection. With
    /// a performance model, the answer leaves when the model says ([`pace`]).
    fn execute(&mut self, stream: i16, request: Request, arrival: Option<Instant>) {
        let node = &self.node;
        let session = &mut self.session;
        let mut skip_metadata = false;
        let mut is_batch = false;
        let result: CqlResult<Outcome> = catch_unwind(AssertUnwindSafe(|| match &request {
            Request::Query { query, params } => {
                skip_metadata = params.skip_metadata;
                node.query(session, query, params)
            }
            Request::Prepare { query } => node.prepare(session, query).map(Outcome::Prepared),
            Request::Execute { id, params } => {
                skip_metadata = params.skip_metadata;
                node.execute(session, id, params)
            }
            Request::Batch(batch) => {
                is_batch = true;
                node.batch(session, batch)
            }
            _ => Err(CqlError::Server("not an executor request".into())),
        }))
        .unwrap_or_else(|panic| Err(CqlError::Server(panic_message(panic.as_ref()))));
        let pace = self.pace(&request, is_batch, &result, arrival);
        let response = match result {
            Ok(outcome) => Response::Result {
                outcome,
                skip_metadata,
            },
            Err(e) => Response::Error(e),
        };
        match pace {
            Pace::Now => self.responder.respond(stream, response),
            Pace::At(at) => self.responder.respond_at(at, stream, response),
            Pace::Fail(at, error) => self
                .responder
                .respond_at(at, stream, Response::Error(error)),
        }
    }

    /// What the performance model decides for an executed request (`Now` without a model).
    fn pace(
        &mut self,
        request: &Request,
        is_batch: bool,
        result: &CqlResult<Outcome>,
        arrival: Option<Instant>,
    ) -> Pace {
        let touched = self.node.take_touched();
        let (Some(arrival), Some(pacer)) = (arrival, &mut self.pacer) else {
            return Pace::Now;
        };
        let class = pace::classify(is_batch, result, touched.as_ref());
        let consistency = match request {
            Request::Query { params, .. } | Request::Execute { params, .. } => params.consistency,
            Request::Batch(batch) => batch.consistency,
            _ => Default::default(),
        };
        let cluster = &self.node.cluster;
        pacer.decide(cluster, class, consistency, touched.as_ref(), arrival)
    }
}

/// Cassandra's message for a request that is not allowed in the connection's phase.
fn unexpected(phase: Phase, request: &Request) -> String {
    let name = request.name();
    match phase {
        Phase::Uninitialized => {
            format!("Unexpected message {name}, expecting STARTUP or OPTIONS")
        }
        Phase::Authenticating => format!("Unexpected message {name}, expecting SASL_RESPONSE"),
        Phase::Ready => {
            format!("Unexpected message {name}, the connection is already initialized")
        }
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into());
    format!("Unexpected error while executing the request: {detail}")
}
