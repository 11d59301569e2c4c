//! The byte layouts shared by collections and tuples: `[int n]` counts and `[int len][bytes]`
//! elements, read without ever panicking on truncated or hostile input.
//!
//! Collections (frozen or not) and tuples travel as these layouts inside a value; the codec,
//! the comparators and the literal builder all walk them, so the walking lives here once.

/// A cursor over serialized bytes. Every read checks bounds and returns `None` when the input
/// is too short, so callers turn that into the error message their type calls for.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    /// A big-endian `[int]`.
    pub(crate) fn read_i32(&mut self) -> Option<i32> {
        let raw = self.take(4)?;
        let mut buf = [0u8; 4];
        buf.copy_from_slice(raw);
        Some(i32::from_be_bytes(buf))
    }

    /// The next `len` bytes.
    pub(crate) fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(len)?;
        let out = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(out)
    }

    /// An `[int len][bytes]` element; `Some(None)` for a negative length (null).
    pub(crate) fn read_element(&mut self) -> Option<Option<&'a [u8]>> {
        let len = self.read_i32()?;
        if len < 0 {
            return Some(None);
        }
        self.take(usize::try_from(len).ok()?).map(Some)
    }
}

/// Append a big-endian `[int]`. Lengths above `i32::MAX` cannot occur: a frame is far smaller.
pub(crate) fn put_i32(out: &mut Vec<u8>, value: usize) {
    let value = i32::try_from(value).unwrap_or(i32::MAX);
    out.extend_from_slice(&value.to_be_bytes());
}

/// Append an `[int len][bytes]` element, or length -1 for `None` (a null tuple field).
pub(crate) fn put_element(out: &mut Vec<u8>, element: Option<&[u8]>) {
    match element {
        Some(bytes) => {
            put_i32(out, bytes.len());
            out.extend_from_slice(bytes);
        }
        None => out.extend_from_slice(&(-1i32).to_be_bytes()),
    }
}

/// Why a collection's bytes could not be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The input ends before the announced elements do.
    Truncated,
    /// The element count is negative.
    NegativeCount,
    /// An element has a negative length (null), which collections do not allow.
    NullElement,
    /// Bytes remain after the last element.
    Extraneous,
}

/// Split `[int n]` followed by `n * per_item` elements (1 for lists and sets, 2 for maps).
/// Collection elements cannot be null.
pub(crate) fn split_elements(bytes: &[u8], per_item: usize) -> Result<Vec<&[u8]>, SplitError> {
    let mut reader = Reader::new(bytes);
    let count = reader.read_i32().ok_or(SplitError::Truncated)?;
    let count = usize::try_from(count).map_err(|_| SplitError::NegativeCount)?;
    let total = count.checked_mul(per_item).ok_or(SplitError::Truncated)?;
    // Every element needs at least its 4-byte length: reject absurd counts before allocating.
    if total > reader.remaining() / 4 {
        return Err(SplitError::Truncated);
    }
    let mut out = Vec::with_capacity(total);
    for _ in 0..total {
        match reader.read_element() {
            Some(Some(element)) => out.push(element),
            Some(None) => return Err(SplitError::NullElement),
            None => return Err(SplitError::Truncated),
        }
    }
    if reader.remaining() > 0 {
        return Err(SplitError::Extraneous);
    }
    Ok(out)
}

/// Serialize `[int n]` then each element as `[int len][bytes]`; `count` is n (items, not
/// elements, for maps).
pub(crate) fn join_elements<'a>(count: usize, elements: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    put_i32(&mut out, count);
    for element in elements {
        put_element(&mut out, Some(element));
    }
    out
}

/// Split a tuple value into its fields (`None` = null field). A value may hold fewer fields
/// than its type; `None` is returned when the bytes do not parse.
pub(crate) fn split_tuple(bytes: &[u8]) -> Option<Vec<Option<&[u8]>>> {
    let mut reader = Reader::new(bytes);
    let mut fields = Vec::new();
    while reader.remaining() > 0 {
        fields.push(reader.read_element()?);
    }
    Some(fields)
}

/// Serialize tuple fields (`None` = null field).
pub(crate) fn join_tuple(fields: &[Option<Vec<u8>>]) -> Vec<u8> {
    let mut out = Vec::new();
    for field in fields {
        put_element(&mut out, field.as_deref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_round_trip() {
        let items: Vec<&[u8]> = vec![b"a", b"", b"xyz"];
        let bytes = join_elements(3, items.iter().copied());
        assert_eq!(bytes[..4], [0, 0, 0, 3]);
        assert_eq!(split_elements(&bytes, 1), Ok(items));
    }

    #[test]
    fn split_rejects_malformed_input() {
        assert_eq!(split_elements(&[0, 0], 1), Err(SplitError::Truncated));
        assert_eq!(
            split_elements(&[0xff, 0xff, 0xff, 0xff], 1),
            Err(SplitError::NegativeCount)
        );
        // Claims a billion elements with no bytes behind them.
        assert_eq!(
            split_elements(&[0x40, 0, 0, 0], 1),
            Err(SplitError::Truncated)
        );
        let null = [0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff];
        assert_eq!(split_elements(&null, 1), Err(SplitError::NullElement));
        let short = [0, 0, 0, 1, 0, 0, 0, 5, 1, 2];
        assert_eq!(split_elements(&short, 1), Err(SplitError::Truncated));
        let extra = [0, 0, 0, 0, 9];
        assert_eq!(split_elements(&extra, 1), Err(SplitError::Extraneous));
        // A length that overflows usize arithmetic must not panic.
        let huge = [0, 0, 0, 1, 0x7f, 0xff, 0xff, 0xff];
        assert_eq!(split_elements(&huge, 1), Err(SplitError::Truncated));
    }

    #[test]
    fn tuple_round_trip_with_nulls() {
        let fields = vec![Some(vec![1u8, 2]), None, Some(vec![])];
        let bytes = join_tuple(&fields);
        let split = split_tuple(&bytes).unwrap_or_default();
        assert_eq!(split, vec![Some(&[1u8, 2][..]), None, Some(&[][..])]);
        assert_eq!(split_tuple(&[0, 0, 0, 9, 1]), None);
        assert_eq!(split_tuple(&[]), Some(vec![]));
    }
}
