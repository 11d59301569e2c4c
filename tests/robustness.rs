//! `ringbench run` when things go wrong: Ctrl-C still writes what was measured (and exits
//! with 130), an unreachable cluster fails within seconds with a message naming it, and a
//! node that disappears mid-run produces counted errors and a complete result, not a crash.

#[path = "util/stall_proxy.rs"]
mod stall_proxy;
#[path = "run/support.rs"]
mod support;
mod util;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ringbench::commands::run::INTERRUPTED_EXIT_CODE;
use ringbench::results::{RunResult, RunStatus};
use stall_proxy::StallProxy;
use support::Scratch;

/// The run directory under `results`, once the run created it (polls for up to `limit`).
fn wait_for_run_dir(results: &Path, limit: Duration) -> Option<PathBuf> {
    let start = Instant::now();
    while start.elapsed() < limit {
        let found = std::fs::read_dir(results)
            .ok()
            .and_then(|mut entries| entries.find_map(|e| e.ok().map(|e| e.path())));
        if found.is_some() {
            return found;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn ctrl_c_stops_the_run_and_writes_what_was_measured() {
    let scratch = Scratch::new("ctrl-c");
    let results = scratch.results();
    let mut child = match Command::new(env!("CARGO_BIN_EXE_ringbench"))
        .args([
            "run",
            "kv-mixed",
            "--no-load",
            "--rate",
            "500",
            "--duration",
            "60s",
        ])
        .arg("--out")
        .arg(&results)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => panic!("cannot start ringbench: {e}"),
    };
    // The run directory appears once the schema is set up and the phase starts.
    let Some(run_dir) = wait_for_run_dir(&results, Duration::from_secs(10)) else {
        let _ = child.kill();
        panic!("the run did not start within 10 s");
    };
    std::thread::sleep(Duration::from_millis(1500));
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    assert!(
        kill.as_ref().is_ok_and(|s| s.success()),
        "kill -INT failed: {kill:?}"
    );
    let output = match child.wait_with_output() {
        Ok(o) => o,
        Err(e) => panic!("ringbench did not finish: {e}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let result = match RunResult::load(&run_dir.join("run.json")) {
        Ok(r) => r,
        Err(e) => panic!("no readable run.json after Ctrl-C ({e}); stderr:\n{stderr}"),
    };
    assert_eq!(result.status, RunStatus::Interrupted, "stderr:\n{stderr}");
    let ops: u64 = result.phases.iter().map(|p| p.ops).sum();
    // About 1.5 s at 500/s were measured; far fewer than the 30 000 planned.
    assert!(
        ops > 100 && ops < 10_000,
        "ops measured before Ctrl-C: {ops}"
    );
    assert!(
        stdout.to_lowercase().contains("interrupted"),
        "the summary should say so:\n{stdout}"
    );
    assert!(stderr.contains("interrupted"), "stderr:\n{stderr}");
    assert_eq!(
        output.status.code(),
        Some(i32::from(INTERRUPTED_EXIT_CODE)),
        "exit status after Ctrl-C (main.rs maps commands::run::Interrupted to {}); stderr:\n{stderr}",
        INTERRUPTED_EXIT_CODE
    );
}

/// Run against a profile whose only contact point is `contact`; return the error message and
/// how long it took to fail.
async fn fail_to_connect(contact: &str) -> (String, Duration) {
    let scratch = Scratch::new("unreachable");
    let profile = scratch.file(
        "nowhere.yaml",
        &format!(
            "name: nowhere\ndescription: nothing listens here\n\
             contact_points: [\"{contact}\"]\ndriver:\n  connect_timeout: 2s\n"
        ),
    );
    let profile = profile.to_string_lossy().into_owned();
    let started = Instant::now();
    let outcome = support::try_run(&scratch, &["kv-mixed", "--profile", &profile]).await;
    let elapsed = started.elapsed();
    match outcome {
        Ok(_) => panic!("a run against {contact} succeeded"),
        Err(e) => (format!("{e:#}"), elapsed),
    }
}

#[tokio::test]
async fn a_refused_contact_point_fails_at_once_with_a_clear_message() {
    // A port nothing listens on: bind one, then free it.
    let port = match std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(addr) => addr.port(),
        Err(e) => panic!("no free port: {e}"),
    };
    let contact = format!("127.0.0.1:{port}");
    let (message, elapsed) = fail_to_connect(&contact).await;
    assert!(
        message.contains(&contact),
        "the message should name {contact}: {message}"
    );
    assert!(
        message.contains("nowhere"),
        "the message should name the profile: {message}"
    );
    assert!(
        elapsed < Duration::from_secs(10),
        "took {elapsed:?}: {message}"
    );
}

#[tokio::test]
async fn a_silent_contact_point_fails_within_seconds() {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never routed, so connecting either hangs until the
    // connect timeout (2 s in the profile) or fails at once as unreachable.
    let (message, elapsed) = fail_to_connect("192.0.2.1:9042").await;
    assert!(message.contains("192.0.2.1:9042"), "{message}");
    assert!(
        elapsed < Duration::from_secs(10),
        "took {elapsed:?}: {message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_that_disappears_mid_run_gives_counted_errors_and_a_result() {
    let cluster = util::start(1).await;
    let node = cluster.addresses()[0];
    // The driver reaches the node only through the proxy (see stall_proxy::StallProxy::start);
    // closing the proxy is the node vanishing from the network.
    let proxy = StallProxy::start(node.ip(), node, None).await;
    let scratch = Scratch::new("node-down");
    let profile = support::remote_profile(&scratch, "vanishing", proxy.addr());
    let profile = profile.to_string_lossy().into_owned();
    let results = scratch.results();
    let args = [
        "kv-mixed",
        "--profile",
        &profile,
        "--no-load",
        "--rate",
        "500",
        "--duration",
        "4s",
    ];
    let run = support::run(&scratch, &args);
    let pull_the_plug = async {
        let dir = tokio::task::spawn_blocking(move || {
            wait_for_run_dir(&results, Duration::from_secs(10))
        })
        .await
        .ok()
        .flatten();
        assert!(dir.is_some(), "the run did not start within 10 s");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        proxy.close();
    };
    let (outcome, ()) = tokio::join!(run, pull_the_plug);
    cluster.shutdown().await;
    let result = &outcome.result;
    assert_eq!(result.status, RunStatus::Completed);
    let Some(main) = result.phases.iter().find(|p| p.name == "main") else {
        panic!("no main phase: {result:?}");
    };
    // Every scheduled request is accounted for: answered before the node vanished, or an
    // error after; none dropped, and the errors are classified.
    assert_eq!(main.ops, 2000, "requests of 4 s at 500/s");
    let ok: u64 = main.operations.iter().map(|o| o.ok).sum();
    let errors: u64 = main.operations.iter().map(|o| o.errors.total()).sum();
    assert!(
        ok >= 250,
        "requests answered before the node vanished: {ok}"
    );
    assert!(
        errors >= 500,
        "requests after the node vanished must be errors: {errors}"
    );
    assert_eq!(ok + errors, main.ops);
    assert_eq!(main.errors, errors);
    // The summary explains what failed.
    assert!(
        result
            .warnings
            .iter()
            .any(|w| w.contains("errors, for example")),
        "warnings: {:?}",
        result.warnings
    );
    assert!(outcome.run_dir.join("run.json").is_file());
}
