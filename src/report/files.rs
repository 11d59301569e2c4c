//! Writing a report's plots as files: `<slug>.png` for each plot, beside a Markdown report
//! that links them (see [`super::markdown::render`]).

use std::path::{Path, PathBuf};

use super::{Report, ReportError, Section};

/// Writes `<dir>/<slug>.png` for every plot of `report` (creating `dir`), and returns the
/// paths written, in report order.
pub fn write_plots_png(report: &Report, dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    let plots: Vec<_> = report
        .sections
        .iter()
        .filter_map(|section| match section {
            Section::Plot(plot) => Some(plot),
            _ => None,
        })
        .collect();
    if plots.is_empty() {
        return Ok(Vec::new());
    }
    std::fs::create_dir_all(dir).map_err(|source| ReportError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::with_capacity(plots.len());
    for plot in plots {
        if !is_plain_file_stem(&plot.slug) {
            return Err(ReportError::BadSlug {
                slug: plot.slug.clone(),
            });
        }
        let path = dir.join(format!("{}.png", plot.slug));
        std::fs::write(&path, &plot.png).map_err(|source| ReportError::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

/// A slug usable as a file name on every platform and in a Markdown link without escaping.
pub(crate) fn is_plain_file_stem(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('.')
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
