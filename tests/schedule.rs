//! The schedule's math: intended start times, totals, due counts and target rates for each
//! rate shape, checked against closed-form expectations computed here; plus the precise
//! timer's one hard guarantee (it never completes early).

use std::time::{Duration, Instant};

use ringbench::schedule::{PhaseLength, RateShape, Schedule, ScheduleError, Step, TimerHandle};

fn schedule(shape: RateShape, length: PhaseLength) -> Schedule {
    match Schedule::new(&shape, length) {
        Ok(s) => s,
        Err(e) => panic!("{shape:?} for {length:?} was refused: {e}"),
    }
}

fn secs(s: f64) -> PhaseLength {
    PhaseLength::Duration(Duration::from_secs_f64(s))
}

/// Intended start of `n` in seconds (fails the test when there is none).
fn at(s: &Schedule, n: u64) -> f64 {
    match s.intended_ns(n) {
        Some(ns) => ns as f64 / 1e9,
        None => panic!("request {n} has no intended start in {s:?}"),
    }
}

fn assert_close(what: &str, expected: f64, actual: f64, tolerance: f64) {
    assert!(
        (expected - actual).abs() <= tolerance,
        "{what}: expected {expected}, actual {actual} (tolerance {tolerance})"
    );
}

#[test]
fn constant_rate_spaces_requests_evenly_and_counts_the_phase() {
    let s = schedule(RateShape::Constant { rate: 2000.0 }, secs(3.0));
    assert_eq!(s.total_ops(), Some(6000), "2000 ops/s for 3 s");
    assert_eq!(s.duration(), Some(Duration::from_secs(3)));
    for n in [0u64, 1, 2, 999, 5999] {
        assert_close(&format!("request {n}"), n as f64 / 2000.0, at(&s, n), 1e-9);
    }
    assert_eq!(s.intended_ns(6000), None, "past the end");
    assert_eq!(s.target_rate_at(Duration::from_millis(1500)), Some(2000.0));
    // Due at t: every n with n / rate <= t.
    assert_eq!(s.due_by(Duration::ZERO), Some(1));
    assert_eq!(s.due_by(Duration::from_micros(499)), Some(1));
    assert_eq!(s.due_by(Duration::from_micros(500)), Some(2));
    assert_eq!(s.due_by(Duration::from_secs(1)), Some(2001));
    assert_eq!(
        s.due_by(Duration::from_secs(60)),
        Some(6000),
        "capped at the total"
    );
}

#[test]
fn an_op_count_fixes_the_total_and_the_duration_follows() {
    let s = schedule(RateShape::Constant { rate: 400.0 }, PhaseLength::Ops(1000));
    assert_eq!(s.total_ops(), Some(1000));
    assert_eq!(s.duration(), Some(Duration::from_millis(2500)));
    assert_close("last request", 999.0 / 400.0, at(&s, 999), 1e-9);
    assert_eq!(s.intended_ns(1000), None);
}

#[test]
fn a_fractional_rate_integral_rounds_up_to_whole_requests() {
    // 3.5 requests fit in 1 s at 3.5 ops/s: n = 0, 1, 2, 3 start before the end.
    let s = schedule(RateShape::Constant { rate: 3.5 }, secs(1.0));
    assert_eq!(s.total_ops(), Some(4));
    assert_close("request 3", 3.0 / 3.5, at(&s, 3), 1e-9);
}

#[test]
fn a_ramp_inverts_its_rate_integral() {
    let (from, to, d) = (100.0, 1100.0, 10.0);
    let s = schedule(RateShape::Ramp { from, to }, secs(d));
    let slope = (to - from) / d;
    // N(t) = from t + slope t² / 2; total = N(D) = (from + to) / 2 * D.
    assert_eq!(s.total_ops(), Some(((from + to) / 2.0 * d) as u64));
    for n in [0u64, 1, 50, 1000, 5999] {
        let t = at(&s, n);
        let integral = from * t + slope * t * t / 2.0;
        assert_close(&format!("N(intended({n}))"), n as f64, integral, 1e-5);
    }
    assert_close(
        "rate at 5 s",
        from + slope * 5.0,
        s.target_rate_at(Duration::from_secs(5)).unwrap_or(f64::NAN),
        1e-9,
    );
    // Start times get closer together as the rate climbs.
    let early = at(&s, 11) - at(&s, 10);
    let late = at(&s, 5001) - at(&s, 5000);
    assert!(late < early, "gaps: early {early} s, late {late} s");
}

