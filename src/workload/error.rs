//! The workload subsystem's error: every message says what is wrong, where
//! (`file:line:col`), and what to do.

use std::path::PathBuf;

use thiserror::Error;

use super::yaml::Pos;

/// Why a workload could not be found, read, parsed or validated.
#[derive(Debug, Error)]
pub enum WorkloadError {
    /// The file exists (or looks like a path) but cannot be read. The I/O error is part of
    /// the message, not a `source`, so it is printed once.
    #[error(
        "cannot read workload file {}: {error}; check the path, or run `ringbench list` to see \
         the shipped workloads",
        path.display()
    )]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(
        "'{name}' is neither a workload file nor a shipped workload; give the path of a \
         workload YAML file, or one of the shipped workloads: {shipped}"
    )]
    NotFound { name: String, shipped: String },
    /// Bad YAML, a wrong field, or a value that does not make sense.
    #[error("{file}:{pos}: {message}; {hint}")]
    Invalid {
        file: String,
        pos: Pos,
        message: String,
        hint: String,
    },
}

/// A problem found while checking a workload, before the file name is attached.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub pos: Pos,
    pub message: String,
    pub hint: String,
}

/// The result of one check.
pub type Checked<T> = Result<T, Problem>;

impl Problem {
    pub fn new(pos: Pos, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Problem {
            pos,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// Attach the file name.
    pub fn in_file(self, file: &str) -> WorkloadError {
        WorkloadError::Invalid {
            file: file.to_string(),
            pos: self.pos,
            message: self.message,
            hint: self.hint,
        }
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `; did you mean 'x'?` or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    suggest(word, candidates).map_or_else(String::new, |s| format!(" (did you mean '{s}'?)"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_only() {
        let names = ["uniform", "zipf", "normal", "sequence"];
        assert_eq!(suggest("zipff", names), Some("zipf"));
        assert_eq!(suggest("unifrom", names), Some("uniform"));
        assert_eq!(suggest("banana", names), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
