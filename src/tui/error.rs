//! The dashboard's one error type: the terminal could not be set up, drawn on or read, or the
//! dashboard's thread could not run. Measurements never depend on it: a run whose dashboard
//! fails still writes its results.

/// What went wrong with the dashboard.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// A terminal operation failed (not a terminal, closed, ...).
    #[error(
        "the dashboard cannot use the terminal (without one, use `run --no-tui` for the \
         progress line or `show` without --tui for the summary): {action} failed"
    )]
    Terminal {
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// The dashboard's own thread did not start.
    #[error("the dashboard's thread could not start: {0}")]
    Thread(#[source] std::io::Error),
    /// The dashboard's thread panicked; the panic hook restored the terminal.
    #[error("the dashboard stopped on an internal error (see the message above); the terminal was restored")]
    Panicked,
}

impl TuiError {
    /// Wraps an I/O error of the terminal operation `action`.
    pub fn terminal(action: &'static str) -> impl FnOnce(std::io::Error) -> TuiError {
        move |source| TuiError::Terminal { action, source }
    }
}
