//! Hostile and heavy input on one connection: junk bytes, random bodies, truncated and
//! oversize frames, bad lz4, thousands of pipelined streams. The node answers a broken frame
//! with a ProtocolError, closes that connection, and keeps serving everyone else.

use std::collections::HashSet;

use rand::{Rng, SeedableRng};
use tokio::io::AsyncWriteExt;

use super::{assert_protocol_error, assert_still_serving};
use crate::util::{self, body, frame, op, startup_body, RawClient};

#[tokio::test]
async fn random_bytes_get_a_protocol_error_and_a_close() {
    let cluster = util::start(1).await;
    let addr = cluster.addresses()[0];
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
    for _ in 0..20 {
        let mut junk = vec![0u8; 64];
        rng.fill(&mut junk[..]);
        if junk[0] & 0x7f == 4 {
            junk[0] = 0x42; // keep it an invalid header, not a (valid) v4 frame
        }
        let mut client = RawClient::connect(addr).await;
        client.send(&junk).await;
        let reply = client.read_frame().await;
        assert_protocol_error(&reply, "Invalid or unsupported protocol version");
        assert!(client.is_closed().await);
    }
    assert_still_serving(addr).await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn random_bodies_never_break_the_node() {
    let cluster = util::start(1).await;
    let addr = cluster.addresses()[0];
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let opcodes = [
        op::STARTUP,
        op::QUERY,
        op::PREPARE,
        op::EXECUTE,
        op::BATCH,
        op::REGISTER,
        op::AUTH_RESPONSE,
        op::RESULT,
        0x04,
        0x42,
    ];
    let mut client = RawClient::ready(addr).await;
    for i in 0..200 {
        let len = rng.random_range(0..48);
        let mut junk = vec![0u8; len];
        rng.fill(&mut junk[..]);
        let opcode = opcodes[rng.random_range(0..opcodes.len())];
        client.send(&frame(4, 0, i, opcode, &junk)).await;
        match client.try_read_frame().await {
            Some(reply) => assert_eq!(reply.stream, i, "{reply:?}"),
            None => client = RawClient::ready(addr).await,
        }
    }
    assert_still_serving(addr).await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn truncated_frame_then_eof_closes_quietly() {
    let cluster = util::start(1).await;
    let addr = cluster.addresses()[0];
    let mut client = RawClient::ready(addr).await;
    let whole = frame(
        4,
        0,
        1,
        op::QUERY,
        &body::query("SELECT * FROM system.local"),
    );
    client.send(&whole[..whole.len() - 5]).await;
    let _ = client.stream.shutdown().await;
    assert_eq!(client.try_read_frame().await, None);
    assert_still_serving(addr).await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn oversize_and_negative_lengths_are_refused() {
    let cluster = util::start(1).await;
    let addr = cluster.addresses()[0];
    for len in [16 * 1024 * 1024 + 1, i32::MAX, -1, i32::MIN] {
        let mut client = RawClient::ready(addr).await;
        let mut header = vec![4, 0, 0, 5, op::QUERY];
        header.extend_from_slice(&len.to_be_bytes());
        client.send(&header).await;
        let reply = client.read_frame().await;
        assert_eq!(reply.stream, 5);
        assert_protocol_error(&reply, "Request is too big");
        assert!(
            client.is_closed().await,
            "length {len}: connection left open"
        );
    }
    assert_still_serving(addr).await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn bad_lz4_is_refused() {
    let cluster = util::start(1).await;
    let addr = cluster.addresses()[0];
    let huge = [0x7f, 0xff, 0xff, 0xff, 0x10, 0x00];
    let garbage = [0, 0, 0, 100, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    for bad in [&huge[..], &garbage[..], &[1, 2][..]] {
        let mut client = RawClient::connect(addr).await;
        let reply = client
            .request(op::STARTUP, &startup_body(Some("lz4")))
            .await;
        assert_eq!(reply.opcode, op::READY);
        client.send(&frame(4, 1, 2, op::QUERY, bad)).await;
        let reply = client.read_frame().await;
        assert_protocol_error(&reply, "Cannot decompress lz4 frame body");
        assert!(client.is_closed().await);
    }
    // A compressed frame without negotiated compression.
    let mut client = RawClient::ready(addr).await;
    client.send(&frame(4, 1, 2, op::OPTIONS, &garbage)).await;
    assert_protocol_error(&client.read_frame().await, "Received a compressed frame");
    assert!(client.is_closed().await);
    assert_still_serving(addr).await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn many_streams_in_flight_on_one_connection() {
    let cluster = util::start(1).await;
    let mut client = RawClient::ready(cluster.addresses()[0]).await;
    let register = body::string_list(&["SCHEMA_CHANGE"]);
    let mut burst = Vec::new();
    for stream in 0..2000i16 {
        if stream % 2 == 0 {
            burst.extend(frame(4, 0, stream, op::OPTIONS, &[]));
        } else {
            burst.extend(frame(4, 0, stream, op::REGISTER, &register));
        }
    }
    client.send(&burst).await;
    let mut seen = HashSet::new();
    for _ in 0..2000 {
        let reply = client.read_frame().await;
        let expected = if reply.stream % 2 == 0 {
            op::SUPPORTED
        } else {
            op::READY
        };
        assert_eq!(reply.opcode, expected, "{reply:?}");
        assert!(
            seen.insert(reply.stream),
            "stream {} answered twice",
            reply.stream
        );
    }
    assert_eq!(seen.len(), 2000);
    cluster.shutdown().await;
}
