//! Versioned JSON files on disk (`run.json`, a capacity search's `search.json`): written
//! atomically (a temporary file renamed over the old one, so a reader never sees half a file)
//! and read with the `schema_version` checked first, so an incompatible file says so instead
//! of naming whatever field changed. Each caller wraps [`JsonFileError`] in its own error.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

/// What went wrong with a versioned JSON file (the caller adds which file it was meant to be).
#[derive(Debug)]
pub enum JsonFileError {
    Serialize(serde_json::Error),
    /// Writing (`action`: "write" or "rename into place") `path` failed.
    Write {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    Read(std::io::Error),
    Parse(serde_json::Error),
    /// `schema_version` is not the one this build reads.
    Version(u32),
}

/// Write `value` as pretty JSON to `path`: first to `<path>.tmp`, then renamed over `path`.
pub fn save<T: Serialize>(value: &T, path: &Path) -> Result<(), JsonFileError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let text = serde_json::to_string_pretty(value).map_err(JsonFileError::Serialize)?;
    std::fs::write(&tmp, text + "\n").map_err(|source| JsonFileError::Write {
        action: "write",
        path: tmp.clone(),
        source,
    })?;
    std::fs::rename(&tmp, path).map_err(|source| JsonFileError::Write {
        action: "rename into place",
        path: path.to_path_buf(),
        source,
    })
}

/// Read `path` as a `T` whose `schema_version` must be `supported`.
pub fn load<T: DeserializeOwned>(path: &Path, supported: u32) -> Result<T, JsonFileError> {
    let text = std::fs::read_to_string(path).map_err(JsonFileError::Read)?;
    #[derive(serde::Deserialize)]
    struct Version {
        schema_version: u32,
    }
    let version: Version = serde_json::from_str(&text).map_err(JsonFileError::Parse)?;
    if version.schema_version != supported {
        return Err(JsonFileError::Version(version.schema_version));
    }
    serde_json::from_str(&text).map_err(JsonFileError::Parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Doc {
        schema_version: u32,
        name: String,
    }

    #[test]
    fn saves_atomically_and_checks_the_version_before_the_fields() {
        let dir = std::env::temp_dir().join(format!("ringbench-json-file-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("doc.json");
        let doc = Doc {
            schema_version: 2,
            name: "a".into(),
        };
        assert!(save(&doc, &path).is_ok());
        assert!(
            !dir.join("doc.json.tmp").exists(),
            "the temporary file is renamed away"
        );
        assert!(matches!(load::<Doc>(&path, 2), Ok(d) if d == doc));
        assert!(matches!(
            load::<Doc>(&path, 3),
            Err(JsonFileError::Version(2))
        ));
        // A newer layout whose fields differ still reports its version, not a missing field.
        let _ = std::fs::write(&path, r#"{"schema_version": 9, "renamed": 1}"#);
        assert!(matches!(
            load::<Doc>(&path, 2),
            Err(JsonFileError::Version(9))
        ));
        let _ = std::fs::write(&path, "not json");
        assert!(matches!(
            load::<Doc>(&path, 2),
            Err(JsonFileError::Parse(_))
        ));
        assert!(matches!(
            load::<Doc>(&dir.join("missing.json"), 2),
            Err(JsonFileError::Read(_))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
