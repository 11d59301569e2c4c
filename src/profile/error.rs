//! The one error type of the profile subsystem: loading, validating and connecting.
//!
//! Every variant names what was wrong, where (a file position, the profile, the contact
//! points) and what to do, because these errors end up in front of a user who is about to
//! run a benchmark against a cluster. None of them ever contains a secret: credentials are
//! referred to by the environment variable that holds them.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// A place in a profile file: `source:line:col` (1-based, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The file as the user named it, or `profiles/NAME.yaml` for a shipped profile.
    pub source: String,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.source, self.line, self.column)
    }
}

/// Everything that can go wrong between a profile name on the command line and a connected
/// session.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("cannot read profile file {}: {source}; check the path, or name a shipped profile ({known})", path.display())]
    Read {
        path: PathBuf,
        known: String,
        #[source]
        source: std::io::Error,
    },

    #[error("'{name}' is neither a profile file nor a shipped profile; shipped profiles: {known} (see `ringbench list`)")]
    UnknownName { name: String, known: String },

    /// The YAML does not parse, or does not fit the profile format.
    #[error("{at}: {problem}; {fix}")]
    Invalid {
        at: Position,
        problem: String,
        fix: String,
    },

    #[error("profile '{profile}': the environment variable {var} ({field}) is not set; export it before running (credentials are read from the environment, never stored in a profile)")]
    MissingEnv {
        profile: String,
        field: &'static str,
        var: String,
    },

    #[error("profile '{profile}': the environment variable {var} ({field}) is not valid UTF-8; set it to the plain-text value")]
    EnvNotUnicode {
        profile: String,
        field: &'static str,
        var: String,
    },

    #[error("profile '{profile}': TLS {what} {}: {problem}; {fix}", path.display())]
    Tls {
        profile: String,
        what: &'static str,
        path: PathBuf,
        problem: String,
        fix: &'static str,
    },

    #[error("profile '{profile}': cannot start the embedded {nodes}-node reference cluster: {source}; check that the loopback addresses 127.0.0.1..127.0.0.{nodes} are usable")]
    StartEmbedded {
        profile: String,
        nodes: usize,
        #[source]
        source: std::io::Error,
    },

    #[error("profile '{profile}': cannot connect to {contact_points}: {detail}; {fix}")]
    Connect {
        profile: String,
        contact_points: String,
        detail: String,
        fix: &'static str,
    },

    #[error("profile '{profile}': no answer from {contact_points} within {after:?}; check that the nodes are up and reachable from this machine (address, port, firewall), and that TLS is configured when the cluster requires it (and not when it does not)")]
    ConnectTimeout {
        profile: String,
        contact_points: String,
        after: Duration,
    },
}

impl ProfileError {
    /// A positioned error (parse or validation).
    pub(crate) fn invalid(
        at: Position,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        ProfileError::Invalid {
            at,
            problem: problem.into(),
            fix: fix.into(),
        }
    }
}
