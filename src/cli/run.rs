//! Arguments of `run`, `validate` and `show`.

use clap::Args;

use super::values::{parse_count, parse_count_f64, parse_duration, parse_tag};

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

    /// Open the run in the dashboard to scrub through its timeline (needs a terminal).
    #[arg(long)]
    pub tui: bool,
}
