//! Arguments of `capacity` (docs/capacity.md).

use clap::Args;

use super::values::{parse_count_f64, parse_duration};

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
