//! The live feed: turns the run's events into what the dashboard shows, on the dashboard's
//! thread. Interval snapshots become points of the charts and are merged into the current
//! segment's statistics for the tables (histograms merged, never percentiles averaged); the
//! header's in-flight, backlog and target rate are read straight from the segment's atomic
//! gauges at every refresh, so they move several times a second while the tables follow the
//! intervals.

use std::time::Duration;

use super::app::{App, PhaseProgress, RunState};
use super::feed::{RunEvent, RunInfo, SegmentInfo};
use super::series::Point;
use super::tables::PhaseTable;
use crate::metrics::{IntervalSnapshot, Stats};
use crate::results::format::{count, seconds};
use crate::schedule::PhaseLength;

/// The state the live feed keeps besides what the dashboard shows.
#[derive(Debug)]
pub struct LiveFeed {
    info: RunInfo,
    segment: Option<SegmentInfo>,
    /// The current segment's merged statistics and their span in seconds.
    stats: Stats,
    secs: f64,
}

impl LiveFeed {
    pub fn new(info: RunInfo) -> LiveFeed {
        let stats = Stats::new(&info.operations);
        LiveFeed {
            info,
            segment: None,
            stats,
            secs: 0.0,
        }
    }

    /// Apply one event of the run to `app`.
    pub fn apply(&mut self, app: &mut App, event: RunEvent) {
        match event {
            RunEvent::Segment(segment) => self.start_segment(app, segment),
            RunEvent::Interval(snapshot) => self.interval(app, &snapshot),
            RunEvent::Paused { resume_rate } => {
                app.header.state = RunState::Paused { resume_rate };
                app.header.in_flight = Some(0);
                app.header.backlog = Some(0);
                app.ui.paused = true;
            }
        }
    }

    fn start_segment(&mut self, app: &mut App, segment: SegmentInfo) {
        self.stats = Stats::new(&self.info.operations);
        self.secs = 0.0;
        app.header.phase = Some(segment.name.clone());
        app.header.phase_pos = Some((segment.phase + 1, self.info.phases.len()));
        app.header.state = RunState::Running;
        app.header.behind = false;
        app.ui.paused = false;
        app.table = PhaseTable::of_stats(table_title(&segment.name, 0.0), &self.stats, 0.0);
        self.segment = Some(segment);
        self.refresh(app);
    }

    fn interval(&mut self, app: &mut App, snapshot: &IntervalSnapshot) {
        app.history.push(Point::of_snapshot(snapshot));
        app.header.achieved = Some(snapshot.achieved_rate());
        app.header.behind = snapshot.gauges.falling_behind;
        let Some(segment) = self.segment.as_ref().filter(|s| s.name == snapshot.phase) else {
            return;
        };
        self.stats.add(&snapshot.stats);
        self.secs += snapshot.duration().as_secs_f64();
        app.table = PhaseTable::of_stats(
            table_title(&segment.name, self.secs),
            &self.stats,
            self.secs,
        );
    }

    /// Read the running segment's gauges now (in flight, backlog, target rate, progress).
    pub fn refresh(&self, app: &mut App) {
        let Some(segment) = self.segment.as_ref() else {
            return;
        };
        if app.header.state != RunState::Running {
            return;
        }
        let now = segment.gauges.snapshot();
        app.header.target = now.target_rate;
        app.header.in_flight = Some(now.in_flight);
        app.header.backlog = Some(now.backlog);
        let length = self
            .info
            .phases
            .get(segment.phase)
            .map(|(_, length)| *length);
        app.header.progress = length.map(|length| {
            progress(
                length,
                segment.done + now.elapsed,
                segment.done_ops + now.sent,
            )
        });
    }
}

fn table_title(segment: &str, secs: f64) -> String {
    format!("'{segment}' so far ({})", seconds(secs))
}

/// How far a phase of `length` is after `elapsed` and `sent` requests.
pub fn progress(length: PhaseLength, elapsed: Duration, sent: u64) -> PhaseProgress {
    match length {
        PhaseLength::Duration(total) => {
            let (done, all) = (elapsed.as_secs_f64(), total.as_secs_f64());
            PhaseProgress {
                ratio: ratio(done, all),
                label: format!(
                    "{} / {}, {} left",
                    seconds(done),
                    seconds(all),
                    seconds((all - done).max(0.0))
                ),
            }
        }
        PhaseLength::Ops(total) => PhaseProgress {
            ratio: ratio(sent as f64, total as f64),
            label: format!(
                "{} / {} ops, {}",
                count(sent.min(total)),
                count(total),
                seconds(elapsed.as_secs_f64())
            ),
        },
    }
}

/// `done / all` within 0 ..= 1 (0 when it is not a number).
pub fn ratio(done: f64, all: f64) -> f64 {
    let r = done / all;
    if r.is_finite() {
        r.clamp(0.0, 1.0)
    } else {
        0.0
    }
}
