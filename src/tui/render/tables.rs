//! The phase's tables: per operation (rate, the chosen percentiles of response or service
//! time, errors, LWT contention), errors by class, and per coordinator node (its slowest p99
//! stands out, to spot a slow coordinator).

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::metrics::ErrorClass;
use crate::results::format::{count, latency, percent, rate};
use crate::tui::app::App;
use crate::tui::keys::LatencyKind;
use crate::tui::quantiles::{Pct, Quantiles};

fn block(app: &App, title: String) -> Block<'static> {
    Block::bordered()
        .title(Span::styled(title, app.theme.title))
        .border_style(app.theme.dim)
}

fn us(value: Option<u64>) -> String {
    value.map_or_else(|| "-".to_string(), latency)
}

fn header_row(names: impl IntoIterator<Item = String>, style: Style) -> Row<'static> {
    Row::new(names.into_iter().map(Cell::from)).style(style)
}

/// One row per operation.
pub fn operations(frame: &mut Frame, area: Rect, app: &App) {
    let pcts = app.ui.percentiles.pcts();
    let kind = match app.ui.kind {
        LatencyKind::Response => "response",
        LatencyKind::Service => "service",
    };
    let mut names = vec!["operation".to_string(), "ops/s".to_string()];
    names.extend(pcts.iter().map(|p| p.label().to_string()));
    names.extend(["errors".to_string(), "LWT fail".to_string()]);
    let rows = app.shown_operations().map(|(i, op)| {
        let q: Quantiles = match app.ui.kind {
            LatencyKind::Response => op.response,
            LatencyKind::Service => op.service,
        };
        let mut cells = vec![op.name.clone(), rate(op.rate)];
        cells.extend(pcts.iter().map(|p| us(q.get(*p))));
        cells.push(count(op.errors));
        cells.push(op.lwt.map_or_else(
            || "-".to_string(),
            |l| {
                format!(
                    "{}%",
                    percent(l.not_applied as f64, (l.applied + l.not_applied) as f64)
                )
            },
        ));
        let style = if app.ui.selected == Some(i) {
            app.theme.selected
        } else if op.errors > 0 {
            app.theme.alert
        } else {
            Style::default()
        };
        Row::new(cells).style(style)
    });
    let mut widths = vec![Constraint::Min(9), Constraint::Length(8)];
    widths.extend([Constraint::Length(9); 4]);
    widths.extend([Constraint::Length(7), Constraint::Length(8)]);
    let title = format!(" {} · {kind} time ", app.table.title);
    let table = Table::new(rows, widths)
        .header(header_row(names, app.theme.dim))
        .column_spacing(1)
        .block(block(app, title));
    frame.render_widget(table, area);
}

/// Errors by class over the phase.
pub fn errors(frame: &mut Frame, area: Rect, app: &App) {
    let table = &app.table;
    let total = table.errors.total();
    let mut lines = vec![Line::from(vec![
        Span::raw(format!("{} of {} ", count(total), count(table.requests))),
        Span::styled(
            format!("({}%)", percent(total as f64, table.requests as f64)),
            app.theme.dim,
        ),
    ])];
    for class in ErrorClass::ALL {
        let n = table.errors.get(class);
        if n > 0 {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<12}", class.name()), app.theme.alert),
                Span::raw(count(n)),
            ]));
        }
    }
    if total == 0 {
        lines.push(Line::from(Span::styled("no errors", app.theme.good)));
    }
    frame.render_widget(
        Paragraph::new(lines).block(block(app, " errors ".into())),
        area,
    );
}

/// One row per coordinator node; the slowest p99 in the alert style.
pub fn nodes(frame: &mut Frame, area: Rect, app: &App) {
    let nodes = &app.table.nodes;
    let slowest = nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| Some((i, n.response.get(Pct::P99)?)))
        .max_by_key(|(_, p99)| *p99)
        .map(|(i, _)| i)
        .filter(|_| nodes.len() > 1);
    // One port for all (as in a real cluster): addresses read better without it.
    let ports: Vec<&str> = nodes
        .iter()
        .filter_map(|n| n.address.rsplit_once(':'))
        .map(|(_, p)| p)
        .collect();
    let one_port = ports.len() == nodes.len() && ports.windows(2).all(|w| w[0] == w[1]);
    let names = ["node", "ops/s", "p99", "max", "errors"].map(String::from);
    let rows = nodes.iter().enumerate().map(|(i, n)| {
        let address = match n.address.rsplit_once(':') {
            Some((host, _)) if one_port => host.trim_matches(['[', ']']).to_string(),
            _ => n.address.clone(),
        };
        let cells = vec![
            address,
            rate(n.rate),
            us(n.response.get(Pct::P99)),
            us(n.response.get(Pct::Max)),
            count(n.errors),
        ];
        let style = if slowest == Some(i) {
            app.theme.alert
        } else {
            Style::default()
        };
        Row::new(cells).style(style)
    });
    let widths = [
        Constraint::Min(9),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(6),
    ];
    let table = Table::new(rows, widths)
        .header(header_row(names, app.theme.dim))
        .column_spacing(1)
        .block(block(app, " nodes (coordinators) · response time ".into()));
    frame.render_widget(table, area);
}
