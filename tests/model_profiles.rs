//! The `model:` section of embedded profiles: what a full section and an empty one load as,
//! the shipped modelled profiles (their comments' capacity claims checked against the
//! formula), and `ringbench serve --explain`. The positioned errors of the files in
//! tests/data/profiles/model-invalid/ are checked with the other invalid profiles, in
//! tests/profile/loading.rs.

use std::time::Duration;

use cassandra_protocol::consistency::Consistency;
use clap::Parser as _;
use ringbench::cli::{Cli, Command, ServeArgs};
use ringbench::node::exec::RequestClass;
use ringbench::node::model::{
    capacity, Capacity, Distribution, ErrorInjection, InjectedKind, ModelConfig, NodeOverride,
    Outage, ServiceTimes, Stalls,
};
use ringbench::profile::{self, ProfileError};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn us(n: u64) -> Duration {
    Duration::from_micros(n)
}

fn load(text: &str) -> Result<ModelConfig, ProfileError> {
    let p = profile::load("test.yaml", None, text)?;
    Ok(p.model()
        .cloned()
        .unwrap_or_else(|| panic!("no model in {text}")))
}

fn loaded(text: &str) -> ModelConfig {
    load(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The defaults docs/profile.md promises for what a section leaves out.
fn documented_defaults() -> ModelConfig {
    ModelConfig {
        shards: 4,
        queue_limit: None,
        service: ServiceTimes {
            read: Distribution::LogNormal {
                median: us(500),
                p99: ms(2),
            },
            write: Distribution::Fixed(us(300)),
            lwt: Distribution::Fixed(ms(1)),
            batch: Distribution::Fixed(ms(1)),
            schema: Distribution::Fixed(ms(10)),
        },
        lwt_rounds: 4,
        stalls: None,
        errors: Vec::new(),
        nodes: Vec::new(),
        seed: 0,
    }
}

#[test]
fn an_empty_section_takes_the_documented_defaults() {
    let config = loaded("name: m\nembedded: { nodes: 2 }\nmodel: {}\n");
    assert_eq!(config, documented_defaults());
    assert_eq!(profile::default_model(), documented_defaults());
}

#[test]
fn without_a_section_there_is_no_model() {
    let p = profile::load("t.yaml", None, "name: m\nembedded: { nodes: 2 }\n")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.model(), None);
}

#[test]
fn every_key_of_a_full_section_lands_in_the_model() {
    let text = "\
name: full
embedded: { nodes: 3 }
model:
  shards: 2
  queue_limit: 16
  service:
    read: { uniform: { min: 1ms, max: 3ms } }
    write: { exponential: { mean: 400us } }
    lwt: { lognormal: { median: 1ms, p99: 5ms } }
    batch: { fixed: 2ms }
  lwt_rounds: 3
  stalls: { every: 2s, length: 300ms, jitter: 100ms, offset: 500ms }
  errors:
    - kind: write_timeout
      classes: [write, batch]
      probability: 0.25
      after: 20ms
      nodes: [1, 3]
    - { kind: overloaded, probability: 1 }
  nodes:
    3: { stalls: none, down: [{ at: 9s, for: 1s }, { at: 4s, for: 2s }] }
    2:
      slow: 2.5
      stalls: { every: 1s, length: 10ms }
  seed: 42
";
    let expected = ModelConfig {
        shards: 2,
        queue_limit: Some(16),
        service: ServiceTimes {
            read: Distribution::Uniform {
                min: ms(1),
                max: ms(3),
            },
            write: Distribution::Exponential { mean: us(400) },
            lwt: Distribution::LogNormal {
                median: ms(1),
                p99: ms(5),
            },
            batch: Distribution::Fixed(ms(2)),
            schema: Distribution::Fixed(ms(10)),
        },
        lwt_rounds: 3,
        stalls: Some(Stalls {
            every: ms(2000),
            length: ms(300),
            jitter: ms(100),
            offset: ms(500),
        }),
        errors: vec![
            ErrorInjection {
                kind: InjectedKind::WriteTimeout,
                classes: vec![RequestClass::Write, RequestClass::Batch],
                probability: 0.25,
                after: Some(ms(20)),
                nodes: vec![0, 2],
            },
            ErrorInjection {
                kind: InjectedKind::Overloaded,
                classes: vec![],
                probability: 1.0,
                after: None,
                nodes: vec![],
            },
        ],
        // 1-based in YAML, 0-based here, sorted by node; outages sorted by start.
        nodes: vec![
            NodeOverride {
                node: 1,
                slow_factor: 2.5,
                stalls: Some(Some(Stalls {
                    every: ms(1000),
                    length: ms(10),
                    jitter: Duration::ZERO,
                    offset: Duration::ZERO,
                })),
                down: vec![],
            },
            NodeOverride {
                node: 2,
                slow_factor: 1.0,
                stalls: Some(None),
                down: vec![
                    Outage {
                        at: ms(4000),
                        length: ms(2000),
                    },
                    Outage {
                        at: ms(9000),
                        length: ms(1000),
                    },
                ],
            },
        ],
        seed: 42,
    };
    assert_eq!(loaded(text), expected);
}

#[test]
fn queue_limit_none_is_unbounded() {
    let config = loaded("name: m\nembedded: { nodes: 1 }\nmodel: { queue_limit: none }\n");
    assert_eq!(config.queue_limit, None);
}

/// A shipped profile's model and node count.
fn shipped(name: &str) -> (ModelConfig, usize) {
    let p = profile::open(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let nodes = p.embedded_nodes().unwrap_or_else(|| panic!("{name}"));
    let model = p
        .model()
        .cloned()
        .unwrap_or_else(|| panic!("{name}: no model"));
    (model, nodes)
}

/// The capacity of `class` in a capacity table.
fn class_rate(c: &Capacity, class: RequestClass) -> f64 {
    c.per_class
        .iter()
        .find(|x| x.class == class)
        .map(|x| x.ops_per_s)
        .unwrap_or_else(|| panic!("no {class:?} in {c}"))
}

/// Capacity per class (read, write, lwt) at RF 3 and LOCAL_QUORUM.
fn read_write_lwt(name: &str) -> [f64; 3] {
    let (model, nodes) = shipped(name);
    let c = capacity(&model, nodes, 3, Consistency::LocalQuorum);
    [RequestClass::Read, RequestClass::Write, RequestClass::Lwt].map(|class| class_rate(&c, class))
}

fn assert_near(name: &str, actual: [f64; 3], claimed: [f64; 3]) {
    for (i, class) in ["read", "write", "lwt"].iter().enumerate() {
        let (a, c) = (actual[i], claimed[i]);
        assert!(
            (a - c).abs() <= 0.02 * c,
            "{name}: the comment claims {c} {class} ops/s, the formula gives {a}"
        );
    }
}

/// The capacities the shipped profiles' comments state, against the formula.
#[test]
fn shipped_profiles_have_the_capacity_their_comments_state() {
    assert_near(
        "embedded-3node",
        read_write_lwt("embedded-3node"),
        [20_000.0, 26_700.0, 3_000.0],
    );
    assert_near(
        "embedded-5node",
        read_write_lwt("embedded-5node"),
        [33_500.0, 44_400.0, 5_000.0],
    );
    let slow = read_write_lwt("embedded-3node-slow-node");
    assert_near("embedded-3node-slow-node", slow, [5_000.0, 6_700.0, 750.0]);
    let healthy = read_write_lwt("embedded-3node");
    let gc = read_write_lwt("embedded-3node-gc");
    let ratio = [0, 1, 2].map(|i| gc[i] / healthy[i]);
    assert_near("embedded-3node-gc (share of healthy)", ratio, [0.9; 3]);
    let over = read_write_lwt("embedded-overloaded");
    assert_near("embedded-overloaded", over, [1_500.0, 4_000.0, 375.0]);
    // kv-mixed (80% reads at LOCAL_ONE, 20% writes at LOCAL_QUORUM): the share of the
    // overloaded cluster's capacity its warm-up (2k ops/s) and steady (4k ops/s) phases use.
    let (model, nodes) = shipped("embedded-overloaded");
    let c = capacity(&model, nodes, 3, Consistency::LocalOne);
    let reads_at_one = class_rate(&c, RequestClass::Read);
    assert!((reads_at_one - 3_000.0).abs() < 1.0, "{c}");
    let used = |rate: f64| rate * (0.8 / reads_at_one + 0.2 / over[1]);
    assert!((used(2000.0) - 0.633).abs() < 0.01, "{}", used(2000.0));
    assert!((used(4000.0) - 1.267).abs() < 0.01, "{}", used(4000.0));
}

#[test]
fn the_gc_profile_staggers_pauses_that_never_overlap() {
    let (model, nodes) = shipped("embedded-3node-gc");
    let stalls: Vec<Stalls> = (0..nodes)
        .map(|n| {
            let own = model.nodes.iter().find(|o| o.node == n);
            match own.and_then(|o| o.stalls.clone()) {
                Some(s) => s,
                None => model.stalls.clone(),
            }
            .unwrap_or_else(|| panic!("node {n} has no stalls"))
        })
        .collect();
    // Windows [offset, offset + length + jitter) modulo the common period.
    let period = stalls[0].every;
    for (i, a) in stalls.iter().enumerate() {
        assert_eq!(a.every, period, "node {i}");
        for b in &stalls[i + 1..] {
            let gap = |x: &Stalls, y: &Stalls| {
                let d = (y.offset.as_nanos() + period.as_nanos() - x.offset.as_nanos())
                    % period.as_nanos();
                d >= (x.length + x.jitter).as_nanos()
            };
            assert!(gap(a, b) && gap(b, a), "{a:?} and {b:?} overlap");
        }
    }
}

#[test]
fn ringbench_list_shows_the_modelled_profiles() {
    let listing = ringbench::commands::list::render();
    for name in [
        "embedded-3node",
        "embedded-5node",
        "embedded-3node-gc",
        "embedded-3node-slow-node",
        "embedded-overloaded",
    ] {
        assert!(listing.contains(name), "{name} missing from:\n{listing}");
    }
}

fn serve_args(args: &[&str]) -> ServeArgs {
    let line = ["ringbench", "serve"].iter().chain(args.iter());
    match Cli::try_parse_from(line) {
        Ok(Cli {
            command: Command::Serve(a),
        }) => a,
        Ok(other) => panic!("{args:?} parsed as {other:?}"),
        Err(e) => panic!("{args:?} does not parse: {e}"),
    }
}

#[test]
fn explain_prints_the_capacity_of_the_profiles_model() {
    let args = serve_args(&["--explain", "--profile", "embedded-3node", "--rf", "2"]);
    let text = ringbench::commands::serve::explain(&args).unwrap_or_else(|e| panic!("{e:#}"));
    let (model, nodes) = shipped("embedded-3node");
    let table = capacity(&model, nodes, 2, Consistency::LocalQuorum).to_string();
    assert!(text.contains(&table), "{text}\nshould contain\n{table}");
    assert!(text.contains("RF 2 (--rf)"), "{text}");
    assert!(
        text.contains("LOCAL_QUORUM (the profile's consistency)"),
        "{text}"
    );

    let args = serve_args(&[
        "--explain",
        "--profile",
        "embedded-3node",
        "--consistency",
        "one",
    ]);
    let text = ringbench::commands::serve::explain(&args).unwrap_or_else(|e| panic!("{e:#}"));
    let table = capacity(&model, nodes, 3, Consistency::One).to_string();
    assert!(text.contains(&table), "{text}\nshould contain\n{table}");
    assert!(text.contains("RF 3 (the profile's replication)"), "{text}");
}

#[test]
fn explain_without_a_model_says_why() {
    for args in [
        &["--explain"][..],
        &["--explain", "--profile", "embedded-1node"],
    ] {
        let text = ringbench::commands::serve::explain(&serve_args(args))
            .unwrap_or_else(|e| panic!("{e:#}"));
        assert!(text.contains("no theoretical capacity"), "{text}");
    }
    let remote = ringbench::commands::serve::explain(&serve_args(&[
        "--explain",
        "--profile",
        "cassandra-example",
    ]));
    let message = remote.err().map(|e| format!("{e:#}")).unwrap_or_default();
    assert!(message.contains("running cluster"), "{message}");
}

#[test]
fn serve_flags_that_need_each_other_are_checked() {
    let parse =
        |args: &[&str]| Cli::try_parse_from(["ringbench", "serve"].iter().chain(args.iter())).err();
    assert!(parse(&["--rf", "3"]).is_some(), "--rf without --explain");
    assert!(parse(&["--nodes", "3", "--profile", "embedded-3node"]).is_some());
    assert!(parse(&["--explain", "--ground-truth", "t.json"]).is_some());
    assert!(parse(&["--profile", "embedded-3node", "--port", "0"]).is_none());
}
