//! Command-line arguments (clap derive). The doc comments are the help text. This module
//! only defines and validates arguments; [`crate::commands`] carries them out.

use std::net::Ipv4Addr;

use clap::{Args, Parser, Subcommand};

/// Load-testing and performance-forensics workbench for Apache Cassandra and ScyllaDB.
#[derive(Debug, Parser)]
#[command(name = "ringbench", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the in-memory reference CQL cluster (native protocol v4, like Apache Cassandra
    /// 4.1) until Ctrl-C.
    Serve(ServeArgs),
    /// Start an in-process reference cluster and show a client session against it through
    /// the scylla driver: schema, prepared writes and reads, a lightweight transaction, and
    /// the requests each node coordinated under token-aware routing.
    Demo(DemoArgs),
}

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
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=255))]
    pub nodes: u16,

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

fn parse_auth(value: &str) -> Result<AuthSpec, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("ringbench").chain(args.iter().copied()))
    }

    #[test]
    fn serve_defaults() {
        let Ok(Cli {
            command: Command::Serve(args),
        }) = parse(&["serve"])
        else {
            panic!("`ringbench serve` should parse");
        };
        assert_eq!(args.nodes, 1);
        assert_eq!(args.listen, Ipv4Addr::LOCALHOST);
        assert_eq!(args.port, 9042);
        assert_eq!(args.auth, None);
    }

    #[test]
    fn auth_user_and_env_var() {
        assert_eq!(
            parse_auth("admin"),
            Ok(AuthSpec {
                username: "admin".into(),
                password_env: DEFAULT_PASSWORD_ENV.into()
            })
        );
        assert_eq!(
            parse_auth("admin:MY_PASS"),
            Ok(AuthSpec {
                username: "admin".into(),
                password_env: "MY_PASS".into()
            })
        );
        // A password typed where the variable name belongs is refused.
        assert!(parse_auth("admin:hunter 2!").is_err());
        assert!(parse_auth(":X").is_err());
    }

    #[test]
    fn node_count_is_bounded() {
        assert!(parse(&["serve", "--nodes", "0"]).is_err());
        assert!(parse(&["serve", "--nodes", "3", "--port", "0"]).is_ok());
    }
}
