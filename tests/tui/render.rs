//! The dashboard drawn into a test terminal in several states, checked against numbers
//! computed from the samples that were recorded.

use ratatui::style::Color;
use ringbench::metrics::ErrorClass;
use std::time::Duration;

use ringbench::results::format::{count, latency, rate, seconds};
use ringbench::tui::render::layout;
use ringbench::tui::{RunEvent, SegmentInfo, Theme};

use super::support::*;

#[test]
fn a_running_phase_shows_the_computed_percentiles_rates_and_nodes() {
    let (app, _, last) = live_app(Theme::color(), 3, 0);
    let screen = screen(&app, 100, 30);
    println!("{screen}");
    // Three identical intervals: the table's percentiles are those of the last one's values.
    let p50 = latency(quantile(&last.reads_us, 0.5));
    let p99 = latency(quantile(&last.reads_us, 0.99));
    let max = latency(quantile(&last.reads_us, 1.0));
    let read = row_with(&screen, &["read", &p99]);
    assert!(
        read.contains(&p50) && read.contains(&max),
        "read row: {read}\n{screen}"
    );
    // 1,000 reads per 1 s interval.
    assert!(read.contains(&rate(1000.0)), "read rate in: {read}");
    row_with(&screen, &["kv test", "embedded-1node"]);
    row_with(&screen, &["phase 1/1 'steady'", "RUNNING"]);
    // Target from the gauges, achieved from the last interval (1,050 requests in 1 s).
    row_with(&screen, &["target", &rate(RATE), "achieved", &rate(1050.0)]);
    row_with(&screen, &["no errors"]);
    // Node 2 served the slower half of the reads: its p99 is that half's.
    let slow: Vec<u64> = last.reads_us[500..].to_vec();
    row_with(&screen, &["127.0.7.2", &latency(quantile(&slow, 0.99))]);
}

#[test]
fn errors_are_counted_by_class() {
    let (app, _, last) = live_app(Theme::color(), 2, 7);
    let screen = screen(&app, 100, 30);
    println!("{screen}");
    let timeouts = count(2 * last.write_timeouts);
    row_with(&screen, &[ErrorClass::Timeout.name(), &timeouts]);
    row_with(&screen, &["write", &timeouts]);
    // 14 errors of 2 × 1,057 requests.
    row_with(&screen, &[&format!("{} of {}", count(14), count(2 * 1057))]);
}

#[test]
fn a_pause_and_the_help_are_shown() {
    let (mut app, mut feed, _) = live_app(Theme::color(), 1, 0);
    feed.apply(
        &mut app,
        RunEvent::Paused {
            resume_rate: Some(1_200.0),
        },
    );
    row_with(&screen(&app, 100, 30), &["PAUSED", &rate(1_200.0)]);
    app.ui.help = true;
    let help = screen(&app, 100, 30);
    row_with(&help, &["type an exact rate"]);
    row_with(&help, &["Esc or ? closes"]);
}

#[test]
fn a_continued_segment_counts_the_time_of_the_phase_before_it() {
    let (mut app, mut feed, _) = live_app(Theme::color(), 1, 0);
    feed.apply(
        &mut app,
        RunEvent::Segment(SegmentInfo {
            name: "steady (rate 1.2k)".into(),
            phase: 0,
            done: Duration::from_secs(20),
            done_ops: 20_000,
            gauges: steady_gauges(),
        }),
    );
    let screen = screen(&app, 100, 30);
    row_with(&screen, &["phase 1/1 'steady (rate 1.2k)'", "RUNNING"]);
    // Its gauges have not started: the phase is where the earlier segment left it.
    let label = format!(
        "{} / {}, {} left",
        seconds(20.0),
        seconds(60.0),
        seconds(40.0)
    );
    row_with(&screen, &[&label]);
    row_with(&screen, &["'steady (rate 1.2k)' so far"]);
}

#[test]
fn the_status_line_shows_a_rate_being_typed_or_nudged() {
    let (mut app, _, _) = live_app(Theme::color(), 1, 0);
    app.ui.input = Some("12k".into());
    row_with(&screen(&app, 80, 24), &["rate (ops/s", "12k"]);
    app.ui.input = None;
    app.ui.pending_rate = Some((1_100.0, t0()));
    row_with(&screen(&app, 80, 24), &["new rate", &rate(1_100.0)]);
}

#[test]
fn every_terminal_size_renders_without_panicking() {
    let (mut app, _, _) = live_app(Theme::color(), 2, 3);
    app.ui.help = true;
    for width in (1..=120).step_by(7).chain([20, 80]) {
        for height in (1..=40).step_by(3).chain([5, 24]) {
            let _ = draw(&app, width, height);
        }
    }
    app.ui.help = false;
    // 20x5 still says what runs and how to quit.
    let tiny = screen(&app, 20, 5);
    println!("{tiny}");
    row_with(&tiny, &["kv test"]);
    row_with(&tiny, &["q quit"]);
    // 80x24 has every panel.
    let panels = layout::layout(ratatui::layout::Rect::new(0, 0, 80, 24), 2, 2);
    for (name, panel) in [
        ("header", panels.header),
        ("throughput", panels.throughput),
        ("latency", panels.latency),
        ("operations", panels.operations),
        ("errors", panels.errors),
        ("nodes", panels.nodes),
        ("status", panels.status),
    ] {
        assert!(panel.is_some(), "80x24 lacks the {name} panel: {panels:?}");
    }
    assert!(!panels.compact_header);
}

#[test]
fn panels_stay_inside_the_screen_and_apart() {
    for width in 0..=150u16 {
        for height in 0..=50u16 {
            let area = ratatui::layout::Rect::new(0, 0, width, height);
            let p = layout::layout(area, 3, 3);
            let all: Vec<_> = [
                p.header,
                p.throughput,
                p.latency,
                p.operations,
                p.errors,
                p.nodes,
                p.status,
            ]
            .into_iter()
            .flatten()
            .collect();
            for (i, a) in all.iter().enumerate() {
                assert!(
                    area.contains(a.as_position()) && a.right() <= width && a.bottom() <= height,
                    "{a:?} outside {width}x{height}"
                );
                for b in &all[i + 1..] {
                    assert!(
                        !a.intersects(*b),
                        "{a:?} overlaps {b:?} at {width}x{height}"
                    );
                }
            }
        }
    }
}

#[test]
fn colours_are_accents_only_and_no_color_has_none() {
    let (app, _, _) = live_app(Theme::color(), 2, 3);
    let buffer = draw(&app, 100, 30);
    assert!(
        buffer.content().iter().all(|c| c.bg == Color::Reset),
        "a background colour was set"
    );
    assert!(
        buffer
            .content()
            .iter()
            .all(|c| !matches!(c.fg, Color::White | Color::Black)),
        "black or white text is unreadable on one of the backgrounds"
    );
    assert!(
        buffer.content().iter().any(|c| c.fg != Color::Reset),
        "no accent at all"
    );

    let (app, _, _) = live_app(Theme::for_no_color(Some("1".as_ref())), 2, 3);
    let buffer = draw(&app, 100, 30);
    assert!(
        buffer
            .content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "NO_COLOR=1 still coloured something"
    );
    assert_eq!(
        Theme::for_no_color(Some("".as_ref())),
        Theme::color(),
        "an empty NO_COLOR is unset"
    );
    assert_eq!(Theme::for_no_color(None), Theme::color());
}
