//! `show --tui`: a saved run (the known scenario of the results tests, written by the real
//! result writer and read back from disk) in the dashboard, scrubbed with keys.

use crossterm::event::KeyCode;
use ringbench::results::format::{count, latency};
use ringbench::results::RunResult;
use ringbench::tui::replay::ReplayFeed;
use ringbench::tui::{Action, Theme};

use super::scenario::{quantile, temp_dir, write_run, READS, TARGET_RATE};
use super::support::{key, row_with, screen, t0};

fn press(feed: &ReplayFeed, app: &mut ringbench::tui::App, code: KeyCode) {
    match app.key(key(code), t0()) {
        Some(Action::Quit { .. }) | None => {}
        Some(action) => feed.act(app, action),
    }
}

#[test]
fn a_saved_run_opens_at_its_end_and_scrubs_through_its_phases() {
    let out = temp_dir("tui-replay");
    let (_, dir) = write_run(&out);
    let result = match RunResult::load(&dir) {
        Ok(r) => r,
        Err(e) => panic!("reading back {}: {e}", dir.display()),
    };
    let intervals = result.series.len();
    assert_eq!(
        intervals, 11,
        "the scenario writes 1 load and 10 steady intervals"
    );
    let (feed, mut app) = ReplayFeed::open(result, Theme::color());

    let end = screen(&app, 100, 30);
    println!("{end}");
    row_with(&end, &[&format!("interval {intervals} / {intervals}")]);
    row_with(&end, &["phase 2/2 'steady'"]);
    // The table is the steady phase's summary: read p99 over its 10,000 reads.
    let reads: Vec<u64> = (1..=READS).collect();
    row_with(&end, &["read", &latency(quantile(&reads, 0.99))]);
    // 100 write timeouts; 20 of 90 conditional writes not applied.
    row_with(&end, &["timeout", &count(100)]);
    row_with(&end, &["write", "22.2%"]);
    // The latency chart needs an operation in a saved run.
    row_with(&end, &["press o"]);
    press(&feed, &mut app, KeyCode::Char('o'));
    assert!(!screen(&app, 100, 30).contains("press o"));

    // Interval 6 of the steady phase fell behind with a backlog of 42.
    press(&feed, &mut app, KeyCode::PageUp);
    press(&feed, &mut app, KeyCode::Right);
    let behind = screen(&app, 100, 30);
    row_with(&behind, &["interval 2 / 11"]);
    press(&feed, &mut app, KeyCode::PageDown);
    press(&feed, &mut app, KeyCode::Left);
    press(&feed, &mut app, KeyCode::Left);
    press(&feed, &mut app, KeyCode::Left);
    press(&feed, &mut app, KeyCode::Left);
    let behind = screen(&app, 100, 30);
    row_with(&behind, &["interval 7 / 11"]);
    row_with(&behind, &["backlog 42", "BEHIND SCHEDULE"]);
    row_with(&behind, &["target", &count(TARGET_RATE as u64)]);

    // The first interval is the closed-loop load phase: 500 writes.
    press(&feed, &mut app, KeyCode::Home);
    let start = screen(&app, 100, 30);
    row_with(&start, &["interval 1 / 11", "phase 1/2 'load'"]);
    row_with(&start, &["closed loop"]);
    row_with(&start, &["write", "200 µs"]);
    press(&feed, &mut app, KeyCode::End);
    row_with(&screen(&app, 100, 30), &["interval 11 / 11"]);
    let _ = std::fs::remove_dir_all(&out);
}
