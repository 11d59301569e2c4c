//! Names on disk: `capacity-<UTC stamp>` for a search, one folder per profile, and
//! `step-NN-<rate>` per step (NN in run order, the rate in ops/s), so a listing of a
//! profile's folder reads as the search went.

use std::time::SystemTime;

use crate::results::run_id;

/// `capacity-20261122T130000Z`.
pub fn search_dir_name(start: SystemTime) -> String {
    // A run id starts with the compact UTC stamp, then `-<workload>-<profile>`.
    let id = run_id(start, "", "");
    let stamp = id.split('-').next().unwrap_or(&id);
    format!("capacity-{stamp}")
}

/// `step-03-2250`, `step-12-37.5`.
pub fn step_dir_name(index: u32, rate: f64) -> String {
    let rate = if rate.fract() == 0.0 {
        format!("{rate:.0}")
    } else {
        format!("{rate:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    };
    format!("step-{index:02}-{rate}")
}

/// A folder name for profile `name` that none of `taken` uses: the name with anything but
/// letters, digits, `.`, `_` and `-` replaced by `-`, and `-2`, `-3`... if needed.
pub fn profile_dir_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let clean = if clean.is_empty() || clean.starts_with('.') {
        format!("profile{clean}")
    } else {
        clean
    };
    (1..)
        .map(|n| {
            if n == 1 {
                clean.clone()
            } else {
                format!("{clean}-{n}")
            }
        })
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let start = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_352_400);
        assert_eq!(search_dir_name(start), "capacity-20261122T130000Z");
        assert_eq!(step_dir_name(3, 2250.0), "step-03-2250");
        assert_eq!(step_dir_name(12, 37.5), "step-12-37.5");
        assert_eq!(step_dir_name(1, 7.82), "step-01-7.82");
        assert_eq!(profile_dir_name("embedded-3node", &[]), "embedded-3node");
        let taken = vec!["my-cluster".to_string(), "my-cluster-2".to_string()];
        assert_eq!(profile_dir_name("my cluster", &taken), "my-cluster-3");
        assert_eq!(profile_dir_name("..", &[]), "profile..");
    }
}
