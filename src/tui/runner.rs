//! The dashboard's loops. A live run's dashboard runs on its own thread: it takes the run's
//! events as they come (never making the run wait), reads the gauges, draws every
//! [`REFRESH`] and turns keys into controls for the run; it ends when the run drops its end
//! of the link, restoring the terminal before the summary is printed. A saved run's
//! dashboard runs on the caller's thread and redraws on every key.

use std::sync::mpsc::TryRecvError;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEvent};
use tokio::sync::watch;

use super::app::App;
use super::error::TuiError;
use super::feed::{DashboardSide, RunInfo};
use super::keys::Action;
use super::live::LiveFeed;
use super::replay::ReplayFeed;
use super::terminal::{self, TerminalGuard};
use super::theme::Theme;
use crate::results::RunResult;

/// How often a live dashboard redraws.
pub const REFRESH: Duration = Duration::from_millis(200);

/// How a live dashboard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The run ended (its phases were done, or it was stopped from outside).
    Finished,
    /// q or Esc.
    Quit,
    /// Ctrl-C.
    CtrlC,
}

/// A live dashboard drawing on its own thread.
#[derive(Debug)]
pub struct LiveDashboard {
    thread: JoinHandle<Result<Exit, TuiError>>,
}

impl LiveDashboard {
    /// Take over the terminal (here, so that an error comes back at once) and start drawing.
    /// `stop` is the run's stop signal: quitting sends it, like Ctrl-C.
    pub fn start(
        info: RunInfo,
        side: DashboardSide,
        stop: watch::Sender<bool>,
    ) -> Result<LiveDashboard, TuiError> {
        let guard = TerminalGuard::enter()?;
        let theme = Theme::from_env();
        let thread = std::thread::Builder::new()
            .name("ringbench-dashboard".into())
            .spawn(move || live_loop(guard, info, side, stop, theme))
            .map_err(TuiError::Thread)?;
        Ok(LiveDashboard { thread })
    }

    /// Wait until the dashboard has ended and given the terminal back. It ends once the run
    /// has dropped its end of the link.
    pub fn wait(self) -> Result<Exit, TuiError> {
        let outcome = self.thread.join();
        terminal::restore();
        outcome.map_err(|_| TuiError::Panicked)?
    }
}

fn live_loop(
    mut guard: TerminalGuard,
    info: RunInfo,
    side: DashboardSide,
    stop: watch::Sender<bool>,
    theme: Theme,
) -> Result<Exit, TuiError> {
    let mut app = App::new(&info, true, theme);
    let mut feed = LiveFeed::new(info);
    let mut exit = Exit::Finished;
    let act = |app: &mut App, action: Action, exit: &mut Exit| match action {
        Action::Control(control) => {
            let _ = side.controls.send(control);
        }
        Action::Quit { ctrl_c } => {
            *exit = if ctrl_c { Exit::CtrlC } else { Exit::Quit };
            app.ui.stopping = true;
            stop.send_replace(true);
        }
        Action::Scrub(_) | Action::ScrubToEnd(_) => {}
    };
    while terminal::is_active() {
        loop {
            match side.events.try_recv() {
                Ok(event) => feed.apply(&mut app, event),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return Ok(exit),
            }
        }
        app.ui.stopping |= *stop.borrow();
        feed.refresh(&mut app);
        if let Some(action) = app.ui.due(Instant::now()) {
            act(&mut app, action, &mut exit);
        }
        guard.draw(&app)?;
        for key in keys(REFRESH)? {
            if let Some(action) = app.key(key, Instant::now()) {
                act(&mut app, action, &mut exit);
            }
        }
    }
    Ok(exit)
}

/// Keys pressed within `timeout` (waiting for the first, then taking all that are there).
fn keys(timeout: Duration) -> Result<Vec<KeyEvent>, TuiError> {
    let mut keys = Vec::new();
    let mut wait = timeout;
    while event::poll(wait).map_err(TuiError::terminal("reading keys"))? {
        if let Event::Key(key) = event::read().map_err(TuiError::terminal("reading keys"))? {
            keys.push(key);
        }
        wait = Duration::ZERO;
    }
    Ok(keys)
}

/// Show a saved run until q, Esc or Ctrl-C.
pub fn show_saved(result: RunResult) -> Result<(), TuiError> {
    let mut guard = TerminalGuard::enter()?;
    let (feed, mut app) = ReplayFeed::open(result, Theme::from_env());
    while terminal::is_active() {
        guard.draw(&app)?;
        for key in keys(REFRESH * 5)? {
            match app.key(key, Instant::now()) {
                Some(Action::Quit { .. }) => return Ok(()),
                Some(action) => feed.act(&mut app, action),
                None => {}
            }
        }
    }
    Ok(())
}
