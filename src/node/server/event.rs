//! Server-pushed events: which types a connection REGISTERed for, EVENT bodies, and the task
//! that forwards the cluster's events to a registered connection (stream id -1).
//!
//! Every node of a cluster shares one [`ClusterState`](crate::node::cluster::ClusterState)
//! and so one event channel: a schema change made through any node reaches the registered
//! connections of all nodes, as Cassandra's schema propagation does.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use tokio::sync::broadcast::{self, error::RecvError};

use crate::node::cluster::Event;
use crate::node::error::{CqlError, CqlResult};

use super::frame::{opcode, write_response};
use super::result::write_schema_change;
use super::wire::{put_inet, put_string};
use super::writer::Outbox;

const TOPOLOGY_CHANGE: u8 = 0x01;
const STATUS_CHANGE: u8 = 0x02;
const SCHEMA_CHANGE: u8 = 0x04;
const EVENT_STREAM: i16 = -1;

/// The event types of a REGISTER body as a bit set.
pub fn event_mask(types: &[String]) -> CqlResult<u8> {
    types.iter().try_fold(0, |mask, t| {
        Ok(mask
            | match t.as_str() {
                "TOPOLOGY_CHANGE" => TOPOLOGY_CHANGE,
                "STATUS_CHANGE" => STATUS_CHANGE,
                "SCHEMA_CHANGE" => SCHEMA_CHANGE,
                other => {
                    return Err(CqlError::Protocol(format!(
                        "Invalid value '{other}' for Type"
                    )))
                }
            })
    })
}

fn event_bit(event: &Event) -> u8 {
    match event {
        Event::TopologyChange { .. } => TOPOLOGY_CHANGE,
        Event::StatusChange { .. } => STATUS_CHANGE,
        Event::SchemaChange(_) => SCHEMA_CHANGE,
    }
}

/// Append an EVENT body.
pub fn write_event(event: &Event, out: &mut Vec<u8>) {
    match event {
        Event::TopologyChange { change, address } => {
            put_string(out, "TOPOLOGY_CHANGE");
            put_string(out, change);
            put_inet(out, address);
        }
        Event::StatusChange { change, address } => {
            put_string(out, "STATUS_CHANGE");
            put_string(out, change);
            put_inet(out, address);
        }
        Event::SchemaChange(change) => {
            put_string(out, "SCHEMA_CHANGE");
            write_schema_change(change, out);
        }
    }
}

/// Forward the events whose bit is in `mask` to the connection until it closes. `mask` may
/// grow later (a second REGISTER).
pub async fn forward(
    mut events: broadcast::Receiver<Event>,
    mask: Arc<AtomicU8>,
    outbox: Outbox,
    compress: bool,
) {
    let mut scratch = Vec::new();
    loop {
        let event = match events.recv().await {
            Ok(event) => event,
            // A connection that fell behind misses events, as a slow Cassandra client would.
            Err(RecvError::Lagged(_)) => continue,
            Err(RecvError::Closed) => return,
        };
        if mask.load(Ordering::Relaxed) & event_bit(&event) == 0 {
            continue;
        }
        let mut frame = Vec::new();
        write_response(
            &mut frame,
            &mut scratch,
            EVENT_STREAM,
            opcode::EVENT,
            compress,
            |body| write_event(&event, body),
        );
        if outbox.send(frame).await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::exec::{ChangeType, SchemaChange, SchemaTarget};

    #[test]
    fn register_types() {
        let types = vec!["SCHEMA_CHANGE".to_string(), "STATUS_CHANGE".to_string()];
        assert_eq!(event_mask(&types).ok(), Some(SCHEMA_CHANGE | STATUS_CHANGE));
        assert!(event_mask(&["NOPE".to_string()]).is_err());
    }

    #[test]
    fn status_change_body() {
        let mut out = Vec::new();
        let event = Event::StatusChange {
            change: "UP".into(),
            address: "127.0.0.2:9042".parse().expect("literal address"),
        };
        write_event(&event, &mut out);
        let mut expected = vec![0, 13];
        expected.extend_from_slice(b"STATUS_CHANGE");
        expected.extend_from_slice(&[0, 2, b'U', b'P', 4, 127, 0, 0, 2, 0, 0, 0x23, 0x52]);
        assert_eq!(out, expected);
    }

    #[test]
    fn schema_change_body_starts_with_its_type() {
        let mut out = Vec::new();
        let event = Event::SchemaChange(SchemaChange {
            change: ChangeType::Created,
            target: SchemaTarget::Keyspace("ks".into()),
        });
        write_event(&event, &mut out);
        assert!(out.starts_with(b"\0\x0dSCHEMA_CHANGE\0\x07CREATED\0\x08KEYSPACE\0\x02ks"));
    }
}
