//! Tests of `segment`: how a phase is cut into segments by pauses and rate changes, and
//! what the rest of a phase becomes.

use super::*;

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

fn phase(rate: RateShape, length: PhaseLength) -> PhasePlan {
    PhasePlan {
        name: "steady".into(),
        rate,
        length,
        mix: vec![(0, 1.0)],
        concurrency: None,
        first_cycle: 100,
    }
}

fn report(elapsed_s: f64, sent: u64, next_cycle: u64) -> PhaseReport {
    PhaseReport {
        phase: "steady".into(),
        start_ns: 1_000_000_000,
        end_ns: 1_000_000_000 + (elapsed_s * 1e9) as u64,
        rate_controlled: true,
        scheduled: None,
        sent,
        completed: sent,
        abandoned: 0,
        late_sends: 0,
        limit_waits: 0,
        target_rate: None,
        achieved_rate: 0.0,
        stopped: true,
        next_cycle,
        error_examples: Vec::new(),
    }
}

#[test]
fn a_rate_change_continues_the_rest_of_the_phase_at_a_constant_rate() {
    let plan = phase(
        RateShape::Constant { rate: 1000.0 },
        PhaseLength::Duration(secs(60.0)),
    );
    let mut names = Names::new(["steady".to_string()]);
    let first = Segment::first(&plan, 1);
    let next = first
        .next(&report(10.0, 10_000, 10_100), Some(12_000.0), &mut names)
        .expect("50 s are left");
    assert_eq!(next.plan.name, "steady (rate 12k)");
    assert_eq!(next.plan.rate, RateShape::Constant { rate: 12_000.0 });
    assert_eq!(next.plan.length, PhaseLength::Duration(secs(50.0)));
    assert_eq!(next.plan.first_cycle, 10_100, "cycles go on");
    assert_eq!(
        (next.phase, next.done, next.done_ops),
        (1, secs(10.0), 10_000)
    );
    // Back to 12k later: a new name, and the time before both segments counts.
    let again = next
        .next(&report(20.0, 240_000, 250_100), Some(12_000.0), &mut names)
        .expect("30 s are left");
    assert_eq!(again.plan.name, "steady (rate 12k) #2");
    assert_eq!(again.plan.length, PhaseLength::Duration(secs(30.0)));
    assert_eq!(again.done, secs(30.0));
}

#[test]
fn resuming_continues_the_shape_where_it_was() {
    let mut names = Names::default();
    // A ramp from 1k to 3k over 20 s, paused after 5 s: 1.5k to 3k over the last 15 s.
    let ramp = phase(
        RateShape::Ramp {
            from: 1000.0,
            to: 3000.0,
        },
        PhaseLength::Duration(secs(20.0)),
    );
    let next = Segment::first(&ramp, 0)
        .next(&report(5.0, 6_250, 0), None, &mut names)
        .expect("15 s are left");
    assert_eq!(next.plan.name, "steady (resumed)");
    assert_eq!(
        next.plan.rate,
        RateShape::Ramp {
            from: 1500.0,
            to: 3000.0
        }
    );
    assert_eq!(next.plan.length, PhaseLength::Duration(secs(15.0)));

    // Steps 100/s for 10 s then 200/s for 10 s, paused at 12 s: 200/s for 8 s.
    let steps = RateShape::Steps(vec![
        Step {
            rate: 100.0,
            duration: secs(10.0),
        },
        Step {
            rate: 200.0,
            duration: secs(10.0),
        },
    ]);
    let (shape, length) =
        rest(&steps, PhaseLength::Duration(secs(20.0)), secs(12.0), 1_400).expect("8 s left");
    assert_eq!(
        shape,
        RateShape::Steps(vec![Step {
            rate: 200.0,
            duration: secs(8.0)
        }])
    );
    assert_eq!(length, PhaseLength::Duration(secs(8.0)));

    // An operation count goes on with the requests not sent yet.
    let (shape, length) = rest(
        &RateShape::Unlimited,
        PhaseLength::Ops(1_000),
        secs(3.0),
        400,
    )
    .expect("600 requests left");
    assert_eq!(
        (shape, length),
        (RateShape::Unlimited, PhaseLength::Ops(600))
    );
}

#[test]
fn nothing_is_left_of_a_finished_phase() {
    let constant = RateShape::Constant { rate: 10.0 };
    assert_eq!(rest(&constant, PhaseLength::Ops(100), secs(9.0), 100), None);
    assert_eq!(
        rest(&constant, PhaseLength::Duration(secs(10.0)), secs(9.99), 99),
        None,
        "less than {MIN_REST:?} left"
    );
    let steps = RateShape::Steps(vec![Step {
        rate: 100.0,
        duration: secs(1.0),
    }]);
    assert_eq!(
        rest(&steps, PhaseLength::Duration(secs(5.0)), secs(1.5), 100),
        None,
        "past the last step"
    );
    let falling = RateShape::Ramp {
        from: 100.0,
        to: 0.0,
    };
    assert_eq!(
        rest(&falling, PhaseLength::Duration(secs(10.0)), secs(10.0), 500),
        None
    );
}

#[test]
fn short_rates_name_segments() {
    assert_eq!(short_rate(12_000.0), "12k");
    assert_eq!(short_rate(13_310.0), "13.3k");
    assert_eq!(short_rate(1_500_000.0), "1.5m");
    assert_eq!(short_rate(250.0), "250");
    assert_eq!(short_rate(2.5), "2.5");
}
