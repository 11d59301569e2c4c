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

    /// Show the live dashboard (the default when stdout is a terminal): charts, tables, and
    /// keys to pause, resume and change the rate (`?` lists them).
    #[arg(long, conflicts_with = "no_tui")]
    pub tui: bool,

    /// Show the one-line progress display instead of the dashboard, even on a terminal.
    #[arg(long)]
    pub no_tui: bool,
}

/// What to search, against which profiles, under which objectives (docs/capacity.md).
#[derive(Debug, Clone, Args)]
pub struct CapacityArgs {
    /// A workload file, or the name of a shipped workload; its last phase's mix is searched.
    #[arg(required_unless_present_any = ["resume", "report"],
          conflicts_with_all = ["resume", "report"])]
    pub workload: Option<String>,
    /// A profile file or shipped name (repeatable: one search each, then compared).
    /// Default: embedded-1node.
    #[arg(long = "profile", conflicts_with_all = ["resume", "report"])]
    pub profiles: Vec<String>,
    /// An objective every step must meet (repeatable): p99<=10ms, p99.9<1s,
    /// error_rate<=0.1%, read.p99<=5ms (one operation).
    #[arg(long = "slo", value_parser = crate::capacity::parse_slo_arg,
          required_unless_present_any = ["resume", "report"])]
    pub slos: Vec<crate::capacity::Slo>,
    /// Measured length of each step [default: 30s].
    #[arg(long, value_parser = parse_duration)]
    pub step_duration: Option<std::time::Duration>,
    /// Unjudged warm-up before each step's measurement [default: 5s].
    #[arg(long, value_parser = parse_duration)]
    pub warmup: Option<std::time::Duration>,
    /// Rate of the first step, ops/s [default: 1k].
    #[arg(long, value_parser = parse_count_f64)]
    pub start_rate: Option<f64>,
    /// The search never tries a higher rate, ops/s.
    #[arg(long, value_parser = parse_count_f64)]
    pub max_rate: Option<f64>,
    /// Stop when the failing and passing rates are this close (e.g. 2%) [default: 2%].
    #[arg(long, value_parser = crate::capacity::parse_fraction)]
    pub precision: Option<f64>,
    /// Rest between steps, doubled after an overloaded step [default: 2s].
    #[arg(long, value_parser = parse_duration)]
    pub cooldown: Option<std::time::Duration>,
    /// Most steps per profile [default: 40].
    #[arg(long)]
    pub max_steps: Option<u32>,
    /// Seed every generated value derives from (default: random, recorded).
    #[arg(long, conflicts_with_all = ["resume", "report"])]
    pub seed: Option<u64>,
    /// Skip the workload's load phase (the data is already there).
    #[arg(long)]
    pub no_load: bool,
    /// Folder the search directory (capacity-STAMP) is created in.
    #[arg(long, default_value = "results")]
    pub out: std::path::PathBuf,
    /// Format of the report written into the search directory (the terminal gets text).
    #[arg(long, value_enum, default_value_t)]
    pub format: crate::capacity::ReportFormat,
    /// Continue the search in DIR (a capacity-STAMP folder): finished steps are reused;
    /// flags given here (--slo, --precision...) replace the recorded ones.
    #[arg(long, value_name = "DIR", conflicts_with = "report")]
    pub resume: Option<std::path::PathBuf>,
    /// Print and write the report of the search in DIR again, running nothing.
    #[arg(long, value_name = "DIR")]
    pub report: Option<std::path::PathBuf>,
}

/// The workload to check.
#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// A workload file, or the name of a shipped workload.
    pub workload: String,
}

