//! Tests of the workload compiler on small inline workloads: every generator family and its
//! shorthands, rate shapes and lengths, defaults. The invalid-file fixtures are in
//! tests/workloads/invalid/ (tests/workload.rs).

use crate::generate::Value;
use crate::plan::{OperationKind, WorkloadPlan};
use crate::schedule::{PhaseLength, RateShape, Step};

use super::load;

/// A workload with one table, the given bindings, and an operation binding `b`.
fn with_bindings(bindings: &str) -> Result<WorkloadPlan, String> {
    let text = format!(
        "name: t\nschema: ['CREATE TABLE kv (k int PRIMARY KEY, v text)']\nbindings:\n{bindings}\n\
         operations:\n  op: {{ cql: 'SELECT v FROM kv WHERE k = :b' }}\n\
         phases: [{{ name: p, rate: 10, duration: 1s }}]\n"
    );
    load("t.yaml", &text)
        .map(|w| w.compile(None))
        .map_err(|e| e.to_string())
}

/// Binding `b`'s value in `cycle` (seed 1).
fn value_of(bindings: &str, cycle: u64) -> Value {
    let plan = with_bindings(bindings).unwrap_or_else(|e| panic!("{bindings}: {e}"));
    let index = plan.bindings.index_of("b").expect("binding b");
    plan.bindings.value(index, 1, cycle)
}

#[test]
fn shorthands_constants_references_and_bare_words() {
    assert_eq!(value_of("  b: 42", 0), Value::Int(42));
    assert_eq!(
        value_of("  b: { constant: hello }", 0),
        Value::Text("hello".into())
    );
    assert_eq!(
        value_of("  b: { constant: [1, x] }", 0),
        Value::List(vec![Value::Int(1), Value::Text("x".into())])
    );
    assert_eq!(value_of("  a: 7\n  b: a", 0), Value::Int(7));
    assert_eq!(value_of("  b: cycle", 12), Value::Int(12));
    assert!(matches!(value_of("  b: uuid", 0), Value::Uuid(u) if u.get_version_num() == 4));
    assert!(matches!(value_of("  b: timeuuid", 0), Value::TimeUuid(u) if u.get_version_num() == 1));
}

#[test]
fn numeric_families() {
    assert!(matches!(
        value_of("  b: { uniform: { min: 1, max: 3 } }", 5),
        Value::Int(1..=3)
    ));
    assert!(
        matches!(value_of("  b: { uniform: { min: 0, max: 1.5 } }", 5), Value::Float(f) if (0.0..1.5).contains(&f))
    );
    assert!(matches!(
        value_of("  b: { zipf: { n: 10k } }", 5),
        Value::Int(0..10_000)
    ));
    assert!(matches!(
        value_of(
            "  b: { normal: { mean: 5, stddev: 100, min: 0, max: 10, round: true } }",
            5
        ),
        Value::Int(0..=10)
    ));
    assert!(
        matches!(value_of("  b: { exponential: { mean: 2 } }", 5), Value::Float(f) if f >= 0.0)
    );
    assert!(
        matches!(value_of("  b: { log_normal: { mu: 0, sigma: 1 } }", 5), Value::Float(f) if f > 0.0)
    );
    assert!(
        matches!(value_of("  b: { log_normal: { median: 10, p99: 100 } }", 5), Value::Float(f) if f > 0.0)
    );
}

#[test]
fn cycle_families() {
    assert_eq!(
        value_of("  b: { sequence: { start: 100, step: 2, wrap: 3 } }", 4),
        Value::Int(102)
    );
    assert_eq!(value_of("  b: { sequence: {} }", 4), Value::Int(4));
    let image: Vec<Value> = (0..5)
        .map(|c| value_of("  b: { permutation: { n: 5 } }", c))
        .collect();
    let mut ints: Vec<i64> = image
        .iter()
        .map(|v| if let Value::Int(i) = v { *i } else { -1 })
        .collect();
    ints.sort();
    assert_eq!(ints, [0, 1, 2, 3, 4]);
    let ts = "  t: { clock: { start: 2024-01-02, step: 1s } }";
    assert_eq!(
        value_of(&format!("{ts}\n  b: t"), 3),
        Value::Timestamp(1_704_153_600_000 + 3000)
    );
    assert_eq!(
        value_of(
            &format!("{ts}\n  b: {{ bucket: {{ of: t, size: 1h, as: number }} }}"),
            3
        ),
        Value::Int(473_376)
    );
    assert_eq!(
        value_of(&format!("{ts}\n  b: {{ derived: \"t - 1s\" }}"), 3),
        Value::Timestamp(1_704_153_602_000)
    );
    let at = format!("{ts}\n  b: {{ timeuuid: {{ at: t }} }}");
    let Value::TimeUuid(u) = value_of(&at, 3) else {
        panic!("not a timeuuid")
    };
    let (secs, _) = u.get_timestamp().expect("v1").to_unix();
    assert_eq!(secs, 1_704_153_603);
}

