//! What can go wrong while writing or reading results, with the path involved and what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    #[error("cannot {action} {path}: {source}. Check that the folder exists and is writable (choose another with --out)")]
    Write {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path} is not valid ringbench result JSON: {source} (line {line}, column {column})", line = source.line(), column = source.column())]
    Parse {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },

    #[error("{path} has run.json schema version {found}; this ringbench ({tool}) reads version {supported}. Use a ringbench version that matches the run")]
    Version {
        path: PathBuf,
        found: u32,
        supported: u32,
        tool: &'static str,
    },

    #[error("no saved run '{run}': looked for {tried}. Give a run directory, its run.json, or a run id under --out (list them with `ls {out}`)")]
    NotFound {
        run: String,
        tried: String,
        out: String,
    },

    #[error("histogram {what}: {detail}")]
    Histogram { what: String, detail: String },

    #[error("cannot serialize the run result: {0}")]
    Serialize(#[source] serde_json::Error),
}

impl ResultsError {
    /// What went wrong with the run.json at `path`.
    pub(super) fn from_json_file(
        e: super::json_file::JsonFileError,
        path: &std::path::Path,
    ) -> Self {
        use super::json_file::JsonFileError as E;
        let path = path.to_path_buf();
        match e {
            E::Serialize(source) => ResultsError::Serialize(source),
            E::Write {
                action,
                path,
                source,
            } => ResultsError::Write {
                action,
                path,
                source,
            },
            E::Read(source) => ResultsError::Read { path, source },
            E::Parse(source) => ResultsError::Parse { path, source },
            E::Version(found) => ResultsError::Version {
                path,
                found,
                supported: super::model::SCHEMA_VERSION,
                tool: env!("CARGO_PKG_VERSION"),
            },
        }
    }
}
