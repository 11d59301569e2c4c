//! The report subsystem's error: drawing a plot or writing a report's files failed.
//!
//! Rendering to text never fails; only plotting (a backend or encoder error) and the file
//! system can, and each variant names the plot or the path and what to check.

use std::path::PathBuf;

use super::plot::PlotError;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Plot(#[from] PlotError),

    #[error("cannot create the plots directory {}: {source} (check that the path is writable)", path.display())]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot write {}: {source} (check that the directory is writable and the disk not full)", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("plot slug {slug:?} is not a plain file name (letters, digits, '-', '_', '.'); fix the code that built the report")]
    BadSlug { slug: String },
}
