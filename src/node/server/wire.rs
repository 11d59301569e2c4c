//! Reading and writing the native protocol's primitive notations ([short], [int], [string],
//! [bytes], [value], [string map] ...), bounds-checked: a malformed body yields a
//! ProtocolError, never a panic, and no allocation is sized from an unchecked length.

use std::net::SocketAddr;

use crate::node::error::{CqlError, CqlResult};

/// A cursor over a request body.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

fn truncated(what: &str) -> CqlError {
    CqlError::Protocol(format!(
        "Not enough bytes to read {what}: the message body is truncated"
    ))
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.bytes.len()
    }

    fn take(&mut self, n: usize, what: &str) -> CqlResult<&'a [u8]> {
        if n > self.bytes.len() {
            return Err(truncated(what));
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self, what: &str) -> CqlResult<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    pub fn byte(&mut self) -> CqlResult<u8> {
        Ok(self.array::<1>("a byte")?[0])
    }

    /// A [short]: 2 bytes, unsigned.
    pub fn short(&mut self) -> CqlResult<u16> {
        Ok(u16::from_be_bytes(self.array("a short")?))
    }

    /// A [short] read as signed (consistency codes).
    pub fn signed_short(&mut self) -> CqlResult<i16> {
        Ok(i16::from_be_bytes(self.array("a short")?))
    }

    pub fn int(&mut self) -> CqlResult<i32> {
        Ok(i32::from_be_bytes(self.array("an int")?))
    }

    pub fn long(&mut self) -> CqlResult<i64> {
        Ok(i64::from_be_bytes(self.array("a long")?))
    }

    fn utf8(bytes: &[u8]) -> CqlResult<String> {
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| CqlError::Protocol("Cannot decode string as UTF8".into()))
    }

    /// A [string].
    pub fn string(&mut self) -> CqlResult<String> {
        let n = self.short()? as usize;
        Self::utf8(self.take(n, "a string")?)
    }

    /// A [long string].
    pub fn long_string(&mut self) -> CqlResult<String> {
        let n = self.int()?;
        if n < 0 {
            return Err(CqlError::Protocol(format!(
                "Invalid negative length {n} for a long string"
            )));
        }
        Self::utf8(self.take(n as usize, "a long string")?)
    }

    /// A [bytes]: `None` for a negative length (null).
    pub fn bytes(&mut self) -> CqlResult<Option<&'a [u8]>> {
        let n = self.int()?;
        if n < 0 {
            return Ok(None);
        }
        self.take(n as usize, "a bytes value").map(Some)
    }

    /// A [short bytes].
    pub fn short_bytes(&mut self) -> CqlResult<&'a [u8]> {
        let n = self.short()? as usize;
        self.take(n, "a short bytes value")
    }

    /// A [value]: `Ok(Err(-1))` for null and `Ok(Err(-2))` for not set; other negative
    /// lengths are a protocol violation.
    pub fn value(&mut self) -> CqlResult<Result<&'a [u8], i32>> {
        let n = self.int()?;
        match n {
            0.. => self.take(n as usize, "a value").map(Ok),
            -1 | -2 => Ok(Err(n)),
            _ => Err(CqlError::Protocol(format!(
                "Invalid length {n} for a value: only -1 (null) and -2 (not set) may be negative"
            ))),
        }
    }

    /// A [string list].
    pub fn string_list(&mut self) -> CqlResult<Vec<String>> {
        let n = self.short()?;
        // Each string takes at least 2 bytes: cap the preallocation by what can be there.
        let mut out = Vec::with_capacity((n as usize).min(self.remaining() / 2));
        for _ in 0..n {
            out.push(self.string()?);
        }
        Ok(out)
    }

    /// A [string map], in wire order.
    pub fn string_map(&mut self) -> CqlResult<Vec<(String, String)>> {
        let n = self.short()?;
        let mut out = Vec::with_capacity((n as usize).min(self.remaining() / 4));
        for _ in 0..n {
            let key = self.string()?;
            out.push((key, self.string()?));
        }
        Ok(out)
    }

    /// Skip a [bytes map] (custom payloads, which Cassandra's default handler ignores).
    pub fn skip_bytes_map(&mut self) -> CqlResult<()> {
        let n = self.short()?;
        for _ in 0..n {
            let len = self.short()? as usize;
            self.take(len, "a bytes map key")?;
            self.bytes()?;
        }
        Ok(())
    }
}

