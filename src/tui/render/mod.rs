//! Drawing the dashboard: [`render`] draws an [`App`] into a frame of any size, using the
//! panels [`layout()`] finds room for. It only reads the app, so tests render into ratatui's
//! `TestBackend` and read the buffer.

mod charts;
mod header;
pub mod layout;
mod status;
mod tables;

use ratatui::Frame;

use crate::tui::app::App;

pub use layout::{layout, Panels};
pub use status::{LIVE_KEYS, REPLAY_KEYS};

/// Draw the whole dashboard.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let panels = layout(area, app.shown_operations().count(), app.table.nodes.len());
    if let Some(rect) = panels.header {
        header::render(frame, rect, app, panels.compact_header);
    }
    if let Some(rect) = panels.throughput {
        charts::throughput(frame, rect, app);
    }
    if let Some(rect) = panels.latency {
        charts::latency_chart(frame, rect, app);
    }
    if let Some(rect) = panels.operations {
        tables::operations(frame, rect, app);
    }
    if let Some(rect) = panels.errors {
        tables::errors(frame, rect, app);
    }
    if let Some(rect) = panels.nodes {
        tables::nodes(frame, rect, app);
    }
    if let Some(rect) = panels.status {
        status::status_line(frame, rect, app);
    }
    if app.ui.help {
        status::help(frame, area, app);
    }
}
