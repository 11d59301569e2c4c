//! The report renderers (text, Markdown, HTML) on a hand-built report with text that needs
//! escaping, and the plots (see `report/plots.rs`). Expected layouts are computed from the
//! inputs, not copied from our own output.

#[path = "report/plots.rs"]
mod plots;
#[path = "report/support.rs"]
mod support;

use ringbench::report::{html, markdown, text, write_plots_png, ReportError, Status};
use support::*;

/// The cells of the comparison table as each renderer must show them: the text, then a space
/// and the status mark in columns where any cell has one.
fn expected_rows() -> Vec<Vec<String>> {
    ROWS.iter()
        .map(|(op, metric, base, run, change, status)| {
            vec![
                op.to_string(),
                metric.to_string(),
                base.to_string(),
                run.to_string(),
                format!("{change} {}", status.mark()),
            ]
        })
        .collect()
}

#[test]
fn text_table_columns_are_aligned_from_the_widest_cell() {
    let out = text::render(&sample_report(vec![fake_plot("spectrum-read")]));
    // Columns 0-1 hold names (left), 2-4 numbers (right); the marked column's header gets
    // the two-character mark slot so it lines up with the numbers.
    let mut header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    header[4].push_str("  ");
    let rows = expected_rows();
    let widths: Vec<usize> = (0..5)
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .chain([header[c].chars().count()])
                .max()
                .unwrap()
        })
        .collect();
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(c, t)| {
                if c < 2 {
                    format!("{t:<w$}", w = widths[c])
                } else {
                    format!("{t:>w$}", w = widths[c])
                }
            })
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    let mut expected = vec![
        line(&header),
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("  "),
    ];
    expected.extend(rows.iter().map(|r| line(r)));
    let lines: Vec<&str> = out.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == "Response time, phase steady")
        .expect("caption line")
        + 1;
    for (i, want) in expected.iter().enumerate() {
        assert_eq!(
            lines.get(start + i).copied(),
            Some(want.as_str()),
            "table line {i} in:\n{out}"
        );
    }
    assert_eq!(
        lines.get(start + expected.len()).copied(),
        Some(Status::LEGEND)
    );
}

#[test]
fn text_reads_without_colour() {
    let out = text::render(&sample_report(vec![fake_plot("spectrum-read")]));
    assert!(
        !out.contains('\x1b'),
        "plain text has escape sequences:\n{out}"
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], TITLE);
    assert_eq!(lines[1], "=".repeat(TITLE.chars().count()));
    assert_eq!(lines[3], "✗ REGRESSION: read p99 +22.4% (significant)");
    for w in WARNINGS {
        assert!(
            lines.contains(&format!("  ! {w}").as_str()),
            "warning {w:?} missing:\n{out}"
        );
    }
    assert!(
        lines.contains(&"  - Plot <spectrum-read>"),
        "plot not listed:\n{out}"
    );
    // Metadata is a table too: its longest value sets the column width.
    let profile = lines
        .iter()
        .find(|l| l.starts_with("profile"))
        .expect("metadata row");
    let w0 = "workload hash".len();
    let w1 = "embedded-3node".len().max("ci-1 (2 cores)".len());
    assert_eq!(
        *profile,
        format!(
            "{:<w0$}  {:<w1$}  embedded-5node",
            "profile", "embedded-3node"
        )
    );
}

#[test]
fn coloured_text_only_adds_escape_sequences() {
    assert!(text::colour_allowed(None));
    assert!(text::colour_allowed(Some("".into())));
    assert!(!text::colour_allowed(Some("1".into())));
    let report = sample_report(vec![]);
    let coloured = text::render_coloured(&report);
    let wanted = text::colour_allowed(std::env::var_os("NO_COLOR"));
    assert_eq!(
        coloured.contains("\x1b[1;31m+22.4% ✗\x1b[0m"),
        wanted,
        "{coloured}"
    );
    assert_eq!(strip_ansi(&coloured), text::render(&report));
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Removes Markdown backslash escapes.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits a Markdown table row on unescaped pipes and removes backslash escapes.
fn markdown_cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = row.trim().chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => cells.last_mut().unwrap().extend(chars.next()),
            '|' => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
    }
    let inner = &cells[1..cells.len() - 1];
    inner.iter().map(|c| c.trim().to_string()).collect()
}

