//! Native protocol v4 framing: the 9-byte header, the size limit, lz4 bodies, and the framing
//! of responses.
//!
//! Decoding is two-phase (as in mini-redis): [`next_frame`] first checks whether the buffer
//! holds a whole frame and only then hands out its body, so a partial frame simply waits for
//! more bytes. The header is validated before any body byte is looked at, and an lz4 body's
//! announced size is checked against [`MAX_BODY_LEN`] before anything is allocated for it.

use crate::node::error::CqlError;

/// Size of the frame header.
pub const HEADER_LEN: usize = 9;
/// Largest accepted frame body, compressed or not (Cassandra's default
/// `native_transport_max_frame_size` is 16 MiB).
pub const MAX_BODY_LEN: usize = 16 * 1024 * 1024;
/// The only protocol version this node speaks.
pub const VERSION: u8 = 0x04;
/// Version byte of a response frame (direction bit set).
pub const RESPONSE_VERSION: u8 = 0x84;

/// Header flag: the body is compressed.
pub const FLAG_COMPRESSION: u8 = 0x01;
/// Header flag: a custom payload ([bytes map]) precedes the request body.
pub const FLAG_CUSTOM_PAYLOAD: u8 = 0x04;

/// Opcodes (section 2.4 of the v4 spec); AUTH_CHALLENGE (0x0E) is never sent: the
/// PasswordAuthenticator decides after the first AUTH_RESPONSE.
pub mod opcode {
    pub const ERROR: u8 = 0x00;
    pub const STARTUP: u8 = 0x01;
    pub const READY: u8 = 0x02;
    pub const AUTHENTICATE: u8 = 0x03;
    pub const OPTIONS: u8 = 0x05;
    pub const SUPPORTED: u8 = 0x06;
    pub const QUERY: u8 = 0x07;
    pub const RESULT: u8 = 0x08;
    pub const PREPARE: u8 = 0x09;
    pub const EXECUTE: u8 = 0x0A;
    pub const REGISTER: u8 = 0x0B;
    pub const EVENT: u8 = 0x0C;
    pub const BATCH: u8 = 0x0D;
    pub const AUTH_RESPONSE: u8 = 0x0F;
    pub const AUTH_SUCCESS: u8 = 0x10;
}

/// A validated request header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub flags: u8,
    pub stream: i16,
    pub opcode: u8,
    pub body_len: usize,
}

/// A frame the connection cannot go on after: the server answers with a ProtocolError on
/// `stream` and closes the connection.
#[derive(Debug, Clone, PartialEq)]
pub struct FatalFrameError {
    pub stream: i16,
    pub error: CqlError,
}

/// Parse and validate a header.
pub fn parse_header(h: &[u8; HEADER_LEN]) -> Result<Header, FatalFrameError> {
    let [version, flags, s0, s1, opcode, l0, l1, l2, l3] = *h;
    let stream = i16::from_be_bytes([s0, s1]);
    let fatal = |msg: String| FatalFrameError {
        stream,
        error: CqlError::Protocol(msg),
    };
    if version & 0x7f != VERSION {
        return Err(fatal(format!(
            "Invalid or unsupported protocol version ({}); supported versions are (4/v4)",
            version & 0x7f
        )));
    }
    if version != VERSION {
        return Err(fatal(
            "Wrong protocol direction (expected REQUEST, got RESPONSE)".into(),
        ));
    }
    let len = i32::from_be_bytes([l0, l1, l2, l3]);
    if len < 0 || len as usize > MAX_BODY_LEN {
        return Err(fatal(format!(
            "Request is too big: length {len} exceeds maximum allowed length {MAX_BODY_LEN}."
        )));
    }
    Ok(Header {
        flags,
        stream,
        opcode,
        body_len: len as usize,
    })
}

/// What the start of a read buffer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// A whole frame: its header and its total length (header + body).
    Frame(Header, usize),
    /// Not a whole frame yet: this many bytes (from the start) are needed for one.
    Need(usize),
}

/// Look at the start of `buf`: a whole frame, or how many bytes one needs.
pub fn next_frame(buf: &[u8]) -> Result<Next, FatalFrameError> {
    let Some(head) = buf.first_chunk::<HEADER_LEN>() else {
        return Ok(Next::Need(HEADER_LEN));
    };
    let header = parse_header(head)?;
    let total = HEADER_LEN + header.body_len;
    Ok(if buf.len() >= total {
        Next::Frame(header, total)
    } else {
        Next::Need(total)
    })
}

/// Decompress an lz4 body: a 4-byte big-endian uncompressed length, then an LZ4 block.
pub fn decompress_lz4(body: &[u8]) -> Result<Vec<u8>, CqlError> {
    let bad = |why: &str| CqlError::Protocol(format!("Cannot decompress lz4 frame body: {why}"));
    let (len, block) = body
        .split_first_chunk::<4>()
        .ok_or_else(|| bad("missing the uncompressed length"))?;
    let len = i32::from_be_bytes(*len);
    if len < 0 || len as usize > MAX_BODY_LEN {
        return Err(bad(&format!(
            "uncompressed length {len} exceeds maximum allowed length {MAX_BODY_LEN}"
        )));
    }
    let mut out = vec![0u8; len as usize];
    match lz4_flex::block::decompress_into(block, &mut out) {
        Ok(n) if n == out.len() => Ok(out),
        Ok(n) => Err(bad(&format!("expected {len} bytes, got {n}"))),
        Err(e) => Err(bad(&e.to_string())),
    }
}

