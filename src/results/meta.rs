//! What the run command knows about a run that the measurements do not: the command line, the
//! workload and profile, the seed, the tags and how the run ended. [`RunMeta::from_plan`] fills
//! it from the plan, so the run command only sets the status and any extra warnings.

use std::collections::BTreeMap;
use std::time::Duration;

use super::model::{ProfileInfo, RunStatus, WorkloadInfo};
use crate::plan::RunPlan;

/// Facts about a run that go into run.json beside the measurements.
#[derive(Debug, Clone, PartialEq)]
pub struct RunMeta {
    pub command_line: Vec<String>,
    pub workload: WorkloadInfo,
    pub profile: ProfileInfo,
    pub seed: u64,
    pub tags: BTreeMap<String, String>,
    pub interval: Duration,
    pub status: RunStatus,
    /// The cluster ran in this process, so the client CPU time includes the node's.
    pub client_cpu_includes_node: bool,
    /// Warnings the execution layer noticed (added to those derived from the measurements).
    pub warnings: Vec<String>,
}

impl RunMeta {
    /// Everything the plan says about the run; status `Completed` and no extra warnings.
    pub fn from_plan(plan: &RunPlan) -> Self {
        let workload = &plan.workload;
        let profile = &plan.profile;
        RunMeta {
            command_line: plan.command_line.clone(),
            workload: WorkloadInfo {
                name: workload.name.clone(),
                description: workload.description.clone(),
                path: workload.path.as_ref().map(|p| p.display().to_string()),
                content_hash: workload.content_hash.clone(),
                text: workload.source.clone(),
            },
            profile: ProfileInfo {
                name: profile.name.clone(),
                description: profile.description.clone(),
                target: profile.target_summary(),
                // The profile model holds no secrets (credentials are environment variable
                // names), so it is recorded whole.
                settings: serde_json::to_value(profile).unwrap_or(serde_json::Value::Null),
            },
            seed: plan.seed,
            tags: plan.tags.clone(),
            interval: plan.interval,
            status: RunStatus::Completed,
            client_cpu_includes_node: profile.embedded_nodes().is_some(),
            warnings: Vec::new(),
        }
    }
}
