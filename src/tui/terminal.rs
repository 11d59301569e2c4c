//! Taking over the terminal (raw mode, the alternate screen, no cursor) and always giving it
//! back: when the guard is dropped (normal end, an error), from a panic hook on any thread
//! (chained before the previous hook, so the panic message lands on a usable terminal), and
//! idempotently (whoever restores first wins; the drawing loop sees the terminal is gone and
//! stops drawing). Ctrl-C needs no signal handler: in raw mode it arrives as a key.

use std::io::{stdout, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

use crossterm::cursor::{Hide, Show};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use super::app::App;
use super::error::TuiError;
use super::render::render;

/// Whether the dashboard holds the terminal now.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

/// The terminal, held by the dashboard until dropped.
pub struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl std::fmt::Debug for TerminalGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TerminalGuard")
    }
}

impl TerminalGuard {
    /// Switch the terminal to the dashboard (undone if any step fails).
    pub fn enter() -> Result<TerminalGuard, TuiError> {
        install_panic_hook();
        enable_raw_mode().map_err(TuiError::terminal("switching to raw mode"))?;
        ACTIVE.store(true, Ordering::SeqCst);
        let setup = execute!(stdout(), EnterAlternateScreen, Hide)
            .map_err(TuiError::terminal("entering the alternate screen"))
            .and_then(|()| {
                Terminal::new(CrosstermBackend::new(stdout()))
                    .map_err(TuiError::terminal("reading the terminal's size"))
            });
        match setup {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    /// Draw `app` (nothing once the terminal was given back, e.g. by a panic elsewhere).
    pub fn draw(&mut self, app: &App) -> Result<(), TuiError> {
        if !is_active() {
            return Ok(());
        }
        self.terminal
            .draw(|frame| render(frame, app))
            .map(|_| ())
            .map_err(TuiError::terminal("drawing"))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Whether the dashboard still holds the terminal.
pub fn is_active() -> bool {
    ACTIVE.load(Ordering::SeqCst)
}

/// Give the terminal back: cooked mode, the normal screen, the cursor. Only the first call
/// does anything; errors are ignored (there is nothing better to do with them).
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let _ = execute!(stdout(), LeaveAlternateScreen, Show);
    }
}

fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
