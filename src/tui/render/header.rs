//! The header: workload and profile, the phase and where it is in the run, its progress
//! gauge, target vs achieved rate, requests in flight and the backlog, and the run's state
//! (running, paused, stopping, a saved run's position). Framed when there is room, else one or
//! two plain lines.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, LineGauge, Paragraph};
use ratatui::Frame;

use crate::results::format::{count, rate};
use crate::tui::app::{App, RunState};

/// The run's state as a short label, and whether it needs attention.
fn state_label(app: &App) -> (String, bool) {
    if app.ui.stopping && app.live {
        return ("STOPPING: draining, saving results".into(), true);
    }
    match app.header.state {
        RunState::Starting => ("STARTING: connecting, preparing".into(), false),
        RunState::Running => ("RUNNING".into(), false),
        RunState::Paused { resume_rate: None } => ("PAUSED (space resumes)".into(), true),
        RunState::Paused {
            resume_rate: Some(r),
        } => (format!("PAUSED (resumes at {} ops/s)", rate(r)), true),
        RunState::Replay { at, of } => (format!("SAVED RUN: interval {at} / {of}"), false),
    }
}

/// `phase 2/3 'steady'` or `no phase yet`.
fn phase_text(app: &App) -> String {
    let h = &app.header;
    match (&h.phase, h.phase_pos) {
        (Some(name), Some((i, n))) => format!("phase {i}/{n} '{name}'"),
        (Some(name), None) => format!("phase '{name}'"),
        (None, _) => "no phase yet".into(),
    }
}

/// Spans of `target 4,400  achieved 4,398 ops/s  in flight 3  backlog 0`.
fn rates_line(app: &App) -> Line<'static> {
    let h = &app.header;
    let theme = &app.theme;
    let opt_rate = |r: Option<f64>| r.map_or_else(|| "-".to_string(), rate);
    let opt_count = |n: Option<u64>| n.map_or_else(|| "-".to_string(), count);
    let target = match (h.target, &h.state) {
        (None, RunState::Running | RunState::Replay { .. }) if h.achieved.is_some() => {
            "closed loop".to_string()
        }
        (t, _) => opt_rate(t),
    };
    let mut spans = vec![
        Span::styled("target ", theme.dim),
        Span::raw(target),
        Span::styled("  achieved ", theme.dim),
        Span::raw(format!("{} ops/s", opt_rate(h.achieved))),
        Span::styled("  in flight ", theme.dim),
        Span::raw(opt_count(h.in_flight)),
        Span::styled("  backlog ", theme.dim),
        Span::raw(opt_count(h.backlog)),
    ];
    if h.behind {
        spans.push(Span::styled("  BEHIND SCHEDULE", theme.alert));
    }
    Line::from(spans)
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, compact: bool) {
    let theme = &app.theme;
    let (state, alert) = state_label(app);
    let state_style = if alert { theme.alert } else { theme.good };
    let progress = app.header.progress.as_ref();
    if compact {
        let mut first = vec![
            Span::styled(app.header.workload.clone(), theme.title),
            Span::raw(" "),
            Span::raw(phase_text(app)),
            Span::raw(" "),
            Span::styled(state, state_style),
        ];
        if let Some(p) = progress {
            first.push(Span::styled(format!(" {}", p.label), theme.dim));
        }
        let lines = vec![Line::from(first), rates_line(app)];
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let title = Line::from(vec![
        Span::styled(" ringbench ", theme.title),
        Span::raw(format!(
            "· {} on {} ",
            app.header.workload, app.header.profile
        )),
    ]);
    let block = Block::bordered().title(title).border_style(theme.dim);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let line = |i: u16| Rect::new(inner.x, inner.y.saturating_add(i), inner.width, 1);
    if inner.height == 0 {
        return;
    }
    let first = Line::from(vec![
        Span::raw(phase_text(app)),
        Span::raw("  "),
        Span::styled(state, state_style),
    ]);
    frame.render_widget(Paragraph::new(first), line(0));
    if inner.height >= 2 {
        let (ratio, label) = progress.map_or((0.0, String::new()), |p| (p.ratio, p.label.clone()));
        let gauge = LineGauge::default()
            .ratio(crate::tui::live::ratio(ratio, 1.0))
            .label(label)
            .filled_style(theme.gauge)
            .unfilled_style(theme.dim);
        frame.render_widget(gauge, line(1));
    }
    if inner.height >= 3 {
        frame.render_widget(Paragraph::new(rates_line(app)), line(2));
    }
}
