//! HdrHistogram's "V2 compressed" encoding without the compression work: the V2 payload
//! wrapped in a zlib stream of *stored* (uncompressed) deflate blocks.
//!
//! Why: `latency.hlog` gets several histograms every interval while the run is measuring.
//! hdrhistogram's own `V2DeflateSerializer` builds a fresh deflate compressor (a few hundred
//! KiB of tables, allocated and zeroed) for every histogram and then compresses, which cost
//! the client ~2-3 ms of CPU per interval, more than ten thousand requests' worth of our own
//! bookkeeping. The V2 payload is already compact (variable-length, zero runs collapsed), so
//! deflate saves little space; stored blocks cost a copy and a checksum.
//!
//! The output is a standard zlib stream (RFC 1950 header and Adler-32 trailer around RFC 1951
//! stored blocks), so every HdrHistogram reader (Java, C, Go, Rust) decodes it exactly like a
//! deflated one: the format does not say how hard the writer compressed.

use std::io::{self, Write};

use hdrhistogram::serialization::{Serializer, V2SerializeError, V2Serializer};
use hdrhistogram::{Counter, Histogram};

/// The cookie of a V2 compressed histogram (HdrHistogram's `V2CompressedEncodingCookieBase`
/// with the word-size bits of V2, as every implementation writes it).
const V2_COMPRESSED_COOKIE: u32 = 0x1c84_9304 | 0x10;
/// zlib header: deflate with a 32 KiB window, "fastest" level, no dictionary; a multiple of 31.
const ZLIB_HEADER: [u8; 2] = [0x78, 0x01];
/// The largest stored block.
const MAX_BLOCK: usize = u16::MAX as usize;

/// Why a histogram could not be encoded.
#[derive(Debug, thiserror::Error)]
pub enum StoredSerializeError {
    #[error("the histogram has no V2 encoding: {0:?}")]
    V2(V2SerializeError),
    #[error("the encoding could not be written: {0}")]
    Io(io::Error),
}

/// Serializes histograms as V2 compressed with stored blocks; reuse one for many histograms.
#[derive(Default)]
pub struct StoredV2Serializer {
    v2: V2Serializer,
    payload: Vec<u8>,
    out: Vec<u8>,
}

impl StoredV2Serializer {
    pub fn new() -> Self {
        StoredV2Serializer::default()
    }
}

impl Serializer for StoredV2Serializer {
    type SerializeError = StoredSerializeError;

    fn serialize<T: Counter, W: Write>(
        &mut self,
        h: &Histogram<T>,
        writer: &mut W,
    ) -> Result<usize, StoredSerializeError> {
        self.payload.clear();
        self.v2
            .serialize(h, &mut self.payload)
            .map_err(StoredSerializeError::V2)?;
        self.out.clear();
        self.out
            .extend_from_slice(&V2_COMPRESSED_COOKIE.to_be_bytes());
        self.out.extend_from_slice(&[0; 4]); // length, filled in below
        zlib_stored(&self.payload, &mut self.out);
        let stream_len = u32::try_from(self.out.len() - 8).map_err(|_| {
            StoredSerializeError::Io(io::Error::new(
                io::ErrorKind::InvalidData,
                "histogram encoding longer than 4 GiB",
            ))
        })?;
        self.out[4..8].copy_from_slice(&stream_len.to_be_bytes());
        writer
            .write_all(&self.out)
            .map_err(StoredSerializeError::Io)?;
        Ok(self.out.len())
    }
}

/// Appends `data` to `out` as a zlib stream of stored blocks.
fn zlib_stored(data: &[u8], out: &mut Vec<u8>) {
    out.reserve(data.len() + 6 + 5 * (data.len() / MAX_BLOCK + 1));
    out.extend_from_slice(&ZLIB_HEADER);
    let mut blocks = data.chunks(MAX_BLOCK).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[0x01, 0x00, 0x00, 0xff, 0xff]); // one empty final block
    }
    while let Some(block) = blocks.next() {
        let last = blocks.peek().is_none();
        // Both fit: chunks are at most u16::MAX long.
        let len = block.len() as u16;
        out.push(u8::from(last)); // BFINAL, BTYPE = 00 (stored)
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
}

/// The Adler-32 checksum of `data` (RFC 1950).
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    // 5552 bytes is the most that can be summed before `b` could overflow a u32.
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;
    use hdrhistogram::serialization::Deserializer;

    #[test]
    fn adler32_matches_the_rfc_examples() {
        assert_eq!(adler32(b""), 1);
        // The worked example of the Adler-32 Wikipedia article.
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        // Long enough to need the periodic reduction, compared with a naive computation.
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 + 3) as u8).collect();
        let (a, b) = data.iter().fold((1u64, 0u64), |(a, b), &x| {
            let a = (a + u64::from(x)) % 65_521;
            (a, (b + a) % 65_521)
        });
        assert_eq!(adler32(&data), ((b << 16) | a) as u32);
    }

    fn round_trip(h: &Histogram<u64>) -> Histogram<u64> {
        let mut bytes = Vec::new();
        let n = StoredV2Serializer::new()
            .serialize(h, &mut bytes)
            .expect("encodes");
        assert_eq!(n, bytes.len());
        Deserializer::new()
            .deserialize(&mut bytes.as_slice())
            .expect("hdrhistogram's own reader decodes it")
    }

    #[test]
    fn histograms_read_back_equal_through_hdrhistogram() {
        let mut empty = Histogram::<u64>::new(3).expect("valid");
        empty.auto(true);
        assert_eq!(round_trip(&empty).len(), 0);
        let mut h = Histogram::<u64>::new(3).expect("valid");
        h.auto(true);
        for (i, v) in [1u64, 7, 250, 999, 1_000, 12_345, 3_600_000_000]
            .into_iter()
            .enumerate()
        {
            h.record_n(v, i as u64 + 1).expect("records");
        }
        let back = round_trip(&h);
        assert_eq!(back, h);
    }

    #[test]
    fn payloads_beyond_one_stored_block_are_split() {
        // A histogram whose V2 payload exceeds 64 KiB: 20k distinct buckets with counts that
        // take six bytes each in the V2 varint encoding.
        let mut h = Histogram::<u64>::new(3).expect("valid");
        h.auto(true);
        let mut value = 1u64;
        for _ in 0..20_000 {
            h.record_n(value, 1 << 40).expect("records");
            value = h.next_non_equivalent(value);
        }
        let mut payload = Vec::new();
        V2Serializer::new()
            .serialize(&h, &mut payload)
            .expect("encodes");
        assert!(payload.len() > MAX_BLOCK, "{} bytes", payload.len());
        assert_eq!(round_trip(&h), h);
    }
}
