//! The search on synthetic clusters: a step "passes" when its rate is at most a known
//! capacity, so the bracket the search ends with can be checked against the truth.

use super::*;

fn settings(start: f64, precision: f64) -> Settings {
    Settings {
        start_rate: start,
        precision,
        ..Settings::default()
    }
}

/// Runs the search against a cluster that sustains exactly `capacity`; returns the
/// conclusion and the rates tried, in order.
fn search(settings: &Settings, capacity: f64) -> (Conclusion, Vec<f64>) {
    let mut tried = Vec::new();
    let outcome = futures::executor::block_on(run(settings, Vec::new(), async |rate: f64| {
        tried.push(rate);
        Ok::<bool, ()>(rate <= capacity)
    }));
    match outcome {
        Ok(conclusion) => (conclusion, tried),
        Err(()) => panic!("the synthetic step never fails"),
    }
}

#[test]
fn probes_by_doubling_then_bisects_to_the_precision() {
    let s = settings(1000.0, 0.02);
    let (c, tried) = search(&s, 5300.0);
    assert_eq!(&tried[..4], &[1000.0, 2000.0, 4000.0, 8000.0], "{tried:?}");
    assert_eq!(
        tried[4], 6000.0,
        "the first bisection is the midpoint: {tried:?}"
    );
    assert_eq!(c.outcome, Outcome::Converged);
    let (lo, hi) = (c.sustainable.unwrap_or(0.0), c.failing.unwrap_or(0.0));
    assert!(
        lo <= 5300.0 && 5300.0 < hi,
        "bracket [{lo}, {hi}) must hold 5300"
    );
    assert!(hi - lo <= 0.02 * hi, "bracket [{lo}, {hi}) wider than 2%");
    // Doubling to 8000 then bisecting a 4000-wide bracket to 2% of ~5300: 4 + 6 steps.
    assert!(tried.len() <= 10, "{} steps: {tried:?}", tried.len());
}

#[test]
fn finds_every_capacity_within_the_precision() {
    let cases = [
        (10.0, 1.5),
        (1000.0, 37.0),
        (1000.0, 999.0),
        (1000.0, 1000.0),
        (1000.0, 1001.0),
        (1000.0, 2500.0),
        (1000.0, 77_777.0),
        (500.0, 1.2e6),
    ];
    for (start, capacity) in cases {
        for precision in [0.01, 0.02, 0.05] {
            let s = settings(start, precision);
            let (c, tried) = search(&s, capacity);
            let context = format!("capacity {capacity}, precision {precision}: {tried:?}");
            assert_eq!(c.outcome, Outcome::Converged, "{context}");
            let lo = c.sustainable.unwrap_or(f64::NAN);
            let hi = c.failing.unwrap_or(f64::NAN);
            assert!(lo <= capacity && capacity < hi, "[{lo}, {hi}) {context}");
            // Rounding to whole ops/s (2 decimals below 100) may keep a bracket one unit wider.
            let slack = if hi >= 100.0 { 1.0 } else { 0.01 };
            assert!(hi - lo <= precision * hi + slack, "[{lo}, {hi}) {context}");
        }
    }
}

#[test]
fn a_failing_start_rate_is_halved_until_a_step_passes() {
    let (c, tried) = search(&settings(1000.0, 0.02), 300.0);
    assert_eq!(&tried[..3], &[1000.0, 500.0, 250.0], "{tried:?}");
    assert_eq!(c.outcome, Outcome::Converged);
    assert!(c
        .sustainable
        .is_some_and(|lo| (0.98 * 300.0 - 1.0..=300.0).contains(&lo)));
}

