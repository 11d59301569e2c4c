//! Recorders, results on disk and `ringbench show`, checked against expectations computed from
//! known samples (see `results/scenario.rs`).

#[path = "results/scenario.rs"]
mod scenario;

use std::thread;

use hdrhistogram::serialization::interval_log::{IntervalLogIterator, LogEntry};
use ringbench::cli::ShowArgs;
use ringbench::metrics::{ErrorClass, Gauges, Registry, RunTotals};
use ringbench::results::{codec, format, RunResult};
use scenario::*;

#[test]
fn recorders_on_many_threads_merge_into_exact_counts_and_percentiles() {
    let registry = Registry::with_max_shards(vec!["read".into(), "write".into()], 3);
    let threads: Vec<_> = (0..4u64)
        .map(|t| {
            let mut recorder = registry.recorder();
            thread::spawn(move || {
                for i in (1..=READS).filter(|i| i % 4 == t) {
                    let node = if i % 2 == 0 { node_a() } else { node_b() };
                    let s = sample(0, i * US, (i % 10) * US, i * US, ok(2, None), node);
                    recorder.record(&s);
                }
                for k in (0..100u64).filter(|k| k % 4 == t) {
                    let outcome = match k {
                        0..=59 => ok(1, Some(true)),
                        60..=89 => ok(1, Some(false)),
                        _ => ringbench::metrics::SampleOutcome::Error(ErrorClass::Overloaded),
                    };
                    recorder.record(&sample(1, 0, 0, 2 * SEC, outcome, node_a()));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("recording thread");
    }
    let snapshot = registry.collect("steady", 10 * SEC, Gauges::default());
    let stats = &snapshot.stats;
    let (read, write) = (&stats.operations[0], &stats.operations[1]);

    assert_eq!(
        (read.name.as_str(), read.count(), read.rows),
        ("read", READS, 2 * READS)
    );
    let responses: Vec<u64> = (1..=READS).collect();
    let mut services: Vec<u64> = (1..=READS).map(|i| i - i % 10).collect();
    services.sort_unstable();
    for q in [0.5, 0.9, 0.99, 0.999] {
        let what = |kind: &str| format!("read {kind} at quantile {q}");
        assert_close(
            &what("response"),
            read.response.value_at_quantile(q),
            quantile(&responses, q),
        );
        assert_close(
            &what("service"),
            read.service.value_at_quantile(q),
            quantile(&services, q),
        );
    }
    assert_eq!(read.wait.value_at_quantile(0.99), 9, "waits are i % 10 µs");

    assert_eq!((write.ok, write.applied, write.not_applied), (90, 60, 30));
    let overloaded = write.error(ErrorClass::Overloaded);
    assert_eq!(overloaded.count, 10);
    let errors_hist = overloaded.response.as_ref().expect("an error histogram");
    assert_close(
        "overloaded response",
        errors_hist.value_at_quantile(0.5),
        2_000_000,
    );
    assert_eq!(
        write.response.len(),
        90,
        "errors stay out of the success histograms"
    );
    assert_eq!(write.error(ErrorClass::Timeout).count, 0);

    let count_of = |addr| {
        stats
            .nodes
            .iter()
            .find(|n| n.address == addr)
            .map(|n| (n.ok, n.errors))
    };
    assert_eq!(count_of(node_a()), Some((READS / 2 + 90, 10)));
    assert_eq!(count_of(node_b()), Some((READS / 2, 0)));

    let next = registry.collect("steady", 11 * SEC, Gauges::default());
    assert_eq!(
        (next.start_ns, next.end_ns, next.ops()),
        (10 * SEC, 11 * SEC, 0)
    );
    assert_eq!(next.index, snapshot.index + 1);
}

#[test]
fn totals_merge_histograms_across_intervals_and_keep_phases_apart() {
    let registry = Registry::with_max_shards(vec!["read".into()], 1);
    let mut recorder = registry.recorder();
    let mut totals = RunTotals::default();
    let mut record = |count: u64, response_us: u64| {
        for i in 0..count {
            recorder.record(&sample(0, i, 0, response_us * US, ok(0, None), node_a()));
        }
    };
    record(5, 50_000); // warm-up: slow
    totals.add(&registry.collect("warmup", SEC, Gauges::default()));
    record(990, 100);
    totals.add(&registry.collect("steady", 2 * SEC, Gauges::default()));
    record(10, 1_000_000);
    totals.add(&registry.collect("steady", 3 * SEC, Gauges::default()));

    assert_eq!(totals.phases.len(), 2);
    let steady = &totals.phases[1];
    let response = &steady.stats.operations[0].response;
    // 1,000 samples: 990 at 100 µs, 10 at 1 s. Merged, p99 is the 990th value (100 µs) and p99.9
    // is 1 s; averaging the two intervals' p99 would give ~500 ms.
    assert_close("steady p99", response.value_at_quantile(0.99), 100);
    assert_close("steady p99.9", response.value_at_quantile(0.999), 1_000_000);
    assert_eq!((steady.start_ns, steady.end_ns), (SEC, 3 * SEC));
    assert_close(
        "warm-up p50",
        totals.phases[0].stats.operations[0]
            .response
            .value_at_quantile(0.5),
        50_000,
    );
    assert!(
        (steady.achieved_rate() - 500.0).abs() < 1e-9,
        "1,000 requests in 2 s"
    );
    assert_eq!(steady.target_rate(), None, "no target rate: closed loop");
}

#[test]
fn histograms_round_trip_through_v2_deflate_base64() {
    let mut h = ringbench::metrics::histogram::new_latency();
    let mut x: u64 = 12345;
    for _ in 0..20_000 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        h.record((x >> 33) % 3_600_000_000 + 1).expect("in range");
    }
    let text = codec::encode(&h).expect("encode");
    let back = codec::decode(&text, "round trip").expect("decode");
    let pairs = |h: &ringbench::metrics::Latency| -> Vec<(u64, u64)> {
        h.iter_recorded()
            .map(|v| (v.value_iterated_to(), v.count_at_value()))
            .collect()
    };
    assert_eq!(pairs(&back), pairs(&h));
    assert_eq!(
        (back.len(), back.min(), back.max()),
        (h.len(), h.min(), h.max())
    );

    let err = codec::decode("not a histogram!", "phase steady, read response").unwrap_err();
    assert!(
        err.to_string().contains("phase steady, read response"),
        "{err}"
    );
}

#[test]
fn hlog_reads_back_with_the_interval_log_iterator() {
    let out = temp_dir("hlog");
    let (result, dir) = write_run(&out);
    let text = std::fs::read(dir.join(&result.files.hlog)).expect("read latency.hlog");
    let mut start_time = None;
    let mut base_time = None;
    let mut intervals = Vec::new();
    for entry in IntervalLogIterator::new(&text) {
        match entry.expect("every line parses") {
            LogEntry::StartTime(t) => start_time = Some(t),
            LogEntry::BaseTime(t) => base_time = Some(t),
            LogEntry::Interval(i) => intervals.push(i),
        }
    }
    let start = run_start()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    assert_eq!((start_time, base_time), (Some(start), Some(start)));

    let find = |tag: &str, start_s: u64| {
        intervals
            .iter()
            .find(|i| {
                i.tag().map(|t| t.as_str()) == Some(tag) && i.start_timestamp().as_secs() == start_s
            })
            .unwrap_or_else(|| panic!("no interval tagged {tag} starting at {start_s} s"))
    };
    // The load phase's interval, then each steady interval, decoded and counted.
    let load = find("write.response", 0);
    assert_eq!(
        codec::decode(load.encoded_histogram(), "load")
            .expect("decode")
            .len(),
        500
    );
    for n in 0..10u64 {
        let start_s = 1 + n;
        let reads = codec::decode(find("read.response", start_s).encoded_histogram(), "read")
            .expect("decode");
        assert_eq!(reads.len(), 1000, "interval {n}");
        assert_close("interval max", reads.max(), (n + 1) * 1000);
        let timeouts = find("write.error.timeout", start_s);
        assert_eq!(
            codec::decode(timeouts.encoded_histogram(), "t")
                .expect("decode")
                .len(),
            10
        );
        assert_eq!(find("read.wait", start_s).duration().as_secs(), 1);
        let node = format!("node.{}.response", node_b());
        assert_eq!(
            codec::decode(find(&node, start_s).encoded_histogram(), "n")
                .expect("decode")
                .len(),
            500
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn run_json_matches_the_schema_and_loads_back() {
    let out = temp_dir("schema");
    let (result, dir) = write_run(&out);
    let text = std::fs::read_to_string(dir.join("run.json")).expect("read run.json");
    let schema_path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/run.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("read the schema"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let instance: serde_json::Value = serde_json::from_str(&text).expect("run.json is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "run.json does not match {schema_path}:\n{}",
        errors.join("\n")
    );

    // The schema is not vacuous: a missing field and a wrong type are rejected.
    let mut broken = instance.clone();
    broken.as_object_mut().expect("object").remove("seed");
    assert!(
        !validator.is_valid(&broken),
        "run.json without a seed must be invalid"
    );
    let mut broken = instance.clone();
    broken["phases"][1]["operations"][0]["response"]["p99_us"] = serde_json::json!("fast");
    assert!(
        !validator.is_valid(&broken),
        "a latency that is not a number must be invalid"
    );

    assert_eq!(RunResult::load(&dir).expect("load"), result);
    assert!(
        !text.contains("hunter2"),
        "only environment variable names are recorded"
    );
    assert!(text.contains("RB_PASSWORD"));
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn result_holds_the_computed_summaries() {
    let out = temp_dir("model");
    let (result, dir) = write_run(&out);
    assert!(
        result
            .run_id
            .starts_with("20261122T130000Z-kv-test-embedded-1node"),
        "{}",
        result.run_id
    );
    assert_eq!(
        dir.file_name().and_then(|n| n.to_str()),
        Some(result.run_id.as_str())
    );
    let (load, steady) = (&result.phases[0], &result.phases[1]);
    assert!(load.closed_loop && load.target_rate.is_none());
    assert_eq!((load.ops, load.operations[1].response.p50_us), (500, 200));

    assert_eq!(
        (
            steady.ops,
            steady.errors,
            steady.behind_intervals,
            steady.max_backlog
        ),
        (11_000, 100, 1, 42)
    );
    assert!(
        (steady.achieved_rate - 1_100.0).abs() < 1e-6,
        "{}",
        steady.achieved_rate
    );
    assert!((steady.target_rate.unwrap_or(0.0) - TARGET_RATE).abs() < 1e-6);
    let read = &steady.operations[0];
    let sorted: Vec<u64> = (1..=READS).map(read_response_us).collect();
    for (what, got, q) in [
        ("p50", read.response.p50_us, 0.5),
        ("p99", read.response.p99_us, 0.99),
        ("p99.9", read.response.p999_us, 0.999),
    ] {
        assert_close(what, got, quantile(&sorted, q));
    }
    let write = &steady.operations[1];
    assert_eq!(
        (write.count, write.errors.timeout, write.errors.total()),
        (1_000, 100, 100)
    );
    assert_eq!(
        write.lwt.map(|l| (l.applied, l.not_applied)),
        Some((700, 200))
    );
    assert_close(
        "timeout p99",
        write.error_response["timeout"].p99_us,
        2_000_000,
    );
    let decoded = codec::decode(&read.histograms.response, "read").expect("decode");
    assert_eq!(decoded.len(), READS);
    assert_eq!(result.series.len(), 11);
    assert_eq!(result.series[6].backlog, 42);
    let warnings = result.warnings.join("\n");
    for expected in [
        // 10 intervals of 1,200 scheduled requests, 1,100 completed in each.
        "11,000 of the 12,000 requests the schedule asked for completed (8.3% short)",
        "fell behind in 1 of 10",
        "100 of 11,000 requests failed (timeout 100)",
    ] {
        assert!(
            warnings.contains(expected),
            "warnings lack '{expected}':\n{warnings}"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn show_prints_the_computed_numbers() {
    let out = temp_dir("show");
    let (result, dir) = write_run(&out);
    let args = |run: String| ShowArgs {
        run,
        out: out.clone(),
        tui: false,
    };
    let text =
        ringbench::commands::show::render(&args(result.run_id.clone())).expect("show by run id");
    println!("{text}");
    let sorted: Vec<u64> = (1..=READS).map(read_response_us).collect();
    let expected = [
        result.run_id.clone(),
        "Phase 'steady'".to_string(),
        "target 1,200 ops/s, achieved 1,100 ops/s".to_string(),
        format::count(READS),
        format::latency(quantile(&sorted, 0.99)),
        format::latency(quantile(&sorted, 0.999)),
        "77.8%".to_string(), // 700 applied of 900 conditional writes that completed
        "timeout 100".to_string(),
        "service time".to_string(), // the closed-loop load phase says what its latency is
        node_b().to_string(),
        dir.join("latency.hlog").display().to_string(),
    ];
    for needle in &expected {
        assert!(
            text.contains(needle.as_str()),
            "`show` output lacks '{needle}':\n{text}"
        );
    }
    let by_dir =
        ringbench::commands::show::render(&args(dir.display().to_string())).expect("show by dir");
    assert_eq!(by_dir, text);
    let missing = ringbench::commands::show::render(&args("no-such-run".into())).unwrap_err();
    assert!(
        format!("{missing:#}").contains("no saved run 'no-such-run'"),
        "{missing:#}"
    );
    let _ = std::fs::remove_dir_all(&out);
}
