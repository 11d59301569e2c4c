//! Arguments of `compare`, `matrix` and `baseline` (docs/compare.md).

use clap::{Args, Subcommand};

use super::values::{parse_count, parse_count_f64, parse_duration, parse_tag};

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