#[test]
fn a_falling_ramp_down_to_zero_ends_on_time() {
    let s = schedule(
        RateShape::Ramp {
            from: 1000.0,
            to: 0.0,
        },
        secs(2.0),
    );
    assert_eq!(
        s.total_ops(),
        Some(1000),
        "area of the triangle: 1000 * 2 / 2"
    );
    let last = at(&s, 999);
    assert!(last < 2.0, "the last request starts before the end: {last}");
    // N(t) = 1000 t - 250 t²; the last request sits where N = 999.
    let expected = (1000.0 - (1000.0f64.powi(2) - 4.0 * 250.0 * 999.0).sqrt()) / 500.0;
    assert_close("request 999", expected, last, 1e-6);
    assert_eq!(s.target_rate_at(Duration::from_secs(5)), Some(0.0));
}

#[test]
fn a_ramp_from_zero_starts_with_a_request_at_zero() {
    let s = schedule(
        RateShape::Ramp {
            from: 0.0,
            to: 200.0,
        },
        secs(1.0),
    );
    assert_eq!(s.total_ops(), Some(100));
    assert_eq!(s.intended_ns(0), Some(0));
    // N(t) = 100 t², so t_n = sqrt(n / 100).
    assert_close("request 25", 0.5, at(&s, 25), 1e-9);
}

#[test]
fn a_ramp_bounded_by_ops_lasts_as_long_as_its_area_needs() {
    let s = schedule(
        RateShape::Ramp {
            from: 100.0,
            to: 300.0,
        },
        PhaseLength::Ops(400),
    );
    // Area (100 + 300) / 2 * D = 400 gives D = 2 s.
    assert_eq!(s.total_ops(), Some(400));
    assert_eq!(s.duration(), Some(Duration::from_secs(2)));
    assert_close(
        "rate at 1 s",
        200.0,
        s.target_rate_at(Duration::from_secs(1)).unwrap_or(0.0),
        1e-9,
    );
}

fn steps() -> RateShape {
    RateShape::Steps(vec![
        Step {
            rate: 100.0,
            duration: Duration::from_secs(1),
        },
        Step {
            rate: 0.0,
            duration: Duration::from_secs(1),
        },
        Step {
            rate: 1000.0,
            duration: Duration::from_secs(2),
        },
    ])
}

#[test]
fn steps_are_piecewise_constant_and_skip_idle_steps() {
    let s = schedule(steps(), secs(60.0));
    assert_eq!(
        s.total_ops(),
        Some(100 + 2000),
        "the steps end before the phase"
    );
    assert_eq!(s.duration(), Some(Duration::from_secs(4)));
    assert_close("request 99", 0.99, at(&s, 99), 1e-9);
    // Nothing is scheduled during the idle second; the third step starts at 2 s.
    assert_close("request 100", 2.0, at(&s, 100), 1e-9);
    assert_close("request 101", 2.001, at(&s, 101), 1e-9);
    assert_eq!(s.due_by(Duration::from_millis(1500)), Some(100));
    let rates: Vec<Option<f64>> = [0.5, 1.5, 3.0, 4.0, 10.0]
        .iter()
        .map(|t| s.target_rate_at(Duration::from_secs_f64(*t)))
        .collect();
    assert_eq!(
        rates,
        vec![
            Some(100.0),
            Some(0.0),
            Some(1000.0),
            Some(1000.0),
            Some(1000.0)
        ]
    );
}

#[test]
fn steps_stop_at_a_shorter_duration_or_op_count() {
    let by_time = schedule(steps(), secs(2.5));
    assert_eq!(by_time.total_ops(), Some(100 + 500));
    assert_eq!(by_time.duration(), Some(Duration::from_millis(2500)));
    let by_ops = schedule(steps(), PhaseLength::Ops(150));
    assert_eq!(by_ops.total_ops(), Some(150));
    assert_eq!(by_ops.duration(), Some(Duration::from_millis(2050)));
    let more_ops_than_steps = schedule(steps(), PhaseLength::Ops(1_000_000));
    assert_eq!(more_ops_than_steps.total_ops(), Some(2100));
    assert_eq!(more_ops_than_steps.duration(), Some(Duration::from_secs(4)));
}

