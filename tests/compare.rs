//! `ringbench compare` on saved runs with known contents (`compare/fixture.rs`): values and
//! changes computed from the recorded samples, verdicts of a slower run and of same-distribution
//! noise, thresholds files, new error classes, warnings, phase selection, and the JSON (against
//! its schema), JUnit (parsed as XML), Markdown and HTML outputs.

#[path = "compare/fixture.rs"]
mod fixture;
#[path = "compare/synthetic.rs"]
mod synthetic;

use clap::Parser as _;
use fixture::{write_run, RunSpec, Scratch, Written};
use quick_xml::events::Event;
use ringbench::cli::{Cli, Command};
use ringbench::commands::compare::{execute, Compared};
use ringbench::compare::model::{CompareOutput, MetricRow};
use ringbench::report::Status;

/// `ringbench compare ARGS...` as the binary parses it, carried out in-process.
fn compare(args: &[&str]) -> anyhow::Result<Compared> {
    let line = ["ringbench", "compare"].iter().chain(args.iter());
    match Cli::try_parse_from(line) {
        Ok(Cli {
            command: Command::Compare(args),
        }) => execute(&args),
        Ok(other) => panic!("`compare {args:?}` parsed as {other:?}"),
        Err(e) => panic!("`compare {args:?}` does not parse: {e}"),
    }
}

fn ok(args: &[&str]) -> Compared {
    compare(args).unwrap_or_else(|e| panic!("`ringbench compare {}` failed: {e:#}", args.join(" ")))
}

fn dir(w: &Written) -> String {
    w.dir.display().to_string()
}

/// The row of `metric` for operation `op` in phase `steady` of comparison `run`.
fn row<'a>(out: &'a CompareOutput, run: usize, op: &str, metric: &str) -> &'a MetricRow {
    out.comparisons[run]
        .phases
        .iter()
        .find(|p| p.name == "steady")
        .and_then(|p| p.operations.iter().find(|o| o.name == op))
        .and_then(|o| o.metrics.iter().find(|m| m.metric == metric))
        .unwrap_or_else(|| panic!("no {op} {metric} in comparison {run}"))
}

#[test]
fn a_slower_run_is_a_regression_and_same_distribution_noise_is_not() {
    let scratch = Scratch::new("verdicts");
    let base = write_run(&scratch.dir, &RunSpec::new(1));
    let same = write_run(&scratch.dir, &RunSpec::new(2));
    let slow = write_run(
        &scratch.dir,
        &RunSpec {
            factor: 1.3,
            ..RunSpec::new(3)
        },
    );
    let compared = ok(&[&dir(&base), &dir(&same), &dir(&slow), "--format", "json"]);
    let out = &compared.output;

    // Values come from the recorded samples.
    for (q, name) in [(0.5, "p50"), (0.9, "p90"), (0.99, "p99"), (0.999, "p999")] {
        let expected = |w: &Written| Some(w.read_response.value_at_quantile(q) as f64);
        let r = row(out, 1, "read", &format!("response.{name}"));
        assert_eq!(
            (r.base, r.value),
            (expected(&base), expected(&slow)),
            "read {name}"
        );
        let (b, v) = (
            expected(&base).unwrap_or(0.0),
            expected(&slow).unwrap_or(0.0),
        );
        let change = r.change.unwrap_or(f64::NAN);
        assert!(
            (change - 100.0 * (v - b) / b).abs() < 1e-9,
            "read {name} change {change}"
        );
    }
    let max = row(out, 1, "read", "response.max");
    assert_eq!(max.value, Some(slow.read_response.max() as f64));
    assert_eq!((max.significant, max.status), (None, Status::Neutral));
    // 200 reads in each 1 s interval.
    assert_eq!(row(out, 0, "read", "throughput").base, Some(200.0));

    let same_verdict = out.comparisons[0].verdict;
    assert_ne!(
        same_verdict,
        Status::Regression,
        "same distribution: {}",
        compared.printed
    );
    let p99 = row(out, 1, "read", "response.p99");
    assert_eq!(p99.significant, Some(true), "{p99:?}");
    assert_eq!(p99.status, Status::Regression, "{p99:?}");
    assert_eq!((out.verdict, out.exit_code), (Status::Regression, 1));
    assert!(
        out.headline.starts_with("REGRESSION") && out.headline.contains("C read response p99 +"),
        "{}",
        out.headline
    );
    // Only the steady phase: the load phase is skipped unless asked for.
    let phases: Vec<&str> = out.comparisons[1]
        .phases
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(phases, ["steady"]);

    // The JSON printed is the model.
    let printed: serde_json::Value = serde_json::from_str(&compared.printed).expect("JSON");
    assert_eq!(printed, serde_json::to_value(out).expect("serializes"));
    let schema_path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/compare.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("read the schema"))
            .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let errors: Vec<String> = validator
        .iter_errors(&printed)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid against {schema_path}:\n{}",
        errors.join("\n")
    );
    let mut broken = printed.clone();
    broken["comparisons"][0]["phases"][0]["operations"][0]["metrics"][0]["base"] =
        serde_json::json!("fast");
    assert!(
        !validator.is_valid(&broken),
        "a string as a value must be invalid"
    );
}

