//! The dashboard's whole state: what it shows (the header, the time series, the phase's
//! tables), how it shows it (the interaction state, the theme), and whether it is live. The
//! live and replay feeds ([`super::live`], [`super::replay`]) update what is shown; rendering
//! ([`super::render`]) only reads it.

use std::time::Instant;

use crossterm::event::KeyEvent;

use super::feed::RunInfo;
use super::keys::{Action, KeyContext, Ui};
use super::series::History;
use super::tables::{OpRow, PhaseTable};
use super::theme::Theme;

/// Intervals a live dashboard keeps for its charts (10 minutes of 1 s intervals).
pub const LIVE_HISTORY: usize = 600;

/// Where the run is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RunState {
    /// Connecting, creating the schema, preparing: no phase yet.
    Starting,
    Running,
    /// Paused between segments; the rate the run resumes at when one was set.
    Paused {
        resume_rate: Option<f64>,
    },
    /// A saved run, at interval `at` (1-based) of `of`.
    Replay {
        at: usize,
        of: usize,
    },
}

/// How far the current phase is.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseProgress {
    /// 0.0 ..= 1.0
    pub ratio: f64,
    /// e.g. `12.0 s / 60.0 s, 48.0 s left` or `1,234 / 20,000 ops`.
    pub label: String,
}

/// The header's facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub workload: String,
    pub profile: String,
    /// The phase (or segment) running or shown.
    pub phase: Option<String>,
    /// Its position among the run's phases, 1-based.
    pub phase_pos: Option<(usize, usize)>,
    pub progress: Option<PhaseProgress>,
    pub target: Option<f64>,
    pub achieved: Option<f64>,
    pub in_flight: Option<u64>,
    pub backlog: Option<u64>,
    /// The schedule is falling behind (last interval).
    pub behind: bool,
    pub state: RunState,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone)]
pub struct App {
    pub header: Header,
    pub history: History,
    /// The interval the charts end at (a replay's cursor); `None`: the latest.
    pub cursor: Option<usize>,
    pub table: PhaseTable,
    /// Operation names, in plan order.
    pub operations: Vec<String>,
    pub ui: Ui,
    pub theme: Theme,
    pub live: bool,
}

impl App {
    /// A dashboard for the run `info` describes, before any data.
    pub fn new(info: &RunInfo, live: bool, theme: Theme) -> App {
        App {
            header: Header {
                workload: info.workload.clone(),
                profile: info.profile.clone(),
                phase: None,
                phase_pos: None,
                progress: None,
                target: None,
                achieved: None,
                in_flight: None,
                backlog: None,
                behind: false,
                state: RunState::Starting,
            },
            history: History::with_capacity(LIVE_HISTORY),
            cursor: None,
            table: PhaseTable::default(),
            operations: info.operations.clone(),
            ui: Ui::default(),
            theme,
            live,
        }
    }

    /// What the keys need to know now.
    pub fn key_context(&self) -> KeyContext {
        KeyContext {
            live: self.live,
            rate: self.header.target.or(self.header.achieved),
            operations: self.operations.len(),
        }
    }

    /// Apply a key (see [`Ui::key`]).
    pub fn key(&mut self, key: KeyEvent, now: Instant) -> Option<Action> {
        let cx = self.key_context();
        self.ui.key(key, &cx, now)
    }

    /// The index of the interval the charts end at.
    pub fn end_index(&self) -> usize {
        self.cursor
            .unwrap_or_else(|| self.history.len().saturating_sub(1))
    }

    /// The rows of the operation table, with their operation's index: operations the phase
    /// uses (the load statement has no row in the main phases), and the selected one.
    pub fn shown_operations(&self) -> impl Iterator<Item = (usize, &OpRow)> {
        self.table
            .operations
            .iter()
            .enumerate()
            .filter(|(i, op)| op.count > 0 || self.ui.selected == Some(*i))
    }

    /// The name of the selected operation (`all ops` when none is).
    pub fn selection_name(&self) -> &str {
        self.ui
            .selected
            .and_then(|i| self.operations.get(i))
            .map_or("all ops", String::as_str)
    }
}
