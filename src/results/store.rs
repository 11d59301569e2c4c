//! run.json on disk: saving atomically (temp file + rename, so a reader never sees half a file),
//! loading with a schema-version check, and finding a run from what a user typed.

use std::path::{Path, PathBuf};

use super::error::ResultsError;
use super::json_file;
use super::model::{RunResult, SCHEMA_VERSION};

/// File name of the result inside a run directory.
pub const RUN_FILE: &str = "run.json";

impl RunResult {
    /// Writes `<run_dir>/run.json`: first to `run.json.tmp`, then renamed over the old file.
    pub fn save(&self, run_dir: &Path) -> Result<PathBuf, ResultsError> {
        let path = run_dir.join(RUN_FILE);
        json_file::save(self, &path).map_err(|e| ResultsError::from_json_file(e, &path))?;
        Ok(path)
    }

    /// Reads a run.json (or the run.json of a run directory).
    pub fn load(path: &Path) -> Result<RunResult, ResultsError> {
        let path = if path.is_dir() {
            path.join(RUN_FILE)
        } else {
            path.to_path_buf()
        };
        json_file::load(&path, SCHEMA_VERSION).map_err(|e| ResultsError::from_json_file(e, &path))
    }
}

/// The run.json a user means by `run`: a run directory, a run.json path, or a run id (or the
/// unique run id starting with it) under `out`.
pub fn locate(run: &str, out: &Path) -> Result<PathBuf, ResultsError> {
    let given = Path::new(run);
    let mut tried = Vec::new();
    let candidates = [given.to_path_buf(), out.join(run)];
    for candidate in candidates {
        let file = if candidate.is_dir() {
            candidate.join(RUN_FILE)
        } else {
            candidate.clone()
        };
        if file.is_file() {
            return Ok(file);
        }
        tried.push(file.display().to_string());
    }
    // A prefix of a run id, e.g. the timestamp alone.
    let matches: Vec<PathBuf> = std::fs::read_dir(out)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(run))
        .map(|entry| entry.path().join(RUN_FILE))
        .filter(|file| file.is_file())
        .collect();
    if let [only] = matches.as_slice() {
        return Ok(only.clone());
    }
    if matches.len() > 1 {
        tried.push(format!(
            "{} runs under {} starting with '{run}' (give more of the id)",
            matches.len(),
            out.display()
        ));
    }
    Err(ResultsError::NotFound {
        run: run.to_string(),
        tried: tried.join(", "),
        out: out.display().to_string(),
    })
}
