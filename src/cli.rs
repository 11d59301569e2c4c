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
    /// Run a workload against a cluster at a controlled rate and write its results.
    Run(RunArgs),
    /// Check a workload file (YAML, bindings, CQL) without connecting to anything.
    Validate(ValidateArgs),
    /// List the shipped workloads and profiles with a one-line description each.
    List,
    /// Print the summary of a saved run.
    Show(ShowArgs),
    /// Run the in-memory reference CQL cluster (native protocol v4, like Apache Cassandra
    /// 4.1) until Ctrl-C.
    Serve(ServeArgs),
    /// Start an in-process reference cluster and show a client session against it through
    /// the scylla driver: schema, prepared writes and reads, a lightweight transaction, and
    /// the requests each node coordinated under token-aware routing.
    Demo(DemoArgs),
}

/// What to run, against what, how fast and for how long.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// A workload file, or the name of a shipped workload (see `ringbench list`).
    pub workload: String,

    /// A profile file, or the name of a shipped profile. Default: an embedded 1-node
    /// reference cluster started in-process.
    #[arg(long)]
    pub profile: Option<String>,

    /// Target rate in operations per second (e.g. 20k, 1.5m), replacing the workload's
    /// phases by one constant-rate phase. Without a rate anywhere the run is closed-loop.
    #[arg(long, value_parser = parse_count_f64)]
    pub rate: Option<f64>,

    /// How long the main phase runs (e.g. 30s, 5m, 1h).
    #[arg(long, value_parser = parse_duration, conflicts_with = "ops")]
    pub duration: Option<std::time::Duration>,

    /// How many operations the main phase runs (e.g. 100k).
    #[arg(long, value_parser = parse_count)]
    pub ops: Option<u64>,

    /// Client tasks (closed loop: concurrent workers, each with one request in flight).
    #[arg(long, value_parser = parse_count)]
    pub concurrency: Option<u64>,

    /// Most requests in flight at once; later requests wait for a slot and are charged the wait.
    #[arg(long, value_parser = parse_count)]
    pub max_in_flight: Option<u64>,

    /// Seed every generated value derives from (default: random, recorded in the result).
    #[arg(long)]
    pub seed: Option<u64>,

    /// Folder the run's result directory is created in.
    #[arg(long, default_value = "results")]
    pub out: std::path::PathBuf,

    /// A label recorded in the result, as key=value (repeatable).
    #[arg(long = "tag", value_parser = parse_tag)]
    pub tags: Vec<(String, String)>,

    /// Skip the workload's load phase (the data is already there).
    #[arg(long)]
    pub no_load: bool,
}

/// The workload to check.
#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// A workload file, or the name of a shipped workload.
    pub workload: String,
}

/// Which saved run to show.
#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// A run directory (or its run.json), or a run id under --out.
    pub run: String,

    /// Folder to look for run ids in.
    #[arg(long, default_value = "results")]
    pub out: std::path::PathBuf,
}

/// `10k` -> 10000, `1.5m` -> 1500000, `250` -> 250.
pub fn parse_count_f64(value: &str) -> Result<f64, String> {
    let v = value.trim();
    let (number, factor) = match v.chars().last() {
        Some('k' | 'K') => (&v[..v.len() - 1], 1e3),
        Some('m' | 'M') => (&v[..v.len() - 1], 1e6),
        Some('g' | 'G') => (&v[..v.len() - 1], 1e9),
        _ => (v, 1.0),
    };
    match number.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 => Ok(n * factor),
        _ => Err(format!(
            "'{value}' is not a positive number (examples: 500, 20k, 1.5m)"
        )),
    }
}

/// Like [`parse_count_f64`], for whole counts.
pub fn parse_count(value: &str) -> Result<u64, String> {
    let n = parse_count_f64(value)?;
    if n.fract() != 0.0 || n > u64::MAX as f64 {
        return Err(format!(
            "'{value}' is not a whole number (examples: 64, 100k)"
        ));
    }
    Ok(n as u64)
}

/// `500ms`, `30s`, `5m`, `1h`, `1h30m`; a bare number is seconds.
pub fn parse_duration(value: &str) -> Result<std::time::Duration, String> {
    let err = || format!("'{value}' is not a duration (examples: 500ms, 30s, 5m, 1h30m)");
    let v = value.trim();
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| std::time::Duration::from_secs_f64(secs))
            .ok_or_else(err);
    }
    let mut total = 0f64;
    let mut rest = v;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(err)?;
        let number: f64 = rest[..digits].parse().map_err(|_| err())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "d" => 86400.0,
            _ => return Err(err()),
        };
        total += number * factor;
        rest = &rest[unit_len..];
    }
    if v.is_empty() {
        return Err(err());
    }
    Ok(std::time::Duration::from_secs_f64(total))
}

fn parse_tag(value: &str) -> Result<(String, String), String> {
    match value.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("'{value}' is not key=value")),
    }
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
    fn counts_durations_and_tags() {
        assert_eq!(parse_count_f64("20k"), Ok(20_000.0));
        assert_eq!(parse_count_f64("1.5m"), Ok(1_500_000.0));
        assert!(parse_count_f64("-3").is_err());
        assert!(parse_count_f64("fast").is_err());
        assert_eq!(parse_count("100k"), Ok(100_000));
        assert!(parse_count("1.5").is_err());
        let d = std::time::Duration::from_secs;
        assert_eq!(parse_duration("30s"), Ok(d(30)));
        assert_eq!(parse_duration("1h30m"), Ok(d(5400)));
        assert_eq!(parse_duration("90"), Ok(d(90)));
        assert_eq!(
            parse_duration("250ms"),
            Ok(std::time::Duration::from_millis(250))
        );
        assert!(parse_duration("5 parsecs").is_err());
        assert!(parse_duration("").is_err());
        assert_eq!(parse_tag("env=ci"), Ok(("env".into(), "ci".into())));
        assert!(parse_tag("novalue").is_err());
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
