//! `search.json`: the whole search, versioned, rewritten (atomically) after every step so an
//! interrupted search can be resumed (`--resume DIR`) and any search re-reported
//! (`--report DIR`). Each step's measurements live in its own run directory (a normal
//! run.json + latency.hlog); this file lists the steps with their summaries and verdicts,
//! which are recomputed from those run.json files whenever the search is read back, so a
//! resumed or re-reported search can judge old steps against new objectives. Its layout is
//! described for other tools by `schemas/search.schema.json` (a test validates real output).
//!
//! ```text
//! <out>/capacity-<stamp>/search.json
//! <out>/capacity-<stamp>/<profile>/step-01-1000/run.json, latency.hlog, intervals.jsonl
//! <out>/capacity-<stamp>/<profile>/step-02-2000/...
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::CapacityError;
use super::judge::Judgement;
use super::measure::StepSummary;
use super::search::{Conclusion, Probe};
use super::settings::Settings;
use super::slo::Slo;
use crate::results::json_file;
use crate::results::ToolInfo;

/// File name of the search record inside the search directory.
pub const SEARCH_FILE: &str = "search.json";
/// Version of the `search.json` layout.
pub const SEARCH_SCHEMA_VERSION: u32 = 1;

/// A whole search: one workload, one or more profiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchRecord {
    pub schema_version: u32,
    pub tool: ToolInfo,
    /// The command line that started the search (a resume does not change it).
    pub command_line: Vec<String>,
    /// The workload as given on the command line (a shipped name or a file path).
    pub workload: String,
    pub workload_name: String,
    /// Every step of every profile uses this seed.
    pub seed: u64,
    pub settings: Settings,
    pub slos: Vec<Slo>,
    /// One search per profile, in the order given.
    pub searches: Vec<ProfileSearch>,
}

/// The search of one profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileSearch {
    /// The profile as given (a shipped name or a file path).
    pub profile: String,
    pub profile_name: String,
    /// Its folder, relative to the search directory.
    pub dir: String,
    /// The performance model's capacity for this workload's mix, for a modelled embedded
    /// profile (see `predict.rs`).
    pub predicted_rate: Option<f64>,
    /// Steps in the order they ran.
    pub steps: Vec<StepRecord>,
    /// Where the search stands; `None` before its first step.
    pub conclusion: Option<Conclusion>,
    /// The knee of the latency-throughput curve.
    pub knee: Option<KneePoint>,
    /// What to distrust (the client as the limit, ...).
    pub warnings: Vec<String>,
}

/// The step at the knee of a latency-throughput curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KneePoint {
    /// Achieved ops/s.
    pub throughput: f64,
    /// Response-time p99, µs.
    pub p99_us: f64,
}

/// One step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    /// 1, 2, ... in the order steps ran for this profile.
    pub index: u32,
    pub rate: f64,
    /// Its run directory, relative to the profile's folder.
    pub dir: String,
    pub summary: StepSummary,
    pub judgement: Judgement,
}

impl ProfileSearch {
    /// The steps as the search algorithm sees them.
    pub fn probes(&self) -> Vec<Probe> {
        self.steps
            .iter()
            .map(|s| Probe {
                rate: s.rate,
                passed: s.judgement.passed,
            })
            .collect()
    }

    /// The index the next step gets.
    pub fn next_index(&self) -> u32 {
        self.steps.iter().map(|s| s.index).max().unwrap_or(0) + 1
    }
}

impl SearchRecord {
    /// Writes `<dir>/search.json`: first to a temporary file, then renamed over the old one.
    pub fn save(&self, dir: &Path) -> Result<PathBuf, CapacityError> {
        let path = dir.join(SEARCH_FILE);
        json_file::save(self, &path).map_err(|e| CapacityError::from_json_file(e, &path))?;
        Ok(path)
    }

    /// Reads `<dir>/search.json` (or the file itself, when `dir` names it).
    pub fn load(dir: &Path) -> Result<SearchRecord, CapacityError> {
        let path = if dir.is_dir() {
            dir.join(SEARCH_FILE)
        } else {
            dir.to_path_buf()
        };
        json_file::load(&path, SEARCH_SCHEMA_VERSION)
            .map_err(|e| CapacityError::from_json_file(e, &path))
    }
}
