//! `compare`, `baseline` and `matrix` through the real binary and the real runner: exit codes
//! (0 pass, 1 regression, 2 usage or data error), baselines saved, listed, protected and
//! compared against, and a matrix of two embedded clusters run end to end.

#[path = "compare/fixture.rs"]
mod fixture;
#[path = "compare/synthetic.rs"]
mod synthetic;

use std::process::Output;

use clap::Parser as _;
use fixture::{write_run, RunSpec, Scratch};
use ringbench::cli::{Cli, Command};
use ringbench::compare::Format;
use ringbench::results::RunResult;

/// `ringbench ARGS...`, with its exit code, stdout and stderr.
fn ringbench(args: &[&str]) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = std::process::Command::new(env!("CARGO_BIN_EXE_ringbench"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("start the ringbench binary");
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (status.code().unwrap_or(-1), text(stdout), text(stderr))
}

fn expect_code(args: &[&str], code: i32) -> (String, String) {
    let (got, stdout, stderr) = ringbench(args);
    assert_eq!(
        got,
        code,
        "`ringbench {}`\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        args.join(" ")
    );
    (stdout, stderr)
}

#[test]
fn exit_codes_say_pass_regression_or_error() {
    let scratch = Scratch::new("exit");
    let base = write_run(&scratch.dir, &RunSpec::new(21)).dir;
    let same = write_run(&scratch.dir, &RunSpec::new(22)).dir;
    let slow = write_run(
        &scratch.dir,
        &RunSpec {
            factor: 1.5,
            ..RunSpec::new(23)
        },
    )
    .dir;
    let (base, same, slow) = (
        base.display().to_string(),
        same.display().to_string(),
        slow.display().to_string(),
    );
    let (stdout, _) = expect_code(&["compare", &base, &same], 0);
    assert!(stdout.contains("PASS"), "{stdout}");
    let (stdout, stderr) = expect_code(&["compare", &base, &slow], 1);
    assert!(stdout.contains("REGRESSION"), "{stdout}");
    assert!(stderr.contains("REGRESSION"), "{stderr}");

    // Usage and data errors.
    let (_, stderr) = expect_code(&["compare", &base], 2);
    assert!(stderr.contains("at least one run"), "{stderr}");
    let missing = scratch.path("nope").display().to_string();
    let (_, stderr) = expect_code(&["compare", &base, &missing], 2);
    assert!(stderr.contains("no saved run"), "{stderr}");
    let (_, stderr) = expect_code(&["compare", &base, &same, "--format", "pdf"], 2);
    assert!(stderr.contains("pdf"), "{stderr}");
    let bad = scratch.file("t.yaml", "rules: { p99: fast }\n");
    let (_, stderr) = expect_code(
        &[
            "compare",
            &base,
            &same,
            "--thresholds",
            &bad.display().to_string(),
        ],
        2,
    );
    assert!(
        stderr.contains(&format!("{}:1:", bad.display())),
        "{stderr}"
    );

    // A damaged latency.hlog: a steady-phase read histogram cut short.
    let hlog = std::path::Path::new(&same).join("latency.hlog");
    let text = std::fs::read_to_string(&hlog).expect("read latency.hlog");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let victim = lines
        .iter()
        .position(|l| l.starts_with("Tag=read.response,5."))
        .expect("a read histogram at 5 s");
    let half = lines[victim].len() / 2;
    lines[victim].truncate(half);
    std::fs::write(&hlog, lines.join("\n")).expect("damage latency.hlog");
    let (_, stderr) = expect_code(&["compare", &base, &same], 2);
    let at = format!("line {} of", victim + 1);
    assert!(
        stderr.contains(&at) && stderr.contains("latency.hlog"),
        "{stderr}"
    );
}

#[test]
fn baselines_are_saved_listed_protected_and_compared_against() {
    let scratch = Scratch::new("baseline");
    let results = scratch.path("results");
    let out = results.display().to_string();
    let first = write_run(&results, &RunSpec::new(24)).dir;
    let later = write_run(
        &results,
        &RunSpec {
            factor: 1.5,
            ..RunSpec::new(25)
        },
    )
    .dir;
    let first_id = first
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();

    let (stdout, _) = expect_code(
        &["baseline", "save", "nightly", &first_id, "--out", &out],
        0,
    );
    assert!(stdout.contains("nightly"), "{stdout}");
    let saved = results.join("baselines/nightly/run.json");
    let original = RunResult::load(&first.join("run.json")).expect("the run loads");
    assert_eq!(
        RunResult::load(&saved).expect("the baseline loads"),
        original
    );
    assert!(results.join("baselines/nightly/latency.hlog").is_file());

    let (_, stderr) = expect_code(
        &["baseline", "save", "nightly", &first_id, "--out", &out],
        2,
    );
    assert!(stderr.contains("--force"), "{stderr}");
    let later_dir = later.display().to_string();
    expect_code(
        &[
            "baseline", "save", "nightly", &later_dir, "--out", &out, "--force",
        ],
        0,
    );
    let replaced = RunResult::load(&saved).expect("the new baseline loads");
    assert_ne!(replaced.run_id, original.run_id);
    expect_code(
        &[
            "baseline", "save", "nightly", &first_id, "--out", &out, "--force",
        ],
        0,
    );
    let (_, stderr) = expect_code(
        &["baseline", "save", "../escape", &first_id, "--out", &out],
        2,
    );
    assert!(stderr.contains("not a usable baseline name"), "{stderr}");

    let (stdout, _) = expect_code(&["baseline", "list", "--out", &out], 0);
    assert!(
        stdout.contains("nightly") && stdout.contains(&first_id),
        "{stdout}"
    );
    let (stdout, _) = expect_code(
        &[
            "compare",
            "--baseline",
            "nightly",
            &later_dir,
            "--results",
            &out,
        ],
        1,
    );
    assert!(stdout.contains("vs baseline nightly"), "{stdout}");
    let (_, stderr) = expect_code(
        &[
            "compare",
            "--baseline",
            "weekly",
            &later_dir,
            "--results",
            &out,
        ],
        2,
    );
    assert!(stderr.contains("no baseline 'weekly'"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_matrix_runs_each_profile_and_compares_them() {
    let scratch = Scratch::new("matrix");
    let out = scratch.path("results").display().to_string();
    let line = [
        "ringbench",
        "matrix",
        "kv-mixed",
        "--profile",
        "embedded-1node",
        "--profile",
        "embedded-3node",
        "--rate",
        "200",
        "--duration",
        "2s",
        "--no-load",
        "--out",
        &out,
        "--format",
        "json",
        "--tag",
        "suite=matrix",
    ];
    let args = match Cli::try_parse_from(line) {
        Ok(Cli {
            command: Command::Matrix(args),
        }) => args,
        other => panic!("the matrix command line does not parse: {other:?}"),
    };
    assert_eq!(args.format, Format::Json);
    let (_keep, stop) = tokio::sync::watch::channel(false);
    let outcome = ringbench::commands::matrix::execute(&args, stop, false)
        .await
        .unwrap_or_else(|e| panic!("the matrix failed: {e:#}"));

    let runs: Vec<RunResult> = outcome
        .runs
        .iter()
        .map(|d| RunResult::load(d).expect("each run's run.json"))
        .collect();
    let profiles: Vec<&str> = runs.iter().map(|r| r.profile.name.as_str()).collect();
    assert_eq!(profiles, ["embedded-1node", "embedded-3node"]);
    for r in &runs {
        assert_eq!(
            (r.seed, r.tags.get("suite").map(String::as_str)),
            (1, Some("matrix"))
        );
        let main = r
            .phases
            .iter()
            .find(|p| p.name == "main")
            .expect("a main phase");
        assert_eq!(
            main.scheduled_ops,
            Some(400),
            "{}: 200/s for 2 s",
            r.profile.name
        );
    }
    let report = outcome.report_dir.join("report.json");
    assert_eq!(outcome.compared.written.as_deref(), Some(report.as_path()));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report.json"))
            .expect("JSON");
    assert_eq!(json["base"]["profile"], "embedded-1node");
    assert_eq!(json["comparisons"][0]["run"]["profile"], "embedded-3node");
    assert_eq!(json["comparisons"][0]["phases"][0]["name"], "main");
    let output = &outcome.compared.output;
    // Two intervals per run: nothing can be significant, so nothing is a regression unless
    // errors appeared.
    assert!(
        output.warnings.iter().any(|w| w.contains("fewer than 10")),
        "{:?}",
        output.warnings
    );
    assert_eq!(output.exit_code, 0, "{}", outcome.compared.printed);
    assert!(outcome
        .compared
        .printed
        .contains("ringbench matrix: kv-mixed"));
}