/// Which runs to compare, and how to report.
#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// The base run, then the runs to compare with it: run directories, their run.json, or run
    /// ids under --results. With --baseline, every run given is compared with the baseline.
    #[arg(required = true, value_name = "RUN")]
    pub runs: Vec<String>,

    /// Compare with the saved baseline NAME (`ringbench baseline save NAME RUN`).
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,

    /// Compare only this phase (default: every phase both runs have, except `load`).
    #[arg(long)]
    pub phase: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::compare::Format::Text)]
    pub format: crate::compare::Format,

    /// Write `report.<ext>` into this folder (plus PNG plots for md) and print the text report.
    #[arg(long, value_name = "DIR")]
    pub out: Option<std::path::PathBuf>,

    /// A YAML file of regression thresholds (docs/compare.md); default: p99 +10% and
    /// throughput -5% when significant, error rate +0.1 pp, any new error class.
    #[arg(long, value_name = "FILE")]
    pub thresholds: Option<std::path::PathBuf>,

    /// Folder to look for run ids and baselines in.
    #[arg(long, default_value = "results")]
    pub results: std::path::PathBuf,
}

/// One workload against several profiles.
#[derive(Debug, Clone, Args)]
pub struct MatrixArgs {
    /// A workload file, or the name of a shipped workload.
    pub workload: String,

    /// A profile file or shipped profile name (at least two; the first is the base).
    #[arg(
        long = "profile",
        required = true,
        num_args = 1,
        value_name = "PROFILE"
    )]
    pub profiles: Vec<String>,

    /// Target rate of the main phase for every profile (e.g. 5k); see `run --rate`.
    #[arg(long, value_parser = parse_count_f64)]
    pub rate: Option<f64>,

    /// How long the main phase runs for every profile (e.g. 60s).
    #[arg(long, value_parser = parse_duration, conflicts_with = "ops")]
    pub duration: Option<std::time::Duration>,

    /// How many operations the main phase runs for every profile.
    #[arg(long, value_parser = parse_count)]
    pub ops: Option<u64>,

    /// Seed of the generated values, the same for every profile.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Skip the workload's load phase.
    #[arg(long)]
    pub no_load: bool,

    /// Compare only this phase (default: every phase but `load`).
    #[arg(long)]
    pub phase: Option<String>,

    /// Format of the report written into `<out>/matrix-<stamp>/` (the terminal gets text).
    #[arg(long, value_enum, default_value_t = crate::compare::Format::Html)]
    pub format: crate::compare::Format,

    /// Regression thresholds (YAML, docs/compare.md).
    #[arg(long, value_name = "FILE")]
    pub thresholds: Option<std::path::PathBuf>,

    /// Folder the runs and the `matrix-<stamp>` report folder are created in.
    #[arg(long, default_value = "results")]
    pub out: std::path::PathBuf,

    /// A label recorded in every run, as key=value (repeatable).
    #[arg(long = "tag", value_parser = parse_tag)]
    pub tags: Vec<(String, String)>,
}

/// `ringbench baseline ...`
#[derive(Debug, Clone, Subcommand)]
pub enum BaselineCommand {
    /// Copy a run to `<out>/baselines/NAME/` for `compare --baseline NAME`.
    Save(BaselineSaveArgs),
    /// List the saved baselines.
    List(BaselineListArgs),
}

/// Which run to save under which name.
#[derive(Debug, Clone, Args)]
pub struct BaselineSaveArgs {
    /// Letters, digits, '-', '_' and '.' (e.g. nightly-3node).
    pub name: String,

    /// A run directory, its run.json, or a run id under --out.
    pub run: String,

    /// Replace an existing baseline of that name.
    #[arg(long)]
    pub force: bool,

    /// Results folder (runs and baselines/).
    #[arg(long, default_value = "results")]
    pub out: std::path::PathBuf,
}

/// Where the baselines are.
#[derive(Debug, Clone, Args)]
pub struct BaselineListArgs {
    /// Results folder (runs and baselines/).
    #[arg(long, default_value = "results")]
    pub out: std::path::PathBuf,
}

/// Which saved run to show.
#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// A run directory (or its run.json), or a run id under --out.
    pub run: String,

    /// Folder to look for run ids in.
    #[arg(long, default_value = "results")]
    pub out: std::path::PathBuf,

    /// Open the run in the dashboard to scrub through its timeline (needs a terminal).
    #[arg(long)]
    pub tui: bool,
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
