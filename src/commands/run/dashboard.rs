//! Whether `ringbench run` shows the live dashboard, starting it, and waiting for it to give
//! the terminal back. `--no-tui` never shows it; `--tui` always does (an error without a
//! terminal); otherwise it is shown when stdout is a terminal, falling back to the progress
//! line if the terminal cannot be set up.

use std::io::IsTerminal as _;

use tokio::sync::watch;

use crate::cli::RunArgs;
use crate::plan::RunPlan;
use crate::tui::{self, Exit, LiveDashboard, RunInfo, RunSide};

/// The dashboard and the run's end of its link, when the dashboard is shown.
pub fn start(
    args: &RunArgs,
    plan: &RunPlan,
    stop: &watch::Sender<bool>,
) -> anyhow::Result<Option<(LiveDashboard, RunSide)>> {
    let wanted = !args.no_tui && (args.tui || std::io::stdout().is_terminal());
    if !wanted {
        return Ok(None);
    }
    let (run_side, dashboard_side) = tui::link();
    match LiveDashboard::start(RunInfo::of(plan), dashboard_side, stop.clone()) {
        Ok(live) => Ok(Some((live, run_side))),
        Err(e) if args.tui => Err(e.into()),
        Err(e) => {
            eprintln!("ringbench: {e}; showing the progress line instead");
            Ok(None)
        }
    }
}

/// Wait (off the async threads) until the dashboard has ended, which it does once the run
/// dropped its end of the link, and the terminal is restored. How it ended; a dashboard
/// error is reported and counts as the run's own end.
pub async fn finish(live: LiveDashboard) -> Exit {
    match tokio::task::spawn_blocking(move || live.wait()).await {
        Ok(Ok(exit)) => exit,
        Ok(Err(e)) => {
            eprintln!("ringbench: {e}");
            Exit::Finished
        }
        Err(_) => {
            tui::terminal::restore();
            Exit::Finished
        }
    }
}
