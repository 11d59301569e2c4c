//! A run driven by dashboard controls in-process (the run's real drive loop against an
//! embedded cluster, the dashboard's end of the link played by the test): a pause ends the
//! phase, nothing runs while paused, and resuming continues the rest of the phase as a new
//! phase `main (resumed)`, so the paused time is in no phase.

use std::time::{Duration, Instant};

use ringbench::commands::run::{execute, RunOptions};
use ringbench::results::RunStatus;
use ringbench::tui::{link, Control, DashboardSide, RunEvent};
use tokio::sync::watch;

use super::run_support::{run_args, Scratch};

/// Wait for an event `wanted` accepts, skipping others.
async fn wait_for(side: &DashboardSide, what: &str, wanted: impl Fn(&RunEvent) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match side.events.try_recv() {
            Ok(event) if wanted(&event) => return,
            Ok(_) => continue,
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(e) => panic!("the run ended before {what}: {e}"),
        }
        assert!(Instant::now() < deadline, "no {what} within 20 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pause_ends_the_phase_and_resuming_continues_the_rest() {
    let scratch = Scratch::new("tui-pause");
    let out = scratch.results();
    let out = out.to_string_lossy();
    let line = [
        "kv-mixed",
        "--no-load",
        "--rate",
        "500",
        "--duration",
        "3s",
        "--seed",
        "3",
        "--out",
        &out,
    ];
    let (run_side, side) = link();
    let (_stop_tx, stop) = watch::channel(false);
    let mut options = RunOptions::headless(stop, Vec::new());
    options.dashboard = Some(run_side);
    let args = run_args(&line);
    let run = tokio::spawn(async move { execute(&args, options).await });

    wait_for(&side, "the phase's start", |e| {
        matches!(e, RunEvent::Segment(_))
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let _ = side.controls.send(Control::Pause);
    wait_for(&side, "the pause", |e| matches!(e, RunEvent::Paused { .. })).await;
    let paused = Duration::from_millis(1500);
    tokio::time::sleep(paused).await;
    let _ = side.controls.send(Control::Resume);
    wait_for(
        &side,
        "the resumed segment",
        |e| matches!(e, RunEvent::Segment(s) if s.name == "main (resumed)"),
    )
    .await;

    let outcome = match run.await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(e)) => panic!("the run failed: {e:#}"),
        Err(e) => panic!("the run panicked: {e}"),
    };
    let result = &outcome.result;
    assert_eq!(result.status, RunStatus::Completed);
    let names: Vec<&str> = result.phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["main", "main (resumed)"]);
    let (before, after) = (&result.phases[0], &result.phases[1]);
    let gap = after.start_s - before.end_s;
    assert!(
        gap >= paused.as_secs_f64() - 0.1,
        "the pause ({paused:?}) lies between the phases: gap {gap:.3} s"
    );
    // The two phases together last the phase's 3 s (plus the drain of each).
    let ran = (before.end_s - before.start_s) + (after.end_s - after.start_s);
    assert!(
        (2.9..3.5).contains(&ran),
        "the phases ran {ran:.3} s of 3 s"
    );
    assert!((after.target_rate.unwrap_or(0.0) - 500.0).abs() < 0.5);
    // No request of either phase waited through the pause.
    for phase in [before, after] {
        for op in &phase.operations {
            assert!(
                op.response.max_us < 1_000_000,
                "{} '{}' max {} µs",
                phase.name,
                op.name,
                op.response.max_us
            );
        }
    }
}
