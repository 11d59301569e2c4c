//! What `ringbench capacity` refuses before it connects to anything, and what it does with
//! a search folder it cannot use: each error names the flag, objective or file.

use ringbench::capacity::{SearchRecord, SEARCH_FILE};
use ringbench::commands::capacity::{execute, CapacityOptions};
use tokio::sync::watch;

use super::support::{self, args, data, try_args, try_search, Scratch};

/// The error of a search expected to fail, with its causes.
async fn failure(line: &[&str]) -> String {
    match try_search(line).await {
        Ok(outcome) => panic!(
            "`ringbench capacity {line:?}` should fail; it wrote {}",
            outcome.dir.display()
        ),
        Err(e) => format!("{e:#}"),
    }
}

fn refused(line: &[&str], says: &[&str]) {
    match try_args(line) {
        Ok(parsed) => panic!("`ringbench capacity {line:?}` should be refused: {parsed:?}"),
        Err(e) => {
            let message = e.to_string();
            for part in says {
                assert!(
                    message.contains(part),
                    "{line:?}: '{part}' missing from: {message}"
                );
            }
        }
    }
}

#[test]
fn the_command_line_is_checked() {
    let parsed = args(&["kv-mixed", "--slo", "p99<=10ms", "--slo", "read.p99.9<1s"]);
    assert_eq!(parsed.slos.len(), 2);
    assert_eq!(parsed.slos[1].to_string(), "read.p99.9<1s");
    assert!(parsed.profiles.is_empty() && parsed.resume.is_none());
    let parsed = args(&[
        "kv-mixed",
        "--slo",
        "p99<=10ms",
        "--precision",
        "1%",
        "--start-rate",
        "5k",
    ]);
    assert_eq!(
        (parsed.precision, parsed.start_rate),
        (Some(0.01), Some(5000.0))
    );

    refused(&["kv-mixed"], &["--slo"]);
    refused(
        &["kv-mixed", "--slo", "p99>=10ms"],
        &["p99>=10ms", "upper bounds"],
    );
    refused(&["kv-mixed", "--slo", "p99<=10"], &["needs a unit"]);
    refused(
        &["kv-mixed", "--slo", "p99<=1ms", "--precision", "200%"],
        &["between 0 and 100%"],
    );
    refused(
        &["kv-mixed", "--resume", "somewhere"],
        &["cannot be used with"],
    );
    refused(
        &["--resume", "a", "--report", "b"],
        &["cannot be used with"],
    );
    // Resuming or reporting needs neither a workload nor an objective.
    assert!(try_args(&["--resume", "somewhere"]).is_ok());
    assert!(try_args(&["--report", "somewhere", "--slo", "p99<=1ms"]).is_ok());
}

#[tokio::test]
async fn inputs_are_checked_before_anything_runs() {
    let scratch = Scratch::new("inputs");
    let out = support::text(&scratch);
    let workload = data("writes.yaml");
    let profile = data("model-1node.yaml");
    let base = [workload.as_str(), "--profile", &profile, "--out", &out];

    let mut line = base.to_vec();
    line.extend(["--slo", "read.p99<=5ms"]);
    let error = failure(&line).await;
    assert!(
        error.contains("no operation 'read'") && error.contains("its operations: write"),
        "{error}"
    );
    let mut line = base.to_vec();
    line.extend([
        "--slo",
        "p99<=5ms",
        "--start-rate",
        "2k",
        "--max-rate",
        "1k",
    ]);
    let error = failure(&line).await;
    assert!(
        error.contains("--max-rate") && error.contains("start rate"),
        "{error}"
    );
    let mut line = base.to_vec();
    line.extend(["--slo", "p99<=5ms", "--step-duration", "0s"]);
    let error = failure(&line).await;
    assert!(error.contains("--step-duration"), "{error}");
    let made: Vec<_> = std::fs::read_dir(&scratch.dir)
        .map(|d| d.flatten().count())
        .into_iter()
        .collect();
    assert_eq!(made, vec![0], "nothing is written for a refused search");
}

#[tokio::test]
async fn a_search_stopped_before_its_first_step_can_be_resumed() {
    let scratch = Scratch::new("stopped");
    let out = support::text(&scratch);
    let workload = data("writes.yaml");
    let line = [workload.as_str(), "--slo", "p99<=5ms", "--out", &out];
    let (_tx, stop) = watch::channel(true);
    let options = CapacityOptions {
        stop,
        progress: false,
        command_line: Vec::new(),
    };
    let outcome = execute(&args(&line), options)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    assert!(outcome.interrupted);
    assert!(outcome.record.searches[0].steps.is_empty());
    assert_eq!(
        outcome.record.searches[0].profile, "embedded-1node",
        "the default profile"
    );
    let saved = SearchRecord::load(&outcome.dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved, outcome.record);
    let name = outcome
        .dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    assert!(
        name.is_some_and(|n| n.starts_with("capacity-")),
        "{}",
        outcome.dir.display()
    );
}

#[tokio::test]
async fn unusable_search_folders_are_named() {
    let scratch = Scratch::new("folders");
    let dir = support::text(&scratch);
    let error = failure(&["--resume", &dir]).await;
    assert!(
        error.contains(SEARCH_FILE) && error.contains(&dir),
        "{error}"
    );

    std::fs::write(scratch.dir.join(SEARCH_FILE), r#"{"schema_version": 99}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let error = failure(&["--resume", &dir]).await;
    assert!(error.contains("layout version 99"), "{error}");

    std::fs::write(scratch.dir.join(SEARCH_FILE), "{ not json").unwrap_or_else(|e| panic!("{e}"));
    let error = failure(&["--resume", &dir]).await;
    assert!(error.contains("not a capacity search file"), "{error}");
}