/// The attributes of a start tag, by name.
fn attributes(e: &quick_xml::events::BytesStart) -> std::collections::BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.expect("a well-formed attribute");
            let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0);
            (
                a.key.as_ref().to_string(),
                value.expect("a well-formed value").into_owned(),
            )
        })
        .collect()
}

#[test]
fn junit_has_a_suite_per_run_a_case_per_metric_and_fails_the_regressions() {
    let scratch = Scratch::new("junit");
    let base = write_run(&scratch.dir, &RunSpec::new(4));
    let slow = write_run(
        &scratch.dir,
        &RunSpec {
            factor: 1.3,
            ..RunSpec::new(5)
        },
    );
    let other = write_run(&scratch.dir, &RunSpec::new(6));
    let compared = ok(&[&dir(&base), &dir(&slow), &dir(&other), "--format", "junit"]);
    let out = &compared.output;

    // (suite name, cases, failures) as the XML says, and the cases seen inside each suite.
    let mut suites: Vec<(String, usize, usize, usize, usize)> = Vec::new();
    let mut reader = quick_xml::Reader::from_str(&compared.printed);
    let mut depth_cases = 0;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == "testsuite" => {
                let a = attributes(&e);
                let count = |k: &str| a.get(k).and_then(|v| v.parse().ok()).unwrap_or(usize::MAX);
                suites.push((a["name"].clone(), count("tests"), count("failures"), 0, 0));
            }
            Event::Start(e) if e.name().as_ref() == "testcase" => {
                depth_cases += 1;
                if let Some(s) = suites.last_mut() {
                    s.3 += 1;
                }
            }
            Event::Start(e) if e.name().as_ref() == "failure" => {
                assert_eq!(depth_cases, 1, "a failure outside a testcase");
                if let Some(s) = suites.last_mut() {
                    s.4 += 1;
                }
            }
            Event::End(e) if e.name().as_ref() == "testcase" => depth_cases -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(
        suites.len(),
        2,
        "one testsuite per compared run: {suites:?}"
    );
    for ((name, tests, failures, cases, failed), c) in suites.iter().zip(&out.comparisons) {
        let metrics: usize = c
            .phases
            .iter()
            .flat_map(|p| &p.operations)
            .map(|o| o.metrics.len())
            .sum();
        let regressions = c
            .phases
            .iter()
            .flat_map(|p| &p.operations)
            .flat_map(|o| &o.metrics)
            .filter(|m| m.status == Status::Regression)
            .count();
        assert!(name.contains(&c.run.run_id), "{name}");
        assert_eq!((*tests, *cases), (metrics, metrics), "{name}: test cases");
        assert_eq!(
            (*failures, *failed),
            (regressions, regressions),
            "{name}: failures"
        );
    }
    assert!(suites[0].4 > 0, "the slower run fails: {suites:?}");
}

#[test]
fn thresholds_files_change_the_rules_per_operation() {
    let scratch = Scratch::new("thresholds");
    let base = write_run(&scratch.dir, &RunSpec::new(7));
    let slow = write_run(
        &scratch.dir,
        &RunSpec {
            factor: 1.3,
            ..RunSpec::new(8)
        },
    );
    let file = scratch.file(
        "thresholds.yaml",
        "rules:\n  p99: 50\noperations:\n  read:\n    p50: 5\n  nosuch:\n    p99: 1\n",
    );
    let file = file.display().to_string();
    let out = ok(&[&dir(&base), &dir(&slow), "--thresholds", &file]).output;
    let p99 = row(&out, 0, "read", "response.p99");
    assert_eq!(
        (p99.limit, p99.status),
        (Some(50.0), Status::Warning),
        "{p99:?}"
    );
    let p50 = row(&out, 0, "read", "response.p50");
    assert_eq!(
        (p50.limit, p50.status),
        (Some(5.0), Status::Regression),
        "{p50:?}"
    );
    assert!(
        out.warnings.iter().any(|w| w.contains("'nosuch'")),
        "{:?}",
        out.warnings
    );

    let bad = scratch.file("bad.yaml", "rules:\n  p99: 10\n  p98: 3\n");
    let err = compare(&[
        &dir(&base),
        &dir(&slow),
        "--thresholds",
        &bad.display().to_string(),
    ])
    .expect_err("an unknown key");
    let text = format!("{err:#}");
    assert!(text.contains(&format!("{}:3:3", bad.display())), "{text}");
}

