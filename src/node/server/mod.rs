//! The CQL native protocol v4 server: listeners, connections, frames and cluster start-up.
//!
//! A request travels through these files in order:
//! - [`start`]: binds one listener per node (all on the same port) and builds the shared
//!   [`ClusterState`](crate::node::cluster::ClusterState); [`start_cluster`] is the entry point.
//! - [`outage`]: a node's down / up schedule from the performance model around its
//!   [`listener`], the accept loop of one node (`run(listener, node, release, shutdown)`).
//! - [`connection`]: one client connection: reads frames, walks the STARTUP / AUTHENTICATE
//!   handshake, hands requests to the executor.
//! - [`frame`]: the 9-byte header, size limits, lz4 bodies, response framing.
//! - [`request`]: request bodies decoded into the executor's types.
//! - [`pace`]: what the performance model decides for a request (when its answer leaves, or
//!   which error replaces it).
//! - [`respond`]: the single place a response leaves the node, at once or through the
//!   [`release`] timer at the model's instant, and [`writer`] which coalesces responses into
//!   writes (and lets the release timer write directly when the socket is free).
//! - [`result`], [`error_body`], [`event`]: RESULT, ERROR and EVENT bodies.
//!
//! Request bodies are decoded by hand (with [`wire`]) rather than by `cassandra-protocol`'s
//! `RequestBody`: that decoder preallocates from counts read off the wire (a negative count
//! panics with a capacity overflow) and would add a copy on the hot path. The crate's
//! `Opcode`, `Consistency` and lz4 conventions are still the reference.

mod connection;
mod error_body;
mod event;
mod frame;
mod handshake;
mod listener;
mod outage;
mod pace;
mod release;
mod request;
mod respond;
mod result;
mod start;
mod wire;
mod writer;

pub use listener::run;
pub use start::{start_cluster, ClusterConfig, RunningCluster};
