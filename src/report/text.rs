//! The terminal renderer: aligned tables, status marks that read without colour, ANSI colour
//! only when asked for ([`render_coloured`]) and `NO_COLOR` is unset.
//!
//! Plots cannot be shown in a terminal; their titles are listed with a pointer to the
//! Markdown and HTML formats.

use std::ffi::OsString;

use super::layout::{lay_out, width, Align};
use super::{Report, Section, Status, Table};

/// Paragraphs are wrapped to this many columns.
const WRAP: usize = 100;

/// The report as plain text, no escape sequences.
pub fn render(report: &Report) -> String {
    Renderer { colour: false }.report(report)
}

/// The report with ANSI colours, unless `NO_COLOR` is set to a non-empty value
/// (<https://no-color.org>); call it when the output is a terminal.
pub fn render_coloured(report: &Report) -> String {
    let colour = colour_allowed(std::env::var_os("NO_COLOR"));
    Renderer { colour }.report(report)
}

/// Whether colour may be used given the value of `NO_COLOR` (absent or empty: yes).
pub fn colour_allowed(no_color: Option<OsString>) -> bool {
    no_color.is_none_or(|value| value.is_empty())
}

struct Renderer {
    colour: bool,
}

impl Renderer {
    fn report(&self, report: &Report) -> String {
        let mut out = String::new();
        out.push_str(&report.title);
        out.push('\n');
        out.push_str(&"=".repeat(width(&report.title)));
        out.push_str("\n\n");
        if let Some(verdict) = &report.verdict {
            let line = match verdict.status.mark() {
                "" => verdict.headline.clone(),
                mark => format!("{mark} {}", verdict.headline),
            };
            out.push_str(&self.paint(&line, verdict.status));
            out.push_str("\n\n");
        }
        let plots: Vec<&str> = report
            .sections
            .iter()
            .filter_map(|s| match s {
                Section::Plot(p) => Some(p.title.as_str()),
                _ => None,
            })
            .collect();
        for section in &report.sections {
            match section {
                Section::Heading(text) => {
                    out.push_str(text);
                    out.push('\n');
                    out.push_str(&"-".repeat(width(text)));
                    out.push_str("\n\n");
                }
                Section::Paragraph(text) => {
                    out.push_str(&wrap(text, WRAP));
                    out.push_str("\n\n");
                }
                Section::Table(table) | Section::Metadata(table) => {
                    let table = self.table(table);
                    if !table.is_empty() {
                        out.push_str(&table);
                        out.push('\n');
                    }
                }
                Section::Plot(_) => {}
                Section::Warnings(warnings) => {
                    if warnings.is_empty() {
                        continue;
                    }
                    out.push_str("Warnings:\n");
                    for warning in warnings {
                        let line = format!("  {} {}", Status::Warning.mark(), warning);
                        out.push_str(&self.paint(&line, Status::Warning));
                        out.push('\n');
                    }
                    out.push('\n');
                }
            }
        }
        if !plots.is_empty() {
            out.push_str("Plots (in the Markdown and HTML reports: --format md|html):\n");
            for title in plots {
                out.push_str("  - ");
                out.push_str(title);
                out.push('\n');
            }
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }

    /// Columns separated by two spaces, a dashed rule under the header.
    fn table(&self, table: &Table) -> String {
        let laid = lay_out(table);
        if laid.align.is_empty() {
            return String::new();
        }
        let widths: Vec<usize> = (0..laid.align.len())
            .map(|column| {
                let header = laid.header.get(column).map_or(0, |h| width(h));
                laid.rows
                    .iter()
                    .filter_map(|row| row.get(column))
                    .map(|(text, _)| width(text))
                    .fold(header, usize::max)
            })
            .collect();
        let mut out = String::new();
        if let Some(caption) = &table.caption {
            out.push_str(caption);
            out.push('\n');
        }
        let header: Vec<(String, Status)> = laid
            .header
            .iter()
            .map(|h| (h.clone(), Status::Neutral))
            .collect();
        out.push_str(&self.line(&header, &widths, &laid.align));
        let rule: Vec<(String, Status)> = widths
            .iter()
            .map(|w| ("-".repeat(*w), Status::Neutral))
            .collect();
        out.push_str(&self.line(&rule, &widths, &laid.align));
        for row in &laid.rows {
            out.push_str(&self.line(row, &widths, &laid.align));
        }
        if laid.marked {
            out.push_str(Status::LEGEND);
            out.push('\n');
        }
        out
    }

    fn line(&self, cells: &[(String, Status)], widths: &[usize], align: &[Align]) -> String {
        let mut parts = Vec::with_capacity(cells.len());
        for ((text, status), (w, a)) in cells.iter().zip(widths.iter().zip(align)) {
            let fill = " ".repeat(w.saturating_sub(width(text)));
            let padded = match a {
                Align::Left => format!("{}{fill}", self.paint(text, *status)),
                Align::Right => format!("{fill}{}", self.paint(text, *status)),
            };
            parts.push(padded);
        }
        let mut line = parts.join("  ");
        line.truncate(line.trim_end().len());
        line.push('\n');
        line
    }

    fn paint(&self, text: &str, status: Status) -> String {
        match status.ansi() {
            Some(sgr) if self.colour && !text.is_empty() => format!("\x1b[{sgr}m{text}\x1b[0m"),
            _ => text.to_string(),
        }
    }
}

/// Greedy word wrap; existing line breaks are kept.
fn wrap(text: &str, columns: usize) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut used = 0;
        for word in line.split_whitespace() {
            let w = width(word);
            if used > 0 && used + 1 + w > columns {
                out.push('\n');
                used = 0;
            } else if used > 0 {
                out.push(' ');
                used += 1;
            }
            out.push_str(word);
            used += w;
        }
    }
    out
}
