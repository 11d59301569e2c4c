//! The paging state handed to clients: an opaque encoding of the position of the last row
//! returned (partition key, clustering) and what is left of LIMIT and PER PARTITION LIMIT.
//! Resuming continues strictly after that position, so rows written in between are seen
//! if they sort later and never returned twice.

use crate::node::error::{CqlError, CqlResult};

const VERSION: u8 = 1;

/// Where the previous page stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingState {
    /// Partition key components of the last row.
    pub partition: Vec<Vec<u8>>,
    /// Clustering of the last row; `None` when the partition was returned as a whole
    /// (a static-only row or a DISTINCT row): resume with the next partition.
    pub clustering: Option<Vec<Vec<u8>>>,
    /// Rows still allowed by LIMIT.
    pub remaining: Option<u32>,
    /// Rows still allowed by PER PARTITION LIMIT in the last partition.
    pub partition_remaining: Option<u32>,
}

fn put_values(out: &mut Vec<u8>, values: &[Vec<u8>]) {
    out.extend_from_slice(&(values.len() as u32).to_be_bytes());
    for v in values {
        out.extend_from_slice(&(v.len() as u32).to_be_bytes());
        out.extend_from_slice(v);
    }
}

fn put_opt(out: &mut Vec<u8>, v: Option<u32>) {
    match v {
        Some(n) => {
            out.push(1);
            out.extend_from_slice(&n.to_be_bytes());
        }
        None => out.push(0),
    }
}

struct Cursor<'a>(&'a [u8]);

fn invalid() -> CqlError {
    CqlError::Protocol("Invalid value for the paging state".into())
}

impl Cursor<'_> {
    fn u8(&mut self) -> CqlResult<u8> {
        let (b, rest) = self.0.split_first().ok_or_else(invalid)?;
        self.0 = rest;
        Ok(*b)
    }
    fn u32(&mut self) -> CqlResult<u32> {
        let (b, rest) = self.0.split_first_chunk::<4>().ok_or_else(invalid)?;
        self.0 = rest;
        Ok(u32::from_be_bytes(*b))
    }
    fn bytes(&mut self) -> CqlResult<Vec<u8>> {
        let len = self.u32()? as usize;
        let (v, rest) = self.0.split_at_checked(len).ok_or_else(invalid)?;
        self.0 = rest;
        Ok(v.to_vec())
    }
    fn values(&mut self) -> CqlResult<Vec<Vec<u8>>> {
        let n = self.u32()? as usize;
        if n > self.0.len() {
            return Err(invalid());
        }
        (0..n).map(|_| self.bytes()).collect()
    }
    fn opt(&mut self) -> CqlResult<Option<u32>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.u32().map(Some),
            _ => Err(invalid()),
        }
    }
}

impl PagingState {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![VERSION];
        put_values(&mut out, &self.partition);
        match &self.clustering {
            Some(c) => {
                out.push(1);
                put_values(&mut out, c);
            }
            None => out.push(0),
        }
        put_opt(&mut out, self.remaining);
        put_opt(&mut out, self.partition_remaining);
        out
    }

    pub fn decode(bytes: &[u8]) -> CqlResult<Self> {
        let mut c = Cursor(bytes);
        if c.u8()? != VERSION {
            return Err(invalid());
        }
        let partition = c.values()?;
        let clustering = match c.u8()? {
            0 => None,
            1 => Some(c.values()?),
            _ => return Err(invalid()),
        };
        let remaining = c.opt()?;
        let partition_remaining = c.opt()?;
        if !c.0.is_empty() {
            return Err(invalid());
        }
        Ok(PagingState {
            partition,
            clustering,
            remaining,
            partition_remaining,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_garbage() {
        let s = PagingState {
            partition: vec![vec![1, 2], vec![]],
            clustering: Some(vec![vec![3]]),
            remaining: Some(7),
            partition_remaining: None,
        };
        assert_eq!(PagingState::decode(&s.encode()), Ok(s.clone()));
        let whole = PagingState {
            clustering: None,
            ..s
        };
        assert_eq!(PagingState::decode(&whole.encode()), Ok(whole.clone()));
        let mut bad = whole.encode();
        bad.push(0);
        assert!(PagingState::decode(&bad).is_err());
        assert!(PagingState::decode(&[]).is_err());
        assert!(PagingState::decode(&[1, 255, 255, 255, 255]).is_err());
    }
}
