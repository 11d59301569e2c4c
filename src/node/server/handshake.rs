//! The connection handshake: SUPPORTED, STARTUP options, and the PasswordAuthenticator's
//! SASL PLAIN exchange.

use crate::node::cluster::Credentials;
use crate::node::error::{CqlError, CqlResult};

use super::wire::{put_short, put_string, put_string_list};

/// The authenticator class a password-protected node announces (drivers match on it).
pub const AUTHENTICATOR: &str = "org.apache.cassandra.auth.PasswordAuthenticator";

/// The CQL version this node reports, as Cassandra 4.1 does.
pub const CQL_VERSION: &str = "3.4.6";

/// Append the SUPPORTED body: a [string multimap] of the STARTUP options this node accepts.
pub fn write_supported(out: &mut Vec<u8>) {
    let options: [(&str, &[&str]); 3] = [
        ("PROTOCOL_VERSIONS", &["4/v4"]),
        ("CQL_VERSION", &[CQL_VERSION]),
        ("COMPRESSION", &["lz4"]),
    ];
    put_short(out, options.len() as u16);
    for (key, values) in options {
        put_string(out, key);
        put_string_list(out, values);
    }
}

/// Check the STARTUP options; `Ok(true)` when the client asked for lz4 compression.
pub fn startup(options: &[(String, String)]) -> CqlResult<bool> {
    let get = |key: &str| options.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let cql_version = get("CQL_VERSION")
        .ok_or_else(|| CqlError::Protocol("Missing value CQL_VERSION in STARTUP message".into()))?;
    check_cql_version(cql_version)?;
    match get("COMPRESSION").map(|c| c.to_ascii_lowercase()) {
        None => Ok(false),
        Some(c) if c == "lz4" => Ok(true),
        Some(c) => Err(CqlError::Protocol(format!(
            "Unknown compression algorithm: {c}"
        ))),
    }
}

/// Cassandra accepts any CQL version from 3.0.0 up (drivers send 3.0.0, 3.4.x or 4.0.0).
fn check_cql_version(version: &str) -> CqlResult<()> {
    let major = version
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|_| version.split('.').count() >= 2)
        .ok_or_else(|| CqlError::Protocol(format!("Invalid version value: {version}")))?;
    if major < 3 {
        return Err(CqlError::Protocol(format!(
            "CQL version {version} is not supported by the binary protocol (supported version are >= 3.0.0)"
        )));
    }
    Ok(())
}

/// Check a SASL PLAIN token (`[authzid] NUL authcid NUL password`) against the credentials.
pub fn check_plain(token: Option<&[u8]>, expected: &Credentials) -> CqlResult<()> {
    let token = token.unwrap_or_default();
    // Like Cassandra, scan from the end: password after the last NUL, user before it; a
    // token without two NULs has no authentication id.
    let mut parts = token.rsplitn(3, |b| *b == 0);
    let password = parts.next().unwrap_or_default();
    let username = parts.next().unwrap_or_default();
    if parts.next().is_none() {
        return Err(CqlError::BadCredentials(
            "Authentication ID must not be null".into(),
        ));
    }
    let username = String::from_utf8_lossy(username);
    if username == expected.username && password == expected.password.as_bytes() {
        Ok(())
    } else {
        Err(CqlError::BadCredentials(format!(
            "Provided username {username} and/or password are incorrect"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> Credentials {
        Credentials {
            username: "cassandra".into(),
            password: "s3cret".into(),
        }
    }

    fn opts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn startup_requires_cql_version() {
        assert!(matches!(startup(&[]), Err(CqlError::Protocol(_))));
        assert_eq!(
            startup(&opts(&[("CQL_VERSION", "3.0.0")])).ok(),
            Some(false)
        );
        assert_eq!(
            startup(&opts(&[("CQL_VERSION", "4.0.0")])).ok(),
            Some(false)
        );
        assert!(startup(&opts(&[("CQL_VERSION", "2.0.0")])).is_err());
        assert!(startup(&opts(&[("CQL_VERSION", "banana")])).is_err());
    }

    #[test]
    fn startup_compression() {
        let lz4 = opts(&[("CQL_VERSION", "3.0.0"), ("COMPRESSION", "lz4")]);
        assert_eq!(startup(&lz4).ok(), Some(true));
        let snappy = opts(&[("CQL_VERSION", "3.0.0"), ("COMPRESSION", "snappy")]);
        assert!(matches!(startup(&snappy), Err(CqlError::Protocol(_))));
    }

    #[test]
    fn plain_tokens() {
        assert_eq!(check_plain(Some(b"\0cassandra\0s3cret"), &creds()), Ok(()));
        assert_eq!(
            check_plain(Some(b"authz\0cassandra\0s3cret"), &creds()),
            Ok(())
        );
        assert_eq!(
            check_plain(Some(b"\0cassandra\0wrong"), &creds()),
            Err(CqlError::BadCredentials(
                "Provided username cassandra and/or password are incorrect".into()
            ))
        );
        assert!(matches!(
            check_plain(Some(b"cassandra"), &creds()),
            Err(CqlError::BadCredentials(_))
        ));
        assert!(matches!(
            check_plain(None, &creds()),
            Err(CqlError::BadCredentials(_))
        ));
    }
}
