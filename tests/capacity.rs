//! `ringbench capacity` end to end, in-process through the same argument parsing as the
//! binary, against embedded reference clusters whose performance model makes the capacity
//! known in advance (tests/data/capacity: fixed 4 ms writes on 4 shards per node, so the
//! machine is not the limit): the capacity found is within 5% of `model::capacity` for 1, 3
//! and 5 nodes, 5 nodes sustain 5/3 of 3 nodes, a search stopped by its step limit resumes
//! where it stopped, and a search re-judged with a tighter objective stays consistent.
//!
//! Steps are short (0.5 s warm-up + 2 s measured, bisected to 1%) and start near the answer, so the whole
//! file stays around a minute. The searches run one at a time (`CLUSTERS`): two clusters
//! near saturation sharing the machine's cores would measure each other.

#[path = "capacity/inputs.rs"]
mod inputs;
#[path = "run/support.rs"]
mod run_support;
#[path = "capacity/support.rs"]
mod support;

use ringbench::capacity::report::comparison;
use ringbench::capacity::{Outcome, ProfileSearch, SearchRecord};
use ringbench::commands::capacity::load_search;
use support::{assert_near, assert_step_files, data, model_write_capacity, search, Scratch};

/// One capacity search at a time.
static CLUSTERS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The tolerance the issue asks for.
const TOLERANCE: f64 = 0.05;

/// The flags every search here uses: a loose latency objective, so the answer is where the
/// cluster saturates (the achieved-rate criterion), which is what the model's formula gives.
fn line<'a>(out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut line = vec![
        "--slo",
        "p99<=200ms",
        "--step-duration",
        "2s",
        "--precision",
        "1%",
        "--warmup",
        "0.5s",
        "--cooldown",
        "0.2s",
        "--seed",
        "7",
        "--out",
        out,
    ];
    line.extend_from_slice(extra);
    line
}

