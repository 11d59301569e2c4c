//! Tests of [`Bindings`] as a whole: determinism, derived values, reference checks and the
//! operation pick.

use super::derived;
use super::numeric::UniformInt;
use super::time::{Bucket, BucketFormat, Clock, DEFAULT_START_MS};
use super::*;

fn bindings() -> Bindings {
    let resolve = |name: &str| ["key", "ts", "from", "id"].iter().position(|n| *n == name);
    let expr = derived::parse("ts - 5m", &resolve).expect("valid expression");
    Bindings::new(vec![
        (
            "key".into(),
            Generator::UniformInt(UniformInt::new(0, 1_000_000_000).expect("valid")),
        ),
        (
            "ts".into(),
            Generator::Clock(Clock::new(DEFAULT_START_MS, 1_000_000).expect("valid")),
        ),
        ("from".into(), Generator::Derived(expr)),
        ("id".into(), Generator::Uuid),
        (
            "day".into(),
            Generator::Bucket(
                Bucket::new(86_400_000, BucketFormat::Text).expect("valid"),
                Box::new(Generator::Binding(1)),
            ),
        ),
    ])
    .expect("no circles")
}

fn values(b: &Bindings, seed: u64, cycle: u64) -> Vec<Value> {
    let mut out = Vec::new();
    b.generate(seed, cycle, &[0, 1, 2, 3, 4], &mut out);
    out
}

#[test]
fn same_seed_and_cycle_give_the_same_values() {
    let b = bindings();
    assert_eq!(values(&b, 42, 7), values(&b, 42, 7));
    // Asking for a subset in another order gives the same values.
    let mut subset = Vec::new();
    b.generate(42, 7, &[3, 0], &mut subset);
    let all = values(&b, 42, 7);
    assert_eq!(subset, vec![all[3].clone(), all[0].clone()]);
}

#[test]
fn different_seeds_or_cycles_differ() {
    let b = bindings();
    let (a, other_seed, other_cycle) = (values(&b, 1, 7), values(&b, 2, 7), values(&b, 1, 8));
    assert_ne!(a[0], other_seed[0]);
    assert_ne!(a[3], other_seed[3]);
    assert_ne!(a[0], other_cycle[0]);
    // The clock depends on the cycle only.
    assert_eq!(a[1], other_seed[1]);
}

#[test]
fn values_do_not_depend_on_binding_order() {
    let forward = Bindings::new(vec![
        ("a".into(), Generator::Uuid),
        ("b".into(), Generator::Uuid),
    ])
    .expect("valid");
    let backward = Bindings::new(vec![
        ("b".into(), Generator::Uuid),
        ("a".into(), Generator::Uuid),
    ])
    .expect("valid");
    assert_eq!(forward.value(0, 9, 3), backward.value(1, 9, 3));
}

#[test]
fn derived_values_see_the_same_cycle() {
    let b = bindings();
    for cycle in [0u64, 1, 90_000_000] {
        let v = values(&b, 5, cycle);
        let Value::Timestamp(ts) = v[1] else {
            panic!("ts is {:?}", v[1])
        };
        assert_eq!(ts, DEFAULT_START_MS + cycle as i64);
        assert_eq!(v[2], Value::Timestamp(ts - 300_000));
        let days = ts.div_euclid(86_400_000);
        let expected_day = time::format_ms(days * 86_400_000, false);
        assert_eq!(v[4], Value::Text(expected_day));
    }
}

#[test]
fn circles_are_refused_with_their_path() {
    let err = Bindings::new(vec![
        ("a".into(), Generator::Binding(1)),
        ("b".into(), Generator::Binding(2)),
        ("c".into(), Generator::Binding(0)),
    ])
    .expect_err("a circle");
    assert_eq!(
        err,
        GenerateError::Cycle {
            path: vec!["a".into(), "b".into(), "c".into(), "a".into()]
        }
    );
    assert!(Bindings::new(vec![("a".into(), Generator::Binding(5))]).is_err());
}

#[test]
fn pick_follows_weights_and_is_deterministic() {
    let weights = [1.0, 3.0, 0.0, 6.0];
    let draws = 20_000u64;
    let mut counts = [0u64; 4];
    for cycle in 0..draws {
        let i = pick(77, cycle, &weights);
        assert_eq!(i, pick(77, cycle, &weights));
        counts[i] += 1;
    }
    assert_eq!(counts[2], 0, "a zero weight was picked");
    for (i, expected) in [(0usize, 0.1), (1, 0.3), (3, 0.6)] {
        let observed = counts[i] as f64 / draws as f64;
        let tolerance = 5.0 * (expected * (1.0 - expected) / draws as f64).sqrt();
        assert!(
            (observed - expected).abs() < tolerance,
            "operation {i}: expected {expected}, observed {observed}"
        );
    }
    assert_eq!(pick(1, 1, &[]), 0);
    assert_eq!(pick(1, 1, &[0.0, 0.0]), 0);
}
