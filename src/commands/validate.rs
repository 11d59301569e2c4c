//! `ringbench validate` (being built).
use crate::cli::ValidateArgs;

/// Carry out `ringbench validate`.
pub fn run(args: &ValidateArgs) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("`ringbench validate` is not available yet")
}