pub fn put_short(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

pub fn put_int(out: &mut Vec<u8>, v: i32) {
    out.extend_from_slice(&v.to_be_bytes());
}

/// A [string]. Names longer than a [short] can count are cut (they cannot occur: CQL
/// identifiers are at most 48 characters and messages are short).
pub fn put_string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let n = bytes.len().min(u16::MAX as usize);
    put_short(out, n as u16);
    out.extend_from_slice(&bytes[..n]);
}

/// A [string list].
pub fn put_string_list(out: &mut Vec<u8>, items: &[&str]) {
    put_short(out, items.len().min(u16::MAX as usize) as u16);
    for item in items.iter().take(u16::MAX as usize) {
        put_string(out, item);
    }
}

/// A [bytes]: `None` is written as null (length -1).
pub fn put_bytes(out: &mut Vec<u8>, v: Option<&[u8]>) {
    match v {
        Some(b) => {
            put_int(out, b.len() as i32);
            out.extend_from_slice(b);
        }
        None => put_int(out, -1),
    }
}

/// A [short bytes].
pub fn put_short_bytes(out: &mut Vec<u8>, b: &[u8]) {
    let n = b.len().min(u16::MAX as usize);
    put_short(out, n as u16);
    out.extend_from_slice(&b[..n]);
}

/// An [inet]: address length, address bytes, port as an [int].
pub fn put_inet(out: &mut Vec<u8>, addr: &SocketAddr) {
    match addr {
        SocketAddr::V4(a) => {
            out.push(4);
            out.extend_from_slice(&a.ip().octets());
        }
        SocketAddr::V6(a) => {
            out.push(16);
            out.extend_from_slice(&a.ip().octets());
        }
    }
    put_int(out, i32::from(addr.port()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_input_is_a_protocol_error() {
        let mut r = Reader::new(&[0, 5, b'a']);
        assert!(matches!(r.string(), Err(CqlError::Protocol(_))));
        let mut r = Reader::new(&[0, 0, 0]);
        assert!(matches!(r.int(), Err(CqlError::Protocol(_))));
    }

    #[test]
    fn values_distinguish_null_unset_and_invalid() {
        let mut body = Vec::new();
        put_int(&mut body, -1);
        put_int(&mut body, -2);
        put_int(&mut body, 2);
        body.extend_from_slice(&[7, 8]);
        put_int(&mut body, -3);
        let mut r = Reader::new(&body);
        assert_eq!(r.value().ok(), Some(Err(-1)));
        assert_eq!(r.value().ok(), Some(Err(-2)));
        assert_eq!(r.value().ok(), Some(Ok(&[7u8, 8][..])));
        assert!(matches!(r.value(), Err(CqlError::Protocol(_))));
    }

    #[test]
    fn huge_counts_do_not_preallocate() {
        // 65535 strings announced, none present: an error, not an allocation or a panic.
        let mut r = Reader::new(&[0xff, 0xff]);
        assert!(matches!(r.string_list(), Err(CqlError::Protocol(_))));
    }

    #[test]
    fn string_map_round_trips() {
        let mut body = Vec::new();
        put_short(&mut body, 1);
        put_string(&mut body, "CQL_VERSION");
        put_string(&mut body, "3.0.0");
        let map = Reader::new(&body).string_map().ok();
        assert_eq!(
            map,
            Some(vec![("CQL_VERSION".to_string(), "3.0.0".to_string())])
        );
    }
}
