//! Where a search's report goes: always the terminal summary (text), and
//! `<search dir>/report.<ext>` in the `--format` asked for, with the curve as
//! `plots/capacity-curve.png` beside a Markdown report (HTML inlines it as SVG).

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use super::error::CapacityError;
use super::record::SearchRecord;
use super::report::build;
use crate::report::{html, markdown, text, write_plots_png};

/// Folder, relative to a Markdown report, its PNG plot is written to.
pub const PLOTS_DIR: &str = "plots";

/// `--format` of the report file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    /// Aligned tables (what the terminal shows).
    #[default]
    Text,
    /// GitHub Markdown, with the curve as a PNG beside it.
    Md,
    /// One self-contained HTML file with the curve inline.
    Html,
}

impl ReportFormat {
    /// File extension of `report.<ext>`.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Text => "txt",
            ReportFormat::Md => "md",
            ReportFormat::Html => "html",
        }
    }
}

/// The terminal summary: the text report, in colour on a terminal.
pub fn summary(record: &SearchRecord) -> Result<String, CapacityError> {
    let report = build(record, false)?;
    Ok(if std::io::stdout().is_terminal() {
        text::render_coloured(&report)
    } else {
        text::render(&report)
    })
}

/// Writes `<dir>/report.<ext>` (and the PNG plot for Markdown); returns its path.
pub fn write(
    dir: &Path,
    format: ReportFormat,
    record: &SearchRecord,
) -> Result<PathBuf, CapacityError> {
    let path = dir.join(format!("report.{}", format.extension()));
    let body = match format {
        ReportFormat::Text => text::render(&build(record, false)?),
        ReportFormat::Md => {
            let report = build(record, true)?;
            write_plots_png(&report, &dir.join(PLOTS_DIR))?;
            markdown::render(&report, PLOTS_DIR)
        }
        ReportFormat::Html => html::render(&build(record, true)?),
    };
    std::fs::write(&path, body).map_err(|source| CapacityError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}
