//! The CQL native protocol v4 server: listeners, connections, frames and cluster start-up.