#[test]
fn intended_starts_never_go_backwards() {
    let shapes = [
        RateShape::Constant { rate: 777.0 },
        RateShape::Ramp {
            from: 50.0,
            to: 2000.0,
        },
        RateShape::Ramp {
            from: 2000.0,
            to: 10.0,
        },
        steps(),
    ];
    for shape in shapes {
        let s = schedule(shape.clone(), secs(3.0));
        let total = s.total_ops().unwrap_or(0);
        let mut previous = 0u64;
        for n in 0..total {
            let t = s.intended_ns(n).unwrap_or(u64::MAX);
            assert!(
                t >= previous,
                "{shape:?}: request {n} at {t} ns < {previous} ns"
            );
            assert!(
                t < 3_000_000_001,
                "{shape:?}: request {n} at {t} ns is past the end"
            );
            // Due-by agrees with the start times: n is due at its own start.
            let due = s.due_by(Duration::from_nanos(t + 1)).unwrap_or(0);
            assert!(
                due > n,
                "{shape:?}: due_by({t} ns) = {due} does not include {n}"
            );
            previous = t;
        }
    }
}

#[test]
fn a_closed_loop_has_no_schedule() {
    let by_time = schedule(RateShape::Unlimited, secs(5.0));
    assert!(!by_time.is_rate_controlled());
    assert_eq!(by_time.total_ops(), None);
    assert_eq!(by_time.duration(), Some(Duration::from_secs(5)));
    assert_eq!(by_time.intended_ns(0), None);
    assert_eq!(by_time.due_by(Duration::from_secs(1)), None);
    assert_eq!(by_time.target_rate_at(Duration::from_secs(1)), None);
    let by_ops = schedule(RateShape::Unlimited, PhaseLength::Ops(10));
    assert_eq!((by_ops.total_ops(), by_ops.duration()), (Some(10), None));
}

#[test]
fn shapes_without_a_schedule_are_refused() {
    let refused = |shape: RateShape, length: PhaseLength| Schedule::new(&shape, length).err();
    assert_eq!(
        refused(RateShape::Constant { rate: 0.0 }, secs(1.0)),
        Some(ScheduleError::BadRate { rate: 0.0 })
    );
    assert!(matches!(
        refused(RateShape::Constant { rate: f64::NAN }, secs(1.0)),
        Some(ScheduleError::BadRate { .. })
    ));
    assert_eq!(
        refused(RateShape::Ramp { from: 0.0, to: 0.0 }, secs(1.0)),
        Some(ScheduleError::BadRamp { from: 0.0, to: 0.0 })
    );
    assert_eq!(
        refused(RateShape::Steps(vec![]), secs(1.0)),
        Some(ScheduleError::EmptySteps)
    );
    assert_eq!(
        refused(
            RateShape::Steps(vec![Step {
                rate: -1.0,
                duration: Duration::from_secs(1)
            }]),
            secs(1.0)
        ),
        Some(ScheduleError::BadStepRate {
            step: 1,
            rate: -1.0
        })
    );
    assert_eq!(
        refused(RateShape::Constant { rate: 10.0 }, PhaseLength::Ops(0)),
        Some(ScheduleError::ZeroLength)
    );
    assert_eq!(
        refused(RateShape::Unlimited, secs(0.0)),
        Some(ScheduleError::ZeroLength)
    );
}

#[tokio::test]
async fn the_precise_timer_never_wakes_early() {
    let timer = match TimerHandle::start() {
        Ok(t) => t,
        Err(e) => panic!("cannot start the timer thread: {e}"),
    };
    let other = timer.clone();
    let start = Instant::now();
    // Sub-millisecond gaps (below tokio's granularity), a spin-range gap, and a past deadline.
    for micros in [300u64, 650, 660, 1900, 2500, 2500, 0] {
        let deadline = start + Duration::from_micros(micros);
        timer.sleep_until(deadline).await;
        let now = Instant::now();
        assert!(now >= deadline, "woke {:?} early", deadline - now);
    }
    // A second handle works independently and concurrently.
    let (a, b) = (
        start + Duration::from_millis(4),
        start + Duration::from_millis(3),
    );
    tokio::join!(timer.sleep_until(a), other.sleep_until(b));
    assert!(Instant::now() >= a);
}
