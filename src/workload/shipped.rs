//! The workloads shipped in workloads/, embedded in the binary so `ringbench run kv-mixed`
//! works from anywhere, and the lookup of a workload by file path or shipped name.

use std::path::{Path, PathBuf};

use super::error::WorkloadError;

const SHIPPED: &[(&str, &str)] = &[
    ("kv-mixed", include_str!("../../workloads/kv-mixed.yaml")),
    (
        "timeseries",
        include_str!("../../workloads/timeseries.yaml"),
    ),
    ("lwt", include_str!("../../workloads/lwt.yaml")),
    ("counters", include_str!("../../workloads/counters.yaml")),
];

/// The shipped workloads as (name, YAML text).
pub fn shipped() -> &'static [(&'static str, &'static str)] {
    SHIPPED
}

/// A workload by path or shipped name: (the path if it was a file, its text). An existing
/// file wins over a shipped workload of the same name.
pub fn resolve(name_or_path: &str) -> Result<(Option<PathBuf>, String), WorkloadError> {
    let path = Path::new(name_or_path);
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|error| WorkloadError::Read {
            path: path.to_path_buf(),
            error,
        })?;
        return Ok((Some(path.to_path_buf()), text));
    }
    let name = name_or_path.strip_suffix(".yaml").unwrap_or(name_or_path);
    if let Some((_, text)) = SHIPPED.iter().find(|(n, _)| *n == name) {
        return Ok((None, (*text).to_string()));
    }
    if path.extension().is_some() || name_or_path.contains(std::path::MAIN_SEPARATOR) {
        // Looks like a path: say why it could not be read.
        let error = std::fs::metadata(path)
            .err()
            .unwrap_or_else(|| std::io::Error::other("not a regular file"));
        return Err(WorkloadError::Read {
            path: path.to_path_buf(),
            error,
        });
    }
    Err(WorkloadError::NotFound {
        name: name_or_path.to_string(),
        shipped: SHIPPED
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", "),
    })
}