/// Append one response frame to `out`. The body is written by `body`; with `compress` it is
/// sent as an lz4 body.
pub fn write_response(
    out: &mut Vec<u8>,
    scratch: &mut Vec<u8>,
    stream: i16,
    opcode: u8,
    compress: bool,
    body: impl FnOnce(&mut Vec<u8>),
) {
    let start = out.len();
    let flags = if compress { FLAG_COMPRESSION } else { 0 };
    out.extend_from_slice(&[RESPONSE_VERSION, flags]);
    out.extend_from_slice(&stream.to_be_bytes());
    out.extend_from_slice(&[opcode, 0, 0, 0, 0]);
    if compress {
        scratch.clear();
        body(scratch);
        out.extend_from_slice(&(scratch.len() as u32).to_be_bytes());
        let at = out.len();
        out.resize(
            at + lz4_flex::block::get_maximum_output_size(scratch.len()),
            0,
        );
        match lz4_flex::block::compress_into(scratch, &mut out[at..]) {
            Ok(n) => out.truncate(at + n),
            Err(_) => {
                // Cannot happen (the output was sized by the library); send uncompressed.
                out.truncate(start + 1);
                out.push(0);
                out.extend_from_slice(&stream.to_be_bytes());
                out.extend_from_slice(&[opcode, 0, 0, 0, 0]);
                out.extend_from_slice(scratch);
            }
        }
    } else {
        body(out);
    }
    let body_len = (out.len() - start - HEADER_LEN) as u32;
    out[start + 5..start + HEADER_LEN].copy_from_slice(&body_len.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(version: u8, len: i32) -> [u8; HEADER_LEN] {
        let l = len.to_be_bytes();
        [version, 0, 0, 7, opcode::OPTIONS, l[0], l[1], l[2], l[3]]
    }

    #[test]
    fn accepts_v4_requests() {
        let h = parse_header(&header(4, 3)).ok();
        assert_eq!(
            h,
            Some(Header {
                flags: 0,
                stream: 7,
                opcode: opcode::OPTIONS,
                body_len: 3
            })
        );
    }

    #[test]
    fn rejects_other_versions_with_the_downgrade_message() {
        for v in [3u8, 5, 66, 0x83] {
            let err = parse_header(&header(v, 0)).err();
            let msg = match err.map(|e| e.error) {
                Some(CqlError::Protocol(m)) => m,
                other => panic!("version {v}: expected a protocol error, got {other:?}"),
            };
            assert!(
                msg.starts_with("Invalid or unsupported protocol version"),
                "{msg}"
            );
            assert!(msg.contains(&format!("({})", v & 0x7f)), "{msg}");
        }
    }

    #[test]
    fn rejects_response_direction_negative_and_oversize_lengths() {
        assert!(parse_header(&header(0x84, 0)).is_err());
        assert!(parse_header(&header(4, -1)).is_err());
        assert!(parse_header(&header(4, MAX_BODY_LEN as i32 + 1)).is_err());
        assert!(parse_header(&header(4, MAX_BODY_LEN as i32)).is_ok());
    }

    #[test]
    fn next_frame_waits_for_the_whole_body() {
        let mut buf = header(4, 3).to_vec();
        assert_eq!(next_frame(&buf[..5]), Ok(Next::Need(HEADER_LEN)));
        buf.extend_from_slice(&[1, 2]);
        assert_eq!(next_frame(&buf), Ok(Next::Need(12)));
        buf.extend_from_slice(&[3, 99]);
        assert!(matches!(next_frame(&buf), Ok(Next::Frame(_, 12))));
    }

    #[test]
    fn lz4_round_trip_and_limits() {
        let mut frame = Vec::new();
        let mut scratch = Vec::new();
        let payload = b"hello hello hello hello".to_vec();
        write_response(&mut frame, &mut scratch, 3, opcode::RESULT, true, |b| {
            b.extend_from_slice(&payload)
        });
        assert_eq!(frame[1], FLAG_COMPRESSION);
        let body = &frame[HEADER_LEN..];
        assert_eq!(decompress_lz4(body).ok(), Some(payload));

        let mut huge = (MAX_BODY_LEN as i32 + 1).to_be_bytes().to_vec();
        huge.extend_from_slice(&[0, 0]);
        assert!(matches!(decompress_lz4(&huge), Err(CqlError::Protocol(_))));
        let mut garbage = 100i32.to_be_bytes().to_vec();
        garbage.extend_from_slice(&[0xff; 9]);
        assert!(matches!(
            decompress_lz4(&garbage),
            Err(CqlError::Protocol(_))
        ));
        assert!(matches!(
            decompress_lz4(&[0, 0]),
            Err(CqlError::Protocol(_))
        ));
    }

    #[test]
    fn uncompressed_response_has_its_length() {
        let mut frame = Vec::new();
        write_response(&mut frame, &mut Vec::new(), -1, opcode::EVENT, false, |b| {
            b.extend_from_slice(&[1, 2, 3])
        });
        assert_eq!(frame, vec![0x84, 0, 0xff, 0xff, 0x0C, 0, 0, 0, 3, 1, 2, 3]);
    }
}
