//! Arguments of `serve` and `demo` (the reference cluster).

use std::net::Ipv4Addr;

use clap::Args;

/// Size of the demo session.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Number of reference nodes in the ring.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=255))]
    pub nodes: u16,

    /// Rows the demo writes with a prepared INSERT.
    #[arg(long, default_value_t = 10_000)]
    pub rows: u32,
}

/// Where and how the reference cluster listens.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Number of nodes; node N listens on the --listen address plus N-1 (127.0.0.1,
    /// 127.0.0.2, ...), all on the same port.
    #[arg(
        long,
        default_value_t = 1,
        value_parser = clap::value_parser!(u16).range(1..=255),
        conflicts_with = "profile"
    )]
    pub nodes: u16,

    /// Take the nodes and the performance model from an embedded profile (a file or a
    /// shipped name, e.g. embedded-3node-gc); the other flags still apply.
    #[arg(long)]
    pub profile: Option<String>,

    /// Print the theoretical capacity per request class of the model the cluster would run
    /// (with the formula), and exit without serving.
    #[arg(long)]
    pub explain: bool,

    /// Replication factor --explain assumes. Default: the profile's replication, else
    /// min(3, nodes).
    #[arg(long, requires = "explain", value_parser = clap::value_parser!(u16).range(1..=255))]
    pub rf: Option<u16>,

    /// Consistency level --explain assumes (e.g. ONE, QUORUM). Default: the profile's.
    #[arg(long, requires = "explain", value_parser = crate::consistency::parse)]
    pub consistency: Option<scylla::statement::Consistency>,

    /// Write the model's ground truth (server-side latency per node and class) as JSON to
    /// FILE when the cluster stops. Needs a profile with a model.
    #[arg(long, value_name = "FILE", conflicts_with = "explain")]
    pub ground_truth: Option<std::path::PathBuf>,

    /// Address of the first node.
    #[arg(long, default_value_t = Ipv4Addr::LOCALHOST)]
    pub listen: Ipv4Addr,

    /// Port every node listens on (0 picks a free one).
    #[arg(long, default_value_t = 9042)]
    pub port: u16,

    /// Require password authentication for USER. The password is read from the environment
    /// variable ENV_VAR (default RINGBENCH_PASSWORD), never from the command line.
    #[arg(long, value_name = "USER[:ENV_VAR]", value_parser = parse_auth)]
    pub auth: Option<AuthSpec>,

    /// Cluster name reported in system.local.
    #[arg(long, default_value = "ringbench")]
    pub cluster_name: String,
}

/// `--auth USER[:ENV_VAR]`: who may log in, and where their password is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSpec {
    pub username: String,
    pub password_env: String,
}

/// The environment variable holding the password when `--auth` names none.
pub const DEFAULT_PASSWORD_ENV: &str = "RINGBENCH_PASSWORD";

pub(super) fn parse_auth(value: &str) -> Result<AuthSpec, String> {
    let (username, env) = match value.split_once(':') {
        Some((user, env)) => (user, env),
        None => (value, DEFAULT_PASSWORD_ENV),
    };
    if username.is_empty() {
        return Err("the user name is empty (expected USER or USER:ENV_VAR)".into());
    }
    if env.is_empty() || !env.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!(
            "'{env}' is not an environment variable name (expected USER or USER:ENV_VAR; \
             the password itself is never given on the command line)"
        ));
    }
    Ok(AuthSpec {
        username: username.into(),
        password_env: env.into(),
    })
}
