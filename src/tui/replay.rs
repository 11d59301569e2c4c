//! A saved run in the dashboard (`ringbench show RUN --tui`): the time series comes from
//! run.json's per-interval series, the tables from the summary of the phase the cursor is in.
//! The cursor starts at the last interval; the scrub keys move it, and every panel shows the
//! run as it was at that interval.

use std::time::Duration;

use super::app::{App, RunState};
use super::feed::RunInfo;
use super::keys::Action;
use super::live::progress;
use super::series::{History, Point};
use super::tables::PhaseTable;
use super::theme::Theme;
use crate::results::{PhaseResult, RunResult};
use crate::schedule::PhaseLength;

/// A saved run being shown.
#[derive(Debug)]
pub struct ReplayFeed {
    result: RunResult,
}

impl ReplayFeed {
    /// The dashboard of `result`, at its last interval.
    pub fn open(result: RunResult, theme: Theme) -> (ReplayFeed, App) {
        let operations = result
            .phases
            .iter()
            .flat_map(|p| p.operations.iter().map(|o| o.name.clone()))
            .fold(Vec::<String>::new(), |mut names, name| {
                if !names.contains(&name) {
                    names.push(name);
                }
                names
            });
        let info = RunInfo {
            workload: result.workload.name.clone(),
            profile: result.profile.name.clone(),
            operations,
            phases: Vec::new(),
        };
        let mut app = App::new(&info, false, theme);
        app.history = History::of_points(result.series.iter().map(Point::of_row).collect());
        app.cursor = Some(app.history.len().saturating_sub(1));
        let feed = ReplayFeed { result };
        feed.show(&mut app);
        (feed, app)
    }

    /// Apply a scrub action.
    pub fn act(&self, app: &mut App, action: Action) {
        let last = app.history.len().saturating_sub(1) as i64;
        let at = app.cursor.unwrap_or(0) as i64;
        let to = match action {
            Action::Scrub(by) => at.saturating_add(by),
            Action::ScrubToEnd(end) => {
                if end {
                    last
                } else {
                    0
                }
            }
            _ => return,
        };
        app.cursor = Some(to.clamp(0, last.max(0)) as usize);
        self.show(app);
    }

    /// Set the header and tables for the interval at the cursor.
    pub fn show(&self, app: &mut App) {
        let at = app.end_index();
        let of = app.history.len();
        app.header.state = RunState::Replay {
            at: (at + 1).min(of),
            of,
        };
        let Some(point) = app.history.get(at) else {
            return;
        };
        let phase = self.phase_of(point);
        app.header.phase = Some(point.phase.clone());
        app.header.phase_pos = phase.map(|(i, _)| (i + 1, self.result.phases.len()));
        app.header.target = point.target;
        app.header.achieved = Some(point.achieved);
        app.header.in_flight = Some(point.in_flight);
        app.header.backlog = Some(point.backlog);
        app.header.behind = point.behind;
        app.header.progress = phase.map(|(_, p)| {
            let total = PhaseLength::Duration(secs(p.end_s - p.start_s));
            progress(total, secs(point.end_s - p.start_s), 0)
        });
        app.table = phase.map_or_else(PhaseTable::default, |(_, p)| PhaseTable::of_result(p));
    }

    /// The saved phase a point belongs to (by name, the one whose span holds it).
    fn phase_of(&self, point: &Point) -> Option<(usize, &PhaseResult)> {
        let named = || {
            self.result
                .phases
                .iter()
                .enumerate()
                .filter(|(_, p)| p.name == point.phase)
        };
        named()
            .find(|(_, p)| p.start_s <= point.end_s && point.end_s <= p.end_s + 1e-6)
            .or_else(|| named().next())
    }
}

/// Seconds read from a file as a duration (0 for anything negative or not a number).
fn secs(s: f64) -> Duration {
    Duration::try_from_secs_f64(s).unwrap_or_default()
}
