//! Command-line arguments (clap derive). The doc comments are the help text. This module
//! only defines and validates arguments; [`crate::commands`] carries them out.
//!
//! - this file: the subcommands;
//! - `run`: `run`, `validate`, `show`; `compare`: `compare`, `matrix`, `baseline`;
//!   `capacity`: `capacity`; `serve`: `serve`, `demo`;
//! - `values`: parsing counts (`20k`), durations (`1h30m`) and tags (`key=value`).

mod capacity;
mod compare;
mod run;
mod serve;
mod values;

use clap::{Parser, Subcommand};

pub use capacity::CapacityArgs;
pub use compare::{BaselineCommand, BaselineListArgs, BaselineSaveArgs, CompareArgs, MatrixArgs};
pub use run::{RunArgs, ShowArgs, ValidateArgs};
pub use serve::{AuthSpec, DemoArgs, ServeArgs, DEFAULT_PASSWORD_ENV};
pub use values::{parse_count, parse_count_f64, parse_duration};

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
    /// Compare saved runs with a base run (or a saved baseline): per operation a table of
    /// throughput, error rate and latency percentiles with their change and significance, and
    /// a verdict. Exit code 0 pass, 1 regression, 2 usage or data error.
    Compare(CompareArgs),
    /// Run one workload against several profiles in turn (the first is the base) and write
    /// the comparative report; exit code as `compare`.
    Matrix(MatrixArgs),
    /// Save a run as a named baseline for `compare --baseline`, or list the baselines.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Run the in-memory reference CQL cluster (native protocol v4, like Apache Cassandra
    /// 4.1) until Ctrl-C.
    Serve(ServeArgs),
    /// Start an in-process reference cluster and show a client session against it through
    /// the scylla driver: schema, prepared writes and reads, a lightweight transaction, and
    /// the requests each node coordinated under token-aware routing.
    Demo(DemoArgs),
    /// Search for the highest request rate a cluster sustains under service-level objectives
    /// (exponential probe, then bisection), for one or several profiles compared.
    Capacity(CapacityArgs),
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::serve::parse_auth;
    use super::values::parse_tag;
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
