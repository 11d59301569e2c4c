//! Cluster profiles: where to connect (or which embedded reference cluster to start), driver
//! settings, credentials (read from the environment, never stored) and keyspace replication.
//!
//! A profile is a small YAML file (format: docs/profile.md). The flow is
//! [`resolve`] (a shipped name or a file) -> [`load`] (parse + validate, errors with
//! file:line:col) -> [`connect`] (a scylla session, plus the embedded cluster when the
//! profile asks for one) -> [`Connection::close`]. [`open`] does the first two steps.
//!
//! Shipped profiles (`profiles/*.yaml`) are compiled into the binary so that `ringbench run
//! kv-mixed --profile embedded-3node` works from any folder.

mod connect;
mod driver;
mod error;
mod model;
mod model_raw;
mod model_section;
mod raw;
mod remote;
mod replication;
mod tls;
mod validate;
pub mod values;

use std::path::{Path, PathBuf};

pub use connect::{connect, connect_limit, Connection};
pub use error::{Position, ProfileError};
pub use model::{
    Auth, ClientCert, CompressionChoice, DriverSettings, Pool, Profile, Remote, RetryChoice,
    Routing, SpeculativeExecution, Target, Tls, UsernameSource,
};
pub use model_section::{
    default_model, default_service, DEFAULT_LWT_ROUNDS, DEFAULT_SEED, DEFAULT_SHARDS,
};
pub use validate::DEFAULT_CONNECT_TIMEOUT;

/// The profile `ringbench run` uses without `--profile`.
pub const DEFAULT_PROFILE: &str = "embedded-1node";

/// Shipped profiles as (name, YAML text), in the order `ringbench list` shows them.
pub fn shipped() -> &'static [(&'static str, &'static str)] {
    &[
        (
            "embedded-1node",
            include_str!("../../profiles/embedded-1node.yaml"),
        ),
        (
            "embedded-3node",
            include_str!("../../profiles/embedded-3node.yaml"),
        ),
        (
            "embedded-5node",
            include_str!("../../profiles/embedded-5node.yaml"),
        ),
        (
            "embedded-3node-gc",
            include_str!("../../profiles/embedded-3node-gc.yaml"),
        ),
        (
            "embedded-3node-slow-node",
            include_str!("../../profiles/embedded-3node-slow-node.yaml"),
        ),
        (
            "embedded-overloaded",
            include_str!("../../profiles/embedded-overloaded.yaml"),
        ),
        (
            "cassandra-example",
            include_str!("../../profiles/cassandra-example.yaml"),
        ),
        (
            "scylla-example",
            include_str!("../../profiles/scylla-example.yaml"),
        ),
    ]
}

/// The file name errors name for a shipped profile (where it lives in the repository).
fn shipped_source_name(name: &str) -> String {
    format!("profiles/{name}.yaml")
}

fn shipped_names() -> String {
    shipped()
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Find a profile's text: an existing file wins; otherwise a shipped profile of that name.
/// Returns the file's path (`None` for a shipped profile) and the YAML text.
pub fn resolve(name_or_path: &str) -> Result<(Option<PathBuf>, String), ProfileError> {
    let path = Path::new(name_or_path);
    if path.is_file() {
        return std::fs::read_to_string(path)
            .map(|text| (Some(path.to_path_buf()), text))
            .map_err(|source| ProfileError::Read {
                path: path.to_path_buf(),
                known: shipped_names(),
                source,
            });
    }
    if let Some((_, text)) = shipped().iter().find(|(n, _)| *n == name_or_path) {
        return Ok((None, (*text).to_string()));
    }
    let looks_like_path = name_or_path.contains(['/', '\\'])
        || name_or_path.ends_with(".yaml")
        || name_or_path.ends_with(".yml");
    if looks_like_path {
        // Let the operating system say what is wrong (missing, a folder, no permission).
        return Err(ProfileError::Read {
            path: path.to_path_buf(),
            known: shipped_names(),
            source: std::fs::read_to_string(path)
                .err()
                .unwrap_or_else(|| std::io::Error::other("not a regular file")),
        });
    }
    Err(ProfileError::UnknownName {
        name: name_or_path.to_string(),
        known: shipped_names(),
    })
}

/// Parse and validate a profile. `source_name` is what errors call the text (the file path as
/// given); `path` is the file it came from, if any: relative TLS paths are taken from its
/// folder.
pub fn load(source_name: &str, path: Option<&Path>, text: &str) -> Result<Profile, ProfileError> {
    let ctx = validate::Ctx {
        source: source_name,
        base_dir: path.and_then(Path::parent),
    };
    let mut profile = validate::profile(&ctx, text)?;
    profile.path = path.map(Path::to_path_buf);
    Ok(profile)
}

/// [`resolve`] then [`load`]: what `--profile NAME_OR_PATH` does.
pub fn open(name_or_path: &str) -> Result<Profile, ProfileError> {
    let (path, text) = resolve(name_or_path)?;
    let source_name = match &path {
        Some(p) => p.display().to_string(),
        None => shipped_source_name(name_or_path),
    };
    load(&source_name, path.as_deref(), &text)
}

/// A shipped profile by name, never a file of that name.
pub fn load_shipped(name: &str) -> Result<Profile, ProfileError> {
    let text = shipped()
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
        .ok_or_else(|| ProfileError::UnknownName {
            name: name.to_string(),
            known: shipped_names(),
        })?;
    load(&shipped_source_name(name), None, text)
}

/// The profile used when `run` has no `--profile`: an embedded 1-node reference cluster.
pub fn embedded_default() -> Result<Profile, ProfileError> {
    load_shipped(DEFAULT_PROFILE)
}