#[test]
fn text_blob_choice_and_collections() {
    let Value::Text(t) = value_of("  b: { text: { length: 12, alphabet: ab } }", 0) else {
        panic!("not text")
    };
    assert_eq!(t.len(), 12);
    assert!(t.chars().all(|c| c == 'a' || c == 'b'), "{t}");
    let Value::Text(t) = value_of("  b: { text: { uniform: { min: 3, max: 5 } } }", 0) else {
        panic!("not text")
    };
    assert!((3..=5).contains(&t.len()));
    assert!(matches!(value_of("  b: { blob: 16 }", 0), Value::Blob(b) if b.len() == 16));
    assert!(matches!(value_of("  b: { blob: { size: 4 } }", 0), Value::Blob(b) if b.len() == 4));
    assert!(
        matches!(value_of("  b: { choice: [x, y] }", 0), Value::Text(s) if s == "x" || s == "y")
    );
    let weighted = "  b: { choice: [{ value: 1, weight: 1 }, { generator: { uniform: { min: 5, max: 6 } }, weight: 1 }] }";
    assert!(matches!(value_of(weighted, 0), Value::Int(1 | 5 | 6)));
    assert!(
        matches!(value_of("  b: { list: { size: 3, of: cycle } }", 9), Value::List(l) if l == vec![Value::Int(9); 3])
    );
    assert!(
        matches!(value_of("  b: { set: { size: 3, of: cycle } }", 9), Value::Set(s) if s == vec![Value::Int(9)])
    );
    let map =
        "  b: { map: { size: 2, keys: { uniform: { min: 0, max: 1000000 } }, values: uuid } }";
    assert!(matches!(value_of(map, 1), Value::Map(m) if m.len() == 2));
}

#[test]
fn generator_errors_name_the_problem() {
    let err = |b: &str| with_bindings(b).expect_err(b);
    assert!(err("  b: { text: { length: 5, alphabet: '' } }").contains("the alphabet is empty"));
    assert!(err("  b: { zipf: { n: 0 } }").contains("expected a count of at least 1, found 0"));
    assert!(err("  b: { clock: { start: yesterday, step: 1s } }")
        .contains("'yesterday' is not a timestamp"));
    assert!(err("  b: { bucket: { of: cycle, size: 1d, as: week } }")
        .contains("'week' is not a bucket format"));
    assert!(err("  b: { choice: [{ value: 1, weight: -1 }] }")
        .contains("a choice weight must be a positive number"));
    assert!(err("  b: { uniform: 5 }").contains("uniform expects a mapping of parameters"));
    assert!(err("  b: { uniform: { min: 1 } }").contains("uniform needs the parameter 'max'"));
    assert!(err("  b: { a: 1, c: 2 }").contains("expected a generator, found a mapping"));
    assert!(err("  uuid: 1\n  b: 2").contains("the binding name 'uuid' is also a generator's name"));
    assert!(err("  b-c: 1\n  b: 2").contains("'b-c' is not a usable binding name"));
}

/// A workload with the given phases section.
fn phases(section: &str) -> Result<WorkloadPlan, String> {
    let text = format!(
        "name: t\nbindings: {{ b: 1 }}\noperations:\n  r: {{ cql: 'SELECT v FROM kv WHERE k = :b', weight: 3 }}\n  \
         w: {{ cql: \"INSERT INTO kv (k, v) VALUES (:b, 'x')\" }}\nphases:\n{section}\n"
    );
    load("t.yaml", &text)
        .map(|w| w.compile(None))
        .map_err(|e| e.to_string())
}

#[test]
fn rate_shapes_lengths_and_mixes() {
    let plan = phases(
        "  - { name: a, rate: 2.5k, duration: 1m }\n  - { name: b, ops: 100, concurrency: 4 }\n  \
         - { name: c, rate: { ramp: { from: 1k, to: 3k } }, duration: 10s, mix: { w: 1 } }\n  \
         - name: d\n    rate: { steps: [{ rate: 100, duration: 1s }, { rate: 200, duration: 2s }] }",
    )
    .expect("valid phases");
    let p = &plan.phases;
    assert_eq!(p[0].rate, RateShape::Constant { rate: 2500.0 });
    assert_eq!(
        p[0].length,
        PhaseLength::Duration(std::time::Duration::from_secs(60))
    );
    assert_eq!(p[0].mix, vec![(0, 3.0), (1, 1.0)]);
    assert_eq!(p[1].rate, RateShape::Unlimited);
    assert_eq!(
        (p[1].length, p[1].concurrency),
        (PhaseLength::Ops(100), Some(4))
    );
    assert_eq!(
        p[2].rate,
        RateShape::Ramp {
            from: 1000.0,
            to: 3000.0
        }
    );
    assert_eq!(p[2].mix, vec![(1, 1.0)]);
    let second = std::time::Duration::from_secs(1);
    assert_eq!(
        p[3].rate,
        RateShape::Steps(vec![
            Step {
                rate: 100.0,
                duration: second
            },
            Step {
                rate: 200.0,
                duration: 2 * second
            }
        ])
    );
    assert_eq!(p[3].length, PhaseLength::Duration(3 * second));
    // Cycles: 150,001 scheduled in a; 100 in b; (1k+3k)/2 * 10 s + 1 in c.
    let firsts: Vec<u64> = p.iter().map(|p| p.first_cycle).collect();
    assert_eq!(firsts, [0, 150_001, 150_101, 150_101 + 20_001]);
}

#[test]
fn operation_defaults_and_settings() {
    let plan = phases("  - { name: a, rate: 1, duration: 1s }").expect("valid");
    let (r, w) = (&plan.operations[0], &plan.operations[1]);
    assert_eq!((r.kind, r.idempotent), (OperationKind::Read, true));
    assert_eq!((w.kind, w.idempotent), (OperationKind::Write, false));
    assert_eq!(r.consistency, None);
    assert_eq!(plan.keyspace.name, "ringbench_t");
    assert_eq!(
        plan.keyspace
            .replication
            .get("replication_factor")
            .map(String::as_str),
        Some("1")
    );
    assert_eq!(plan.content_hash.len(), 16);
}
