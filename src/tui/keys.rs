//! The dashboard's interaction state and what every key does to it, as pure state
//! transitions: [`Ui::key`] takes a key and the current time and returns what the run (or the
//! replay) must do, if anything. Nothing here touches the terminal or the run, so tests can
//! press keys and check the state.
//!
//! `+` / `-` change the rate by 10% and take effect once no such key came for
//! [`RATE_SETTLE`] (see [`Ui::due`]): pressing `+` three times makes one rate change of
//! +33%, so the result gets one new phase rather than three short ones.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::feed::Control;
use super::quantiles::Pct;

/// One press of `+` / `-` changes the rate by this fraction.
pub const RATE_STEP: f64 = 0.10;
/// A nudged rate is sent after this long without another nudge.
pub const RATE_SETTLE: Duration = Duration::from_millis(600);
/// The lowest rate the keys set (ops/s).
pub const MIN_RATE: f64 = 1.0;

/// Which percentiles the charts and tables show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentileSet {
    /// p50, p99, p99.9, max.
    Tail,
    /// p50, p90, p99, p99.99.
    Wide,
}

impl PercentileSet {
    pub fn pcts(self) -> [Pct; 4] {
        match self {
            PercentileSet::Tail => [Pct::P50, Pct::P99, Pct::P999, Pct::Max],
            PercentileSet::Wide => [Pct::P50, Pct::P90, Pct::P99, Pct::P9999],
        }
    }
}

/// The latency chart's vertical scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Linear,
    Log,
}

/// Which latency the charts and tables show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LatencyKind {
    /// Completion - intended start (what a user of the cluster sees).
    Response,
    /// Completion - actual send.
    Service,
}

/// What a key asks of the run or the replay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    Control(Control),
    /// Stop the run (save, restore the terminal, print the summary) or leave the replay.
    Quit {
        ctrl_c: bool,
    },
    /// Move the replay's cursor by this many intervals.
    Scrub(i64),
    /// Move the replay's cursor to its first (false) or last (true) interval.
    ScrubToEnd(bool),
}

/// What the keys need to know about the data shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeyContext {
    /// A running run (false: a saved run).
    pub live: bool,
    /// The rate `+` / `-` start from: the target rate, else the achieved rate.
    pub rate: Option<f64>,
    pub operations: usize,
}

/// The dashboard's interaction state.
#[derive(Debug, Clone, PartialEq)]
pub struct Ui {
    /// The operation the latency chart shows (`None`: all operations).
    pub selected: Option<usize>,
    pub percentiles: PercentileSet,
    pub scale: Scale,
    pub kind: LatencyKind,
    pub help: bool,
    /// The rate being typed after `r`.
    pub input: Option<String>,
    /// A one-line note for the status line (a refused key, a bad rate).
    pub message: Option<String>,
    /// Pause asked for (the run confirms with its own event).
    pub paused: bool,
    /// Quit asked for: the run is stopping.
    pub stopping: bool,
    /// A nudged rate not sent yet, and when it was last nudged.
    pub pending_rate: Option<(f64, Instant)>,
}

impl Default for Ui {
    fn default() -> Self {
        Ui {
            selected: None,
            percentiles: PercentileSet::Tail,
            scale: Scale::Linear,
            kind: LatencyKind::Response,
            help: false,
            input: None,
            message: None,
            paused: false,
            stopping: false,
            pending_rate: None,
        }
    }
}

