//! Validating the keys of a `contact_points` profile: contact point syntax, credentials given
//! as environment variable names (never values), and TLS file settings.

use std::net::Ipv6Addr;

use serde_saphyr::Spanned;

use super::error::ProfileError;
use super::model::{Auth, ClientCert, Tls, UsernameSource};
use super::raw::{RawAuth, RawTls};
use super::validate::Ctx;

/// `host`, `host:port`, `v6`, `[v6]:port` -> `host:port` (IPv6 in brackets).
pub fn contact_point(ctx: &Ctx, point: &Spanned<String>) -> Result<String, ProfileError> {
    let text = point.value.trim();
    let bad = |why: &str| {
        ctx.error(
            &point.referenced,
            format!("contact point '{text}' {why}"),
            "write \"host:port\", e.g. \"10.0.0.1:9042\" or \"[fd00::1]:9042\" (port 9042 when omitted)",
        )
    };
    if text.is_empty() || text.contains(char::is_whitespace) {
        return Err(bad("is not a host name or address"));
    }
    let (host, port) = if text.parse::<Ipv6Addr>().is_ok() {
        (format!("[{text}]"), None)
    } else if let Some(rest) = text.strip_prefix('[') {
        let Some((addr, tail)) = rest.split_once(']') else {
            return Err(bad("has an unclosed '['"));
        };
        if addr.parse::<Ipv6Addr>().is_err() {
            return Err(bad("has no IPv6 address inside [ ]"));
        }
        let port = match tail {
            "" => None,
            _ => Some(
                tail.strip_prefix(':')
                    .ok_or_else(|| bad("has text after ']'"))?,
            ),
        };
        (format!("[{addr}]"), port)
    } else {
        match text.rsplit_once(':') {
            Some((host, port)) => (host.to_string(), Some(port)),
            None => (text.to_string(), None),
        }
    };
    if host.is_empty() {
        return Err(bad("has no host"));
    }
    match port {
        None => Ok(format!("{host}:9042")),
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => Ok(format!("{host}:{n}")),
            _ => Err(bad("has no valid port")),
        },
    }
}

fn env_name(ctx: &Ctx, name: &Spanned<String>) -> Result<String, ProfileError> {
    let v = &name.value;
    let ok = v
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ok {
        return Err(ctx.error(
            &name.referenced,
            format!("'{v}' is not an environment variable name"),
            "name the variable (letters, digits, '_'), e.g. CASSANDRA_PASSWORD, and export the secret in it",
        ));
    }
    Ok(v.clone())
}

pub fn auth(ctx: &Ctx, raw: &Spanned<RawAuth>) -> Result<Auth, ProfileError> {
    let a = &raw.value;
    if let Some(p) = &a.password {
        return Err(ctx.error(
            &p.referenced,
            "a password is written in the profile",
            "never store secrets in a profile: export the password in an environment variable and name it with `password_env`",
        ));
    }
    let username = match (&a.username, &a.username_env) {
        (Some(u), None) => UsernameSource::Literal(u.value.clone()),
        (None, Some(env)) => UsernameSource::Env(env_name(ctx, env)?),
        (Some(u), Some(_)) => {
            return Err(ctx.error(
                &u.referenced,
                "both `username` and `username_env`",
                "keep one of them",
            ))
        }
        (None, None) => {
            return Err(ctx.error(
                &raw.referenced,
                "`auth` without a username",
                "add `username: NAME` or `username_env: VARIABLE`",
            ))
        }
    };
    let Some(password_env) = &a.password_env else {
        return Err(ctx.error(
            &raw.referenced,
            "`auth` without `password_env`",
            "add `password_env: VARIABLE`, the environment variable the password is read from at connect time",
        ));
    };
    Ok(Auth {
        username,
        password_env: env_name(ctx, password_env)?,
    })
}

pub fn tls(ctx: &Ctx, raw: &Spanned<RawTls>) -> Result<Tls, ProfileError> {
    let t = &raw.value;
    let Some(ca) = &t.ca_file else {
        return Err(ctx.error(
            &raw.referenced,
            "`tls` without `ca_file`",
            "add `ca_file: path/to/ca.pem`, the CA that signed the nodes' certificates",
        ));
    };
    let client_cert = match (&t.cert_file, &t.key_file) {
        (Some(c), Some(k)) => Some(ClientCert {
            cert_file: ctx.path(&c.value),
            key_file: ctx.path(&k.value),
        }),
        (None, None) => None,
        (Some(only), None) | (None, Some(only)) => {
            return Err(ctx.error(
                &only.referenced,
                "a client certificate needs both `cert_file` and `key_file`",
                "give both (PEM files), or neither when the cluster does not require client certificates",
            ))
        }
    };
    Ok(Tls {
        ca_file: ctx.path(&ca.value),
        client_cert,
        verify_hostname: t.verify_hostname.unwrap_or(true),
    })
}
