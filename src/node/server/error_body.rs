//! ERROR bodies (section 9 of the v4 spec): `<code><message>` followed by the fields the code
//! carries, so drivers can rebuild the exact exception (consistency, replica counts, write
//! type, the existing keyspace/table, the unknown prepared id).

use cassandra_protocol::consistency::Consistency;

use crate::node::error::CqlError;

use super::wire::{put_int, put_short, put_short_bytes, put_string};

fn put_consistency(out: &mut Vec<u8>, c: Consistency) {
    put_short(out, i16::from(c) as u16);
}

/// Append the body of an ERROR frame for `err`.
pub fn write_error(err: &CqlError, out: &mut Vec<u8>) {
    put_int(out, err.code());
    put_string(out, &err.to_string());
    match err {
        CqlError::Unavailable {
            consistency,
            required,
            alive,
        } => {
            put_consistency(out, *consistency);
            put_int(out, *required);
            put_int(out, *alive);
        }
        CqlError::WriteTimeout {
            consistency,
            received,
            block_for,
            write_type,
        } => {
            put_consistency(out, *consistency);
            put_int(out, *received);
            put_int(out, *block_for);
            put_string(out, write_type);
        }
        CqlError::ReadTimeout {
            consistency,
            received,
            block_for,
            data_present,
        } => {
            put_consistency(out, *consistency);
            put_int(out, *received);
            put_int(out, *block_for);
            out.push(u8::from(*data_present));
        }
        CqlError::AlreadyExists {
            keyspace, table, ..
        } => {
            put_string(out, keyspace);
            put_string(out, table);
        }
        CqlError::Unprepared { id, .. } => put_short_bytes(out, id),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(s: &str) -> Vec<u8> {
        let mut v = (s.len() as u16).to_be_bytes().to_vec();
        v.extend_from_slice(s.as_bytes());
        v
    }

    #[test]
    fn unavailable_carries_level_required_and_alive() {
        let mut out = Vec::new();
        write_error(
            &CqlError::Unavailable {
                consistency: Consistency::LocalQuorum,
                required: 2,
                alive: 1,
            },
            &mut out,
        );
        let mut expected = vec![0, 0, 0x10, 0];
        expected.extend(string("Cannot achieve consistency level LOCAL_QUORUM"));
        expected.extend([0, 6, 0, 0, 0, 2, 0, 0, 0, 1]);
        assert_eq!(out, expected);
    }

    #[test]
    fn write_timeout_ends_with_the_write_type() {
        let mut out = Vec::new();
        let err = CqlError::WriteTimeout {
            consistency: Consistency::Quorum,
            received: 1,
            block_for: 2,
            write_type: "CAS".into(),
        };
        write_error(&err, &mut out);
        assert_eq!(&out[..4], &[0, 0, 0x11, 0]);
        let mut tail = vec![0, 4, 0, 0, 0, 1, 0, 0, 0, 2];
        tail.extend(string("CAS"));
        assert!(out.ends_with(&tail), "{out:?}");
    }

    #[test]
    fn read_timeout_ends_with_data_present() {
        let mut out = Vec::new();
        let err = CqlError::ReadTimeout {
            consistency: Consistency::One,
            received: 0,
            block_for: 1,
            data_present: false,
        };
        write_error(&err, &mut out);
        assert!(out.ends_with(&[0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0]));
    }

    #[test]
    fn already_exists_and_unprepared_bodies() {
        let mut out = Vec::new();
        let err = CqlError::AlreadyExists {
            message: "Cannot add already existing keyspace \"ks\"".into(),
            keyspace: "ks".into(),
            table: String::new(),
        };
        write_error(&err, &mut out);
        let mut tail = string("ks");
        tail.extend(string(""));
        assert!(out.ends_with(&tail));

        let mut out = Vec::new();
        let err = CqlError::Unprepared {
            message: "not found".into(),
            id: vec![0xab, 0xcd],
        };
        write_error(&err, &mut out);
        assert!(out.ends_with(&[0, 2, 0xab, 0xcd]));
        assert_eq!(&out[..4], &[0, 0, 0x25, 0]);
    }

    #[test]
    fn plain_errors_are_code_and_message() {
        let mut out = Vec::new();
        write_error(
            &CqlError::syntax("line 1:0 no viable alternative"),
            &mut out,
        );
        let mut expected = vec![0, 0, 0x20, 0];
        expected.extend(string("line 1:0 no viable alternative"));
        assert_eq!(out, expected);
    }
}