impl Ui {
    /// Apply one key; returns what the run or replay must do.
    pub fn key(&mut self, key: KeyEvent, cx: &KeyContext, now: Instant) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return self.quit(true);
        }
        if self.input.is_some() {
            return self.edit(key.code);
        }
        if self.help && matches!(key.code, KeyCode::Esc | KeyCode::Char('?' | 'h')) {
            self.help = false;
            return None;
        }
        self.message = None;
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => self.quit(false),
            KeyCode::Char('?' | 'h') => {
                self.help = !self.help;
                None
            }
            KeyCode::Char('t') => {
                toggle(
                    &mut self.percentiles,
                    PercentileSet::Tail,
                    PercentileSet::Wide,
                );
                None
            }
            KeyCode::Char('l') => {
                toggle(&mut self.scale, Scale::Linear, Scale::Log);
                None
            }
            KeyCode::Char('s') => {
                toggle(&mut self.kind, LatencyKind::Response, LatencyKind::Service);
                None
            }
            KeyCode::Tab | KeyCode::Char('o') | KeyCode::Down => {
                self.selected = next_selection(self.selected, cx.operations);
                None
            }
            KeyCode::BackTab | KeyCode::Char('O') | KeyCode::Up => {
                self.selected = previous_selection(self.selected, cx.operations);
                None
            }
            code if cx.live => self.live_key(code, cx, now),
            code => {
                if matches!(code, KeyCode::Char(' ' | 'p' | '+' | '=' | '-' | '_' | 'r')) {
                    self.message = Some("a saved run: scrub with ← → PgUp PgDn Home End".into());
                }
                replay_key(code)
            }
        }
    }

    /// A nudged rate whose settling time has passed, to send now.
    pub fn due(&mut self, now: Instant) -> Option<Action> {
        let (rate, at) = self.pending_rate?;
        if now.saturating_duration_since(at) < RATE_SETTLE || self.stopping {
            return None;
        }
        self.pending_rate = None;
        Some(Action::Control(Control::SetRate(rate)))
    }

    fn quit(&mut self, ctrl_c: bool) -> Option<Action> {
        self.stopping = true;
        self.pending_rate = None;
        self.input = None;
        Some(Action::Quit { ctrl_c })
    }

    fn live_key(&mut self, code: KeyCode, cx: &KeyContext, now: Instant) -> Option<Action> {
        if self.stopping {
            return None;
        }
        match code {
            KeyCode::Char(' ' | 'p') => {
                self.paused = !self.paused;
                Some(Action::Control(match self.paused {
                    true => Control::Pause,
                    false => Control::Resume,
                }))
            }
            KeyCode::Char('+' | '=') => self.nudge(1.0 + RATE_STEP, cx, now),
            KeyCode::Char('-' | '_') => self.nudge(1.0 - RATE_STEP, cx, now),
            KeyCode::Char('r') => {
                self.input = Some(String::new());
                None
            }
            KeyCode::Left | KeyCode::Right | KeyCode::PageUp | KeyCode::PageDown => {
                self.message =
                    Some("scrubbing works on saved runs (`ringbench show RUN --tui`)".into());
                None
            }
            _ => None,
        }
    }

    fn nudge(&mut self, factor: f64, cx: &KeyContext, now: Instant) -> Option<Action> {
        let base = self.pending_rate.map(|(rate, _)| rate).or(cx.rate);
        match base.filter(|r| r.is_finite() && *r > 0.0) {
            Some(base) => self.pending_rate = Some(((base * factor).max(MIN_RATE), now)),
            None => {
                self.message =
                    Some("no rate yet: wait for the first interval, or type one with r".into())
            }
        }
        None
    }

    /// A key while typing a rate.
    fn edit(&mut self, code: KeyCode) -> Option<Action> {
        let input = self.input.as_mut()?;
        match code {
            KeyCode::Char(c) if c.is_ascii_digit() || matches!(c, '.' | 'k' | 'K' | 'm' | 'M') => {
                if input.len() < 16 {
                    input.push(c);
                }
                None
            }
            KeyCode::Backspace => {
                input.pop();
                None
            }
            KeyCode::Esc => {
                self.input = None;
                None
            }
            KeyCode::Enter => {
                let typed = self.input.take().unwrap_or_default();
                match crate::cli::parse_count_f64(&typed) {
                    Ok(rate) => {
                        self.pending_rate = None;
                        Some(Action::Control(Control::SetRate(rate.max(MIN_RATE))))
                    }
                    Err(e) => {
                        self.message = Some(e);
                        None
                    }
                }
            }
            _ => None,
        }
    }
}

/// `a` becomes `b`, anything else becomes `a`.
fn toggle<T: PartialEq + Copy>(value: &mut T, a: T, b: T) {
    *value = if *value == a { b } else { a };
}

fn replay_key(code: KeyCode) -> Option<Action> {
    match code {
        KeyCode::Left => Some(Action::Scrub(-1)),
        KeyCode::Right => Some(Action::Scrub(1)),
        KeyCode::PageUp => Some(Action::Scrub(-10)),
        KeyCode::PageDown => Some(Action::Scrub(10)),
        KeyCode::Home => Some(Action::ScrubToEnd(false)),
        KeyCode::End => Some(Action::ScrubToEnd(true)),
        _ => None,
    }
}

/// All operations, then each operation in turn, then all again.
fn next_selection(selected: Option<usize>, operations: usize) -> Option<usize> {
    match selected {
        None if operations > 0 => Some(0),
        Some(i) if i + 1 < operations => Some(i + 1),
        _ => None,
    }
}

fn previous_selection(selected: Option<usize>, operations: usize) -> Option<usize> {
    match selected {
        None => operations.checked_sub(1),
        Some(0) => None,
        Some(i) => Some((i - 1).min(operations.saturating_sub(1))),
    }
}
