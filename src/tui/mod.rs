//! The live terminal dashboard of a run (`ringbench run`, on by default on a terminal) and
//! of a saved run (`ringbench show RUN --tui`), with ratatui over crossterm.
//!
//! # How it stays out of the measurement
//! A run drives the cluster on its own client thread; the dashboard draws and reads keys on
//! another thread ([`runner`]). The run hands it interval snapshots (moved, after the result
//! writer used them) and each segment's lock-free gauges over an unbounded channel
//! ([`feed`]); it never waits for the dashboard. Keys come back as controls (pause, resume, a
//! new rate) that the run applies between segments: each one ends the running phase and the
//! rest of it continues as a new phase in the result (see `commands/run/segment.rs`).
//!
//! # Files
//! - `feed`: the messages between a run and its dashboard; `runner`: the loops;
//!   `terminal`: raw mode and the alternate screen, always restored (drop, panic hook).
//! - `app`: everything shown; `live` / `replay`: what updates it from a run / a saved run.
//! - `quantiles`, `series`, `tables`: the numbers in one shape for both sources.
//! - `keys`: the interaction state and what each key does, as pure transitions.
//! - `render/`: the layout for a terminal size and one file per kind of panel; `theme`:
//!   accent colours on the terminal's own colours, or none with `NO_COLOR`.

pub mod app;
mod error;
pub mod feed;
pub mod keys;
pub mod live;
pub mod quantiles;
pub mod render;
pub mod replay;
pub mod runner;
pub mod series;
pub mod tables;
pub mod terminal;
pub mod theme;

pub use app::{App, Header, PhaseProgress, RunState};
pub use error::TuiError;
pub use feed::{
    link, Control, ControlSource, DashboardSide, EventSink, RunEvent, RunInfo, RunSide, SegmentInfo,
};
pub use keys::{Action, Ui};
pub use runner::{show_saved, Exit, LiveDashboard};
pub use theme::Theme;