#[test]
fn markdown_tables_escape_and_align() {
    let out = markdown::render(&sample_report(vec![fake_plot("spectrum-read")]), "plots");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        r"# ringbench compare: kv\|mixed \<3 \& 5 nodes\> \*fast\_path\*"
    );
    let verdict = lines
        .iter()
        .find(|l| l.starts_with("**✗"))
        .expect("verdict line");
    assert_eq!(
        unescape(verdict),
        "**✗ REGRESSION: read p99 +22.4% (significant)**"
    );
    let header = lines
        .iter()
        .position(|l| l.starts_with("| operation"))
        .expect("table header");
    assert_eq!(markdown_cells(lines[header]), HEADER.to_vec());
    assert_eq!(lines[header + 1], "| :-- | :-- | --: | --: | --: |");
    for (i, want) in expected_rows().iter().enumerate() {
        assert_eq!(&markdown_cells(lines[header + 2 + i]), want, "row {i}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("![") && l.ends_with("](plots/spectrum-read.png)")),
        "{out}"
    );
    assert!(
        out.contains("> - ! workload files differ: \\<a\\> \\& \"b\""),
        "{out}"
    );
    assert!(!out.contains("<b>"), "raw HTML passed through:\n{out}");
    let mut lists = sample_report(vec![]);
    lists.sections = vec![ringbench::report::Section::Paragraph(
        "- not a list\n12. not numbered\n+5% = fine".into(),
    )];
    let md = markdown::render(&lists, "");
    assert!(
        md.contains("\\- not a list  \n12\\. not numbered  \n\\+5% = fine\n"),
        "{md}"
    );
    let spaced = markdown::render(&sample_report(vec![fake_plot("p")]), "my plots/");
    assert!(spaced.contains("](<my plots/p.png>)"), "{spaced}");
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn html_is_one_escaped_self_contained_document() {
    let report = sample_report(vec![fake_plot("spectrum-read"), fake_plot("latency-read")]);
    let out = html::render(&report);
    check_balanced(&out, &["meta", "br", "!DOCTYPE"]);
    assert!(
        out.contains(&format!("<title>{}</title>", html_escape(TITLE))),
        "{out}"
    );
    assert!(
        !out.contains("<3 & 5 nodes>") && !out.contains("<b>not bold</b>"),
        "unescaped text"
    );
    for w in WARNINGS {
        assert!(
            out.contains(&format!("<li>{}</li>", html_escape(w))),
            "warning {w:?}"
        );
    }
    // Nothing is fetched: no script, stylesheet link, image source, CSS url or import.
    for banned in ["<script", "<link", " src=", "url(", "@import", "<img"] {
        assert!(!out.contains(banned), "{banned} in a self-contained report");
    }
    let without_svg_ns = out.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_svg_ns.contains("http://") && !without_svg_ns.contains("https://"));
    assert!(out.contains("prefers-color-scheme: dark"));
    let verdict = out
        .find("class=\"verdict status-regression\"")
        .expect("verdict banner");
    assert!(
        verdict < out.find("<table").unwrap(),
        "verdict not at the top"
    );
    for (_, _, _, _, change, status) in ROWS {
        let cell = format!(
            "<td class=\"{} num\">{}",
            status.css_class(),
            html_escape(change)
        );
        assert!(out.contains(&cell), "cell {cell:?} missing");
    }
    // Both plots inline, side by side in one group, in report order.
    let group = out.find("<div class=\"plots\">").expect("plot group");
    let a = out
        .find(&fake_plot("spectrum-read").svg)
        .expect("first svg inline");
    let b = out
        .find(&fake_plot("latency-read").svg)
        .expect("second svg inline");
    assert!(group < a && a < b && out[group..b].matches("<div class=\"plots\">").count() == 1);
}

#[test]
fn plots_are_written_as_png_files() {
    let dir = temp_dir("png");
    let report = sample_report(vec![fake_plot("spectrum-read"), fake_plot("nodes")]);
    let written = write_plots_png(&report, &dir.join("plots")).expect("write plots");
    assert_eq!(
        written,
        vec![
            dir.join("plots/spectrum-read.png"),
            dir.join("plots/nodes.png")
        ]
    );
    for path in &written {
        assert_eq!(std::fs::read(path).unwrap(), fake_plot("x").png);
    }
    let bad = sample_report(vec![fake_plot("../escape")]);
    match write_plots_png(&bad, &dir) {
        Err(ReportError::BadSlug { slug }) => assert_eq!(slug, "../escape"),
        other => panic!("expected BadSlug, got {other:?}"),
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sparse_reports_render_without_verdict_or_rows() {
    use ringbench::report::{Cell, Report, Section, Table};
    let ragged = Table {
        caption: None,
        header: vec!["node".into(), "p99".into(), "note".into()],
        rows: vec![
            vec![Cell::plain("127.0.0.1"), Cell::plain("3.5 ms")],
            vec![Cell::plain("127.0.0.22")],
        ],
    };
    let empty = Table {
        caption: None,
        header: vec![],
        rows: vec![],
    };
    let report = Report {
        title: "capacity".into(),
        verdict: None,
        sections: vec![
            Section::Table(ragged),
            Section::Table(empty),
            Section::Warnings(vec![]),
        ],
    };
    let out = text::render(&report);
    let lines: Vec<&str> = out.lines().collect();
    // Missing cells are empty: "node" is as wide as "127.0.0.22", p99 as "3.5 ms" and
    // right-aligned; the empty table prints nothing.
    assert_eq!(lines[3], format!("{:<10}  {:>6}  note", "node", "p99"));
    assert_eq!(lines[4], "----------  ------  ----");
    assert_eq!(lines[5], "127.0.0.1   3.5 ms");
    assert_eq!(lines[6], "127.0.0.22");
    assert_eq!(lines.len(), 7, "{out}");
    assert!(
        !out.contains("Warnings") && !out.contains(Status::LEGEND),
        "{out}"
    );
    let md = markdown::render(&report, "");
    assert!(md.contains("\n| 127.0.0.22 |  |  |\n"), "{md}");
    let page = html::render(&report);
    assert!(!page.contains("class=\"verdict") && !page.contains("class=\"warnings\""));
    assert_eq!(
        page.matches("<tr>").count(),
        3,
        "two body rows and one header row"
    );
    assert_eq!(
        page.matches("<table").count(),
        1,
        "the empty table is left out"
    );
}
