//! `ringbench serve --explain`: the theoretical capacity per request class of the model the
//! same `serve` command line would run, at a replication factor and consistency level taken
//! from the flags, else from the profile. The numbers and the formula come from
//! [`crate::node::model::capacity`]; this file only picks its inputs and says where they
//! came from, because an assumed RF changes the answer a lot.

use anyhow::bail;
use cassandra_protocol::consistency::Consistency as WireConsistency;
use scylla::statement::Consistency;

use crate::cli::ServeArgs;
use crate::consistency;
use crate::node::model::capacity;
use crate::profile::{self, Profile};

/// The text `--explain` prints: what was assumed, then the capacity table.
pub fn explain(args: &ServeArgs) -> anyhow::Result<String> {
    let Some(name) = &args.profile else {
        return Ok(no_model(
            "`ringbench serve` without --profile runs no performance model",
        ));
    };
    let profile = profile::open(name)?;
    let (Some(nodes), Some(model)) = (profile.embedded_nodes(), profile.model()) else {
        if profile.embedded_nodes().is_none() {
            bail!(
                "--profile {name}: profile '{}' connects to a running cluster; --explain \
                 describes the model of an embedded profile (see `ringbench list`)",
                profile.name
            );
        }
        return Ok(no_model(&format!(
            "profile '{}' has no `model:` section",
            profile.name
        )));
    };
    let (rf, rf_source) = replication_factor(args, &profile, nodes);
    let level = args.consistency.unwrap_or(profile.consistency);
    let level_source = if args.consistency.is_some() {
        "--consistency"
    } else {
        "the profile's consistency"
    };
    let wire = to_wire(level)?;
    let table = capacity(model, nodes, rf, wire);
    Ok(format!(
        "profile {}: {nodes} node(s); RF {rf} ({rf_source}); {} ({level_source})\n{table}\n",
        profile.name,
        consistency::name(level),
    ))
}

/// What to say when there is nothing to explain.
fn no_model(why: &str) -> String {
    format!(
        "{why}: the reference nodes answer as fast as this machine allows, so there is no \
         theoretical capacity to print. Pass a profile with a model, e.g. `--profile \
         embedded-3node` (`ringbench list` shows the shipped ones; docs/profile.md the \
         `model:` section).\n"
    )
}

/// `--rf`, else the profile's replication for the embedded cluster's datacenter, else
/// min(3, nodes); with where it came from.
fn replication_factor(args: &ServeArgs, profile: &Profile, nodes: usize) -> (usize, String) {
    if let Some(rf) = args.rf {
        return (usize::from(rf), "--rf".into());
    }
    let from_profile = profile.replication_override().and_then(|r| {
        let key = match r.get("class").map(String::as_str) {
            Some(c) if c.ends_with("SimpleStrategy") => "replication_factor",
            _ => "datacenter1",
        };
        r.get(key).and_then(|v| v.parse::<usize>().ok())
    });
    match from_profile {
        Some(rf) => (rf, "the profile's replication".into()),
        None => (
            nodes.min(3),
            "assumed: the profile sets no replication, the workload's keyspace decides; use --rf"
                .into(),
        ),
    }
}

/// The driver's consistency level as the node's protocol type (same wire code).
fn to_wire(level: Consistency) -> anyhow::Result<WireConsistency> {
    match WireConsistency::try_from(level as i16) {
        Ok(wire) => Ok(wire),
        Err(_) => bail!(
            "consistency {} has no protocol code the reference node knows",
            consistency::name(level)
        ),
    }
}
