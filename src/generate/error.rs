//! Errors from building generators: a parameter out of range, or bindings that depend on
//! each other in a circle. The workload compiler adds the file position.

use thiserror::Error;

/// Why a generator or a set of bindings could not be built.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum GenerateError {
    /// A parameter has a value the generator cannot use.
    #[error("{generator}: {message}")]
    BadParameter {
        generator: &'static str,
        message: String,
    },
    /// Derived values refer to each other in a circle (`a -> b -> a`).
    #[error("bindings refer to each other in a circle: {}", path.join(" -> "))]
    Cycle { path: Vec<String> },
}

impl GenerateError {
    /// Shorthand for [`GenerateError::BadParameter`].
    pub fn bad(generator: &'static str, message: impl Into<String>) -> Self {
        GenerateError::BadParameter {
            generator,
            message: message.into(),
        }
    }
}
