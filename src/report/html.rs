//! The HTML renderer: ONE self-contained file (inline CSS, plots as inline SVG, no script, no
//! external font, image or style; a Content-Security-Policy forbids fetching anything), so a
//! report can be mailed, attached to a CI job or opened from disk years later.
//!
//! Layout: the verdict at the top in a banner coloured by its status, then the sections in
//! order: tables with status-coloured cells (and the same marks as the text report, for
//! readers without colour), plots side by side, run metadata as a table with one column per
//! run, warnings. Light and dark themes follow `prefers-color-scheme`. Every text taken from
//! the report is escaped; plot SVG is the only markup inserted as is (plotters escapes the
//! text inside it).

use super::layout::{lay_out, Align};
use super::{Report, Section, Status, Table};

/// The page's stylesheet: light by default, dark under `prefers-color-scheme: dark`.
const STYLE: &str = include_str!("html.css");

/// The report as one HTML document.
pub fn render(report: &Report) -> String {
    let mut body = String::new();
    body.push_str(&format!("<h1>{}</h1>\n", escape(&report.title)));
    if let Some(verdict) = &report.verdict {
        body.push_str(&format!(
            "<div class=\"verdict {}\" role=\"status\">{}{}</div>\n",
            verdict.status.css_class(),
            badge(verdict.status, &verdict.headline),
            escape(&verdict.headline)
        ));
    }
    let mut in_plots = false;
    for section in &report.sections {
        let is_plot = matches!(section, Section::Plot(_));
        if in_plots && !is_plot {
            body.push_str("</div>\n");
        } else if !in_plots && is_plot {
            body.push_str("<div class=\"plots\">\n");
        }
        in_plots = is_plot;
        match section {
            Section::Heading(text) => body.push_str(&format!("<h2>{}</h2>\n", escape(text))),
            Section::Paragraph(text) => body.push_str(&format!(
                "<p>{}</p>\n",
                escape(text).replace('\n', "<br>\n")
            )),
            Section::Table(table) => body.push_str(&self::table(table, "data")),
            Section::Metadata(table) => body.push_str(&self::table(table, "metadata")),
            Section::Plot(plot) => body.push_str(&format!(
                "<figure class=\"plot\" id=\"plot-{}\" role=\"img\" aria-label=\"{}\">\n{}\n</figure>\n",
                escape(&plot.slug),
                escape(&plot.title),
                plot.svg.trim()
            )),
            Section::Warnings(warnings) if warnings.is_empty() => {}
            Section::Warnings(warnings) => {
                body.push_str("<section class=\"warnings\">\n<h2>Warnings</h2>\n<ul>\n");
                for warning in warnings {
                    body.push_str(&format!("<li>{}</li>\n", escape(warning)));
                }
                body.push_str("</ul>\n</section>\n");
            }
        }
    }
    if in_plots {
        body.push_str("</div>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta name=\"generator\" content=\"ringbench {}\">\n\
         <title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>\n{}\
         <footer>ringbench {}</footer>\n</main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&report.title),
        STYLE,
        body,
        env!("CARGO_PKG_VERSION"),
    )
}

fn table(table: &Table, class: &str) -> String {
    let laid = lay_out(table);
    if laid.align.is_empty() {
        return String::new();
    }
    let mut out = format!("<div class=\"table-wrap\">\n<table class=\"{class}\">\n");
    if let Some(caption) = &table.caption {
        out.push_str(&format!("<caption>{}</caption>\n", escape(caption)));
    }
    let align_class = |column: usize| match laid.align.get(column) {
        Some(Align::Right) => " class=\"num\"",
        _ => "",
    };
    out.push_str("<thead><tr>");
    for (column, text) in laid.header.iter().enumerate() {
        out.push_str(&format!(
            "<th scope=\"col\"{}>{}</th>",
            align_class(column),
            escape(text.trim_end())
        ));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for column in 0..laid.align.len() {
            let (text, status) = row
                .get(column)
                .map_or(("", Status::Neutral), |c| (c.text.as_str(), c.status));
            let num = matches!(laid.align.get(column), Some(Align::Right));
            let mark = match status.mark() {
                "" => String::new(),
                m => format!(
                    " <span class=\"mark\" title=\"{}\">{m}</span>",
                    status.word()
                ),
            };
            out.push_str(&format!(
                "<td class=\"{}{}\">{}{mark}</td>",
                status.css_class(),
                if num { " num" } else { "" },
                escape(text)
            ));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    if laid.marked {
        out.push_str(&format!(
            "<p class=\"legend\">{}</p>\n",
            escape(Status::LEGEND)
        ));
    }
    out
}

/// The verdict badge: the mark, and the status word unless the headline starts with it.
fn badge(status: Status, headline: &str) -> String {
    let says_word = headline
        .get(..status.word().len())
        .is_some_and(|start| start.eq_ignore_ascii_case(status.word()));
    match (status.mark(), says_word || status == Status::Neutral) {
        ("", _) => String::new(),
        (mark, true) => format!("<span class=\"badge\">{mark}</span> "),
        (mark, false) => format!("<span class=\"badge\">{mark} {}</span> ", status.word()),
    }
}

/// Escapes text for an HTML element or a quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