#[test]
fn max_rate_caps_the_probe() {
    let s = Settings {
        max_rate: Some(3000.0),
        ..settings(1000.0, 0.02)
    };
    // The cluster takes more than the cap: the search stops at the cap.
    let (c, tried) = search(&s, 10_000.0);
    assert_eq!(tried, vec![1000.0, 2000.0, 3000.0]);
    assert_eq!(c.outcome, Outcome::MaxRate);
    assert_eq!(c.sustainable, Some(3000.0));
    assert!(
        c.notes.iter().any(|n| n.contains("at least")),
        "{:?}",
        c.notes
    );
    // Below the cap, the cap is the first failing step.
    let (c, tried) = search(&s, 2600.0);
    assert_eq!(&tried[..3], &[1000.0, 2000.0, 3000.0]);
    assert_eq!(c.outcome, Outcome::Converged);
    assert!(c.sustainable.is_some_and(|lo| lo <= 2600.0));
}

#[test]
fn nothing_passes_and_step_limit() {
    let (c, tried) = search(&settings(1000.0, 0.02), 0.5);
    assert_eq!(c.outcome, Outcome::NothingPasses);
    assert_eq!(c.sustainable, None);
    assert!(tried.iter().all(|r| *r >= 1000.0 / 128.0), "{tried:?}");
    assert_eq!(tried.len(), 8, "1000 halved down to 7.81: {tried:?}");

    let s = Settings {
        max_steps: 5,
        ..settings(1000.0, 0.001)
    };
    let (c, tried) = search(&s, 1234.0);
    assert_eq!(tried.len(), 5);
    assert_eq!(c.outcome, Outcome::StepLimit);
    assert!(c.sustainable.is_some() && c.failing.is_some());
}

#[test]
fn resuming_from_any_point_ends_where_an_uninterrupted_search_ends() {
    let s = settings(800.0, 0.02);
    let (whole, tried) = search(&s, 2345.0);
    for cut in 0..tried.len() {
        // The steps before the cut were on disk, in any order.
        let mut done: Vec<Probe> = tried[..cut]
            .iter()
            .map(|&rate| Probe {
                rate,
                passed: rate <= 2345.0,
            })
            .collect();
        done.reverse();
        let mut more = Vec::new();
        let resumed = futures::executor::block_on(run(&s, done, async |rate: f64| {
            more.push(rate);
            Ok::<bool, ()>(rate <= 2345.0)
        }));
        assert_eq!(resumed, Ok(whole.clone()), "cut after {cut} steps");
        assert_eq!(
            more,
            tried[cut..],
            "cut after {cut} steps: the steps still to run"
        );
    }
}

#[test]
fn a_step_error_stops_the_search_and_the_standing_says_incomplete() {
    let s = settings(1000.0, 0.02);
    let mut count = 0;
    let result = futures::executor::block_on(run(&s, Vec::new(), async |rate: f64| {
        count += 1;
        if count == 3 {
            return Err(format!("step at {rate} interrupted"));
        }
        Ok(true)
    }));
    assert_eq!(result, Err("step at 4000 interrupted".to_string()));
    let done = [1000.0, 2000.0].map(|rate| Probe { rate, passed: true });
    let standing = standing(&s, &done);
    assert_eq!(standing.outcome, Outcome::Incomplete);
    assert_eq!(standing.sustainable, Some(2000.0));
}

#[test]
fn noise_above_the_bracket_is_noted() {
    let done = [
        Probe {
            rate: 1000.0,
            passed: true,
        },
        Probe {
            rate: 2000.0,
            passed: false,
        },
        Probe {
            rate: 1500.0,
            passed: false,
        },
        Probe {
            rate: 2100.0,
            passed: true,
        },
    ];
    let c = standing(&settings(1000.0, 0.02), &done);
    assert_eq!((c.sustainable, c.failing), (Some(1000.0), Some(1500.0)));
    assert!(
        c.notes
            .iter()
            .any(|n| n.contains("2,100 ops/s passed although")),
        "{:?}",
        c.notes
    );
}

#[test]
fn rates_are_rounded_for_people() {
    assert_eq!(round_rate(2249.6), 2250.0);
    assert_eq!(round_rate(12.345), 12.35);
}
