//! Invalid and damaged workloads: every fixture in tests/workloads/invalid/ fails with the
//! message on its first line (`# expect: file:line:col: message`), and random damage to the
//! shipped workloads gives errors naming the file, never a panic.

use std::path::{Path, PathBuf};

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use ringbench::workload::{self, WorkloadError};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workloads/invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_invalid_fixture_fails_with_its_message() {
    let files = fixtures();
    assert!(files.len() >= 20, "only {} fixtures", files.len());
    let mut failures = Vec::new();
    for path in files {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(&path).expect("readable fixture");
        let expected = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{file}: the first line must be '# expect: <message>'"));
        match workload::load(&file, &text) {
            Ok(_) => failures.push(format!("{file}: loaded, expected\n    {expected}")),
            Err(e) if e.to_string().contains(expected) => {}
            Err(e) => failures.push(format!(
                "{file}:\n    expected {expected}\n    actual   {e}"
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn resolve_finds_files_and_shipped_names() {
    let (path, text) = workload::resolve("kv-mixed").expect("shipped by name");
    assert!(path.is_none());
    assert!(text.contains("name: kv-mixed"));
    let (path, _) = workload::resolve("workloads/lwt.yaml").expect("by path");
    assert_eq!(path, Some(PathBuf::from("workloads/lwt.yaml")));
    match workload::resolve("no-such-workload") {
        Err(e @ WorkloadError::NotFound { .. }) => {
            let message = e.to_string();
            assert!(
                message.contains("kv-mixed, timeseries, lwt, counters"),
                "{message}"
            );
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert!(matches!(
        workload::resolve("missing/dir/x.yaml"),
        Err(WorkloadError::Read { .. })
    ));
}

/// Damage `text` a little: delete, duplicate or insert characters, or cut it short.
fn damage(text: &str, rng: &mut SmallRng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.random_range(1..4) {
        if chars.is_empty() {
            break;
        }
        let at = rng.random_range(0..chars.len());
        match rng.random_range(0..5) {
            0 => {
                chars.remove(at);
            }
            1 => chars.insert(
                at,
                *b"{}[]:,-'\"&*!|> \n#%?9k"
                    .get(rng.random_range(0..21))
                    .unwrap_or(&b' ') as char,
            ),
            2 => chars.truncate(at),
            3 => {
                let c = chars[at];
                chars.insert(at, c);
            }
            _ => chars[at] = 'x',
        }
    }
    chars.into_iter().collect()
}

#[test]
fn damaged_workloads_never_panic() {
    let mut rng = SmallRng::seed_from_u64(2024);
    let mut rejected = 0;
    let rounds = 300;
    for (name, text) in workload::shipped() {
        for _ in 0..rounds {
            let broken = damage(text, &mut rng);
            let outcome = std::panic::catch_unwind(|| workload::load(name, &broken).map(|_| ()));
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    rejected += 1;
                    let message = e.to_string();
                    assert!(
                        message.starts_with(name),
                        "error without the file name: {message}"
                    );
                }
                Err(_) => panic!("workload::load panicked on this input:\n{broken}"),
            }
        }
    }
    // Most random damage breaks something; make sure the test exercises errors.
    assert!(
        rejected > rounds,
        "only {rejected} damaged files were rejected"
    );
}
