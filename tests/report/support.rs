//! Fixtures shared by tests/report.rs and tests/report_html.rs: a hand-built report with
//! awkward text, PNG decoding, SVG text extraction and a tag-balance check, temp folders.

#![allow(dead_code)]

use std::path::PathBuf;

use ringbench::report::{Cell, Plot, Report, Section, Status, Table, Verdict};

/// A title that must be escaped in every format.
pub const TITLE: &str = "ringbench compare: kv|mixed <3 & 5 nodes> *fast_path*";

/// The comparison table: (operation, metric, base, run, change, change status).
pub const ROWS: [(&str, &str, &str, &str, &str, Status); 4] = [
    (
        "read",
        "p99",
        "4.10 ms",
        "5.02 ms",
        "+22.4%",
        Status::Regression,
    ),
    ("read", "p50", "1.00 ms", "0.95 ms", "-5.0%", Status::Pass),
    (
        "write|all",
        "throughput",
        "2000 ops/s",
        "1950 ops/s",
        "-2.5%",
        Status::Warning,
    ),
    (
        "lwt_<cas>",
        "p99.9",
        "12.00 ms",
        "9.10 ms",
        "-24.2%",
        Status::Improvement,
    ),
];

pub const HEADER: [&str; 5] = ["operation", "metric", "base", "run B", "change"];

pub const WARNINGS: [&str; 2] = [
    "run B missed its target rate (1950 < 2000 ops/s)",
    "workload files differ: <a> & \"b\"",
];

pub fn comparison_table() -> Table {
    Table {
        caption: Some("Response time, phase steady".into()),
        header: HEADER.iter().map(|h| h.to_string()).collect(),
        rows: ROWS
            .iter()
            .map(|(op, metric, base, run, change, status)| {
                vec![
                    Cell::plain(*op),
                    Cell::plain(*metric),
                    Cell::plain(*base),
                    Cell::plain(*run),
                    Cell::with(*change, *status),
                ]
            })
            .collect(),
    }
}

pub fn metadata_table() -> Table {
    Table {
        caption: None,
        header: vec!["".into(), "base".into(), "run B".into()],
        rows: vec![
            vec![
                Cell::plain("profile"),
                Cell::plain("embedded-3node"),
                Cell::plain("embedded-5node"),
            ],
            vec![
                Cell::plain("workload hash"),
                Cell::plain("9f2c…"),
                Cell::plain("9f2c…"),
            ],
            vec![
                Cell::plain("host"),
                Cell::plain("ci-1 (2 cores)"),
                Cell::plain("ci-1 (2 cores)"),
            ],
        ],
    }
}

/// The whole report: verdict, heading, paragraph, table, plots, metadata, warnings.
pub fn sample_report(plots: Vec<Plot>) -> Report {
    let mut sections = vec![
        Section::Heading("Results & <verdicts>".into()),
        Section::Paragraph(
            "Block bootstrap over 1 s intervals; see [method] <b>not bold</b>.".into(),
        ),
        Section::Table(comparison_table()),
    ];
    sections.extend(plots.into_iter().map(Section::Plot));
    sections.push(Section::Metadata(metadata_table()));
    sections.push(Section::Warnings(
        WARNINGS.iter().map(|w| w.to_string()).collect(),
    ));
    Report {
        title: TITLE.into(),
        verdict: Some(Verdict {
            status: Status::Regression,
            headline: "REGRESSION: read p99 +22.4% (significant)".into(),
        }),
        sections,
    }
}

/// A plot stand-in for renderer tests (no drawing).
pub fn fake_plot(slug: &str) -> Plot {
    Plot {
        title: format!("Plot <{slug}>"),
        slug: slug.into(),
        svg: format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text x=\"1\" y=\"5\">{slug}</text></svg>"),
        png: vec![0x89, b'P', b'N', b'G', 1, 2, 3],
    }
}

/// A decoded PNG as RGB pixels.
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<[u8; 3]>,
}

pub fn decode_png(bytes: &[u8]) -> Image {
    assert!(
        bytes.starts_with(&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n']),
        "not a PNG: starts with {:?}",
        &bytes[..bytes.len().min(8)]
    );
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("PNG size")];
    let info = reader.next_frame(&mut buf).expect("PNG frame");
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| match channels {
            1 | 2 => [p[0], p[0], p[0]],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    Image {
        width: info.width,
        height: info.height,
        pixels,
    }
}

impl Image {
    pub fn distinct_colours(&self) -> usize {
        let mut seen: Vec<[u8; 3]> = self.pixels.clone();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    /// Pixels whose colour is within `tolerance` (per channel) of `rgb`.
    pub fn count_near(&self, rgb: [u8; 3], tolerance: u8) -> usize {
        self.pixels
            .iter()
            .filter(|p| (0..3).all(|i| p[i].abs_diff(rgb[i]) <= tolerance))
            .count()
    }
}

/// Every `<text ...>content</text>` of an SVG as (x, content), content trimmed and unescaped.
pub fn svg_texts(svg: &str) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let tail = &rest[start..];
        let Some(open_end) = tail.find('>') else {
            break;
        };
        let Some(close) = tail.find("</text>") else {
            break;
        };
        let attrs = &tail[..open_end];
        let x = attr(attrs, "x")
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN);
        let content = tail[open_end + 1..close]
            .trim()
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        out.push((x, content));
        rest = &tail[close + 7..];
    }
    out
}

fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = attrs.find(&key)? + key.len();
    let len = attrs[start..].find('"')?;
    Some(&attrs[start..start + len])
}

/// Checks that every opened tag is closed in order (XML-ish well-formedness), elements named
/// in `void` (HTML's `meta`, `br`) excepted; returns the number of elements.
pub fn check_balanced(markup: &str, void: &[&str]) -> usize {
    let mut stack: Vec<String> = Vec::new();
    let mut elements = 0;
    let mut rest = markup;
    while let Some(lt) = rest.find('<') {
        let tail = &rest[lt..];
        let gt = tail
            .find('>')
            .unwrap_or_else(|| panic!("unclosed '<' at {:?}", &tail[..tail.len().min(40)]));
        let tag = &tail[1..gt];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name.trim(), "</{name}> closes <{open}>");
        } else if !tag.starts_with('!') && !tag.starts_with('?') {
            elements += 1;
            let name: String = tag
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect();
            if !tag.ends_with('/') && !void.contains(&name.as_str()) {
                stack.push(name);
            }
        }
        rest = &tail[gt + 1..];
    }
    assert!(stack.is_empty(), "never closed: {stack:?}");
    elements
}

/// A fresh, empty temporary folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ringbench-report-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary folder");
    dir
}
