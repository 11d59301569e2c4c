//! `ringbench list`: the shipped workloads and profiles, one line each, so a newcomer sees
//! what can be run and against what without opening the repository.
//!
//! Workloads are listed from their `name` / `description` header only (validating them is
//! `ringbench validate`'s job); profiles are fully loaded, since a profile that lists must
//! also be usable.

use serde::Deserialize;

use crate::profile;

/// Carry out `ringbench list`.
pub fn run() -> anyhow::Result<()> {
    print!("{}", render());
    Ok(())
}

/// What `ringbench list` prints.
pub fn render() -> String {
    let workloads: Vec<(String, String)> = crate::workload::shipped()
        .iter()
        .map(|(name, text)| (name.to_string(), workload_description(text)))
        .collect();
    let profiles: Vec<(String, String)> = profile::shipped()
        .iter()
        .map(|(name, _)| (name.to_string(), profile_description(name)))
        .collect();
    let width = workloads
        .iter()
        .chain(&profiles)
        .map(|(n, _)| n.len())
        .max()
        .unwrap_or(0);
    let mut out =
        String::from("Workloads (ringbench run NAME, or a path to your own YAML file):\n");
    for (name, description) in &workloads {
        out.push_str(&format!("  {name:width$}  {description}\n"));
    }
    out.push_str("\nProfiles (ringbench run WORKLOAD --profile NAME, or a path to your own):\n");
    for (name, description) in &profiles {
        out.push_str(&format!("  {name:width$}  {description}\n"));
    }
    out.push_str(
        "\nFormats: docs/workload.md and docs/profile.md. Check a workload with `ringbench validate NAME`.\n",
    );
    out
}

/// The header fields `list` shows; every other key of the workload is ignored here.
#[derive(Deserialize)]
struct Header {
    description: Option<String>,
}

fn workload_description(text: &str) -> String {
    match serde_saphyr::from_str::<Header>(text) {
        Ok(Header {
            description: Some(d),
        }) => one_line(&d),
        Ok(_) => "(no description)".into(),
        Err(e) => format!(
            "(does not parse: {})",
            one_line(&e.without_snippet().to_string())
        ),
    }
}

fn profile_description(name: &str) -> String {
    match profile::load_shipped(name) {
        Ok(p) if name == profile::DEFAULT_PROFILE => {
            format!("{} [default]", one_line(&p.description))
        }
        Ok(p) => one_line(&p.description),
        Err(e) => format!("(does not load: {e})"),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