#[test]
fn a_new_error_class_and_a_higher_error_rate_are_regressions() {
    let scratch = Scratch::new("errors");
    let base = write_run(&scratch.dir, &RunSpec::new(9));
    let failing = write_run(
        &scratch.dir,
        &RunSpec {
            write_timeouts: 2,
            ..RunSpec::new(10)
        },
    );
    let out = ok(&[&dir(&base), &dir(&failing)]).output;
    let class = row(&out, 0, "write", "errors.timeout");
    assert_eq!(class.status, Status::Regression);
    let rate = row(&out, 0, "write", "error_rate");
    // 2 of the 20 writes of every interval failed.
    assert_eq!(
        (rate.base, rate.value, rate.change),
        (Some(0.0), Some(10.0), Some(10.0))
    );
    assert_eq!((rate.change_unit, rate.status), ("pp", Status::Regression));
    assert_eq!(out.exit_code, 1);
}

#[test]
fn warnings_name_what_makes_a_comparison_less_trustworthy() {
    let scratch = Scratch::new("warnings");
    let base = write_run(&scratch.dir, &RunSpec::new(11));
    let odd = RunSpec {
        workload_hash: "ffffffffffffffffffff".into(),
        achieved_share: 0.9,
        intervals: 6,
        ..RunSpec::new(12)
    };
    let odd = write_run(&scratch.dir, &odd);
    let out = ok(&[&dir(&base), &dir(&odd)]).output;
    let all = out.warnings.join("\n");
    for expected in [
        "workload files differ",
        "run B missed its target rate",
        "fewer than 10",
    ] {
        assert!(all.contains(expected), "no '{expected}' in:\n{all}");
    }
    // Too few intervals: nothing is called significant.
    assert_eq!(row(&out, 0, "read", "response.p99").significant, None);
}

#[test]
fn phases_are_picked_by_name() {
    let scratch = Scratch::new("phases");
    let (a, b) = (
        write_run(&scratch.dir, &RunSpec::new(13)),
        write_run(&scratch.dir, &RunSpec::new(14)),
    );
    let out = ok(&[&dir(&a), &dir(&b), "--phase", "load"]).output;
    let phase = &out.comparisons[0].phases[0];
    let ops: Vec<&str> = phase.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        (phase.name.as_str(), ops),
        ("load", vec!["write"]),
        "reads never ran in load"
    );
    let err = compare(&[&dir(&a), &dir(&b), "--phase", "nope"]).expect_err("no such phase");
    assert!(
        format!("{err:#}").contains("has no phase 'nope'"),
        "{err:#}"
    );
    let renamed = RunSpec {
        operations: ["get".into(), "put".into()],
        ..RunSpec::new(15)
    };
    let c = write_run(&scratch.dir, &renamed);
    let err = compare(&[&dir(&a), &dir(&c)]).expect_err("nothing in common");
    assert!(
        format!("{err:#}").contains("no operation in common"),
        "{err:#}"
    );
}

#[test]
fn markdown_and_html_reports_are_written_with_their_plots() {
    let scratch = Scratch::new("files");
    let (a, b) = (
        write_run(&scratch.dir, &RunSpec::new(16)),
        write_run(&scratch.dir, &RunSpec::new(17)),
    );
    let md_dir = scratch.path("md");
    let compared = ok(&[
        &dir(&a),
        &dir(&b),
        "--format",
        "md",
        "--out",
        &md_dir.display().to_string(),
    ]);
    assert_eq!(
        compared.written.as_deref(),
        Some(md_dir.join("report.md").as_path())
    );
    assert!(
        compared.printed.contains("Method"),
        "the terminal gets the text report"
    );
    let md = std::fs::read_to_string(md_dir.join("report.md")).expect("report.md");
    let links: Vec<&str> = md
        .split("](")
        .skip(1)
        .filter_map(|s| s.split(')').next())
        .collect();
    assert!(
        links.iter().any(|l| l.contains("spectrum-steady-read")),
        "{links:?}"
    );
    for link in links.iter().filter(|l| l.ends_with(".png")) {
        let png = std::fs::read(md_dir.join(link)).unwrap_or_else(|e| panic!("{link}: {e}"));
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{link} is not a PNG");
    }
    let html_dir = scratch.path("html");
    ok(&[
        &dir(&a),
        &dir(&b),
        "--format",
        "html",
        "--out",
        &html_dir.display().to_string(),
    ]);
    let html = std::fs::read_to_string(html_dir.join("report.html")).expect("report.html");
    assert!(html.contains("<svg") && html.contains("ringbench compare: kv synthetic"));
    assert!(!html.contains("src=\"http"), "self-contained");
}
