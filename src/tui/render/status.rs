//! The bottom line (key bindings, the rate being typed, a pending rate change or a note) and
//! the help overlay listing every key.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::results::format::rate;
use crate::tui::app::App;

/// Keys of a live run, as (keys, what they do).
pub const LIVE_KEYS: &[(&str, &str)] = &[
    ("q", "quit"),
    ("space", "pause"),
    ("+/-", "rate"),
    ("r", "type rate"),
    ("o", "op"),
    ("t", "pcts"),
    ("l", "log"),
    ("s", "service"),
    ("?", "help"),
];

/// Keys of a saved run.
pub const REPLAY_KEYS: &[(&str, &str)] = &[
    ("q", "quit"),
    ("←/→", "scrub"),
    ("PgUp/PgDn", "±10"),
    ("Home/End", "ends"),
    ("o", "op"),
    ("t", "pcts"),
    ("l", "log"),
    ("s", "service"),
    ("?", "help"),
];

/// The help overlay's lines.
const HELP: &[(&str, &str)] = &[
    (
        "q  Esc  Ctrl-C",
        "stop the run, save the results, print the summary",
    ),
    (
        "space  p",
        "pause / resume (a pause ends the phase; resuming starts a new one)",
    ),
    (
        "+  -",
        "target rate +10% / -10% (applied after a short pause in typing)",
    ),
    (
        "r",
        "type an exact rate (e.g. 12k), Enter applies, Esc cancels",
    ),
    (
        "o  Tab  ↓ / O  ↑",
        "next / previous operation (or all) for the latency chart",
    ),
    (
        "t",
        "percentile set: p50 p99 p99.9 max / p50 p90 p99 p99.99",
    ),
    ("l", "latency scale: linear / log"),
    ("s", "response time / service time"),
    (
        "← → PgUp PgDn Home End",
        "saved runs: move through the timeline",
    ),
    ("?  h", "this help (Esc closes it)"),
];

pub fn status_line(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    let ui = &app.ui;
    let line = if let Some(typed) = &ui.input {
        Line::from(vec![
            Span::styled("rate (ops/s, e.g. 12k): ", theme.title),
            Span::raw(format!("{typed}▏")),
            Span::styled("  Enter applies · Esc cancels", theme.dim),
        ])
    } else if let Some(message) = &ui.message {
        Line::from(Span::styled(message.clone(), theme.alert))
    } else if let Some((r, _)) = ui.pending_rate {
        Line::from(vec![
            Span::styled("new rate ", theme.title),
            Span::raw(format!("{} ops/s", rate(r))),
            Span::styled(" (more +/- to adjust)", theme.dim),
        ])
    } else {
        let keys = if app.live { LIVE_KEYS } else { REPLAY_KEYS };
        let mut spans = Vec::new();
        for (key, what) in keys {
            spans.push(Span::styled(*key, theme.title));
            spans.push(Span::raw(format!(" {what}  ")));
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The help box, centred over `area`.
pub fn help(frame: &mut Frame, area: Rect, app: &App) {
    let width = area.width.min(84);
    let height = area.height.min(HELP.len() as u16 + 2);
    if width < 4 || height < 3 {
        return;
    }
    let x = area.x + (area.width - width) / 2;
    let y = area.y + (area.height - height) / 2;
    let rect = Rect::new(x, y, width, height);
    let lines: Vec<Line> = HELP
        .iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!("{keys:>22}  "), app.theme.title),
                Span::raw(*what),
            ])
        })
        .collect();
    let block = Block::bordered()
        .title(Span::styled(" keys ", app.theme.title))
        .title_bottom(Span::styled(" Esc or ? closes ", app.theme.dim));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