fn answer(search: &ProfileSearch) -> f64 {
    let Some(c) = &search.conclusion else {
        panic!("{}: no conclusion", search.profile_name);
    };
    assert_eq!(
        c.outcome,
        Outcome::Converged,
        "{}: {c:?}",
        search.profile_name
    );
    let (Some(lo), Some(hi)) = (c.sustainable, c.failing) else {
        panic!("{}: no bracket: {c:?}", search.profile_name);
    };
    assert!(
        hi - lo <= 0.01 * hi + 1.0,
        "{}: bracket [{lo}, {hi}) wider than --precision 1%",
        search.profile_name
    );
    lo
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_node_capacity_resumed_after_the_step_limit() {
    let _one = CLUSTERS.lock().await;
    let scratch = Scratch::new("one-node");
    let (workload, profile) = (data("writes.yaml"), data("model-1node.yaml"));
    let out = support::text(&scratch);
    let first = [
        &workload,
        "--profile",
        &profile,
        "--start-rate",
        "900",
        "--max-rate",
        "1200",
    ];
    let mut stopped_line = first.to_vec();
    stopped_line.extend(line(&out, &["--max-steps", "3"]));
    let stopped = search(&stopped_line).await;
    let s = &stopped.record.searches[0];
    assert_eq!(s.steps.len(), 3, "--max-steps 3");
    assert_eq!(
        s.conclusion.as_ref().map(|c| c.outcome),
        Some(Outcome::StepLimit)
    );
    assert_eq!(
        s.steps.iter().map(|s| s.rate).collect::<Vec<_>>()[..2],
        [900.0, 1200.0],
        "the probe doubles from the start rate, capped by --max-rate"
    );
    for step in &s.steps {
        assert_step_files(&stopped.dir, &s.dir, &step.dir);
    }

    // Resume with room for more steps: the three are reused, the search goes on.
    let dir = stopped.dir.to_string_lossy().into_owned();
    let resumed = search(&["--resume", &dir, "--max-steps", "40"]).await;
    assert_eq!(resumed.dir, stopped.dir);
    let r = &resumed.record.searches[0];
    assert!(
        r.steps.len() > 3,
        "the resumed search ran more steps: {}",
        r.steps.len()
    );
    assert_eq!(
        r.steps[..3],
        s.steps[..3],
        "the first three steps are reused as they were"
    );
    assert_eq!(
        r.steps.iter().map(|s| s.index).collect::<Vec<_>>(),
        (1..=r.steps.len() as u32).collect::<Vec<_>>()
    );
    for step in &r.steps {
        assert_step_files(&resumed.dir, &r.dir, &step.dir);
    }
    let expected = model_write_capacity(&profile);
    assert_near("1 node", answer(r), expected, TOLERANCE);
    assert_eq!(r.predicted_rate.map(f64::round), Some(expected.round()));

    // search.json on disk is what the search returned.
    let on_disk = SearchRecord::load(&resumed.dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(on_disk, resumed.record);
    assert_matches_schema(&resumed.dir.join("search.json"));

    // Re-judged with a tight objective: every passing step meets it, the answer can only drop,
    // and the lowest failing step misses it or its rate.
    let tight = support::args(&["--report", &dir, "--slo", "p99<=8ms"]);
    let rejudged = load_search(&tight, &resumed.dir).unwrap_or_else(|e| panic!("{e:#}"));
    let t = &rejudged.searches[0];
    for step in t.steps.iter().filter(|s| s.judgement.passed) {
        assert!(
            step.summary.response.p99_us <= 8_000,
            "step {} passed: {step:?}",
            step.index
        );
    }
    let c = t
        .conclusion
        .as_ref()
        .unwrap_or_else(|| panic!("no conclusion"));
    assert!(c.sustainable.unwrap_or(0.0) <= answer(r), "{c:?}");
    if let Some(hi) = c.failing {
        let failing = t
            .steps
            .iter()
            .find(|s| s.rate == hi)
            .unwrap_or_else(|| panic!("{hi}"));
        assert!(!failing.judgement.failures.is_empty(), "{failing:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_and_five_nodes_compared() {
    let _one = CLUSTERS.lock().await;
    let scratch = Scratch::new("three-five");
    let (workload, three, five) = (
        data("writes.yaml"),
        data("model-3node.yaml"),
        data("model-5node.yaml"),
    );
    let out = support::text(&scratch);
    let mut full = vec![
        workload.as_str(),
        "--profile",
        &three,
        "--profile",
        &five,
        "--start-rate",
        "900",
        "--max-rate",
        "1800",
        "--format",
        "md",
    ];
    full.extend(line(&out, &[]));
    let outcome = search(&full).await;
    let [s3, s5] = outcome.record.searches.as_slice() else {
        panic!(
            "two profiles, two searches: {:?}",
            outcome.record.searches.len()
        );
    };
    let (c3, c5) = (model_write_capacity(&three), model_write_capacity(&five));
    let (a3, a5) = (answer(s3), answer(s5));
    assert_near("3 nodes", a3, c3, TOLERANCE);
    assert_near("5 nodes", a5, c5, TOLERANCE);
    assert_near("5 nodes / 3 nodes", a5 / a3, 5.0 / 3.0, 2.0 * TOLERANCE);
    let sentence = comparison(&outcome.record).unwrap_or_else(|| panic!("no comparison"));
    assert_eq!(
        sentence,
        format!(
            "test-model-5node sustains {:.2}x the rate of test-model-3node at p99<=200ms",
            a5 / a3
        )
    );

    // The curve and the knee: every step is a point; the knee is one of them.
    for s in [s3, s5] {
        let knee = s
            .knee
            .unwrap_or_else(|| panic!("{}: no knee", s.profile_name));
        assert!(
            s.steps
                .iter()
                .any(|step| step.summary.achieved_rate == knee.throughput),
            "{}: the knee is a step",
            s.profile_name
        );
    }
    // The reports in every format, from the files alone.
    let dir = outcome.dir.to_string_lossy().into_owned();
    for format in ["md", "html", "text"] {
        let again = support::args(&["--report", &dir, "--format", format]);
        let record = load_search(&again, &outcome.dir).unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(
            record.searches[1].conclusion, s5.conclusion,
            "re-read unchanged"
        );
        let path = ringbench::capacity::output::write(&outcome.dir, again.format, &record)
            .unwrap_or_else(|e| panic!("{format}: {e}"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        // Up to the objective, which Markdown and HTML escape.
        let words = sentence.split(" at ").next().unwrap_or_default();
        assert!(text.contains(words), "{format} report lacks '{words}'");
    }
    assert!(outcome.dir.join("plots/capacity-curve.png").is_file());
    let html = std::fs::read_to_string(outcome.dir.join("report.html")).unwrap_or_default();
    assert!(html.contains("<svg"), "the HTML report inlines the curve");
}

/// `search.json` is valid against schemas/search.schema.json, and the schema is strict enough
/// to refuse a step whose rate is not a number.
fn assert_matches_schema(path: &std::path::Path) {
    let read = |p: &std::path::Path| -> serde_json::Value {
        let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", p.display()))
    };
    let schema_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join("search.schema.json");
    let schema = read(&schema_path);
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("{}: not a JSON Schema: {e}", schema_path.display()));
    let search = read(path);
    let errors: Vec<String> = validator
        .iter_errors(&search)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{} is not valid against {}:\n{}",
        path.display(),
        schema_path.display(),
        errors.join("\n")
    );
    let mut broken = search.clone();
    broken["searches"][0]["steps"][0]["rate"] = serde_json::json!("fast");
    assert!(
        !validator.is_valid(&broken),
        "a step rate that is not a number must be invalid"
    );
}
