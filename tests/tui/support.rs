//! Helpers for the dashboard tests: render an app into ratatui's `TestBackend` and read the
//! screen back as text; build a live dashboard fed with interval snapshots recorded through
//! the real recorders from known samples; press keys.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use ringbench::exec::PhaseGauges;
use ringbench::metrics::{ErrorClass, Gauges, IntervalSnapshot, Registry, Sample, SampleOutcome};
use ringbench::plan::PhasePlan;
use ringbench::schedule::{PhaseLength, RateShape};
use ringbench::tui::live::LiveFeed;
use ringbench::tui::{App, RunEvent, RunInfo, SegmentInfo, Theme};

pub const SEC: u64 = 1_000_000_000;
pub const US: u64 = 1_000;
/// The target rate of the live test phase.
pub const RATE: f64 = 1_000.0;

pub fn node(last: u8) -> SocketAddr {
    SocketAddr::from(([127, 0, 7, last], 9042))
}

/// Draw `app` on a `width` × `height` screen.
pub fn draw(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
        Ok(t) => t,
        Err(e) => panic!("a test terminal of {width}x{height}: {e}"),
    };
    if let Err(e) = terminal.draw(|frame| ringbench::tui::render::render(frame, app)) {
        panic!("drawing at {width}x{height}: {e}");
    }
    terminal.backend().buffer().clone()
}

/// The screen's rows as text.
pub fn rows(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .map(|y| (0..area.width).map(|x| buffer[(x, y)].symbol()).collect())
        .collect()
}

/// `app` on a screen of this size, as one string of rows.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    rows(&draw(app, width, height)).join("\n")
}

/// The first row of `screen` containing every one of `needles`, or a failure naming them.
pub fn row_with<'a>(screen: &'a str, needles: &[&str]) -> &'a str {
    match screen
        .lines()
        .find(|row| needles.iter().all(|n| row.contains(n)))
    {
        Some(row) => row,
        None => panic!("no row holds all of {needles:?}:\n{screen}"),
    }
}

/// What was recorded for one interval of the live test phase.
pub struct Recorded {
    /// Successful read response times, µs.
    pub reads_us: Vec<u64>,
    pub write_timeouts: u64,
}

/// The live test run: reads and writes, one 60 s phase 'steady' at [`RATE`].
pub fn info() -> RunInfo {
    RunInfo {
        workload: "kv test".into(),
        profile: "embedded-1node".into(),
        operations: vec!["read".into(), "write".into()],
        phases: vec![(
            "steady".into(),
            PhaseLength::Duration(Duration::from_secs(60)),
        )],
    }
}

pub fn steady_gauges() -> Arc<PhaseGauges> {
    let plan = PhasePlan {
        name: "steady".into(),
        rate: RateShape::Constant { rate: RATE },
        length: PhaseLength::Duration(Duration::from_secs(60)),
        mix: vec![(0, 0.9), (1, 0.1)],
        concurrency: None,
        first_cycle: 0,
    };
    match PhaseGauges::new(&plan) {
        Ok(g) => Arc::new(g),
        Err(e) => panic!("the test phase's gauges: {e}"),
    }
}

/// One interval ending at `end_s` of reads with response times `i * 10 µs` (i = 1..=1000)
/// split between two nodes (node 2 slower), 50 successful writes of 300 µs and `timeouts`
/// write timeouts of 2 s.
pub fn interval(
    registry: &Registry,
    end_s: u64,
    timeouts: u64,
    gauges: Gauges,
) -> (IntervalSnapshot, Recorded) {
    let mut recorder = registry.recorder();
    let base = (end_s - 1) * SEC;
    let mut reads_us = Vec::new();
    for i in 1..=1000u64 {
        let response = i * 10;
        reads_us.push(response);
        recorder.record(&Sample {
            operation: 0,
            intended_ns: base,
            sent_ns: base + 5 * US,
            completed_ns: base + response * US,
            outcome: SampleOutcome::Ok {
                rows: 1,
                applied: None,
            },
            coordinator: Some(node(if i > 500 { 2 } else { 1 })),
        });
    }
    for k in 0..50 + timeouts {
        let (outcome, response) = match k {
            0..50 => (
                SampleOutcome::Ok {
                    rows: 0,
                    applied: None,
                },
                300 * US,
            ),
            _ => (SampleOutcome::Error(ErrorClass::Timeout), 2 * SEC),
        };
        recorder.record(&Sample {
            operation: 1,
            intended_ns: base,
            sent_ns: base,
            completed_ns: base + response,
            outcome,
            coordinator: Some(node(1)),
        });
    }
    let snapshot = registry.collect("steady", end_s * SEC, gauges);
    let recorded = Recorded {
        reads_us,
        write_timeouts: timeouts,
    };
    (snapshot, recorded)
}

/// A live dashboard after the segment 'steady' started and `intervals` intervals (each
/// with `timeouts` write timeouts) came in; returns the last interval's samples.
pub fn live_app(theme: Theme, intervals: u64, timeouts: u64) -> (App, LiveFeed, Recorded) {
    let mut app = App::new(&info(), true, theme);
    let mut feed = LiveFeed::new(info());
    feed.apply(
        &mut app,
        RunEvent::Segment(SegmentInfo {
            name: "steady".into(),
            phase: 0,
            done: Duration::ZERO,
            done_ops: 0,
            gauges: steady_gauges(),
        }),
    );
    let registry = Registry::with_max_shards(info().operations, 1);
    registry.start_at(0);
    let mut last = None;
    for s in 1..=intervals {
        let gauges = Gauges {
            target_rate: Some(RATE),
            due: Some(s * RATE as u64),
            in_flight: 4,
            backlog: 0,
            falling_behind: false,
        };
        let (snapshot, recorded) = interval(&registry, s, timeouts, gauges);
        feed.apply(&mut app, RunEvent::Interval(Box::new(snapshot)));
        last = Some(recorded);
    }
    let last = last.unwrap_or(Recorded {
        reads_us: Vec::new(),
        write_timeouts: 0,
    });
    (app, feed, last)
}

/// The value at quantile `q` of `values` as HdrHistogram defines it (the smallest value with
/// at least q of the samples at or below it).
pub fn quantile(values: &[u64], q: f64) -> u64 {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// A fixed instant for key tests.
pub fn t0() -> Instant {
    Instant::now()
}
