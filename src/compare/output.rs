//! Output formats of a comparison and where they go: printed (`ringbench compare` without
//! `--out`), or written as `report.<ext>` into a folder (`--out DIR`, and every matrix), with
//! the plots as `plots/<slug>.png` beside a Markdown report.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use super::document;
use super::error::CompareError;
use super::junit;
use super::load::LoadedRun;
use super::model::CompareOutput;
use crate::report::{html, markdown, text, write_plots_png};

/// Folder, relative to a Markdown report, its PNG plots are written to.
pub const PLOTS_DIR: &str = "plots";

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned tables for a terminal.
    Text,
    /// GitHub Markdown (with PNG plots when written to a folder).
    Md,
    /// One self-contained HTML file with inline SVG plots.
    Html,
    /// Every number, versioned (schemas/compare.schema.json).
    Json,
    /// JUnit XML: one test case per operation and metric.
    Junit,
}

impl Format {
    /// File extension of `report.<ext>`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Md => "md",
            Format::Html => "html",
            Format::Json => "json",
            Format::Junit => "xml",
        }
    }
}

/// The comparison in `format`, for standard output (text in colour on a terminal; Markdown
/// without plots, which need files).
pub fn render(
    format: Format,
    title: &str,
    output: &CompareOutput,
    runs: &[&LoadedRun],
) -> Result<String, CompareError> {
    Ok(match format {
        Format::Text => {
            let report = document::build(title, output, runs, false)?;
            if std::io::stdout().is_terminal() {
                text::render_coloured(&report)
            } else {
                text::render(&report)
            }
        }
        Format::Md => markdown::render(&document::build(title, output, runs, false)?, PLOTS_DIR),
        Format::Html => html::render(&document::build(title, output, runs, true)?),
        Format::Json => json(output)?,
        Format::Junit => junit::render(output),
    })
}

/// The JSON document (pretty, with a final newline).
pub fn json(output: &CompareOutput) -> Result<String, CompareError> {
    serde_json::to_string_pretty(output)
        .map(|s| s + "\n")
        .map_err(CompareError::Serialize)
}

/// Writes `<dir>/report.<ext>` (and `<dir>/plots/*.png` for Markdown); returns the report's
/// path.
pub fn write(
    dir: &Path,
    format: Format,
    title: &str,
    output: &CompareOutput,
    runs: &[&LoadedRun],
) -> Result<PathBuf, CompareError> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CompareError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_err(dir))?;
    let path = dir.join(format!("report.{}", format.extension()));
    let body = match format {
        Format::Text => text::render(&document::build(title, output, runs, false)?),
        Format::Md => {
            let report = document::build(title, output, runs, true)?;
            write_plots_png(&report, &dir.join(PLOTS_DIR)).map_err(|e| CompareError::Plot {
                what: "PNG files".into(),
                detail: e.to_string(),
            })?;
            markdown::render(&report, PLOTS_DIR)
        }
        other => render(other, title, output, runs)?,
    };
    std::fs::write(&path, body).map_err(write_err(&path))?;
    Ok(path)
}
