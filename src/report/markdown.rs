//! The Markdown renderer (GitHub flavour): headings, paragraphs, pipe tables with numeric
//! columns right-aligned and status marks in the cells, plots as image links to the PNG files
//! [`super::write_plots_png`] writes, warnings as a quoted list.
//!
//! Every text taken from the report is escaped, so an operation named `read|*all*` shows as
//! written instead of breaking a table or turning bold.

use super::layout::{lay_out, Align};
use super::{Report, Section, Status, Table};

/// The report as Markdown; plots link to `<plots_dir_rel>/<slug>.png` (a path relative to
/// where the Markdown file is written; empty for the same directory).
pub fn render(report: &Report, plots_dir_rel: &str) -> String {
    let mut out = format!("# {}\n\n", escape(&report.title));
    if let Some(verdict) = &report.verdict {
        let mark = verdict.status.mark();
        let sep = if mark.is_empty() { "" } else { " " };
        out.push_str(&format!("**{mark}{sep}{}**\n\n", escape(&verdict.headline)));
    }
    for section in &report.sections {
        match section {
            Section::Heading(text) => out.push_str(&format!("## {}\n\n", escape(text))),
            Section::Paragraph(text) => {
                let lines: Vec<String> = text.lines().map(escape_line).collect();
                out.push_str(&lines.join("  \n"));
                out.push_str("\n\n");
            }
            Section::Table(table) | Section::Metadata(table) => out.push_str(&self::table(table)),
            Section::Plot(plot) => out.push_str(&format!(
                "![{}]({})\n\n",
                escape(&plot.title),
                link(plots_dir_rel, &plot.slug)
            )),
            Section::Warnings(warnings) if warnings.is_empty() => {}
            Section::Warnings(warnings) => {
                out.push_str("> **Warnings**\n>\n");
                for warning in warnings {
                    out.push_str(&format!(
                        "> - {} {}\n",
                        Status::Warning.mark(),
                        escape(warning)
                    ));
                }
                out.push('\n');
            }
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn table(table: &Table) -> String {
    let laid = lay_out(table);
    if laid.align.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    if let Some(caption) = &table.caption {
        out.push_str(&format!("**{}**\n\n", escape(caption)));
    }
    let row = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&row(laid
        .header
        .iter()
        .map(|h| escape(h.trim_end()))
        .collect()));
    out.push_str(&row(laid
        .align
        .iter()
        .map(|a| match a {
            Align::Left => ":--".to_string(),
            Align::Right => "--:".to_string(),
        })
        .collect()));
    for cells in &laid.rows {
        out.push_str(&row(cells
            .iter()
            .map(|(text, _)| escape(text.trim_end()))
            .collect()));
    }
    if laid.marked {
        out.push('\n');
        out.push_str(&format!("*{}*\n", escape(Status::LEGEND)));
    }
    out.push('\n');
    out
}

/// The image destination: `dir/slug.png`, in `<...>` when it contains spaces or parentheses.
fn link(dir: &str, slug: &str) -> String {
    let dir = dir.trim_end_matches('/');
    let path = if dir.is_empty() {
        format!("{slug}.png")
    } else {
        format!("{dir}/{slug}.png")
    };
    if path.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", path.replace('<', "%3C").replace('>', "%3E"))
    } else {
        path
    }
}

/// Backslash-escapes the characters Markdown (GitHub flavour) reads as inline syntax: code,
/// emphasis, links, HTML, entities, table pipes, strikethrough and headings. Newlines become
/// spaces. A backslash before ASCII punctuation is always allowed (CommonMark), so the text
/// reads back unchanged.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// [`escape`] for a line that starts a block (a paragraph line): also keeps a leading `-`,
/// `+`, `=` or `1.` / `1)` from starting a list or underlining a heading.
fn escape_line(line: &str) -> String {
    let escaped = escape(line);
    let body = escaped.trim_start();
    let indent = &escaped[..escaped.len() - body.len()];
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    let starts_block =
        body.starts_with(['-', '+', '=']) || (digits > 0 && body[digits..].starts_with(['.', ')']));
    if starts_block {
        let at = if digits > 0 { digits } else { 0 };
        format!("{indent}{}\\{}", &body[..at], &body[at..])
    } else {
        escaped
    }
}
